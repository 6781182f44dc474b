"""The state graph, and a single route, as Graphviz DOT, a Mermaid flowchart or node-link JSON.

Byte-identical for the same rule pack: nodes and edges come in rule-pack order.
Node ids come from a state's place in `StateGraph.states` (`s0`, `s1`, ...), never
from its product name, so any name and any number of states per product work;
names are escaped for each format (see escape.py).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from ..vm.hardware import column_title, hardware_label
from ..pack.model import State, Transition
from ..planning.places import PlaceGraph, place
from ..planning.state_graph import StateGraph
from . import escape
from .drawing import select_states
from .styles import REFUSED, STYLES, edge_style

FORMATS = ("dot", "mermaid", "json")
MODE_WORDS = {"native": "", "legacy": "legacy", "interoperable": "interoperable"}


def exported_graph(states: StateGraph, products=None, route=None) -> tuple[list[State], list[Transition]]:
    """The states to show and the transitions among them (no same-product copies)."""
    chosen = select_states(states, products)
    keep, seen, edges = set(chosen), set(), []
    for transition in states.transitions:
        key = (transition.source, transition.target)
        if transition.source != transition.target and keep.issuperset(key) and key not in seen:
            seen.add(key)
            edges.append(transition)
    return chosen, edges


def state_ids(states: StateGraph) -> dict[State, str]:
    """A short id per state, from its place in the graph's own order."""
    return {state: f"s{index}" for index, state in enumerate(states.states)}


def _tags(transition: Transition) -> str:
    return ", ".join(transition.tags)


def _hardware_line(states: StateGraph, state: State) -> str:
    today = states.pack.products[state.product].is_today
    mode = "" if today else MODE_WORDS[states.mode(state)]
    return hardware_label(state.hardware, today) + (f" ({mode})" if mode else "")


# newrank: rank the whole graph at once. Without it, Graphviz (2.43 to 12) ranks each
# generation cluster on its own and fails on edges between them ("trouble in init_rank",
# lost edges, nodes outside their cluster).
DOT_HEAD = [
    "  rankdir=LR;",
    "  newrank=true;",
    '  node [shape=box, style="rounded", fontname="DejaVu Sans", fontsize=10];',
    '  edge [fontname="DejaVu Sans", fontsize=8];',
]


def places_of(states: StateGraph | PlaceGraph) -> PlaceGraph:
    """Exports show places (product and hardware), the VM's origin folded in (places.py)."""
    return states if isinstance(states, PlaceGraph) else PlaceGraph(states)


