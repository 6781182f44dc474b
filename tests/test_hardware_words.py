"""Issue 19, section 1: a number means what VMware's own tools mean by it.

On today's products a bare number (and vmx-N, hw13, version 13, a compatibility name) is the
hardware version; on the guide's a bare number is the guide's generation; where the two
readings meet the route says which was taken, in text, JSON and Markdown. Output never writes
"hw N" for a generation: "generation 4 (vmx-03)"; a version is "vmx-04".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM
from vmgraph.vm.hardware import HARDWARE_VERSIONS, HardwareNameError, level_of_version, read_hardware

ROOT = Path(__file__).resolve().parent.parent
HW_N = re.compile(r"\bhw ?[0-9]", re.IGNORECASE)


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_bare_4_on_todays_products_is_vmx_04_and_needs_no_upgrade():
    result = run("route", "ESX 3.5", "ESXi 8.0 U2", "--hardware", "4")
    assert result.exit_code == 0
    assert result.stdout.startswith("Route: ESX 3.5 (vmx-04) -> ESXi 8.0 U2 (vmx-04)\nRead: Hardware 4 is read as hardware version 4 (vmx-04)")
    assert "POINT OF NO RETURN" not in result.stdout and "Upgrade the VM" not in result.stdout


def test_a_bare_3_on_todays_products_is_vmx_03():
    result = run("route", "ESX 3.5", "ESXi 8.0 U2", "--hardware", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Route: ESX 3.5 (vmx-03) -> ESXi 8.0 U2 (vmx-04)")
    assert "Upgrade the VM's virtual hardware from vmx-03 to vmx-04 under ESX 3.5" in result.stdout


def test_a_bare_5_on_todays_products_is_the_guides_generation_5_and_said_so():
    result = run("route", "ESX 3.5", "ESXi 8.0 U2", "--hardware", "5", "--format", "json")
    data = json.loads(result.stdout)
    assert data["source"]["hardware_version"] == 4
    assert data["readings"] == ["Hardware 5 is no hardware version (VMware skipped version 5): it is read as the 2005 guide's generation 5 (vmx-04)."]


def test_a_bare_4_on_the_guides_products_is_its_generation_4_and_said_so_in_every_format():
    text = run("route", "ws5.0", "gsx3", "--hardware", "4").stdout
    note = "Hardware 4 is read as the 2005 guide's generation 4 (vmx-03), as vmgraph reads a number for the guide's products; write vmx-04 for hardware version 4."
    assert text.splitlines()[:2] == ["Route: Workstation 5.0 (generation 4 (vmx-03)) -> GSX Server 3 (generation 4 (vmx-03), created under Workstation 5.0)", f"Read: {note}"]
    assert json.loads(run("route", "ws5.0", "gsx3", "--hardware", "4", "--format", "json").stdout)["readings"] == [note]
    markdown = run("route", "ws5.0", "gsx3", "--hardware", "4", "--format", "markdown").stdout
    assert f"**Read:** {note}" in markdown


def test_a_reading_is_said_on_a_refusal_too():
    result = run("route", "ESXi 8.0", "ESXi 7.0", "--hardware", "4", "--format", "json")
    data = json.loads(result.stdout)
    assert data["readings"][0].startswith("Hardware 4 is read as hardware version 4 (vmx-04)")
    text = run("route", "ws5.0", "ws4", "--hardware", "4").stdout
    assert "Read: Hardware 4 is read as the 2005 guide's generation 4 (vmx-03)" in text


def test_a_reading_is_said_on_a_usage_error():
    result = run("route", "ESXi 8.0", "ESXi 8.0 U2", "--hardware", "2")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "vmgraph: error: --hardware 2: ESXi 8.0 does not run generation 2 hardware (it runs vmx-04, vmx-07, vmx-08, vmx-09, vmx-10, vmx-11, "
        "vmx-13, vmx-14, vmx-15, vmx-17, vmx-18, vmx-19, vmx-20) (Hardware 2 is no hardware version (versions start at 3): it is read as the 2005 guide's generation 2.)"
    )


def test_no_reading_where_only_one_exists():
    for args in (("ESXi 8.0", "ESXi 8.0 U2", "--hardware", "13"), ("ESXi 8.0", "ESXi 8.0 U2", "--hardware", "vmx-04"), ("ws5.0", "gsx3", "--hardware", "gen4")):
        assert json.loads(run("route", *args, "--format", "json").stdout)["readings"] == []


@pytest.mark.parametrize(
    "spelling",
    ["vmx-13", "vmx_13", "VMX_13", "vmx13", "hw13", "HW 13", "hw-13", "v13", "version 13", "hardware version 13", "virtual hardware version 13", "13"],
)
def test_every_spelling_of_a_version_on_todays_products(spelling):
    result = run("route", "ESXi 8.0", "ESXi 8.0 U2", "--hardware", spelling)
    assert result.exit_code == 0 and result.stdout.startswith("Route: ESXi 8.0 (vmx-13) -> ESXi 8.0 U2 (vmx-13)")


@pytest.mark.parametrize(
    "name,version",
    [("ESXi 6.5 and later", 13), ("ESXi 6.7 Update 2 and later", 15), ("ESXi 7.0 U2 or later", 19), ("Workstation 17.x", 20), ("Workstation 16.2.x", 19), ("ESX/ESXi 3.5 and later", 4), ("ESXi 8.0 Update 2 and later", 21)],
)
def test_compatibility_names_are_the_version_they_name(name, version):
    data = json.loads(run("route", "ESXi 8.0 U2", "ESXi 8.0 U3", "--hardware", name, "--format", "json").stdout)
    assert data["source"]["hardware_version"] == version
    assert data["readings"][-1].startswith(f"Hardware '{name}' is read as the hardware ") and f"vmx-{version:02d}" in data["readings"][-1]


def test_every_bare_version_reads_as_itself_on_every_one_of_todays_products(pack):
    """Property: on each of today's products, each version it runs, typed bare, is that version."""
    for name, product in pack.products.items():
        if not product.is_today:
            continue
        for version in HARDWARE_VERSIONS:
            level = level_of_version(version)
            if product.runs_hardware(level):
                assert read_hardware(str(version), True).level == level
                found = plan(name, name, vm=VM(hardware=str(version)), pack=pack)
                assert found.found and found.source.hardware == level, (name, version)


