"""A plain CSV of VMs, written by hand or by a script: the fewest columns vmgraph plans with.

Columns (headers in any case): `name`; `hardware` (``vmx-19``, ``19``, ``v8``) and/or `product`
(a product's name as vmgraph will resolve it: ``Workstation 5``, ``esx3``); `flags`: words
separated by spaces (or ``+ | / ; ,`` when that is not the delimiter), in any case, with or
without ``--``, the ones ``vmgraph route`` takes as options: ``smp``, ``64bit`` (or ``32bit``),
``3d``, ``snapshot``, ``suspended`` (or ``poweredOn``, ``poweredOff``), ``template``, ``efi``
(or ``bios``), ``secureboot``. Optional: `cpus`, `memory_mb`, `guest_id`, `firmware`, `power_state`, `host`,
`cluster` (the record's own field names), and `release`: the release of the VM's host as any
export writes it (``VMware ESXi 7.0.3 build-20036589``, ``7.0 Update 3c``; releases.py), which
places a row that names no product.

As with ``vmgraph route``, a file with a flags column states each flag for every row: a row
without ``snapshot`` has none, without ``64bit`` is 32-bit (unless its `guest_id` says 64),
without ``template`` is a VM, without ``smp`` has one vCPU (unless its `cpus` says more: SMP is
more than one). ``smp`` and ``3d`` have no field of their own: they are kept in
`InventoryVM.flags` (`InventoryVM.smp` reads both).
"""

from __future__ import annotations

import re
from typing import Any, Iterator, NamedTuple

from ..errors import InventoryError
from .csv_table import read_csv_table
from .record import InventoryVM, Skipped
from .source import Head
from .stream import Source
from .table import FIELDS, Column
from .values import BadValue, cpus, firmware, guest_id_64bit, mebibytes, parse_hardware_version, power_state, quoted, trimmed

# flag -> (field, value) it sets; None: kept in InventoryVM.flags
FLAGS: dict[str, tuple[str, Any] | None] = {
    "smp": None,
    "3d": None,
    "64bit": ("guest_64bit", True),
    "32bit": ("guest_64bit", False),
    "snapshot": ("snapshots", True),
    "snapshots": ("snapshots", True),
    "suspended": ("power_state", "suspended"),
    "poweredon": ("power_state", "poweredOn"),
    "poweredoff": ("power_state", "poweredOff"),
    "template": ("template", True),
    "efi": ("firmware", "efi"),
    "secureboot": ("secure_boot", True),
    "bios": ("firmware", "bios"),
}
_SEPARATORS = re.compile(r"[\s,;|+/]+")
_FLAGS_AT = FIELDS.index("flags")
_INDEX = {field: FIELDS.index(field) for field in FIELDS}


class FlagSet(NamedTuple):
    """A flags cell, read: the fields it sets and the flags kept as they are."""

    settings: tuple[tuple[int, Any], ...]
    kept: tuple[str, ...]


def read_flags(cell: str) -> FlagSet:
    settings: dict[int, Any] = {}
    kept: list[str] = []
    for word in _SEPARATORS.split(cell.strip()):
        if not word:
            continue
        flag = word.lower().lstrip("-").replace("-", "").replace("_", "")
        if flag not in FLAGS:
            known = ", ".join(sorted({f for f in FLAGS if f != "snapshots"}))
            raise BadValue(f"{quoted(word)} is not a flag vmgraph knows ({known})")
        effect = FLAGS[flag]
        if effect is None:
            if flag not in kept:
                kept.append(flag)
            continue
        field, value = effect
        index = _INDEX[field]
        if settings.get(index, value) != value:
            raise BadValue(f"{quoted(cell)}: contradictory flags for {field.replace('_', ' ')}")
        settings[index] = value
    return FlagSet(tuple(settings.items()), tuple(kept))


COLUMNS = (
    Column.of("name", "name", trimmed),
    Column.of("hardware_version", "hardware", parse_hardware_version),
    Column.of("product", "product", trimmed),
    Column.of("flags", "flags", read_flags),
    Column.of("guest_id", "guest_id", trimmed),
    Column.of("cpus", "cpus", cpus),
    Column.of("memory_mb", "memory_mb", mebibytes),
    Column.of("firmware", "firmware", firmware),
    Column.of("power_state", "power_state", power_state),
    Column.of("host", "host", trimmed),
    Column.of("cluster", "cluster", trimmed),
    Column.of("release", "release", trimmed),
)

DESCRIPTION = "plain CSV ('name', 'product' or 'hardware', 'flags')"


def matches(header: set[str]) -> bool:
    return "name" in header and ("product" in header or "hardware" in header or "release" in header)


def read(source: Source, name: str, head: Head, skipped: Skipped | None = None, mapping: dict[str, str] | None = None,
         notes: list[str] | None = None) -> Iterator[InventoryVM]:
    header = {cell.lower() for cell in head.header}
    if not mapping and "product" not in header and "hardware" not in header and "release" not in header:
        raise InventoryError(name, "a plain CSV needs a 'product', 'hardware' or 'release' column")
    stated = "flags" in header
    guest_id, guest_64bit = _INDEX["guest_id"], _INDEX["guest_64bit"]
    snapshots, template, vcpus = _INDEX["snapshots"], _INDEX["template"], _INDEX["cpus"]

    def finish(values: list[Any]) -> None:
        found = values[_FLAGS_AT]
        if isinstance(found, FlagSet):
            values[_FLAGS_AT] = found.kept
            for index, value in found.settings:
                values[index] = value
        if values[guest_64bit] is None and values[guest_id] is not None:
            values[guest_64bit] = guest_id_64bit(values[guest_id])
        if stated:
            for index in (guest_64bit, snapshots, template):
                if values[index] is None:
                    values[index] = False
            if values[vcpus] is None and "smp" not in values[_FLAGS_AT]:
                values[vcpus] = 1

    return read_csv_table(source, name, head, COLUMNS, skipped, finish, mapping, notes)
