"""What a hardware version can hold (vmgraph/vm/limits.py), and route --vmx refusing a VM the
hardware it ends on cannot hold."""

import json
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.errors import InvalidArgumentType, InvalidArgumentValue
from vmgraph.vm.hardware import level_of_version
from vmgraph.vm.limits import CONTROLLER_MODELS, NIC_MODELS, SOURCES, check_limits
from vmgraph.pack.model import Reference, State
from vmgraph.planning.records import Route, Step
from vmgraph.vm.facts import read_vm
from vmgraph.planning.vm_questions import limit_arguments, route_limits

VS80 = "https://docs.vmware.com/it/VMware-vSphere/8.0/vsphere-vm-administration/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html"
VS67 = "https://docs.vmware.com/fr/VMware-vSphere/6.7/com.vmware.vsphere.vm_admin.doc/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html"
VS65 = "https://docs.vmware.com/jp/VMware-vSphere/6.5/com.vmware.vsphere.vm_admin.doc/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html"
GB = 1024


def vmx(version: int) -> int:
    return level_of_version(version)


def one(problems):
    assert len(problems) == 1, problems
    return problems[0]


def test_the_sources_are_the_facts_files():
    assert {key: (s.title, s.url) for key, s in SOURCES.items()} == {
        "VS80-FEAT": ('vSphere 8.0 VM Administration, "Hardware Features Available with VM Compatibility Settings" (IT/DE/ES/JP editions)', VS80),
        "VS67-FEAT": ('vSphere 6.7 VM Administration, "Hardware Features Available with VM Compatibility Settings" (FR)', VS67),
        "VS65-FEAT-JP": ('vSphere 6.5 VM Administration, "Hardware Features Available with VM Compatibility Settings" (JP)', VS65),
        "VINF-VCF9": (
            "vInfrastructure, June 2025: VCF and VVF 9.0 bring virtual hardware version 22 (960 logical processors, 960 cores per socket; a third party's page, no VMware page read)",
            "https://vinfrastructure.it/it/?p=39307",
        ),
    }


# (argument, hardware version, the most it holds), each as the source states it.
STATED_CAPS = [
    ("vcpus", 4, 4), ("vcpus", 7, 8), ("vcpus", 8, 32), ("vcpus", 10, 64), ("vcpus", 14, 128), ("vcpus", 17, 256), ("vcpus", 18, 768),
    ("vcpus", 21, 768),  # "768 per HWV 18 o versioni successive": stated for every later version (vmx-22: disputed, below)
    ("cores_per_socket", 4, 1), ("cores_per_socket", 7, 8), ("cores_per_socket", 8, 32), ("cores_per_socket", 9, 64),
    ("cores_per_socket", 19, 64), ("cores_per_socket", 20, 256),
    ("memory_mb", 4, 64 * GB), ("memory_mb", 8, 1011 * GB), ("memory_mb", 10, 1011 * GB), ("memory_mb", 11, 4080 * GB),
    ("memory_mb", 13, 6128 * GB), ("memory_mb", 17, 6128 * GB), ("memory_mb", 18, 24560 * GB), ("memory_mb", 20, 24560 * GB),
]


@pytest.mark.parametrize("argument,version,most", STATED_CAPS, ids=[f"{a}-vmx{v}-{m}" for a, v, m in STATED_CAPS])
def test_a_stated_cap_at_and_past_its_boundary(argument, version, most):
    assert check_limits(vmx(version), **{argument: most}) == ()
    past = one(check_limits(vmx(version), **{argument: most + (4 if argument == "memory_mb" else 1)}))
    assert past.refusal and past.inferred is None and past.hardware == vmx(version)
    assert past.sources == (SOURCES["VS80-FEAT"],) and "HWV" in past.quote


