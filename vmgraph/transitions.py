"""From rules to the state graph's nodes and edges, in plain Python.

A state is a product running a VM of one hardware generation. A VM whose
hardware is not the product's own (a legacy VM, or an interoperable one) moves
as a VM created under the product named by `moves_as` would; that is how the
guide's tables, written per "created under" product, apply to legacy VMs.
"""

from __future__ import annotations

from functools import cached_property

from .model import Product, Refusal, RulePack, State, Transition, MoveRule


class StateGraph:
    """Every state and transition the rule pack allows, in a stable order."""

    def __init__(self, pack: RulePack):
        self.pack = pack

    @cached_property
    def states(self) -> tuple[State, ...]:
        states = []
        for product in self.pack.products.values():
            states.extend(State(product.name, hardware) for hardware in sorted(product.hardware_generations()))
        return tuple(states)

    def moves_as(self, state: State) -> str:
        """The product whose "created under" row governs a VM in this state."""
        product = self.pack.products[state.product]
        if state.hardware == product.generation:
            return product.name
        return product.runs_entry(state.hardware).moves_as  # type: ignore[union-attr]

    def mode(self, state: State) -> str:
        """'native', 'legacy' or 'interoperable'."""
        product = self.pack.products[state.product]
        if state.hardware == product.generation:
            return "native"
        return product.runs_entry(state.hardware).mode  # type: ignore[union-attr]

    @cached_property
    def transitions(self) -> tuple[Transition, ...]:
        blocked = {(r.source, r.target) for r in self.pack.refusals if r.policy}
        result: list[Transition] = []
        for state in self.states:
            product = self.pack.products[state.product]
            result.append(Transition(state, state, ("copy",), "move", self.pack.same_product))
            row = self.moves_as(state)
            if row != state.product:
                result.append(self._return(state, product))
            derived = self._derived_reason(state, product)
            for rule in self._rules_from(row):
                if rule.target == state.product or (state.product, rule.target) in blocked:
                    continue  # same-product moves are the copy above and the upgrade below
                for transition in self._transitions_for(state, rule):
                    if derived and not transition.reference.inferred:
                        transition = transition._replace(reference=transition.reference._replace(inferred=derived))
                    result.append(transition)
            upgrade = self._upgrade(state, product)
            if upgrade:
                result.append(upgrade)
        return tuple(result)

    def transitions_from(self, state: State) -> tuple[Transition, ...]:
        return self._by_source.get(state, ())

    @cached_property
    def _by_source(self) -> dict[State, tuple[Transition, ...]]:
        grouped: dict[State, list[Transition]] = {}
        for transition in self.transitions:
            grouped.setdefault(transition.source, []).append(transition)
        return {state: tuple(items) for state, items in grouped.items()}

    @cached_property
    def _rules_by_source(self) -> dict[str, tuple[MoveRule, ...]]:
        grouped: dict[str, list[MoveRule]] = {}
        for rule in self.pack.moves:
            grouped.setdefault(rule.source, []).append(rule)
        return {name: tuple(rules) for name, rules in grouped.items()}

    def _rules_from(self, product: str) -> tuple[MoveRule, ...]:
        return self._rules_by_source.get(product, ())

    def refusals(self, state: State, target: str) -> tuple[Refusal, ...]:
        """What the guide says against moving a VM in `state` to `target`."""
        row = self.moves_as(state)
        return tuple(r for r in self.pack.refusals if r.target == target and r.source in (row, state.product))

    def _transitions_for(self, state: State, rule: MoveRule) -> list[Transition]:
        target = self.pack.products[rule.target]
        found = []
        for choice in rule.hardware:
            hardware = target.generation if choice == "upgrade" else state.hardware
            landing = State(target.name, hardware)
            tags = [rule.transfer]
            if choice != "upgrade" and self.mode(landing) == "legacy":
                tags.append("legacy")
            if choice == "upgrade":
                tags.append("one-way")
            if rule.condition:
                tags.append("conditional")
            reference = rule.reference
            hardware_reason = rule.inferred_reason("hardware")
            if hardware_reason and not reference.inferred:
                reference = type(reference)(reference.section, reference.page, hardware_reason)
            found.append(Transition(state, landing, tuple(tags), "move", reference, rule.condition, rule.caveats, rule))
        return found

    def _derived_reason(self, state: State, product: Product) -> str | None:
        """Why a move of a non-native VM is an inference, or None when the guide states it.

        The guide's tables list moves per "created under" product; only its table for
        Workstation 5's legacy VMs (page 17) speaks of VMs with other hardware.
        """
        runs = product.runs_entry(state.hardware)
        if runs is None or runs.create:
            return None
        return (
            f"A generation {state.hardware} VM running under {product.name} ({runs.mode}) is taken to move as a VM "
            f"created under {runs.moves_as} does; the guide's tables list moves only by the product a VM was created under."
        )

    def _return(self, state: State, product: Product) -> Transition:
        """A legacy or interoperable VM goes back to the product it moves as: a plain copy."""
        runs = product.runs_entry(state.hardware)
        return Transition(state, State(runs.moves_as, state.hardware), ("copy",), "move", runs.reference)  # type: ignore[union-attr]

    def _upgrade(self, state: State, product: Product) -> Transition | None:
        """In place, a product that can create VMs upgrades a legacy VM's hardware."""
        runs = product.runs_entry(state.hardware)
        if runs is None or runs.mode != "legacy" or not product.can_create:
            return None
        return Transition(state, State(product.name, product.generation), ("one-way",), "upgrade", runs.reference)
