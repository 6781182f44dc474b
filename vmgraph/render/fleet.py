"""A fleet's plan as a text work plan, a Markdown change ticket, CSV or JSON for scripts.

Each output is a class with the two halves planning needs (fleet/planning.py): `part`, the
piece of a VM's line that depends on its question (made once per question), and `line`, the
VM's own line (made once per VM, so kept cheap); and `write`, which prints the work plan and
then copies the spooled lines. The work plan's words are vmgraph's: every group names the
`vmgraph route` command that gives its route in full, with each step's source and inferences,
and a blocked group's suggestions are commands that give a route.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, TextIO

from ..fleet import FleetPlan, Group, Outcome
from ..fleet.placement import READING, SAID_BY
from ..fleet.questions import QuestionKey
from ..fleet.planning import hardware_name
from ..vm.hardware import short_name
from ..inventory import InventoryVM
from ..vm.limits import LimitProblem
from .escape import markdown as md, markdown_prose, terminal, utf8
from .routes import route_json

_CSV_SPECIAL = re.compile(r'[",\r\n]')  # a cell holding one of these is quoted
# A cell a spreadsheet would take for a formula (OWASP's CSV injection page and ASVS 1.2.10: a
# first character of = + - @, a tab, a carriage return or NUL), neutralised as they say: a single
# quote before it. Inventories are other people's text: a VM named "=HYPERLINK(...)" stays a name.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutral(cell: object) -> object:
    """A cell as a spreadsheet may safely read it: text that starts like a formula gets a quote."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell
EXAMPLES = 3  # commands shown per group in text and Markdown; JSON lists them all
NAME_WIDTH = 24  # the text's name column (a longer name has a line of its own)
CSV_FIELDS = (
    "name", "row", "product", "product_from", "hardware_version", "question", "status", "plan",
    "moves", "one_way_steps", "conversions", "inferred", "reason", "limits", "command",
)
# The inventory formats by short names, for a heading.
FORMAT_NAMES = {
    "rvtools-csv": "RVTools vInfo, CSV", "rvtools-xlsx": "RVTools, .xlsx", "govc-json": "govc vm.info -json",
    "powercli-csv": "PowerCLI Export-Csv", "plain-csv": "plain CSV", "vcenter": "vCenter, read live",
}
_TAKEN = {"its hardware version": "the hardware its product creates (its newest)", "vCPUs": "one vCPU", "whether the guest is 64-bit": "a 32-bit guest", "snapshots": "no snapshot", "power state": "not suspended"}


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def size(outcome: Outcome) -> str:
    """A route's size: its moves, and its one-way steps and conversions when it has any."""
    if outcome.status == "blocked":
        return "no route"
    if outcome.status == "ready":
        return "nothing to do"
    parts = [_plural(outcome.moves, "move")]
    if outcome.one_way_steps:
        parts.append(_plural(outcome.one_way_steps, "one-way step"))
    if outcome.conversions:
        parts.append(_plural(outcome.conversions, "conversion"))
    return ", ".join(parts)


def tally(plan: FleetPlan) -> str:
    parts = [f"{plan.count('route'):,} with a route", f"{plan.count('ready'):,} with nothing to do", f"{plan.count('blocked'):,} blocked"]
    if len(plan.skipped):
        parts.append(f"{_plural(len(plan.skipped), 'row')} skipped (--keep-going)")
    return f"{_plural(plan.total, 'VM')}: " + ", ".join(parts)


def notes(plan: FleetPlan) -> list[str]:
    """Where the VMs are and who says so, what rows left out (and what vmgraph took instead, as
    `vmgraph route` takes an unset flag), and the rows a keep-going read skipped."""
    found = list(plan.inventory.notes)
    found += plan.placement.notes() if plan.placement is not None else []
    found += [
        f"The inventory does not state {fact} for {_plural(count, 'VM')}: vmgraph takes {_TAKEN[fact]}, as `vmgraph route` does without the flag."
        for fact, count in sorted(plan.unsaid.items())
    ]
    found += [f"Skipped: {skip}" for skip in plan.skipped]
    if len(plan.skipped) > len(plan.skipped.rows):
        found.append(f"... and {len(plan.skipped) - len(plan.skipped.rows):,} more skipped rows")
    return found


