"""Hostile inventories (issue 22): streams read once, bounded sizes, damaged spreadsheets and
what reaches a terminal or a spreadsheet. Every failure is one line and the documented exit code
(`vmgraph fleet --help`: 0, 1 or 2), in bounded time and memory; the slow or large cases run in
a child process under `resource` limits."""

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.errors import InventoryError
from vmgraph.inventory import read_hosts, read_inventory

from contract import no_constants, one_line, time_bound, within_memory

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "inventories"
runner = CliRunner()
FLEET = ["--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "VMGRAPH_NO_CACHE": "1"}


def vmgraph(*args, stdin=subprocess.DEVNULL, input=None, megabytes=None, timeout=60):
    """vmgraph in a child process: the process boundary (a pipe, a FIFO, a memory bound) is what is tried."""
    return subprocess.run(
        [sys.executable, "-m", "vmgraph", *map(str, args)], capture_output=True, timeout=timeout, env=ENV, input=input,
        stdin=None if input is not None else stdin, preexec_fn=within_memory(megabytes) if megabytes else None,
    )


def fleet_json(stdout: bytes) -> dict:
    return json.loads(stdout.decode("utf-8"))


def rvtools_csv(rows: int) -> bytes:
    lines = ["VM,Powerstate,CPUs,Memory,HW version,Host"]
    lines += [f"vm{n:05d},poweredOn,{1 + n % 4},4096,vmx-{13 + n % 7},esx{n % 9:02d}" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


# -- streams: read once, `-` for standard input, never a path reopened


def test_a_piped_inventory_keeps_every_vm():
    data = rvtools_csv(20_000)  # 20,000 rows: some 600 KB, ten times the bytes the format is told from
    result = vmgraph("fleet", "-", *FLEET, "--format", "json", input=data)
    assert result.returncode in (0, 1), result.stderr
    document = fleet_json(result.stdout)
    assert document["inventory"]["vms"] == 20_000 and document["inventory"]["file"] == "standard input"
    assert [vm["row"] for vm in document["vms"][:2]] == [2, 3] and document["vms"][-1]["row"] == 20_001


@pytest.mark.parametrize("sample", ["rvtools-vinfo.csv", "rvtools-vinfo.xlsx", "govc-vm-info.json", "plain.csv"])
def test_every_format_reads_from_standard_input_as_from_its_file(sample):
    extra = ["--hosts", SAMPLES / "govc-host-info.json"] if sample.startswith("govc") else []
    target = ["--to", "Workstation 17"] if sample == "plain.csv" else ["--to", "ESXi 8.0 U3"]
    piped = vmgraph("fleet", "-", *target, *extra, "--format", "json", input=(SAMPLES / sample).read_bytes())
    named = vmgraph("fleet", SAMPLES / sample, *target, *extra, "--format", "json")
    assert piped.returncode == named.returncode, piped.stderr
    assert fleet_json(piped.stdout)["vms"] == fleet_json(named.stdout)["vms"]


def test_hosts_read_from_standard_input():
    result = vmgraph("fleet", SAMPLES / "govc-vm-info.json", "--hosts", "-", "--to", "ESXi 8.0 U3", "--format", "json",
                     input=(SAMPLES / "govc-host-info.json").read_bytes())
    assert result.returncode in (0, 1), result.stderr
    assert fleet_json(result.stdout)["placed"]["hosts"]["source"] == "standard input"


def test_the_inventory_and_its_hosts_cannot_both_be_standard_input():
    line = one_line(runner.invoke(app, ["fleet", "-", "--hosts", "-", *FLEET], input=b""))
    assert "cannot both be read from standard input" in line


@pytest.mark.parametrize("option", [[], ["--hosts"]], ids=["inventory", "--hosts"])
def test_a_fifo_named_as_an_inventory_is_refused_not_waited_on(tmp_path, option):
    fifo = tmp_path / "inventory.csv"
    os.mkfifo(fifo)
    args = ["fleet", SAMPLES / "rvtools-vinfo.csv", "--hosts", fifo] if option else ["fleet", fifo]
    result = vmgraph(*args, *FLEET, timeout=30)
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode() == f"vmgraph: error: {fifo}: a FIFO, not a regular file: vmgraph reads an inventory from a file, or from standard input given as '-'\n"


def test_dev_stdin_on_a_pipe_is_refused_with_the_way_to_read_it():
    result = vmgraph("fleet", "/dev/stdin", *FLEET, input=(SAMPLES / "rvtools-vinfo.csv").read_bytes())
    assert result.returncode == 2 and b"from standard input given as '-'" in result.stderr, result.stderr


def test_a_device_is_refused_not_read_for_ever():
    result = vmgraph("fleet", "/dev/zero", *FLEET, timeout=30)
    assert result.returncode == 2 and b"/dev/zero: a character device, not a regular file" in result.stderr, result.stderr


def test_a_regular_file_on_standard_input_is_read_by_its_path_too(tmp_path):
    with open(SAMPLES / "rvtools-vinfo.csv", "rb") as handle:
        result = vmgraph("fleet", "/dev/stdin", *FLEET, "--format", "json", stdin=handle)
    assert result.returncode in (0, 1) and fleet_json(result.stdout)["inventory"]["vms"] == 32, result.stderr


def test_the_library_reads_standard_input_once(monkeypatch):
    data = (SAMPLES / "govc-vm-info.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    inventory = read_inventory("-")
    assert inventory.name == "standard input" and inventory.path is None and inventory.count_lines() is None
    assert len(list(inventory)) == 32


@pytest.mark.parametrize("inventory, hosts", [("rvtools-vinfo.xlsx", None), ("rvtools-csv", None), ("govc-vm-info.json", "govc-host-info.json"),
                                             ("powercli-get-vm.csv", "powercli-get-vmhost.csv")])
def test_every_file_is_opened_once(monkeypatch, inventory, hosts):
    import builtins

    opened = []
    real_open, real_os_open = builtins.open, os.open
    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: opened.append(str(file)) or real_open(file, *a, **k))
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_os_open(path, *a, **k))
    vms = list(read_inventory(SAMPLES / inventory, hosts=None if hosts is None else SAMPLES / hosts))
    monkeypatch.undo()
    assert vms and len(opened) == len(set(opened)), opened
    assert {Path(path).name for path in opened} >= {Path(inventory).name if "." in inventory else "RVTools_tabvInfo.csv"}


def test_a_workbook_on_standard_input_is_spooled_up_to_its_bound(monkeypatch):
    from vmgraph.inventory import stream

    data = (SAMPLES / "rvtools-vinfo.xlsx").read_bytes()
    monkeypatch.setattr(stream, "MAX_SPOOL_BYTES", len(data) - 1)
    line = one_line(runner.invoke(app, ["fleet", "-", *FLEET], input=data))
    assert line == f"vmgraph: error: standard input: a workbook larger than {len(data) - 1:,} bytes: not read from standard input (give its path)"


def test_json_behind_more_blank_space_than_the_head_is_json(tmp_path):
    path = tmp_path / "vms.json"
    path.write_text("\n" * 70_000 + json.dumps({"virtualMachines": [{"name": "a", "config": {"version": "vmx-19"}}, {"config": {}}]}))
    assert [vm.name for vm in read_inventory(path, keep_going=True)] == ["a"]
    path.write_text("\n" * 70_000 + '{"virtualMachines": [{"name": "a"}\n{"name": "b"}]}')
    with pytest.raises(InventoryError, match=r"line 70002: expected ',' or ']' after virtualMachines\[0\]"):
        list(read_inventory(path))


def test_a_csv_behind_more_blank_space_than_the_head_is_refused_clearly(tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text(" " * 70_000 + "\nname,hardware\na,19\n")
    with pytest.raises(InventoryError, match=r"68 KiB of blank space before its first line: not a CSV's header \(nor JSON"):
        read_inventory(path)
    (tmp_path / "blank.csv").write_text(" \n" * 70_000)
    with pytest.raises(InventoryError, match=r"only blank space \(140,000 bytes\)"):
        read_inventory(tmp_path / "blank.csv")


# -- spreadsheets: bounds before inflating, damaged cells as one line

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/></Types>'),
    "_rels/.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets><sheet name="vInfo" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": (f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
                                   f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}
XLSX_HEADER = '<row r="1">' + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in zip("ABCD", ["VM", "Powerstate", "CPUs", "HW version"])) + "</row>"


def sheet_row(number, cpus="<v>2</v>", state='t="s"><v>0</v>'):
    """A vInfo row: its name inline, its power state a shared string, its CPUs a number cell."""
    return (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>vm{number}</t></is></c><c r="B{number}" {state}</c>'
            f'<c r="C{number}">{cpus}</c><c r="D{number}" t="inlineStr"><is><t>vmx-19</t></is></c></row>')


def workbook(path, rows=None, shared="<si><t>poweredOn</t></si>", header=XLSX_HEADER, **parts):
    """A minimal RVTools workbook written part by part (zipfile), so any part can be made hostile."""
    rows = sheet_row(2) + sheet_row(3) if rows is None else rows
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{header}{rows}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in {**XLSX_PARTS, "xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}">{shared}</sst>',
                           **{name.replace("__", "/"): body for name, body in parts.items()}}.items():
            archive.writestr(name, body)
    return path


def test_the_hand_made_workbook_is_read(tmp_path):
    assert [(vm.name, vm.cpus, vm.power_state) for vm in read_inventory(workbook(tmp_path / "rv.xlsx"))] == [
        ("vm2", 2, "poweredOn"), ("vm3", 2, "poweredOn")]


BAD_CELLS = {
    "a number that is none": (sheet_row(2, cpus="<v>abc</v>"), "ValueError: invalid literal"),
    "a number of 5,000 digits": (sheet_row(2, cpus="<v>" + "9" * 5000 + "</v>"), "Exceeds the limit"),
    "a shared string past the table": (sheet_row(2, state='t="s"><v>99</v>'), "IndexError"),
    "a shared string index that is no number": (sheet_row(2, state='t="s"><v>x</v>'), "ValueError"),
    "a date that is none": (sheet_row(2, cpus="").replace('<c r="C2">', '<c r="C2" t="d"><v>nope</v>'), "Invalid datetime value nope"),
    "a row number that is none": (sheet_row(2).replace('<row r="2">', '<row r="abc">'), "ValueError"),
    "a cell reference that is none": (sheet_row(2).replace('r="C2"', 'r="2C"'), "ValueError"),
    "a column past ZZZ": (sheet_row(2).replace('r="C2"', 'r="ZZZZ2"'), "not a valid column name"),
}


@pytest.mark.parametrize("rows, said", BAD_CELLS.values(), ids=BAD_CELLS.keys())
def test_a_damaged_cell_is_one_line_naming_the_sheet_and_row(tmp_path, rows, said):
    path = workbook(tmp_path / "rv.xlsx", rows=rows)
    line = one_line(runner.invoke(app, ["fleet", str(path), *FLEET]))
    assert f"{path}: row 2: the vInfo sheet holds a cell openpyxl cannot read, in or after this row (" in line and said in line, line


def test_a_damaged_header_is_one_line_at_row_1(tmp_path):
    path = workbook(tmp_path / "rv.xlsx", header=XLSX_HEADER.replace('r="C1"', 'r="1C"'))
    assert "row 1: the vInfo sheet holds a cell openpyxl cannot read" in one_line(runner.invoke(app, ["fleet", str(path), *FLEET]))


def test_a_header_wider_than_excels_is_refused(tmp_path):
    path = workbook(tmp_path / "rv.xlsx", header=XLSX_HEADER.replace("</row>", '<c r="ZZZ1" t="inlineStr"><is><t>x</t></is></c></row>'))
    assert "header is 18,278 columns wide, past Excel's 16,384" in one_line(runner.invoke(app, ["fleet", str(path), *FLEET]))


def test_a_row_numbered_past_excels_last_is_refused_in_bounded_time_and_memory(tmp_path):
    path = workbook(tmp_path / "rv.xlsx", rows=sheet_row(2) + sheet_row(1_048_576_000))
    assert path.stat().st_size < 20_000
    result = vmgraph("fleet", path, *FLEET, megabytes=600, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode().endswith("the vInfo sheet has rows past Excel's last row (1,048,576): a damaged or forged workbook, not read\n")


def test_a_shared_strings_bomb_is_refused_before_it_is_inflated(tmp_path):
    shared = "<si><t>poweredOn</t></si>" + "<si><t>x</t></si>" * 4_000_000  # 68 MB of XML in some 100 KB
    path = workbook(tmp_path / "rv.xlsx", shared=shared)
    assert path.stat().st_size < 1_000_000
    result = vmgraph("fleet", path, *FLEET, megabytes=400, timeout=30)
    assert result.returncode == 2, result.stderr
    assert b"its part 'xl/sharedStrings.xml' inflates " in result.stderr and b"is a zip bomb): not read" in result.stderr


def test_a_part_declared_larger_than_the_bound_is_refused(tmp_path, monkeypatch):
    from vmgraph.inventory import xlsx_bounds

    monkeypatch.setattr(xlsx_bounds, "MAX_PART_BYTES", 1 << 10)
    path = workbook(tmp_path / "rv.xlsx", shared="<si><t>poweredOn</t></si>" + "".join(f"<si><t>{n}</t></si>" for n in range(100)))
    with pytest.raises(InventoryError, match=r"its part 'xl/sharedStrings.xml' inflates to [\d,]+ bytes, more than the 1,024 bytes vmgraph reads of a part that is not a sheet"):
        read_inventory(path)
    monkeypatch.setattr(xlsx_bounds, "MAX_PARTS", 3)
    with pytest.raises(InventoryError, match="a workbook of 6 parts"):
        read_inventory(path)


# -- CSV: every line and cell bounded, quoted or not; a column named twice refused


def test_a_one_gigabyte_line_is_refused_in_bounded_memory():
    result = subprocess.run(
        ["bash", "-c", f"(printf 'name,hardware\\n'; head -c 1000000000 /dev/zero | tr '\\0' a) | {sys.executable} -m vmgraph fleet - --to 'ESXi 8.0 U3'"],
        capture_output=True, timeout=120, env=ENV, preexec_fn=within_memory(600),
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == b"vmgraph: error: standard input: row 2: a line longer than 1 MiB: not an inventory's row\n"


@pytest.mark.parametrize("cell", ['{x}{x}', '"{x}{x}"', '"{x}\n{x}"'], ids=["unquoted", "quoted", "quoted over two lines"])
def test_a_cell_past_the_limit_is_refused_quoted_or_not(tmp_path, cell):
    path = tmp_path / "inv.csv"
    path.write_text("name,hardware,notes\na,19,x\n" + cell.format(x="y" * 70_000) + ",19,x\n")
    with pytest.raises(InventoryError, match=r"row 3: a cell longer than 131,072 characters"):
        list(read_inventory(path))


def test_a_long_cell_no_reader_reads_stays_unsplit_and_allowed(tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("name,hardware,notes\na,19," + "y" * 200_000 + "\n")
    assert [vm.name for vm in read_inventory(path)] == ["a"]


def test_a_read_column_named_twice_is_refused(tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("VM,HW version,CPUs,Notes,cpus ,Notes\na,19,2,x,4,y\n")
    line = one_line(runner.invoke(app, ["fleet", str(path), *FLEET]))
    assert line.endswith("inv.csv: row 1: the header names the column 'CPUs' twice (columns 3 and 5), and vmgraph reads one of them: rename or remove the other")
    path.write_text("VM,HW version,CPUs,Notes,Notes,,\na,19,2,x,y,,\n")  # a column not read may be named twice: it is said
    inventory = read_inventory(path)
    assert [vm.cpus for vm in inventory] == [2]
    assert inventory.notes == ["Column 'Notes' is named twice (columns 4 and 5); vmgraph reads neither."]


def test_a_hosts_column_named_twice_is_refused(tmp_path):
    (tmp_path / "hosts.csv").write_text("host,release,Release\nesx01,ESXi 8.0 U3,ESXi 7.0\n")
    with pytest.raises(InventoryError, match=r"the header names the column 'release' twice \(columns 2 and 3\)"):
        read_hosts(tmp_path / "hosts.csv")


@pytest.mark.parametrize("cpus, said", [(str(10**30), "is too large: vmgraph reads up to 999,999,999"),
                                        ("1,000,000,000,000", "is too large: vmgraph reads up to 999,999,999"),
                                        ("many", "'many' is not a whole number")])
def test_an_oversized_cpu_count_says_it_is_too_large(tmp_path, cpus, said):
    (tmp_path / "inv.csv").write_text(f'VM,HW version,CPUs\na,19,"{cpus}"\n')
    line = one_line(runner.invoke(app, ["fleet", str(tmp_path / "inv.csv"), *FLEET]))
    assert line.endswith(f"row 2, column 'CPUs': '{cpus}' {said.split(' ', 1)[1] if said.startswith(chr(39)) else said}"), line


# -- govc JSON: depth, digits and text as one line, in bounded time


def govc(tmp_path, text):
    path = tmp_path / "vms.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


@pytest.mark.parametrize("text, said", [
    ('{"virtualMachines": [' + "[" * 100_000 + "]" * 100_000 + "]}", "virtualMachines[0]: nested deeper than vmgraph reads"),
    ('{"virtualMachines": [' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "]}", "virtualMachines[0]: nested deeper than vmgraph reads"),
    ("[" * 100_000, "[0]: nested deeper than vmgraph reads"),
    ('{"virtualMachines": [{"name": "a", "summary": {"config": {"numCpu": ' + "9" * 5000 + "}}}]}", "virtualMachines[0]: a number of more than 4,300 digits"),
    ('{"virtualMachines": [{"name": "a", "summary": {"config": {"numCpu": ' + str(10**30) + "}}}]}", "'1000000000000000000000000000000' is too large"),
    (b'{"virtualMachines": [{"name": "a\xff"}]}', "line 1: byte 0xFF is not UTF-8 text"),
    (b'{"virtualMachines": [{"name": "a"},' + b" " * 2_000_000 + b'\n{"name": "\xff"}]}', "line 1: not UTF-8 text on or after this line"),
], ids=["lists 100,000 deep", "objects 100,000 deep", "unclosed 100,000 deep", "5,000 digits", "10**30 vCPUs", "not UTF-8",
        "not UTF-8 past the head"])
def test_hostile_govc_json_is_one_line(tmp_path, text, said):
    line = one_line(runner.invoke(app, ["fleet", str(govc(tmp_path, text)), *FLEET]))
    assert said in line, line


# -- what reaches a terminal, a spreadsheet or a parser

HOSTILE_NAMES = ["red\x1b[31m", "bell\x07", "two\nlines", "evil\u202eexe.txt", "lone\ud800", "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "tab\tbed"]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.fixture(scope="module")
def hostile_names(tmp_path_factory):
    path = tmp_path_factory.mktemp("names") / "vms.json"
    vms = [{"name": name, "config": {"version": "vmx-19"}} for name in HOSTILE_NAMES]
    path.write_text(json.dumps({"virtualMachines": vms}))  # json.dumps writes the lone surrogate as \ud800
    return path


@pytest.mark.parametrize("format", ["text", "markdown"])
def test_names_reach_a_terminal_escaped(hostile_names, format):
    result = runner.invoke(app, ["fleet", str(hostile_names), *FLEET, "--format", format])
    assert result.exit_code == 0 and not result.stderr, result.stderr
    assert not RAW.search(result.stdout.replace("\n", "")), repr(result.stdout)
    escaped = {"text": ["red\\x1b[31m", "bell\\x07", "two\\nlines", "evil\\u202eexe.txt", "lone\\ud800", "tab\\tbed"],
               "markdown": ["red\\\\x1b\\[31m", "bell\\\\x07", "two lines", "evil\\\\u202eexe.txt", "lone\\\\ud800", "tab bed"]}[format]
    for name in escaped:
        assert name in result.stdout, name


def test_json_output_is_valid_utf8_and_keeps_every_name(hostile_names):
    result = runner.invoke(app, ["fleet", str(hostile_names), *FLEET, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    names = [vm["name"] for vm in json.loads(result.stdout_bytes.decode("utf-8"))["vms"]]
    assert names == HOSTILE_NAMES


def test_csv_output_neutralises_formulas_and_writes_utf8(hostile_names):
    result = runner.invoke(app, ["fleet", str(hostile_names), *FLEET, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8"))))
    names = [row["name"] for row in rows]
    assert names == ["red\x1b[31m", "bell\x07", "two\nlines", "evil\u202eexe.txt", "lone\\ud800", "'=HYPERLINK(\"x\")", "'+1", "'-1", "'@SUM(A1)", "tab\tbed"]


def test_xlsx_output_keeps_formulas_as_text(hostile_names, tmp_path):
    import openpyxl

    result = runner.invoke(app, ["fleet", str(hostile_names), *FLEET, "--format", "xlsx"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "plan.xlsx").write_bytes(result.stdout_bytes)
    sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx")["VMs"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["red\\x1b[31m", "bell\\x07", "two\\nlines", "evil\\u202eexe.txt", "lone\\ud800",
                                              "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "tab\\tbed"]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.quotePrefix for cell in cells[5:9]] == [True] * 4


@pytest.mark.parametrize("format", ["text", "markdown", "csv", "json"])
def test_a_path_with_an_undecodable_byte_is_written_as_utf8(tmp_path, format):
    path = os.fsdecode(os.fsencode(str(tmp_path)) + b"/inv\xff.csv")
    Path(path).write_text("name,hardware\n\x1b[2Jx,19\nbad,abc\n")
    result = runner.invoke(app, ["fleet", path, *FLEET, "--keep-going", "--format", format])
    assert result.exit_code == 1, result.stderr
    text = result.stdout_bytes.decode("utf-8")
    assert not RAW.search(text.replace("\n", "")) or format in ("csv", "json"), repr(text)
    if format == "json":
        assert json.loads(text)["inventory"]["file"] == path


# -- properties: generated and mutated inventories answer by the contract

import tempfile  # noqa: E402
import warnings  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = 30  # per property: a few seconds each; the generated files are small, the contract the same


def answers_by_the_contract(data: bytes, suffix: str, options: list[str]):
    """`vmgraph fleet FILE` (or `-`, the bytes piped in, when the options end with it) on these
    bytes: exit 0, 1 or 2 (`vmgraph fleet --help`), never a traceback; 2 is one line on stderr
    and nothing on stdout; 0 and 1 say nothing on stderr, and --format json is valid UTF-8 JSON."""
    piped = options[-1:] == ["-"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"inventory{suffix}"
        path.write_bytes(data)
        with time_bound(), warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            if piped:
                result = runner.invoke(app, ["fleet", "-", *options[:-1]], input=data)
            else:
                result = runner.invoke(app, ["fleet", str(path), *options])
    assert not warned, [str(warning.message) for warning in warned]  # a warning would be a second line on stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("vmgraph: error: ") and result.stdout_bytes == b"", result.stderr
        assert not RAW.search(lines[0]) and len(lines[0]) < 1100, lines[0]
    else:
        assert result.stderr == "", result.stderr
        text = result.stdout_bytes.decode("utf-8")  # every output is UTF-8
        if "json" in options:
            json.loads(text, parse_constant=no_constants)
    return result


formats = st.sampled_from(["text", "json", "csv", "markdown"])
fleet_options = st.builds(lambda f, keep: [*FLEET, "--format", f] + (["--keep-going"] if keep else []), formats, st.booleans())
piped = st.sampled_from([[], [], ["-"]])  # now and then the bytes come on standard input
HEADERS = ["VM", "HW version", "CPUs", "Memory", "Powerstate", "Host", "Template", "Firmware", "OS according to the configuration file",
           "name", "hardware", "product", "flags", "Name", "HardwareVersion", "NumCpu", "MemoryMB", "VMHost", "Version", "vInfoVMName", "x", ""]
CELLS = ["", " ", "vm1", "19", "vmx-19", "vmx-04", "vmx-99", "v8", "4", "0", "-1", "16,384", "4096.0", str(10**30), "9" * 5000, "1e400",
         "poweredOn", "suspended", "True", "FALSE", "efi", "bios", "ESXi 8.0 U3", "Workstation 17", "esx01", "smp 64bit snapshot",
         "=SUM(A1)", "+1", "@x", '"', '""', '"a,b"', '"a\nb"', "a;b", "\t", "\x1b[31m", "\u202e", "\x00", "\ufeff", "é", "名前"]
cells = st.one_of(*[st.sampled_from(CELLS)] * 4, st.text(max_size=12))


@st.composite
def csv_inventories(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=8))
    text = "\n".join(delimiter.join(row) for row in [header, *rows]) + draw(st.sampled_from(["\n", "", "\r\n"]))
    text = draw(st.sampled_from(["", "", "", "\ufeff", f"sep={delimiter}\n", "#TYPE VMware.VimAutomation\n", "\n" * 3])) + text
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
    return text.encode(encoding, "replace")


def json_values(keys):
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 10**40), st.floats(allow_nan=False), st.sampled_from(CELLS), st.text(max_size=8))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(keys), inner, max_size=5)),
                        max_leaves=20)


JSON_KEYS = ["virtualMachines", "VirtualMachines", "name", "config", "version", "summary", "numCpu", "memorySizeMB", "guestId",
             "runtime", "host", "powerState", "hardware", "firmware", "template", "snapshot", "rootSnapshotList", "bootOptions",
             "efiSecureBootEnabled", "type", "value", "x"]


@st.composite
def json_inventories(draw):
    vms = draw(st.lists(json_values(JSON_KEYS), max_size=6))
    document = draw(st.sampled_from([{"virtualMachines": vms}, vms, {"VirtualMachines": vms, "x": 1}, {"other": vms}]))
    data = json.dumps(document).encode()
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


XLSX_CELLS = [
    '<c r="{c}{r}" t="inlineStr"><is><t>{text}</t></is></c>', '<c r="{c}{r}"><v>{number}</v></c>', '<c r="{c}{r}" t="s"><v>{index}</v></c>',
    '<c r="{c}{r}" t="b"><v>1</v></c>', '<c r="{c}{r}" t="d"><v>2024-01-01</v></c>', '<c r="{c}{r}" t="d"><v>nope</v></c>',
    '<c r="{c}{r}" t="e"><v>#N/A</v></c>', '<c r="{c}{r}" t="str"><v>{text}</v></c>', '<c r="Z{c}{r}"><v>1</v></c>', '<c><v>3</v></c>',
    '<c r="{c}{r}"/>', '<c r="{r}{c}"><v>1</v></c>',
]


@st.composite
def xlsx_inventories(draw):
    rows = []
    for number in draw(st.lists(st.one_of(st.integers(2, 40), st.sampled_from([1, 1_048_576, 2_000_000])), max_size=5)):
        row = "".join(
            draw(st.sampled_from(XLSX_CELLS)).format(c=column, r=number, text=draw(st.sampled_from(["vm1", "vmx-19", "poweredOn", "4", "x", "&amp;"])),
                                                      number=draw(st.sampled_from(["2", "4096", "1e400", "abc", "9" * 5000, "-1"])),
                                                      index=draw(st.sampled_from(["0", "1", "99", "x", "-1"])))
            for column in draw(st.lists(st.sampled_from("ABCD"), max_size=4)))
        rows.append(f'<row r="{number}">{row}</row>')
    shared = draw(st.sampled_from(["<si><t>poweredOn</t></si>", "", "<si><t>vm</t></si><si><t>x</t></si>", "<si>"]))
    buffer = io.BytesIO()
    workbook(buffer, rows="".join(rows), shared=shared)
    data = buffer.getvalue()
    cut = draw(st.one_of(st.none(), st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


@pytest.mark.parametrize("inventories,suffix", [(csv_inventories, ".csv"), (json_inventories, ".json"), (xlsx_inventories, ".xlsx")], ids=["csv", "govc-json", "xlsx"])
def test_generated_inventories_answer_by_the_contract(cli_shares_pack, inventories, suffix):
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=inventories(), options=fleet_options, stdin=piped)
    def check(data, options, stdin):
        answers_by_the_contract(data, suffix, options + stdin)

    check()


EXAMPLE_FILES = {path.name: path.read_bytes() for path in sorted(SAMPLES.iterdir()) if path.is_file() and path.suffix in (".csv", ".json", ".xlsx")}


@st.composite
def mutated_examples(draw):
    """One of examples/inventories/ with lines dropped, doubled, cut or spliced with bytes (a
    workbook: one of its parts so changed)."""
    name = draw(st.sampled_from(sorted(EXAMPLE_FILES)))
    return name, mutated_file(draw, EXAMPLE_FILES[name], name)


def mutated_file(draw, data: bytes, name: str) -> bytes:
    if name.endswith(".xlsx"):
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
        part = draw(st.sampled_from(sorted(parts)))
        parts[part] = mutated_lines(draw, parts[part].replace(b"><", b">\n<")).replace(b">\n<", b"><")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part_name, body in parts.items():
                archive.writestr(part_name, body)
        return buffer.getvalue()
    return mutated_lines(draw, data)


def mutated_lines(draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["drop", "double", "cell", "cell", "text", "bytes", "truncate", "swap"]))
        if kind == "drop":
            del lines[at]
        elif kind == "double":
            lines.insert(at, lines[at])
        elif kind == "cell":
            pieces = re.split(rb"([,;:\"<>])", lines[at])
            spot = draw(st.integers(0, len(pieces) - 1))
            pieces[spot] = draw(cells).encode("utf-8", "surrogatepass")
            lines[at] = b"".join(pieces)
        elif kind == "text":
            lines[at] = draw(st.text(max_size=40)).encode("utf-8", "surrogatepass")
        elif kind == "bytes":
            lines[at] = lines[at] + draw(st.binary(max_size=8))
        elif kind == "truncate":
            lines = lines[:at]
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        data = b"\n".join(lines)
    return data


def test_mutated_examples_answer_by_the_contract(cli_shares_pack):
    @settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutation=mutated_examples(), options=fleet_options, stdin=piped)
    def check(mutation, options, stdin):
        name, data = mutation
        extra = ["--hosts", str(SAMPLES / "govc-host-info.json")] if name.startswith("govc-vm") else []
        answers_by_the_contract(data, Path(name).suffix, options + extra + stdin)

    check()


HOSTS_FILES = {"govc-host-info.json": "govc-vm-info.json", "powercli-get-vmhost.csv": "powercli-get-vm.csv",
               "rvtools-csv/RVTools_tabvHost.csv": "rvtools-vinfo.csv", "rvtools-vinfo.xlsx": "rvtools-vinfo.csv"}


@st.composite
def mutated_hosts(draw):
    name = draw(st.sampled_from(sorted(HOSTS_FILES)))
    return name, mutated_file(draw, (SAMPLES / name).read_bytes(), name)


def test_mutated_hosts_files_answer_by_the_contract(cli_shares_pack):
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutation=mutated_hosts(), options=fleet_options)
    def check(mutation, options):
        name, data = mutation
        with tempfile.TemporaryDirectory() as folder:
            hosts = Path(folder) / Path(name).name
            hosts.write_bytes(data)
            answers_by_the_contract((SAMPLES / HOSTS_FILES[name]).read_bytes(), Path(HOSTS_FILES[name]).suffix,
                                    options[2:] + ["--hosts", str(hosts)])  # no --from: each VM on its host's release

    check()


def test_a_shared_strings_table_past_its_bound_is_refused_with_the_way_out(tmp_path, monkeypatch):
    from vmgraph.inventory import xlsx_bounds

    monkeypatch.setattr(xlsx_bounds, "MAX_SHARED_STRINGS", 1000)
    shared = "<si><t>poweredOn</t></si>" + "".join(f"<x:si><t>{n * 7919 % 1000003:x}</t></x:si>" for n in range(60_000))
    path = workbook(tmp_path / "rv.xlsx", shared=shared.replace("<sst", ""))
    with pytest.raises(InventoryError, match=r"its shared-strings table holds more than 1,000 strings, more than vmgraph reads from a workbook: "
                                             r"export RVTools' CSV files instead \(-c ExportAll2csv\), which are streamed"):
        read_inventory(path)


def test_a_row_of_millions_of_cells_is_refused_before_openpyxl_parses_it(tmp_path):
    cells = "".join(f"<c><v>{n * 7919 % 1000003}</v></c>" for n in range(2_000_000))  # 40 MB of one row's XML, some 10 MB zipped
    path = workbook(tmp_path / "rv.xlsx", rows=sheet_row(2) + f'<row r="3">{cells}</row>')
    result = vmgraph("fleet", path, *FLEET, megabytes=600, timeout=60)
    assert result.returncode == 2, result.stderr
    assert b"its sheet 'xl/worksheets/sheet1.xml' has a row of more than 4,194,304 bytes of XML" in result.stderr


@pytest.mark.parametrize("keep_going", [False, True])
def test_a_hosts_file_of_more_hosts_than_any_estate_is_refused(tmp_path, monkeypatch, keep_going):
    from vmgraph.inventory import hosts

    monkeypatch.setattr(hosts, "MAX_HOSTS", 3)
    (tmp_path / "hosts.csv").write_text("host,release\n" + "".join(f"esx{n},ESXi 8.0 U3\n" for n in range(5)))
    with pytest.raises(InventoryError, match=r"hosts.csv: row 5: more than 3 hosts: more than any estate has"):
        read_inventory(SAMPLES / "rvtools-vinfo.csv", hosts=tmp_path / "hosts.csv", keep_going=keep_going)
    (tmp_path / "hosts.json").write_text(json.dumps({"hostSystems": [{"name": f"esx{n}"} for n in range(5)]}))
    with pytest.raises(InventoryError, match=r"hosts.json: row 4: more than 3 hosts"):
        read_hosts(tmp_path / "hosts.json")
