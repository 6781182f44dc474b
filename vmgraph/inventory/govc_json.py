"""``govc vm.info -json`` output: ``{"virtualMachines": [<VirtualMachine>, ...]}``, one VM at a time.

The document is one JSON value, but it is not loaded whole: a small reader (standard library
`json.JSONDecoder.raw_decode` on a sliding buffer) walks the outer object and decodes one VM
object at a time, so memory holds one VM (and a read-ahead of 1 MiB), not the fleet. A VM
object larger than `MAX_VM_BYTES` is refused. A bare list of VM objects (``jq
.virtualMachines``) is read too.

Fields (facts C2; govmomi's vim25 types, GOVMOMI-TYPES): the hardware version
``config.version`` (``vmx-19``; else ``summary.config.hwVersion``), ``name`` (else
``summary.config.name``), ``summary.config.guestId`` and ``guestFullName``,
``summary.config.numCpu`` and ``memorySizeMB`` (else ``config.hardware.numCPU`` and
``memoryMB``), ``summary.config.template``, ``config.firmware``, ``runtime.powerState``,
``runtime.host`` (a managed-object reference: its id, ``host-21``, is kept as the host, as
govc does not give the name), ``snapshot`` (``rootSnapshotList``). With ``-json`` govc fetches
every property (facts C2: "props = nil // Load everything") and leaves empty ones out, so a VM
without ``snapshot`` has none. govc before 0.32 wrote the same keys capitalised
(``VirtualMachines``, ``Config.Version``; govmomi issue 3288: "As per v32 changelog, json types
were converted to camelCase"): keys are matched ignoring case. There is no cluster.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from ..errors import InventoryError
from .record import InventoryVM, Skipped
from .source import Head
from .values import BadValue, firmware, guest_id_64bit, guest_name_64bit, parse_hardware_version, power_state, quoted

CHUNK = 1 << 20
MAX_VM_BYTES = 64 << 20  # one VM's JSON; govc's are tens of KiB
_SPACE = re.compile(r"[ \t\n\r]*")
LIST_KEY = "virtualMachines"

DESCRIPTION = "govc vm.info -json ({\"virtualMachines\": [...]})"


def read(path: str | Path, name: str, head: Head, skipped: Skipped | None = None) -> Iterator[InventoryVM]:
    return _stream(path, name, head, skipped)


def _stream(path: str | Path, name: str, head: Head, skipped: Skipped | None) -> Iterator[InventoryVM]:
    with open(path, encoding=head.encoding) as handle:
        stream = _JsonStream(handle, name)
        for label, index, item in stream.vms():
            try:
                yield _record(item, index, label, name)
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
}


def _record(item: Any, index: int, label: str, name: str) -> InventoryVM:
    where = f"{label}[{index}]"
    if not isinstance(item, dict):
        raise InventoryError(name, f"a JSON {type(item).__name__ if item is not None else 'null'}, not a VM object", index, where=where)
    found: dict[str, Any] = {}
    for field, paths in PATHS.items():
        for path in paths:
            value = _get(item, path)
            if value is not None:
                try:
                    found[field] = _READ[field](value)
                except BadValue as problem:
                    column = ".".join(path)
                    raise InventoryError(name, str(problem), index, column, where=f"{where}, field '{column}'") from None
                break
    if not found.get("name"):
        raise InventoryError(name, "no VM name", index, "name", where=f"{where}, field 'name'")
    guest_64bit = None
    if found.get("guest_id"):
        guest_64bit = guest_id_64bit(found["guest_id"])
    elif found.get("guest_name"):
        guest_64bit = guest_name_64bit(found["guest_name"])
    return InventoryVM(
        source=name,
        row=index,
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
    )


def _get(item: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(item, dict):
            return None
        if key in item:
            item = item[key]
            continue
        lowered = key.lower()
        for other, value in item.items():
            if other.lower() == lowered:
                item = value
                break
        else:
            return None
    return item


def _has_snapshots(item: dict[str, Any]) -> bool:
    info = _get(item, ("snapshot",))
    if isinstance(info, dict) and _get(info, ("rootSnapshotList",)):
        return True
    return bool(_get(item, ("rootSnapshot",)))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue(f"{quoted(json.dumps(value))} is not text")
    return value.strip()


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadValue(f"{quoted(json.dumps(value))} is not a whole number")
    return value


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
        value = _get(value, ("value",))
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
}


class _JsonStream:
    """The outer structure of a JSON document, walked without decoding the VMs in one go."""

    def __init__(self, handle: Any, name: str):
        self.handle, self.name = handle, name
        self.buffer, self.pos, self.eof = "", 0, False
        self.dropped_lines = 0  # line breaks in text already dropped from the buffer
        self.decoder = json.JSONDecoder()

    def vms(self) -> Iterator[tuple[str, int, Any]]:
        """(label, index, decoded VM) for each VM in the list."""
        first = self.peek()
        if first == "[":
            yield from self._array("")
        else:
            yield from self._object()
        if self.peek():
            raise self.error("text after the end of the JSON document", self.pos)

    def _object(self) -> Iterator[tuple[str, int, Any]]:
        self.pos += 1  # {
        found = False
        while True:
            char = self.peek()
            if char == "}":
                self.pos += 1
                break
            key = self._value("the top-level object")
            if not isinstance(key, str):
                raise self.error("expected a key in the top-level object", self.pos)
            if self.peek() != ":":
                raise self.error(f"expected ':' after the key {json.dumps(key)}", self.pos)
            self.pos += 1
            if key.lower() == LIST_KEY.lower():
                found = True
                char = self.peek()
                if char == "[":
                    yield from self._array(key)
                elif self._value(key) is not None:  # null: no VMs
                    raise InventoryError(self.name, f"'{key}' is not a list of VMs")
            else:
                self._value(key)  # another key: read past it
            char = self.peek()
            if char == ",":
                self.pos += 1
            elif char != "}":
                raise self.error("expected ',' or '}' in the top-level object", self.pos)
        if not found:
            raise InventoryError(self.name, f"a JSON object without '{LIST_KEY}': vmgraph reads govc vm.info -json output")

    def _array(self, key: str) -> Iterator[tuple[str, int, Any]]:
        self.pos += 1  # [
        if self.peek() == "]":
            self.pos += 1
            return
        index = 0
        while True:
            self.peek()
            yield key, index, self._value(f"{key}[{index}]")
            char = self.peek()
            if char == ",":
                self.pos += 1
                index += 1
            elif char == "]":
                self.pos += 1
                return
            else:
                raise self.error(f"expected ',' or ']' after {key}[{index}]", self.pos)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end); moves up to it."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def _value(self, where: str) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if len(self.buffer) - self.pos > MAX_VM_BYTES:
                    raise InventoryError(self.name, f"{where} is larger than {MAX_VM_BYTES >> 20} MiB of JSON: not read") from None
                offset = error.pos - self.pos  # _fill moves the buffer
                if self._fill():
                    continue  # perhaps only cut short by the buffer's end
                raise self.error(f"{where}: not valid JSON ({error.msg})", self.pos + offset) from None
            if end == len(self.buffer) and self._fill():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value

    def _fill(self) -> bool:
        """Read more text, dropping what has been read; False at the end of the file."""
        if self.eof:
            return False
        if self.pos:
            self.dropped_lines += self.buffer.count("\n", 0, self.pos)
            self.buffer, self.pos = self.buffer[self.pos:], 0
        more = self.handle.read(max(CHUNK, len(self.buffer)))
        if not more:
            self.eof = True
            return False
        self.buffer += more
        return True

    def error(self, message: str, pos: int) -> InventoryError:
        line = self.dropped_lines + self.buffer.count("\n", 0, pos) + 1
        return InventoryError(self.name, f"line {line}: {message}")
