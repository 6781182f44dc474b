"""RVTools vInfo exported as CSV (either header style; ``,`` or ``;``): streamed row by row."""

from __future__ import annotations

from typing import Iterator

from . import rvtools
from .csv_table import read_csv_table
from .record import InventoryVM, Skipped
from .source import Head
from .stream import Source


def read(source: Source, name: str, head: Head, skipped: Skipped | None = None, mapping: dict[str, str] | None = None,
         notes: list[str] | None = None) -> Iterator[InventoryVM]:
    return read_csv_table(source, name, head, rvtools.COLUMNS, skipped, mapping=mapping, notes=notes, ignored=rvtools.IGNORED)
