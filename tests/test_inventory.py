"""Inventory readers: every format on the samples, header detection, exact error text for each
bad input (file, row, column), keep-going counts, hardware-version parsing, streaming, and the
benchmark's generator."""

import codecs
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from vmgraph.errors import InventoryError, VmgraphError
from vmgraph.inventory import BadValue, InventoryVM, Skipped, detect_format, parse_hardware_version, read_inventory

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "inventories"
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(SAMPLES))

import inventory_gen  # noqa: E402
import make_samples  # noqa: E402

FLEET = make_samples.FLEET
TEMPLATES = sum(1 for vm in FLEET if vm[8])


def read(path, **options):
    return list(read_inventory(path, **options))


def write(tmp_path, text, name="inventory.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def error_of(path, **options):
    with pytest.raises(InventoryError) as caught:
        read(path, name=path.name, **options)
    return str(caught.value)


# --- the samples, one format each -------------------------------------------------------------

@pytest.mark.parametrize(
    "file,format,count",
    [
        ("rvtools-vinfo.csv", "rvtools-csv", len(FLEET)),
        ("rvtools-vinfo.xlsx", "rvtools-xlsx", len(FLEET)),
        ("rvtools-dbcolumns.csv", "rvtools-csv", len(FLEET)),
        ("govc-vm-info.json", "govc-json", len(FLEET)),
        ("powercli-get-vm.csv", "powercli-csv", len(FLEET) - TEMPLATES),
        ("plain.csv", "plain-csv", len(FLEET)),
    ],
    ids=["rvtools-csv", "rvtools-xlsx", "rvtools-dbcolumns", "govc-json", "powercli", "plain"],
)
def test_each_sample_is_detected_and_read_whole(file, format, count):
    path = SAMPLES / file
    assert detect_format(path) == format
    inventory = read_inventory(path)
    assert inventory.format == format
    vms = list(inventory)
    assert len(vms) == count and len(inventory.skipped) == 0
    expected = [vm[0] for vm in FLEET if not (format == "powercli-csv" and vm[8])]
    assert [vm.name for vm in vms] == expected
    assert all(isinstance(vm, InventoryVM) and vm.source == str(path) for vm in vms)


@pytest.mark.parametrize("file", ["rvtools-vinfo.csv", "rvtools-vinfo.xlsx", "rvtools-dbcolumns.csv"], ids=["csv", "xlsx", "dbcolumns"])
def test_rvtools_values(file):
    vms = {vm.name: vm for vm in read_inventory(SAMPLES / file)}
    sql = vms["ams-sql01"]
    assert (sql.row, sql.hardware_version, sql.cpus, sql.memory_mb, sql.power_state) == (4, 19, 8, 65536, "poweredOn")
    assert (sql.host, sql.cluster, sql.template, sql.snapshots) == ("esx03.ams-cl01.corp.example", "ams-cl01", False, None)
    assert sql.guest_name == "Microsoft Windows Server 2022 (64-bit)" and sql.guest_64bit is True and sql.guest_id is None
    legacy = vms["lon-legacy-nt"]
    assert (legacy.hardware_version, legacy.guest_64bit, legacy.power_state) == (4, False, "poweredOff")
    assert vms["fra-erp02"].suspended is True and vms["ams-tpl-rhel9"].template is True
    # rows are the file's lines (the sheet's rows): fra-erp01's annotation holds a line break, so
    # in the CSV every VM after it starts one line further on
    later = file == "rvtools-vinfo.csv"
    assert vms["fra-log01"].row == 14 and vms["fra-erp02"].row == 17 + later
    assert vms["nyc-tpl-win11"].row == len(FLEET) + 1 + later
    if file != "rvtools-dbcolumns.csv":  # no DB column name for Firmware is known
        assert sql.firmware == "efi" and legacy.firmware == "bios"
    assert sorted({vm.hardware_version for vm in vms.values()}) == [4, 7, 8, 9, 10, 11, 13, 14, 15, 17, 18, 19, 20, 21]


def test_govc_values():
    vms = {vm.name: vm for vm in read_inventory(SAMPLES / "govc-vm-info.json")}
    sql = vms["ams-sql01"]
    assert sql.row == 3  # its place in virtualMachines, from 1 (jq's virtualMachines[2])
    assert (sql.hardware_version, sql.cpus, sql.memory_mb, sql.firmware, sql.power_state) == (19, 8, 65536, "efi", "poweredOn")
    assert (sql.guest_id, sql.guest_64bit, sql.snapshots, sql.template, sql.host, sql.cluster) == (
        "windows2019srvNext_64Guest", True, True, False, "host-23", None)
    assert vms["fra-lab-xp"].guest_64bit is False and vms["fra-lab-xp"].snapshots is False
    assert sum(vm.snapshots for vm in vms.values()) == sum(1 for vm in FLEET if vm[9])


def test_powercli_values():
    vms = {vm.name: vm for vm in read_inventory(SAMPLES / "powercli-get-vm.csv")}
    xp = vms["fra-lab-xp"]
    assert (xp.hardware_version, xp.cpus, xp.memory_mb, xp.power_state, xp.guest_id, xp.guest_64bit) == (
        7, 1, 1024, "poweredOff", "winXPProGuest", False)
    assert vms["nyc-vdi-003"].hardware_version == 21  # HardwareVersion, though Version says "Unknown"
    assert (xp.template, xp.snapshots, xp.firmware) == (None, None, None)


def test_plain_values():
    vms = {vm.name: vm for vm in read_inventory(SAMPLES / "plain.csv")}
    nt = vms["lon-legacy-nt"]
    assert (nt.product, nt.hardware_version, nt.smp, nt.guest_64bit, nt.snapshots) == ("ESX Server 3", None, False, False, False)
    sql = vms["ams-sql01"]
    assert (sql.product, sql.hardware_version, sql.flags, sql.smp, sql.guest_64bit, sql.snapshots, sql.firmware) == (
        None, 19, ("smp",), True, True, True, "efi")
    assert vms["fra-kiosk01"].power_state == "suspended" and vms["ams-tpl-rhel9"].template is True


def test_the_samples_are_what_the_scripts_write():
    for file, make in make_samples.SAMPLES.items():
        assert (SAMPLES / file).read_bytes() == make().encode("utf-8"), f"{file} is stale: run examples/inventories/make_samples.py"
    with open(SAMPLES / "rvtools-vinfo.csv", newline="", encoding="utf-8") as handle:
        assert tuple(next(csv.reader(handle))) == inventory_gen.HEADER


def test_the_xlsx_holds_the_csv_rows():
    csv_vms = read(SAMPLES / "rvtools-vinfo.csv")
    xlsx_vms = read(SAMPLES / "rvtools-vinfo.xlsx")
    assert [vm[2:] for vm in csv_vms] == [vm._replace(release=None)[2:] for vm in xlsx_vms]  # the workbook has a vHost sheet too
    # the CSV's rows are its lines, and one annotation holds a line break; the sheet's rows are rows
    assert [vm.row for vm in xlsx_vms] == list(range(2, len(FLEET) + 2))


# --- detection and file-level input -------------------------------------------------------------

RVTOOLS_HEAD = "VM,Powerstate,Template,CPUs,Memory,HW version,Host,Cluster\n"


@pytest.mark.parametrize(
    "text,format",
    [
        (RVTOOLS_HEAD, "rvtools-csv"),
        ("vInfoVMName;vInfoPowerstate;VInfoVersion\n", "rvtools-csv"),
        ("vm,powerstate\n", "rvtools-csv"),
        ('"Name","PowerState","NumCpu","MemoryGB","HardwareVersion"\n', "powercli-csv"),
        ("#TYPE Selected.VMware.VimAutomation.ViCore.Impl.V1.Inventory.VirtualMachineImpl\nName,Version\n", "powercli-csv"),
        ("name,hardware\n", "plain-csv"),
        ("Name,Product,Flags\n", "plain-csv"),
        ('  \n {"virtualMachines": []}', "govc-json"),
        ("[]", "govc-json"),
    ],
    ids=["rvtools", "dbcolumns", "any-case", "powercli", "powercli-type-line", "plain-hardware", "plain-product", "json-object", "json-list"],
)
def test_format_detection_by_header(tmp_path, text, format):
    assert detect_format(write(tmp_path, text)) == format


def test_unknown_format_names_the_file_and_the_headers_expected(tmp_path):
    path = write(tmp_path, "hostname,ip\nweb01,10.0.0.1\n", "hosts.csv")
    message = error_of(path)
    assert message.startswith("hosts.csv: not an inventory vmgraph reads: its header ('hostname', 'ip') has the columns of none of RVTools vInfo ('VM', 'HW version'")
    assert "PowerCLI Get-VM | Export-Csv ('Name', 'HardwareVersion' or 'Version'" in message
    assert "plain CSV ('name', 'product' or 'hardware', 'flags')" in message and "\n" not in message


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "an empty file: no header, no VMs"),
        (b"VM,HW version\x00\x01\x02", "a binary file (it holds NUL bytes), not an inventory: vmgraph reads CSV, .xlsx and JSON"),
        (b"VM,HW version\nM\xfcller,vmx-19\n", "line 2: byte 0xFC is not UTF-8 text: save the inventory as UTF-8"),
        (b"x" * (70 * 1024), "the first line is longer than 64 KiB: not an inventory's header"),
        (b"PK\x03\x04not really a zip", None),
    ],
    ids=["empty", "binary", "latin-1", "huge-line", "bad-zip"],
)
def test_error_files_that_are_not_inventories(tmp_path, data, message):
    path = write(tmp_path, data)
    found = error_of(path)
    if message is None:
        assert found.startswith("inventory.csv: a zip file openpyxl cannot read as an Excel workbook (BadZipFile")
    else:
        assert found == f"inventory.csv: {message}"
    assert "\n" not in found


