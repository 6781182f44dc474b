"""Any CSV inventory, by its format's columns: the header is checked at once, rows streamed."""

from __future__ import annotations

import csv
from contextlib import closing
from typing import Any, Callable, Iterator

from .columns import layout_for
from .record import InventoryVM, Skipped
from .source import Head, csv_rows, read_failure
from .stream import Source
from .table import Column, records


def read_csv_table(
    source: Source,
    name: str,
    head: Head,
    columns: tuple[Column, ...],
    skipped: Skipped | None = None,
    finish: Callable[[list[Any]], None] | None = None,
    mapping: dict[str, str] | None = None,
    notes: list[str] | None = None,
    ignored: tuple[str, ...] = (),
) -> Iterator[InventoryVM]:
    """The file's records, read as they are asked for; a header that lacks the name column
    raises InventoryError now, not at the first row. `mapping` (--columns) says which column
    holds which field; columns that look like a field but are not read are noted in `notes`."""
    layout = layout_for(columns, head.header, name, mapping, notes, ignored)
    return _stream(source, name, head, layout, skipped, finish)


def _stream(source, name, head, layout, skipped, finish) -> Iterator[InventoryVM]:
    table = csv_rows(source, head, max(step.position for step in (layout.name, *layout.steps)))
    with closing(table.handle):
        yield from records(
            table.rows,
            layout,
            name,
            skipped,
            finish=finish,
            failure=lambda error, row: read_failure(error, name, row),
            failures=(csv.Error,),
            first=table.first,
            spans=table.spans,
        )
