"""The product map: one box per product, one line per direct move, styled by what it takes.

Generations are columns (oldest on the left), product families rows. A move is
what the guide's tables say for a VM created under one product moving to
another (`Matrix.cell`), so the map and `vmgraph matrix` always agree; where
both directions take the same, one line carries two heads. A map of more than
DETAILED_AT_MOST products (today's some 80) is drawn by product_bands.py instead:
today's products in hardware bands, their moves summarised.
"""

from __future__ import annotations

from typing import Iterable

from ..vm.hardware import column_title

from ..overview.matrix import Matrix
from ..pack.model import RulePack
from . import canvas
from .canvas import Box
from .map_parts import NAME_SIZE, NOTE_SIZE, both_ways_sample, clear_route, name_lines, product_note, row_name
from .map_summary import DETAILED_AT_MOST, ProductEdge, rows_of
from .styles import STYLES, cell_style, cell_words

COLUMN_GAP = 1.7  # between two generation columns' boxes, for the lines
ROW_PITCH = 0.95
BOX_HEIGHT = 0.5
MARGIN = 0.3


def select_products(pack: RulePack, products: Iterable[str] | None = None, generations: Iterable[int] | None = None) -> list[str]:
    products = products or pack.default_view()
    wanted = set(products) if products else None
    gens = set(generations) if generations else None
    return [p.name for p in pack.products.values() if (wanted is None or p.name in wanted) and (gens is None or (not p.is_today and p.generation in gens))]


def product_edges(pack: RulePack, names: list[str], matrix: Matrix | None = None) -> list[ProductEdge]:
    """Every direct move among `names`, a two-way pair of equal moves as one edge."""
    matrix = matrix or Matrix(pack)
    moves = {}
    for a in names:
        for b in names:
            if a != b:
                cell = matrix.cell(a, b)
                if cell.supported:
                    moves[(a, b)] = (cell_style(cell), tuple(cell_words(cell)))
    edges, done = [], set()
    for (a, b), (style, words) in moves.items():
        if (a, b) in done:
            continue
        back = moves.get((b, a))
        both = back is not None and back[0] == style
        edges.append(ProductEdge(a, b, style, both, words))
        done.add((a, b))
        if both:
            done.add((b, a))
    return edges


def layout(pack: RulePack, names: list[str]) -> tuple[dict[str, Box], dict, float, float]:
    """Boxes for the products, the column and row headers, and the figure's size."""
    generations = sorted({pack.products[n].generation for n in names})
    rows = rows_of(pack, names)
    slots = []  # (row, generation) -> products in it
    heights = []
    for families in rows:
        per_generation = {g: [n for n in names if pack.products[n].family in families and pack.products[n].generation == g] for g in generations}
        slots.append(per_generation)
        heights.append(max(len(v) for v in per_generation.values()))
    width = max(max(canvas.text_size(name_lines(n), NAME_SIZE, bold=True)[0], canvas.text_size(product_note(pack, n), NOTE_SIZE)[0]) for n in names) + 0.3
    height = max(BOX_HEIGHT, max(canvas.text_size(name_lines(n), NAME_SIZE, True)[1] + canvas.text_size("x", NOTE_SIZE)[1] for n in names) + 0.12)
    label_width = max(canvas.text_size(row_name(families), 8.5)[0] for families in rows) + 0.3
    left = MARGIN + label_width + 0.6  # a gutter for lines that bend round the first column
    pitch = width + COLUMN_GAP
    total_rows = sum(heights)
    row_pitch = max(ROW_PITCH, height + 0.3)
    figure_height = MARGIN + 0.55 + 0.45 + total_rows * row_pitch + 0.75 + MARGIN
    figure_width = left + len(generations) * width + (len(generations) - 1) * COLUMN_GAP + MARGIN + 0.3
    top = figure_height - MARGIN - 0.55 - 0.45
    boxes, row_labels = {}, []
    y = top
    for families, per_generation, rows_here in zip(rows, slots, heights):
        row_labels.append((row_name(families), y - row_pitch / 2))
        for index, generation in enumerate(generations):
            x = left + width / 2 + index * pitch
            for k, name in enumerate(per_generation[generation]):
                boxes[name] = Box(x, y - row_pitch / 2 - k * row_pitch, width / 2, height / 2)
        y -= rows_here * row_pitch
    columns = [(column_title(g), left + width / 2 + i * pitch) for i, g in enumerate(generations)]
    headers = {"columns": columns, "rows": row_labels, "column_y": top + 0.25, "row_x": MARGIN, "bottom": y, "gutter": MARGIN + label_width + 0.05}
    return boxes, headers, figure_width, figure_height


