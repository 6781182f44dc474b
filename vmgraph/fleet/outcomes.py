"""One question's answer, told in a line, and the groups of VMs whose work is the same.

An Outcome is what `vmgraph route` would answer for one distinct question, cut down to what a
fleet's work plan needs: the steps in a few words, how many moves, one-way steps and
conversions, or why there is no route and what would give one (vmgraph's suggestions, each a
`vmgraph route` command that gives its route). `command` asks the whole answer again, with
every step's source and inferences: the work plan points to it instead of repeating it.
"""

from __future__ import annotations

from typing import NamedTuple

from ..planning.commands import route_command
from ..vm.hardware import hardware_label, short_name
from ..vm.limits import LimitProblem, check_limits
from ..pack.model import RulePack
from ..planning.records import Route, Step

# The word for a move, by its most telling tag (a conversion is also a copy or an export).
_MOVE_VERBS = (("convert", "convert"), ("export", "export"), ("import", "import"), ("legacy", "copy"), ("copy", "copy"))
STATUSES = ("ready", "route", "blocked")  # nothing to do; a route; no route


class Outcome(NamedTuple):
    status: str  # one of STATUSES
    plan: str  # the work in a line; VMs with the same plan form a group
    moves: int = 0
    one_way_steps: int = 0
    conversions: int = 0
    inferred: bool = False  # a step rests on an inference of vmgraph's (the command shows which)
    reason: str | None = None  # why there is no route (blocked only)
    fixes: tuple[tuple[str, str, str], ...] = ()  # vmgraph's suggestions: (the change, what it means, the command that gives its route)
    command: str | None = None  # the `vmgraph route` command that gives this answer in full
    route: Route | None = None
    limits: tuple[LimitProblem, ...] = ()  # what the hardware the route reaches cannot (or may not) hold of this VM
    checked_at: int | None = None  # the hardware level the limits were checked against


def step_words(step: Step, today: frozenset[str]) -> str:
    """A step in a few words: "copy to ESXi 8.0", "upgrade to vmx-19 in place"."""
    target = step.target
    hardware = hardware_label(target.hardware, target.product in today)
    if step.kind == "upgrade":
        words = f"upgrade to {hardware} in place"
    elif step.kind == "change":
        words = f"change to {hardware} in place (a conversion)"
    elif step.kind == "prepare":
        words = f"on {target.product}: {step.instructions.split('. ')[0].rstrip('.')}"
    else:
        verb = next(word for tag, word in _MOVE_VERBS + (("", "move"),) if tag in step.tags or not tag)
        words = f"{verb} to {hardware} on {target.product}" if verb == "convert" else f"{verb} to {target.product}"
        if "legacy" in step.tags:
            words += " (legacy mode)"
    if "conditional" in step.tags:
        words += " (if the guest allows)"
    return words


def from_route(route: Route, pack: RulePack, extra: tuple[str, ...] = ()) -> Outcome:
    command = route_command(route.request, extra, versions=True) if route.request else None
    if not route.found:
        fixes = tuple((r.change, r.description, route_command(r.request, extra, versions=True)) for r in route.relaxations if r.request)
        plan = f"blocked: {_ceiling(route, pack) or _CAUSES.get(route.cause or '', 'no route')}"
        return Outcome("blocked", plan, reason=route.reason, fixes=fixes, command=command, route=route)
    if not route.steps:
        return Outcome("ready", f"nothing to do: it runs on {route.target.product} as it is", command=command, route=route)
    plan = "; ".join(step_words(step, route.today) for step in route.steps)
    return Outcome(
        "route", plan, route.moves, route.count("one-way"), route.count("convert"),
        any(step.inferences for step in route.steps), command=command, route=route,
    )


# What a limit is about, in the words of a group's name.
_LIMIT_WORDS = {
    "vcpus": "vCPUs", "cores_per_socket": "cores per socket", "memory": "memory", "firmware": "UEFI firmware",
    "secure_boot": "Secure Boot", "nic": "NIC model", "controller": "disk controller", "three_d": "3-D", "usb3": "USB 3.0",
}


def lowest_level(route: Route) -> int:
    """The oldest hardware a found route brings the VM to (a newer version never holds less)."""
    places = [step.target.hardware for step in route.steps if step.kind != "prepare"]
    return min(places) if places else route.source.hardware


