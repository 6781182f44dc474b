"""The guide's tables as a picture: created-under rows by moved-to columns.

Each cell is coloured by what the move takes (the colours of the product map
and the route drawings) and says it in a few words; a refused move is a plain
cross on white, so the gaps stand out. Also the 4x4 cross-generation summary.
"""

from __future__ import annotations

import textwrap
from typing import Iterable

from ..vm.hardware import column_title, short_name, vmx_name
from ..overview.matrix import OK, Matrix
from ..pack.model import RulePack
from . import canvas
from .styles import REFUSED, SHORT, STYLES, SUMMARY_STYLES, UNDESCRIBED, cell_style, cell_words, style_of

CELL_WIDTH = 1.12
CELL_HEIGHT = 0.56
CELL_SIZE = 8.0
HEADER_SIZE = 8.5
MARGIN = 0.3
CROSS = "✗"
DASH = "–"


def _fit(words: str, width: float, size: float, bold: bool = False) -> str:
    """Words wrapped to lines no wider than `width` inches."""
    lines: list[str] = []
    for word in words.split():
        if lines and canvas.text_size(f"{lines[-1]} {word}", size, bold)[0] <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _legend_swatches(ax, y: float, width: float, entries: list[tuple[str, str, str, str | None]], size: float = 8.5) -> None:
    """Filled squares with their words, centred: (words, fill, edge, glyph)."""
    from matplotlib.patches import Rectangle

    widths = _legend_widths(entries, size)
    x = (width - sum(widths)) / 2
    for (words, fill, edge, glyph), step in zip(entries, widths):
        patch = Rectangle((x, y - 0.1), 0.22, 0.2, facecolor=fill, edgecolor=edge, linewidth=0.8, zorder=6)
        patch.set_gid(f"legend:{words}")
        ax.add_artist(patch)
        if glyph:
            canvas.text(ax, x + 0.11, y, glyph, 8, color=edge, zorder=7)
        canvas.text(ax, x + 0.32, y, words, size, ha="left", gid=f"legend-text:{words}")
        x += step


def _legend_widths(entries, size: float = 8.5) -> list[float]:
    return [0.32 + canvas.text_size(words, size)[0] + 0.35 for words, *_ in entries]


def _legend_width(entries, size: float = 8.5) -> float:
    return sum(_legend_widths(entries, size))


def _caveats(matrix: Matrix, rows: list[str], columns: list[str], cells) -> list[str]:
    """The warnings the cells carry (words that are not a move's short name), in reading order."""
    found: list[str] = []
    for row in rows:
        for column in columns:
            for words in cell_words(cells[(row, column)]):
                if words.rstrip("*") not in SHORT.values() and words not in found:
                    found.append(words)
    return found


def _band_title(level: int, today: bool) -> str:
    """A band of columns: "Generation 4" for the guide's products, "Hardware vmx-04" where today's
    products stand (a level they run is a hardware version, even generation 5's)."""
    if today:
        return f"Hardware {vmx_name(level) or short_name(level)}"
    return column_title(level)


