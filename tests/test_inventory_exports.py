"""The exports people really have (issue 20): RVTools 3.x column names and numbers, Excel's
localised CSV, PowerCLI reports with their own column names (--columns), columns that look like
a fact but are not read (named in the notes), govc's Secure Boot, and names that outgrow the
text's column. Each on a small file shaped like the real export (tests/data/exports)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.errors import InventoryError
from vmgraph.inventory import BadValue, read_inventory
from vmgraph.inventory.columns import parse_columns
from vmgraph.inventory.values import decimal, gibibytes_as_mebibytes, whole_number

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "data" / "exports"
SAMPLES = ROOT / "examples" / "inventories"
REPORT = EXPORTS / "powercli-report.csv"
MAPPING = "name=VMName,hardware=HWVersion,cpus=NumCPU,memory_gb=MemoryGB,guest=GuestFullName,host=VMHost"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(arg) for arg in args])


# --- numbers as locales write them -------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,value",
    [("4096", 4096), ("16,384", 16384), ("16.384", 16384), ("16 384", 16384), ("16\u00a0384", 16384), ("16'384", 16384),
     ("1,048,576", 1048576), ("4096.0", 4096), ("16.384,00", 16384), ("16,384.00", 16384), (" 512 ", 512)],
)
def test_whole_numbers_with_thousands_separators(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize("text", ["16,384,00", "12,34", "1,2345", "4 GB", "16.38", "-4"])
def test_whole_numbers_refused(text):
    with pytest.raises(BadValue):
        whole_number(text)


@pytest.mark.parametrize(
    "text,value",
    [("0.5", 0.5), ("0,5", 0.5), ("1,024.5", 1024.5), ("1.024,5", 1024.5), ("1 024,5", 1024.5), ("0,125", 0.125), ("1.024.000", 1024000.0)],
)
def test_decimals_with_a_decimal_comma(text, value):
    assert decimal(text) == value


@pytest.mark.parametrize("text", ["1,2,3", "1,024,5", "1.234.56", "x", ""])
def test_decimals_refused(text):
    assert decimal(text) is None


def test_memory_in_gib_rounds_to_mib():
    assert (gibibytes_as_mebibytes("0,5"), gibibytes_as_mebibytes("1.024,5")) == (512, 1049088)


# --- RVTools, 3.x and Excel's CSV ----------------------------------------------------------------------

def test_an_rvtools_3_csv_with_older_names_and_grouped_numbers():
    read = read_inventory(EXPORTS / "rvtools3-vinfo.csv", name="rv3.csv")
    vms = {vm.name: vm for vm in read}
    assert read.format == "rvtools-csv" and read.notes == []
    assert list(vms) == ["sql01", "web01", "old-nt", "tpl-w2k12", "big01"]  # the blank lines at the end are no VMs
    sql = vms["sql01"]
    assert (sql.row, sql.hardware_version, sql.cpus, sql.memory_mb, sql.power_state) == (2, 10, 8, 16384, "poweredOn")
    assert vms["big01"].memory_mb == 1048576 and vms["big01"].suspended and vms["tpl-w2k12"].template


def test_excels_german_csv_with_a_byte_order_mark_and_empty_rows():
    read = read_inventory(EXPORTS / "rvtools-excel-de.csv")
    vms = {vm.name: vm for vm in read}
    assert list(vms) == ["app01", "app02", "db01"]
    app = vms["app01"]
    assert (app.memory_mb, app.template, app.secure_boot, app.firmware, app.hardware_version) == (16384, False, True, "efi", 19)
    assert vms["db01"].memory_mb == 131072


def test_excels_sep_line_names_the_delimiter(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\r\nVM;Powerstate;HW version;Memory\r\na;poweredOn;vmx-19;4.096\r\n", encoding="utf-8-sig")
    (vm,) = read_inventory(path)
    assert (vm.row, vm.memory_mb, vm.hardware_version) == (3, 4096, 19)


@pytest.mark.parametrize(
    "header",
    ["VM,Power State,Hardware version,Num CPU,Memory MB,OS",
     "VM Name,Powerstate,HW Version,CPUs,Memory,OS according to the configuration file"],
    ids=["older-names", "mixed"],
)
def test_rvtools_column_name_variants(tmp_path, header):
    path = tmp_path / "v.csv"
    path.write_text(header + '\nweb01,poweredOff,vmx-13,2,"4,096",Microsoft Windows Server 2016 (64-bit)\n', encoding="utf-8")
    (vm,) = read_inventory(path)
    assert (vm.name, vm.power_state, vm.hardware_version, vm.cpus, vm.memory_mb, vm.guest_64bit) == ("web01", "poweredOff", 13, 2, 4096, True)


def test_an_xlsx_with_blank_rows_numbers_by_the_sheets_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "vInfo"
    sheet.append(["VM", "HW version", "Memory"])
    sheet.append(["a", "vmx-19", 4096])
    sheet.append([None, None, None])
    sheet["A5"], sheet["B5"] = "b", 13  # row 4 is missing from the file altogether
    sheet["A8"] = None  # a formatted but empty cell at the end
    workbook.save(tmp_path / "v.xlsx")
    assert [(vm.name, vm.row) for vm in read_inventory(tmp_path / "v.xlsx")] == [("a", 2), ("b", 5)]


# --- PowerCLI reports and --columns ---------------------------------------------------------------------

def test_a_report_with_its_own_column_names_is_refused_with_the_way_to_read_it():
    with pytest.raises(InventoryError) as caught:
        read_inventory(REPORT, name="report.csv")
    assert str(caught.value).endswith(
        "if it is a report of VMs, say which column holds what with --columns (e.g. --columns name=VMName,hardware=HWVersion,cpus=NumCPU,memory_gb=MemoryGB)")


def test_columns_read_a_report_whole():
    read = read_inventory(REPORT, columns=MAPPING)
    vms = {vm.name: vm for vm in read}
    assert read.format == "powercli-csv" and read.notes == []
    xp = vms["fra-lab-xp"]
    assert (xp.row, xp.hardware_version, xp.cpus, xp.memory_mb, xp.guest_64bit, xp.power_state, xp.host) == (
        6, 7, 1, 512, False, "poweredOff", "esx14.fra-cl02.corp.example")
    assert vms["ams-sql01"].guest_name == "Microsoft Windows Server 2022 (64-bit)"


def test_a_column_that_looks_like_a_fact_is_never_dropped_silently():
    read = read_inventory(REPORT, columns="name=VMName")
    assert all(vm.hardware_version is None for vm in read)
    assert read.notes == [
        "Column 'HWVersion' looks like the hardware version, but vmgraph did not read it: to read it, say --columns hardware=HWVersion.",
        "Column 'GuestFullName' looks like the guest OS, but vmgraph did not read it: to read it, say --columns guest=GuestFullName.",
    ]


def test_a_lookalike_beside_the_column_read_is_named_too(tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text("Name,HardwareVersion,HW Version\na,vmx-19,vmx-13\n", encoding="utf-8")
    read = read_inventory(path)
    assert [vm.hardware_version for vm in read] == [19]
    assert read.notes == ["Column 'HW Version' looks like the hardware version, but vmgraph read 'HardwareVersion' for it "
                          "(to read this one instead: --columns hardware=HW Version)."]


def test_columns_override_a_known_formats_own(tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text("VM,HW version,HW target\na,vmx-13,vmx-19\n", encoding="utf-8")
    assert [vm.hardware_version for vm in read_inventory(path, columns="hardware=HW target")] == [19]


def test_the_fleet_plans_a_report_with_columns_and_hosts():
    result = run("fleet", REPORT, "--to", "ESXi 8.0 U3", "--columns", MAPPING, "--hosts", SAMPLES / "powercli-get-vmhost.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["inventory"]["columns"]["hardware"] == "HWVersion" and data["summary"]["route"] == 5
    assert [(vm["name"], vm["product"], vm["product_from"]) for vm in data["vms"]][:2] == [
        ("ams-sql01", "ESXi 7.0 U3", "host"), ("ams-web01", "ESXi 8.0 U2", "host")]


def test_the_notes_name_the_column_not_read():
    result = run("fleet", REPORT, "--to", "ESXi 8.0 U3", "--columns", "name=VMName")
    assert "Column 'HWVersion' looks like the hardware version, but vmgraph did not read it" in result.stdout
    assert "(PowerCLI Export-Csv, --columns name=VMName)" in result.stdout


@pytest.mark.parametrize(
    "text,message",
    [
        ("hw=HWVersion", "--columns: 'hw' is not a field vmgraph reads (name, hardware, product, release, cpus,"),
        ("name", "--columns: 'name' is not FIELD=COLUMN (e.g. hardware=HWVersion)"),
        ("name=a,name=b", "--columns: 'name' is given twice"),
        ("", "--columns: no FIELD=COLUMN pair"),
    ],
    ids=["unknown-field", "no-equals", "twice", "empty"],
)
def test_error_bad_columns_option(text, message):
    with pytest.raises(InventoryError) as caught:
        parse_columns(text)
    assert str(caught.value).startswith(message)


def test_error_a_mapped_column_the_file_lacks_is_one_line():
    result = run("fleet", REPORT, "--to", "ESXi 8.0 U3", "--columns", "name=VMName,hardware=HW Version")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--columns hardware=HW Version: the file has no column 'HW Version' (it has 'VMName', 'PowerState'," in result.stderr


def test_govc_json_takes_dotted_paths():
    vms = list(read_inventory(SAMPLES / "govc-vm-info.json", columns="hardware=summary.config.hwVersion,name=config.name"))
    assert vms[2].name == "ams-sql01" and vms[2].hardware_version == 19


# --- govc: Secure Boot, as the other readers take it -----------------------------------------------------

def test_govc_reads_secure_boot():
    vms = {vm.name: vm for vm in read_inventory(SAMPLES / "govc-vm-info.json")}
    rvtools = {vm.name: vm for vm in read_inventory(SAMPLES / "rvtools-vinfo.csv")}
    assert vms["ams-sql01"].secure_boot is True and vms["lon-billing"].secure_boot is False
    for name, vm in vms.items():  # every fact RVTools gives, govc gives the same
        other = rvtools[name]
        assert (vm.hardware_version, vm.cpus, vm.memory_mb, vm.firmware, vm.secure_boot, vm.power_state, vm.template, vm.guest_64bit) == (
            other.hardware_version, other.cpus, other.memory_mb, other.firmware, other.secure_boot, other.power_state, other.template,
            other.guest_64bit), name


def test_a_govc_vm_with_secure_boot_is_refused_hardware_that_cannot_hold_it(tmp_path):
    vm = {"name": "sb", "config": {"version": "vmx-13", "firmware": "efi", "guestId": "windows9Server64Guest",
                                    "bootOptions": {"efiSecureBootEnabled": True}},
          "runtime": {"powerState": "poweredOff"}}
    path = tmp_path / "govc.json"
    path.write_text(json.dumps({"virtualMachines": [vm]}), encoding="utf-8")
    result = run("fleet", path, "--from", "ESXi 6.5", "--to", "ESXi 6.0", "--format", "json")
    (group,) = json.loads(result.stdout)["groups"]
    assert group["status"] == "blocked" and "Secure Boot" in group["plan"]


# --- names that outgrow the text's column ---------------------------------------------------------------

def test_a_long_name_gets_a_line_of_its_own(tmp_path):
    path = tmp_path / "vms.csv"
    long = "a-very-long-virtual-machine-name-for-the-reporting-cluster"
    path.write_text(f"name,hardware\nshort,vmx-19\n{long},vmx-19\n\"two\nlines\",vmx-19\n", encoding="utf-8")
    lines = run("fleet", path, "--from", "ESXi 8.0", "--to", "ESXi 8.0 U3").stdout.splitlines()
    at = lines.index(f"  {long}")
    assert lines[at + 1].startswith(" " * 26) and lines[at + 1].split()[0] == "3"
    rows = [line for line in lines[lines.index("Per VM:"):] if "copy to ESXi 8.0 U3" in line]
    assert len({line.index("copy to") for line in rows}) == 1, "the plan column stays in place"
    assert any(line.startswith("  two\\nlines") for line in lines)


def _govc_vm(name: str, devices: list | None) -> dict:
    hardware = {"numCPU": 2, "memoryMB": 4096}
    if devices is not None:
        hardware["device"] = devices
    return {"name": name, "config": {"name": name, "version": "vmx-13", "guestId": "ubuntu64Guest", "hardware": hardware}}


def test_govc_json_devices_by_their_type_names(tmp_path):
    """govc writes each device's vSphere type as govmomi's JSON does ("_typeName"): NICs and
    controllers are read from it, as a live read reads them; an older govc that names no
    types says nothing of them."""
    devices = [{"_typeName": "VirtualNVMEController", "key": 31000}, {"_typeName": "VirtualDisk", "key": 2000},
               {"_typeName": "VirtualVmxnet3", "key": 4000}, {"_typeName": "VirtualLsiLogicSASController", "key": 1000}]
    path = tmp_path / "vms.json"
    path.write_text(json.dumps({"virtualMachines": [_govc_vm("typed", devices), _govc_vm("untyped", [{"key": 4000}]), _govc_vm("none", None)]}))
    vms = {vm.name: vm for vm in read_inventory(path)}
    assert (vms["typed"].nic_models, vms["typed"].controllers) == (("vmxnet3",), ("nvme", "lsisas1068"))
    assert (vms["untyped"].nic_models, vms["untyped"].controllers) == ((), ())
    assert (vms["none"].nic_models, vms["none"].controllers) == ((), ())


def test_a_govc_vms_nvme_controller_is_checked_against_the_hardware_it_lands_on(tmp_path):
    path = tmp_path / "vms.json"
    path.write_text(json.dumps({"virtualMachines": [_govc_vm("nvme-vm", [{"_typeName": "VirtualNVMEController", "key": 31000}])]}))
    found = CliRunner().invoke(app, ["fleet", str(path), "--from", "ESXi 6.5", "--to", "ESXi 6.0", "--format", "json"])
    plan = json.loads(found.stdout)
    limits = [limit for vm in plan["vms"] for limit in vm["limits"]]
    assert any("NVMe" in json.dumps(limit) for limit in limits), plan["vms"]
