"""What a VM's files say about it: the facts that matter for a move.

`read_vm(path)` takes a .vmx file, or a folder holding exactly one, and returns `VmFacts`. The
keys and their meanings follow section B of the facts file (libvirt's vmx.c, virt-v2v,
open-vm-tools, Xen Orchestra's .vmsd reader, the Workstation manuals):

- hardware version: ``virtualHW.version`` (a whole number; written ``vmx-NN`` elsewhere)
- guest OS: ``guestOS``; 64-bit when the id ends in ``-64``, an Arm guest when it starts with
  ``arm-`` (open-vm-tools' guest_os.h, libvirt)
- vCPUs: ``numvcpus``, 1 when absent; memory: ``memsize`` in MB, 32 when absent (libvirt, virt-v2v)
- firmware: ``firmware``, ``efi`` or ``bios``; BIOS when absent (libvirt, virt-v2v)
- cores per socket: ``cpuid.coresPerSocket`` (libvirt, virt-v2v); None when absent
- Secure Boot: ``uefi.secureBoot.enabled``, off when absent. No VMware document read names the
  key: it is vmgraph's reading of how public scripts that write .vmx files (Packer templates,
  converters) use it.
- 3-D: ``mks.enable3d``, off when absent
- controllers and disks: ``scsiN``/``sataN``/``nvmeN`` controllers and ``ideN:M``,
  ``scsiN:M``, ``sataN:M``, ``nvmeN:M`` devices, each counted only when its ``.present`` is
  TRUE (libvirt: "defaults to false") and, but for IDE, its controller's is too. A device is a
  disk by its ``.deviceType``, or, without one, when its ``.fileName`` is a .vmdk (or an old
  .dsk); its ``.mode`` is ``persistent`` when absent (libvirt).
- NICs: ``ethernetN`` with ``.present`` TRUE; the model is ``.virtualDev`` (``vmxnet`` with
  ``.features = "15"`` is the enhanced vmxnet2, libvirt); without it the product picks one by
  guest OS, so vmgraph says "not stated".
- snapshots: the ``.vmsd`` beside the .vmx (``snapshot.numSnapshots``, else the
  ``snapshotN.uid`` keys); a delta disk (``name-000001.vmdk``) or a ``.vmsn`` snapshot-state
  file is evidence of a snapshot too.
- suspended: ``checkpoint.vmState`` names a state file (read so by community tools; VMware does
  not document it), or a ``.vmss`` (or older ``.std``) suspended-state file lies beside the .vmx
  (Workstation manual).

Each fact records in `VmFacts.sources` the keys (as the file spells them) or files it came from;
facts the file does not state take the defaults above and are listed in `VmFacts.defaults`.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import NamedTuple

from ..errors import InvalidRequest, VmxError
from .vmx import VmxConfig, read_vmx

DISK_MODES = ("persistent", "nonpersistent", "undoable", "append", "independent-persistent", "independent-nonpersistent")
NIC_MODELS = ("vlance", "vmxnet", "vmxnet2", "vmxnet3", "e1000", "e1000e")
SCSI_MODELS = ("buslogic", "lsilogic", "lsisas1068", "pvscsi")
FIRMWARES = ("bios", "efi")
DISK_DEVICE_TYPES = frozenset({"scsi-harddisk", "ata-harddisk", "disk", "plaindisk", "rawdisk"})
DISK_FILE_SUFFIXES = (".vmdk", ".dsk")
SUSPEND_FILE_SUFFIXES = (".vmss", ".std")

_CONTROLLER = re.compile(r"(nvme|sata|scsi)(\d+)\.present", re.IGNORECASE)
_DEVICE = re.compile(r"(ide|nvme|sata|scsi)(\d+):(\d+)\.present", re.IGNORECASE)
_NIC = re.compile(r"ethernet(\d+)\.present", re.IGNORECASE)
_SNAPSHOT_UID = re.compile(r"snapshot(\d+)\.uid", re.IGNORECASE)
_DELTA_DISK = re.compile(r"-\d{6}\.vmdk$", re.IGNORECASE)
_SNAPSHOT_STATE = re.compile(r"\.vmsn$", re.IGNORECASE)
# Keys only a vSphere host writes (vmgraph's reading of them, said where it is used): vc.uuid, the
# VM's vCenter instance UUID (Emad Younis, "Uniquely Identifying Virtual Machines In VMware HCX",
# 2020: "If you've explored inside the VM .vmx file, there is an entry called vc.uuid"), and paths
# on a host's datastores (libvirt, src/esx/esx_driver.c, esxParseVMXFileName: "a file in a
# datastore that is mounted at /vmfs/volumes/<datastore> ... This is the typical setup on an
# ESX(i) server").
VMFS_PATH = "/vmfs/volumes/"
VSPHERE_KEYS_SOURCE = ("vc.uuid is vCenter's instance UUID of the VM (Emad Younis, 'Uniquely Identifying Virtual Machines In VMware HCX', 2020); "
                       "ESX(i) mounts its datastores at /vmfs/volumes/ (libvirt's src/esx/esx_driver.c, esxParseVMXFileName)")
_PERCENT_ESCAPE = re.compile(r"%(2[Ff]|5[Cc]|25)")  # displayName: / \ % (libvirt, vSphere API)


class Controller(NamedTuple):
    slot: str  # "scsi0", "sata0", "nvme0"
    model: str | None  # scsiN.virtualDev (buslogic, lsilogic, lsisas1068, pvscsi); None for SATA and NVMe


class Disk(NamedTuple):
    slot: str  # "scsi0:0"
    file: str | None  # .fileName as written
    mode: str  # .mode, lower case; "persistent" when absent
    mode_stated: bool
    device_type: str | None  # .deviceType as written

    @property
    def bus(self) -> str:
        return self.slot.rstrip("0123456789:")

    @property
    def delta(self) -> bool:
        """A snapshot's delta disk, by its name (``name-000001.vmdk``)."""
        return bool(self.file and _DELTA_DISK.search(self.file))


