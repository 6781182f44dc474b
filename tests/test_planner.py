"""Routes: every cell of the guide's tables as a one-move route, the guide's multi-hop
cases, VM state, relaxations and errors."""

import pytest

import guide_tables
from vmgraph.errors import InvalidRequest, UnknownProduct
from vmgraph.pack.model import State
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM, Constraints

CELLS = list(guide_tables.cells())
ONE_MOVE = Constraints(max_moves=1)


def route(pack, source, target, vm=VM(), **constraints):
    return plan(source, target, vm=vm, constraints=Constraints(**constraints), pack=pack)


def tags(route):
    return [tag for step in route.steps for tag in step.tags]


@pytest.mark.parametrize("title,page,source,target,phrases", CELLS, ids=[f"p{c[1]}:{c[2]}->{c[3]}" for c in CELLS])
def test_every_table_cell_as_a_one_move_route(pack, title, page, source, target, phrases):
    found = route(pack, source, target, max_moves=1)
    if phrases == ["Not supported"]:
        assert not found.found
        return
    if guide_tables.LEGACY_VM in phrases:
        assert not found.found, "a native generation 5 VM cannot go to generation 4"
        found = route(pack, source, target, VM(hardware=4), max_moves=1)
    assert found.found and found.moves == 1
    moved = [step for step in found.steps if step.kind == "move"]
    assert moved[0].target.product == target
    used = tags(found)
    if guide_tables.EXPORT in phrases:
        assert "export" in used
    if guide_tables.IMPORT in phrases:
        assert "import" in used
    if phrases == ["OK"]:
        assert used == ["copy"]
    if guide_tables.MAYBE in phrases:
        assert "conditional" in used
        assert not route(pack, source, target, max_moves=1, strict=True).found
    if guide_tables.UPGRADE in phrases:
        assert "one-way" in used
        assert not route(pack, source, target, max_moves=1, reversible=True).found
    if guide_tables.UPGRADE_OR_LEGACY in phrases:
        assert "legacy" in used and "one-way" not in used, "legacy mode is cheaper than a one-way upgrade"
        assert route(pack, source, target, max_moves=1, reversible=True).found
    cited = (moved[0].reference.section, moved[0].reference.page)
    if source == target:
        assert cited == ("Same Product and Version", 8)
    elif guide_tables.LEGACY_VM not in phrases:
        assert cited in {(title, page), (title, page + 1)}


def test_same_product_is_one_copy_step(pack):
    found = route(pack, "Workstation 4", "ws4")
    assert [(s.tags, s.source, s.target) for s in found.steps] == [(("copy",), State("Workstation 4", 4, "Workstation 4"), State("Workstation 4", 4, "Workstation 4"))]
    assert found.steps[0].reference.section == "Same Product and Version"


def test_generation_2_to_5_goes_through_an_intermediate_product(pack):
    found = route(pack, "GSX Server 1", "Workstation 5")
    assert found.found and found.moves == 2
    middle = found.steps[0].target
    assert pack.products[middle.product].generation in (3, 4)
    assert found.count("one-way") >= 1
    assert found.steps[0].point_of_no_return


def test_generation_2_to_5_in_one_move_is_refused_with_the_guides_advice(pack):
    found = route(pack, "GSX Server 1", "Workstation 5", max_moves=1)
    assert not found.found
    assert any("intermediate" in (r.advice or "") for r in found.refusals)
    assert [r.change for r in found.relaxations] == ["--max-moves 2"]


def test_player_needs_a_prior_upgrade_on_a_product_that_creates_vms(pack):
    found = route(pack, "Workstation 3", "player")
    assert found.found
    upgrade_at = [s for s in found.steps if "one-way" in s.tags][0]
    assert pack.products[upgrade_at.target.product].can_create
    assert found.target.product == "VMware Player" and found.target.hardware in (4, 5)
    assert not route(pack, "Workstation 3", "player", max_moves=1).found


def test_a_legacy_vm_goes_back_but_a_native_one_cannot(pack):
    legacy = route(pack, "Workstation 4", "Workstation 3", VM(hardware=3))
    assert legacy.found and legacy.moves == 1 and tags(legacy) == ["copy"]
    native = route(pack, "Workstation 4", "Workstation 3")
    assert not native.found
    assert "--hardware 3" in [r.change for r in native.relaxations]


