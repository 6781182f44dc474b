"""The product map as an interactive web page (``vmgraph draw map.html``), self-contained.

One box per product (the guide's products in generation columns, today's in hardware bands,
one row per family, as the PNG map has them) and, on a map of up to DETAILED_AT_MOST products,
one line per direct move, coloured by what it takes (the matrix's words: `Matrix.cell`, so the
page, the map and `vmgraph matrix` agree). Hover or focus a product: its moves are highlighted
and listed with what each takes. Click two products (or pick them in the two lists): the route
between them, with its steps, sources and command, or why there is none and vmgraph's
suggestions. Those answers are computed when the page is written (no server): for every
ordered pair of a map of up to ROUTED_AT_MOST products; a larger map gives the command to run.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..overview.matrix import Matrix
from ..pack.model import RulePack
from ..planning.records import Route
from .html_page import KIND_COLOURS, KIND_WORDS, json_data, page, text
from .map_html_script import MAP_CSS, MAP_JS
from .map_parts import product_note, row_name
from .map_summary import DETAILED_AT_MOST, column_name, column_of, rows_of
from .routes import command_for, path_of, summary, where
from .styles import REFUSED, cell_style, cell_words, edge_style

ROUTED_AT_MOST = 30  # products: routes for every ordered pair of them are written into the page
BOX_WIDTH, BOX_HEIGHT, COLUMN_GAP, ROW_GAP, LEFT, TOP = 170, 46, 60, 22, 150, 56


def layout(pack: RulePack, names: list[str]) -> tuple[dict[str, tuple[int, int]], list[tuple[str, int]], list[tuple[str, int]], int, int]:
    """Each product's top-left corner, the column and row titles with their places, and the size."""
    columns = sorted({column_of(pack, name) for name in names})
    rows = rows_of(pack, names, lambda name: column_of(pack, name))
    places: dict[str, tuple[int, int]] = {}
    row_titles = []
    y = TOP
    for families in rows:
        stacks = {column: [n for n in names if pack.products[n].family in families and column_of(pack, n) == column] for column in columns}
        depth = max(len(stack) for stack in stacks.values())
        row_titles.append((row_name(families), y + BOX_HEIGHT // 2 + 4))
        for index, column in enumerate(columns):
            for k, name in enumerate(stacks[column]):
                places[name] = (LEFT + index * (BOX_WIDTH + COLUMN_GAP), y + k * (BOX_HEIGHT + ROW_GAP))
        y += depth * (BOX_HEIGHT + ROW_GAP) + ROW_GAP
    column_titles = [(column_name(column).replace("\n", " "), LEFT + i * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH // 2) for i, column in enumerate(columns)]
    return places, column_titles, row_titles, LEFT + len(columns) * (BOX_WIDTH + COLUMN_GAP), y + 10


def moves(pack: RulePack, names: list[str], matrix: Matrix) -> list[list[Any]]:
    """Every direct move among `names`: [from, to, style, what it takes in words] (indexes into names)."""
    found = []
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if a != b:
                cell = matrix.cell(a, b)
                if cell.supported:
                    found.append([i, j, cell_style(cell), ", ".join(cell_words(cell))])
    return found


def route_data(route: Route, extra: Sequence[str]) -> dict[str, Any]:
    """One pair's answer, as the page shows it."""
    command = command_for(route.request, extra, route=route) if route.request else None
    if not route.found:
        return {"found": False, "reason": route.reason or "", "command": command,
                "said": [[r.reason, r.reference.where(), r.advice or ""] for r in dict.fromkeys(route.refusals)],
                "suggestions": [[r.change, r.description, command_for(r.request, extra, route=route)] for r in route.relaxations if r.request]}
    steps = [[where(step.source, route) if step.kind == "prepare" else f"{where(step.source, route)} → {where(step.target, route)}",
              edge_style(step), list(step.tags), step.instructions, step.reference.where(), step.reference.url or "", " ".join(step.inferences)]
             for step in route.steps]
    return {"found": True, "path": [state.product for state in path_of(route)], "steps": steps, "summary": summary(route), "command": command}


def to_html(pack: RulePack, names: list[str], extra: Sequence[str] = (), title: str | None = None) -> str:
    from ..planning.planner import plan

    matrix = Matrix(pack)
    places, column_titles, row_titles, width, height = layout(pack, names)
    found = moves(pack, names, matrix)
    routes = None
    if len(names) <= ROUTED_AT_MOST:
        routes = {f"{i},{j}": route_data(plan(a, b, pack=pack), extra) for i, a in enumerate(names) for j, b in enumerate(names) if a != b}
    data = {
        "products": [{"name": name, "note": product_note(pack, name), "x": places[name][0], "y": places[name][1]} for name in names],
        "moves": found, "box": [BOX_WIDTH, BOX_HEIGHT], "lines": len(names) <= DETAILED_AT_MOST,
        "kinds": {key: [KIND_WORDS[key], *KIND_COLOURS[key]] for key in KIND_COLOURS},
        "routes": routes, "routed_at_most": ROUTED_AT_MOST, "extra": " ".join(extra),
    }
    title = title or f"Product map: {len(names)} products, {len(found)} direct moves"
    kinds = list(dict.fromkeys(style for _, _, style, _ in found))
    legend = "".join(f'<li><span class="key" style="--line:{KIND_COLOURS[k][0]};--fill:{KIND_COLOURS[k][1]}" aria-hidden="true"></span>{text(KIND_WORDS[k])}</li>' for k in kinds)
    options = "".join(f'<option value="{i}">{text(name)}</option>' for i, name in enumerate(names))
    body = (
        f"<header><h1>{text(title)}</h1>\n<p class=\"muted\">Which products can a VM move between directly, and what does each move take? "
        "Hover or focus a product to see its moves; click two products (or pick them below) to see the route between them.</p></header>\n<main>\n"
        f'<ul class="legend" aria-label="What a move takes">{legend}</ul>\n'
        f'<div class="map-wrap">{_svg(pack, names, places, column_titles, row_titles, width, height, found)}</div>\n'
        '<div class="pickers no-print"><label for="route-from">From</label> <select id="route-from"><option value="">choose a product</option>'
        f'{options}</select> <label for="route-to">To</label> <select id="route-to"><option value="">choose a product</option>{options}</select> '
        '<button type="button" id="route-clear">Clear</button></div>\n'
        '<section id="map-panel" aria-live="polite" aria-labelledby="panel-title"><h2 id="panel-title">Moves</h2>'
        '<p id="panel-hint">Hover or focus a product to list its moves.</p><div id="panel-body"></div></section>\n'
        f"{json_data('vmgraph-map', data)}</main>\n"
    )
    return page(title, body, MAP_CSS, MAP_JS)


def _svg(pack: RulePack, names: list[str], places: dict, column_titles: list, row_titles: list, width: int, height: int, found: list) -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-labelledby="map-title">'
             f'<title id="map-title">The product map: {len(names)} products; each is a button</title>',
             '<defs>' + "".join(f'<marker id="head-{key.replace("/", "-")}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
                                f'<path d="M0,0 L10,5 L0,10 z" fill="{line}"/></marker>' for key, (line, _) in KIND_COLOURS.items()) + "</defs>"]
    parts += [f'<text class="column-title" x="{x}" y="30" text-anchor="middle" font-size="13" font-weight="600" fill="#1d2327">{text(words)}</text>' for words, x in column_titles]
    parts += [f'<text class="row-title" x="10" y="{y}" font-size="12" fill="#50575e">{text(_cut(words, 22))}</text>' for words, y in row_titles]
    parts.append('<g id="lines" aria-hidden="true">')
    if len(names) <= DETAILED_AT_MOST:
        for i, j, style, words in found:
            parts.append(_line(places[names[i]], places[names[j]], style, i, j))
    parts.append('</g><g id="highlight" aria-hidden="true"></g><g id="boxes">')
    for i, name in enumerate(names):
        x, y = places[name]
        outgoing = sum(1 for a, _, _, _ in found if a == i)
        incoming = sum(1 for _, b, _, _ in found if b == i)
        note = product_note(pack, name)
        parts.append(f'<g class="product" data-i="{i}" tabindex="0" role="button" aria-pressed="false">'
                     f'<title>{text(name)} ({text(note)}): {outgoing} moves out, {incoming} in</title><rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="5"/>'
                     f'<text x="{x + BOX_WIDTH // 2}" y="{y + 19}" text-anchor="middle" font-size="12.5" font-weight="600"{_squeeze(name, 22)}>{text(name)}</text>'
                     f'<text x="{x + BOX_WIDTH // 2}" y="{y + 36}" text-anchor="middle" font-size="11" class="note"{_squeeze(note, 27)}>{text(note)}</text></g>')
    parts.append("</g></svg>")
    return "".join(parts)


def _line(start: tuple[int, int], end: tuple[int, int], style: str, i: int, j: int) -> str:
    (x1, y1), (x2, y2) = edge_points(start, end)
    line = KIND_COLOURS.get(style, (REFUSED["color"], ""))[0]
    return (f'<line class="move" data-from="{i}" data-to="{j}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{line}" '
            f'stroke-width="1.3" marker-end="url(#head-{style.replace("/", "-")})"/>')


def edge_points(start: tuple[int, int], end: tuple[int, int]) -> tuple[tuple[float, float], tuple[float, float]]:
    """A line from one box's edge to another's, shifted to its right so the way back is apart."""
    ax, ay = start[0] + BOX_WIDTH / 2, start[1] + BOX_HEIGHT / 2
    bx, by = end[0] + BOX_WIDTH / 2, end[1] + BOX_HEIGHT / 2
    dx, dy = bx - ax, by - ay
    length = max((dx * dx + dy * dy) ** 0.5, 1)
    ox, oy = -dy / length * 4, dx / length * 4  # 4 px to the right of the way

    def cut(px: float, py: float, ux: float, uy: float) -> tuple[float, float]:
        scale = min(BOX_WIDTH / 2 / abs(ux) if ux else 1e9, BOX_HEIGHT / 2 / abs(uy) if uy else 1e9)
        return px + ux * scale + ox, py + uy * scale + oy

    return cut(ax, ay, dx, dy), cut(bx, by, -dx, -dy)


def _squeeze(words: str, most: int) -> str:
    """Attributes that fit a long text into its box: squeezed, never cut (it stays the whole name)."""
    return f' textLength="{BOX_WIDTH - 10}" lengthAdjust="spacingAndGlyphs"' if len(words) > most else ""


def _cut(words: str, most: int) -> str:
    return words if len(words) <= most else words[: most - 1] + "…"