class Nic(NamedTuple):
    slot: str  # "ethernet0"
    model: str | None  # .virtualDev, lower case (vmxnet2 for vmxnet with features 15); None: not stated


class VmFacts(NamedTuple):
    """One VM as its files describe it. `sources` maps each fact to the keys or files it came from."""

    file: str
    name: str | None
    hardware_version: int | None
    guest_os: str | None
    vcpus: int
    memory_mb: int
    firmware: str
    three_d: bool
    controllers: tuple[Controller, ...]
    disks: tuple[Disk, ...]
    nics: tuple[Nic, ...]
    snapshots: int | None  # how many the .vmsd lists; None when there is no .vmsd
    snapshot_names: tuple[str, ...]
    snapshot_files: tuple[str, ...]  # .vmsn snapshot-state files beside the .vmx
    suspended: bool
    sources: dict[str, tuple[str, ...]]
    defaults: tuple[str, ...]  # facts the file does not state: their values are the defaults
    notes: tuple[str, ...]
    cores_per_socket: int | None = None  # cpuid.coresPerSocket; None when the file does not say
    secure_boot: bool = False  # uefi.secureBoot.enabled (vmgraph's reading of the key)
    network_keys: tuple[str, ...] = ()  # how its NICs name their network: ethernet0.networkName (as ESX's do) or .connectionType
    vsphere_keys: tuple[str, ...] = ()  # keys only a vSphere host writes: vc.uuid, a path under /vmfs/volumes/

    @property
    def hardware_name(self) -> str | None:
        """``vmx-07`` style, as the vSphere API and OVF write it (two digits below 10)."""
        return None if self.hardware_version is None else f"vmx-{self.hardware_version:02d}"

    @property
    def guest_64bit(self) -> bool | None:
        return None if self.guest_os is None else self.guest_os.lower().endswith("-64")

    @property
    def guest_arm(self) -> bool | None:
        return None if self.guest_os is None else self.guest_os.lower().startswith("arm-")

    @property
    def smp(self) -> bool:
        return self.vcpus > 1

    @property
    def has_snapshots(self) -> bool:
        """The .vmsd lists a snapshot, a disk is a delta disk, or a .vmsn file is there."""
        return bool(self.snapshots) or any(d.delta for d in self.disks) or bool(self.snapshot_files)


def locate_vmx(path: str | Path) -> Path:
    """The .vmx a path names: the file itself, or the one .vmx in a folder."""
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".vmx" and p.is_file())
        if not found:
            raise InvalidRequest(f"{path}: no .vmx file in this folder")
        if len(found) > 1:
            raise InvalidRequest(f"{path}: {len(found)} .vmx files in this folder ({', '.join(p.name for p in found)}); name one")
        return found[0]
    try:
        path.stat()
    except OSError as error:
        why = {errno.ENOENT: "no such file or folder", errno.ELOOP: "a loop of symbolic links", errno.ENAMETOOLONG: "a name too long"}
        raise InvalidRequest(f"{path}: {why.get(error.errno, error.strerror or 'cannot be read')}") from None
    except ValueError:  # a NUL in the path
        raise InvalidRequest(f"{path}: a path holds no NUL character") from None
    return path


