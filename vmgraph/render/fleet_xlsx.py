"""A fleet's plan as an Excel workbook (``--format xlsx``): admins live in the spreadsheet RVTools
gave them.

Four sheets: Summary (the heading, the tally and the notes), Work plan (a row per group), VMs
(the CSV output's columns, a row per VM; past Excel's 1,048,576 rows a sheet, "VMs 2" goes on)
and Skipped (the rows a keep-going read left out). Each sheet has its header frozen, filters on,
and columns as wide as their longest cell (up to `MAX_WIDTH`).

Memory stays bounded: openpyxl's write-only mode streams each sheet's rows to a temporary file
as they are appended, and the VMs come from the plan's spool (its CSV lines, read twice: once for
the columns' widths, once to write them). Numbers are written as numbers and flags as booleans,
so filters and sums work. A text cell that starts like a formula (= + - @, a tab, CR, NUL:
OWASP's CSV injection guidance) is written as text with Excel's quote prefix, the mark Excel
itself keeps for a typed leading apostrophe, so it is never taken for a formula, also when
edited. Characters XML cannot hold (control characters) are written as escapes.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from typing import IO, Any, Iterable, Iterator

from ..errors import VmgraphError, escape
from ..fleet import FleetPlan, Group
from ..inventory import InventoryVM
from ..fleet.questions import QuestionKey
from ..fleet.outcomes import Outcome
from .fleet import CSV_FIELDS, FORMULA_START, Csv, first_outcome, heading, notes, size, tally

MAX_WIDTH = 80  # characters: a wider column is cut to this (the cell keeps its text)
MIN_WIDTH = 6
SHEET_ROWS = 1_048_576  # Excel's rows per sheet, the header's included
WORK_PLAN_FIELDS = ("group", "vms", "status", "plan", "size", "moves", "one_way_steps", "conversions", "questions", "inferred",
                    "reason", "limits", "suggestions", "command")
SKIPPED_FIELDS = ("file", "row", "column", "reason")
_NUMBERS = {"row", "hardware_version", "question", "moves", "one_way_steps", "conversions"}
_FLAGS = {"inferred"}


class Xlsx:
    """VM lines spooled as CSV (neutralised here, not there); `write` makes the workbook."""

    binary = True

    def __init__(self) -> None:
        try:
            import openpyxl  # noqa: F401  (checked before a long plan, not after it)
        except ImportError:
            raise VmgraphError("--format xlsx needs openpyxl: pip install 'vmgraph[fleet]'") from None
        self._csv = Csv(neutralise=False)

    def part(self, question: int, key: QuestionKey, outcome: Outcome) -> str:
        return self._csv.part(question, key, outcome)

    def line(self, vm: InventoryVM, part: str) -> str:
        return self._csv.line(vm, part)

    def write(self, plan: FleetPlan, out: IO[bytes]) -> None:
        """The workbook, to a binary stream (copied from a temporary file: a zip is written seeking)."""
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        _sheet(book, "Summary", ("what", "value"), _summary(plan))
        _sheet(book, "Work plan", WORK_PLAN_FIELDS, [_group_row(plan, group) for group in plan.groups])
        _vm_sheets(book, plan)
        _sheet(book, "Skipped", SKIPPED_FIELDS, [(s.file, s.row, s.column, f"{s.where}: {s.reason}" if s.where else s.reason) for s in plan.skipped])
        with tempfile.TemporaryFile() as spool:
            book.save(spool)
            spool.seek(0)
            shutil.copyfileobj(spool, out, 1 << 20)


def _summary(plan: FleetPlan) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for line in heading(plan):
        what, _, value = line.partition(": ")
        rows.append((what, value))
    rows += [("Target", plan.target), ("VMs", plan.total), ("With a route", plan.count("route")),
             ("Nothing to do", plan.count("ready")), ("Blocked", plan.count("blocked")), ("Rows skipped", len(plan.skipped)),
             ("Summary", tally(plan))]
    rows += [("Note", note) for note in notes(plan)]
    return rows


def _group_row(plan: FleetPlan, group: Group) -> tuple:
    first = first_outcome(plan, group)
    route = first.status == "route"
    return (
        group.number, group.vms, group.status, group.plan, size(first),
        first.moves if route else None, first.one_way_steps if route else None, first.conversions if route else None,
        len(group.questions), first.inferred, first.reason or "", "; ".join(p.problem for p in first.limits),
        "; ".join(f"{change}: {command}" for change, _, command in first.fixes), first.command or "",
    )


def _vm_sheets(book: Any, plan: FleetPlan) -> None:
    """The VMs sheet(s), from the spool: widths first, then the rows."""
    widths = [len(field) for field in CSV_FIELDS]
    count = 0
    for row in _spooled(plan):
        count += 1
        for index, cell in enumerate(row):
            if len(cell) > widths[index]:
                widths[index] = len(cell)
    per_sheet = SHEET_ROWS - 1
    rows = (_typed(row) for row in _spooled(plan))
    number = 0
    while True:
        title = "VMs" if number == 0 else f"VMs {number + 1}"
        _sheet(book, title, CSV_FIELDS, _take(rows, per_sheet), widths, min(per_sheet, count - number * per_sheet))
        number += 1
        if number * per_sheet >= count:
            break


def _spooled(plan: FleetPlan) -> Iterator[list[str]]:
    """The spool's lines as CSV rows, read from the file as they are asked for."""
    return csv.reader(plan.spooled()) if plan.total else iter(())


def _take(rows: Iterator, count: int) -> Iterator:
    for _, row in zip(range(count), rows):
        yield row


def _typed(row: list[str]) -> list[Any]:
    return [(int(cell) if cell else None) if field in _NUMBERS else (cell == "True") if field in _FLAGS else cell
            for field, cell in zip(CSV_FIELDS, row)]


def _sheet(book: Any, title: str, fields: tuple[str, ...], rows: Iterable[Iterable[Any]], widths: list[int] | None = None,
           count: int | None = None) -> None:
    """A sheet: its header frozen, filters over every row, columns as wide as their cells.
    `widths` and `count` are given when `rows` can be read only once."""
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    if widths is None:
        rows = [list(row) for row in rows]
        widths = [max([len(field)] + [len(_shown(row[i])) for row in rows]) for i, field in enumerate(fields)]
        count = len(rows)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, MIN_WIDTH) + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{(count or 0) + 1}"
    sheet.append(list(fields))
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _cell(sheet: Any, value: Any) -> Any:
    """A value as the sheet holds it: text that starts like a formula as quote-prefixed text."""
    if not isinstance(value, str):
        return value
    if not value.isprintable():
        value = escape(value)  # XML cannot hold control characters
    if not value.startswith(FORMULA_START):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # text, not a formula
    cell.quotePrefix = True
    return cell