def test_error_non_utf8_past_the_first_block_names_its_line(tmp_path):
    rows = "".join(f"vm{n:05d},vmx-19\n" for n in range(8000))  # over 64 KiB, sniffed as UTF-8
    path = write(tmp_path, ("VM,HW version\n" + rows).encode() + b"caf\xe9,vmx-19\n")
    assert error_of(path) == "inventory.csv: line 8002: byte 0xE9 is not UTF-8 text: save the inventory as UTF-8"


def test_error_missing_file_and_folder(tmp_path):
    assert error_of(tmp_path / "nope.csv") == "nope.csv: no such file"
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert error_of(folder) == ("folder.csv: a folder without RVTools_tabvInfo.csv: vmgraph reads a folder of RVTools CSV files "
                                "(RVTools_tabvInfo.csv, and RVTools_tabvHost.csv for the hosts' releases)")


def test_semicolon_delimiter_and_byte_order_mark(tmp_path):
    text = "\ufeffVM;Powerstate;HW version;Memory;Annotation\nweb01;poweredOn;vmx-19;4096;\"a; b\"\n"
    (vm,) = read(write(tmp_path, text))
    assert (vm.name, vm.hardware_version, vm.memory_mb, vm.power_state) == ("web01", 19, 4096, "poweredOn")


