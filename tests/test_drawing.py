"""Drawings and exports: artists checked on the Figure, exports parsed back, determinism."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matplotlib.backends.backend_agg import FigureCanvasAgg

from vmgraph.cli.app import app
from vmgraph.overview.matrix import Matrix
from vmgraph.planning.places import PlaceGraph
from vmgraph.planning.planner import plan
from vmgraph.planning.records import VM
from vmgraph.render.drawing import DrawingError, draw_graph, save_drawing, save_figure, save_matrix_drawing, save_route_drawing
from vmgraph.render.matrix_drawing import draw_generations, draw_matrix
from vmgraph.render.product_map import draw_product_map
from vmgraph.render.route_drawing import draw_route
from vmgraph.render.styles import cell_style
from vmgraph.planning.state_graph import StateGraph

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def gids(figure, prefix):
    found = []
    for ax in figure.axes:
        for artist in ax.get_children():
            gid = artist.get_gid()
            if gid and gid.startswith(prefix):
                found.append(gid)
    return found


def all_texts(figure):
    return [t for ax in figure.axes for t in ax.texts] + [t for legend in figure.legends for t in legend.get_texts()]


def no_text_overlaps(figure, prefix) -> bool:
    renderer = FigureCanvasAgg(figure).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in figure.axes[0].texts if (t.get_gid() or "").startswith(prefix)]
    return not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def crossings(figure, prefix: str) -> list[str]:
    """Arcs (by gid prefix) that pass through a box they do not start or end at, as drawn.

    An arc's gid is "PREFIX:A SEP B..." and a box's gid "node:NAME" or "target:NAME".
    """
    renderer = FigureCanvasAgg(figure).get_renderer()
    ax = figure.axes[0]
    boxes = {p.get_gid().split(":", 1)[1]: p.get_window_extent(renderer) for p in ax.patches if (p.get_gid() or "").startswith(("node:", "target:"))}
    found = []
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if not gid.startswith(prefix):
            continue
        body = gid[len(prefix):].rsplit(": ", 1)[0]
        ends = set(re.split(r" <-> | -> |->", body))
        points = []
        for segment, _ in patch.get_path().transformed(patch.get_transform()).iter_bezier():
            points += [segment(t / 20) for t in range(21)]
        for name, extent in boxes.items():
            if name not in ends and any(extent.contains(x, y) for x, y in points):
                found.append(f"{gid} crosses {name}")
    return found


@pytest.fixture(scope="module")
def pack(guide_pack):
    """The guide's pack: these tests draw and export every state it has (a picture of
    today's some 80 products is drawn by naming them)."""
    return guide_pack


@pytest.fixture(scope="module")
def states(pack):
    return PlaceGraph(StateGraph(pack))


def test_full_state_drawing_has_every_state_and_a_legend(pack, states):
    figure = draw_graph(pack, states=states)
    assert len(gids(figure, "node:")) == len(states.states)
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["one-way upgrade", "conditional (guest OS)", "export / import disks", "legacy mode", "copy files", "not supported (guide)"]
    width, height = figure.get_size_inches() * figure.dpi
    assert width >= 1200 and height >= 700


def test_a_small_subset_fills_a_small_canvas(pack, states):
    """`draw --products ws4`: a picture the size of its content, not two dots on a poster."""
    small = draw_graph(pack, products=["Workstation 4"], states=states)
    full = draw_graph(pack, states=states)
    (sw, sh), (fw, fh) = small.get_size_inches(), full.get_size_inches()
    assert sw * sh < fw * fh / 8 and sh <= 3.5
    assert min(t.get_fontsize() for t in all_texts(small)) >= 8


def test_not_supported_pairs_are_visible(pack, states):
    figure = draw_graph(pack, products=["Workstation 4", "Workstation 3"], states=states)
    (refused,) = [p for p in figure.axes[0].patches if (p.get_gid() or "").startswith("refused:")]
    assert refused.get_alpha() >= 0.6 and refused.get_linewidth() >= 1.0


def test_subset_and_hide_unsupported(pack, states):
    figure = draw_graph(pack, products=["Workstation 3", "Workstation 4"], hide_unsupported=True, states=states)
    assert sorted(gids(figure, "node:")) == ["node:Workstation 3 [generation 2]", "node:Workstation 3 [generation 3]", "node:Workstation 4 [generation 3]", "node:Workstation 4 [generation 4 (vmx-03)]"]
    assert gids(figure, "refused:") == []
    with_refusals = draw_graph(pack, products=["Workstation 4", "Workstation 3"], states=states)
    assert gids(with_refusals, "refused:") == ["refused:Workstation 4 [generation 4 (vmx-03)]->Workstation 3 [generation 3]"]