def draw_matrix(pack: RulePack, products: Iterable[str] | None = None, matrix: Matrix | None = None, title: str | None = None):
    """The product-by-product table (`vmgraph matrix`) as a Figure."""
    from matplotlib.patches import Rectangle

    matrix = matrix or Matrix(pack)
    chosen = list(products) if products else None
    rows, columns = matrix.rows(chosen), matrix.columns(chosen)
    if not rows:
        from ..errors import DrawingError

        raise DrawingError("none of --products can create VMs, so there are no rows (the guide's rows are 'created under')")
    cells = {(c.source, c.target): c for c in matrix.cells(chosen)}
    row_names = {r: _fit(r, 1.6, 9, True) for r in rows}
    column_names = {c: _fit(c, CELL_WIDTH - 0.08, HEADER_SIZE, True) for c in columns}
    corner = "moved to →\ncreated under ↓"
    row_header = max([canvas.text_size(n, 9, True)[0] for n in row_names.values()] + [canvas.text_size(corner, 8.5)[0]]) + 0.3
    column_header = max(canvas.text_size(n, HEADER_SIZE, True)[1] for n in column_names.values()) + 0.15
    generation_of = {name: pack.products[name].generation for name in pack.products}
    today = {name for name in (*rows, *columns) if pack.products[name].is_today}
    used = [k for k in STYLES if any(cell_style(c) == k for c in cells.values())]
    entries = [(STYLES[k]["label"], STYLES[k]["fill"], STYLES[k]["color"], None) for k in used]
    kinds = {cell_style(c) for c in cells.values()}
    entries += [("not supported", REFUSED["fill"], REFUSED["color"], CROSS)] if "refused" in kinds else []
    undescribed = "not described by the guide" if not today else "no move: no source gives one"
    entries += [(undescribed, UNDESCRIBED["fill"], UNDESCRIBED["color"], DASH)] if "undescribed" in kinds else []
    width = max(MARGIN * 2 + row_header + len(columns) * CELL_WIDTH, 7.5, MARGIN * 2 + _legend_width(entries))
    # Today's cells are vmgraph's reading of its sources, not the guide's tables: say whose they are.
    whose = "vmgraph's rules" if today else "the guide's tables"
    inferred = (
        "* inferred: the guide implies it (vmgraph matrix gives the reasoning)" if not today
        else "* inferred: vmgraph's reading of its sources (vmgraph matrix gives the reasoning)"
    )
    caveats = _caveats(matrix, rows, columns, cells)  # the warnings, as numbered notes under the table
    notes = [inferred] + [f"⚠{n} {words}" for n, words in enumerate(caveats, 1)]
    note = textwrap.fill(".   ".join(notes) + ".   Colour: what the move takes, the most demanding first.", int((width - 2 * MARGIN) / 0.075))
    note_height = 0.16 * note.count("\n")
    height = MARGIN + 0.5 + 0.3 + column_header + len(rows) * CELL_HEIGHT + 0.95 + note_height + MARGIN
    figure, ax = canvas.new_figure(width, height)
    left = MARGIN + row_header
    top = height - MARGIN - 0.5 - 0.3 - column_header
    canvas.text(ax, width / 2, height - MARGIN - 0.15, title or f"Moving a VM: what {whose} say", 12, weight="bold", gid="title")
    canvas.text(ax, left - 0.12, top + column_header / 2, corner, 8.5, ha="right", style="italic", color=canvas.MUTED, linespacing=1.3, gid="axes")
    # Generation bands over the columns.
    groups: list[tuple[int, int, int]] = []  # generation, first column, last column
    for index, name in enumerate(columns):
        if groups and groups[-1][0] == generation_of[name]:
            groups[-1] = (groups[-1][0], groups[-1][1], index)
        else:
            groups.append((generation_of[name], index, index))
    for generation, first, last in groups:
        x0, x1 = left + first * CELL_WIDTH, left + (last + 1) * CELL_WIDTH
        band = _band_title(generation, any(name in today for name in columns[first : last + 1]))
        canvas.text(ax, (x0 + x1) / 2, top + column_header + 0.17, band, 9.5, weight="bold", color="#34495E", gid=f"band:{generation}")
        ax.add_line(_line([x0 + 0.04, x1 - 0.04], [top + column_header + 0.04] * 2, "#34495E", 1.0))
    for index, name in enumerate(columns):
        canvas.text(ax, left + (index + 0.5) * CELL_WIDTH, top + column_header / 2, column_names[name], HEADER_SIZE, weight="bold", linespacing=1.1, gid=f"column:{name}")
    for r, row in enumerate(rows):
        y = top - (r + 0.5) * CELL_HEIGHT
        canvas.text(ax, left - 0.12, y, row_names[row], 9, ha="right", weight="bold", linespacing=1.1, gid=f"row:{row}")
        for c, column in enumerate(columns):
            cell = cells[(row, column)]
            key = cell_style(cell)
            style = style_of(key)
            x = left + c * CELL_WIDTH
            patch = Rectangle((x, y - CELL_HEIGHT / 2), CELL_WIDTH, CELL_HEIGHT, facecolor=style["fill"], edgecolor="#FFFFFF", linewidth=1.5, zorder=2)
            patch.set_gid(f"cell:{row} -> {column}: {key}")
            ax.add_artist(patch)
            if key == "refused":
                canvas.text(ax, x + CELL_WIDTH / 2, y, CROSS, 11, color=REFUSED["color"], gid=f"text:{row} -> {column}:{CROSS}")
            elif key == "undescribed":
                canvas.text(ax, x + CELL_WIDTH / 2, y, DASH, 11, color=UNDESCRIBED["color"], gid=f"text:{row} -> {column}:{DASH}")
            else:
                lines, marks, as_it_is = [], [], False
                for words in cell_words(cell):
                    if words.rstrip("*") in SHORT.values():
                        lines.append(_fit(words, CELL_WIDTH - 0.06, CELL_SIZE))
                    else:
                        marks.append(f"⚠{caveats.index(words) + 1}")
                        if not lines:  # a caveat before any words of its own: the move as it is, with that caveat
                            lines, as_it_is = [SHORT[OK]], True
                if marks:
                    lines[0 if as_it_is else -1] += " " + " ".join(marks)
                canvas.text(ax, x + CELL_WIDTH / 2, y, "\n".join(lines), CELL_SIZE, linespacing=1.05, gid=f"text:{row} -> {column}:{' / '.join(cell_words(cell))}")
    # Thin rules between generations, across rows and columns.
    bottom = top - len(rows) * CELL_HEIGHT
    for _, first, _ in groups[1:]:
        x = left + first * CELL_WIDTH
        ax.add_line(_line([x, x], [bottom, top], "#34495E", 1.2))
    for r in range(1, len(rows)):
        if generation_of[rows[r]] != generation_of[rows[r - 1]]:
            y = top - r * CELL_HEIGHT
            ax.add_line(_line([left, left + len(columns) * CELL_WIDTH], [y, y], "#34495E", 1.2))
    _legend_swatches(ax, MARGIN + 0.55 + note_height, width, entries)
    canvas.text(ax, width / 2, MARGIN + 0.15 + note_height / 2, note, 8, color=canvas.MUTED, gid="note:inferred", linespacing=1.3)
    refused = sum(1 for c in cells.values() if not c.supported)
    figure.set_label(f"{'The guide' if not today else 'vmgraph'}'s table as a grid: {len(rows)} created-under rows by {len(columns)} moved-to columns; "
                     f"{len(cells) - refused} moves allowed, coloured by what they take, {refused} crossed out as not supported or not described.")
    return figure


