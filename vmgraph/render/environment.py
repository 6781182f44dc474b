"""An environment plan as JSON, text or Markdown."""

from __future__ import annotations

from ..vm.hardware import both_names

import json
from typing import Any

from ..overview.environment import Environment, Pair
from .escape import markdown as md
from .routes import step_json


def _pair_json(pair: Pair) -> dict[str, Any]:
    return {
        "from": pair.source,
        "to": pair.target,
        "found": pair.found,
        "reversible": pair.reversible,
        "verdict": pair.verdict,
        "route": [step_json(step, pair.route.today) for step in pair.route.steps] if pair.route else [],
        "back": [step_json(step) for step in pair.back.steps] if pair.back else [],
        "why": pair.why,
    }


def to_json(plan: Environment) -> str:
    data = {
        "products": list(plan.products),
        "recommended": {
            "hardware": plan.hardware, "create_under": plan.create_under, "two_way_pairs": plan.two_way_pairs,
            "two_way_pairs_inferred": _inferred_pairs(plan), "guide_says_otherwise": list(plan.against) if plan.two_way_pairs else [],
        },
        "pairs": [_pair_json(pair) for pair in plan.pairs],
        "groups": [list(group) for group in plan.groups],
        "notes": list(plan.notes),
        "two_way_pairs_by_hardware": {str(h): n for h, n in sorted(plan.scores.items(), reverse=True)},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _recommendation(plan: Environment) -> str:
    total = len(plan.pairs)
    if plan.hardware is None:
        return f"No recommendation: no hardware generation lets VMs move both ways between any two of these products (0 of {total} ordered pairs)."
    said = f"{both_names(plan.hardware)} hardware, created under {plan.create_under}: {plan.two_way_pairs} of {total} ordered pairs move both ways"
    inferred = _inferred_pairs(plan)
    if inferred:
        said += f", {inferred} of them only by vmgraph's inferences"
    if plan.against and plan.two_way_pairs:
        said += "; the guide says otherwise: " + "; ".join(plan.against)
    return said + ("" if said.endswith(".") else ".")


def _inferred_pairs(plan: Environment) -> int:
    """Two-way pairs whose way there or back rests on an inference of vmgraph's."""
    return sum(
        1 for pair in plan.pairs
        if pair.reversible and any(step.inferences for route in (pair.route, pair.back) if route for step in route.steps)
    )


def _how(pair: Pair) -> str:
    """What the way there takes, e.g. "1 move: copy, legacy"."""
    if pair.route is None:
        return "-"
    tags = dict.fromkeys(tag for step in pair.route.steps for tag in step.tags)
    moves = pair.route.moves
    inferred = " (rests on inferences of vmgraph's)" if any(step.inferences for step in pair.route.steps) else ""
    return f"{moves} move{'s' if moves != 1 else ''}: {', '.join(tags)}{inferred}"


def to_text(plan: Environment) -> str:
    lines = [
        f"Environment: {', '.join(plan.products)}",
        "",
        ("Recommended: " if plan.hardware is not None else "") + _recommendation(plan),
        "By hardware: " + ", ".join(f"{both_names(h)}: {n}" for h, n in sorted(plan.scores.items(), reverse=True)),
        "",
    ]
    width = max(len(f"{p.source} -> {p.target}") for p in plan.pairs)
    for pair in plan.pairs:
        lines.append(f"  {f'{pair.source} -> {pair.target}'.ljust(width)}  {pair.verdict:<12}  {_how(pair)}")
        if pair.why:
            lines.append(f"  {''.ljust(width)}  never two-way: {pair.why}")
    lines += ["", "Groups that move VMs freely both ways:"]
    lines += [f"  - {', '.join(group)}" for group in plan.groups] or ["  (none)"]
    lines += ["", "Notes:"] + [f"  - {note}" for note in plan.notes]
    return "\n".join(lines) + "\n"


def to_markdown(plan: Environment) -> str:
    """The plan as Markdown; every name is escaped (a `|` in a name would split a table cell)."""
    names = ", ".join(md(p) for p in plan.products)
    lines = [
        f"## Environment: {names}",
        "",
        (f"**Recommended:** {both_names(plan.hardware)} hardware, created under **{md(plan.create_under)}** "
         f"({plan.two_way_pairs} of {len(plan.pairs)} ordered pairs move both ways).") if plan.hardware is not None else f"**{_recommendation(plan)}**",
        "",
        "| From | To | Moves | Takes | Never two-way because |",
        "|---|---|---|---|---|",
    ]
    for pair in plan.pairs:
        lines.append(f"| {md(pair.source)} | {md(pair.target)} | {pair.verdict} | {md(_how(pair))} | {md(pair.why or '')} |")
    lines += ["", "**Groups:** " + ("; ".join(", ".join(md(p) for p in g) for g in plan.groups) or "none"), ""]
    lines += [f"- {md(note)}" for note in plan.notes]
    return "\n".join(lines) + "\n"
