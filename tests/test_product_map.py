"""The product map of every product: the guide's generations, then today's products in
hardware bands, one row per family; today's moves summarised, never invented."""

import re
from collections import Counter

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from typer.testing import CliRunner

from test_drawing import all_texts, crossings, gids, no_text_overlaps
from vmgraph.cli.app import app
from vmgraph.vm.hardware import version_of_level
from vmgraph.overview.matrix import Matrix
from vmgraph.render.map_summary import claims, summarise
from vmgraph.render.product_map import draw_product_map
from vmgraph.render.styles import cell_style


@pytest.fixture(scope="module")
def matrix(pack):
    return Matrix(pack)


@pytest.mark.parametrize(
    "source,target,style",
    [
        ("Workstation 4", "Workstation 6.0", "legacy"),  # the bridge: legacy mode or upgrade (Converter too)
        ("ESX Server 2", "ESX 4.1", "copy"),  # the bridge: powered off (Converter too)
        ("GSX Server 3", "ESXi 8.0", "convert"),  # Converter alone
        ("Workstation 17", "ESXi 7.0 U3", "convert"),  # vmx-20 on a vmx-19 host: rebuilt
        ("Workstation 17", "ESXi 8.0", "export/import"),  # OVF
    ],
    ids=["ws4-ws6", "esx2-esx4.1", "gsx3-esxi8", "ws17-esxi7u3", "ws17-esxi8"],
)
def test_a_conversion_styles_a_cell_only_when_it_is_the_only_way(matrix, source, target, style):
    assert cell_style(matrix.cell(source, target)) == style


# -- the map of every product

LINES = ("move:", "chain:", "to-row:", "exception:", "converter:")


@pytest.fixture(scope="module")
def everything(pack):
    return list(pack.products)


@pytest.fixture(scope="module")
def full_map(pack, everything):
    return draw_product_map(pack, products=everything)


@pytest.fixture(scope="module")
def summary(pack, everything, matrix):
    return summarise(pack, everything, matrix)


def centre(patch):
    return patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2


def test_the_full_map_shows_every_product_once(pack, full_map):
    boxes = Counter(g.split(":", 1)[1] for g in gids(full_map, "node:"))
    assert boxes == Counter(list(pack.products) + ["Converter"])
    names = [t.get_text().replace("\n", " ") for t in full_map.axes[0].texts if (t.get_gid() or "").startswith("name:")]
    assert sorted(names) == sorted(list(pack.products) + ["Converter"])


def test_a_product_stands_in_the_column_of_its_hardware_and_the_row_of_its_family(pack, full_map):
    """Today's products by the band of the newest hardware each runs, the guide's by generation."""
    ax = full_map.axes[0]
    columns = {t.get_text().replace("\n", " "): t.get_position()[0] for t in ax.texts if (t.get_gid() or "").startswith("column:")}
    assert list(columns)[:4] == ["Generation 2", "Generation 3", "Generation 4", "Generation 5"]
    assert list(columns)[4:] == ["Hardware vmx-04 to vmx-07", "Hardware vmx-08 to vmx-11", "Hardware vmx-12 to vmx-15", "Hardware vmx-16 to vmx-19", "Hardware vmx-20 to vmx-22"]
    bands = {title: range(int(re.findall(r"vmx-(\d+)", title)[0]), int(re.findall(r"vmx-(\d+)", title)[-1]) + 1) for title in list(columns)[4:]}
    lanes = {p.get_gid()[5:]: p for p in ax.patches if (p.get_gid() or "").startswith("lane:")}
    for patch in ax.patches:
        name = (patch.get_gid() or "").removeprefix("node:")
        if name not in pack.products:
            continue
        product = pack.products[name]
        x, y = centre(patch)
        if product.is_today:
            (title,) = [t for t, versions in bands.items() if version_of_level(product.generation) in versions]
        else:
            title = f"Generation {product.generation}"
        assert x == pytest.approx(columns[title]), name
        (lane,) = [families for families, lane in lanes.items() if lane.get_y() <= y <= lane.get_y() + lane.get_height()]
        assert product.family in lane.split(" / "), name
    assert "ESX / ESXi" in lanes  # one row for the family and its successor


