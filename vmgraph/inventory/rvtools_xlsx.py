"""RVTools' .xlsx export: the vInfo sheet, streamed with openpyxl's read-only mode.

openpyxl is imported here only (``pip install 'vmgraph[fleet]'``): the rest of vmgraph does not
need it. ``load_workbook(read_only=True)`` parses the sheet's XML as rows are asked for, so
memory stays flat; `reset_dimensions` makes it read every row even when the file's recorded
sheet size is wrong. Cells come back typed (numbers, booleans): they are written as the text a
CSV export would hold (19.0 as "19") and read by the same columns as rvtools_csv.py.

A workbook is opened once (`Book`): its vHost and vInfo sheets come from the same open file.
Before openpyxl sees it, its zip directory is held to xlsx_bounds.py's bounds; as rows are read,
only the columns a reader needs are taken, rows past Excel's last are refused, and a cell
openpyxl cannot read is one InventoryError naming the sheet and the row.
"""

from __future__ import annotations

import datetime
import zipfile
import zlib
from typing import Any, Iterator

from ..errors import InventoryError, shown
from . import rvtools
from .record import InventoryVM, Skipped
from .source import Head
from .stream import Source
from .xlsx_bounds import MAX_COLUMNS, MAX_ROWS, check_parts, past_rows, too_wide
from .columns import layout_for
from .table import Layout, records

SHEET = "vInfo"


class Book:
    """An input's workbook, opened once (its vHost sheet and its vInfo sheet read from the same
    open file): `workbook` is openpyxl's, read-only."""

    def __init__(self, source: Source):
        self.name, self.path = source.name, source.path
        self.handle = source.seekable()
        self.workbook = None
        try:
            check_parts(self.handle, self.name)
            self.workbook = open_workbook(self.handle, self.name)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
        self.handle.close()


def open_workbook(handle: Any, name: str) -> Any:
    """The workbook in the open binary file `handle`, read-only (given a file, openpyxl does not
    insist on an .xlsx name); InventoryError when openpyxl is missing or cannot read it."""
    try:
        import openpyxl
    except ImportError:
        raise InventoryError(name, "reading .xlsx needs openpyxl: pip install 'vmgraph[fleet]'") from None
    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise InventoryError(name, f"a zip file openpyxl cannot read as an Excel workbook ({type(error).__name__}: {error})") from None
    except Exception as error:  # openpyxl's InvalidFileException and friends
        raise InventoryError(name, f"not an Excel workbook openpyxl can read ({type(error).__name__}: {error})") from None


def find_sheet(workbook: Any, wanted: str) -> Any | None:
    """The sheet named `wanted` (ignoring case), ready to read every row; None when there is none."""
    for title in workbook.sheetnames:
        if title.lower() == wanted.lower():
            sheet = workbook[title]
            sheet.reset_dimensions()
            return sheet
    return None


NO_VINFO = "The workbook has no vInfo sheet: its first sheet"  # opens the note that says a report's first sheet is read
FIRST_SHEET_ROWS = "the first sheet's rows (the header is row 1)"


def vinfo_sheet(workbook: Any, name: str, mapping: dict[str, str] | None = None, notes: list[str] | None = None) -> Any:
    """The vInfo sheet (its name matched ignoring case); with --columns (`mapping`), a workbook
    without one is a report of the user's own: its first sheet, said in the notes."""
    sheet = find_sheet(workbook, SHEET)
    if sheet is not None:
        return sheet
    titles = ", ".join(repr(title) for title in workbook.sheetnames[:10])
    if mapping and workbook.sheetnames:
        first = workbook.sheetnames[0]
        if notes is not None:
            notes.append(f"{NO_VINFO}, '{shown(first)}', is read with --columns.")
        return find_sheet(workbook, first)
    raise InventoryError(name, f"an Excel workbook without a vInfo sheet (sheets: {titles}): vmgraph reads RVTools' vInfo, or a report's first sheet with --columns")


