"""Hardware versions by product, computed from the pack: KB 1003746's table (the
products each version is the newest of) with what the KB leaves to the reader (which
products run it), each product's ceiling and floor cited."""

from __future__ import annotations

from typing import NamedTuple

from ..vm.hardware import HARDWARE_VERSIONS, level_of_version, short_name
from ..pack.model import RulePack


class VersionRow(NamedTuple):
    version: int  # the vmx number
    name: str  # "vmx-19"; for vmx-03 and vmx-04 the guide's generation too
    newest_on: tuple[str, ...]  # products whose newest hardware it is (KB 1003746's product list for it)
    runs_on: tuple[str, ...]  # every product that runs it
    inferred_for: tuple[str, ...]  # products whose claim (ceiling, or floor reaching down to it) is an inference
    not_on: tuple[str, ...] = ()  # products between whose floor and ceiling it lies that do not run it (lacks)
    disputed: tuple[str, ...] = ()  # what the sources say of those, where they disagree (the rule's reasoning)


def version_table(pack: RulePack, products: list[str] | None = None) -> list[VersionRow]:
    """One row per hardware version some product runs, newest first (as KB 1003746 lists them)."""
    names = products or [name for name, product in pack.products.items() if product.is_today or product.generation >= 4]
    rows = []
    for version in reversed(HARDWARE_VERSIONS):
        level = level_of_version(version)
        newest, runs, inferred = [], [], []
        for name in names:
            product = pack.products[name]
            if level == product.generation:
                newest.append(name)
                runs.append(name)
                if product.reference.inferred:
                    inferred.append(name)
            elif (entry := product.runs_entry(level)) is not None:
                runs.append(name)
                if entry.reference.inferred:
                    inferred.append(name)
        lacked = [(name, ref) for name in names for lev, ref in pack.products[name].lacks if lev == level]
        disputed = tuple(dict.fromkeys(f"{ref.where()}: {ref.inferred}" for _, ref in lacked if ref.inferred and "disagree" in ref.inferred))
        if runs:
            name = short_name(level) if level > 5 else f"vmx-{version:02d} (generation {level})"
            rows.append(VersionRow(version, name, tuple(newest), tuple(runs), tuple(inferred), tuple(n for n, _ in lacked), disputed))
    return rows