def test_vmx_22_vcpus_between_the_two_sources_is_a_warning_past_both_a_refusal():
    """vSphere 8.0's '768 per HWV 18 or later' predates vmx-22; a page on VCF 9.0 gives it 960."""
    assert check_limits(vmx(22), vcpus=768) == ()
    between = one(check_limits(vmx(22), vcpus=900))
    assert not between.refusal and "the sources disagree" in between.inferred
    assert set(between.sources) == {SOURCES["VS80-FEAT"], SOURCES["VINF-VCF9"]}
    assert one(check_limits(vmx(22), vcpus=961)).refusal


def test_what_a_cap_problem_says():
    problem = one(check_limits(vmx(7), vcpus=16))
    assert (problem.limit, problem.has, problem.allows) == ("vcpus", "16 vCPUs", "vmx-07 allows at most 8 vCPUs")
    assert problem.problem == "16 vCPUs: vmx-07 allows at most 8 vCPUs"
    assert problem.fix == "reduce the VM to 8 vCPUs before the move, or keep the VM on vmx-08 or later hardware"
    assert problem.needs == vmx(8) and problem.source.url == VS80
    memory = one(check_limits(vmx(10), memory_mb=2048 * GB))
    assert memory.problem == "2048 GB of memory: vmx-10 allows at most 1011 GB"
    assert memory.fix == "reduce its memory to 1011 GB or less before the move, or keep the VM on vmx-11 or later hardware"
    cores = one(check_limits(vmx(7), vcpus=8, cores_per_socket=16))
    assert cores.fix == "set 8 cores per socket (1 socket for 8 vCPUs) before the move, or keep the VM on vmx-08 or later hardware"
    assert one(check_limits(vmx(11), vcpus=96, cores_per_socket=96)).fix.startswith("set 48 cores per socket (2 sockets for 96 vCPUs)")


def test_nothing_holds_more_than_the_newest_version():
    problem = one(check_limits(vmx(18), vcpus=1000))
    assert problem.needs is None
    assert problem.fix == "reduce the VM to 768 vCPUs before the move (no hardware version the sources list allows more than 768 vCPUs)"


def test_inspect_reads_the_same_table():
    from vmgraph.vm.limits import cap_table, floor_version
    from vmgraph.vm.implications import FEATURE_FLOORS, MEMORY_LIMITS_GB, VCPU_LIMITS

    assert VCPU_LIMITS == cap_table("vcpus") == ((4, 4), (7, 8), (8, 32), (9, 64), (11, 128), (15, 256), (18, 768))
    assert MEMORY_LIMITS_GB == cap_table("memory") == ((4, 64), (7, 255), (8, 1011), (11, 4080), (13, 6128), (18, 24560)), "D-5: the lower figure"
    assert [f.hardware for f in FEATURE_FLOORS] == [floor_version(n) for n in ("efi", "three_d", "lsisas1068", "pvscsi", "sata", "nvme", "vmxnet3", "e1000e")]


def test_d5_vmx07_memory_255_or_256_gb():
    """vSphere 6.7 says 255 GB for vmx-07, vSphere 8.0 256 GB: between them a warning naming both."""
    assert check_limits(vmx(7), memory_mb=255 * GB) == ()
    between = one(check_limits(vmx(7), memory_mb=256 * GB))
    assert not between.refusal
    assert between.allows == "vmx-07 allows at most 256 GB by vSphere 8.0's table, 255 GB by vSphere 6.7's: the sources disagree whether it holds this"
    assert "D-5" in between.inferred and between.sources == (SOURCES["VS80-FEAT"], SOURCES["VS67-FEAT"])
    assert between.needs == vmx(8), "the lower figure decides which version surely holds it"
    past = one(check_limits(vmx(7), memory_mb=256 * GB + 4))
    assert past.refusal and past.inferred is None, "past both figures: both sources refuse it"
    assert past.allows == "vmx-07 allows at most 256 GB by vSphere 8.0's table, 255 GB by vSphere 6.7's"