def test_quoted_cells_with_delimiters_quotes_and_line_breaks(tmp_path):
    text = 'VM,Annotation,HW version\n"db, primary","say ""hi""\nsecond line",vmx-07\nweb01,,19\n'
    vms = read(write(tmp_path, text))
    assert [(vm.row, vm.name, vm.hardware_version) for vm in vms] == [(2, "db, primary", 7), (4, "web01", 19)]


def test_error_a_quote_never_closed(tmp_path):
    path = write(tmp_path, 'VM,HW version,Annotation\na,vmx-19,x\nb,vmx-19,"never closed\nc,vmx-19,x\n')
    assert error_of(path) == "inventory.csv: row 3: a quote opened here is never closed"


def test_utf16_powershell_redirect(tmp_path):
    text = '\ufeff"Name","PowerState","HardwareVersion"\r\n"win10","PoweredOn","vmx-13"\r\n'
    (vm,) = read(write(tmp_path, text, encoding="utf-16-le"))
    assert (vm.name, vm.power_state, vm.hardware_version) == ("win10", "poweredOn", 13)


def test_blank_lines_and_empty_rows_are_skipped_but_counted(tmp_path):
    text = RVTOOLS_HEAD + "a,poweredOn,False,1,512,vmx-04,h,c\n\n,,,,,,,\nb,poweredOff,False,1,512,vmx-07,h,c\n"
    assert [(vm.name, vm.row) for vm in read(write(tmp_path, text))] == [("a", 2), ("b", 5)]


def test_short_rows_leave_fields_empty_and_blank_cells_are_none(tmp_path):
    (vm,) = read(write(tmp_path, RVTOOLS_HEAD + "a,,False\n"))
    assert (vm.name, vm.power_state, vm.template, vm.cpus, vm.hardware_version, vm.host) == ("a", None, False, None, None, None)