def heading(plan: FleetPlan) -> list[str]:
    inventory = plan.inventory
    kind = FORMAT_NAMES[inventory.format]
    if inventory.columns:
        kind += ", --columns " + ",".join(f"{field}={column}" for field, column in inventory.columns.items())
    lines = [f"Fleet: {inventory.name} ({kind}): {_plural(plan.total, 'VM')} to {plan.target}"]
    if plan.source:
        lines.append(f"On: {plan.source} (--from), unless a row names its product")
    elif plan.placement is not None and (plan.placement.by_host or plan.placement.by_reading):
        placement, said = plan.placement, []
        if placement.by_host:
            said.append(f"each VM's host's release, from {placement.hosts.source if placement.hosts else 'the inventory'}")
        if placement.by_reading:
            said.append(("where that is not said, " if said else "") + "a vSphere host that runs its hardware (vmgraph's reading, marked *)")
        lines.append("On: " + "; ".join(said))
    lines.append(f"Rows: {inventory.rows}")
    return lines


def on(key: QuestionKey) -> str:
    """Where a question's VMs are, as the per-VM lines show it: vmgraph's reading marked *."""
    return "?" if key.product is None else f"{key.product}*" if key.said_by == READING else key.product


def first_outcome(plan: FleetPlan, group: Group) -> Outcome:
    return plan.outcomes[group.questions[0][0] - 1]


def examples(plan: FleetPlan, group: Group) -> tuple[list[str], int]:
    commands = [plan.outcomes[number - 1].command for number, _ in group.questions]
    shown = [command for command in commands if command][:EXAMPLES]
    return shown, len(group.questions) - len(shown)


class Text:
    def part(self, question: int, key: QuestionKey, outcome: Outcome) -> str:
        return f"  {on(key):<16} {hardware_name(key.hardware_version) or '-':<8} {question:>8}  {outcome.plan}\n"

    def line(self, vm: InventoryVM, part: str) -> str:
        name = terminal(vm.name)  # an ESC, a line break, a right-to-left override in a name: escaped
        if len(name) > NAME_WIDTH:  # a long name on a line of its own, the columns below it in place
            return f"  {name}\n  {'':{NAME_WIDTH}}  {vm.row:>7}{part}"
        return f"  {name.ljust(NAME_WIDTH)}  {vm.row:>7}{part}"

    def write(self, plan: FleetPlan, out: TextIO) -> None:
        lines = heading(plan) + ["", "Work plan (largest group first):"]
        width = len(f"{max((g.vms for g in plan.groups), default=0):,}")
        for group in plan.groups:
            lines += self._group(plan, group, width)
        if not plan.groups:
            lines.append("  (no VMs)")
        lines += ["", f"Summary: {tally(plan)}"]
        said = notes(plan)
        if said:
            lines += ["", "Notes:"] + [f"  - {note}" for note in said]
        out.write("\n".join(map(terminal, lines)) + "\n")
        if plan.total:
            out.write(f"\nPer VM:\n  {'name':<{NAME_WIDTH}}  {'row':>7}  {'on':<16} {'hardware':<8} {'question':>8}  plan\n")
            plan.copy_lines(out)

    @staticmethod
    def _group(plan: FleetPlan, group: Group, width: int) -> list[str]:
        first = first_outcome(plan, group)
        lines = [f"  {group.number}. {group.vms:>{width},} VM{'s' if group.vms != 1 else ' '}  {group.plan}"]
        indent = " " * (len(f"  {group.number}. ") + width + 5)
        if first.status == "route":
            details = [size(first)] + (["rests on vmgraph's inferences (each command shows them on their steps)"] if first.inferred else [])
            lines.append(indent + "; ".join(details))
        if first.status == "blocked" and first.reason and first.reason != group.plan.removeprefix("blocked: "):
            lines.append(indent + f"Why: {first.reason}")
        for problem in first.limits:
            lines.append(indent + f"{'Cannot hold' if problem.refusal else 'Check'}: {problem.problem}")
            lines.append(indent + f"  Source: {problem.source.where()}")
            if problem.inferred:
                lines.append(indent + f"  Inferred by vmgraph: {problem.inferred}")
            lines.append(indent + f"  Fix (vmgraph's advice): {problem.fix}")
        if first.fixes:
            lines.append(indent + "vmgraph suggests (each command gives a route):")
            for change, description, command in first.fixes:
                lines += [f"{indent}  - {change}: {description}", f"{indent}    {command}"]
        shown, more = examples(plan, group)
        if len(group.questions) > 1 and (first.fixes or first.limits or first.reason):
            lines.append(indent + "(said for its largest question; each question's own: --format json)")
        if shown:
            asked = len(group.questions)
            full = "once changed, in full" if first.limits and first.status == "blocked" else "in full"
            lines.append(indent + (f"{full[0].upper()}{full[1:]}:" if asked == 1 else f"{asked} distinct questions; {full}, the largest:"))
            lines.extend(f"{indent}  {command}" for command in shown)
        if shown and more > 0:
            lines.append(f"{indent}  and {more:,} more (--format json lists them all)")
        return lines


