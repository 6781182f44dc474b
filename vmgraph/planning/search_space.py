"""The search behind a route: which steps a VM may take (StepFilter), the search's nodes,
goal and lower bound (RouteSearch), and ranking routes of distinct shapes for alternatives."""

from __future__ import annotations

import heapq
import itertools
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, NamedTuple

from ..pack.model import State, Transition
from ..pack.names import resolve
from .records import VM, Constraints
from .search import Edge, cheapest_path

if TYPE_CHECKING:  # for annotations only: the planner imports this module
    from .planner import Planner
    from .state_graph import StateGraph

_TARGET = "__target__"
_MAX_CANDIDATES = 200  # simple paths examined at most when ranking alternatives


class StepFilter(NamedTuple):
    """What the VM and the constraints leave of the graph; the steps out of each
    state that pass are worked out once per filter and kept by the planner."""

    planner: "Planner"
    needs: frozenset[str]
    avoid: frozenset[str]
    stated_only: bool
    allowed: frozenset[str] | None = None  # the only products a route may pass (None: any)

    @classmethod
    def of(cls, planner: "Planner", vm: VM, constraints: Constraints, allowed: frozenset[str] | None = None) -> "StepFilter":
        return cls(planner, frozenset(vm.conditions() & set(planner.pack.features)), avoided(constraints), constraints.stated_only, allowed)

    def state(self, state: State) -> bool:
        return all(self.planner.has_feature(state, name) for name in self.needs)

    def transition(self, transition: Transition) -> bool:
        if self.allowed is not None and transition.target.product not in self.allowed:
            return False
        return not self.avoid.intersection(transition.tags) and not (self.stated_only and transition.inferences)

    def steps_from(self, state: State) -> tuple[tuple[Transition, float], ...]:
        cache = self.planner.step_cache.setdefault((self.needs, self.avoid, self.stated_only, self.allowed), {})
        steps = cache.get(state)
        if steps is None:
            steps = cache[state] = tuple(
                (t, self.planner.edge_cost(t))
                for t in self.planner.states.transitions_from(state)
                if t.target != t.source and self.transition(t) and self.state(t.target)
            )
        return steps


