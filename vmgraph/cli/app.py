"""The vmgraph command line: parse, call the core, print, map errors to exit codes.

Exit codes: 0 success, 1 a negative answer (no route; rules check found
problems), 2 a usage error (unknown product, bad option value, invalid rule
pack, a path that cannot be read or written), 141 when stdout is closed early
(as Unix filters do on SIGPIPE), 130 when interrupted (Ctrl-C). Every error is one line
on stderr. Heavy modules (networkx, matplotlib) are imported inside the
commands that use them, so `vmgraph --help` stays fast.
"""

import errno
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from ..errors import InvalidArgument, RuleError, VmgraphError, shown

EXIT_OK, EXIT_NEGATIVE, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a Unix filter whose reader went away

# typer vendors click in recent releases; find its ClickException without a private import.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _BrokenPipe(Exception):
    """stdout was closed by the reader (`vmgraph route ... | head -1`)."""


class _OneLineErrors(TyperGroup):
    """Usage errors as one line ('vmgraph: error: ...') instead of click's usage block."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        try:
            result = super().main(args=args, prog_name=prog_name or "vmgraph", complete_var=complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else EXIT_OK
        except _ClickException as error:  # type: ignore[misc]
            if type(error).__name__ == "NoArgsIsHelpError":  # a bare `vmgraph`: help, not an error
                typer.echo(error.format_message())
                code = EXIT_OK
            else:
                _error_line(error.format_message())
                code = EXIT_USAGE if error.exit_code == 2 else error.exit_code
        except typer.Abort:
            typer.echo("vmgraph: aborted", err=True)
            code = EXIT_NEGATIVE
        except _BrokenPipe:
            _silence_stdout()
            code = EXIT_BROKEN_PIPE
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except OSError as error:  # click would turn a broken pipe into exit 1: "no route"
            if getattr(error, "errno", None) == errno.EPIPE:
                raise _BrokenPipe() from None
            raise


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests capture it)
        pass


def _error_line(message: str) -> None:
    """One line on stderr, whatever the message holds: control characters escaped, length bounded."""
    try:
        typer.echo(f"vmgraph: error: {shown(message, 1000)}", err=True)
    except OSError:  # stderr closed too: the exit code still says it
        pass


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"vmgraph {__version__}")
        raise typer.Exit(EXIT_OK)


HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}


app = typer.Typer(
    cls=_OneLineErrors,
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    context_settings=HELP_OPTIONS,
    help="Plan VM moves between VMware products: by the Virtual Machine Mobility Planning Guide (2005), and by hardware version for today's products.",
    epilog='Example: vmgraph route "GSX Server 1" "Workstation 5"',
)
rules_app = typer.Typer(cls=_OneLineErrors, rich_markup_mode=None, add_completion=False, no_args_is_help=True, context_settings=HELP_OPTIONS, help="Check rule packs.")
app.add_typer(rules_app, name="rules")


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", help="Print vmgraph's version and exit.", is_eager=True, callback=_print_version)] = False,
) -> None:
    pass


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class RouteFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    mermaid = "mermaid"
    dot = "dot"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class DiskMode(str, Enum):
    persistent = "persistent"
    nonpersistent = "nonpersistent"
    undoable = "undoable"
    append = "append"


RulesOption = Annotated[
    Optional[list[Path]],
    typer.Option("--rules", help="A rule file or folder loaded on top of the shipped pack (repeatable).", metavar="PATH"),
]
NoDefaultOption = Annotated[bool, typer.Option("--no-default-rules", help="Use only the --rules packs, not the shipped one.")]
ALL_PRODUCTS = "all"
PRODUCTS_HELP = "Only these products, comma-separated; all: every product (the guide's and today's)."


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    _error_line(message)
    return typer.Exit(code)


def _load(rules: list[Path] | None, no_default: bool):
    """The rule pack, or one line on what is wrong with it (and the command that lists it all)."""
    from ..errors import RuleFileError
    from ..pack.sources import NoRuleFiles, load_rules

    try:
        return load_rules(rules or [], include_default=not no_default)
    except NoRuleFiles:
        raise _fail("--no-default-rules needs at least one --rules PATH") from None
    except RuleFileError as error:
        raise _fail(_first_of(error)) from None
    except RuleError as error:
        import shlex

        command = " ".join(["vmgraph rules check"] + (["--no-default-rules"] if no_default else []) + [shlex.quote(str(p)) for p in rules or []])
        raise _fail(f"invalid rule pack ({_count(error)}); the first: {error.problems[0]}; to list them all: {command}") from None


def _count(error: RuleError) -> str:
    count = len(error.problems)
    return f"{count} problem" if count == 1 else f"{count} problems"


def _first_of(error: RuleError) -> str:
    more = len(error.problems) - 1
    return str(error.problems[0]) + (f" (and {more} more)" if more else "")


# How the library names what the CLI calls an option (errors are reworded with the option).
_OPTIONS = {
    "vm.hardware": "--hardware",
    "vm.created_under": "--created-under",
    "vmx": "--vmx",
    "vm.disk_mode": "--disk-mode",
    "vm.smp": "--smp",
    "vm.sixty_four_bit": "--64bit",
    "constraints.max_moves": "--max-moves",
    "constraints.avoid": "--avoid",
    "constraints.via": "--via",
    "via": "--via",
    "alternatives": "--alternatives",
}


def _reworded(error: VmgraphError) -> str:
    """A library error in the CLI's words: `--hardware 7: ...`, not `vm.hardware=7: ...`."""
    if isinstance(error, InvalidArgument) and error.argument in ("source", "target"):
        return error.problem  # the arguments themselves: the problem names them
    if isinstance(error, InvalidArgument) and error.argument in _OPTIONS:
        option = _OPTIONS[error.argument]
        if isinstance(error.value, bool):  # a flag: --smp
            return f"{option}: {error.problem}"
        return f"{option} {shown(error.value)}: {error.problem}"
    return str(error)


