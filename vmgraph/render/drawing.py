"""The state graph drawn with matplotlib, and saving every vmgraph picture.

Laid out as the guide reads: generations as columns from 2 to 5, product
families as rows, each product's legacy-mode states beside its native one.
The product map, the table grid and route drawings live beside this module
(product_map.py, matrix_drawing.py, route_drawing.py); they are saved here,
atomically and byte for byte the same for the same input.
matplotlib is imported inside the functions, never at module import, and only
its object API is used (no pyplot): drawing works headless and leaves no global
figure state behind.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Iterable

from ..vm.hardware import column_title, compact_name
from ..errors import DrawingError
from ..pack.model import FAMILIES, RulePack, State, Transition
from ..planning.places import PlaceGraph
from ..planning.state_graph import StateGraph
from .figure_files import FORMATS, Picture, check_path, inline, save_figure, write_figure  # noqa: F401 (the drawing API in one place)
from .styles import REFUSED, STYLES, edge_style  # noqa: F401 (edge_style: part of this module's API)

COLUMN_WIDTH = 5.0  # one generation
STATE_STEP = 1.5  # between a product's states
PRODUCT_STEP = 1.05  # between products of one family and generation
ROW_GAP = 0.7  # between family rows

def select_states(states: StateGraph, products: Iterable[str] | None = None, generations: Iterable[int] | None = None) -> list[State]:
    products = products or states.pack.default_view()
    wanted = set(products) if products else None
    gens = set(generations) if generations else None
    chosen = []
    for state in states.states:
        product = states.pack.products[state.product]
        if wanted is not None and state.product not in wanted:
            continue
        if gens is not None and (product.is_today or product.generation not in gens):
            continue
        chosen.append(state)
    return chosen


def layout(states: StateGraph, chosen: list[State]) -> dict[State, tuple[float, float]]:
    """Positions: x by product generation (then hardware), y by family (then product)."""
    pack = states.pack
    names = list(dict.fromkeys(s.product for s in chosen))
    generations = sorted({pack.products[n].generation for n in names})
    families = [f for f in FAMILIES if any(pack.products[n].family == f for n in names)]
    # A family row is as tall as its most crowded generation.
    height = {f: max(sum(1 for n in names if pack.products[n].family == f and pack.products[n].generation == g) for g in generations) for f in families}
    top, row_top = 0.0, {}
    for family in families:
        row_top[family] = top
        top -= height[family] * PRODUCT_STEP + ROW_GAP
    positions = {}
    for name in names:
        product = pack.products[name]
        siblings = [n for n in names if pack.products[n].family == product.family and pack.products[n].generation == product.generation]
        y = row_top[product.family] - siblings.index(name) * PRODUCT_STEP
        mine = sorted((s for s in chosen if s.product == name), key=lambda s: s.hardware)
        column = generations.index(product.generation) * COLUMN_WIDTH
        for index, state in enumerate(mine):
            # Native state at the column's centre; others step left (older) or right (newer).
            offset = (index - [s.hardware for s in mine].index(product.generation)) * STATE_STEP
            positions[state] = (column + offset, y)
    return positions


def node_label(states: StateGraph, state: State) -> str:
    today = states.pack.products[state.product].is_today
    mode = "" if today else {"native": "", "legacy": " (legacy)", "interoperable": " (interop.)"}[states.mode(state)]
    return "\n".join(textwrap.wrap(state.product, 16)) + f"\n{compact_name(state.hardware)}{mode}"


SCALE = (0.82, 0.9)  # inches per layout unit, across and down


def draw_graph(
    pack: RulePack,
    route=None,
    products: Iterable[str] | None = None,
    generations: Iterable[int] | None = None,
    hide_unsupported: bool = False,
    ax=None,
    states: StateGraph | None = None,
):
    """The state graph (or part of it) as a Figure sized to its content.

    With `route`, the route's own drawing instead (see route_drawing.draw_route).
    """
    from matplotlib.patches import FancyArrowPatch

    if route is not None:
        from .route_drawing import draw_route

        return draw_route(pack, route, states=states or StateGraph(pack))
    states = states or PlaceGraph(StateGraph(pack))
    chosen = select_states(states, products, generations)
    if not chosen:
        raise DrawingError("nothing to draw: no product matches --products and --generations")
    positions = layout(states, chosen)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    refused = [] if hide_unsupported else _refused_pairs(states, chosen)
    # Conversions are today's products' only: in the legend where a drawn state has one.
    shown_styles = {key: style for key, style in STYLES.items() if key != "convert" or any(states.pack.products[s.product].is_today for s in chosen)}
    entries = [s["label"] for s in shown_styles.values()] + ([REFUSED["label"]] if refused or not hide_unsupported else [])
    legend_rows = 1
    if ax is None:
        from . import canvas

        graph_width = (max(xs) - min(xs) + 3.6) * SCALE[0]
        width = max(graph_width, 6.5)
        legend_rows = 1 if canvas.legend_width(entries, 8) <= width - 0.4 else 2 if canvas.legend_width(entries[:4], 8) <= width - 0.4 else 3
        graph_height = (max(ys) - min(ys) + 1.5) * SCALE[1]
        height = graph_height + 0.55 + 0.3 * legend_rows + 0.15
        figure = Figure_(width, height)
        bottom = (0.3 * legend_rows + 0.15) / height
        ax = figure.add_axes(((width - graph_width) / 2 / width, bottom, graph_width / width, graph_height / height))
    figure = ax.figure
    ax.set_axis_off()
    ax.set_xlim(min(xs) - 2.3, max(xs) + 1.3)
    ax.set_ylim(min(ys) - 0.75, max(ys) + 0.75)

    _draw_headers(ax, states, chosen, positions)
    aspect = _aspect(ax)
    for (a, b) in refused:
        patch = FancyArrowPatch(positions[a], positions[b], arrowstyle="-", connectionstyle=f"arc3,rad={_clear_bend(positions, (a, b), aspect)}", color=REFUSED["color"], linestyle=REFUSED["linestyle"], linewidth=1.0, alpha=0.75, zorder=1, shrinkA=22, shrinkB=22)
        patch.set_gid(f"refused:{a.label()}->{b.label()}")
        ax.add_artist(patch)
    for transition in _edges(states, chosen):
        key = (transition.source, transition.target)
        style = STYLES[edge_style(transition)]
        bend = _clear_bend(positions, key, aspect)
        start_gap, end_gap = _gaps(ax, states, positions, key, bend)
        patch = FancyArrowPatch(
            positions[transition.source], positions[transition.target],
            arrowstyle="-|>", mutation_scale=10, connectionstyle=f"arc3,rad={bend}",
            color=style["color"], linestyle=style["linestyle"], linewidth=1.0, alpha=0.8, zorder=2, shrinkA=start_gap, shrinkB=end_gap,
        )
        patch.set_gid(f"edge:{transition.source.label()}->{transition.target.label()}")
        ax.add_artist(patch)
    for state, (x, y) in positions.items():
        mode = states.mode(state)
        text = ax.text(
            x, y, node_label(states, state), ha="center", va="center", fontsize=8, zorder=5, color="#1b1b1b", parse_math=False,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": "#ffffff" if mode == "native" else "#f4f6f6",
                  "edgecolor": "#8a9a9b", "linewidth": 0.8, "linestyle": "-" if mode == "native" else "--"},
        )
        text.set_gid(f"node:{state.label()}")
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=s["color"], linestyle=s["linestyle"], linewidth=2, label=s["label"]) for s in shown_styles.values()]
    if not hide_unsupported:
        handles.append(Line2D([], [], color=REFUSED["color"], linestyle=REFUSED["linestyle"], linewidth=2, label=REFUSED["label"]))
    columns = -(-len(handles) // legend_rows)
    legend = figure.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=columns, frameon=False, fontsize=8)
    legend.set_gid("legend")
    title = figure.suptitle("VM mobility: every state (a product running one hardware generation) and step", fontsize=11, y=1 - 0.12 / figure.get_size_inches()[1], va="top")
    title.set_gid("title")
    figure.set_label(f"State graph: {len(chosen)} states (a product running one hardware generation) in generation columns, with every step between them styled by what it takes"
                     + ("." if hide_unsupported else f", and {len(refused)} dotted lines for pairs the guide does not support."))
    return figure


def Figure_(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout=None)


BENDS = (0.2, 0.35, -0.2, 0.5, -0.35, 0.7, -0.5, -0.7)  # arc3 curvatures, gentlest first
BOX = (0.72, 0.36)  # half width and half height of a node label, in data units


def _arc_point(start: tuple[float, float], end: tuple[float, float], rad: float, t: float, aspect: float) -> tuple[float, float]:
    """A point of matplotlib's arc3 curve: a quadratic Bezier whose control point
    lies `rad` times the chord's length off the chord's middle, in display space
    (`aspect`: display length of a y unit over that of an x unit)."""
    (x1, y1), (x2, y2) = start, end
    y1, y2 = y1 * aspect, y2 * aspect
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    u = 1 - t
    return u * u * x1 + 2 * u * t * cx + t * t * x2, (u * u * y1 + 2 * u * t * cy + t * t * y2) / aspect


def _gaps(ax, states, positions: dict[State, tuple[float, float]], key: tuple[State, State], bend: float) -> tuple[float, float]:
    """How far (in points) an arc must stop short of each end's centre to end at the
    edge of its label box, so its arrowhead shows: the box's half size along the
    direction the arc leaves or arrives in (an arc3 end turns atan(2 x bend) off the chord)."""
    import math

    width, height = ax.figure.get_size_inches()
    box = ax.get_position()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    per_x, per_y = box.width * width * 72 / (x1 - x0), box.height * height * 72 / (y1 - y0)  # points per data unit
    (ax_, ay), (bx, by) = positions[key[0]], positions[key[1]]
    chord = math.atan2((by - ay) * per_y, (bx - ax_) * per_x)
    turn = math.atan(2 * bend)
    gaps = []
    for state, angle in ((key[0], chord + turn), (key[1], chord - turn)):
        lines = node_label(states, state).split("\n")
        half_w = max(len(line) for line in lines) * 8 * 0.3 + 4  # 8 pt text, ~0.6 em a character, padding
        half_h = len(lines) * 8 * 0.62 + 4
        cos, sin = abs(math.cos(angle)), abs(math.sin(angle))
        edge = min(half_w / cos if cos > 1e-6 else math.inf, half_h / sin if sin > 1e-6 else math.inf)
        gaps.append(edge + 3)
    return gaps[0], gaps[1]


def _aspect(ax) -> float:
    width, height = ax.figure.get_size_inches()
    box = ax.get_position()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return (box.height * height / (y1 - y0)) / (box.width * width / (x1 - x0))


def _clear_bend(positions: dict[State, tuple[float, float]], key: tuple[State, State], aspect: float) -> float:
    """The gentlest curvature whose arc passes no other node's label and stays
    between the headers and the legend (else the gentlest)."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    inside = (min(xs) - 0.9, max(xs) + 0.9, min(ys) - 0.6, max(ys) + 0.4)
    start, end = positions[key[0]], positions[key[1]]
    if key[0].product == key[1].product and abs(start[1] - end[1]) < 1e-9:
        others = []  # an in-place upgrade: a short straight hop beside its own product
    else:
        others = [p for s, p in positions.items() if s not in key]
    for rad in ([0.0] if not others else BENDS):
        points = [_arc_point(start, end, rad, t / 24, aspect) for t in range(2, 23)]
        if any(not (inside[0] <= x <= inside[1] and inside[2] <= y <= inside[3]) for x, y in points):
            continue
        if not any(abs(x - ox) < BOX[0] and abs(y - oy) < BOX[1] for x, y in points for ox, oy in others):
            return rad
    return BENDS[0]