def test_powercli_memory_gb_and_version_column(tmp_path):
    text = "Name,MemoryGB,Version\na,0.5,v8\nb,\"1,5\",Unknown\nc,4,0\n"
    vms = read(write(tmp_path, text))
    assert [(vm.memory_mb, vm.hardware_version) for vm in vms] == [(512, 8), (1536, None), (4096, None)]


def test_govc_pascal_case_keys_from_govc_before_0_32(tmp_path):
    doc = {"VirtualMachines": [{"Name": "old", "Config": {"Version": "vmx-10", "GuestId": "rhel6Guest"},
                                "Summary": {"Config": {"NumCpu": 2, "MemorySizeMB": 2048}}, "Runtime": {"PowerState": "suspended"}}]}
    (vm,) = read(write(tmp_path, json.dumps(doc), "govc.json"))
    assert (vm.name, vm.hardware_version, vm.cpus, vm.memory_mb, vm.power_state, vm.snapshots) == ("old", 10, 2, 2048, "suspended", False)


def test_govc_other_keys_a_bare_list_and_null(tmp_path):
    doc = '{"other": {"a": [1, 2, {"b": "}"}]}, "count": 12345, "virtualMachines": [{"name": "a"}]}'
    assert [vm.name for vm in read(write(tmp_path, doc, "a.json"))] == ["a"]
    assert [vm.row for vm in read(write(tmp_path, '[{"name": "x"}, {"name": "y"}]', "b.json"))] == [1, 2]
    assert read(write(tmp_path, '{"virtualMachines": null}', "c.json")) == []


def test_govc_streams_vms_across_read_chunks(tmp_path, monkeypatch):
    from vmgraph.inventory import json_stream

    monkeypatch.setattr(json_stream, "CHUNK", 7)  # every VM is cut across chunks, numbers too
    vms = [{"name": f"vm{n}", "summary": {"config": {"numCpu": 1234 + n}}} for n in range(50)]
    found = read(write(tmp_path, json.dumps({"virtualMachines": vms}, indent=1), "g.json"))
    assert [(vm.name, vm.cpus) for vm in found] == [(f"vm{n}", 1234 + n) for n in range(50)]


# --- bad rows: file, row, column ------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,message",
    [
        (RVTOOLS_HEAD + "a,poweredOn,False,1,512,vmx-5,h,c\n", "row 2, column 'HW version': 'vmx-5' is not a hardware version (there is no version 5)"),
        (RVTOOLS_HEAD + "a,poweredOn,False,1,512,vmx-19,h,c\nb,running,False,1,512,vmx-19,h,c\n",
         "row 3, column 'Powerstate': 'running' is not a power state (poweredOn, poweredOff or suspended)"),
        (RVTOOLS_HEAD + "a,poweredOn,maybe,1,512,19,h,c\n", "row 2, column 'Template': 'maybe' is not true or false"),
        (RVTOOLS_HEAD + "a,poweredOn,False,two,512,19,h,c\n", "row 2, column 'CPUs': 'two' is not a whole number"),
        (RVTOOLS_HEAD + "a,poweredOn,False,0,512,19,h,c\n", "row 2, column 'CPUs': '0': a VM has at least one vCPU"),
        (RVTOOLS_HEAD + "a,poweredOn,False,1,4 GB,19,h,c\n", "row 2, column 'Memory': '4 GB' is not a whole number of MiB"),
        (RVTOOLS_HEAD + ",poweredOn,False,1,512,19,h,c\n", "row 2, column 'VM': no VM name"),
        ("VM,Powerstate,Firmware\na,poweredOn,uefi\n", "row 2, column 'Firmware': 'uefi' is not a firmware (bios or efi)"),
        ("Name,MemoryGB\na,lots\n", "row 2, column 'MemoryGB': 'lots' is not a number of GiB"),
        ("name,hardware,flags\na,vmx-19,smp turbo\n",
         "row 2, column 'flags': 'turbo' is not a flag vmgraph knows (32bit, 3d, 64bit, bios, efi, poweredoff, poweredon, secureboot, smp, snapshot, suspended, template)"),
        ("name,hardware,flags\na,vmx-19,32bit 64bit\n", "row 2, column 'flags': '32bit 64bit': contradictory flags for guest 64bit"),
        ("name,hardware\na,vmx-23\n", "row 2, column 'hardware': 'vmx-23' is not a hardware version vmgraph knows (the newest is 22: ESXi 9.0)"),
        ("VM,Powerstate,HW version\na,poweredOn,\x1b[31mred\n", "row 2, column 'HW version': '\\x1b[31mred' is not a hardware version (expected vmx-NN, NN or vNN)"),
    ],
    ids=["hw-5", "power-state", "template", "cpus-word", "cpus-zero", "memory-unit", "no-name", "firmware",
         "memory-gb", "unknown-flag", "contradictory-flags", "hw-23", "control-characters"],
)
def test_error_bad_row_names_file_row_and_column(tmp_path, text, message):
    assert error_of(write(tmp_path, text)) == f"inventory.csv: {message}"