def test_generations_filter(pack, states):
    figure = draw_graph(pack, generations=[5], states=states)
    assert {g.split(":")[1].rsplit(" [", 1)[0] for g in gids(figure, "node:")} == {"Workstation 5.0", "Workstation 5.5", "VMware Player"}


def test_draw_onto_a_given_axes(pack, states):
    from matplotlib.figure import Figure

    figure = Figure()
    ax = figure.add_subplot()
    assert draw_graph(pack, ax=ax, products=["Workstation 4"], states=states) is figure


def test_no_label_overlaps_another(pack, states):
    figure = draw_graph(pack, states=states)
    renderer = FigureCanvasAgg(figure).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in figure.axes[0].texts if (t.get_gid() or "").startswith("node:")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


# -- the product map


def test_product_map_has_one_box_per_product_and_one_line_per_move(pack):
    figure = draw_product_map(pack)
    assert sorted(gids(figure, "node:")) == sorted(f"node:{name}" for name in pack.products)
    matrix = Matrix(pack)
    drawn = set()
    for gid in gids(figure, "move:"):
        pair, style = gid[len("move:"):].rsplit(": ", 1)
        if " <-> " in pair:
            a, b = pair.split(" <-> ")
            drawn |= {(a, b, style), (b, a, style)}
        else:
            a, b = pair.split(" -> ")
            drawn.add((a, b, style))
    expected = {(a, b, cell_style(matrix.cell(a, b))) for a in pack.products for b in pack.products if a != b and matrix.cell(a, b).supported}
    assert drawn == expected  # the map and `vmgraph matrix` agree, move for move


def test_product_map_lines_miss_every_box(pack):
    figure = draw_product_map(pack)
    assert crossings(figure, "move:") == []


def test_product_map_is_readable_at_100_percent(pack):
    figure = draw_product_map(pack)
    width, height = figure.get_size_inches()
    assert width <= 14 and height <= 10  # fits a screen at 100 dpi
    assert min(t.get_fontsize() for t in all_texts(figure)) >= 8
    assert no_text_overlaps(figure, "name:")


def test_product_map_subset(pack):
    figure = draw_product_map(pack, products=["Workstation 4"])
    assert gids(figure, "node:") == ["node:Workstation 4"] and gids(figure, "move:") == []
    width, height = figure.get_size_inches()
    assert width < 8 and height < 4
    texts = [t for t in all_texts(figure)]
    renderer = FigureCanvasAgg(figure).get_renderer()
    assert all(0 <= t.get_window_extent(renderer).x0 and t.get_window_extent(renderer).x1 <= width * figure.dpi for t in texts)  # nothing cut off


# -- routes


ROUTES = [("gsx1", "ws5", {}), ("esx1", "esx2-smp", {}), ("ws4", "esx2-smp", {"vm": VM(snapshot=True, disk_mode="undoable")}), ("ws2", "player", {}),
          ("esx1.1", "ws5.5", {}), ("gsx2", "esx2-smp", {}), ("ws5.0", "gsx3", {"vm": VM(hardware=4, three_d=True)}), ("esx1.5", "ace", {})]


@pytest.mark.parametrize("source,target,options", ROUTES, ids=[f"{a}-{b}" for a, b, _ in ROUTES])
def test_route_drawing_arcs_miss_boxes_and_numbers_sit_clear(pack, states, source, target, options):
    route = plan(source, target, pack=pack, **options)
    assert route.found
    figure = draw_route(pack, route, states=states)
    moves = [s for s in route.steps if s.kind != "prepare"]
    assert gids(figure, "route:") == [f"route:{s.source.label()}->{s.target.label()}" for s in moves]
    assert gids(figure, "step:") == [f"step:{n}" for n in range(1, len(route.steps) + 1)]
    assert crossings(figure, "route:") == []
    renderer = FigureCanvasAgg(figure).get_renderer()
    labels = [p.get_window_extent(renderer) for p in figure.axes[0].patches if (p.get_gid() or "").startswith("node:")]
    labels += [t.get_window_extent(renderer) for t in figure.axes[0].texts if (t.get_gid() or "").startswith("column:")]
    badges = [p.get_window_extent(renderer) for p in figure.axes[0].patches if (p.get_gid() or "").startswith("step:")]
    for badge in badges:
        assert not any(badge.overlaps(label) for label in labels)
    for i, a in enumerate(badges):
        assert not any(a.overlaps(b) for b in badges[i + 1:])
    assert min(t.get_fontsize() for t in all_texts(figure)) >= 8


