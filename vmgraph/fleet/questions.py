"""One inventory row as a route question: the product the VM is on, and what matters of it.

Two VMs that ask the same question get the same route, so the question is also the key of the
fleet's memo: the product, the hardware version, the five facts the planner weighs (SMP,
64-bit guest, 3-D, a snapshot, suspended) and the guest's CPU architecture. What an inventory leaves unsaid is taken as the
planner's default (one vCPU, a 32-bit guest, no snapshot, ...), as `vmgraph route` takes an
unset flag; the work plan says how many VMs that was.
"""

from __future__ import annotations

from typing import NamedTuple

from ..vm.hardware import HardwareNameError, level_of_version
from ..inventory import InventoryVM
from ..planning.records import VM


class QuestionKey(NamedTuple):
    """What decides a VM's route. `product` is where the VM is (None: nothing says), and
    `said_by` who says it (placement.py: the row, --from, its host's release, vmgraph's reading)."""

    product: str | None
    hardware_version: int | None  # the vmx number; None: the product's own hardware
    smp: bool
    sixty_four_bit: bool
    three_d: bool
    snapshot: bool
    suspended: bool
    said_by: str | None = "inventory"
    arch: str | None = None  # "arm64" for an Arm guest (its guest id); None: x86_64, as route takes it


def question_key(vm: InventoryVM, default_product: str | None, said_by: str | None = "option") -> tuple:
    """The question as a plain tuple (in QuestionKey's order): made once per VM, so kept cheap.
    The row's own product comes first; `default_product` (said by `said_by`) is for rows without."""
    flags = vm.flags
    product = vm.product
    return (
        product or default_product,
        vm.hardware_version,
        "smp" in flags or (vm.cpus or 0) > 1,
        vm.guest_64bit is True,
        "3d" in flags,
        vm.snapshots is True,
        vm.power_state == "suspended",
        "inventory" if product else said_by if default_product else None,
        vm.arch,
    )


class Unaskable(Exception):
    """The row cannot be asked as a route question: why, in a line."""


def route_vm(key: QuestionKey) -> VM:
    """The planner's VM for a question (Unaskable when its hardware is no version vmgraph knows)."""
    hardware = None
    if key.hardware_version is not None:
        try:
            hardware = level_of_version(key.hardware_version)
        except HardwareNameError as error:
            raise Unaskable(f"hardware version {key.hardware_version}: {error}") from None
    return VM(hardware, key.smp, key.sixty_four_bit, key.three_d, key.snapshot, key.suspended, arch=key.arch)
