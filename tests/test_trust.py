"""Trust: a VM keeps its "created under" row until its hardware is upgraded, the words
attributed to the guide are the guide's, and every suggestion is a command that gives
the route it describes."""

import json
import random
import shlex
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import guide_tables
from vmgraph.cli.app import app
from vmgraph.overview.environment import plan_environment
from vmgraph.planning.graph import mobility_graph
from vmgraph.overview.matrix import SITE_POLICY, Matrix
from vmgraph.pack.model import State
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM, Constraints
from vmgraph.pack.sources import load_rules
from vmgraph.planning.state_graph import StateGraph

# What commands answer, from the session's pack (conftest.cli_shares_pack): the loading is tested elsewhere.
pytestmark = pytest.mark.usefixtures("cli_shares_pack")

runner = CliRunner()
REFUSED = sorted({(source, target) for _, _, source, target, phrases in guide_tables.cells() if phrases == ["Not supported"]})


def run(*args):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def without_upgrades(pack):
    states = StateGraph(pack)
    return states, mobility_graph(states, keep_transition=lambda t: "one-way" not in t.tags)


# -- 1. the VM's origin


@pytest.mark.parametrize("source,target", REFUSED, ids=[f"{s}->{t}" for s, t in REFUSED])
def test_a_refused_cell_is_reached_only_through_a_one_way_upgrade(pack, without_upgrades, source, target):
    """Every refused cell of the guide's product tables: without an upgrade the VM is
    still "created under" the source, so no chain of other moves gets it there."""
    states, graph = without_upgrades
    start = states.start(source)
    assert start == State(source, pack.products[source].generation, source)
    assert not [s for s in nx.descendants(graph, start) if s.product == target]
    found = plan(source, target, alternatives=4, pack=pack)
    for route in [found, *found.alternatives] if found.found else []:
        assert route.count("one-way") >= 1, [s.target for s in route.steps]


def test_every_refusal_in_the_pack_holds_by_origin(pack, without_upgrades):
    """The same over every refusal the pack has (the guide's tables and its prose), from every
    state whose row it is: the VM's own, its legacy VMs', wherever they have been taken."""
    states, graph = without_upgrades
    checked = 0
    for state in states.states:
        row = states.row(state)
        for refusal in pack.refusals:
            if (refusal.source, refusal.created_with) != (row.product, row.created_with) or refusal.policy:
                continue
            reached = [s for s in nx.descendants(graph, state) | {state} if s.product == refusal.target]
            assert not reached, f"{state.label()} reaches {refusal.target} without an upgrade"
            checked += 1
    assert checked > 300


@pytest.mark.parametrize("source", ["ws3", "gsx2"])
def test_generation_3_hosted_vms_never_reach_generation_2(pack, source):
    found = plan(source, "esx1", pack=pack)
    assert not found.found and "generation 3 hosted products to generation 2" in found.refusals[0].reason


def test_workstation_3_to_virtual_smp_takes_an_upgrade_then_a_conditional_import(pack):
    found = plan("ws3", "esx2-smp", pack=pack)
    assert found.found and found.count("one-way") == 1 and found.count("conditional") == 1
    assert "ESX Server 1.5" not in [s.target.product for s in found.steps]
    assert not plan("ws3", "esx2-smp", constraints=Constraints(strict=True), pack=pack).found


def test_gsx1_to_esx15_upgrades_on_a_generation_3_hosted_product(pack):
    found = plan("gsx1", "esx1.5", pack=pack)
    assert found.found and found.steps[0].point_of_no_return
    assert "ESX Server 1.0" not in [s.target.product for s in found.steps]


def test_imports_and_legacy_mode_keep_the_origin_and_an_upgrade_resets_it(pack):
    found = plan("ws3", "esx2", pack=pack, constraints=Constraints(reversible=True))
    assert found.found and found.target == State("ESX Server 2", 3, "Workstation 3")
    upgraded = plan("gsx1", "ws5", pack=pack)
    assert upgraded.steps[0].target.origin == upgraded.steps[0].target.product


def test_created_under_describes_any_state(pack):
    found = plan("esx2", "ws4", vm=VM(created_under="ws3"), pack=pack)
    assert found.source == State("ESX Server 2", 3, "Workstation 3")
    result = run("route", "esx2-smp", "ws3", "--created-under", "ws3")
    assert result.exit_code == 2
    assert result.stderr.strip() == "vmgraph: error: --created-under Workstation 3: a generation 3 VM created under Workstation 3 cannot be on ESX Server 2 with Virtual SMP: the rules give no way there"


# -- 2. a route starts on one product


