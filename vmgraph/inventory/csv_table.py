"""Any CSV inventory, by its format's columns: the header is checked at once, rows streamed."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Callable, Iterator

from .record import InventoryVM, Skipped
from .source import Head, csv_rows, read_failure
from .table import Column, Layout, records


def read_csv_table(
    path: str | Path,
    name: str,
    head: Head,
    columns: tuple[Column, ...],
    skipped: Skipped | None = None,
    finish: Callable[[list[Any]], None] | None = None,
) -> Iterator[InventoryVM]:
    """The file's records, read as they are asked for; a header that lacks the name column
    raises InventoryError now, not at the first row."""
    layout = Layout(columns, head.header, name)
    return _stream(path, name, head, layout, skipped, finish)


def _stream(path, name, head, layout, skipped, finish) -> Iterator[InventoryVM]:
    table = csv_rows(path, head, max(step.position for step in (layout.name, *layout.steps)))
    with table.handle:
        yield from records(
            table.rows,
            layout,
            name,
            skipped,
            finish=finish,
            failure=lambda error, row: read_failure(error, path, name, head, row),
            failures=(UnicodeDecodeError, csv.Error),
            first=table.first,
            spans=table.spans,
        )
