"""The .vmx file format: a VM's configuration as an ordered, case-insensitive mapping.

VMware publishes no specification of the format (virt-v2v: "As far as I can tell the VMX format
is totally unspecified"). These rules come from the readers of it that do exist, as collected in
section B1 of the facts file (virt-v2v's parse_vmx.ml, libvirt's vmx.c and virconf.c, Packer):

- One ``key = "value"`` per line; keys are compared case-insensitively; a value cannot span
  lines. Keys are words of letters, digits and ``. : - _`` (and may start with a dot:
  ``.encoding``); vmgraph accepts any key without spaces, quotes or ``#``.
- ``#`` starts a comment: a whole line (``#!/usr/bin/vmware`` too), or after the closing quote.
- Values are quoted. A bare one-word value (``sata0:0.virtualSSD = 1``) is read as well: Packer
  writes some keys that way (``EncodeVMX``'s ``noQuotes`` list; virt-v2v notes it too).
- ``|XX`` is the byte with hex code XX: ``|22`` is ``"``, ``|7C`` is ``|``, ``|0A`` a line feed.
  A ``|`` not followed by two hex digits is kept as it is, as virt-v2v does.
- ``.encoding = "windows-1252"`` names the file's character set (libvirt transcodes to UTF-8;
  so does vmgraph); a file without it is read as UTF-8. A UTF-8 byte-order mark is skipped.
- Duplicate keys: the sources disagree. virt-v2v says "Multiple keys with the same name are not
  allowed" and keeps the first; Packer's reader keeps the last. The mapping gives the last; the
  typed readers (`VmxConfig.text`, `.integer`, `.boolean`) refuse a key whose copies disagree,
  naming both lines, because then nobody can say which value the VM runs with.
- ``X.present = "FALSE"`` switches off the namespace X and everything under it (virt-v2v); the
  typed readers treat keys in a switched-off namespace as absent. Booleans are TRUE or FALSE in
  any case (virt-v2v, libvirt).

A malformed line, a binary file, a file over `MAX_BYTES` or an unknown ``.encoding`` raises
`VmxError` naming the file and, where there is one, the line. Standard library only.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path
from typing import Iterator, Mapping, NamedTuple

from ..errors import InvalidArgumentType, VmxError
from ..files import NotRegularFile, open_regular

MAX_BYTES = 1 << 20  # 1 MiB: real .vmx and .vmsd files are a few KiB

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPES = re.compile(r"(?:\|[0-9A-Fa-f]{2})+")
_BARE_VALUE = re.compile(r'([^\s"#]+)\s*(?:#.*)?')
_ENCODING_LINE = re.compile(rb'^[ \t]*\.encoding[ \t]*=[ \t]*(?:"([^"\r\n]*)"|([^\s"#]+))', re.IGNORECASE | re.MULTILINE)
_KEY_FORBIDDEN = re.compile(r'[\s"#]')
_WHOLE_NUMBER = re.compile(r"[0-9]+")
# What a .vmdk starts with (virt-v2v rejects these early: users pass a disk for a .vmx).
_DISK_MAGIC = (b"VMDK", b"KDMV", b"# Disk DescriptorFile")
_BOOLEANS = {"true": True, "false": False}


class Entry(NamedTuple):
    """One ``key = "value"`` line: the key as spelled in the file, the unescaped value, the line."""

    key: str
    value: str
    line: int


class VmxConfig(Mapping[str, str]):
    """The keys of one file, in file order, looked up case-insensitively.

    As a mapping it holds every key, as written; a key given twice maps to its last value.
    The typed readers are the ones to use for meaning: they name file and line when a value is
    wrong, refuse disagreeing duplicates, and treat a switched-off namespace as absent.
    """

    def __init__(self, file: str, entries: list[Entry], encoding: str = "utf-8"):
        self.file = file
        self.encoding = encoding  # the codec the file was read with (Python's name for it)
        self._entries: dict[str, list[Entry]] = {}
        for entry in entries:
            self._entries.setdefault(entry.key.lower(), []).append(entry)

    # The mapping: every key, its last value.
    def __getitem__(self, key: str) -> str:
        return self._entries[key.lower()][-1].value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._entries

    def __iter__(self) -> Iterator[str]:
        return (found[0].key for found in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"VmxConfig({self.file!r}, {len(self)} keys)"

    def entries(self, key: str) -> tuple[Entry, ...]:
        """Every line that sets `key`, in file order (more than one for a duplicate)."""
        return tuple(self._entries.get(key.lower(), ()))

    def spelling(self, key: str) -> str:
        """`key` as the file spells it (``memSize`` for ``memsize``), or as given when absent."""
        found = self._entries.get(key.lower())
        return found[-1].key if found else key

    def line(self, key: str) -> int | None:
        found = self._entries.get(key.lower())
        return found[-1].line if found else None

    def conflicts(self) -> list[tuple[Entry, ...]]:
        """Keys set more than once with different values, in file order."""
        return [tuple(found) for found in self._entries.values() if len({e.value for e in found}) > 1]

    def enabled(self, key: str) -> bool:
        """False when `key` lies in a namespace switched off with ``NS.present = "FALSE"``."""
        parts = key.split(".")
        for depth in range(1, len(parts)):
            switch = ".".join(parts[:depth]) + ".present"
            if switch.lower() != key.lower() and self.boolean(switch) is False:
                return False
        return True

    def text(self, key: str, default: str | None = None) -> str | None:
        """The value of `key`, or `default` when it is absent or switched off."""
        found = self._entries.get(key.lower())
        if not found or not self.enabled(key):
            return default
        first = found[0]
        other = next((e for e in found[1:] if e.value != first.value), None)
        if other is not None:
            raise VmxError(
                self.file,
                other.line,
                f"{other.key} = {_show(other.value)} contradicts line {first.line} ({first.key} = {_show(first.value)}): "
                "a key may be set once (virt-v2v would read the first value, Packer the last)",
            )
        return found[-1].value

    def integer(self, key: str, default: int | None = None, minimum: int = 0) -> int | None:
        value = self.text(key)
        if value is None:
            return default
        if len(value) > 18:  # no count a .vmx holds is this long; Python reads 4,300 digits at most
            raise self.error(key, "expected a whole number (this one is too long to be one)")
        if not _WHOLE_NUMBER.fullmatch(value) or int(value) < minimum:
            raise self.error(key, "expected a whole number" + (f" of at least {minimum}" if minimum else ""))
        return int(value)

    def boolean(self, key: str, default: bool | None = None) -> bool | None:
        value = self.text(key)
        if value is None:
            return default
        if value.lower() not in _BOOLEANS:
            raise self.error(key, 'expected "TRUE" or "FALSE"')
        return _BOOLEANS[value.lower()]

    def error(self, key: str, expectation: str) -> VmxError:
        """A VmxError at the line that sets `key`: ``FILE:LINE: key = "value": expectation``."""
        entry = self._entries[key.lower()][-1]
        return VmxError(self.file, entry.line, f"{entry.key} = {_show(entry.value)}: {expectation}")


def read_vmx(path: str | Path, name: str | None = None) -> VmxConfig:
    """Read a .vmx (or .vmsd) file; `name` is how errors name it (default: the path)."""
    if not isinstance(path, (str, os.PathLike)):  # open() would take an integer for a file descriptor
        raise InvalidArgumentType("path", path, "a .vmx file's path (str or os.PathLike)")
    name = str(path) if name is None else name
    try:
        with open_regular(path) as handle:  # a FIFO would block for ever, a device never end
            data = handle.read(MAX_BYTES + 1)
    except NotRegularFile as error:
        if error.kind == "a folder":
            raise VmxError(name, None, "cannot read: Is a directory") from None
        raise VmxError(name, None, f"not a regular file ({error.kind}): vmgraph reads a .vmx from a file (or a folder holding one)") from None
    except OSError as error:
        raise VmxError(name, None, f"cannot read: {error.strerror or error}") from None
    except ValueError:  # a NUL in the path
        raise VmxError(name, None, "cannot read: a path holds no NUL character") from None
    if len(data) > MAX_BYTES:
        raise VmxError(name, None, f"larger than {MAX_BYTES >> 20} MiB: too big for a VM configuration file, not read")
    return parse_vmx(data, name)


def parse_vmx(source: str | bytes, name: str = "<vmx>") -> VmxConfig:
    """Parse the text (or the raw bytes, which are decoded by ``.encoding``) of a .vmx file."""
    if isinstance(source, (bytes, bytearray)):
        text, codec = decode_vmx(bytes(source), name)
    else:
        text = source.removeprefix("\ufeff")
        codec = _declared_codec(text)
    entries = []
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        entry = _parse_line(line, number, name, codec)
        if entry is not None:
            entries.append(entry)
    return VmxConfig(name, entries, codec)


def decode_vmx(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and the codec it was read with: ``.encoding``'s, else UTF-8."""
    if data.startswith(_DISK_MAGIC):
        raise VmxError(name, None, "a virtual disk (.vmdk), not a VM configuration file")
    if b"\0" in data:
        raise VmxError(name, None, "a binary file (it holds NUL bytes), not a VM configuration file")
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8):]
    label, codec = None, "utf-8"
    found = list(_ENCODING_LINE.finditer(data))
    if found:
        first = found[0]
        label = _label(first)
        first_line = _line_at(data, first.start())
        for other in found[1:]:
            other_label = _label(other)
            if other_label.lower() != label.lower():
                raise VmxError(name, _line_at(data, other.start()), f'.encoding = "{other_label}" contradicts line {first_line} (.encoding = "{label}")')
        codec = _codec(label, name, first_line)
    if bom and codec != "utf-8":
        raise VmxError(name, 1, f'the file starts with a UTF-8 byte-order mark but .encoding is "{label}"')
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as error:
        how = f'.encoding is "{label}"' if label else "the file names no .encoding, so it is read as UTF-8"
        raise VmxError(name, _line_at(data, error.start), f"byte 0x{data[error.start]:02X} is not {label or 'UTF-8'} text ({how})") from None
    except UnicodeError as error:  # a codec that is no character set for a file (idna: "label empty or too long")
        raise VmxError(name, None, f'not {label} text (.encoding is "{label}": {error})') from None