def test_reversible_route_keeps_legacy_mode(pack):
    found = route(pack, "Workstation 3", "Workstation 4", reversible=True)
    assert found.found and found.target == State("Workstation 4", 3, "Workstation 3") and "legacy" in tags(found)


def test_reversible_refusal_names_the_relaxation(pack):
    found = route(pack, "Workstation 3", "Workstation 5", reversible=True)
    assert not found.found
    assert found.relaxations[0].change == "drop --reversible"
    assert "one-way" in found.relaxations[0].description


def test_strict_refusal_names_the_relaxation(pack):
    found = route(pack, "ws4", "esx2-smp", strict=True)
    assert not found.found
    assert "drop --strict" in [r.change for r in found.relaxations]


def test_ace_vms_cannot_leave_ace(pack):
    found = route(pack, "ace", "ws4")
    assert not found.found
    assert "ACE" in found.reason and found.relaxations == ()


def test_smp_vm_goes_only_where_smp_runs(pack):
    assert not route(pack, "esx2-smp", "esx2", VM(smp=True)).found
    assert route(pack, "esx2-smp", "esx2-smp", VM(smp=True)).found
    found = route(pack, "Workstation 5.5", "Workstation 5.0", VM(smp=True))
    assert not found.found and "drop --smp" in [r.change for r in found.relaxations]


def test_smp_guest_needs_the_products_own_hardware(pack):
    with pytest.raises(InvalidRequest, match="Workstation 5.5 with generation 4 hardware does not run such a VM"):
        plan("ws5.5", "esx2-smp", vm=VM(smp=True, hardware=4), pack=pack)
    found = plan("esx2-smp", "ws5", vm=VM(smp=True), pack=pack)
    assert not found.found and "--hardware 3" not in [r.change for r in found.relaxations]


def test_64bit_guest_cannot_go_from_55_to_50(pack):
    refused = route(pack, "ws5.5", "ws5.0", VM(sixty_four_bit=True))
    assert not refused.found
    assert refused.reason.startswith("vmgraph's rules allow routes from Workstation 5.5 (generation 5 (vmx-04) hardware, created under Workstation 5.5) to Workstation 5.0, but not for this VM's guest.")
    assert [r.reference.page for r in refused.refusals] == [13]
    assert refused.refusals[0].reason.startswith("64-bit guest operating systems are supported by Workstation 5.5, not by Workstation 5.0")
    assert route(pack, "ws5.5", "ws5.0").found


def test_esx15_to_virtual_smp_warns_about_the_second_cpu(pack):
    found = route(pack, "esx1.5", "esx2-smp")
    assert "Cannot add second CPU" in found.steps[0].conditions


def test_snapshot_and_suspended_vm_are_prepared_before_an_import(pack):
    found = route(pack, "ws4", "esx2", VM(snapshot=True, suspended=True))
    kinds = [(s.kind, s.tags) for s in found.steps]
    assert kinds == [("prepare", ("prepare",)), ("prepare", ("prepare",)), ("move", ("import",))]
    assert "snapshot" in found.steps[0].instructions and "Power off" in found.steps[1].instructions


@pytest.mark.parametrize("mode,prepared", [("undoable", True), ("append", True), ("persistent", False), ("nonpersistent", False)])
def test_redo_logs_are_committed_before_an_export(pack, mode, prepared):
    found = route(pack, "esx2", "ws4", VM(disk_mode=mode))
    assert (found.steps[0].kind == "prepare" and "redo-log" in found.steps[0].instructions) == prepared


def test_3d_vm_gets_the_matching_tools(pack):
    found = route(pack, "ws4", "ws5.5", VM(three_d=True))
    assert found.steps[-1].kind == "prepare" and "Workstation 5.5" in found.steps[-1].instructions


def test_snapshot_is_removed_once(pack):
    found = route(pack, "ws3", "esx2-smp", VM(hardware=3, snapshot=True), max_moves=3)
    assert sum(1 for s in found.steps if "snapshot" in s.instructions) <= 1