def read_vm(path: str | Path) -> VmFacts:
    """Read a VM from its .vmx (or its folder), the .vmsd beside it and the names of its files."""
    vmx = locate_vmx(path)
    config = read_vmx(vmx)
    if not len(config):  # an empty .vmsd is no snapshot; an empty .vmx is no VM
        raise VmxError(str(vmx), None, "holds no settings (no key = value line): not a VM configuration file")
    vmsd_path = vmx.with_suffix(".vmsd")
    vmsd = read_vmx(vmsd_path) if vmsd_path.is_file() else None
    return vm_facts(config, _files_beside(vmx), vmsd)


def _files_beside(vmx: Path) -> tuple[str, ...]:
    """Names of the files in the VM's folder that belong to it (all, when it is the only VM there)."""
    try:
        names = sorted(p.name for p in vmx.parent.iterdir() if p.is_file())
    except OSError:
        return ()
    if sum(name.lower().endswith(".vmx") for name in names) > 1:
        names = [name for name in names if name.startswith((vmx.stem + ".", vmx.stem + "-"))]
    return tuple(names)


def vm_facts(config: VmxConfig, files: tuple[str, ...] = (), vmsd: VmxConfig | None = None) -> VmFacts:
    """The facts from a parsed .vmx, the names of the files beside it and its parsed .vmsd."""
    sources: dict[str, tuple[str, ...]] = {}
    defaults: list[str] = []
    notes: list[str] = []

    def stated(fact: str, key: str) -> bool:
        if config.text(key) is None:
            sources[fact] = ()
            return False
        sources[fact] = (config.spelling(key),)
        return True

    name = config.text("displayName")
    stated("name", "displayName")
    if name is not None:
        name = _PERCENT_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name)

    hardware = config.integer("virtualHW.version", minimum=1)
    if not stated("hardware_version", "virtualHW.version"):
        notes.append("The file does not state virtualHW.version: vmgraph cannot tell the hardware version.")

    guest = config.text("guestOS")
    stated("guest_os", "guestOS")

    vcpus = config.integer("numvcpus", default=1, minimum=1)
    memory = config.integer("memsize", default=32, minimum=1)
    firmware = (config.text("firmware") or "bios").lower()
    if firmware not in FIRMWARES:
        raise config.error("firmware", 'expected "bios" or "efi"')
    three_d = config.boolean("mks.enable3d", default=False)
    cores_per_socket = config.integer("cpuid.coresPerSocket", minimum=1)
    stated("cores_per_socket", "cpuid.coresPerSocket")
    secure_boot = config.boolean("uefi.secureBoot.enabled", default=False)
    stated("secure_boot", "uefi.secureBoot.enabled")
    for fact, key in (("vcpus", "numvcpus"), ("memory_mb", "memsize"), ("firmware", "firmware"), ("three_d", "mks.enable3d")):
        if not stated(fact, key):
            defaults.append(fact)

    controllers = _controllers(config, notes)
    disks = _disks(config, {c.slot for c in controllers}, notes)
    nics = _nics(config, notes)
    network_keys = tuple(
        config.spelling(key) for nic in nics for key in (f"{nic.slot}.networkName", f"{nic.slot}.connectionType") if key in config
    )
    vsphere_keys = tuple(config.spelling(key) for key in config if key.lower() == "vc.uuid" or config[key].startswith(VMFS_PATH))
    for fact, devices, fields in (
        ("controllers", controllers, ("present", "virtualDev")),
        ("disks", disks, ("present", "deviceType", "fileName", "mode")),
        ("nics", nics, ("present", "virtualDev", "features")),
    ):
        sources[fact] = tuple(config.spelling(f"{d.slot}.{field}") for d in devices for field in fields if f"{d.slot}.{field}" in config)

    snapshots, snapshot_names, vmsd_sources = _snapshots(vmsd, notes)
    snapshot_files = tuple(f for f in files if _SNAPSHOT_STATE.search(f))
    sources["snapshots"] = vmsd_sources + tuple(f"{config.spelling(d.slot + '.fileName')} (delta disk)" for d in disks if d.delta) + snapshot_files

    state = config.text("checkpoint.vmState") or ""
    suspend_files = tuple(f for f in files if f.lower().endswith(SUSPEND_FILE_SUFFIXES))
    sources["suspended"] = (config.spelling("checkpoint.vmState"),) if "checkpoint.vmState" in config else ()
    sources["suspended"] += suspend_files
    if state and files and Path(state).name.lower() not in {f.lower() for f in files}:
        notes.append(f"checkpoint.vmState names {state}, which is not beside the .vmx.")

    for found in config.conflicts():  # the ones vmgraph reads raised above; these it does not use
        lines = ", ".join(str(e.line) for e in found)
        notes.append(f"{found[0].key} is set more than once with different values (lines {lines}); vmgraph does not read it.")

    return VmFacts(
        network_keys=network_keys,
        vsphere_keys=vsphere_keys,
        file=config.file,
        name=name,
        hardware_version=hardware,
        guest_os=guest,
        vcpus=vcpus,
        memory_mb=memory,
        firmware=firmware,
        three_d=bool(three_d),
        controllers=controllers,
        disks=disks,
        nics=nics,
        snapshots=snapshots,
        snapshot_names=snapshot_names,
        snapshot_files=snapshot_files,
        suspended=bool(state) or bool(suspend_files),
        sources=sources,
        defaults=tuple(defaults),
        notes=tuple(notes),
        cores_per_socket=cores_per_socket,
        secure_boot=bool(secure_boot),
    )