class Markdown:
    def part(self, question: int, key: QuestionKey, outcome: Outcome) -> str:
        return f" | {md(on(key))} | {hardware_name(key.hardware_version) or '-'} | {question} | {md(outcome.plan)} |\n"

    def line(self, vm: InventoryVM, part: str) -> str:
        return f"| {md(vm.name)} | {vm.row}{part}"

    def write(self, plan: FleetPlan, out: TextIO) -> None:
        lines = [f"# Fleet plan: {md(plan.inventory.name)} to {md(plan.target)}", ""]
        lines += [md(line) + "  " for line in heading(plan)[1:]]
        lines[-1] = lines[-1].rstrip()
        lines.append("")
        lines += [f"**{md(tally(plan))}**", "", "## Work plan", ""]
        lines += ["| Group | VMs | Work | Moves | One-way steps | Conversions |", "|---:|---:|---|---:|---:|---:|"]
        for group in plan.groups:
            first = first_outcome(plan, group)
            counts = (first.moves, first.one_way_steps, first.conversions) if first.status == "route" else ("–",) * 3
            lines.append(f"| {group.number} | {group.vms:,} | {md(group.plan)} | " + " | ".join(map(str, counts)) + " |")
        for group in plan.groups:
            lines += self._group(plan, group)
        said = notes(plan)
        if said:
            lines += ["", "## Notes", ""] + [f"- {markdown_prose(note)}" for note in said]
        out.write("\n".join(lines) + "\n")
        if plan.total:
            out.write("\n## VMs\n\n| VM | Row | On | Hardware | Question | Plan |\n|---|---:|---|---|---:|---|\n")
            plan.copy_lines(out)

    @staticmethod
    def _group(plan: FleetPlan, group: Group) -> list[str]:
        first = first_outcome(plan, group)
        lines = ["", f"### Group {group.number}: {md(group.plan)}", ""]
        if first.status == "blocked" and first.reason:
            lines += [f"Why: {md(first.reason)}", ""]
        for problem in first.limits:
            lines.append(f"- {'Cannot hold' if problem.refusal else 'Check'}: {md(problem.problem)} ({md(problem.source.where())})")
            lines.append(f"  - Fix (vmgraph's advice): {md(problem.fix)}")
            if problem.inferred:
                lines.append(f"  - Inferred by vmgraph: {md(problem.inferred)}")
        if first.limits:
            lines.append("")
        if first.fixes:
            lines += ["vmgraph suggests (each command gives a route):", ""]
            lines += [f"- {md(change)}: {md(description)}: `{command}`" for change, description, command in first.fixes]
            lines.append("")
        if first.inferred:
            lines += ["Its steps rest on vmgraph's inferences: the commands below show each on its step.", ""]
        shown, more = examples(plan, group)
        if first.status == "route":
            # The work, a box to tick per route: a change ticket lists every question, the
            # largest in view and the rest folded (GFM renders <details> where HTML is allowed).
            every = [command for command in (plan.outcomes[number - 1].command for number, _ in group.questions) if command]
            lines += [f"- [ ] `{command}`" for command in every[: len(shown)]]
            rest = every[len(shown):]
            if rest:
                lines += ["", f"<details><summary>{len(rest):,} more questions</summary>", ""]
                lines += [f"- [ ] `{command}`" for command in rest] + ["", "</details>"]
        elif shown:
            lines += ["Why, in full:", ""] + [f"- `{command}`" for command in shown]
            if more > 0:
                lines.append(f"- and {more:,} more questions (`--format json` lists them all)")
        return lines