# Versions the source's table does not list: vmgraph's reading, marked inferred.
INFERRED_CAPS = [
    # between vmx-04 (4) and vmx-07 (8): at least 4, at most 8
    ("vcpus", 6, 4, None), ("vcpus", 6, 5, "warning"), ("vcpus", 6, 8, "warning"), ("vcpus", 6, 9, "refusal"),
    # vmx-12 between vmx-11 (4080 GB) and vmx-13 (6128 GB)
    ("memory_mb", 12, 4080 * GB, None), ("memory_mb", 12, 4081 * GB, "warning"), ("memory_mb", 12, 6129 * GB, "refusal"),
    # above the newest listed (vmx-20): at least its value, more is a warning
    ("memory_mb", 22, 24560 * GB, None), ("memory_mb", 22, 24561 * GB, "warning"),
    ("cores_per_socket", 21, 256, None), ("cores_per_socket", 21, 257, "warning"),
    # older than vmx-04 (vmx-03, generations 2 and 3): at most vmx-04's
    ("vcpus", 3, 4, None), ("vcpus", 3, 5, "refusal"), ("vcpus", "gen3", 4, None), ("vcpus", "gen3", 5, "refusal"),
    ("memory_mb", "gen2", 64 * GB, None), ("memory_mb", "gen2", 65 * GB, "refusal"),
]


@pytest.mark.parametrize("argument,version,value,outcome", INFERRED_CAPS, ids=[f"{a}-{v}-{n}" for a, v, n, _ in INFERRED_CAPS])
def test_an_unlisted_version_is_read_and_marked_inferred(argument, version, value, outcome):
    level = int(version[3:]) if isinstance(version, str) else vmx(version)
    problems = check_limits(level, **{argument: value})
    if outcome is None:
        assert problems == ()
        return
    problem = one(problems)
    assert problem.refusal == (outcome == "refusal")
    assert problem.inferred and "vmgraph reads" in problem.inferred
    assert "(vmgraph's reading)" in problem.allows


def test_an_unlisted_version_says_how_it_is_read():
    problem = one(check_limits(vmx(6), vcpus=5))
    assert problem.allows == "vmx-06 allows at least 4 and at most 8 vCPUs (vmgraph's reading): it may not hold this"
    assert problem.inferred == "the source lists no vmx-06: vmgraph reads it as allowing at least vmx-04's 4 and at most vmx-07's 8 vCPUs (a newer version never allows less)"
    old = one(check_limits(3, vcpus=8))
    assert old.problem == "8 vCPUs: generation 3 allows at most 4 vCPUs (vmgraph's reading)"


# (argument, value, hardware version without it, hardware version with it)
STATED_FLOORS = [
    ("firmware", "efi", 7, 8), ("secure_boot", True, 11, 13), ("nic_models", ["vmxnet3"], 4, 7), ("nic_models", ["e1000e"], 7, 8),
    ("controllers", ["lsisas1068"], 4, 7), ("controllers", ["pvscsi"], 4, 7), ("controllers", ["sata"], 9, 10),
    ("controllers", ["nvme"], 11, 13), ("usb3", True, 7, 8),
]


@pytest.mark.parametrize("argument,value,without,with_it", STATED_FLOORS, ids=[f"{a}-{v}" for a, v, _, _ in STATED_FLOORS])
def test_a_stated_floor_below_and_at_its_version(argument, value, without, with_it):
    refused = one(check_limits(vmx(without), **{argument: value}))
    assert refused.refusal and refused.inferred is None and refused.needs == vmx(with_it)
    assert check_limits(vmx(with_it), **{argument: value}) == ()
    assert check_limits(vmx(22), **{argument: value}) == ()


