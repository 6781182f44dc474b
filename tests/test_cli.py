"""The command line: exit codes, the JSON contract, one-line errors, every command."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
TAGS = {"copy", "export", "import", "legacy", "one-way", "conditional", "prepare"}


def run(*args):
    return runner.invoke(app, list(args))


def test_route_found_prints_a_runbook():
    result = run("route", "GSX Server 1", "Workstation 5")
    assert result.exit_code == 0
    assert result.stdout.startswith("Route: GSX Server 1 (generation 2) -> Workstation 5.0 (generation 4 (vmx-03), created under GSX Server 3)\n")
    assert "  1. GSX Server 1 (generation 2) -> GSX Server 3 (generation 4 (vmx-03))  [copy, one-way]  POINT OF NO RETURN" in result.stdout
    assert "Summary: 2 moves; 1 one-way step (step 1); 0 exports, 0 imports; 0 conditional steps; cost 12.5" in result.stdout


def test_route_not_found_says_why_and_exits_1():
    result = run("route", "ws3", "ws5", "--reversible")
    assert result.exit_code == 1
    assert "Why: vmgraph's rules allow routes" in result.stdout
    assert "vmgraph suggests (each command gives a route):\n  - drop --reversible: a route exists if one-way upgrades of the virtual hardware are allowed" in result.stdout
    assert "    vmgraph route 'Workstation 3' 'Workstation 5'\n" in result.stdout


def test_route_refused_by_the_guide_gives_its_advice():
    result = run("route", "Workstation 5.0", "ws4")
    assert result.exit_code == 1
    assert "The guide says:\n  - Moving native generation 5 VMs to a generation 4 product is not supported. (Generation 5 to Generation 4, p. 17)" in result.stdout
    assert "Instead: Workstation 5 can create a legacy (generation 4) VM, for use on most generation 4 products." in result.stdout
    assert "--hardware 4: a route exists for a VM with generation 4 hardware (created as a legacy VM under Workstation 5.0)" in result.stdout
    assert "    vmgraph route 'Workstation 5.0' 'Workstation 4' --hardware 4\n" in result.stdout


def test_route_json_contract():
    result = run("route", "ws4", "esx2-smp", "--format", "json", "--alternatives", "2", "--snapshot")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"found", "source", "target", "steps", "moves", "cost", "warnings", "readings", "alternatives"} <= set(data)
    assert data["found"] is True
    assert data["source"] == {"product": "Workstation 4", "hardware": 4, "hardware_name": "generation 4 (vmx-03)", "hardware_version": 3, "created_under": "Workstation 4"}
    assert data["target"] == {"product": "ESX Server 2 with Virtual SMP", "hardware": 4, "hardware_name": "generation 4 (vmx-03)", "hardware_version": 3, "created_under": "Workstation 4"}
    for step in data["steps"]:
        assert {"from", "to", "tags", "instructions", "conditions", "reference"} <= set(step)
        assert set(step["tags"]) <= TAGS
        assert set(step["reference"]) == {"section", "page", "url", "title"}
    assert data["steps"][0]["tags"] == ["prepare"]
    assert data["steps"][1]["tags"] == ["import", "conditional"]
    assert data["moves"] == 1
    assert data["alternatives"] == [] and data["alternatives_asked"] == 2, "other ways only add hops that change nothing"
    others = json.loads(run("route", "gsx1", "ws5", "--format", "json", "--alternatives", "2").stdout)["alternatives"]
    assert len(others) == 2 and all(set(alt) >= {"found", "steps", "cost"} for alt in others)


def test_route_json_when_not_found():
    result = run("route", "ace", "ws4", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["found"] is False and data["steps"] == []
    assert data["target"] == {"product": "Workstation 4", "hardware": None, "hardware_name": None, "hardware_version": None, "created_under": None}
    assert "ACE" in data["reason"]
    assert data["relaxations"] == []


def test_route_json_relaxations():
    data = json.loads(run("route", "ws4", "esx2-smp", "--strict", "--format", "json").stdout)
    assert [r["change"] for r in data["relaxations"]][:1] == ["drop --strict"]
    assert {"option", "change", "description", "moves", "cost"} <= set(data["relaxations"][0])


def test_route_markdown_is_a_checklist():
    result = run("route", "esx2", "ws5", "--disk-mode", "undoable", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## Move a VM: ESX Server 2 (generation 4 (vmx-03)) → Workstation 5.0 (generation 4 (vmx-03), created under ESX Server 2)")
    assert "- [ ] **1. ESX Server 2 (generation 4 (vmx-03))** `prepare`" in result.stdout
    assert "- [ ] **2. ESX Server 2 (generation 4 (vmx-03)) → Workstation 5.0 (generation 4 (vmx-03), created under ESX Server 2)** `export` `legacy`" in result.stdout


def test_route_output_is_deterministic():
    outputs = {run("route", "gsx1", "ws5", "--alternatives", "3", "--format", "json").stdout for _ in range(3)}
    assert len(outputs) == 1


def test_route_options_reach_the_planner():
    result = run("route", "ws5.5", "ws4", "--hardware", "4", "--max-moves", "1", "--avoid", "legacy", "--weight", "copy=2", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["cost"] == 2.0
    assert run("route", "gsx1", "ws5", "--via", "ws3", "--format", "json").stdout.count('"product": "Workstation 3"') >= 1


@pytest.mark.parametrize(
    "args,message",
    [
        (("route", "ws99", "ws5"), "vmgraph: error: unknown product 'ws99'; did you mean 'Workstation 9'?"),
        (("route", "ws4", "ws5", "--format", "xml"), "vmgraph: error: Invalid value for '--format': 'xml' is not one of 'text', 'json', 'markdown', 'mermaid', 'dot', 'html'."),
        (("route", "ws4", "ws5", "--hardware", "23"), "vmgraph: error: --hardware 23: 23 is neither a generation (2-5) nor a hardware version vmgraph knows (6-22; write vmx-3 or vmx-4 for those)"),
        (("route", "ws4", "ws5", "--hardware", "five"), "vmgraph: error: --hardware five: expected a hardware version (vmx-04, hw13, version 13, 'ESXi 6.5 and later'; a bare 13 on today's products) or a generation of the 2005 guide (gen4; a bare 4 on its products)"),
        (("route", "ws4", "ws5", "--weight", "one-way"), "vmgraph: error: --weight one-way: expected TAG=NUMBER, e.g. one-way=20"),
        (("route", "ws4", "ws5", "--avoid", "fast"), "vmgraph: error: --avoid fast: expected one of copy, export, import, legacy, convert, one-way, conditional"),
        (("route", "ws4", "ws5", "--disk-mode", "sticky"), "vmgraph: error: Invalid value for '--disk-mode': 'sticky' is not one of 'persistent', 'nonpersistent', 'undoable', 'append'."),
        (("route", "ws4", "ws5", "--bogus"), "vmgraph: error: No such option: --bogus"),
        (("route", "ws4"), "vmgraph: error: Missing argument 'TARGET'."),
        (("matrix", "--products", "ws4,nothing"), "vmgraph: error: unknown product 'nothing'; see 'vmgraph products'"),
        (("products", "--no-default-rules"), "vmgraph: error: --no-default-rules needs at least one --rules PATH"),
    ],
    ids=["unknown-product", "format", "hardware-range", "hardware-type", "weight", "avoid", "disk-mode", "option", "argument", "matrix-products", "no-rules"],
)
def test_error_usage_is_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == message
    assert "Traceback" not in result.stderr


def test_error_invalid_site_rules_stop_the_command(tmp_path):
    bad = tmp_path / "site.toml"
    bad.write_text('schema = 1\n[[product]]\nname = "X"\n')
    result = run("route", "ws4", "ws5", "--rules", str(bad))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"vmgraph: error: invalid rule pack (3 problems); the first: {bad}:2: product 'X': field 'generation': missing required field;"
        f" to list them all: vmgraph rules check {bad}"
    ]


def test_rules_check_valid_and_invalid(tmp_path):
    ok = run("rules", "check")
    assert ok.exit_code == 0 and ok.stdout.startswith("ok: 11 files, 81 products")
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = 1\n[[move]]\nfrom = ['ws4']\n")
    result = run("rules", "check", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: move #1: field 'from': unknown product 'ws4'" in result.stderr


def test_products_text_and_json():
    text = run("products").stdout
    assert text.splitlines()[0].split() == ["PRODUCT", "GEN", "FAMILY", "CREATES", "VMS", "RUNS", "HW", "ALIASES"]
    assert "  Workstation 5 (also ws5, ws 5): Workstation 5.0, Workstation 5.5" in text
    items = json.loads(run("products", "--format", "json").stdout)
    assert {"name": "VMware Player", "generation": 5}.items() <= next(i for i in items if i["name"] == "VMware Player").items()
    assert all({"name", "generation", "family", "aliases"} <= set(item) for item in items)


def test_matrix_formats():
    data = json.loads(run("matrix", "--products", "ws3,gsx2,esx1.5", "--format", "json").stdout)
    assert data["products"] == ["ESX Server 1.5", "GSX Server 2", "Workstation 3"]
    cell = next(c for c in data["cells"] if c["from"] == "ESX Server 1.5" and c["to"] == "Workstation 3")
    assert (cell["supported"], cell["text"]) == (True, "Export virtual disks")
    markdown = run("matrix", "--products", "ws5", "--format", "markdown").stdout
    assert markdown.splitlines()[0] == "| Created under \\ Moved to | Workstation 5.0 | Workstation 5.5 |"
    text = run("matrix", "--products", "esx2-smp,ws4").stdout
    assert "Created under ESX Server 2 with Virtual SMP:" in text and "Not supported" in text


def test_products_all_names_every_product_the_guides_and_todays():
    everything = json.loads(run("products", "--format", "json").stdout)
    data = json.loads(run("matrix", "--products", "all", "--format", "json").stdout)
    assert data["products"] == [item["name"] for item in everything]
    assert {"Workstation 4", "ESXi 9.0", "Fusion 13.5"} <= set(data["products"])
    assert json.loads(run("matrix", "--products", " ALL ", "--format", "json").stdout)["products"] == data["products"]
    assert json.loads(run("matrix", "--format", "json").stdout)["products"] != data["products"]  # the default: the guide's
    assert "all: every product" in " ".join(run("draw", "--help").stdout.split())


def test_matrix_generations_summary():
    text = run("matrix", "--generations").stdout
    import re

    assert re.split(r"\s{2,}", text.splitlines()[1]) == ["Generation 5", "Easy in most cases", "Special steps needed", "Not supported", "Not supported"]
    data = json.loads(run("matrix", "--generations", "--format", "json").stdout)
    assert {"from": 2, "to": 3, "text": "Varies", "guide": "Varies", "departs_from_guide": None} in data["cells"]


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_matrix_generations_marks_where_vmgraph_departs_from_the_guides_summary(output_format):
    output = run("matrix", "--generations", "--format", output_format).stdout
    if output_format == "json":
        departures = [c for c in json.loads(output)["cells"] if c["departs_from_guide"]]
        assert [(c["from"], c["to"], c["text"], c["guide"]) for c in departures] == [(4, 3, "Not supported", "Special steps needed in most cases")]
        assert "p. 23" in departures[0]["departs_from_guide"]
        return
    assert output.count(" *") == 1 and "Not supported *" in output
    note = next(line for line in output.splitlines() if "vmgraph departs from the guide here" in line)
    assert "Generation 4 -> 3" in note and "'Special steps needed in most cases'" in note and "p. 23" in note


def test_bare_vmgraph_prints_help():
    result = run()
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ") and result.stderr == ""


COMMANDS = ["route", "products", "matrix", "environment", "draw", "hardware", "export", "rules check", "inspect", "fleet"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example_to_copy_as_it_is(command):
    """Each command's help shows examples whole, one to a line, however narrow the terminal."""
    import inspect as source_of

    from vmgraph.cli.app import app as application
    from typer.main import get_command

    group = get_command(application)
    for word in command.split():
        group = group.get_command(None, word)
    doc = source_of.cleandoc(group.callback.__doc__)
    examples = [line.strip() for line in doc[doc.index("Example"):].splitlines() if line.strip().startswith("vmgraph ")]
    assert examples, f"vmgraph {command} --help has no example"
    narrow = CliRunner().invoke(app, [*command.split(), "--help"], terminal_width=40, env={"COLUMNS": "40"})
    assert narrow.exit_code == 0 and "Example" in narrow.stdout
    shown = [line.strip() for line in narrow.stdout.splitlines()]
    for example in examples:
        assert example in shown, f"{example!r} is rewrapped in a 40-column terminal"


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text()
    documented = readme + "".join(page.read_text() for page in sorted((ROOT / "docs").glob("*.md")))
    for command in COMMANDS:
        assert f"vmgraph {command}" in documented


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text()
    ci_command = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert f"```sh\n{ci_command}\n```" in readme


