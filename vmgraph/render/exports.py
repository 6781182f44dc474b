"""The state graph as Graphviz DOT, a Mermaid flowchart or node-link JSON.

Byte-identical for the same rule pack: nodes and edges come in rule-pack order.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import State, Transition
from ..transitions import StateGraph
from .drawing import STYLES, edge_style, select_states

FORMATS = ("dot", "mermaid", "json")


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


def _tags(transition: Transition) -> str:
    return ", ".join(transition.tags)


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(*lines: str) -> str:
    """A quoted DOT label whose lines are separated by DOT's own \\n escape."""
    return '"' + "\\n".join(_dot_string(line)[1:-1] for line in lines) + '"'


def to_dot(states: StateGraph, products=None, highlight: list[tuple[State, State]] = ()) -> str:
    chosen, edges = exported_graph(states, products)
    steps = {pair: number for number, pair in enumerate(highlight, start=1)}
    lines = ["digraph vmgraph {", "  rankdir=LR;", '  node [shape=box, style="rounded", fontname="DejaVu Sans", fontsize=10];', '  edge [fontname="DejaVu Sans", fontsize=8];']
    for generation in sorted({states.pack.products[s.product].generation for s in chosen}):
        lines.append(f"  subgraph cluster_generation_{generation} {{")
        lines.append(f'    label="Generation {generation}";')
        for state in chosen:
            if states.pack.products[state.product].generation == generation:
                mode = states.mode(state)
                style = "rounded" if mode == "native" else "rounded,dashed"
                label = _dot_label(state.product, f"hw {state.hardware} {mode}")
                lines.append(f"    {_dot_string(state.label())} [label={label}, style={_dot_string(style)}];")
        lines.append("  }")
    for transition in edges:
        style = STYLES[edge_style(transition)]
        dashed = "solid" if style["linestyle"] == "-" else "dashed"
        pair = (transition.source, transition.target)
        extra = f', penwidth=3, xlabel="step {steps[pair]}"' if pair in steps else ""
        tooltip = transition.reference.cite()
        lines.append(
            f"  {_dot_string(transition.source.label())} -> {_dot_string(transition.target.label())}"
            f" [label={_dot_string(_tags(transition))}, color={_dot_string(style['color'])}, style={dashed}, tooltip={_dot_string(tooltip)}{extra}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(states: StateGraph, products=None) -> str:
    chosen, edges = exported_graph(states, products)
    ids = {state: f"s{index}" for index, state in enumerate(chosen)}
    lines = ["flowchart LR"]
    for generation in sorted({states.pack.products[s.product].generation for s in chosen}):
        lines.append(f'  subgraph generation{generation}["Generation {generation}"]')
        for state in chosen:
            if states.pack.products[state.product].generation == generation:
                mode = states.mode(state)
                text = f"{state.product}<br/>hw {state.hardware} {mode}".replace('"', "#quot;")
                lines.append(f'    {ids[state]}["{text}"]')
        lines.append("  end")
    for transition in edges:
        arrow = "-.->" if "conditional" in transition.tags else "==>" if "one-way" in transition.tags else "-->"
        lines.append(f"  {ids[transition.source]} {arrow}|{_tags(transition)}| {ids[transition.target]}")
    return "\n".join(lines) + "\n"


def to_node_link(states: StateGraph, products=None) -> str:
    """networkx's node-link shape: read it back with nx.node_link_graph(data, edges="links")."""
    chosen, edges = exported_graph(states, products)
    data = {
        "directed": True,
        "multigraph": False,
        "graph": {"name": "vmgraph", "rule_files": [Path(f).name for f in states.pack.files]},
        "nodes": [{"id": s.label(), "product": s.product, "hardware": s.hardware, "mode": states.mode(s)} for s in chosen],
        "links": [
            {
                "source": t.source.label(),
                "target": t.target.label(),
                "kind": t.kind,
                "tags": list(t.tags),
                "condition": t.condition,
                "caveats": list(t.caveats),
                "reference": {"section": t.reference.section, "page": t.reference.page},
                "inferred": t.reference.inferred,
            }
            for t in edges
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
