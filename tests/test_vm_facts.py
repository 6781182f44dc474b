"""From parsed keys to VmFacts: defaults, devices, snapshots, suspension, and where each fact came from."""

from pathlib import Path

import pytest

from vmgraph.errors import InvalidRequest, VmxError
from vmgraph.vm.facts import locate_vmx, read_vm, vm_facts
from vmgraph.vm.vmx import parse_vmx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "vms"


def facts(text, files=(), vmsd=None):
    return vm_facts(parse_vmx(text, "vm.vmx"), tuple(files), parse_vmx(vmsd, "vm.vmsd") if vmsd is not None else None)


def test_defaults_when_the_file_states_nothing():
    vm = facts("")
    assert (vm.vcpus, vm.memory_mb, vm.firmware, vm.three_d) == (1, 32, "bios", False)
    assert vm.defaults == ("vcpus", "memory_mb", "firmware", "three_d")
    assert vm.hardware_version is None and vm.hardware_name is None and vm.guest_os is None and vm.guest_64bit is None
    assert vm.disks == () and vm.nics == () and vm.snapshots is None and not vm.has_snapshots and not vm.suspended
    assert vm.notes == ("The file does not state virtualHW.version: vmgraph cannot tell the hardware version.",)


def test_stated_facts_and_their_keys():
    vm = facts('virtualHW.version = "7"\nnumvcpus = "2"\nmemSize = "2048"\nfirmware = "EFI"\nmks.enable3d = "TRUE"\ndisplayName = "a%2Fb%25"\n')
    assert (vm.hardware_version, vm.hardware_name, vm.vcpus, vm.smp, vm.memory_mb, vm.firmware, vm.three_d) == (7, "vmx-07", 2, True, 2048, "efi", True)
    assert vm.name == "a/b%"
    assert vm.defaults == ()
    assert vm.sources["memory_mb"] == ("memSize",) and vm.sources["hardware_version"] == ("virtualHW.version",)


@pytest.mark.parametrize(
    "guest,bits64,arm",
    [("ubuntu-64", True, False), ("winXPPro", False, False), ("windows2019srv-64", True, False), ("arm-windows11-64", True, True), ("Other-64", True, False), ("other", False, False)],
)
def test_guest_64bit_by_the_suffix_and_arm_by_the_prefix(guest, bits64, arm):
    vm = facts(f'guestOS = "{guest}"\n')
    assert (vm.guest_os, vm.guest_64bit, vm.guest_arm) == (guest, bits64, arm)


def test_cores_per_socket_and_secure_boot():
    vm = facts('numvcpus = "8"\ncpuid.coresPerSocket = "4"\nfirmware = "efi"\nuefi.secureBoot.enabled = "TRUE"\n')
    assert (vm.cores_per_socket, vm.secure_boot) == (4, True)
    assert vm.sources["cores_per_socket"] == ("cpuid.coresPerSocket",) and vm.sources["secure_boot"] == ("uefi.secureBoot.enabled",)
    unstated = facts("")
    assert (unstated.cores_per_socket, unstated.secure_boot) == (None, False)
    assert "cores_per_socket" not in unstated.defaults, "not a default of the file's: unknown, and not checked"


def test_hardware_names_have_two_digits():
    assert [facts(f'virtualHW.version = "{n}"\n').hardware_name for n in (3, 4, 19)] == ["vmx-03", "vmx-04", "vmx-19"]


DEVICES = """
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "disk-000002.vmdk"
scsi0:1.present = "TRUE"
scsi0:1.fileName = "data.vmdk"
scsi0:1.mode = "Independent-Nonpersistent"
scsi0:2.present = "FALSE"
scsi0:2.fileName = "gone.vmdk"
scsi1:0.present = "TRUE"
scsi1:0.fileName = "orphan.vmdk"
sata0.present = "TRUE"
sata0:0.present = "TRUE"
sata0:0.deviceType = "cdrom-image"
sata0:0.fileName = "install.iso"
sata0:1.present = "TRUE"
sata0:1.deviceType = "ata-hardDisk"
sata0:1.fileName = "raw.vmdk"
ide0:0.present = "TRUE"
ide0:0.fileName = "old.dsk"
ide1:0.present = "TRUE"
ide1:0.fileName = "auto detect"
scsi0:10.present = "TRUE"
scsi0:10.fileName = "ten.vmdk"
scsi0:10.mode = "sticky"
"""


