"""Rows of a table (CSV, a worksheet) to InventoryVM records, by a list of columns.

A format declares its `Column`s: which record field each fills, from which header (the first
of several spellings the file has; headers are matched ignoring case and surrounding spaces)
and with which reader (values.py). `Layout` resolves them against a file's header once;
`records` then turns rows into records one at a time, so memory does not grow with the file.
A cell that is blank leaves its field None; a bad cell is an InventoryError naming file, row
and column, or, in keep-going mode, a row counted in `Skipped` and left out.

Speed: a column of a million rows holds a few dozen distinct hardware versions, power states
or hosts, so each column remembers what its cells read as (up to `CACHE_LIMIT` distinct cells;
bad cells are not remembered). A row whose cells are all remembered is made by C-level calls
only (itemgetter, map over the caches); any other row (a new cell, a short row, a bad cell)
takes the plain loop `_row`, which fills the caches and reports errors.
"""

from __future__ import annotations

from operator import getitem, itemgetter
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from ..errors import InventoryError
from .record import InventoryVM, Skipped
from .values import BadValue, quoted

FIELDS = InventoryVM._fields
NAME = FIELDS.index("name")
FLAGS = FIELDS.index("flags")
CACHE_LIMIT = 1 << 14  # distinct cells remembered per column: memory stays bounded (a few MB)

Reader = Callable[[str], Any]


class Column(NamedTuple):
    """One record field and where a format's files give it: (header, reader) pairs in order of
    preference (PowerCLI: `MemoryMB` before `MemoryGB`)."""

    field: str
    choices: tuple[tuple[str, Reader], ...]

    @classmethod
    def of(cls, field: str, header: str, read: Reader, *more: tuple[str, Reader]) -> Column:
        return cls(field, ((header, read), *more))


class Step(NamedTuple):
    """One cell to read: into which field, from which position, under which header, how."""

    index: int
    position: int
    header: str
    read: Reader
    cache: dict[str, Any]


class Layout:
    """A format's columns resolved against one file's header: which cell fills which field."""

    def __init__(self, columns: Iterable[Column], header: Iterable[str], file: str):
        columns = tuple(columns)
        header = [str(cell).strip() for cell in header]
        where: dict[str, int] = {}
        twice: dict[str, int] = {}  # a name the header gives more than once -> its second column
        for position, cell in enumerate(header):
            if where.setdefault(cell.lower(), position) != position:
                twice.setdefault(cell.lower(), position)
        # names given twice that no field is read from: (name, first column, second column), for the notes
        self.twice = [(header[where[cell]], where[cell] + 1, position + 1) for cell, position in twice.items() if cell]
        self.steps: list[Step] = []
        self.name: Step | None = None
        for column in columns:
            for wanted, read in column.choices:
                position = where.get(wanted.lower())
                if position is not None:
                    if wanted.lower() in twice:
                        raise InventoryError(file, f"the header names the column {quoted(header[position])} twice (columns {position + 1:,} "
                                                   f"and {twice[wanted.lower()] + 1:,}), and vmgraph reads one of them: rename or remove the other", 1)
                    step = Step(FIELDS.index(column.field), position, header[position], read, {"": None})
                    if column.field == "name":
                        self.name = step
                    else:
                        self.steps.append(step)
                    break
        if self.name is None:
            names = [wanted for column in columns if column.field == "name" for wanted, _ in column.choices]
            raise InventoryError(file, f"no column for the VM's name ({' or '.join(repr(n) for n in names)})")
        self.steps.sort()

    def headers(self) -> dict[str, str]:
        """Field -> the header it is read from."""
        return {FIELDS[step.index]: step.header for step in (self.name, *self.steps)}


def records(
    rows: Iterable[list[str] | tuple[str, ...]],
    layout: Layout,
    source: str,
    skipped: Skipped | None = None,
    finish: Callable[[list[Any]], None] | None = None,
    failure: Callable[[Exception, int], InventoryError] | None = None,
    failures: tuple[type[Exception], ...] = (),
    first: int = 2,
    spans: list[int] | None = None,
) -> Iterator[InventoryVM]:
    """The records of `rows` (the data rows), made as they are asked for.

    A record's `row` is where the file has it: the n-th row (from 1) is numbered ``first + n -
    1 + spans[0]`` (a CSV's line, `spans[0]` counting line breaks inside quoted cells so far:
    source.CsvRows; a sheet's row, with `first` 2 and no spans). `finish` may complete a row's
    values (a plain CSV's flags; it raises nothing); `failures` are the exceptions reading
    `rows` itself may raise (a decoding error), which `failure` words as an InventoryError.
    """
    steps = layout.steps
    name_at = layout.name.position
    cells_of = itemgetter(*(step.position for step in steps)) if steps else (lambda row: ())
    if len(steps) == 1:
        single = cells_of
        cells_of = lambda row: (single(row),)  # noqa: E731
    caches = [step.cache for step in steps]
    # (source, number, name, *steps' values, None, ()) -> the record's fields in order
    slots = {step.index: 3 + i for i, step in enumerate(steps)}
    slots.update({0: 0, 1: 1, NAME: 2})
    blank, empty = 3 + len(steps), 4 + len(steps)
    order = itemgetter(*(slots.get(i, empty if i == FLAGS else blank) for i in range(len(FIELDS))))
    new = tuple.__new__
    number = first - 1
    spans = spans if spans is not None else [0]
    try:
        for row in rows:
            number += 1
            if spans[0]:
                number += spans[0]
                spans[0] = 0
            if finish is None:
                try:
                    values = tuple(map(getitem, caches, cells_of(row)))
                    name = row[name_at].strip()
                    if name:
                        yield new(InventoryVM, order((source, number, name, *values, None, ())))
                        continue
                except (KeyError, IndexError):
                    pass
            try:
                record = _row(row, number, layout, source, finish)
            except InventoryError as error:
                if skipped is None:
                    raise
                skipped.add(error)
                continue
            if record is not None:
                yield record
    except failures as error:
        raise failure(error, number + 1) from None


def _row(row: list[str] | tuple[str, ...], number: int, layout: Layout, source: str, finish) -> InventoryVM | None:
    """One row the slow way: every cell read (and remembered), errors named. None for a blank row."""
    values: list[Any] = [None] * len(FIELDS)
    values[0], values[1], values[FLAGS] = source, number, ()
    for index, position, header, read, cache in (layout.name, *layout.steps):
        try:
            cell = row[position]
        except IndexError:
            continue  # a short row: the cells it lacks are blank
        if not cell:
            continue
        try:
            value = cache[cell]
        except KeyError:
            try:
                value = read(cell)
            except BadValue as problem:
                raise InventoryError(source, str(problem), number, header) from None
            if len(cache) < CACHE_LIMIT and index != NAME:
                cache[cell] = value
        values[index] = value
    if values[NAME] is None:
        if not any(cell and str(cell).strip() for cell in row):
            return None  # a blank line, or a row of empty cells (";;;;" at the end of an Excel export)
        raise InventoryError(source, "no VM name", number, layout.name.header)
    if finish is not None:
        finish(values)
    return InventoryVM._make(values)
