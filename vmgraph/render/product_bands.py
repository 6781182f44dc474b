"""The product map of many products, drawn: the guide's generations, then today's
products in hardware bands, one row per family, today's moves summarised.

What is drawn and what each summary stands for comes from map_summary.summarise;
this module places it. matplotlib is imported inside the functions only.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import NamedTuple

from ..vm.hardware import short_name, vmx_name
from ..pack.model import RulePack
from . import canvas
from .canvas import Box
from .map_summary import Rail, Summary, column_name, column_of, summarise
from .map_parts import NAME_SIZE, NOTE_SIZE, both_ways_sample, clear_route, name_lines, product_note, row_name
from .styles import REFUSED, STYLES

MARGIN = 0.3
GUIDE_GAP = 1.45  # between two of the guide's columns: room for its many lines
TODAY_GAP = 0.45  # between two bands of today's products: chains and short lines only
DIVIDER = 2.1  # between the eras: the Converter box
GUIDE_PITCH = 0.95  # a slot of a row, for the guide's products
TODAY_NAME = 8.5
RAIL_STEP = 0.42
TODAY_GAP_Y = 0.22  # between releases stacked in a column: a short arrow
NO_MOVE = "no move (an exception)"
LANES = ("#F0F3F4", "#FAFBFB")  # rows shaded in turn, so a row reads across the whole map


def _today_name(name: str) -> str:
    return "\n".join(textwrap.wrap(name, 16)) or name


def _today_note(pack: RulePack, name: str) -> str:
    level = pack.products[name].generation
    return vmx_name(level) or short_name(level)


def _label(pack: RulePack, name: str) -> tuple[str, str, float]:
    """A box's name lines, note and name size."""
    if pack.products[name].is_today:
        return _today_name(name), _today_note(pack, name), TODAY_NAME
    return name_lines(name), product_note(pack, name), NAME_SIZE


@lru_cache(maxsize=1024)
def _width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in inches by its glyphs' advances: a shade wider than
    canvas.text_size's ink, and many times quicker for some 80 boxes."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=canvas.FONT, weight="bold" if bold else "normal", size=size)
    return max(text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0] for line in text.split("\n")) / 72


def _height(text: str, size: float) -> float:
    return len(text.split("\n")) * size * 1.25 / 72  # as canvas.text_size counts lines


def _box_size(pack: RulePack, name: str) -> tuple[float, float]:
    lines, note, size = _label(pack, name)
    width = max(_width(lines, size, True), _width(note, NOTE_SIZE)) + 0.24
    height = _height(lines, size) + _height("x", NOTE_SIZE) + 0.1
    return width, height


class Layout(NamedTuple):
    """Where things go, in inches; y counts down from 0 at the first row's top."""

    columns: list[tuple[int, int]]
    centres: dict[tuple[int, int], float]  # column -> x
    boxes: dict[str, Box]
    row_spans: list[tuple[float, float]]  # each row's top and bottom
    lane_end: float  # where the rows end and the rails begin
    width: float
    top_space: float  # above the rows: the title, era and column titles
    rows_height: float