def test_disks_present_on_present_controllers_with_modes():
    vm = facts(DEVICES)
    assert [(d.slot, d.file, d.mode, d.mode_stated, d.delta) for d in vm.disks] == [
        ("ide0:0", "old.dsk", "persistent", False, False),
        ("sata0:1", "raw.vmdk", "persistent", False, False),
        ("scsi0:0", "disk-000002.vmdk", "persistent", False, True),
        ("scsi0:1", "data.vmdk", "independent-nonpersistent", True, False),
        ("scsi0:10", "ten.vmdk", "sticky", True, False),
    ]
    assert [(c.slot, c.model) for c in vm.controllers] == [("sata0", None), ("scsi0", "pvscsi")]
    assert vm.has_snapshots  # a delta disk
    assert vm.notes == (
        "The file does not state virtualHW.version: vmgraph cannot tell the hardware version.",
        "scsi0:10: disk mode 'sticky' is not one vmgraph knows (persistent, nonpersistent, undoable, append, independent-persistent, independent-nonpersistent); it cannot say what it means for a move.",
        "scsi1:0: a disk whose controller scsi1 is not present (its .present is not TRUE); not counted.",
    )


def test_a_switched_off_controller_takes_its_disks_with_it():
    vm = facts('scsi0.present = "FALSE"\nscsi0:0.present = "TRUE"\nscsi0:0.fileName = "a.vmdk"\n')
    assert vm.disks == () and vm.controllers == ()


def test_nics_models_and_switched_off_ones():
    vm = facts(
        'ethernet0.present = "TRUE"\nethernet0.virtualDev = "vmxnet"\nethernet0.features = "15"\n'
        'Ethernet1.present = "TRUE"\n'
        'ethernet2.present = "FALSE"\nethernet2.virtualDev = "e1000e"\n'
        'ethernet10.present = "TRUE"\nethernet10.virtualDev = "VMXNET3"\n'
        'ethernet3.present = "TRUE"\nethernet3.virtualDev = "rtl8139"\n'
    )
    assert [(n.slot, n.model) for n in vm.nics] == [("ethernet0", "vmxnet2"), ("ethernet1", None), ("ethernet3", "rtl8139"), ("ethernet10", "vmxnet3")]
    assert "ethernet3: NIC model 'rtl8139' is not one vmgraph knows (vlance, vmxnet, vmxnet2, vmxnet3, e1000, e1000e)." in vm.notes


def test_snapshots_from_the_vmsd():
    vmsd = 'snapshot.numSnapshots = "2"\nsnapshot0.uid = "1"\nsnapshot0.displayName = "base"\nsnapshot1.uid = "2"\nsnapshot1.displayName = "patched"\n'
    vm = facts("", files=("vm.vmx", "vm.vmsd"), vmsd=vmsd)
    assert (vm.snapshots, vm.snapshot_names, vm.has_snapshots) == (2, ("base", "patched"), True)
    assert vm.sources["snapshots"] == ("vm.vmsd: snapshot.numSnapshots",)


def test_snapshots_counted_by_uid_without_num_snapshots_and_an_empty_vmsd():
    assert facts("", vmsd='snapshot0.uid = "1"\n').snapshots == 1
    empty = facts("", vmsd="")
    assert (empty.snapshots, empty.has_snapshots, empty.sources["snapshots"]) == (0, False, ("vm.vmsd",))


def test_snapshot_count_that_disagrees_is_noted():
    vm = facts("", vmsd='snapshot.numSnapshots = "3"\nsnapshot0.uid = "1"\n')
    assert vm.snapshots == 3 and "vm.vmsd: snapshot.numSnapshots is 3 but 1 snapshots have a uid." in vm.notes


def test_snapshot_state_files_are_evidence():
    vm = facts("", files=("vm.vmx", "vm-Snapshot3.vmsn"))
    assert vm.snapshots is None and vm.has_snapshots and vm.snapshot_files == ("vm-Snapshot3.vmsn",)


@pytest.mark.parametrize(
    "text,files,suspended,sources",
    [
        ('checkpoint.vmState = ""\n', ("vm.vmx",), False, ("checkpoint.vmState",)),
        ("", ("vm.vmx",), False, ()),
        ('checkpoint.vmState = "vm-1a2b.vmss"\n', ("vm-1a2b.vmss", "vm.vmx"), True, ("checkpoint.vmState", "vm-1a2b.vmss")),
        ("", ("vm.vmx", "vm.vmss"), True, ("vm.vmss",)),
        ("", ("vm.std", "vm.vmx"), True, ("vm.std",)),
    ],
    ids=["empty-state", "no-key", "state-and-file", "vmss-only", "old-std"],
)
def test_suspended(text, files, suspended, sources):
    vm = facts(text, files=files)
    assert (vm.suspended, vm.sources["suspended"]) == (suspended, sources)


def test_a_state_file_that_is_not_there_is_noted():
    vm = facts('checkpoint.vmState = "gone.vmss"\n', files=("vm.vmx",))
    assert vm.suspended and "checkpoint.vmState names gone.vmss, which is not beside the .vmx." in vm.notes


