"""The rule pack loader: the shipped pack, and one test per kind of bad data."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vmgraph.errors import RuleError
from vmgraph.pack.sources import default_rules_dir, load_rules

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_pack_loads(pack):
    assert len(pack.products) == 81
    assert sum(not p.is_today for p in pack.products.values()) == 15
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
    from vmgraph.pack.names import resolve

    assert resolve(pack, typed) == meaning


def test_every_entry_of_the_guides_pack_cites_the_guide():
    pack = load_rules(ROOT / "rules", include_default=False)
    references = [p.reference for p in pack.products.values()]
    references += [m.reference for m in pack.moves] + [r.reference for r in pack.refusals]
    references += [f.reference for f in pack.features.values()] + [p.reference for p in pack.preparations]
    assert all(r.section and 5 <= r.page <= 28 for r in references)


def test_every_entry_of_todays_pack_cites_a_source_by_address():
    pack = load_rules(ROOT / "rules" / "today", include_default=False)
    references = [p.reference for p in pack.products.values()] + [m.reference for m in pack.moves]
    references += [r.reference for p in pack.products.values() for r in p.runs] + [ref for p in pack.products.values() for _, ref in p.lacks]
    assert references and all(r.url.startswith(("http://", "https://")) and r.title and r.section is None for r in references)


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
    assert found == [f"{tmp_path / 'site.toml'}:22: move #1: field 'speed': unknown field (expected one of by, caveats, caveats_when, condition, created_with, from, hardware, inferred, says, source, to, tool, transfer)"]


def test_error_unknown_top_level_key(tmp_path):
    found = problems(tmp_path, "[[moves]]\nfrom = 1\n")
    assert found == [f"{tmp_path / 'site.toml'}:17: unknown key 'moves' (expected one of feature, group, move, platform, preparation, product, refusal, same_product, schema, summary, today, tool)"]


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
    from vmgraph.planning.planner import plan

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
    from vmgraph.planning.planner import plan

    found = plan("gsx1", "lab4", pack=pack)
    assert found.found and found.target.product == "Lab Workstation 4"


def test_rules_ship_inside_the_wheel(tmp_path):
    """A plain (non-editable) install carries the rule files and finds them."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)], check=True, capture_output=True)
    shipped = sorted(p.name for p in (target / "vmgraph" / "_rules").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "rules").iterdir())
    probe = "import vmgraph.pack.sources as r; p = r.load_rules(); print(r.default_rules_dir(), len(p.products))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(target), "VMGRAPH_NO_CACHE": "1", "PATH": ""}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    folder, count = result.stdout.split()
    assert Path(folder) == target / "vmgraph" / "_rules" and count == "81"


def test_default_rules_dir_in_a_checkout():
    assert default_rules_dir() in (ROOT / "rules", ROOT / "vmgraph" / "_rules")


def test_pack_cache_returns_the_same_pack(tmp_path, monkeypatch):
    monkeypatch.delenv("VMGRAPH_NO_CACHE")
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(tmp_path))
    built = load_rules()
    assert len(list(tmp_path.glob("pack-*.pickle"))) == 1
    cached = load_rules()
    assert cached == built and type(cached.products["Workstation 4"].reference).__name__ == "Reference"
    from vmgraph.planning.planner import plan

    assert plan("gsx1", "ws5", pack=cached) == plan("gsx1", "ws5", pack=built)


def test_pack_cache_misses_when_a_rule_file_changes(tmp_path, monkeypatch):
    monkeypatch.delenv("VMGRAPH_NO_CACHE")
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site.toml"
    site.write_text(MINIMAL)
    assert list(load_rules([site], include_default=False).products) == ["Alpha", "Beta"]
    site.write_text(MINIMAL.replace('"Beta"', '"Gamma"'))
    assert list(load_rules([site], include_default=False).products) == ["Alpha", "Gamma"]


# -- hostile files: one clear problem each, never a hang or a traceback


