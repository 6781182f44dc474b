"""Routes: weighted shortest paths over the state graph, and why-not when there is none.

The public entry point is `plan()`; the CLI, the notebooks and other tools all
go through it. Domain errors are raised here; exit codes live in the CLI.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Iterable, Mapping, NamedTuple

from .errors import InvalidArgumentValue, InvalidRequest
from .hardware import listed, option_value, short_name
from .weights import DEFAULT_WEIGHTS, transition_cost
from .instructions import describe
from .model import TAGS, Reference, RulePack, State, Transition
from .names import resolve
from .search import Edge, cheapest_path
from .transitions import StateGraph
from .weights import check_weights

AVOIDABLE_TAGS = tuple(tag for tag in TAGS if tag != "prepare")
DISK_MODES = ("persistent", "nonpersistent", "undoable", "append")
_TARGET = "__target__"
TODAY_GUESTS = (
    "vmgraph takes today's products (vmx-04 and later) to run SMP and 64-bit guests: vSphere 8.0's compatibility table gives "
    "at least 4 vCPUs from vmx-04 up; that each runs 64-bit guests is vmgraph's inference (no source read lists them)."
)
TODAY_PREPARATION = (
    "The guide says this of its own products' imports into and exports from ESX Server (2005); vmgraph applies it to "
    "today's OVF export and deploy, which no source it read says either way."
)
_MAX_CANDIDATES = 200  # simple paths examined at most when ranking alternatives


class VM(NamedTuple):
    """What a person knows about the VM being moved."""

    hardware: int | None = None  # None: the hardware of the product it was created under
    smp: bool = False
    sixty_four_bit: bool = False
    three_d: bool = False
    snapshot: bool = False
    suspended: bool = False
    disk_mode: str = "persistent"
    created_under: str | None = None  # None: the source product, or the product its hardware says

    def conditions(self) -> frozenset[str]:
        flags = {"smp": self.smp, "64bit": self.sixty_four_bit, "3d": self.three_d, "snapshot": self.snapshot, "suspended": self.suspended}
        return frozenset([name for name, on in flags.items() if on] + [self.disk_mode])


class Constraints(NamedTuple):
    reversible: bool = False
    strict: bool = False
    max_moves: int | None = None
    avoid: frozenset[str] = frozenset()
    via: tuple[str, ...] = ()  # products (or groups: any member) the route passes through, in this order
    stated_only: bool = False  # no step that rests on an inference of vmgraph's


class Request(NamedTuple):
    """A question as asked: enough to print the command that asks it again."""

    source: str  # a product
    target: str  # a product or a group (any member will do)
    vm: VM = VM()
    constraints: Constraints = Constraints()
    weights: tuple[tuple[str, float], ...] = ()  # the tags whose cost was changed


class Step(NamedTuple):
    source: State
    target: State
    tags: tuple[str, ...]
    instructions: str
    conditions: tuple[str, ...]
    reference: Reference
    kind: str  # "move", "upgrade", "change" (in place, a conversion) or "prepare"
    cost: float
    inferences: tuple[str, ...] = ()  # what vmgraph infers for this step, not the guide's word

    @property
    def point_of_no_return(self) -> bool:
        return "one-way" in self.tags


class Relaxation(NamedTuple):
    """vmgraph's own suggestion: a changed question that has a route."""

    option: str  # the option to change, e.g. "--reversible"
    change: str  # what to do, e.g. "drop --reversible"
    description: str
    route: "Route"
    request: Request | None = None  # the question that gives `route`


class Refused(NamedTuple):
    """A rule against a direct move: the guide's (or a site's policy), with its advice."""

    source: str
    target: str
    reason: str
    advice: str | None
    reference: Reference
    policy: bool = False


