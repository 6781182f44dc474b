"""A route as JSON (the scripting contract) or a text runbook (the Markdown checklist: route_markdown.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ..planning.commands import route_command
from ..vm.hardware import both_names, hardware_label, short_name, version_of_level, vmx_name
from ..pack.model import State
from ..planning.records import Route, Step

if TYPE_CHECKING:
    from ..vm.limits import LimitProblem
    from ..planning.vm_questions import RouteLimits


def command_for(request, extra: Sequence[str] = (), vmx: str | None = None, route: Route | None = None) -> str:
    """The command for a request; hardware written as the VM's product reads it (vmx-04 on today's)."""
    return route_command(request, extra, vmx=vmx, versions=route is not None and request.source in route.today)


def readings(route: Route) -> tuple[str, ...]:
    """How vmgraph read the question (a bare hardware number, a release it does not list)."""
    return route.request.readings if route.request is not None else ()


def state_json(state: State | None, product: str | None = None, today: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A place on a route. `created_under` is the guide's row, which binds a VM until its hardware
    is upgraded; null for a VM of today's products (`today`): they go by hardware version alone
    (KB 1003746), so vmgraph does not track where such a VM was made."""
    if state is None:
        return {"product": product, "hardware": None, "hardware_name": None, "hardware_version": None, "created_under": None}
    todays_vm = state.origin in today
    return {
        "product": state.product, "hardware": state.hardware,
        "hardware_name": (todays_vm and vmx_name(state.hardware)) or both_names(state.hardware),
        "hardware_version": version_of_level(state.hardware),
        "created_under": None if todays_vm else state.origin,
    }


def step_json(step: Step, today: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        "from": state_json(step.source, today=today),
        "to": state_json(step.target, today=today),
        "kind": step.kind,
        "tags": list(step.tags),
        "instructions": step.instructions,
        "conditions": list(step.conditions),
        "point_of_no_return": step.point_of_no_return,
        "reference": step.reference.as_json(),
        "inferred": " ".join(step.inferences) or None,
        "inferences": list(step.inferences),
    }


def route_json(
    route: Route, target_name: str | None = None, with_alternatives: bool = True, extra: Sequence[str] = (), limits: "RouteLimits | None" = None
) -> dict[str, Any]:
    """The route as JSON; with `limits` (route --vmx), a `limits` list, and when they refuse
    the VM a "no route as is" answer whose `route_once_fixed` is the route found."""
    if limits is not None and limits.refused:
        return _as_is_json(route, target_name, extra, limits)
    data: dict[str, Any] = {
        "found": route.found,
        "source": state_json(route.source, today=route.today),
        "target": state_json(route.target, target_name, today=route.today),
        "steps": [step_json(step, route.today) for step in route.steps],
        "moves": route.moves,
        "cost": route.cost,
        "warnings": list(route.warnings),
        "readings": list(readings(route)),
    }
    if with_alternatives:
        data["alternatives"] = [route_json(other, with_alternatives=False) for other in route.alternatives]
        data["alternatives_asked"] = route.alternatives_asked
    if not route.found:
        data["reason"] = route.reason
        data["relaxations"] = [
            {
                "option": r.option, "change": r.change, "description": r.description, "moves": r.route.moves, "cost": r.route.cost,
                "one_way_steps": r.route.count("one-way"), "command": command_for(r.request, extra, route=route) if r.request else None,
            }
            for r in route.relaxations
        ]
        data["refusals"] = [
            {
                "from": r.source, "to": r.target, "reason": r.reason, "advice": r.advice, "policy": r.policy,
                "reference": r.reference.as_json(), "inferred": r.reference.inferred,
            }
            for r in route.refusals
        ]
    if limits is not None:
        data["limits"] = [limit_json(problem, limits.at) for problem in limits.problems]
    return data


def limit_json(problem: "LimitProblem", at: State) -> dict[str, Any]:
    """One limit problem: what the VM has, what the hardware allows, the fix, who says so."""
    return {
        "limit": problem.limit,
        "problem": problem.problem,
        "has": problem.has,
        "allows": problem.allows,
        "refusal": problem.refusal,
        "fix": problem.fix,
        "at": state_json(at),
        "needs_hardware": problem.needs,
        "needs_hardware_name": None if problem.needs is None else short_name(problem.needs),
        "reference": problem.source.as_json(),
        "references": [source.as_json() for source in problem.sources],
        "quote": problem.quote,
        "inferred": problem.inferred,
    }


