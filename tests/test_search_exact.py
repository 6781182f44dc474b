"""The route search's lower bound prunes work, never answers: A* with the planner's estimate
finds the very route a plain uniform-cost search (no estimate) finds, ties included, for
the guide's products and a spread of today's, and the estimate is consistent on every step
of the state graph."""

import itertools

import pytest

from vmgraph.planning.planner import planner_for
from vmgraph.planning.records import VM, Constraints
from vmgraph.planning.search import cheapest_path
from vmgraph.planning.search_space import RouteSearch, StepFilter


def _questions(pack):
    """Every pair of the guide's products, and today's products paired across families and releases."""
    guide = [name for name, product in pack.products.items() if not product.is_today]
    today = [name for name, product in pack.products.items() if product.is_today]
    pairs = [(a, b) for a, b in itertools.permutations(guide, 2)]
    # Every 7th of today's products against every 5th: both directions, hosted and ESXi, old and new.
    pairs += [(a, b) for a in today[::7] for b in today[2::5] if a != b]
    return pairs


def _search(planner, source, target):
    start = planner.states.start(source)
    if start is None:
        return None
    keep = StepFilter.of(planner, VM(), Constraints())
    return RouteSearch(planner, start, (target,), Constraints(), keep)


def test_the_estimate_changes_no_route(pack):
    planner = planner_for(pack)
    compared = 0
    for source, target in _questions(pack):
        question = _search(planner, source, target)
        if question is None:
            continue
        guided = cheapest_path(question.first, question.edges, question.is_goal, question.estimate)
        plain = cheapest_path(question.first, question.edges, question.is_goal)
        assert guided == plain, f"{source} -> {target}: the estimate changed the route"
        compared += guided is not None
    assert compared > 200  # routes were found, not only refusals compared


def test_the_estimate_never_drops_by_more_than_a_step_costs(pack):
    """Consistency, step by step: cost to go (and moves to go) fall by no more than the step
    pays, for every state the search can reach and several kinds of target."""
    planner = planner_for(pack)
    targets = ["ESXi 7.0 U3", "Workstation 5.0", "Fusion 13", "ESX Server 2", "Workstation 17"]
    for target in targets:
        question = _search(planner, "Workstation 4", target)
        for state in planner.states.states:
            here = question.estimate((state, 0, 0, True))
            if here is None:
                continue
            for transition, cost in question.keep.steps_from(state):
                there = question.estimate((transition.target, 0, 0, True))
                if there is None:
                    continue
                assert here[0] <= cost + there[0] + 1e-9, (target, transition)
                assert here[1] <= transition.is_move + there[1], (target, transition)


@pytest.mark.parametrize("source,target", [("Workstation 17", "ESXi 7.0 U3"), ("ESXi 8.0 U3", "Workstation 16"), ("GSX Server 1", "Workstation 5.5")])
def test_a_conversion_down_explores_few_states(pack, source, target):
    """The bound knows a step down is a conversion and that a move is still to come: a route
    that converts once explores a handful of states, not every host that ties on cost."""
    planner = planner_for(pack)
    question = _search(planner, source, target)
    expanded = []

    def edges(node):
        expanded.append(node)
        return question.edges(node)

    assert cheapest_path(question.first, edges, question.is_goal, question.estimate) is not None
    assert len(expanded) <= 15, f"{len(expanded)} states expanded"
