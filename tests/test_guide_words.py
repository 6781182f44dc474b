"""Issue 19, section 6: the guide's own words, the last few."""

from __future__ import annotations

from typer.testing import CliRunner

from vmgraph.cli.app import app


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_the_summary_footnote_quotes_page_23_and_its_workaround():
    footnote = run("matrix", "--generations").stdout.splitlines()[-1]
    assert footnote.startswith("* Generation 4 -> 3: vmgraph departs from the guide here: the guide's summary (p. 10) says 'Special steps needed in most cases'")
    assert "'It is not possible to move VMs from generation 4 products to generation 3 products.', then 'Create the VM under the generation 3 product, then run it in legacy mode under the generation 4 product.'" in footnote
    assert "tables and prose" not in footnote


def test_page_13s_ok_in_most_cases_is_kept():
    text = run("matrix", "--products", "ws5.0,ws5.5").stdout
    assert "  -> Workstation 5.5  OK in most cases" in text and "  -> Workstation 5.0  OK in most cases" in text


def test_products_text_marks_that_ace_cannot_create_as_an_inference():
    text = run("products").stdout
    assert any(line.startswith("VMware ACE") and "no (inferred)" in line for line in text.splitlines())
    assert "(inferred): vmgraph's reading, not its source's word" in text


def test_interoperable_hardware_is_not_said_as_a_general_truth():
    text = run("route", "esx1.0", "esx1.5").stdout
    assert "hardware is interoperable" not in text
    assert "ESX Server 1.5 runs VMs created under ESX Server 1.0 with generation 2 hardware (the guide goes by where a VM was created" in text
