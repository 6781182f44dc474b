"""`vmgraph fleet`: a whole inventory planned, as an admin reads the work plan and a script the CSV/JSON.

The memo is checked against the planner itself: for a random sample of VMs, planning each VM on
its own (a `VM` built here from the inventory's row, not by vmgraph's fleet code) gives the plan,
the counts and the command the fleet printed for it.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.vm.hardware import level_of_version
from vmgraph.inventory import read_inventory
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "inventories"
RVTOOLS = SAMPLES / "rvtools-vinfo.csv"
PLAIN = SAMPLES / "plain.csv"
ALL_FORMATS = ["rvtools-vinfo.csv", "rvtools-vinfo.xlsx", "rvtools-dbcolumns.csv", "govc-vm-info.json", "powercli-get-vm.csv", "plain.csv"]
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def fleet_json(*args) -> dict:
    result = run("fleet", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def fleet_csv(*args) -> list[dict]:
    result = run("fleet", *args, "--format", "csv")
    assert result.exit_code in (0, 1), result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("name", ALL_FORMATS)
def test_every_sample_format_plans_every_vm(name):
    data = fleet_json(SAMPLES / name, "--from", "ESXi 8.0 U3", "--to", "Workstation 17")
    vms = sum(1 for _ in read_inventory(SAMPLES / name))
    assert data["inventory"]["vms"] == len(data["vms"]) == vms
    assert sum(group["vms"] for group in data["groups"]) == vms
    sizes = [group["vms"] for group in data["groups"]]
    assert sizes == sorted(sizes, reverse=True), "largest group first"
    asked = {q["question"]: q["vms"] for group in data["groups"] for q in group["questions"]}
    per_vm = {}
    for vm in data["vms"]:
        per_vm[vm["question"]] = per_vm.get(vm["question"], 0) + 1
    assert per_vm == asked, "each question's count is the VMs that asked it"


def test_a_newer_hardware_group_converts_down_and_the_rest_copy():
    data = fleet_json(RVTOOLS, "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3")
    plans = {group["plan"]: group for group in data["groups"]}
    assert set(plans) == {"copy to ESXi 7.0 U3", "convert to vmx-19 on ESXi 7.0 U3"}
    rows = list(csv.DictReader(RVTOOLS.open(encoding="utf-8")))
    newer = sum(1 for row in rows if int(row["HW version"].removeprefix("vmx-")) > 19)
    assert plans["convert to vmx-19 on ESXi 7.0 U3"]["vms"] == newer
    assert plans["convert to vmx-19 on ESXi 7.0 U3"]["conversions"] == 1


def test_avoiding_conversions_blocks_the_newer_hardware_with_the_fix():
    result = run("fleet", RVTOOLS, "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3", "--avoid", "convert")
    assert result.exit_code == 1, "some VM has no route"
    assert "blocked: vmx-20 hardware is newer than ESXi 7.0 U3 runs (up to vmx-19)" in result.stdout
    assert "blocked: vmx-21 hardware is newer than ESXi 7.0 U3 runs (up to vmx-19)" in result.stdout
    data = fleet_json(RVTOOLS, "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3", "--avoid", "convert")
    blocked = [q for g in data["groups"] if g["status"] == "blocked" for q in g["questions"]]
    assert blocked
    for question in blocked:
        changes = {fix["change"] for fix in question["fixes"]}
        assert "drop --avoid convert" in changes and "--hardware vmx-19" in changes
        assert any(change.startswith("target ESXi 8.0") for change in changes), "upgrade the hosts: a newer target"


def test_every_suggested_fix_is_a_command_that_gives_a_route():
    data = fleet_json(PLAIN, "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3", "--avoid", "convert")
    fixes = {fix["command"] for g in data["groups"] for q in g["questions"] for fix in q["fixes"]}
    assert fixes
    for command in sorted(fixes):
        words = shlex.split(command)
        assert words[:2] == ["vmgraph", "route"]
        result = run(*words[1:], "--format", "json")
        assert result.exit_code == 0, (command, result.output)
        assert json.loads(result.stdout)["found"] is True


def test_each_groups_command_gives_that_groups_route():
    data = fleet_json(PLAIN, "--from", "ESXi 8.0 U3", "--to", "Workstation 17")
    for group in data["groups"]:
        for question in group["questions"]:
            result = run(*shlex.split(question["command"])[1:], "--format", "json")
            route = json.loads(result.stdout)
            assert route == question["route"] | {"alternatives": [], "alternatives_asked": 0}, question["command"]
            assert route["moves"] == group["moves"]


def _own_question(row, source: str | None):
    """The VM the fleet should have asked about, built here from the row (not by vmgraph.fleet)."""
    product = row.product or source
    hardware = None if row.hardware_version is None else level_of_version(row.hardware_version)
    smp = "smp" in row.flags or (row.cpus is not None and row.cpus > 1)
    vm = VM(hardware=hardware, smp=smp, sixty_four_bit=row.guest_64bit is True, three_d="3d" in row.flags, snapshot=row.snapshots is True, suspended=row.power_state == "suspended")
    return product, vm


@pytest.mark.parametrize("seed", [3, 17])
def test_memoised_plans_equal_planning_each_vm_on_its_own(tmp_path, seed, pack):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from inventory_gen import write

    inventory = tmp_path / "vinfo.csv"
    write(inventory, 3000, seed=seed)
    target = random.Random(seed).choice(["ESXi 7.0 U3", "Workstation 17", "ESXi 6.7", "Fusion 13"])
    printed = {row["name"]: row for row in fleet_csv(inventory, "--from", "ESXi 8.0 U3", "--to", target)}
    rows = list(read_inventory(inventory))
    assert len(printed) == len(rows)
    for row in random.Random(seed).sample(rows, 40):
        product, vm = _own_question(row, "ESXi 8.0 U3")
        line = printed[row.name]
        try:
            route = plan(product, target, vm=vm, pack=pack)
        except ValueError as error:
            assert line["status"] == "blocked" and line["reason"].startswith(error.problem)
            continue
        assert line["status"] == ("blocked" if not route.found else "ready" if not route.steps else "route")
        assert int(line["moves"]) == route.moves
        assert int(line["one_way_steps"]) == route.count("one-way")
        assert int(line["conversions"]) == route.count("convert")
        assert line["inferred"] == str(any(step.inferences for step in route.steps))
        again = json.loads(run(*shlex.split(line["command"])[1:], "--format", "json").stdout)
        assert [(s["to"]["product"], s["to"]["hardware"]) for s in again["steps"]] == [(s.target.product, s.target.hardware) for s in route.steps]


def test_the_csv_has_one_row_per_vm_and_named_columns():
    from vmgraph.render.fleet import CSV_FIELDS

    result = run("fleet", RVTOOLS, "--from", "esxi8u3", "--to", "esxi7u3", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0].keys()) == CSV_FIELDS
    names = [row.name for row in read_inventory(RVTOOLS)]
    assert [row["name"] for row in rows] == names
    assert {row["product"] for row in rows} == {"ESXi 8.0 U3"}


def test_the_markdown_ticket_parses_with_one_work_plan_row_per_group():
    from test_markdown import check_tables, parse

    result = run("fleet", PLAIN, "--from", "esxi6.7", "--to", "esxi7u3", "--format", "markdown")
    parsed = parse(result.stdout)
    check_tables(parsed)
    work_plan, vms = parsed.tables
    data = fleet_json(PLAIN, "--from", "esxi6.7", "--to", "esxi7u3")
    assert [row[2] for row in work_plan[1:]] == [group["plan"] for group in data["groups"]]
    assert len(vms) - 1 == data["inventory"]["vms"]


def test_the_text_work_plan_counts_and_lists_each_vm():
    result = run("fleet", PLAIN, "--from", "ESXi 6.7", "--to", "ESXi 7.0 U3")
    assert result.exit_code == 1
    text = result.stdout
    assert text.startswith("Fleet: ")
    assert "Summary: 32 VMs: 17 with a route, 0 with nothing to do, 15 blocked" in text
    assert "blocked: ESXi 6.7 does not run vmx-20 hardware" in text
    per_vm = text.split("Per VM:\n", 1)[1].splitlines()[1:]
    assert len(per_vm) == 32
    assert per_vm[0].split()[0] == "ams-dc01"


def test_rows_that_name_their_product_need_no_from():
    data = fleet_json(PLAIN, "--to", "ESXi 7.0 U3")
    named = {vm["name"]: vm for vm in data["vms"] if vm["product"]}
    assert {vm["product"] for vm in named.values()} == {"ESX 3.0", "Workstation 9"}
    statuses = {g["status"] for g in data["groups"] for q in g["questions"] if q["question"] in {vm["question"] for vm in named.values()}}
    assert statuses == {"route"}
    blocked = [g for g in data["groups"] if g["status"] == "blocked"]
    assert len(blocked) == 1 and "--from PRODUCT" in blocked[0]["plan"]
    assert blocked[0]["vms"] == 32 - len(named)


def test_an_rvtools_inventory_needs_no_from():
    """Without a hosts table, each VM is on a vSphere host that runs its hardware: vmgraph's reading, said."""
    data = fleet_json(RVTOOLS, "--to", "ESXi 8.0 U3")
    assert data["inventory"]["vms"] == len(data["vms"]) == 32 and data["summary"]["blocked"] == 0
    assert {vm["product_from"] for vm in data["vms"]} == {"vmgraph"}
    assert data["placed"]["by_vmgraph_reading"] == 32 and data["placed"]["hosts"] is None
    text = run("fleet", RVTOOLS, "--to", "ESXi 8.0 U3").stdout
    assert "On: a vSphere host that runs its hardware (vmgraph's reading, marked *)" in text
    assert text.count("a vSphere host that runs its hardware (marked * under 'on'). That is vmgraph's reading") == 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["--from", "esxi8u3", "--to", "esxi77"], "did you mean"),
        (["--from", "ESXi 8.x", "--to", "esxi7u3"], "names several products"),
        (["--from", "esxi8u3", "--to", "esxi7u3", "--avoid", "teleport"], "--avoid"),
        (["--from", "esxi8u3", "--to", "esxi7u3", "--draw", "chart.gif"], "unknown format"),
    ],
)
def test_bad_options_get_one_line_and_exit_2(args, words):
    result = run("fleet", RVTOOLS, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_bad_row_stops_the_plan_or_is_skipped_and_counted(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,hardware,flags\nweb01,vmx-19,smp\nweb02,vmx-99x,smp\nweb03,vmx-14,\n", encoding="utf-8")
    stopped = run("fleet", bad, "--from", "esxi8u3", "--to", "esxi7u3")
    assert stopped.exit_code == 2
    assert "row 3" in stopped.stderr and "'hardware'" in stopped.stderr and stopped.stderr.count("\n") == 1
    kept = run("fleet", bad, "--from", "esxi8u3", "--to", "esxi7u3", "--keep-going")
    assert kept.exit_code == 1, "a skipped row is not a planned VM"
    assert "1 row skipped (--keep-going)" in kept.stdout
    rows = fleet_csv(bad, "--from", "esxi8u3", "--to", "esxi7u3", "--keep-going")
    assert [(row["name"], row["status"]) for row in rows] == [("web01", "route"), ("web03", "route"), ("", "skipped")]
    assert rows[-1]["row"] == "3"  # the file's line


def test_an_inventory_of_no_vms_is_an_empty_plan(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("name,hardware,flags\n", encoding="utf-8")
    result = run("fleet", empty, "--from", "esxi8u3", "--to", "esxi7u3")
    assert result.exit_code == 0
    assert "Summary: 0 VMs" in result.stdout
    assert json.loads(run("fleet", empty, "--from", "esxi8u3", "--to", "esxi7u3", "--format", "json").stdout)["vms"] == []


def test_odd_names_survive_csv_and_json(tmp_path):
    odd = tmp_path / "odd.csv"
    names = ['web, "the" one', "back\\slash", "tab\there", "üñí"]
    with odd.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "hardware", "flags"])
        writer.writerows([name, "vmx-14", ""] for name in names)
    assert [row["name"] for row in fleet_csv(odd, "--from", "esxi8u3", "--to", "esxi7u3")] == names
    assert [vm["name"] for vm in fleet_json(odd, "--from", "esxi8u3", "--to", "esxi7u3")["vms"]] == names


def test_same_question_same_bytes():
    args = ["fleet", RVTOOLS, "--from", "esxi8u3", "--to", "ws17"]
    for output in ("text", "json", "csv", "markdown"):
        assert run(*args, "--format", output).stdout == run(*args, "--format", output).stdout


def test_the_chart_draws_one_bar_per_group(tmp_path):
    from vmgraph.fleet import plan_fleet
    from vmgraph.render.fleet_chart import draw_fleet_chart

    chart = tmp_path / "fleet.png"
    result = run("fleet", PLAIN, "--from", "esxi6.7", "--to", "esxi7u3", "--draw", chart)
    assert result.exit_code == 1
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with plan_fleet(read_inventory(PLAIN), "ESXi 7.0 U3", "ESXi 6.7") as fleet:
        figure = draw_fleet_chart(fleet)
        words = [text.get_text() for text in figure.axes[0].texts]
        for group in fleet.groups:
            assert any(word.replace("\n", " ").startswith(f"{group.number}. ") for word in words)
            assert f"{group.vms:,}" in words


def test_no_progress_line_unless_stderr_is_a_terminal():
    result = run("fleet", RVTOOLS, "--from", "esxi8u3", "--to", "esxi7u3")
    assert result.stderr == ""


def test_the_progress_bar_counts_toward_the_total():
    from vmgraph.cli.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress("planning", total=1000, stream=stream)
    progress._drawn -= 1  # as if the last redraw was a second ago
    progress(500)
    assert "[" + "#" * 15 + "." * 15 + "]" in stream.getvalue() and "500/1,000" in stream.getvalue()
    progress.done()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_the_benchmark_runs_the_command_end_to_end():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fleet.py"), "--sizes", "500", "--formats", "csv"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result[0]["rows"] == 500 and result[0]["peak rss MB"] > 0 and result[0]["questions"] > 1


def test_what_the_reached_hardware_cannot_hold_blocks_the_vm_with_its_source(tmp_path):
    inventory = tmp_path / "limits.csv"
    inventory.write_text(
        "name,hardware,flags,cpus,memory_mb,firmware\n"
        "big-old,vmx-07,smp 64bit,16,4096,bios\n"
        "efi-old,vmx-07,64bit,2,4096,efi\n"
        "fine,vmx-07,,1,2048,bios\n"
        "unknown-cpus,vmx-07,,,,\n",
        encoding="utf-8",
    )
    rows = {row["name"]: row for row in fleet_csv(inventory, "--from", "ESXi 8.0 U3", "--to", "ESX 4.0")}
    assert rows["big-old"]["status"] == "blocked"
    assert rows["big-old"]["plan"] == "blocked as is: vmx-07 cannot hold its vCPUs (once changed: copy to ESX 4.0)"
    assert rows["big-old"]["limits"] == "16 vCPUs: vmx-07 allows at most 8 vCPUs"
    assert rows["efi-old"]["plan"].startswith("blocked as is: vmx-07 cannot hold its UEFI firmware")
    assert rows["fine"]["status"] == rows["unknown-cpus"]["status"] == "route" and rows["fine"]["limits"] == ""
    data = fleet_json(inventory, "--from", "ESXi 8.0 U3", "--to", "ESX 4.0")
    limited = [q for g in data["groups"] for q in g["questions"] if q["limits"]]
    assert {q["limits"][0]["limit"] for q in limited} == {"vcpus", "firmware"}
    for question in limited:
        assert question["limits"][0]["reference"]["url"].startswith("https://docs.vmware.com/")
        assert question["limits_checked_at"]["hardware_name"] == "vmx-07"
    text = run("fleet", inventory, "--from", "ESXi 8.0 U3", "--to", "ESX 4.0").stdout
    assert "Cannot hold: 16 vCPUs: vmx-07 allows at most 8 vCPUs" in text and "Fix (vmgraph's advice): " in text


def test_vms_already_on_the_target_have_nothing_to_do():
    data = fleet_json(RVTOOLS, "--from", "esxi7u3", "--to", "esxi7u3")
    ready = [g for g in data["groups"] if g["status"] == "ready"]
    assert len(ready) == 1 and ready[0]["plan"] == "nothing to do: it runs on ESXi 7.0 U3 as it is"
    rows = list(csv.DictReader(RVTOOLS.open(encoding="utf-8")))
    assert ready[0]["vms"] == sum(1 for row in rows if int(row["HW version"].removeprefix("vmx-")) <= 19)
    assert data["summary"]["ready"] == ready[0]["vms"]


def test_a_row_naming_an_unknown_product_or_a_group_is_a_bad_row(tmp_path):
    bad = tmp_path / "products.csv"
    bad.write_text("name,product,hardware\nok,ESXi 8.0 U3,vmx-19\nnew,ESXi 99,vmx-19\ngroup,ESXi 8.x,vmx-19\n", encoding="utf-8")
    stopped = run("fleet", bad, "--to", "esxi7u3")
    assert stopped.exit_code == 2
    assert "row 3, column 'product': unknown product 'ESXi 99'" in stopped.stderr and stopped.stderr.count("\n") == 1
    kept = fleet_json(bad, "--to", "esxi7u3", "--keep-going")
    assert [vm["name"] for vm in kept["vms"]] == ["ok"]
    assert [(s["row"], s["column"]) for s in kept["skipped"]] == [(3, "product"), (4, "product")]
    assert "names several products" in kept["skipped"][1]["reason"]


def test_secure_boot_is_checked_as_route_vmx_checks_it(tmp_path):
    inventory = tmp_path / "secure.csv"
    inventory.write_text("name,hardware,flags\nwin11,vmx-19,smp 64bit efi secureboot\nplain,vmx-19,smp 64bit efi\n", encoding="utf-8")
    rows = {row["name"]: row for row in fleet_csv(inventory, "--from", "ESXi 8.0 U3", "--to", "ESXi 6.0")}
    assert rows["win11"]["plan"].startswith("blocked as is: vmx-11 cannot hold its Secure Boot")
    assert rows["plain"]["status"] == "route"
    rvtools = fleet_json(RVTOOLS, "--from", "ESXi 8.0 U3", "--to", "ESXi 6.0")
    secure = sum(1 for row in csv.DictReader(RVTOOLS.open(encoding="utf-8")) if row["EFI Secure boot"] == "True")
    assert sum(g["vms"] for g in rvtools["groups"] if "Secure Boot" in g["plan"]) == secure > 0


def test_rows_without_a_hardware_version_are_counted_in_the_notes(tmp_path):
    inventory = tmp_path / "nohw.csv"
    inventory.write_text("name,product,hardware\nvm1,ESXi 8.0 U3,\nvm2,ESXi 8.0 U3,vmx-14\n", encoding="utf-8")
    text = run("fleet", inventory, "--to", "esxi7u3").stdout
    assert "does not state its hardware version for 1 VM: vmgraph takes the hardware its product creates" in text


def test_the_ticket_gives_checkboxes_to_routes_not_to_refusals():
    text = run("fleet", RVTOOLS, "--from", "esxi8u3", "--to", "esxi7u3", "--avoid", "convert", "--format", "markdown").stdout
    blocked = text.split("### Group 2:", 1)[1]
    assert "- [ ] " not in blocked.split("## VMs")[0]
    assert "- [ ] `vmgraph route" in text.split("### Group 2:", 1)[0]


def test_a_vm_the_targets_hardware_cannot_hold_is_offered_a_newer_target_that_does(tmp_path):
    """As route --vmx does: the oldest newer release of the target's line whose route brings the
    VM to hardware that holds it, as a command that gives that route."""
    inventory = tmp_path / "big.csv"
    inventory.write_text("name,hardware,flags,cpus,memory_mb,firmware\nbig-new,vmx-19,smp,16,4096,efi\n", encoding="utf-8")
    data = fleet_json(inventory, "--from", "ESXi 8.0 U3", "--to", "ESX 4.0")
    (question,) = [q for g in data["groups"] for q in g["questions"]]
    (fix,) = question["fixes"]
    assert fix["change"] == "target ESXi 5.0" and "brings the VM to vmx-08" in fix["description"]
    route = json.loads(run(*shlex.split(fix["command"])[1:], "--format", "json").stdout)
    assert route["found"] and route["target"]["product"] == "ESXi 5.0"
    assert min(step["to"]["hardware_version"] for step in route["steps"]) >= 8
    text = run("fleet", inventory, "--from", "ESXi 8.0 U3", "--to", "ESX 4.0").stdout
    assert text.index("Cannot hold: 16 vCPUs") < text.index("- target ESXi 5.0: ")


def test_have_keeps_every_vms_route_to_the_sites_products_and_its_commands_say_so(tmp_path):
    """--have, as on route: the products the site has are the only ones a route may pass; each
    group's command carries it, so running it gives the very route the plan shows."""
    inventory = tmp_path / "old.csv"
    inventory.write_text("name,product,hardware\nold-vm,Workstation 2,\n")
    unconstrained = json.loads(run("fleet", inventory, "--to", "ws5", "--format", "json").stdout)
    passes = [s["to"]["product"] for s in unconstrained["groups"][0]["questions"][0]["route"]["steps"]]
    assert "Workstation 4" in passes  # the cheapest route upgrades once, on Workstation 4
    found = run("fleet", inventory, "--to", "ws5", "--have", "Workstation 3", "--format", "json")
    assert found.exit_code == 0, found.output
    question = json.loads(found.stdout)["groups"][0]["questions"][0]
    assert [s["to"]["product"] for s in question["route"]["steps"]] == ["Workstation 3", "Workstation 5.0"]
    assert question["command"].endswith("--have 'Workstation 3'")
    again = run("route", *shlex.split(question["command"])[2:], "--format", "json")
    assert json.loads(again.stdout)["steps"] == question["route"]["steps"]


def test_have_naming_no_product_is_a_usage_error(tmp_path):
    inventory = tmp_path / "old.csv"
    inventory.write_text("name,product,hardware\nold-vm,Workstation 2,\n")
    found = run("fleet", inventory, "--to", "ws5", "--have", " , ")
    assert found.exit_code == 2 and "--have: name at least one product" in found.output