def layout(pack: RulePack, names: list[str], summary: Summary) -> Layout:
    """The products' boxes, the columns and rows, and the room the map needs."""
    columns = sorted({column_of(pack, n) for n in names})
    rows = summary.rows
    row_of = {n: next(i for i, families in enumerate(rows) if pack.products[n].family in families) for n in names}
    sizes = {n: _box_size(pack, n) for n in names}
    era_width = {era: max((w for n, (w, _) in sizes.items() if column_of(pack, n)[0] == era), default=0.0) for era in (0, 1)}
    today_height = {r: max((h for n, (_, h) in sizes.items() if row_of[n] == r and pack.products[n].is_today), default=0.0) for r in range(len(rows))}
    guide_height = max((h for n, (_, h) in sizes.items() if not pack.products[n].is_today), default=0.0)
    guide_pitch = max(GUIDE_PITCH, guide_height + 0.3)

    label_width = max(_width(row_name(families), 8.5) for families in rows) + 0.3
    x = MARGIN + label_width + 0.5
    centres = {}
    for i, column in enumerate(columns):
        if i:
            x += {0: GUIDE_GAP, 1: TODAY_GAP}[column[0]] if columns[i - 1][0] == column[0] else DIVIDER
        centres[column] = x + era_width[column[0]] / 2
        x += era_width[column[0]]
    lane_end = x + 0.2
    rails_width = len(summary.rails) * RAIL_STEP + (0.35 if summary.rails else 0.0)
    width = lane_end + rails_width + MARGIN

    slots = {}
    for n in names:
        mates = [m for m in names if row_of[m] == row_of[n] and column_of(pack, m) == column_of(pack, n)]
        if pack.products[n].is_today:
            mates.sort(key=lambda m: (pack.products[m].generation, names.index(m)))
        slots[n] = mates.index(n)
    pitch = {n: today_height[row_of[n]] + TODAY_GAP_Y if pack.products[n].is_today else guide_pitch for n in names}
    first = {r: max((pitch[n] for n in names if row_of[n] == r), default=guide_pitch) / 2 for r in range(len(rows))}  # the first slots level
    heights = [max(first[r] + slots[n] * pitch[n] + pitch[n] / 2 for n in names if row_of[n] == r) for r in range(len(rows))]
    both_eras = len({c[0] for c in columns}) == 2
    top_space = MARGIN + 0.5 + (0.35 if both_eras else 0.0) + 0.55  # title, era titles, column titles
    rows_height = sum(heights)
    boxes, row_spans = {}, []
    y = 0.0
    for r in range(len(rows)):
        row_spans.append((y, y - heights[r]))
        y -= heights[r]
    for n in names:
        boxes[n] = Box(centres[column_of(pack, n)], row_spans[row_of[n]][0] - first[row_of[n]] - slots[n] * pitch[n], era_width[column_of(pack, n)[0]] / 2, (today_height[row_of[n]] if pack.products[n].is_today else guide_height) / 2)
    return Layout(columns, centres, boxes, row_spans, lane_end, width, top_space, rows_height)


