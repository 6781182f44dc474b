"""Which release each host runs, from the hosts file or sheet an inventory comes with.

    read_hosts("hosts.json") -> HostTable   # govc host.info -json
    table.release("esx01.corp.example") -> "VMware ESXi 7.0.3 build-20036589"

A VM's inventory names its host (RVTools' `Host`, PowerCLI's `VMHost`, govc's ``runtime.host``
reference); a hosts table says which release that host runs, as written (releases.py reads it).
Hosts are matched by name ignoring case and surrounding spaces, and by their managed-object id
(``host-21``: govc's VMs name their host so). A table holds every host in memory: an estate has
thousands of hosts, not millions.

The formats (told apart as inventories are, by their first bytes and header):

- RVTools' vHost tab, as its sheet in the .xlsx or ``RVTools_tabvHost.csv``: `Host` and `ESX
  Version` (``VMware ESXi 7.0.3 build-20036589``), the names of the 4.x export KYLOW lists (facts
  C1, "from RVTOOLEX.xlsx reference"); ``-DBColumnNames`` exports write `vHostName` for `Host`
  (RvToolsMerge's SheetConfiguration.cs); its name for `ESX Version` is UNCONFIRMED
  (`vHostVersion` is read, a guess by analogy).
- ``govc host.info -json``: ``{"hostSystems": [<HostSystem>, ...]}`` (``HostSystems`` before govc
  0.32), each with ``self`` (its id), ``name`` (else ``summary.config.name``) and the vSphere
  API's AboutInfo in ``summary.config.product`` (else ``config.product``): ``fullName``, else
  ``version`` and ``build`` (govmomi's govc/host/info.go: with -json it retrieves every property).
- PowerCLI's ``Get-VMHost | Export-Csv``: `Name`, `Version` (``7.0.3``) and `Build`.
- A plain CSV: `host` (or `name`) and `release` (or `version`, with an optional `build`).
"""

from __future__ import annotations

import csv
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import InventoryError
from .json_stream import JsonStream, get_path
from .record import Skipped
from .source import Head, csv_rows, read_failure, sniff
from .stream import Source
from .values import quoted

# Header names (matched ignoring case), in order of preference.
NAME_HEADERS = ("Host", "vHostName", "Name", "VMHost", "Host name")
RELEASE_HEADERS = ("ESX Version", "vHostVersion", "Release", "FullName", "Version")
BUILD_HEADERS = ("Build",)
SHEET = "vHost"
LIST_KEY = "hostSystems"
DESCRIPTION = ("RVTools vHost ('Host', 'ESX Version'), govc host.info -json, PowerCLI Get-VMHost ('Name', 'Version', 'Build') "
               "or a plain CSV ('host', 'release')")
MISSING_KEPT = 5  # host names kept (for the notes) that VMs name but the table lacks
MAX_HOSTS = 200_000  # a table is held in memory (some 80 MB at this bound); vCenter manages at most 2,500 hosts


class HostTable:
    """Hosts and their releases as written, from one file (`source`: how outputs name it)."""

    def __init__(self, source: str):
        self.source = source
        self.hosts = 0  # rows that name a host
        self.without = 0  # of them, those that give no release
        self._releases: dict[str, str] = {}
        self._rows: dict[str, int] = {}
        self.missing: Counter[str] = Counter()  # host names VMs name that the table lacks (the first few)
        self.missed = 0  # VMs whose host the table lacks
        self.unsaid = 0  # VMs whose host the table lists without a release

    def add(self, keys: Iterable[str], release: str | None, row: int, file: str, where: str | None = None) -> None:
        """One host (its name and id) and its release; InventoryError when a host is listed
        twice with different releases."""
        self.hosts += 1
        release = " ".join(release.split()) if release else ""
        if not release:
            self.without += 1
        for key in keys:
            key = key.strip().lower()
            if not key:
                continue
            known = self._releases.get(key)
            if not release:
                if known is None:
                    self._releases[key], self._rows[key] = "", row  # listed, its release not said
                continue
            if known and known != release:
                raise InventoryError(file, f"host {quoted(key)} is listed twice with different releases ({quoted(known)} in row {self._rows[key]})", row,
                                     where=where)
            self._releases[key], self._rows[key] = release, row

    def check_size(self, file: str, row: int) -> None:
        """InventoryError (even in keep-going mode: it is the file's) when one more host would pass MAX_HOSTS."""
        if self.hosts >= MAX_HOSTS:
            raise InventoryError(file, f"more than {MAX_HOSTS:,} hosts: more than any estate has (a vCenter manages at most 2,500), not read", row)

    def release(self, host: str | None) -> str | None:
        """The release of `host` as written; None when the table does not say (counted: in
        `missed` and `missing` when it lacks the host, in `unsaid` when it gives no release)."""
        if host is None:
            return None
        found = self._releases.get(host.strip().lower())
        if found is None:
            self.missed += 1
            if len(self.missing) < MISSING_KEPT or host in self.missing:
                self.missing[host] += 1
        elif not found:
            self.unsaid += 1
        return found or None

    def __len__(self) -> int:
        return self.hosts

    def __repr__(self) -> str:
        return f"HostTable({self.source!r}, {self.hosts} hosts)"


