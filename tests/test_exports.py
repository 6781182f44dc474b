"""DOT, Mermaid and node-link JSON, fed to the clients they are made for.

Every DOT output is rendered by Graphviz's `dot` and must come out without an
error or a warning; Mermaid is checked line by line against the flowchart
grammar it uses, and rendered by mermaid-cli where this machine has it; the
JSON is read back by networkx's plain `node_link_graph`.
"""

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.planning.places import PlaceGraph
from vmgraph.render import exports
from vmgraph.planning.state_graph import StateGraph

ROOT = Path(__file__).resolve().parent.parent
ODD = str(ROOT / "tests" / "data" / "odd-names.toml")
PIPE = 'Pipe|Lab <beta> & "Co" #1'
BACK = "Back\\slash $5$ *star* _u_ [x](y) `t` &amp;"
SVG = "{http://www.w3.org/2000/svg}"
runner = CliRunner()


def cli(*args):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def pack(guide_pack):
    """The guide's pack: these tests draw and export every state it has (a picture of
    today's some 80 products is drawn by naming them)."""
    return guide_pack


@pytest.fixture(scope="module")
def states(pack):
    return PlaceGraph(StateGraph(pack))


@pytest.fixture(scope="module")
def odd_states(odd_pack):
    return PlaceGraph(StateGraph(odd_pack))


