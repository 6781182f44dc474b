"""PowerCLI ``Get-VM | Export-Csv`` files: streamed row by row.

Columns are Get-VM's property names (facts C3): `Name`, `PowerState` (PoweredOn, PoweredOff,
Suspended), `NumCpu`, `MemoryMB` or `MemoryGB` (Get-VM has both; MemoryMB is read when
present), `VMHost`, `GuestId` (the API's id, ``windows9_64Guest``), and the hardware version:
`HardwareVersion` (``vmx-08`` style), else the deprecated `Version` (``v8``; ``Unknown`` or 0
for hardware version 10 and newer in old PowerCLI: read as "not said", vCheck-vSphere issues
65/215/429). `Cluster` and `Firmware` are read when a ``Select-Object`` added them. Get-VM
says nothing of templates or snapshots: those stay None.
"""

from __future__ import annotations

from typing import Iterator

from .csv_table import read_csv_table
from .record import InventoryVM, Skipped
from .source import Head
from .stream import Source
from .table import Column
from .values import (
    cpus,
    firmware,
    gibibytes_as_mebibytes,
    guest_id_64bit,
    mebibytes,
    parse_hardware_version,
    power_state,
    powercli_version,
    trimmed,
)

MARKERS = ("HardwareVersion", "Version", "NumCpu", "MemoryMB", "MemoryGB", "PowerState", "VMHost", "GuestId")

COLUMNS = (
    Column.of("name", "Name", trimmed),
    Column.of("hardware_version", "HardwareVersion", parse_hardware_version, ("Version", powercli_version)),
    Column.of("guest_id", "GuestId", trimmed),
    Column.of("guest_64bit", "GuestId", guest_id_64bit),
    Column.of("cpus", "NumCpu", cpus),
    Column.of("memory_mb", "MemoryMB", mebibytes, ("MemoryGB", gibibytes_as_mebibytes)),
    Column.of("firmware", "Firmware", firmware),
    Column.of("power_state", "PowerState", power_state),
    Column.of("host", "VMHost", trimmed),
    Column.of("cluster", "Cluster", trimmed),
)

# Get-VM's columns that look like a field but are not read: `Guest` is "name:full name" of
# the guest as PowerCLI prints its VMGuest object (GuestId says the guest).
IGNORED = ("Guest",)

DESCRIPTION = "PowerCLI Get-VM | Export-Csv ('Name', 'HardwareVersion' or 'Version', 'NumCpu', 'MemoryMB')"


def matches(header: set[str]) -> bool:
    return "name" in header and any(marker.lower() in header for marker in MARKERS)


def read(source: Source, name: str, head: Head, skipped: Skipped | None = None, mapping: dict[str, str] | None = None,
         notes: list[str] | None = None) -> Iterator[InventoryVM]:
    return read_csv_table(source, name, head, COLUMNS, skipped, mapping=mapping, notes=notes, ignored=IGNORED)