def _draw_headers(ax, states: StateGraph, chosen: list[State], positions: dict[State, tuple[float, float]]) -> None:
    pack = states.pack
    top = max(y for _, y in positions.values()) + 0.62
    for generation in sorted({pack.products[s.product].generation for s in chosen}):
        xs = [positions[s][0] for s in chosen if pack.products[s.product].generation == generation and s.hardware == generation]
        if xs:
            ax.text(sum(xs) / len(xs), top, column_title(generation), ha="center", va="center", fontsize=10, fontweight="bold", color="#34495e", zorder=5)
    left = min(x for x, _ in positions.values()) - 2.25
    for family in FAMILIES:
        ys = [positions[s][1] for s in chosen if pack.products[s.product].family == family]
        if ys:
            ax.text(left, max(ys), "\n".join(textwrap.wrap(family, 12)), ha="left", va="center", fontsize=8, fontstyle="italic", color="#5d6d7e", zorder=5)


def _edges(states: StateGraph, chosen: list[State]) -> list[Transition]:
    keep = set(chosen)
    seen, edges = set(), []
    for transition in states.transitions:
        key = (transition.source, transition.target)
        if transition.source == transition.target or key in seen or not keep.issuperset(key):
            continue
        seen.add(key)
        edges.append(transition)
    return edges