def test_what_a_floor_problem_says():
    efi = one(check_limits(vmx(7), firmware="EFI"))
    assert efi.problem == "UEFI firmware: vmx-07 lacks UEFI firmware; vmx-08 and later have it"
    assert efi.fix == "keep the VM on vmx-08 or later hardware, or switch its firmware to BIOS before the move (only if the guest can boot from BIOS)"
    assert efi.quote.startswith("Firmware BIOS • HWV 4 o versioni successive / Firmware UEFI • HWV 8")
    nics = one(check_limits(vmx(7), nic_models=["e1000e", "vmxnet3", "E1000E"]))
    assert nics.problem == "2 e1000e NICs: vmx-07 lacks e1000e; vmx-08 and later have it"
    assert nics.fix == "switch them to vmxnet3 or e1000 before the move (the guest needs its driver), or keep the VM on vmx-08 or later hardware"
    assert nics.sources == (SOURCES["VS67-FEAT"], SOURCES["VS65-FEAT-JP"])
    assert one(check_limits(vmx(4), nic_models=["e1000e"])).fix.startswith("switch it to e1000 before the move")
    sata = one(check_limits(vmx(9), controllers=["sata"]))
    assert sata.problem == "a SATA controller: vmx-09 lacks SATA; vmx-10 and later have it"
    assert sata.fix == "move the devices on it to an IDE or SCSI controller before the move (the guest needs its driver), or keep the VM on vmx-10 or later hardware"
    assert one(check_limits(vmx(11), controllers=["nvme"])).fix.startswith("move the devices on it to a SCSI or SATA controller")


def test_3d_is_a_warning():
    problem = one(check_limits(vmx(7), three_d=True))
    assert not problem.refusal and problem.inferred is None and problem.sources == (SOURCES["VS65-FEAT-JP"],)
    assert problem.fix == "turn 3-D off (mks.enable3d) before the move, or keep the VM on vmx-08 or later hardware"
    assert check_limits(vmx(8), three_d=True) == ()


INFERRED_FLOORS = [
    # vmx-06: no column; vmx-04 lacks vmxnet3 and vmx-07 has it: vmgraph cannot tell
    ("nic_models", ["vmxnet3"], 6, "warning"),
    # vmx-04 and vmx-07 both lack e1000e: so does vmx-06 between them
    ("nic_models", ["e1000e"], 6, "refusal"),
    # vmx-11 and vmx-13 both have vmxnet3: so does vmx-12; newer than the table: has it
    ("nic_models", ["vmxnet3"], 12, None), ("nic_models", ["vmxnet3"], 19, None),
    # NVMe: vmx-11 lacks it, vmx-13 has it
    ("controllers", ["nvme"], 12, "warning"),
    # older than vmx-04, which lacks it
    ("firmware", "efi", 3, "refusal"), ("controllers", ["pvscsi"], 3, "refusal"),
]


@pytest.mark.parametrize("argument,value,version,outcome", INFERRED_FLOORS, ids=[f"{a}-{v}-vmx{n}" for a, v, n, _ in INFERRED_FLOORS])
def test_an_unlisted_column_is_read_and_marked_inferred(argument, value, version, outcome):
    problems = check_limits(vmx(version), **{argument: value})
    if outcome is None:
        assert problems == ()
        return
    problem = one(problems)
    assert problem.refusal == (outcome == "refusal") and problem.inferred and "vmgraph" in problem.inferred


def test_an_unlisted_column_says_how_it_is_read():
    problem = one(check_limits(vmx(6), nic_models=["vmxnet3"]))
    assert problem.allows == "vmx-06 may lack vmxnet3 (vmgraph cannot tell); vmx-07 and later have it"
    assert problem.inferred == "the source's table has no vmx-06 column (vmx-04 lacks it, vmx-07 has it): vmgraph cannot tell whether vmx-06 has vmxnet3"


def test_models_without_a_floor_are_not_checked():
    assert NIC_MODELS == ("vmxnet3", "e1000e") and CONTROLLER_MODELS == ("lsisas1068", "pvscsi", "sata", "nvme")
    assert check_limits(vmx(4), nic_models=["e1000", "vlance", "vmxnet", "vmxnet2", "madeup"], controllers=["lsilogic", "buslogic", "ide", "scsi"]) == ()
    assert check_limits(vmx(4), controllers=["vmxnet3"]) == (), "a NIC model among controllers is not a controller"


