"""A JSON document walked one list item at a time: govc's output, however large.

The document is one JSON value, but it is not loaded whole: `JsonStream` (standard library
`json.JSONDecoder.raw_decode` on a sliding buffer) walks the outer object and decodes one item
of its list at a time, so memory holds one item (and a read-ahead of 1 MiB), not the list. An
item larger than `MAX_ITEM_BYTES` is refused. A bare list (``jq .virtualMachines``) is read too.
Keys are matched ignoring case: govc before 0.32 wrote them capitalised (``VirtualMachines``;
govmomi issue 3288: "As per v32 changelog, json types were converted to camelCase").
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Iterator

from ..errors import InventoryError

CHUNK = 1 << 20
MAX_ITEM_BYTES = 64 << 20  # one VM's or host's JSON; govc's are tens of KiB
_SPACE = re.compile(r"[ \t\n\r]*")
_MAX_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300


def get_path(item: Any, path: tuple[str, ...]) -> Any:
    """The value at `path` (keys matched ignoring case), None when a key is missing."""
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


class JsonStream:
    """The outer structure of a JSON document, walked without decoding its list in one go:
    `items()` gives (key, index from 0, decoded item) for each item of the list under
    `list_key`; `noun` names the items and `command` what writes them, for errors."""

    def __init__(self, handle: Any, name: str, list_key: str, noun: str, command: str, blank_lines: int = 0):
        self.handle, self.name, self.list_key, self.noun, self.command = handle, name, list_key, noun, command
        self.buffer, self.pos, self.eof = "", 0, False
        self.dropped_lines = blank_lines  # line breaks in text already dropped from the buffer (or passed over before it)
        self.decoder = json.JSONDecoder()

    def items(self) -> Iterator[tuple[str, int, Any]]:
        """(label, index, decoded item) for each item in the list."""
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
            if key.lower() == self.list_key.lower():
                found = True
                char = self.peek()
                if char == "[":
                    yield from self._array(key)
                elif self._value(key) is not None:  # null: no VMs
                    raise InventoryError(self.name, f"'{key}' is not a list of {self.noun}")
            else:
                self._value(key)  # another key: read past it
            char = self.peek()
            if char == ",":
                self.pos += 1
            elif char != "}":
                raise self.error("expected ',' or '}' in the top-level object", self.pos)
        if not found:
            raise InventoryError(self.name, f"a JSON object without '{self.list_key}': vmgraph reads {self.command} output")

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
            except RecursionError:
                raise self.error(f"{where}: nested deeper than vmgraph reads (some {sys.getrecursionlimit():,} levels of lists and objects)", self.pos) from None
            except json.JSONDecodeError as error:
                if len(self.buffer) - self.pos > MAX_ITEM_BYTES:
                    raise InventoryError(self.name, f"{where} is larger than {MAX_ITEM_BYTES >> 20} MiB of JSON: not read") from None
                offset = error.pos - self.pos  # _fill moves the buffer
                if self._fill():
                    continue  # perhaps only cut short by the buffer's end
                raise self.error(f"{where}: not valid JSON ({error.msg})", self.pos + offset) from None
            except ValueError:  # int() refuses a number of more digits than sys.get_int_max_str_digits()
                raise self.error(f"{where}: a number of more than {_MAX_DIGITS:,} digits: not read", self.pos) from None
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
        try:
            more = self.handle.read(max(CHUNK, len(self.buffer)))
        except UnicodeDecodeError as error:
            encoding = "UTF-8" if error.encoding.startswith("utf-8") else error.encoding.upper()
            raise self.error(f"not {encoding} text on or after this line: save the document as UTF-8", len(self.buffer)) from None
        if not more:
            self.eof = True
            return False
        self.buffer += more
        return True

    def error(self, message: str, pos: int) -> InventoryError:
        line = self.dropped_lines + self.buffer.count("\n", 0, pos) + 1
        return InventoryError(self.name, f"line {line}: {message}")