def _refused_pairs(states: StateGraph, chosen: list[State]) -> list[tuple[State, State]]:
    """Guide refusals between products on the drawing, native state to native state, one line per pair."""
    natives = {s.product: s for s in chosen if s.hardware == states.pack.products[s.product].generation}
    pairs = []
    for refusal in states.pack.refusals:
        a, b = natives.get(refusal.source), natives.get(refusal.target)
        if a and b and (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
    return pairs


DETAILS = ("products", "states")


# A state graph of more products than this is neither quick to draw nor readable; the
# product map of more draws today's products in hardware bands and summarises their moves.
MAX_DRAWN_PRODUCTS = 24


def _too_many(count: int) -> str:
    return f"a drawing of states shows at most {MAX_DRAWN_PRODUCTS} products ({count} named): name fewer with --products, or draw the product map (--detail products)"


def save_drawing(path: Path, pack: RulePack, route=None, products=None, generations=None, hide_unsupported: bool = False, detail: str = "states") -> Path:
    """Draw and save to `path` (format from its extension), atomically: all or nothing.

    `detail`: "products" for the product map (one box per product), "states" for
    the state graph. With `route`, the route's own drawing.
    """
    path = Path(path)
    kind = check_path(path)
    if route is not None:
        from .route_drawing import draw_route

        figure = draw_route(pack, route)
    elif detail == "products":
        from .product_map import draw_product_map

        figure = draw_product_map(pack, products=products, generations=generations)
    else:
        if products is not None and len(set(products)) > MAX_DRAWN_PRODUCTS:
            raise DrawingError(_too_many(len(set(products))))
        figure = draw_graph(pack, products=products, generations=generations, hide_unsupported=hide_unsupported)
    write_figure(figure, path, kind)
    return path


def save_route_drawing(path: Path, pack: RulePack, route, target_name: str | None = None) -> Path:
    """Draw a route (found, or refused with the guide's reasons) and save it to `path`."""
    from .route_drawing import draw_route

    path = Path(path)
    kind = check_path(path)
    write_figure(draw_route(pack, route, target_name), path, kind)
    return path


def save_matrix_drawing(path: Path, pack: RulePack, products=None, generations: bool = False) -> Path:
    """Draw the guide's tables (or, with `generations`, its cross-generation summary) and save them."""
    from .matrix_drawing import draw_generations, draw_matrix

    path = Path(path)
    kind = check_path(path)
    figure = draw_generations(pack) if generations else draw_matrix(pack, products)
    write_figure(figure, path, kind)
    return path
