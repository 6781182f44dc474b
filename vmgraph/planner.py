"""Routes: weighted shortest paths over the state graph, and why-not when there is none.

The public entry point is `plan()`; the CLI, the notebooks and other tools all
go through it. Domain errors are raised here; exit codes live in the CLI.
"""

from __future__ import annotations

import itertools
from typing import Iterable, Mapping, NamedTuple

import networkx as nx

from .errors import InvalidRequest
from .graph import DEFAULT_WEIGHTS, mobility_graph, transition_cost
from .instructions import describe
from .model import GENERATIONS, TAGS, Reference, RulePack, State, Transition
from .names import resolve
from .transitions import StateGraph
from .weights import check_weights

AVOIDABLE_TAGS = tuple(tag for tag in TAGS if tag != "prepare")
DISK_MODES = ("persistent", "nonpersistent", "undoable", "append")
_SOURCE, _TARGET = "__source__", "__target__"
_MAX_CANDIDATES = 60  # simple paths examined when ranking ties and alternatives


class VM(NamedTuple):
    """What a person knows about the VM being moved."""

    hardware: int | None = None  # None: native to the source product
    smp: bool = False
    sixty_four_bit: bool = False
    three_d: bool = False
    snapshot: bool = False
    suspended: bool = False
    disk_mode: str = "persistent"

    def conditions(self) -> frozenset[str]:
        flags = {"smp": self.smp, "64bit": self.sixty_four_bit, "3d": self.three_d, "snapshot": self.snapshot, "suspended": self.suspended}
        return frozenset([name for name, on in flags.items() if on] + [self.disk_mode])


class Constraints(NamedTuple):
    reversible: bool = False
    strict: bool = False
    max_moves: int | None = None
    avoid: frozenset[str] = frozenset()
    via: tuple[str, ...] = ()  # products; the route must pass through one of them


class Step(NamedTuple):
    source: State
    target: State
    tags: tuple[str, ...]
    instructions: str
    conditions: tuple[str, ...]
    reference: Reference
    kind: str  # "move", "upgrade" or "prepare"
    cost: float

    @property
    def point_of_no_return(self) -> bool:
        return "one-way" in self.tags


class Relaxation(NamedTuple):
    option: str  # the option to change, e.g. "--reversible"
    change: str  # what to do, e.g. "drop --reversible"
    description: str
    route: "Route"