def file_problems(*paths, include_default=False):
    from vmgraph.errors import RuleFileError

    with pytest.raises(RuleFileError) as error:
        load_rules(list(paths), include_default=include_default)
    return [str(p) for p in error.value.problems]


@pytest.mark.parametrize("nested", ["[" * 600 + "]" * 600, "{a = " * 600 + "1" + " }" * 600], ids=["arrays", "inline-tables"])
def test_error_nesting_too_deep(tmp_path, nested):
    found = problems(tmp_path, f"x = {nested}\n")
    assert found == [f"{tmp_path / 'site.toml'}: arrays or tables nested too deeply to read (rule data nests a few levels at most)"]


def test_error_fifo_in_a_rules_folder_is_named_not_read(tmp_path):
    (tmp_path / "a.toml").write_text(MINIMAL)
    os.mkfifo(tmp_path / "b.toml")
    assert file_problems(tmp_path) == [f"{tmp_path / 'b.toml'}: not a regular file (a FIFO); a rule file is a regular file"]


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda p: os.mkfifo(p), "not a regular file or folder (a FIFO)"),
        (lambda p: p.symlink_to("/dev/null"), "not a regular file or folder (a character device)"),
        (lambda p: p.symlink_to(p), "a symbolic link loop"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "a broken symbolic link"),
        (lambda p: None, "no such file or folder"),
    ],
    ids=["fifo", "device", "symlink-loop", "broken-symlink", "missing"],
)
def test_error_path_that_is_not_a_rule_file(tmp_path, make, message):
    path = tmp_path / "site.toml"
    make(path)
    assert file_problems(path) == [f"{path}: {message}"]


def test_error_folder_without_rule_files(tmp_path):
    (tmp_path / ".hidden.toml").write_text(MINIMAL)  # editors' lock and backup files are skipped
    assert file_problems(tmp_path) == [f"{tmp_path}: folder holds no .toml rule files"]