def test_problems_come_in_the_order_of_the_arguments():
    problems = check_limits(
        vmx(4), vcpus=8, cores_per_socket=2, memory_mb=128 * GB, firmware="efi", secure_boot=True,
        nic_models=["vmxnet3"], controllers=["sata"], three_d=True, usb3=True,
    )
    assert [p.limit for p in problems] == ["vcpus", "cores_per_socket", "memory", "firmware", "secure_boot", "nic", "controller", "three_d", "usb3"]
    assert [p.refusal for p in problems] == [True] * 7 + [False, True]


def test_an_inventory_row_passes_what_it_has():
    """The fleet's call: vCPUs, memory and firmware from a row; what a row leaves out is None."""
    assert check_limits(level_of_version(19), vcpus=4, memory_mb=16384, firmware="efi") == ()
    assert check_limits(level_of_version(7), vcpus=None, memory_mb=None, firmware=None) == ()
    assert [p.limit for p in check_limits(level_of_version(4), vcpus=8, memory_mb=4096, firmware="bios")] == ["vcpus"]


@pytest.mark.parametrize(
    "arguments,error,message",
    [
        ({"level": 23}, InvalidArgumentValue, "level=23: expected a hardware level (2 to 22; level_of_version() gives a version's)"),
        ({"level": True}, InvalidArgumentType, "level=True: expected a hardware level (2 to 22; level_of_version() gives a version's)"),
        ({"level": 7, "vcpus": 0}, InvalidArgumentValue, "vcpus=0: expected 1 or more"),
        ({"level": 7, "vcpus": "4"}, InvalidArgumentType, "vcpus='4': expected a whole number"),
        ({"level": 7, "memory_mb": 1.5}, InvalidArgumentType, "memory_mb=1.5: expected a whole number"),
        ({"level": 7, "firmware": "csm"}, InvalidArgumentValue, 'firmware=csm: expected "bios" or "efi"'),
        ({"level": 7, "secure_boot": "yes"}, InvalidArgumentType, "secure_boot='yes': expected True, False or None"),
        ({"level": 7, "nic_models": "vmxnet3"}, InvalidArgumentType, "nic_models='vmxnet3': expected a list of model names, one per device"),
        ({"level": 7, "controllers": [None]}, InvalidArgumentType, "controllers=None: expected a model name"),
    ],
    ids=["level-unknown", "level-bool", "vcpus-zero", "vcpus-text", "memory-float", "firmware", "secure-boot", "nics-a-string", "controller-none"],
)
def test_error_bad_arguments(arguments, error, message):
    with pytest.raises(error) as caught:
        check_limits(**arguments)
    assert str(caught.value) == message


# -- route --vmx: the facts against the hardware the route brings the VM to

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "vms"
SAMPLES = ROOT / "tests" / "data" / "vms"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def run_suggested(command: str):
    """A command vmgraph printed, run as printed."""
    words = shlex.split(command)
    assert words[:2] == ["vmgraph", "route"]
    return runner.invoke(app, words[1:])