@pytest.mark.parametrize(
    "doc,message",
    [
        ({"virtualMachines": [{"name": "a"}, {"name": "b", "config": {"version": "vmx-5"}}]},
         "row 2 (virtualMachines[1]), field 'config.version': 'vmx-5' is not a hardware version (there is no version 5)"),
        ({"virtualMachines": [{"name": "a", "summary": {"config": {"numCpu": "2"}}}]},
         "row 1 (virtualMachines[0]), field 'summary.config.numCpu': '\"2\"' is not a whole number"),
        ({"virtualMachines": [{"config": {}}]}, "row 1 (virtualMachines[0]), field 'name': no VM name"),
        ({"virtualMachines": ["a"]}, "row 1 (virtualMachines[0]): a JSON str, not a VM object"),
        ({"vms": []}, "a JSON object without 'virtualMachines': vmgraph reads govc vm.info -json output"),
        ({"virtualMachines": 3}, "'virtualMachines' is not a list of VMs"),
    ],
    ids=["hw-5", "cpus-text", "no-name", "not-an-object", "no-list", "list-is-a-number"],
)
def test_error_bad_govc_vm_names_its_index_and_field(tmp_path, doc, message):
    assert error_of(write(tmp_path, json.dumps(doc), "govc.json")) == f"govc.json: {message}"


def test_error_govc_json_that_is_not_json_names_the_line(tmp_path):
    path = write(tmp_path, '{"virtualMachines": [\n  {"name": "a"},\n  {"name": "b",,}\n]}', "govc.json")
    assert error_of(path) == "govc.json: line 3: virtualMachines[1]: not valid JSON (Expecting property name enclosed in double quotes)"
    path = write(tmp_path, '{"virtualMachines": [{"name": "a"}] } trailing', "trail.json")
    assert error_of(path) == "trail.json: line 1: text after the end of the JSON document"
    path = write(tmp_path, '{"virtualMachines": [{"name": "a"}', "cut.json")
    assert error_of(path) == "cut.json: line 1: expected ',' or ']' after virtualMachines[0]"


def test_error_no_name_column(tmp_path):
    path = write(tmp_path, "vInfoPowerstate,vInfoTemplate,HW version\n")
    # recognised as neither: no name column at all
    assert "not an inventory vmgraph reads" in error_of(path)
    path = write(tmp_path, "name,product\n")
    assert detect_format(path) == "plain-csv"


def test_error_xlsx_without_vinfo_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.title = "vHost"
    workbook.create_sheet("vDisk")
    workbook.save(tmp_path / "hosts.xlsx")
    assert error_of(tmp_path / "hosts.xlsx") == "hosts.xlsx: an Excel workbook without a vInfo sheet (sheets: 'vHost', 'vDisk'): vmgraph reads RVTools' vInfo, or a report's first sheet with --columns"


def test_error_xlsx_bad_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "vinfo"  # matched ignoring case
    for row in (["VM", "HW version", "CPUs", "Template"], ["a", "vmx-19", 2, False], ["b", 19.0, 4.0, True], ["c", 2, 1, False]):
        sheet.append(row)
    workbook.save(tmp_path / "rv.xlsx")
    inventory = read_inventory(tmp_path / "rv.xlsx", keep_going=True, name="rv.xlsx")
    assert [(vm.name, vm.hardware_version, vm.cpus, vm.template) for vm in inventory] == [("a", 19, 2, False), ("b", 19, 4, True)]
    assert [str(skip) for skip in inventory.skipped] == ["rv.xlsx: row 4, column 'HW version': '2' is not a hardware version (the oldest is 3: ESX 2.x, GSX Server 3.x)"]


