"""[[product]] and its [[product.runs]]: names, generations, families, the older
hardware each runs, and `follows` (a product that shares another's moves).

A product of the guide's era names its `generation`; one of today's its
`hardware` (the newest version it runs), its `floor` (the oldest) and what it
`lacks` in between; the loader spells that range out as runs entries."""

from __future__ import annotations

from ...errors import shown
from ...vm.hardware import LEVELS, short_name
from ..model import FAMILIES, RUN_MODES, Product, Reference, RunsHardware
from .base import GENERATION_SELECTOR, Checker, Entry, InlineEntry


class Products:
    """The valid products in file order, with the entries they came from."""

    def __init__(self) -> None:
        self.products: list[Product] = []
        self.entries: dict[str, Entry] = {}
        self.runs: dict[str, list[tuple[Entry, RunsHardware]]] = {}  # product -> its [[product.runs]]

    @property
    def by_name(self) -> dict[str, Product]:
        return {p.name: p for p in self.products}


def check_products(checker: Checker, entries: list[Entry]) -> Products:
    found = Products()
    runs_index: dict[str, int] = {}  # [[product.runs]] are counted per file, for line numbers
    for entry in entries:
        name = checker.get(entry, "name", str)
        era = "today" if "hardware" in entry.data else "2005"
        if era == "today" and "generation" in entry.data:
            checker.add(entry.problem("give 'generation' (a product of the guide's era) or 'hardware' (one of today's), not both", "hardware"))
            continue
        generation = checker.generation(entry, "generation") if era == "2005" else checker.hardware_version(entry, "hardware")
        family = checker.choice(entry, "family", FAMILIES)
        aliases = checker.string_list(entry, "aliases", required=False)
        can_create = checker.get(entry, "can_create", bool, required=False, default=True)
        follows = checker.get(entry, "follows", str, required=False)
        reference = checker.reference(entry)
        runs = []
        if era == "today":
            if "runs" in entry.data or "follows" in entry.data:
                checker.add(entry.problem("today's products give 'floor' and 'lacks', not 'runs' or 'follows'", "runs" if "runs" in entry.data else "follows"))
                continue
            spelled = _today_runs(checker, entry, generation)
            if spelled is None or None in (name, generation, family, aliases, can_create, reference):
                continue
        elif era == "2005" and ("floor" in entry.data or "lacks" in entry.data):
            checker.add(entry.problem("'floor' and 'lacks' are for today's products (those given by 'hardware')", "floor" if "floor" in entry.data else "lacks"))
            continue
        raw_runs = entry.data.get("runs", [])
        if not isinstance(raw_runs, list):
            checker.add(entry.problem("expected an array of tables ([[product.runs]])", "runs"))
            raw_runs = []
        for raw in raw_runs:
            runs_index[entry.file] = runs_index.get(entry.file, 0) + 1
            sub = Entry("product.runs", raw if isinstance(raw, dict) else {}, entry.file, runs_index[entry.file], entry.lines, label=f"{entry.label}, runs #{len(runs) + 1}")
            if checker.known_fields(sub):
                run = _runs(checker, entry, sub)
                if run is not None:
                    runs.append((sub, run))
        if follows is not None and follows == name:
            checker.add(entry.problem("a product cannot follow itself", "follows"))
            follows = None
        if None in (name, generation, family, aliases, can_create, reference):
            continue
        if name in found.entries:
            first = found.entries[name]
            checker.add(entry.problem(f"duplicate product (first defined in {first.file} as {first.label})", "name"))
            continue
        if GENERATION_SELECTOR.match(name) or name == "*":
            checker.add(entry.problem("this name is reserved for selecting products in moves and refusals", "name"))
            continue
        found.entries[name] = entry
        found.runs[name] = runs
        if era == "today":
            today_runs, lacks, no_create = spelled
            found.products.append(Product(name, generation, family, can_create, aliases, today_runs, reference, None, "today", lacks, no_create))
        else:
            found.products.append(Product(name, generation, family, can_create, aliases, tuple(r for _, r in runs), reference, follows))
    _resolve_follows(checker, found)
    return found


