"""What a VM's own state adds: [[feature]] (guests only some products run) and
[[preparation]] (steps the guide demands around exports, imports and arrivals);
and [[summary]], the guide's own cross-generation summary."""

from __future__ import annotations

from ...errors import shown
from ..model import PREPARATION_STAGES, VM_CONDITIONS, Feature, Preparation, SummaryCell
from .base import Checker, Entry


def check_features(checker: Checker, entries: list[Entry], known: set[str]) -> list[Feature]:
    features: dict[str, Feature] = {}
    for entry in entries:
        name = checker.choice(entry, "name", VM_CONDITIONS)
        members = _product_list(checker, entry, "products", known)
        reason = checker.get(entry, "reason", str)
        reference = checker.reference(entry)
        if None in (name, members, reason, reference):
            continue
        sources = tuple((member, reason, reference) for member in members)
        earlier = features.get(name)
        if earlier is None:
            features[name] = Feature(name, members, reason, reference, sources)
            continue
        # Another entry for the same feature: other products, with their own citation.
        twice = [m for m in members if m in earlier.products]
        if twice:
            checker.add(entry.problem(f"feature '{name}' already names {', '.join(twice)}", "products"))
            continue
        features[name] = earlier._replace(products=earlier.products + members, sources=earlier.sources + sources)
    return list(features.values())


def check_summary(checker: Checker, entries: list[Entry]) -> list[SummaryCell]:
    """[[summary]]: the guide's own cross-generation summary (page 10), kept to show
    where vmgraph's recomputed summary departs from it."""
    cells: dict[tuple[int, int], SummaryCell] = {}
    for entry in entries:
        source, target = checker.generation(entry, "from"), checker.generation(entry, "to")
        says = checker.get(entry, "says", str)
        reference = checker.reference(entry)
        if None in (source, target, says, reference):
            continue
        if (source, target) in cells:
            checker.add(entry.problem(f"generation {source} -> {target} is summarised twice", "to"))
            continue
        cells[(source, target)] = SummaryCell(source, target, says, reference)
    return list(cells.values())


def check_preparations(checker: Checker, entries: list[Entry], known: set[str]) -> list[Preparation]:
    preparations = []
    for entry in entries:
        when = checker.string_list(entry, "when")
        stage = checker.choice(entry, "stage", PREPARATION_STAGES)
        action = checker.get(entry, "action", str)
        members = _product_list(checker, entry, "products", known, required=False)
        once = checker.get(entry, "once", bool, required=False, default=False)
        reference = checker.reference(entry)
        if when is not None:
            for condition in when:
                if condition not in VM_CONDITIONS:
                    checker.add(entry.problem(f"unknown VM condition '{shown(condition)}' (expected {', '.join(VM_CONDITIONS)})", "when"))
                    when = None
        if None in (when, stage, action, members, once, reference):
            continue
        if members and stage != "after-arrival":
            checker.add(entry.problem("only an after-arrival preparation can name products", "products"))
            continue
        preparations.append(Preparation(when, stage, action, members, once, reference))
    return preparations


def _product_list(checker: Checker, entry: Entry, key: str, known: set[str], required: bool = True) -> tuple[str, ...] | None:
    values = checker.string_list(entry, key, required)
    if values is None:
        return None
    unknown = [v for v in values if v not in known]
    for value in unknown:
        checker.add(entry.problem(f"unknown product '{shown(value)}'", key))
    return None if unknown else values
