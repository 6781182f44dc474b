"""`vmgraph inspect`: a VM's facts and what they mean for a move, as text or JSON.

The JSON (schema 1) is documented in docs/inspect.md.
"""

from __future__ import annotations

import json
from typing import Any

from ..vm.facts import VmFacts
from .escape import terminal
from ..vm.implications import Assessment

SCHEMA = 1
# The facts in the order they are shown; `sources` in the JSON follows it too.
FACTS = ("name", "hardware_version", "guest_os", "vcpus", "memory_mb", "firmware", "three_d", "controllers", "disks", "nics", "snapshots", "suspended")


def inspect_json(vm: VmFacts, assessment: Assessment) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "file": vm.file,
        "vm": {
            "name": vm.name,
            "hardware_version": vm.hardware_version,
            "hardware_name": vm.hardware_name,
            "guest_os": vm.guest_os,
            "guest_64bit": vm.guest_64bit,
            "guest_arm": vm.guest_arm,
            "vcpus": vm.vcpus,
            "smp": vm.smp,
            "memory_mb": vm.memory_mb,
            "firmware": vm.firmware,
            "three_d": vm.three_d,
            "controllers": [{"slot": c.slot, "model": c.model} for c in vm.controllers],
            "disks": [
                {"slot": d.slot, "file": d.file, "mode": d.mode, "mode_stated": d.mode_stated, "device_type": d.device_type, "delta": d.delta}
                for d in vm.disks
            ],
            "nics": [{"slot": n.slot, "model": n.model} for n in vm.nics],
            "snapshots": vm.snapshots,
            "snapshot_names": list(vm.snapshot_names),
            "snapshot_files": list(vm.snapshot_files),
            "has_snapshots": vm.has_snapshots,
            "suspended": vm.suspended,
        },
        "sources": {fact: list(vm.sources.get(fact, ())) for fact in FACTS},
        "defaults": list(vm.defaults),
        "implications": [
            {"about": i.about, "text": i.text, "source": i.source, "inferred": i.inferred, "min_hardware": i.min_hardware}
            for i in assessment.implications
        ],
        "notes": list(vm.notes) + list(assessment.notes),
        "references": {key: {"title": s.title, "url": s.url} for key, s in assessment.sources().items()},
    }


def to_json(vm: VmFacts, assessment: Assessment) -> str:
    return json.dumps(inspect_json(vm, assessment), indent=2, ensure_ascii=False) + "\n"


def to_text(vm: VmFacts, assessment: Assessment) -> str:
    lines = [f"VM: {_printable(vm.name) if vm.name is not None else '(no displayName)'}", f"File: {vm.file}", ""]
    rows = _rows(vm)
    width = min(max(len(value) for _, value, _ in rows), 48)
    for label, value, source in rows:
        lines.append(f"  {label:<17} {value:<{width}}  {source}".rstrip())
    lines += ["", "What it means for a move:"]
    for item in assessment.implications:
        lines.append(f"  - {item.text} [{item.source}]")
        if item.inferred:
            lines.append(f"    (inferred: {item.inferred})")
    if not assessment.implications:
        lines.append("  (nothing the sources single out)")
    notes = list(vm.notes) + list(assessment.notes)
    if notes:
        lines += ["", "Notes:"] + [f"  - {_printable(note)}" for note in notes]
    sources = assessment.sources()
    if sources:
        lines += ["", "Sources:"]
        lines += [f"  [{key}] {s.title}" + (f", {s.url}" if s.url else "") for key, s in sources.items()]
    return "\n".join(lines) + "\n"


def _rows(vm: VmFacts) -> list[tuple[str, str, str]]:
    """(label, value, where it came from) for the facts table."""

    def origin(fact: str) -> str:
        if fact in vm.defaults:
            return "(not stated: default)"
        return ", ".join(vm.sources.get(fact, ()))

    guest = "not stated"
    if vm.guest_os is not None:
        guest = f"{_printable(vm.guest_os)} ({'64-bit' if vm.guest_64bit else '32-bit'}{', Arm' if vm.guest_arm else ''})"
    rows = [
        ("hardware version", f"{vm.hardware_name} ({vm.hardware_version})" if vm.hardware_version is not None else "not stated", origin("hardware_version")),
        ("guest OS", guest, origin("guest_os")),
        ("vCPUs", f"{vm.vcpus} (SMP)" if vm.smp else str(vm.vcpus), origin("vcpus")),
        ("memory", f"{vm.memory_mb} MB", origin("memory_mb")),
        ("firmware", vm.firmware, origin("firmware")),
        ("3-D", "on" if vm.three_d else "off", origin("three_d")),
    ]
    rows += _list_rows("controllers", [f"{c.slot} {c.model}" if c.model else c.slot for c in vm.controllers], [f"{c.slot}.*" for c in vm.controllers])
    rows += _list_rows(
        "disks",
        [f"{d.slot} {_printable(d.file or '')} ({d.mode}{'' if d.mode_stated else ', default'}{', delta' if d.delta else ''})" for d in vm.disks],
        [f"{d.slot}.*" for d in vm.disks],
    )
    rows += _list_rows("NICs", [f"{n.slot} {n.model or '(model not stated)'}" for n in vm.nics], [f"{n.slot}.*" for n in vm.nics])
    rows.append(("snapshots", _snapshots(vm), origin("snapshots")))
    rows.append(("suspended", "yes" if vm.suspended else "no", origin("suspended")))
    return rows


def _list_rows(label: str, values: list[str], origins: list[str]) -> list[tuple[str, str, str]]:
    if not values:
        return [(label, "none", "")]
    return [(label if n == 0 else "", value, where) for n, (value, where) in enumerate(zip(values, origins))]


def _snapshots(vm: VmFacts) -> str:
    if vm.snapshots:
        names = ", ".join(json.dumps(_printable(n), ensure_ascii=False) for n in vm.snapshot_names if n)
        return f"{vm.snapshots}" + (f": {names}" if names else "")
    if vm.has_snapshots:
        return "the .vmsd lists none, but the files show one" if vm.snapshots == 0 else "no .vmsd, but the files show one"
    return "none" if vm.snapshots == 0 else "none (no .vmsd)"


def _printable(text: str) -> str:
    """Control characters (a |0A in a name) shown as escapes, so one fact stays on one line."""
    return terminal(text)
