"""The vmgraph command line: the commands, each in a module of its own, gathered into one app.

See common.py for the exit codes every command keeps.
"""

from importlib import import_module
from typing import Annotated

import typer
import typer.main
import typer.models

from .common import EXIT_OK, HELP_OPTIONS, OneLineErrors

# name: (module, function, short help). A command's module is imported, and its click
# command built from the function's signature, only when that command runs (or a help
# lists it): `vmgraph route` pays for route alone, not for ten commands' options.
COMMANDS = {
    "route": ("route", "route", "The best route for a VM from SOURCE to TARGET, step by step."),
    "products": ("products", "products", "Every product, its generation and the names it answers to."),
    "matrix": ("matrix", "matrix", "Created under (rows) x moved to, for any products."),
    "environment": ("environment", "environment", "Which hardware lets a site's products share VMs both ways."),
    "draw": ("draw", "draw", "Draw the product map or the state graph (PNG, SVG, PDF; the map as an HTML page)."),
    "hardware": ("hardware", "hardware", "Hardware versions by product: KB 1003746's table."),
    "export": ("export", "export", "The state graph as Graphviz DOT, Mermaid or JSON."),
    "inspect": ("inspect", "inspect_vm", "What a VM's files say, and what that means for a move."),
    "fleet": ("fleet", "fleet", "Plan every VM of an inventory (RVTools, govc, PowerCLI, CSV)."),
    "rules": ("rules", "rules_app", "Check rule packs."),
}


class LazyCommands(OneLineErrors):
    """The top-level group: COMMANDS, each built the first time it is asked for."""

    def list_commands(self, ctx) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def get_command(self, ctx, name: str):  # type: ignore[override]
        if name not in self.commands and name in COMMANDS:
            module, attribute, short_help = COMMANDS[name]
            found = getattr(import_module(f"{__package__}.{module}"), attribute)
            if isinstance(found, typer.Typer):  # a group of subcommands (rules check)
                command = typer.main.get_group(found)
            else:
                info = typer.models.CommandInfo(name=name, callback=found, short_help=short_help)
                command = typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
            self.commands[name] = command
        return self.commands.get(name)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"vmgraph {__version__}")
        raise typer.Exit(EXIT_OK)


app = typer.Typer(
    cls=LazyCommands,
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    context_settings=HELP_OPTIONS,
    help="Plan VM moves between VMware products: by the Virtual Machine Mobility Planning Guide (2005), and by hardware version for today's products.",
    epilog='Example: vmgraph route "GSX Server 1" "Workstation 5"',
)


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", help="Print vmgraph's version and exit.", is_eager=True, callback=_print_version)] = False,
) -> None:
    pass


def main() -> None:
    app()


if __name__ == "__main__":
    main()
