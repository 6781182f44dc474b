"""One route as a picture: the states it passes, its numbered steps, and the steps in words.

Only the route's own states are drawn, in generation columns, so the picture
is small and every arc is chosen to miss every box; each step's number sits on
its arc where it covers no box and no other number. A refused route shows the
move that was asked for, crossed out, and the guide's reasons.
"""

from __future__ import annotations

import textwrap

from ..vm.hardware import column_title, compact_name
from ..pack.model import RulePack, State
from ..planning.state_graph import StateGraph
from . import canvas
from .canvas import Box
from .styles import REFUSED, STYLES, edge_style

NAME_SIZE = 9.5
NOTE_SIZE = 8.5
LIST_SIZE = 9.0
COLUMN_GAP = 1.6
ROW_GAP = 1.0
MARGIN = 0.3
BADGE = 0.13  # radius of a step number's disc, inches
MODE_WORDS = {"native": "", "legacy": " (legacy)", "interoperable": " (interoperable)"}


def _where(state: State) -> str:
    return f"{state.product} ({compact_name(state.hardware)})"


def _label(states: StateGraph, state: State) -> tuple[str, str]:
    today = states.pack.products[state.product].is_today  # runs older versions as they are: no mode to name
    mode = "" if today else MODE_WORDS[states.mode(state)]
    return "\n".join(textwrap.wrap(state.product, 20)), compact_name(state.hardware) + mode


def _box_size(name: str, note: str) -> tuple[float, float]:
    name_w, name_h = canvas.text_size(name, NAME_SIZE, True)
    note_w, note_h = canvas.text_size(note, NOTE_SIZE)
    return max(name_w, note_w) + 0.35, name_h + note_h + 0.14


def _draw_node(ax, b: Box, name: str, note: str, gid: str, emphasis: bool = False, dashed: bool = False, faded: bool = False):
    edge = canvas.INK if emphasis else "#7F8C8D"
    patch = canvas.box(ax, b, facecolor="#FDF2E9" if emphasis else "#FFFFFF", edgecolor=edge, linewidth=2.0 if emphasis else 1.0,
                       linestyle=(0, (4, 2)) if dashed else "-", gid=gid)
    name_h = canvas.text_size(name, NAME_SIZE, True)[1]
    note_h = canvas.text_size(note, NOTE_SIZE)[1]
    top = b.y + (name_h + note_h) / 2
    color = "#8A8A8A" if faded else canvas.INK
    canvas.text(ax, b.x, top - name_h / 2, name, NAME_SIZE, weight="bold", color=color, linespacing=1.1)
    canvas.text(ax, b.x, top - name_h - note_h / 2 + 0.02, note, NOTE_SIZE, color=canvas.MUTED)
    return patch


def _badge(ax, x: float, y: float, words: str, color: str, gid: str, size: float = 9):
    from matplotlib.patches import Circle

    disc = Circle((x, y), BADGE, facecolor=color, edgecolor="white", linewidth=1.2, zorder=8)
    disc.set_gid(gid)
    ax.add_artist(disc)
    canvas.text(ax, x, y, words, size, weight="bold", color="white", zorder=9)


def _place_badge(start: Box, end: Box, rad: float, avoid: list[Box]) -> tuple[float, float]:
    """A point on the arc where a step number's disc covers no box and no other number."""
    for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82):
        x, y = canvas.arc_point((start.x, start.y), (end.x, end.y), rad, t)
        disc = Box(x, y, BADGE, BADGE)
        if not any(disc.overlaps(b, 0.03) for b in avoid + [start, end]):
            return x, y
    return canvas.arc_point((start.x, start.y), (end.x, end.y), rad, 0.5)


def _column_layout(states: StateGraph, order: list[State], sizes: dict[State, tuple[float, float]], top: float, left: float):
    """States in generation columns (by product generation), stacked in route order."""
    pack = states.pack
    generations = sorted({pack.products[s.product].generation for s in order})
    columns = {g: [s for s in order if pack.products[s.product].generation == g] for g in generations}
    widths = {g: max(sizes[s][0] for s in columns[g]) for g in generations}
    boxes, headers, x = {}, [], left
    bottom = top
    for g in generations:
        centre = x + widths[g] / 2
        headers.append((g, centre))
        y = top
        for state in columns[g]:
            w, h = sizes[state]
            boxes[state] = Box(centre, y - h / 2, w / 2, h / 2)
            y -= h + ROW_GAP
        bottom = min(bottom, y + ROW_GAP)
        x += widths[g] + COLUMN_GAP
    return boxes, headers, x - COLUMN_GAP, bottom


