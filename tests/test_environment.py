"""The environment planner on the guide's own examples, its JSON contract and errors."""

import json

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.overview.environment import plan_environment
from vmgraph.errors import InvalidRequest
from vmgraph.overview.matrix import Matrix

runner = CliRunner()


def test_generations_3_and_4_share_generation_3_vms(pack):
    """Page 23: create under generation 3, run in legacy mode under generation 4."""
    plan = plan_environment(("Workstation 3", "GSX Server 2", "Workstation 4", "GSX Server 3"), pack)
    assert (plan.hardware, plan.create_under, plan.two_way_pairs) == (3, "Workstation 3", 12)
    assert plan.groups == (("Workstation 3", "GSX Server 2", "Workstation 4", "GSX Server 3"),)
    ws3_to_ws4 = next(p for p in plan.pairs if (p.source, p.target) == ("Workstation 3", "Workstation 4"))
    assert "legacy" in ws3_to_ws4.route.steps[0].tags


def test_generations_4_and_5_share_generation_4_vms(pack):
    plan = plan_environment(("Workstation 4", "Workstation 5.5"), pack)
    assert (plan.hardware, plan.create_under, plan.two_way_pairs) == (4, "Workstation 4", 2)
    assert all(p.reversible for p in plan.pairs)


def test_legacy_vm_creator_when_the_site_has_only_generation_5(pack):
    plan = plan_environment(("Workstation 5.0", "VMware Player"), pack)
    assert plan.hardware == 5 and plan.create_under == "Workstation 5.0"


def test_a_mix_that_skips_a_generation_is_never_two_way(pack):
    plan = plan_environment(("Workstation 3", "Workstation 5.0"), pack)
    assert plan.two_way_pairs == 0
    assert plan.hardware is None and plan.create_under is None, "no recommendation for zero two-way pairs"
    assert all(p.why.startswith("skips a generation: Workstation 3 (generation 3) and Workstation 5.0 (generation 5)") for p in plan.pairs)
    assert any("skips a generation" in note for note in plan.notes)


def test_three_generations_tie_goes_to_the_newer_hardware(pack):
    plan = plan_environment(("Workstation 3", "GSX Server 3", "Workstation 4", "Workstation 5.0"), pack)
    assert plan.scores == {2: 0, 3: 6, 4: 6, 5: 0}
    assert plan.hardware == 4 and plan.groups == (("GSX Server 3", "Workstation 4", "Workstation 5.0"),)


def test_only_hardware_the_site_runs_is_a_candidate(pack):
    plan = plan_environment(("Workstation 4", "VMware ACE"), pack)
    assert sorted(plan.scores) == [3, 4] and plan.hardware is None


def test_a_pair_reachable_only_by_an_upgrade_is_one_way_with_its_route(pack):
    plan = plan_environment(("Workstation 3", "Workstation 5.0", "Workstation 5.5"), pack)
    ws3_to_ws5 = next(p for p in plan.pairs if (p.source, p.target) == ("Workstation 3", "Workstation 5.0"))
    assert ws3_to_ws5.verdict == "one-way" and ws3_to_ws5.route.count("one-way") == 1
    back = next(p for p in plan.pairs if (p.source, p.target) == ("Workstation 5.0", "Workstation 3"))
    assert back.verdict == "no" and back.route is None


def test_a_set_with_no_two_way_pair_says_so_instead_of_recommending():
    result = runner.invoke(app, ["environment", "ace", "player"])
    assert result.exit_code == 0
    assert "No recommendation: no hardware generation lets VMs move both ways between any two of these products" in result.stdout
    assert "created under None" not in result.stdout and "generation None" not in result.stdout
    data = json.loads(runner.invoke(app, ["environment", "ace", "player", "--format", "json"]).stdout)
    assert data["recommended"] == {"hardware": None, "create_under": None, "two_way_pairs": 0, "two_way_pairs_inferred": 0, "guide_says_otherwise": []}