class Csv:
    """One row per VM (and per skipped row, status "skipped"); `plan` (or `question`) lets a
    script total the work plan itself. Text cells that start like a formula are neutralised
    (`neutral`) unless `neutralise` is off (the xlsx writer marks such cells as text instead)."""

    def __init__(self, neutralise: bool = True):
        self.neutralise = neutralise

    def part(self, question: int, key: QuestionKey, outcome: Outcome) -> str:
        return self._line((
            key.product or "", key.said_by or "", "" if key.hardware_version is None else key.hardware_version,
            question, outcome.status, outcome.plan, outcome.moves, outcome.one_way_steps, outcome.conversions,
            outcome.inferred, outcome.reason or "", "; ".join(p.problem for p in outcome.limits), outcome.command or "",
        ))

    def line(self, vm: InventoryVM, part: str) -> str:
        name = utf8(vm.name)
        if self.neutralise and name.startswith(FORMULA_START):
            name = "'" + name
        if _CSV_SPECIAL.search(name):
            name = '"' + name.replace('"', '""') + '"'
        return f"{name},{vm.row},{part}"

    def write(self, plan: FleetPlan, out: TextIO) -> None:
        out.write(_csv_line(CSV_FIELDS))
        plan.copy_lines(out)
        for skip in plan.skipped:
            out.write(self._line(skipped_row(skip)))

    def _line(self, cells) -> str:
        return utf8(_csv_line(map(neutral, cells) if self.neutralise else cells))


def skipped_row(skip) -> tuple:
    """A row a keep-going read left out, in CSV_FIELDS' columns (status "skipped")."""
    reason = f"{skip.where}: {skip.reason}" if skip.where else skip.reason
    return ("", skip.row or "", "", "", "", "", "skipped", "", "", "", "", "", reason, "", "")


def _csv_line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


