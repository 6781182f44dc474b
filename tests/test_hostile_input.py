"""Hostile input, second round (issue 22): bounded work before parsing, one line and the documented
exit code for every failure, through a real process where the process boundary is what fails
(a full disk behind stdout, Ctrl-C at start-up)."""

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

import vmgraph
from vmgraph.cli.app import app
from vmgraph.errors import InvalidArgumentType, RuleError, VmxError
from vmgraph.pack.sources import load_rules

from contract import one_line, within_memory

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


# -- rule files: bounds checked before the TOML reader sees the text


def test_a_long_dotted_key_is_refused_before_parsing_in_bounded_time_and_memory(tmp_path):
    path = tmp_path / "dotted.toml"
    path.write_text("schema = 1\n" + ".".join(["a"] * 100_000) + " = 1\n")  # 200 KB: Python's reader is quadratic here
    result = subprocess.run(
        [sys.executable, "-m", "vmgraph", "rules", "check", str(path)], capture_output=True, text=True, timeout=60,
        preexec_fn=within_memory(1024), env={**os.environ, "PYTHONPATH": str(ROOT), "VMGRAPH_NO_CACHE": "1"},
    )
    assert result.returncode == 1, result.stderr
    assert f"{path}:2: line longer than 10,000 characters" in result.stderr


def site_pack(products: int) -> str:
    """A site's pack of today's hosts in one group whose move joins the group to itself."""
    source = 'source = { url = "https://example.com/site", title = "Site inventory" }'
    lines = ["schema = 1"]
    for index in range(products):
        lines += ["[[product]]", f'name = "Site Host {index:05d}"', 'hardware = "vmx-19"', 'family = "ESXi"',
                  'floor = { hardware = "vmx-04", source = { url = "https://example.com/site", title = "Site" } }', source]
    lines += ["[[group]]", 'name = "Site hosts"', "members = ["] + [f'  "Site Host {i:05d}",' for i in range(products)] + ["]", source]
    lines += ["[[move]]", 'from = ["Site hosts"]', 'to = ["Site hosts"]', 'by = "hardware"', 'transfer = "copy"', source]
    return "\n".join(lines) + "\n"


def test_a_group_of_thousands_moving_to_itself_is_one_problem_in_bounded_time_and_memory(tmp_path):
    """5,000 products joined to each other would be 25 million moves (gigabytes, minutes): the
    pairs an entry joins are counted before any is made."""
    path = tmp_path / "site.toml"
    path.write_text(site_pack(5000))
    result = subprocess.run(
        [sys.executable, "-m", "vmgraph", "rules", "check", str(path)], capture_output=True, text=True, timeout=60,
        preexec_fn=within_memory(1024), env={**os.environ, "PYTHONPATH": str(ROOT), "VMGRAPH_NO_CACHE": "1"},
    )
    assert result.returncode == 1, result.stderr
    assert "move #1: field 'to': joins 5,000 x 5,000 products (25,000,000 pairs)" in result.stderr
    assert "past the 200,000 pairs" in result.stderr and "Traceback" not in result.stderr


