"""Hardware versions by product (`vmgraph hardware`) as text, Markdown or JSON."""

from __future__ import annotations

from ..overview.versions import VersionRow
from .escape import markdown as md


def to_text(rows: list[VersionRow], markdown: bool = False) -> str:
    if markdown:
        lines = ["| hardware | newest on | runs on |", "|---|---|---|"]
        for row in rows:
            lines.append(f"| {md(row.name)} | {md(', '.join(_marked(row, row.newest_on)) or '-')} | {len(row.runs_on)} products |")
        lines += ["", "\\* an inference of vmgraph's (see `vmgraph products` and the rules' sources)."]
        return "\n".join(lines) + "\n"
    lines = []
    for row in rows:
        lines.append(f"{row.name}")
        lines.append(f"  newest on: {', '.join(_marked(row, row.newest_on)) or '-'}")
        lines.append(f"  runs on ({len(row.runs_on)}): {', '.join(_marked(row, row.runs_on))}")
        if row.not_on:
            lines.append(f"  not on ({len(row.not_on)}): {', '.join(row.not_on)}")
        lines.extend(f"  sources disagree: {said}" for said in row.disputed)
    lines += ["", "* an inference of vmgraph's: no source states it (the rule cites its reasoning)."]
    return "\n".join(lines) + "\n"


def to_json(rows: list[VersionRow]) -> str:
    import json

    return json.dumps([row._asdict() for row in rows], indent=2, ensure_ascii=False) + "\n"


def _marked(row: VersionRow, names: tuple[str, ...]) -> list[str]:
    return [name + ("*" if name in row.inferred_for else "") for name in names]