class Json:
    """One JSON document: the work plan first, then `vms` (copied from the spool)."""

    def part(self, question: int, key: QuestionKey, outcome: Outcome) -> str:
        product, hardware = json.dumps(key.product, ensure_ascii=False), json.dumps(key.hardware_version)
        limits = json.dumps([p.problem for p in outcome.limits], ensure_ascii=False)
        said = json.dumps(key.said_by)
        return f', "product": {product}, "product_from": {said}, "hardware_version": {hardware}, "question": {question}, "limits": {limits}}}'

    def line(self, vm: InventoryVM, part: str) -> str:
        name = vm.name
        # Most names need no escaping: quote them directly (json.dumps costs more than the rest of the line).
        quoted = f'"{name}"' if name.isprintable() and '"' not in name and "\\" not in name else utf8(json.dumps(name, ensure_ascii=False))
        return f',\n    {{"name": {quoted}, "row": {vm.row}{part}'

    def write(self, plan: FleetPlan, out: TextIO) -> None:
        head: dict[str, Any] = {
            "inventory": {"file": plan.inventory.name, "format": plan.inventory.format, "columns": plan.inventory.columns, "rows": plan.inventory.rows,
                          "vms": plan.total, "skipped": len(plan.skipped), "notes": plan.inventory.notes},
            "target": plan.target,
            "from": plan.source,
            "placed": _placed_json(plan),
            "summary": {"route": plan.count("route"), "ready": plan.count("ready"), "blocked": plan.count("blocked")},
            "groups": [_group_json(plan, group) for group in plan.groups],
            "unsaid": dict(sorted(plan.unsaid.items())),
            "skipped": [{"file": s.file, "row": s.row, "column": s.column, "reason": s.reason} for s in plan.skipped],
        }
        text = utf8(json.dumps(head, indent=2, ensure_ascii=False))
        out.write(text[:-2] + ',\n  "vms": [')  # the document stays open for the VMs
        if plan.total:
            plan.copy_lines(_DropFirstComma(out))  # every spooled line starts with ",\n    "
            out.write("\n  ]\n}\n")
        else:
            out.write("]\n}\n")


class _DropFirstComma:
    """A writer that passes text on, less its first character (the first VM's comma)."""

    def __init__(self, out: TextIO):
        self.out, self.first = out, True

    def write(self, text: str) -> None:
        if self.first and text:
            text, self.first = text[1:], False
        self.out.write(text)


def _placed_json(plan: FleetPlan) -> dict[str, Any]:
    """How many VMs are where by whom: their host's release, vmgraph's reading."""
    placement = plan.placement
    if placement is None:
        return {}
    hosts = placement.hosts
    return {
        "hosts": None if hosts is None else {"source": hosts.source, "hosts": hosts.hosts, "without_release": hosts.without, "vms_not_listed": hosts.missed},
        "by_host_release": placement.by_host, "by_vmgraph_reading": placement.by_reading,
        "host_release_not_read": placement.unread_vms,
        "readings": [{"release": r.release, "row": r.row, "reading": r.words} for r in placement.readings.values()],
        "product_from": SAID_BY,  # what each VM's product_from means
    }


def _group_json(plan: FleetPlan, group: Group) -> dict[str, Any]:
    first = first_outcome(plan, group)
    return {
        "group": group.number, "vms": group.vms, "status": group.status, "plan": group.plan,
        "moves": first.moves, "one_way_steps": first.one_way_steps, "conversions": first.conversions,
        "questions": [_question_json(plan, number, count) for number, count in group.questions],
    }


def _question_json(plan: FleetPlan, number: int, count: int) -> dict[str, Any]:
    outcome = plan.outcomes[number - 1]
    return {
        "question": number, "vms": count, "inferred": outcome.inferred, "reason": outcome.reason,
        "fixes": [{"change": change, "description": description, "command": command} for change, description, command in outcome.fixes],
        "command": outcome.command,
        "route": route_json(outcome.route, plan.target, with_alternatives=False) if outcome.route else None,
        "limits_checked_at": None if outcome.checked_at is None else {"hardware": outcome.checked_at, "hardware_name": short_name(outcome.checked_at)},
        "limits": [_limit_json(problem) for problem in outcome.limits],  # for this question's first VM
    }


def _limit_json(problem: LimitProblem) -> dict[str, Any]:
    return {
        "limit": problem.limit, "problem": problem.problem, "refusal": problem.refusal, "fix": problem.fix,
        "reference": problem.source.as_json(), "quote": problem.quote, "inferred": problem.inferred,
    }


WRITERS = {"text": Text, "markdown": Markdown, "csv": Csv, "json": Json}  # and fleet_xlsx.Xlsx for "xlsx"