def test_via_forces_the_intermediate_product(pack):
    found = route(pack, "gsx1", "ws5", via="Workstation 3") if False else plan("gsx1", "ws5", via="Workstation 3", pack=pack)
    assert "Workstation 3" in [s.target.product for s in found.steps]


def test_avoid_leaves_out_a_tag(pack):
    found = plan("esx2", "ws4", constraints=Constraints(avoid=frozenset({"export"})), pack=pack)
    assert not found.found or "export" not in tags(found)


def test_alternatives_are_distinct_and_ranked(pack):
    found = plan("gsx1", "ws5", alternatives=3, pack=pack)
    routes = [found, *found.alternatives]
    assert len(routes) >= 2
    paths = [tuple(s.target for s in r.steps) for r in routes]
    assert len(set(paths)) == len(paths)
    assert [r.cost for r in routes] == sorted(r.cost for r in routes)


def test_weights_change_the_route(pack):
    cheap_upgrades = plan("ws3", "ws4", weights={"one-way": 0, "legacy": 5}, pack=pack)
    assert "one-way" in tags(cheap_upgrades)
    assert "legacy" in tags(plan("ws3", "ws4", pack=pack))


def test_same_question_same_answer(pack):
    first = plan("gsx1", "ws5", alternatives=3, pack=pack)
    assert all(plan("gsx1", "ws5", alternatives=3, pack=pack) == first for _ in range(3))


def test_group_name_as_target_means_any_member(pack):
    found = plan("Workstation 5.0", "Workstation 5", pack=pack)
    assert found.found and found.moves == 1 and found.target.product == "Workstation 5.0"


def test_group_name_as_source_is_a_usage_error_naming_its_members(pack):
    with pytest.raises(InvalidRequest, match=r"'Workstation 5' names several products: a VM is on one of them \(Workstation 5.0, Workstation 5.5\)"):
        plan("ws5", "ws5.5", pack=pack)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"vm": VM(hardware=7)}, "vm.hardware=7: Workstation 4 does not run vmx-07 hardware (it runs generation 3, generation 4 (vmx-03))"),
        ({"vm": VM(hardware=5)}, "vm.hardware=5: Workstation 4 does not run generation 5 (vmx-04) hardware (it runs generation 3, generation 4 (vmx-03))"),
        ({"vm": VM(hardware=2)}, "vm.hardware=2: Workstation 4 does not run generation 2 hardware (it runs generation 3, generation 4 (vmx-03))"),
        ({"vm": VM(smp=True)}, "vm.smp=True: Workstation 4 with generation 4 hardware does not run such a VM (only ESX Server 2 with Virtual SMP, Workstation 5.5 do, with their own hardware generation)"),
        ({"vm": VM(disk_mode="sticky")}, "vm.disk_mode=sticky: expected one of persistent, nonpersistent, undoable, append"),
        ({"constraints": Constraints(max_moves=0)}, "constraints.max_moves=0: must be 1 or more"),
        ({"constraints": Constraints(avoid=frozenset({"teleport"}))}, "constraints.avoid=teleport: expected one of copy, export, import, legacy, convert, one-way, conditional"),
        ({"alternatives": -1}, "alternatives=-1: must be 0 or more"),
        ({"weights": {"speed": 1}}, "weights['speed']: unknown tag (expected one of prepare, copy, export, import, legacy, convert, one-way, conditional)"),
        ({"weights": {"copy": -1}}, "weights['copy']=-1: a weight is a number from 0 to 1000000"),
    ],
    ids=["hardware-range", "hardware-newer", "hardware-not-run", "smp-source", "disk-mode", "max-moves", "avoid", "alternatives", "weight-tag", "weight-value"],
)
def test_error_invalid_request(pack, kwargs, message):
    with pytest.raises(InvalidRequest) as error:
        plan("ws4", "ws5", pack=pack, **kwargs)
    assert str(error.value) == message


def test_error_unknown_product_suggests_names(pack):
    with pytest.raises(UnknownProduct) as error:
        plan("Workstation 44", "ws5", pack=pack)
    assert error.value.suggestions[0] == "Workstation 4"
    assert str(error.value).startswith("unknown product 'Workstation 44'; did you mean 'Workstation 4'")