def draw_product_map(pack: RulePack, products: Iterable[str] | None = None, generations: Iterable[int] | None = None, title: str | None = None):
    """The product map as a matplotlib Figure, sized to its content."""
    from ..errors import DrawingError

    names = select_products(pack, products, generations)
    if not names:
        raise DrawingError("nothing to draw: no product matches --products and --generations")
    if len(names) > DETAILED_AT_MOST:
        from .product_bands import draw_banded_map

        return draw_banded_map(pack, names, title)
    edges = product_edges(pack, names)
    boxes, headers, width, height = layout(pack, names)
    used = [k for k in STYLES if any(e.style == k for e in edges)]
    both = any(e.both for e in edges)
    entries = [STYLES[k]["label"] for k in used] + (["both ways"] if both else [])
    title = title or "Direct moves between products, by what they take"
    footnote = "No line: no direct move (refused or not described by the guide; see vmgraph matrix)."
    if len(names) < 4:
        footnote = "No line: no direct move (see vmgraph matrix)."
    if not all(pack.products[n].can_create for n in names):
        footnote = "Grey box: no VMs are created under it. " + footnote
    content = width
    width = max(width, canvas.legend_width(entries) + 2 * MARGIN, canvas.text_size(title, 12, True)[0] + 2 * MARGIN, canvas.text_size(footnote, 8)[0] + 2 * MARGIN)
    shift = (width - content) / 2  # centre the map when the words around it are wider
    boxes = {n: b._replace(x=b.x + shift) for n, b in boxes.items()}
    headers["columns"] = [(words, x + shift) for words, x in headers["columns"]]
    headers["row_x"] += shift
    headers["gutter"] += shift
    figure, ax = canvas.new_figure(width, height)
    canvas.text(ax, width / 2, height - MARGIN - 0.15, title, 12, weight="bold", gid="title")
    for words, x in headers["columns"]:
        canvas.text(ax, x, headers["column_y"], words, 10, weight="bold", color="#34495E", gid=f"column:{words}")
    for words, y in headers["rows"]:
        canvas.text(ax, headers["row_x"], y, words, 8.5, ha="left", style="italic", color=canvas.MUTED, gid=f"row:{words}", linespacing=1.1)
    patches = {}
    for name, b in boxes.items():
        product = pack.products[name]
        patches[name] = canvas.box(ax, b, facecolor="#FFFFFF" if product.can_create else "#F4F6F6", edgecolor="#7F8C8D", gid=f"node:{name}")
        wrapped = name_lines(name)
        name_height = canvas.text_size(wrapped, NAME_SIZE, True)[1]
        note_height = canvas.text_size("x", NOTE_SIZE)[1]
        top = b.y + (name_height + note_height) / 2
        canvas.text(ax, b.x, top - name_height / 2, wrapped, NAME_SIZE, weight="bold", linespacing=1.1, gid=f"name:{name}")
        canvas.text(ax, b.x, top - name_height - note_height / 2 + 0.02, product_note(pack, name), NOTE_SIZE, color=canvas.MUTED, gid=f"note:{name}")
    # Lines stay between the family names and the right edge, the headers and the legend.
    x0 = headers["gutter"]
    frame = Box((x0 + width - 0.05) / 2, (headers["bottom"] + headers["column_y"] - 0.2) / 2, (width - 0.05 - x0) / 2, (headers["column_y"] - 0.2 - headers["bottom"]) / 2 + 0.1)
    sides: dict[str, int] = {}  # side-anchored arcs per box side, to fan them out
    for edge in edges:
        start, end = boxes[edge.source], boxes[edge.target]
        others = [b for n, b in boxes.items() if n not in (edge.source, edge.target)]
        rad, points = clear_route(start, end, others, frame, sides, edge)
        style = STYLES[edge.style]
        canvas.arrow(
            ax, patches[edge.source], patches[edge.target], start, end, rad, style["color"], style["linestyle"],
            linewidth=1.9 if edge.style == "one-way" else 1.3, head=11, both=edge.both, points=points,
            gid=f"move:{edge.source}{' <-> ' if edge.both else ' -> '}{edge.target}: {edge.style}",
        )
    legend = [(STYLES[k]["label"], {"color": STYLES[k]["color"], "linestyle": STYLES[k]["linestyle"]}) for k in used]
    x = (width - canvas.legend_width(entries)) / 2
    x = canvas.legend_row(ax, x, MARGIN + 0.35, legend)
    if both:
        both_ways_sample(ax, x, MARGIN + 0.35)
    canvas.text(ax, width / 2, MARGIN + 0.02, footnote, 8, color=canvas.MUTED, gid="note:no-line")
    figure.set_label(describe(pack, names, edges))
    return figure


def describe(pack: RulePack, names: list[str], edges: list[ProductEdge]) -> str:
    """Alt text for the product map: what it shows, in words."""
    generations = sorted({pack.products[n].generation for n in names})
    counts = [f"{sum(1 for e in edges if e.style == key)} {STYLES[key]['label']}" for key in STYLES if any(e.style == key for e in edges)]
    columns = "; ".join(f"generation {g}: {', '.join(n for n in names if pack.products[n].generation == g)}" for g in generations)
    return (f"Product map: {len(names)} products in generation columns ({columns}); "
            f"{len(edges)} lines for direct moves ({'; '.join(counts) or 'none'}), {sum(e.both for e in edges)} of them both ways.")


