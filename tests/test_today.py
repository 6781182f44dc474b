"""Today's products (rules/today, rules/bridge): hardware versions 3-22, their
ceilings and floors against the facts, routes across eras, refusals with their
fix, what is sourced and what inferred, and the rule checks of the new fields."""

from __future__ import annotations

import json
import shlex
import textwrap
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.errors import RuleError
from vmgraph.vm.hardware import HardwareNameError, parse_hardware, version_of_level
from vmgraph.planning.planner import plan
from vmgraph.planning.records import Constraints
from vmgraph.pack.sources import load_rules

# What commands answer, from the session's pack (conftest.cli_shares_pack): the loading is tested elsewhere.
pytestmark = pytest.mark.usefixtures("cli_shares_pack")

ROOT = Path(__file__).resolve().parent.parent
FACTS = tomllib.loads((ROOT / "tests" / "data" / "modern_hardware.toml").read_text())
runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


# -- the products against the facts file (tests/data/modern_hardware.toml, transcribed by hand)


@pytest.mark.parametrize("name", sorted(FACTS["products"]))
def test_ceiling_and_floor_match_the_facts(pack, name):
    ceiling, ceiling_is, floor, floor_is = FACTS["products"][name]
    product = pack.products[name]
    assert product.is_today
    assert version_of_level(product.generation) == ceiling
    assert bool(product.reference.inferred) == (ceiling_is == "inferred"), product.reference
    lowest = min(product.hardware_generations())
    assert version_of_level(lowest) == floor
    if lowest != product.generation:
        assert bool(product.runs_entry(lowest).reference.inferred) == (floor_is == "inferred")


def test_every_today_product_is_transcribed(pack):
    assert sorted(p.name for p in pack.products.values() if p.is_today) == sorted(FACTS["products"])


def test_esx_never_runs_the_workstation_only_versions(pack):
    for product in pack.products.values():
        if product.is_today and product.is_esx:
            for version in FACTS["not_on_esx"]["versions"]:
                assert version not in {version_of_level(h) for h in product.hardware_generations()}, product.name


def test_each_pack_loads_alone_and_the_bridge_needs_both():
    guide = load_rules(ROOT / "rules", include_default=False)
    today = load_rules(ROOT / "rules" / "today", include_default=False)
    assert not any(p.is_today for p in guide.products.values())
    assert all(p.is_today for p in today.products.values())
    with pytest.raises(RuleError) as error:
        load_rules([ROOT / "rules" / "today", ROOT / "rules" / "bridge"], include_default=False)
    assert "unknown product 'Workstation 4'" in str(error.value)


# -- hardware as people name it


@pytest.mark.parametrize(
    "text,level",
    [("gen4", 4), ("generation 5", 5), ("2", 2), ("5", 5), ("vmx-03", 4), ("vmx-3", 4), ("vmx-04", 5), ("VMX_19", 19), ("vmx-19", 19), ("19", 19), ("6", 6), (22, 22)],
    ids=lambda value: str(value),
)
def test_hardware_names_read_one_way(text, level):
    assert parse_hardware(text) == level


@pytest.mark.parametrize("text", ["vmx-5", "vmx-2", "23", "1", "gen6", "nineteen", "vmx-23"])
def test_hardware_names_that_name_nothing(text):
    with pytest.raises(HardwareNameError):
        parse_hardware(text)


def test_both_names_where_the_eras_meet():
    """A VM of the guide's era on today's products is named both ways (generation 5 (vmx-04)), the
    inference shown on its steps; a VM of today's products is vmx-04 and nothing else."""
    text = run("route", "GSX Server 3", "ESXi 8.0").stdout
    assert "ESXi 8.0 (generation 5 (vmx-04), created under Workstation 5.5)" in text and "(the guide's generation 5)" in text
    data = json.loads(run("route", "esxi6.5", "esxi8.0", "--hardware", "vmx-04", "--format", "json").stdout)
    assert data["source"]["hardware"] == 5 and data["source"]["hardware_name"] == "vmx-04" and data["source"]["hardware_version"] == 4
    text = run("route", "esxi6.5", "esxi8.0", "--hardware", "vmx-04").stdout
    assert "ESXi 6.5 (vmx-04)" in text and "generation" not in text


# -- routes across eras


def test_gsx_server_3_reaches_esxi_8_with_every_step_cited(pack):
    route = plan("GSX Server 3", "ESXi 8.0", pack=pack)
    assert route.found and route.target.product == "ESXi 8.0"
    assert all(step.reference.where() for step in route.steps)
    # Steps onto today's products cite an address, and a generation VM there rests on the mapping.
    for step in route.steps:
        if pack.products[step.target.product].is_today:
            assert not step.reference.is_guide
            if step.target.hardware <= 5:
                assert any("Generation 4 is taken as hardware version 3" in i for i in step.inferences)
    assert not route.count("convert")  # a route of moves and upgrades is preferred to a conversion


