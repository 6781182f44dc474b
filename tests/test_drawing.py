"""Drawings and exports: artists checked on the Figure, exports parsed back, determinism."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from vmgraph.cli import app
from vmgraph.planner import plan
from vmgraph.render import exports
from vmgraph.render.drawing import DrawingError, draw_graph, save_drawing
from vmgraph.transitions import StateGraph

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


@pytest.fixture(scope="module")
def states(pack):
    return StateGraph(pack)


def test_full_drawing_has_every_state_and_a_legend(pack, states):
    figure = draw_graph(pack, states=states)
    assert len(gids(figure, "node:")) == len(states.states)
    legend = figure.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["one-way upgrade", "conditional (guest OS)", "export / import disks", "legacy mode", "copy files", "not supported (guide)"]
    width, height = figure.get_size_inches() * figure.dpi
    assert width >= 1200 and height >= 700


def test_route_drawing_highlights_and_numbers_its_steps(pack, states):
    route = plan("GSX Server 1", "Workstation 5", pack=pack)
    figure = draw_graph(pack, route=route, states=states)
    assert gids(figure, "route:") == ["route:GSX Server 1 [hw 2]->GSX Server 3 [hw 4]", "route:GSX Server 3 [hw 4]->Workstation 5.0 [hw 4]"]
    assert gids(figure, "step:") == ["step:1", "step:2"]
    faded = [a for a in figure.axes[0].patches if (a.get_gid() or "").startswith("edge:")]
    assert faded and all(a.get_alpha() < 0.2 for a in faded)


def test_subset_and_hide_unsupported(pack, states):
    figure = draw_graph(pack, products=["Workstation 3", "Workstation 4"], hide_unsupported=True, states=states)
    assert sorted(gids(figure, "node:")) == ["node:Workstation 3 [hw 2]", "node:Workstation 3 [hw 3]", "node:Workstation 4 [hw 3]", "node:Workstation 4 [hw 4]"]
    assert gids(figure, "refused:") == []
    with_refusals = draw_graph(pack, products=["Workstation 4", "Workstation 3"], states=states)
    assert gids(with_refusals, "refused:") == ["refused:Workstation 4 [hw 4]->Workstation 3 [hw 3]"]


def test_generations_filter(pack, states):
    figure = draw_graph(pack, generations=[5], states=states)
    assert {g.split(":")[1].rsplit(" [", 1)[0] for g in gids(figure, "node:")} == {"Workstation 5.0", "Workstation 5.5", "VMware Player"}


def test_draw_onto_a_given_axes(pack, states):
    from matplotlib.figure import Figure

    figure = Figure()
    ax = figure.add_subplot()
    assert draw_graph(pack, ax=ax, products=["Workstation 4"], states=states) is figure


def test_no_label_overlaps_another(pack, states):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = draw_graph(pack, states=states)
    renderer = FigureCanvasAgg(figure).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in figure.axes[0].texts if (t.get_gid() or "").startswith("node:")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_saved_drawings_are_byte_identical(pack, tmp_path, suffix):
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    save_drawing(first, pack, products=["Workstation 4"])
    save_drawing(second, pack, products=["Workstation 4"])
    assert first.read_bytes() == second.read_bytes()


def test_svg_keeps_labels_as_text(pack, tmp_path):
    path = save_drawing(tmp_path / "g.svg", pack, products=["Workstation 4", "GSX Server 3"])
    assert ">GSX Server 3<" in path.read_text() or "GSX Server 3</text>" in path.read_text()


def test_svg_is_identical_across_processes(tmp_path):
    """Two separate processes (different hash seeds) write the same SVG."""
    script = "import sys; from vmgraph.rules import load_rules; from vmgraph.render.drawing import save_drawing; save_drawing(sys.argv[1], load_rules(), products=['Workstation 4'])"
    outputs = []
    for seed in ("1", "2"):
        path = tmp_path / f"s{seed}.svg"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env, cwd=tmp_path)
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    "args,message",
    [
        (["draw", "graph.jpg"], "vmgraph: error: graph.jpg: unknown format '.jpg' (expected .png, .svg or .pdf)"),
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
    result = runner.invoke(app, ["route", "gsx1", "ws5", "--draw", str(tmp_path / "r.svg")])
    assert result.exit_code == 0 and "step:2" in (tmp_path / "r.svg").read_text()


def test_docs_images_are_current():
    """docs/*.dot are written with docs/*.png; a stale one means `python docs/make_images.py`."""
    sys.path.insert(0, str(ROOT / "docs"))
    import make_images

    for name, (_, dot) in make_images.images().items():
        committed = ROOT / "docs" / f"{name}.dot"
        assert committed.read_text() == dot, f"docs/{name}.* is stale: run python docs/make_images.py"
        assert (ROOT / "docs" / f"{name}.png").exists()
