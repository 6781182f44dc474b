"""What an inventory is (an Excel workbook, a JSON document or a CSV table), its text encoding,
and for a CSV its header, delimiter and rows.

`sniff` looks at an input's first `SNIFF_BYTES` (stream.Source, which opens it once); the
readers stream the rest from the same stream. Text is UTF-8 (a
byte-order mark is skipped) or UTF-16 with its byte-order mark (what Windows PowerShell writes
when a CSV is redirected with ``>``). A CSV's delimiter is the one of ``,`` ``;`` and tab that
its header line uses most: RVTools and Excel write ``;`` where the decimal separator is a comma.
PowerCLI's ``Export-Csv`` (Windows PowerShell 5.1) starts with a ``#TYPE ...`` line unless
given ``-NoTypeInformation``: it is skipped. So is Excel's ``sep=;`` line, which names the
delimiter (Excel writes and reads it to fix the list separator whatever the locale). Standard
library only.

Rows are split as csv.reader splits them, with bounds: a line is at most stream.MAX_LINE_BYTES,
and a cell a reader takes, quoted or not, at most ``csv.field_size_limit()`` characters.
"""

from __future__ import annotations

import codecs
import csv
from typing import Iterator, NamedTuple

from ..errors import InventoryError
from .stream import HEAD_BYTES, Source

SNIFF_BYTES = HEAD_BYTES
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip file
_DELIMITERS = (",", ";", "\t")


class Head(NamedTuple):
    """What the start of a file says about it."""

    kind: str  # "xlsx", "json" or "csv"
    encoding: str | None  # the codec to read the text with (None for xlsx)
    delimiter: str | None = None  # csv only
    type_line: bool = False  # csv: a line comes before the header (PowerCLI's "#TYPE ...", Excel's "sep=;")
    header: tuple[str, ...] = ()  # csv: the column names, stripped


def sniff(source: Source) -> Head:
    """What the first bytes of an input say it is: InventoryError when it cannot be an inventory."""
    data, name = source.head, source.name
    if not data:
        if source.start:
            raise InventoryError(name, f"only blank space ({source.start:,} bytes): no header, no VMs")
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
        raise not_utf8(name, data, error.start, source.blank_lines) from None
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return Head("json", encoding)
    if source.start:
        raise InventoryError(name, f"{source.start >> 10:,} KiB of blank space before its first line: not a CSV's header (nor JSON, which starts with {{ or [)")
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

    handle: Iterator[str]  # the input's lines (a generator: close it when done)
    rows: Iterator[list[str]]
    first: int  # the line of the first row after the header
    spans: list[int]


def csv_rows(source: Source, head: Head, last: int = -1) -> CsvRows:
    """The input's lines and its rows past the header; cells after position `last` may be left
    unsplit (-1: split them all). Close `handle` when done."""
    lines = source.lines(head.encoding or "utf-8-sig")
    spans = [0]
    try:
        if head.type_line:
            next(lines, None)
        rows = split_rows(lines, head.delimiter or ",", last + 1 if last >= 0 else -1, spans)
        next(rows, None)  # the header, as sniffed
    except csv.Error as error:  # its quotes run on into the rows
        lines.close()
        raise read_failure(error, source.name, 1 + head.type_line) from None
    except BaseException:
        lines.close()
        raise
    first = 2 + head.type_line + spans[0]
    spans[0] = 0
    return CsvRows(lines, rows, first, spans)


def split_rows(lines: Iterator[str], delimiter: str, maxsplit: int = -1, spans: list[int] | None = None) -> Iterator[list[str]]:
    """CSV rows, as csv.reader reads them, only faster: a line with no quote in it is split
    with str.split (three times faster than csv.reader on RVTools-wide rows); a line with
    quotes, and the lines a quoted cell runs on to, go to csv.reader. With `maxsplit`, the
    cells past the ones a reader needs stay in one piece. `spans[0]` counts the line breaks
    inside quoted cells of the rows already taken (it grows once the next row is asked for)."""
    limit = csv.field_size_limit()
    for line in lines:
        if '"' not in line:
            cells = line.rstrip("\r\n").split(delimiter, maxsplit)
            if len(line) > limit and max(map(len, cells[:maxsplit] if maxsplit >= 0 else cells)) > limit:
                raise csv.Error("cell too long")  # unquoted: csv.reader's limit would not see it
            yield cells
            continue
        extra, quotes, size, parts = 0, line.count('"'), len(line), [line]
        while quotes % 2:  # a quoted cell goes on over the line break
            more = next(lines, "")
            if not more:
                raise csv.Error("unclosed quote")
            parts.append(more)
            quotes += more.count('"')
            size += len(more)
            extra += 1
            if size > limit:
                raise csv.Error(f"field larger than field limit ({limit})")
        yield next(csv.reader(["".join(parts)], delimiter=delimiter), [])
        if spans is not None:
            spans[0] += extra


def read_failure(error: Exception, name: str, row: int) -> InventoryError:
    """The InventoryError for a failure while streaming a CSV (a runaway cell)."""
    text = str(error)
    if "field larger than field limit" in text or text == "cell too long":
        limit = csv.field_size_limit()
        return InventoryError(name, f"a cell longer than {limit:,} characters (a quote that is never closed?)", row)
    if text == "unclosed quote":
        return InventoryError(name, "a quote opened here is never closed", row)
    return InventoryError(name, f"not readable as CSV: {text}", row)


def not_utf8(name: str, data: bytes, offset: int, before: int = 0) -> InventoryError:
    line = before + data.count(b"\n", 0, offset) + 1
    return InventoryError(name, f"line {line}: byte 0x{data[offset]:02X} is not UTF-8 text: save the inventory as UTF-8")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count
