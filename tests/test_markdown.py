"""Markdown outputs read by a real CommonMark parser with GFM tables (markdown-it-py).

Every table must keep one column per header cell in every row, and every name
must come out as the same text it went in as: a `|` must not split a cell, a
`<x>` must not vanish as raw HTML, a `*` must not turn into emphasis.
"""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app

markdown_it = pytest.importorskip("markdown_it", reason="the test extra installs markdown-it-py")

ROOT = Path(__file__).resolve().parent.parent
ODD = str(ROOT / "tests" / "data" / "odd-names.toml")
PIPE = 'Pipe|Lab <beta> & "Co" #1'
BACK = "Back\\slash $5$ *star* _u_ [x](y) `t` &amp;"
runner = CliRunner()


class _Tables(HTMLParser):
    """Tables as lists of rows of cell texts, and the text of everything else."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        (self._cell if self._cell is not None else self.text).append(data)


def parse(markdown: str) -> _Tables:
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    parser = _Tables()
    parser.feed(html)
    return parser


def cli(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def check_tables(parsed: _Tables) -> None:
    assert parsed.tables, "no table"
    for table in parsed.tables:
        width = len(table[0])
        assert all(len(row) == width for row in table), [len(row) for row in table]


def test_matrix_markdown_keeps_odd_names_in_their_columns():
    parsed = parse(cli("matrix", "--rules", ODD, "--products", "pipelab,backlab,ws4", "--format", "markdown"))
    check_tables(parsed)
    (table,) = parsed.tables
    assert table[0] == ["Created under \\ Moved to", "Workstation 4", PIPE, BACK]
    assert [row[0] for row in table[1:]] == ["Workstation 4", PIPE, BACK]
    assert table[2][3] == "Maybe, depending on guest operating system; Import virtual disks"


@pytest.mark.parametrize("args", [[], ["--multi-hop"], ["--generations"]], ids=["matrix", "multi-hop", "generations"])
def test_matrix_markdown_of_the_shipped_pack(args, pack):
    parsed = parse(cli("matrix", *args, "--format", "markdown"))
    check_tables(parsed)
    (table,) = parsed.tables
    if "--generations" in args:
        assert len(table) == 5 and len(table[0]) == 5
    else:
        shown = pack.default_view()  # the guide's products: today's are named with --products
        assert table[0][1:] == shown
        assert [row[0] for row in table[1:]] == [name for name in shown if pack.products[name].can_create]


def test_environment_markdown_keeps_odd_names_in_their_columns():
    parsed = parse(cli("environment", "pipelab", "backlab", "ws4", "--rules", ODD, "--format", "markdown"))
    check_tables(parsed)
    (table,) = parsed.tables
    assert table[0] == ["From", "To", "Moves", "Takes", "Never two-way because"]
    assert {row[0] for row in table[1:]} == {PIPE, BACK, "Workstation 4"}
    text = "".join(parsed.text)
    assert f"Environment: {PIPE}, {BACK}, Workstation 4" in text
    assert not parsed.tags & {"em", "code", "a"}  # no name turned into markup


def test_route_markdown_keeps_odd_names_and_lists_alternatives():
    parsed = parse(cli("route", "pipelab", "backlab", "--rules", ODD, "--format", "markdown"))
    text = "".join(parsed.text)
    assert f"Move a VM: {PIPE} (generation 4 (vmx-03)) → {BACK} (generation 4 (vmx-03), created under {PIPE})" in text
    assert "a" not in parsed.tags  # `[x](y)` stays text, not a link
    parsed = parse(cli("route", "gsx1", "ws5", "--alternatives", "2", "--format", "markdown"))
    text = "".join(parsed.text)
    assert "Alternatives:" in text and "GSX Server 1 (generation 2) → GSX Server 3 (generation 4 (vmx-03)) → Workstation 5.5 (generation 4 (vmx-03), created under GSX Server 3)" in text


def test_route_markdown_alternatives_match_the_text_runbook():
    text = cli("route", "gsx1", "ws5", "--alternatives", "2")
    markdown = cli("route", "gsx1", "ws5", "--alternatives", "2", "--format", "markdown")
    expected = [line.split(". ", 1)[1].split("  (")[0].replace(" -> ", " → ") for line in text.split("Alternatives:\n")[1].splitlines() if line.strip()]
    items = [line.split(". ", 1)[1].split(" (2 moves")[0] for line in markdown.split("**Alternatives:**\n\n")[1].splitlines()]
    assert len(expected) == 2 and items == expected


def test_refused_route_markdown_escapes_the_guide_text():
    parsed = parse(cli("route", "pipelab", "ws3", "--rules", ODD, "--format", "markdown"))
    text = "".join(parsed.text)
    assert f"No route: {PIPE} (generation 4 (vmx-03)) → Workstation 3" in text
    assert "A <beta> | lab VM stays on generation 4 & up." in text


def test_fleet_markdown_ticks_every_question_and_keeps_its_own_code_spans():
    """A change ticket: one box per distinct question of each group with a route (the largest in
    view, the rest folded in <details>), and the notes' `vmgraph route` is code, not literal
    backticks."""
    import json

    args = ["fleet", str(ROOT / "examples" / "inventories" / "rvtools-vinfo.csv"), "--from", "ESXi 8.0 U3", "--to", "ESXi 7.0 U3"]
    plan = json.loads(cli(*args, "--format", "json"))
    text = cli(*args, "--format", "markdown")
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    for group in plan["groups"]:
        for question in group["questions"]:
            assert text.count(f"- [ ] `{question['command']}`\n") == 1, question["command"]
    assert "<code>vmgraph route</code> does without the flag" in html
    assert "\\`" not in text