def draw_generations(pack: RulePack, matrix: Matrix | None = None, title: str | None = None):
    """The guide's cross-generation summary (page 10) as a Figure."""
    from matplotlib.patches import Rectangle

    matrix = matrix or Matrix(pack)
    summary = matrix.generation_summary()
    generations = sorted({cell.source for cell in summary}, reverse=True)
    texts = {(cell.source, cell.target): cell.text for cell in summary}
    departures = [cell for cell in summary if cell.departure]
    below = 0.3 * len(departures)  # a line of explanation for each cell that departs from the guide's summary
    cell_w, cell_h = 1.75, 0.8
    row_header = canvas.text_size("Generation 5", 10, True)[0] + 0.3
    width = MARGIN * 2 + row_header + len(generations) * cell_w
    height = MARGIN + 0.5 + 0.3 + 0.35 + len(generations) * cell_h + 0.95 + below + MARGIN
    figure, ax = canvas.new_figure(width, height)
    left = MARGIN + row_header
    top = height - MARGIN - 0.5 - 0.3 - 0.35
    canvas.text(ax, width / 2, height - MARGIN - 0.15, title or "Moving a VM across generations (summarised from the guide's tables)", 12, weight="bold", gid="title")
    canvas.text(ax, left + len(generations) * cell_w / 2, top + 0.5, "moved to →", 8.5, style="italic", color=canvas.MUTED, gid="axes:columns")
    canvas.text(ax, MARGIN, top + 0.5, "created under ↓", 8.5, ha="left", style="italic", color=canvas.MUTED, gid="axes:rows")
    for index, generation in enumerate(generations):
        canvas.text(ax, left + (index + 0.5) * cell_w, top + 0.18, f"Generation {generation}", 10, weight="bold", color="#34495E", gid=f"column:{generation}")
        canvas.text(ax, left - 0.12, top - (index + 0.5) * cell_h, f"Generation {generation}", 10, ha="right", weight="bold", color="#34495E", gid=f"row:{generation}")
    for r, a in enumerate(generations):
        for c, b in enumerate(generations):
            words = texts[(a, b)]
            key, hatch = SUMMARY_STYLES.get(words, ("undescribed", None))
            style = style_of(key)
            x, y = left + c * cell_w, top - (r + 1) * cell_h
            patch = Rectangle((x, y), cell_w, cell_h, facecolor=style["fill"], edgecolor="#FFFFFF", linewidth=2, zorder=2)
            patch.set_gid(f"cell:{a} -> {b}: {key}")
            ax.add_artist(patch)
            if hatch:
                shade = Rectangle((x, y), cell_w, cell_h, facecolor="none", edgecolor=REFUSED["color"], hatch=hatch, linewidth=0, alpha=0.35, zorder=3)
                ax.add_artist(shade)
            glyph = f"{CROSS} " if key == "refused" and not hatch else ""
            mark = " *" if any((d.source, d.target) == (a, b) for d in departures) else ""
            canvas.text(ax, x + cell_w / 2, y + cell_h / 2, _fit(glyph + words + mark, cell_w - 0.2, 9), 9, linespacing=1.1,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": style["fill"], "edgecolor": "none"} if hatch else None,
                        gid=f"text:{a} -> {b}:{words}{mark}")
    entries = [("easy", STYLES["copy"]["fill"], STYLES["copy"]["color"], None), ("special steps", STYLES["export/import"]["fill"], STYLES["export/import"]["color"], None),
               ("one-way", STYLES["one-way"]["fill"], STYLES["one-way"]["color"], None), ("varies", STYLES["conditional"]["fill"], STYLES["conditional"]["color"], None),
               ("not supported", REFUSED["fill"], REFUSED["color"], CROSS)]
    _legend_swatches(ax, MARGIN + 0.55 + below, width, entries)
    canvas.text(ax, width / 2, MARGIN + 0.15 + below, "Hatched: only some moves work (\"... or not supported\"). vmgraph matrix shows each product pair.", 8, color=canvas.MUTED, gid="note:hatch")
    for index, cell in enumerate(departures):
        note = f"* {cell.source} → {cell.target}: vmgraph follows the guide's tables; its summary (p. 10) says \"{cell.guide}\"."
        canvas.text(ax, width / 2, MARGIN + 0.15 + 0.3 * (len(departures) - 1 - index), note, 8, color=canvas.MUTED, gid=f"note:departs:{cell.source}->{cell.target}")
    figure.set_label("The guide's cross-generation summary, recomputed from its tables: "
                     + "; ".join(f"generation {c.source} to {c.target}: {c.text}" + (f" (the guide's summary says {c.guide})" if c.departure else "") for c in summary) + ".")
    return figure


def _line(xs, ys, color: str, width: float):
    from matplotlib.lines import Line2D

    return Line2D(xs, ys, color=color, linewidth=width, zorder=4)