def _as_is_json(route: Route, target_name: str | None, extra: Sequence[str], limits: "RouteLimits") -> dict[str, Any]:
    """A found route whose hardware cannot hold the VM as it is: the shape of any "no route"
    answer (found false, why, suggestions as commands), the limits, and the route once fixed."""
    return {
        "found": False,
        "source": state_json(route.source, today=route.today),
        "target": state_json(None, target_name or route.target.product),  # type: ignore[union-attr]
        "steps": [],
        "moves": 0,
        "cost": 0,
        "warnings": list(route.warnings),
        "readings": list(readings(route)),
        "alternatives": [],
        "alternatives_asked": route.alternatives_asked,
        "reason": limits_reason(limits),
        "relaxations": [
            {
                "option": r.option, "change": r.change, "description": r.description, "moves": r.route.moves, "cost": r.route.cost,
                "one_way_steps": r.route.count("one-way"), "command": command_for(r.request, extra, vmx=limits.vmx, route=route) if r.request else None,
            }
            for r in limits.suggestions
        ],
        "refusals": [],
        "limits": [limit_json(problem, limits.at) for problem in limits.problems],
        "route_once_fixed": route_json(route, target_name, extra=extra),
    }


def limits_reason(limits: "RouteLimits") -> str:
    """Why a found route is no route as is: where it brings the VM, whose hardware cannot hold it."""
    where = f"{limits.at.product} with {short_name(limits.at.hardware)} hardware"
    if limits.last:
        return f"the route vmgraph finds ends on {where}, which cannot hold this VM as its files describe it."
    return f"step {limits.step} of the route vmgraph finds brings the VM to {where}, which cannot hold it as its files describe it."


def to_json(route: Route, target_name: str | None = None, extra: Sequence[str] = (), limits: "RouteLimits | None" = None) -> str:
    import json  # only for --format json

    return json.dumps(route_json(route, target_name, extra=extra, limits=limits), indent=2, ensure_ascii=False) + "\n"


def where(state: State, route: Route | None = None) -> str:
    on_today = route is not None and state.product in route.today
    if on_today and state.origin in route.today and vmx_name(state.hardware):
        hardware = vmx_name(state.hardware)  # a VM of today's: only its version means anything to it
    else:
        hardware = hardware_label(state.hardware, on_today)
    if state.is_native:
        return f"{state.product} ({hardware})"
    if route is not None and state.origin in route.uncreated:
        # VMware Player creates no VM: this one came from it, creator unknown
        return f"{state.product} ({hardware}, a VM from {state.origin})"
    return f"{state.product} ({hardware}, created under {state.origin})"


def _head(step: Step, arrow: str, route: Route | None = None) -> str:
    """Where a step happens: one place for a preparation, from and to for a move."""
    if step.kind == "prepare":
        return where(step.source, route)
    return f"{where(step.source, route)} {arrow} {where(step.target, route)}"


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
    if route.count("convert"):
        parts.insert(3, _plural(route.count("convert"), "conversion"))
    return "; ".join(parts)


def to_text(route: Route, target_name: str | None = None, extra: Sequence[str] = (), limits: "RouteLimits | None" = None) -> str:
    if not route.found:
        return _why_not_text(route, target_name, extra)
    if limits is not None and limits.refused:
        return _as_is_text(route, target_name, extra, limits)
    lines = [f"Route: {where(route.source, route)} -> {where(route.target, route)}"] + [f"Read: {r}" for r in readings(route)] + [""]
    lines += [] if route.steps else [f"  Nothing to do: it runs on {route.source.product} as it is."]
    for number, step in enumerate(route.steps, 1):
        flag = "  POINT OF NO RETURN" if step.point_of_no_return else ""
        lines.append(f"{number:>3}. {_head(step, '->', route)}  [{', '.join(step.tags)}]{flag}")
        lines.append(f"     {step.instructions}")
        lines.extend(f"     ! {condition}" for condition in step.conditions)
        lines.append(f"     {cited_by(step)}: {cite_step(step)}")
        lines.extend(f"     Inferred by vmgraph: {inference}" for inference in step.inferences)
    lines += ["", f"Summary: {summary(route)}"]
    if limits is not None and limits.problems:
        lines += _limits_text(limits, route)
    if route.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in route.warnings]
    if route.alternatives or route.alternatives_asked:
        lines += ["", "Alternatives:"]
        for number, other in enumerate(route.alternatives, 1):
            lines.append(f"  {number}. {' -> '.join(where(state, route) for state in path_of(other))}  ({summary(other)})")
        short = shortfall(route)
        if short:
            lines.append(f"  {short}")
    return "\n".join(lines) + "\n"


