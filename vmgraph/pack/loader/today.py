"""[today.compatibility]: the in-place change of a VM's hardware version that some
of today's products make (Workstation's Change Hardware Compatibility wizard),
with its exception, checked against the products it names; [[platform]] (where
today's products run, and the architectures of the VMs they run there) and [[tool]]
(what a move is made with: OVF Tool, Converter). Kept in this module, whose source the
pack cache watches (pack/cache.py), so an edit here makes cached packs stale."""

from __future__ import annotations

from ...errors import shown
from ..model import ARCHITECTURES, CompatibilityChange, Platform, Tool
from .base import Checker, Entry, table_entry
from .selectors import Selector


def check_compatibility(checker: Checker, entry: Entry | None, selector: Selector) -> CompatibilityChange | None:
    """The change as the pack gives it, or None (and every problem recorded)."""
    if entry is None:
        return None
    products = selector.select(entry, "products")
    oldest = checker.hardware_version(entry, "oldest")
    caveats = checker.string_list(entry, "caveats", required=False)
    reference = checker.reference(entry)
    down = _table(checker, entry, "down", required=True)
    down_reference = checker.reference(down) if down is not None else None
    exception = _table(checker, entry, "exception", required=False)
    levels: tuple[int, ...] | None = ()
    reason = exception_reference = None
    if exception is not None:
        levels = checker.hardware_versions(exception, "hardware")
        reason = checker.get(exception, "reason", str)
        exception_reference = checker.reference(exception)
    for name in products or ():
        product = selector.products[name]
        if not product.is_today:
            checker.add(entry.problem(f"{name} is not one of today's products (given by 'hardware'): only they change a VM's hardware version in place", "products"))
            products = None
        elif not product.can_create:
            checker.add(entry.problem(f"{name} cannot create VMs, so it gives none another hardware version", "products"))
            products = None
    if None in (products, oldest, caveats, reference, down, down_reference, levels) or exception is not None and None in (reason, exception_reference):
        return None
    return CompatibilityChange(
        products, oldest, reference, down_reference, caveats,  # type: ignore[arg-type]
        frozenset(levels or ()), reason, exception_reference,
    )


def _table(checker: Checker, entry: Entry, key: str, required: bool) -> Entry | None:
    raw = checker.get(entry, key, dict, required=required)
    if raw is None:
        return None
    sub = table_entry(entry, key, raw)
    return sub if checker.known_fields(sub) else None


def check_platforms(checker: Checker, entries: list[Entry], selector: Selector) -> tuple[Platform, ...]:
    """Several entries may name one platform, each for its products with its own source."""
    platforms = []
    for entry in entries:
        name = checker.get(entry, "name", str)
        products = selector.select(entry, "products")
        guests = checker.string_list(entry, "guests")
        reference = checker.reference(entry)
        for guest in guests or ():
            if guest not in ARCHITECTURES:
                checker.add(entry.problem(f"unknown architecture '{shown(guest)}' (expected {', '.join(ARCHITECTURES)})", "guests"))
                guests = None
        if None in (name, products, guests, reference):
            continue
        platforms.append(Platform(name, products, guests, reference))  # type: ignore[arg-type]
    return tuple(platforms)


def check_tools(checker: Checker, entries: list[Entry]) -> dict[str, Tool]:
    tools: dict[str, Tool] = {}
    for entry in entries:
        name = checker.get(entry, "name", str)
        runs_on = checker.string_list(entry, "runs_on")
        reference = checker.reference(entry)
        if None in (name, runs_on, reference):
            continue
        if not runs_on:
            checker.add(entry.problem("name at least one system it runs on", "runs_on"))
            continue
        if name in tools:
            checker.add(entry.problem(f"duplicate tool '{shown(name)}'", "name"))
            continue
        tools[name] = Tool(name, runs_on, reference)  # type: ignore[arg-type]
    return tools
