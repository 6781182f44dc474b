"""Property-based tests: whatever the rule files, command line or API call, vmgraph
answers with the documented exit code and one line, never a traceback or a hang.

Generated rule files (valid packs, and mutations of the shipped one), command
lines over every command and option, and library calls. The number of examples
comes from the Hypothesis profile (tests/conftest.py): more in CI.
"""

import json
import math
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.errors import InvalidArgument, VmgraphError, find_control
from vmgraph.pack.model import TAGS
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM, Constraints, Route
from vmgraph.render.routes import to_json
from vmgraph.pack.sources import default_rules_dir, load_rules

from contract import no_constants, time_bound

runner = CliRunner()


def examples(share: float) -> int:
    """A share of the profile's examples, for tests whose examples cost more or less."""
    return max(10, int(settings.default.max_examples * share))


# -- places: a sandbox per example, hostile paths made once


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    home, cache = root / "home", root / "cache"
    home.mkdir()
    paths = {}
    site = root / "site.toml"
    site.write_text('schema = 1\n[[product]]\nname = "Lab 4"\ngeneration = 4\nfamily = "Workstation"\naliases = ["lab4"]\nsource = { section = "S", page = 9 }\n'
                    '[[move]]\nfrom = ["Workstation 4"]\nto = ["Lab 4"]\ntransfer = "copy"\nsource = { section = "S", page = 18 }\n')
    paths["site"] = site
    deep = root / "deep.toml"
    deep.write_text("schema = 1\nx = " + "[" * 600 + "]" * 600 + "\n")
    paths["deep"] = deep
    bom = root / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + site.read_bytes())
    paths["bom"] = bom
    invalid = root / "invalid.toml"
    invalid.write_text('schema = 1\n[[product]]\nname = "X\\u001b[31m"\n')
    paths["invalid"] = invalid
    fifo = root / "fifo.toml"
    os.mkfifo(fifo)
    paths["fifo"] = fifo
    folder = root / "folder"
    folder.mkdir()
    os.mkfifo(folder / "b.toml")
    shutil.copy(site, folder / "a.toml")
    paths["folder-with-fifo"] = folder
    loop = root / "loop.toml"
    loop.symlink_to(loop)
    paths["loop"] = loop
    paths["missing"] = root / "missing.toml"
    paths["empty-folder"] = root / "home"
    paths["device"] = Path("/dev/null")
    paths["shipped"] = default_rules_dir()
    return {"root": root, "home": home, "cache": cache, "paths": paths}


@contextmanager
def sandbox(places):
    """A fresh, empty working folder; HOME and the cache elsewhere, both watched."""
    work = Path(tempfile.mkdtemp(dir=places["root"], prefix="work-"))
    env = {"HOME": str(places["home"]), "VMGRAPH_CACHE_DIR": str(places["cache"]), "VMGRAPH_NO_CACHE": "", "MPLCONFIGDIR": str(places["root"] / "matplotlib")}
    here = os.getcwd()
    os.chdir(work)
    try:
        with mock.patch.dict(os.environ, env):
            yield work
    finally:
        os.chdir(here)
        shutil.rmtree(work)
    assert list(places["home"].iterdir()) == [], "vmgraph wrote into HOME"


# -- command lines over every command and option