def sheet_rows(workbook: Any, wanted: str, name: str) -> Iterator[list[str]] | None:
    """The rows of the sheet `wanted` as CSV text, its header first; None when there is none.
    A damaged sheet raises InventoryError naming the row."""
    sheet = find_sheet(workbook, wanted)
    if sheet is None:
        return None
    header = header_of(sheet, name, wanted)
    return _text_rows(sheet, len(header), 1, name, wanted)


def _text_rows(sheet: Any, width: int, first: int, name: str, title: str, spans: list[int] | None = None) -> Iterator[list[str]]:
    """The rows from `first` as text, `width` cells each at most, up to Excel's last row; a
    failure to read them is one line naming the sheet and the row. With `spans`, blank rows are
    left out and counted in `spans[0]` (table.records numbers rows so): openpyxl fills a gap in
    the row numbers with blank rows one by one, and a million of them should cost little."""
    number = first - 1
    try:
        for row in sheet.iter_rows(min_row=first, max_col=max(width, 1), values_only=True):
            number += 1
            if number > MAX_ROWS:
                raise past_rows(name, title)
            if row.count(None) == len(row):
                if spans is not None:
                    spans[0] += 1
                else:
                    yield []
                continue
            yield [cell_text(cell) for cell in row]
    except _BROKEN as error:
        raise broken(name, title, error, number + 1) from None


def header_of(sheet: Any, name: str, title: str = SHEET) -> tuple[str, ...]:
    """A sheet's first row, as text; InventoryError when it cannot be read or is wider than Excel's."""
    try:
        for row in sheet.iter_rows(min_row=1, max_row=1, values_only=True):
            if len(row) > MAX_COLUMNS:
                raise too_wide(name, title, len(row))
            return tuple(cell_text(cell).strip() for cell in row)
    except _BROKEN as error:
        raise broken(name, title, error, 1) from None
    return ()


def read(book: Book, name: str, head: Head, skipped: Skipped | None = None, mapping: dict[str, str] | None = None,
         notes: list[str] | None = None) -> Iterator[InventoryVM]:
    """The vInfo rows as records, from a workbook opened once (`Book`, closed once they are read);
    a missing sheet or name column raises now, not at the first row. `mapping` and `notes` as
    for a CSV (columns.layout_for)."""
    try:
        sheet = vinfo_sheet(book.workbook, name, mapping, notes)
        layout = layout_for(rvtools.COLUMNS, header_of(sheet, name), name, mapping, notes, rvtools.IGNORED)
    except BaseException:
        book.close()
        raise
    return _stream(book, sheet, layout, name, skipped)


def _stream(book: Book, sheet: Any, layout: Layout, name: str, skipped: Skipped | None) -> Iterator[InventoryVM]:
    try:
        width = 1 + max(step.position for step in (layout.name, *layout.steps))
        spans = [0]
        yield from records(_text_rows(sheet, width, 2, name, SHEET, spans), layout, name, skipped, spans=spans)
    finally:
        book.close()


# What a damaged workbook raises part way through: XML that is no XML (a ParseError is a
# SyntaxError), a zip member cut short, and openpyxl's own reading of a cell it cannot take (a
# number that is none, a shared string's index past the table, a date or a cell reference it
# cannot parse).
_BROKEN = (SyntaxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, IndexError, TypeError, OverflowError,
           AttributeError)


def broken(name: str, title: str, error: Exception, row: int) -> InventoryError:
    """A sheet openpyxl cannot read at `row`: one line naming the sheet, the row and what openpyxl says."""
    detail = shown(f"{type(error).__name__}: {error}", 200)
    return InventoryError(name, f"the {title} sheet holds a cell openpyxl cannot read, in or after this row ({detail})", row)


def cell_text(value: Any) -> str:
    """A typed cell as CSV text: None "", True "True", 19.0 "19", a date in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)
