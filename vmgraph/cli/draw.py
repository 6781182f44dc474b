"""`vmgraph draw`: the product map or the state graph as a picture."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import shown
from .common import drawing_path, fail, load_pack, pack_options
from .options import PRODUCTS_HELP, Detail, NoDefaultOption, RulesOption, generation_list, selection


def draw(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Where to write the drawing: .png, .svg or .pdf; or .html for the product map as an interactive page (one file, nothing fetched).", show_default=False)],
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
      vmgraph draw map.html
    """
    drawing_path(path, html=True)
    wanted = generation_list(generations) if generations is not None else None
    pack = load_pack(rules, no_default_rules)
    chosen = selection(pack, products)
    if path.suffix.lower() == ".html":
        draw_page(path, pack, chosen, wanted, detail.value, pack_options(rules, no_default_rules))
        return
    from ..render.drawing import DrawingError, save_drawing

    try:
        save_drawing(path, pack, products=chosen, generations=wanted, hide_unsupported=hide_unsupported, detail=detail.value)
    except DrawingError as error:
        raise fail(str(error)) from None
    typer.echo(f"wrote {shown(str(path), 1000)}")


def draw_page(path: Path, pack, chosen, generations, detail: str, extra: list[str]) -> None:
    """The product map as an interactive page (draw PATH.html)."""
    if detail != "products":
        raise fail(f"{shown(str(path), 1000)}: a .html page shows the product map (--detail products), not --detail {detail}")
    from ..render.map_html import to_html
    from ..render.product_map import select_products

    names = select_products(pack, chosen, generations)
    if not names:
        raise fail("no products to draw: --products and --generations leave none")
    try:
        path.write_text(to_html(pack, names, extra), encoding="utf-8")
    except OSError as error:
        raise fail(f"{shown(str(path), 1000)}: {error.strerror or error}") from None
    typer.echo(f"wrote {shown(str(path), 1000)}")