def test_error_file_too_large(tmp_path, monkeypatch):
    import vmgraph.pack.sources

    monkeypatch.setattr(vmgraph.pack.sources, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "site.toml"
    path.write_text(MINIMAL + "# " + "x" * 1000 + "\n")
    assert file_problems(path) == [f"{path}: larger than 1,000 bytes: too large for a rule file"]


def test_the_same_file_named_twice_is_read_once(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(MINIMAL)
    (tmp_path / "link.toml").symlink_to(site)
    pack = load_rules([site, tmp_path, str(site)], include_default=False)
    assert pack.files == (str(site),) and list(pack.products) == ["Alpha", "Beta"]
    assert load_rules([default_rules_dir(), default_rules_dir() / "products.toml"]).files == load_rules().files


@pytest.mark.parametrize(
    "value,message",
    [
        ("true", "schema must be the whole number 1, not true"),
        ("1.0", "schema must be the whole number 1, not 1.0"),
        ('"1"', "schema must be the whole number 1, not '1'"),
        ("2", "schema 2 is not supported (this vmgraph reads schema 1)"),
    ],
    ids=["bool", "float", "text", "two"],
)
def test_error_schema_is_the_whole_number_1(tmp_path, value, message):
    found = problems(tmp_path, "", base=MINIMAL.replace("schema = 1\n", f"schema = {value}\n"))
    assert found == [f"{tmp_path / 'site.toml'}: field 'schema': {message}"]


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "site.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert list(load_rules([path], include_default=False).products) == ["Alpha", "Beta"]


GAMMA = '[[product]]\nname = "Gamma"\ngeneration = 2\nfamily = "GSX"\naliases = ["g"]\nsource = { section = "S", page = 9 }\n'


@pytest.mark.parametrize(
    "typed,field,shown_as,code",
    [
        ('name = "Gam\\nma"', "name", "Gam\\nma", "000A"),
        ('aliases = ["g\\u001b[31m"]', "aliases", "g\\x1b[31m", "001B"),
        ('name = "Gam\\u2028ma"', "name", "Gam\\u2028ma", "2028"),
    ],
    ids=["newline-in-name", "escape-in-alias", "line-separator"],
)
def test_error_control_characters_in_names(tmp_path, typed, field, shown_as, code):
    entry = GAMMA.replace('name = "Gamma"' if field == "name" else 'aliases = ["g"]', typed)
    found = problems(tmp_path, entry)
    assert len(found) == 1
    assert f"field '{field}': control character U+{code} in '{shown_as}' (rule text is one line of printable characters)" in found[0]
    assert "\n" not in found[0] and "\x1b" not in found[0]


def test_error_control_characters_in_prose(tmp_path):
    found = problems(tmp_path, REFUSAL.replace('"No."', '"No.\\tReally."'))
    assert found == [f"{tmp_path / 'site.toml'}:20: refusal #1: field 'reason': control character U+0009 in 'No.\\tReally.' (rule text is one line of printable characters)"]


def test_error_second_same_product(tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(MINIMAL)
    second.write_text('schema = 1\n\n[same_product]\nsource = { section = "Same Product and Version", page = 8 }\n')
    with pytest.raises(RuleError) as error:
        load_rules([tmp_path], include_default=False)
    assert [str(p) for p in error.value.problems] == [f"{second}:3: a second [same_product] (the first is at {first}:2); it appears once across all rule files"]


def test_error_long_values_are_shortened(tmp_path):
    found = problems(tmp_path, MOVE.replace('["Alpha"]', '["' + "A" * 9_000 + '"]'))  # under the 10,000-character line bound
    assert len(found) == 1 and len(found[0]) < 300
    assert found[0].endswith("... (9000 characters)'")


def test_load_rules_takes_one_path_as_a_str(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(MINIMAL)
    assert list(load_rules(str(site), include_default=False).products) == ["Alpha", "Beta"]
    assert list(load_rules(site, include_default=False).products) == ["Alpha", "Beta"]


@pytest.mark.parametrize(
    "kwargs,error,message",
    [
        ({"extra": 5}, TypeError, "extra=5: expected a path (str or os.PathLike) or a list of paths"),
        ({"extra": [None]}, TypeError, "extra=None: expected a path (str or os.PathLike)"),
        ({"extra": [""]}, ValueError, "extra=: an empty path names no file"),
        ({"include_default": "no"}, TypeError, "include_default='no': expected True or False"),
        ({"include_default": False}, RuleError, "invalid rule pack (1 problem):\n(no rule files): include_default=False needs at least one path in extra"),
    ],
    ids=["number", "none", "empty", "include-default-type", "nothing"],
)
def test_error_load_rules_arguments(kwargs, error, message):
    with pytest.raises(error) as raised:
        load_rules(**kwargs)
    assert str(raised.value) == message


def test_loading_grows_linearly_with_the_pack(monkeypatch):
    """Four times the products, about four times the checks (they were N^1.7: 5 s at 5,000 products)."""
    import gc
    import time
    import tomllib

    from vmgraph.pack.loader import build_pack

    def synthetic(n):
        lines = ['schema = 1', '[same_product]', 'source = { section = "S", page = 8 }']
        for i in range(n):
            lines += ['[[product]]', f'name = "P{i}"', f'generation = {2 + i % 4}', 'family = "Workstation"', f'aliases = ["p-{i}"]']
            lines += [f'follows = "P{i - 4}"', 'source = { section = "S", page = 9, inferred = "x" }'] if i % 10 == 4 else ['source = { section = "S", page = 9 }']
        for i in range(n - 8):
            lines += ['[[move]]', f'from = ["P{i}"]', f'to = ["P{i + 4}"]', 'transfer = "copy"', 'source = { section = "S", page = 9 }']
            lines += ['[[refusal]]', f'from = ["P{i}"]', f'to = ["P{i + 8}"]', 'reason = "no"', 'policy = true', 'source = { section = "S", page = 9 }']
        return "\n".join(lines)

    def seconds(n):
        text = synthetic(n)
        parsed = tomllib.loads(text)  # time the checks, not tomllib (linear, and most of a cold load)
        monkeypatch.setattr(tomllib, "loads", lambda _: parsed)
        best = float("inf")
        for _ in range(2):
            gc.collect()
            gc.disable()  # time the loader, not the collector
            try:
                start = time.process_time()
                build_pack(["site.toml"], [text.encode()])
                best = min(best, time.process_time() - start)
            finally:
                gc.enable()
        return best

    small, large = seconds(1000), seconds(4000)
    assert large / small < 7, (small, large)  # linear: ~3.5; the old checks: ~11


# -- the pack cache: a shortcut that owns only its own files


@pytest.fixture
def cache_env(monkeypatch, tmp_path):
    for name in ("VMGRAPH_NO_CACHE", "VMGRAPH_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.mark.parametrize(
    "env,where",
    [
        ({}, "home/.cache/vmgraph"),
        ({"VMGRAPH_NO_CACHE": "0"}, "home/.cache/vmgraph"),
        ({"VMGRAPH_NO_CACHE": "false"}, "home/.cache/vmgraph"),
        ({"VMGRAPH_NO_CACHE": "1"}, None),
        ({"VMGRAPH_NO_CACHE": "yes"}, None),
        ({"XDG_CACHE_HOME": "relative/cache"}, "home/.cache/vmgraph"),
        ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "xdg/vmgraph"),
        ({"VMGRAPH_CACHE_DIR": "{tmp}/mine"}, "mine"),
        ({"HOME": ""}, None),
        ({"HOME": "{tmp}/no-such-home"}, None),
        ({"HOME": "relative-home"}, None),
    ],
    ids=["default", "no-cache-0", "no-cache-false", "no-cache-1", "no-cache-yes", "relative-xdg", "xdg", "cache-dir", "empty-home", "missing-home", "relative-home"],
)
def test_cache_dir_from_the_environment(cache_env, monkeypatch, tmp_path, env, where):
    from vmgraph.pack.cache import cache_dir

    for name, value in env.items():
        monkeypatch.setenv(name, value.replace("{tmp}", str(tmp_path)))
    assert cache_dir() == (None if where is None else tmp_path / where)


def test_cache_never_creates_a_home(cache_env, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "no-such-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "no-such-home" / ".cache"))
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    load_rules()
    assert sorted(tmp_path.rglob("*")) == before


def test_cache_entry_that_is_a_folder_leaves_nothing_behind(cache_env, monkeypatch, tmp_path):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(folder))
    load_rules()
    (entry,) = folder.iterdir()
    entry.unlink()
    entry.mkdir()  # not ours to replace
    (entry / "keep").write_text("x")
    for _ in range(3):
        assert len(load_rules().products) == 81
    assert sorted(p.name for p in folder.iterdir()) == [entry.name] and (entry / "keep").exists()


def test_cache_entry_that_is_a_fifo_does_not_hang(cache_env, monkeypatch, tmp_path):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(folder))
    load_rules()
    (entry,) = folder.iterdir()
    entry.unlink()
    os.mkfifo(entry)
    assert len(load_rules().products) == 81  # read without blocking, then rebuilt and replaced
    assert entry.is_file()


def test_cache_prunes_only_its_own_files(cache_env, monkeypatch, tmp_path):
    from vmgraph.pack.cache import _prune

    folder = tmp_path / "cache"
    folder.mkdir()
    for number in range(12):
        path = folder / f"pack-{number:02d}.pickle"
        path.write_bytes(b"")
        os.utime(path, ns=(number * 10**9, number * 10**9))
    (folder / "pack-folder.pickle").mkdir()
    (folder / "pack-old.marshal").write_bytes(b"")  # the earlier format's: never read again
    (folder / "pack-folder.marshal").mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "tmpabcdefgh.tmp").write_text("not vmgraph's")
    stale, fresh = folder / ".pack-stale.tmp", folder / ".pack-fresh.tmp"
    stale.write_bytes(b"")
    fresh.write_bytes(b"")
    os.utime(stale, (0, 0))
    _prune(folder)
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([".pack-fresh.tmp", "notes.txt", "pack-folder.marshal", "pack-folder.pickle", "tmpabcdefgh.tmp"] + [f"pack-{n:02d}.pickle" for n in range(4, 12)])


def cache_module():
    """vmgraph's pack cache module (one place names it)."""
    from vmgraph.pack import cache as pack_cache

    return pack_cache


def entry_of(folder):
    (entry,) = folder.glob("pack-*.pickle")
    return entry


def counted_builds(monkeypatch):
    """A list that grows by one each time a pack is built rather than read from the cache."""
    sources = sys.modules[load_rules.__module__]
    builds = []
    original = sources._build
    monkeypatch.setattr(sources, "_build", lambda *a: builds.append(1) or original(*a))
    return builds


class Planted:
    """What an entry planted by someone else runs if it is ever unpickled."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.mkdir, (self.marker,)


@pytest.fixture
def planted(cache_env, monkeypatch, tmp_path):
    """A cache folder whose one entry has been replaced by plant(): (folder, the pack as built, the entry, the marker it would write)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(folder))
    built = load_rules()
    entry, marker = entry_of(folder), tmp_path / "ran"
    plant(entry, marker)
    return folder, built, entry, marker


