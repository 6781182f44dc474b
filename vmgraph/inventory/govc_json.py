"""``govc vm.info -json`` output: ``{"virtualMachines": [<VirtualMachine>, ...]}``, one VM at a time.

The document is one JSON value, but it is not loaded whole: json_stream.py decodes one VM
object at a time, so memory holds one VM (and a read-ahead of 1 MiB), not the fleet. A bare
list of VM objects (``jq .virtualMachines``) is read too. A VM's row is its place in the list,
from 1.

Fields (facts C2; govmomi's vim25 types, GOVMOMI-TYPES): the hardware version
``config.version`` (``vmx-19``; else ``summary.config.hwVersion``), ``name`` (else
``summary.config.name``), ``summary.config.guestId`` and ``guestFullName``,
``summary.config.numCpu`` and ``memorySizeMB`` (else ``config.hardware.numCPU`` and
``memoryMB``), ``summary.config.template``, ``config.firmware``, ``runtime.powerState``,
``runtime.host`` (a managed-object reference: its id, ``host-21``, is kept as the host, as
govc does not give the name; a hosts file from ``govc host.info -json`` names its release),
``snapshot`` (``rootSnapshotList``), and Secure Boot: ``config.bootOptions.efiSecureBootEnabled``
(vim25's VirtualMachineBootOptions, a pointer left out when the server does not say: then
Secure Boot is not said). With ``-json`` govc fetches
every property (facts C2: "props = nil // Load everything") and leaves empty ones out, so a VM
without ``snapshot`` has none. govc before 0.32 wrote the same keys capitalised
(``VirtualMachines``, ``Config.Version``; govmomi issue 3288: "As per v32 changelog, json types
were converted to camelCase"): keys are matched ignoring case. There is no cluster.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..errors import InventoryError
from .json_stream import JsonStream, get_path
from .record import InventoryVM, Skipped
from .source import Head
from .stream import Source
from .devices import controller_models, nic_models
from .values import BadValue, bounded, firmware, guest_id_64bit, guest_name_64bit, parse_hardware_version, power_state, quoted

LIST_KEY = "virtualMachines"

DESCRIPTION = "govc vm.info -json ({\"virtualMachines\": [...]})"


def read(source: Source, name: str, head: Head, skipped: Skipped | None = None, mapping: dict[str, str] | None = None,
         notes: list[str] | None = None) -> Iterator[InventoryVM]:
    """The VMs; `mapping` (--columns) gives a field's dotted path (``hardware=config.version``)
    in place of the ones below."""
    paths = dict(PATHS)
    for field, dotted in (mapping or {}).items():
        if field not in MAPPED:
            raise InventoryError("--columns", f"'{field}' is not read from govc JSON (it reads {', '.join(MAPPED)})")
        paths[MAPPED[field]] = (tuple(dotted.split(".")),)
    return _stream(source, name, head, skipped, paths)


def _stream(source: Source, name: str, head: Head, skipped: Skipped | None, paths: dict) -> Iterator[InventoryVM]:
    with source.text(head.encoding or "utf-8-sig") as handle:
        stream = JsonStream(handle, name, LIST_KEY, "VMs", "govc vm.info -json", source.blank_lines)
        for label, index, item in stream.items():
            try:
                yield _record(item, index, label, name, paths)
            except InventoryError as error:
                if skipped is None:
                    raise
                skipped.add(error)


# Where each field is, in order of preference (paths of keys, matched ignoring case).
PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "name": (("name",), ("summary", "config", "name"), ("config", "name")),
    "hardware_version": (("config", "version"), ("summary", "config", "hwVersion")),
    "guest_id": (("summary", "config", "guestId"), ("config", "guestId")),
    "guest_name": (("summary", "config", "guestFullName"), ("config", "guestFullName")),
    "cpus": (("summary", "config", "numCpu"), ("config", "hardware", "numCPU")),
    "memory_mb": (("summary", "config", "memorySizeMB"), ("config", "hardware", "memoryMB")),
    "firmware": (("config", "firmware"),),
    "power_state": (("runtime", "powerState"), ("summary", "runtime", "powerState")),
    "template": (("summary", "config", "template"), ("config", "template")),
    "host": (("runtime", "host"), ("summary", "runtime", "host")),
    "secure_boot": (("config", "bootOptions", "efiSecureBootEnabled"),),
}
# --columns' fields -> the fields above.
MAPPED = {"name": "name", "hardware": "hardware_version", "guest_id": "guest_id", "guest": "guest_name", "cpus": "cpus",
          "memory_mb": "memory_mb", "firmware": "firmware", "power_state": "power_state", "template": "template",
          "host": "host", "secure_boot": "secure_boot"}


def item_place(label: str, index: int) -> tuple[int, str]:
    """A list item's row (its place in the list, from 1) and the words for where it is:
    "row 4 (virtualMachines[3])", so that jq's index (from 0) is there too."""
    return index + 1, f"row {index + 1} ({label}[{index}])"


