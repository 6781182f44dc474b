"""Workstation's Change Hardware Compatibility wizard ([today.compatibility]): a
change of hardware version in place, either way, tagged convert; its exception (an
upgraded ESX-compatible Workstation 4 or 5.x VM never goes back to vmx-03 or vmx-04)
binds; and the rule checks of the new table."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.planning.graph import mobility_graph
from vmgraph.vm.hardware import parse_hardware
from vmgraph.pack.model import State
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM, Constraints
from vmgraph.render.routes import to_text
from vmgraph.pack.sources import load_rules
from vmgraph.planning.state_graph import StateGraph

from test_today import today_problems  # a pack's rule errors, as lines

# What commands answer, from the session's pack (conftest.cli_shares_pack): the loading is tested elsewhere.
pytestmark = pytest.mark.usefixtures("cli_shares_pack")

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
WS9_PAGE = "https://pubs.vmware.com/workstation-9/topic/com.vmware.ws.using.doc/GUID-B3847ECB-E8BC-49CC-94B3-6C74CC27300B.html"
WS9_TITLE = "Using VMware Workstation 9: Change the Hardware Compatibility of a Virtual Machine"
EXCEPTION = "If you upgrade a Workstation 4 or 5.x virtual machine that is compatible with ESX Server to Workstation 6, 6.5, 7.x, or later"
ESX_COMPATIBLE = {parse_hardware("vmx-03"), parse_hardware("vmx-04")}


def run(*args):
    return runner.invoke(app, list(args))


def changes(states: StateGraph, state: State):
    return [t for t in states.transitions_from(state) if t.kind == "change"]


@pytest.fixture(scope="module")
def states(pack):
    return StateGraph(pack)


@pytest.fixture(scope="module")
def without_exception(tmp_path_factory):
    """The shipped pack with the wizard's exception taken out: what the tests of the
    exception would see if it did not bind."""
    rules = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    products = rules / "today" / "products.toml"
    lines = products.read_text().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("exception = ")]
    assert len(kept) == len(lines) - 1
    products.write_text("".join(kept))
    return load_rules([rules, rules / "today", rules / "bridge"], include_default=False)


# -- the step


@pytest.mark.parametrize("product", ["Workstation 9", "Workstation 15", "Workstation 17", "Workstation 25H2"])
def test_the_wizard_changes_a_vm_in_place_on_workstation_9_and_later(pack, states, product):
    own = pack.products[product].generation
    found = changes(states, State(product, own, product))
    assert found, product
    for step in found:
        assert step.target.product == product and step.target.origin == product
        assert step.tags == ("convert",) and not step.is_move
        assert (step.reference.url, step.reference.title) == (WS9_PAGE, WS9_TITLE)
    runs = set(pack.products[product].hardware_generations())
    assert {s.target.hardware for s in found} == runs - {own} - ESX_COMPATIBLE


@pytest.mark.parametrize("product", ["Workstation 8", "Workstation Player 17", "Fusion 13", "ESXi 8.0"])
def test_only_the_products_a_source_gives_have_the_wizard(pack, states, product):
    own = pack.products[product].generation
    assert not changes(states, State(product, own, product))


def test_a_workstation_4_vm_is_not_changed_by_the_wizard(states):
    """The page names Workstation 5.x and later VMs (vmx-04 on): a Workstation 4 VM
    (vmx-03) is only upgraded, one-way."""
    assert not changes(states, State("Workstation 17", parse_hardware("vmx-03"), "Workstation 4"))
    assert any(t.kind == "upgrade" for t in states.transitions_from(State("Workstation 17", parse_hardware("vmx-03"), "Workstation 4")))


def test_a_step_down_cites_the_way_down_and_rests_on_its_inference(states):
    down, up = (
        next(t for t in changes(states, State("Workstation 17", start, "Workstation 17")) if t.target.hardware == end)
        for start, end in ((20, 14), (14, 20))
    )
    assert down.reference.url == up.reference.url == WS9_PAGE
    assert "UNCONFIRMED" in down.reference.inferred and "UNCONFIRMED" not in up.reference.inferred
    assert down.inferences[0] == down.reference.inferred and up.inferences[0] == up.reference.inferred
    assert up.reference.inferred in down.inferences, "that Workstation 17 has the wizard is an inference for either way"
    assert any(EXCEPTION in caveat for caveat in down.caveats), "a VM this new is bound by the exception: the step says so"
    assert not any(EXCEPTION in caveat for caveat in up.caveats)
    assert any("shared and remote VMs" in caveat for caveat in down.caveats + up.caveats)


def test_a_guide_era_vm_changed_by_the_wizard_becomes_a_vm_of_its_product(pack, states):
    """A Workstation 5.x VM on Workstation 17 (not upgraded yet): the wizard takes it
    either way, and its row is that of the product that changed it."""
    vm = State("Workstation 17", parse_hardware("vmx-04"), "Workstation 5.0")
    found = {t.target.hardware: t for t in changes(states, vm)}
    assert parse_hardware("vmx-03") in found and 20 in found
    assert all(t.target.origin == "Workstation 17" for t in found.values())
    assert all(not any(EXCEPTION in c for c in t.caveats) for t in found.values())
    assert all(any("Generation 4 is taken as hardware version 3" in i for i in t.inferences) for t in found.values())


# -- routes


def test_the_wizard_and_converter_cost_the_same_and_converter_takes_one_step_fewer(pack):
    """vmgraph route "Workstation 17" "Workstation 14" --hardware vmx-20: Converter (copy,
    convert) and the wizard then a copy both cost 21; the search breaks the tie by the
    fewer steps. The wizard's routes are the alternatives, to the levels Converter
    does not give."""
    found = plan("Workstation 17", "Workstation 14", vm=VM(hardware=20), alternatives=3, pack=pack)
    assert found.found and found.cost == 21 and [s.kind for s in found.steps] == ["move"]
    assert found.target == State("Workstation 14", 14, "Workstation 14")
    for other in found.alternatives:
        assert [s.kind for s in other.steps] == ["change", "move"] and other.cost == 21 and other.moves == 1
        assert other.steps[0].target.product == "Workstation 17" and other.steps[1].tags == ("copy",)


def test_the_route_text_cites_the_workstation_page_and_what_vmgraph_infers(pack):
    found = plan("Workstation 17", "Workstation 14", vm=VM(hardware=20), alternatives=1, pack=pack)
    text = to_text(found.alternatives[0])
    assert f"Source: {WS9_TITLE}, {WS9_PAGE}\n" in text
    assert "Inferred by vmgraph: The page states no way down as such" in text
    assert "with Workstation 17's Change Hardware Compatibility wizard; have it create a full clone" in text
    listed = run("route", "ws17", "ws14", "--hardware", "vmx-20", "--alternatives", "1").stdout
    assert "  1. Workstation 17 (vmx-20) -> Workstation 17 (vmx-13) -> Workstation 14 (vmx-13)  (1 move;" in listed, "ties go to the newest hardware"
    data = json.loads(run("route", "ws17", "ws14", "--hardware", "vmx-20", "--alternatives", "1", "--format", "json").stdout)
    step = data["alternatives"][0]["steps"][0]
    assert step["kind"] == "change" and step["tags"] == ["convert"] and step["reference"]["url"] == WS9_PAGE
    assert any("UNCONFIRMED" in inference for inference in step["inferences"])


def test_avoid_convert_never_uses_the_wizard(pack):
    for source, target, hardware in (("Workstation 17", "Workstation 14", 20), ("Workstation 17", "ESXi 6.7", 20), ("Workstation 16.2", "Fusion 11", 19)):
        found = plan(source, target, vm=VM(hardware=hardware), constraints=Constraints(avoid=frozenset({"convert"})), alternatives=3, pack=pack)
        for route in [found, *found.alternatives] if found.found else ():
            assert not any(s.kind == "change" or "convert" in s.tags for s in route.steps)
    result = run("route", "ws17", "ws14", "--hardware", "vmx-20", "--avoid", "convert")
    assert result.exit_code == 1 and "Change Hardware Compatibility" not in result.stdout


def test_the_wizard_is_not_a_move(pack):
    found = plan("Workstation 17", "Workstation 14", vm=VM(hardware=20), alternatives=1, pack=pack)
    wizard = found.alternatives[0]
    assert wizard.moves == 1 and len(wizard.steps) == 2


def test_the_wizard_takes_a_vm_up_only_as_a_conversion_and_never_one_way(states):
    up = next(t for t in changes(states, State("Workstation 17", 14, "Workstation 17")) if t.target.hardware == 20)
    assert "one-way" not in up.tags and up.tags == ("convert",)


# -- the exception binds


def _upgraded_workstation_5_states(states: StateGraph) -> set[State]:
    """Every state of today's products a Workstation 5.x VM (its own, or a legacy VM it
    made) reaches with hardware newer than vmx-04: upgraded (or converted), it is
    described there as any VM of that hardware is."""
    graph = mobility_graph(states)
    found = set()
    for product in ("Workstation 5.0", "Workstation 5.5"):
        for hardware in (4, 5):
            birth = states.start(product, hardware, product)
            for state in nx.descendants(graph, birth) | {birth}:
                if state.hardware > max(ESX_COMPATIBLE) and states.pack.products[state.product].is_today:
                    found.add(state)
    return found


def test_an_upgraded_workstation_5_vm_is_never_changed_back_to_esx_compatible_hardware(states, without_exception):
    upgraded = _upgraded_workstation_5_states(states)
    assert State("Workstation 17", 20, "Workstation 17") in upgraded
    steps = [t for state in upgraded for t in changes(states, state)]
    assert steps, "the wizard changes these VMs, within the exception"
    assert not [t for t in steps if t.target.hardware in ESX_COMPATIBLE]
    # Without the exception the same VMs would be changed down: the test bites.
    other = StateGraph(without_exception)
    assert [t for state in upgraded for t in changes(other, state) if t.target.hardware in ESX_COMPATIBLE]


def test_no_route_takes_an_upgraded_workstation_5_vm_back_down_with_the_wizard(pack, without_exception):
    """Once upgraded, a Workstation 5.x VM on Workstation 17 is described as a vmx-20 VM
    there: to ESX 3.5 (vmx-04 at most) Converter rebuilds it; the wizard never takes it
    down to vmx-04 on the way. (A VM Converter has rebuilt at vmx-04 is no upgraded VM:
    the wizard may take that one to vmx-03.)"""
    for rules, wizard_down in ((pack, False), (without_exception, True)):
        found = plan("Workstation 17", "ESX 3.5", vm=VM(hardware=20), alternatives=4, pack=rules)
        assert found.found
        routes = [found, *found.alternatives]
        down = [s for route in routes for s in route.steps if s.kind == "change" and s.source.hardware > max(ESX_COMPATIBLE) >= s.target.hardware]
        assert bool(down) == wizard_down, [[(s.kind, s.target) for s in r.steps] for r in routes]
    text = run("route", "ws17", "esx3.5", "--hardware", "vmx-20", "--alternatives", "4").stdout
    assert "-> Workstation 17 (hw" not in text


def test_a_vm_of_workstation_5_before_any_upgrade_may_go_down_to_vmx_03(states):
    vm = State("Workstation 17", parse_hardware("vmx-04"), "Workstation 5.5")
    assert parse_hardware("vmx-03") in {t.target.hardware for t in changes(states, vm)}


# -- rule checks of [today.compatibility]

TODAY = """\
schema = 1
[today]
same_product = { source = { url = "https://example.com/a", title = "A" } }
[today.upgrade]
source = { url = "https://example.com/b", title = "B" }

