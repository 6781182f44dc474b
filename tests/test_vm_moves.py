"""What facts mean for a move: only cited claims, the guide's rules only where the guide applies, vSphere's floors."""

import tomllib
from pathlib import Path

import pytest

from vmgraph.vm.facts import vm_facts
from vmgraph.vm.implications import FEATURE_FLOORS, RULES, SOURCES, assess
from vmgraph.vm.vmx import parse_vmx

ROOT = Path(__file__).resolve().parent.parent


def assessed(text, files=(), vmsd=None):
    vm = vm_facts(parse_vmx(text, "vm.vmx"), tuple(files), parse_vmx(vmsd, "vm.vmsd") if vmsd is not None else None)
    return vm, assess(vm)


def texts(assessment):
    return [i.text for i in assessment.implications]


def test_every_claim_cites_a_known_source():
    cited = {r.source for r in RULES} | {f.source for f in FEATURE_FLOORS} | {"vSphere 8.0 docs"}
    assert cited <= set(SOURCES)
    assert set(SOURCES) <= cited  # no source listed that nothing cites


def test_the_guides_citations_match_the_rule_pack():
    """The guide's rules here are the ones rules/vm-state.toml holds: same section, same page."""
    data = tomllib.loads((ROOT / "rules" / "vm-state.toml").read_text())
    pack_pages = {(e["source"]["section"], e["source"]["page"]) for e in data["feature"] + data["preparation"]}
    for key, source in SOURCES.items():
        if key.startswith("Guide"):
            section, page = source.title.split(": ", 1)[1].rsplit(", p. ", 1)
            assert (section, int(page)) in pack_pages, key


def test_hardware_version_is_the_floor_of_a_target():
    _, result = assessed('virtualHW.version = "14"\n')
    assert texts(result)[0] == "A target must run hardware version 14 (vmx-14) or later: a VMware product cannot power on a VM whose hardware version is higher than it supports."
    assert result.implications[0].source == "KB 1003746"


@pytest.mark.parametrize(
    "hardware,expected",
    [
        (3, "vSphere 6.0 can only register or upgrade a VM with hardware version 3"),
        (3, "In the 2005 guide's terms this is probably generation 4 hardware"),
        (4, "In the 2005 guide's terms this is probably generation 5 hardware"),
        (5, "There is no hardware version 5"),
        (16, "Hardware version 16 (Workstation 15) is not supported by ESX/ESXi."),
        (23, "Hardware version 23 is newer than any vmgraph knows"),
    ],
)
def test_hardware_version_specifics(hardware, expected):
    _, result = assessed(f'virtualHW.version = "{hardware}"\n')
    assert any(t.startswith(expected) for t in texts(result))


def test_the_generation_mapping_is_marked_inferred():
    _, result = assessed('virtualHW.version = "3"\n')
    mapping = next(i for i in result.implications if "generation 4" in i.text)
    assert mapping.inferred.startswith("No source states how virtualHW.version maps")


OLD_VM = 'virtualHW.version = "4"\nguestOS = "winNetStandard-64"\nnumvcpus = "2"\nmks.enable3d = "TRUE"\ncheckpoint.vmState = "vm.vmss"\nscsi0.present = "TRUE"\nscsi0:0.present = "TRUE"\nscsi0:0.fileName = "vm.vmdk"\nscsi0:0.mode = "append"\n'


def test_the_guides_rules_for_a_vm_its_products_run():
    _, result = assessed(OLD_VM, files=("vm.vmss",), vmsd='snapshot.numSnapshots = "1"\n')
    sources = {i.source for i in result.implications}
    assert {"Guide p. 7", "Guide p. 9", "Guide p. 13"} <= sources
    assert "Commit or discard the redo logs of its undoable or append-mode disks before exporting them." in texts(result)
    assert "Power the VM off before importing it into ESX Server: a suspended VM cannot be imported." in texts(result)
    assert "Remove the snapshot before importing the VM into ESX Server (first bring the VM to the state you want to keep)." in texts(result)


def test_no_guide_rules_for_newer_hardware_than_its_products_run():
    _, result = assessed(OLD_VM.replace('"4"', '"7"', 1), files=("vm.vmss",), vmsd='snapshot.numSnapshots = "1"\n')
    assert not any(i.source.startswith("Guide") for i in result.implications)
    assert "Converter does not carry snapshots over: the converted VM has none." in texts(result)
    assert "Power the VM off before converting it with Converter." in texts(result)


