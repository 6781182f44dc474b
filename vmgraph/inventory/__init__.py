"""Inventories of VMs as admins export them, or read live, for `vmgraph fleet` (issues 12, 20).

    read_inventory(path, keep_going=False, hosts=None, columns=None) -> Inventory   # iterate it for InventoryVM records; "-": standard input
    detect_format(path) -> "rvtools-csv" | "rvtools-xlsx" | "govc-json" | "powercli-csv" | "plain-csv"
    read_hosts(path) -> HostTable        # which release each host runs
    parse_release("VMware ESXi 7.0.3 build-20036589") -> Release; release_row(release, pack.products) -> its row
    parse_hardware_version("vmx-19") -> 19

Formats (column names from section C of the facts file): RVTools' vInfo as CSV or .xlsx (its
default headers, its older names or ``-DBColumnNames``; a folder of its CSV files), ``govc
vm.info -json``, PowerCLI's ``Get-VM | Export-Csv`` (or any report, by ``columns``), a plain
CSV (name, product or hardware, flags), and a vCenter read live (``https://...``, pyVmomi).
Each VM's host's release comes from a hosts table (hosts.py) where one is given or comes with
the export. Every reader streams: memory does not grow with the number of VMs. openpyxl is
needed for .xlsx only and pyVmomi for a live read only, each imported only then.
"""

from __future__ import annotations

from ..errors import InventoryError
from .detect import FORMATS, detect_format
from .hosts import HostTable, read_hosts
from .reader import Inventory, read_inventory
from .record import InventoryVM, Skip, Skipped
from .releases import Release, ReleaseRow, parse_release, release_row
from .values import BadValue, parse_hardware_version

__all__ = [
    "FORMATS",
    "BadValue",
    "HostTable",
    "Inventory",
    "InventoryError",
    "InventoryVM",
    "Release",
    "ReleaseRow",
    "Skip",
    "Skipped",
    "detect_format",
    "parse_hardware_version",
    "parse_release",
    "read_hosts",
    "read_inventory",
    "release_row",
]