SHIPPED = load_rules()
NAMES = sorted({name for product in SHIPPED.products.values() for name in (product.name, *product.aliases)} | set(SHIPPED.groups))
HOSTILE_TEXT = ["", " ", "ws9", "Workstation", "generation 4", "*", "ws\x1b[31m4", "\u202eevil", "x" * 5000, "-", "--", "ws4,ws5", "\x00"]
known_names = st.sampled_from(NAMES)
names = st.one_of(*[known_names] * 10, st.sampled_from(HOSTILE_TEXT), st.text(max_size=20))  # mostly names that resolve
formats = st.sampled_from(["text", "json", "markdown", "xml", "JSON"])
numbers = st.one_of(st.integers(-3, 8).map(str), st.sampled_from(["", "x", "1e400", "4.0", "9" * 50]))
tag_names = st.one_of(st.sampled_from(TAGS), st.sampled_from(TAGS).map(str.upper), st.sampled_from(["fast", "", "copy ", "one_way"]))
weight_values = st.sampled_from(["0", "1", "2.5", "20", "1e6", "1000001", "1e400", "-1", "-0", "nan", "inf", "-inf", "0x10", "", "1_000"])
weights = st.one_of(st.builds(lambda tag, value: f"{tag}={value}", tag_names, weight_values), st.text(max_size=12))
product_lists = st.one_of(st.sampled_from(["ws4,ws5", "gsx1,ws3,ws5", "esx2-smp", "", ",", "ws4,,ws5", "ws4,nothing"]), names)
generation_lists = st.sampled_from(["3,4", "2", "", "x", "1,9", "5,5", " 4 "])


def drawing_paths():
    """Mostly paths that must be refused before any work; now and then a real drawing."""
    refused = st.sampled_from(["x.jpg", "x", "", "missing/x.png", ".", "x.svg.txt", "x.png/y"])
    return st.one_of(refused, refused, refused, refused, refused, refused, refused, refused, refused, st.sampled_from(["out.svg", "out.png"]))


def rule_paths(places):
    readable = st.sampled_from(["site", "shipped", "bom"])
    return st.one_of(readable, readable, st.sampled_from(sorted(places["paths"]))).map(lambda key: str(places["paths"][key]))


def with_options(draw, args, options):
    """args plus a few of `options` (flag: None, or a value strategy), in a drawn order."""
    chosen = draw(st.lists(st.sampled_from(sorted(options)), max_size=4))
    for option in chosen:
        strategy = options[option]
        args += [option] if strategy is None else [option, draw(strategy)]
    return args


@st.composite
def command_lines(draw, places):
    """Half well-formed (known names, sensible values, so routes are found and drawn), half hostile."""
    hostile = draw(st.booleans())
    name = names if hostile else known_names
    paths = rule_paths(places) if hostile else st.sampled_from([str(places["paths"]["site"]), str(places["paths"]["shipped"])])
    rules = {"--rules": paths, "--no-default-rules": None}
    tags = tag_names if hostile else st.sampled_from(TAGS)
    command = draw(st.sampled_from(["route", "route", "route", "products", "matrix", "environment", "draw", "export", "rules check", "top"]))
    if command == "route":
        args = ["route", draw(name), draw(name)]
        return with_options(draw, args, {
            "--hardware": numbers if hostile else st.integers(2, 5).map(str), "--reversible": None, "--strict": None,
            "--created-under": name, "--stated-only": None,
            "--max-moves": st.integers(-1 if hostile else 1, 10**6).map(str), "--avoid": tags, "--via": name,
            "--alternatives": st.integers(-1 if hostile else 0, 3).map(str), "--smp": None, "--64bit": None, "--3d": None,
            "--snapshot": None, "--suspended": None, "--disk-mode": st.sampled_from(["persistent", "undoable", "append"] + (["sticky", "UNDOABLE"] if hostile else [])),
            "--weight": weights if hostile else st.builds(lambda tag, value: f"{tag}={value}", tags, st.sampled_from(["0", "2.5", "20", "1e6"])),
            "--format": formats, "--draw": drawing_paths(), **rules,
        })
    if command == "products":
        return with_options(draw, ["products"], {"--format": formats, **rules})
    if command == "matrix":
        return with_options(draw, ["matrix"], {"--products": product_lists, "--generations": None, "--multi-hop": None, "--format": formats, **rules})
    if command == "environment":
        return with_options(draw, ["environment", *draw(st.lists(name, max_size=4))], {"--format": formats, **rules})
    if command == "draw":
        options = {"--products": product_lists, "--generations": generation_lists, "--hide-unsupported": None, **rules}
        return with_options(draw, ["draw", draw(drawing_paths())], options)
    if command == "export":
        return with_options(draw, ["export", draw(st.sampled_from(["dot", "mermaid", "json", "graphml", ""]))], {"--products": product_lists, **rules})
    if command == "rules check":
        return with_options(draw, ["rules", "check", *draw(st.lists(rule_paths(places), max_size=3))], rules)
    return draw(st.sampled_from([["--version"], ["-h"], ["--help"], [], ["nothing"], ["rules"], ["route", "-h"], ["--bogus"]]))