class RouteSearch:
    """One search: nodes are (state, --via stops reached in order, moves used when
    --max-moves binds, whether the VM has left the start yet), so every limit is
    plain reachability, and a route back to its own start is a route."""

    def __init__(self, planner: "Planner", start: State, targets: tuple[str, ...], constraints: Constraints, keep: StepFilter):
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
        # Every change of hardware up is an upgrade (one-way) or a conversion; down, only a conversion.
        self._change_costs = (min(weights["one-way"], weights["convert"]), weights["convert"])
        self._cheapest_move = min(weights["copy"], weights["export"], weights["import"])

    @cached_property
    def _reach(self) -> frozenset[str]:
        """Every product some chain of rules leads from to a target. A VM moves by the
        rules of its origin's row (from wherever it is, or after going home) and of the
        products it is on, so a state whose product and origin are both outside this
        set never reaches a target."""
        into = self.planner.states.sources_into
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
            yield Edge(transition, (after, stops, moves, True), cost, transition.is_move, self.planner.tie_key(self.start.product, after, self.targets))

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

    @cached_property
    def _changes_to_target(self) -> dict[int, float]:
        """The least the changes of hardware from each level to one a target runs can cost
        (planning.hardware_jumps), by Dijkstra from the targets' levels backwards."""
        into: dict[int, list[int]] = {}
        for level, afters in self.planner.hardware_jumps.items():
            for after in afters:
                into.setdefault(after, []).append(level)
        up, down = self._change_costs
        found: dict[int, float] = {}
        heap = [(0.0, level) for level in sorted(self._target_hardware)]
        while heap:
            cost, level = heapq.heappop(heap)
            if level in found:
                continue
            found[level] = cost
            for before in into.get(level, ()):
                if before not in found:
                    heapq.heappush(heap, (cost + (up if level > before else down), before))
        return found

    def estimate(self, node) -> tuple[float, int] | None:
        """A lower bound of the cost and the moves still to go: the cheapest changes of the VM's
        hardware to one a target runs (a step down is always a conversion), and a move if it
        is not on a target yet; None when no target can ever run it, or no rule leads from its
        product or its origin to a target. It drops by no more than a step costs (each
        step's tags pay for its change and its move), so A* stays exact."""
        state = node[0]
        reach = self._reach
        if state.product not in reach and (state.origin not in reach or self.planner.pack.products[state.product].is_today):
            return None
        changes = self._changes_to_target.get(state.hardware)
        if changes is None:
            return None
        if state.product in self.targets and state.hardware in self._target_hardware:
            return (changes, 0)
        return (changes + self._cheapest_move, 1)

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
            rank = (round(sum(self.planner.edge_cost(t) for t in route), 9), sum(t.is_move for t in route), len(route), -route[-1].target.hardware, self._ties(route))
            shape = _shape(route)
            if shape not in by_shape or rank < by_shape[shape][0]:
                by_shape[shape] = (rank, route)
        return [route for _, route in sorted(by_shape.values(), key=lambda item: item[0])][:count]

    def _ties(self, transitions: list[Transition]) -> list[tuple]:
        """How a route sorts among routes of equal cost: by the states it passes (Planner.tie_key)."""
        return [self.planner.tie_key(self.start.product, t.target, self.targets) for t in transitions]

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
            rank = (cost, sum(t.is_move for t in transitions), len(transitions), self._ties(transitions))
            shape = _shape(transitions)
            if shape not in by_shape or rank < by_shape[shape][0]:
                by_shape[shape] = (rank, transitions)
        return [transitions for _, transitions in sorted(by_shape.values(), key=lambda item: item[0])][:count]


def avoided(constraints: Constraints) -> frozenset[str]:
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


def hardware_jumps(graph: "StateGraph") -> dict[int, frozenset[int]]:
    """Every change of hardware, level to level, that some rule could give (moves that
    upgrade, in-place upgrades and changes, conversions): A*'s lower bound walks them."""
    pack = graph.pack
    products = pack.products
    levels_of = {name: product.hardware_generations() for name, product in products.items()}
    jumps: dict[int, set[int]] = {}
    for rules in graph.rules_by_row.values():
        for rule in rules:
            if "upgrade" in rule.hardware:
                jumps.setdefault(rule.created_with or products[rule.source].generation, set()).add(products[rule.target].generation)
    reaches: dict[str, set[int]] = {}  # product -> levels a move by hardware from it can land at, changed
    for name, rules in graph.rules_by_host.items():
        landing = reaches[name] = set()
        for target in {rule.target for rule in rules if "convert" in rule.hardware}:
            landing.update(levels_of[target])
        landing.update(products[rule.target].generation for rule in rules if "upgrade" in rule.hardware)
    change = pack.today.compatibility if pack.today else None
    done: set[tuple] = set()  # products alike in what they add: dozens of today's run the same levels
    for product in products.values():
        levels = levels_of[product.name]
        if product.can_create and not product.is_today:
            for runs in product.runs:
                if runs.mode == "legacy":
                    jumps.setdefault(runs.hardware, set()).add(product.generation)
        today_creator = product.is_today and product.can_create
        changes = change is not None and product.name in change.products
        if (today_creator or changes) and (levels, today_creator, changes) not in done:
            done.add((levels, today_creator, changes))
            for level in levels:
                afters = jumps.setdefault(level, set())
                if today_creator:
                    afters.update(h for h in levels if h > level)
                if changes and level >= change.oldest:  # type: ignore[union-attr]
                    afters.update(h for h in levels if h != level and not change.refuses(level, h))  # type: ignore[union-attr]
        for level in levels:
            jumps.setdefault(level, set()).update(reaches.get(product.name, ()))
    return {level: frozenset(afters) for level, afters in sorted(jumps.items())}
