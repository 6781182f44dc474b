"""`vmgraph fleet --format xlsx`, read back with openpyxl: the four sheets, the CSV's columns,
frozen headers, filters, widths that fit, typed cells, formula-like text kept as text (and the
CSV output's cells neutralised the same way), and a fleet past Excel's rows per sheet."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.render.fleet import CSV_FIELDS

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "inventories"
runner = CliRunner()


def workbook(tmp_path, *args):
    result = runner.invoke(app, ["fleet", *map(str, args), "--format", "xlsx"])
    assert result.exit_code in (0, 1), result.output
    path = tmp_path / "plan.xlsx"
    path.write_bytes(result.stdout_bytes)
    return openpyxl.load_workbook(path)


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_the_four_sheets_with_the_csvs_columns(tmp_path):
    book = workbook(tmp_path, SAMPLES / "rvtools-vinfo.xlsx", "--to", "ESXi 8.0")
    assert book.sheetnames == ["Summary", "Work plan", "VMs", "Skipped"]
    vms = rows(book["VMs"])
    assert tuple(vms[0]) == CSV_FIELDS and len(vms) == 33
    csv_rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["fleet", str(SAMPLES / "rvtools-vinfo.xlsx"), "--to", "ESXi 8.0", "--format", "csv"]).stdout)))
    for row, expected in zip(vms[1:], csv_rows):
        as_text = ["" if cell is None else str(cell) for cell in row]
        assert as_text == [expected[field] for field in CSV_FIELDS]
    first = dict(zip(CSV_FIELDS, vms[1]))
    assert (first["name"], first["row"], first["hardware_version"], first["moves"], first["inferred"]) == ("ams-dc01", 2, 14, 1, True)
    plan = rows(book["Work plan"])
    assert plan[0][:4] == ["group", "vms", "status", "plan"] and plan[1][:4] == [1, 29, "route", "copy to ESXi 8.0"]
    summary = dict((what, value) for what, value in rows(book["Summary"])[1:] if what != "Note")
    assert summary["VMs"] == 32 and summary["Blocked"] == 0 and summary["Rows"].startswith("the vInfo sheet's rows")
    notes = [value for what, value in rows(book["Summary"]) if what == "Note"]
    assert any("a vSphere host that runs its hardware" in note for note in notes)


def test_every_sheet_has_its_header_frozen_filters_on_and_widths_that_fit(tmp_path):
    book = workbook(tmp_path, SAMPLES / "govc-vm-info.json", "--hosts", SAMPLES / "govc-host-info.json", "--to", "ESXi 7.0 U3")
    for sheet in book:
        values = rows(sheet)
        assert sheet.freeze_panes == "A2", sheet.title
        last = openpyxl.utils.get_column_letter(len(values[0]))
        assert sheet.auto_filter.ref == f"A1:{last}{len(values)}", sheet.title
        for index, column in enumerate(zip(*values), 1):
            longest = max(len(str(cell)) for cell in column if cell is not None)
            width = sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width
            assert width >= min(longest, 78), (sheet.title, column[0], width, longest)
            assert width <= 80


def test_skipped_rows_have_their_sheet(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,hardware\na,vmx-19\nb,vmx-99\n", encoding="utf-8")
    book = workbook(tmp_path, bad, "--from", "ESXi 8.0", "--to", "ESXi 8.0 U3", "--keep-going")
    assert rows(book["Skipped"])[1][:3] == [str(bad), 3, "hardware"]


EVIL = ['=HYPERLINK("http://example.invalid","x")', "+1", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def test_formula_like_cells_stay_text(tmp_path):
    inventory = tmp_path / "evil.csv"
    inventory.write_text("name,hardware\n" + "".join(f'"{name.replace(chr(34), chr(34) * 2)}",vmx-19\n' for name in EVIL) + "ok,vmx-19\n", encoding="utf-8")
    book = workbook(tmp_path, inventory, "--from", "ESXi 8.0", "--to", "ESXi 8.0 U3")
    cells = [row[0] for row in book["VMs"].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == EVIL + ["ok"]  # the names as they are
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells[:-1]) and not cells[-1].quotePrefix
    result = runner.invoke(app, ["fleet", str(inventory), "--from", "ESXi 8.0", "--to", "ESXi 8.0 U3", "--format", "csv"])
    names = [row["name"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert names == ["'" + name for name in EVIL] + ["ok"]  # OWASP: a single quote before the formula


def test_a_fleet_past_a_sheets_rows_goes_on_in_another(tmp_path, monkeypatch):
    from vmgraph.render import fleet_xlsx

    monkeypatch.setattr(fleet_xlsx, "SHEET_ROWS", 11)  # a header and ten VMs a sheet
    book = workbook(tmp_path, SAMPLES / "rvtools-vinfo.csv", "--to", "ESXi 8.0 U3")
    assert book.sheetnames == ["Summary", "Work plan", "VMs", "VMs 2", "VMs 3", "VMs 4", "Skipped"]
    names = [row[0] for title in ("VMs", "VMs 2", "VMs 3", "VMs 4") for row in rows(book[title])[1:]]
    assert len(names) == 32 and names[0] == "ams-dc01" and names[-1] == "nyc-tpl-win11"
    assert [len(rows(book[title])) for title in ("VMs", "VMs 2", "VMs 3", "VMs 4")] == [11, 11, 11, 3]


def test_a_workbook_is_not_written_to_a_terminal(monkeypatch):
    from vmgraph.cli import fleet as command

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(command.sys, "stdout", Terminal())
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stderr", errors)
    with pytest.raises(BaseException) as caught:
        command.fleet(SAMPLES / "plain.csv", to="ESXi 8.0", output_format=command.FleetFormat.xlsx)
    assert getattr(caught.value, "exit_code", None) == 2
    assert "--format xlsx writes a workbook: send it to a file (> plan.xlsx)" in errors.getvalue()


def test_openpyxl_missing_is_said_before_planning(monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = runner.invoke(app, ["fleet", str(SAMPLES / "plain.csv"), "--to", "ESXi 8.0", "--format", "xlsx"])
    assert result.exit_code == 2 and "--format xlsx needs openpyxl: pip install 'vmgraph[fleet]'" in result.stderr


def test_a_report_of_ones_own_is_read_from_its_first_sheet_with_columns(tmp_path):
    """A workbook without RVTools' vInfo sheet is a report of the admin's own: with --columns
    its first sheet is read, and the plan says so; without --columns it is one line, exit 2."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append(["VMName", "HWVersion", "NumCPU"])
    sheet.append(["a", "vmx-19", 2])
    sheet.append(["b", "vmx-21", 1])
    path = tmp_path / "report.xlsx"
    book.save(path)
    asked = ["fleet", str(path), "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3"]
    found = CliRunner().invoke(app, asked + ["--columns", "name=VMName,hardware=HWVersion,cpus=NumCPU"])
    assert found.exit_code == 0, found.output
    assert "Rows: the first sheet's rows (the header is row 1)" in found.stdout
    assert "The workbook has no vInfo sheet: its first sheet, 'Report', is read with --columns." in found.stdout
    assert "a " in found.stdout and "convert to vmx-19" in found.stdout
    refused = CliRunner().invoke(app, asked)
    assert refused.exit_code == 2 and "without a vInfo sheet (sheets: 'Report')" in refused.stderr and "--columns" in refused.stderr