def last_value(args, option):
    """The value click takes for an option given several times: the last."""
    at = max((i for i, arg in enumerate(args[:-1]) if arg == option), default=None)
    return None if at is None else args[at + 1]


# What each command may answer: 1 is only ever "no route" or "the pack has problems".
EXIT_CODES = {"route": {0, 1, 2}, "rules": {0, 1, 2}}


def test_command_lines_answer_by_the_contract(places, cli_shares_pack):
    # No deadline: speed is the benchmarks' business, and a first drawing in a fresh
    # process pays for matplotlib's set-up; time_bound still fails a hang.
    @settings(max_examples=examples(1.0), deadline=None)
    @given(args=command_lines(places))
    def check(args):
        with sandbox(places) as work:
            with time_bound():
                result = runner.invoke(app, args)
            written = sorted(str(p.relative_to(work)) for p in work.rglob("*"))
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.stderr
        code = result.exit_code
        command = args[0] if args else ""
        assert code in EXIT_CODES.get(command, {0, 2}), (args, code, result.stderr)
        if code == 2:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("vmgraph: error: ") and result.stdout == "", (args, result.stderr)
            assert not find_control(lines[0]) and len(lines[0]) < 1100
        if code in (0, 1) and args[:1] != ["rules"]:
            assert result.stderr == "", (args, result.stderr)
            if last_value(args, "--format") == "json" or args[:2] == ["export", "json"]:
                json.loads(result.stdout, parse_constant=no_constants)
        # Nothing is written but the drawing asked for, and that only when the command worked.
        asked = last_value(args, "--draw") if command == "route" else args[1] if command == "draw" else None
        expected = [str(Path(asked))] if asked and code in (0, 1) else []
        assert written == expected, (args, code, written)

    check()


# -- rule files: mutations of the shipped pack, and generated valid packs

SHIPPED_FILES = {path.name: path.read_bytes() for path in sorted(default_rules_dir().glob("*.toml"))}
TOML_VALUES = [
    "true", "1.0", "-1", "0", '""', '" "', "[]", "{}", '"ws4"', '"generation 9"', '"*"', '"Workstation 4"', '["*"]',
    '"a\\u0000b"', '"line\\nbreak"', '"\\u202e"', '"' + "x" * 3000 + '"', "[" * 300 + "]" * 300, "{ a = { b = { c = 1 } } }",
    "1979-05-27", "inf", "nan", "'''multi\nline'''", "[1, 2]", '["legacy", "legacy"]', '{ section = "S", page = 0 }',
]


@st.composite
def mutated_packs(draw):
    """The shipped pack with one file changed: lines dropped, doubled or replaced, values swapped, bytes spliced."""
    name = draw(st.sampled_from(sorted(SHIPPED_FILES)))
    data = SHIPPED_FILES[name]
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["drop", "double", "value", "value", "value", "text", "bytes", "truncate", "bom", "swap"]))
        if kind == "drop":
            del lines[at]
        elif kind == "double":
            lines.insert(at, lines[at])
        elif kind == "value":
            assignments = [i for i, line in enumerate(lines) if re.match(rb"^\s*[A-Za-z_]+\s*=", line)]
            if not assignments:
                continue
            at = draw(st.sampled_from(assignments))
            key = lines[at].split(b"=", 1)[0]
            lines[at] = key + b"= " + draw(st.sampled_from(TOML_VALUES)).encode()
        elif kind == "text":
            lines[at] = draw(st.text(max_size=40)).encode("utf-8", "surrogatepass")
        elif kind == "bytes":
            lines[at] = lines[at] + draw(st.binary(max_size=8))
        elif kind == "truncate":
            lines = lines[:at]
        elif kind == "bom":
            lines[0] = b"\xef\xbb\xbf" + lines[0]
        else:
            names_at = [i for i, line in enumerate(lines) if line.startswith(b"name = ")]
            if len(names_at) >= 2:
                first, second = draw(st.sampled_from(names_at)), draw(st.sampled_from(names_at))
                lines[first], lines[second] = lines[second], lines[first]
        data = b"\n".join(lines)
    return name, data


