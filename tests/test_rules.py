"""The rule pack loader: the shipped pack, and one test per kind of bad data."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vmgraph.errors import RuleError
from vmgraph.rules import default_rules_dir, load_rules

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_pack_loads(pack):
    assert len(pack.products) == 15
    assert pack.products["VMware Player"].can_create is False
    assert pack.products["ESX Server 1.1"].generation == 2
    assert pack.groups["Workstation 5"].members == ("Workstation 5.0", "Workstation 5.5")


@pytest.mark.parametrize(
    "typed,meaning",
    [
        ("ws4", ("Workstation 4",)),
        ("WS4", ("Workstation 4",)),
        ("VMware Workstation 4", ("Workstation 4",)),
        ("gsx3", ("GSX Server 3",)),
        ("esx2", ("ESX Server 2",)),
        ("esx2-smp", ("ESX Server 2 with Virtual SMP",)),
        ("ESX 2 SMP", ("ESX Server 2 with Virtual SMP",)),
        ("ace", ("VMware ACE",)),
        ("player", ("VMware Player",)),
        ("esx1.1", ("ESX Server 1.1",)),
        ("Workstation 5", ("Workstation 5.0", "Workstation 5.5")),
        ("ws5.5", ("Workstation 5.5",)),
    ],
)
def test_names_people_type(pack, typed, meaning):
    from vmgraph.names import resolve

    assert resolve(pack, typed) == meaning


def test_every_entry_cites_the_guide(pack):
    references = [p.reference for p in pack.products.values()]
    references += [m.reference for m in pack.moves] + [r.reference for r in pack.refusals]
    references += [f.reference for f in pack.features.values()] + [p.reference for p in pack.preparations]
    assert all(r.section and 5 <= r.page <= 28 for r in references)


def test_inferences_are_marked_with_reasoning(pack):
    player_back = next(m for m in pack.moves if m.source == "VMware Player" and m.target == "Workstation 5.0")
    assert "Player" in player_back.reference.inferred
    assert pack.products["ESX Server 1.1"].reference.inferred


# -- bad rule files: each problem named by file, entry, field and line

MINIMAL = """\
schema = 1
[same_product]
source = { section = "Same Product and Version", page = 8 }

[[product]]
name = "Alpha"
generation = 3
family = "Workstation"
aliases = ["a"]
source = { section = "S", page = 9 }