def _drawing_path(path: Path, option: str = "") -> Path:
    """Check where a drawing goes before any work: a bad path is a usage error, not a late failure."""
    from ..render.drawing import FORMATS

    shown_path = f"{option}{path}"
    if path.suffix.lower().lstrip(".") not in FORMATS:
        raise _fail(f"{shown_path}: unknown format '{path.suffix or '(none)'}' (expected .png, .svg or .pdf)")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _fail(f"{shown_path}: no such folder '{folder}'")
    if path.is_dir():
        raise _fail(f"{shown_path}: is a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _fail(f"{shown_path}: cannot write in '{folder}'")
    return path


def _work_begins() -> None:
    """A command's imports are done (see launch.py): long work collects its garbage."""
    from .launch import work_begins

    work_begins()


def _print(text: str) -> None:
    typer.echo(text, nl=False)


@app.command(short_help='The best route for a VM from SOURCE to TARGET, step by step.')
def route(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Where the VM is now (a product name or alias); with --vmx, leave it out and give --from.", show_default=False)],
    target: Annotated[Optional[str], typer.Argument(metavar="TARGET", help="Where it must run.", show_default=False)] = None,
    vmx: Annotated[Optional[Path], typer.Option("--vmx", help="Read the VM from its .vmx (or its folder): its hardware, guest, snapshots, suspended state and disk modes, as if given as flags; then check its vCPUs, memory, firmware, NIC and controller models against what the hardware the route brings it to can hold.", metavar="PATH")] = None,
    from_product: Annotated[Optional[str], typer.Option("--from", help="With --vmx: the product the VM is on (without it, vmgraph infers it from the .vmx's hardware version and how its NICs name their network, and says so).", metavar="PRODUCT")] = None,
    hardware: Annotated[Optional[str], typer.Option(help="The VM's virtual hardware, when not SOURCE's own: a generation in the guide's terms (gen2-gen5; a bare 2-5 reads so too) or a hardware version (vmx-19, vmx-04; a bare 6-22 reads so too).", metavar="HW")] = None,
    created_under: Annotated[Optional[str], typer.Option("--created-under", help="The product the VM was created under (or last upgraded by), when not SOURCE: it decides which of the guide's rows apply.", metavar="PRODUCT")] = None,
    reversible: Annotated[bool, typer.Option("--reversible", help="No one-way step: the VM can still go back.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="No conditional step (one that depends on the guest OS).")] = False,
    max_moves: Annotated[Optional[int], typer.Option(help="At most N moves between products (an in-place upgrade is not a move).", metavar="N")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option(help="Leave out steps with this tag: copy, export, import, legacy, convert, one-way, conditional (repeatable).", metavar="TAG")] = None,
    via: Annotated[Optional[list[str]], typer.Option(help="Pass through this product (repeatable: in the order given).", metavar="PRODUCT")] = None,
    stated_only: Annotated[bool, typer.Option("--stated-only", help="No step that rests on an inference of vmgraph's: only what the guide states.")] = False,
    alternatives: Annotated[int, typer.Option(help="Also show the K next-best distinct routes.", metavar="K")] = 0,
    smp: Annotated[bool, typer.Option("--smp", help="The guest is an SMP guest (multiprocessor kernel or HAL).")] = False,
    sixty_four_bit: Annotated[bool, typer.Option("--64bit", help="The guest is a 64-bit operating system.")] = False,
    three_d: Annotated[bool, typer.Option("--3d", help="The VM uses Workstation 5's 3-D capabilities.")] = False,
    snapshot: Annotated[bool, typer.Option("--snapshot", help="The VM has a snapshot.")] = False,
    suspended: Annotated[bool, typer.Option("--suspended", help="The VM is suspended.")] = False,
    disk_mode: Annotated[DiskMode, typer.Option(help="The mode of the VM's disks.")] = DiskMode.persistent,
    weight: Annotated[Optional[list[str]], typer.Option(help="Cost of a tag, e.g. one-way=20 (repeatable).", metavar="TAG=X")] = None,
    output_format: Annotated[RouteFormat, typer.Option("--format", help="Output format: a runbook (text), a checklist (markdown), JSON, or a diagram of the route for a ticket or wiki (mermaid, dot).")] = RouteFormat.text,
    draw: Annotated[Optional[Path], typer.Option(help="Also draw the route (.png, .svg or .pdf); a refused route is drawn with the guide's reason.", metavar="PATH")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> int:
    """Find the best route for a VM from SOURCE to TARGET, step by step.

    Exit 0 when a route is found, 1 when there is none (the output says why and
    what would make one), 2 on a usage error. With --vmx, a route whose hardware
    cannot hold the VM as its files describe it (more vCPUs or memory than the
    version allows, UEFI before vmx-08, a NIC or controller model it lacks) is
    no route as is: exit 1, with the fix and the route once the VM is changed.

    Examples:

      vmgraph route "GSX Server 1" "Workstation 5"

      vmgraph route ws4 esx2-smp --strict --format json

      vmgraph route ws5.0 gsx3 --hardware 4 --snapshot --alternatives 2

      vmgraph route esx2 ws4 --created-under ws3

      vmgraph route gsx1 ws5 --format dot | dot -Tsvg > route.svg

      vmgraph route --vmx examples/vms/ws4-undoable esx2 --from ws4
    """
    source, target = _route_ends(source, target, vmx, from_product)
    if draw is not None:
        _drawing_path(draw, "--draw ")
    weights = _parse_weights(weight or [])
    from ..pack.names import canonical
    from ..planning.planner import plan
    from ..planning.records import VM, Constraints
    _work_begins()

    pack = _load(rules, no_default_rules)
    limits = None
    try:
        given = vm = VM(hardware, smp, sixty_four_bit, three_d, snapshot, suspended, disk_mode.value, created_under)
        read: tuple[str, ...] = ()
        if vmx is not None:
            from ..vm.facts import read_vm
            from ..planning.vm_questions import vm_from_facts

            facts = read_vm(vmx)
            vm, read = vm_from_facts(facts, vm)
            if source is None:
                from ..planning.vm_questions import source_from_files

                source, assumed = source_from_files(facts, pack)
                read += (assumed,)
        constraints = Constraints(reversible, strict, max_moves, frozenset(avoid or []), tuple(via or ()), stated_only)
        result = plan(source, target, vm=vm, constraints=constraints, alternatives=alternatives, weights=weights, pack=pack)
        result = result._replace(warnings=read + result.warnings)
        target_name = canonical(pack, target)
        if vmx is not None and result.found:
            from ..planning.vm_questions import check_route

            limits = check_route(result, facts, given, pack, str(vmx))
    except VmgraphError as error:
        if vmx is not None and hardware is None and isinstance(error, InvalidArgument) and error.argument == "vm.hardware":
            raise _fail(f"--vmx {shown(str(vmx), 200)}: {error.problem}") from None  # the hardware came from the files
        raise _fail(_reworded(error)) from None
    from ..render import routes

    if output_format in (RouteFormat.mermaid, RouteFormat.dot):
        from ..render import exports
        from ..planning.state_graph import StateGraph

        diagram = exports.route_to_mermaid if output_format is RouteFormat.mermaid else exports.route_to_dot
        _print(diagram(result, StateGraph(pack), target_name))
    else:
        render = {RouteFormat.text: routes.to_text, RouteFormat.json: routes.to_json, RouteFormat.markdown: routes.to_markdown}[output_format]
        _print(render(result, target_name, _pack_options(rules, no_default_rules), limits=limits))
    if draw is not None:
        _draw(draw, pack, result, target_name)
    runs_as_is = limits is None or not limits.refused  # a VM its route's hardware cannot hold: no route as is
    raise typer.Exit(EXIT_OK if result.found and runs_as_is else EXIT_NEGATIVE)


def _route_ends(first: str, second: str | None, vmx: Path | None, from_product: str | None) -> tuple[str | None, str]:
    """SOURCE and TARGET; with --vmx the one argument is TARGET and --from is SOURCE (None:
    the VM's files are asked which product it is on)."""
    if vmx is None:
        if from_product is not None:
            raise _fail("--from goes with --vmx (without it, SOURCE names the product the VM is on)")
        if second is None:
            raise _fail("Missing argument 'TARGET'.")
        return first, second
    if second is not None:
        raise _fail("with --vmx give only TARGET, and the product the VM is on with --from")
    return from_product, first  # no --from: the VM's files are asked (vm_route.source_from_files)


def _pack_options(rules: list[Path] | None, no_default: bool) -> list[str]:
    """The options that load the same rule packs again, for the commands vmgraph suggests."""
    options = [word for path in rules or [] for word in ("--rules", str(path))]
    return options + (["--no-default-rules"] if no_default else [])


def _parse_weights(items: list[str]) -> dict[str, float]:
    """TAG=X, checked as typed: the error echoes the item, not the float it became."""
    from ..pack.weights import weight_tag, weight_value

    weights: dict[str, float] = {}
    for item in items:
        tag, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise _fail(f"--weight {shown(item)}: expected TAG=NUMBER, e.g. one-way=20")
        try:
            key = weight_tag(tag)
            if key in weights:
                raise _fail(f"--weight {shown(item)}: '{key}' is weighted twice")
            weights[key] = weight_value(key, number)
        except InvalidArgument as error:
            raise _fail(f"--weight {shown(item)}: {error.problem}") from None
    return weights


@app.command(short_help='Every product, its generation and the names it answers to.')
def products(
    output_format: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.text,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """List every product with its generation, family and the names it answers to.

    Example: vmgraph products --format json
    """
    from ..render import tables

    pack = _load(rules, no_default_rules)
    _print(tables.products_json(pack) if output_format is ListFormat.json else tables.products_text(pack))


@app.command(short_help="Created under (rows) x moved to, for any products.")
def matrix(
    products: Annotated[Optional[str], typer.Option("--products", help=PRODUCTS_HELP, metavar="P,...")] = None,
    generations: Annotated[bool, typer.Option("--generations", help="The guide's 4x4 cross-generation summary instead.")] = False,
    multi_hop: Annotated[bool, typer.Option("--multi-hop", help="Fill each cell the guide refuses as a direct move with the best route through other products, where there is one.")] = False,
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    draw: Annotated[Optional[Path], typer.Option(help="Also draw the table as a coloured grid to print and pin up (.png, .svg or .pdf).", metavar="PATH")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """The guide's tables, recomputed from the graph: created under (rows) x moved to (columns).

    Examples:

      vmgraph matrix --products ws3,gsx2,esx1.5 --format markdown

      vmgraph matrix --products gsx1,ws3,ws5 --multi-hop

      vmgraph matrix --generations

      vmgraph matrix --draw matrix.png
    """
    if generations and (products is not None or multi_hop):
        raise _fail("--generations summarises every product by generation: it takes neither --products nor --multi-hop")
    from ..overview.matrix import Matrix
    _work_begins()
    from ..render import tables

    pack = _load(rules, no_default_rules)
    table = Matrix(pack)
    if generations:
        summary = table.generation_summary()
        _print(tables.summary_json(summary) if output_format is Format.json else tables.summary_table(summary, output_format is Format.markdown))
        if draw is not None:
            _draw_matrix(draw, pack, None, True)
        return
    chosen = _selection(pack, products)
    rows, columns = table.rows(chosen), table.columns(chosen)
    if not rows:
        raise _fail("none of --products can create VMs, so there are no rows (the guide's rows are 'created under')")
    if draw is not None:
        _draw_matrix(draw, pack, chosen, False)
    cells = table.cells(chosen)
    detours = {}
    if multi_hop:
        from ..planning.planner import Planner

        planner = Planner(pack, states=table.states)
        detours = {(c.source, c.target): d for c in cells if (d := table.multi_hop(c, planner))}
    if output_format is Format.json:
        _print(tables.matrix_json(columns, cells, detours))
    elif output_format is Format.markdown:
        _print(tables.matrix_markdown(rows, columns, cells, detours))
    else:
        _print(tables.matrix_text(rows, cells, detours))


def _draw_matrix(path: Path, pack, chosen, generations: bool) -> None:
    from ..render.drawing import DrawingError, save_matrix_drawing

    try:
        save_matrix_drawing(path, pack, chosen, generations)
    except DrawingError as error:
        raise _fail(str(error)) from None


def _product_list(pack, text: str) -> list[str]:
    from ..pack.names import resolve

    if text.strip().lower() == ALL_PRODUCTS:
        return list(pack.products)
    chosen: list[str] = []
    try:
        for name in filter(None, (part.strip() for part in text.split(","))):
            chosen.extend(p for p in resolve(pack, name) if p not in chosen)
    except VmgraphError as error:
        raise _fail(_reworded(error)) from None
    if not chosen:
        raise _fail("--products: name at least one product")
    order = list(pack.products)
    return sorted(chosen, key=order.index)


@app.command(short_help="Which hardware lets a site's products share VMs both ways.")
def environment(
    products: Annotated[list[str], typer.Argument(metavar="PRODUCT...", help="The products your site runs (two or more).", show_default=False)],
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Plan an environment: the hardware generation that lets VMs move both ways
    between the most pairs of your products, and what each pair takes.

    Examples:

      vmgraph environment ws4 ws5 gsx3

      vmgraph environment "Workstation 3" "Workstation 5" --format json
    """
    from ..overview.environment import plan_environment
    _work_begins()
    from ..pack.names import resolve
    from ..render import environment as render

    pack = _load(rules, no_default_rules)
    try:
        chosen: list[str] = []
        for name in products:
            chosen.extend(p for p in resolve(pack, name) if p not in chosen)
        plan = plan_environment(tuple(chosen), pack)
    except VmgraphError as error:
        raise _fail(_reworded(error)) from None
    writer = {Format.text: render.to_text, Format.json: render.to_json, Format.markdown: render.to_markdown}[output_format]
    _print(writer(plan))


class Detail(str, Enum):
    products = "products"
    states = "states"


@app.command(short_help='Draw the product map or the state graph (PNG, SVG, PDF).')
def draw(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Where to write the drawing: .png, .svg or .pdf.", show_default=False)],
    detail: Annotated[Detail, typer.Option("--detail", help="products: the product map, one box per product and one line per direct move; states: every state (a product running one hardware generation) and every step.")] = Detail.products,
    products: Annotated[Optional[str], typer.Option("--products", help=PRODUCTS_HELP, metavar="P,...")] = None,
    generations: Annotated[Optional[str], typer.Option("--generations", help="Only products of these generations, e.g. 3,4.", metavar="N,...")] = None,
    hide_unsupported: Annotated[bool, typer.Option("--hide-unsupported", help="With --detail states: leave out the guide's 'not supported' pairs.")] = False,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Draw the product map (or the state graph), or part of it, with matplotlib.

    Generations are columns, product families rows; moves are styled by what they take.
    A map of more than 24 products (--products all: every one) puts today's products in
    columns by hardware band and summarises their moves, as its legend says; a state
    graph takes at most 24.

    Examples:

      vmgraph draw map.png

      vmgraph draw all.png --products all

      vmgraph draw gen34.svg --detail states --generations 3,4 --hide-unsupported
    """
    _drawing_path(path)
    wanted = _generation_list(generations) if generations is not None else None
    pack = _load(rules, no_default_rules)
    chosen = _selection(pack, products)
    from ..render.drawing import DrawingError, save_drawing

    try:
        save_drawing(path, pack, products=chosen, generations=wanted, hide_unsupported=hide_unsupported, detail=detail.value)
    except DrawingError as error:
        raise _fail(str(error)) from None
    typer.echo(f"wrote {shown(str(path), 1000)}")


def _selection(pack, products: str | None) -> list[str] | None:
    """The products a whole-graph command shows: those named (`all`: every one), else
    every product; but with today's products in the pack too (some 80), the guide's."""
    if products is not None:
        return _product_list(pack, products)
    return pack.default_view()


def _generation_list(text: str) -> list[int]:
    from ..pack.model import GENERATIONS

    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise _fail(f"--generations {text}: expected generation numbers separated by commas, e.g. 3,4") from None
    if not values:
        raise _fail("--generations: name at least one generation, e.g. 3,4")
    wrong = [v for v in values if v not in GENERATIONS]
    if wrong:
        raise _fail(f"--generations {text}: generations run from {GENERATIONS[0]} to {GENERATIONS[-1]}")
    return values


class ExportFormat(str, Enum):
    dot = "dot"
    mermaid = "mermaid"
    json = "json"


@app.command(short_help="Hardware versions by product: KB 1003746's table.")
def hardware(
    products: Annotated[Optional[str], typer.Option("--products", help=PRODUCTS_HELP, metavar="P,...")] = None,
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Hardware versions (vmx-22 down to vmx-03), the products each is the newest of
    (KB 1003746's table) and every product that runs it, computed from the rules.
    A product marked * rests on an inference (its ceiling or floor).

    Examples:

      vmgraph hardware

      vmgraph hardware --products esxi7u3,ws17,fusion13 --format markdown
    """
    from ..overview.versions import version_table
    from ..render.versions import to_json, to_text

    _work_begins()
    pack = _load(rules, no_default_rules)
    rows = version_table(pack, _product_list(pack, products) if products is not None else None)
    _print(to_json(rows) if output_format is Format.json else to_text(rows, markdown=output_format is Format.markdown))


@app.command(short_help='The state graph as Graphviz DOT, Mermaid or JSON.')
def export(
    export_format: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="dot (Graphviz), mermaid (a flowchart code hosts render) or json (node-link).", show_default=False)],
    products: Annotated[Optional[str], typer.Option("--products", help=PRODUCTS_HELP, metavar="P,...")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Write the state graph to stdout as Graphviz DOT, Mermaid or node-link JSON.

    Examples:

      vmgraph export dot | dot -Tsvg > graph.svg

      vmgraph export mermaid --products ws3,ws4,ws5
    """
    from ..planning.places import PlaceGraph
    from ..render import exports
    from ..planning.state_graph import StateGraph

    pack = _load(rules, no_default_rules)
    chosen = _selection(pack, products)
    states = PlaceGraph(StateGraph(pack))
    writer = {ExportFormat.dot: exports.to_dot, ExportFormat.mermaid: exports.to_mermaid, ExportFormat.json: exports.to_node_link}[export_format]
    _print(writer(states, chosen))


@rules_app.command("check")
def rules_check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Rule files or folders to check on top of the shipped pack.")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Validate rule packs: exit 0 when valid, 1 when not, printing every problem;
    2 when a path cannot be read as rule files (missing, unreadable, not a
    regular file) or there is nothing to check.

    Example: vmgraph rules check site-rules/
    """
    from ..errors import RuleFileError
    from ..pack.sources import NoRuleFiles, load_rules

    try:
        pack = load_rules(list(rules or []) + list(paths or []), include_default=not no_default_rules)
    except NoRuleFiles:
        raise _fail("--no-default-rules needs at least one PATH to check") from None
    except RuleFileError as error:
        raise _fail(_first_of(error)) from None
    except RuleError as error:
        typer.echo(str(error), err=True)
        if not no_default_rules and any(p.message.startswith("duplicate") for p in error.problems):
            typer.echo("(duplicates: each PATH is checked on top of the shipped pack; a copy of the shipped rules, or a whole pack of your own, is checked with --no-default-rules)", err=True)
        raise typer.Exit(EXIT_NEGATIVE) from None
    typer.echo(f"ok: {len(pack.files)} files, {len(pack.products)} products, {len(pack.moves)} moves, {len(pack.refusals)} refusals")


@app.command("inspect", short_help="What a VM's files say, and what that means for a move.")
def inspect_vm(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A .vmx file, or a VM's folder holding exactly one.", show_default=False)],
    output_format: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.text,
) -> None:
    """What vmgraph reads from a VM's files, and what it means for a move.

    Reads the .vmx (hardware version, guest OS, vCPUs, memory, firmware, 3-D,
    disks and their modes, NICs), the .vmsd beside it (snapshots) and the
    names of the VM's files (a .vmss: suspended). Each fact names the key it
    came from; each consequence names its source.

    Examples:

      vmgraph inspect examples/vms/win2019-efi

      vmgraph inspect path/to/vm.vmx --format json
    """
    from ..render import inspect as render
    from ..vm.facts import read_vm
    from ..vm.implications import assess

    try:
        vm = read_vm(path)
    except VmgraphError as error:
        raise _fail(str(error)) from None
    assessment = assess(vm)
    _print(render.to_json(vm, assessment) if output_format is ListFormat.json else render.to_text(vm, assessment))


class FleetFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command(short_help="Plan every VM of an inventory (RVTools, govc, PowerCLI, CSV).")
def fleet(
    inventory: Annotated[Path, typer.Argument(metavar="INVENTORY", help="RVTools vInfo (.csv or .xlsx), govc vm.info -json output, PowerCLI Get-VM | Export-Csv, or a plain CSV (name, product or hardware, flags).", show_default=False)],
    to: Annotated[str, typer.Option("--to", help="Where the VMs must run (a product or a group: any member will do).", metavar="TARGET", show_default=False)],
    from_product: Annotated[Optional[str], typer.Option("--from", help="The product the VMs are on, for rows that name none (RVTools, govc and PowerCLI list hardware versions, not hosts' releases).", metavar="PRODUCT")] = None,
    output_format: Annotated[FleetFormat, typer.Option("--format", help="A work plan (text), a change ticket (markdown), or one row per VM (csv) / one document (json) for scripts.")] = FleetFormat.text,
    draw: Annotated[Optional[Path], typer.Option(help="Also draw a chart of VMs per group (.png, .svg or .pdf).", metavar="PATH")] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Leave out rows vmgraph cannot read, plan the rest, and count what was skipped.")] = False,
    reversible: Annotated[bool, typer.Option("--reversible", help="No one-way step: every VM can still go back.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="No conditional step (one that depends on the guest OS).")] = False,
    max_moves: Annotated[Optional[int], typer.Option(help="At most N moves between products per VM.", metavar="N")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option(help="Leave out steps with this tag: copy, export, import, legacy, convert, one-way, conditional (repeatable).", metavar="TAG")] = None,
    stated_only: Annotated[bool, typer.Option("--stated-only", help="No step that rests on an inference of vmgraph's.")] = False,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Plan a fleet: every VM of an inventory to TARGET, grouped by the work it takes.

    The work plan (largest group first) names, for each group, the
    vmgraph route command that explains its route step by step; then one
    line per VM. Each distinct question is planned once, and the inventory
    is streamed: a million rows take seconds and little memory.

    Exit 0 when every VM has a route, 1 when some VM has none or a row was
    skipped (--keep-going), 2 on a usage error or an unreadable row.

    Examples:

      vmgraph fleet examples/inventories/rvtools-vinfo.csv --from "ESXi 8.0 U3" --to "ESXi 7.0 U3"

      vmgraph fleet examples/inventories/plain.csv --to "Workstation 17" --format markdown

      vmgraph fleet inventory.xlsx --from esxi8u3 --to esxi7u3 --avoid convert --format csv > plan.csv
    """
    if draw is not None:
        _drawing_path(draw, "--draw ")
    from ..fleet import plan_fleet
    from ..inventory import read_inventory
    from ..planning.records import Constraints
    from ..planning.questions import check_constraints, one_product
    from ..pack.names import canonical, resolve
    _work_begins()

    pack = _load(rules, no_default_rules)
    extra = tuple(_pack_options(rules, no_default_rules))
    try:
        resolve(pack, to)
        target = canonical(pack, to)
        source = one_product(pack, "--from", from_product) if from_product is not None else None
        constraints = check_constraints(Constraints(reversible, strict, max_moves, frozenset(avoid or []), (), stated_only), pack)
        read = read_inventory(inventory, keep_going=keep_going)
    except VmgraphError as error:
        raise _fail(_reworded(error)) from None
    if source is None and read.format != "plain-csv":
        raise _fail(f"{shown(str(inventory), 200)}: an inventory from {read.format.split('-')[0]} lists hardware versions, not which product each VM is on: say it with --from PRODUCT (e.g. --from 'ESXi 8.0 U3')")
    from .progress import for_terminal

    from ..render.fleet import WRITERS

    writer = WRITERS[output_format.value]()
    progress = for_terminal("planning", inventory, counts_lines=read.format.endswith("csv"))
    try:
        plan = plan_fleet(read, target, source, constraints, pack, extra, progress, writer)
    except VmgraphError as error:
        raise _fail(_reworded(error)) from None
    finally:
        if progress is not None:
            progress.done()
    with plan:
        writer.write(plan, sys.stdout)
        sys.stdout.flush()
        if draw is not None:
            from ..render.drawing import DrawingError
            from ..render.fleet_chart import save_fleet_chart

            try:
                save_fleet_chart(draw, plan)
            except DrawingError as error:
                raise _fail(_reworded(error)) from None
    raise typer.Exit(EXIT_OK if not plan.count("blocked") and not len(plan.skipped) else EXIT_NEGATIVE)


def _draw(path: Path, pack, route, target_name: str | None = None) -> None:
    from ..render.drawing import DrawingError, save_route_drawing

    try:
        save_route_drawing(path, pack, route, target_name)
    except DrawingError as error:
        raise _fail(_reworded(error)) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