def plant(entry, marker):
    """Replace the entry with one whose header and digest are right but whose body runs code."""
    import pickle

    cache = cache_module()
    body = pickle.dumps(Planted(marker))
    entry.write_bytes(cache._magic() + cache.blake2b(body, digest_size=cache._DIGEST).digest() + body)


def test_cache_entry_names_the_loaders_sources_and_is_private(cache_env, monkeypatch, tmp_path):
    import pickle

    cache = cache_module()
    folder = tmp_path / "fresh" / "cache"
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(folder))
    built = load_rules()
    entry = entry_of(folder)
    assert (folder.stat().st_mode & 0o777, entry.stat().st_mode & 0o777) == (0o700, 0o600)
    data = entry.read_bytes()
    assert data.startswith(b"vmgraph pack cache %d\n" % cache.FORMAT)
    key, sources, _, payload = pickle.loads(data[len(cache._magic()) + cache._DIGEST:])
    assert entry.name == f"pack-{key}.pickle" and pickle.loads(payload) == built
    # Whatever modules the loader is made of, wherever they live: each one the build imported.
    loader = {os.path.abspath(m.__file__) for name, m in sys.modules.items() if name.startswith("vmgraph.") and "loader" in name}
    assert len(loader) >= 10 and loader <= set(sources)
    used = ["vmgraph.vm.hardware", "vmgraph.pack.names"]  # what the loader uses from outside it: hardware versions, name keys
    assert all(name in sys.modules for name in used)
    for module in (type(built).__module__, load_rules.__module__, cache.__name__, *used):
        assert os.path.abspath(sys.modules[module].__file__) in sources, module


