"""The cheapest path from one node, exploring the graph lazily from there.

A route question touches a small part of the state graph: the states a VM can
reach from where it is, cheapest first. A* over an implicit graph (a function
that lists a node's out-edges) explores only that part and stops at the first
goal, so a question costs what its answer needs, not the size of the whole
graph; out-edges are memoised by the caller and shared by every question in a
process.

Priorities are compared whole: estimated total cost, then moves, then steps,
then the tie keys of the states passed through (the caller's: the planner's keep to
the source's product line, then the newest release, never the alphabet). The estimate is a lower bound of
the cost and of the moves still to go (every move is a step, so of the steps too)
that never drops by more than an edge costs (a consistent heuristic, in that
order), so the first goal taken off the heap is the best route by that order:
ties are broken exactly, with no pulling of tied candidates, and a path that can
only tie on cost by taking more moves is never explored.
"""

from __future__ import annotations

import heapq
from typing import Callable, Hashable, Iterable, NamedTuple, TypeVar

Node = TypeVar("Node", bound=Hashable)


class Edge(NamedTuple):
    """One way out of a node: what it is, where it leads, what it costs."""

    item: object  # the Transition
    target: Hashable
    cost: float
    is_move: bool
    name: tuple  # how the target sorts among ties (Planner.tie_key: the source's line, then the newest release)


def cheapest_path(
    start: Node,
    edges: Callable[[Node], Iterable[Edge]],
    is_goal: Callable[[Node], bool],
    estimate: Callable[[Node], tuple[float, int] | None] = lambda node: (0.0, 0),
) -> list | None:
    """The items along the best path from `start` to a goal node, or None.

    `estimate(node)` is a consistent lower bound of the (cost, moves) from `node`
    to a goal, or None when no goal can be reached from it (the node is left out).
    """
    first = estimate(start)
    if first is None:
        return None
    counter = 0  # the heap never compares nodes themselves
    best: dict[Hashable, tuple] = {start: (0.0, 0, 0, ())}
    parent: dict[Hashable, tuple[Hashable, object]] = {}
    heap: list = [((round(first[0], 9), first[1], first[1], ()), counter, start)]
    done: set[Hashable] = set()
    while heap:
        _, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if is_goal(node):
            return _unwind(parent, start, node)
        cost, moves, steps, names = best[node]
        for edge in edges(node):
            if edge.target in done:
                continue
            after = (round(cost + edge.cost, 9), moves + edge.is_move, steps + 1, names + (edge.name,))
            known = best.get(edge.target)
            if known is not None and after >= known:
                continue
            remaining = estimate(edge.target)
            if remaining is None:
                continue
            best[edge.target] = after
            parent[edge.target] = (node, edge.item)
            counter += 1
            cost_to_go, moves_to_go = remaining
            heapq.heappush(heap, ((round(after[0] + cost_to_go, 9), after[1] + moves_to_go, after[2] + moves_to_go, after[3]), counter, edge.target))
    return None


def _unwind(parent: dict, start: Hashable, node: Hashable) -> list:
    items = []
    while node != start:
        node, item = parent[node]
        items.append(item)
    items.reverse()
    return items