def read_hosts(path: str | Path, name: str | None = None, skipped: Skipped | None = None) -> HostTable:
    """The hosts file at `path`, any format of the module's list; InventoryError when it is none
    (with `skipped`, a bad host row is counted there and left out instead)."""
    name = str(path) if name is None else name
    with Source(path, name) as source:
        head = sniff(source)
        if head.kind == "xlsx":
            from .rvtools_xlsx import Book

            book = Book(source)
            try:
                table = workbook_hosts(book, name, skipped)
            finally:
                book.close()
            if table is None:
                raise InventoryError(name, f"an Excel workbook without a {SHEET} sheet: vmgraph reads hosts from RVTools' {SHEET}")
            return table
        if head.kind == "json":
            return _json_hosts(source, name, head, skipped)
        table = csv_rows(source, head)
        with closing(table.handle):
            number = [0]
            try:
                return table_of_rows(_numbered(table, number), name, name, None, skipped, head.header)
            except csv.Error as error:
                raise read_failure(error, name, number[0] + 1) from None


def workbook_hosts(book: Any, name: str, skipped: Skipped | None = None) -> HostTable | None:
    """The hosts of an RVTools workbook's vHost sheet (rvtools_xlsx.Book); None when it has none."""
    from .rvtools_xlsx import sheet_rows

    rows = sheet_rows(book.workbook, SHEET, name)
    return None if rows is None else table_of_rows(rows, name, f"{name} ({SHEET} sheet)", 2, skipped)


def _numbered(table: Any, last: list[int]) -> Iterator[tuple[int, list[str]]]:
    """A CSV's rows with their lines (source.CsvRows); `last[0]`: the line of the last one."""
    number = table.first - 1
    for row in table.rows:
        number += 1 + table.spans[0]
        table.spans[0] = 0
        last[0] = number
        yield number, row


def table_of_rows(rows: Iterable[Any], file: str, source: str, first: int | None, skipped: Skipped | None = None,
                  header: tuple[str, ...] | None = None) -> HostTable:
    """A table from rows of cells: the header first (unless given), then hosts. With `first`,
    rows are plain lists numbered from it (a sheet's rows); without, (number, row) pairs."""
    rows = iter(rows)
    if header is None:
        header = tuple(str(cell or "").strip() for cell in next(rows, ()))
    where = {cell.lower(): position for position, cell in reversed(list(enumerate(header)))}
    name_at = _first(where, NAME_HEADERS)
    release_at = _first(where, RELEASE_HEADERS)
    build_at = _first(where, BUILD_HEADERS)
    for position in (name_at, release_at, build_at):
        again = None if position is None else next((p for p, cell in enumerate(header) if p > position and cell.lower() == header[position].lower()), None)
        if again is not None:
            raise InventoryError(file, f"the header names the column {quoted(header[position])} twice (columns {position + 1:,} and {again + 1:,}), "
                                       "and vmgraph reads one of them: rename or remove the other", 1)
    if name_at is None or release_at is None:
        shown = ", ".join(repr(cell) for cell in header[:6]) + (", ..." if len(header) > 6 else "")
        raise InventoryError(file, f"not a hosts file vmgraph reads: its header ({shown or 'empty'}) lacks a host's name or its release; expected {DESCRIPTION}")
    table = HostTable(source)
    number = (first or 0) - 1
    for item in rows:
        if first is None:
            number, row = item
        else:
            number, row = number + 1, item
        cells = [str(cell).strip() if cell is not None else "" for cell in row]
        host = cells[name_at] if name_at < len(cells) else ""
        if not host:
            continue  # a blank row (or one naming no host)
        release = cells[release_at] if release_at < len(cells) else ""
        build = cells[build_at] if build_at is not None and build_at < len(cells) else ""
        table.check_size(file, number)
        if release and build and build not in release:
            release = f"{release} build-{build}"
        try:
            table.add((host,), release, number, file)
        except InventoryError as error:
            if skipped is None:
                raise
            skipped.add(error)
    return table


def _first(where: dict[str, int], names: tuple[str, ...]) -> int | None:
    return next((where[n.lower()] for n in names if n.lower() in where), None)


def _json_hosts(source: Source, name: str, head: Head, skipped: Skipped | None) -> HostTable:
    table = HostTable(name)
    with source.text(head.encoding or "utf-8-sig") as handle:
        stream = JsonStream(handle, name, LIST_KEY, "hosts", "govc host.info -json", source.blank_lines)
        for label, index, item in stream.items():
            row, where = index + 1, f"row {index + 1} ({label}[{index}])"
            table.check_size(name, row)
            try:
                if not isinstance(item, dict):
                    raise InventoryError(name, "not a host object", row, where=where)
                host = get_path(item, ("name",)) or get_path(item, ("summary", "config", "name"))
                ref = get_path(item, ("self", "value"))
                if not isinstance(host, str) and not isinstance(ref, str):
                    raise InventoryError(name, "no host name and no id ('name', 'self')", row, where=where)
                table.add([key for key in (host, ref) if isinstance(key, str)], _about(item), row, name, where)
            except InventoryError as error:
                if skipped is None:
                    raise
                skipped.add(error)
    return table


def _about(item: dict[str, Any]) -> str | None:
    """The host's release from its AboutInfo: fullName, else version and build."""
    for path in (("summary", "config", "product"), ("config", "product")):
        product = get_path(item, path)
        if not isinstance(product, dict):
            continue
        full = get_path(product, ("fullName",))
        if isinstance(full, str) and full.strip():
            return full
        version, build = get_path(product, ("version",)), get_path(product, ("build",))
        if isinstance(version, str) and version.strip():
            return f"{version} build-{build}" if isinstance(build, str) and build.strip() else version
    return None