def _switched_on(config: VmxConfig, pattern: re.Pattern[str]) -> list[tuple[str, ...]]:
    """The slots whose ``.present`` key matches `pattern` and is TRUE, in numeric order."""
    found = set()
    for key in config:
        match = pattern.fullmatch(key)
        if match and config.boolean(key):
            found.add(tuple(part.lower() for part in match.groups()))
    return sorted(found, key=lambda groups: tuple(int(g) if g.isdigit() else g for g in groups))


def _controllers(config: VmxConfig, notes: list[str]) -> tuple[Controller, ...]:
    controllers = []
    for bus, number in _switched_on(config, _CONTROLLER):
        slot = f"{bus}{number}"
        model = None
        if bus == "scsi":
            model = (config.text(f"{slot}.virtualDev") or "").lower() or None
        if model is not None and model not in SCSI_MODELS:
            notes.append(f"{slot}: SCSI controller model {model!r} is not one vmgraph knows ({', '.join(SCSI_MODELS)}).")
        controllers.append(Controller(slot, model))
    return tuple(controllers)


def _disks(config: VmxConfig, controllers: set[str], notes: list[str]) -> tuple[Disk, ...]:
    disks = []
    for bus, number, unit in _switched_on(config, _DEVICE):
        slot = f"{bus}{number}:{unit}"
        device_type = config.text(f"{slot}.deviceType")
        file = config.text(f"{slot}.fileName")
        if device_type is not None:
            is_disk = device_type.lower() in DISK_DEVICE_TYPES
        else:
            is_disk = bool(file) and file.lower().endswith(DISK_FILE_SUFFIXES)
        if not is_disk:
            continue
        if bus != "ide" and f"{bus}{number}" not in controllers:
            notes.append(f"{slot}: a disk whose controller {bus}{number} is not present (its .present is not TRUE); not counted.")
            continue
        mode = config.text(f"{slot}.mode")
        if mode is not None and mode.lower() not in DISK_MODES:
            notes.append(f"{slot}: disk mode {mode!r} is not one vmgraph knows ({', '.join(DISK_MODES)}); it cannot say what it means for a move.")
        disks.append(Disk(slot, file, (mode or "persistent").lower(), mode is not None, device_type))
    return tuple(disks)


def _nics(config: VmxConfig, notes: list[str]) -> tuple[Nic, ...]:
    nics = []
    for (number,) in _switched_on(config, _NIC):
        slot = f"ethernet{number}"
        model = (config.text(f"{slot}.virtualDev") or "").lower() or None
        if model == "vmxnet" and config.integer(f"{slot}.features") == 15:
            model = "vmxnet2"
        if model is not None and model not in NIC_MODELS:
            notes.append(f"{slot}: NIC model {model!r} is not one vmgraph knows ({', '.join(NIC_MODELS)}).")
        nics.append(Nic(slot, model))
    return tuple(nics)


def _snapshots(vmsd: VmxConfig | None, notes: list[str]) -> tuple[int | None, tuple[str, ...], tuple[str, ...]]:
    """How many snapshots the .vmsd lists, their names, and the source of the count."""
    if vmsd is None:
        return None, (), ()
    vmsd_name = Path(vmsd.file).name
    uids = sorted({int(m.group(1)) for key in vmsd if (m := _SNAPSHOT_UID.fullmatch(key))})
    names = tuple(vmsd.text(f"snapshot{n}.displayName") or "" for n in uids)
    count = vmsd.integer("snapshot.numSnapshots")
    if count is None:
        return len(uids), names, (f"{vmsd_name}: snapshotN.uid" if uids else vmsd_name,)
    if uids and count != len(uids):
        notes.append(f"{vmsd_name}: snapshot.numSnapshots is {count} but {len(uids)} snapshots have a uid.")
    return count, names, (f"{vmsd_name}: {vmsd.spelling('snapshot.numSnapshots')}",)
