"""The bounds an .xlsx is held to before openpyxl inflates any of it, and as its rows are read.

An .xlsx is a zip of XML parts. openpyxl's read-only mode streams a worksheet's rows, but it
loads the other parts whole (the shared-strings table, styles, the workbook), and it fills a gap
in a sheet's row numbers with empty rows one by one: a 14 KB file whose one row is numbered
1,048,576,000, or a few hundred KB that inflate to gigabytes of shared strings, would take hours
or all memory. So the zip's directory is read first (``zipfile``, which never inflates past the
size a part declares: more is a CRC error) and a workbook is refused, in one line naming the
part, when it has more than `MAX_PARTS` parts, a worksheet larger than `MAX_SHEET_BYTES`
uncompressed, any other part larger than `MAX_PART_BYTES`, or a part of over 1 MiB that
inflates more than `MAX_RATIO` times (a real export's XML compresses some 5 to 30 times; a zip
bomb a thousand). openpyxl holds each shared string as a string and an XML element (some 160
bytes each), so a part of over 1 MiB is also scanned for shared-string items (``<si>``, a pass
that inflates but keeps nothing): more than `MAX_SHARED_STRINGS` is refused, with the way out (a
folder of RVTools' CSV files, which is streamed). openpyxl also parses a sheet's row whole
(some 400 bytes a cell) before vmgraph can take only the columns it reads, so each sheet is
scanned for its rows' starts: more than `MAX_ROW_BYTES` of XML in one row (or before the first,
or after the last) is refused: 16,384 cells of 32,767 characters would not reach it in a real
RVTools sheet, whose rows are a few KiB. As rows are read, a sheet of more rows than
Excel's `MAX_ROWS`, or a header wider than its `MAX_COLUMNS`, is refused. Standard library only.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from ..errors import InventoryError

MAX_PARTS = 10_000
MAX_SHEET_BYTES = 4 << 30  # a worksheet, streamed: some 2 million RVTools vInfo rows
MAX_PART_BYTES = 256 << 20  # any other part, loaded whole (shared strings: some 50,000 VMs' worth)
MAX_RATIO = 200
RATIO_FROM = 1 << 20  # parts smaller than this may inflate as they like
MAX_SHARED_STRINGS = 2_000_000  # some 320 MB in openpyxl's table
MAX_ROW_BYTES = 4 << 20  # one row's XML: at most some 110 MB as openpyxl's cells
MAX_ROWS = 1_048_576  # Excel's rows per sheet
MAX_COLUMNS = 16_384  # Excel's columns per sheet (XFD)


def check_parts(handle: IO[bytes], name: str) -> None:
    """Refuse a zip whose parts would inflate past the bounds, before any is inflated; leave
    `handle` at its start. A zip that is no zip is left for openpyxl to word."""
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise InventoryError(name, f"a workbook of {len(parts):,} parts (more than {MAX_PARTS:,}): not an RVTools export, not read")
            for part in parts:
                sheet = part.filename.startswith("xl/worksheets/")
                bound = MAX_SHEET_BYTES if sheet else MAX_PART_BYTES
                if part.file_size > bound:
                    raise InventoryError(name, f"its part {part.filename!r} inflates to {part.file_size:,} bytes, more than the "
                                               f"{bound:,} bytes vmgraph reads of {'a sheet' if sheet else 'a part that is not a sheet'}: not read")
                if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                    raise InventoryError(name, f"its part {part.filename!r} inflates {part.file_size // max(part.compress_size, 1):,} times "
                                               f"(from {part.compress_size:,} to {part.file_size:,} bytes; more than {MAX_RATIO} times is a zip bomb): not read")
                if sheet and part.file_size > MAX_ROW_BYTES and _longest_row(archive, part) > MAX_ROW_BYTES:
                    raise InventoryError(name, f"its sheet {part.filename!r} has a row of more than {MAX_ROW_BYTES:,} bytes of XML (or as much "
                                               "before its first row or after its last), more than a real sheet's row holds: a damaged or forged workbook, not read")
                if not sheet and part.file_size > RATIO_FROM and _items(archive, part) > MAX_SHARED_STRINGS:
                    raise InventoryError(name, f"its shared-strings table holds more than {MAX_SHARED_STRINGS:,} strings, more than vmgraph reads "
                                               "from a workbook: export RVTools' CSV files instead (-c ExportAll2csv), which are streamed")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        pass  # openpyxl says what is wrong with it
    finally:
        handle.seek(0)


_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,9}:)?si[\s/>]")  # a shared-string item, with or without a namespace prefix
_LONGEST = 15  # bytes of the longest _ITEM match


def _items(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """How many shared-string items a part holds (counted up to just past the bound), chunk by
    chunk: an item cut by a chunk's end is carried over to the next."""
    count, tail = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            data, end = tail + chunk, 0
            for match in _ITEM.finditer(data):
                count, end = count + 1, match.end()
            if count > MAX_SHARED_STRINGS:
                break
            tail = data[max(len(data) - _LONGEST, end):]
    return count


_ROW = re.compile(rb"row[\s/>]")  # searched for as a literal (fast); a row's start if "<" or "<prefix:" comes before
_OPENING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,9}:)?\Z")
_LONGEST_ROW_TAG = 16


def _longest_row(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """The most bytes of a sheet's XML between two rows' starts (or before the first, or after
    the last), in one inflating pass that keeps nothing; it stops once past MAX_ROW_BYTES."""
    longest = last = offset = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            data, base, end = tail + chunk, offset - len(tail), 0
            for match in _ROW.finditer(data):
                opening = _OPENING.search(data, max(0, match.start() - 12), match.start())
                if opening is None:
                    continue  # "</row>", or "row" in text
                start = base + opening.start()
                longest, last, end = max(longest, start - last), start, match.end()
            offset += len(chunk)
            if max(longest, offset - last) > MAX_ROW_BYTES:
                break
            tail = data[max(len(data) - _LONGEST_ROW_TAG, end):]
    return max(longest, offset - last)


def past_rows(name: str, title: str) -> InventoryError:
    return InventoryError(name, f"the {title} sheet has rows past Excel's last row ({MAX_ROWS:,}): a damaged or forged workbook, not read", MAX_ROWS + 1)


def too_wide(name: str, title: str, width: int) -> InventoryError:
    return InventoryError(name, f"the {title} sheet's header is {width:,} columns wide, past Excel's {MAX_COLUMNS:,}: a damaged or forged workbook, not read", 1)