[today.compatibility]
products = ["Desk 1"]
oldest = "vmx-04"
source = { url = "https://example.com/w", title = "W" }
down = { source = { url = "https://example.com/w", title = "W", inferred = "Implied." } }
exception = { hardware = ["vmx-03", "vmx-04"], reason = "Not back.", source = { url = "https://example.com/w", title = "W" } }

[[product]]
name = "Desk 1"
hardware = "vmx-13"
family = "Workstation"
floor = { hardware = "vmx-03", source = { url = "https://example.com/c", title = "C" } }
source = { url = "https://example.com/d", title = "D" }

[[product]]
name = "Kiosk"
hardware = "vmx-13"
family = "ACE"
can_create = false
floor = { hardware = "vmx-04", source = { url = "https://example.com/c", title = "C" } }
source = { url = "https://example.com/e", title = "E" }
"""




def test_a_pack_with_the_wizard_loads(tmp_path):
    path = tmp_path / "today.toml"
    path.write_text(TODAY)
    pack = load_rules([path], include_default=False)
    change = pack.today.compatibility
    assert change.products == ("Desk 1",) and change.oldest == 5 and change.exception_hardware == {4, 5}
    assert change.down.inferred == "Implied." and change.exception_reason == "Not back."
    steps = changes(StateGraph(pack), State("Desk 1", 13, "Desk 1"))
    assert sorted(t.target.hardware for t in steps) == [6, 7, 8, 9, 10, 11, 12]


def test_the_exception_table_may_have_its_own_header(tmp_path):
    text = TODAY.replace('exception = { hardware = ["vmx-03", "vmx-04"], reason = "Not back.", source = { url = "https://example.com/w", title = "W" } }\n', "")
    text = text.replace("\n[[product]]", '\n[today.compatibility.exception]\nhardware = ["vmx-03", "vmx-04"]\nreason = "Not back."\nsource = { url = "https://example.com/w", title = "W" }\n\n[[product]]', 1)
    path = tmp_path / "today.toml"
    path.write_text(text)
    assert load_rules([path], include_default=False).today.compatibility.exception_hardware == {4, 5}
    bad = text.replace('reason = "Not back."\n', 'reason = "Not back."\nsays = "x"\n')
    lines = bad.splitlines()
    found = today_problems(tmp_path, bad)
    line = lines.index('says = "x"') + 1
    assert found == [f"{tmp_path / 'today.toml'}:{line}: [today.compatibility.exception]: field 'says': unknown field (expected one of hardware, reason, source)"]


@pytest.mark.parametrize(
    "change,field,message",
    [
        (('products = ["Desk 1"]', 'products = ["Old"]'), "products", "[today.compatibility]: field 'products': Old is not one of today's products (given by 'hardware'): only they change a VM's hardware version in place"),
        (('products = ["Desk 1"]', 'products = ["Kiosk"]'), "products", "[today.compatibility]: field 'products': Kiosk cannot create VMs, so it gives none another hardware version"),
        (('products = ["Desk 1"]', 'products = ["Desk 2"]'), "products", "[today.compatibility]: field 'products': unknown product 'Desk 2' (did you mean 'Desk 1'?)"),
        (('oldest = "vmx-04"', 'oldest = "4"'), "oldest", "[today.compatibility]: field 'oldest': expected a hardware version written vmx-N (vmx-04, vmx-19), not '4'"),
        (('down = { source = { url = "https://example.com/w", title = "W", inferred = "Implied." } }\n', ''), "down", "[today.compatibility]: field 'down': missing required field"),
        (('down = { source = {', 'down = { says = "x", source = {'), "down", "[today.compatibility.down]: field 'says': unknown field (expected one of source)"),
        (('hardware = ["vmx-03", "vmx-04"]', 'hardware = ["vmx-03", "vmx-05"]'), "exception", "[today.compatibility.exception]: field 'hardware': expected hardware versions written vmx-N (vmx-12), not 'vmx-05'"),
        (('reason = "Not back.", ', ''), "exception", "[today.compatibility.exception]: field 'reason': missing required field"),
        (('[today.compatibility]', '[today.compatibility]\nwhen = "always"'), "when", "[today.compatibility]: field 'when': unknown field (expected one of caveats, down, exception, oldest, products, source)"),
    ],
    ids=["guide-product", "cannot-create", "unknown-product", "oldest-format", "down-missing", "down-unknown-field", "exception-version", "exception-reason-missing", "unknown-field"],
)
def test_error_in_the_wizards_table(tmp_path, change, field, message):
    """Each problem names the file, the line, the table and the field."""
    old, new = change
    assert old in TODAY
    text = TODAY.replace(old, new) + textwrap.dedent('''
        [same_product]
        source = { section = "S", page = 8 }
        [[product]]
        name = "Old"
        generation = 4
        family = "Workstation"
        source = { section = "S", page = 9 }
        ''')
    lines = text.splitlines()
    section = lines.index("[today.compatibility]")
    line = next((n for n, text_line in enumerate(lines[section:], section + 1) if text_line.startswith(f"{field} =")), section + 1)
    assert f"{tmp_path / 'today.toml'}:{line}: {message}" in today_problems(tmp_path, text)


def test_rules_check_reports_the_wizards_table(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(TODAY.replace('products = ["Desk 1"]', 'products = ["Kiosk"]'))
    result = run("rules", "check", "--no-default-rules", str(path))
    assert result.exit_code == 1
    assert f"{path}:8: [today.compatibility]: field 'products': Kiosk cannot create VMs" in result.stderr
