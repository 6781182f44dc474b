"""Scale: the steps out of each state are worked out once per process and reused by
every question; caching changes no answer; bulk questions never fail on products
that cannot create VMs. (Timings live in benchmarks/scale.py, not here.)"""

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from vmgraph.planning import planner as planner_module
from vmgraph.overview.environment import plan_environment
from vmgraph.overview.matrix import Matrix
from vmgraph.planning.planner import Planner, plan
from vmgraph.planning.records import VM, Constraints, Request
from vmgraph.pack.sources import load_rules
from vmgraph.planning.state_graph import StateGraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import pack_text  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("pack") / "dense.toml"
    path.write_text(pack_text(120, "dense"))
    return load_rules([path], include_default=False)


def counting(monkeypatch) -> Counter:
    """Count how often each state's steps are worked out."""
    counts: Counter = Counter()
    original = StateGraph._steps_from

    def steps_from(self, state):
        counts[state] += 1
        return original(self, state)

    monkeypatch.setattr(StateGraph, "_steps_from", steps_from)
    return counts


def test_a_series_of_questions_works_out_each_states_steps_once(monkeypatch, pack):
    counts = counting(monkeypatch)
    planner = Planner(pack)
    plan_environment(("Workstation 3", "GSX Server 3", "Workstation 4", "Workstation 5.0", "ESX Server 2"), pack, planner)
    matrix = Matrix(pack, states=planner.states)
    for cell in matrix.cells():
        matrix.multi_hop(cell, planner)
    for source in ("GSX Server 1", "Workstation 3", "ESX Server 1.0"):
        planner.answer(Request(source, "Workstation 5", constraints=Constraints(reversible=True)), alternatives=2)
    assert counts and max(counts.values()) == 1


def test_plan_in_a_loop_loads_the_shipped_pack_once(monkeypatch):
    import vmgraph.pack.sources

    loads = []
    original = vmgraph.pack.sources.load_rules
    monkeypatch.setattr(vmgraph.pack.sources, "load_rules", lambda *a, **k: loads.append(1) or original(*a, **k))
    monkeypatch.setattr(vmgraph.pack.sources, "_SHIPPED", None)
    for target in ("ws5", "esx2", "gsx3", "ace", "player"):
        plan("ws4", target)
    assert len(loads) == 1


def test_plan_reuses_one_planner_per_pack_and_weights(pack):
    first = planner_module.planner_for(pack)
    assert planner_module.planner_for(pack) is first
    assert planner_module.planner_for(pack, {"copy": 2}) is not first


@pytest.mark.parametrize("which", ["guide", "synthetic"])
def test_caching_changes_no_answer(pack, synthetic, which):
    """The same questions asked of one long-lived planner and of a fresh one each time."""
    rules = pack if which == "guide" else synthetic
    names = list(rules.products)
    chance = random.Random(7)
    shared = Planner(rules)
    variants = [Constraints(), Constraints(reversible=True), Constraints(max_moves=2), Constraints(strict=True)]
    for _ in range(60):
        source, target = chance.choice(names), chance.choice(names)
        request = Request(source, target, constraints=chance.choice(variants))
        alternatives = chance.choice([0, 0, 2])
        assert shared.answer(request, alternatives) == Planner(rules).answer(request, alternatives), request


def test_synthetic_packs_are_valid_and_route_across_generations(synthetic):
    found = Planner(synthetic).answer(Request("P2-00001", "P5-00001"))
    assert found.found and found.moves >= 3 and found.count("one-way") == 2, "generation 2 to 4, then legacy mode on generation 5"


@pytest.mark.parametrize("product", ["VMware Player", "VMware ACE"])
def test_every_question_from_a_product_that_cannot_create_vms_is_answered(pack, product):
    """Relaxations from such products once ended in a traceback ('moves_as' of None)."""
    planner = Planner(pack)
    for hardware in sorted(pack.products[product].hardware_generations()):
        for target in pack.products:
            route = planner.answer(Request(product, target, VM(hardware=hardware)))
            assert route.found or route.reason


def test_the_console_script_collects_garbage_once_a_command_is_under_way():
    script = (
        "import gc, sys; sys.argv = ['vmgraph', 'environment', 'ws4', 'ws5.0']\n"
        "from vmgraph.cli import launch\n"
        "try:\n    launch.main()\nexcept SystemExit:\n    pass\n"
        "print('collector on' if gc.isenabled() else 'collector off')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "VMGRAPH_NO_CACHE": "1", "PATH": ""})
    assert result.stdout.strip().endswith("collector on"), result.stderr