def with_newer_target(outcome: Outcome, pack: RulePack, extra: tuple[str, ...] = ()) -> Outcome:
    """A VM blocked as it is by its route's hardware: vmgraph's suggestion of the oldest newer
    release of the target's line whose route reaches hardware that holds it (a command that
    gives that route), as `route --vmx` suggests it."""
    from ..planning.vm_questions import newer_target

    needs = [problem.needs for problem in outcome.limits if problem.refusal]
    if outcome.route is None or not needs or None in needs:
        return outcome
    need = max(needs)  # type: ignore[type-var]
    found = newer_target(outcome.route, pack, lambda answer: lowest_level(answer) >= need, need)
    if found is None:
        return outcome
    product, answer, request = found
    words = (
        f"a route exists to {product}, which brings the VM to {short_name(lowest_level(answer))}, "
        f"enough to hold it as it is: upgrade the {outcome.route.target.product} hosts to it"  # type: ignore[union-attr]
    )
    return outcome._replace(fixes=outcome.fixes + ((f"target {product}", words, route_command(request, extra, versions=True)),))


def with_limits(outcome: Outcome, vcpus: int | None, memory_mb: int | None, firmware: str | None, secure_boot: bool | None = None,
                cores_per_socket: int | None = None, nic_models: tuple[str, ...] = (), controllers: tuple[str, ...] = ()) -> Outcome:
    """The outcome for a VM with these vCPUs, memory, firmware, Secure Boot, cores per socket,
    NIC and controller models (None or (): the inventory does not say, so it is not checked): the
    same, or, when the oldest hardware the route brings it to
    cannot hold them (vmgraph.limits, each with its source), blocked as it is; a warning only
    (a limit no source states for that version) keeps the route and says what to check."""
    route = outcome.route
    if outcome.status == "blocked" or (vcpus is None and memory_mb is None and firmware is None and not secure_boot
                                       and cores_per_socket is None and not nic_models and not controllers):
        return outcome
    if route is not None:
        level = lowest_level(route)
    elif outcome.checked_at is not None:
        level = outcome.checked_at
    else:
        return outcome
    problems = check_limits(level, vcpus=vcpus, cores_per_socket=cores_per_socket, memory_mb=memory_mb, firmware=firmware, secure_boot=secure_boot,
                            nic_models=nic_models or (), controllers=controllers or ())
    if not problems:
        return outcome
    hardware = short_name(level)
    refused = [problem for problem in problems if problem.refusal]
    if refused:
        kinds = " and ".join(dict.fromkeys(_LIMIT_WORDS[p.limit] for p in refused))
        plan = f"blocked as is: {hardware} cannot hold its {kinds} (once changed: {outcome.plan})"
        return outcome._replace(status="blocked", plan=plan, limits=problems, checked_at=level)
    kinds = " and ".join(dict.fromkeys(_LIMIT_WORDS[p.limit] for p in problems))
    return outcome._replace(plan=f"{outcome.plan} (check its {kinds} on {hardware})", limits=problems, checked_at=level)


def already_there(product: str, level: int) -> Outcome:
    """A VM already on the target product, whose hardware it runs: no move (its limits are
    still checked against the hardware it has)."""
    return Outcome("ready", f"nothing to do: it runs on {product} as it is", checked_at=level)


def unaskable(reason: str, command: str | None = None) -> Outcome:
    """A VM vmgraph cannot ask about as it stands (the inventory names no product vmgraph knows,
    or hardware its product does not run): blocked, with the reason (its list of what the
    product runs left to the reason, out of the group's name)."""
    return Outcome("blocked", f"blocked: {reason.split(' (it runs ')[0]}", reason=reason, command=command)


_CAUSES = {
    "rules": "no chain of moves the rules allow",
    "guest": "no route for this VM's guest",
    "constraints": "no route within the constraints set",
}


def _ceiling(route: Route, pack: RulePack) -> str | None:
    """The first target too old (or too new) for the VM's hardware, in a few words; the
    route's reason says it with the source."""
    hardware = short_name(route.source.hardware)
    for name in route.target_products:
        bound = pack.products[name].hardware_bound(route.source.hardware)
        if bound is None:
            continue
        return {
            "lacks": f"{name} does not run {hardware}",
            "above": f"{hardware} hardware is newer than {name} runs (up to {short_name(bound.level)})",
            "below": f"{hardware} hardware is older than {name} runs (from {short_name(bound.level)})",
        }[bound.kind]
    return None


class Group(NamedTuple):
    """VMs with the same plan: how many, and the distinct questions among them."""

    number: int  # 1 is the largest
    status: str
    plan: str
    vms: int
    questions: tuple[tuple[int, int], ...]  # (question number, VMs), most VMs first
