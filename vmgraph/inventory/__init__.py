"""Inventories of VMs as admins export them, read for `vmgraph fleet` (issue 12).

    read_inventory(path, keep_going=False) -> Inventory   # iterate it for InventoryVM records
    detect_format(path) -> "rvtools-csv" | "rvtools-xlsx" | "govc-json" | "powercli-csv" | "plain-csv"
    parse_hardware_version("vmx-19") -> 19

Formats (column names from section C of the facts file): RVTools' vInfo as CSV or .xlsx (its
default headers or ``-DBColumnNames``), ``govc vm.info -json``, PowerCLI's ``Get-VM |
Export-Csv``, and a plain CSV (name, product or hardware, flags). Every reader streams: memory
does not grow with the number of VMs. openpyxl is needed for .xlsx only, and imported only then.
"""

from __future__ import annotations

from ..errors import InventoryError
from .detect import FORMATS, detect_format
from .reader import Inventory, read_inventory
from .record import InventoryVM, Skip, Skipped
from .values import BadValue, parse_hardware_version

__all__ = [
    "FORMATS",
    "BadValue",
    "Inventory",
    "InventoryError",
    "InventoryVM",
    "Skip",
    "Skipped",
    "detect_format",
    "parse_hardware_version",
    "read_inventory",
]