def test_the_full_map_draws_in_a_few_lines_not_thousands(pack, full_map, matrix, everything):
    supported = sum(1 for a in everything for b in everything if a != b and matrix.cell(a, b).supported)
    lines = sum(len(gids(full_map, prefix)) for prefix in LINES)
    assert supported > 3000 and lines < 160


def test_every_line_on_the_full_map_is_a_move_the_matrix_gives(pack, full_map, summary, matrix):
    drawn = {g.rsplit(": ", 1)[0] for prefix in LINES for g in gids(full_map, prefix)}
    assert drawn == {f"{e.kind}:{e.source}{' <-> ' if e.both else ' -> '}{e.target}" for e in summary.edges} | {f"converter:{g} -> Converter" for g in summary.converter}
    said = claims(summary)
    for (a, b), style in said.items():
        cell = matrix.cell(a, b)
        assert cell.supported, f"the map shows {a} -> {b}, the matrix has no such move"
        assert cell_style(cell) == style or (a in summary.converter and "Convert (the VM rebuilt)" in " ".join(cell.phrases)), f"{a} -> {b}"
    # Lines between today's products join releases next to each other in a row, nothing further.
    rows = {n: next(i for i, families in enumerate(summary.rows) if pack.products[n].family in families) for n in pack.products}
    for edge in summary.edges:
        if edge.kind == "chain":
            assert rows[edge.source] == rows[edge.target] and pack.products[edge.source].generation <= pack.products[edge.target].generation


def test_the_rails_and_the_rule_for_todays_products_hold_pair_by_pair(pack, full_map, summary, matrix):
    """The words under the map say: among today's products a VM moves as it is to a product
    that runs its hardware (the way its rail or chain shows), else by the Converter."""
    key = " ".join(t.get_text() for t in full_map.axes[0].texts if (t.get_gid() or "").startswith("key:"))
    assert "moves as it is, as those lines show, to any product that runs its hardware" in key and "by the Converter" in key
    rows = {n: next(i for i, families in enumerate(summary.rows) if pack.products[n].family in families) for n in pack.products}
    way = {}  # (row, row) -> the style a move as it is takes between them, as drawn
    for rail in summary.rails:
        way.update({pair: rail.style for pair in rail.pairs()})
    way.update({(rows[e.source], rows[e.source]): e.style for e in summary.edges if e.kind == "chain"})
    rails = {g.split(":")[1] for g in gids(full_map, "rail:")}
    assert rails == {"copy", "export/import"}
    exceptions = {(e.source, e.target) for e in summary.edges if e.kind in ("move", "exception")} | {(e.target, e.source) for e in summary.edges if e.both and e.kind == "move"}
    for a in summary.today:
        for b in summary.today:
            if a == b or (a, b) in exceptions:
                continue
            cell = matrix.cell(a, b)
            runs = pack.products[b].runs_hardware(pack.products[a].generation)
            assert cell.supported and cell_style(cell) == (way[(rows[a], rows[b])] if runs else "convert"), f"{a} -> {b}"
    for rail in summary.rails:  # a rail joins rows some of whose products move that way, both ways
        for r, q in rail.pairs():
            assert any(cell_style(matrix.cell(a, b)) == rail.style for a in summary.today for b in summary.today if rows[a] == r and rows[b] == q and matrix.cell(a, b).supported)


def test_no_move_is_missing_from_the_full_map(pack, summary, matrix, everything):
    """The footnote says: no line and no summary, no direct move."""
    said = set(claims(summary))
    today = set(summary.today)
    for a in everything:
        for b in everything:
            if a != b and matrix.cell(a, b).supported:
                assert (a, b) in said or (a in today and b in today), f"{a} -> {b} is on no line"


def test_the_bridges_from_the_guides_products_show(full_map):
    drawn = set(gids(full_map, ""))
    assert {"to-row:Workstation 4 -> Workstation 6.0: legacy", "to-row:Workstation 5.5 -> Workstation 6.0: legacy"} <= drawn
    assert {f"move:ESX Server 2 -> {esx}: copy" for esx in ("ESX 3.0", "ESX 3.5", "ESX 4.0", "ESX 4.1")} <= drawn
    assert {f"converter:{g} -> Converter" for g in ("GSX Server 3", "Workstation 4", "Workstation 5.0", "Workstation 5.5", "ESX Server 2")} <= drawn
    assert "converter:Workstation 3 -> Converter" not in drawn  # the Converter reads generations 4 and 5 only


