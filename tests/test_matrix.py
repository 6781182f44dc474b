"""`vmgraph matrix` against a hand transcription of every product table of the guide."""

import pytest

import guide_tables
from vmgraph.overview.matrix import INFERRED_MARK, Matrix

CELLS = list(guide_tables.cells())


@pytest.fixture(scope="module")
def matrix(pack):
    return Matrix(pack)


def guide_phrases(cell):
    """The cell as the guide states it: phrases vmgraph marks as inferred are left out."""
    return [p for p in cell.phrases if not p.endswith(INFERRED_MARK)]


@pytest.mark.parametrize("title,page,source,target,phrases", CELLS, ids=[f"p{c[1]}:{c[2]}->{c[3]}" for c in CELLS])
def test_matrix_cell_matches_the_guide(matrix, title, page, source, target, phrases):
    cell = matrix.cell(source, target)
    assert guide_phrases(cell) == phrases
    assert cell.supported == (phrases != ["Not supported"])


def test_transcription_covers_every_table_of_the_guide():
    pages = sorted({page for _, page, *_ in guide_tables.TABLES})
    assert pages == [13, 14, 15, 17, 18, 19, 21, 23, 24, 26, 27]
    assert len(CELLS) == 102


@pytest.mark.parametrize("pair", sorted(guide_tables.SUMMARY), ids=lambda p: f"gen{p[0]}->gen{p[1]}")
def test_generation_summary_matches_the_guide(matrix, pair):
    computed = {(c.source, c.target): c for c in matrix.generation_summary()}
    expected = guide_tables.SUMMARY_DISAGREEMENTS.get(pair, guide_tables.SUMMARY[pair])
    assert computed[pair].text == expected
    assert computed[pair].guide == guide_tables.SUMMARY[pair], "the pack keeps the guide's own summary"
    assert (computed[pair].departure is not None) == (pair in guide_tables.SUMMARY_DISAGREEMENTS)


def test_inferred_phrases_are_marked(matrix):
    cell = matrix.cell("ESX Server 1.0", "Workstation 4")
    assert cell.phrases == ("Export virtual disks", "Upgrade virtual hardware (one-way) (inferred)")


def test_products_outside_the_guides_tables_still_get_cells(matrix):
    assert matrix.cell("Workstation 4", "VMware ACE").text == "OK"
    assert matrix.cell("Workstation 3", "VMware Player").text == "Not supported"
    assert matrix.cell("Workstation 5.5", "VMware ACE").text == "Possible only if you create a legacy virtual machine (inferred)"


def test_rows_are_products_that_can_create_vms(matrix):
    assert "VMware Player" not in matrix.rows()
    assert "VMware Player" in matrix.columns()
