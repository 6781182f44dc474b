"""Why there is no route, and what would give one: the refusals in the way, the cause (the
rules, the guest, the constraints), and vmgraph's own suggestions, each a question with a route."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..errors import InvalidRequest
from ..pack.model import ARCHITECTURES, RulePack, State
from ..vm.hardware import named, option_value, short_name
from .platforms import architecture_refusal
from .records import VM, Constraints, Refused, Relaxation, Request, Route

if TYPE_CHECKING:  # for annotations only: the planner imports this module
    from .planner import Planner


def explain(planner: "Planner", start: State, targets: tuple[str, ...], request: Request) -> Route:
    """No route: why (the rules, the guest or the constraints), the refusals that stand in the way, and the single changes that give one."""
    vm = request.vm
    refusals = tuple(
        Refused(start.product, target, refusal.reason, refusal.advice, refusal.reference, refusal.policy)
        for target in targets
        for refusal in planner.states.refusals(start, target)
    )
    # The VM's own guest (SMP, 64-bit) rules out every target of the guide's that cannot run
    # it. The guide's guest rules are its products' (today's run such guests: TODAY_GUESTS),
    # so no target of today's is refused in the guide's words.
    for name in sorted(vm.conditions() & set(planner.pack.features)):
        feature = planner.pack.features[name]
        reason, reference = feature.source_for(start.product)
        refusals += tuple(
            Refused(start.product, target, reason, None, reference)
            for target in targets
            if target not in feature.products and not planner.pack.products[target].is_today
        )
    across = architecture_refusal(planner.pack, vm.arch or ARCHITECTURES[0], targets)
    if across is not None:
        advice = "Rebuild the guest on the target: no conversion between CPU architectures exists."
        refusals += tuple(
            Refused(start.product, name, f"{name} runs {', '.join(platform.guests)} VMs ({platform.name}).", advice, platform.reference)  # type: ignore[attr-defined]
            for name, platform in across[1]
        )
    relaxations = tuple(_relaxations(planner, start, targets, request)) if across is None else ()
    names = " or ".join(targets)
    origin = f"created under {start.origin}" if start.origin not in planner.uncreated else f"a VM from {start.origin}, its creator unknown"
    today = planner.pack.products[start.product].is_today and planner.pack.products[start.origin].is_today
    where = f"{start.product} ({named(start.hardware, today)} hardware, {origin})"
    if across is not None:
        cause, reason = "architecture", f"no route takes a VM across CPU architectures: {across[0]}"
    elif not planner.routes(start, targets, _plain(vm), Constraints(), 1):
        cause, reason = "rules", f"vmgraph finds no chain of moves the rules allow from {where} to {names}."
    elif not planner.routes(start, targets, vm, Constraints(), 1):
        cause, reason = "guest", f"vmgraph's rules allow routes from {where} to {names}, but not for this VM's guest."
    else:
        cause, reason = "constraints", f"vmgraph's rules allow routes from {where} to {names}, but none within the constraints you set."
    limits = ceiling_reason(planner.pack, start, targets)
    if limits:
        reason += " " + limits[0].upper() + limits[1:]
    return Route(
        False, start, None, reason=reason, refusals=_unique(refusals), relaxations=relaxations, target_products=targets,
        request=request, uncreated=planner.uncreated, today=planner.today, cause=cause,
    )

def _relaxations(planner: "Planner", start: State, targets: tuple[str, ...], request: Request) -> Iterable[Relaxation]:
    """The smallest single changes that give a route, in a fixed order; each
    is a question the user can ask as it is (its request)."""
    vm, constraints = request.vm, request.constraints
    changes: list[tuple[str, str, str, Request]] = []

    def changed(**fields) -> Request:
        return request._replace(constraints=constraints._replace(**fields))

    if constraints.reversible:
        changes.append(("--reversible", "drop --reversible", "a route exists if one-way upgrades of the virtual hardware are allowed", changed(reversible=False)))
    if constraints.strict:
        changes.append(("--strict", "drop --strict", "a route exists if the guest operating system copes with the move (a conditional step: check the guest's documentation)", changed(strict=False)))
    for tag in sorted(constraints.avoid):
        changes.append(("--avoid", f"drop --avoid {tag}", f"a route exists if '{tag}' steps are allowed", changed(avoid=constraints.avoid - {tag})))
    if constraints.via:
        changes.append(("--via", "drop --via", "a route exists if it need not pass through " + ", then ".join(constraints.via), changed(via=())))
    if constraints.have:
        changes.append(_more_products(planner, start, targets, request, changed))
    if constraints.stated_only:
        changes.append(("--stated-only", "drop --stated-only", "a route exists if vmgraph may rely on its inferences", changed(stated_only=False)))
    if constraints.max_moves is not None:
        unlimited = planner.routes(start, targets, vm, constraints._replace(max_moves=None), 1)
        if unlimited and unlimited[0].moves > constraints.max_moves:
            moves = unlimited[0].moves
            changes.append(("--max-moves", f"--max-moves {moves}", f"a route exists with {moves} moves", changed(max_moves=moves)))
    changes.extend(_hardware_changes(planner, start, request))
    changes.extend(_newer_targets(planner.pack, start, targets, request))
    for flag, option, words in (("smp", "--smp", "an SMP guest"), ("sixty_four_bit", "--64bit", "a 64-bit guest")):
        if getattr(vm, flag):
            changes.append((option, f"drop {option}", f"a route exists for a VM without {words}", request._replace(vm=vm._replace(**{flag: False}))))
    today_source = planner.pack.products[start.product].is_today
    hardware_given = False
    for option, change, description, new in changes:
        if option == "--hardware" and today_source and hardware_given:
            continue  # today's: the newest version that has a route is the one to convert down to
        try:
            new_start = planner.start_state(new)
        except InvalidRequest:
            continue
        routes = planner.routes(new_start, targets if new.target == request.target else (new.target,), new.vm, new.constraints, 1)
        if routes:
            hardware_given = hardware_given or option == "--hardware"
            route = routes[0]._replace(request=new)
            if option == "--stated-only":
                description += ": " + " ".join(dict.fromkeys(i for s in route.steps for i in s.inferences))
            elif any(s.inferences for s in route.steps):
                description += ", resting on vmgraph's inferences (each shown on its step)"
            yield Relaxation(option, change, description, route, new)

def _more_products(planner: "Planner", start: State, targets: tuple[str, ...], request: Request, changed) -> tuple[str, str, str, Request]:
    """What --have leaves out that a route needs: the products the best route without --have
    passes, added to it (or, when it passes none of them, --have dropped)."""
    constraints = request.constraints
    free = planner.routes(start, targets, request.vm, constraints._replace(have=()), 1)
    named = set(constraints.have) | {start.product, *targets}
    passed = [p for p in dict.fromkeys(s.target.product for s in free[0].steps if s.kind != "prepare") if p not in named] if free else []
    if not passed:
        return ("--have", "drop --have", "a route exists through products the site does not have", changed(have=()))
    products = ", ".join(passed)
    return ("--have", f"add {products} to --have", f"a route exists through {products}, which --have leaves out", changed(have=tuple(constraints.have) + tuple(passed)))


def _hardware_changes(planner: "Planner", start: State, request: Request) -> list[tuple[str, str, str, Request]]:
    """The same product with other hardware it runs: a VM created elsewhere, or a legacy VM."""
    product = planner.pack.products[start.product]
    found = []
    for hardware in sorted(product.hardware_generations(), reverse=True):
        if hardware == start.hardware:
            continue
        origin = planner.states.default_origin(product.name, hardware)
        if origin is None:
            continue
        if product.is_today:
            how = f"made with that compatibility under {product.name}, or converted down to it"
        elif origin == product.name and hardware != product.generation:
            how = f"created as a legacy VM under {product.name}"
        elif origin == product.name:
            how = f"created under {product.name}" if product.can_create else f"on {product.name}"
        else:
            how = f"created under {origin} and run under {product.name}"
        new = request._replace(vm=request.vm._replace(hardware=hardware, created_under=None))
        found.append(("--hardware", f"--hardware {option_value(hardware)}", f"a route exists for a VM with {short_name(hardware)} hardware ({how})", new))
    return found


def _newer_targets(pack: RulePack, start: State, targets: tuple[str, ...], request: Request) -> list[tuple[str, str, str, Request]]:
    """Today's targets too old for the VM: the oldest release of the same family
    that runs its hardware (upgrade the host to it)."""
    products = pack.products
    found = []
    for name in targets:
        target = products[name]
        if not target.is_today or target.runs_hardware(start.hardware):
            continue
        newer = [p for p in products.values() if p.is_today and p.family == target.family and p.generation > target.generation and p.runs_hardware(start.hardware)]
        if newer:
            best = min(newer, key=lambda p: p.generation)
            words = f"a route exists to {best.name}, which runs {short_name(start.hardware)}: upgrade the {target.name} host to it"
            found.append(("TARGET", f"target {best.name}", words, request._replace(target=best.name)))
    return found

def ceiling_reason(pack: RulePack, start: State, targets: tuple[str, ...]) -> str | None:
    """Why today's targets cannot run the VM as it is, with the source of each limit."""
    words = {"lacks": "does not run {}", "above": "runs hardware up to {}", "below": "runs hardware from {} up"}
    reasons = [
        f"{name} {words[bound.kind].format(short_name(bound.level))} ({bound.reference.where()}{_disagreement(bound.reference)})"
        for name in targets
        if (bound := pack.products[name].hardware_bound(start.hardware)) is not None
    ]
    if not reasons:
        return None
    return "; ".join(reasons) + f"; this VM has {short_name(start.hardware)} hardware."


def _disagreement(reference) -> str:
    """Where the sources disagree, the rule's reasoning says so: then it is printed too, never the one source flatly."""
    return f"; {reference.inferred}" if reference.inferred and "disagree" in reference.inferred else ""


def _plain(vm: VM) -> VM:
    """The same VM with no guest that limits where it runs."""
    return vm._replace(smp=False, sixty_four_bit=False)


def _unique(refusals: tuple[Refused, ...]) -> tuple[Refused, ...]:
    return tuple(dict.fromkeys(refusals))