def test_cache_misses_when_a_source_changes(cache_env, monkeypatch, tmp_path):
    cache = cache_module()
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "loader_part.py"
    source.write_text("RULE = 1\n")
    real = cache._sources
    monkeypatch.setattr(cache, "_sources", lambda: real() + (str(source),))
    builds = counted_builds(monkeypatch)
    load_rules()
    load_rules()
    assert len(builds) == 1
    source.write_text("RULE = 2\n")
    assert len(load_rules().products) == 81 and len(builds) == 2
    source.unlink()
    assert len(load_rules().products) == 81 and len(builds) == 3


def test_cache_misses_when_its_format_changes(cache_env, monkeypatch, tmp_path):
    cache = cache_module()
    folder = tmp_path / "cache"
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(folder))
    builds = counted_builds(monkeypatch)
    load_rules()
    older = entry_of(folder)
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    load_rules()
    assert len(builds) == 2
    newer = [p for p in folder.glob("pack-*.pickle") if p != older]
    assert len(newer) == 1 and newer[0].read_bytes().startswith(b"vmgraph pack cache %d\n" % cache.FORMAT)
    older.write_bytes(newer[0].read_bytes())  # the new format under the old one's name: its header says so
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)
    load_rules()
    assert len(builds) == 3


def test_cache_answers_as_the_loader_would_whatever_the_spelling_of_a_path(cache_env, monkeypatch, tmp_path):
    """The pack records its files as they were named: the key holds the names as given."""
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "site.toml").write_text(MINIMAL)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        for name in ("site.toml", str(tmp_path / "site.toml"), "./site.toml"):
            assert load_rules([name], include_default=False).files == (str(Path(name)),)


