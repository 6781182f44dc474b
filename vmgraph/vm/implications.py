"""What a VM's facts mean for a move, in plain words, each with its source.

Only what a source says is claimed: the 2005 planning guide (the same sections and pages as
rules/vm-state.toml), and the VMware documents, KB copies and VMware code collected in the facts
file (sections A and D). Where vmgraph reads between the lines, `Implication.inferred` says how.
Nothing here plans a route: `vmgraph route` does that; this says what to watch for.

The tables are data: `RULES` (a test on the facts and a sentence), `FEATURE_FLOORS` and the
vCPU and memory limits (the lowest hardware version vSphere offers a device or a size at), whose
numbers come from vmgraph/limits.py, the one table of what each hardware version can hold.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from .limits import cap_table, floor_version
from .facts import VmFacts


class Source(NamedTuple):
    title: str
    url: str | None = None


_GUIDE = "VMware, Virtual Machine Mobility Planning Guide (2005)"
_FEATURES_PAGE = "Virtual Machine Administration, \"Hardware Features Available with Virtual Machine Compatibility Settings\""

SOURCES: dict[str, Source] = {
    "Guide p. 7": Source(f"{_GUIDE}: Considerations if You Move To or From ESX Server, p. 7"),
    "Guide p. 9": Source(f"{_GUIDE}: Understanding Product Generations, p. 9"),
    "Guide p. 13": Source(f"{_GUIDE}: Generation 5 to Generation 5, p. 13"),
    "KB 1003746": Source(
        "VMware KB 1003746, virtual machine hardware versions (the 2013 text, as copied on a blog)",
        "http://virtualization24x7.blogspot.com/2013/03/virtual-machine-hardware-versions.html",
    ),
    "vSphere 8.0 docs": Source(
        f"vSphere 8.0 {_FEATURES_PAGE}",
        "https://docs.vmware.com/it/VMware-vSphere/8.0/vsphere-vm-administration/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html",
    ),
    "vSphere 6.7 docs": Source(
        f"vSphere 6.7 {_FEATURES_PAGE}",
        "https://docs.vmware.com/fr/VMware-vSphere/6.7/com.vmware.vsphere.vm_admin.doc/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html",
    ),
    "vSphere 6.5 docs": Source(
        f"vSphere 6.5 {_FEATURES_PAGE}",
        "https://docs.vmware.com/jp/VMware-vSphere/6.5/com.vmware.vsphere.vm_admin.doc/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html",
    ),
    "vSphere 6.0.1 docs": Source(
        "vSphere 6.0.1 Virtual Machine Administration, virtual machine compatibility (Table 6-1), as copied on a site at a raw IP address (VMware's own page was not read)",
        "http://38.142.81.21:8001/manual/vmware/vcenter-server/4-3-2-1-6-0-1-english/page-90.html",
    ),
    "vSphere 6.0 upgrade docs": Source(
        "vSphere 6.0 vCenter Server and Host Management, upgrading virtual machines, as copied on a site at a raw IP address (VMware's own page was not read)",
        "http://38.142.81.21:8001/manual/vmware/vcenter-server/2-1-6-0-english/page-139.html",
    ),
    "vSphere 4 SDK docs": Source(
        "vSphere SDK programming guide, hardware versions on ESX/ESXi 4.x hosts",
        "https://vdc-download.vmware.com/vmwb-repository/dcr-public/5c1c7b8c-0d1b-4037-af84-5f43787eb378/fab98b61-56a7-4608-992f-818d3b40e4ae/GUID-4338236E-7F8B-47F3-9B0B-A7C7728F7337.html",
    ),
    "vSphere 4 suspended migration": Source(
        "vSphere 4 Basic System Administration, Migrating a Suspended Virtual Machine",
        "https://pubs.vmware.com/vsphere-4-esx-vcenter/topic/com.vmware.vsphere.bsa.doc_40_u1/vc_admin_guide/migrating_virtual_machines/c_migrating_a_suspended_virtual_machine.html",
    ),
    "vSphere 4 migration checks": Source(
        "vSphere 4 Basic System Administration, About Migration Compatibility Checks",
        "https://pubs.vmware.com/vsphere-4-esx-vcenter/topic/com.vmware.vsphere.bsa.doc_40_u1/vc_admin_guide/migrating_virtual_machines/c_about_migration_compatibility_checks.html",
    ),
    "Converter 6.4": Source(
        "vCenter Converter Standalone 6.4 User's Guide",
        "https://docs.vmware.com/en/vCenter-Converter-Standalone/6.4/vcenter-converter/GUID-A213226D-8008-46C8-B0A2-930E45DE0FE8.html",
    ),
    "Converter SDK 6.6": Source("vCenter Converter Standalone SDK 6.6, ConverterTargetVmSpec.hardwareVersion"),
    "Fusion 13 docs": Source(
        "VMware Fusion Pro 13, Virtual Machine Compatibility",
        "https://techdocs2-prod.adobecqms.net/us/en/vmware-cis/desktop-hypervisors/fusion-pro/13-0/using-vmware-fusion/configuring-your-virtual-machines/virtual-machine-compatibility.html",
    ),
    "Fusion on Apple silicon": Source(
        "VMware Fusion Blog, April 2021: Fusion on Apple Silicon: Progress Update ('We don't plan to support installing or running x86 VMs on Macs with Apple silicon')",
        "https://blogs.vmware.com/teamfusion/2021/04/fusion-on-apple-silicon-progress-update.html",
    ),
    "govmomi": Source(
        "VMware's Go SDK govmomi, vim25/types/hardware_version.go",
        "https://github.com/vmware/govmomi/blob/fd06160642a8c3609c0cd86e2bc25f2b4e974631/vim25/types/hardware_version.go",
    ),
}


class Implication(NamedTuple):
    about: str  # the VmFacts field it follows from: "hardware_version", "snapshots", ...
    text: str
    source: str  # a key of SOURCES
    inferred: str | None = None  # how vmgraph reads it, where the source only implies it
    min_hardware: int | None = None  # the lowest hardware version a target may have, by this


class Rule(NamedTuple):
    about: str
    applies: Callable[[VmFacts], bool]
    text: str  # str.format()ted with vm=the facts
    source: str
    inferred: str | None = None

    @property
    def from_guide(self) -> bool:
        return self.source.startswith("Guide")


# The guide's products run hardware up to version 4 (KB 1003746: Workstation 5.x at "3 and 4",
# ESX 2.x and GSX Server 3.x at 3), and no product powers on a VM with newer hardware than its
# own: so the guide's rules are shown only for VMs of version 4 or older (or of no stated version).
GUIDE_MAX_HARDWARE = 4


def _hardware(test: Callable[[int], bool]) -> Callable[[VmFacts], bool]:
    return lambda vm: vm.hardware_version is not None and test(vm.hardware_version)


_GENERATIONS = (
    "No source states how virtualHW.version maps to the guide's generations: KB 1003746 lists "
    "ESX 2.x and GSX Server 3.x (the guide's generation 4) at version 3, and Workstation 5.x "
    "(generation 5) at versions 3 and 4."
)

RULES: tuple[Rule, ...] = (
    Rule("hardware_version", _hardware(lambda hw: True),
         "A target must run hardware version {vm.hardware_version} ({vm.hardware_name}) or later: a VMware product cannot power on a VM whose hardware version is higher than it supports.",
         "KB 1003746"),
    Rule("hardware_version", _hardware(lambda hw: True),
         "vSphere's clients change a VM's hardware version only upward, and only to the latest version.",
         "vSphere 6.0 upgrade docs"),
    Rule("hardware_version", _hardware(lambda hw: True),
         "Converter can give the copy a lower hardware version, for ESX and vCenter destinations only (for hosted products it follows the product's version).",
         "Converter SDK 6.6"),
    Rule("hardware_version", _hardware(lambda hw: hw == 3),
         "vSphere 6.0 can only register or upgrade a VM with hardware version 3 (\"ESX Server 2.x and later\"): not create, edit, power on, clone or migrate it.",
         "vSphere 6.0.1 docs"),
    Rule("hardware_version", _hardware(lambda hw: hw < 4),
         "ESX/ESXi 4.x runs a VM whose hardware version is below 4 with reduced performance and capabilities: virtual devices cannot be added or removed.",
         "vSphere 4 SDK docs"),
    Rule("hardware_version", _hardware(lambda hw: hw == 3),
         "In the 2005 guide's terms this is probably generation 4 hardware, that of ESX Server 2, GSX Server 3 and Workstation 4: for vmgraph route that is --hardware gen4 on the guide's products (on today's products --hardware 3 or vmx-03 is this version).",
         "KB 1003746", _GENERATIONS),
    Rule("hardware_version", _hardware(lambda hw: hw == 4),
         "In the 2005 guide's terms this is probably generation 5 hardware, that of Workstation 5 and VMware Player: for vmgraph route that is --hardware gen5 on the guide's products (on today's products --hardware 4 or vmx-04 is this version).",
         "KB 1003746", _GENERATIONS),
    Rule("hardware_version", _hardware(lambda hw: hw == 5),
         "There is no hardware version 5 (govmomi: \"vmx5 // invalid\"): the file may have been edited by hand.",
         "govmomi"),
    Rule("hardware_version", _hardware(lambda hw: hw == 6),
         "Hardware version 6 (Workstation 6.0) is not supported by ESX/ESXi according to govmomi; a third-party page says ESX/ESXi 4 and later run it (the sources disagree).",
         "govmomi"),
    Rule("hardware_version", _hardware(lambda hw: hw == 12),
         "Hardware version 12 (Workstation 12) is not supported by ESX/ESXi according to govmomi, yet a vSphere 6.5/6.7 OVF deployment error lists vmx-12 among the supported families (the sources disagree).",
         "govmomi"),
    Rule("hardware_version", _hardware(lambda hw: hw == 16),
         "Hardware version 16 (Workstation 15) is not supported by ESX/ESXi.",
         "govmomi"),
    Rule("hardware_version", _hardware(lambda hw: hw > 22),
         "Hardware version {vm.hardware_version} is newer than any vmgraph knows (22, introduced with ESXi 9.0).",
         "govmomi"),
    Rule("guest_os", lambda vm: bool(vm.guest_64bit),
         "Among the guide's products only Workstation 5.5 runs a 64-bit guest.",
         "Guide p. 13", "The guide names 64-bit guests only for Workstation 5.5; no other product is taken to run them."),
    Rule("guest_os", lambda vm: bool(vm.guest_arm),
         "An Arm guest: it runs where Arm VMs run (Fusion 13 and later on a Mac with Apple silicon), not on an x86 host (ESXi, Workstation, a Mac with Intel); no tool converts it to x86, so a move there means rebuilding the guest.",
         "Fusion on Apple silicon", "The guest ID's arm- prefix marks an Arm guest (open-vm-tools lib/include/guest_os.h: 'No prefix implies the X86 architecture'); that Fusion 13 and 13.5 run Arm VMs on Apple silicon and that no tool converts them is vmgraph's reading."),
    Rule("vcpus", lambda vm: vm.smp,
         "An SMP guest generally cannot run in a uniprocessor VM: among the guide's products only ESX Server 2 with Virtual SMP and Workstation 5.5 run it.",
         "Guide p. 9"),
    Rule("firmware", lambda vm: vm.firmware == "efi",
         "Converter does not keep the UEFI settings in a volume-based conversion of a UEFI source.",
         "Converter 6.4"),
    Rule("three_d", lambda vm: vm.three_d,
         "Moving to Workstation 5.0 or 5.5: install the VMware Tools that come with it to use its 3-D capabilities.",
         "Guide p. 13"),
    Rule("disks", lambda vm: any(d.mode in ("undoable", "append") for d in vm.disks),
         "Commit or discard the redo logs of its undoable or append-mode disks before exporting them.",
         "Guide p. 7"),
    Rule("nics", lambda vm: any(n.model == "vmxnet2" for n in vm.nics),
         "A VM with an enhanced vmxnet (vmxnet2) NIC cannot be migrated to a host whose ESX does not support enhanced vmxnet.",
         "vSphere 4 migration checks"),
    Rule("snapshots", lambda vm: vm.has_snapshots,
         "Remove the snapshot before importing the VM into ESX Server (first bring the VM to the state you want to keep).",
         "Guide p. 7"),
    Rule("snapshots", lambda vm: vm.has_snapshots,
         "Converter does not carry snapshots over: the converted VM has none.",
         "Converter 6.4"),
    Rule("suspended", lambda vm: vm.suspended,
         "Power the VM off before importing it into ESX Server: a suspended VM cannot be imported.",
         "Guide p. 7"),
    Rule("suspended", lambda vm: vm.suspended,
         "Power the VM off before converting it with Converter.",
         "Converter 6.4"),
    Rule("suspended", lambda vm: vm.suspended,
         "Power the VM off before changing its hardware version.",
         "Fusion 13 docs"),
    Rule("suspended", lambda vm: vm.suspended,
         "Moving a suspended VM between ESX hosts works from ESX Server 3.x on; a VM created under ESX Server 2.x must be powered off first.",
         "vSphere 4 suspended migration"),
)

# (hardware version, the most it allows), from vSphere 8.0's table (vmgraph/limits.py holds it).
# Memory in GB: 255 at version 7 is vSphere 6.7's figure (8.0 says 256; the lower one is kept).
VCPU_LIMITS = cap_table("vcpus")
MEMORY_LIMITS_GB = cap_table("memory")


class Floor(NamedTuple):
    """A device or setting vSphere offers only from some hardware version on."""

    about: str
    what: str
    slots: Callable[[VmFacts], list[str]]  # where the VM has it (slots, a key, or [""] for the whole VM)
    hardware: int
    source: str
    inferred: str | None = None


FEATURE_FLOORS: tuple[Floor, ...] = (
    Floor("firmware", "UEFI firmware", lambda vm: [""] if vm.firmware == "efi" else [], floor_version("efi"), "vSphere 8.0 docs"),
    Floor("three_d", "3-D graphics acceleration", lambda vm: ["mks.enable3d"] if vm.three_d else [], floor_version("three_d"), "vSphere 6.5 docs",
          "vSphere's table lists SVGA 3-D hardware acceleration; that mks.enable3d turns it on is vmgraph's reading (no source maps the key)."),
    Floor("controllers", "An LSI Logic SAS controller", lambda vm: [c.slot for c in vm.controllers if c.model == "lsisas1068"], floor_version("lsisas1068"), "vSphere 6.7 docs"),
    Floor("controllers", "A VMware Paravirtual SCSI controller", lambda vm: [c.slot for c in vm.controllers if c.model == "pvscsi"], floor_version("pvscsi"), "vSphere 6.7 docs"),
    Floor("controllers", "A SATA controller", lambda vm: [c.slot for c in vm.controllers if c.slot.startswith("sata")], floor_version("sata"), "vSphere 6.7 docs"),
    Floor("controllers", "An NVMe controller", lambda vm: [c.slot for c in vm.controllers if c.slot.startswith("nvme")], floor_version("nvme"), "vSphere 6.7 docs"),
    Floor("nics", "A vmxnet3 NIC", lambda vm: [n.slot for n in vm.nics if n.model == "vmxnet3"], floor_version("vmxnet3"), "vSphere 6.7 docs"),
    Floor("nics", "An e1000e NIC", lambda vm: [n.slot for n in vm.nics if n.model == "e1000e"], floor_version("e1000e"), "vSphere 6.7 docs"),
)

# The order implications are listed in: the order of the facts.
ABOUT_ORDER = ("hardware_version", "guest_os", "vcpus", "memory_mb", "firmware", "three_d", "controllers", "disks", "nics", "snapshots", "suspended")


class Assessment(NamedTuple):
    implications: tuple[Implication, ...]
    notes: tuple[str, ...]  # where the facts contradict each other

    def sources(self) -> dict[str, Source]:
        """The sources the implications cite, in the order first cited."""
        return {i.source: SOURCES[i.source] for i in self.implications}


def assess(vm: VmFacts) -> Assessment:
    """What the VM's facts mean for a move, with the sources that say so."""
    guide = vm.hardware_version is None or vm.hardware_version <= GUIDE_MAX_HARDWARE
    found = [Implication(r.about, r.text.format(vm=vm), r.source, r.inferred) for r in RULES if (guide or not r.from_guide) and r.applies(vm)]
    found += _size_floors(vm)
    for floor in FEATURE_FLOORS:
        slots = floor.slots(vm)
        if slots:
            where = f" ({', '.join(slots)})" if any(slots) else ""
            text = f"{floor.what}{where} needs hardware version {floor.hardware} or later in vSphere."
            found.append(Implication(floor.about, text, floor.source, floor.inferred, floor.hardware))
    found.sort(key=lambda i: ABOUT_ORDER.index(i.about))  # stable: table order within a fact
    notes = []
    above: dict[str, int] = {}
    for item in found:
        if item.min_hardware is not None and vm.hardware_version is not None and item.min_hardware > vm.hardware_version:
            above[item.about] = max(above.get(item.about, 0), item.min_hardware)
    if above:
        wants = ", ".join(f"{_WORDS[about]} {hardware}" for about, hardware in above.items())
        notes.append(
            f"The file says hardware version {vm.hardware_version}, below what vSphere's tables ask for its {wants}: "
            "it may have been edited by hand, or written by a product outside those tables."
        )
    return Assessment(tuple(found), tuple(notes))


