"""One look for "what a move takes", shared by every picture and diagram.

The colours are the Okabe-Ito palette (told apart with the common kinds of
colour blindness); line styles differ too, so a grey-scale print still tells
them apart. Plain data: no matplotlib here.
"""

from __future__ import annotations

from typing import Any

from ..overview.matrix import (
    CONDITIONAL,
    INFERRED_MARK,
    LEGACY_ONLY,
    NOT_DESCRIBED,
    NO_SOURCE,
    NOT_SUPPORTED,
    OK,
    TRANSFER_PHRASES,
    UPGRADE,
    UPGRADE_OR_LEGACY,
    CONVERT,
    OVF_PHRASE,
    Cell,
)

# By the most telling tag of a step, most telling first.
STYLES: dict[str, dict[str, Any]] = {
    "one-way": {"color": "#D55E00", "fill": "#F7CFB2", "linestyle": "-", "dot": "bold", "mermaid": "==>", "label": "one-way upgrade"},
    "convert": {"color": "#56B4E9", "fill": "#D5ECF9", "linestyle": (0, (6, 2, 1, 2)), "dot": "dashed", "mermaid": "-.->", "label": "convert (VM rebuilt)"},
    "conditional": {"color": "#E69F00", "fill": "#F8E2B2", "linestyle": (0, (1.2, 1.6)), "dot": "dotted", "mermaid": "-.->", "label": "conditional (guest OS)"},
    "export/import": {"color": "#0072B2", "fill": "#B2D4E8", "linestyle": (0, (5, 2)), "dot": "dashed", "mermaid": "-->", "label": "export / import disks"},
    "legacy": {"color": "#CC79A7", "fill": "#F0D6E5", "linestyle": "-", "dot": "solid", "mermaid": "-->", "label": "legacy mode"},
    "copy": {"color": "#009E73", "fill": "#B2E2D5", "linestyle": "-", "dot": "solid", "mermaid": "-->", "label": "copy files"},
}
REFUSED = {"color": "#6B6B6B", "fill": "#FFFFFF", "linestyle": (0, (1, 2)), "label": "not supported (guide)"}
UNDESCRIBED = {"color": "#6B6B6B", "fill": "#EDEDED", "label": "not described by the guide"}

# Short words for the guide's phrases, for a table cell.
SHORT = {
    OK: "OK",
    TRANSFER_PHRASES["export"]: "export disks",
    TRANSFER_PHRASES["import"]: "import disks",
    UPGRADE: "upgrade (one-way)",
    UPGRADE_OR_LEGACY: "legacy mode or upgrade",
    LEGACY_ONLY: "legacy VM only",
    CONDITIONAL: "maybe (guest OS)",
    NOT_SUPPORTED: "not supported",
    NOT_DESCRIBED: "not described",
    NO_SOURCE: "no move",
    OVF_PHRASE: "OVF export / deploy",
    CONVERT: "convert (rebuilt)",
}

# The guide's cross-generation summary (page 10), by how hopeful it is.
SUMMARY_STYLES = {
    "Easy in most cases": ("copy", None),
    "Special steps needed": ("export/import", None),
    "Special steps needed or not supported": ("export/import", "//"),
    "One-way or not supported": ("one-way", "//"),
    "Varies": ("conditional", "//"),
    "Not supported in most cases": ("refused", "//"),
    "Not supported": ("refused", None),
}


def edge_style(step) -> str:
    """The style of a transition or route step, by its most telling tag."""
    tags = set(step.tags)
    if "one-way" in tags:
        return "one-way"
    if "convert" in tags:
        return "convert"
    if "conditional" in tags:
        return "conditional"
    if tags & {"export", "import"}:
        return "export/import"
    if "legacy" in tags:
        return "legacy"
    return "copy"


def cell_style(cell: Cell) -> str:
    """A matrix cell's style: one of STYLES, or 'refused' / 'undescribed'.

    A conversion is a way of its own (a rule of its own, the planner's last resort):
    a cell that gives another way too is styled by that one ("Workstation 4 ->
    Workstation 6.0": legacy mode or upgrade, not the Converter)."""
    plain = {p.removesuffix(INFERRED_MARK) for p in cell.phrases}
    if not cell.supported:
        return "refused" if NOT_SUPPORTED in plain else "undescribed"
    if UPGRADE in plain:
        return "one-way"
    if CONVERT in plain:
        if plain == {CONVERT}:
            return "convert"
        plain -= {CONVERT}
    if CONDITIONAL in plain:
        return "conditional"
    if plain & (set(TRANSFER_PHRASES.values()) | {OVF_PHRASE}):
        return "export/import"
    if plain & {LEGACY_ONLY, UPGRADE_OR_LEGACY}:
        return "legacy"
    return "copy"


def cell_words(cell: Cell) -> list[str]:
    """A matrix cell in short words, one phrase a line; an inference ends in '*'."""
    words = []
    for phrase in cell.phrases:
        plain = phrase.removesuffix(INFERRED_MARK)
        words.append(SHORT.get(plain, plain) + ("*" if plain != phrase else ""))
    return words


def style_of(key: str) -> dict[str, Any]:
    return STYLES.get(key) or {"refused": REFUSED, "undescribed": UNDESCRIBED}[key]
