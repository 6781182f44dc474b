"""`vmgraph products`: every product, its generation and the names it answers to."""

from typing import Annotated

import typer

from .common import echo_text, load_pack
from .options import ListFormat, NoDefaultOption, RulesOption


def products(
    output_format: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.text,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """List every product with its generation, family and the names it answers to.

    Example:

    \b
      vmgraph products --format json
    """
    from ..render import tables

    pack = load_pack(rules, no_default_rules)
    echo_text(tables.products_json(pack) if output_format is ListFormat.json else tables.products_text(pack))
