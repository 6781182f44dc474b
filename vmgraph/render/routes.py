"""A route as JSON (the scripting contract), a text runbook, or a Markdown checklist."""

from __future__ import annotations

import json
from typing import Any

from ..model import State
from ..planner import Route, Step
from .escape import markdown as md


def state_json(state: State | None, product: str | None = None) -> dict[str, Any]:
    if state is None:
        return {"product": product, "hardware": None}
    return {"product": state.product, "hardware": state.hardware}


def step_json(step: Step) -> dict[str, Any]:
    return {
        "from": state_json(step.source),
        "to": state_json(step.target),
        "kind": step.kind,
        "tags": list(step.tags),
        "instructions": step.instructions,
        "conditions": list(step.conditions),
        "point_of_no_return": step.point_of_no_return,
        "reference": {"section": step.reference.section, "page": step.reference.page},
        "inferred": step.reference.inferred,
    }


def route_json(route: Route, target_name: str | None = None, with_alternatives: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "found": route.found,
        "source": state_json(route.source),
        "target": state_json(route.target, target_name),
        "steps": [step_json(step) for step in route.steps],
        "moves": route.moves,
        "cost": route.cost,
        "warnings": list(route.warnings),
    }
    if with_alternatives:
        data["alternatives"] = [route_json(other, with_alternatives=False) for other in route.alternatives]
    if not route.found:
        data["reason"] = route.reason
        data["relaxations"] = [
            {"option": r.option, "change": r.change, "description": r.description, "moves": r.route.moves, "cost": r.route.cost, "one_way_steps": r.route.count("one-way")}
            for r in route.relaxations
        ]
        data["refusals"] = [
            {"from": r.source, "to": r.target, "reason": r.reason, "advice": r.advice, "reference": {"section": r.reference.section, "page": r.reference.page}, "inferred": r.reference.inferred}
            for r in route.refusals
        ]
    return data


def to_json(route: Route, target_name: str | None = None) -> str:
    return json.dumps(route_json(route, target_name), indent=2, ensure_ascii=False) + "\n"


def _where(state: State) -> str:
    return f"{state.product} (hw {state.hardware})"


def _head(step: Step, arrow: str) -> str:
    """Where a step happens: one place for a preparation, from and to for a move."""
    if step.kind == "prepare":
        return _where(step.source)
    return f"{_where(step.source)} {arrow} {_where(step.target)}"


def summary(route: Route) -> str:
    one_way = [str(n) for n, step in enumerate(route.steps, 1) if step.point_of_no_return]
    conditional = route.count("conditional")
    parts = [
        _plural(route.moves, "move"),
        _plural(len(one_way), "one-way step") + (f" (step {', '.join(one_way)})" if one_way else ""),
        f"{_plural(route.count('export'), 'export')}, {_plural(route.count('import'), 'import')}",
        _plural(conditional, "conditional step"),
        f"cost {route.cost:g}",
    ]
    return "; ".join(parts)


def to_text(route: Route, target_name: str | None = None) -> str:
    if not route.found:
        return _why_not_text(route, target_name)
    lines = [f"Route: {_where(route.source)} -> {_where(route.target)}", ""]
    for number, step in enumerate(route.steps, 1):
        flag = "  POINT OF NO RETURN" if step.point_of_no_return else ""
        lines.append(f"{number:>3}. {_head(step, '->')}  [{', '.join(step.tags)}]{flag}")
        lines.append(f"     {step.instructions}")
        lines.extend(f"     ! {condition}" for condition in step.conditions)
        lines.append(f"     Guide: {step.reference.cite()}")
    lines += ["", f"Summary: {summary(route)}"]
    if route.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in route.warnings]
    if route.alternatives:
        lines += ["", "Alternatives:"]
        for number, other in enumerate(route.alternatives, 1):
            path = " -> ".join(_where(state) for state in _path(other))
            lines.append(f"  {number}. {path}  ({summary(other)})")
    return "\n".join(lines) + "\n"


def _why_not_text(route: Route, target_name: str | None) -> str:
    lines = [f"No route: {_where(route.source)} -> {target_name or ' or '.join(route.target_products)}", "", f"Why: {route.reason}"]
    advice = _unique_refusals(route)
    if advice:
        lines += ["", "The guide says:"]
        for refusal in advice:
            lines.append(f"  - {refusal.reason} ({refusal.reference.cite()})")
            if refusal.advice:
                lines.append(f"    Instead: {refusal.advice}")
    if route.relaxations:
        lines += ["", "What would give a route:"]
        for relaxation in route.relaxations:
            lines.append(f"  - {relaxation.change}: {relaxation.description} ({summary(relaxation.route)})")
    else:
        lines += ["", "No single change of options gives a route."]
    return "\n".join(lines) + "\n"


def _path(route: Route) -> list[State]:
    """The states a route passes through, start first (preparations add none)."""
    return [route.source] + [s.target for s in route.steps if s.kind != "prepare"]


def to_markdown(route: Route, target_name: str | None = None) -> str:
    """A checklist for a change ticket; every name and rule text is escaped for Markdown."""
    if not route.found:
        target = md(target_name or " or ".join(route.target_products))
        lines = [f"## No route: {md(_where(route.source))} → {target}", "", f"**Why:** {md(route.reason or '')}", ""]
        for refusal in _unique_refusals(route):
            lines.append(f"- {md(refusal.reason)} _({md(refusal.reference.cite())})_" + (f" **Instead:** {md(refusal.advice)}" if refusal.advice else ""))
        if route.relaxations:
            lines += ["", "**What would give a route:**", ""]
            lines += [f"- `{r.change}`: {md(r.description)}" for r in route.relaxations]
        return "\n".join(lines) + "\n"
    lines = [f"## Move a VM: {md(_where(route.source))} → {md(_where(route.target))}", ""]
    for number, step in enumerate(route.steps, 1):
        tags = " ".join(f"`{tag}`" for tag in step.tags)
        flag = " **Point of no return.**" if step.point_of_no_return else ""
        head = md(_where(step.source)) if step.kind == "prepare" else f"{md(_where(step.source))} → {md(_where(step.target))}"
        lines.append(f"- [ ] **{number}. {head}** {tags}{flag}  ")
        lines.append(f"  {md(step.instructions)}  ")
        lines.extend(f"  ⚠ {md(condition)}  " for condition in step.conditions)
        lines.append(f"  _Guide: {md(step.reference.cite())}_")
    lines += ["", f"**Summary:** {summary(route)}"]
    if route.warnings:
        lines += ["", "**Warnings:**", ""] + [f"- {md(w)}" for w in route.warnings]
    if route.alternatives:
        lines += ["", "**Alternatives:**", ""]
        for number, other in enumerate(route.alternatives, 1):
            path = " → ".join(md(_where(state)) for state in _path(other))
            lines.append(f"{number}. {path} ({summary(other)})")
    return "\n".join(lines) + "\n"


def _unique_refusals(route: Route):
    seen, unique = set(), []
    for refusal in route.refusals:
        key = (refusal.reason, refusal.advice)
        if key not in seen:
            seen.add(key)
            unique.append(refusal)
    return unique


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
