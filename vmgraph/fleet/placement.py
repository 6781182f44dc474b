"""Which product each VM of a fleet is on, and who says so.

In order: the row's own product (a plain CSV's `product`), then ``--from`` (an override for
every row that names none), then the release of the VM's host where the inventory says it (a
hosts table, a row's `release`; inventory/releases.py reads it as a row of the rule pack), and
for a VM of a vSphere inventory (RVTools, govc, PowerCLI) whose host's release is not said,
vmgraph's reading: "a vSphere host that runs its hardware".

That reading rests on how the rule pack moves a VM between two vSphere hosts: by its hardware
version alone (rules/today/moves.toml, after "vSphere 5.0 Upgrade: virtual hardware versions and
vMotion", which vmgraph applies to every two hosts that run the VM's version); which release the
VM came from does not enter into it. So the plan does
not depend on which vSphere host it is; for the commands vmgraph names the oldest ESX/ESXi
release that runs the hardware (other than the target's, so that the move to the target is
planned: a VM already there has nothing to do), chosen the same way every time. It is said
once in the notes, and each such VM's "on" is marked.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ..inventory import Inventory, InventoryVM
from ..inventory.releases import parse_release, release_row, release_rows
from ..pack.model import ESX_FAMILIES, RulePack
from ..vm.hardware import HardwareNameError, level_of_version

# Who says which product a VM is on (QuestionKey.said_by).
ROW, FROM, HOST, READING = "inventory", "option", "host", "vmgraph"  # CSV and JSON product_from
SAID_BY = {
    ROW: "the inventory's row names it",
    FROM: "the --from option",
    HOST: "its host's release, as the inventory gives it",
    READING: "vmgraph's reading: a vSphere host that runs its hardware",
}
KEPT = 8  # distinct releases kept for the notes (read as a row with a reading, or not read at all)
_MEMO = 4096  # distinct release texts remembered


class Reading(NamedTuple):
    """A release read as a row with vmgraph's reading (the row is not the release itself)."""

    release: str
    row: str
    words: str


class Placement:
    """Each VM's product, worked out once per distinct release or hardware version; what was
    worked out how is counted for the notes."""

    def __init__(self, pack: RulePack, inventory: Inventory, targets: frozenset[str]):
        self.pack, self.targets = pack, targets
        self.vsphere = inventory.vsphere
        self.hosts = inventory.hosts
        self._rows = release_rows(pack.products)
        self._releases: dict[str, str | None] = {}
        self._runners: dict[int | None, str | None] = {}
        self.by_host = 0  # VMs placed by their host's release
        self.by_reading = 0  # VMs placed by vmgraph's reading
        self.unplaced = 0  # VMs of a vSphere inventory placed nowhere (no hardware version either)
        self.unread: Counter[str] = Counter()  # releases vmgraph has no row for -> VMs (the first KEPT)
        self.readings: dict[str, Reading] = {}  # releases read with a reading (the first KEPT)
        self.read_with_reading = 0  # VMs whose host's release was read with a reading

    def place(self, vm: InventoryVM) -> tuple[str | None, str | None]:
        """(product, who says it) for a VM whose row names no product and with no --from."""
        release = vm.release
        if release is not None:
            try:
                row = self._releases[release]
            except KeyError:
                row = self._read(release)
                if len(self._releases) < _MEMO:
                    self._releases[release] = row
            if row is not None:
                self.by_host += 1
                if release in self.readings:
                    self.read_with_reading += 1
                return row, HOST
            if len(self.unread) < KEPT or release in self.unread:
                self.unread[release] += 1
            else:
                self.unread[""] += 1  # counted, not named
        if not self.vsphere:
            return None, None
        version = vm.hardware_version
        try:
            runner = self._runners[version]
        except KeyError:
            runner = self._runners[version] = self._runner(version)
        if runner is None:
            self.unplaced += 1
            return None, None
        self.by_reading += 1
        return runner, READING

    def _read(self, release: str) -> str | None:
        parsed = parse_release(release)
        found = None if parsed is None else release_row(parsed, self.pack.products, self._rows)
        if found is None:
            return None
        if found.reading and (len(self.readings) < KEPT or release in self.readings):
            self.readings[release] = Reading(release, found.name, found.reading)
        return found.name

    def _runner(self, version: int | None) -> str | None:
        """The oldest ESX/ESXi release that runs `version`, other than the target's when another does."""
        if version is None:
            return None
        try:
            level = level_of_version(version)
        except HardwareNameError:
            return None
        order = list(self.pack.products)
        runners = sorted(
            (p for p in self.pack.products.values() if p.is_today and p.family in ESX_FAMILIES and p.runs_hardware(level)),
            key=lambda p: (p.name in self.targets, p.generation, order.index(p.name)),
        )
        return runners[0].name if runners else None

    @property
    def unread_vms(self) -> int:
        return sum(self.unread.values())

    def notes(self) -> list[str]:
        """What the notes say of where the VMs are (vmgraph's words; each fact with its source)."""
        found = []
        hosts = self.hosts
        if self.by_host:
            found.append(f"{_vms(self.by_host, 'is', 'are')} on their host's release, as {hosts.source if hosts else 'the inventory'} gives it"
                         + (f" ({hosts.hosts:,} hosts)." if hosts else "."))
        for reading in self.readings.values():
            found.append(f"vmgraph's reading: {reading.words}.")
        unread = [release for release in self.unread if release]
        if unread:
            shown = ", ".join(f"'{release}'" for release in unread[:3]) + (", ..." if len(unread) > 3 else "")
            found.append(f"{_vms(self.unread_vms, 'is', 'are')} on hosts whose release vmgraph has no row for ({shown}): "
                         "they are planned as the VMs whose host's release is not said.")
        if hosts is not None and hosts.missed:
            shown = ", ".join(f"'{host}'" for host in hosts.missing)
            found.append(f"{_vms(hosts.missed, 'names', 'name')} a host {hosts.source} does not list ({shown}{', ...' if len(hosts.missing) >= 5 else ''}).")
        if hosts is not None and hosts.unsaid:
            found.append(f"{_vms(hosts.unsaid, 'is', 'are')} on hosts {hosts.source} lists without a release.")
        if self.by_reading:
            found.append(
                f"The inventory does not say which release the host of {_vms(self.by_reading)} runs: vmgraph takes each to be on "
                "a vSphere host that runs its hardware (marked * under 'on'). That is vmgraph's reading: the rules move a VM between "
                "vSphere hosts by its hardware version alone (rules/today/moves.toml, after vSphere 5.0 Upgrade: virtual hardware "
                "versions and vMotion), so the plan is the same whichever host it is on, and the commands name the oldest release "
                "that runs it. A VM already on the target has nothing to do. "
                "Give each host's release (--hosts FILE) or say where the VMs are (--from PRODUCT) where it matters."
            )
        if self.unplaced:
            found.append(f"{_vms(self.unplaced, 'has', 'have')} no hardware version and no host's release: say where they are with --from PRODUCT.")
        return found


def _vms(count: int, one: str = "", many: str = "") -> str:
    """"1 VM is", "3 VMs are": a count and its verb."""
    words = f"{count:,} VM{'' if count == 1 else 's'}"
    verb = one if count == 1 else many
    return f"{words} {verb}" if verb else words