def _record(item: Any, index: int, label: str, name: str, paths: dict = PATHS) -> InventoryVM:
    row, where = item_place(label, index)
    if not isinstance(item, dict):
        raise InventoryError(name, f"a JSON {type(item).__name__ if item is not None else 'null'}, not a VM object", row, where=where)
    found: dict[str, Any] = {}
    for field, choices in paths.items():
        for path in choices:
            value = get_path(item, path)
            if value is not None:
                try:
                    found[field] = _READ[field](value)
                except BadValue as problem:
                    column = ".".join(path)
                    raise InventoryError(name, str(problem), row, column, where=f"{where}, field '{column}'") from None
                break
    if not found.get("name"):
        raise InventoryError(name, "no VM name", row, "name", where=f"{where}, field 'name'")
    guest_64bit = None
    if found.get("guest_id"):
        guest_64bit = guest_id_64bit(found["guest_id"])
    elif found.get("guest_name"):
        guest_64bit = guest_name_64bit(found["guest_name"])
    return InventoryVM(
        source=name,
        row=row,
        name=found["name"],
        hardware_version=found.get("hardware_version"),
        product=None,
        guest_id=found.get("guest_id"),
        guest_64bit=guest_64bit,
        cpus=found.get("cpus"),
        memory_mb=found.get("memory_mb"),
        firmware=found.get("firmware"),
        power_state=found.get("power_state"),
        template=found.get("template"),
        snapshots=_has_snapshots(item),
        host=found.get("host"),
        cluster=None,
        guest_name=found.get("guest_name"),
        secure_boot=found.get("secure_boot"),
        nic_models=nic_models(types) if (types := _device_types(item)) is not None else (),
        controllers=controller_models(types) if types is not None else (),
    )


def _device_types(item: dict[str, Any]) -> list[str] | None:
    """The vSphere type of each of the VM's devices, as govc writes it (``_typeName``, govmomi's
    JSON); None when the output lists no devices or names no types (older govc)."""
    devices = get_path(item, ("config", "hardware", "device"))
    if not isinstance(devices, list):
        return None
    types = [device.get("_typeName") for device in devices if isinstance(device, dict)]
    named = [name for name in types if isinstance(name, str)]
    return named or None


def _has_snapshots(item: dict[str, Any]) -> bool:
    info = get_path(item, ("snapshot",))
    if isinstance(info, dict) and get_path(info, ("rootSnapshotList",)):
        return True
    return bool(get_path(item, ("rootSnapshot",)))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue(f"{quoted(json.dumps(value))} is not text")
    return value.strip()


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadValue(f"{quoted(json.dumps(value))} is not a whole number")
    return bounded(value, json.dumps(value))


def _cpus(value: Any) -> int:
    if _count(value) < 1:
        raise BadValue(f"{quoted(json.dumps(value))}: a VM has at least one vCPU")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"{quoted(json.dumps(value))} is not true or false")
    return value


def _host(value: Any) -> str:
    """``{"type": "HostSystem", "value": "host-21"}`` -> "host-21"."""
    if isinstance(value, dict):
        value = get_path(value, ("value",))
    return _text(value)


_READ = {
    "name": _text,
    "hardware_version": lambda value: parse_hardware_version(_text(value) if not isinstance(value, int) else value),
    "guest_id": _text,
    "guest_name": _text,
    "cpus": _cpus,
    "memory_mb": _count,
    "firmware": lambda value: firmware(_text(value)),
    "power_state": lambda value: power_state(_text(value)),
    "template": _flag,
    "host": _host,
    "secure_boot": _flag,
}