def test_route_drawing_of_gsx1_to_ws5(pack, states):
    route = plan("GSX Server 1", "Workstation 5", pack=pack)
    figure = draw_route(pack, route, states=states)
    assert gids(figure, "route:") == ["route:GSX Server 1 [generation 2]->GSX Server 3 [generation 4 (vmx-03)]", "route:GSX Server 3 [generation 4 (vmx-03)]->Workstation 5.0 [generation 4 (vmx-03), GSX Server 3 VM]"]
    assert sorted(gids(figure, "node:")) == ["node:GSX Server 1 [generation 2]", "node:GSX Server 3 [generation 4 (vmx-03)]", "node:Workstation 5.0 [generation 4 (vmx-03), GSX Server 3 VM]"]
    words = [t.get_text() for t in figure.axes[0].texts if (t.get_gid() or "").startswith("list:")]
    assert words[0] == "GSX Server 1 (gen 2) → GSX Server 3 (gen 4 · vmx-03) · copy, one-way · point of no return"


def test_refused_route_drawing_shows_the_refused_move_and_why(pack, states):
    route = plan("Workstation 5.0", "Workstation 4", pack=pack)
    figure = draw_route(pack, route, "Workstation 4", states=states)
    assert gids(figure, "refused:") == ["refused:Workstation 5.0 [generation 5 (vmx-04)]->Workstation 4"]
    assert gids(figure, "refused-mark:") == ["refused-mark:Workstation 4"]
    text = "\n".join(t.get_text() for t in figure.axes[0].texts)
    assert "Moving native generation 5 VMs to a generation 4 product is not supported. (Generation 5 to Generation 4, p. 17)" in text.replace("\n", " ")
    assert "--hardware 4" in text


# -- the guide's tables


def test_matrix_drawing_has_a_cell_per_table_cell_coloured_by_what_it_takes(pack):
    figure = draw_matrix(pack)
    matrix = Matrix(pack)
    expected = [f"cell:{c.source} -> {c.target}: {cell_style(c)}" for c in matrix.cells()]
    assert gids(figure, "cell:") == expected
    refused = [g for g in expected if g.endswith(": refused")]
    assert len(gids(figure, "text:")) == len(expected) and refused
    assert all(g.endswith(":✗") for g in gids(figure, "text:") if any(g.startswith("text:" + r[5:].rsplit(": ", 1)[0] + ":") for r in refused))
    assert min(t.get_fontsize() for t in all_texts(figure)) >= 8


def test_matrix_drawing_of_todays_products_has_words_in_every_cell():
    """Cells of today's products say what they take (OVF, convert), and a caveat alone reads as the move as it is."""
    from vmgraph.pack.sources import load_rules

    figure = draw_matrix(load_rules(), ["ESX Server 2", "ESX 3.0", "ESXi 7.0 U3", "Workstation 17"])
    texts = {t.get_gid().split(":", 1)[1].split(":")[0]: t.get_text().replace("\n", " ") for t in figure.axes[0].texts if (t.get_gid() or "").startswith("text:")}
    assert texts["ESX 3.0 -> Workstation 17"] == "OVF export / deploy*"
    assert texts["Workstation 17 -> ESXi 7.0 U3"] == "convert (rebuilt)*"
    assert texts["ESX Server 2 -> ESX 3.0"] == "OK ⚠1 convert (rebuilt)*"