def draw_route(pack: RulePack, route, target_name: str | None = None, states: StateGraph | None = None):
    """A found route, or a refused one with its reasons, as a Figure sized to its content."""
    states = states or StateGraph(pack)
    if not route.found:
        return _draw_refused(states, route, target_name)
    order = list(dict.fromkeys([route.source] + [s.target for s in route.steps]))
    labels = {s: _label(states, s) for s in order}
    sizes = {s: _box_size(*labels[s]) for s in order}
    numbered = list(enumerate(route.steps, 1))
    lines = []
    for number, step in numbered:
        if step.kind == "prepare":
            lines.append((number, "prepare", f"At {_where(step.source)}: {step.instructions}"))
        else:
            flag = " · point of no return" if step.point_of_no_return else ""
            flag += "".join(f" · ⚠ {condition}" for condition in step.conditions)
            lines.append((number, edge_style(step), f"{_where(step.source)} → {_where(step.target)} · {', '.join(step.tags)}{flag}"))
    wrapped = [(n, key, textwrap.fill(words, 96)) for n, key, words in lines]
    list_height = sum(canvas.text_size(words, LIST_SIZE)[1] + 0.08 for _, _, words in wrapped)
    list_width = max(canvas.text_size(words, LIST_SIZE)[0] for _, _, words in wrapped) + 0.45
    # Lay out once to learn the drawing's extent, then place it.
    boxes, headers, right, bottom = _column_layout(states, order, sizes, 0.0, 0.0)
    graph_width, graph_height = right, -bottom
    used = list(dict.fromkeys(k for _, k, _ in lines if k != "prepare"))
    legend = [STYLES[k]["label"] for k in used]
    width = max(graph_width + 2 * MARGIN + 0.6, list_width + 2 * MARGIN, canvas.legend_width(legend) + 2 * MARGIN, 6.0)
    height = MARGIN + 0.5 + 0.45 + graph_height + 0.55 + list_height + 0.6 + MARGIN
    figure, ax = canvas.new_figure(width, height)
    top = height - MARGIN - 0.5 - 0.45
    left = (width - graph_width) / 2
    boxes, headers, _, _ = _column_layout(states, order, sizes, top, left)
    title = f"Route: {_where(route.source)} → {_where(route.target)}"
    canvas.text(ax, width / 2, height - MARGIN - 0.15, title, 12, weight="bold", gid="title")
    for generation, x in headers:
        canvas.text(ax, x, top + 0.25, column_title(generation), 9.5, weight="bold", color="#34495E", gid=f"column:{generation}")
    patches = {}
    for state, b in boxes.items():
        ends = state in (route.source, route.target)
        patches[state] = _draw_node(ax, b, *labels[state], gid=f"node:{state.label()}", emphasis=ends, dashed=states.mode(state) != "native")
    frame = Box(width / 2, (top + 0.1 + bottom_of(boxes) - 0.3) / 2, width / 2 - 0.1, (top + 0.1 - bottom_of(boxes) + 0.3) / 2)
    badges: list[Box] = []
    prepared: dict[State, int] = {}
    for number, step in numbered:
        if step.kind == "prepare":
            b = boxes[step.source]
            offset = prepared.get(step.source, 0)
            prepared[step.source] = offset + 1
            x, y = b.x - b.half_width - BADGE - 0.06 - offset * 2.3 * BADGE, b.y
            _badge(ax, x, y, str(number), "#7F8C8D", gid=f"step:{number}")
            badges.append(Box(x, y, BADGE, BADGE))
            continue
        start, end = boxes[step.source], boxes[step.target]
        others = [o for s, o in boxes.items() if s not in (step.source, step.target)]
        rad = canvas.clear_bend(start, end, others + badges, inside=frame)
        rad = canvas.least_crossed_bend(start, end, others + badges) if rad is None else rad
        style = STYLES[edge_style(step)]
        canvas.arrow(ax, patches[step.source], patches[step.target], start, end, rad, style["color"], style["linestyle"],
                     linewidth=3.2 if step.point_of_no_return else 2.4, head=16, gid=f"route:{step.source.label()}->{step.target.label()}")
        x, y = _place_badge(start, end, rad, list(boxes.values()) + badges)
        _badge(ax, x, y, str(number), style["color"], gid=f"step:{number}")
        badges.append(Box(x, y, BADGE, BADGE))
    # The steps in words, numbered like the runbook.
    y = bottom_of(boxes) - 0.55
    x0 = (width - list_width) / 2
    for number, key, words in wrapped:
        h = canvas.text_size(words, LIST_SIZE)[1]
        color = "#7F8C8D" if key == "prepare" else STYLES[key]["color"]
        line_y = y - canvas.text_size("x", LIST_SIZE)[1] / 2
        _badge(ax, x0 + BADGE, line_y, str(number), color, gid=f"list-step:{number}", size=8.5)
        canvas.text(ax, x0 + 0.4, y, words, LIST_SIZE, ha="left", va="top", linespacing=1.25, gid=f"list:{number}")
        y -= h + 0.08
    entries = [(STYLES[k]["label"], {"color": STYLES[k]["color"], "linestyle": STYLES[k]["linestyle"]}) for k in used]
    canvas.legend_row(ax, (width - canvas.legend_width(legend)) / 2, MARGIN + 0.2, entries)
    figure.set_label(f"{title}. " + " ".join(f"Step {n}: {words}." for n, _, words in lines))
    return figure