def test_implications_follow_the_order_of_the_facts():
    _, result = assessed(OLD_VM, files=("vm.vmss",))
    order = [i.about for i in result.implications]
    assert order == sorted(order, key=["hardware_version", "guest_os", "vcpus", "memory_mb", "firmware", "three_d", "controllers", "disks", "nics", "snapshots", "suspended"].index)


@pytest.mark.parametrize(
    "vcpus,text,floor",
    [
        (4, None, None),
        (5, "5 vCPUs need hardware version 7 or later in vSphere (version 4 allows 4 vCPUs).", 7),
        (40, "40 vCPUs need hardware version 9 or later in vSphere (version 8 allows 32 vCPUs).", 9),
        (768, "768 vCPUs need hardware version 18 or later in vSphere (version 15 allows 256 vCPUs).", 18),
        (1000, "1000 vCPUs: more than any hardware version allows (768 vCPUs from version 18 on).", None),
    ],
)
def test_vcpu_floors(vcpus, text, floor):
    _, result = assessed(f'virtualHW.version = "21"\nnumvcpus = "{vcpus}"\n')
    found = [i for i in result.implications if i.about == "vcpus" and i.source == "vSphere 8.0 docs"]
    assert [(i.text, i.min_hardware) for i in found] == ([(text, floor)] if text else [])


@pytest.mark.parametrize("memory_mb,floor", [(65536, None), (65540, 7), (255 * 1024, 7), (256 * 1024, 8), (2 * 1024 * 1024, 11)])
def test_memory_floors(memory_mb, floor):
    _, result = assessed(f'virtualHW.version = "21"\nmemsize = "{memory_mb}"\n')
    assert [i.min_hardware for i in result.implications if i.about == "memory_mb"] == ([floor] if floor else [])


def test_device_floors():
    vm_text = (
        'virtualHW.version = "13"\nfirmware = "efi"\n'
        'nvme0.present = "TRUE"\nscsi0.present = "TRUE"\nscsi0.virtualDev = "pvscsi"\n'
        'ethernet0.present = "TRUE"\nethernet0.virtualDev = "e1000e"\nethernet1.present = "TRUE"\nethernet1.virtualDev = "vmxnet3"\n'
    )
    _, result = assessed(vm_text)
    floors = [(i.text, i.min_hardware) for i in result.implications if i.min_hardware]
    assert floors == [
        ("UEFI firmware needs hardware version 8 or later in vSphere.", 8),
        ("A VMware Paravirtual SCSI controller (scsi0) needs hardware version 7 or later in vSphere.", 7),
        ("An NVMe controller (nvme0) needs hardware version 13 or later in vSphere.", 13),
        ("A vmxnet3 NIC (ethernet1) needs hardware version 7 or later in vSphere.", 7),
        ("An e1000e NIC (ethernet0) needs hardware version 8 or later in vSphere.", 8),
    ]
    assert result.notes == ()


def test_floors_above_the_vms_own_version_are_noted_once():
    _, result = assessed('virtualHW.version = "4"\nnumvcpus = "6"\nethernet0.present = "TRUE"\nethernet0.virtualDev = "vmxnet3"\nethernet1.present = "TRUE"\nethernet1.virtualDev = "e1000e"\n')
    assert result.notes == (
        "The file says hardware version 4, below what vSphere's tables ask for its vCPUs 7, NICs 8: "
        "it may have been edited by hand, or written by a product outside those tables.",
    )


def test_memory_floor_text():
    _, result = assessed('virtualHW.version = "21"\nmemsize = "70000"\n')
    assert "70000 MB of memory needs hardware version 7 or later in vSphere (version 4 allows 64 GB)." in texts(result)


def test_3d_floor_is_marked_inferred():
    _, result = assessed('virtualHW.version = "8"\nmks.enable3d = "TRUE"\n')
    floor = next(i for i in result.implications if i.about == "three_d")
    assert floor.min_hardware == 8 and floor.inferred


def test_sources_used_in_order_of_first_citation():
    _, result = assessed(OLD_VM)
    assert list(result.sources()) == list(dict.fromkeys(i.source for i in result.implications))
