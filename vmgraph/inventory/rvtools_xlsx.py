"""RVTools' .xlsx export: the vInfo sheet, streamed with openpyxl's read-only mode.

openpyxl is imported here only (``pip install 'vmgraph[fleet]'``): the rest of vmgraph does not
need it. ``load_workbook(read_only=True)`` parses the sheet's XML as rows are asked for, so
memory stays flat; `reset_dimensions` makes it read every row even when the file's recorded
sheet size is wrong. Cells come back typed (numbers, booleans): they are written as the text a
CSV export would hold (19.0 as "19") and read by the same columns as rvtools_csv.py.
"""

from __future__ import annotations

import datetime
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterator

from ..errors import InventoryError
from . import rvtools
from .record import InventoryVM, Skipped
from .source import Head
from .columns import layout_for
from .table import Layout, records

SHEET = "vInfo"


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


def vinfo_sheet(workbook: Any, name: str) -> Any:
    """The vInfo sheet (its name matched ignoring case)."""
    sheet = find_sheet(workbook, SHEET)
    if sheet is not None:
        return sheet
    shown = ", ".join(repr(title) for title in workbook.sheetnames[:10])
    raise InventoryError(name, f"an Excel workbook without a vInfo sheet (sheets: {shown}): vmgraph reads RVTools' vInfo")


def sheet_rows(workbook: Any, wanted: str, name: str) -> Iterator[list[str]] | None:
    """The rows of the sheet `wanted` as CSV text, its header first; None when there is none.
    A damaged sheet raises InventoryError naming the row."""
    sheet = find_sheet(workbook, wanted)
    if sheet is None:
        return None
    return _text_rows(sheet, name, wanted)


def _text_rows(sheet: Any, name: str, title: str) -> Iterator[list[str]]:
    number = 0
    try:
        for row in sheet.iter_rows(values_only=True):
            number += 1
            yield [cell_text(cell) for cell in row]
    except _BROKEN as error:
        raise InventoryError(name, f"the {title} sheet is damaged here ({type(error).__name__}: {error})", number + 1) from None


def header_of(sheet: Any) -> tuple[str, ...]:
    for row in sheet.iter_rows(min_row=1, max_row=1, values_only=True):
        return tuple(cell_text(cell).strip() for cell in row)
    return ()


def read(path: str | Path, name: str, head: Head, skipped: Skipped | None = None, mapping: dict[str, str] | None = None,
         notes: list[str] | None = None) -> Iterator[InventoryVM]:
    """The vInfo rows as records; a missing sheet or name column raises now, not at the first row.
    `mapping` and `notes` as for a CSV (columns.layout_for)."""
    handle = open(path, "rb")
    workbook = None
    try:
        workbook = open_workbook(handle, name)
        sheet = vinfo_sheet(workbook, name)
        layout = layout_for(rvtools.COLUMNS, header_of(sheet), name, mapping, notes, rvtools.IGNORED)
    except BaseException:
        _close(workbook, handle)
        raise
    return _stream(handle, workbook, sheet, layout, name, skipped)


def _stream(handle: Any, workbook: Any, sheet: Any, layout: Layout, name: str, skipped: Skipped | None) -> Iterator[InventoryVM]:
    try:
        rows = ([cell_text(cell) for cell in row] for row in sheet.iter_rows(min_row=2, values_only=True))
        yield from records(rows, layout, name, skipped, failure=lambda error, row: _broken(name, error, row), failures=_BROKEN)
    finally:
        _close(workbook, handle)


def _close(workbook: Any, handle: Any) -> None:
    if workbook is not None:
        workbook.close()
    handle.close()


# What a damaged workbook raises part way through (XML ParseError is a SyntaxError).
_BROKEN = (SyntaxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError)


def _broken(name: str, error: Exception, row: int) -> InventoryError:
    return InventoryError(name, f"the vInfo sheet is damaged here ({type(error).__name__}: {error})", row)


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
