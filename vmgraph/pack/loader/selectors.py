"""The `from` and `to` of moves and refusals: selectors into product names,
and every pair an entry covers, with the pairs followers inherit."""

from __future__ import annotations

from typing import Iterator

from ...errors import shown
from ..model import GENERATIONS, Group, Product
from ..names import name_key, suggest
from .base import GENERATION_SELECTOR, Checker, Entry, impossible_generation


# The pairs a pack's moves and refusals may join in all, checked before any is made: the shipped
# pack joins about 10,000; a group of thousands of products moving to itself would join
# millions, each a record every command that loads the pack keeps in memory (~600 bytes).
MAX_PAIRS = 200_000


class Selector:
    """A selector is a product name, a group name, "generation N" (every product
    of the guide's era of that generation) or "*" (every product). Built once per pack: each
    lookup costs the size of its answer, not of the pack."""

    def __init__(self, checker: Checker, products: list[Product], groups: list[Group]):
        self.checker = checker
        self.products = {p.name: p for p in products}
        self.groups = {g.name: g for g in groups}
        self.by_generation: dict[int, list[str]] = {}
        self.followers: dict[str, list[str]] = {}  # leader -> the products that follow it
        for product in products:
            if not product.is_today:  # "generation N" is the guide's word, for the guide's products
                self.by_generation.setdefault(product.generation, []).append(product.name)
            if product.follows:
                self.followers.setdefault(product.follows, []).append(product.name)
        self._known: dict[str, str] | None = None
        self._joined = 0  # pairs the entries so far join (MAX_PAIRS)

    def select(self, entry: Entry, key: str) -> tuple[str, ...] | None:
        values = self.checker.string_list(entry, key)
        if values is None:
            return None
        chosen: dict[str, None] = {}
        ok = True
        for value in values:
            match = GENERATION_SELECTOR.match(value)
            if value == "*":
                found = list(self.products)
            elif match:
                generation = int(match.group(1))
                if generation not in GENERATIONS:
                    self.checker.add(entry.problem(impossible_generation(generation), key))
                    ok = False
                    continue
                found = self.by_generation.get(generation, [])
            elif value in self.products:
                found = [value]
            elif value in self.groups:
                found = list(self.groups[value].members)
            else:
                self.checker.add(entry.problem(f"unknown product '{shown(value)}'{self._hint(value)}", key))
                ok = False
                continue
            chosen.update(dict.fromkeys(found))
        return tuple(chosen) if ok else None

    def _hint(self, value: str) -> str:
        if self._known is None:
            self._known = {name_key(n): n for n in list(self.products) + list(self.groups)}
        close = suggest(value, self._known, self._known, limit=1)
        return f" (did you mean '{close[0]}'?)" if close else ""

    def within_bounds(self, entry: Entry, sources: tuple[str, ...], targets: tuple[str, ...]) -> bool:
        """Whether the pairs this entry joins fit in what MAX_PAIRS leaves; a problem on the
        entry (the first past it) when not, and then no pair of it or a later entry is made."""
        count = len(sources) * len(targets)
        over = self._joined > MAX_PAIRS
        self._joined += count
        if self._joined <= MAX_PAIRS:
            return True
        if not over:
            self.checker.add(entry.problem(
                f"joins {len(sources):,} x {len(targets):,} products ({count:,} pairs): with the entries before it, past the "
                f"{MAX_PAIRS:,} pairs a pack's moves and refusals may join in all (the shipped pack joins about 10,000); "
                "name fewer products, in smaller groups", "to"))
        return False

    def pairs(self, sources: tuple[str, ...], targets: tuple[str, ...]) -> Iterator[tuple[str, str, str | None]]:
        """Every (source, target) pair an entry covers, plus the pairs its followers inherit.

        Yields (source, target, inferred reasoning or None). Pairs of a product with
        itself are left out: the same-product move covers them.
        """
        source_set, target_set = set(sources), set(targets)
        seen = set()
        for source in sources:
            source_side = [source] + [f for f in self.followers.get(source, ()) if f not in source_set]
            for target in targets:
                target_side = [target] + [f for f in self.followers.get(target, ()) if f not in target_set]
                for s in source_side:
                    for t in target_side:
                        if s == t or (s, t) in seen:
                            continue
                        seen.add((s, t))
                        derived = self.products[s] if s != source else self.products[t] if t != target else None
                        yield s, t, derived.reference.inferred if derived else None


def created_with(checker: Checker, entry: Entry, sources: tuple[str, ...] | None, products: dict[str, Product]) -> int | None:
    """`created_with = N`: the row of legacy VMs created under `from` with generation N
    hardware (Workstation 5's, page 17); 0 when absent, None when wrong."""
    if "created_with" not in entry.data:
        return 0
    value = checker.get(entry, "created_with", int)
    if value is None or sources is None:
        return None
    for name in sources:
        runs = products[name].runs_entry(value)
        if runs is None or not runs.create:
            checker.add(entry.problem(f"{name} does not create legacy VMs with generation {value} hardware (its runs entry needs create = true)", "created_with"))
            return None
    return value

