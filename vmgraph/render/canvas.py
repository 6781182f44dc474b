"""What the pictures share: a figure measured in inches, boxes, arcs that miss boxes, text.

Data units are inches (the axes fill the figure), so a figure is sized to its
content and a font size in points means the same on every picture. Every text
is drawn with `parse_math=False`: a `$` in a product name stays a dollar sign.
matplotlib is imported inside the functions only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, NamedTuple

DPI = 100
FONT = "DejaVu Sans"  # ships with matplotlib: the same metrics everywhere
INK = "#1B1B1B"
MUTED = "#5D6D7E"


class Box(NamedTuple):
    """A rectangle by its centre and half sizes, in inches."""

    x: float
    y: float
    half_width: float
    half_height: float

    def contains(self, x: float, y: float, margin: float = 0.0) -> bool:
        return abs(x - self.x) <= self.half_width + margin and abs(y - self.y) <= self.half_height + margin

    def overlaps(self, other: "Box", margin: float = 0.0) -> bool:
        return abs(self.x - other.x) < self.half_width + other.half_width + margin and abs(self.y - other.y) < self.half_height + other.half_height + margin


@lru_cache(maxsize=4096)
def text_size(text: str, size: float, bold: bool = False) -> tuple[float, float]:
    """Width and height of `text` (lines split on newlines) in inches."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    prop = FontProperties(family=FONT, weight="bold" if bold else "normal", size=size)
    lines = text.split("\n")
    widths = [TextPath((0, 0), line, prop=prop).get_extents().width if line.strip() else 0.0 for line in lines]
    return float(max(widths)) / 72, len(lines) * size * 1.25 / 72


def new_figure(width: float, height: float):
    """A Figure of `width` x `height` inches whose one Axes has inch coordinates."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout=None)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return figure, ax


def text(ax, x: float, y: float, content: str, size: float = 9, gid: str | None = None, **style: Any):
    style.setdefault("ha", "center")
    style.setdefault("va", "center")
    style.setdefault("color", INK)
    artist = ax.text(x, y, content, fontsize=size, family=FONT, parse_math=False, zorder=style.pop("zorder", 6), **style)
    if gid:
        artist.set_gid(gid)
    return artist


def box(ax, b: Box, facecolor: str = "#FFFFFF", edgecolor: str = "#8A9A9B", linewidth: float = 1.0, linestyle: Any = "-", gid: str | None = None, zorder: float = 5):
    from matplotlib.patches import FancyBboxPatch

    pad = min(0.06, b.half_height * 0.5)
    patch = FancyBboxPatch(
        (b.x - b.half_width + pad, b.y - b.half_height + pad), 2 * (b.half_width - pad), 2 * (b.half_height - pad),
        boxstyle=f"round,pad={pad}", facecolor=facecolor, edgecolor=edgecolor, linewidth=linewidth, linestyle=linestyle, zorder=zorder,
    )
    if gid:
        patch.set_gid(gid)
    ax.add_artist(patch)
    return patch


def arc_point(start: tuple[float, float], end: tuple[float, float], rad: float, t: float) -> tuple[float, float]:
    """A point of matplotlib's arc3 curve (a quadratic Bezier whose control point lies
    `rad` times the chord's length off the chord's middle), in inches."""
    (x1, y1), (x2, y2) = start, end
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    u = 1 - t
    return u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2


def arc_samples(start, end, rad: float, count: int = 48) -> list[tuple[float, float]]:
    return [arc_point(start, end, rad, i / count) for i in range(count + 1)]


def arc_clear(start: Box, end: Box, rad: float, obstacles: Iterable[Box], margin: float = 0.05, inside: Box | None = None, points=None) -> bool:
    """Whether the arc from box to box (centre to centre, or between `points`) passes no other box and stays `inside`."""
    a, b = points or ((start.x, start.y), (end.x, end.y))
    samples = arc_samples(a, b, rad)
    xs, ys = [x for x, _ in samples], [y for _, y in samples]
    around = Box((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, (max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2)
    near = [o for o in obstacles if o.overlaps(around, margin + 1e-6)]  # a big picture has many boxes far from any one arc
    for x, y in samples:
        if start.contains(x, y) or end.contains(x, y):
            continue
        if inside is not None and not inside.contains(x, y):
            return False
        if any(o.contains(x, y, margin) for o in near):
            return False
    return True


BENDS = tuple(sorted({round(sign * step * 0.05, 2) for step in range(0, 25) for sign in (1, -1)}, key=lambda r: (abs(r), -r)))


def clear_bend(start: Box, end: Box, obstacles: list[Box], inside: Box | None = None, bends: Iterable[float] = BENDS, margin: float = 0.05, points=None) -> float | None:
    """The gentlest curvature whose arc misses every obstacle, or None."""
    for rad in bends:
        if arc_clear(start, end, rad, obstacles, margin, inside, points):
            return rad
    return None


def least_crossed_bend(start: Box, end: Box, obstacles: list[Box], bends: Iterable[float] = BENDS, margin: float = 0.05) -> float:
    """Where no arc is clear: the curvature whose arc passes through the fewest obstacles' points
    (the gentlest of those), so a line seldom seems to run through a box it does not touch."""
    a, b = (start.x, start.y), (end.x, end.y)
    return min(bends, key=lambda rad: (sum(1 for x, y in arc_samples(a, b, rad) if any(o.contains(x, y, margin) for o in obstacles)), abs(rad)))


def arrow(ax, start_patch, end_patch, start: Box, end: Box, rad: float, color: str, linestyle: Any = "-", linewidth: float = 1.2,
          head: float = 10, both: bool = False, alpha: float = 1.0, gid: str | None = None, zorder: float = 3, points=None):
    """An arc from one box to another, clipped at their outlines (or between two `points` on them)."""
    from matplotlib.patches import FancyArrowPatch

    a, b = points or ((start.x, start.y), (end.x, end.y))
    patch = FancyArrowPatch(
        a, b, patchA=None if points else start_patch, patchB=None if points else end_patch,
        arrowstyle="<|-|>" if both else "-|>", mutation_scale=head, connectionstyle=f"arc3,rad={rad}",
        color=color, linestyle=linestyle, linewidth=linewidth, alpha=alpha, zorder=zorder, shrinkA=2, shrinkB=2,
    )
    if gid:
        patch.set_gid(gid)
    ax.add_artist(patch)
    return patch


def legend_row(ax, x: float, y: float, entries: list[tuple[str, dict[str, Any]]], size: float = 8.5, gid: str = "legend") -> float:
    """Line samples with their words, left to right from (x, y); returns the x after the last."""
    from matplotlib.lines import Line2D

    for words, style in entries:
        line = Line2D([x, x + 0.4], [y, y], color=style["color"], linestyle=style.get("linestyle", "-"), linewidth=style.get("linewidth", 2.0), zorder=6)
        line.set_gid(f"{gid}:{words}")
        ax.add_line(line)
        text(ax, x + 0.48, y, words, size, ha="left", gid=f"{gid}-text:{words}")
        x += 0.48 + text_size(words, size)[0] + 0.3
    return x


def legend_width(entries: list[str], size: float = 8.5) -> float:
    return sum(0.48 + text_size(words, size)[0] + 0.3 for words in entries)