def test_a_site_group_within_the_bound_still_loads(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(site_pack(300))
    pack = load_rules([path])
    assert sum(rule.source.startswith("Site Host") and rule.target.startswith("Site Host") for rule in pack.moves) == 300 * 299


def test_a_deep_dotted_key_within_the_line_bound_names_its_bound(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("schema = 1\n[" + ".".join(["a"] * 40) + "]\n")
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    assert f"{path}:2: a key of 40 dotted parts: at most 32 are read" in str(caught.value)


def test_dots_inside_quoted_key_parts_do_not_count(tmp_path):
    from vmgraph.pack.loader.files import beyond_bounds

    assert beyond_bounds('"' + "." * 100 + '" = 1\nsource = { url = "https://a.b.c.d.e/f.g.h" }\n') is None


def test_a_number_past_pythons_digit_limit_is_a_rule_problem(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text('schema = 1\n[[product]]\nname = "X"\ngeneration = ' + "9" * 5000 + "\n")
    result = runner.invoke(app, ["rules", "check", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{path}: a number too long to read" in result.stderr


# -- the library's arguments


def test_a_weight_past_the_largest_float_is_a_value_error():
    with pytest.raises(ValueError, match="a weight is a number from 0 to"):
        vmgraph.plan("ws4", "ws5", weights={"copy": 10**400})


@pytest.mark.parametrize("path", [0, 3, True, None, b"vm.vmx"])
def test_read_vmx_takes_a_path_not_a_file_descriptor(path):
    with pytest.raises(InvalidArgumentType, match="a .vmx file's path"):
        vmgraph.read_vmx(path)


def test_the_public_api_reads_vm_files_after_a_plain_import():
    config = vmgraph.read_vmx(ROOT / "examples" / "vms" / "win2019-efi" / "win2019-efi.vmx")
    assert config.text("virtualHW.version")
    assert vmgraph.read_vm(ROOT / "examples" / "vms" / "win2019-efi").hardware_version == int(config.text("virtualHW.version"))


# -- VM files


def test_a_hardware_version_of_thousands_of_digits_is_one_line(tmp_path):
    (tmp_path / "vm.vmx").write_text('config.version = "8"\nvirtualHW.version = "' + "1" * 5000 + '"\n')
    assert "virtualHW.version" in one_line(runner.invoke(app, ["inspect", str(tmp_path)]))


def test_an_encoding_that_is_no_character_set_is_one_line(tmp_path):
    (tmp_path / "vm.vmx").write_bytes(b'.encoding = "idna"\nconfig.version = "8"\ndisplayName = "vm.xn--zz"\n')  # a label that is no punycode: a UnicodeError
    with pytest.raises(VmxError):
        vmgraph.read_vmx(tmp_path / "vm.vmx")
    one_line(runner.invoke(app, ["inspect", str(tmp_path / "vm.vmx")]))


@pytest.mark.parametrize("args", [["inspect", "{fifo}"], ["route", "--vmx", "{fifo}", "ws5", "--from", "ws4"]], ids=["inspect", "route --vmx"])
def test_a_fifo_named_as_a_vm_is_refused_not_waited_on(tmp_path, args):
    fifo = tmp_path / "vm.vmx"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "vmgraph", *[a.format(fifo=fifo) for a in args]], capture_output=True, text=True, timeout=30,
        env={**os.environ, "PYTHONPATH": str(ROOT), "VMGRAPH_NO_CACHE": "1"}, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr


def test_a_symbolic_link_loop_is_named_as_such(tmp_path):
    loop = tmp_path / "loop.vmx"
    loop.symlink_to(loop)
    assert one_line(runner.invoke(app, ["inspect", str(loop)])).endswith("a loop of symbolic links")


# -- paths checked before any work


def test_matrix_checks_the_drawing_path_before_printing_the_table(tmp_path):
    result = runner.invoke(app, ["matrix", "--generations", "--draw", str(tmp_path / "x.jpg")])
    assert "unknown format '.jpg'" in one_line(result) and result.stdout == ""


def test_a_drawing_name_past_the_file_systems_limit_is_one_line(tmp_path):
    result = runner.invoke(app, ["route", "ws4", "ws5", "--draw", str(tmp_path / ("a" * 300 + ".png"))])
    assert "a file name longer than" in one_line(result) and result.stdout == ""


# -- what a process meets at its edges


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["route", "ws4", "ws5"], ["route", "ws4", "ws5", "--format", "json"], ["products"]])
def test_output_to_a_full_disk_is_one_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "vmgraph", *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT), "VMGRAPH_NO_CACHE": "1"},
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr == "vmgraph: error: cannot write the output (No space left on device)\n"


def test_ctrl_c_during_start_up_exits_130_without_a_traceback(monkeypatch):
    from vmgraph.cli import launch

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "vmgraph.cli.app", types.SimpleNamespace(main=interrupted))
    with pytest.raises(SystemExit) as caught:
        launch.main()
    assert caught.value.code == 130


def test_json_is_valid_utf8_when_a_path_holds_an_undecodable_byte(tmp_path):
    import json
    import shutil

    folder = Path(os.fsdecode(bytes(tmp_path) + b"/d\xff"))
    shutil.copytree(ROOT / "examples" / "vms" / "win2019-efi", folder / "vm")
    result = subprocess.run(
        [sys.executable, "-m", "vmgraph", "inspect", str(folder / "vm"), "--format", "json"], capture_output=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "VMGRAPH_NO_CACHE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "d\ufffd" in json.loads(result.stdout.decode("utf-8"))["file"]


def test_a_source_url_with_a_control_character_is_a_rule_problem(tmp_path):
    path = tmp_path / "url.toml"
    path.write_text('schema = 1\n[[product]]\nname = "Lab 9"\ngeneration = 4\nfamily = "Workstation"\nsource = { url = "https://example.com/a\\u0007b", title = "T" }\n')
    with pytest.raises(RuleError, match="no spaces or control characters"):
        load_rules([path])


@pytest.mark.parametrize("args,message", [
    (["--alternatives", "11"], "--alternatives 11: at most 10"),
    (["--via", "ws5"] * 9, "at most 8 stops"),
])
def test_the_work_one_question_asks_is_bounded(args, message):
    assert message in one_line(runner.invoke(app, ["route", "ws4", "ws5", *args]))
