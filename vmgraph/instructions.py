"""Plain words for each step: what the administrator actually does."""

from __future__ import annotations

from .model import Transition
from .transitions import StateGraph


def describe(transition: Transition, states: StateGraph) -> str:
    source, target = transition.source, transition.target
    if transition.kind == "upgrade":
        return (
            f"Upgrade the VM's virtual hardware from generation {source.hardware} to generation {target.hardware} "
            f"under {target.product}. One-way: it can no longer run on products that need generation {source.hardware} hardware."
        )
    if source == target:
        return f"Copy the VM's folder from one {source.product} host to the other; nothing else changes."
    first = {
        "copy": f"Copy the VM's files to the {target.product} host.",
        "export": f"Export the VM's virtual disks from {source.product} into the hosted format, then copy the VM to the {target.product} host.",
        "import": f"Copy the VM to the {target.product} server and import its virtual disks into the ESX Server format.",
    }[transition.transfer]
    if "one-way" in transition.tags:
        then = (
            f" Then upgrade its virtual hardware from generation {source.hardware} to {target.hardware}"
            f" (one-way: it can no longer go back to generation {source.hardware} products)."
        )
    else:
        mode = states.mode(target)
        then = {
            "legacy": f" Run it there in legacy mode (generation {target.hardware} hardware); it is still a VM created under {target.origin}.",
            "interoperable": f" It runs there as it is (generation {target.hardware} hardware is interoperable).",
            "native": "",
        }[mode]
    return first + then
