"""read_inventory: one inventory file, any format, as InventoryVM records made as they are read;
each VM's host's release joined from a hosts table where one comes with it (hosts.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import InventoryError
from .columns import parse_columns
from .detect import ROWS, detect
from .hosts import HostTable, read_hosts, workbook_hosts
from .record import InventoryVM, Skipped
from .rvtools_xlsx import FIRST_SHEET_ROWS, NO_VINFO
from .source import Head
from .stream import Source, is_stdin

# An RVTools CSV export is a folder of one file per tab (RVTools' -c ExportAll2csv).
FOLDER_VMS, FOLDER_HOSTS = "RVTools_tabvInfo.csv", "RVTools_tabvHost.csv"
# Formats whose VMs are on vSphere hosts (a plain CSV's may be on any product).
VSPHERE = frozenset({"rvtools-csv", "rvtools-xlsx", "govc-json", "powercli-csv", "vcenter"})


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
        "vcenter": lambda live, name, head, skipped, mapping, notes: live.vms(skipped),
    }


class Inventory:
    """One inventory file: its `format`, and its VMs when iterated (once: the file is streamed).

    In keep-going mode a bad row is left out and recorded in `skipped` (count it with
    ``len(inventory.skipped)``); otherwise it raises InventoryError. Problems with the file as a
    whole (missing, not an inventory, no name column, not UTF-8) raise in either mode.
    """

    def __init__(self, source: Any, format: str, head: Head | None, name: str, keep_going: bool, hosts: HostTable | None = None,
                 columns: dict[str, str] | None = None):
        self.format, self.name, self.keep_going = format, name, keep_going
        self.source = source  # where the VMs come from: a stream.Source, a workbook (rvtools_xlsx.Book), a live vCenter
        self.path = getattr(source, "path", None)  # the file's path (None for standard input or a live read)
        self.skipped = Skipped()
        self.hosts = hosts  # where each VM's host's release comes from; None: nowhere
        self.columns = columns  # --columns: field -> the column (or JSON path) it is read from
        self.notes: list[str] = []  # what reading the header found to say (columns that look like a fact, not read)
        read = _readers()[format]
        self._vms: Iterator[InventoryVM] | None = read(source, name, head, self.skipped if keep_going else None, columns, self.notes)

    @property
    def vsphere(self) -> bool:
        """Its VMs are on vSphere hosts (RVTools, govc, PowerCLI), whatever release they run."""
        return self.format in VSPHERE

    @property
    def rows(self) -> str:
        """What its records' `row` numbers are: "the file's lines (the header is line 1)"."""
        if self.format == "rvtools-xlsx" and any(note.startswith(NO_VINFO) for note in self.notes):
            return FIRST_SHEET_ROWS  # a report of the user's own, read with --columns
        return ROWS[self.format]

    def __iter__(self) -> Iterator[InventoryVM]:
        if self._vms is None:
            raise RuntimeError(f"{self.name}: an Inventory is read once; call read_inventory again")
        vms, self._vms = self._vms, None
        return vms if self.hosts is None else _joined(vms, self.hosts)

    def count_lines(self) -> int | None:
        """The lines of the file (for a progress bar), counted without reading it twice; None
        when that cannot be said (standard input, a workbook, a live read)."""
        counter = getattr(self.source, "count_lines", None)
        return counter() if counter is not None and self.format.endswith("csv") else None

    def __repr__(self) -> str:
        return f"Inventory({self.name!r}, {self.format!r})"


def _joined(vms: Iterator[InventoryVM], hosts: HostTable) -> Iterator[InventoryVM]:
    """Each VM with its host's release, where the table says it and the row does not."""
    release_of = hosts.release
    for vm in vms:
        if vm.release is None and vm.host is not None:
            release = release_of(vm.host)
            if release is not None:
                vm = vm._replace(release=release)
        yield vm


def read_inventory(path: str | Path, keep_going: bool = False, name: str | None = None, hosts: str | Path | HostTable | None = None,
                   columns: str | dict[str, str] | None = None, insecure: bool | None = None) -> Inventory:
    """The inventory at `path` (any format `detect_format` knows, or a folder of RVTools CSV
    files), its header already checked; iterate it for its VMs. `name` is how records and errors
    name the file (default: the path). `hosts` (a hosts file, hosts.py) says which release each
    VM's host runs; an RVTools workbook's vHost sheet, or a folder's RVTools_tabvHost.csv, says
    it when `hosts` is not given. `columns` (``name=VMName,hardware=HWVersion``, or a dict of
    the same) says which column holds which field (columns.py). A URL (``https://vcenter``) is
    read live (vcenter.py: its hosts' releases too; `insecure` accepts a self-signed certificate)."""
    mapping = parse_columns(columns) if isinstance(columns, str) else columns
    if isinstance(path, str) and path.lower().startswith(("https://", "http://")):
        from .vcenter import Live  # pyVmomi, ssl and sockets only for a live read

        if mapping:
            raise InventoryError("--columns", "not for a live read: vCenter's properties have their own names")
        live = Live(str(path), insecure)
        try:
            table = live.hosts() if hosts is None else hosts if isinstance(hosts, HostTable) else read_hosts(hosts, _named(hosts))
        except BaseException:
            live.close()
            raise
        return Inventory(live, "vcenter", None, live.name, keep_going, hosts=table)  # type: ignore[arg-type]
    name = _named(path) if name is None else name
    if is_stdin(path) and is_stdin(hosts):
        raise InventoryError("-", "the inventory and its hosts cannot both be read from standard input: give one of them as a file")
    path, name, beside = _folder(path, name)
    source = Source(path, name)
    try:
        format, head = detect(source, mapping)
        from .rvtools_xlsx import Book

        opened = Book(source) if format == "rvtools-xlsx" else source  # one workbook: its vHost and vInfo sheets
    except BaseException:
        source.close()
        raise
    try:
        inventory = Inventory(opened, format, head, name, keep_going, columns=mapping)
        skipped = inventory.skipped if keep_going else None
        if isinstance(hosts, HostTable):
            inventory.hosts = hosts
        elif hosts is not None:
            inventory.hosts = read_hosts(hosts, _named(hosts), skipped)
        elif beside is not None:
            inventory.hosts = read_hosts(beside[0], beside[1], skipped)
        elif format == "rvtools-xlsx":
            inventory.hosts = workbook_hosts(opened, name, skipped)
    except BaseException:
        opened.close()
        raise
    return inventory


def _named(path: str | Path) -> str:
    """How messages name an input: its path; ``-`` as "standard input"."""
    return "standard input" if is_stdin(path) else str(path)


def _folder(path: str | Path, name: str) -> tuple[str | Path, str, tuple[Path, str] | None]:
    """An RVTools CSV folder's vInfo file (and its vHost file, when there is one); any other path as it is."""
    if is_stdin(path) or not os.path.isdir(path):
        return path, name, None
    path = Path(path)
    files = {child.name.lower(): child for child in path.iterdir()}
    vms = files.get(FOLDER_VMS.lower())
    if vms is None:
        raise InventoryError(name, f"a folder without {FOLDER_VMS}: vmgraph reads a folder of RVTools CSV files ({FOLDER_VMS}, and {FOLDER_HOSTS} for the hosts' releases)")
    hosts = files.get(FOLDER_HOSTS.lower())
    joined = name.rstrip("/\\")
    return vms, f"{joined}/{vms.name}", None if hosts is None else (hosts, f"{joined}/{hosts.name}")
