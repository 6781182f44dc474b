"""`vmgraph inspect`: text and JSON on the examples, exit codes, one-line errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "vms"
runner = CliRunner()
VM_KEYS = {
    "name", "hardware_version", "hardware_name", "guest_os", "guest_64bit", "guest_arm", "vcpus", "smp", "memory_mb",
    "firmware", "three_d", "controllers", "disks", "nics", "snapshots", "snapshot_names", "snapshot_files", "has_snapshots", "suspended",
}
FACTS = ["name", "hardware_version", "guest_os", "vcpus", "memory_mb", "firmware", "three_d", "controllers", "disks", "nics", "snapshots", "suspended"]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def inspect_json(path):
    result = run("inspect", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_text_summary_of_a_snapshotted_efi_vm():
    result = run("inspect", EXAMPLES / "win2019-efi")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "VM: WIN2019-APP01"
    assert lines[1] == f"File: {EXAMPLES / 'win2019-efi' / 'win2019-efi.vmx'}"
    table = {line[2:19].strip(): line[20:].split("  ")[0] for line in lines[3:17] if line[2:19].strip()}
    assert table["hardware version"] == "vmx-14 (14)"
    assert table["guest OS"] == "windows2019srv-64 (64-bit)"
    assert table["vCPUs"] == "2 (SMP)"
    assert table["memory"] == "8192 MB"
    assert table["firmware"] == "efi"
    assert table["snapshots"] == '1: "Before KB5005568"'
    assert "  disks             scsi0:0 win2019-efi-000001.vmdk (persistent, default, delta)  scsi0:0.*" in lines
    assert "What it means for a move:" in lines
    assert "  - UEFI firmware needs hardware version 8 or later in vSphere. [vSphere 8.0 docs]" in lines
    assert "  - Converter does not carry snapshots over: the converted VM has none. [Converter 6.4]" in lines
    assert lines[lines.index("Sources:") + 1].startswith("  [KB 1003746] VMware KB 1003746")


def test_text_every_fact_names_where_it_came_from():
    lines = run("inspect", EXAMPLES / "ws4-undoable").stdout.splitlines()
    assert any(line.startswith("  hardware version  vmx-03 (3)") and line.endswith("virtualHW.version") for line in lines)
    assert any(line.startswith("  vCPUs             1 ") and line.endswith("(not stated: default)") for line in lines)
    assert "  NICs              ethernet0 (model not stated)                    ethernet0.*" in lines
    assert "  - Commit or discard the redo logs of its undoable or append-mode disks before exporting them. [Guide p. 7]" in lines
    assert any(line.startswith("    (inferred: No source states how virtualHW.version maps") for line in lines)


def test_text_of_a_suspended_3d_vm():
    text = run("inspect", EXAMPLES / "ubuntu-suspended" / "ubuntu-suspended.vmx").stdout
    assert "  suspended         yes" in text and "checkpoint.vmState, ubuntu-suspended-8f2c1a7e.vmss" in text
    assert "  - Power the VM off before converting it with Converter. [Converter 6.4]" in text
    assert "Guide p." not in text  # hardware version 19: none of the guide's products runs it


def test_text_transcodes_and_unescapes():
    result = run("inspect", EXAMPLES / "ws55-1252")
    assert result.stdout.splitlines()[0] == 'VM: Buchhaltung "Café Müller"'


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_json_schema_on_every_example(example):
    data = inspect_json(EXAMPLES / example)
    assert list(data) == ["schema", "file", "vm", "sources", "defaults", "implications", "notes", "references"]
    assert data["schema"] == 1 and data["file"].endswith(".vmx")
    assert set(data["vm"]) == VM_KEYS
    assert list(data["sources"]) == FACTS
    assert set(data["defaults"]) <= set(FACTS)
    for item in data["implications"]:
        assert set(item) == {"about", "text", "source", "inferred", "min_hardware"}
        assert item["about"] in FACTS and item["source"] in data["references"]
    assert all(set(ref) == {"title", "url"} for ref in data["references"].values())
    assert data["notes"] == []


def test_json_values():
    ws55 = inspect_json(EXAMPLES / "ws55-1252")["vm"]
    assert ws55["name"] == 'Buchhaltung "Café Müller"'
    assert (ws55["hardware_version"], ws55["hardware_name"], ws55["guest_64bit"], ws55["smp"]) == (4, "vmx-04", True, True)
    assert ws55["disks"] == [{"slot": "scsi0:0", "file": "Windows Server 2003 Standard x64 Edition.vmdk", "mode": "independent-persistent", "mode_stated": True, "device_type": None, "delta": False}]
    assert ws55["nics"] == [{"slot": "ethernet0", "model": "e1000"}]
    win = inspect_json(EXAMPLES / "win2019-efi")
    assert (win["vm"]["snapshots"], win["vm"]["snapshot_names"], win["vm"]["has_snapshots"]) == (1, ["Before KB5005568"], True)
    assert win["sources"]["snapshots"] == ["win2019-efi.vmsd: snapshot.numSnapshots", "scsi0:0.fileName (delta disk)", "win2019-efi-Snapshot1.vmsn"]
    assert max(i["min_hardware"] or 0 for i in win["implications"]) == 10  # the SATA controller
    ubuntu = inspect_json(EXAMPLES / "ubuntu-suspended")
    assert ubuntu["vm"]["suspended"] is True and ubuntu["vm"]["three_d"] is True and ubuntu["defaults"] == ["firmware"]


def test_output_is_deterministic_across_processes(tmp_path):
    outputs = set()
    for seed in ("0", "1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        result = subprocess.run(
            [sys.executable, "-m", "vmgraph", "inspect", str(EXAMPLES / "win2019-efi"), "--format", "json"],
            capture_output=True, env=env, cwd=tmp_path, check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_inspect_imports_neither_networkx_nor_matplotlib():
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['vmgraph', 'inspect', {str(EXAMPLES / 'win2019-efi')!r}]\n"
        "try:\n    runpy.run_module('vmgraph', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('networkx' in sys.modules, 'matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.splitlines()[-1] == "False False"


def _bad_vm(tmp_path, content: bytes, name="vm.vmx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda t: t / "nope", "{t}/nope: no such file or folder"),
        (lambda t: t, "{t}: no .vmx file in this folder"),
        (lambda t: (_bad_vm(t, b""), _bad_vm(t, b"", "other.vmx"), t)[-1], "{t}: 2 .vmx files in this folder (other.vmx, vm.vmx); name one"),
        (lambda t: _bad_vm(t, b'config.version = "8"\nmemsize 256\n'), '{t}/vm.vmx:2: expected key = "value", found "memsize 256"'),
        (lambda t: _bad_vm(t, b'displayName = "unterminated\n'), "{t}/vm.vmx:1: displayName: the value has no closing quote (a value cannot span lines)"),
        (lambda t: _bad_vm(t, b'numvcpus = "many"\n'), '{t}/vm.vmx:1: numvcpus = "many": expected a whole number of at least 1'),
        (lambda t: _bad_vm(t, b'.encoding = "klingon"\n'), '{t}/vm.vmx:1: .encoding = "klingon": unknown character set'),
        (lambda t: _bad_vm(t, b"\x7fELF\x02\x01\x01\x00\x00"), "{t}/vm.vmx: a binary file (it holds NUL bytes), not a VM configuration file"),
        (lambda t: _bad_vm(t, b"# x\n" * 300_000), "{t}/vm.vmx: larger than 1 MiB: too big for a VM configuration file, not read"),
        (lambda t: (_bad_vm(t, b'virtualHW.version = "7"\n'), _bad_vm(t, b'snapshot.numSnapshots = "x"\n', "vm.vmsd"))[0], '{t}/vm.vmsd:1: snapshot.numSnapshots = "x": expected a whole number'),
    ],
    ids=["missing", "no-vmx", "several-vmx", "malformed", "unterminated", "bad-number", "encoding", "binary", "huge", "bad-vmsd"],
)
def test_error_is_one_line_and_exit_2(tmp_path, make, message):
    result = run("inspect", make(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"vmgraph: error: {message.format(t=tmp_path)}\n"


def test_error_bad_format_option():
    result = run("inspect", EXAMPLES / "win2019-efi", "--format", "markdown")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["vmgraph: error: Invalid value for '--format': 'markdown' is not one of 'text', 'json'."]


def test_error_missing_path():
    result = run("inspect")
    assert result.exit_code == 2 and result.stderr.splitlines() == ["vmgraph: error: Missing argument 'PATH'."]


def test_help_has_an_example():
    result = run("inspect", "--help")
    assert result.exit_code == 0 and "Example" in result.stdout and "vmgraph inspect examples/vms/win2019-efi" in result.stdout


def test_docs_document_inspect_and_its_json():
    readme = (ROOT / "README.md").read_text()
    assert "vmgraph inspect" in readme and "examples/vms/" in readme
    page = (ROOT / "docs" / "inspect.md").read_text()
    assert "vmgraph inspect" in page and "examples/vms/" in page
    for key in ["schema", "implications", "references", "min_hardware", *VM_KEYS]:
        assert f"`{key}`" in page, key
