"""The guide's tables, recomputed from the state graph rather than stored.

A cell says what a VM created under the row product takes to move directly to
the column product, in the guide's own phrases; phrases that rest on an
inference are marked so.
"""

from __future__ import annotations

from typing import NamedTuple

from collections import Counter

from ..pack.model import GENERATIONS, MoveRule, RulePack, State
from ..planning.state_graph import StateGraph

OK = "OK"
NOT_SUPPORTED = "Not supported"
SITE_POLICY = "Refused by your site's policy"
NOT_DESCRIBED = "Not described by the guide"
NO_SOURCE = "No move: no source gives one"  # a row of today's products: the guide says nothing of them
LEGACY_ONLY = "Possible only if you create a legacy virtual machine"
CONDITIONAL = "Maybe, depending on guest operating system"
TRANSFER_PHRASES = {"export": "Export virtual disks", "import": "Import virtual disks"}
UPGRADE = "Upgrade virtual hardware (one-way)"
UPGRADE_OR_LEGACY = "Upgrade virtual hardware (one-way) or run in legacy mode"
INFERRED_MARK = " (inferred)"
# Today's products: words of vmgraph's own for what a move by hardware takes.
OVF_PHRASE = "Export to OVF and deploy"
CONVERT = "Convert (the VM rebuilt)"


class Cell(NamedTuple):
    source: str
    target: str
    supported: bool
    phrases: tuple[str, ...]  # the guide's wording; an inferred one ends in INFERRED_MARK
    kind: str  # "ok", "steps", "one-way" or "none": used by the generation summary
    references: tuple[str, ...]

    @property
    def text(self) -> str:
        return "; ".join(self.phrases)


class GenerationCell(NamedTuple):
    """One cell of the cross-generation summary, as vmgraph computes it from its tables."""

    source: int
    target: int
    text: str
    guide: str | None  # what the guide's own summary table says, where the pack has it
    departure: str | None  # why vmgraph's text differs from the guide's, when it does


class Detour(NamedTuple):
    """A multi-hop route standing in for a refused direct move."""

    via: tuple[str, ...]
    moves: int
    one_way: int
    text: str
    route: object  # planner.Route


def rule_phrases(rule: MoveRule | None) -> list[str]:
    """A move rule in the guide's words, "OK" when it takes nothing special."""
    if rule is None:
        return [OK]
    whole = rule.reference.inferred is not None and not rule.inferred_fields

    def mark(text: str, field: str) -> str:
        return text + INFERRED_MARK if whole or rule.inferred_reason(field) else text

    phrases = []
    if rule.by_hardware:
        if "convert" in rule.hardware:
            phrases.append(mark(CONVERT, "hardware"))
        elif rule.transfer in TRANSFER_PHRASES:
            phrases.append(mark(OVF_PHRASE, "transfer"))
        return phrases or [mark(OK, "transfer")]
    if rule.condition:
        phrases.append(mark(CONDITIONAL, "condition"))
    if rule.transfer in TRANSFER_PHRASES:
        phrases.append(mark(TRANSFER_PHRASES[rule.transfer], "transfer"))
    if "upgrade" in rule.hardware:
        phrases.append(mark(UPGRADE if len(rule.hardware) == 1 else UPGRADE_OR_LEGACY, "hardware"))
    phrases.extend(mark(caveat, "caveats") for caveat in rule.caveats)
    return phrases or [mark(rule.says or OK, "transfer")]  # the table's own words where "OK" would shorten them