def test_mutated_packs_are_checked_never_crash(places):
    @settings(max_examples=examples(0.8))
    @given(mutation=mutated_packs(), source=st.sampled_from(NAMES), target=st.sampled_from(NAMES))
    def check(mutation, source, target):
        name, data = mutation
        with sandbox(places) as work:
            folder = work / "pack"
            folder.mkdir()
            for other, content in SHIPPED_FILES.items():
                (folder / other).write_bytes(data if other == name else content)
            with time_bound():
                checked = runner.invoke(app, ["rules", "check", "--no-default-rules", str(folder)])
                routed = runner.invoke(app, ["route", source, target, "--no-default-rules", "--rules", str(folder), "--format", "json"])
        for result in (checked, routed):
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert "Traceback" not in result.stderr
        assert checked.exit_code in (0, 1)  # the files are there and regular: 2 would be a usage error
        if checked.exit_code == 1:
            header, *problems = checked.stderr.splitlines()
            count = int(re.match(r"invalid rule pack \((\d+) problems?\):$", header).group(1))
            assert count == len(problems) >= 1
            assert all(line.startswith(str(folder)) for line in problems), problems  # each names its file
            assert routed.exit_code == 2 and len(routed.stderr.splitlines()) == 1
            assert routed.stderr.startswith("vmgraph: error: invalid rule pack (")
        else:
            assert checked.stdout.startswith("ok: ")
            assert routed.exit_code in (0, 1, 2)
            if routed.exit_code in (0, 1):
                json.loads(routed.stdout, parse_constant=no_constants)

    check()


WORDS = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8)
HOSTED, ESX = ("Workstation", "GSX", "Player", "ACE"), ("ESX", "ESX with Virtual SMP")


@st.composite
def valid_packs(draw):
    """A small pack that must load: products, moves that respect disk formats and generations, refusals."""
    count = draw(st.integers(2, 6))
    products = []
    for index in range(count):
        products.append({
            "name": f"{draw(WORDS)}.{index}",  # unique however names are matched
            "generation": draw(st.integers(2, 5)), "family": draw(st.sampled_from(HOSTED + ESX)),
            "alias": f"p{index}", "can_create": draw(st.booleans()),
        })
    text = ['schema = 1', '[same_product]', 'source = { section = "Same Product and Version", page = 8 }']
    for product in products:
        text += ["[[product]]", f'name = "{product["name"]}"', f'generation = {product["generation"]}', f'family = "{product["family"]}"',
                 f'aliases = ["{product["alias"]}"]', f'can_create = {str(product["can_create"]).lower()}', 'source = { section = "S", page = 9 }']
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), unique=True, max_size=12))
    moved = set()
    for a, b in pairs:
        source, target = products[a], products[b]
        if a == b or target["generation"] < source["generation"]:
            continue
        esx = (source["family"] in ESX, target["family"] in ESX)
        transfer = {(True, True): "copy", (False, False): "copy", (True, False): "export", (False, True): "import"}[esx]
        hardware = "keep" if target["generation"] == source["generation"] else "upgrade"
        moved.add((a, b))
        text += ["[[move]]", f'from = ["{source["name"]}"]', f'to = ["{target["name"]}"]', f'transfer = "{transfer}"', f'hardware = ["{hardware}"]',
                 'source = { section = "S", page = 10 }']
    for a, b in pairs:
        if a != b and (a, b) not in moved:
            text += ["[[refusal]]", f'from = ["{products[a]["name"]}"]', f'to = ["{products[b]["name"]}"]', 'reason = "Not supported."', 'source = { section = "S", page = 11 }']
    return "\n".join(text) + "\n", [p["alias"] for p in products]