def _as_is_text(route: Route, target_name: str | None, extra: Sequence[str], limits: "RouteLimits") -> str:
    target = target_name or route.target.product  # type: ignore[union-attr]
    reason = limits_reason(limits)
    lines = [f"No route as is: {where(route.source, route)} -> {target}"] + [f"Read: {r}" for r in readings(route)]
    lines += ["", f"Why: {reason[0].upper()}{reason[1:]}"]
    lines += _limits_text(limits, route)
    if limits.suggestions:
        lines += ["", "vmgraph suggests (each command gives a route):"]
        for suggestion in limits.suggestions:
            lines.append(f"  - {suggestion.change}: {suggestion.description} ({summary(suggestion.route)})")
            lines.append(f"    {command_for(suggestion.request, extra, vmx=limits.vmx, route=route)}")  # type: ignore[arg-type]
    else:
        lines += ["", "vmgraph finds no newer target that holds the VM as it is: change the VM as the fixes say."]
    lines += ["", "Once the VM is changed as the fixes say, this route applies:", ""]
    return "\n".join(lines) + "\n" + to_text(route, target_name, extra)


def limit_groups(limits: "RouteLimits") -> list[tuple[str, tuple["LimitProblem", ...]]]:
    """The refusals, then the warnings, each under a heading that says where on the route."""
    hardware = short_name(limits.at.hardware)
    where = f"{limits.at.product}, where the route ends" if limits.last else f"{limits.at.product}, where step {limits.step} brings it"
    groups = ((f"What {hardware} cannot hold ({where}):", limits.refusals), (f"What to check on {hardware} ({where}):", limits.warnings))
    return [(heading, problems) for heading, problems in groups if problems]


def _limits_text(limits: "RouteLimits", route: Route) -> list[str]:
    """The limit problems: what the hardware cannot hold, then what to check; each with its fix and source."""
    lines: list[str] = []
    for heading, problems in limit_groups(limits):
        lines += ["", heading]
        for problem in problems:
            lines.append(f"  - {problem.problem}")
            lines.append(f"    Fix: {problem.fix}")
            lines.append(f"    {'Source' if len(problem.sources) == 1 else 'Sources'}: {'; '.join(s.where() for s in problem.sources)}")
            if problem.inferred:
                lines.append(f"    Inferred by vmgraph: {problem.inferred}")
    return lines


def cited_by(step: Step) -> str:
    """"Guide" for the 2005 guide's section and page, "Source" for any other source."""
    return "Guide" if step.reference.is_guide else "Source"


def cite_step(step: Step) -> str:
    """The section and page; the inferences are printed on their own lines."""
    return step.reference.where()


def path_of(route: Route) -> list[State]:
    """The states a route passes through, start first (preparations add none)."""
    return [route.source] + [s.target for s in route.steps if s.kind != "prepare"]


def shortfall(route: Route) -> str | None:
    """Say so when fewer alternatives exist than were asked for."""
    found, asked = len(route.alternatives), route.alternatives_asked
    if found >= asked:
        return None
    if not found:
        return f"No other route exists (you asked for {asked})."
    return f"Only {_plural(found, 'other route')} {'exists' if found == 1 else 'exist'} (you asked for {asked})."


def _why_not_text(route: Route, target_name: str | None, extra: Sequence[str]) -> str:
    lines = [f"No route: {where(route.source, route)} -> {target_name or ' or '.join(route.target_products)}"] + [f"Read: {r}" for r in readings(route)]
    lines += ["", f"Why: {route.reason}"]
    sources, policy = refusals_by_kind(route)
    for heading, said in sources:
        lines += ["", heading + ":"]
        for refusal in said:
            lines.append(f"  - {refusal.reason} ({refusal.reference.where()})")
            if refusal.advice:
                lines.append(f"    Instead: {refusal.advice}")
            if refusal.reference.inferred:
                lines.append(f"    Inferred by vmgraph: {refusal.reference.inferred}")
    if policy:
        lines += ["", "Your site's policy says:"]
        lines += [f"  - {refusal.reason} ({refusal.reference.where()})" for refusal in policy]
    if route.relaxations:
        lines += ["", "vmgraph suggests (each command gives a route):"]
        for relaxation in route.relaxations:
            lines.append(f"  - {relaxation.change}: {relaxation.description} ({summary(relaxation.route)})")
            if relaxation.request:
                lines.append(f"    {command_for(relaxation.request, extra, route=route)}")
    else:
        lines += ["", "vmgraph finds no single change of the question that gives a route."]
    if route.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in route.warnings]
    return "\n".join(lines) + "\n"


def refusals_by_kind(route: Route):
    """The guide's words, other sources' words (cited by URL), and the site's policy, apart."""
    unique = unique_refusals(route)
    guide = [r for r in unique if not r.policy and r.reference.is_guide]
    others = [r for r in unique if not r.policy and not r.reference.is_guide]
    sources = [(heading, said) for heading, said in (("The guide says", guide), ("Other sources say", others)) if said]
    return sources, [r for r in unique if r.policy]


def unique_refusals(route: Route):
    seen, unique = set(), []
    for refusal in route.refusals:
        key = (refusal.reason, refusal.advice)
        if key not in seen:
            seen.add(key)
            unique.append(refusal)
    return unique


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