class Route(NamedTuple):
    found: bool
    source: State
    target: State | None
    steps: tuple[Step, ...] = ()
    warnings: tuple[str, ...] = ()
    alternatives: tuple["Route", ...] = ()
    reason: str | None = None
    refusals: tuple[Refused, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    target_products: tuple[str, ...] = ()
    request: Request | None = None
    alternatives_asked: int = 0
    uncreated: frozenset[str] = frozenset()  # products that cannot create VMs: no VM is "created under" them
    today: frozenset[str] = frozenset()  # today's products: a generation there is also named by its version
    cause: str | None = None  # no route: "rules" (none the rules allow), "guest" (none for this guest), "constraints"

    @property
    def moves(self) -> int:
        return sum(1 for step in self.steps if step.kind == "move")

    @property
    def cost(self) -> float:
        return round(sum(step.cost for step in self.steps), 6)

    def count(self, tag: str) -> int:
        return sum(1 for step in self.steps if tag in step.tags)


def plan(
    source: str,
    target: str,
    *,
    vm: VM = VM(),
    constraints: Constraints = Constraints(),
    via: str | Iterable[str] | None = None,
    alternatives: int = 0,
    weights: Mapping[str, float] | None = None,
    pack: RulePack | None = None,
) -> Route:
    """The best route for a VM from `source` to `target` (names as people type them).

    `source` is one product (a VM is on one product); `target` may name a group,
    meaning any of its members.

    Arguments are checked first (vmgraph.requests): TypeError and ValueError
    subclasses that name the argument; None means the default.
    """
    from .requests import check_plan

    asked = check_plan(source, target, vm, constraints, via, alternatives, weights, pack if pack is not None else shipped_pack())
    changed = {tag: value for tag, value in asked.weights.items() if value != DEFAULT_WEIGHTS[tag]}
    request = Request(asked.source, asked.target, asked.vm, asked.constraints, tuple(sorted(changed.items())))
    return planner_for(asked.pack, changed).answer(request, asked.alternatives)


_PLANNERS: dict[tuple[int, tuple], tuple[RulePack, "Planner"]] = {}
_KEEP_PLANNERS = 8


def planner_for(pack: RulePack, weights: Mapping[str, float] | None = None) -> "Planner":
    """One Planner per pack and weights in a process, so a series of plan() calls
    builds each graph once. (The entry holds the pack, so its id stays its own.)"""
    key = (id(pack), tuple(sorted((weights or {}).items())))
    entry = _PLANNERS.get(key)
    if entry is None:
        if len(_PLANNERS) >= _KEEP_PLANNERS:
            _PLANNERS.pop(next(iter(_PLANNERS)))
        entry = _PLANNERS[key] = (pack, Planner(pack, weights))
    return entry[1]


def shipped_pack() -> RulePack:
    """The shipped rule pack, loaded once per process."""
    global _SHIPPED
    if _SHIPPED is None:
        from .rules import load_rules

        _SHIPPED = load_rules()
    return _SHIPPED


_SHIPPED: RulePack | None = None


class Planner:
    """Routes over one rule pack with one set of weights.

    The steps out of each state that pass a filter (the VM's guest, the
    constraints) are worked out once and kept, so a series of questions (an
    environment, a matrix, alternatives, relaxations) shares them.
    """

    def __init__(self, pack: RulePack, weights: Mapping[str, float] | None = None, states: StateGraph | None = None):
        self.pack = pack
        self.states = states or StateGraph(pack)
        self.weights = check_weights(weights or {})
        self._steps: dict[tuple, dict[State, tuple]] = {}  # filter -> state -> the steps that pass

    # -- the question

    def answer(self, request: Request, alternatives: int = 0) -> Route:
        """The route that answers a request, or why there is none and what would give one."""
        from .requests import check_alternatives, check_constraints, check_vm

        # The same checks plan() makes, for callers that come straight here.
        request = request._replace(vm=check_vm(request.vm, self.pack), constraints=check_constraints(request.constraints, self.pack))
        check_alternatives(alternatives)
        start = self.start_state(request)
        targets = resolve(self.pack, request.target)
        constraints = request.constraints
        self._check_guest(request.vm, start)
        routes = self._routes(start, targets, request.vm, constraints, alternatives + 1)
        if routes:
            best, others = routes[0], routes[1:]
            assumed = self._assumed_origin(start, request)
            return best._replace(alternatives=tuple(others), request=request, alternatives_asked=alternatives, warnings=assumed + best.warnings)
        return self._explain(start, targets, request)

    def best(self, start: State, targets: tuple[str, ...], vm: VM = VM(), constraints: Constraints = Constraints()) -> Route | None:
        """The best route from one given state, or None: no explanations, for bulk questions."""
        routes = self._routes(start, targets, vm, constraints, 1)
        return routes[0] if routes else None

    def start_state(self, request: Request) -> State:
        """Where the VM starts: its product, its hardware, and the product it was created under."""
        vm, name = request.vm, request.source
        product = self.pack.products[name]
        origin, hardware = vm.created_under, vm.hardware
        if hardware is not None and hardware not in product.hardware_generations():
            runs = listed(product.hardware_generations(), product.is_today)
            raise InvalidArgumentValue("vm.hardware", hardware, f"{name} does not run {short_name(hardware)} hardware (it runs {runs})")
        if origin is not None and not self.pack.products[origin].can_create:
            raise InvalidArgumentValue("vm.created_under", origin, f"{origin} cannot create VMs: name the product the VM was created under")
        if origin is not None and hardware is not None and hardware not in self.pack.products[origin].creates():
            made = listed(self.pack.products[origin].creates(), self.pack.products[origin].is_today)
            raise InvalidArgumentValue("vm.hardware", hardware, f"{origin} does not create VMs with {short_name(hardware)} hardware (it creates {made})")
        if origin is not None and hardware is None:
            hardware = self.pack.products[origin].generation
            if hardware not in product.hardware_generations():
                legacy = [h for h in self.pack.products[origin].creates() if h in product.hardware_generations()]
                hint = f"; a legacy VM {origin} creates with {short_name(legacy[0])} hardware would run there (give that hardware too)" if legacy else ""
                raise InvalidArgumentValue("vm.created_under", vm.created_under, f"{name} does not run {origin}'s {short_name(hardware)} hardware{hint}")
        state = self.states.start(name, hardware, origin)
        if state is None:
            level = hardware if hardware is not None else product.generation
            described = f"a {short_name(level)} VM created under {origin}" if origin else f"a {short_name(level)} VM"
            if origin and origin != name and hardware in self.pack.products[origin].creates():
                raise InvalidArgumentValue("vm.created_under", vm.created_under, f"{described} cannot be on {name}: the rules give no way there")
            raise InvalidArgumentValue("vm.hardware", hardware, f"{described} on {name}: no product creates such a VM for {name}")
        return state

    def _assumed_origin(self, start: State, request: Request) -> tuple[str, ...]:
        """Say so when vmgraph, not the user, decided where a VM with other hardware than
        its product's own was created (a legacy VM, or one its product runs as is)."""
        product = self.pack.products[start.product]
        if request.vm.created_under is not None or start.hardware == product.generation or product.is_today:
            return ()  # today's products go by hardware alone: where the VM was made does not matter
        if start.origin == start.product:
            return (
                f"vmgraph takes the VM to be a legacy VM created under {start.origin} with {short_name(start.hardware)} hardware; "
                f"if it was created under another product, say so with --created-under.",
            )
        return (
            f"vmgraph takes the VM to be one created under {start.origin}, the product whose {short_name(start.hardware)} hardware it has; "
            f"if it was created under another product, say so with --created-under.",
        )

    def _check_guest(self, vm: VM, start: State) -> None:
        """The VM's guest (SMP, 64-bit) runs where the VM is said to be."""
        for name in sorted(vm.conditions() & set(self.pack.features)):
            feature = self.pack.features[name]
            if not self._has_feature(start, name):
                raise InvalidArgumentValue(
                    f"vm.{'sixty_four_bit' if name == '64bit' else name}", True,
                    f"{start.product} with {short_name(start.hardware)} hardware does not run such a VM "
                    f"(only {', '.join(feature.products)} do, with their own hardware generation)",
                )

    def _has_feature(self, state: State, name: str) -> bool:
        """A guest feature needs its product's own hardware: older hardware lacks it
        (a generation 3 VM under ESX Server 2 with Virtual SMP cannot add a second CPU)."""
        product = self.pack.products[state.product]
        if product.is_today and state.hardware >= 5:
            # The guide's guest rules are its products'. Today's run SMP guests (vSphere's
            # limits start at 4 vCPUs, for vmx-04) and 64-bit guests: see TODAY_GUESTS.
            return True
        return state.product in self.pack.features[name].products and state.hardware == product.generation

    # -- searching

    def _routes(self, start: State, targets: tuple[str, ...], vm: VM, constraints: Constraints, count: int) -> list[Route]:
        """The `count` best distinct routes: the best by a lazy search from the start,
        the runners-up by Yen's algorithm over the part of the graph the start reaches."""
        keep = _Filter.of(self, vm, constraints)
        if not keep.state(start):
            return []
        question = _Question(self, start, targets, constraints, keep)
        if start.product in targets and question.first[1] == len(question.via):
            # Between two hosts of one product (any --via is the product itself): the
            # same-product copy, if the constraints allow it.
            copy = next(t for t in self.states.transitions_from(start) if t.target == start)
            return [self._route([copy], vm)] if keep.transition(copy) else []
        best = cheapest_path(question.first, question.edges, question.is_goal, question.estimate)
        if best is None:
            return []
        sensible = question.sensible(best)
        if sensible and count == 1:
            return [self._route(best, vm)]
        # Runners-up (or, rarely, a best route that passes a product twice): Yen's ranking,
        # led by the A* best when it is sensible, one route per shape.
        ranked = question.ranked(count, first=best if sensible else None)
        return [self._route(transitions, vm) for transitions in ranked]

    @cached_property
    def _uncreated(self) -> frozenset[str]:
        return frozenset(name for name, product in self.pack.products.items() if not product.can_create)

    @cached_property
    def _today(self) -> frozenset[str]:
        return frozenset(name for name, product in self.pack.products.items() if product.is_today)

    def edge_cost(self, transition: Transition) -> float:
        return transition_cost(transition, self.weights)

    @cached_property
    def upgrades_needed(self) -> dict[int, dict[int, int]]:
        """The fewest changes of hardware from one level to another that any rule could
        give (moves that upgrade, in-place upgrades and changes, conversions): a lower bound for A*."""
        products = self.pack.products
        jumps: dict[int, set[int]] = {}
        converts: dict[str, set[str]] = {}  # product -> the products a move by hardware from it converts VMs to
        upgrades: dict[str, set[str]] = {}  # ... and upgrades them to
        for rule in self.pack.moves:
            if rule.by_hardware:
                if "convert" in rule.hardware:
                    converts.setdefault(rule.source, set()).add(rule.target)
                if "upgrade" in rule.hardware:
                    upgrades.setdefault(rule.source, set()).add(rule.target)
            elif "upgrade" in rule.hardware:
                start = rule.created_with or products[rule.source].generation
                jumps.setdefault(start, set()).add(products[rule.target].generation)
        # Each target's levels once, not once per rule (today's products have thousands of rules).
        levels_of = {name: product.hardware_generations() for name, product in products.items()}
        reaches = {  # product -> levels a move by hardware from it can land at, changed
            name: set().union(*(levels_of[target] for target in converts.get(name, ())), (products[target].generation for target in upgrades.get(name, ())))
            for name in converts.keys() | upgrades.keys()
        }
        change = self.pack.today.compatibility if self.pack.today else None
        for product in products.values():
            levels = levels_of[product.name]
            if product.is_today and product.can_create:
                for level in levels:
                    jumps.setdefault(level, set()).update(h for h in levels if h > level)
            elif product.can_create:
                for runs in product.runs:
                    if runs.mode == "legacy":
                        jumps.setdefault(runs.hardware, set()).add(product.generation)
            if change is not None and product.name in change.products:
                for level in levels:
                    if level >= change.oldest:
                        jumps.setdefault(level, set()).update(h for h in levels if h != level and not change.refuses(level, h))
            for level in levels:
                jumps.setdefault(level, set()).update(reaches.get(product.name, ()))
        levels = sorted({h for found in levels_of.values() for h in found})
        needed: dict[int, dict[int, int]] = {}
        for start in levels:
            found, frontier, count = {start: 0}, [start], 0
            while frontier:
                count += 1
                frontier = [after for level in frontier for after in jumps.get(level, ()) if after not in found]
                for after in frontier:
                    found.setdefault(after, count)
            needed[start] = found
        return needed

    # -- turning transitions into steps

    def _route(self, transitions: list[Transition], vm: VM) -> Route:
        conditions = set(vm.conditions())
        steps: list[Step] = []
        warnings: list[str] = []
        for transition in transitions:
            if transition.transfer in ("import", "export") and transition.is_move and transition.source != transition.target:
                steps.extend(self._preparations(f"before-{transition.transfer}", transition, conditions))
            notes = tuple(filter(None, (transition.condition,) + transition.caveats))
            steps.append(Step(
                transition.source, transition.target, transition.tags, describe(transition, self.states), notes,
                transition.reference, transition.kind, transition_cost(transition, self.weights), transition.inferences,
            ))
            if transition.is_move and transition.source.product != transition.target.product:
                steps.extend(self._preparations("after-arrival", transition, conditions))
        for number, step in enumerate(steps, start=1):
            if step.point_of_no_return:
                warnings.append(f"Step {number} is the point of no return: after it the VM cannot go back to {step.source.product}'s {short_name(step.source.hardware)} hardware.")
            if "conditional" in step.tags:
                warnings.append(f"Step {number} depends on the guest operating system: check it before you start.")
            if step.inferences:
                noun = "an inference" if len(step.inferences) == 1 else f"{len(step.inferences)} inferences"
                said = "the guide" if step.reference.is_guide else "its source"
                warnings.append(f"Step {number} rests on {noun} of vmgraph's, not a statement of {said} (shown on the step).")
        warnings.extend(self._feature_warnings(transitions[-1].target, vm))
        if (vm.smp or vm.sixty_four_bit) and any(self.pack.products[t.target.product].is_today for t in transitions):
            warnings.append(TODAY_GUESTS)
        return Route(True, transitions[0].source, transitions[-1].target, tuple(steps), tuple(warnings), uncreated=self._uncreated, today=self._today)

    def _preparations(self, stage: str, transition: Transition, conditions: set[str]) -> list[Step]:
        at = transition.target if stage == "after-arrival" else transition.source
        steps = []
        for preparation in self.pack.preparations:
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
            steps.append(Step(at, at, ("prepare",), action, (), preparation.reference, "prepare", self.weights["prepare"], inferences))
        return steps

    def _feature_warnings(self, final: State, vm: VM) -> list[str]:
        warnings = []
        for preparation in self.pack.preparations:
            if "3d" in preparation.when and vm.three_d and preparation.products and final.product not in preparation.products:
                warnings.append(f"3-D: the guide describes 3-D capabilities only under {', '.join(preparation.products)}, not {final.product}.")
        return warnings

    # -- why not

    def _explain(self, start: State, targets: tuple[str, ...], request: Request) -> Route:
        vm = request.vm
        refusals = tuple(
            Refused(start.product, target, refusal.reason, refusal.advice, refusal.reference, refusal.policy)
            for target in targets
            for refusal in self.states.refusals(start, target)
        )
        # The VM's own guest (SMP, 64-bit) rules out every target of the guide's that cannot run
        # it. The guide's guest rules are its products' (today's run such guests: TODAY_GUESTS),
        # so no target of today's is refused in the guide's words.
        for name in sorted(vm.conditions() & set(self.pack.features)):
            feature = self.pack.features[name]
            reason, reference = feature.source_for(start.product)
            refusals += tuple(
                Refused(start.product, target, reason, None, reference)
                for target in targets
                if target not in feature.products and not self.pack.products[target].is_today
            )
        relaxations = tuple(self._relaxations(start, targets, request))
        names = " or ".join(targets)
        origin = f"created under {start.origin}" if start.origin not in self._uncreated else f"a VM from {start.origin}, its creator unknown"
        where = f"{start.product} ({short_name(start.hardware)} hardware, {origin})"
        if not self._routes(start, targets, _plain(vm), Constraints(), 1):
            cause, reason = "rules", f"vmgraph finds no chain of moves the rules allow from {where} to {names}."
        elif not self._routes(start, targets, vm, Constraints(), 1):
            cause, reason = "guest", f"vmgraph's rules allow routes from {where} to {names}, but not for this VM's guest."
        else:
            cause, reason = "constraints", f"vmgraph's rules allow routes from {where} to {names}, but none within the constraints you set."
        limits = self.ceiling_reason(start, targets)
        if limits:
            reason += " " + limits[0].upper() + limits[1:]
        return Route(
            False, start, None, reason=reason, refusals=_unique(refusals), relaxations=relaxations, target_products=targets,
            request=request, uncreated=self._uncreated, today=self._today, cause=cause,
        )

    def _relaxations(self, start: State, targets: tuple[str, ...], request: Request) -> Iterable[Relaxation]:
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
        if constraints.stated_only:
            changes.append(("--stated-only", "drop --stated-only", "a route exists if vmgraph may rely on its inferences", changed(stated_only=False)))
        if constraints.max_moves is not None:
            unlimited = self._routes(start, targets, vm, constraints._replace(max_moves=None), 1)
            if unlimited and unlimited[0].moves > constraints.max_moves:
                moves = unlimited[0].moves
                changes.append(("--max-moves", f"--max-moves {moves}", f"a route exists with {moves} moves", changed(max_moves=moves)))
        changes.extend(self._hardware_changes(start, request))
        changes.extend(self._newer_targets(start, targets, request))
        for flag, option, words in (("smp", "--smp", "an SMP guest"), ("sixty_four_bit", "--64bit", "a 64-bit guest")):
            if getattr(vm, flag):
                changes.append((option, f"drop {option}", f"a route exists for a VM without {words}", request._replace(vm=vm._replace(**{flag: False}))))
        today_source = self.pack.products[start.product].is_today
        hardware_given = False
        for option, change, description, new in changes:
            if option == "--hardware" and today_source and hardware_given:
                continue  # today's: the newest version that has a route is the one to convert down to
            try:
                new_start = self.start_state(new)
            except InvalidRequest:
                continue
            routes = self._routes(new_start, targets if new.target == request.target else (new.target,), new.vm, new.constraints, 1)
            if routes:
                hardware_given = hardware_given or option == "--hardware"
                route = routes[0]._replace(request=new)
                if option == "--stated-only":
                    description += ": " + " ".join(dict.fromkeys(i for s in route.steps for i in s.inferences))
                yield Relaxation(option, change, description, route, new)

    def _hardware_changes(self, start: State, request: Request) -> list[tuple[str, str, str, Request]]:
        """The same product with other hardware it runs: a VM created elsewhere, or a legacy VM."""
        product = self.pack.products[start.product]
        found = []
        for hardware in sorted(product.hardware_generations(), reverse=True):
            if hardware == start.hardware:
                continue
            origin = self.states.default_origin(product.name, hardware)
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


    def _newer_targets(self, start: State, targets: tuple[str, ...], request: Request) -> list[tuple[str, str, str, Request]]:
        """Today's targets too old for the VM: the oldest release of the same family
        that runs its hardware (upgrade the host to it)."""
        products = self.pack.products
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

    def ceiling_reason(self, start: State, targets: tuple[str, ...]) -> str | None:
        """Why today's targets cannot run the VM as it is, with the source of each limit."""
        words = {"lacks": "does not run {}", "above": "runs hardware up to {}", "below": "runs hardware from {} up"}
        reasons = [
            f"{name} {words[bound.kind].format(short_name(bound.level))} ({bound.reference.where()})"
            for name in targets
            if (bound := self.pack.products[name].hardware_bound(start.hardware)) is not None
        ]
        if not reasons:
            return None
        return "; ".join(reasons) + f"; this VM has {short_name(start.hardware)} hardware."


class _Filter(NamedTuple):
    """What the VM and the constraints leave of the graph; the steps out of each
    state that pass are worked out once per filter and kept by the planner."""

    planner: "Planner"
    needs: frozenset[str]
    avoid: frozenset[str]
    stated_only: bool

    @classmethod
    def of(cls, planner: "Planner", vm: VM, constraints: Constraints) -> "_Filter":
        return cls(planner, frozenset(vm.conditions() & set(planner.pack.features)), _avoided(constraints), constraints.stated_only)

    def state(self, state: State) -> bool:
        return all(self.planner._has_feature(state, name) for name in self.needs)

    def transition(self, transition: Transition) -> bool:
        return not self.avoid.intersection(transition.tags) and not (self.stated_only and transition.inferences)

    def steps_from(self, state: State) -> tuple[tuple[Transition, float], ...]:
        cache = self.planner._steps.setdefault((self.needs, self.avoid, self.stated_only), {})
        steps = cache.get(state)
        if steps is None:
            steps = cache[state] = tuple(
                (t, self.planner.edge_cost(t))
                for t in self.planner.states.transitions_from(state)
                if t.target != t.source and self.transition(t) and self.state(t.target)
            )
        return steps


class _Question:
    """One search: nodes are (state, --via stops reached in order, moves used when
    --max-moves binds, whether the VM has left the start yet), so every limit is
    plain reachability, and a route back to its own start is a route."""

    def __init__(self, planner: "Planner", start: State, targets: tuple[str, ...], constraints: Constraints, keep: _Filter):
        self.planner, self.start, self.targets, self.keep = planner, start, targets, keep
        self.via = tuple(frozenset(resolve(planner.pack, stop)) for stop in constraints.via)
        limit = constraints.max_moves
        # A sensible route passes each product at most once between two --via stops, so it
        # has fewer moves than (stops + 1) x products: a larger limit binds nothing, and the
        # search's nodes stay as many as that, whatever limit is asked for.
        longest = (len(self.via) + 1) * (len(planner.pack.products) - 1)
        self.limit = limit if limit is not None and limit < longest else None
        self.first = (start, 1 if self.via and start.product in self.via[0] else 0, 0, False)
        weights = planner.weights
        self._target_hardware = {h for name in targets for h in planner.pack.products[name].hardware_generations()}
        self._upgrades: dict[int, int] = {}
        # Every change of hardware is an upgrade (one-way) or a conversion.
        self._upgrade_cost = min(weights["one-way"], weights["convert"])
        self._cheapest_move = min(weights["copy"], weights["export"], weights["import"])

    @cached_property
    def _reach(self) -> frozenset[str]:
        """Every product some chain of rules leads from to a target. A VM moves by the
        rules of its origin's row (from wherever it is, or after going home) and of the
        products it is on, so a state whose product and origin are both outside this
        set never reaches a target."""
        into: dict[str, set[str]] = {}
        for rule in self.planner.pack.moves:
            into.setdefault(rule.target, set()).add(rule.source)
        found = set(self.targets)
        pending = list(self.targets)
        while pending:
            for source in into.get(pending.pop(), ()):
                if source not in found:
                    found.add(source)
                    pending.append(source)
        return frozenset(found)

    def edges(self, node) -> Iterable[Edge]:
        state, reached, used, _ = node
        via, limit = self.via, self.limit
        for transition, cost in self.keep.steps_from(state):
            after = transition.target
            moves = used + transition.is_move if limit is not None else 0
            if limit is not None and moves > limit:
                continue
            stops = reached + 1 if reached < len(via) and after.product in via[reached] else reached
            yield Edge(transition, (after, stops, moves, True), cost, transition.is_move, after)

    def is_goal(self, node) -> bool:
        return node[3] and node[1] == len(self.via) and node[0].product in self.targets

    def sensible(self, transitions: list[Transition]) -> bool:
        """No route visits a product twice (unless --via asks it to), and none
        reaches the target and carries on."""
        visited = [self.start.product] + [t.target.product for t in transitions if t.is_move]
        if not self.via:
            return len(set(visited)) == len(visited) and not any(p in self.targets for p in visited[:-1])
        after_via = _via_reached(visited, self.via)
        return bool(transitions) and not any(p in self.targets for p in visited[after_via + 1:-1])

    def estimate(self, node) -> float | None:
        """A lower bound of the cost still to go: the upgrades the VM's hardware needs
        before any target runs it, and a move if it is not on a target yet; None when
        no target can ever run it (only a conversion takes hardware down), or no rule
        leads from its product or its origin to a target."""
        state = node[0]
        reach = self._reach
        if state.product not in reach and (state.origin not in reach or self.planner.pack.products[state.product].is_today):
            return None
        upgrades = self._upgrades.get(state.hardware)
        if upgrades is None:
            needed = self.planner.upgrades_needed.get(state.hardware, {})
            counts = [needed[h] for h in self._target_hardware if h in needed]
            upgrades = self._upgrades[state.hardware] = min(counts) if counts else -1
        if upgrades < 0:
            return None
        moving = 0.0 if state.product in self.targets and upgrades == 0 else self._cheapest_move
        return upgrades * self._upgrade_cost + moving

    def ranked(self, count: int, first: list[Transition] | None = None) -> list[list[Transition]]:
        """Up to `count` sensible routes of distinct shapes, best first (`first`, when
        given, leads), from Yen's algorithm over the region the start reaches (but for
        states from which no target can be reached). Paths are taken cheapest first until
        `count` shapes are found and no later path can tie with the last, or
        _MAX_CANDIDATES have been examined. Where today's products are in reach, the
        best route per ending instead (see _best_per_ending)."""
        if self._today_involved():
            return self._best_per_ending(count, first)
        return self._yen(self._region(), count, first)

    def _today_involved(self) -> bool:
        """Whether a route may pass today's products, where dozens of hosts are
        interchangeable and Yen's ranking drowns in routes of one shape."""
        products = self.planner.pack.products
        return products[self.start.product].is_today or any(products[name].is_today for name in self._reach)

    def _best_per_ending(self, count: int, first: list[Transition] | None) -> list[list[Transition]]:
        """The best sensible route to each ending (a target product with one hardware
        level), ranked; the A* best leads. Among today's products a route's ending is
        what sets it apart: its hops between interchangeable hosts do not."""
        products = self.planner.pack.products
        endings = sorted({(name, level) for name in self.targets for level in products[name].hardware_generations()}, key=lambda e: (e[1], e[0]))
        by_shape: dict[tuple, tuple[tuple, list[Transition]]] = {}
        if first:
            by_shape[_shape(first)] = ((float("-inf"),), first)
        for name, level in endings:
            def is_goal(node, name=name, level=level) -> bool:
                return self.is_goal(node) and node[0].product == name and node[0].hardware == level
            route = cheapest_path(self.first, self.edges, is_goal, self.estimate)
            if route is None or not self.sensible(route):
                continue
            # Ties go to the newest hardware at the end: the VM loses least on the way down.
            rank = (round(sum(self.planner.edge_cost(t) for t in route), 9), sum(t.is_move for t in route), len(route), -route[-1].target.hardware, [t.target for t in route])
            shape = _shape(route)
            if shape not in by_shape or rank < by_shape[shape][0]:
                by_shape[shape] = (rank, route)
        return [route for _, route in sorted(by_shape.values(), key=lambda item: item[0])][:count]

    def _region(self):
        """The graph of every step the start reaches, leaving out states from which no
        target can ever be reached (they lie on no route)."""
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_node(self.first)
        pending, seen = [self.first], {self.first}
        while pending:
            node = pending.pop()
            if self.is_goal(node):
                graph.add_edge(node, _TARGET, weight=0.0)
            for edge in self.edges(node):
                if self.estimate(edge.target) is None:
                    continue
                graph.add_edge(node, edge.target, weight=edge.cost, transition=edge.item)
                if edge.target not in seen:
                    seen.add(edge.target)
                    pending.append(edge.target)
        return graph

    def _yen(self, graph, count: int, first: list[Transition] | None) -> list[list[Transition]]:
        import networkx as nx

        if _TARGET not in graph:
            return [first] if first else []
        by_shape: dict[tuple, tuple[tuple, list[Transition]]] = {}
        if first:
            by_shape[_shape(first)] = ((float("-inf"),), first)  # the A* best leads its shape
        for path in itertools.islice(nx.shortest_simple_paths(graph, self.first, _TARGET, weight="weight"), _MAX_CANDIDATES):
            transitions = [graph.edges[u, v]["transition"] for u, v in zip(path[:-2], path[1:-1])]
            cost = round(sum(self.planner.edge_cost(t) for t in transitions), 9)
            enough = sorted(rank[0] for rank, _ in by_shape.values())
            if len(enough) >= count and cost > enough[count - 1] + 1e-9:
                break  # paths come cheapest first: none of the rest can make the cut
            if not self.sensible(transitions):
                continue
            rank = (cost, sum(t.is_move for t in transitions), len(transitions), [t.target for t in transitions])
            shape = _shape(transitions)
            if shape not in by_shape or rank < by_shape[shape][0]:
                by_shape[shape] = (rank, transitions)
        return [transitions for _, transitions in sorted(by_shape.values(), key=lambda item: item[0])][:count]


def _avoided(constraints: Constraints) -> frozenset[str]:
    """Every tag the constraints leave out."""
    return frozenset(set(constraints.avoid) | ({"one-way"} if constraints.reversible else set()) | ({"conditional"} if constraints.strict else set()))


def _shape(transitions: list[Transition]) -> tuple:
    """What a route does to the VM: where its hardware is upgraded, and where it ends.
    Two routes of one shape differ only by hops that change nothing about the VM (a
    detour through one more host), so only the better one is an alternative."""
    return tuple(t.target for t in transitions if "one-way" in t.tags) + (transitions[-1].target,)


def _via_reached(visited: list[str], via: tuple[frozenset[str], ...]) -> int:
    """The index in `visited` after which every --via stop has been passed."""
    position = 0
    for index, product in enumerate(visited):
        if position < len(via) and product in via[position]:
            position += 1
            if position == len(via):
                return index
    return len(visited)


def _inferred(reference: Reference) -> tuple[str, ...]:
    return (reference.inferred,) if reference.inferred else ()


def _plain(vm: VM) -> VM:
    """The same VM with no guest that limits where it runs."""
    return vm._replace(smp=False, sixty_four_bit=False)


def _unique(refusals: tuple[Refused, ...]) -> tuple[Refused, ...]:
    return tuple(dict.fromkeys(refusals))