def test_error_openpyxl_missing_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl raises ImportError
    with pytest.raises(InventoryError) as caught:
        read_inventory(SAMPLES / "rvtools-vinfo.xlsx", name="rv.xlsx")
    assert str(caught.value) == "rv.xlsx: reading .xlsx needs openpyxl: pip install 'vmgraph[fleet]'"


def test_openpyxl_is_imported_only_for_xlsx():
    code = (
        "import sys\nfrom vmgraph.inventory import read_inventory\n"
        f"list(read_inventory({str(SAMPLES / 'rvtools-vinfo.csv')!r}))\n"
        f"list(read_inventory({str(SAMPLES / 'govc-vm-info.json')!r}))\n"
        "print('openpyxl' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert found.stdout.strip() == "False"


def test_inventory_errors_are_vmgraph_errors():
    assert issubclass(InventoryError, VmgraphError) and issubclass(BadValue, ValueError)


# --- keep going -----------------------------------------------------------------------------------

def test_keep_going_reads_the_rest_and_counts_what_it_skipped(tmp_path):
    text = (RVTOOLS_HEAD + "a,poweredOn,False,1,512,vmx-19,h,c\nb,poweredOn,False,1,512,vmx-5,h,c\n"
            "c,poweredOn,False,x,512,vmx-19,h,c\n,poweredOn,False,1,512,vmx-19,h,c\nd,poweredOn,False,1,512,vmx-19,h,c\n")
    inventory = read_inventory(write(tmp_path, text), keep_going=True, name="inv.csv")
    assert [vm.name for vm in inventory] == ["a", "d"]
    assert len(inventory.skipped) == 3
    assert [(s.file, s.row, s.column) for s in inventory.skipped] == [("inv.csv", 3, "HW version"), ("inv.csv", 4, "CPUs"), ("inv.csv", 5, "VM")]
    assert str(list(inventory.skipped)[1]) == "inv.csv: row 4, column 'CPUs': 'x' is not a whole number"


def test_keep_going_in_govc_json(tmp_path):
    doc = {"virtualMachines": [{"name": "a"}, {"name": "b", "runtime": {"powerState": "on"}}, 7, {"name": "c"}]}
    inventory = read_inventory(write(tmp_path, json.dumps(doc), "g.json"), keep_going=True)
    assert [vm.name for vm in inventory] == ["a", "c"]
    assert [(s.row, s.column) for s in inventory.skipped] == [(2, "runtime.powerState"), (3, None)]


def test_keep_going_keeps_the_first_skips_and_counts_them_all():
    skipped = Skipped(keep=2)
    for row in range(5):
        skipped.add(InventoryError("f.csv", "bad", row, "VM"))
    assert len(skipped) == 5 and [s.row for s in skipped] == [0, 1]


def test_file_level_errors_raise_even_when_keeping_going(tmp_path):
    with pytest.raises(InventoryError):
        read_inventory(write(tmp_path, "hostname\nx\n"), keep_going=True)


def test_an_inventory_is_read_once():
    inventory = read_inventory(SAMPLES / "plain.csv")
    assert len(list(inventory)) == len(FLEET)
    with pytest.raises(RuntimeError):
        iter(inventory)


# --- streaming ------------------------------------------------------------------------------------

def test_records_come_out_before_a_later_bad_row(tmp_path):
    text = RVTOOLS_HEAD + "a,poweredOn,False,1,512,vmx-19,h,c\nb,poweredOn,False,1,512,vmx-19,h,c\nc,poweredOn,False,1,512,vmx-99,h,c\n"
    vms = iter(read_inventory(write(tmp_path, text), name="inv.csv"))
    assert next(vms).name == "a" and next(vms).name == "b"
    with pytest.raises(InventoryError, match=r"^inv\.csv: row 4, column 'HW version': 'vmx-99' is not a hardware version vmgraph knows"):
        next(vms)


def test_the_first_record_of_a_big_file_does_not_read_it_all(tmp_path):
    path = tmp_path / "big.csv"
    inventory_gen.write(path, 200_000, seed=1)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("broken,poweredOn\n" + "x" * 10)
    inventory = read_inventory(path)
    first = next(iter(inventory))
    assert first.row == 2 and first.hardware_version is not None  # the bad tail was never reached


def test_header_errors_come_before_iteration(tmp_path):
    with pytest.raises(InventoryError, match="a plain CSV needs"):
        from vmgraph.inventory import plain_csv
        from vmgraph.inventory.source import sniff
        from vmgraph.inventory.stream import Source

        with Source(write(tmp_path, "name,flags\n"), "x") as source:
            plain_csv.read(source, "x", sniff(source))


# --- hardware versions ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,version",
    [("vmx-19", 19), ("vmx-04", 4), ("VMX-4", 4), ("vmx-4", 4), ("19", 19), ("03", 3), ("v8", 8), ("V10", 10),
     ("VMX_21", 21), (" vmx-22 ", 22), (19, 19), ("vmx-3", 3), ("vmx-06", 6)],
    ids=["vmx-19", "padded", "upper", "unpadded", "bare", "bare-padded", "powercli-v8", "powercli-V10",
         "rest-api", "spaces", "int", "oldest", "six"],
)
def test_hardware_versions(text, version):
    assert parse_hardware_version(text) == version


