"""A fleet's work plan as a bar chart: VMs per group, largest first, coloured by the work.

One bar per group (at most MAX_BARS; the rest are summed into one bar, said so), its label the
group's plan wrapped to fit, its length the number of VMs, written at its end. The colour is the
step style every vmgraph picture uses (styles.py) for the group's most telling step: a one-way
upgrade, a conversion, a copy; grey with a hatch for blocked, white for nothing to do.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..fleet import FleetPlan, Group
from . import canvas
from .styles import STYLES

MAX_BARS = 12
LABEL_WIDTH = 46  # characters per line of a bar's label
BLOCKED = {"color": "#6B6B6B", "fill": "#DDDDDD", "label": "blocked (no route, or not as it is)"}
READY = {"color": "#8A9A9B", "fill": "#FFFFFF", "label": "nothing to do"}


def _style(plan: FleetPlan, group: Group) -> dict:
    if group.status == "blocked":
        return BLOCKED
    if group.status == "ready":
        return READY
    route = plan.outcomes[group.questions[0][0] - 1].route
    tags = {tag for step in route.steps for tag in step.tags} if route else set()
    for key in ("one-way", "convert", "conditional", "legacy", "copy"):
        if key in tags:
            return STYLES[key]
    return STYLES["export/import"]


def draw_fleet_chart(plan: FleetPlan):
    groups = list(plan.groups[:MAX_BARS])
    rest = plan.groups[MAX_BARS:]
    labels = [textwrap.fill(f"{g.number}. {g.plan}", LABEL_WIDTH) for g in groups]
    styles = [_style(plan, g) for g in groups]
    counts = [g.vms for g in groups]
    if rest:
        labels.append(f"{len(rest)} more groups (see the work plan)")
        styles.append(READY)
        counts.append(sum(g.vms for g in rest))
    heights = [0.28 + 0.16 * label.count("\n") for label in labels]
    label_width, bar_width, top, legend_height = 3.6, 4.6, 0.75, 0.5
    height = top + sum(h + 0.14 for h in heights) + legend_height + 0.2
    figure, ax = canvas.new_figure(label_width + bar_width + 0.9, height)
    figure.set_label(f"vmgraph fleet: {plan.total:,} VMs of {plan.inventory.name} to {plan.target}, by the work they take")
    canvas.text(ax, 0.2, height - 0.3, f"{plan.total:,} VMs to {plan.target}: VMs per group", size=11, ha="left", weight="bold")
    biggest = max(counts, default=1) or 1
    y = height - top
    for label, style, count, bar_height in zip(labels, styles, counts, heights):
        middle = y - bar_height / 2
        canvas.text(ax, label_width, middle, label, size=8.5, ha="right")
        length = max(bar_width * count / biggest, 0.02)
        hatch = "//" if style is BLOCKED else None
        from matplotlib.patches import Rectangle

        ax.add_artist(Rectangle((label_width + 0.15, middle - 0.11), length, 0.22, facecolor=style["fill"], edgecolor=style["color"], hatch=hatch, linewidth=1.2, zorder=5))
        canvas.text(ax, label_width + 0.22 + length, middle, f"{count:,}", size=8.5, ha="left")
        y -= bar_height + 0.14
    used = []
    for style in styles:
        if style not in used:
            used.append(style)
    x = 0.2
    for style in used:
        from matplotlib.patches import Rectangle

        ax.add_artist(Rectangle((x, 0.25), 0.3, 0.16, facecolor=style["fill"], edgecolor=style["color"], hatch="//" if style is BLOCKED else None, zorder=5))
        word = style["label"]
        canvas.text(ax, x + 0.38, 0.33, word, size=8, ha="left")
        x += 0.6 + 0.065 * len(word)
    return figure


def save_fleet_chart(path: Path, plan: FleetPlan) -> Path:
    from .figure_files import save_figure

    return save_figure(draw_fleet_chart(plan), path)
