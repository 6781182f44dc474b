"""Where each VM of a fleet is (fleet/placement.py): its host's release where the inventory says
it, vmgraph's reading ("a vSphere host that runs its hardware") where it does not, --from over
both; a mixed estate planned without --from from every input that names hosts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.fleet import plan_fleet
from vmgraph.inventory import read_inventory
from vmgraph.pack.sources import shipped_pack

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "inventories"
runner = CliRunner()

# The samples' hosts (make_samples.HOSTS) as rows: what each VM is "on".
ON = {
    "ams-dc01": "ESXi 8.0 U2", "ams-sql01": "ESXi 7.0 U3", "ams-mq01": "ESXi 8.0 U1", "fra-file01": "ESXi 6.7 U2",
    "fra-mon01": "ESXi 7.0 U1", "fra-erp01": "ESXi 6.5", "fra-lab-xp": "ESXi 6.0", "lon-legacy-nt": "ESX 4.1",
    "lon-oracle01": "ESXi 5.5", "nyc-vdi-001": "ESXi 8.0 U3",
}


def fleet(*args: object, output: str = "json"):
    result = runner.invoke(app, ["fleet", *map(str, args), "--format", output])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout) if output == "json" else result.stdout


@pytest.mark.parametrize(
    "inventory,hosts",
    [
        ("rvtools-vinfo.xlsx", None),
        ("rvtools-csv", None),
        ("govc-vm-info.json", "govc-host-info.json"),
        ("powercli-get-vm.csv", "powercli-get-vmhost.csv"),
    ],
    ids=["rvtools-xlsx", "rvtools-csv-folder", "govc-with-hosts", "powercli-with-hosts"],
)
def test_a_mixed_estate_is_planned_without_from(inventory, hosts):
    args = [SAMPLES / inventory, "--to", "ESXi 8.0 U3"] + (["--hosts", SAMPLES / hosts] if hosts else [])
    data = fleet(*args)
    vms = {vm["name"]: vm for vm in data["vms"]}
    assert data["summary"]["blocked"] == 0 and len(vms) == data["inventory"]["vms"]
    for name, product in ON.items():
        if name in vms:  # PowerCLI's Get-VM leaves templates out
            assert (vms[name]["product"], vms[name]["product_from"]) == (product, "host"), name
    # esx33 is listed without a release: its VMs are on vmgraph's reading, the oldest release that runs them
    assert (vms["nyc-build01"]["product"], vms["nyc-build01"]["product_from"]) == ("ESXi 6.7 U2", "vmgraph")
    assert (vms["nyc-ws-dev01"]["product"], vms["nyc-ws-dev01"]["product_from"]) == ("ESXi 5.1", "vmgraph")
    assert data["placed"]["by_host_release"] == len(vms) - 2 and data["placed"]["by_vmgraph_reading"] == 2
    assert vms["nyc-vdi-001"]["question"] in [q["question"] for g in data["groups"] if g["status"] == "ready" for q in g["questions"]]


def test_govc_without_hosts_puts_every_vm_on_a_host_that_runs_its_hardware():
    data = fleet(SAMPLES / "govc-vm-info.json", "--to", "ESXi 8.0")
    vms = {vm["name"]: vm for vm in data["vms"]}
    assert {vm["product_from"] for vm in vms.values()} == {"vmgraph"} and data["summary"]["blocked"] == 0
    # the oldest release that runs each VM's hardware, other than the target's
    assert [vms[name]["product"] for name in ("ams-sql01", "ams-ci01", "lon-legacy-nt", "fra-file01")] == [
        "ESXi 7.0 U2", "ESXi 8.0 U1", "ESX 3.0", "ESXi 6.5"]


def test_the_text_says_who_says_where_each_vm_is():
    text = fleet(SAMPLES / "rvtools-vinfo.xlsx", "--to", "ESXi 8.0", output="text")
    assert ("On: each VM's host's release, from " + str(SAMPLES / "rvtools-vinfo.xlsx") + " (vHost sheet); where that is not said, "
            "a vSphere host that runs its hardware (vmgraph's reading, marked *)") in text
    assert "  - 30 VMs are on their host's release, as " in text
    assert "vmgraph's reading: 'VMware ESXi 6.7.0 build-17700523': by its build, 6.7 Update 2 or later (KB 2143832" in text
    assert "  - 2 VMs are on hosts " in text and "lists without a release." in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  nyc-") or line.startswith("  ams-sql01")}
    assert " ESXi 6.7 U2*  " in lines["nyc-build01"] and " ESXi 7.0 U3   " in lines["ams-sql01"]


def test_csv_gives_the_product_and_who_says_it():
    rows = list(csv.DictReader(io.StringIO(fleet(SAMPLES / "rvtools-csv", "--to", "ESXi 8.0 U3", output="csv"))))
    by_name = {row["name"]: row for row in rows}
    assert (by_name["ams-sql01"]["product"], by_name["ams-sql01"]["product_from"]) == ("ESXi 7.0 U3", "host")
    assert by_name["nyc-build01"]["product_from"] == "vmgraph"


def test_from_overrides_the_hosts_releases():
    data = fleet(SAMPLES / "rvtools-vinfo.xlsx", "--to", "ESXi 8.0 U3", "--from", "ESXi 8.0 U2")
    assert {(vm["product"], vm["product_from"]) for vm in data["vms"]} == {("ESXi 8.0 U2", "option")}


def test_a_host_whose_release_does_not_run_the_vms_hardware(tmp_path):
    inventory = tmp_path / "vms.csv"
    inventory.write_text("name,hardware,release\nnew,vmx-21,VMware ESXi 7.0.3 build-20036589\n", encoding="utf-8")
    data = fleet(inventory, "--to", "ESXi 8.0 U3")
    (group,) = data["groups"]
    assert group["status"] == "blocked" and group["plan"] == "blocked: ESXi 7.0 U3 does not run vmx-21 hardware"
    assert group["questions"][0]["reason"].endswith(
        "the inventory puts these VMs on hosts whose release reads as ESXi 7.0 U3: is the host's release, or the VM's hardware version, right?")


def test_a_release_with_no_row_is_said_and_planned_as_unsaid(tmp_path):
    inventory = tmp_path / "vms.csv"
    inventory.write_text("VM,HW version,Host\na,vmx-19,esx01\nb,vmx-19,esx02\n", encoding="utf-8")
    hosts = tmp_path / "hosts.csv"
    hosts.write_text("Host,ESX Version\nesx01,VMware ESXi 12.0.0 build-1\n", encoding="utf-8")
    text = fleet(inventory, "--to", "ESXi 8.0 U3", "--hosts", hosts, output="text")
    assert "1 VM is on hosts whose release vmgraph has no row for ('VMware ESXi 12.0.0 build-1')" in text
    assert f"1 VM names a host {hosts} does not list ('esx02')." in text
    assert "The inventory does not say which release the host of 2 VMs runs" in text


def test_a_vsphere_vm_without_hardware_or_host_is_blocked_with_a_reason(tmp_path):
    inventory = tmp_path / "vms.csv"
    inventory.write_text("VM,HW version,Powerstate\na,,poweredOn\n", encoding="utf-8")
    data = fleet(inventory, "--to", "ESXi 8.0 U3")
    assert data["groups"][0]["plan"] == "blocked: the inventory names no product for the VM: say which product the VMs are on with --from PRODUCT"


@pytest.mark.parametrize("target", ["ESXi 8.0 U3", "ESXi 7.0 U3", "ESXi 6.5"])
def test_the_plan_does_not_depend_on_which_vsphere_host_it_is(target):
    """vmgraph's reading, checked: for each question the fleet asks from the oldest release that
    runs the VM's hardware, every other vSphere release that runs it (other than the target) gives
    the same plan."""
    from vmgraph.fleet.outcomes import from_route
    from vmgraph.planning.planner import plan

    pack = shipped_pack()
    with plan_fleet(read_inventory(SAMPLES / "govc-vm-info.json"), target, pack=pack) as inferred:
        asked = [(outcome.route.request.vm, outcome.plan) for outcome in inferred.outcomes if outcome.route and outcome.route.found]
    assert asked
    for vm, words in asked:
        for product in pack.products.values():
            if product.is_today and product.is_esx and product.runs_hardware(vm.hardware) and product.name != target:
                assert from_route(plan(product.name, target, vm=vm, pack=pack), pack).plan == words, (product.name, vm)