def test_no_route_leads_from_todays_products_back_to_the_guides(pack):
    for source in ("Workstation 6.0", "ESX 3.5", "ESXi 8.0"):
        for target in ("Workstation 5.0", "ESX Server 2", "GSX Server 3"):
            assert not plan(source, target, pack=pack).found, (source, target)


def test_a_workstation_5_vm_keeps_its_row_on_todays_products(pack):
    route = plan("Workstation 5.0", "Workstation 17", pack=pack)
    assert route.found
    first = route.steps[0]
    assert first.target.origin == "Workstation 5.0" or "one-way" in first.tags


def test_a_vm_the_target_runs_moves_as_it_is(pack):
    route = plan("Workstation 16.2", "ESXi 7.0 U3", pack=pack)
    assert route.found and route.moves == 1
    assert route.steps[-1].tags == ("import",) and route.target.hardware == 19


def test_a_newer_vm_is_converted_down_to_what_the_target_runs(pack):
    route = plan("Workstation 17", "ESXi 7.0 U3", pack=pack)
    assert route.found and "convert" in route.steps[-1].tags
    assert version_of_level(route.target.hardware) == 19
    assert any("Converter" in note for note in route.steps[-1].conditions)


def test_an_upgrade_in_place_is_one_way_and_cited(pack):
    route = plan("ESXi 6.5", "ESXi 6.5", vm=None, pack=pack)
    assert route.found  # the same-product copy
    upgrades = [t for t in __import__("vmgraph.planning.state_graph", fromlist=["StateGraph"]).StateGraph(pack).transitions_from(
        __import__("vmgraph.pack.model", fromlist=["State"]).State("ESXi 6.5", 11, "ESXi 6.5")) if t.kind == "upgrade"]
    assert [version_of_level(t.target.hardware) for t in upgrades] == [13]
    assert all(t.tags == ("one-way",) and not t.reference.is_guide for t in upgrades)
    assert any("Power the VM off" in c for c in upgrades[0].caveats)


# -- refusals and their fix


def test_a_target_too_old_says_its_ceiling_and_how_to_fix_it():
    result = run("route", "ws17", "esxi7u3", "--avoid", "convert")
    assert result.exit_code == 1
    assert "ESXi 7.0 U3 runs hardware up to vmx-19 (vSphere 7.0 VM Administration" in result.stdout
    assert "this VM has vmx-20 hardware" in result.stdout
    commands = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("vmgraph route")]
    assert "vmgraph route 'Workstation 17' 'ESXi 8.0' --avoid convert" in commands
    assert "vmgraph route 'Workstation 17' 'ESXi 7.0 U3'" in commands
    for command in commands:  # each suggestion is a command that gives a route
        assert run(*shlex.split(command)[1:]).exit_code == 0, command