class Refused(NamedTuple):
    """The guide's own word against a direct move, with its advice."""

    source: str
    target: str
    reason: str
    advice: str | None
    reference: Reference


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

    Arguments are checked first (vmgraph.requests): TypeError and ValueError
    subclasses that name the argument; None means the default.
    """
    from .requests import check_plan

    asked = check_plan(source, target, vm, constraints, via, alternatives, weights, pack)
    planner = Planner(asked.pack, asked.weights)
    return planner.route(asked.sources, asked.targets, asked.vm, asked.constraints, asked.alternatives)


class Planner:
    """Routes over one rule pack with one set of weights."""

    def __init__(self, pack: RulePack, weights: Mapping[str, float] | None = None, states: StateGraph | None = None):
        self.pack = pack
        self.states = states or StateGraph(pack)
        self.weights = check_weights(weights or {})

    # -- the question

    def route(self, sources: tuple[str, ...], targets: tuple[str, ...], vm: VM, constraints: Constraints, alternatives: int = 0) -> Route:
        starts = self.start_states(sources, vm)
        self._check(vm, constraints, alternatives, starts)
        routes = self._routes(starts, targets, vm, constraints, alternatives + 1)
        if routes:
            best, others = routes[0], routes[1:]
            return best._replace(alternatives=tuple(others))
        return self._explain(starts, targets, vm, constraints)

    def best(self, start: State, targets: tuple[str, ...], vm: VM = VM(), constraints: Constraints = Constraints()) -> Route | None:
        """The best route from one given state, or None: no explanations, for bulk questions."""
        routes = self._routes((start,), targets, vm, constraints, 1)
        return routes[0] if routes else None

    def start_states(self, sources: tuple[str, ...], vm: VM) -> tuple[State, ...]:
        """Where the VM starts: native to the source unless its hardware is older."""
        starts = []
        for name in sources:
            product = self.pack.products[name]
            hardware = product.generation if vm.hardware is None else vm.hardware
            if vm.hardware is not None and vm.hardware not in GENERATIONS:
                raise InvalidRequest(f"--hardware {vm.hardware}: generations run from {GENERATIONS[0]} to {GENERATIONS[-1]}")
            if hardware > product.generation:
                if len(sources) == 1:
                    raise InvalidRequest(f"--hardware {hardware}: newer than {name}'s own generation {product.generation}")
                continue
            if hardware not in product.hardware_generations():
                if len(sources) == 1:
                    runs = ", ".join(map(str, sorted(product.hardware_generations())))
                    raise InvalidRequest(f"--hardware {hardware}: {name} does not run generation {hardware} hardware (it runs {runs})")
                continue
            starts.append(State(name, hardware))
        if not starts:
            raise InvalidRequest(f"--hardware {vm.hardware}: none of {', '.join(sources)} runs generation {vm.hardware} hardware")
        return tuple(starts)

    def _check(self, vm: VM, constraints: Constraints, alternatives: int, starts: tuple[State, ...]) -> None:
        if vm.disk_mode not in DISK_MODES:
            raise InvalidRequest(f"--disk-mode {vm.disk_mode}: expected one of {', '.join(DISK_MODES)}")
        if constraints.max_moves is not None and constraints.max_moves < 1:
            raise InvalidRequest(f"--max-moves {constraints.max_moves}: must be 1 or more")
        if alternatives < 0:
            raise InvalidRequest(f"--alternatives {alternatives}: must be 0 or more")
        for tag in sorted(constraints.avoid):
            if tag not in AVOIDABLE_TAGS:
                raise InvalidRequest(f"--avoid {tag}: expected one of {', '.join(AVOIDABLE_TAGS)}")
        for name in vm.conditions() & set(self.pack.features):
            feature = self.pack.features[name]
            if not any(self._has_feature(state, name) for state in starts):
                where = ", ".join(sorted({f"{s.product} with generation {s.hardware} hardware" for s in starts}))
                raise InvalidRequest(f"--{name}: {where} does not run such a VM (only {', '.join(feature.products)} do, with their own hardware generation)")

    def _has_feature(self, state: State, name: str) -> bool:
        """A guest feature needs its product's own hardware: older hardware lacks it
        (a generation 3 VM under ESX Server 2 with Virtual SMP cannot add a second CPU)."""
        product = self.pack.products[state.product]
        return state.product in self.pack.features[name].products and state.hardware == product.generation

    # -- searching

    def _routes(self, starts: tuple[State, ...], targets: tuple[str, ...], vm: VM, constraints: Constraints, count: int) -> list[Route]:
        same = [s for s in starts if s.product in targets]
        if same and not (constraints.via and same[0].product not in constraints.via):
            return [self._same_product_route(same[0], vm)]
        graph = self._search_graph(starts, targets, vm, constraints)
        if not nx.has_path(graph, _SOURCE, _TARGET):
            return []
        candidates: list[tuple[tuple, list[Transition]]] = []
        seen = set()
        for path in itertools.islice(nx.shortest_simple_paths(graph, _SOURCE, _TARGET, weight="weight"), _MAX_CANDIDATES):
            transitions = [graph.edges[u, v]["transition"] for u, v in zip(path[1:-2], path[2:-1])]
            states = (transitions[0].source,) + tuple(t.target for t in transitions)
            if not constraints.via and len(set(states)) != len(states):
                continue  # a loop is never a sensible alternative
            key = tuple(transitions)
            if key in seen:
                continue
            seen.add(key)
            cost = sum(transition_cost(t, self.weights) for t in transitions)
            candidates.append(((round(cost, 6), sum(t.is_move for t in transitions), len(transitions), [t.target for t in transitions]), transitions))
            # Keep pulling while later paths may still tie with the last one kept.
            if len(candidates) >= count and cost > candidates[count - 1][0][0] + 1e-9:
                break
        candidates.sort(key=lambda item: item[0])
        return [self._route(transitions, vm) for _, transitions in candidates[:count]]

    def _search_graph(self, starts: tuple[State, ...], targets: tuple[str, ...], vm: VM, constraints: Constraints) -> nx.DiGraph:
        """The filtered state graph, layered by moves used and 'via reached' when asked."""
        needs = vm.conditions() & set(self.pack.features)
        avoid = set(constraints.avoid) | ({"one-way"} if constraints.reversible else set()) | ({"conditional"} if constraints.strict else set())

        def keep_state(state: State) -> bool:
            return all(self._has_feature(state, name) for name in needs)

        def keep_transition(transition: Transition) -> bool:
            return not avoid.intersection(transition.tags)

        base = mobility_graph(self.states, self.weights, keep_state, keep_transition)
        if constraints.max_moves is None and not constraints.via:
            ends = [s for s in base if s.product in targets]  # built for this question alone: add to it
            base.add_nodes_from((_SOURCE, _TARGET))
            base.add_edges_from((_SOURCE, s, {"weight": 0.0}) for s in starts if s in base)
            base.add_edges_from((s, _TARGET, {"weight": 0.0}) for s in ends)
            return base
        return self._layered(base, starts, targets, constraints)

    def _layered(self, base: nx.DiGraph, starts: tuple[State, ...], targets: tuple[str, ...], constraints: Constraints) -> nx.DiGraph:
        """Nodes (state, moves used, via reached): limits become plain reachability."""
        limit = constraints.max_moves if constraints.max_moves is not None else base.number_of_nodes()
        via = set(constraints.via)
        graph = nx.DiGraph()
        graph.add_node(_SOURCE)
        graph.add_node(_TARGET)
        frontier = [(s, 0, s.product in via or not via) for s in starts if s in base]
        graph.add_edges_from((_SOURCE, node, {"weight": 0.0}) for node in frontier)
        seen = set(frontier)
        while frontier:
            node = frontier.pop()
            state, used, reached = node
            if reached and state.product in targets:
                graph.add_edge(node, _TARGET, weight=0.0)
            for _, after, data in base.out_edges(state, data=True):
                moves = used + (1 if data["transition"].is_move else 0)
                if moves > limit:
                    continue
                following = (after, moves, reached or after.product in via)
                graph.add_edge(node, following, **data)
                if following not in seen:
                    seen.add(following)
                    frontier.append(following)
        return graph

    # -- turning transitions into steps

    def _same_product_route(self, state: State, vm: VM) -> Route:
        copy = next(t for t in self.states.transitions_from(state) if t.target == state)
        return self._route([copy], vm)

    def _route(self, transitions: list[Transition], vm: VM) -> Route:
        conditions = set(vm.conditions())
        steps: list[Step] = []
        warnings: list[str] = []
        for transition in transitions:
            transfer = transition.rule.transfer if transition.rule else None
            if transfer in ("import", "export"):
                steps.extend(self._preparations(f"before-{transfer}", transition, conditions))
            notes = tuple(filter(None, (transition.condition,) + transition.caveats))
            steps.append(Step(transition.source, transition.target, transition.tags, describe(transition, self.states), notes, transition.reference, transition.kind, transition_cost(transition, self.weights)))
            if transition.is_move and transition.source.product != transition.target.product:
                steps.extend(self._preparations("after-arrival", transition, conditions))
        for number, step in enumerate(steps, start=1):
            if step.point_of_no_return:
                warnings.append(f"Step {number} is the point of no return: after it the VM cannot go back to {step.source.product}'s generation {step.source.hardware} hardware.")
            if "conditional" in step.tags:
                warnings.append(f"Step {number} depends on the guest operating system: check it before you start.")
            if step.reference.inferred:
                warnings.append(f"Step {number} rests on an inference, not a statement of the guide: {step.reference.inferred}")
        warnings.extend(self._feature_warnings(transitions[-1].target, vm))
        return Route(True, transitions[0].source, transitions[-1].target, tuple(steps), tuple(warnings))

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
            steps.append(Step(at, at, ("prepare",), action, (), preparation.reference, "prepare", self.weights["prepare"]))
        return steps

    def _feature_warnings(self, final: State, vm: VM) -> list[str]:
        warnings = []
        for preparation in self.pack.preparations:
            if "3d" in preparation.when and vm.three_d and preparation.products and final.product not in preparation.products:
                warnings.append(f"3-D: the guide describes 3-D capabilities only under {', '.join(preparation.products)}, not {final.product}.")
        return warnings

    # -- why not

    def _explain(self, starts: tuple[State, ...], targets: tuple[str, ...], vm: VM, constraints: Constraints) -> Route:
        refusals = tuple(
            Refused(start.product, target, refusal.reason, refusal.advice, refusal.reference)
            for start in starts
            for target in targets
            for refusal in self.states.refusals(start, target)
        )
        # The VM's own guest (SMP, 64-bit) rules out every target that cannot run it.
        refusals += tuple(
            Refused(start.product, target, feature.reason, None, feature.reference)
            for feature in (self.pack.features[name] for name in sorted(vm.conditions() & set(self.pack.features)))
            for start in starts[:1]
            for target in targets
            if target not in feature.products
        )
        relaxations = tuple(self._relaxations(starts, targets, vm, constraints))
        names = " or ".join(targets)
        start_text = ", ".join(f"{s.product} (generation {s.hardware} hardware)" for s in starts)
        if not self._routes(starts, targets, _plain(vm), Constraints(), 1):
            reason = f"No chain of moves the guide supports takes a VM from {start_text} to {names}."
        elif not self._routes(starts, targets, vm, Constraints(), 1):
            reason = f"The guide allows routes from {start_text} to {names}, but not for this VM's guest."
        else:
            reason = f"The guide allows routes from {start_text} to {names}, but none within the constraints you set."
        if refusals:
            reason += " " + " ".join(dict.fromkeys(r.reason for r in refusals))
        return Route(False, starts[0], None, reason=reason, refusals=_unique(refusals), relaxations=relaxations, target_products=targets)

    def _relaxations(self, starts: tuple[State, ...], targets: tuple[str, ...], vm: VM, constraints: Constraints) -> Iterable[Relaxation]:
        """The smallest single changes that give a route, in a fixed order."""
        candidates: list[tuple[str, str, str, VM, Constraints, tuple[State, ...]]] = []
        if constraints.reversible:
            candidates.append(("--reversible", "drop --reversible", "a route exists if one-way upgrades of the virtual hardware are allowed", vm, constraints._replace(reversible=False), starts))
        if constraints.strict:
            candidates.append(("--strict", "drop --strict", "a route exists if the guest operating system copes with the move (a conditional step: check the guest's documentation)", vm, constraints._replace(strict=False), starts))
        for tag in sorted(constraints.avoid):
            candidates.append(("--avoid", f"drop --avoid {tag}", f"a route exists if '{tag}' steps are allowed", vm, constraints._replace(avoid=constraints.avoid - {tag}), starts))
        if constraints.via:
            candidates.append(("--via", "drop --via", "a route exists if it need not pass through " + " or ".join(constraints.via), vm, constraints._replace(via=()), starts))
        for start in starts[:1]:
            product = self.pack.products[start.product]
            for hardware in sorted(product.hardware_generations(), reverse=True):
                if hardware == start.hardware or hardware > product.generation:
                    continue
                if hardware in product.creates():
                    how = f"create it as a legacy VM under {product.name}"
                else:
                    how = f"create it under {product.runs_entry(hardware).moves_as} and run it in legacy mode under {product.name}"
                candidates.append(("--hardware", f"--hardware {hardware}", f"a route exists if the VM had generation {hardware} hardware ({how}: --hardware {hardware})", vm._replace(hardware=hardware), constraints, (State(product.name, hardware),)))
        for flag, option, words in (("smp", "--smp", "an SMP guest"), ("sixty_four_bit", "--64bit", "a 64-bit guest")):
            if getattr(vm, flag):
                candidates.append((option, f"drop {option}", f"a route exists for a VM without {words}", vm._replace(**{flag: False}), constraints, starts))
        found = []
        if constraints.max_moves is not None:
            routes = self._routes(starts, targets, vm, constraints._replace(max_moves=None), 1)
            if routes and routes[0].moves > constraints.max_moves:
                found.append(Relaxation("--max-moves", f"--max-moves {routes[0].moves}", f"a route exists with {routes[0].moves} moves", routes[0]))
        for option, change, description, new_vm, new_constraints, new_starts in candidates:
            routes = self._routes(new_starts, targets, new_vm, new_constraints, 1)
            if routes:
                found.append(Relaxation(option, change, description, routes[0]))
        return found


def _plain(vm: VM) -> VM:
    """The same VM with no guest that limits where it runs."""
    return vm._replace(smp=False, sixty_four_bit=False)


def _unique(refusals: tuple[Refused, ...]) -> tuple[Refused, ...]:
    return tuple(dict.fromkeys(refusals))
