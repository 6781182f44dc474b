"""From rules to the state graph's nodes and edges, in plain Python.

A state is a product running a VM of one hardware generation, and the product
the VM was created under (its origin). The guide's tables are rows of "created
under" products: a VM keeps its row when it is copied, exported, imported or
run in legacy mode, and only an upgrade of its virtual hardware gives it the
row of the product that upgraded it. So every move and every refusal applies
by origin, and no chain of moves walks around a refusal.

Today's products (KB 1003746) decide by hardware version, not by where a VM was
created: their moves (`by_hardware` rules) take every VM on a product to any
product that runs its hardware, and a VM created or upgraded under one of them
has the product it is on as its origin. A VM of the guide's era keeps its
guide origin on today's products, so the guide's rows still bind it there.
"""

from __future__ import annotations

from functools import cached_property

from ..pack.model import MoveIndex, MoveRule, Product, Reference, Refusal, RulePack, State, Transition
from . import guide_steps, today_steps
from .rows import Row, reference_inferences


class StateGraph:
    """Every state a VM can be in and every step it can take, in a stable order.

    The steps out of a state are worked out the first time a search asks for
    them and kept, so every question in a process shares them; `states` and
    `transitions` (the whole graph, for drawings, exports and the matrix) are
    those reachable from a VM as someone can describe it (a product, its
    hardware, where it was created).
    """

    def __init__(self, pack: RulePack):
        self.pack = pack
        self._out: dict[State, tuple[Transition, ...]] = {}  # state -> its steps, once asked for
        self._keeps: dict[str, frozenset[str]] = {}  # product -> keeps_from(product), once asked for

    # -- what a state means

    def default_origin(self, product: str, hardware: int) -> str | None:
        """Where a VM with this hardware on this product was most likely created:
        the product itself (its own or a legacy VM it creates), else the product
        whose row `runs.moves_as` names. None: the product does not run it."""
        entry = self.pack.products[product]
        if hardware == entry.generation:
            return product
        runs = entry.runs_entry(hardware)
        if runs is None:
            return None
        return product if runs.create else runs.moves_as

    def row(self, state: State) -> Row:
        origin = self.pack.products[state.origin]
        return Row(origin.name, None if state.hardware == origin.generation else state.hardware)

    def mode(self, state: State) -> str:
        """'native', 'legacy' or 'interoperable': how the product runs the VM's hardware."""
        product = self.pack.products[state.product]
        if state.hardware == product.generation:
            return "native"
        return product.runs_entry(state.hardware).mode  # type: ignore[union-attr]

    def start(self, product: str, hardware: int | None = None, origin: str | None = None) -> State | None:
        """The state a described VM is in, or None when no VM can be in it."""
        entry = self.pack.products[product]
        if hardware is None:
            hardware = self.pack.products[origin].generation if origin else entry.generation
        if hardware not in entry.hardware_generations():
            return None
        default = self.default_origin(product, hardware)
        if origin and self.pack.products[origin].is_today and entry.is_today:
            origin = product  # today's products go by hardware: a VM's origin is where it is
        origin = origin or default
        if origin is None:
            return None
        state = State(product, hardware, origin)
        # A VM as described by its product and hardware alone is always there; one
        # with another origin only where moves from its birth can bring it (an
        # upgrade would change its origin, so none is taken: the search stays small).
        if origin == default:
            return state
        if self.default_origin(origin, hardware) != origin:
            return None
        birth = State(origin, hardware, origin)
        seen, pending = {birth}, [birth]
        while pending:
            here = pending.pop()
            if here == state:
                return state
            for step in self.transitions_from(here):
                if step.target.origin == origin and step.target not in seen:
                    seen.add(step.target)
                    pending.append(step.target)
        return None

    # -- the graph

    @cached_property
    def states(self) -> tuple[State, ...]:
        return tuple(sorted(self._reachable, key=self._order))

    @cached_property
    def transitions(self) -> tuple[Transition, ...]:
        return tuple(t for state in self.states for t in self._reachable[state])

    def transitions_from(self, state: State) -> tuple[Transition, ...]:
        """The steps out of a state, worked out the first time they are asked for."""
        steps = self._out.get(state)
        if steps is None:
            steps = self._out[state] = tuple(self._steps_from(state))
        return steps

    @cached_property
    def _reachable(self) -> dict[State, tuple[Transition, ...]]:
        """Every state reachable from a VM someone can describe, with its steps."""
        seeds = [
            State(product.name, hardware, origin)
            for product in self.pack.products.values()
            for hardware in sorted(product.hardware_generations())
            if (origin := self.default_origin(product.name, hardware))
        ]
        found: dict[State, tuple[Transition, ...]] = {}
        discovered = set(seeds)
        pending = list(reversed(seeds))
        while pending:
            state = pending.pop()
            found[state] = steps = self.transitions_from(state)
            for step in reversed(steps):
                if step.target not in discovered:
                    discovered.add(step.target)
                    pending.append(step.target)
        return found

    def _order(self, state: State) -> tuple[int, int, int]:
        index = self._product_index
        return (index[state.product], state.hardware, index[state.origin])

    @cached_property
    def _product_index(self) -> dict[str, int]:
        return {name: number for number, name in enumerate(self.pack.products)}

    # -- refusals

    def refusals(self, state: State, target: str) -> tuple[Refusal, ...]:
        """What stands against moving a VM in `state` to `target`: the refusals of
        its row, and those of the product it is on that bind every VM there (an
        ACE VM cannot leave ACE, whatever it was created under)."""
        row = self.row(state)
        found = list(self.refusals_by_row.get((row, target), ()))
        if state.product != row.product:
            found.extend(r for r in self.refusals_by_row.get((Row(state.product), target), ()) if r.host or r.policy)
        return tuple(found)

    @cached_property
    def refusals_by_row(self) -> dict[tuple[Row, str], tuple[Refusal, ...]]:
        """The refusals of each row and target; where the guide says it in several places, first
        the one in the table of that move's generations (ESX Server 2 with Virtual SMP to
        Workstation 5: Generation 4 to Generation 5, p. 14, before p. 18's general word)."""
        grouped: dict[tuple[Row, str], list[Refusal]] = {}
        for refusal in self.pack.refusals:
            grouped.setdefault((Row(refusal.source, refusal.created_with), refusal.target), []).append(refusal)
        products = self.pack.products

        def elsewhere(refusal: Refusal) -> bool:
            generations = (refusal.created_with or products[refusal.source].generation, products[refusal.target].generation)
            return refusal.reference.section != "Generation %d to Generation %d" % generations

        return {key: tuple(sorted(items, key=elsewhere)) for key, items in grouped.items()}

    def blocked(self, state: State, target: str) -> bool:
        """A refusal that removes moves: a site policy, or one that binds every VM on
        its product. (The guide's other refusals meet no move of the same row: the
        loader rejects that as a contradiction.)"""
        return any(r.policy or r.host for r in self.refusals(state, target))

    # -- the steps

    @cached_property
    def _moves(self) -> MoveIndex:
        return self.pack.moves_indexed()

    @property
    def rules_by_row(self) -> dict[tuple[str, int | None], tuple[MoveRule, ...]]:
        """The guide's moves by row: (source, created_with), looked up by a Row."""
        return self._moves.by_row

    @property
    def rules_by_host(self) -> dict[str, tuple[MoveRule, ...]]:
        return self._moves.by_host

    @property
    def sources_into(self) -> dict[str, frozenset[str]]:
        """Product -> the products some rule moves a VM from to it."""
        return self._moves.into

    @cached_property
    def same_product(self) -> dict[str, tuple[Reference, tuple[str, ...]]]:
        """Where a move between two hosts of one product is cited. For today's products, the
        source of their family's copies as they are (vSphere 5.0's page for ESXi to ESXi, the
        Fusion blog for desktop products), with its caveats: a host-to-host move is one of those;
        else the pack's [today] or [same_product] source."""
        found = {}
        for name in self.pack.products:
            rule = self.kin_rules.get(name)
            found[name] = (rule.reference, rule.caveats) if rule else (self.pack.same_product_reference(name), ())
        return found

    @cached_property
    def kin_rules(self) -> dict[str, MoveRule]:
        """Today's product -> the rule of its family's copies as they are, which a move between
        two of its hosts is one of (its caveats, and those a VM's condition calls up, are that rule's)."""
        found = {}
        for name, product in self.pack.products.items():
            if not product.is_today:
                continue
            kin = (
                rule for rule in self.rules_by_host.get(name, ())
                if "keep" in rule.hardware and rule.transfer == "copy" and self.pack.products[rule.target].family == product.family
            )
            rule = next(kin, None)
            if rule is not None:
                found[name] = rule
        return found

    def keeps_from(self, product: str) -> frozenset[str]:
        """The products a move by hardware takes a VM on `product` to as it is: worked
        out for the products a search passes, not for every one of the pack's."""
        found = self._keeps.get(product)
        if found is None:
            found = self._keeps[product] = frozenset(rule.target for rule in self.rules_by_host.get(product, ()) if "keep" in rule.hardware)
        return found

    def runs_inferences(self, state: State, product: Product) -> tuple[str, ...]:
        """What a step out of a VM that the product runs as legacy or interoperable rests
        on: the runs entry, and for a product that follows another, that inference too
        (its runs entries are the leader's)."""
        runs = product.runs_entry(state.hardware) if state.hardware != product.generation else None
        if runs is None:
            return ()
        found = reference_inferences(runs.reference)
        return found + reference_inferences(product.reference) if product.follows else found

    def _steps_from(self, state: State):
        product = self.pack.products[state.product]
        row = self.row(state)
        reference, caveats = self.same_product[state.product]
        yield Transition(state, state, ("copy",), "move", reference, caveats=caveats, inferences=tuple(reference_inferences(reference)))
        # No source takes a VM from today's products back to the guide's: on one of
        # them a guide-era VM keeps only its row's moves onwards to today's products.
        if state.product != row.product and not product.is_today:
            back = guide_steps.way_home(self, state, product, row)
            if back:
                yield back
        for rule in self.rules_by_row.get(row, ()):
            if rule.target == state.product or self.blocked(state, rule.target):
                continue
            if product.is_today and not self.pack.products[rule.target].is_today:
                continue
            yield from guide_steps.moves(self, state, product, rule)
        for rule in self.rules_by_host.get(state.product, ()):
            if not self.blocked(state, rule.target):
                yield from today_steps.moves_by_hardware(self, state, product, rule)
        if product.is_today:
            yield from today_steps.upgrades_in_place(self, state, product)
            yield from today_steps.changes_in_place(self, state, product)
        else:
            upgrade = guide_steps.legacy_upgrade(self, state, product)
            if upgrade:
                yield upgrade
