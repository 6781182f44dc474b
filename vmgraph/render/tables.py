"""Products and matrices as text, Markdown or JSON."""

from __future__ import annotations

import json
from typing import Any

from ..matrix import Cell
from ..model import RulePack


def products_json(pack: RulePack) -> str:
    items = [
        {
            "name": p.name,
            "generation": p.generation,
            "family": p.family,
            "can_create": p.can_create,
            "aliases": list(p.aliases),
            "runs_hardware": sorted(p.hardware_generations()),
            "reference": {"section": p.reference.section, "page": p.reference.page},
            "inferred": p.reference.inferred,
        }
        for p in pack.products.values()
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def products_text(pack: RulePack) -> str:
    rows = [("PRODUCT", "GEN", "FAMILY", "CREATES VMS", "RUNS HW", "ALIASES")]
    for p in pack.products.values():
        runs = ",".join(map(str, sorted(p.hardware_generations())))
        rows.append((p.name, str(p.generation), p.family, "yes" if p.can_create else "no", runs, ", ".join(p.aliases)))
    lines = _columns(rows)
    if pack.groups:
        lines += ["", "Names for several products:"]
        for group in pack.groups.values():
            aliases = f" (also {', '.join(group.aliases)})" if group.aliases else ""
            lines.append(f"  {group.name}{aliases}: {', '.join(group.members)}")
    return "\n".join(lines) + "\n"


def matrix_json(products: list[str], cells: list[Cell]) -> str:
    data = {
        "products": products,
        "cells": [{"from": c.source, "to": c.target, "supported": c.supported, "text": c.text, "phrases": list(c.phrases), "references": list(c.references)} for c in cells],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def matrix_text(rows: list[str], cells: list[Cell]) -> str:
    lines: list[str] = []
    width = max((len(c.target) for c in cells), default=0)
    for row in rows:
        lines.append(f"Created under {row}:")
        for cell in (c for c in cells if c.source == row):
            lines.append(f"  -> {cell.target.ljust(width)}  {cell.text}")
        lines.append("")
    return "\n".join(lines)


def matrix_markdown(rows: list[str], columns: list[str], cells: list[Cell]) -> str:
    lookup = {(c.source, c.target): c for c in cells}
    lines = ["| Created under \\ Moved to | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for row in rows:
        texts = [lookup[(row, column)].text.replace("|", "\\|") for column in columns]
        lines.append(f"| **{row}** | " + " | ".join(texts) + " |")
    return "\n".join(lines) + "\n"


def summary_json(summary: list[tuple[int, int, str]]) -> str:
    data: dict[str, Any] = {"generations": sorted({a for a, _, _ in summary}, reverse=True), "cells": [{"from": a, "to": b, "text": text} for a, b, text in summary]}
    return json.dumps(data, indent=2) + "\n"


def summary_table(summary: list[tuple[int, int, str]], markdown: bool) -> str:
    generations = sorted({a for a, _, _ in summary}, reverse=True)
    lookup = {(a, b): text for a, b, text in summary}
    header = ["Created under \\ Moved to"] + [f"Generation {g}" for g in generations]
    body = [[f"Generation {a}"] + [lookup[(a, b)] for b in generations] for a in generations]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines) + "\n"
    return "\n".join(_columns([tuple(header)] + [tuple(row) for row in body])) + "\n"


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