def test_matrix_drawing_of_todays_products_says_whose_words_and_names_versions(tmp_path):
    """Today's cells are vmgraph's reading of its sources, not the guide's tables; their columns are
    hardware versions; the legend and notes stay inside the picture."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from vmgraph.pack.sources import load_rules

    figure = draw_matrix(load_rules(), ["Workstation 5.5", "ESX 3.0", "ESXi 7.0 U3", "ESXi 8.0", "Workstation 17"])
    words = {t.get_gid(): t.get_text() for t in figure.axes[0].texts if t.get_gid()}
    assert words["title"] == "Moving a VM: what vmgraph's rules say"
    assert [words[g] for g in sorted(words) if g.startswith("band:")] == ["Hardware vmx-19", "Hardware vmx-20", "Hardware vmx-04"]
    assert words["note:inferred"].startswith("* inferred: vmgraph's reading of its sources")
    assert "the guide" not in words["legend-text:no move: no source gives one"]
    renderer = FigureCanvasAgg(figure).get_renderer()
    frame = figure.bbox
    for text in figure.axes[0].texts:
        box = text.get_window_extent(renderer)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, f"{text.get_text()!r} runs off the picture"


def test_generations_drawing(pack):
    figure = draw_generations(pack)
    summary = Matrix(pack).generation_summary()
    assert [g.split(":", 2)[2] for g in gids(figure, "text:")] == [c.text + (" *" if c.departure else "") for c in summary]
    assert gids(figure, "note:departs:") == ["note:departs:4->3"], "the cell where vmgraph departs from the guide's summary is explained"


# -- names that are syntax elsewhere


def test_odd_names_are_drawn_as_written(odd_pack, tmp_path):
    """A `$` would start matplotlib's mathtext: every picture shows names literally."""
    name = "Back\\slash $5$ *star* _u_ [x](y) `t` &amp;"
    pictures = {
        "map": draw_product_map(odd_pack, products=[name, 'Pipe|Lab <beta> & "Co" #1', "Workstation 4"]),
        "states": draw_graph(odd_pack, products=[name, "ESX Server 2"]),
        "matrix": draw_matrix(odd_pack, products=[name, "Workstation 4"]),
        "route": draw_route(odd_pack, plan("pipelab", "backlab", pack=odd_pack)),
    }
    for kind, figure in pictures.items():
        path = save_figure(figure, tmp_path / f"{kind}.svg")
        assert "$5$" in path.read_text(), kind


# -- saving


PICTURES = {
    "states": lambda pack, path: save_drawing(path, pack, products=["Workstation 4"]),
    "map": lambda pack, path: save_drawing(path, pack, detail="products", generations=[4, 5]),
    "matrix": lambda pack, path: save_matrix_drawing(path, pack, ["Workstation 4", "Workstation 5.0"]),
    "generations": lambda pack, path: save_matrix_drawing(path, pack, generations=True),
    "route": lambda pack, path: save_route_drawing(path, pack, plan("ws4", "esx2-smp", pack=pack, vm=VM(snapshot=True))),
    "refused": lambda pack, path: save_route_drawing(path, pack, plan("ws5.0", "ws4", pack=pack), "Workstation 4"),
}


@pytest.mark.parametrize(
    "kind,suffix",
    [(kind, "svg") for kind in PICTURES] + [("states", "png"), ("states", "pdf"), ("route", "png"), ("route", "pdf")],
)
def test_saved_drawings_are_byte_identical(pack, tmp_path, suffix, kind):
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    PICTURES[kind](pack, first)
    PICTURES[kind](pack, second)
    assert first.read_bytes() == second.read_bytes()


def test_svg_keeps_labels_as_text(pack, tmp_path):
    path = save_drawing(tmp_path / "g.svg", pack, products=["Workstation 4", "GSX Server 3"])
    assert ">GSX Server 3<" in path.read_text() or "GSX Server 3</text>" in path.read_text()


