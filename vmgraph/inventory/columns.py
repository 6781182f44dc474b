"""Columns by the user's word, and columns that look like a fact but were not read.

    parse_columns("name=VMName,hardware=HWVersion,cpus=NumCPU") -> {"name": "VMName", ...}
    mapped(format_columns, mapping) -> the format's columns, the mapped ones first
    unread_lookalikes(header, layout, expected) -> notes naming columns that look like a fact

Reports are rarely a bare export: a PowerCLI script names its columns as it likes (`VMName`,
`NumCPU`, `HWVersion`). ``--columns FIELD=HEADER,...`` says which column holds which of
vmgraph's fields, for any table (CSV, a workbook's sheet); for govc JSON the header is a dotted
path (``hardware=config.version``). A column whose name looks like one of the fields but that
no field was read from is named in the notes, so that nothing is dropped silently: a report
whose hardware column was not read would otherwise plan its VMs as if they had none.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from ..errors import InventoryError
from .table import Column, Layout
from .values import (
    boolean,
    cpus,
    firmware,
    gibibytes_as_mebibytes,
    guest_id_64bit,
    guest_name_64bit,
    mebibytes,
    power_state,
    powercli_version,
    quoted,
    snapshot_count,
    trimmed,
)

# vmgraph's fields as --columns names them -> the record fields they fill, each with its reader.
FIELDS: dict[str, tuple[tuple[str, object], ...]] = {
    "name": (("name", trimmed),),
    "hardware": (("hardware_version", powercli_version),),  # vmx-19, 19, v8; "Unknown" or 0: not said
    "product": (("product", trimmed),),
    "release": (("release", trimmed),),
    "cpus": (("cpus", cpus),),
    "memory_mb": (("memory_mb", mebibytes),),
    "memory_gb": (("memory_mb", gibibytes_as_mebibytes),),
    "guest": (("guest_name", trimmed), ("guest_64bit", guest_name_64bit)),
    "guest_id": (("guest_id", trimmed), ("guest_64bit", guest_id_64bit)),
    "host": (("host", trimmed),),
    "cluster": (("cluster", trimmed),),
    "power_state": (("power_state", power_state),),
    "firmware": (("firmware", firmware),),
    "secure_boot": (("secure_boot", boolean),),
    "template": (("template", boolean),),
    "snapshots": (("snapshots", snapshot_count),),
}
# What each field is, in the notes' words.
WORDS = {
    "name": "the VM's name", "hardware": "the hardware version", "product": "the product", "release": "the host's release",
    "cpus": "the vCPUs", "memory_mb": "the memory", "memory_gb": "the memory", "guest": "the guest OS", "guest_id": "the guest OS",
    "host": "the host", "cluster": "the cluster", "power_state": "the power state", "firmware": "the firmware",
    "secure_boot": "Secure Boot", "template": "whether it is a template", "snapshots": "its snapshots",
}
# Column names (lower case, letters and digits only) that look like each field, from the exports
# and reports vmgraph has seen: RVTools' tabs (KYLOW's header lists), PowerCLI's properties,
# report scripts' own names (VMName, HWVersion, NumCPU).
LOOKALIKES: dict[str, frozenset[str]] = {
    "name": frozenset({"vm", "name", "vmname", "virtualmachine", "displayname", "vmdisplayname", "machinename"}),
    "hardware": frozenset({"hwversion", "hardwareversion", "vmversion", "version", "vmxversion", "virtualhardwareversion",
                           "hwver", "vhw", "virtualhardware", "vmhardwareversion", "compatibility", "hwcompatibility"}),
    "cpus": frozenset({"cpus", "cpu", "numcpu", "numcpus", "vcpu", "vcpus", "numvcpus", "cpucount", "vcpucount", "processors"}),
    "memory_mb": frozenset({"memory", "memorymb", "memorymib", "memmb", "ram", "rammb", "memorysize", "memorysizemb", "mem"}),
    "memory_gb": frozenset({"memorygb", "memorygib", "memgb", "ramgb", "memorysizegb"}),
    "guest": frozenset({"guest", "guestos", "guestfullname", "os", "operatingsystem", "guestosfullname",
                        "osaccordingtotheconfigurationfile", "osaccordingtothevmwaretools", "vmguest"}),
    "guest_id": frozenset({"guestid", "guestosid", "osid"}),
    "host": frozenset({"host", "vmhost", "esxhost", "esxihost", "hostname", "hypervisor", "runtimehost"}),
    "cluster": frozenset({"cluster", "clustername", "vmcluster"}),
    "power_state": frozenset({"powerstate", "power", "state", "vmstate", "runstate"}),
    "firmware": frozenset({"firmware", "bootfirmware", "firmwaretype", "boottype"}),
    "secure_boot": frozenset({"secureboot", "efisecureboot", "securebootenabled", "efisecurebootenabled"}),
    "template": frozenset({"template", "istemplate"}),
    "snapshots": frozenset({"snapshot", "snapshots", "snapshotcount", "numsnapshots", "hassnapshot", "hassnapshots"}),
    "release": frozenset({"esxversion", "esxiversion", "hostversion", "release", "hostrelease", "hostbuild"}),
}
_SPLIT = re.compile(r"\s*,\s*")
_KEY = re.compile(r"[^a-z0-9]+")


def key(header: str) -> str:
    """A column name as lookalikes are matched: lower case, letters and digits only."""
    return _KEY.sub("", header.lower())


def parse_columns(text: str) -> dict[str, str]:
    """``name=VMName,hardware=HWVersion`` -> {"name": "VMName", "hardware": "HWVersion"};
    InventoryError (file '--columns') for a field vmgraph does not know or a malformed pair."""
    found: dict[str, str] = {}
    for pair in _SPLIT.split(text.strip()):
        if not pair:
            continue
        field, sign, header = pair.partition("=")
        field, header = field.strip().lower().replace("-", "_"), header.strip()
        if not sign or not header:
            raise InventoryError("--columns", f"{quoted(pair)} is not FIELD=COLUMN (e.g. hardware=HWVersion)")
        if field not in FIELDS:
            raise InventoryError("--columns", f"{quoted(field)} is not a field vmgraph reads ({', '.join(FIELDS)})")
        if field in found:
            raise InventoryError("--columns", f"{quoted(field)} is given twice")
        found[field] = header
    if not found:
        raise InventoryError("--columns", "no FIELD=COLUMN pair (e.g. name=VMName,hardware=HWVersion)")
    return found


def mapped(columns: Iterable[Column], mapping: Mapping[str, str], header: Iterable[str], file: str) -> tuple[Column, ...]:
    """A format's columns with the mapping's in place of those for the same record fields. A
    mapped column the file lacks is an InventoryError naming what it has."""
    have = {cell.strip().lower() for cell in header}
    for field, wanted in mapping.items():
        if wanted.strip().lower() not in have:
            shown = ", ".join(repr(cell) for cell in list(header)[:12])
            raise InventoryError(file, f"--columns {field}={wanted}: the file has no column {quoted(wanted)} (it has {shown or 'none'})")
    ours = [Column.of(record, wanted, read) for field, wanted in mapping.items() for record, read in FIELDS[field]]
    taken = {column.field for column in ours}
    return tuple(ours) + tuple(column for column in columns if column.field not in taken)


def layout_for(columns: Iterable[Column], header: Iterable[str], file: str, mapping: Mapping[str, str] | None = None,
               notes: list[str] | None = None, ignored: Iterable[str] = ()) -> Layout:
    """A format's columns (with the mapping's first) resolved against a header; the columns that
    look like a field but are not read are added to `notes`. `ignored` are columns the format
    knows and leaves on purpose."""
    header = tuple(header)
    columns = tuple(columns)
    expected = [wanted for column in columns for wanted, _ in column.choices] + list(ignored)
    if mapping:
        columns = mapped(columns, mapping, header, file)
    layout = Layout(columns, header, file)
    if notes is not None:
        notes.extend(unread_lookalikes(header, layout, expected if not mapping else list(ignored)))
        notes.extend(f"Column {quoted(cell)} is named twice (columns {first:,} and {second:,}); vmgraph reads neither." for cell, first, second in layout.twice)
    return layout


def unread_lookalikes(header: Iterable[str], layout: Layout, expected: Iterable[str] = ()) -> list[str]:
    """Notes for the columns that look like a field (LOOKALIKES) but that no field was read
    from; `expected` are columns a format knows and leaves on purpose (its alternatives)."""
    read = layout.headers()  # record field -> header
    used = {cell.lower() for cell in read.values()}
    known = {cell.lower() for cell in expected}
    notes = []
    for cell in header:
        cell = cell.strip()
        if not cell or cell.lower() in used or cell.lower() in known:
            continue
        field = next((f for f, names in LOOKALIKES.items() if key(cell) in names), None)
        if field is None:
            continue
        records = [record for record, _ in FIELDS[field]]
        instead = next((read[record] for record in records if record in read), None)
        if instead is not None:
            notes.append(f"Column {quoted(cell)} looks like {WORDS[field]}, but vmgraph read {quoted(instead)} for it "
                         f"(to read this one instead: --columns {field}={cell}).")
        else:
            notes.append(f"Column {quoted(cell)} looks like {WORDS[field]}, but vmgraph did not read it: "
                         f"to read it, say --columns {field}={cell}.")
    return notes
