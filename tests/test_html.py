"""The HTML pages, read by Python's own HTML parser: well-formed, self-contained, every name
escaped, the data blocks JSON that json.loads reads, the same bytes for the same question.
(tests/test_html_browser.py opens them in a real browser.)"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "inventories"
RVTOOLS = SAMPLES / "rvtools-vinfo.csv"
ODD_RULES = ROOT / "tests" / "data" / "odd-names.toml"
ODD_NAMES = ['web, "the" one', "back\\slash", "tab\there", "üñí", "</script><script>alert(1)</script>", "a|b <i>x</i> & 'q'",
             "line\u2028sep\u2029para", "<!--", "]]>"]
VOID = {"meta", "br", "input", "img", "hr", "link", "col", "wbr", "area", "base", "source", "track", "embed", "param"}
SVG_EMPTY = {"rect", "line", "path", "circle", "polygon", "polyline", "stop", "use", "ellipse"}
runner = CliRunner()


class Page(HTMLParser):
    """Checks that every element closes in order, and keeps the JSON blocks, the texts and the
    attributes that could fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.data: dict[str, str] = {}
        self.texts: list[str] = []
        self.fetching: list[tuple[str, str, str]] = []
        self.problems: list[str] = []
        self._json: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("src", "href", "action", "poster", "srcset"):
            value = attributes.get(name)
            if value is not None and not (name == "href" and tag == "a"):
                self.fetching.append((tag, name, value))
        if tag == "script" and attributes.get("type") == "application/json":
            self._json = attributes["id"]
            self.data[self._json] = ""
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in SVG_EMPTY:
            self.problems.append(f"<{tag}/> is not an element that may be empty")

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()
        if tag == "script":
            self._json = None

    def handle_data(self, data):
        if self._json is not None:
            self.data[self._json] += data
        else:
            self.texts.append(data)


def parsed(document: str) -> Page:
    page = Page()
    page.feed(document)
    page.close()
    assert not page.problems, page.problems[:5]
    assert page.open == [], f"left open: {page.open}"
    assert not page.fetching, f"the page would fetch: {page.fetching[:5]}"
    assert document.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "default-src 'none'" in document  # the browser may fetch nothing
    assert not re.search(r"\b(?:src|href)=\"(?!https?://)[a-z]+:", document), "only http(s) links"
    return page


def data(page: Page) -> dict:
    return {key: json.loads(value) for key, value in page.data.items()}


def fleet_html(*args) -> str:
    result = runner.invoke(app, ["fleet", *map(str, args), "--format", "html"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_fleet_page_parses_and_holds_every_vm():
    document = fleet_html(RVTOOLS, "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3", "--avoid", "convert")
    page = parsed(document)
    found = data(page)
    vms, questions = found["vmgraph-vms"], found["vmgraph-questions"]
    rows = list(csv.DictReader(runner.invoke(app, ["fleet", str(RVTOOLS), "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3", "--avoid", "convert",
                                                   "--format", "csv"]).stdout.splitlines()))
    assert [vm[0] for vm in vms] == [row["name"] for row in rows]
    assert [vm[1] for vm in vms] == [int(row["row"]) for row in rows]
    assert [questions[vm[2]][4] for vm in vms] == [row["plan"] for row in rows]
    assert [questions[vm[2]][3] for vm in vms] == [row["status"] for row in rows]
    text = " ".join(page.texts)
    assert "32 VMs: 25 with a route, 0 with nothing to do, 7 blocked" in text
    assert "vmgraph route 'ESXi 8.0 U3' 'ESXi 7.0 U3' --hardware vmx-19 --smp --64bit --avoid convert" in text
    assert 'data-copy="vmgraph route &#39;ESXi 8.0 U3&#39;' in document  # the copy button carries the command
    assert "<svg" in document and "<title id=\"chart-title\">" in document


def test_fleet_page_escapes_every_name(tmp_path):
    odd = tmp_path / "odd.csv"
    with odd.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "hardware", "flags"])
        writer.writerows([name, "vmx-14", ""] for name in ODD_NAMES)
    document = fleet_html(odd, "--from", "esxi8u3", "--to", "esxi7u3")
    page = parsed(document)
    assert [vm[0] for vm in data(page)["vmgraph-vms"]] == ODD_NAMES
    assert document.count("</script>") == document.count("<script")
    assert "\u2028" not in document and "\u2029" not in document
    assert "<i>x</i>" not in document