def _today_runs(checker: Checker, entry: Entry, ceiling: int | None) -> tuple[tuple[RunsHardware, ...], tuple[tuple[int, Reference], ...], tuple[tuple[int, Reference], ...]] | None:
    """Every level from the floor up to (not including) the product's own, but those
    it lacks: run as is ("interoperable"), and created too (a compatibility level) but
    for those `cannot_create` names.
    Each cites the floor's source, or the lacks' for a level it lacks."""
    floor_entry = _sub_table(checker, entry, "floor")
    if floor_entry is None:
        return None
    floor = checker.hardware_version(floor_entry, "hardware")
    floor_reference = checker.reference(floor_entry)
    lacks: tuple[tuple[int, Reference], ...] = ()
    if "lacks" in entry.data:
        lacks_entry = _sub_table(checker, entry, "lacks")
        if lacks_entry is None:
            return None
        levels = checker.hardware_versions(lacks_entry, "hardware")
        lacks_reference = checker.reference(lacks_entry)
        if lacks_reference is None or levels is None:
            return None
        for level in levels:
            if ceiling is not None and floor is not None and not floor < level < ceiling:
                checker.add(lacks_entry.problem(f"{short_name(level)} is not between the floor and {short_name(ceiling)}: nothing to leave out", "hardware"))
                return None
        lacks = tuple((level, lacks_reference) for level in levels)
    if None in (floor, floor_reference, ceiling):
        return None
    if floor > ceiling:
        checker.add(floor_entry.problem(f"the floor {short_name(floor)} is above the product's own hardware {short_name(ceiling)}", "hardware"))
        return None
    no_create: tuple[tuple[int, Reference], ...] = ()
    if "cannot_create" in entry.data:
        refused = _sub_table(checker, entry, "cannot_create")
        levels = checker.hardware_versions(refused, "hardware") if refused is not None else None
        refused_reference = checker.reference(refused) if refused is not None else None
        if levels is None or refused_reference is None:
            return None
        for level in levels:
            if not floor <= level < ceiling or level in {lacked for lacked, _ in lacks}:
                checker.add(refused.problem(f"{short_name(level)} is not a version it runs below its own: nothing it could create", "hardware"))  # type: ignore[union-attr]
                return None
        no_create = tuple((level, refused_reference) for level in levels)
    name = entry.data.get("name")
    lacking = {level for level, _ in lacks}
    uncreated = {level for level, _ in no_create}
    runs = tuple(
        RunsHardware(level, "interoperable", name, floor_reference, create=level not in uncreated)  # type: ignore[arg-type]
        for level in LEVELS
        if floor <= level < ceiling and level not in lacking
    )
    return runs, lacks, no_create


def _sub_table(checker: Checker, entry: Entry, key: str) -> Entry | None:
    raw = checker.get(entry, key, dict)
    if raw is None:
        return None
    sub = InlineEntry(entry, key, raw)
    return sub if checker.known_fields(sub) else None


def _runs(checker: Checker, entry: Entry, sub: Entry) -> RunsHardware | None:
    hardware = checker.generation(sub, "hardware")
    mode = checker.choice(sub, "mode", RUN_MODES)
    moves_as = checker.get(sub, "moves_as", str)
    create = checker.get(sub, "create", bool, required=False, default=False)
    reference = checker.reference(sub)
    if create and (mode != "legacy" or entry.data.get("can_create") is False):
        checker.add(sub.problem("only a product that can create VMs creates legacy VMs, and only in legacy mode", "create"))
        return None
    if None in (hardware, mode, moves_as, create, reference):
        return None
    return RunsHardware(hardware, mode, moves_as, reference, create)


def _resolve_follows(checker: Checker, found: Products) -> None:
    """A follower must follow a leader of its own generation; it takes the leader's runs when it has none."""
    by_name = found.by_name
    resolved = []
    for product in found.products:
        if product.follows is None:
            resolved.append(product)
            continue
        leader = by_name.get(product.follows)
        entry = found.entries[product.name]
        if leader is None:
            checker.add(entry.problem(f"unknown product '{shown(product.follows)}'", "follows"))
            continue
        if leader.follows is not None:
            checker.add(entry.problem(f"'{leader.name}' follows another product itself; follow '{leader.follows}' instead", "follows"))
            continue
        if leader.generation != product.generation:
            checker.add(entry.problem(f"'{leader.name}' is generation {leader.generation}, not {product.generation}", "follows"))
            continue
        if not found.runs.get(product.name):
            found.runs[product.name] = found.runs.get(leader.name, [])
        resolved.append(product._replace(runs=product.runs or leader.runs))
    found.products = resolved


def check_runs(checker: Checker, found: Products) -> None:
    """Each product's runs against the products they name (after every product is known)."""
    by_name = found.by_name
    for product in found.products:
        if product.is_today:
            continue  # their runs are spelled out from floor and lacks, already checked
        seen_hardware = set()
        for sub, runs in found.runs.get(product.name, []):
            if runs.hardware == product.generation:
                checker.add(sub.problem(f"generation {runs.hardware} is {product.name}'s own; list only other hardware", "hardware"))
            if runs.hardware in seen_hardware:
                checker.add(sub.problem(f"hardware {runs.hardware} is listed twice", "hardware"))
            seen_hardware.add(runs.hardware)
            if runs.mode == "legacy" and runs.hardware > product.generation:
                checker.add(sub.problem(f"legacy mode runs older hardware, but {runs.hardware} is newer than {product.name}'s generation {product.generation}", "hardware"))
            leader = by_name.get(runs.moves_as)
            if leader is None:
                checker.add(sub.problem(f"unknown product '{shown(runs.moves_as)}'", "moves_as"))
            elif leader.is_esx != product.is_esx:
                checker.add(sub.problem(f"'{leader.name}' keeps its disks in another format than {product.name} (ESX Server and hosted products differ)", "moves_as"))
            elif leader.generation != runs.hardware:
                checker.add(sub.problem(f"'{leader.name}' creates generation {leader.generation} hardware, not {runs.hardware}", "moves_as"))
