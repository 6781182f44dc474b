"""Plain words for each step: what the administrator actually does."""

from __future__ import annotations

from ..vm.hardware import both_names, short_name, vmx_name
from ..pack.model import Transition
from .state_graph import StateGraph


def describe(transition: Transition, states: StateGraph) -> str:
    source, target = transition.source, transition.target
    products = states.pack.products
    guide_vm = not products[source.origin].is_today  # it rests on the generation-to-version inference
    before = _hardware(source.hardware, products[source.product].is_today, guide_vm)
    after = _hardware(target.hardware, products[target.product].is_today, guide_vm)
    if transition.kind == "upgrade":
        return (
            f"Upgrade the VM's virtual hardware from {_span(source.hardware, target.hardware, not guide_vm)} "
            f"under {target.product}. One-way: it can no longer run on products that need {before} hardware."
        )
    if transition.kind == "change":
        return (
            f"Change the VM's hardware compatibility from {before} to {after} with {target.product}'s "
            f"Change Hardware Compatibility wizard; have it create a full clone to keep the original as it is."
        )
    if source == target:
        return f"Copy the VM's folder from one {source.product} host to the other; nothing else changes."
    today = states.pack.products[target.product].is_today
    if "convert" in transition.tags:
        return (
            f"Convert the VM into a new one on {target.product}, built with {after} hardware; "
            f"the original stays as it was."
        )
    first = {
        "copy": f"Copy the VM's files to the {target.product} host.",
        "export": f"Export the VM's virtual disks from {source.product} into the hosted format, then copy the VM to the {target.product} host.",
        "import": f"Copy the VM to the {target.product} server and import its virtual disks into the ESX Server format.",
    }[transition.transfer]
    if today:
        first = {
            "copy": f"Move the VM's files to the {target.product} host.",
            "export": f"Export the VM from {source.product} (OVF or OVA) and open it in {target.product}.",
            "import": f"Export the VM to OVF or OVA and deploy it on {target.product}.",
        }[transition.transfer]
    if "one-way" in transition.tags:
        then = (
            f" Then upgrade its virtual hardware from {_span(source.hardware, target.hardware, not guide_vm)}"
            f" (one-way: it can no longer go back to {before} products)."
        )
    elif today:
        then = f" It runs there as it is, with {after} hardware."
    else:
        mode = states.mode(target)
        then = {
            "legacy": f" Run it there in legacy mode ({after} hardware); it is still a VM created under {target.origin}.",
            "interoperable": f" It runs there as it is: {target.product} runs VMs created under {target.origin} with {after} hardware (the guide goes by where a VM was created: not every VM of that hardware moves so).",
            "native": "",
        }[mode]
    return first + then


def _hardware(level: int, today: bool = False, guide_vm: bool = True) -> str:
    """A level in a step's words. On today's products levels 4 and 5 are named by their versions
    (vmx-03, vmx-04), what today's tools show; for a VM of the guide's era, with the generation
    it reads as ("vmx-04 (the guide's generation 5)"), an inference its step shows."""
    if today and level <= 5 and vmx_name(level):
        return f"{vmx_name(level)} (the guide's generation {level})" if guide_vm else vmx_name(level)  # type: ignore[return-value]
    return short_name(level)


def _span(low: int, high: int, today: bool = False) -> str:
    """"generation 2 to 4" within the guide's era, "generation 5 (vmx-04) to vmx-19" across,
    "vmx-03 to vmx-04" for a VM of today's products."""
    if today:
        return f"{vmx_name(low) or short_name(low)} to {vmx_name(high) or short_name(high)}"
    if high <= 5:
        return f"generation {low} to {high}"
    return f"{both_names(low)} to {short_name(high)}"
