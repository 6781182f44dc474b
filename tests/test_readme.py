"""The README's and docs/*.md's examples are real: every `$ vmgraph ...` console block shows lines
of today's output, in order (a "..." line stands for lines left out). Every relative link and
image in them leads to a file that exists, and every `#anchor` to a heading of its page; every
table keeps one cell per header cell on each row."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app

# What commands answer, from the session's pack (conftest.cli_shares_pack): the loading is tested elsewhere.
pytestmark = pytest.mark.usefixtures("cli_shares_pack")

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEXT = {page: page.read_text() for page in PAGES}
BLOCK = re.compile(r"^( *)```console\n\1\$ (vmgraph [^\n]*)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


def _name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def _examples(page: Path) -> list[tuple[str, list[str]]]:
    return [
        (match.group(2), [line[len(match.group(1)):] for line in match.group(3).splitlines()])
        for match in BLOCK.finditer(TEXT[page])
    ]


EXAMPLES = [(_name(page), command, shown) for page in PAGES for command, shown in _examples(page)]


def test_the_docs_are_pages_of_markdown():
    assert [_name(page) for page in PAGES[1:]] and all(_name(page).startswith("docs/") for page in PAGES[1:])


def test_the_readme_has_examples_to_check():
    commands = [command.split()[1] for command, _ in _examples(ROOT / "README.md")]
    assert commands.count("route") >= 2 and "inspect" in commands and "fleet" in commands


def test_every_console_block_is_checked():
    """A ```console block that is not `$ vmgraph ...` would be skipped silently: there is none."""
    for page in PAGES:
        blocks = re.findall(r"^ *```console\n", TEXT[page], re.MULTILINE)
        assert len(blocks) == len(_examples(page)), f"{_name(page)}: a console block that does not start with '$ vmgraph'"


def test_the_readme_links_every_docs_page():
    linked = {target.split("#")[0] for target, _ in _links(ROOT / "README.md")}
    assert {_name(page) for page in PAGES[1:]} <= linked


@pytest.mark.parametrize("page,command,shown", EXAMPLES, ids=[f"{page}: {command}" for page, command, _ in EXAMPLES])
def test_readme_example_is_todays_output(monkeypatch, page, command, shown):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code in (0, 1), result.stderr
    actual = iter(result.stdout.splitlines())
    for line in (line for line in shown if line.strip() != "..."):
        assert any(line == got for got in actual), f"{page}: {command}: {line!r} is not in today's output (in order)"


# -- links, anchors and tables, as a CommonMark parser with GFM tables reads them


def _tokens(page: Path):
    markdown_it = pytest.importorskip("markdown_it", reason="the test extra installs markdown-it-py")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(TEXT[page])


def _links(page: Path) -> list[tuple[str, str]]:
    """(target, kind) for every link and image of the page, as written."""
    found = []
    for token in _tokens(page):
        for child in token.children or ():
            if child.type == "link_open":
                found.append((child.attrs["href"], "link"))
            elif child.type == "image":
                found.append((child.attrs["src"], "image"))
    return found


def _anchors(page: Path) -> set[str]:
    """GitHub's ids for the page's headings: lower case, punctuation out, spaces as hyphens."""
    tokens, seen = _tokens(page), {}
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type == "heading_open":
            text = "".join(child.content for child in inline.children if child.type in ("text", "code_inline"))
            slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            if count:
                seen[f"{slug}-{count}"] = 1
    return set(seen)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_leads_somewhere(page):
    links = _links(page)
    assert links, f"{_name(page)} links nowhere"
    for target, kind in links:
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ... (not checked offline)
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists() and file.is_relative_to(ROOT), f"{_name(page)}: {kind} {target!r}: no such file"
        if anchor:
            assert file.suffix == ".md", f"{_name(page)}: {target!r}: an anchor into a file that is not Markdown"
            assert anchor in _anchors(file), f"{_name(page)}: {target!r}: no such heading in {_name(file)}"


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_tables_keep_their_columns(page):
    """A `|` that is not escaped splits a cell (even in a code span): each row has the header's cells."""
    lines = TEXT[page].splitlines()
    for token in _tokens(page):
        if token.type == "table_open":
            start, end = token.map
            widths = [len(re.split(r"(?<!\\)\|", line.strip().strip("|"))) for line in lines[start:end]]
            assert len(set(widths)) == 1, f"{_name(page)}:{start + 1}: cells per row {widths}"