def test_valid_packs_load_and_route(places):
    @settings(max_examples=examples(0.4))
    @given(generated=valid_packs(), data=st.data())
    def check(generated, data):
        text, aliases = generated
        with sandbox(places) as work:
            path = work / "site.toml"
            path.write_text(text)
            with time_bound():
                pack = load_rules(path, include_default=False)
                assert runner.invoke(app, ["rules", "check", "--no-default-rules", str(path)]).exit_code == 0
                source, target = data.draw(st.sampled_from(aliases)), data.draw(st.sampled_from(aliases))
                route = plan(source, target, alternatives=data.draw(st.integers(0, 2)), pack=pack)
                result = runner.invoke(app, ["route", source, target, "--no-default-rules", "--rules", str(path), "--format", "json"])
        assert isinstance(route, Route) and math.isfinite(route.cost)
        json.loads(to_json(route), parse_constant=no_constants)
        assert result.exit_code == (0 if route.found else 1) and json.loads(result.stdout)["found"] == route.found

    check()


# -- library calls: a Route, or a TypeError/ValueError that speaks the API's language

anything = st.one_of(st.none(), st.booleans(), st.integers(-3, 8), st.floats(allow_nan=True), st.text(max_size=12), st.lists(st.text(max_size=5), max_size=2))
api_names = st.one_of(st.sampled_from(NAMES), names, anything)
flags = st.one_of(st.booleans(), st.booleans(), anything)
vms = st.one_of(
    st.none(),
    st.builds(VM, st.one_of(st.none(), st.integers(1, 6), anything), flags, flags, flags, flags, flags,
              st.one_of(st.sampled_from(["persistent", "undoable", "Append", "sticky"]), anything)),
    anything,
)
tag_sets = st.one_of(st.frozensets(tag_names, max_size=2), tag_names, st.lists(tag_names, max_size=2), anything)
constraint_sets = st.one_of(
    st.none(),
    st.builds(Constraints, flags, flags, st.one_of(st.none(), st.integers(-1, 10**6), anything), tag_sets,
              st.one_of(st.just(()), st.sampled_from(NAMES), st.tuples(st.sampled_from(NAMES)), anything)),
    anything,
)
weight_maps = st.one_of(
    st.none(),
    st.dictionaries(tag_names, st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 2_000_000), anything), max_size=3),
    anything,
)


@settings(max_examples=examples(1.5))
@given(
    source=api_names, target=api_names, vm=vms, constraints=constraint_sets,
    via=st.one_of(st.none(), st.sampled_from(NAMES), st.lists(st.sampled_from(NAMES), max_size=2), anything),
    alternatives=st.one_of(st.integers(-1, 3), anything), weights=weight_maps,
)
def test_library_calls_answer_or_fail_in_api_terms(source, target, vm, constraints, via, alternatives, weights):
    with time_bound():
        try:
            route = plan(source, target, vm=vm, constraints=constraints, via=via, alternatives=alternatives, weights=weights, pack=SHIPPED)
        except VmgraphError as error:
            assert isinstance(error, (TypeError, ValueError)), repr(error)
            message = str(error)
            assert not find_control(message) and len(message) < 600, message
            # In the API's words: the argument's name, never a CLI option (the echoed value is the caller's own).
            words = f"{error.argument}: {error.problem}" if isinstance(error, InvalidArgument) else message.rpartition("'; ")[2]
            assert not re.search(r"--[a-z]", words), message
            return
    assert isinstance(route, Route) and math.isfinite(route.cost)
    json.loads(to_json(route), parse_constant=no_constants)
