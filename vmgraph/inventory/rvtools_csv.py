"""RVTools vInfo exported as CSV (either header style; ``,`` or ``;``): streamed row by row."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from . import rvtools
from .csv_table import read_csv_table
from .record import InventoryVM, Skipped
from .source import Head


def read(path: str | Path, name: str, head: Head, skipped: Skipped | None = None, mapping: dict[str, str] | None = None,
         notes: list[str] | None = None) -> Iterator[InventoryVM]:
    return read_csv_table(path, name, head, rvtools.COLUMNS, skipped, mapping=mapping, notes=notes, ignored=rvtools.IGNORED)