def test_svg_is_identical_across_processes(tmp_path):
    """Two separate processes (different hash seeds) write the same SVG."""
    script = (
        "import sys; from vmgraph.pack.sources import load_rules; from vmgraph.render.drawing import save_drawing, save_matrix_drawing; "
        "pack = load_rules(); save_drawing(sys.argv[1], pack, products=['Workstation 4']); "
        "save_drawing(sys.argv[1] + '.map.svg', pack, detail='products', generations=[3, 4]); save_matrix_drawing(sys.argv[1] + '.m.svg', pack, ['Workstation 4'])"
    )
    outputs = []
    for seed in ("1", "2"):
        path = tmp_path / f"s{seed}.svg"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env, cwd=tmp_path)
        outputs.append(b"".join(Path(f"{path}{extra}").read_bytes() for extra in ("", ".map.svg", ".m.svg")))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    "args,message",
    [
        (["draw", "graph.jpg"], "vmgraph: error: graph.jpg: unknown format '.jpg' (expected .png, .svg, .pdf or .html)"),
        (["draw", "missing/graph.png"], "vmgraph: error: missing/graph.png: no such folder 'missing'"),
        (["draw", "graph.png", "--generations", "1,9"], "vmgraph: error: --generations 1,9: generations run from 2 to 5"),
        (["draw", "graph.png", "--generations", "x"], "vmgraph: error: --generations x: expected generation numbers separated by commas, e.g. 3,4"),
        (["export", "graphml"], "vmgraph: error: Invalid value for 'FORMAT': 'graphml' is not one of 'dot', 'mermaid', 'json'."),
    ],
    ids=["format", "folder", "generations", "generations-type", "export-format"],
)
def test_error_drawing_and_export_usage(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    assert list(tmp_path.iterdir()) == []


def test_error_unwritable_path_leaves_no_file(pack, tmp_path):
    (tmp_path / "g.png").mkdir()  # a folder where the file should go: cannot be replaced by a file
    with pytest.raises(DrawingError, match="cannot write"):
        save_drawing(tmp_path / "g.png", pack, products=["Workstation 4"])
    assert [p.name for p in tmp_path.iterdir()] == ["g.png"] and (tmp_path / "g.png").is_dir()


def test_error_failed_write_leaves_no_partial_file(pack, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    def broken(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(DrawingError, match="No space left on device"):
        save_drawing(tmp_path / "g.png", pack, products=["Workstation 4"])
    assert list(tmp_path.iterdir()) == []


def test_cli_draw_and_route_draw(tmp_path):
    result = runner.invoke(app, ["draw", str(tmp_path / "g.png"), "--products", "ws3,ws4"])
    assert result.exit_code == 0 and (tmp_path / "g.png").stat().st_size > 10_000
    result = runner.invoke(app, ["draw", str(tmp_path / "map.svg")])
    assert result.exit_code == 0 and "move:GSX Server 3 &lt;-&gt; Workstation 4: copy" in (tmp_path / "map.svg").read_text()
    result = runner.invoke(app, ["draw", str(tmp_path / "s.svg"), "--detail", "states", "--products", "ws4"])
    assert result.exit_code == 0 and "node:Workstation 4 [generation 3]" in (tmp_path / "s.svg").read_text()
    result = runner.invoke(app, ["route", "gsx1", "ws5", "--draw", str(tmp_path / "r.svg")])
    assert result.exit_code == 0 and "step:2" in (tmp_path / "r.svg").read_text()
    result = runner.invoke(app, ["route", "ws5.0", "ws4", "--draw", str(tmp_path / "no.svg")])
    assert result.exit_code == 1 and "refused:Workstation 5.0 [generation 5 (vmx-04)]-&gt;Workstation 4" in (tmp_path / "no.svg").read_text()


def test_cli_matrix_draw(tmp_path):
    result = runner.invoke(app, ["matrix", "--draw", str(tmp_path / "m.svg"), "--products", "ws3,ws4,ws5"])
    assert result.exit_code == 0 and result.stdout.startswith("Created under Workstation 3:")
    assert "cell:Workstation 5.0 -&gt; Workstation 4: legacy" in (tmp_path / "m.svg").read_text()
    result = runner.invoke(app, ["matrix", "--generations", "--draw", str(tmp_path / "g.png")])
    assert result.exit_code == 0 and (tmp_path / "g.png").stat().st_size > 10_000
    result = runner.invoke(app, ["matrix", "--draw", str(tmp_path / "m.jpg")])
    assert result.exit_code == 2 and "unknown format '.jpg'" in result.stderr


def test_docs_images_are_current():
    """docs/*.txt list what docs/*.png show; a stale one means `python docs/make_images.py`."""
    sys.path.insert(0, str(ROOT / "docs"))
    import make_images

    pictures = make_images.figures()
    for name, figure in pictures.items():
        committed = ROOT / "docs" / f"{name}.txt"
        assert committed.exists() and committed.read_text() == make_images.manifest(figure), f"docs/{name}.* is stale: run python docs/make_images.py"
        assert (ROOT / "docs" / f"{name}.png").exists()
    drawn = {p.stem for p in (ROOT / "docs").glob("*.png")}
    assert drawn == set(pictures) | set(make_images.PAGES), "a picture in docs/ that make_images.py does not draw"


def test_docs_page_screenshots_are_current():
    """docs/*-page.txt hold the digest of the page each screenshot shows (a screenshot needs
    Chromium: tests/test_html_browser.py compares a fresh one with it)."""
    sys.path.insert(0, str(ROOT / "docs"))
    import make_images

    for name, document in make_images.pages().items():
        committed = ROOT / "docs" / f"{name}.txt"
        assert committed.exists() and committed.read_text() == make_images.page_manifest(document), f"docs/{name}.* is stale: run python docs/make_images.py"
        assert (ROOT / "docs" / f"{name}.png").exists()


def test_readme_shows_the_docs_pictures():
    readme = (ROOT / "README.md").read_text()
    shown = re.findall(r"!\[[^\]]+\]\(docs/([\w-]+)\.png\)", readme)
    assert shown[:3] == ["product-map", "matrix", "route-gsx1-to-ws5"]  # the README leads with these
    assert all((ROOT / "docs" / f"{name}.png").exists() for name in shown)