def test_cache_entry_under_another_entrys_name_is_not_taken(cache_env, monkeypatch, tmp_path):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(folder))
    site = tmp_path / "site.toml"
    site.write_text(MINIMAL)
    load_rules()
    (shipped,) = folder.glob("pack-*.pickle")
    assert list(load_rules([site], include_default=False).products) == ["Alpha", "Beta"]
    (other,) = set(folder.glob("pack-*.pickle")) - {shipped}
    other.write_bytes(shipped.read_bytes())  # right format, right digest, the user's own: another key
    assert list(load_rules([site], include_default=False).products) == ["Alpha", "Beta"]


@pytest.mark.parametrize("damage", ["flipped", "truncated", "empty", "header"])
def test_cache_corrupted_entry_rebuilds(cache_env, monkeypatch, tmp_path, damage):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VMGRAPH_CACHE_DIR", str(folder))
    built = load_rules()
    entry = entry_of(folder)
    data = bytearray(entry.read_bytes())
    if damage == "flipped":
        data[len(data) // 2] ^= 0x40
    elif damage == "truncated":
        del data[-100:]
    elif damage == "empty":
        data.clear()
    else:
        data[:5] = b"other"
    entry.write_bytes(bytes(data))
    builds = counted_builds(monkeypatch)
    assert load_rules() == built and len(builds) == 1
    assert load_rules() == built and len(builds) == 1  # the rebuilt entry replaced the damaged one


def test_cache_entry_writable_by_others_is_never_unpickled(planted, monkeypatch):
    folder, built, entry, marker = planted
    entry.chmod(0o622)
    builds = counted_builds(monkeypatch)
    assert load_rules() == built and len(builds) == 1 and not marker.exists()
    assert entry.stat().st_mode & 0o777 == 0o600  # replaced by a rebuilt entry of the user's own


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_cache_entry_owned_by_someone_else_is_never_unpickled(planted, monkeypatch):
    folder, built, entry, marker = planted
    os.chown(entry, 65534, -1)
    builds = counted_builds(monkeypatch)
    assert load_rules() == built and len(builds) == 1 and not marker.exists()
    assert entry.stat().st_uid == os.getuid()


def test_cache_planted_entry_is_what_the_checks_stop(planted, monkeypatch):
    """The planted entry of the tests above does run code once the checks of ownership are
    passed (so those tests prove something): its digest is right and nothing else stops it."""
    folder, built, entry, marker = planted
    entry.chmod(0o600)
    assert load_rules() == built and marker.exists()


@pytest.mark.parametrize("how", ["group-writable", "world-writable", "someone else's"])
def test_cache_folder_others_can_write_to_is_not_used(planted, monkeypatch, how):
    folder, built, entry, marker = planted
    entry.chmod(0o600)
    if how == "someone else's":
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            pytest.skip("giving a folder to another user needs root")
        os.chown(folder, 65534, -1)
    else:
        folder.chmod(0o770 if how == "group-writable" else 0o1777)
    builds = counted_builds(monkeypatch)
    for _ in range(2):
        assert load_rules() == built and not marker.exists()
    assert len(builds) == 2  # neither read nor written: every load builds
    assert [p.name for p in folder.iterdir()] == [entry.name] and entry.read_bytes().endswith(b".")


# -- provenance: the guide's section and page, or another source's URL and title


URL_MOVE = '[[move]]\nfrom = ["Alpha"]\nto = ["Beta"]\ntransfer = "copy"\nhardware = ["upgrade"]\nsource = {{ {} }}\n'


def test_a_source_may_cite_a_url_and_title(tmp_path):
    pack = load_text(tmp_path, MINIMAL + URL_MOVE.format('url = "https://knowledge.broadcom.com/external/article?legacyId=1003746", title = "VMware KB 1003746"'))
    reference = pack.moves[0].reference
    assert (reference.url, reference.title, reference.section, reference.page) == ("https://knowledge.broadcom.com/external/article?legacyId=1003746", "VMware KB 1003746", None, None)
    assert reference.cite() == "VMware KB 1003746, https://knowledge.broadcom.com/external/article?legacyId=1003746"


@pytest.mark.parametrize(
    "source,message",
    [
        ('url = "https://example.org/kb"', "source needs 'title' with its 'url': the name of the page or document"),
        ('url = "ftp://example.org/kb", title = "KB"', "source 'url' must be an http:// or https:// address, with no spaces or control characters"),
        ('url = "https://example.org/a b", title = "KB"', "source 'url' must be an http:// or https:// address, with no spaces or control characters"),
        ('title = "KB"', "source 'url' must be an http:// or https:// address, with no spaces or control characters"),
        ('url = "https://example.org/kb", title = "KB", page = 3', "source cites the guide (section, page) or another source (url, title), not both"),
    ],
    ids=["url-without-title", "url-scheme", "url-with-space", "title-without-url", "both-kinds"],
)
def test_error_url_provenance(tmp_path, source, message):
    found = problems(tmp_path, URL_MOVE.format(source))
    assert found == [f"{tmp_path / 'site.toml'}:22: move #1: field 'source': {message}"]


def test_rules_check_validates_url_provenance(tmp_path):
    from typer.testing import CliRunner

    from vmgraph.cli.app import app

    path = tmp_path / "site.toml"
    path.write_text(MINIMAL + URL_MOVE.format('url = "https://example.org/kb"'))
    result = CliRunner().invoke(app, ["rules", "check", "--no-default-rules", str(path)])
    assert result.exit_code == 1 and "source needs 'title' with its 'url'" in result.stderr


def test_a_refusal_cited_by_url_is_not_put_in_the_guides_mouth(tmp_path):
    from vmgraph.planning.planner import plan

    text = MINIMAL + '[[refusal]]\nfrom = ["Alpha"]\nto = ["Beta"]\nreason = "Not on our hosts."\nsource = { url = "https://example.org/kb", title = "KB 42" }\n'
    route = plan("Alpha", "Beta", pack=load_text(tmp_path, text))
    from vmgraph.render.routes import to_text

    output = to_text(route)
    assert "Other sources say:\n  - Not on our hosts. (KB 42, https://example.org/kb)" in output and "The guide says" not in output


def test_caveats_when_are_checked_and_shown_only_for_such_a_vm(tmp_path):
    """A caveat a VM's condition calls up (a suspended VM's) is shown on its steps alone: every
    vSphere copy no longer warns every VM about suspended ones; an unknown condition is a problem."""
    from vmgraph.planning.planner import plan
    from vmgraph.planning.records import VM

    plain = plan("ESXi 8.0 U3", "ESXi 7.0 U3", vm=VM(hardware="vmx-19"))
    suspended = plan("ESXi 8.0 U3", "ESXi 7.0 U3", vm=VM(hardware="vmx-19", suspended=True))
    said = "vSphere 4: a suspended VM migrates only between ESX 3.x and later hosts"
    assert not any(said in c for s in plain.steps for c in s.conditions)
    assert any(said in c for s in suspended.steps for c in s.conditions)
    bad = tmp_path / "site.toml"
    bad.write_text('schema = 1\n[[move]]\nfrom = ["ESXi 8.0"]\nto = ["ESXi 7.0"]\nby = "hardware"\ntransfer = "copy"\n'
                   'caveats_when = { asleep = ["x"] }\nsource = { url = "https://example.com/a", title = "A" }\n')
    with pytest.raises(RuleError) as caught:
        load_rules([bad])
    assert "move #1: field 'caveats_when': unknown VM condition 'asleep'" in str(caught.value)