def bottom_of(boxes: dict) -> float:
    return min(b.y - b.half_height for b in boxes.values())


def _draw_refused(states: StateGraph, route, target_name: str | None):
    """The move asked for, crossed out, and the guide's words on why and what instead."""
    source = route.source
    targets = [target_name] if target_name else list(route.target_products)
    name, note = _label(states, source)
    source_size = _box_size(name, note)
    target_labels = [("\n".join(textwrap.wrap(t, 20)), "asked for") for t in targets]
    target_sizes = [_box_size(*label) for label in target_labels]
    why = route.reason or ""
    for reason in dict.fromkeys(r.reason for r in route.refusals):
        why = why.replace(" " + reason, "")  # said below, with the guide's page
    paragraphs = [("Why", why)]
    for refusal in dict.fromkeys((r.reason, r.advice, r.reference.cite()) for r in route.refusals):
        paragraphs.append(("The guide", f"{refusal[0]} ({refusal[2]})"))
        if refusal[1]:
            paragraphs.append(("Instead", refusal[1]))
    for relaxation in route.relaxations:
        paragraphs.append(("Would work", f"{relaxation.change}: {relaxation.description}"))
    if not route.relaxations:
        paragraphs.append(("Would work", "no single change of options gives a route"))
    blocks = [(head, textwrap.fill(words, 90)) for head, words in paragraphs]
    head_width = max(canvas.text_size(head, LIST_SIZE, True)[0] for head, _ in blocks) + 0.2
    text_width = head_width + max(canvas.text_size(words, LIST_SIZE)[0] for _, words in blocks)
    text_height = sum(canvas.text_size(words, LIST_SIZE)[1] + 0.1 for _, words in blocks)
    graph_width = source_size[0] + 2.4 + max(w for w, _ in target_sizes)
    graph_height = max(source_size[1], sum(h for _, h in target_sizes) + ROW_GAP * (len(targets) - 1))
    width = max(graph_width, text_width) + 2 * MARGIN + 0.2
    height = MARGIN + 0.5 + 0.3 + graph_height + 0.5 + text_height + MARGIN
    figure, ax = canvas.new_figure(width, height)
    title = f"No route: {_where(source)} → {' or '.join(targets)}"
    canvas.text(ax, width / 2, height - MARGIN - 0.15, title, 12, weight="bold", gid="title")
    top = height - MARGIN - 0.5 - 0.3
    left = (width - graph_width) / 2
    middle = top - graph_height / 2
    source_box = Box(left + source_size[0] / 2, middle, source_size[0] / 2, source_size[1] / 2)
    source_patch = _draw_node(ax, source_box, name, note, gid=f"node:{source.label()}", emphasis=True, dashed=states.mode(source) != "native")
    y = middle + graph_height / 2
    for index, ((t_name, t_note), (w, h)) in enumerate(zip(target_labels, target_sizes)):
        b = Box(left + graph_width - w / 2, y - h / 2, w / 2, h / 2)
        patch = _draw_node(ax, b, t_name, t_note, gid=f"target:{targets[index]}", dashed=True, faded=True)
        canvas.arrow(ax, source_patch, patch, source_box, b, 0.0, REFUSED["color"], (0, (2, 2)), linewidth=2.0, head=14, gid=f"refused:{source.label()}->{targets[index]}")
        mx, my = (source_box.x + source_box.half_width + b.x - b.half_width) / 2, (source_box.y + b.y) / 2
        _badge(ax, mx, my, "✗", "#1B1B1B", gid=f"refused-mark:{targets[index]}", size=10)
        canvas.text(ax, mx, my - BADGE - 0.14, "no route", 8.5, color=canvas.MUTED)
        y -= h + ROW_GAP
    y = top - graph_height - 0.5
    x0 = (width - text_width) / 2
    for index, (head, words) in enumerate(blocks):
        canvas.text(ax, x0, y, head, LIST_SIZE, ha="left", va="top", weight="bold", gid=f"why-head:{index}")
        canvas.text(ax, x0 + head_width, y, words, LIST_SIZE, ha="left", va="top", linespacing=1.25, gid=f"why:{index}")
        y -= canvas.text_size(words, LIST_SIZE)[1] + 0.1
    figure.set_label(f"{title}: the move is crossed out. " + " ".join(f"{head}: {' '.join(words.split())}." for head, words in blocks))
    return figure