[[product]]
name = "Beta"
generation = 4
family = "Workstation"
source = { section = "S", page = 9 }
"""


MOVE = '[[move]]\nfrom = ["Alpha"]\nto = ["Beta"]\ntransfer = "copy"\nhardware = ["upgrade"]\nsource = { section = "S", page = 1 }\n'
REFUSAL = '[[refusal]]\nfrom = ["Alpha"]\nto = ["Beta"]\nreason = "No."\nsource = { section = "S", page = 1 }\n'


def load_text(tmp_path, text, name="site.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return load_rules([path], include_default=False)


def problems(tmp_path, extra, base=MINIMAL):
    with pytest.raises(RuleError) as error:
        load_text(tmp_path, base + textwrap.dedent(extra))
    return [str(p) for p in error.value.problems]


def test_minimal_pack_loads(tmp_path):
    pack = load_text(tmp_path, MINIMAL)
    assert list(pack.products) == ["Alpha", "Beta"]


def test_error_syntax(tmp_path):
    found = problems(tmp_path, "[[move]\n")
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'site.toml'}:17: TOML syntax error:")


def test_error_unknown_key(tmp_path):
    found = problems(tmp_path, '[[move]]\nfrom = ["Alpha"]\nto = ["Beta"]\ntransfer = "copy"\nhardware = ["upgrade"]\nspeed = 3\nsource = { section = "S", page = 1 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:22: move #1: field 'speed': unknown field (expected one of caveats, condition, created_with, from, hardware, inferred, source, to, transfer)"]


def test_error_unknown_top_level_key(tmp_path):
    found = problems(tmp_path, "[[moves]]\nfrom = 1\n")
    assert found == [f"{tmp_path / 'site.toml'}:17: unknown key 'moves' (expected one of feature, group, move, preparation, product, refusal, same_product, schema, summary)"]


def test_error_unknown_product_reference(tmp_path):
    found = problems(tmp_path, '[[move]]\nfrom = ["Alpah"]\nto = ["Beta"]\ntransfer = "copy"\nhardware = ["upgrade"]\nsource = { section = "S", page = 1 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:18: move #1: field 'from': unknown product 'Alpah' (did you mean 'Alpha'?)"]


def test_error_unknown_tag(tmp_path):
    found = problems(tmp_path, '[[move]]\nfrom = ["Alpha"]\nto = ["Beta"]\ntransfer = "teleport"\nsource = { section = "S", page = 1 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:20: move #1: field 'transfer': unknown value 'teleport' (expected copy, export, import)"]


def test_error_missing_provenance(tmp_path):
    found = problems(tmp_path, '[[move]]\nfrom = ["Alpha"]\nto = ["Beta"]\ntransfer = "copy"\nhardware = ["upgrade"]\n')
    assert found == [f"{tmp_path / 'site.toml'}:17: move #1: field 'source': missing required field"]


def test_error_provenance_without_page(tmp_path):
    found = problems(tmp_path, '[[move]]\nfrom = ["Alpha"]\nto = ["Beta"]\ntransfer = "copy"\nhardware = ["upgrade"]\nsource = { section = "S" }\n')
    assert found == [f"{tmp_path / 'site.toml'}:22: move #1: field 'source': source needs 'page', a page number of the guide"]


def test_error_duplicate_product(tmp_path):
    found = problems(tmp_path, '[[product]]\nname = "Alpha"\ngeneration = 2\nfamily = "GSX"\nsource = { section = "S", page = 9 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:18: product 'Alpha': field 'name': duplicate product (first defined in {tmp_path / 'site.toml'} as product 'Alpha')"]


def test_error_duplicate_alias(tmp_path):
    found = problems(tmp_path, '[[product]]\nname = "Gamma"\ngeneration = 2\nfamily = "GSX"\naliases = ["A"]\nsource = { section = "S", page = 9 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:21: product 'Gamma': field 'aliases': duplicate name 'A': it already means Alpha"]


def test_error_duplicate_move(tmp_path):
    found = problems(tmp_path, MOVE + MOVE)
    assert found == [f"{tmp_path / 'site.toml'}:25: move #2: field 'to': duplicate move Alpha -> Beta (also in {tmp_path / 'site.toml'}, move #1)"]


def test_error_contradiction(tmp_path):
    found = problems(tmp_path, MOVE + REFUSAL)
    assert found == [f"{tmp_path / 'site.toml'}:25: refusal #1: field 'to': contradiction: Alpha -> Beta is allowed by move #1 in {tmp_path / 'site.toml'} (mark the refusal 'policy = true' to override it)"]


def test_policy_refusal_overrides_a_move(tmp_path):
    pack = load_text(tmp_path, MINIMAL + MOVE + REFUSAL.replace('reason = "No."', 'reason = "Site policy."\npolicy = true'))
    from vmgraph.planner import plan

    assert not plan("Alpha", "Beta", pack=pack).found


def test_error_impossible_generation(tmp_path):
    found = problems(tmp_path, '[[product]]\nname = "Omega"\ngeneration = 7\nfamily = "GSX"\nsource = { section = "S", page = 9 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:19: product 'Omega': field 'generation': generation 7 is impossible (the guide's generations are 2 to 5)"]


def test_error_upgrade_to_an_older_generation(tmp_path):
    found = problems(tmp_path, '[[move]]\nfrom = ["Beta"]\nto = ["Alpha"]\ntransfer = "copy"\nhardware = ["upgrade"]\nsource = { section = "S", page = 1 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:21: move #1: field 'hardware': Beta -> Alpha: cannot upgrade generation 4 hardware on a generation 3 product"]


def test_error_export_between_hosted_products(tmp_path):
    found = problems(tmp_path, '[[move]]\nfrom = ["Alpha"]\nto = ["Beta"]\ntransfer = "export"\nhardware = ["upgrade"]\nsource = { section = "S", page = 1 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:20: move #1: field 'transfer': Alpha -> Beta: 'export' takes ESX disks to a hosted product"]


def test_error_wrong_type(tmp_path):
    found = problems(tmp_path, '[[product]]\nname = "Omega"\ngeneration = "four"\nfamily = "GSX"\nsource = { section = "S", page = 9 }\n')
    assert found == [f"{tmp_path / 'site.toml'}:19: product 'Omega': field 'generation': expected a whole number, got text 'four'"]


def test_error_missing_schema(tmp_path):
    found = problems(tmp_path, "", base=MINIMAL.replace("schema = 1\n", ""))
    assert found == [f"{tmp_path / 'site.toml'}: field 'schema': missing 'schema = 1'"]


def test_error_every_problem_is_reported(tmp_path):
    extra = (
        '[[move]]\nfrom = ["Nope"]\nto = ["Beta"]\ntransfer = "copy"\nsource = { section = "S", page = 1 }\n'
        '[[refusal]]\nfrom = ["Alpha"]\nto = ["Nada"]\nreason = "x"\nsource = { section = "S", page = 1 }\n'
    )
    assert len(problems(tmp_path, extra)) == 2


def test_error_missing_path(tmp_path):
    with pytest.raises(RuleError) as error:
        load_rules([tmp_path / "nowhere.toml"])
    assert str(error.value.problems[0]) == f"{tmp_path / 'nowhere.toml'}: no such file or folder"


def test_site_pack_adds_a_product_on_top_of_the_shipped_one(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(textwrap.dedent('''\
        schema = 1
        [[product]]
        name = "Lab Workstation 4"
        generation = 4
        family = "Workstation"
        aliases = ["lab4"]
        source = { section = "Understanding Product Generations", page = 9, inferred = "Our lab build of Workstation 4." }
        [[move]]
        from = ["Workstation 4"]
        to = ["Lab Workstation 4"]
        transfer = "copy"
        source = { section = "Generation 4 to Generation 4", page = 18, inferred = "Same product as Workstation 4." }
    '''))
    pack = load_rules([site])
    from vmgraph.planner import plan

    found = plan("gsx1", "lab4", pack=pack)
    assert found.found and found.target.product == "Lab Workstation 4"


def test_rules_ship_inside_the_wheel(tmp_path):
    """A plain (non-editable) install carries the rule files and finds them."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)], check=True, capture_output=True)
    shipped = sorted(p.name for p in (target / "vmgraph" / "_rules").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "rules").iterdir())
    probe = "import vmgraph.rules as r; p = r.load_rules(); print(r.default_rules_dir(), len(p.products))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(target), "VMGRAPH_NO_CACHE": "1", "PATH": ""}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    folder, count = result.stdout.split()
    assert Path(folder) == target / "vmgraph" / "_rules" and count == "15"


def test_default_rules_dir_in_a_checkout():
    assert default_rules_dir() in (ROOT / "rules", ROOT / "vmgraph" / "_rules")


def test_pack_cache_returns_the_same_pack(tmp_path, monkeypatch):
    monkeypatch.delenv("VMGRAPH_NO_CACHE")
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(tmp_path))
    built = load_rules()
    assert len(list(tmp_path.glob("pack-*.marshal"))) == 1
    cached = load_rules()
    assert cached == built and type(cached.products["Workstation 4"].reference).__name__ == "Reference"
    from vmgraph.planner import plan

    assert plan("gsx1", "ws5", pack=cached) == plan("gsx1", "ws5", pack=built)


def test_pack_cache_misses_when_a_rule_file_changes(tmp_path, monkeypatch):
    monkeypatch.delenv("VMGRAPH_NO_CACHE")
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site.toml"
    site.write_text(MINIMAL)
    assert list(load_rules([site], include_default=False).products) == ["Alpha", "Beta"]
    site.write_text(MINIMAL.replace('"Beta"', '"Gamma"'))
    assert list(load_rules([site], include_default=False).products) == ["Alpha", "Gamma"]