def test_a_route_to_hardware_without_secure_boot_is_no_route_as_is():
    result = run("route", "--vmx", EXAMPLES / "win2019-efi", "ESXi 6.0", "--from", "ESXi 6.7")
    assert result.exit_code == 1, "a VM the route's hardware cannot hold is a negative answer"
    text = result.stdout
    assert text.startswith("No route as is: ESXi 6.7 (vmx-14) -> ESXi 6.0\n\nWhy: The route vmgraph finds ends on ESXi 6.0 with vmx-11 hardware, which cannot hold this VM as its files describe it.\n")
    assert (
        "What vmx-11 cannot hold (ESXi 6.0, where the route ends):\n"
        "  - Secure Boot: vmx-11 lacks Secure Boot; vmx-13 and later have it\n"
        "    Fix: keep the VM on vmx-13 or later hardware, or turn Secure Boot off before the move (only if the guest may boot without it)\n"
        f'    Source: vSphere 8.0 VM Administration, "Hardware Features Available with VM Compatibility Settings" (IT/DE/ES/JP editions), {VS80}\n'
        "    Inferred by vmgraph: the file's uefi.secureBoot.enabled = \"TRUE\" is taken as Secure Boot on"
    ) in text
    assert "  - target ESXi 6.5: a route exists to ESXi 6.5, which brings the VM to vmx-13 and holds it as it is: upgrade the ESXi 6.0 host to it (" in text
    assert "\nOnce the VM is changed as the fixes say, this route applies:\n\nRoute: ESXi 6.7 (vmx-14) -> ESXi 6.0 (vmx-11)\n" in text
    command = next(line.strip() for line in text.splitlines() if line.strip().startswith("vmgraph route"))
    assert command == f"vmgraph route --vmx {shlex.quote(str(EXAMPLES / 'win2019-efi'))} 'ESXi 6.5' --from 'ESXi 6.7'"
    suggested = run_suggested(command)
    assert suggested.exit_code == 0 and suggested.stdout.startswith("Route: ESXi 6.7 (vmx-14) -> ESXi 6.5 (vmx-13)")
    assert "cannot hold" not in suggested.stdout and "What to check" not in suggested.stdout


