"""A fleet's plan as one self-contained web page (``vmgraph fleet ... --format html > plan.html``).

The page holds the summary as figures and an inline SVG chart (VMs per group, coloured by what
the group takes), the work plan (each group's count, what it takes, its one-way steps, the
sources it rests on and its `vmgraph route` commands, each with a copy button), the blocked
groups' reasons, sources and fixes, the skipped rows and the notes; then every VM in a table
that sorts by any column and filters as you type, drawing only the rows on screen, so a
100,000-VM page stays quick.

VMs that ask the same question share its data: the page carries one entry per question
(`vmgraph-questions`: where, hardware, group, status, plan) and one compact array per VM
(`vmgraph-vms`: name, row, question, host), spooled as the inventory streams past as any
other output's lines are (fleet/planning.py), so memory stays flat and a million VMs are
written about as fast as their CSV.
"""

from __future__ import annotations

import re
from typing import TextIO

from ..fleet import FleetPlan, Group
from ..fleet.questions import QuestionKey
from ..fleet.outcomes import Outcome
from ..fleet.planning import hardware_name
from ..inventory import InventoryVM
from .fleet import EXAMPLES, first_outcome, heading, notes, on, size, tally
from .fleet_html_script import TABLE_CSS, TABLE_JS
from .html_page import KIND_COLOURS, KIND_WORDS, cite, command, json_data, kind_mark, page_head, page_tail, prose, script_safe, text
from .styles import edge_style

MAX_BARS = 12  # the chart's bars; the rest are summed into one
_PLAIN = re.compile(r'[^"\\<>&]*\Z')  # a name JSON and HTML may hold as it is (once it is printable)
_KIND_ORDER = ("one-way", "convert", "conditional", "export/import", "legacy", "copy")


def _quoted(value: str) -> str:
    """A string as JSON that may sit in a script element; most names need no escaping at all."""
    if value.isprintable() and _PLAIN.match(value):
        return f'"{value}"'
    import json

    return script_safe(json.dumps(value, ensure_ascii=False))


def group_kind(plan: FleetPlan, group: Group) -> str:
    """What a group takes, by the most telling step of its largest question's route: a key of KIND_WORDS."""
    if group.status in ("blocked", "ready"):
        return group.status
    route = first_outcome(plan, group).route
    kinds = {edge_style(step) for step in route.steps} if route else set()
    return next((kind for kind in _KIND_ORDER if kind in kinds), "copy")


class Html:
    """Each VM a compact JSON array in the spool; `write` makes the page around them."""

    def __init__(self) -> None:
        self._keys: dict[int, QuestionKey] = {}

    def part(self, question: int, key: QuestionKey, outcome: Outcome) -> str:
        self._keys[question] = key
        return f",{question - 1},"

    def line(self, vm: InventoryVM, part: str) -> str:
        host = _quoted(vm.host) if vm.host else '""'
        return f",\n[{_quoted(vm.name)},{vm.row}{part}{host}]"

    def write(self, plan: FleetPlan, out: TextIO) -> None:
        title = f"Fleet plan: {plan.inventory.name} to {plan.target}"
        out.write(page_head(title, TABLE_CSS))
        out.write(f"<header><h1>{text(title)}</h1>\n" + "".join(f"<p class=\"muted\">{text(line)}</p>\n" for line in heading(plan)[1:]) + "</header>\n")
        out.write("<main>\n" + _summary(plan) + _work_plan(plan) + _skipped(plan) + _notes(plan))
        out.write(_vm_table(plan))
        out.write(json_data("vmgraph-questions", _questions(plan, self._keys)))
        out.write('<script type="application/json" id="vmgraph-vms">[')
        if plan.total:
            _copy_without_first_comma(plan, out)
        out.write("\n]</script>\n</main>\n")
        out.write(page_tail(TABLE_JS))


def _copy_without_first_comma(plan: FleetPlan, out: TextIO) -> None:
    spool = plan.spooled()
    first = spool.read(1 << 20)
    out.write(first[1:])
    while True:
        chunk = spool.read(1 << 20)
        if not chunk:
            break
        out.write(chunk)


def _questions(plan: FleetPlan, keys: dict[int, QuestionKey]) -> list[list]:
    """One entry per question: where its VMs are, their hardware, its group, status and plan."""
    group_of = {number: group for group in plan.groups for number, _ in group.questions}
    found = []
    for number, outcome in enumerate(plan.outcomes, 1):
        key = keys.get(number)
        group = group_of[number]
        found.append([on(key) if key else "?", (hardware_name(key.hardware_version) if key else "") or "-", group.number,
                      outcome.status, outcome.plan])
    return found