def to_dot(states: StateGraph, products=None, highlight: list[tuple[State, State]] = ()) -> str:
    states = places_of(states)
    chosen, edges = exported_graph(states, products)
    ids = state_ids(states)
    steps = {(place(a), place(b)): number for number, (a, b) in enumerate(highlight, start=1)}
    # Polyline edges: with curved splines Graphviz 2.43 warns it cannot route some
    # pairs of opposite edges ("Unable to reclaim box space in spline routing").
    lines = ["digraph vmgraph {", *DOT_HEAD, "  splines=polyline;"]
    for generation in sorted({states.pack.products[s.product].generation for s in chosen}):
        lines.append(f"  subgraph cluster_generation_{generation} {{")
        lines.append(f'    label="{column_title(generation)}";')
        for state in chosen:
            if states.pack.products[state.product].generation == generation:
                style = "rounded" if states.mode(state) == "native" else "rounded,dashed"
                label = escape.dot_label(state.product, _hardware_line(states, state))
                lines.append(f"    {ids[state]} [label={label}, style={escape.dot_quoted(style)}, tooltip={escape.dot_quoted(state.label())}];")
        lines.append("    {rank=same; " + " ".join(f"{ids[s]};" for s in chosen if states.pack.products[s.product].generation == generation) + "}")
        lines.append("  }")
    # The generations are the columns, oldest first: invisible edges set the ranks, the moves do not.
    firsts = list({states.pack.products[s.product].generation: ids[s] for s in reversed(chosen)}.items())
    for (_, a), (_, b) in zip(sorted(firsts), sorted(firsts)[1:]):
        lines.append(f"  {a} -> {b} [style=invis];")
    for transition in edges:
        style = STYLES[edge_style(transition)]
        pair = (transition.source, transition.target)
        extra = f', penwidth=3, xlabel="step {steps[pair]}"' if pair in steps else ""
        lines.append(
            f"  {ids[transition.source]} -> {ids[transition.target]}"
            f" [label={escape.dot_quoted(_tags(transition))}, color={escape.dot_quoted(style['color'])}, style={style['dot']},"
            f" tooltip={escape.dot_quoted(transition.reference.cite())}{extra}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(states: StateGraph, products=None) -> str:
    states = places_of(states)
    chosen, edges = exported_graph(states, products)
    ids = state_ids(states)
    lines = ["flowchart LR"]
    for generation in sorted({states.pack.products[s.product].generation for s in chosen}):
        lines.append(f'  subgraph generation{generation}["{column_title(generation)}"]')
        for state in chosen:
            if states.pack.products[state.product].generation == generation:
                lines.append(f"    {ids[state]}[{escape.mermaid_label(state.product, _hardware_line(states, state))}]")
        lines.append("  end")
    for transition in edges:
        arrow = STYLES[edge_style(transition)]["mermaid"]
        lines.append(f"  {ids[transition.source]} {arrow}|{escape.mermaid_label(_tags(transition))}| {ids[transition.target]}")
    return "\n".join(lines) + "\n"


def to_node_link(states: StateGraph, products=None) -> str:
    """networkx's node-link shape: `nx.node_link_graph(json.load(f))` reads it back."""
    states = places_of(states)
    chosen, edges = exported_graph(states, products)
    data = {
        "directed": True,
        "multigraph": False,
        "graph": {"name": "vmgraph", "rule_files": [Path(f).name for f in states.pack.files]},
        "nodes": [{"id": s.label(), "product": s.product, "hardware": s.hardware, "mode": states.mode(s)} for s in chosen],
        "edges": [
            {
                "source": t.source.label(),
                "target": t.target.label(),
                "kind": t.kind,
                "tags": list(t.tags),
                "condition": t.condition,
                "caveats": list(t.caveats),
                "caveats_when": {condition: [text for c, text in t.rule.caveats_when if c == condition] for condition, _ in t.rule.caveats_when} if t.rule else {},
                "reference": t.reference.as_json(),
                "inferred": t.reference.inferred,
            }
            for t in edges
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- one route, as a small diagram to paste into a ticket or a wiki page


def _route_states(route) -> list[State]:
    found = [route.source]
    for step in route.steps:
        found += [step.source, step.target]
    return list(dict.fromkeys(found))


def _step_label(number: int, step) -> str:
    words = ", ".join(step.tags)
    return f"{number}. {words}" + (" (point of no return)" if step.point_of_no_return else "")


def _wrap(text: str, width: int = 44) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width) or [""]


def _why_not_items(route, target_name: str | None) -> list[str]:
    """What a refused route's note says: the guide's reasons and advice, then what would work."""
    items = [f"No route to {target_name or ' or '.join(route.target_products)}:"]
    for reason, advice in dict.fromkeys((r.reason, r.advice) for r in route.refusals):
        items.append(reason)
        if advice:
            items.append("Instead: " + advice)
    if not route.refusals and route.reason:
        items.append(route.reason)
    items += [f"Would work with {r.change}" for r in route.relaxations[:2]]
    return items


def route_to_dot(route, states: StateGraph, target_name: str | None = None) -> str:
    """The route's states and steps, numbered as in the runbook; a refused route shows why."""
    lines = ["digraph route {", *DOT_HEAD]
    ids = {state: f"r{index}" for index, state in enumerate(_route_states(route))}
    final = route.target if route.found else None
    for state, node in ids.items():
        extra = ", penwidth=2" if state == route.source else ", peripheries=2" if state == final else ""
        dashed = "" if states.mode(state) == "native" else ',dashed'
        lines.append(f'  {node} [label={escape.dot_label(state.product, _hardware_line(states, state))}, style="rounded{dashed}"{extra}];')
    if route.found:
        for number, step in enumerate(route.steps, start=1):
            if step.kind == "prepare":
                note = f"p{number}"
                lines.append(f"  {note} [shape=note, style=solid, fontsize=8, label={escape.dot_label(*_wrap(f'{number}. {step.instructions}', 36))}];")
                lines.append(f"  {note} -> {ids[step.source]} [style=dotted, arrowhead=none];")
                continue
            style = STYLES[edge_style(step)]
            width = 3 if step.point_of_no_return else 1.5
            lines.append(
                f"  {ids[step.source]} -> {ids[step.target]} [label={escape.dot_quoted(_step_label(number, step))},"
                f" color={escape.dot_quoted(style['color'])}, style={style['dot']}, penwidth={width}, tooltip={escape.dot_quoted(step.reference.cite())}];"
            )
    else:
        targets = [target_name] if target_name else list(route.target_products)
        for index, name in enumerate(targets):
            lines.append(f"  t{index} [label={escape.dot_label(name)}, style=\"rounded,dashed\", color=\"{REFUSED['color']}\"];")
            lines.append(f'  {ids[route.source]} -> t{index} [label="✗ no route", color="{REFUSED["color"]}", style=dashed, fontcolor="{REFUSED["color"]}"];')
        lines.append(f"  why [shape=note, style=solid, fontsize=8, label={escape.dot_label(*(line for item in _why_not_items(route, target_name) for line in _wrap(item)))}];")
        lines.append(f"  why -> {ids[route.source]} [style=dotted, arrowhead=none];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def route_to_mermaid(route, states: StateGraph, target_name: str | None = None) -> str:
    """The route as a Mermaid flowchart: states, numbered steps, preparations as notes."""
    lines = ["flowchart LR"]
    ids = {state: f"r{index}" for index, state in enumerate(_route_states(route))}
    for state, node in ids.items():
        lines.append(f"  {node}[{escape.mermaid_label(state.product, _hardware_line(states, state))}]")
    links: list[str] = []  # link styles go by the link's position among all links
    if route.found:
        for number, step in enumerate(route.steps, start=1):
            if step.kind == "prepare":
                lines.append(f"  p{number}[{escape.mermaid_label(f'{number}. {step.instructions}')}]:::note")
                lines.append(f"  p{number} -.- {ids[step.source]}")
                links.append("stroke:#777777,stroke-dasharray:2 2")
                continue
            style = STYLES[edge_style(step)]
            lines.append(f"  {ids[step.source]} {style['mermaid']}|{escape.mermaid_label(_step_label(number, step))}| {ids[step.target]}")
            width = 3 if step.point_of_no_return else 2
            links.append(f"stroke:{style['color']},stroke-width:{width}px")
        lines.append(f"  style {ids[route.source]} stroke-width:3px")
        lines.append(f"  style {ids[route.target]} stroke-width:3px")
    else:
        targets = [target_name] if target_name else list(route.target_products)
        for index, name in enumerate(targets):
            lines.append(f"  t{index}[{escape.mermaid_label(name)}]")
            lines.append(f'  {ids[route.source]} -.-x|"✗ no route"| t{index}')
            links.append(f"stroke:{REFUSED['color']}")
        lines.append(f"  why[{escape.mermaid_label(*_why_not_items(route, target_name))}]:::note")
        lines.append(f"  why -.- {ids[route.source]}")
        links.append("stroke:#777777,stroke-dasharray:2 2")
    lines.append("  classDef note fill:#FFF8DC,stroke:#999999,font-size:12px")
    lines += [f"  linkStyle {index} {style}" for index, style in enumerate(links)]
    return "\n".join(lines) + "\n"
