"""Text made safe for the client that reads it: a terminal, Markdown, Graphviz DOT, Mermaid.

Product names come from rule files a site writes, so any of them may hold
characters a format treats as syntax (`|` ends a Markdown table cell, `<x>` is
raw HTML to Markdown and Mermaid, `"` ends a DOT string, `&amp;` is an entity
to Graphviz). Every renderer passes names through these before writing them.
"""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be escaped with a backslash; these are the
# ones that can start inline syntax (emphasis, code, links, raw HTML, entities,
# strikethrough) or end a GFM table cell.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|&~!])")
# At the start of a line these start a block (heading, list, quote, setext underline).
_MARKDOWN_BLOCK = re.compile(r"^([#+\-=>])")


def terminal(text: str) -> str:
    """Text as a terminal may show it, one line: every character that is not printable (a
    control such as ESC or BEL, a line break, a right-to-left override, a lone surrogate) written
    as its escape (``\\x1b``, ``\\n``, ``\\u202e``, ``\\udcff``). The one escaping of every text
    output: names come from inventories and .vmx files, which are other people's text."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def utf8(text: str) -> str:
    """Text any UTF-8 output takes: a lone surrogate written as its escape (``\\udcff``; inside
    a JSON string that is JSON's own escape for it), all else as it is."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if not text.isprintable() else text


def markdown(text: str) -> str:
    """Literal text inside Markdown (also inside a GFM table cell), escaped for a terminal too."""
    text = terminal(" ".join(str(text).split()))  # a line break would end the paragraph or the table row
    return _MARKDOWN_BLOCK.sub(r"\\\1", _MARKDOWN_INLINE.sub(r"\\\1", text))


_CODE_SPAN = re.compile(r"(`[^`]+`)")


def markdown_prose(text: str) -> str:
    """One of vmgraph's own sentences in Markdown: its `code` spans (a command, an option) kept
    as code, everything else literal as markdown() makes it (names in it included)."""
    parts = _CODE_SPAN.split(terminal(" ".join(str(text).split())))
    written = [f"{part}" if index % 2 else _MARKDOWN_INLINE.sub(r"\\\1", part) for index, part in enumerate(parts)]
    return _MARKDOWN_BLOCK.sub(r"\\\1", "".join(written))


def dot(text: str) -> str:
    """The inside of a quoted DOT string used as a label or tooltip (an escString).

    Graphviz reads `\\` escapes (`\\n`, `\\l`, `\\N`, ...) and HTML entities in
    labels, so a literal backslash is doubled and a literal `&` written `&amp;`.
    """
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def dot_quoted(text: str) -> str:
    return f'"{dot(text)}"'


def dot_label(*lines: str) -> str:
    """A quoted DOT label, one line per argument (centred lines, DOT's `\\n`)."""
    return '"' + "\\n".join(dot(line) for line in lines) + '"'


_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}


def mermaid(text: str) -> str:
    """Text inside a quoted Mermaid label (`id["..."]`, `-->|"..."|`).

    Mermaid renders labels as HTML, so `<`, `>` and `&` are written as its entity
    codes (`#lt;` ...); `#` starts such a code and `"` ends the label, so they are
    codes too.
    """
    text = " ".join(str(text).split())
    return "".join(_MERMAID_ENTITIES.get(char, char) for char in text)


def mermaid_label(*lines: str) -> str:
    """A quoted Mermaid label, one line per argument."""
    return '"' + "<br/>".join(mermaid(line) for line in lines) + '"'
