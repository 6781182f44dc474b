"""A route as a web page (``vmgraph route ... --format html``): the runbook, self-contained.

The page says what the text runbook says, in the same words (routes.py computes them): the
steps with their tags, conditions, sources (links) and the inferences each rests on; the
route drawn as inline SVG (a box per place the VM passes through, an arrow per step in the
colour of what it takes), the summary, warnings and alternatives. With no route: why, what
the sources say against it, and vmgraph's suggestions, each a command with a copy button.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..pack.model import State
from ..planning.records import Route
from .html_page import KIND_COLOURS, cite, command, kind_mark, page, text
from .routes import command_for, limit_groups, limits_reason, path_of, readings, refusals_by_kind, shortfall, summary, where
from .styles import edge_style

if TYPE_CHECKING:
    from ..planning.vm_questions import RouteLimits

PER_ROW = 4  # boxes to a row of the drawing
BOX_WIDTH, BOX_HEIGHT, GAP_X, GAP_Y = 220, 72, 70, 46
ROUTE_CSS = """
ol.steps{padding-left:0;list-style:none;counter-reset:none}
ol.steps>li{border:1px solid var(--rule);border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
ol.steps>li.one-way{border-left:6px solid #D55E00}
.step-head{font-weight:600}.no-return{color:#9c3d00;font-weight:700;margin-left:.4rem}
.drawing{margin:.5rem 0;overflow-x:auto}.drawing svg{max-width:100%;height:auto}
"""
READY_JS = "document.documentElement.setAttribute('data-ready','true');"


def to_html(route: Route, target_name: str | None = None, extra: Sequence[str] = (), limits: "RouteLimits | None" = None) -> str:
    if route.found and limits is not None and limits.refused:
        title = f"No route as is: {where(route.source, route)} → {target_name or route.target.product}"  # type: ignore[union-attr]
        reason = limits_reason(limits)
        body = [f"<header><h1>{text(title)}</h1>\n{_readings(route)}</header>\n<main>\n",
                f"<p><strong>Why:</strong> {text(reason[0].upper() + reason[1:])}</p>\n", _limits(limits)]
        suggestions = [(s.change, s.description, s.route, command_for(s.request, extra, vmx=limits.vmx, route=route)) for s in limits.suggestions]
        body.append(_suggestions(suggestions) or "<p>vmgraph finds no newer target that holds the VM as it is: change the VM as the fixes say.</p>\n")
        body.append('<section aria-labelledby="once"><h2 id="once">Once the VM is changed as the fixes say, this route applies</h2>\n')
        body.append(_found(route, heading_level=3) + "</section>\n</main>\n")
        return page(title, "".join(body), ROUTE_CSS, READY_JS)
    if not route.found:
        return page(*_not_found(route, target_name, extra), ROUTE_CSS, READY_JS)  # type: ignore[misc]
    title = f"Route: {where(route.source, route)} → {where(route.target, route)}"  # type: ignore[arg-type]
    again = command(command_for(route.request, extra, route=route)) if route.request else ""
    body = f"<header><h1>{text(title)}</h1>\n{_readings(route)}{again}</header>\n<main>\n{_found(route, limits=limits)}</main>\n"
    return page(title, body, ROUTE_CSS, READY_JS)


def _readings(route: Route) -> str:
    return "".join(f'<p class="muted">Read: {text(r)}</p>\n' for r in readings(route))


def _found(route: Route, heading_level: int = 2, limits: "RouteLimits | None" = None) -> str:
    h = f"h{heading_level}"
    html = [drawing(route)]
    html.append(f'<section aria-labelledby="steps"><{h} id="steps">Steps</{h}>\n')
    if not route.steps:
        html.append(f"<p>Nothing to do: it runs on {text(route.source.product)} as it is.</p>\n")
    html.append('<ol class="steps">')
    for number, step in enumerate(route.steps, 1):
        head = where(step.source, route) if step.kind == "prepare" else f"{where(step.source, route)} → {where(step.target, route)}"
        tags = "".join(f'<span class="tag">{text(tag)}</span>' for tag in step.tags)
        html.append(f'<li class="{"one-way" if step.point_of_no_return else "step"}"><p class="step-head">{number}. {text(head)}</p>\n'
                    f"<p>{kind_mark(edge_style(step))} {tags}" + ('<span class="no-return">Point of no return</span>' if step.point_of_no_return else "") + "</p>\n"
                    f"<p>{text(step.instructions)}</p>\n")
        html += [f'<p class="warn">{text(condition)}</p>\n' for condition in step.conditions]
        html.append(f"<p>{cite(step.reference)}</p>\n")
        html += [f'<p class="inferred">Inferred by vmgraph: {text(inference)}</p>\n' for inference in step.inferences]
        html.append("</li>\n")
    html.append(f"</ol>\n<p><strong>Summary:</strong> {text(summary(route))}</p>\n</section>\n")
    if limits is not None and limits.problems:
        html.append(_limits(limits, heading_level))
    if route.warnings:
        html.append(f'<section aria-labelledby="warnings"><{h} id="warnings">Warnings</{h}>\n<ul>'
                    + "".join(f"<li>{text(w)}</li>" for w in route.warnings) + "</ul></section>\n")
    if route.alternatives or route.alternatives_asked:
        html.append(f'<section aria-labelledby="alternatives"><{h} id="alternatives">Alternatives</{h}>\n<ol>')
        html += [f"<li>{text(' → '.join(where(state, route) for state in path_of(other)))} ({text(summary(other))})</li>" for other in route.alternatives]
        html.append("</ol>\n")
        short = shortfall(route)
        html.append(f"<p>{text(short)}</p>\n" if short else "")
        html.append("</section>\n")
    return "".join(html)


def _limits(limits: "RouteLimits", level: int = 2) -> str:
    html = []
    for heading, problems in limit_groups(limits):
        html.append(f"<h{level}>{text(heading)}</h{level}>\n<ul>")
        for problem in problems:
            html.append(f"<li>{text(problem.problem)}<br>Fix: {text(problem.fix)}<br>" + "; ".join(cite(s) for s in problem.sources)
                        + (f'<br><span class="inferred">Inferred by vmgraph: {text(problem.inferred)}</span>' if problem.inferred else "") + "</li>")
        html.append("</ul>\n")
    return "".join(html)


def _suggestions(suggestions: list[tuple[str, str, Route, str | None]]) -> str:
    if not suggestions:
        return ""
    html = ['<section aria-labelledby="suggestions"><h2 id="suggestions">vmgraph suggests</h2>\n<p>Each command gives a route:</p>\n<ul>']
    for change, description, other, words in suggestions:
        html.append(f"<li>{text(change)}: {text(description)} ({text(summary(other))})" + (command(words) if words else "") + "</li>")
    html.append("</ul></section>\n")
    return "".join(html)


def _not_found(route: Route, target_name: str | None, extra: Sequence[str]) -> tuple[str, str]:
    target = target_name or " or ".join(route.target_products)
    title = f"No route: {where(route.source, route)} → {target}"
    html = [f"<header><h1>{text(title)}</h1>\n{_readings(route)}</header>\n<main>\n", drawing(route, target),
            f"<p><strong>Why:</strong> {text(route.reason or '')}</p>\n"]
    sources, policy = refusals_by_kind(route)
    for heading, said in sources:
        html.append(f"<h2>{text(heading)}</h2>\n<ul>")
        for refusal in said:
            html.append(f"<li>{text(refusal.reason)} ({cite(refusal.reference)})"
                        + (f"<br><strong>Instead:</strong> {text(refusal.advice)}" if refusal.advice else "")
                        + (f'<br><span class="inferred">Inferred by vmgraph: {text(refusal.reference.inferred)}</span>' if refusal.reference.inferred else "") + "</li>")
        html.append("</ul>\n")
    if policy:
        html.append("<h2>Your site's policy says</h2>\n<ul>" + "".join(f"<li>{text(r.reason)} ({cite(r.reference)})</li>" for r in policy) + "</ul>\n")
    suggestions = [(r.change, r.description, r.route, command_for(r.request, extra, route=route) if r.request else None) for r in route.relaxations]
    html.append(_suggestions(suggestions) or "<p>vmgraph finds no single change of the question that gives a route.</p>\n")
    if route.warnings:
        html.append("<h2>Warnings</h2>\n<ul>" + "".join(f"<li>{text(w)}</li>" for w in route.warnings) + "</ul>\n")
    html.append("</main>\n")
    return title, "".join(html)


def _box(x: float, y: float, lines: list[str]) -> str:
    bold = ' font-weight="600"'
    words = "".join(f'<text x="{x + BOX_WIDTH / 2:.0f}" y="{y + 22 + 17 * i:.0f}" text-anchor="middle" font-size="{13 if i == 0 else 11.5}"'
                    f'{bold if i == 0 else ""} fill="#1d2327">{text(_cut(line))}</text>' for i, line in enumerate(lines))
    return f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" fill="#f6f7f7" stroke="#50575e" stroke-width="1.2"/>{words}'


def _cut(words: str, most: int = 32) -> str:
    return words if len(words) <= most else words[: most - 1] + "…"


def _place(index: int) -> tuple[float, float]:
    return 10 + (index % PER_ROW) * (BOX_WIDTH + GAP_X), 10 + (index // PER_ROW) * (BOX_HEIGHT + GAP_Y)


def _state_lines(state: State, route: Route) -> list[str]:
    said = where(state, route)
    product, _, rest = said.partition(" (")
    if not rest:
        return [product]
    hardware, _, created = rest[:-1].partition(", ")  # "generation 4 (vmx-03), created under GSX Server 3"
    return [product, hardware] + ([created] if created else [])


def _arrow(start: tuple[float, float], end: tuple[float, float], kind: str, label: str, dashed: bool = False) -> str:
    line, _ = KIND_COLOURS.get(kind, ("#6B6B6B", "#FFFFFF"))
    (x1, y1), (x2, y2) = start, end
    if abs(y1 - y2) < 1:  # the same row: box edge to box edge
        a, b = (x1 + BOX_WIDTH, y1 + BOX_HEIGHT / 2), (x2, y2 + BOX_HEIGHT / 2)
    else:  # down to the next row's first box
        a, b = (x1 + BOX_WIDTH / 2, y1 + BOX_HEIGHT), (x2 + BOX_WIDTH / 2, y2)
    middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (f'<line x1="{a[0]:.0f}" y1="{a[1]:.0f}" x2="{b[0]:.0f}" y2="{b[1]:.0f}" stroke="{line}" stroke-width="2.5"{dash} marker-end="url(#head)"/>'
            f'<text x="{middle[0]:.0f}" y="{middle[1] - 7:.0f}" text-anchor="middle" font-size="12" font-weight="600" fill="#1d2327">{text(label)}</text>')


def drawing(route: Route, target_name: str | None = None) -> str:
    """The route as inline SVG: its places left to right (PER_ROW to a row), an arrow per move."""
    if route.found:
        states = path_of(route)
        arrows = [(number, step) for number, step in enumerate(route.steps, 1) if step.kind != "prepare"]
        labels = [_state_lines(state, route) for state in states]
        description = "; ".join(f"step {n}: {where(s.source, route)} to {where(s.target, route)} ({', '.join(s.tags)})" for n, s in arrows) or "nothing to do"
    else:
        arrows = []
        labels = [_state_lines(route.source, route), [target_name or " or ".join(route.target_products), "no route"]]
        description = f"no route from {where(route.source, route)} to {labels[1][0]}"
    rows = (len(labels) + PER_ROW - 1) // PER_ROW
    width = min(len(labels), PER_ROW) * (BOX_WIDTH + GAP_X) - GAP_X + 20
    height = rows * (BOX_HEIGHT + GAP_Y) - GAP_Y + 20
    parts = [f'<figure class="drawing"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="route-title route-desc">',
             f'<title id="route-title">The route, drawn</title><desc id="route-desc">{text(description)}</desc>',
             '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path d="M0,0 L10,5 L0,10 z" fill="#50575e"/></marker></defs>']
    places = [_place(i) for i in range(len(labels))]
    if route.found:
        for index, (number, step) in enumerate(arrows):
            parts.append(_arrow(places[index], places[index + 1], edge_style(step), str(number)))
    else:
        parts.append(_arrow(places[0], places[1], "refused", "✕", dashed=True))
    parts += [_box(x, y, lines) for (x, y), lines in zip(places, labels)]
    parts.append("</svg></figure>\n")
    return "".join(parts)