def _summary(plan: FleetPlan) -> str:
    figures = [(plan.total, "VMs"), (plan.count("route"), "with a route"), (plan.count("ready"), "with nothing to do"), (plan.count("blocked"), "blocked")]
    if len(plan.skipped):
        figures.append((len(plan.skipped), "rows skipped"))
    cells = "".join(f'<div class="figure"><span class="number">{count:,}</span> <span class="what">{text(what)}</span></div>' for count, what in figures)
    return (f'<section aria-labelledby="summary"><h2 id="summary">Summary</h2>\n<p>{text(tally(plan))}</p>\n'
            f'<div class="figures">{cells}</div>\n{chart(plan)}</section>\n')


def chart(plan: FleetPlan) -> str:
    """VMs per group as an inline SVG bar chart: its words are text, its colours what the group takes."""
    groups = list(plan.groups[:MAX_BARS])
    bars = [(f"{g.number}. {g.plan}", g.vms, group_kind(plan, g)) for g in groups]
    rest = plan.groups[MAX_BARS:]
    if rest:
        bars.append((f"{len(rest)} more groups (see the work plan)", sum(g.vms for g in rest), "ready"))
    if not bars:
        return ""
    label_width, bar_width, bar_height, gap, top = 430, 420, 22, 10, 8
    kinds = list(dict.fromkeys(kind for _, _, kind in bars))
    height = top + len(bars) * (bar_height + gap) + 34
    width = label_width + bar_width + 90
    biggest = max(count for _, count, _ in bars) or 1
    description = "; ".join(f"{label}: {count:,} VMs ({KIND_WORDS[kind]})" for label, count, kind in bars)
    parts = [f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="chart-title chart-desc">',
             f'<title id="chart-title">VMs per group, by the work each group takes</title><desc id="chart-desc">{text(description)}</desc>',
             '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#6B6B6B" stroke-width="1.5"/></pattern></defs>']
    y = top
    for label, count, kind in bars:
        line, fill = KIND_COLOURS[kind]
        length = max(bar_width * count / biggest, 2)
        shown = label if len(label) <= 62 else label[:60] + "…"
        middle = y + bar_height / 2 + 4
        parts.append(f'<g><title>{text(label)}: {count:,} VMs</title><text x="{label_width - 8}" y="{middle}" text-anchor="end" font-size="12" fill="#1d2327">{text(shown)}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{fill}" stroke="{line}" stroke-width="1.5"/>'
                     + (f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="url(#hatch)"/>' if kind == "blocked" else "")
                     + f'<text x="{label_width + length + 6:.1f}" y="{middle}" font-size="12" fill="#1d2327">{count:,}</text></g>')
        y += bar_height + gap
    x = 8
    for kind in kinds:
        line, fill = KIND_COLOURS[kind]
        parts.append(f'<rect x="{x}" y="{y + 8}" width="14" height="12" fill="{fill}" stroke="{line}" stroke-width="1.5"/>'
                     f'<text x="{x + 20}" y="{y + 18}" font-size="12" fill="#1d2327">{text(KIND_WORDS[kind])}</text>')
        x += 40 + 7 * len(KIND_WORDS[kind])
    parts.append("</svg></figure>\n")
    return "".join(parts)


def _work_plan(plan: FleetPlan) -> str:
    html = ['<section aria-labelledby="work-plan"><h2 id="work-plan">Work plan</h2>\n']
    if not plan.groups:
        html.append("<p>No VMs.</p>\n")
    for group in plan.groups:
        html.append(_group(plan, group))
    html.append("</section>\n")
    return "".join(html)


def _group(plan: FleetPlan, group: Group) -> str:
    first = first_outcome(plan, group)
    kind = group_kind(plan, group)
    html = [f'<div class="group" id="group-{group.number}"><h3>Group {group.number}: {text(group.plan)}</h3>\n',
            f'<p><strong>{group.vms:,} VM{"" if group.vms == 1 else "s"}</strong> · {kind_mark(kind)} · {text(size(first))}'
            + (f" · {len(group.questions):,} distinct questions" if len(group.questions) > 1 else "") + "</p>\n"]
    route = first.route
    if first.status == "route" and route is not None:
        one_way = [step for step in route.steps if step.point_of_no_return]
        if one_way:
            html.append('<p class="warn">One-way: ' + "; ".join(f"{text(step.source.product)} → {text(step.target.product)}: {text(step.instructions)}" for step in one_way) + "</p>\n")
        if first.inferred:
            html.append('<p class="inferred">Rests on vmgraph\'s inferences: the commands below show each on its step.</p>\n')
        sources = list(dict.fromkeys(step.reference._replace(inferred=None) for step in route.steps))
        if sources:
            html.append("<p>Sources: " + "; ".join(cite(source, said=False) for source in sources) + "</p>\n")
    if first.status == "blocked" and first.reason:
        html.append(f"<p><strong>Why:</strong> {text(first.reason)}</p>\n")
        refusals = route.refusals if route is not None else ()
        for refusal in dict.fromkeys((r.reason, r.advice, r.reference) for r in refusals):
            reason, advice, reference = refusal
            html.append(f"<p>{text(reason)} ({cite(reference)})" + (f" <em>Instead:</em> {text(advice)}" if advice else "") + "</p>\n")
    if first.limits:
        html.append("<ul>" + "".join(
            f"<li>{'Cannot hold' if p.refusal else 'Check'}: {text(p.problem)} ({cite(p.source)})<br>Fix (vmgraph's advice): {text(p.fix)}"
            + (f'<br><span class="inferred">Inferred by vmgraph: {text(p.inferred)}</span>' if p.inferred else "") + "</li>"
            for p in first.limits) + "</ul>\n")
    if first.fixes:
        html.append("<p>vmgraph suggests (each command gives a route):</p>\n<ul>")
        html += [f"<li>{text(change)}: {text(description)}{command(words)}</li>" for change, description, words in first.fixes]
        html.append("</ul>\n")
    commands = [plan.outcomes[number - 1].command for number, _ in group.questions]
    shown = [words for words in commands if words][:EXAMPLES]
    if shown:
        html.append("<p>In full" + (", the largest questions" if len(group.questions) > 1 else "") + ":</p>\n")
        html += [command(words) for words in shown]
        rest = [words for words in commands if words][len(shown):]
        if rest:  # every question's command is on the page, the rest folded
            html.append(f"<details><summary>{len(rest):,} more question{'' if len(rest) == 1 else 's'}</summary>\n"
                        + "".join(command(words) for words in rest) + "</details>\n")
    html.append(f'<p class="no-print"><button type="button" class="show-group" data-group="{group.number}">Show its {group.vms:,} VM{"" if group.vms == 1 else "s"} in the table</button></p>\n')
    html.append("</div>\n")
    return "".join(html)


def _skipped(plan: FleetPlan) -> str:
    if not len(plan.skipped):
        return ""
    rows = "".join(f"<tr><td>{text(s.file)}</td><td>{text(s.row or '')}</td><td>{text(s.column or '')}</td><td>{text(f'{s.where}: {s.reason}' if s.where else s.reason)}</td></tr>"
                   for s in plan.skipped)
    more = len(plan.skipped) - len(plan.skipped.rows)
    return ('<section aria-labelledby="skipped"><h2 id="skipped">Skipped rows</h2>\n<table class="plain"><thead><tr><th scope="col">File</th><th scope="col">Row</th>'
            f'<th scope="col">Column</th><th scope="col">Why</th></tr></thead><tbody>{rows}</tbody></table>\n'
            + (f"<p>and {more:,} more skipped rows</p>\n" if more > 0 else "") + "</section>\n")


def _notes(plan: FleetPlan) -> str:
    said = notes(plan)
    if not said:
        return ""
    return '<section aria-labelledby="notes"><h2 id="notes">Notes</h2>\n<ul>' + "".join(f"<li>{prose(note)}</li>" for note in said) + "</ul></section>\n"


COLUMNS = (("name", "Name"), ("row", "Row"), ("host", "Host"), ("on", "On"), ("hardware", "Hardware"), ("group", "Group"), ("status", "Status"), ("plan", "Plan"))


def _vm_table(plan: FleetPlan) -> str:
    heads = "".join(f'<th scope="col" class="col-{key}" aria-sort="none"><button type="button" data-sort="{key}">{words}</button></th>' for key, words in COLUMNS)
    statuses = "".join(f'<option value="{s}">{words}</option>' for s, words in (("route", "with a route"), ("ready", "nothing to do"), ("blocked", "blocked")))
    groups = "".join(f'<option value="{g.number}">{g.number}. {text(g.plan if len(g.plan) <= 70 else g.plan[:69] + "…")}</option>' for g in plan.groups)
    return (
        '<section aria-labelledby="vms" class="vms"><h2 id="vms">VMs</h2>\n'
        '<div class="controls no-print"><span class="control"><label for="vm-filter">Filter (name, host, hardware, group, status, plan)</label> '
        '<input id="vm-filter" type="search" autocomplete="off" spellcheck="false"></span> '
        f'<span class="control"><label for="vm-status">Status</label> <select id="vm-status"><option value="">any</option>{statuses}</select></span> '
        f'<span class="control"><label for="vm-group">Group</label> <select id="vm-group"><option value="">any</option>{groups}</select></span> '
        f'<span id="vm-count" role="status" aria-live="polite">{plan.total:,} VMs</span></div>\n'
        '<p class="print-only">The VM table lists every VM on screen; for a printed list use --format csv or xlsx.</p>\n'
        f'<div class="vm-scroll no-print" tabindex="0" role="region" aria-label="VMs, {plan.total:,} rows">'
        f'<table class="vm-table" aria-rowcount="{plan.total + 1}"><thead><tr aria-rowindex="1">{heads}</tr></thead><tbody id="vm-rows"></tbody></table></div>\n'
        "<noscript><p>The VM table needs JavaScript; --format csv lists the same rows.</p></noscript>\n</section>\n"
    )