def draw_banded_map(pack: RulePack, names: list[str], title: str | None = None, matrix=None):
    """The product map of `names` with today's products in hardware bands, as a Figure."""
    summary = summarise(pack, names, matrix)
    columns, centres, boxes, row_spans, lane_end, width, top_space, rows_height = layout(pack, names, summary)
    rows = summary.rows
    key = _key_lines(summary)
    used = [k for k in STYLES if any(e.style == k for e in summary.edges) or any(r.style == k for r in summary.rails)
            or (k == "convert" and (summary.converter or summary.by_hardware))]
    both = any(e.both for e in summary.edges)
    entries = [STYLES[k]["label"] for k in used] + ([NO_MOVE] if any(e.kind == "exception" for e in summary.edges) else []) + (["both ways"] if both else [])
    eras = {pack.products[n].is_today for n in names}
    title = title or "Direct moves between products, by what they take" + (": the guide's products and today's" if len(eras) == 2 else "")
    footnote = "No line and no summary: no direct move (see vmgraph matrix)."
    if not all(pack.products[n].can_create for n in names):
        footnote = "Grey box: no VMs are created under it. " + footnote
    key_height = len(key) * 0.19
    bottom_space = MARGIN + 0.3 + 0.45 + key_height + 0.25
    height = top_space + rows_height + bottom_space
    content = width
    width = max(width, canvas.legend_width(entries) + 2 * MARGIN, max((_width(line, 8.5) for line in key), default=0) + 2 * MARGIN,
                canvas.text_size(footnote, 8)[0] + 2 * MARGIN)
    shift_x = (width - content) / 2
    shift_y = bottom_space + rows_height  # row_spans count down from 0 at the rows' top
    boxes = {n: b._replace(x=b.x + shift_x, y=b.y + shift_y) for n, b in boxes.items()}
    centres = {c: x + shift_x for c, x in centres.items()}
    row_spans = [(a + shift_y, b + shift_y) for a, b in row_spans]
    lane_end += shift_x
    rows_top, rows_bottom = row_spans[0][0], row_spans[-1][1]

    figure, ax = canvas.new_figure(width, height)
    canvas.text(ax, width / 2, height - MARGIN - 0.15, title, 12, weight="bold", gid="title")
    column_y = rows_top + 0.3
    for column in columns:
        canvas.text(ax, centres[column], column_y, column_name(column), 10 if column[0] == 0 else 9.5, weight="bold", color="#34495E", gid=f"column:{column_name(column).replace(chr(10), ' ')}", linespacing=1.1)
    guide_columns = [c for c in columns if c[0] == 0]
    today_columns = [c for c in columns if c[0] == 1]
    era_y = column_y + 0.42
    if guide_columns and today_columns:
        for era, chosen in (("The guide's products (2005), by hardware generation", guide_columns), ("Today's products, by the newest hardware each runs", today_columns)):
            middle = (centres[chosen[0]] + centres[chosen[-1]]) / 2
            canvas.text(ax, middle, era_y, era, 10.5, weight="bold", color=canvas.MUTED, gid=f"era:{era}")
        divider = (centres[guide_columns[-1]] + centres[today_columns[0]]) / 2
        from matplotlib.lines import Line2D

        line = Line2D([divider, divider], [rows_bottom, era_y + 0.15], color="#AAB7B8", linewidth=1.0, linestyle=(0, (4, 3)), zorder=1)
        line.set_gid("divider")
        ax.add_line(line)
    else:
        divider = None

    # Lanes: every other row shaded, from the family names to the rails.
    from matplotlib.patches import Rectangle

    for r, (families, (upper, lower)) in enumerate(zip(rows, row_spans)):
        first_y = max((b.y for n, b in boxes.items() if pack.products[n].family in families), default=upper)
        lane = Rectangle((MARGIN + shift_x - 0.1, lower), lane_end - MARGIN - shift_x + 0.1, upper - lower, facecolor=LANES[r % 2], edgecolor="none", zorder=0)
        lane.set_gid(f"lane:{' / '.join(families)}")
        ax.add_patch(lane)
        canvas.text(ax, MARGIN + shift_x, first_y, row_name(families), 8.5, ha="left", style="italic", color=canvas.MUTED, gid=f"row:{row_name(families)}", linespacing=1.1)

    patches = {}
    for name, b in boxes.items():
        product = pack.products[name]
        lines, note, size = _label(pack, name)
        patches[name] = canvas.box(ax, b, facecolor="#FFFFFF" if product.can_create else "#EEF0F1", edgecolor="#7F8C8D", gid=f"node:{name}")
        name_height = _height(lines, size)
        note_height = _height("x", NOTE_SIZE)
        top = b.y + (name_height + note_height) / 2
        canvas.text(ax, b.x, top - name_height / 2, lines, size, weight="bold", linespacing=1.1, gid=f"name:{name}")
        canvas.text(ax, b.x, top - name_height - note_height / 2 + 0.02, note, NOTE_SIZE, color=canvas.MUTED, gid=f"note:{name}")

    obstacles = dict(boxes)
    hub = None
    if summary.converter and divider is not None:
        hub, hub_patch = _converter_box(ax, summary, boxes, divider)
        obstacles["Converter"] = hub

    x0 = MARGIN + shift_x + max(_width(row_name(f), 8.5) for f in rows) + 0.05
    frame = Box((x0 + lane_end) / 2, (rows_bottom + column_y - 0.2) / 2, (lane_end - x0) / 2, (column_y - 0.2 - rows_bottom) / 2 + 0.05)
    sides: dict[str, int] = {}
    for edge in summary.edges:
        start, end = boxes[edge.source], boxes[edge.target]
        others = [b for n, b in obstacles.items() if n not in (edge.source, edge.target)]
        rad, points = (0.0, _chain_points(start, end)) if edge.kind == "chain" else clear_route(start, end, others, frame, sides, edge)
        style = REFUSED if edge.kind == "exception" else STYLES[edge.style]  # an exception: no move, dotted
        arrow = " <-> " if edge.both else " -> "
        canvas.arrow(
            ax, patches[edge.source], patches[edge.target], start, end, rad, style["color"], style["linestyle"],
            linewidth={"move": 1.9 if edge.style == "one-way" else 1.3, "chain": 1.1, "to-row": 2.2, "exception": 1.0}[edge.kind], head={"chain": 8}.get(edge.kind, 11),
            both=edge.both, points=points,
            gid=f"{edge.kind}:{edge.source}{arrow}{edge.target}: {edge.style}",
        )
    if hub is not None:
        style = STYLES["convert"]
        for source in summary.converter:
            start = boxes[source]
            others = [b for n, b in boxes.items() if n != source]
            rad, points = clear_route(start, hub, others, frame, sides, None)
            canvas.arrow(ax, patches[source], hub_patch, start, hub, rad, style["color"], style["linestyle"], linewidth=1.3, head=11, points=points,
                         gid=f"converter:{source} -> Converter")
    _rails(ax, pack, summary, boxes, row_spans, lane_end)

    legend = [(STYLES[k]["label"], {"color": STYLES[k]["color"], "linestyle": STYLES[k]["linestyle"]}) for k in used]
    if any(e.kind == "exception" for e in summary.edges):
        legend.append((NO_MOVE, {"color": REFUSED["color"], "linestyle": REFUSED["linestyle"]}))
    y = MARGIN + 0.35 + key_height + 0.2
    x = (width - canvas.legend_width(entries)) / 2
    x = canvas.legend_row(ax, x, y, legend)
    if both:
        both_ways_sample(ax, x, y)
    key_width = max((_width(line, 8.5) for line in key), default=0)
    for i, line in enumerate(key):
        canvas.text(ax, (width - key_width) / 2, y - 0.3 - i * 0.19, line, 8.5, ha="left", gid=f"key:{i + 1}")
    canvas.text(ax, width / 2, MARGIN + 0.02, footnote, 8, color=canvas.MUTED, gid="note:no-line")
    figure.set_label(describe(pack, names, summary))
    return figure


