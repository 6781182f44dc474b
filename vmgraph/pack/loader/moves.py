"""[[move]]: an allowed cell of the guide's tables, checked against the
products it joins (disk formats, the hardware each runs)."""

from __future__ import annotations

from ...errors import shown
from ..model import HARDWARE_CHOICES, TRANSFERS, VM_CONDITIONS, MoveRule, Origin, Product, Tool
from .base import FIELDS, Checker, Entry

# "row": the guide's tables, by the product a VM was created under; "hardware":
# today's products, for every VM on `from` whose hardware version `to` runs.
BY_CHOICES = ("row", "hardware")
from .products import Products
from .selectors import Selector, created_with


def check_moves(checker: Checker, entries: list[Entry], products: Products, selector: Selector, tools: dict[str, Tool] | None = None) -> list[MoveRule]:
    by_name = selector.products
    moves: list[MoveRule] = []
    seen: dict[tuple, MoveRule] = {}
    for entry in entries:
        sources = selector.select(entry, "from")
        targets = selector.select(entry, "to")
        transfer = checker.choice(entry, "transfer", TRANSFERS)
        hardware = checker.string_list(entry, "hardware", required=False) or ("keep",)
        condition = checker.get(entry, "condition", str, required=False)
        caveats = checker.string_list(entry, "caveats", required=False)
        caveats_when = _caveats_when(checker, entry)
        says = checker.get(entry, "says", str, required=False)
        tool = checker.get(entry, "tool", str, required=False)
        if tool is not None and tool not in (tools or {}):
            checker.add(entry.problem(f"unknown tool '{shown(tool)}' (a [[tool]] entry names it)", "tool"))
            caveats = None
        elif tool is not None and caveats is not None:
            caveats = caveats + ((tools or {})[tool].note(),)
        reference = checker.reference(entry)
        inferred = _inferred_fields(checker, entry)
        legacy = created_with(checker, entry, sources, by_name)
        by = checker.choice(entry, "by", BY_CHOICES, required=False, default="row")
        if by == "hardware" and "created_with" in entry.data:
            checker.add(entry.problem("a move by hardware applies to every VM on 'from'; it has no row", "created_with"))
            by = None
        if "convert" in hardware and by != "hardware":
            checker.add(entry.problem("'convert' (the VM rebuilt at a hardware version the target runs) is for moves by hardware (by = \"hardware\")", "hardware"))
            by = None
        for choice in hardware:
            if choice not in HARDWARE_CHOICES:
                checker.add(entry.problem(f"unknown value '{shown(choice)}' (expected {', '.join(HARDWARE_CHOICES)})", "hardware"))
        if len(set(hardware)) != len(hardware):
            checker.add(entry.problem("a choice is listed twice", "hardware"))
        if None in (sources, targets, transfer, caveats, caveats_when, reference, inferred, legacy, by) or not set(hardware) <= set(HARDWARE_CHOICES):
            continue
        if not selector.within_bounds(entry, sources, targets):
            continue
        origin = entry.origin()
        for source, target, reason in selector.pairs(sources, targets):
            rule = MoveRule(
                source, target, transfer, hardware, condition, caveats,
                reference._replace(inferred=reference.inferred or reason),
                inferred, origin, legacy or None, by == "hardware", tool, says, caveats_when,
            )
            if _check_move(checker, entry, rule, by_name):
                # Moves by hardware may join one pair several ways (OVF, Converter), each cited.
                key = (source, target, rule.created_with, rule.by_hardware) + ((rule.hardware, rule.reference) if rule.by_hardware else ())
                if key in seen:
                    first = seen[key].origin
                    checker.add(entry.problem(f"duplicate move {source} -> {target} (also in {first.file}, {first.entry})", "to"))
                    continue
                seen[key] = rule
                moves.append(rule)
    # Followers share VMs with the product they follow (an inference, cited on the follower).
    for product in products.products:
        if product.follows and (product.follows, product.name, None, False) not in seen:
            leader = by_name[product.follows]
            origin = Origin(products.entries[product.name].file, f"product '{product.name}' (follows)")
            for source, target in ((leader.name, product.name), (product.name, leader.name)):
                moves.append(MoveRule(source, target, "copy", ("keep",), None, (), product.reference, (), origin))
    return moves


