"""The library's arguments: checked before any search, errors in the API's own words."""

import pytest

from vmgraph.errors import InvalidArgumentType, InvalidArgumentValue, UnknownProduct, VmgraphError
from vmgraph.pack.weights import check_weights
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM, Constraints


@pytest.mark.parametrize(
    "args,kwargs,error,message",
    [
        ((None, "ws5"), {}, TypeError, "source=None: expected a product name (str), e.g. 'ws4' or 'Workstation 4'"),
        (("ws4", 5), {}, TypeError, "target=5: expected a product name (str), e.g. 'ws4' or 'Workstation 4'"),
        (("ws4", "ws5"), {"alternatives": None}, TypeError, "alternatives=None: expected a whole number (int) of 0 or more"),
        (("ws4", "ws5"), {"alternatives": 1.5}, TypeError, "alternatives=1.5: expected a whole number (int) of 0 or more"),
        (("ws4", "ws5"), {"vm": {"smp": True}}, TypeError, "vm={'smp': True}: expected a vmgraph.VM or None"),
        (("ws4", "ws5"), {"vm": VM(hardware=4.0)}, TypeError, "vm.hardware=4.0: expected a hardware version ('vmx-19', 'hw13', a number), a generation ('gen4') or None"),
        (("ws4", "ws5"), {"vm": VM(hardware="vmx-5")}, ValueError, "vm.hardware=vmx-5: there is no hardware version 5 (VMware skipped it: versions go 3, 4, 6, 7, ...)"),
        (("ws4", "ws5"), {"vm": VM(smp="yes")}, TypeError, "vm.smp='yes': expected True or False"),
        (("ws4", "ws5"), {"constraints": "strict"}, TypeError, "constraints='strict': expected a vmgraph.Constraints or None"),
        (("ws4", "ws5"), {"constraints": Constraints(max_moves=True)}, TypeError, "constraints.max_moves=True: expected a whole number (int) or None"),
        (("ws4", "ws5"), {"constraints": Constraints(avoid=5)}, TypeError, "constraints.avoid=5: expected a str or a collection of str"),
        (("ws4", "ws5"), {"constraints": Constraints(avoid="c")}, ValueError, "constraints.avoid=c: expected one of copy, export, import, legacy, convert, one-way, conditional"),
        (("ws4", "ws5"), {"weights": [("copy", 1)]}, TypeError, "weights=[('copy', 1)]: expected a mapping of tag to number, e.g. {'one-way': 20}"),
        (("ws4", "ws5"), {"weights": {"copy": "2"}}, TypeError, "weights['copy']='2': a weight is a number"),
        (("ws4", "ws5"), {"weights": {"copy": float("inf")}}, ValueError, "weights['copy']=inf: a weight is a number from 0 to 1000000"),
        (("ws4", "ws5"), {"weights": {"copy": float("nan")}}, ValueError, "weights['copy']=nan: a weight is a number from 0 to 1000000"),
        (("ws4", "ws5"), {"weights": {"copy": 1e300}}, ValueError, "weights['copy']=1e+300: a weight is a number from 0 to 1000000"),
        (("ws4", "ws5"), {"pack": "rules"}, TypeError, "pack='rules': expected a RulePack (from load_rules()) or None"),
        (("ws4", "ws5"), {"via": "ws3", "constraints": Constraints(via=("Workstation 3",))}, ValueError, "via=ws3: give via or constraints.via, not both"),
    ],
    ids=[
        "source-none", "target-int", "alternatives-none", "alternatives-float", "vm-dict", "hardware-float", "hardware-vmx-5", "smp-str",
        "constraints-str", "max-moves-bool", "avoid-int", "avoid-letter", "weights-list", "weight-str", "weight-inf",
        "weight-nan", "weight-huge", "pack-str", "via-twice",
    ],
)
def test_error_arguments_in_api_terms(pack, args, kwargs, error, message):
    kwargs.setdefault("pack", pack)
    with pytest.raises(error) as raised:
        plan(*args, **kwargs)
    assert str(raised.value) == message
    assert isinstance(raised.value, VmgraphError) and "--" not in str(raised.value)


def test_errors_are_type_and_value_errors():
    assert issubclass(InvalidArgumentType, TypeError) and issubclass(InvalidArgumentValue, ValueError)
    assert issubclass(UnknownProduct, ValueError)


def test_none_means_the_default(pack):
    assert plan("gsx1", "ws5", vm=None, constraints=None, via=None, weights=None, pack=pack) == plan("gsx1", "ws5", pack=pack)


def test_a_str_is_one_item(pack):
    as_str = plan("gsx1", "ws5", constraints=Constraints(avoid="legacy"), pack=pack)
    assert as_str == plan("gsx1", "ws5", constraints=Constraints(avoid=frozenset({"legacy"})), pack=pack)
    assert as_str.found and not any("legacy" in step.tags for step in as_str.steps)


def test_via_takes_names_as_people_type_them(pack):
    by_name = plan("gsx1", "ws5", constraints=Constraints(via="Workstation 3"), pack=pack)
    assert by_name.found and "Workstation 3" in [step.target.product for step in by_name.steps]
    assert plan("gsx1", "ws5", constraints=Constraints(via="ws3"), pack=pack) == by_name
    assert plan("gsx1", "ws5", via="ws3", pack=pack) == by_name
    assert plan("gsx1", "ws5", via=["ws3"], pack=pack) == by_name
    with pytest.raises(UnknownProduct):
        plan("gsx1", "ws5", constraints=Constraints(via="Workstation 33"), pack=pack)


def test_tags_and_disk_modes_ignore_case(pack):
    upper = plan("esx2", "ws5", vm=VM(disk_mode="Undoable"), constraints=Constraints(avoid={"LEGACY"}), weights={"One-Way": 1}, pack=pack)
    lower = plan("esx2", "ws5", vm=VM(disk_mode="undoable"), constraints=Constraints(avoid={"legacy"}), weights={"one-way": 1}, pack=pack)
    assert upper == lower and upper.found


@pytest.mark.parametrize("value", [0, 0.0, 1_000_000, 2.5])
def test_weights_within_bounds(value):
    assert check_weights({"copy": value})["copy"] == value


def test_route_costs_stay_finite_at_the_largest_weights(pack):
    import json
    import math

    heavy = {tag: 1_000_000 for tag in ("copy", "export", "import", "legacy", "one-way", "conditional", "prepare")}
    found = plan("gsx1", "esx2-smp", vm=VM(snapshot=True), alternatives=2, weights=heavy, pack=pack)
    assert found.found and math.isfinite(found.cost)
    from vmgraph.render.routes import to_json

    json.loads(to_json(found), parse_constant=lambda word: pytest.fail(f"{word} in JSON"))
