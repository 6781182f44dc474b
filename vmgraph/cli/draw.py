"""`vmgraph draw`: the product map or the state graph as a picture."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import shown
from .common import drawing_path, fail, load_pack
from .options import PRODUCTS_HELP, Detail, NoDefaultOption, RulesOption, generation_list, selection


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

    \b
      vmgraph draw map.png
      vmgraph draw all.png --products all
      vmgraph draw gen34.svg --detail states --generations 3,4 --hide-unsupported
    """
    drawing_path(path)
    wanted = generation_list(generations) if generations is not None else None
    pack = load_pack(rules, no_default_rules)
    chosen = selection(pack, products)
    from ..render.drawing import DrawingError, save_drawing

    try:
        save_drawing(path, pack, products=chosen, generations=wanted, hide_unsupported=hide_unsupported, detail=detail.value)
    except DrawingError as error:
        raise fail(str(error)) from None
    typer.echo(f"wrote {shown(str(path), 1000)}")
