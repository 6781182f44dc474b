"""The vmgraph command line: the commands, each in a module of its own, gathered into one app.

See common.py for the exit codes every command keeps.
"""

from typing import Annotated

import typer

from . import draw, environment, export, fleet, hardware, inspect, matrix, products, route, rules
from .common import EXIT_OK, HELP_OPTIONS, OneLineErrors

def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"vmgraph {__version__}")
        raise typer.Exit(EXIT_OK)


app = typer.Typer(
    cls=OneLineErrors,
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    context_settings=HELP_OPTIONS,
    help="Plan VM moves between VMware products: by the Virtual Machine Mobility Planning Guide (2005), and by hardware version for today's products.",
    epilog='Example: vmgraph route "GSX Server 1" "Workstation 5"',
)
rules_app = typer.Typer(cls=OneLineErrors, rich_markup_mode=None, add_completion=False, no_args_is_help=True, context_settings=HELP_OPTIONS, help="Check rule packs.")
app.add_typer(rules_app, name="rules")


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", help="Print vmgraph's version and exit.", is_eager=True, callback=_print_version)] = False,
) -> None:
    pass



app.command(short_help="The best route for a VM from SOURCE to TARGET, step by step.")(route.route)
app.command(short_help="Every product, its generation and the names it answers to.")(products.products)
app.command(short_help="Created under (rows) x moved to, for any products.")(matrix.matrix)
app.command(short_help="Which hardware lets a site's products share VMs both ways.")(environment.environment)
app.command(short_help="Draw the product map or the state graph (PNG, SVG, PDF).")(draw.draw)
app.command(short_help="Hardware versions by product: KB 1003746's table.")(hardware.hardware)
app.command(short_help="The state graph as Graphviz DOT, Mermaid or JSON.")(export.export)
rules_app.command("check")(rules.rules_check)
app.command("inspect", short_help="What a VM's files say, and what that means for a move.")(inspect.inspect_vm)
app.command(short_help="Plan every VM of an inventory (RVTools, govc, PowerCLI, CSV).")(fleet.fleet)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