@pytest.mark.parametrize("args", [("ws5", "ws5", "--64bit"), ("ws5", "ws5.5"), ("ws5", "gsx3", "--hardware", "4", "--alternatives", "2")])
def test_a_group_as_source_is_a_usage_error_naming_its_members(args):
    result = run("route", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "vmgraph: error: 'Workstation 5' names several products: a VM is on one of them (Workstation 5.0, Workstation 5.5)"


def test_a_group_as_target_means_any_member():
    assert run("route", "ws4", "ws5").exit_code == 0


def test_a_same_product_move_honours_the_constraints():
    assert run("route", "ws4", "ws4", "--avoid", "copy").exit_code == 1
    assert run("route", "ws4", "ws4").exit_code == 0


def test_hardware_a_product_runs_as_is_is_a_question(pack):
    result = run("route", "esx1", "esx2", "--hardware", "3", "--format", "json")
    assert result.exit_code in (0, 1)
    assert json.loads(result.stdout)["source"] == {"product": "ESX Server 1.0", "hardware": 3, "hardware_name": "generation 3", "hardware_version": None, "created_under": "ESX Server 1.5"}


# -- 3. words attributed to the guide


def test_no_advice_the_guide_never_gives():
    assert "Go through a generation 3 product" not in run("route", "esx1", "esx2", "--reversible").stdout
    assert "Import the VM into ESX Server 1.0 first" not in run("route", "gsx1", "esx1.5", "--max-moves", "1").stdout
    for product in ("gsx1", "ws2", "esx1"):
        assert "Instead:" not in run("route", product, "esx2").stdout, "page 21 says only 'not supported'"


def test_the_packs_refusals_speak_only_for_the_guide(pack):
    for refusal in pack.refusals:
        for text in (refusal.reason, refusal.advice or ""):
            assert "vmgraph" not in text and "--" not in text, (refusal.origin, text)


def test_guide_and_vmgraph_are_labelled_apart():
    text = run("route", "Workstation 5.0", "ws4").stdout
    guide, _, ours = text.partition("vmgraph suggests (each command gives a route):")
    assert "The guide says:" in guide and "--hardware" not in guide
    assert "vmgraph route 'Workstation 5.0' 'Workstation 4' --hardware 4" in ours


def test_a_legacy_workstation_5_vm_cites_its_own_table(pack):
    for target in ("gsx3", "esx2", "esx2-smp"):
        found = plan("ws5.0", target, vm=VM(hardware=4), pack=pack)
        assert (found.steps[-1].reference.section, found.steps[-1].reference.page) == ("Generation 5 to Generation 4", 17)


@pytest.mark.parametrize("flag", ["smp", "sixty_four_bit"])
def test_workstation_55_to_50_guest_rules_cite_page_13(pack, flag):
    refused = plan("ws5.5", "ws5.0", vm=VM(**{flag: True}), pack=pack)
    assert [(r.reference.section, r.reference.page) for r in refused.refusals] == [("Generation 5 to Generation 5", 13)]


def test_every_inference_a_step_rests_on_shows_on_that_step(pack):
    found = plan("esx2-smp", "gsx3", vm=VM(hardware=3), pack=pack)
    assert found.found
    first = found.steps[0]
    assert first.target.product == "ESX Server 1.5", "moves out of Virtual SMP are refused: only the legacy VM's way back is open"
    assert any("the refusal of moves out of Virtual SMP" in i for i in first.inferences), "the way back rests on an inference"
    assert found.warnings[0].startswith("vmgraph takes the VM to be one created under ESX Server 1.5")
    text = run("route", "esx2-smp", "gsx3", "--hardware", "3").stdout
    for step in found.steps:
        for inference in step.inferences:
            assert f"Inferred by vmgraph: {inference}" in text


def test_stated_only_refuses_steps_that_rest_on_an_inference(pack):
    result = run("route", "esx2-smp", "gsx3", "--hardware", "3", "--stated-only")
    assert result.exit_code == 1
    assert "drop --stated-only: a route exists if vmgraph may rely on its inferences: " in result.stdout
    assert "the refusal of moves out of Virtual SMP" in result.stdout
    stated = plan("gsx1", "ws5", constraints=Constraints(stated_only=True), pack=pack)
    assert stated.found and not any(s.inferences for s in stated.steps)


POLICY = """schema = 1

[[refusal]]
from = ["*"]
to = ["ESX Server 2"]
reason = "Our ESX Server 2 hosts are being retired."
policy = true
source = { section = "Site policy", page = 1 }
"""


def test_a_site_policy_reads_as_the_sites_everywhere(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(POLICY)
    text = run("route", "ws4", "esx2", "--max-moves", "1", "--rules", str(path)).stdout
    guide, _, policy = text.partition("Your site's policy says:")
    assert "Our ESX Server 2 hosts are being retired." in policy and "retired" not in guide
    pack = load_rules([path])
    assert Matrix(pack).cell("Workstation 4", "ESX Server 2").phrases == (SITE_POLICY,)
    environment = plan_environment(("Workstation 4", "ESX Server 2"), pack)
    why = next(p.why for p in environment.pairs if p.source == "Workstation 4")
    assert why == "your site's policy: Our ESX Server 2 hosts are being retired."


# -- suggestions are commands that give their route


VARIANTS = {
    "plain": Constraints(),
    "reversible": Constraints(reversible=True),
    "strict": Constraints(strict=True),
    "one-move": Constraints(max_moves=1),
    "stated-only": Constraints(stated_only=True),
}


def test_every_suggestion_is_a_command_that_gives_its_route(pack):
    """Over product pairs and constraint sets: each command vmgraph suggests, run as
    printed, finds the route the suggestion describes (same steps)."""
    from vmgraph.render.routes import route_json

    suggestions = {}
    # Every pair of the guide's products, and a fixed sample of pairs with today's (all
    # 81 x 81 x 5 questions would take minutes).
    guide = [name for name, product in pack.products.items() if not product.is_today]
    pairs = [(s, t) for s in guide for t in guide]
    done = set(pairs)
    everything = [(s, t) for s in pack.products for t in pack.products if (s, t) not in done]
    pairs += random.Random(11).sample(everything, 60)
    for source, target in pairs:
        for constraints in VARIANTS.values():
            for relaxation in route_json(plan(source, target, constraints=constraints, pack=pack)).get("relaxations", []):
                suggestions.setdefault(relaxation["command"], relaxation)
    assert len(suggestions) > 100
    for command, relaxation in sorted(suggestions.items()):
        words = shlex.split(command)
        assert words[:2] == ["vmgraph", "route"]
        answer = run(*words[1:], "--format", "json")
        assert answer.exit_code == 0, (command, answer.stdout)
        got = json.loads(answer.stdout)
        assert (got["moves"], got["cost"], sum(s["point_of_no_return"] for s in got["steps"])) == (relaxation["moves"], relaxation["cost"], relaxation["one_way_steps"]), command


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_cli_prints_the_suggestions_it_would_run(variant):
    """The text output shows each suggestion's command, the same as the JSON's."""
    flags = {"plain": [], "reversible": ["--reversible"], "strict": ["--strict"], "one-move": ["--max-moves", "1"], "stated-only": ["--stated-only"]}[variant]
    for source, target in (("ws3", "ws5"), ("ws4", "esx2-smp"), ("ws5.0", "ws4"), ("gsx1", "esx2"), ("esx2-smp", "gsx3")):
        data = json.loads(run("route", source, target, *flags, "--format", "json").stdout)
        text = run("route", source, target, *flags).stdout
        for relaxation in data.get("relaxations", []):
            assert f"    {relaxation['command']}\n" in text


def test_suggested_commands_carry_the_rule_packs_given(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(POLICY)
    result = run("route", "ws3", "ws5", "--reversible", "--rules", str(path))
    assert f"vmgraph route 'Workstation 3' 'Workstation 5' --rules {path}" in result.stdout


# -- 4. alternatives a person would consider


def test_no_alternative_reaches_the_target_and_carries_on(pack):
    found = plan("ws4", "Workstation 5", alternatives=6, pack=pack)
    for route in [found, *found.alternatives]:
        moved = [s.target.product for s in route.steps if s.kind == "move"]
        assert not any(p in ("Workstation 5.0", "Workstation 5.5") for p in moved[:-1]), moved


def test_no_alternative_is_a_better_one_plus_a_hop_that_changes_nothing(pack):
    found = plan("esx1", "esx1.5", alternatives=4, pack=pack)
    assert all("ESX Server 1.1" not in [s.target.product for s in r.steps] for r in found.alternatives)


def test_fewer_alternatives_than_asked_are_said_so():
    text = run("route", "ws4", "ws4", "--alternatives", "3").stdout
    assert "No other route exists (you asked for 3)." in text
    markdown = run("route", "gsx1", "ws5", "--alternatives", "2", "--format", "markdown").stdout
    assert "**Alternatives:**" in markdown and "1. GSX Server 1 (generation 2)" in markdown


def test_docs_explain_the_origin_rule():
    page = (Path(__file__).resolve().parent.parent / "docs" / "route.md").read_text()
    assert "created under" in page and "--created-under" in page and "--stated-only" in page


# -- found in review: limits with --via, a start that is its own stop, ranking depth


def test_a_move_limit_binds_with_via_however_large(pack):
    for limit in (2, 13, 14, 100):
        found = plan("ws4", "ws4", constraints=Constraints(via=("gsx3", "esx2"), max_moves=limit), pack=pack)
        assert not found.found or found.moves <= limit


def test_a_start_that_is_its_own_via_stop_and_target_is_the_same_product_copy(pack):
    for limit in (None, 13, 14):
        found = plan("ws4", "ws4", constraints=Constraints(via=("ws4",), max_moves=limit), pack=pack)
        assert found.found and found.moves == 1 and found.steps[0].target == found.source


def test_alternatives_are_looked_for_beyond_the_first_few_paths(pack):
    few = plan("gsx1", "gsx2", alternatives=2, pack=pack)
    many = plan("gsx1", "gsx2", alternatives=10, pack=pack)
    assert len(few.alternatives) == min(2, len(many.alternatives)) and many.alternatives[:2] == few.alternatives


def test_suggested_weights_keep_every_digit():
    text = run("route", "ws3", "esx1", "--weight", "one-way=123456.7", "--weight", "copy=0.1234567", "--reversible").stdout
    assert "--weight copy=0.1234567 --weight one-way=123456.7" in text


def test_a_huge_move_limit_with_via_and_alternatives_costs_no_more_than_none(pack):
    """Once every --max-moves bound: the search's nodes grew with the limit (killed at 1e6)."""
    huge = plan("gsx1", "ws5", constraints=Constraints(via=("ws4",), max_moves=10**6), alternatives=3, pack=pack)
    unlimited = plan("gsx1", "ws5", constraints=Constraints(via=("ws4",)), alternatives=3, pack=pack)
    assert huge.found and huge.steps == unlimited.steps and huge.alternatives == unlimited.alternatives


def test_a_route_round_a_refusal_the_guide_gives_no_way_round_rests_on_an_inference():
    """P. 21: moving VMs from generation 2 products to ESX Server 2 is not supported, with no way
    round it. A route that upgrades the VM on GSX Server 3 and imports it from there moves it as
    one created under GSX Server 3: vmgraph's reading, shown on the step that arrives; under
    --stated-only there is no route, and the fix says why. Where the guide gives the way round
    (Generation 2 to Generation 5, p. 15) the route is stated."""
    from vmgraph.planning.planner import plan
    from vmgraph.planning.records import Constraints

    found = plan("gsx1", "esx2")
    arriving = found.steps[-1]
    assert found.found and any("vmgraph's reading" in i and "created under GSX Server 1" in i for i in arriving.inferences)
    assert any(w.startswith("The guide does not support the direct move (Generation 2 to Generation 4, p. 21)") for w in found.warnings)
    stated = plan("gsx1", "esx2", constraints=Constraints(stated_only=True))
    assert not stated.found
    assert [r.change for r in stated.relaxations] == ["drop --stated-only"]
    guided = plan("ws2", "ws5", constraints=Constraints(stated_only=True))
    assert guided.found and not any(i for s in guided.steps for i in s.inferences)


def test_a_refusal_said_in_several_places_cites_the_moves_own_table_first():
    """ESX Server 2 with Virtual SMP to Workstation 5: the 4 -> 5 table's cell (p. 14) says it,
    as does p. 18's general word; the move's own table is cited."""
    from vmgraph.planning.planner import plan

    refused = plan("esx2-smp", "ws5.0")
    assert not refused.found and refused.refusals[0].reference.where() == "Generation 4 to Generation 5, p. 14"
    assert plan("esx2-smp", "esx2").refusals[0].reference.where() == "Generation 4 to Generation 4, p. 18"


def test_an_interoperable_vms_way_back_joins_two_statements_and_says_so():
    """ESX Server 1.5's VMs run interoperably under ESX Server 1.0 (p. 26); interoperable VMs can be
    moved back and forth (p. 9). The way back joins the two, and the step says so."""
    from vmgraph.planning.planner import planner_for
    from vmgraph.pack.model import State
    from vmgraph.pack.sources import shipped_pack

    planner = planner_for(shipped_pack())
    state = State("ESX Server 1.0", 3, "ESX Server 1.5")
    home = next(t for t in planner.states.transitions_from(state) if t.target.product == "ESX Server 1.5" and t.is_move)
    assert any("can be moved back and forth (Understanding Product Generations, p. 9)" in i for i in home.inferences)
