"""`vmgraph matrix`: the guide's tables (and today's), recomputed from the graph."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import drawing_path, echo_text, fail, load_pack, work_begins
from .options import PRODUCTS_HELP, Format, NoDefaultOption, RulesOption, selection


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

    \b
      vmgraph matrix --products ws3,gsx2,esx1.5 --format markdown
      vmgraph matrix --products gsx1,ws3,ws5 --multi-hop
      vmgraph matrix --generations
      vmgraph matrix --draw matrix.png
    """
    if generations and (products is not None or multi_hop):
        raise fail("--generations summarises every product by generation: it takes neither --products nor --multi-hop")
    if draw is not None:
        drawing_path(draw, "--draw ")  # before any work: a bad path is a usage error, not a late failure
    from ..overview.matrix import Matrix
    work_begins()
    from ..render import tables

    pack = load_pack(rules, no_default_rules)
    table = Matrix(pack)
    if generations:
        summary = table.generation_summary()
        echo_text(tables.summary_json(summary) if output_format is Format.json else tables.summary_table(summary, output_format is Format.markdown))
        if draw is not None:
            draw_matrix(draw, pack, None, True)
        return
    chosen = selection(pack, products)
    rows, columns = table.rows(chosen), table.columns(chosen)
    if not rows:
        raise fail("none of --products can create VMs, so there are no rows (the guide's rows are 'created under')")
    if draw is not None:
        draw_matrix(draw, pack, chosen, False)
    cells = table.cells(chosen)
    detours = {}
    if multi_hop:
        from ..planning.planner import Planner

        planner = Planner(pack, states=table.states)
        detours = {(c.source, c.target): d for c in cells if (d := table.multi_hop(c, planner))}
    if output_format is Format.json:
        echo_text(tables.matrix_json(columns, cells, detours))
    elif output_format is Format.markdown:
        echo_text(tables.matrix_markdown(rows, columns, cells, detours))
    else:
        echo_text(tables.matrix_text(rows, cells, detours))


def draw_matrix(path: Path, pack, chosen, generations: bool) -> None:
    from ..render.drawing import DrawingError, save_matrix_drawing

    try:
        save_matrix_drawing(path, pack, chosen, generations)
    except DrawingError as error:
        raise fail(str(error)) from None
