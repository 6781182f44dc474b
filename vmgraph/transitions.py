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
from typing import NamedTuple

from .hardware import MAPPING_INFERENCE
from .model import MoveRule, Product, Reference, Refusal, RulePack, State, Transition


class Row(NamedTuple):
    """A row of the guide's tables: VMs created under `product` (with `created_with`
    hardware for Workstation 5's legacy VMs; None for the product's own)."""

    product: str
    created_with: int | None = None


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
        self._keeps: dict[str, frozenset[str]] = {}  # product -> _keeps_from(product), once asked for

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
        found = list(self._refusals_by_row.get((row, target), ()))
        if state.product != row.product:
            found.extend(r for r in self._refusals_by_row.get((Row(state.product), target), ()) if r.host or r.policy)
        return tuple(found)

    @cached_property
    def _refusals_by_row(self) -> dict[tuple[Row, str], tuple[Refusal, ...]]:
        grouped: dict[tuple[Row, str], list[Refusal]] = {}
        for refusal in self.pack.refusals:
            grouped.setdefault((Row(refusal.source, refusal.created_with), refusal.target), []).append(refusal)
        return {key: tuple(items) for key, items in grouped.items()}

    def _blocked(self, state: State, target: str) -> bool:
        """A refusal that removes moves: a site policy, or one that binds every VM on
        its product. (The guide's other refusals meet no move of the same row: the
        loader rejects that as a contradiction.)"""
        return any(r.policy or r.host for r in self.refusals(state, target))

    # -- the steps

    @cached_property
    def _rules_by_row(self) -> dict[Row, tuple[MoveRule, ...]]:
        grouped: dict[Row, list[MoveRule]] = {}
        for rule in self.pack.moves:
            if not rule.by_hardware:
                grouped.setdefault(Row(rule.source, rule.created_with), []).append(rule)
        return {row: tuple(rules) for row, rules in grouped.items()}

    @cached_property
    def same_product(self) -> dict[str, tuple[Reference, tuple[str, ...]]]:
        """Where a move between two hosts of one product is cited. For today's products, the
        source of their family's copies as they are (vSphere 5.0's page for ESXi to ESXi, the
        Fusion blog for desktop products), with its caveats: a host-to-host move is one of those;
        else the pack's [today] or [same_product] source."""
        found = {}
        for name, product in self.pack.products.items():
            kin = (
                rule for rule in self._rules_by_host.get(name, ())
                if "keep" in rule.hardware and rule.transfer == "copy" and self.pack.products[rule.target].family == product.family
            )
            rule = next(kin, None) if product.is_today else None
            found[name] = (rule.reference, rule.caveats) if rule else (self.pack.same_product_reference(name), ())
        return found

    @cached_property
    def _rules_by_host(self) -> dict[str, tuple[MoveRule, ...]]:
        grouped: dict[str, list[MoveRule]] = {}
        for rule in self.pack.moves:
            if rule.by_hardware:
                grouped.setdefault(rule.source, []).append(rule)
        return {source: tuple(rules) for source, rules in grouped.items()}

    def _landing_origin(self, state: State, target: Product) -> str:
        """A guide-era VM keeps its origin (its row still binds it); one of today's
        products' VMs goes by its hardware alone, so its origin is where it is."""
        return target.name if self.pack.products[state.origin].is_today else state.origin

    def _moves_by_hardware(self, state: State, product: Product, rule: MoveRule):
        """Today's moves: the VM keeps its hardware where the target runs it, is
        upgraded to the target's own, or is converted (rebuilt) at the version
        _converted_level picks."""
        target = self.pack.products[rule.target]
        transfer = _transfer(product, target)
        landings: list[tuple[str, State]] = []
        for choice in rule.hardware:
            if choice == "keep" and target.runs_hardware(state.hardware):
                landings.append((choice, State(target.name, state.hardware, self._landing_origin(state, target))))
            elif choice == "upgrade" and target.generation > state.hardware:
                landings.append((choice, State(target.name, target.generation, target.name)))
            elif choice == "convert":
                level = self._converted_level(state, product, target)
                if level is not None:
                    landings.append((choice, State(target.name, level, target.name)))
        guide_vm = not self.pack.products[state.origin].is_today or not product.is_today
        for choice, landing in landings:
            tags = [transfer]
            if choice == "convert":
                tags.append("convert")
            if choice == "upgrade":
                tags.append("one-way")
            if rule.condition:
                tags.append("conditional")
            inferences = _rule_inferences(rule) + list(self._runs_inferences(state, product))
            if landing.hardware != target.generation:
                inferences.extend(_reference_inferences(target.runs_entry(landing.hardware).reference))  # type: ignore[union-attr]
            if guide_vm and state.hardware <= 5:
                inferences.append(MAPPING_INFERENCE)
            yield Transition(state, landing, tuple(tags), "move", rule.reference, rule.condition, rule.caveats, rule, tuple(dict.fromkeys(inferences)), transfer)

    def _converted_level(self, state: State, product: Product, target: Product) -> int | None:
        """The hardware a conversion gives the new VM: the VM's own where the target
        runs it and no move takes it there as it is; else the newest the target runs
        below it (the way down), else the oldest above it. None: a move as it is will do."""
        if target.runs_hardware(state.hardware):
            return None if target.name in self._keeps_from(product.name) else state.hardware
        levels = sorted(target.hardware_generations())
        below = [h for h in levels if h < state.hardware]
        return below[-1] if below else next(h for h in levels if h > state.hardware)

    def _keeps_from(self, product: str) -> frozenset[str]:
        """The products a move by hardware takes a VM on `product` to as it is: worked
        out for the products a search passes, not for every one of the pack's."""
        found = self._keeps.get(product)
        if found is None:
            found = self._keeps[product] = frozenset(rule.target for rule in self._rules_by_host.get(product, ()) if "keep" in rule.hardware)
        return found

    def _upgrades_in_place(self, state: State, product: Product):
        """Today's products that create VMs upgrade one's hardware in place to any
        version they run: one-way."""
        if not product.can_create:
            return
        today = self.pack.today
        guide_vm = not self.pack.products[state.origin].is_today
        inferences = list(self._runs_inferences(state, product))
        if guide_vm:
            inferences.append(MAPPING_INFERENCE)
        for level in sorted(product.hardware_generations()):
            if level > state.hardware:
                yield Transition(state, State(product.name, level, product.name), ("one-way",), "upgrade", today.upgrade, caveats=today.upgrade_caveats, inferences=tuple(inferences))  # type: ignore[union-attr]

    def _changes_in_place(self, state: State, product: Product):
        """[today.compatibility]: the product (Workstation's Change Hardware Compatibility
        wizard) gives the VM, or a full clone of it, any other version it runs, either
        way: a conversion. A VM newer than the exception's versions is never brought
        down to one of them: once upgraded, an ESX-compatible Workstation 4 or 5.x VM
        cannot be told from any other, so the exception binds every VM that new."""
        change = self.pack.today.compatibility if self.pack.today else None
        if change is None or state.hardware < change.oldest or product.name not in change.products:
            return
        guide_vm = not self.pack.products[state.origin].is_today
        bound = bool(change.exception_hardware) and state.hardware > max(change.exception_hardware)
        for level in sorted(product.hardware_generations()):
            if level == state.hardware or change.refuses(state.hardware, level):
                continue
            down = level < state.hardware
            reference = change.down if down else change.reference
            # A step down rests on what the change does (that the product has the wizard) too.
            inferences = list(_reference_inferences(reference)) + list(_reference_inferences(change.reference))
            inferences.extend(self._runs_inferences(state, product))
            if level != product.generation:
                inferences.extend(_reference_inferences(product.runs_entry(level).reference))  # type: ignore[union-attr]
            caveats = change.caveats
            if down and bound:
                caveats += (change.exception_reason,)  # type: ignore[operator]
                inferences.extend(_reference_inferences(change.exception))  # type: ignore[arg-type]
            if guide_vm:
                inferences.append(MAPPING_INFERENCE)
            landing = State(product.name, level, product.name)
            yield Transition(state, landing, ("convert",), "change", reference, caveats=caveats, inferences=tuple(dict.fromkeys(inferences)))

    def _steps_from(self, state: State):
        product = self.pack.products[state.product]
        row = self.row(state)
        reference, caveats = self.same_product[state.product]
        yield Transition(state, state, ("copy",), "move", reference, caveats=caveats, inferences=tuple(_reference_inferences(reference)))
        # No source takes a VM from today's products back to the guide's: on one of
        # them a guide-era VM keeps only its row's moves onwards to today's products.
        if state.product != row.product and not product.is_today:
            back = self._return(state, product, row)
            if back:
                yield back
        for rule in self._rules_by_row.get(row, ()):
            if rule.target == state.product or self._blocked(state, rule.target):
                continue
            if product.is_today and not self.pack.products[rule.target].is_today:
                continue
            yield from self._moves(state, product, rule)
        for rule in self._rules_by_host.get(state.product, ()):
            if not self._blocked(state, rule.target):
                yield from self._moves_by_hardware(state, product, rule)
        if product.is_today:
            yield from self._upgrades_in_place(state, product)
            yield from self._changes_in_place(state, product)
        else:
            upgrade = self._upgrade(state, product)
            if upgrade:
                yield upgrade

    def _moves(self, state: State, product: Product, rule: MoveRule):
        target = self.pack.products[rule.target]
        transfer = _transfer(product, target)
        if transfer != rule.transfer and self._refused_as_here(state, product, target.name):
            return
        stated_here = self._stated_from_here(state, product, rule)
        for choice in rule.hardware:
            if choice == "upgrade":
                landing = State(target.name, target.generation, target.name)
            elif state.hardware in target.hardware_generations():
                landing = State(target.name, state.hardware, state.origin)
            else:
                continue
            tags = [transfer]
            if choice != "upgrade" and self.mode(landing) == "legacy":
                tags.append("legacy")
            if choice == "upgrade":
                tags.append("one-way")
            if rule.condition:
                tags.append("conditional")
            cited = stated_here or rule
            reference = cited.reference
            inferences = _rule_inferences(cited)
            if not stated_here and state.product != rule.source:
                inferences.extend(self._runs_inferences(state, product))
                inferences.append(self._derived_reason(state, rule))
            if target.is_today and landing.hardware <= 5 and choice != "upgrade":
                inferences.append(MAPPING_INFERENCE)  # a generation read as a hardware version
            if transfer != rule.transfer and not stated_here:
                inferences.append(
                    f"The guide's cell gives '{rule.transfer}' for a VM on {rule.source}; this VM's disks are on "
                    f"{state.product}, so vmgraph has them {_TRANSFER_WORDS[transfer]} instead."
                )
            yield Transition(state, landing, tuple(tags), "move", reference, rule.condition, rule.caveats, cited, tuple(dict.fromkeys(inferences)), transfer)

    def _refused_as_here(self, state: State, product: Product, target: str) -> bool:
        """A VM whose disks are by now in the other format takes another step than its
        row's cell (an import where the cell copies): the guide's refusals of that step
        for VMs of its hardware on such a product hold too (page 20: no generation 3 VM
        is imported into ESX Server with Virtual SMP, whatever it was created under)."""
        if state.hardware == product.generation:
            row = Row(product.name)
        else:
            runs = product.runs_entry(state.hardware)
            row = Row(runs.moves_as) if runs else None
        return row is not None and any(not r.policy for r in self._refusals_by_row.get((row, target), ()))

    def _stated_from_here(self, state: State, product: Product, rule: MoveRule) -> MoveRule | None:
        """When the VM runs natively on a product whose own row gives the same
        move (interoperable products share their rows), that row states it."""
        if state.product == rule.source or state.hardware != product.generation or not product.can_create:
            return None
        for own in self._rules_by_row.get(Row(state.product), ()):
            if own.target == rule.target and own.transfer == rule.transfer and own.hardware == rule.hardware and own.condition == rule.condition:
                return own
        return None

    def _runs_inferences(self, state: State, product: Product) -> tuple[str, ...]:
        """What a step out of a VM that the product runs as legacy or interoperable rests
        on: the runs entry, and for a product that follows another, that inference too
        (its runs entries are the leader's)."""
        runs = product.runs_entry(state.hardware) if state.hardware != product.generation else None
        if runs is None:
            return ()
        found = _reference_inferences(runs.reference)
        return found + _reference_inferences(product.reference) if product.follows else found

    def _derived_reason(self, state: State, rule: MoveRule) -> str:
        legacy = f" as a legacy (generation {state.hardware}) VM" if rule.created_with else ""
        return (
            f"The VM was created under {state.origin}{legacy} and is now on {state.product}. The guide gives this move "
            f"for VMs created under {rule.source}; vmgraph applies it wherever such a VM runs, since it keeps its hardware."
        )

    def _return(self, state: State, product: Product, row: Row) -> Transition | None:
        """Back to the product the VM was created under."""
        home = self.pack.products[row.product]
        landing = State(home.name, state.hardware, state.origin)
        runs = product.runs_entry(state.hardware) if state.hardware != product.generation else None
        if runs is not None and runs.moves_as == home.name:
            # The guide's legacy mode: run it there "so it can move back".
            return Transition(state, landing, ("copy",), "move", runs.reference, inferences=self._runs_inferences(state, product))
        if self._blocked(state, home.name):
            return None
        transfer = _transfer(product, home)
        inferences = self._runs_inferences(state, product)
        reason = (
            f"The VM was created under {home.name} and still has its generation {state.hardware} hardware; vmgraph takes it "
            f"that the VM can go back there from {product.name} (the guide lists moves only by the product a VM was created under)."
        )
        # Cite the cell that took such a VM there (the way back is its reverse), else the home product.
        there = next((r for r in self._rules_by_row.get(row, ()) if r.target == product.name), None)
        reference = there.reference if there is not None else home.reference
        return Transition(state, landing, (transfer,), "move", reference, inferences=inferences + (reason,), transfer=transfer)

    def _upgrade(self, state: State, product: Product) -> Transition | None:
        """In place, a product that can create VMs upgrades a legacy VM's hardware: one-way.

        The guide states it where the VM's row offers "upgrade virtual hardware or run
        in legacy mode" for this product (decide now or later, page 20); elsewhere it is
        vmgraph's inference, and says so."""
        runs = product.runs_entry(state.hardware)
        if runs is None or runs.mode != "legacy" or not product.can_create:
            return None
        landing = State(product.name, product.generation, product.name)
        row = self.row(state)
        cell = next((r for r in self._rules_by_row.get(row, ()) if r.target == product.name and "upgrade" in r.hardware), None)
        if cell is not None:
            return Transition(state, landing, ("one-way",), "upgrade", cell.reference, inferences=tuple(dict.fromkeys(_rule_inferences(cell) + list(self._runs_inferences(state, product)))))
        reason = (
            f"The guide offers an upgrade under {product.name} only to VMs whose table cell says so; vmgraph takes it that "
            f"{product.name} upgrades any VM it runs in legacy mode (this one was created under {state.origin})."
        )
        return Transition(state, landing, ("one-way",), "upgrade", runs.reference, inferences=self._runs_inferences(state, product) + (reason,))


_TRANSFER_WORDS = {"copy": "copied", "export": "exported", "import": "imported"}


def _transfer(source: Product, target: Product) -> str:
    """How the files travel: ESX Server keeps disks in a format of its own."""
    if source.is_esx == target.is_esx:
        return "copy"
    return "export" if source.is_esx else "import"


def _reference_inferences(reference: Reference) -> tuple[str, ...]:
    return (reference.inferred,) if reference.inferred else ()


def _rule_inferences(rule: MoveRule) -> list[str]:
    found = list(_reference_inferences(rule.reference))
    found.extend(reason for _, reason in rule.inferred_fields)
    return found
