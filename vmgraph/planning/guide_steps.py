"""The steps out of a state by the guide's rules: the moves its row's cells give, the way back to
the product the VM was created under, and an in-place upgrade of a legacy VM (one-way)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pack.model import MoveRule, Product, State, Transition
from ..vm.hardware import MAPPING_INFERENCE
from .rows import TRANSFER_WORDS, Row, rule_inferences, transfer_between

if TYPE_CHECKING:  # for annotations only: the state graph imports this module
    from .state_graph import StateGraph


def moves(graph: "StateGraph", state: State, product: Product, rule: MoveRule):
    """The moves a cell of the VM's row gives: as it is (legacy where the target runs it so), or upgraded (one-way)."""
    target = graph.pack.products[rule.target]
    transfer = transfer_between(product, target)
    if transfer != rule.transfer and _refused_as_here(graph, state, product, target.name):
        return
    stated_here = _stated_from_here(graph, state, product, rule)
    for choice in rule.hardware:
        if choice == "upgrade":
            landing = State(target.name, target.generation, target.name)
        elif state.hardware in target.hardware_generations():
            landing = State(target.name, state.hardware, state.origin)
        else:
            continue
        tags = [transfer]
        if choice != "upgrade" and graph.mode(landing) == "legacy":
            tags.append("legacy")
        if choice == "upgrade":
            tags.append("one-way")
        if rule.condition:
            tags.append("conditional")
        cited = stated_here or rule
        reference = cited.reference
        inferences = rule_inferences(cited)
        if not stated_here and state.product != rule.source:
            inferences.extend(graph.runs_inferences(state, product))
            inferences.append(_derived_reason(state, rule))
        if target.is_today and landing.hardware <= 5 and choice != "upgrade":
            inferences.append(MAPPING_INFERENCE)  # a generation read as a hardware version
        if transfer != rule.transfer and not stated_here:
            inferences.append(
                f"The guide's cell gives '{rule.transfer}' for a VM on {rule.source}; this VM's disks are on "
                f"{state.product}, so vmgraph has them {TRANSFER_WORDS[transfer]} instead."
            )
        yield Transition(state, landing, tuple(tags), "move", reference, rule.condition, rule.caveats, cited, tuple(dict.fromkeys(inferences)), transfer)

def _refused_as_here(graph: "StateGraph", state: State, product: Product, target: str) -> bool:
    """A VM whose disks are by now in the other format takes another step than its
    row's cell (an import where the cell copies): the guide's refusals of that step
    for VMs of its hardware on such a product hold too (page 20: no generation 3 VM
    is imported into ESX Server with Virtual SMP, whatever it was created under)."""
    if state.hardware == product.generation:
        row = Row(product.name)
    else:
        runs = product.runs_entry(state.hardware)
        row = Row(runs.moves_as) if runs else None
    return row is not None and any(not r.policy for r in graph.refusals_by_row.get((row, target), ()))

def _stated_from_here(graph: "StateGraph", state: State, product: Product, rule: MoveRule) -> MoveRule | None:
    """When the VM runs natively on a product whose own row gives the same
    move (interoperable products share their rows), that row states it."""
    if state.product == rule.source or state.hardware != product.generation or not product.can_create:
        return None
    for own in graph.rules_by_row.get(Row(state.product), ()):
        if own.target == rule.target and own.transfer == rule.transfer and own.hardware == rule.hardware and own.condition == rule.condition:
            return own
    return None

def _derived_reason(state: State, rule: MoveRule) -> str:
    legacy = f" as a legacy (generation {state.hardware}) VM" if rule.created_with else ""
    return (
        f"The VM was created under {state.origin}{legacy} and is now on {state.product}. The guide gives this move "
        f"for VMs created under {rule.source}; vmgraph applies it wherever such a VM runs, since it keeps its hardware."
    )

def way_home(graph: "StateGraph", state: State, product: Product, row: Row) -> Transition | None:
    """Back to the product the VM was created under."""
    home = graph.pack.products[row.product]
    landing = State(home.name, state.hardware, state.origin)
    runs = product.runs_entry(state.hardware) if state.hardware != product.generation else None
    if runs is not None and runs.moves_as == home.name:
        # The guide's legacy mode: run it there "so it can move back". An interoperable VM's way
        # back joins two of the guide's statements: the one that runs it here, and p. 9's word
        # that interoperable VMs "can be moved back and forth".
        inferences = graph.runs_inferences(state, product)
        if runs.mode != "legacy":
            inferences += (
                f"The guide says {home.name}'s VMs run interoperably under {product.name} ({runs.reference.where()}), and that "
                f"interoperable VMs can be moved back and forth (Understanding Product Generations, p. 9); that this one can go "
                f"back to {home.name} joins the two: vmgraph's reading.",
            )
        return Transition(state, landing, ("copy",), "move", runs.reference, inferences=inferences)
    if graph.blocked(state, home.name):
        return None
    transfer = transfer_between(product, home)
    inferences = graph.runs_inferences(state, product)
    reason = (
        f"The VM was created under {home.name} and still has its generation {state.hardware} hardware; vmgraph takes it "
        f"that the VM can go back there from {product.name} (the guide lists moves only by the product a VM was created under)."
    )
    # Cite the cell that took such a VM there (the way back is its reverse), else the home product.
    there = next((r for r in graph.rules_by_row.get(row, ()) if r.target == product.name), None)
    reference = there.reference if there is not None else home.reference
    return Transition(state, landing, (transfer,), "move", reference, inferences=inferences + (reason,), transfer=transfer)

def legacy_upgrade(graph: "StateGraph", state: State, product: Product) -> Transition | None:
    """In place, a product that can create VMs upgrades a legacy VM's hardware: one-way.

    The guide states it where the VM's row offers "upgrade virtual hardware or run
    in legacy mode" for this product (decide now or later, page 20); elsewhere it is
    vmgraph's inference, and says so."""
    runs = product.runs_entry(state.hardware)
    if runs is None or runs.mode != "legacy" or not product.can_create:
        return None
    landing = State(product.name, product.generation, product.name)
    row = graph.row(state)
    cell = next((r for r in graph.rules_by_row.get(row, ()) if r.target == product.name and "upgrade" in r.hardware), None)
    if cell is not None:
        return Transition(state, landing, ("one-way",), "upgrade", cell.reference, inferences=tuple(dict.fromkeys(rule_inferences(cell) + list(graph.runs_inferences(state, product)))))
    reason = (
        f"The guide offers an upgrade under {product.name} only to VMs whose table cell says so; vmgraph takes it that "
        f"{product.name} upgrades any VM it runs in legacy mode (this one was created under {state.origin})."
    )
    return Transition(state, landing, ("one-way",), "upgrade", runs.reference, inferences=graph.runs_inferences(state, product) + (reason,))
