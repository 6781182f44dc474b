"""Hosts and their releases (inventory/hosts.py, releases.py): every hosts format on the samples,
release strings read as the rule pack's rows (with vmgraph's reading said), the join of each VM
with its host, and exact error text for bad hosts files."""

import json
from pathlib import Path

import pytest

from vmgraph.errors import InventoryError
from vmgraph.inventory import read_inventory
from vmgraph.inventory.hosts import read_hosts
from vmgraph.inventory.releases import parse_release, release_row
from vmgraph.pack.sources import shipped_pack

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "inventories"
PRODUCTS = shipped_pack().products


def row_of(text, build=None):
    release = parse_release(text, build)
    return None if release is None else release_row(release, PRODUCTS)


# --- releases --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,row",
    [
        ("VMware ESXi 7.0.3 build-20036589", "ESXi 7.0 U3"),  # RVTools vHost's ESX Version, govc's fullName
        ("7.0.3", "ESXi 7.0 U3"),
        ("7.0 Update 3c", "ESXi 7.0 U3"),
        ("8.0.2 build-22380479", "ESXi 8.0 U2"),
        ("ESXi 8.0 U2", "ESXi 8.0 U2"),
        ("7.0U1", "ESXi 7.0 U1"),
        ("VMware ESXi 7.0.1 build-16850804", "ESXi 7.0 U1"),
        ("VMware ESXi 8.0.0 build-20513097", "ESXi 8.0"),
        ("VMware ESXi 9.0.0 build-24755229", "ESXi 9.0"),
        ("VMware ESXi 6.5.0 build-4564106", "ESXi 6.5"),
        ("VMware ESX 4.1.0 build-260247", "ESX 4.1"),
        ("VMware ESX Server 3.5.0 build-64607", "ESX 3.5"),
        ("VMware ESXi 5.5.0 build-1331820", "ESXi 5.5"),
        ("7.0.3.0", "ESXi 7.0 U3"),  # an apiVersion-like string
    ],
)
def test_a_release_names_its_row(text, row):
    found = row_of(text)
    assert found is not None and found.name == row and found.reading is None


def test_6_7_tells_its_update_by_its_build():
    """ESXi 6.7's updates all report 6.7.0: the build tells U2 (13006603, KB 2143832) from GA and U1."""
    early = row_of("VMware ESXi 6.7.0 build-10302608")  # U1
    late = row_of("VMware ESXi 6.7.0 build-17700523")  # U3
    assert (early.name, late.name) == ("ESXi 6.7", "ESXi 6.7 U2")
    assert "by its build" in late.reading and "13006603" in late.reading
    alone = row_of("6.7.0")
    assert alone.name == "ESXi 6.7" and "gives no build" in alone.reading and "not ESXi 6.7 U2" in alone.reading
    assert row_of("6.7.0", build="14320388").name == "ESXi 6.7 U2"  # PowerCLI's Version and Build apart


def test_an_update_between_rows_runs_as_the_row_before_it():
    found = row_of("6.7 Update 3")
    assert found.name == "ESXi 6.7 U2"
    assert found.reading.startswith("'6.7 Update 3' (6.7 U3) is read as ESXi 6.7 U2: vmgraph's rows are the releases that changed")


@pytest.mark.parametrize("text", ["VMware ESXi 10.0.0 build-1", "Hyper-V", "", "vmx-19", "release 7"])
def test_a_release_vmgraph_has_no_row_for(text):
    assert row_of(text) is None


# --- hosts files, every format ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "file,source",
    [
        ("rvtools-vinfo.xlsx", "rvtools-vinfo.xlsx (vHost sheet)"),
        ("rvtools-csv/RVTools_tabvHost.csv", "RVTools_tabvHost.csv"),
        ("govc-host-info.json", "govc-host-info.json"),
        ("powercli-get-vmhost.csv", "powercli-get-vmhost.csv"),
    ],
    ids=["rvtools-xlsx", "rvtools-csv", "govc", "powercli"],
)
def test_every_hosts_sample_gives_each_host_its_release(file, source):
    table = read_hosts(SAMPLES / file, name=Path(file).name)
    assert table.source == source and len(table) == 14 and table.without == 1
    assert row_of(table.release("ESX03.AMS-CL01.corp.example ")).name == "ESXi 7.0 U3"  # any case, spaces
    assert row_of(table.release("esx21.lon-legacy.corp.example")).name == "ESX 4.1"
    assert table.release("esx33.nyc-vdi.corp.example") is None and table.unsaid == 1  # listed, its release blank
    assert table.release("esx99") is None and table.missed == 1 and dict(table.missing) == {"esx99": 1}


def test_govc_hosts_are_found_by_their_id_too():
    table = read_hosts(SAMPLES / "govc-host-info.json")
    assert table.release("host-23") == table.release("esx03.ams-cl01.corp.example") == "VMware ESXi 7.0.3 build-20036589"


