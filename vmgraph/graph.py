"""The state graph as networkx sees it: nodes are States, edges carry their Transition."""

from __future__ import annotations

from typing import Callable, Mapping

import networkx as nx

from .model import State, Transition
from .transitions import StateGraph

# Default cost of each tag: irreversible and risky steps are expensive, so the
# planner prefers legacy mode to an upgrade and a sure move to a "maybe".
DEFAULT_WEIGHTS: dict[str, float] = {
    "copy": 1.0,
    "export": 2.0,
    "import": 2.0,
    "legacy": 0.5,
    "one-way": 10.0,
    "conditional": 5.0,
    "prepare": 0.5,
}


def transition_cost(transition: Transition, weights: Mapping[str, float]) -> float:
    return sum(weights[tag] for tag in transition.tags)


def mobility_graph(
    states: StateGraph,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    keep_state: Callable[[State], bool] = lambda state: True,
    keep_transition: Callable[[Transition], bool] = lambda transition: True,
) -> nx.DiGraph:
    """A DiGraph of the states and transitions that pass the filters.

    Where several transitions join the same two states, the cheapest is kept
    (the first in rule-pack order on a tie), so routes are deterministic.
    Same-product copies are left out: they would be self-loops.
    """
    graph = nx.DiGraph()
    for state in states.states:
        if keep_state(state):
            graph.add_node(state, product=state.product, hardware=state.hardware, mode=states.mode(state))
    for transition in states.transitions:
        source, target = transition.source, transition.target
        if source == target or source not in graph or target not in graph or not keep_transition(transition):
            continue
        cost = transition_cost(transition, weights)
        existing = graph.get_edge_data(source, target)
        if existing is None or cost < existing["weight"]:
            graph.add_edge(source, target, weight=cost, transition=transition, tags=transition.tags)
    return graph
