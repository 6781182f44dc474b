"""Opening an inventory file: what it is (an Excel workbook, a JSON document or a CSV table),
its text encoding, and for a CSV its header and delimiter.

`sniff` reads at most `SNIFF_BYTES` to decide; the readers stream the rest. Text is UTF-8 (a
byte-order mark is skipped) or UTF-16 with its byte-order mark (what Windows PowerShell writes
when a CSV is redirected with ``>``). A CSV's delimiter is the one of ``,`` ``;`` and tab that
its header line uses most: RVTools and Excel write ``;`` where the decimal separator is a comma.
PowerCLI's ``Export-Csv`` (Windows PowerShell 5.1) starts with a ``#TYPE ...`` line unless
given ``-NoTypeInformation``: it is skipped. So is Excel's ``sep=;`` line, which names the
delimiter (Excel writes and reads it to fix the list separator whatever the locale). Standard
library only.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Iterator, NamedTuple

from ..errors import InventoryError

SNIFF_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip file
_DELIMITERS = (",", ";", "\t")


class Head(NamedTuple):
    """What the start of a file says about it."""

    kind: str  # "xlsx", "json" or "csv"
    encoding: str | None  # the codec to read the text with (None for xlsx)
    delimiter: str | None = None  # csv only
    type_line: bool = False  # csv: a line comes before the header (PowerCLI's "#TYPE ...", Excel's "sep=;")
    header: tuple[str, ...] = ()  # csv: the column names, stripped


def sniff(path: str | Path, name: str) -> Head:
    """Look at the first bytes of `path`: InventoryError when it cannot be an inventory."""
    data = _head_bytes(path, name)
    if not data:
        raise InventoryError(name, "an empty file: no header, no VMs")
    if data.startswith(ZIP_MAGIC):
        return Head("xlsx", None)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        if b"\0" in data:
            raise InventoryError(name, "a binary file (it holds NUL bytes), not an inventory: vmgraph reads CSV, .xlsx and JSON")
        encoding = "utf-8-sig"
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError as error:
        raise not_utf8(name, data, error.start) from None
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return Head("json", encoding)
    lines = text.splitlines(keepends=True)
    first = lines[0].strip() if lines else ""
    stated = first[4:5] if first.lower().startswith("sep=") and len(first) == 5 else None
    type_line = first.startswith("#TYPE") or stated is not None
    line = lines[1 if type_line else 0] if len(lines) > type_line else ""
    if not line.endswith(("\n", "\r")) and len(data) >= SNIFF_BYTES:
        raise InventoryError(name, f"the first line is longer than {SNIFF_BYTES >> 10} KiB: not an inventory's header")
    delimiter = stated or max(_DELIMITERS, key=lambda d: _count_outside_quotes(line, d))
    header = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    return Head("csv", encoding, delimiter, type_line, tuple(cell.strip() for cell in header))


class CsvRows(NamedTuple):
    """A CSV file's rows past its header, read as they are asked for, and how to number them.

    A row's number is the file's line it starts on (the header is line 1, or 2 after a
    PowerCLI ``#TYPE`` line): the n-th row read (from 1) starts on line ``first + n - 1 +
    spans[0]``, `spans[0]` counting the line breaks inside quoted cells of the rows before it."""

    handle: io.TextIOBase
    rows: Iterator[list[str]]
    first: int  # the line of the first row after the header
    spans: list[int]


def csv_rows(path: str | Path, head: Head, last: int = -1) -> CsvRows:
    """The open file and its rows past the header; cells after position `last` may be left
    unsplit (-1: split them all)."""
    handle = open(path, encoding=head.encoding, newline="", buffering=1 << 20)
    spans = [0]
    try:
        if head.type_line:
            handle.readline()
        rows = split_rows(handle, head.delimiter, last + 1 if last >= 0 else -1, spans)
        next(rows, None)  # the header, as sniffed
    except BaseException:
        handle.close()
        raise
    first = 2 + head.type_line + spans[0]
    spans[0] = 0
    return CsvRows(handle, rows, first, spans)


def split_rows(lines: Iterator[str], delimiter: str, maxsplit: int = -1, spans: list[int] | None = None) -> Iterator[list[str]]:
    """CSV rows, as csv.reader reads them, only faster: a line with no quote in it is split
    with str.split (three times faster than csv.reader on RVTools-wide rows); a line with
    quotes, and the lines a quoted cell runs on to, go to csv.reader. With `maxsplit`, the
    cells past the ones a reader needs stay in one piece. `spans[0]` counts the line breaks
    inside quoted cells of the rows already taken (it grows once the next row is asked for)."""
    limit = csv.field_size_limit()
    for line in lines:
        if '"' not in line:
            yield line.rstrip("\r\n").split(delimiter, maxsplit)
            continue
        extra = 0
        while line.count('"') % 2:  # a quoted cell goes on over the line break
            more = next(lines, "")
            if not more:
                raise csv.Error("unclosed quote")
            line += more
            extra += 1
            if len(line) > limit:
                raise csv.Error(f"field larger than field limit ({limit})")
        yield next(csv.reader([line], delimiter=delimiter), [])
        if spans is not None:
            spans[0] += extra


def read_failure(error: Exception, path: str | Path, name: str, head: Head, row: int) -> InventoryError:
    """The InventoryError for a failure while streaming a CSV (bad text, a runaway cell)."""
    if isinstance(error, UnicodeDecodeError):
        return _locate_bad_text(path, name, head)
    text = str(error)
    if "field larger than field limit" in text:
        limit = csv.field_size_limit()
        return InventoryError(name, f"a cell longer than {limit} characters (a quote that is never closed?)", row)
    if text == "unclosed quote":
        return InventoryError(name, "a quote opened here is never closed", row)
    return InventoryError(name, f"not readable as CSV: {text}", row)


def not_utf8(name: str, data: bytes, offset: int) -> InventoryError:
    line = data.count(b"\n", 0, offset) + 1
    return InventoryError(name, f"line {line}: byte 0x{data[offset]:02X} is not UTF-8 text: save the inventory as UTF-8")


def _locate_bad_text(path: str | Path, name: str, head: Head) -> InventoryError:
    """Find the first line that is not UTF-8 (the text layer decodes ahead, so its error does not say)."""
    if head.encoding != "utf-8-sig":
        return InventoryError(name, f"not {head.encoding} text throughout")
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as error:
                return InventoryError(name, f"line {number}: byte 0x{line[error.start]:02X} is not UTF-8 text: save the inventory as UTF-8")
    return InventoryError(name, "not UTF-8 text throughout: save the inventory as UTF-8")


def _head_bytes(path: str | Path, name: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise InventoryError(name, "no such file") from None
    except IsADirectoryError:
        raise InventoryError(name, "a folder, not an inventory file") from None
    except OSError as error:
        raise InventoryError(name, f"cannot read: {error.strerror or error}") from None


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count