class Matrix:
    def __init__(self, pack: RulePack, states: StateGraph | None = None):
        self.pack = pack
        self.states = states or StateGraph(pack)

    def rows(self, products: list[str] | None = None) -> list[str]:
        """Products a VM can be created under (the guide's rows)."""
        names = products or self.pack.default_view() or list(self.pack.products)
        return [name for name in names if self.pack.products[name].can_create]

    def columns(self, products: list[str] | None = None) -> list[str]:
        return products or self.pack.default_view() or list(self.pack.products)

    def cells(self, products: list[str] | None = None) -> list[Cell]:
        return [self.cell(row, column) for row in self.rows(products) for column in self.columns(products)]

    def cell(self, row: str, column: str) -> Cell:
        product = self.pack.products[row]
        if row == column:
            reference = self.states.same_product[row][0]
            return Cell(row, column, True, (OK + (INFERRED_MARK if reference.inferred else ""),), "ok", (reference.cite(),))
        native = self._direct(State(row, product.generation, row), column)
        if native:
            phrases = _unique(p for t in native for p in rule_phrases(t.rule))
            plain = [p.removesuffix(INFERRED_MARK) for p in phrases]
            kind = "ok" if plain == [OK] else "one-way" if all("one-way" in t.tags for t in native) else "steps"
            return Cell(row, column, True, tuple(phrases), kind, _cites(native))
        for hardware in product.creates()[1:]:
            legacy = self._direct(State(row, hardware, row), column)
            if legacy:
                phrases = _unique(p for t in legacy for p in rule_phrases(t.rule) if p.removesuffix(INFERRED_MARK) != OK)
                # The guide puts its "Maybe" first, then the legacy-VM condition.
                at = 1 if phrases and phrases[0].startswith(CONDITIONAL) else 0
                inferred = all(t.rule is not None and t.rule.reference.inferred for t in legacy)
                phrases.insert(at, LEGACY_ONLY + (INFERRED_MARK if inferred else ""))
                return Cell(row, column, True, tuple(phrases), "steps", _cites(legacy))
        refusals = self.states.refusals(State(row, product.generation, row), column)
        if refusals:
            # A site's policy reads as the site's, never as the guide's "Not supported".
            guide = [r for r in refusals if not r.policy]
            phrase = SITE_POLICY if not guide else NOT_SUPPORTED + (INFERRED_MARK if all(r.reference.inferred for r in guide) else "")
            return Cell(row, column, False, (phrase,), "none", tuple(dict.fromkeys(r.reference.cite() for r in refusals)))
        return Cell(row, column, False, (NO_SOURCE if product.is_today else NOT_DESCRIBED,), "none", ())

    def multi_hop(self, cell: Cell, planner=None) -> "Detour | None":
        """For a cell the guide refuses as a direct move: the best route through other products."""
        if cell.supported:
            return None
        from ..planning.planner import Planner

        planner = planner or Planner(self.pack, states=self.states)
        route = planner.best(State(cell.source, self.pack.products[cell.source].generation, cell.source), (cell.target,))
        if route is None:
            return None
        stops = list(dict.fromkeys(s.target.product for s in route.steps if s.kind == "move" and s.target.product != cell.target))
        one_way = route.count("one-way")
        text = f"via {' and '.join(stops)}: {route.moves} moves, {one_way} one-way upgrade{'s' if one_way != 1 else ''}"
        return Detour(tuple(stops), route.moves, one_way, text, route)

    def _direct(self, state: State, column: str):
        return [t for t in self.states.transitions_from(state) if t.target.product == column and t.is_move]

    # -- the guide's 4x4 cross-generation summary (page 10)

    def generation_summary(self) -> list[GenerationCell]:
        order = sorted(GENERATIONS, reverse=True)  # the guide lists 5, 4, 3, 2
        guide = {(s.source, s.target): s for s in self.pack.summary}
        result = []
        for a in order:
            rows = [p.name for p in self.pack.products.values() if p.generation == a and p.can_create and not p.is_today]
            for b in order:
                columns = [p.name for p in self.pack.products.values() if p.generation == b and not p.is_today]
                cells = [self.cell(row, column) for row in rows for column in columns]
                counted = [cell for cell in cells if not _only_inferred_refusal(cell)]
                text = summarise(Counter(cell.kind for cell in counted))
                said = guide.get((a, b))
                departure = None
                if said is not None and said.says != text:
                    # the pages that decide most of the block's cells
                    pages = ", ".join(r for r, _ in Counter(r for cell in counted for r in cell.references).most_common(1))
                    departure = f"the guide's summary (p. {said.reference.page}) says '{said.says}'; the cells vmgraph encodes from {pages} give '{text}'"
                    words = _refusal_words(self.pack, rows, columns)
                    if words:
                        departure += f" (that page: {words})"
                result.append(GenerationCell(a, b, text, said.says if said else None, departure))
        return result


def _refusal_words(pack: RulePack, rows: list[str], columns: list[str]) -> str | None:
    """The guide's own words against a block's moves, and its workaround: quoted, not summed up."""
    said = next((r for r in pack.refusals if r.source in rows and r.target in columns and not r.policy and r.reference.is_guide), None)
    if said is None:
        return None
    return f"'{said.reason}'" + (f", then '{said.advice}'" if said.advice else "")


def _only_inferred_refusal(cell: Cell) -> bool:
    """A refused cell the guide does not state (no table covers it): left out of the summary."""
    return not cell.supported and all(reference.endswith(INFERRED_MARK) for reference in cell.references)


def summarise(kinds: Counter) -> str:
    """The guide's summary wording for a block of cells, by what most of them take.

    'one-way' cells count as special steps; ties go to the less hopeful kind.
    """
    ok, one_way, none = kinds["ok"], kinds["one-way"], kinds["none"]
    steps = kinds["steps"] + one_way
    supported = ok + steps
    if not supported:
        return "Not supported"
    if not none:
        return "Easy in most cases" if ok >= steps else "Special steps needed"
    only_one_way = one_way == supported
    plurality = max(("none", none), ("steps", steps), ("ok", ok), key=lambda kv: kv[1])[0]
    if plurality == "ok":
        return "Easy in most cases"
    if only_one_way:
        return "One-way or not supported"
    if plurality == "steps":
        return "Special steps needed or not supported"
    return "Not supported in most cases" if not steps else "Varies"


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _cites(transitions) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.reference.cite() for t in transitions))
