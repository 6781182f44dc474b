"""[[refusal]]: a move the guide does not support; one that a move allows too is a
contradiction, unless the refusal is a site policy that removes the move."""

from __future__ import annotations

from ..model import MoveRule, Origin, Refusal
from .base import Checker, Entry
from .selectors import Selector, created_with


def check_refusals(checker: Checker, entries: list[Entry], selector: Selector) -> tuple[list[Refusal], dict[Origin, Entry]]:
    refusals = []
    origins: dict[Origin, Entry] = {}
    for entry in entries:
        sources = selector.select(entry, "from")
        targets = selector.select(entry, "to")
        reason = checker.get(entry, "reason", str)
        advice = checker.get(entry, "advice", str, required=False)
        policy = checker.get(entry, "policy", bool, required=False, default=False)
        host = checker.get(entry, "host", bool, required=False, default=False)
        reference = checker.reference(entry)
        legacy = created_with(checker, entry, sources, selector.products)
        if None in (sources, targets, reason, reference, policy, host, legacy):
            continue
        if not selector.within_bounds(entry, sources, targets):
            continue
        origin = entry.origin()
        origins[origin] = entry
        for source, target, inferred in selector.pairs(sources, targets):
            refusals.append(Refusal(source, target, reason, advice, reference._replace(inferred=reference.inferred or inferred), origin, policy, legacy or None, host))
    return refusals, origins


def check_contradictions(checker: Checker, moves: list[MoveRule], refusals: list[Refusal], origins: dict[Origin, Entry]) -> None:
    allowed = {(m.source, m.target, m.created_with): m for m in moves}
    reported = set()
    for refusal in refusals:
        move = allowed.get((refusal.source, refusal.target, refusal.created_with))
        if move is None or refusal.policy or (refusal.origin, move.origin) in reported:
            continue
        reported.add((refusal.origin, move.origin))
        message = f"contradiction: {refusal.source} -> {refusal.target} is allowed by {move.origin.entry} in {move.origin.file} (mark the refusal 'policy = true' to override it)"
        checker.add(origins[refusal.origin].problem(message, "to"))
