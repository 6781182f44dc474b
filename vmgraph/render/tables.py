"""Products and matrices as text, Markdown or JSON."""

from __future__ import annotations

from ..vm.hardware import version_spans, vmx_name

import json
from typing import Any

from ..overview.matrix import Cell, GenerationCell
from ..pack.model import RulePack
from .escape import markdown as md


def products_json(pack: RulePack) -> str:
    items = [
        {
            "name": p.name,
            "generation": p.generation,
            "family": p.family,
            "can_create": p.can_create,
            "aliases": list(p.aliases),
            "runs_hardware": sorted(p.hardware_generations()),
            "reference": p.reference.as_json(),
            "inferred": p.reference.inferred,
        }
        for p in pack.products.values()
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def products_text(pack: RulePack) -> str:
    rows = [("PRODUCT", "GEN", "FAMILY", "CREATES VMS", "RUNS HW", "ALIASES")]
    for p in pack.products.values():
        if p.is_today:
            own, runs = vmx_name(p.generation), version_spans(p.hardware_generations()).replace(" to ", "-").replace(", ", ",")
        else:
            own, runs = str(p.generation), ",".join(map(str, sorted(p.hardware_generations())))
        creates = "yes" if p.can_create else "no (inferred)" if p.reference.inferred else "no"
        rows.append((p.name, own, p.family, creates, runs, ", ".join(p.aliases)))
    lines = _columns(rows)
    if any(row[3] == "no (inferred)" for row in rows):
        lines += ["", "(inferred): vmgraph's reading, not its source's word; vmgraph products --format json gives the reasoning."]
    if pack.groups:
        lines += ["", "Names for several products:"]
        for group in pack.groups.values():
            aliases = f" (also {', '.join(group.aliases)})" if group.aliases else ""
            lines.append(f"  {group.name}{aliases}: {', '.join(group.members)}")
    return "\n".join(lines) + "\n"


def _text(cell: Cell, detours: dict) -> str:
    detour = detours.get((cell.source, cell.target))
    return f"{cell.text}; {detour.text}" if detour else cell.text


def matrix_json(products: list[str], cells: list[Cell], detours: dict | None = None) -> str:
    detours = detours or {}
    items = []
    for c in cells:
        item = {"from": c.source, "to": c.target, "supported": c.supported, "text": _text(c, detours), "phrases": list(c.phrases), "references": list(c.references)}
        detour = detours.get((c.source, c.target))
        if detour:
            item["multi_hop"] = {"via": list(detour.via), "moves": detour.moves, "one_way": detour.one_way, "text": detour.text}
        items.append(item)
    return json.dumps({"products": products, "cells": items}, indent=2, ensure_ascii=False) + "\n"


def matrix_text(rows: list[str], cells: list[Cell], detours: dict | None = None) -> str:
    detours = detours or {}
    lines: list[str] = []
    width = max((len(c.target) for c in cells), default=0)
    by_row: dict[str, list[Cell]] = {}
    for cell in cells:  # one pass: the table grows with its cells, no faster
        by_row.setdefault(cell.source, []).append(cell)
    for row in rows:
        lines.append(f"Created under {row}:")
        for cell in by_row.get(row, ()):
            lines.append(f"  -> {cell.target.ljust(width)}  {_text(cell, detours)}")
        lines.append("")
    return "\n".join(lines)


def matrix_markdown(rows: list[str], columns: list[str], cells: list[Cell], detours: dict | None = None) -> str:
    detours = detours or {}
    lookup = {(c.source, c.target): c for c in cells}
    lines = ["| Created under \\ Moved to | " + " | ".join(md(c) for c in columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for row in rows:
        texts = [md(_text(lookup[(row, column)], detours)) for column in columns]
        lines.append(f"| **{md(row)}** | " + " | ".join(texts) + " |")
    return "\n".join(lines) + "\n"


def summary_json(summary: list[GenerationCell]) -> str:
    data: dict[str, Any] = {
        "generations": sorted({c.source for c in summary}, reverse=True),
        "cells": [{"from": c.source, "to": c.target, "text": c.text, "guide": c.guide, "departs_from_guide": c.departure} for c in summary],
    }
    return json.dumps(data, indent=2) + "\n"


def summary_table(summary: list[GenerationCell], markdown: bool) -> str:
    """The 4x4 table; a cell where vmgraph departs from the guide's summary is marked * and explained below."""
    generations = sorted({c.source for c in summary}, reverse=True)
    lookup = {(c.source, c.target): c.text + (" *" if c.departure else "") for c in summary}
    header = ["Created under \\ Moved to"] + [f"Generation {g}" for g in generations]
    body = [[f"Generation {a}"] + [lookup[(a, b)] for b in generations] for a in generations]
    notes = [f"* Generation {c.source} -> {c.target}: vmgraph departs from the guide here: {c.departure}." for c in summary if c.departure]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        lines += [""] + [note.replace("* ", "\\* ", 1) for note in notes] if notes else []
        return "\n".join(lines) + "\n"
    lines = _columns([tuple(header)] + [tuple(row) for row in body])
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