def test_a_bare_number_on_the_guides_products_is_a_generation():
    for number in (2, 3, 4, 5):
        assert read_hardware(str(number), False).level == number
    assert read_hardware("4", False).note and read_hardware("5", False).note is None
    with pytest.raises(HardwareNameError):
        read_hardware("23", True)


def test_a_vmx_with_version_3_is_headed_generation_4_not_hw_4():
    result = run("route", "--vmx", ROOT / "examples" / "vms" / "ws4-undoable", "esx2", "--from", "ws4")
    assert result.stdout.startswith("Route: Workstation 4 (generation 4 (vmx-03)) -> ")


def test_workstation_55_is_generation_5_with_its_version():
    result = run("route", "ws5.5", "ws5.0")
    assert result.stdout.startswith("Route: Workstation 5.5 (generation 5 (vmx-04)) -> Workstation 5.0 (generation 5 (vmx-04)")


@pytest.mark.parametrize(
    "args",
    [
        ("route", "GSX Server 1", "Workstation 5"),
        ("route", "GSX Server 1", "Workstation 5", "--format", "json"),
        ("route", "GSX Server 1", "Workstation 5", "--format", "markdown"),
        ("route", "GSX Server 1", "Workstation 5", "--format", "mermaid"),
        ("route", "GSX Server 1", "Workstation 5", "--format", "dot"),
        ("route", "ws3", "esx1"),
        ("route", "GSX Server 3", "ESXi 8.0", "--alternatives", "2"),
        ("route", "ws5.5", "ESXi 8.0", "--format", "markdown"),
        ("export", "json"),
        ("export", "mermaid"),
        ("export", "dot"),
        ("products",),
        ("matrix", "--generations"),
        ("environment", "ws4", "gsx3"),
    ],
    ids=lambda args: " ".join(args),
)
def test_no_output_writes_hw_n(args):
    result = run(*args)
    assert result.exit_code in (0, 1), result.stderr
    assert not HW_N.search(result.stdout), HW_N.search(result.stdout)
