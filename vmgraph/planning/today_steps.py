"""The steps out of a state by today's rules, which go by hardware version: moves that keep,
upgrade or convert the VM's hardware, and in-place upgrades and changes of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pack.model import MoveRule, Product, State, Transition
from ..vm.hardware import MAPPING_INFERENCE
from .rows import reference_inferences, rule_inferences, transfer_between

if TYPE_CHECKING:  # for annotations only: the state graph imports this module
    from .state_graph import StateGraph


def _landing_origin(graph: "StateGraph", state: State, target: Product) -> str:
    """A guide-era VM keeps its origin (its row still binds it); one of today's
    products' VMs goes by its hardware alone, so its origin is where it is."""
    return target.name if graph.pack.products[state.origin].is_today else state.origin

def moves_by_hardware(graph: "StateGraph", state: State, product: Product, rule: MoveRule):
    """Today's moves: the VM keeps its hardware where the target runs it, is
    upgraded to the target's own, or is converted (rebuilt) at the version
    _converted_level picks."""
    target = graph.pack.products[rule.target]
    transfer = transfer_between(product, target)
    landings: list[tuple[str, State]] = []
    for choice in rule.hardware:
        if choice == "keep" and target.runs_hardware(state.hardware):
            landings.append((choice, State(target.name, state.hardware, _landing_origin(graph, state, target))))
        elif choice == "upgrade" and target.generation > state.hardware:
            landings.append((choice, State(target.name, target.generation, target.name)))
        elif choice == "convert":
            level = _converted_level(graph, state, product, target)
            if level is not None:
                landings.append((choice, State(target.name, level, target.name)))
    guide_vm = not graph.pack.products[state.origin].is_today or not product.is_today
    for choice, landing in landings:
        tags = [transfer]
        if choice == "convert":
            tags.append("convert")
        if choice == "upgrade":
            tags.append("one-way")
        if rule.condition:
            tags.append("conditional")
        inferences = rule_inferences(rule) + list(graph.runs_inferences(state, product))
        if landing.hardware != target.generation:
            inferences.extend(reference_inferences(target.runs_entry(landing.hardware).reference))  # type: ignore[union-attr]
        if guide_vm and state.hardware <= 5:
            inferences.append(MAPPING_INFERENCE)
        yield Transition(state, landing, tuple(tags), "move", rule.reference, rule.condition, rule.caveats, rule, tuple(dict.fromkeys(inferences)), transfer)

def _converted_level(graph: "StateGraph", state: State, product: Product, target: Product) -> int | None:
    """The hardware a conversion gives the new VM: the VM's own where the target
    runs it and no move takes it there as it is; else the newest the target runs
    below it (the way down), else the oldest above it. None: a move as it is will do."""
    if target.runs_hardware(state.hardware):
        return None if target.name in graph.keeps_from(product.name) else state.hardware
    levels = sorted(target.creates() or target.hardware_generations())  # a conversion makes the VM anew
    below = [h for h in levels if h < state.hardware]
    return below[-1] if below else next(h for h in levels if h > state.hardware)

def upgrades_in_place(graph: "StateGraph", state: State, product: Product):
    """Today's products that create VMs upgrade one's hardware in place to any
    version they run: one-way."""
    if not product.can_create:
        return
    today = graph.pack.today
    guide_vm = not graph.pack.products[state.origin].is_today
    inferences = list(graph.runs_inferences(state, product))
    if guide_vm:
        inferences.append(MAPPING_INFERENCE)
    for level in sorted(product.creates()):  # an upgrade makes hardware: not a version the product only runs
        if level > state.hardware:
            yield Transition(state, State(product.name, level, product.name), ("one-way",), "upgrade", today.upgrade, caveats=today.upgrade_caveats, inferences=tuple(inferences))  # type: ignore[union-attr]

def changes_in_place(graph: "StateGraph", state: State, product: Product):
    """[today.compatibility]: the product (Workstation's Change Hardware Compatibility
    wizard) gives the VM, or a full clone of it, any other version it runs, either
    way: a conversion. A VM newer than the exception's versions is never brought
    down to one of them: once upgraded, an ESX-compatible Workstation 4 or 5.x VM
    cannot be told from any other, so the exception binds every VM that new."""
    change = graph.pack.today.compatibility if graph.pack.today else None
    if change is None or state.hardware < change.oldest or product.name not in change.products:
        return
    guide_vm = not graph.pack.products[state.origin].is_today
    bound = bool(change.exception_hardware) and state.hardware > max(change.exception_hardware)
    for level in sorted(product.hardware_generations()):
        if level == state.hardware or change.refuses(state.hardware, level):
            continue
        down = level < state.hardware
        reference = change.down if down else change.reference
        # A step down rests on what the change does (that the product has the wizard) too.
        inferences = list(reference_inferences(reference)) + list(reference_inferences(change.reference))
        inferences.extend(graph.runs_inferences(state, product))
        if level != product.generation:
            inferences.extend(reference_inferences(product.runs_entry(level).reference))  # type: ignore[union-attr]
        caveats = change.caveats
        if down and bound:
            caveats += (change.exception_reason,)  # type: ignore[operator]
            inferences.extend(reference_inferences(change.exception))  # type: ignore[arg-type]
        if guide_vm:
            inferences.append(MAPPING_INFERENCE)
        landing = State(product.name, level, product.name)
        yield Transition(state, landing, ("convert",), "change", reference, caveats=caveats, inferences=tuple(dict.fromkeys(inferences)))