def test_the_full_map_is_readable(full_map):
    assert min(t.get_fontsize() for t in all_texts(full_map)) >= 8
    assert no_text_overlaps(full_map, "name:") and no_text_overlaps(full_map, "key:")
    for prefix in LINES:
        assert crossings(full_map, prefix) == [], prefix
    renderer = FigureCanvasAgg(full_map).get_renderer()
    width = full_map.get_size_inches()[0] * full_map.dpi
    assert all(0 <= t.get_window_extent(renderer).x0 and t.get_window_extent(renderer).x1 <= width for t in all_texts(full_map))


def test_a_site_policy_shows_as_an_exception_not_as_a_rail(tmp_path):
    from vmgraph.pack.sources import load_rules

    site = tmp_path / "site.toml"
    site.write_text('schema = 1\n[[refusal]]\nfrom = ["Workstation 17"]\nto = ["Fusion 13"]\nreason = "Macs take VMs from the build farm."\npolicy = true\n'
                    'source = { section = "Site policy", page = 1 }\n')
    pack = load_rules([site])
    names = [n for n in pack.products if pack.products[n].is_today and not pack.products[n].is_esx]  # the desktop products
    matrix = Matrix(pack)
    summary = summarise(pack, names, matrix)
    (edge,) = [e for e in summary.edges if (e.source, e.target) == ("Workstation 17", "Fusion 13")]
    assert edge.style == cell_style(matrix.cell("Workstation 17", "Fusion 13")) != "copy"
    figure = draw_product_map(pack, products=names)
    assert f"{edge.kind}:Workstation 17 -> Fusion 13: {edge.style}" in gids(figure, "")
    assert all(matrix.cell(a, b).supported and cell_style(matrix.cell(a, b)) == style for (a, b), style in claims(summary).items())


def test_a_pair_the_rule_would_give_but_the_matrix_refuses_is_drawn_as_no_move(pack):
    from vmgraph.overview.matrix import SITE_POLICY, Cell
    from vmgraph.render.product_bands import draw_banded_map

    class Refusing(Matrix):
        def cell(self, row, column):
            if (row, column) == ("Workstation 17", "Fusion 13"):
                return Cell(row, column, False, (SITE_POLICY,), "none", ())
            return super().cell(row, column)

    names = [n for n in pack.products if pack.products[n].is_today and not pack.products[n].is_esx]
    figure = draw_banded_map(pack, names, matrix=Refusing(pack))
    assert gids(figure, "exception:") == ["exception:Workstation 17 -> Fusion 13: undescribed"]
    assert "legend:no move (an exception)" in gids(figure, "legend:")
    summary = summarise(pack, names, Refusing(pack))
    assert ("Workstation 17", "Fusion 13") not in claims(summary)


def test_a_few_of_todays_products_draw_every_move(pack, matrix):
    names = ["ESXi 7.0", "ESXi 7.0 U3", "Workstation 16.2", "Workstation 17"]
    figure = draw_product_map(pack, products=names)
    drawn = set()
    for gid in gids(figure, "move:"):
        pair, style = gid[5:].rsplit(": ", 1)
        a, b = pair.split(" <-> " if " <-> " in pair else " -> ")
        drawn |= {(a, b, style)} | ({(b, a, style)} if " <-> " in pair else set())
    assert drawn == {(a, b, cell_style(matrix.cell(a, b))) for a in names for b in names if a != b and matrix.cell(a, b).supported}
    assert gids(figure, "rail:") == []


def test_draw_products_all_writes_the_full_map(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["draw", "all.svg", "--products", "all"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote all.svg\n"
    svg = (tmp_path / "all.svg").read_text()
    assert "ESXi 9.0</text>" in svg and "Workstation 2</text>" in svg and "vmx-20 to vmx-22" in svg
    assert runner.invoke(app, ["draw", "again.svg", "--products", "all"]).exit_code == 0
    assert (tmp_path / "again.svg").read_bytes() == (tmp_path / "all.svg").read_bytes()
    states = runner.invoke(app, ["draw", "states.png", "--products", "all", "--detail", "states"])
    assert states.exit_code == 2 and not (tmp_path / "states.png").exists()
    assert "a drawing of states shows at most 24 products (81 named)" in states.stderr
