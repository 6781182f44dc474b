"""Rows of the guide's tables, how a VM's files travel between two products, and the inferences
a rule carries onto the steps it gives: what the guide's steps and today's share."""

from __future__ import annotations

from typing import NamedTuple

from ..pack.model import MoveRule, Product, Reference

class Row(NamedTuple):
    """A row of the guide's tables: VMs created under `product` (with `created_with`
    hardware for Workstation 5's legacy VMs; None for the product's own)."""

    product: str
    created_with: int | None = None


TRANSFER_WORDS = {"copy": "copied", "export": "exported", "import": "imported"}


def transfer_between(source: Product, target: Product) -> str:
    """How the files travel: ESX Server keeps disks in a format of its own."""
    if source.is_esx == target.is_esx:
        return "copy"
    return "export" if source.is_esx else "import"


def reference_inferences(reference: Reference) -> tuple[str, ...]:
    return (reference.inferred,) if reference.inferred else ()


def rule_inferences(rule: MoveRule) -> list[str]:
    found = list(reference_inferences(rule.reference))
    found.extend(reason for _, reason in rule.inferred_fields)
    return found
