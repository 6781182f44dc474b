"""`vmgraph hardware`: hardware versions by product (KB 1003746's table, computed from the rules)."""

from typing import Annotated, Optional

import typer

from .common import echo_text, load_pack, work_begins
from .options import PRODUCTS_HELP, Format, NoDefaultOption, RulesOption, product_list


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

    \b
      vmgraph hardware
      vmgraph hardware --products esxi7u3,ws17,fusion13 --format markdown
    """
    from ..overview.versions import version_table
    from ..render.versions import to_json, to_text

    work_begins()
    pack = load_pack(rules, no_default_rules)
    rows = version_table(pack, product_list(pack, products) if products is not None else None)
    echo_text(to_json(rows) if output_format is Format.json else to_text(rows, markdown=output_format is Format.markdown))
