"""Write rvtools-vinfo.xlsx from rvtools-vinfo.csv and rvtools-csv/RVTools_tabvHost.csv: the vInfo
and vHost sheets as RVTools' own export holds them.

    python examples/inventories/make_xlsx.py     (needs openpyxl: pip install 'vmgraph[fleet]')

Numbers are written as numbers and True/False as booleans, as in a real export (openpyxl reads
them back typed). The vHost sheet gives each host's `ESX Version`. A small vMetaData sheet (KYLOW's header list) shows that the reader
picks vInfo by name. The workbook's timestamps are fixed, so the bytes are the same every run.
"""

from __future__ import annotations

import csv
import datetime
import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
NUMBERS = {"# CPU", "Cores per CPU", "# Memory", "# VMs", "CPUs", "Memory", "NICs", "Disks", "Total disk capacity MiB", "Num Monitors", "Video Ram KiB", "Provisioned MiB", "In Use MiB"}
BOOLEANS = {"in Maintenance Mode", "Template", "SRM Placeholder", "Consolidation Needed", "Suspended To Memory", "EFI Secure boot"}
FIXED_TIME = datetime.datetime(2025, 2, 3, 12, 0, 0)


def typed(column: str, cell: str):
    if cell == "":
        return None
    if column in NUMBERS:
        return int(cell)
    if column in BOOLEANS:
        return cell == "True"
    return cell


def main() -> int:
    with open(HERE / "rvtools-vinfo.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, data = rows[0], rows[1:]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "vInfo"
    sheet.append(header)
    for row in data:
        sheet.append([typed(column, cell) for column, cell in zip(header, row)])
    with open(HERE / "rvtools-csv" / "RVTools_tabvHost.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    hosts = workbook.create_sheet("vHost")
    hosts.append(rows[0])
    for row in rows[1:]:
        hosts.append([typed(column, cell) for column, cell in zip(rows[0], row)])
    meta = workbook.create_sheet("vMetaData")
    meta.append(["RVTools major version", "RVTools version", "xlsx creation datetime", "Server"])
    meta.append([4, "4.6.1.0", "2025/02/03 12:00:00", "vcenter.ams.corp.example"])
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.save(HERE / "rvtools-vinfo.xlsx")
    print("wrote rvtools-vinfo.xlsx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