def test_ace_is_never_two_way(pack):
    plan = plan_environment(("Workstation 4", "VMware ACE"), pack)
    ws4_to_ace = next(p for p in plan.pairs if p.source == "Workstation 4")
    assert ws4_to_ace.found and not ws4_to_ace.reversible
    ace_out = next(p for p in plan.pairs if p.source == "VMware ACE")
    assert not ace_out.found and "ACE" in ace_out.why


def test_environment_json_contract():
    result = runner.invoke(app, ["environment", "ws4", "ws5", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["products"] == ["Workstation 4", "Workstation 5.0", "Workstation 5.5"]
    assert data["recommended"] == {"hardware": 4, "create_under": "Workstation 4", "two_way_pairs": 6, "two_way_pairs_inferred": 2, "guide_says_otherwise": []}
    assert len(data["pairs"]) == 6
    for pair in data["pairs"]:
        assert {"from", "to", "found", "reversible", "route"} <= set(pair)
        assert all({"from", "to", "tags", "instructions", "reference"} <= set(step) for step in pair["route"])
    assert data["groups"] == [["Workstation 4", "Workstation 5.0", "Workstation 5.5"]]
    assert isinstance(data["notes"], list) and data["notes"]


def test_environment_text_and_markdown():
    text = runner.invoke(app, ["environment", "ws3", "ws5.0"]).stdout
    assert "never two-way: skips a generation" in text
    markdown = runner.invoke(app, ["environment", "ws3", "ws4", "--format", "markdown"]).stdout
    assert "| Workstation 3 | Workstation 4 | both ways | 1 move: copy, legacy |  |" in markdown


@pytest.mark.parametrize(
    "args,message",
    [
        (["environment", "ws4", "Workstaton 5"], "vmgraph: error: unknown product 'Workstaton 5'; did you mean 'Workstation 5'"),
        (["environment", "ws4"], "vmgraph: error: name at least two products: an environment is about moving VMs between them"),
        (["environment", "ws4", "Workstation 4"], "vmgraph: error: name at least two products: an environment is about moving VMs between them"),
    ],
    ids=["unknown", "one-product", "same-product-twice"],
)
def test_error_environment_usage(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.stderr.startswith(message)


def test_error_environment_needs_two_products_in_the_core(pack):
    with pytest.raises(InvalidRequest):
        plan_environment(("Workstation 4",), pack)


def test_matrix_multi_hop_fills_refused_cells(pack):
    matrix = Matrix(pack)
    detour = matrix.multi_hop(matrix.cell("GSX Server 1", "Workstation 5.0"))
    assert detour.moves == 2 and detour.one_way >= 1
    assert detour.text.startswith("via ") and ": 2 moves, " in detour.text
    assert matrix.multi_hop(matrix.cell("VMware ACE", "Workstation 4") if "VMware ACE" in matrix.rows() else matrix.cell("Workstation 4", "Workstation 3")) is None
    assert matrix.multi_hop(matrix.cell("Workstation 4", "Workstation 5.0")) is None, "supported cells are left as the guide has them"


def test_matrix_multi_hop_cli():
    data = json.loads(runner.invoke(app, ["matrix", "--products", "gsx1,ws5.0", "--multi-hop", "--format", "json"]).stdout)
    cell = next(c for c in data["cells"] if c["from"] == "GSX Server 1" and c["to"] == "Workstation 5.0")
    assert cell["supported"] is False
    assert cell["text"] == "Not supported; " + cell["multi_hop"]["text"]
    assert cell["multi_hop"]["moves"] == 2


def test_a_headline_says_when_its_pairs_rest_on_inferences_and_the_guide_says_otherwise():
    """Issue 19: pp. 14 and 18 say VMs on ESX Server with Virtual SMP cannot be moved to other products."""
    text = runner.invoke(app, ["environment", "esx2", "esx2-smp"]).stdout
    assert "2 of 2 ordered pairs move both ways, 2 of them only by vmgraph's inferences; the guide says otherwise: VMware does not support moving VMs from ESX Server with Virtual SMP" in text
    assert "(Generation 4 to Generation 4, p. 18; Generation 4 to Generation 5, p. 14)." in text
