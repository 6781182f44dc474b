"""The state graph as a map for people: one node per place a VM can be.

A place is a product running hardware of one generation. The route search also
tells apart where a VM was created (its origin), which would draw the same
product and hardware several times over; drawings and exports fold the origins
into their place and keep one edge per pair of places (the step of the VM one
pictures there, stated rather than inferred, then the cheapest), so a picture
shows what can move where.
"""

from __future__ import annotations

from functools import cached_property

from ..pack.weights import DEFAULT_WEIGHTS, transition_cost
from ..pack.model import State, Transition
from .state_graph import StateGraph


def place(state: State) -> State:
    """The place of a state: its product and hardware, the origin folded in."""
    return State(state.product, state.hardware, state.product)


class PlaceGraph:
    """What drawings and exports show; the same interface as StateGraph's for them."""

    def __init__(self, states: StateGraph):
        self.full = states
        self.pack = states.pack

    def mode(self, state: State) -> str:
        return self.full.mode(state)

    @cached_property
    def states(self) -> tuple[State, ...]:
        return tuple(dict.fromkeys(place(s) for s in self.full.states))

    @cached_property
    def transitions(self) -> tuple[Transition, ...]:
        # Per pair of places, the step of the VM a person would picture there (the one
        # its product and hardware say it is: created under the product itself, or
        # the product its hardware is from), stated rather than inferred, cheapest.
        chosen: dict[tuple[State, State], tuple[tuple, Transition]] = {}
        for transition in self.full.transitions:
            source = transition.source
            usual = source.origin == self.full.default_origin(source.product, source.hardware)
            rank = (not usual, bool(transition.inferences), transition_cost(transition, DEFAULT_WEIGHTS))
            folded = transition._replace(source=place(transition.source), target=place(transition.target))
            key = (folded.source, folded.target)
            if key not in chosen or rank < chosen[key][0]:
                chosen[key] = (rank, folded)
        order = {state: number for number, state in enumerate(self.states)}
        return tuple(sorted((t for _, t in chosen.values()), key=lambda t: (order[t.source], order[t.target])))

    def transitions_from(self, state: State) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.source == state)
