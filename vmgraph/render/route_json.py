"""A route as JSON: the scripting contract of `vmgraph route --format json` (and of the fleet's
JSON, which holds each question's route)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ..pack.model import State
from ..planning.commands import route_command
from ..planning.records import Route, Step
from ..vm.hardware import short_name, version_of_level, vmx_name

if TYPE_CHECKING:
    from ..planning.vm_questions import RouteLimits
    from ..vm.limits import LimitProblem


def state_json(state: State | None, product: str | None = None, today: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A place on a route. `created_under` is the guide's row, which binds a VM until its hardware
    is upgraded; null for a VM of today's products (`today`): they go by hardware version alone
    (KB 1003746), so vmgraph does not track where such a VM was made."""
    if state is None:
        return {"product": product, "hardware": None, "hardware_name": None, "hardware_version": None, "created_under": None}
    todays_vm = state.origin in today
    return {
        "product": state.product, "hardware": state.hardware,
        "hardware_name": (todays_vm and vmx_name(state.hardware)) or short_name(state.hardware),
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
    }
    if with_alternatives:
        data["alternatives"] = [route_json(other, with_alternatives=False) for other in route.alternatives]
        data["alternatives_asked"] = route.alternatives_asked
    if not route.found:
        data["reason"] = route.reason
        data["relaxations"] = [
            {
                "option": r.option, "change": r.change, "description": r.description, "moves": r.route.moves, "cost": r.route.cost,
                "one_way_steps": r.route.count("one-way"), "command": route_command(r.request, extra) if r.request else None,
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
        "alternatives": [],
        "alternatives_asked": route.alternatives_asked,
        "reason": limits_reason(limits),
        "relaxations": [
            {
                "option": r.option, "change": r.change, "description": r.description, "moves": r.route.moves, "cost": r.route.cost,
                "one_way_steps": r.route.count("one-way"), "command": route_command(r.request, extra, vmx=limits.vmx) if r.request else None,
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