def _chain_points(start: Box, end: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    """Releases next to each other: down a column, bottom to top; else across the gap
    between two columns of one row, side to side (no box of another row is that close)."""
    if abs(start.x - end.x) < 1e-6:
        down = 1 if end.y < start.y else -1
        return (start.x, start.y - down * start.half_height), (end.x, end.y + down * end.half_height)
    right = 1 if end.x > start.x else -1
    return (start.x + right * start.half_width, start.y), (end.x - right * end.half_width, end.y)


def _converter_box(ax, summary: Summary, boxes: dict[str, Box], x: float):
    """The Converter box between the eras, level with the products it takes."""
    name, words = "Converter", "the VM rebuilt,\nto any of today's\nproducts"
    (w, h), (nw, nh) = canvas.text_size(words, 8.5), canvas.text_size(name, 9, True)
    ys = [boxes[n].y for n in summary.converter]
    hub = Box(x, sum(ys) / len(ys), max(w, nw) / 2 + 0.14, (h + nh) / 2 + 0.1)
    style = STYLES["convert"]
    patch = canvas.box(ax, hub, facecolor=style["fill"], edgecolor=style["color"], linewidth=1.3, gid="node:Converter")
    top = hub.y + (h + nh) / 2
    canvas.text(ax, hub.x, top - nh / 2, name, 9, weight="bold", gid="name:Converter")
    canvas.text(ax, hub.x, top - nh - h / 2, words, 8.5, linespacing=1.1, gid="note:Converter")
    return hub, patch


def _rails(ax, pack: RulePack, summary: Summary, boxes: dict[str, Box], row_spans, lane_end: float) -> None:
    """One rail a kind at the right: a spine, and a tick into each row it joins."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    rows = summary.rows
    anchor = {}
    for r, families in enumerate(rows):
        ys = [b.y for n, b in boxes.items() if pack.products[n].family in families and pack.products[n].is_today]
        anchor[r] = max(ys) if ys else (row_spans[r][0] + row_spans[r][1]) / 2
    count = len(summary.rails)
    for i, rail in enumerate(summary.rails):
        style = STYLES[rail.style]
        x = lane_end + 0.3 + i * RAIL_STEP
        offset = (i - (count - 1) / 2) * 0.12
        joined = sorted(rail.rows + rail.others)
        ys = [anchor[r] + offset for r in joined]
        spine = Line2D([x, x], [min(ys), max(ys)], color=style["color"], linestyle=style["linestyle"], linewidth=1.6, zorder=3)
        spine.set_gid(f"rail:{rail.style}: " + " | ".join(" / ".join(rows[r]) for r in joined))
        ax.add_line(spine)
        for r, y in zip(joined, ys):
            tick = FancyArrowPatch((x, y), (lane_end, y), arrowstyle="-|>", mutation_scale=10, color=style["color"], linewidth=1.6, zorder=3, shrinkA=0, shrinkB=0)
            tick.set_gid(f"rail-tick:{rail.style}: {' / '.join(rows[r])}")
            ax.add_artist(tick)
        canvas.text(ax, x + 0.13, (min(ys) + max(ys)) / 2, _rail_words(rail, rows), 8, rotation=90, color=style["color"], gid=f"rail-text:{rail.style}")


def _rail_words(rail: Rail, rows) -> str:
    label = STYLES[rail.style]["label"]
    plain = tuple(w.removesuffix("*") for w in rail.words)
    if plain and plain != ("OK",):
        label = "; ".join(plain)
    if not rail.others:
        return f"{label} between any two rows on this rail"
    return f"{label}: between {', '.join(' / '.join(rows[r]) for r in rail.rows)} and each other row on this rail"


def _key_lines(summary: Summary) -> list[str]:
    """What the summaries stand for, in words: only those drawn."""
    kinds = {e.kind for e in summary.edges}
    lines = []
    drawn = [words for words, shown in (("a thin line joins releases next to each other in a row", "chain" in kinds), ("the rails at the right join rows", summary.rails)) if shown]
    if drawn:
        lines.append("Today's products, oldest first down each column: " + "; ".join(drawn) + ".")
    if summary.by_hardware:
        lines.append("Among today's products a VM moves as it is" + (", as those lines show," if drawn else "") + " to any product that runs its hardware (each box: the newest it runs).")
        lines.append("To any other of today's products it moves by the Converter: the VM rebuilt at hardware the target runs.")
    if "exception" in kinds:
        lines.append("A grey dotted line: no move there, although the rule above would give one (see vmgraph matrix).")
    if "to-row" in kinds:
        lines.append("A thick line into the first release of a row of today's products: the same move to every release in that row.")
    return lines


def describe(pack: RulePack, names: list[str], summary: Summary) -> str:
    """Alt text for the map of many products: what it shows, in words."""
    columns = sorted({column_of(pack, n) for n in names})
    parts = [f"{column_name(c).replace(chr(10), ' ')}: {', '.join(n for n in names if column_of(pack, n) == c)}" for c in columns]
    counts = {kind: sum(1 for e in summary.edges if e.kind == kind) for kind in ("move", "chain", "to-row")}
    return (f"Product map: {len(names)} products, the guide's in generation columns and today's in hardware bands ({'; '.join(parts)}); "
            f"{counts['move']} lines for single moves, {counts['chain']} between releases next to each other, {counts['to-row']} into a whole row of today's products; "
            f"{len(summary.rails)} rails between rows of today's products"
            + (f"; the Converter from {', '.join(summary.converter)} to any of today's products." if summary.converter else "."))
