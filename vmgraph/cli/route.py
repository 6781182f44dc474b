"""`vmgraph route`: the best route for a VM, step by step, or why there is none."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InvalidArgument, VmgraphError, shown
from .common import EXIT_NEGATIVE, EXIT_OK, drawing_path, echo_text, fail, load_pack, pack_options, reworded, work_begins
from .options import HAVE_HELP, DiskMode, NoDefaultOption, RouteFormat, RulesOption, parse_weights, products_had


def route(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Where the VM is now (a product name or alias); with --vmx, leave it out and give --from.", show_default=False)],
    target: Annotated[Optional[str], typer.Argument(metavar="TARGET", help="Where it must run.", show_default=False)] = None,
    vmx: Annotated[Optional[Path], typer.Option("--vmx", help="Read the VM from its .vmx (or its folder): its hardware, guest, snapshots, suspended state and disk modes, as if given as flags; then check its vCPUs, memory, firmware, NIC and controller models against what the hardware the route brings it to can hold.", metavar="PATH")] = None,
    from_product: Annotated[Optional[str], typer.Option("--from", help="With --vmx: the product the VM is on (without it, vmgraph infers it from the .vmx's hardware version and how its NICs name their network, and says so).", metavar="PRODUCT")] = None,
    hardware: Annotated[Optional[str], typer.Option(help="The VM's virtual hardware, when not SOURCE's own: a hardware version as VMware's tools write it (vmx-04, vmx_19, hw13, version 13, a compatibility name such as 'ESXi 6.5 and later' or 'Workstation 17.x'; a bare number on today's products) or a generation of the 2005 guide (gen4; a bare 2-5 on the guide's products). Where the two readings meet, the route says which it took.", metavar="HW")] = None,
    created_under: Annotated[Optional[str], typer.Option("--created-under", help="The product the VM was created under (or last upgraded by), when not SOURCE: it decides which of the guide's rows apply.", metavar="PRODUCT")] = None,
    reversible: Annotated[bool, typer.Option("--reversible", help="No one-way step: the VM can still go back.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="No conditional step (one that depends on the guest OS).")] = False,
    max_moves: Annotated[Optional[int], typer.Option(help="At most N moves between products (an in-place upgrade is not a move).", metavar="N")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option(help="Leave out steps with this tag: copy, export, import, legacy, convert, one-way, conditional (repeatable).", metavar="TAG")] = None,
    via: Annotated[Optional[list[str]], typer.Option(help="Pass through this product (repeatable: in the order given).", metavar="PRODUCT")] = None,
    have: Annotated[Optional[list[str]], typer.Option("--have", help=HAVE_HELP, metavar="PRODUCTS")] = None,
    stated_only: Annotated[bool, typer.Option("--stated-only", help="No step that rests on an inference of vmgraph's: only what the guide states.")] = False,
    alternatives: Annotated[int, typer.Option(help="Also show the K next-best distinct routes.", metavar="K")] = 0,
    arch: Annotated[Optional[str], typer.Option("--arch", help="The guest's CPU architecture: x86_64 (the default) or arm64 (an Arm guest, guestOS arm-...). No route takes a VM across architectures.", metavar="x86_64|arm64")] = None,
    smp: Annotated[bool, typer.Option("--smp", help="The guest is an SMP guest (multiprocessor kernel or HAL).")] = False,
    sixty_four_bit: Annotated[bool, typer.Option("--64bit", help="The guest is a 64-bit operating system.")] = False,
    three_d: Annotated[bool, typer.Option("--3d", help="The VM uses Workstation 5's 3-D capabilities.")] = False,
    snapshot: Annotated[bool, typer.Option("--snapshot", help="The VM has a snapshot.")] = False,
    suspended: Annotated[bool, typer.Option("--suspended", help="The VM is suspended.")] = False,
    disk_mode: Annotated[DiskMode, typer.Option(help="The mode of the VM's disks.")] = DiskMode.persistent,
    weight: Annotated[Optional[list[str]], typer.Option(help="Cost of a tag, e.g. one-way=20 (repeatable).", metavar="TAG=X")] = None,
    output_format: Annotated[RouteFormat, typer.Option("--format", help="Output format: a runbook (text), a checklist (markdown), JSON, one self-contained web page (html), or a diagram of the route for a ticket or wiki (mermaid, dot).")] = RouteFormat.text,
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

    \b
      vmgraph route "GSX Server 1" "Workstation 5"
      vmgraph route ws4 esx2-smp --strict --format json
      vmgraph route ws5.0 gsx3 --hardware 4 --snapshot --alternatives 2
      vmgraph route esx2 ws4 --created-under ws3
      vmgraph route gsx1 ws5 --format dot | dot -Tsvg > route.svg
      vmgraph route gsx1 ws5 --format html > route.html
      vmgraph route --vmx examples/vms/ws4-undoable esx2 --from ws4
      vmgraph route ws15 'ESXi 7.0 U3' --hardware 16 --have 'Workstation 16,ESXi 7.0 U3'
    """
    source, target = route_ends(source, target, vmx, from_product)
    if draw is not None:
        drawing_path(draw, "--draw ")
    weights = parse_weights(weight or [])
    from ..pack.names import canonical
    from ..planning.planner import plan
    from ..planning.records import VM, Constraints
    work_begins()

    pack = load_pack(rules, no_default_rules)
    limits = None
    try:
        given = vm = VM(hardware, smp, sixty_four_bit, three_d, snapshot, suspended, disk_mode.value, created_under, arch)
        read: tuple[str, ...] = ()
        if vmx is not None:
            from ..vm.facts import read_vm
            from ..planning.vm_questions import vm_from_facts

            facts = read_vm(vmx)
            vm, read = vm_from_facts(facts, vm)
            if source is None:
                from ..pack.names import resolve
                from ..planning.vm_questions import source_from_files

                source, assumed = source_from_files(facts, pack, frozenset(resolve(pack, target)))
                read += (assumed,)
        owned = products_had(have)
        constraints = Constraints(reversible, strict, max_moves, frozenset(avoid or []), tuple(via or ()), stated_only, owned)
        result = None
        if vmx is not None:  # a VM already where it must be: nothing to do, as `vmgraph fleet` says
            from ..planning.vm_questions import already_there

            result = already_there(source, target, vm, constraints, pack)
        if result is None:
            result = plan(source, target, vm=vm, constraints=constraints, alternatives=alternatives, weights=weights, pack=pack)
        result = result._replace(warnings=read + result.warnings)
        target_name = canonical(pack, target)
        if vmx is not None and result.found:
            from ..planning.vm_questions import check_route

            limits = check_route(result, facts, given, pack, str(vmx))
    except VmgraphError as error:
        if vmx is not None and hardware is None and isinstance(error, InvalidArgument) and error.argument == "vm.hardware":
            raise fail(f"--vmx {shown(str(vmx), 200)}: {error.problem}") from None  # the hardware came from the files
        if hardware is not None and isinstance(error, InvalidArgument) and error.argument == "vm.hardware":
            raise fail(f"--hardware {shown(hardware)}: {error.problem}") from None  # as typed, not the level it was read as
        raise fail(reworded(error)) from None
    from ..render import routes

    if output_format in (RouteFormat.mermaid, RouteFormat.dot):
        from ..render import exports
        from ..planning.state_graph import StateGraph

        diagram = exports.route_to_mermaid if output_format is RouteFormat.mermaid else exports.route_to_dot
        echo_text(diagram(result, StateGraph(pack), target_name))
    else:
        if output_format is RouteFormat.markdown:
            from ..render.route_markdown import to_markdown as render
        elif output_format is RouteFormat.html:
            from ..render.route_html import to_html as render
        else:
            render = {RouteFormat.text: routes.to_text, RouteFormat.json: routes.to_json}[output_format]
        echo_text(render(result, target_name, pack_options(rules, no_default_rules), limits=limits))
    if draw is not None:
        draw_route(draw, pack, result, target_name)
    runs_as_is = limits is None or not limits.refused  # a VM its route's hardware cannot hold: no route as is
    raise typer.Exit(EXIT_OK if result.found and runs_as_is else EXIT_NEGATIVE)


def route_ends(first: str, second: str | None, vmx: Path | None, from_product: str | None) -> tuple[str | None, str]:
    """SOURCE and TARGET; with --vmx the one argument is TARGET and --from is SOURCE (None:
    the VM's files are asked which product it is on)."""
    if vmx is None:
        if from_product is not None:
            raise fail("--from goes with --vmx (without it, SOURCE names the product the VM is on)")
        if second is None:
            raise fail("Missing argument 'TARGET'.")
        return first, second
    if second is not None:
        raise fail("with --vmx give only TARGET, and the product the VM is on with --from")
    return from_product, first  # no --from: the VM's files are asked (vm_route.source_from_files)




def draw_route(path: Path, pack, route, target_name: str | None = None) -> None:
    from ..render.drawing import DrawingError, save_route_drawing

    try:
        save_route_drawing(path, pack, route, target_name)
    except DrawingError as error:
        raise fail(reworded(error)) from None