def _caveats_when(checker: Checker, entry: Entry) -> tuple[tuple[str, str], ...] | None:
    """`caveats_when = { suspended = ["..."] }`: caveats shown only for a VM with that condition."""
    table = checker.get(entry, "caveats_when", dict, required=False, default={})
    if table is None:
        return None
    found: list[tuple[str, str]] = []
    for condition, texts in table.items():
        if condition not in VM_CONDITIONS:
            checker.add(entry.problem(f"unknown VM condition '{shown(condition)}' (expected {', '.join(VM_CONDITIONS)})", "caveats_when"))
            return None
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t.strip() and checker.one_line(entry, "caveats_when", t) for t in texts):
            checker.add(entry.problem(f"'{condition}': expected a list of non-empty strings", "caveats_when"))
            return None
        found += [(condition, text) for text in texts]
    return tuple(found)


def _check_move(checker: Checker, entry: Entry, rule: MoveRule, by_name: dict[str, Product]) -> bool:
    source, target = by_name[rule.source], by_name[rule.target]
    pair = f"{source.name} -> {target.name}"
    ok = True
    if rule.by_hardware and rule.hardware == ("convert",):
        # A conversion writes the new VM in the target's own disk format.
        return _check_by_hardware(checker, entry, pair, target)
    if rule.transfer == "export" and not (source.is_esx and not target.is_esx):
        checker.add(entry.problem(f"{pair}: 'export' takes ESX disks to a hosted product", "transfer"))
        ok = False
    if rule.transfer == "import" and not (target.is_esx and not source.is_esx):
        checker.add(entry.problem(f"{pair}: 'import' takes hosted disks into ESX Server", "transfer"))
        ok = False
    if rule.transfer == "copy" and source.is_esx != target.is_esx:
        checker.add(entry.problem(f"{pair}: between ESX Server and a hosted product the disks must be exported or imported, not copied", "transfer"))
        ok = False
    if rule.by_hardware:
        return _check_by_hardware(checker, entry, pair, target) and ok
    hardware = rule.created_with or source.generation
    for choice in rule.hardware:
        runs = target.runs_entry(hardware)
        if choice == "upgrade" and target.generation <= hardware:
            checker.add(entry.problem(f"{pair}: cannot upgrade generation {hardware} hardware on a generation {target.generation} product", "hardware"))
            ok = False
        if choice == "keep" and hardware != target.generation and runs is None:
            checker.add(entry.problem(f"{pair}: {target.name} does not run generation {hardware} hardware (add it to the product's runs, or upgrade)", "hardware"))
            ok = False
        if choice == "legacy" and (runs is None or runs.mode != "legacy"):
            checker.add(entry.problem(f"{pair}: {target.name} has no legacy mode for generation {hardware} hardware", "hardware"))
            ok = False
    return ok


def _check_by_hardware(checker: Checker, entry: Entry, pair: str, target: Product) -> bool:
    if not target.is_today:
        checker.add(entry.problem(f"{pair}: a move by hardware lands on one of today's products (given by 'hardware'), and {target.name} is not", "to"))
        return False
    return True


def _inferred_fields(checker: Checker, entry: Entry) -> tuple[tuple[str, str], ...] | None:
    """`inferred = { field = "reasoning" }`: the parts of a stated cell the guide only implies."""
    value = checker.get(entry, "inferred", dict, required=False, default={})
    if value is None:
        return None
    allowed = FIELDS[entry.kind] - {"source", "inferred"}
    result = []
    for key, reason in value.items():
        if key not in allowed:
            checker.add(entry.problem(f"'{shown(key, 40)}' is not a field of this entry (use source.inferred for the whole entry)", "inferred"))
            return None
        if not isinstance(reason, str) or not reason.strip():
            checker.add(entry.problem(f"the reasoning for '{key}' must be text", "inferred"))
            return None
        if not checker.one_line(entry, "inferred", reason):
            return None
        result.append((key, reason))
    return tuple(result)