def test_fleet_page_same_question_same_bytes():
    args = (RVTOOLS, "--from", "esxi8u3", "--to", "ws17")
    assert fleet_html(*args) == fleet_html(*args)


def test_fleet_page_of_no_vms(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("name,hardware,flags\n", encoding="utf-8")
    page = parsed(fleet_html(empty, "--from", "esxi8u3", "--to", "esxi7u3"))
    assert data(page)["vmgraph-vms"] == []


def test_fleet_page_with_skipped_rows_and_odd_products(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,hardware,flags\nok,vmx-14,\nbad <b>,vmx-99x,\n", encoding="utf-8")
    document = fleet_html(bad, "--from", "esxi8u3", "--to", "esxi7u3", "--keep-going")
    page = parsed(document)
    assert "Skipped rows" in page.texts
    odd = fleet_html(RVTOOLS, "--from", "pipelab", "--to", "backlab", "--rules", ODD_RULES)
    parsed(odd)
    assert 'Pipe|Lab &lt;beta&gt; &amp; &quot;Co&quot; #1' in odd


def route_html(*args, code=None) -> str:
    result = runner.invoke(app, ["route", *map(str, args), "--format", "html"])
    assert result.exit_code in ((0, 1) if code is None else (code,)), result.output
    return result.stdout


def test_route_page_says_what_the_runbook_says():
    page = parsed(route_html("GSX Server 1", "Workstation 5", code=0))
    words = " ".join(" ".join(page.texts).split())
    for said in ("Route: GSX Server 1 (generation 2) → Workstation 5.0 (generation 4 (vmx-03), created under GSX Server 3)",
                 "Copy the VM's files to the GSX Server 3 host.", "Guide: Generation 2 to Generation 4, p. 21", "Point of no return",
                 "2 moves; 1 one-way step (step 1); 0 exports, 0 imports; 0 conditional steps; cost 12.5", "one-way upgrade", "legacy mode"):
        assert said in words
    assert "<svg" in route_html("GSX Server 1", "Workstation 5")


def test_route_page_of_no_route_gives_suggestions_as_commands():
    document = route_html("ws3", "esx1", code=1)
    page = parsed(document)
    words = " ".join(" ".join(page.texts).split())
    assert "No route: Workstation 3 (generation 3) → ESX Server 1.0" in words
    assert "It is not possible to move VMs from generation 3 hosted products to generation 2 products. (Guide: Generation 3 to Generation 2, p. 26)" in words
    assert 'data-copy="vmgraph route &#39;Workstation 3&#39; &#39;ESX Server 1.0&#39; --hardware 2"' in document


@pytest.mark.parametrize("args", [
    ("ws4", "esx2-smp", "--alternatives", "2"),
    ("--vmx", ROOT / "examples" / "vms" / "win2019-efi", "ESXi 6.0", "--from", "ESXi 6.7"),
    ("Workstation 17", "ESXi 7.0 U3"),
    ("pipelab", "backlab", "--rules", ODD_RULES),
    ("backlab", "pipelab", "--rules", ODD_RULES),
], ids=["alternatives", "vmx-as-is", "today", "odd-names", "odd-names-back"])
def test_route_pages_parse(args):
    document = route_html(*args)
    parsed(document)
    assert route_html(*args) == document, "the same question, the same bytes"
    if ODD_RULES in args:
        assert "Pipe|Lab &lt;beta&gt; &amp; &quot;Co&quot; #1" in document and "<beta>" not in document


def draw_html(tmp_path, *args, code=0) -> str:
    path = tmp_path / "map.html"
    result = runner.invoke(app, ["draw", str(path), *map(str, args)])
    assert result.exit_code == code, result.output
    return path.read_text(encoding="utf-8") if code == 0 else result.stderr


def test_map_page_carries_every_move_and_the_routes_between_its_products(tmp_path, pack):
    from vmgraph.overview.matrix import Matrix

    document = draw_html(tmp_path)
    found = data(parsed(document))["vmgraph-map"]
    names = [p["name"] for p in found["products"]]
    assert names == pack.default_view()
    matrix = Matrix(pack)
    assert {(names[a], names[b]) for a, b, _, _ in found["moves"]} == {(a, b) for a in names for b in names if a != b and matrix.cell(a, b).supported}
    assert len(found["routes"]) == len(names) * (len(names) - 1)
    route = found["routes"][f"{names.index('GSX Server 1')},{names.index('Workstation 5.0')}"]
    assert route["found"] and route["path"] == ["GSX Server 1", "GSX Server 3", "Workstation 5.0"]
    assert document == draw_html(tmp_path), "the same map, the same bytes"


def test_map_page_of_every_product_carries_no_routes(tmp_path, pack):
    found = data(parsed(draw_html(tmp_path, "--products", "all")))["vmgraph-map"]
    assert len(found["products"]) == len(pack.products) and found["routes"] is None and found["lines"] is False


def test_map_page_escapes_odd_names(tmp_path):
    document = draw_html(tmp_path, "--rules", ODD_RULES, "--products", "pipelab,backlab,ws4,ws5")
    found = data(parsed(document))["vmgraph-map"]
    assert 'Pipe|Lab <beta> & "Co" #1' in [p["name"] for p in found["products"]]
    assert "<beta>" not in document
    assert any("--rules" in (r.get("command") or "") for r in found["routes"].values())


@pytest.mark.parametrize("args, message", [
    (("--detail", "states"), "a .html page shows the product map (--detail products), not --detail states"),
    (("--generations", "9"), "--generations 9: generations run from 2 to 5"),
], ids=["states", "generations"])
def test_map_page_errors(tmp_path, args, message):
    said = draw_html(tmp_path, *args, code=2)
    assert said.count("\n") == 1 and message in said and "Traceback" not in said


def test_fleet_page_of_vms_the_hardware_cannot_hold_cites_its_sources():
    document = fleet_html(RVTOOLS, "--from", "ESXi 8.0 U3", "--to", "ESX 4.0")
    page = parsed(document)
    words = " ".join(" ".join(page.texts).split())
    assert "Cannot hold: UEFI firmware: vmx-07 lacks UEFI firmware; vmx-08 and later have it" in words
    assert '<a href="https://docs.vmware.com/' in document
    assert "vmgraph suggests (each command gives a route):" in words


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text()))
def test_any_name_and_host_stay_inside_the_vms_data(name, host):
    """A VM's line in the page's data: JSON that reads back as written, that nothing can close early."""
    from vmgraph.inventory import InventoryVM
    from vmgraph.render.fleet_html import Html
    from vmgraph.render.html_page import text

    vm = InventoryVM("f.csv", 7, name, 14, None, None, None, None, None, None, None, None, None, host, None)
    line = Html().line(vm, ",0,")
    assert line.startswith(",\n")
    assert json.loads(line[2:]) == [name, 7, 0, host or ""]
    assert not set(line) & {"<", ">", "&", "\u2028", "\u2029"}
    escaped = text(name)
    assert not set(escaped) & {"<", ">", '"', "'"} and "&" not in escaped.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace("&quot;", "").replace("&#39;", "")


def test_fleet_page_holds_every_question_command_and_its_notes_code():
    """Every distinct question of a group has its command on the page (the largest in view, the
    rest folded in <details>), and a note's `vmgraph route` is code, not literal backticks."""
    import html
    import json as json_module

    args = ["fleet", str(ROOT / "examples" / "inventories" / "rvtools-vinfo.csv"), "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3"]
    plan = json_module.loads(CliRunner().invoke(app, args + ["--format", "json"]).stdout)
    page = CliRunner().invoke(app, args + ["--format", "html"]).stdout
    copied = [html.unescape(value) for value in re.findall(r'data-copy="([^"]*)"', page)]
    for group in plan["groups"]:
        for question in group["questions"]:
            assert copied.count(question["command"]) == 1, question["command"]
    assert "<summary>14 more questions</summary>" in page
    assert "<code>vmgraph route</code> does without the flag" in page and "`vmgraph route`" not in page
