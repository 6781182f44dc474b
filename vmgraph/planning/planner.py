"""Routes: weighted shortest paths over the state graph, and why-not when there is none.

The public entry point is `plan()`; the CLI, the notebooks and other tools all
go through it. Domain errors are raised here; exit codes live in the CLI.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterable, Mapping

from ..errors import InvalidArgumentValue
from ..pack.model import ARCHITECTURES, RulePack, State, Transition
from ..pack.names import resolve
from ..pack.sources import shipped_pack
from ..pack.weights import DEFAULT_WEIGHTS, check_weights, transition_cost
from ..vm.hardware import listed, named, short_name, vmx_name
from .records import VM, Constraints, Request, Route
from .detours import round_refusal
from .search import cheapest_path
from .platforms import allowed_products, architecture_notes, architecture_products, both, crossing_warning, line, named_products, unnamed_warning
from .search_space import RouteSearch, StepFilter, hardware_jumps
from .state_graph import StateGraph
from .steps import route_of
from .why_not import ceiling_reason, explain


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
    from .questions import check_plan

    asked = check_plan(source, target, vm, constraints, via, alternatives, weights, pack if pack is not None else shipped_pack())
    changed = {tag: value for tag, value in asked.weights.items() if value != DEFAULT_WEIGHTS[tag]}
    request = Request(asked.source, asked.target, asked.vm, asked.constraints, tuple(sorted(changed.items())), asked.hardware_reading, asked.name_readings)
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
        self.step_cache: dict[tuple, dict[State, tuple]] = {}  # filter -> state -> the steps that pass

    # -- the question

    def answer(self, request: Request, alternatives: int = 0) -> Route:
        """The route that answers a request, or why there is none and what would give one."""
        from .questions import check_alternatives, check_constraints, check_vm

        # The same checks plan() makes, for callers that come straight here.
        request = request._replace(vm=check_vm(request.vm, self.pack, request.source), constraints=check_constraints(request.constraints, self.pack))
        check_alternatives(alternatives)
        if request.vm.hardware is None and request.vm.created_under is None and request.hardware_reading is None:
            request = request._replace(hardware_reading=self._disputed_own(request.source))
        start = self.start_state(request)
        targets = resolve(self.pack, request.target)
        constraints = request.constraints
        self._check_guest(request.vm, start)
        routes = self.routes(start, targets, request.vm, constraints, alternatives + 1)
        if routes:
            best, others = routes[0], routes[1:]
            assumed = self._assumed_origin(start, request)
            return best._replace(alternatives=tuple(others), request=request, alternatives_asked=alternatives, warnings=assumed + best.warnings)
        return explain(self, start, targets, request)

    def best(self, start: State, targets: tuple[str, ...], vm: VM = VM(), constraints: Constraints = Constraints()) -> Route | None:
        """The best route from one given state, or None: no explanations, for bulk questions."""
        routes = self.routes(start, targets, vm, constraints, 1)
        return routes[0] if routes else None

    def start_state(self, request: Request) -> State:
        """Where the VM starts: its product, its hardware, and the product it was created under."""
        vm, name = request.vm, request.source
        product = self.pack.products[name]
        origin, hardware = vm.created_under, vm.hardware
        today = product.is_today
        read = f" ({request.hardware_reading})" if request.hardware_reading else ""
        archs = self.pack.architectures_of(name)
        if vm.arch is not None and archs and vm.arch not in archs:
            runs = ", ".join(sorted(archs))
            raise InvalidArgumentValue("vm.arch", vm.arch, f"{name} runs {runs} VMs only ({', '.join(self.pack.platforms_of(name))}): an {vm.arch} VM is not on it")
        if hardware is not None and hardware not in product.hardware_generations():
            runs = listed(product.hardware_generations(), today)
            raise InvalidArgumentValue("vm.hardware", hardware, f"{name} does not run {named(hardware, today)} hardware (it runs {runs}){read}")
        if origin is not None and not self.pack.products[origin].can_create:
            raise InvalidArgumentValue("vm.created_under", origin, f"{origin} cannot create VMs: name the product the VM was created under")
        if origin is not None and hardware is not None and hardware not in self.pack.products[origin].creates():
            creator = self.pack.products[origin]
            made = listed(creator.creates(), creator.is_today)
            said = next((f"; {ref.where()}" for level, ref in creator.no_create if level == hardware), "")
            raise InvalidArgumentValue("vm.hardware", hardware, f"{origin} does not create VMs with {named(hardware, creator.is_today)} hardware (it creates {made}{said}){read}")
        if origin is not None and hardware is None:
            hardware = self.pack.products[origin].generation
            if hardware not in product.hardware_generations():
                legacy = [h for h in self.pack.products[origin].creates() if h in product.hardware_generations()]
                hint = f"; a legacy VM {origin} creates with {named(legacy[0])} hardware would run there (give that hardware too)" if legacy else ""
                raise InvalidArgumentValue("vm.created_under", vm.created_under, f"{name} does not run {origin}'s {named(hardware, today)} hardware{hint}")
        state = self.states.start(name, hardware, origin)
        if state is None:
            level = hardware if hardware is not None else product.generation
            described = f"a {named(level, today)} VM created under {origin}" if origin else f"a {named(level, today)} VM"
            if origin and origin != name and hardware in self.pack.products[origin].creates():
                raise InvalidArgumentValue("vm.created_under", vm.created_under, f"{described} cannot be on {name}: the rules give no way there")
            raise InvalidArgumentValue("vm.hardware", hardware, f"{described} on {name}: no product creates such a VM for {name}")
        return state

    def _disputed_own(self, name: str) -> str | None:
        """A VM on one of today's products is taken to have the product's own hardware; where the
        sources disagree on what that is (VMware Server 1, Player 2.0, Fusion 1: version 6 or 4),
        the route says which it took, and how to give the other."""
        product = self.pack.products[name]
        said = product.reference.inferred
        if not product.is_today or not said or "disagree" not in said:
            return None
        others = ", ".join(vmx for vmx in (vmx_name(level) for level in sorted(product.hardware_generations(), reverse=True) if level < product.generation) if vmx)
        return (
            f"No hardware given: vmgraph takes the VM to have {name}'s own, {vmx_name(product.generation)}, and the sources disagree on what "
            f"that is ({said}). If the VM has another, give it with --hardware ({others})."
        )

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
            if not self.has_feature(start, name):
                raise InvalidArgumentValue(
                    f"vm.{'sixty_four_bit' if name == '64bit' else name}", True,
                    f"{start.product} with {short_name(start.hardware)} hardware does not run such a VM "
                    f"(only {', '.join(feature.products)} do, with their own hardware generation)",
                )

    def has_feature(self, state: State, name: str) -> bool:
        """A guest feature needs its product's own hardware: older hardware lacks it
        (a generation 3 VM under ESX Server 2 with Virtual SMP cannot add a second CPU)."""
        product = self.pack.products[state.product]
        if product.is_today and state.hardware >= 5:
            # The guide's guest rules are its products'. Today's run SMP guests (vSphere's
            # limits start at 4 vCPUs, for vmx-04) and 64-bit guests: see TODAY_GUESTS.
            return True
        return state.product in self.pack.features[name].products and state.hardware == product.generation

    # -- searching

    def routes(self, start: State, targets: tuple[str, ...], vm: VM, constraints: Constraints, count: int) -> list[Route]:
        """The `count` best distinct routes (_platform_routes), each said to go round the guide's
        refusal where it does (planning/detours.py); with --stated-only, none that goes round one
        on vmgraph's reading of an upgraded VM."""
        found = []
        for route in self._platform_routes(start, targets, vm, constraints, count):
            route, read = round_refusal(self, start, targets, route)
            if not (read and constraints.stated_only):
                found.append(route)
        return found

    def _platform_routes(self, start: State, targets: tuple[str, ...], vm: VM, constraints: Constraints, count: int) -> list[Route]:
        """The `count` best distinct routes, kept to the platforms of the source and the
        targets (or to the products the site has: --have); off them only when no route
        stays on them, and then the route says so (planning/platforms.py). With --via
        (and no --have), first to the products the question names: who names the stops
        has them, and may have nothing else (the guide's two-stage procedures, pp. 15-16)."""
        arch = vm.arch or ARCHITECTURES[0]
        able = architecture_products(self.pack, arch)  # no move takes a VM across architectures
        named = named_products(self.pack, start, targets, constraints) if constraints.via and not constraints.have else None
        if named is not None:
            found = self._routes(start, targets, vm, constraints, count, both(named, able))
            if found:
                return [route._replace(warnings=route.warnings + architecture_notes(self.pack, route, arch, vm.arch is not None)) for route in found]
        allowed, staying = allowed_products(self.pack, start, targets, constraints)
        found = self._routes(start, targets, vm, constraints, count, both(allowed, able))
        if named is not None:
            found = [route._replace(warnings=route.warnings + tuple(filter(None, [unnamed_warning(route, named)]))) for route in found]
        if not found and allowed is not None and not constraints.have:
            found = self._routes(start, targets, vm, constraints, count, able)
            found = [route._replace(warnings=route.warnings + tuple(filter(None, [crossing_warning(self.pack, route, staying)]))) for route in found]
        return [route._replace(warnings=route.warnings + architecture_notes(self.pack, route, arch, vm.arch is not None)) for route in found]

    def tie_key(self, source: str, state: State, targets: tuple[str, ...] = ()) -> tuple:
        """How a state sorts among ties: on the source's line first; then, on the way, the
        newest release (the highest hardware, then the latest in the pack), and at the end,
        of a target that names several products, the first it lists; then hardware and origin."""
        order, product = self._order, self.pack.products[state.product]
        release = (0, order[product.name]) if product.name in targets else (-product.generation, -order[product.name])
        return (line(self.pack, product.name) != line(self.pack, source),) + release + (state.hardware, order[state.origin])

    @cached_property
    def _order(self) -> dict[str, int]:
        return {name: index for index, name in enumerate(self.pack.products)}

    def _routes(self, start: State, targets: tuple[str, ...], vm: VM, constraints: Constraints, count: int, allowed: frozenset[str] | None) -> list[Route]:
        """The best by a lazy search from the start, the runners-up by Yen's algorithm over
        the part of the graph the start reaches, passing only `allowed` products (None: any)."""
        keep = StepFilter.of(self, vm, constraints, allowed)
        if not keep.state(start):
            return []
        question = RouteSearch(self, start, targets, constraints, keep)
        if start.product in targets and question.first[1] == len(question.via):
            # Between two hosts of one product (any --via is the product itself): the
            # same-product copy, if the constraints allow it.
            copy = next(t for t in self.states.transitions_from(start) if t.target == start)
            return [route_of(self, [copy], vm)] if keep.transition(copy) else []
        best = cheapest_path(question.first, question.edges, question.is_goal, question.estimate)
        if best is None:
            return []
        sensible = question.sensible(best)
        if sensible and count == 1:
            return [route_of(self, best, vm)]
        # Runners-up (or, rarely, a best route that passes a product twice): Yen's ranking,
        # led by the A* best when it is sensible, one route per shape.
        ranked = question.ranked(count, first=best if sensible else None)
        return [route_of(self, transitions, vm) for transitions in ranked]

    @cached_property
    def uncreated(self) -> frozenset[str]:
        return frozenset(name for name, product in self.pack.products.items() if not product.can_create)

    @cached_property
    def today(self) -> frozenset[str]:
        return frozenset(name for name, product in self.pack.products.items() if product.is_today)

    def edge_cost(self, transition: Transition) -> float:
        return transition_cost(transition, self.weights)

    @cached_property
    def hardware_jumps(self) -> dict[int, frozenset[int]]:
        """Every change of hardware some rule could give (search_space.hardware_jumps), worked out once."""
        return hardware_jumps(self.states)

    def ceiling_reason(self, start: State, targets: tuple[str, ...]) -> str | None:
        """Why today's targets cannot run the VM as it is, with the source of each limit."""
        return ceiling_reason(self.pack, start, targets)
