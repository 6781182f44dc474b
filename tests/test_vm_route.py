"""`vmgraph route --vmx PATH TARGET --from PRODUCT`: a VM's files as the question."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.vm.facts import read_vm
from vmgraph.planning.vm_questions import vm_from_facts

ROOT = Path(__file__).resolve().parent.parent
VMS = ROOT / "examples" / "vms"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def steps(output: str) -> list:
    return [(s["from"], s["to"], s["tags"], s["instructions"]) for s in json.loads(output)["steps"]]


def test_the_files_facts_are_applied_as_flags():
    from_files = run("route", "--vmx", VMS / "ws4-undoable", "esx2", "--from", "ws4", "--format", "json")
    by_hand = run("route", "ws4", "esx2", "--hardware", "4", "--disk-mode", "undoable", "--format", "json")
    assert from_files.exit_code == 0 and steps(from_files.stdout) == steps(by_hand.stdout)
    warnings = json.loads(from_files.stdout)["warnings"]
    assert warnings[0].startswith("From ") and "hardware version 3 (vmx-03)" in warnings[0] and "disks undoable" in warnings[0]
    assert "an inference from KB 1003746" in warnings[1], "reading a hardware version as a generation is an inference, said so"


def test_a_64bit_smp_guest_read_from_the_files_stays_on_workstation_55():
    facts = read_vm(VMS / "ws55-1252")
    vm, _ = vm_from_facts(facts)
    assert (vm.hardware, vm.smp, vm.sixty_four_bit) == (5, facts.vcpus > 1, bool(facts.guest_64bit))
    result = run("route", "--vmx", VMS / "ws55-1252", "ws5.0", "--from", "ws5.5")
    assert result.exit_code == 1 and "Warnings:\n  - From " in result.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (["--vmx", VMS / "win2019-efi", "esx2", "--from", "ws4"], "win2019-efi: Workstation 4 does not run vmx-14 hardware (it runs generation 3, generation 4 (vmx-03))"),
        (["--vmx", VMS / "ws4-undoable", "esx2"], "ws4-undoable.vmx: say which product the VM is on with --from PRODUCT (hardware version 3 may be on one of the guide's products)"),
        (["ws4", "esx2", "--from", "ws4"], "--from goes with --vmx (without it, SOURCE names the product the VM is on)"),
        (["ws4", "esx2", "--vmx", VMS / "ws4-undoable"], "with --vmx give only TARGET, and the product the VM is on with --from"),
        (["--vmx", VMS / "ws4-undoable", "esx2", "--from", "ws4", "--hardware", "5"], "--hardware 5: the VM's files say hardware version 3 (generation 4 (vmx-03))"),
    ],
    ids=["modern-hardware", "no-from", "from-without-vmx", "two-ends-with-vmx", "hardware-contradicts-files"],
)
def test_error_vmx_questions_are_one_line(args, message):
    result = run("route", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.strip().endswith(message)


def test_without_from_the_product_is_inferred_from_the_files_and_said_so():
    """vSphere VMs name their NICs' networks (networkName), hosted ones how they connect
    (connectionType): the first release of that kind running the VM's version is taken, as an
    inference in the warnings; a file that tells neither (or hardware the guide's products may
    have) asks for --from."""
    from typer.testing import CliRunner

    from vmgraph.cli.app import app

    runner = CliRunner()
    esxi = runner.invoke(app, ["route", "--vmx", str(VMS / "win2019-efi"), "ESXi 8.0", "--format", "json"])
    data = json.loads(esxi.stdout)
    assert data["source"]["product"] == "ESXi 6.7"
    assert any(w.startswith("vmgraph takes the VM to be on ESXi 6.7, the first of the vSphere hosts that runs vmx-14") for w in data["warnings"])
    hosted = json.loads(runner.invoke(app, ["route", "--vmx", str(VMS / "ubuntu-suspended"), "ESXi 8.0", "--format", "json"]).stdout)
    assert hosted["source"]["product"] == "Workstation 16.2"
    assert any("ethernet0.connectionType" in w and "inference" in w for w in hosted["warnings"])
    old = runner.invoke(app, ["route", "--vmx", str(VMS / "ws4-undoable"), "esx2"])
    assert old.exit_code == 2 and "--from PRODUCT" in old.stderr and old.stderr.count("\n") == 1


# --- what .vmx files still missed (issue 20) ------------------------------------------------------------

VMX_HEAD = 'config.version = "8"\nvirtualHW.version = "{hw}"\nguestOS = "ubuntu-64"\nethernet0.present = "TRUE"\n'


def vmx(tmp_path, text, name="vm.vmx"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_suspended_vm_is_powered_off_before_its_one_way_upgrade():
    data = json.loads(run("route", "Workstation 6.0", "ESXi 5.0", "--hardware", "vmx-06", "--suspended", "--format", "json").stdout)
    kinds = [(s["kind"], s["instructions"]) for s in data["steps"]]
    power = next(i for i, (kind, words) in enumerate(kinds) if kind == "prepare" and "suspended VM cannot be upgraded" in words)
    upgrade = next(i for i, (kind, _) in enumerate(kinds) if kind == "upgrade")
    assert power < upgrade, kinds
    assert sum("Power" in words for kind, words in kinds if kind == "prepare") == 1, "powered off once: the import after it does not ask again"


def test_which_disk_has_which_mode_is_said(tmp_path):
    path = vmx(tmp_path, VMX_HEAD.format(hw=13) + 'ethernet0.networkName = "VM Network"\nscsi0.present = "TRUE"\n'
               + "".join(f'scsi0:{n}.present = "TRUE"\nscsi0:{n}.fileName = "d{n}.vmdk"\n' for n in range(3))
               + 'scsi0:1.mode = "independent-nonpersistent"\n')
    warnings = json.loads(run("route", "--vmx", path, "ESXi 8.0", "--format", "json").stdout)["warnings"]
    assert "disk scsi0:1 nonpersistent; scsi0:0 and scsi0:2 persistent." in warnings[0]


@pytest.mark.parametrize(
    "key",
    ['vc.uuid = "50 06 2d 6a 91 0c 4b 7e-a3 58 0d 1f 3c 77 92 e4"\n', 'sata0:0.fileName = "/vmfs/volumes/datastore1/iso/x.iso"\n'],
    ids=["vc-uuid", "vmfs-path"],
)
def test_a_vmx_from_a_vsphere_host_is_inferred_as_such(tmp_path, key):
    path = vmx(tmp_path, VMX_HEAD.format(hw=13) + 'ethernet0.connectionType = "nat"\n' + key)  # the NIC says hosted; the key says vSphere
    data = json.loads(run("route", "--vmx", path, "ESXi 8.0", "--format", "json").stdout)
    assert data["source"]["product"] == "ESXi 6.5"
    said = next(w for w in data["warnings"] if w.startswith("vmgraph takes the VM to be on ESXi 6.5, the first of the vSphere hosts"))
    assert key.split(" = ")[0] in said and "That is vmgraph's inference" in said


def test_a_vm_already_on_its_target_has_nothing_to_do():
    result = run("route", "--vmx", VMS / "win2019-efi", "ESXi 7.0 U3", "--from", "ESXi 7.0 U3")
    assert result.exit_code == 0 and "  Nothing to do: it runs on ESXi 7.0 U3 as it is." in result.stdout
    data = json.loads(run("route", "--vmx", VMS / "win2019-efi", "ESXi 7.0 U3", "--from", "ESXi 7.0 U3", "--format", "json").stdout)
    assert data["found"] and data["steps"] == [] and "nothing to do" in data["warnings"][-1]
    # inferred, the VM is taken to be on the first release that runs it other than the target: a move is planned
    inferred = json.loads(run("route", "--vmx", VMS / "win2019-efi", "ESXi 6.7", "--format", "json").stdout)
    assert inferred["source"]["product"] == "ESXi 6.7 U2" and inferred["steps"]