_WORDS = {"vcpus": "vCPUs", "memory_mb": "memory", "firmware": "firmware", "three_d": "3-D", "controllers": "controllers", "nics": "NICs"}


def _size_floors(vm: VmFacts) -> list[Implication]:
    found = []
    if vm.vcpus > VCPU_LIMITS[0][1]:
        found.append(_size_floor("vcpus", f"{vm.vcpus} vCPUs need", vm.vcpus, VCPU_LIMITS, "vCPUs"))
    memory_gb = vm.memory_mb / 1024
    if memory_gb > MEMORY_LIMITS_GB[0][1]:
        found.append(_size_floor("memory_mb", f"{vm.memory_mb} MB of memory needs", memory_gb, MEMORY_LIMITS_GB, "GB"))
    return found


def _size_floor(about: str, what_needs: str, need: float, limits: tuple[tuple[int, int], ...], unit: str) -> Implication:
    for (below, below_limit), (hardware, limit) in zip(limits, limits[1:]):
        if limit >= need:
            text = f"{what_needs} hardware version {hardware} or later in vSphere (version {below} allows {below_limit} {unit})."
            return Implication(about, text, "vSphere 8.0 docs", None, hardware)
    hardware, limit = limits[-1]
    what = what_needs.removesuffix(" need").removesuffix(" needs")
    return Implication(about, f"{what}: more than any hardware version allows ({limit} {unit} from version {hardware} on).", "vSphere 8.0 docs")