def _label(match: re.Match[bytes]) -> str:
    """The character set an ``.encoding`` line names (quoted, or a bare word)."""
    return (match.group(1) if match.group(1) is not None else match.group(2)).decode("ascii", "replace").strip()


def _codec(label: str, name: str, line: int) -> str:
    """Python's name for a text codec; VmxError for an unknown one or a non-text one (base64)."""
    try:
        codec = codecs.lookup(label).name
        b"a".decode(codec)  # LookupError for codecs that are not bytes-to-text (base64, rot13)
    except LookupError:
        raise VmxError(name, line, f'.encoding = "{label}": unknown character set') from None
    except UnicodeError:
        pass  # a text codec that cannot decode this one byte (UTF-16): fine
    return codec


def _declared_codec(text: str) -> str:
    """For text already decoded: the codec ``.encoding`` names (for ``|XX`` escapes), else UTF-8."""
    match = _ENCODING_LINE.search(text.encode("utf-8", "replace"))
    if match:
        try:
            return _codec(_label(match), "", 0)
        except VmxError:
            pass
    return "utf-8"


def _parse_line(line: str, number: int, name: str, codec: str) -> Entry | None:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    key, equals, rest = stripped.partition("=")
    key, rest = key.rstrip(), rest.lstrip()
    if not equals:
        raise VmxError(name, number, f'expected key = "value", found {_show(_clip(stripped))}')
    if not key:
        raise VmxError(name, number, 'no key before "="')
    if _KEY_FORBIDDEN.search(key):
        raise VmxError(name, number, f"{_show(key)} is not a key: keys have no spaces, quotes or '#'")
    if rest.startswith('"'):
        end = rest.find('"', 1)
        if end < 0:
            raise VmxError(name, number, f"{key}: the value has no closing quote (a value cannot span lines)")
        raw, tail = rest[1:end], rest[end + 1:].strip()
        if tail and not tail.startswith("#"):
            raise VmxError(name, number, f"{key}: unexpected text after the closing quote: {_show(_clip(tail))} (a quote inside a value is written |22)")
    else:
        if not rest or rest.startswith("#"):
            raise VmxError(name, number, f'{key}: no value (an empty value is written "")')
        bare = _BARE_VALUE.fullmatch(rest)
        if bare is None:
            raise VmxError(name, number, f"{key}: a value with spaces or quotes must be in double quotes: {_show(_clip(rest))}")
        raw = bare.group(1)
    return Entry(key, _unescape(raw, codec, name, number), number)


def _unescape(value: str, codec: str, name: str, number: int) -> str:
    """``|XX`` escapes to characters; a run of them is decoded together (``|C3|A9`` in UTF-8)."""
    if "|" not in value:
        return value

    def decode(match: re.Match[str]) -> str:
        try:
            return bytes.fromhex(match.group(0).replace("|", "")).decode(codec)
        except UnicodeDecodeError:
            raise VmxError(name, number, f"the escape {match.group(0)} is not {codec} text") from None

    return _ESCAPES.sub(decode, value)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _show(text: str) -> str:
    """A value as a quoted, printable string for messages."""
    return json.dumps(text, ensure_ascii=False)
