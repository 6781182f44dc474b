"""Issue 19, section 3: CPU architecture.

A VM has an architecture (its guest ID's arm- prefix, or --arch); products run one or both
([[platform]] guests: Fusion 13 runs Arm VMs on Apple silicon, x86 ones on Intel Macs; ESXi and
Workstation x86 only); a move across architectures is refused with the reason, its source and
what would do it (rebuild the guest).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.planning.planner import Planner, plan
from vmgraph.planning.records import VM, Constraints, Request

ARM = Path(__file__).resolve().parent / "data" / "vms" / "win11-arm"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_an_arm_guest_from_its_vmx_does_not_run_as_it_is_on_x86_esxi():
    result = run("route", "--vmx", ARM, "ESXi 8.0", "--from", "Fusion 13")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "No route: Fusion 13 (vmx-20) -> ESXi 8.0"
    assert lines[2].startswith("Why: no route takes a VM across CPU architectures: ESXi 8.0 runs x86_64 VMs only, and this VM is arm64")
    assert "rebuild the guest, installing the x86_64 edition of its operating system in a new VM on the target" in lines[2]
    assert "  - ESXi 8.0 runs x86_64 VMs (ESX or ESXi host). (VMware ESXi Installation and Setup 7.0: ESXi Hardware Requirements, https://" in result.stdout
    assert "guest arm-windows11-64 (arm64: open-vm-tools lib/include/guest_os.h" in result.stdout


def test_arch_refusal_in_json():
    data = json.loads(run("route", "Fusion 13", "Workstation 17", "--arch", "arm64", "--format", "json").stdout)
    assert data["found"] is False and data["reason"].startswith("no route takes a VM across CPU architectures: Workstation 17 runs x86_64 VMs only")
    assert data["refusals"][0]["advice"] == "Rebuild the guest on the target: no conversion between CPU architectures exists."
    assert data["refusals"][0]["inferred"]


def test_an_arm_vm_without_from_is_taken_to_be_on_a_fusion_that_runs_arm():
    result = run("route", "--vmx", ARM, "Fusion 13.5")
    assert result.exit_code == 0
    assert "vmgraph takes the VM to be on Fusion 13, the first product that runs vmx-20 and Arm guests" in result.stdout
    assert "Fusion 13.5 runs this arm64 VM only on a Mac with Apple silicon: on a Mac with Intel it runs x86_64 VMs only" in result.stdout


def test_an_x86_vm_going_to_fusion_13_is_told_apple_silicon_runs_arm_only():
    result = run("route", "Workstation 17", "Fusion 13")
    assert result.exit_code == 0
    assert (
        "vmgraph takes the VM to be x86_64 (give --arch for another): Fusion 13 runs this x86_64 VM only on a Mac with Intel: "
        "on a Mac with Apple silicon it runs arm64 VMs only (VMware Fusion Blog, April 2021"
    ) in result.stdout
    stated = run("route", "Workstation 17", "Fusion 13", "--arch", "x86_64").stdout
    assert "  - Fusion 13 runs this x86_64 VM only on a Mac with Intel" in stated and "vmgraph takes the VM to be" not in stated


@pytest.mark.parametrize(
    "args,message",
    [
        (("route", "ESXi 8.0", "ESXi 8.0 U2", "--arch", "sparc"), "vmgraph: error: --arch sparc: expected x86_64 (x86, amd64, x64) or arm64 (aarch64, arm)"),
        (("route", "ESXi 8.0", "ESXi 8.0 U2", "--arch", "arm64"), "vmgraph: error: --arch arm64: ESXi 8.0 runs x86_64 VMs only (ESX or ESXi host): an arm64 VM is not on it"),
        (("route", "--vmx", ARM, "Fusion 13.5", "--from", "Fusion 13", "--arch", "x86"), "vmgraph: error: --arch x86: the VM's files say guestOS = \"arm-windows11-64\", an arm64 guest"),
    ],
    ids=["arch-name", "arch-source", "arch-contradicts-files"],
)
def test_error_arch(args, message):
    result = run(*args)
    assert result.exit_code == 2 and result.stderr.strip() == message


def test_arch_spellings_read_as_one():
    for spelling in ("aarch64", "ARM64", "arm"):
        route = plan("Fusion 13", "Fusion 13.5", vm=VM(arch=spelling))
        assert route.found and route.request.vm.arch == "arm64"


def test_no_route_between_todays_products_moves_a_vm_across_architectures(pack):
    """Property: for every pair of today's products and each architecture, a route found passes
    only products that run the VM's architecture."""
    planner = Planner(pack)
    today = [name for name, product in pack.products.items() if product.is_today]
    for arch in ("x86_64", "arm64"):
        sources = [name for name in today if arch in pack.architectures_of(name)]
        assert sources
        for source in sources:
            start = planner.start_state(Request(source, source, VM(arch=arch)))
            for target in today:
                if target == source:
                    continue
                for route in planner.routes(start, (target,), VM(arch=arch), Constraints(), 1):
                    for step in route.steps:
                        assert arch in pack.architectures_of(step.target.product), (arch, source, target, step.target.product)


def test_fleet_reads_an_arm_guest_from_its_guest_id_and_refuses_it_on_x86_esxi(tmp_path):
    """An inventory's guest id with the arm- prefix (as a .vmx writes it) makes an Arm VM: on x86
    ESXi it is blocked with the reason, and its route command carries --arch arm64; the x86 VM
    beside it is planned as before."""
    inventory = tmp_path / "mac.csv"
    inventory.write_text("name,product,hardware,guest_id\nmac-win,Fusion 13,vmx-20,arm-windows11-64\nmac-x86,Fusion 13,vmx-20,windows11-64\n")
    found = CliRunner().invoke(app, ["fleet", str(inventory), "--to", "ESXi 8.0 U3", "--format", "json"])
    assert found.exit_code == 1, found.output
    plan = json.loads(found.stdout)
    status = {q["question"]: g["status"] for g in plan["groups"] for q in g["questions"]}
    by_name = {vm["name"]: status[vm["question"]] for vm in plan["vms"]}
    assert by_name == {"mac-win": "blocked", "mac-x86": "route"}
    question = next(g for g in plan["groups"] if g["status"] == "blocked")["questions"][0]
    assert "--arch arm64" in question["command"] and "across CPU architectures" in question["reason"]