def test_same_bytes_across_processes(tmp_path):
    """Hash randomisation must not leak into any output."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("0", "1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        result = subprocess.run(
            [sys.executable, "-m", "vmgraph", "route", "ws3", "esx2-smp", "--snapshot", "--alternatives", "3", "--format", "json"],
            capture_output=True, env=env, cwd=tmp_path, check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_heavy_modules_stay_out_of_the_fast_paths():
    """The core never imports matplotlib; `vmgraph --help` does not even import networkx."""
    import subprocess
    import sys

    probe = (
        "import sys, runpy\n"
        "sys.argv = ['vmgraph', '--help']\n"
        "try:\n    runpy.run_module('vmgraph', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('networkx' in sys.modules, 'matplotlib' in sys.modules)\n"
        "import vmgraph.planning.planner, vmgraph.overview.environment, vmgraph.overview.matrix, vmgraph.render.routes, vmgraph.render.exports\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.splitlines()[-2:] == ["False False", "False"]
    route = probe.replace("'--help'", "'route', 'gsx1', 'ws5'").split("import vmgraph.planning.planner")[0]
    result = subprocess.run([sys.executable, "-c", route], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.splitlines()[-1] == "False False", "a route is a lazy search: networkx only ranks --alternatives"


# -- hostile input: one line on stderr, the documented exit code, never a traceback or a hang


def one_line_error(result, code=2):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("vmgraph: error: "), result.stderr
    return lines[0]


def test_error_rules_nested_too_deep(tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text("schema = 1\nx = " + "[" * 600 + "]" * 600 + "\n")
    line = one_line_error(run("route", "ws4", "ws5", "--rules", str(deep)))
    assert line == f"vmgraph: error: invalid rule pack (1 problem); the first: {deep}: arrays or tables nested too deeply to read (rule data nests a few levels at most); to list them all: vmgraph rules check {deep}"
    listed = run("rules", "check", str(deep))
    assert listed.exit_code == 1 and "nested too deeply" in listed.stderr and "Traceback" not in listed.stderr


def test_error_fifo_among_the_rules_does_not_hang(tmp_path):
    import os

    os.mkfifo(tmp_path / "site.toml")
    line = one_line_error(run("products", "--rules", str(tmp_path)))
    assert line == f"vmgraph: error: {tmp_path / 'site.toml'}: not a regular file (a FIFO); a rule file is a regular file"
    assert one_line_error(run("route", "ws4", "ws5", "--rules", "/dev/null")) == "vmgraph: error: /dev/null: not a regular file or folder (a character device)"


def test_invalid_pack_is_one_line_with_the_command_that_lists_all(tmp_path):
    bad = tmp_path / "my site.toml"
    bad.write_text("schema = 1\n" + "".join(f'[[move]]\nfrom = ["Nope{i}"]\nto = ["ws4"]\ntransfer = "copy"\nsource = {{ section = "S", page = 1 }}\n' for i in range(40)))
    line = one_line_error(run("matrix", "--no-default-rules", "--rules", str(bad)))
    assert line.startswith("vmgraph: error: invalid rule pack (") and line.endswith(f"; to list them all: vmgraph rules check --no-default-rules '{bad}'")
    listed = run("rules", "check", "--no-default-rules", str(bad))
    assert listed.exit_code == 1 and len(listed.stderr.splitlines()) > 40


@pytest.mark.parametrize(
    "args,message",
    [
        (("route", "ws4", "ws5", "--format", "json", "--draw", "x.jpg"), "--draw x.jpg: unknown format '.jpg' (expected .png, .svg or .pdf)"),
        (("route", "ws5", "ws3", "--draw", "nonexist/r.png"), "--draw nonexist/r.png: no such folder 'nonexist'"),
        (("route", "ws4", "ws5", "--weight", "one-way=1e400"), "--weight one-way=1e400: a weight is a number from 0 to 1000000"),
        (("route", "ws4", "ws5", "--weight", "copy=nan"), "--weight copy=nan: a weight is a number from 0 to 1000000"),
        (("route", "ws4", "ws5", "--weight", "copy=-0.5"), "--weight copy=-0.5: a weight is a number from 0 to 1000000"),
        (("route", "ws4", "ws5", "--weight", "speed=1"), "--weight speed=1: unknown tag (expected one of prepare, copy, export, import, legacy, convert, one-way, conditional)"),
        (("route", "ws4", "ws5", "--weight", "copy=1", "--weight", "COPY=2"), "--weight COPY=2: 'copy' is weighted twice"),
        (("route", "ws4", "ws5", "--max-moves", "0"), "--max-moves 0: must be 1 or more"),
        (("route", "ws4", "ws5", "--alternatives", "-1"), "--alternatives -1: must be 0 or more"),
        (("route", "ws4", "ws5", "--smp"), "--smp: Workstation 4 with generation 4 hardware does not run such a VM (only ESX Server 2 with Virtual SMP, Workstation 5.5 do, with their own hardware generation)"),
        (("route", "ws4", "ws5", "--via", "ws44"), "unknown product 'ws44'; did you mean 'Workstation 4', 'Workstation 14' or 'Workstation Player 14'?"),
        (("matrix", "--generations", "--products", "ws4"), "--generations summarises every product by generation: it takes neither --products nor --multi-hop"),
        (("matrix", "--generations", "--multi-hop"), "--generations summarises every product by generation: it takes neither --products nor --multi-hop"),
        (("matrix", "--products", ""), "--products: name at least one product"),
        (("matrix", "--products", ","), "--products: name at least one product"),
        (("export", "dot", "--products", ""), "--products: name at least one product"),
        (("draw", "g.png", "--generations", ""), "--generations: name at least one generation, e.g. 3,4"),
        (("route", "ws\x1b4", "ws5"), "unknown product 'ws\\x1b4'; did you mean 'Workstation 4', 'Workstation 14' or 'Workstation Player 14'?"),
        (("rules", "check", "nowhere.toml"), "nowhere.toml: no such file or folder"),
        (("rules", "check", "--no-default-rules"), "--no-default-rules needs at least one PATH to check"),
        (("rules", "check", "/dev/null"), "/dev/null: not a regular file or folder (a character device)"),
    ],
    ids=[
        "draw-format-first", "draw-folder-first", "weight-overflow", "weight-nan", "weight-negative", "weight-tag", "weight-twice",
        "max-moves", "alternatives", "smp", "via-unknown", "generations-products", "generations-multi-hop", "products-empty",
        "products-comma", "export-products-empty", "draw-generations-empty", "name-escape", "check-missing", "check-nothing", "check-device",
    ],
)
def test_error_usage_in_the_clis_words(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert one_line_error(result) == f"vmgraph: error: {message}"
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_error_unknown_product_is_short_and_escaped():
    line = one_line_error(run("route", "\x1b[31m" + "x" * 100_000, "ws5"))
    assert len(line) < 300 and "\x1b" not in line and "\\x1b[31m" in line and "(100005 characters)" in line


def test_tags_ignore_case():
    assert run("route", "gsx1", "ws5", "--avoid", "LEGACY", "--weight", "One-Way=20", "--format", "json").exit_code == 0
    lower = run("route", "gsx1", "ws5", "--avoid", "legacy", "--weight", "one-way=20", "--format", "json")
    assert run("route", "gsx1", "ws5", "--avoid", "LEGACY", "--weight", "One-Way=20", "--format", "json").stdout == lower.stdout


def test_route_json_stays_valid_at_the_largest_weights():
    weights = [f"--weight={tag}=1000000" for tag in sorted(TAGS)]
    result = run("route", "gsx1", "esx2-smp", "--snapshot", "--alternatives", "3", "--format", "json", *weights)
    assert result.exit_code == 0
    data = json.loads(result.stdout, parse_constant=lambda word: pytest.fail(f"{word} in JSON"))
    assert data["cost"] > 1_000_000


def test_via_is_repeatable():
    result = run("route", "gsx1", "ws5", "--via", "ws3", "--via", "Workstation 3", "--format", "json")
    assert result.exit_code == 0 and '"product": "Workstation 3"' in result.stdout


def test_rules_check_exit_codes(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = 1\n[[move]]\nfrom = ['ws4']\n")
    assert run("rules", "check").exit_code == 0
    assert run("rules", "check", str(bad)).exit_code == 1  # the pack has problems
    assert run("rules", "check", str(tmp_path / "missing.toml")).exit_code == 2  # usage: nothing there
    assert run("rules", "check", "--no-default-rules").exit_code == 2


def test_version_and_short_help():
    from vmgraph import __version__

    version = run("--version")
    assert version.exit_code == 0 and version.stdout == f"vmgraph {__version__}\n"
    for args in (("-h",), ("route", "-h"), ("rules", "check", "-h")):
        result = run(*args)
        assert result.exit_code == 0 and result.stdout.startswith("Usage: ")


def test_interrupt_exits_130_without_a_traceback(monkeypatch):
    import vmgraph.planning.planner

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(vmgraph.planning.planner, "plan", interrupted)
    result = run("route", "ws4", "ws5")
    assert result.exit_code == 130 and "Traceback" not in result.stderr


def test_closed_stdout_exits_141_silently(tmp_path):
    """`vmgraph route ... | true`: exit as Unix filters do on SIGPIPE, not 1 ("no route")."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for args in (["route", "gsx1", "ws5"], ["export", "json"]):
        child = subprocess.Popen([sys.executable, "-m", "vmgraph", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
        child.stdout.close()  # the reader is gone before vmgraph writes
        stderr = child.stderr.read()
        assert child.wait(timeout=60) == 141
        assert stderr == b""


def test_error_line_escapes_paths_too(tmp_path):
    folder = tmp_path / "new\nline"
    folder.mkdir()
    (folder / "site.toml").write_text("schema = 1\n[[move]]\n")
    line = one_line_error(run("route", "ws4", "ws5", "--rules", str(folder)))
    assert f"{tmp_path}/new\\nline/site.toml:2: move #1" in line