def test_a_version_esxi_lacks_is_named_with_its_source():
    result = run("route", "ws12", "esxi8.0", "--avoid", "convert", "--reversible", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert "ESXi 8.0 does not run vmx-12 (govmomi" in data["reason"]


# -- sourced and inferred


def test_stated_only_leaves_out_steps_resting_on_inferred_floors(pack):
    route = plan("Workstation 5.0", "ESXi 8.0", constraints=Constraints(stated_only=True), pack=pack)
    for step in route.steps if route.found else ():
        assert not step.inferences


def test_the_route_text_labels_other_sources_apart_from_the_guide():
    text = run("route", "ws16.2", "esxi7u3").stdout
    assert "Source: OVF Tool 1.0 User Guide" in text and "Guide:" not in text


# -- rule checks of the new fields

TODAY = """\
schema = 1
[today]
same_product = { source = { url = "https://example.com/a", title = "A" } }
[today.upgrade]
source = { url = "https://example.com/b", title = "B" }

[[product]]
name = "Host 1"
hardware = "vmx-13"
family = "ESXi"
floor = { hardware = "vmx-04", source = { url = "https://example.com/c", title = "C" } }
source = { url = "https://example.com/d", title = "D" }
"""


def today_problems(tmp_path, text):
    path = tmp_path / "today.toml"
    path.write_text(textwrap.dedent(text))
    with pytest.raises(RuleError) as error:
        load_rules([path], include_default=False)
    return [str(p) for p in error.value.problems]


def test_a_minimal_today_pack_loads(tmp_path):
    path = tmp_path / "today.toml"
    path.write_text(TODAY)
    pack = load_rules([path], include_default=False)
    assert [version_of_level(h) for h in pack.products["Host 1"].hardware_generations()] == [13, 4, 6, 7, 8, 9, 10, 11, 12]


@pytest.mark.parametrize(
    "change,message",
    [
        (('hardware = "vmx-13"', 'hardware = "vmx-05"'), "product 'Host 1': field 'hardware': there is no hardware version 5"),
        (('hardware = "vmx-13"', 'hardware = "13"'), "field 'hardware': expected a hardware version written vmx-N (vmx-04, vmx-19), not '13'"),
        (('hardware = "vmx-13"', 'hardware = "vmx-13"\ngeneration = 4'), "field 'hardware': give 'generation' (a product of the guide's era) or 'hardware' (one of today's), not both"),
        (('floor = { hardware = "vmx-04"', 'floor = { hardware = "vmx-14"'), "product 'Host 1', floor: field 'hardware': the floor vmx-14 is above the product's own hardware vmx-13"),
        (('floor = {', 'lacks = { hardware = ["vmx-20"], source = { url = "https://example.com/e", title = "E" } }\nfloor = {'), "product 'Host 1', lacks: field 'hardware': vmx-20 is not between the floor and vmx-13: nothing to leave out"),
        (('floor = { hardware = "vmx-04", source = { url = "https://example.com/c", title = "C" } }\n', ''), "product 'Host 1': field 'floor': missing required field"),
        (('[today.upgrade]\nsource = { url = "https://example.com/b", title = "B" }\n', ''), "[today]: field 'upgrade': missing required field"),
    ],
    ids=["version-5", "version-format", "generation-and-hardware", "floor-above", "lacks-outside", "floor-missing", "today-upgrade-missing"],
)
def test_error_in_todays_product_fields(tmp_path, change, message):
    old, new = change
    assert old in TODAY
    found = today_problems(tmp_path, TODAY.replace(old, new))
    assert any(message in problem for problem in found), found


MOVE_BY_HARDWARE = '\n[[move]]\nfrom = ["Host 1"]\nto = ["Host 1"]\nby = "hardware"\ntransfer = "copy"\nsource = { url = "https://example.com/f", title = "F" }\n'


@pytest.mark.parametrize(
    "change,message",
    [
        (('by = "hardware"', 'by = "sideways"'), "field 'by': unknown value 'sideways' (expected row, hardware)"),
        (('by = "hardware"', 'hardware = ["convert"]'), "field 'hardware': 'convert' (the VM rebuilt at a hardware version the target runs) is for moves by hardware"),
        (('by = "hardware"', 'by = "hardware"\ncreated_with = 4'), "field 'created_with': a move by hardware applies to every VM on 'from'; it has no row"),
    ],
    ids=["by-unknown", "convert-by-row", "created-with-by-hardware"],
)
def test_error_in_moves_by_hardware(tmp_path, change, message):
    old, new = change
    found = today_problems(tmp_path, TODAY + MOVE_BY_HARDWARE.replace(old, new))
    assert any(message in problem for problem in found), found


def test_error_a_move_by_hardware_onto_a_guide_product(tmp_path):
    text = TODAY + MOVE_BY_HARDWARE.replace('to = ["Host 1"]', 'to = ["Old"]') + textwrap.dedent('''
        [same_product]
        source = { section = "S", page = 8 }
        [[product]]
        name = "Old"
        generation = 4
        family = "Workstation"
        source = { section = "S", page = 9 }
        ''')
    found = today_problems(tmp_path, text)
    assert any("Host 1 -> Old: a move by hardware lands on one of today's products (given by 'hardware'), and Old is not" in p for p in found), found


def test_error_today_products_need_a_today_table(tmp_path):
    body = "schema = 1\n" + "[[product]]" + TODAY.split("[[product]]")[1]
    found = today_problems(tmp_path, body)
    assert any("no [today] table in any rule file (today's products need it)" in p for p in found), found


def test_error_a_second_today_table(tmp_path):
    first = tmp_path / "a.toml"
    first.write_text(TODAY)
    second = tmp_path / "b.toml"
    second.write_text(TODAY.split("[[product]]")[0])
    with pytest.raises(RuleError) as error:
        load_rules([first, second], include_default=False)
    assert any("a second [today] (the first is at" in str(p) for p in error.value.problems)


# -- the KB-like table


def test_hardware_table_matches_the_transcribed_kb_rows():
    rows = {row["version"]: row for row in json.loads(run("hardware", "--format", "json").stdout)}
    for version in range(6, 23):
        if version in rows:
            expected = sorted(name for name, facts in FACTS["products"].items() if facts[0] == version)
            assert sorted(rows[version]["newest_on"]) == expected, version
    assert "ESXi 7.0 U3" in rows[19]["runs_on"] and "ESXi 7.0 U3" not in rows[20]["runs_on"]
    assert "ESXi 8.0" not in rows[12]["runs_on"]  # govmomi: version 12 is not run by ESX/ESXi


def test_environment_recommends_the_newest_hardware_both_run_and_names_the_cap():
    result = run("environment", "ESXi 7.0 U3", "Workstation 17", "--format", "json")
    data = json.loads(result.stdout)
    assert data["recommended"]["hardware"] == 19 and data["recommended"]["two_way_pairs"] == 2
    text = run("environment", "ESXi 7.0 U3", "Workstation 17").stdout
    assert "Recommended: vmx-19 hardware" in text
    assert "ESXi 7.0 U3 runs hardware up to vmx-19" in text


def test_error_environment_of_too_many_products_is_one_line():
    result = run("environment", "Desktop hypervisors")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "vmgraph: error: an environment is planned for at most 8 products (45 named: Workstation 6.0, Workstation 6.5, Workstation 7, ...); name the releases your site runs"


def test_error_a_drawing_of_too_many_products_is_one_line(tmp_path):
    result = run("draw", str(tmp_path / "map.png"), "--products", "Desktop hypervisors", "--detail", "states")
    assert result.exit_code == 2 and not (tmp_path / "map.png").exists()
    assert result.stderr.strip() == "vmgraph: error: a drawing of states shows at most 24 products (45 named): name fewer with --products, or draw the product map (--detail products)"


def test_a_refusal_between_todays_products_never_quotes_the_guides_guest_rules():
    """The guide's SMP and 64-bit rules are its products' own: a VM refused between today's
    products is not told what the guide says about Workstation 5.5 or Virtual SMP."""
    result = run("route", "Workstation 17", "ESXi 7.0 U3", "--smp", "--64bit", "--avoid", "convert", "--format", "json")
    data = json.loads(result.stdout)
    assert data["found"] is False
    assert data["refusals"] == []
    assert "The guide says" not in run("route", "Workstation 17", "ESXi 7.0 U3", "--smp", "--64bit", "--avoid", "convert").stdout


def test_a_move_between_two_hosts_of_one_of_todays_products_cites_its_familys_source():
    """ESXi to ESXi is cited to vSphere's own page (not a Fusion blog), with its caveats and the
    inference it rests on shown on the step."""
    data = json.loads(run("route", "ESXi 7.0 U3", "ESXi 7.0 U3", "--hardware", "vmx-19", "--format", "json").stdout)
    (step,) = data["steps"]
    assert step["reference"]["url"].startswith("https://pubs.vmware.com/vsphere-50/")
    assert step["inferences"] and "vMotion" in " ".join(step["conditions"])
    desktop = json.loads(run("route", "Workstation 17", "Workstation 17", "--format", "json").stdout)["steps"][0]
    assert "teamfusion" in desktop["reference"]["url"] and desktop["inferences"]
    assert "OK (inferred)" in run("matrix", "--products", "esxi7u3,ws17").stdout
    assert "No move: no source gives one" in run("matrix", "--products", "esxi7u3,ws4").stdout


def test_a_vm_of_todays_products_is_not_said_to_be_created_under_where_it_was_copied():
    """A copy never changes where a VM was created; today's products go by hardware alone, so
    for their VMs the JSON says nothing (null) rather than name the product it was copied to.
    A guide-era VM keeps its row, named, all the way."""
    steps = json.loads(run("route", "Workstation 9", "ESXi 7.0 U3", "--format", "json").stdout)["steps"]
    assert steps and all(step["from"]["created_under"] is None and step["to"]["created_under"] is None for step in steps)
    steps = json.loads(run("route", "ws5.0", "ESXi 7.0 U3", "--format", "json").stdout)["steps"]
    assert [step["to"]["created_under"] for step in steps] == ["Workstation 5.0"] * len(steps)


def test_the_guides_preparations_on_todays_moves_are_marked_as_vmgraphs_reading():
    """Power off a suspended VM, remove a snapshot: the guide says it of ESX Server imports; on
    today's OVF deploy it is vmgraph's reading, shown on the step."""
    steps = json.loads(run("route", "ws17", "esxi8.0", "--suspended", "--snapshot", "--format", "json").stdout)["steps"]
    prepares = [s for s in steps if s["kind"] == "prepare"]
    assert len(prepares) == 2
    assert all(s["reference"]["page"] == 7 and any("vmgraph applies it to today's OVF export" in i for i in s["inferences"]) for s in prepares)
    guide = json.loads(run("route", "ws4", "esx2", "--suspended", "--format", "json").stdout)["steps"]
    assert not any("today's OVF" in i for s in guide for i in s["inferences"])