@pytest.mark.parametrize(
    "inventory,hosts",
    [
        ("rvtools-vinfo.xlsx", None),  # its vHost sheet
        ("rvtools-csv", None),  # the folder's RVTools_tabvHost.csv
        ("govc-vm-info.json", "govc-host-info.json"),  # runtime.host's id
        ("powercli-get-vm.csv", "powercli-get-vmhost.csv"),  # VMHost's name
        ("rvtools-dbcolumns.csv", "rvtools-csv/RVTools_tabvHost.csv"),
    ],
    ids=["xlsx", "csv-folder", "govc", "powercli", "dbcolumns"],
)
def test_each_vm_gets_its_hosts_release(inventory, hosts):
    read = read_inventory(SAMPLES / inventory, hosts=None if hosts is None else SAMPLES / hosts)
    vms = {vm.name: vm for vm in read}
    assert row_of(vms["ams-sql01"].release).name == "ESXi 7.0 U3"
    assert row_of(vms["fra-file01"].release).name == "ESXi 6.7 U2"
    assert vms["nyc-build01"].release is None  # esx33: listed without a release
    assert sum(vm.release is not None for vm in vms.values()) == len(vms) - 2


def test_a_folder_is_read_as_its_vinfo_file():
    read = read_inventory(SAMPLES / "rvtools-csv", name="rvtools-csv")
    assert read.format == "rvtools-csv" and read.name == "rvtools-csv/RVTools_tabvInfo.csv"
    assert read.hosts.source == "rvtools-csv/RVTools_tabvHost.csv"
    first = next(iter(read))
    assert (first.source, first.row) == ("rvtools-csv/RVTools_tabvInfo.csv", 2)


def test_a_folder_without_hosts_is_read_without(tmp_path):
    (tmp_path / "RVTools_tabvInfo.csv").write_bytes((SAMPLES / "rvtools-vinfo.csv").read_bytes())
    read = read_inventory(tmp_path)
    assert read.hosts is None and all(vm.release is None for vm in read)


def test_hosts_given_replace_the_workbooks_own(tmp_path):
    hosts = tmp_path / "hosts.csv"
    hosts.write_text("host,release\nesx03.ams-cl01.corp.example,8.0.3\n", encoding="utf-8")
    vms = {vm.name: vm for vm in read_inventory(SAMPLES / "rvtools-vinfo.xlsx", hosts=hosts)}
    assert vms["ams-sql01"].release == "8.0.3" and vms["ams-dc01"].release is None


def test_a_plain_hosts_csv_with_version_and_build_columns(tmp_path):
    hosts = tmp_path / "hosts.csv"
    hosts.write_text("\ufeffname;version;build\nesx01;6.7.0;13006603\n\n;;\nesx02;7.0.3;\n", encoding="utf-8")
    table = read_hosts(hosts)
    assert (table.release("esx01"), table.release("esx02"), len(table)) == ("6.7.0 build-13006603", "7.0.3", 2)


# --- bad hosts files: file, row, column --------------------------------------------------------------

def test_error_a_host_listed_twice_with_two_releases(tmp_path):
    hosts = tmp_path / "hosts.csv"
    hosts.write_text("Host,ESX Version\nesx01,VMware ESXi 7.0.3 build-1\n\"esx02\nwith a break\",8.0\nESX01,VMware ESXi 8.0.2 build-2\n", encoding="utf-8")
    with pytest.raises(InventoryError) as caught:
        read_hosts(hosts, name="hosts.csv")
    assert str(caught.value) == "hosts.csv: row 5: host 'esx01' is listed twice with different releases ('VMware ESXi 7.0.3 build-1' in row 2)"


@pytest.mark.parametrize(
    "name,text,message",
    [
        ("hosts.csv", "Host,Cluster\nesx01,c1\n", "not a hosts file vmgraph reads: its header ('Host', 'Cluster') lacks a host's name or its release"),
        ("hosts.json", json.dumps({"hosts": []}), "a JSON object without 'hostSystems': vmgraph reads govc host.info -json output"),
        ("hosts.json", json.dumps({"hostSystems": [{"summary": {}}]}), "row 1 (hostSystems[0]): no host name and no id ('name', 'self')"),
        ("hosts.json", json.dumps({"hostSystems": [3]}), "row 1 (hostSystems[0]): not a host object"),
    ],
    ids=["no-release-column", "no-list", "no-name", "not-an-object"],
)
def test_error_bad_hosts_file(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError) as caught:
        read_hosts(path, name=name)
    assert str(caught.value).startswith(f"{name}: {message}")


def test_govc_hosts_in_pascal_case_from_govc_before_0_32(tmp_path):
    doc = {"HostSystems": [{"Self": {"Type": "HostSystem", "Value": "host-9"}, "Name": "esx09",
                            "Summary": {"Config": {"Product": {"Version": "8.0.1", "Build": "21495797"}}}}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    table = read_hosts(path)
    assert table.release("host-9") == table.release("esx09") == "8.0.1 build-21495797"