@pytest.mark.parametrize(
    "text,message",
    [
        ("vmx-5", "'vmx-5' is not a hardware version (there is no version 5)"),
        ("5", "'5' is not a hardware version (there is no version 5)"),
        ("vmx-02", "'vmx-02' is not a hardware version (the oldest is 3: ESX 2.x, GSX Server 3.x)"),
        ("1", "'1' is not a hardware version (the oldest is 3: ESX 2.x, GSX Server 3.x)"),
        ("0", "'0' is not a hardware version (the oldest is 3: ESX 2.x, GSX Server 3.x)"),
        ("vmx-23", "'vmx-23' is not a hardware version vmgraph knows (the newest is 22: ESXi 9.0)"),
        ("ESXi 7.0", "'ESXi 7.0' is not a hardware version (expected vmx-NN, NN or vNN)"),
        ("vmx-", "'vmx-' is not a hardware version (expected vmx-NN, NN or vNN)"),
        ("19.5", "'19.5' is not a hardware version (expected vmx-NN, NN or vNN)"),
        (True, "'True' is not a hardware version (expected vmx-NN, NN or vNN)"),
    ],
    ids=["vmx-5", "five", "two", "one", "zero", "too-new", "release-name", "no-number", "decimal", "bool"],
)
def test_error_hardware_versions(text, message):
    with pytest.raises(BadValue) as caught:
        parse_hardware_version(text)
    assert str(caught.value) == message


# --- the benchmark's generator ------------------------------------------------------------------------

def test_generator_is_deterministic_and_readable_back(tmp_path):
    one, two, other = tmp_path / "one.csv", tmp_path / "two.csv", tmp_path / "other.csv"
    inventory_gen.write(one, 500, seed=7)
    inventory_gen.write(two, 500, seed=7)
    inventory_gen.write(other, 500, seed=8)
    assert one.read_bytes() == two.read_bytes() != other.read_bytes()
    assert detect_format(one) == "rvtools-csv"
    vms = read(one)
    assert len(vms) == 500 and [vm.row for vm in vms] == list(range(2, 502))  # the file's lines
    assert {vm.hardware_version for vm in vms} <= {era[0] for era in inventory_gen.ERAS}
    assert all(vm.power_state in ("poweredOn", "poweredOff", "suspended") and vm.cpus and vm.memory_mb for vm in vms)


def test_generator_semicolons_and_its_read_mode(tmp_path, capsys):
    path = tmp_path / "semi.csv"
    assert inventory_gen.main([str(path), "--rows", "300", "--delimiter", ";"]) == 0
    assert ";" in path.read_text().splitlines()[0] and len(read(path)) == 300
    found = inventory_gen.measure(path, trace=True)
    assert found["rows"] == 300 and found["peak traced MB"] > 0


def test_guest_ids_and_names_say_64bit():
    from vmgraph.inventory.values import guest_id_64bit, guest_name_64bit

    assert [guest_id_64bit(g) for g in ("windows9-64", "arm-other-64", "windows9_64Guest", "otherGuest64", "crxPod1Guest", "winXPProGuest", "ubuntu")] == [
        True, True, True, True, True, False, False]
    assert [guest_name_64bit(n) for n in ("Ubuntu Linux (64-bit)", "Microsoft Windows 7 (32-bit)", "Other Linux")] == [True, False, None]
    assert codecs.lookup("utf-8-sig")  # the codec sniffing relies on