def test_no_route_as_is_in_json():
    result = run("route", "--vmx", EXAMPLES / "win2019-efi", "ESXi 6.0", "--from", "ESXi 6.7", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    plain_no_route = json.loads(run("route", "ws3", "esx1", "--format", "json").stdout)
    assert set(plain_no_route) <= set(data), "the shape of any no-route answer, and more"
    assert set(data) - set(plain_no_route) == {"limits", "route_once_fixed"}
    assert (data["found"], data["steps"], data["refusals"]) == (False, [], [])
    assert data["reason"] == "the route vmgraph finds ends on ESXi 6.0 with vmx-11 hardware, which cannot hold this VM as its files describe it."
    assert data["target"]["product"] == "ESXi 6.0" and data["target"]["hardware"] is None
    (limit,) = data["limits"]
    assert set(limit) == {"limit", "problem", "has", "allows", "refusal", "fix", "at", "needs_hardware", "needs_hardware_name", "reference", "references", "quote", "inferred"}
    assert (limit["limit"], limit["refusal"], limit["needs_hardware"], limit["needs_hardware_name"]) == ("secure_boot", True, 13, "vmx-13")
    assert limit["problem"] == "Secure Boot: vmx-11 lacks Secure Boot; vmx-13 and later have it"
    assert limit["at"] == {"product": "ESXi 6.0", "hardware": 11, "hardware_name": "vmx-11", "hardware_version": 11, "created_under": "ESXi 6.0"}
    assert limit["reference"] == {"section": None, "page": None, "url": VS80, "title": SOURCES["VS80-FEAT"].title}
    assert limit["references"] == [limit["reference"]] and "Avvio sicuro • HWV 13" in limit["quote"]
    (suggestion,) = data["relaxations"]
    assert (suggestion["option"], suggestion["change"]) == ("TARGET", "target ESXi 6.5")
    assert run_suggested(suggestion["command"]).exit_code == 0
    once = data["route_once_fixed"]
    assert once["found"] and once["target"]["hardware_name"] == "vmx-11" and "limits" not in once, "the limits are the answer's, above"


def test_no_route_as_is_in_markdown():
    result = run("route", "--vmx", EXAMPLES / "win2019-efi", "ESXi 6.0", "--from", "ESXi 6.7", "--format", "markdown")
    assert result.exit_code == 1
    text = result.stdout
    assert text.startswith("## No route as is: ESXi 6.7 (vmx-14) → ESXi 6.0\n\n**Why:** The route vmgraph finds ends on ESXi 6.0 with vmx-11 hardware")
    assert "- Secure Boot: vmx-11 lacks Secure Boot; vmx-13 and later have it. **Fix:** keep the VM on vmx-13 or later hardware" in text
    assert f"`vmgraph route --vmx {shlex.quote(str(EXAMPLES / 'win2019-efi'))} 'ESXi 6.5' --from 'ESXi 6.7'`" in text
    assert "### Once the VM is changed as the fixes say, this route applies\n\n- [ ] **1. ESXi 6.7 (vmx-14) → ESXi 6.0 (vmx-11)**" in text


def test_a_big_vm_breaks_every_limit_of_vmx07():
    result = run("route", "--vmx", SAMPLES / "big-esxi67", "ESX 4.1", "--from", "ESXi 6.7", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(limit["limit"], limit["refusal"]) for limit in data["limits"]] == [
        ("vcpus", True), ("cores_per_socket", True), ("memory", True), ("nic", True), ("controller", True),
    ], "pvscsi is on vmx-07: not a problem"
    assert [limit["problem"] for limit in data["limits"]] == [
        "16 vCPUs: vmx-07 allows at most 8 vCPUs",
        "16 cores per socket: vmx-07 allows at most 8 cores per socket",
        "300 GB of memory: vmx-07 allows at most 256 GB by vSphere 8.0's table, 255 GB by vSphere 6.7's",
        "an e1000e NIC: vmx-07 lacks e1000e; vmx-08 and later have it",
        "an NVMe controller: vmx-07 lacks NVMe; vmx-13 and later have it",
    ]
    assert [limit["fix"] for limit in data["limits"]][:3] == [
        "reduce the VM to 8 vCPUs before the move, or keep the VM on vmx-08 or later hardware",
        "set 8 cores per socket (1 socket for 8 vCPUs) before the move, or keep the VM on vmx-08 or later hardware",
        "reduce its memory to 256 GB or less before the move, or keep the VM on vmx-08 or later hardware",
    ]
    (suggestion,) = data["relaxations"]
    assert suggestion["change"] == "target ESXi 6.5", "ESX and ESXi are one line; NVMe needs vmx-13"
    suggested = run_suggested(suggestion["command"] + " --format json")
    assert suggested.exit_code == 0 and json.loads(suggested.stdout)["limits"] == []


def test_d5_256_gb_on_vmx07_is_a_warning_on_a_found_route():
    result = run("route", "--vmx", SAMPLES / "mem256-esx41", "ESX 4.0", "--from", "ESX 4.1")
    assert result.exit_code == 0
    assert (
        "What to check on vmx-07 (ESX 4.0, where the route ends):\n"
        "  - 256 GB of memory: vmx-07 allows at most 256 GB by vSphere 8.0's table, 255 GB by vSphere 6.7's: the sources disagree whether it holds this\n"
        "    Fix: reduce its memory to 255 GB or less before the move, or keep the VM on vmx-08 or later hardware\n"
    ) in result.stdout
    assert "the facts file's D-5" in result.stdout
    data = json.loads(run("route", "--vmx", SAMPLES / "mem256-esx41", "ESX 4.0", "--from", "ESX 4.1", "--format", "json").stdout)
    assert data["found"] and "route_once_fixed" not in data
    (limit,) = data["limits"]
    assert not limit["refusal"] and "D-5" in limit["inferred"] and [r["url"] for r in limit["references"]] == [VS80, VS67]
    markdown = run("route", "--vmx", SAMPLES / "mem256-esx41", "ESX 4.0", "--from", "ESX 4.1", "--format", "markdown").stdout
    assert "**What to check on vmx-07 (ESX 4.0, where the route ends):**" in markdown


def test_nothing_to_suggest_when_no_version_holds_the_vm(tmp_path):
    (tmp_path / "wide.vmx").write_text('virtualHW.version = "20"\nnumvcpus = "1000"\n')
    result = run("route", "--vmx", tmp_path / "wide.vmx", "ESXi 8.0 U1", "--from", "ESXi 8.0")
    assert result.exit_code == 1
    assert "  - 1000 vCPUs: vmx-20 allows at most 768 vCPUs\n" in result.stdout
    assert "(no hardware version the sources list allows more than 768 vCPUs)" in result.stdout
    assert "\nvmgraph finds no newer target that holds the VM as it is: change the VM as the fixes say.\n" in result.stdout


def test_a_vm_the_hardware_holds_has_an_empty_limits_list_and_routes_without_vmx_have_none():
    data = json.loads(run("route", "--vmx", EXAMPLES / "win2019-efi", "ESXi 7.0", "--from", "ESXi 6.7", "--format", "json").stdout)
    assert data["found"] and data["limits"] == []
    assert "limits" not in json.loads(run("route", "ESXi 6.7", "ESXi 6.0", "--format", "json").stdout)


def test_the_facts_as_check_limits_arguments():
    assert limit_arguments(read_vm(EXAMPLES / "win2019-efi")) == {
        "vcpus": 2, "cores_per_socket": 2, "memory_mb": 8192, "firmware": "efi", "secure_boot": True,
        "nic_models": ("vmxnet3",), "controllers": ("sata", "lsisas1068"), "three_d": False,
    }


def test_the_oldest_hardware_on_the_way_decides():
    """A step down and back up: the VM must run on the hardware in between too."""
    facts = read_vm(EXAMPLES / "win2019-efi")
    ref = Reference(None, None, None, "https://example.org", "t")
    a, b, c = State("ESXi 6.7", 14, "ESXi 6.7"), State("ESXi 6.0", 11, "ESXi 6.0"), State("ESXi 6.5", 13, "ESXi 6.5")

    def step(source, target, kind="move"):
        return Step(source, target, ("copy",), "", (), ref, kind, 1.0)

    down_and_up = Route(True, a, c, (step(a, b), step(b, b, "prepare"), step(b, c)))
    found = route_limits(down_and_up, facts)
    assert (found.at, found.step, found.last, [p.limit for p in found.problems]) == (b, 1, False, ["secure_boot"])
    ends_low = Route(True, a, b, (step(a, b),))
    assert route_limits(ends_low, facts)[1:4] == (b, None, True)


def test_a_suggested_command_keeps_the_flags_and_rule_packs_given():
    rules = ROOT / "tests" / "data" / "odd-names.toml"
    result = run(
        "route", "--vmx", EXAMPLES / "win2019-efi", "ESXi 6.0", "--from", "ESXi 6.7",
        "--disk-mode", "undoable", "--weight", "convert=5", "--rules", rules, "--format", "json",
    )
    assert result.exit_code == 1
    command = json.loads(result.stdout)["relaxations"][0]["command"]
    assert command == (
        f"vmgraph route --vmx {shlex.quote(str(EXAMPLES / 'win2019-efi'))} 'ESXi 6.5' --from 'ESXi 6.7' "
        f"--disk-mode undoable --weight convert=5 --rules {shlex.quote(str(rules))}"
    )
    assert run_suggested(command).exit_code == 0


def test_a_diagram_of_a_route_that_does_not_hold_the_vm_exits_1():
    result = run("route", "--vmx", EXAMPLES / "win2019-efi", "ESXi 6.0", "--from", "ESXi 6.7", "--format", "mermaid")
    assert result.exit_code == 1 and result.stdout.startswith("flowchart")


def test_3d_read_from_the_file_is_a_warning_that_says_how_the_key_is_read(tmp_path):
    (tmp_path / "gfx.vmx").write_text('virtualHW.version = "10"\nmks.enable3d = "TRUE"\n')
    result = run("route", "--vmx", tmp_path / "gfx.vmx", "Workstation 6.5", "--from", "Workstation 10", "--format", "json")
    assert result.exit_code == 0, "3-D is a warning"
    (limit,) = json.loads(result.stdout)["limits"]
    assert (limit["limit"], limit["refusal"]) == ("three_d", False)
    assert limit["inferred"] == "the file's mks.enable3d = \"TRUE\" is taken as SVGA 3-D hardware acceleration on: no source read maps the key."
