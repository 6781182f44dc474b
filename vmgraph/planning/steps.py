"""A found route in words: each transition as a step, the preparations moves call for, and the
warnings a route carries (points of no return, guest-dependent steps, inferences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pack.model import Reference, RulePack, State, Transition
from ..pack.weights import transition_cost
from ..vm.hardware import short_name
from .instructions import describe
from .records import VM, Route, Step

if TYPE_CHECKING:  # for annotations only: the planner imports this module
    from .planner import Planner

TODAY_GUESTS = (
    "vmgraph takes today's products (vmx-04 and later) to run SMP and 64-bit guests: vSphere 8.0's compatibility table gives "
    "at least 4 vCPUs from vmx-04 up; that each runs 64-bit guests is vmgraph's inference (no source read lists them)."
)
TODAY_PREPARATION = (
    "The guide says this of its own products' imports into and exports from ESX Server (2005); vmgraph applies it to "
    "today's OVF export and deploy, which no source it read says either way."
)


def route_of(planner: "Planner", transitions: list[Transition], vm: VM) -> Route:
    """A found route: the transitions as steps, with the preparations they call for and the warnings they carry."""
    conditions = set(vm.conditions())
    steps: list[Step] = []
    warnings: list[str] = []
    for transition in transitions:
        if transition.kind == "upgrade" and "suspended" in conditions:
            steps.extend(_power_off_to_upgrade(planner, transition, conditions))
        if transition.transfer in ("import", "export") and transition.is_move and transition.source != transition.target:
            steps.extend(preparations(planner, f"before-{transition.transfer}", transition, conditions))
        rule = transition.rule or (planner.states.kin_rules.get(transition.source.product) if transition.source == transition.target else None)
        called_up = tuple(text for condition, text in rule.caveats_when if condition in conditions) if rule else ()
        notes = tuple(filter(None, (transition.condition,) + transition.caveats + called_up))
        steps.append(Step(
            transition.source, transition.target, transition.tags, describe(transition, planner.states), notes,
            transition.reference, transition.kind, transition_cost(transition, planner.weights), transition.inferences,
        ))
        if transition.is_move and transition.source.product != transition.target.product:
            steps.extend(preparations(planner, "after-arrival", transition, conditions))
    for number, step in enumerate(steps, start=1):
        if step.point_of_no_return:
            warnings.append(f"Step {number} is the point of no return: after it the VM cannot go back to {step.source.product}'s {short_name(step.source.hardware)} hardware.")
        if "conditional" in step.tags:
            warnings.append(f"Step {number} depends on the guest operating system: check it before you start.")
        if step.inferences:
            noun = "an inference" if len(step.inferences) == 1 else f"{len(step.inferences)} inferences"
            said = "the guide" if step.reference.is_guide else "its source"
            warnings.append(f"Step {number} rests on {noun} of vmgraph's, not a statement of {said} (shown on the step).")
    warnings.extend(_feature_warnings(planner.pack, transitions[-1].target, vm))
    if (vm.smp or vm.sixty_four_bit) and any(planner.pack.products[t.target.product].is_today for t in transitions):
        warnings.append(TODAY_GUESTS)
    return Route(True, transitions[0].source, transitions[-1].target, tuple(steps), tuple(warnings), uncreated=planner.uncreated, today=planner.today)

def preparations(planner: "Planner", stage: str, transition: Transition, conditions: set[str]) -> list[Step]:
    """The rule pack's preparations a move calls for at one stage (before an import or export, after arrival)."""
    at = transition.target if stage == "after-arrival" else transition.source
    steps = []
    for preparation in planner.pack.preparations:
        triggered = conditions.intersection(preparation.when)
        if preparation.stage != stage or not triggered:
            continue
        if preparation.products and transition.target.product not in preparation.products:
            continue
        if preparation.once:
            conditions.difference_update(triggered)
        action = preparation.action.replace("{product}", transition.target.product)
        inferences = _inferred(preparation.reference)
        if preparation.reference.is_guide and transition.rule is not None and transition.rule.by_hardware:
            # The guide's preparations are for its own products' imports and exports.
            inferences += (TODAY_PREPARATION,)
        steps.append(Step(at, at, ("prepare",), action, (), preparation.reference, "prepare", planner.weights["prepare"], inferences))
    return steps

def _power_off_to_upgrade(planner: "Planner", transition: Transition, conditions: set[str]) -> list[Step]:
    """A suspended VM is powered off before its hardware is upgraded in place, as the rule pack's
    upgrade caveat says (the vSphere API's UpgradeVM_Task wants it powered off): a preparation
    before the one-way step, after which the VM is no longer suspended (no later step asks it
    again). None when the rule pack says nothing of it."""
    today = planner.pack.today
    caveat = next((c for c in today.upgrade_caveats if "suspend" in c.lower()), None) if today else None
    if caveat is None:
        return []
    conditions.discard("suspended")
    at = transition.source
    return [Step(at, at, ("prepare",), caveat, (), today.upgrade, "prepare", planner.weights["prepare"], _inferred(today.upgrade))]  # type: ignore[union-attr]


def _feature_warnings(pack: RulePack, final: State, vm: VM) -> list[str]:
    warnings = []
    for preparation in pack.preparations:
        if "3d" in preparation.when and vm.three_d and preparation.products and final.product not in preparation.products:
            warnings.append(f"3-D: the guide describes 3-D capabilities only under {', '.join(preparation.products)}, not {final.product}.")
    return warnings


def _inferred(reference: Reference) -> tuple[str, ...]:
    return (reference.inferred,) if reference.inferred else ()
