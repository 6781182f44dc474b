"""A VM's own files as a route question (`vmgraph route --vmx PATH TARGET`).

The facts vmgraph reads from the files (vm_facts.py) are applied as if given as
flags: the hardware, an SMP or 64-bit guest, 3-D, a snapshot, a suspended VM,
disk modes that keep redo logs. Reading a hardware version as one of the
guide's generations is an inference, and the route says so.
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import InvalidArgumentValue
from .hardware import HardwareNameError, both_names, level_of_version, parse_hardware
from .planner import VM
from .vm_facts import VmFacts

# KB 1003746 lists the guide's generation 4 products (ESX Server 2, GSX Server 3,
# Workstation 4) against hardware version 3, and Workstation 5 against 4.
GUIDE_GENERATION = {3: 4, 4: 5}
# The disk mode that asks most of a move decides (redo logs to commit first).
DISK_MODES_FIRST = ("undoable", "append", "nonpersistent", "persistent")


class VmQuestion(NamedTuple):
    vm: VM
    notes: tuple[str, ...]  # what vmgraph read, and what it inferred, for the route's warnings


def vm_from_facts(facts: VmFacts, given: VM = VM()) -> VmQuestion:
    """The VM for a route question: the files' facts, plus what the flags add."""
    version = facts.hardware_version
    if version is None:
        raise InvalidArgumentValue("vmx", facts.file, "the file states no virtualHW.version, so vmgraph cannot tell its hardware")
    try:
        generation = level_of_version(version)
    except HardwareNameError as error:
        raise InvalidArgumentValue("vmx", facts.file, f"virtualHW.version {version}: {error}") from None
    if given.hardware is not None and parse_hardware(given.hardware) != generation:
        raise InvalidArgumentValue("vm.hardware", given.hardware, f"the VM's files say hardware version {version} ({both_names(generation)})")
    modes = {disk.mode.removeprefix("independent-") for disk in facts.disks}
    disk_mode = next((mode for mode in DISK_MODES_FIRST if mode in modes), "persistent")
    if given.disk_mode != "persistent":
        disk_mode = given.disk_mode
    vm = given._replace(
        hardware=generation,
        smp=given.smp or facts.smp,
        sixty_four_bit=given.sixty_four_bit or bool(facts.guest_64bit),
        three_d=given.three_d or facts.three_d,
        snapshot=given.snapshot or facts.has_snapshots,
        suspended=given.suspended or facts.suspended,
        disk_mode=disk_mode,
    )
    read = [f"{facts.vcpus} vCPU{'s' if facts.vcpus != 1 else ''}"]
    if facts.guest_os:
        read.append(f"guest {facts.guest_os}")
    if facts.has_snapshots:
        read.append("a snapshot")
    if facts.suspended:
        read.append("suspended")
    read.append(f"disks {disk_mode}")
    notes = (f"From {facts.file}: hardware version {version} (vmx-{version:02d}), " + ", ".join(read) + ".",)
    if version in GUIDE_GENERATION:
        notes += (
            f"vmgraph reads hardware version {version} as the guide's generation {generation}: an inference from "
            "KB 1003746, which lists the guide's products against hardware versions 3 and 4.",
        )
    return VmQuestion(vm, notes)
