"""What the two product maps share (the detailed map, product_map.py, and the banded map of
today's products, product_bands.py): names and notes in boxes, lines routed clear of other boxes."""

from __future__ import annotations

import textwrap

from ..pack.model import RulePack
from ..vm.hardware import short_name, version_spans, vmx_name
from . import canvas
from .canvas import Box
from .map_summary import ProductEdge

NAME_SIZE = 9.0
NOTE_SIZE = 8.0


def name_lines(name: str) -> str:
    """A product's name wrapped to fit its box."""
    return "\n".join(textwrap.wrap(name, 19)) or name


def row_name(families: tuple[str, ...]) -> str:
    """A row's label: its product families, wrapped."""
    return "\n".join(textwrap.wrap(" / ".join(families), 12))


def product_note(pack: RulePack, name: str) -> str:
    """The line under a product's name: its own hardware and what older hardware it runs."""
    product = pack.products[name]
    older = [h for h in sorted(product.hardware_generations()) if h != product.generation]
    if product.is_today:
        return short_name(product.generation) + (f" · runs {version_spans(older)}" if older else "")
    # The guide's products stand in their generation's column: the note gives the version that
    # generation is taken for (vmx-03) and the older generations it runs; short, to fit the box.
    parts = [vmx_name(product.generation) or ""] + [f"runs gen {', '.join(map(str, older))}"] * bool(older)
    return " · ".join(part for part in parts if part)


def _anchors(b: Box, toward: Box) -> list[tuple[float, float]]:
    """Points on a box's outline to start a line from, facing the other box first."""
    dx, dy = toward.x - b.x, toward.y - b.y
    horizontal = [(b.x + (1 if dx >= 0 else -1) * b.half_width, b.y), (b.x - (1 if dx >= 0 else -1) * b.half_width, b.y)]
    vertical = [(b.x, b.y + (1 if dy >= 0 else -1) * b.half_height)]
    return horizontal + vertical if abs(dx) >= abs(dy) else vertical + horizontal


def clear_route(start: Box, end: Box, others: list[Box], frame: Box, sides: dict, edge: ProductEdge):
    """A clear arc: centre to centre where one exists; else from side to side (between
    two boxes of one column, a bracket around the boxes between them)."""
    rad = canvas.clear_bend(start, end, others, inside=frame)
    if rad is not None:
        return rad, None
    if abs(start.x - end.x) < 1e-6:
        for side in (-1, 1):
            key = f"{start.x}:{side}"
            offset = 0.08 * ((sides.get(key, 0) + 1) // 2) * (1 if sides.get(key, 0) % 2 else -1)
            points = ((start.x + side * start.half_width, start.y + offset), (end.x + side * end.half_width, end.y + offset))
            going_down = end.y < start.y  # arc3 bends to the right of the direction of travel
            for rad in (0.3, 0.4, 0.5, 0.6):
                signed = rad if (side < 0) == going_down else -rad
                if canvas.arc_clear(start, end, signed, others, 0.04, frame, points):
                    sides[key] = sides.get(key, 0) + 1
                    return signed, points
    for a in _anchors(start, end):
        for b in _anchors(end, start):
            rad = canvas.clear_bend(start, end, others, inside=frame, points=(a, b))
            if rad is not None:
                return rad, (a, b)
    return canvas.least_crossed_bend(start, end, others), None


def both_ways_sample(ax, x: float, y: float) -> None:
    """The legend's sample of a line that moves both ways."""
    from matplotlib.patches import FancyArrowPatch

    patch = FancyArrowPatch((x, y), (x + 0.4, y), arrowstyle="<|-|>", mutation_scale=10, color="#555555", linewidth=1.3, zorder=6)
    patch.set_gid("legend:both ways")
    ax.add_artist(patch)
    canvas.text(ax, x + 0.48, y, "both ways", 8.5, ha="left", gid="legend-text:both ways")
