"""The whole state graph as a networkx DiGraph, for exploring it with networkx (the
notebook, the tests' exhaustive checks): nodes are States, edges carry their Transition.
Route questions do not build it: they search lazily (planner.py, search.py).
"""

from __future__ import annotations

from typing import Callable, Mapping

import networkx as nx

from ..pack.model import State, Transition
from .state_graph import StateGraph
from ..pack.weights import DEFAULT_WEIGHTS, transition_cost

__all__ = ["DEFAULT_WEIGHTS", "mobility_graph", "transition_cost"]


def mobility_graph(
    states: StateGraph,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    keep_state: Callable[[State], bool] = lambda state: True,
    keep_transition: Callable[[Transition], bool] = lambda transition: True,
) -> nx.DiGraph:
    """A DiGraph of the states and transitions that pass the filters.

    Where several transitions join the same two states, the cheapest is kept
    (the first in rule-pack order on a tie), so the graph is the same every run.
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
