"""[[group]] (one name for several products) and the table of every name a
person may type, products' and groups' alike."""

from __future__ import annotations

from ...errors import shown
from ..model import Group, Product
from ..names import name_key
from .base import Checker, Entry
from .products import Products


def check_groups(checker: Checker, entries: list[Entry], products: list[Product]) -> list[tuple[Entry, Group]]:
    known = {p.name for p in products}
    groups: list[tuple[Entry, Group]] = []
    taken: set[str] = set()
    for entry in entries:
        name = checker.get(entry, "name", str)
        members = checker.string_list(entry, "members")
        aliases = checker.string_list(entry, "aliases", required=False)
        reference = checker.reference(entry)
        if None in (name, members, aliases, reference):
            continue
        unknown = [m for m in members if m not in known]
        for member in unknown:
            checker.add(entry.problem(f"unknown product '{shown(member)}'", "members"))
        if name in known or name in taken:
            checker.add(entry.problem("duplicate name: a product or group already has it", "name"))
            continue
        if not unknown:
            taken.add(name)
            groups.append((entry, Group(name, members, aliases, reference)))
    return groups


def name_table(checker: Checker, products: Products, groups: list[tuple[Entry, Group]]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Every name a person may type, keyed loosely, mapped to the products it means."""
    names: dict[str, tuple[str, ...]] = {}
    owners: dict[str, str] = {}

    def add(entry: Entry, field_name: str, spoken: str, meaning: tuple[str, ...], owner: str) -> None:
        key = name_key(spoken)
        if not key:
            checker.add(entry.problem(f"'{shown(spoken)}' is not a usable name", field_name))
        elif key in names and names[key] != meaning:
            checker.add(entry.problem(f"duplicate name '{shown(spoken)}': it already means {owners[key]}", field_name))
        else:
            names[key] = meaning
            owners[key] = owner

    for product in products.products:
        entry = products.entries[product.name]
        add(entry, "name", product.name, (product.name,), product.name)
        for alias in product.aliases:
            add(entry, "aliases", alias, (product.name,), product.name)
    for entry, group in groups:
        add(entry, "name", group.name, group.members, group.name)
        for alias in group.aliases:
            add(entry, "aliases", alias, group.members, group.name)
    return names, owners