def test_disagreeing_duplicates_vmgraph_does_not_read_are_noted():
    vm = facts('tools.syncTime = "TRUE"\nvirtualHW.version = "4"\ntools.syncTime = "FALSE"\n')
    assert vm.notes == ("tools.syncTime is set more than once with different values (lines 1, 3); vmgraph does not read it.",)


@pytest.mark.parametrize(
    "text,message",
    [
        ('virtualHW.version = "4"\nvirtualHW.version = "7"\n', 'vm.vmx:2: virtualHW.version = "7" contradicts line 1 (virtualHW.version = "4"): a key may be set once (virt-v2v would read the first value, Packer the last)'),
        ('virtualHW.version = "vmx-07"\n', 'vm.vmx:1: virtualHW.version = "vmx-07": expected a whole number of at least 1'),
        ('numvcpus = "0"\n', 'vm.vmx:1: numvcpus = "0": expected a whole number of at least 1'),
        ('firmware = "uefi"\n', 'vm.vmx:1: firmware = "uefi": expected "bios" or "efi"'),
        ('mks.enable3d = "1"\n', 'vm.vmx:1: mks.enable3d = "1": expected "TRUE" or "FALSE"'),
        ('ethernet0.present = "on"\n', 'vm.vmx:1: ethernet0.present = "on": expected "TRUE" or "FALSE"'),
        ('cpuid.coresPerSocket = "0"\n', 'vm.vmx:1: cpuid.coresPerSocket = "0": expected a whole number of at least 1'),
        ('uefi.secureBoot.enabled = "yes please"\n', 'vm.vmx:1: uefi.secureBoot.enabled = "yes please": expected "TRUE" or "FALSE"'),
    ],
    ids=["duplicate-read-key", "hardware", "vcpus", "firmware", "3d", "present", "cores-per-socket", "secure-boot"],
)
def test_error_bad_values_of_keys_vmgraph_reads(text, message):
    with pytest.raises(VmxError) as caught:
        facts(text)
    assert str(caught.value) == message


def test_locate_a_vmx_in_a_folder(tmp_path):
    (tmp_path / "a.vmx").write_text("")
    (tmp_path / "a.vmsd").write_text("")
    assert locate_vmx(tmp_path) == tmp_path / "a.vmx"
    assert locate_vmx(tmp_path / "a.vmx") == tmp_path / "a.vmx"


@pytest.mark.parametrize("case", ["none", "several", "missing"])
def test_error_locate(tmp_path, case):
    path = tmp_path
    if case == "several":
        (tmp_path / "b.vmx").write_text("")
        (tmp_path / "a.VMX").write_text("")
    if case == "missing":
        path = tmp_path / "nope"
    with pytest.raises(InvalidRequest) as caught:
        locate_vmx(path)
    expected = {
        "none": f"{tmp_path}: no .vmx file in this folder",
        "several": f"{tmp_path}: 2 .vmx files in this folder (a.VMX, b.vmx); name one",
        "missing": f"{tmp_path / 'nope'}: no such file or folder",
    }[case]
    assert str(caught.value) == expected


def test_only_a_vms_own_files_count_when_a_folder_holds_several(tmp_path):
    (tmp_path / "a.vmx").write_text('virtualHW.version = "7"\n')
    (tmp_path / "b.vmx").write_text('virtualHW.version = "7"\n')
    (tmp_path / "b-123.vmss").write_text("")
    (tmp_path / "ab.vmss").write_text("")  # another VM's, though its name starts with "a"
    assert not read_vm(tmp_path / "a.vmx").suspended and read_vm(tmp_path / "b.vmx").suspended


def test_the_examples():
    win = read_vm(EXAMPLES / "win2019-efi")
    assert (win.name, win.hardware_version, win.firmware, win.vcpus, win.snapshots, win.snapshot_names) == ("WIN2019-APP01", 14, "efi", 2, 1, ("Before KB5005568",))
    assert (win.cores_per_socket, win.secure_boot) == (2, True)
    assert [n.slot for n in win.nics] == ["ethernet0"]  # ethernet1 is switched off
    ubuntu = read_vm(EXAMPLES / "ubuntu-suspended")
    assert ubuntu.suspended and ubuntu.three_d and ubuntu.guest_64bit and ubuntu.snapshots == 0
    ws4 = read_vm(EXAMPLES / "ws4-undoable" / "ws4-undoable.vmx")
    assert (ws4.hardware_version, ws4.disks[0].mode, ws4.nics[0].model, ws4.guest_64bit) == (3, "undoable", None, False)
    ws55 = read_vm(EXAMPLES / "ws55-1252")
    assert ws55.name == 'Buchhaltung "Café Müller"' and ws55.smp and ws55.guest_64bit
    assert [d.slot for d in ws55.disks] == ["scsi0:0"] and ws55.disks[0].mode == "independent-persistent"
    assert all(vm.notes == () for vm in (win, ubuntu, ws4, ws55))