def render_dot(graphviz, source: str) -> ET.Element:
    """Graphviz's SVG of `source`; any message on stderr (error or warning) fails."""
    result = subprocess.run([graphviz, "-Tsvg"], input=source, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr[:2000]
    return ET.fromstring(result.stdout)


def svg_groups(svg: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == kind]


def svg_texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def dot_subsets(pack) -> list[list[str] | None]:
    """The full graph, every product alone, every generation, and adjacent generations together."""
    by_generation: dict[int, list[str]] = {}
    for product in pack.products.values():
        by_generation.setdefault(product.generation, []).append(product.name)
    generations = sorted(by_generation)
    subsets: list[list[str] | None] = [None]
    subsets += [[name] for name in pack.products]
    subsets += [by_generation[g] for g in generations]
    subsets += [by_generation[a] + by_generation[b] for a, b in zip(generations, generations[1:])]
    return subsets


# -- DOT


def test_dot_renders_with_graphviz_for_the_graph_and_every_subset(graphviz, pack, states):
    for products in dot_subsets(pack):
        chosen, edges = exports.exported_graph(states, products)
        svg = render_dot(graphviz, exports.to_dot(states, products))
        assert len(svg_groups(svg, "node")) == len(chosen), products
        assert len(svg_groups(svg, "edge")) == len(edges), products  # none lost, none invented
        clusters = {g.find(f"{SVG}title").text for g in svg_groups(svg, "cluster")}
        generations = {pack.products[s.product].generation for s in chosen}
        assert clusters == {f"cluster_generation_{g}" for g in generations}


def test_dot_nodes_sit_inside_their_generation_box(graphviz, states):
    svg = render_dot(graphviz, exports.to_dot(states))
    boxes = {}
    for cluster in svg_groups(svg, "cluster"):
        points = [tuple(map(float, p.split(","))) for p in cluster.find(f"{SVG}polygon").get("points").split()]
        generation = int(cluster.find(f"{SVG}title").text.rsplit("_", 1)[1])
        boxes[generation] = (min(x for x, _ in points), max(x for x, _ in points), min(y for _, y in points), max(y for _, y in points))
    ids = exports.state_ids(states)
    for node in svg_groups(svg, "node"):
        state = next(s for s, i in ids.items() if i == node.find(f"{SVG}title").text)
        x0, x1, y0, y1 = boxes[states.pack.products[state.product].generation]
        outline = next(e for e in node.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", outline.get("d") or outline.get("points"))]
        xs, ys = numbers[0::2], numbers[1::2]
        assert x0 <= min(xs) and max(xs) <= x1 and y0 <= min(ys) and max(ys) <= y1, state.label()


def test_dot_ids_come_from_the_states_not_their_names(states):
    dot = exports.to_dot(states)
    _, edges = exports.exported_graph(states)
    assert dot.startswith("digraph vmgraph {") and "newrank=true;" in dot and dot.rstrip().endswith("}")
    assert len(re.findall(r"^\s+s\d+ -> s\d+ \[label=", dot, flags=re.M)) == len(edges)
    assert len(re.findall(r"^\s+s\d+ \[label=", dot, flags=re.M)) == len(states.states)


def test_dot_with_a_highlighted_route_renders(graphviz, pack, states):
    from vmgraph.planning.planner import plan

    route = plan("GSX Server 1", "Workstation 5", pack=pack)
    steps = [(s.source, s.target) for s in route.steps if s.kind != "prepare"]
    svg = render_dot(graphviz, exports.to_dot(states, highlight=steps))
    assert "step 1" in svg_texts(svg) and "step 2" in svg_texts(svg)


def test_dot_keeps_odd_names_intact(graphviz, odd_pack, odd_states):
    svg = render_dot(graphviz, exports.to_dot(odd_states))
    texts = svg_texts(svg)
    assert PIPE in texts and BACK in texts
    tooltips = [a.get("{http://www.w3.org/1999/xlink}title") for a in svg.iter(f"{SVG}a")]
    assert f"{PIPE} [generation 4 (vmx-03)]" in tooltips


ROUTES = [
    (["gsx1", "ws5"], 0),
    (["esx1", "esx2-smp"], 0),
    (["ws4", "esx2-smp", "--snapshot", "--disk-mode", "undoable"], 0),
    (["ws5.0", "gsx3", "--hardware", "4", "--3d"], 0),
    (["ws5.0", "ws4"], 1),
    (["ws3", "ws5", "--reversible"], 1),
    (["ace", "ws4"], 1),
    (["pipelab", "backlab", "--rules", ODD], 0),
    (["pipelab", "ws3", "--rules", ODD], 1),
]
ROUTE_IDS = ["gsx1-ws5", "esx1-esx2smp", "prepared", "legacy-3d", "refused", "reversible", "ace", "odd-names", "odd-refused"]


@pytest.mark.parametrize("args,code", ROUTES, ids=ROUTE_IDS)
def test_route_dot_renders_with_graphviz(graphviz, args, code):
    result = cli("route", *args, "--format", "dot")
    assert result.exit_code == code
    svg = render_dot(graphviz, result.stdout)
    texts = " ".join(svg_texts(svg))
    if code == 0:
        text = json.loads(cli("route", *args, "--format", "json").stdout)
        for number, step in enumerate(text["steps"], 1):
            assert f"{number}. " in texts  # every step, numbered as in the runbook
    else:
        assert "✗ no route" in texts and "No route to" in texts
    if "pipelab" in args:
        assert PIPE in svg_texts(svg)


# -- Mermaid

MERMAID_ID = r"[A-Za-z][A-Za-z0-9_]*"
MERMAID_LABEL = r'"(?:[^"<>]|<br/>)*"'
MERMAID_STYLE = r"[\w:#,.\- ]+"
MERMAID_LINES = [
    re.compile(p)
    for p in (
        r"flowchart LR",
        rf"  subgraph {MERMAID_ID}\[{MERMAID_LABEL}\]",
        r"  end",
        rf"\s+{MERMAID_ID}\[{MERMAID_LABEL}\](:::{MERMAID_ID})?",
        rf"  (?P<a>{MERMAID_ID}) (-->|==>|-\.->|-\.-|-\.-x)(\|{MERMAID_LABEL}\|)? (?P<b>{MERMAID_ID})",
        rf"  style {MERMAID_ID} {MERMAID_STYLE}",
        rf"  classDef {MERMAID_ID} {MERMAID_STYLE}",
        rf"  linkStyle \d+ {MERMAID_STYLE}",
    )
]


def check_mermaid(text: str) -> None:
    """Every line is one of the flowchart statements vmgraph writes; labels quoted, no raw HTML."""
    lines = text.splitlines()
    defined, used, links, styled = set(), set(), 0, []
    for line in lines:
        match = next((m for p in MERMAID_LINES if (m := p.fullmatch(line))), None)
        assert match, f"not a statement vmgraph writes: {line!r}"
        if "b" in match.groupdict() and match["b"]:
            used |= {match["a"], match["b"]}
            links += 1
        elif re.fullmatch(rf"\s+({MERMAID_ID})\[.*", line):
            defined.add(re.match(rf"\s+({MERMAID_ID})", line)[1])
        elif line.startswith("  linkStyle"):
            styled.append(int(line.split()[1]))
    assert used <= defined
    assert all(index < links for index in styled)


def mermaid_outputs(pack_rules: list[str]) -> dict[str, str]:
    outputs = {
        "graph": cli("export", "mermaid").stdout,
        "subset": cli("export", "mermaid", "--products", "ws3,ws4,ws5").stdout,
        "odd-graph": cli("export", "mermaid", "--rules", ODD, "--products", "pipelab,backlab,ws4,ws3").stdout,
    }
    for (args, _), name in zip(ROUTES, ROUTE_IDS):
        outputs[f"route-{name}"] = cli("route", *args, "--format", "mermaid").stdout
    return outputs


@pytest.fixture(scope="module")
def mermaid_texts():
    return mermaid_outputs([])


def test_mermaid_follows_the_flowchart_grammar(mermaid_texts):
    for name, text in mermaid_texts.items():
        assert text, name
        check_mermaid(text)


def test_mermaid_escapes_odd_names(mermaid_texts):
    text = mermaid_texts["odd-graph"]
    assert '["Pipe|Lab #lt;beta#gt; #amp; #quot;Co#quot; #35;1<br/>generation 4 (vmx-03)"]' in text
    assert "<beta>" not in text


def test_export_mermaid_lists_every_node_and_edge(states):
    mermaid = exports.to_mermaid(states, ["Workstation 3", "Workstation 4"])
    _, edges = exports.exported_graph(states, ["Workstation 3", "Workstation 4"])
    assert mermaid.splitlines()[0] == "flowchart LR"
    assert len(re.findall(r"^\s+s\d+ (-->|==>|-\.->)\|", mermaid, flags=re.M)) == len(edges)


def test_mermaid_renders_with_mermaid_cli(mermaid_cli, mermaid_texts, tmp_path):
    """All Mermaid outputs in one Markdown file: mermaid-cli renders each block to an SVG."""
    source = tmp_path / "all.md"
    source.write_text("".join(f"## {name}\n\n```mermaid\n{text}```\n\n" for name, text in mermaid_texts.items()))
    result = subprocess.run([*mermaid_cli, "--quiet", "-i", str(source), "-o", str(tmp_path / "out.md")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    pictures = sorted(tmp_path.glob("out-*.svg"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(pictures) == len(mermaid_texts)
    odd = pictures[list(mermaid_texts).index("odd-graph")].read_text()
    assert "Pipe|Lab &lt;beta&gt; &amp; \"Co\" #1" in odd  # shown as text, not swallowed as HTML


# -- node-link JSON


@pytest.mark.parametrize("which", ["shipped", "odd-names"])
def test_export_json_reads_back_with_the_plain_call(which, states, odd_states):
    chosen_states = states if which == "shipped" else odd_states
    args = ["export", "json"] + (["--rules", ODD] if which == "odd-names" else [])
    data = json.loads(cli(*args).stdout)
    graph = nx.node_link_graph(data)  # the default keywords, as a person would call it
    chosen, edges = exports.exported_graph(chosen_states)
    assert graph.is_directed() and not graph.is_multigraph()
    assert list(graph.nodes) == [s.label() for s in chosen]
    assert list(graph.edges) == [(t.source.label(), t.target.label()) for t in edges]
    assert nx.node_link_data(graph) == data  # round trip: the same graph, attributes and all


def test_export_json_carries_the_edge_data(states):
    graph = nx.node_link_graph(json.loads(exports.to_node_link(states)))
    edge = graph.edges["Workstation 4 [generation 3]", "Workstation 3 [generation 3]"]
    assert edge["tags"] == ["copy"] and edge["kind"] == "move" and edge["reference"]["page"] >= 1


@pytest.mark.parametrize("kind", ["dot", "mermaid", "json"])
def test_exports_are_deterministic(kind):
    outputs = {cli("export", kind).stdout for _ in range(2)}
    assert len(outputs) == 1
