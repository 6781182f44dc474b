"""Which inventory format a file is, from its first bytes and its header.

An .xlsx is a zip file (it starts with ``PK``) holding a vInfo sheet: RVTools. A file whose
first character that is not white space is ``{`` or ``[`` is JSON: govc. Any other is a CSV,
known by its header's column names (ignoring case): RVTools' vInfo (`VM` with `HW version`,
`Powerstate` or `OS according to the configuration file`; or `vInfoVMName`), a plain CSV
(`name` with `product` or `hardware`), PowerCLI's Get-VM (`Name` with `HardwareVersion`,
`Version`, `NumCpu`, `MemoryMB` ...), in that order.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InventoryError
from . import govc_json
from . import plain_csv
from . import powercli_csv
from . import rvtools
from .columns import LOOKALIKES, key
from .source import Head, sniff
from .stream import Source

# Format name -> what its header has, for the message when none matches.
FORMATS = {
    "rvtools-csv": rvtools.DESCRIPTION,
    "rvtools-xlsx": "RVTools .xlsx export (a workbook with a vInfo sheet)",
    "govc-json": govc_json.DESCRIPTION,
    "powercli-csv": powercli_csv.DESCRIPTION,
    "plain-csv": plain_csv.DESCRIPTION,
    "vcenter": "a vCenter or ESXi host read live (https://host, pyVmomi)",
}
# What a record's row is, by format (InventoryVM.row): one numbering, said in every output.
ROWS = {
    "rvtools-csv": "the file's lines (the header is line 1)",
    "rvtools-xlsx": "the vInfo sheet's rows (the header is row 1)",
    "govc-json": "each VM's place in the JSON list, from 1",
    "powercli-csv": "the file's lines (the header is line 1)",
    "plain-csv": "the file's lines (the header is line 1)",
    "vcenter": "each VM's place in the order vCenter listed them, from 1",
}
_CSV_FORMATS = (("rvtools-csv", rvtools.matches), ("plain-csv", plain_csv.matches), ("powercli-csv", powercli_csv.matches))


def detect_format(path: str | Path, name: str | None = None) -> str:
    """The format of the inventory at `path` (``-``: standard input, read for it): one of
    `FORMATS`. InventoryError when it is none."""
    with Source(path, str(path) if name is None else name) as source:
        return detect(source)[0]


def detect(source: Source, mapping: dict[str, str] | None = None) -> tuple[str, Head]:
    """The format and the head of a file. With `mapping` (--columns), a CSV whose header is no
    known format's is read as a report of vSphere VMs (PowerCLI's columns, the mapped ones
    first), or as a plain CSV when the mapping names a product column."""
    head, name = sniff(source), source.name
    if head.kind == "xlsx":
        return "rvtools-xlsx", head
    if head.kind == "json":
        return "govc-json", head
    header = {cell.lower() for cell in head.header}
    for format, matches in _CSV_FORMATS:
        if matches(header):
            return format, head
    if mapping:
        return ("plain-csv" if "product" in mapping else "powercli-csv"), head
    shown = ", ".join(repr(cell) for cell in head.header[:6]) + (", ..." if len(head.header) > 6 else "")
    expected = "; ".join(FORMATS[f] for f in ("rvtools-csv", "powercli-csv", "plain-csv"))
    hint = ""
    found = {field: next((cell for cell in head.header if key(cell) in names), None) for field, names in LOOKALIKES.items()}
    found = {field: cell for field, cell in found.items() if cell}
    if found:
        example = ",".join(f"{field}={cell}" for field, cell in list(found.items())[:4])
        hint = f"; if it is a report of VMs, say which column holds what with --columns (e.g. --columns {example})"
    raise InventoryError(name, f"not an inventory vmgraph reads: its header ({shown or 'empty'}) has the columns of none of {expected}; nor is it .xlsx or govc JSON{hint}")
