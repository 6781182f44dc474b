"""What a VM's own state adds: [[feature]] (guests only some products run) and
[[preparation]] (steps the guide demands around exports, imports and arrivals)."""

from __future__ import annotations

from ..errors import shown
from ..model import PREPARATION_STAGES, VM_CONDITIONS, Feature, Preparation
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
        if name in features:
            checker.add(entry.problem(f"duplicate feature '{name}'", "name"))
            continue
        features[name] = Feature(name, members, reason, reference)
    return list(features.values())


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
