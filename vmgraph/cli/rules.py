"""`vmgraph rules check`: validate rule packs, printing every problem."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import RuleError
from .common import EXIT_NEGATIVE, HELP_OPTIONS, OneLineErrors, fail, first_problem
from .options import NoDefaultOption, RulesOption


def rules_check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Rule files or folders to check on top of the shipped pack.")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Validate rule packs: exit 0 when valid, 1 when not, printing every problem;
    2 when a path cannot be read as rule files (missing, unreadable, not a
    regular file) or there is nothing to check.

    Example:

    \b
      vmgraph rules check site-rules/
    """
    from ..errors import RuleFileError
    from ..pack.sources import NoRuleFiles, load_rules

    try:
        pack = load_rules(list(rules or []) + list(paths or []), include_default=not no_default_rules)
    except NoRuleFiles:
        raise fail("--no-default-rules needs at least one PATH to check") from None
    except RuleFileError as error:
        raise fail(first_problem(error)) from None
    except RuleError as error:
        typer.echo(str(error), err=True)
        if not no_default_rules and any(p.message.startswith("duplicate") for p in error.problems):
            typer.echo("(duplicates: each PATH is checked on top of the shipped pack; a copy of the shipped rules, or a whole pack of your own, is checked with --no-default-rules)", err=True)
        raise typer.Exit(EXIT_NEGATIVE) from None
    typer.echo(f"ok: {len(pack.files)} files, {len(pack.products)} products, {len(pack.moves)} moves, {len(pack.refusals)} refusals")


rules_app = typer.Typer(cls=OneLineErrors, rich_markup_mode=None, add_completion=False, no_args_is_help=True, context_settings=HELP_OPTIONS, help="Check rule packs.")
rules_app.command("check")(rules_check)
