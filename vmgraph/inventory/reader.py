"""read_inventory: one inventory file, any format, as InventoryVM records made as they are read."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from .detect import ROWS, detect
from .record import InventoryVM, Skipped
from .source import Head


def _readers() -> dict[str, Callable[..., Iterator[InventoryVM]]]:
    from . import govc_json
    from . import plain_csv
    from . import powercli_csv
    from . import rvtools_csv
    from . import rvtools_xlsx

    return {
        "rvtools-csv": rvtools_csv.read,
        "rvtools-xlsx": rvtools_xlsx.read,
        "govc-json": govc_json.read,
        "powercli-csv": powercli_csv.read,
        "plain-csv": plain_csv.read,
    }


class Inventory:
    """One inventory file: its `format`, and its VMs when iterated (once: the file is streamed).

    In keep-going mode a bad row is left out and recorded in `skipped` (count it with
    ``len(inventory.skipped)``); otherwise it raises InventoryError. Problems with the file as a
    whole (missing, not an inventory, no name column, not UTF-8) raise in either mode.
    """

    def __init__(self, path: str | Path, format: str, head: Head, name: str, keep_going: bool):
        self.path, self.format, self.name, self.keep_going = path, format, name, keep_going
        self.skipped = Skipped()
        self._vms: Iterator[InventoryVM] | None = _readers()[format](path, name, head, self.skipped if keep_going else None)

    @property
    def rows(self) -> str:
        """What its records' `row` numbers are: "the file's lines (the header is line 1)"."""
        return ROWS[self.format]

    def __iter__(self) -> Iterator[InventoryVM]:
        if self._vms is None:
            raise RuntimeError(f"{self.name}: an Inventory is read once; call read_inventory again")
        vms, self._vms = self._vms, None
        return vms

    def __repr__(self) -> str:
        return f"Inventory({self.name!r}, {self.format!r})"


def read_inventory(path: str | Path, keep_going: bool = False, name: str | None = None) -> Inventory:
    """The inventory at `path` (any format `detect_format` knows), its header already checked;
    iterate it for its VMs. `name` is how records and errors name the file (default: the path)."""
    name = str(path) if name is None else name
    format, head = detect(path, name)
    return Inventory(path, format, head, name, keep_going)
