"""What an inventory says about one VM, and the rows a keep-going read left out."""

from __future__ import annotations

from typing import Iterator, NamedTuple

from ..errors import InventoryError, escape


class InventoryVM(NamedTuple):
    """One VM as an inventory row describes it. None: the inventory does not say.

    `row` is where the file has it, one numbering for every format: the file's line for a CSV
    (the header is line 1; a row whose quoted cell holds a line break is numbered by the line
    it starts on), the sheet's row for an .xlsx (the header is row 1), the VM's place in the
    list for JSON, from 1 (``jq '.virtualMachines[3]'`` is row 4).
    """

    source: str  # the file, as the caller named it
    row: int
    name: str
    hardware_version: int | None  # the vmx number: 19 for "vmx-19"
    product: str | None  # a plain CSV may name a product instead; as written (vmgraph resolves names later)
    guest_id: str | None  # as written: a vmx key (windows9-64) or an API id (windows9_64Guest)
    guest_64bit: bool | None
    cpus: int | None
    memory_mb: int | None
    firmware: str | None  # "bios" or "efi"
    power_state: str | None  # "poweredOn", "poweredOff" or "suspended"
    template: bool | None
    snapshots: bool | None
    host: str | None  # a host's name; for govc JSON its managed-object id ("host-21")
    cluster: str | None
    guest_name: str | None = None  # the guest's full name, where the inventory gives that instead of an id
    flags: tuple[str, ...] = ()  # plain CSV flags with no field of their own: "smp", "3d"
    secure_boot: bool | None = None  # UEFI Secure Boot on (RVTools' "EFI Secure boot", a plain CSV's secureboot flag)
    release: str | None = None  # its host's release as written ("VMware ESXi 7.0.3 build-20036589"): a hosts table's, or a row's own
    cores_per_socket: int | None = None  # a live read's (config.hardware.numCoresPerSocket)
    nic_models: tuple[str, ...] | None = ()  # a live read's: vmxnet3, e1000e, ... one per NIC (as the .vmx names them); None or (): not said
    controllers: tuple[str, ...] | None = ()  # a live read's: pvscsi, lsisas1068, sata, nvme, ... one per controller; None or (): not said

    @property
    def smp(self) -> bool | None:
        """More than one vCPU (or a plain CSV's ``smp`` flag); None when the inventory does not say."""
        if "smp" in self.flags:
            return True
        return None if self.cpus is None else self.cpus > 1

    @property
    def arch(self) -> str | None:
        """"arm64" for a guest id with the ``arm-`` prefix (``arm-windows11-64``, as a .vmx and
        `vmgraph inspect` read it: open-vm-tools' guest_os.h); None otherwise, which the planner
        takes as x86_64, as `vmgraph route` does without --arch."""
        return "arm64" if self.guest_id and self.guest_id.strip().lower().startswith("arm-") else None

    @property
    def suspended(self) -> bool | None:
        return None if self.power_state is None else self.power_state == "suspended"


class Skip(NamedTuple):
    """A row a keep-going read left out: where, and why (the error it would have raised)."""

    file: str
    row: int | None
    column: str | None
    reason: str
    where: str = ""

    @classmethod
    def of(cls, error: InventoryError) -> Skip:
        return cls(error.file, error.row, error.column, error.reason, error.where)

    def __str__(self) -> str:
        return escape(f"{self.file}: {self.where}: {self.reason}" if self.where else f"{self.file}: {self.reason}")


class Skipped:
    """The rows a keep-going read left out: `count` of them (``len()`` too), the first `keep`
    kept as `Skip` records (iterate it). Only `keep` are kept so that memory stays flat however
    many rows are bad."""

    def __init__(self, keep: int = 1000):
        self.keep = keep
        self.count = 0
        self.rows: list[Skip] = []

    def add(self, error: InventoryError) -> None:
        self.count += 1
        if len(self.rows) < self.keep:
            self.rows.append(Skip.of(error))

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Skip]:
        return iter(self.rows)

    def __repr__(self) -> str:
        return f"Skipped({self.count} rows)"
