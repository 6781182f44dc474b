"""The HTML pages in a real browser (Debian's Chromium, driven by Playwright; see browser.py).

Each page is opened from file://: no console error, no request for anything outside the file,
the page works by keyboard alone, axe-core finds no accessibility violation, and its screenshot
is like the committed one in docs/. The fleet page's table sorts and filters, and its copy
buttons put the command on the clipboard.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import browser as chromium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))


@pytest.fixture(scope="module")
def browser():
    driver, launched = chromium.launch()
    yield launched
    launched.close()
    driver.stop()


@pytest.fixture(scope="module")
def documents():
    import make_images

    return make_images.pages()


@pytest.fixture
def opened(browser, tmp_path):
    pages = []

    def open_page(document: str, name: str = "page"):
        path = tmp_path / f"{name}.html"
        path.write_text(document, encoding="utf-8")
        page = chromium.Opened(browser, path)
        page.page.wait_for_selector("html[data-ready=true]")
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        assert not page.errors, f"console errors: {page.errors}"
        assert not page.outside(), f"the page asked for {page.outside()}"
        page.close()


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all("#vm-rows tr:not(.spacer) td:first-child", "cells => cells.map(c => c.textContent)")


@pytest.mark.parametrize("name", ["fleet-page", "route-page", "map-page"])
def test_page_is_like_its_screenshot_and_passes_axe(opened, documents, name):
    page = opened(documents[name], name)
    problem = chromium.compare_screenshot(page.page.screenshot(), ROOT / "docs" / f"{name}.png")
    assert problem is None, problem + " (python docs/make_images.py redraws it)"
    violations = page.axe()
    assert violations == [], violations


def test_fleet_table_sorts_and_filters(opened, documents):
    page = opened(documents["fleet-page"]).page
    names = visible_names(page)
    assert names[:2] == ["ams-dc01", "ams-dc02"], "the inventory's order first"
    assert page.inner_text("#vm-count") == "32 VMs"
    page.click("th.col-name button")
    assert page.get_attribute("th.col-name", "aria-sort") == "ascending"
    ascending = visible_names(page)
    assert ascending == sorted(ascending, key=str.lower)
    page.click("th.col-name button")
    assert page.get_attribute("th.col-name", "aria-sort") == "descending"
    assert visible_names(page) == sorted(ascending, key=str.lower, reverse=True)
    page.click("th.col-row button")
    rows = page.eval_on_selector_all("#vm-rows tr:not(.spacer) td:nth-child(2)", "cells => cells.map(c => Number(c.textContent))")
    assert rows == sorted(rows)
    page.fill("#vm-filter", "fra-")
    chromium.until(page, "document.getElementById('vm-count').textContent.includes(' of ')")
    filtered = visible_names(page)
    assert filtered and all("fra-" in name for name in filtered)
    assert page.inner_text("#vm-count") == f"{len(filtered)} of 32 VMs"
    page.fill("#vm-filter", "vmx-21")  # a question's words: its hardware
    chromium.until(page, "document.getElementById('vm-count').textContent.startsWith('3 of')")
    page.fill("#vm-filter", "")
    page.select_option("#vm-status", "ready")
    chromium.until(page, "document.getElementById('vm-count').textContent.startsWith('3 of')")
    statuses = page.eval_on_selector_all("#vm-rows tr:not(.spacer) td:nth-child(7)", "cells => cells.map(c => c.textContent)")
    assert statuses == ["ready"] * 3


def test_fleet_copy_button_puts_the_command_on_the_clipboard(opened, documents):
    page = opened(documents["fleet-page"]).page
    button = page.locator("button.copy").first
    words = button.get_attribute("data-copy")
    assert words.startswith("vmgraph route ")
    button.click()
    chromium.until(page, "document.querySelector('button.copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == words


def test_fleet_page_by_keyboard_alone(opened, documents):
    page = opened(documents["fleet-page"]).page
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "vm-filter":
            break
    else:
        pytest.fail("Tab never reaches the filter")
    page.keyboard.type("lon-")  # a key at a time: each filters (the last one after the others)
    chromium.until(page, "(c => c.length > 0 && c.every(td => td.textContent.startsWith('lon-')))"
                         "([...document.querySelectorAll('#vm-rows tr:not(.spacer) td:first-child')])")
    assert all(name.startswith("lon-") for name in visible_names(page))
    page.keyboard.press("Tab")  # the status list
    page.keyboard.press("Tab")  # the group list
    page.keyboard.press("Tab")  # the table's scrolling region
    page.keyboard.press("Tab")  # the first sorting header
    assert page.evaluate("document.activeElement.dataset.sort") == "name"
    page.keyboard.press("Enter")
    assert page.get_attribute("th.col-name", "aria-sort") == "ascending"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "vm-group"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "vm-status"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "vm-filter"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is seen"
    headers = page.eval_on_selector_all(".vm-table thead th", "ths => ths.map(th => th.querySelector('button') !== null)")
    assert all(headers) and len(headers) == 8


@pytest.mark.parametrize("args", [("ws3", "esx1"), ("ws4", "esx2-smp", "--alternatives", "2")], ids=["no-route", "alternatives"])
def test_other_route_pages_pass_axe_and_copy(opened, args):
    from typer.testing import CliRunner

    from vmgraph.cli.app import app

    document = CliRunner().invoke(app, ["route", *args, "--format", "html"]).stdout
    page = opened(document)
    assert page.axe() == []
    buttons = page.page.locator("button.copy")
    if buttons.count():
        words = buttons.first.get_attribute("data-copy")
        buttons.first.focus()
        page.page.keyboard.press("Enter")  # by keyboard: a button takes Enter
        chromium.until(page.page, "document.querySelector('button.copy').textContent === 'Copied'")
        assert page.page.evaluate("navigator.clipboard.readText()") == words


def test_map_highlights_on_hover_and_focus_and_routes_two_clicks(opened, documents):
    shown = opened(documents["map-page"])
    page = shown.page
    assert page.eval_on_selector_all("#map .move.on", "lines => lines.length") == 0
    page.hover("#map .product[data-i='4']")
    name = page.evaluate("JSON.parse(document.getElementById('vmgraph-map').textContent).products[4].name")
    lit = page.eval_on_selector_all("#map .move.on", "lines => lines.map(l => [+l.dataset.from, +l.dataset.to])")
    assert lit and all(4 in pair for pair in lit)
    assert page.inner_text("#panel-title") == f"Moves of {name}"
    assert "Moves from " + name in page.inner_text("#panel-body")
    page.mouse.move(1, 1)
    for _ in range(40):  # by keyboard: Tab to the first product
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('product')"):
            break
    else:
        pytest.fail("Tab never reaches a product")
    first = page.evaluate("+document.activeElement.dataset.i")
    assert page.eval_on_selector_all("#map .move.on", "lines => lines.length") > 0
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    second = page.evaluate("+document.activeElement.dataset.i")
    page.keyboard.press(" ")
    names = page.evaluate("JSON.parse(document.getElementById('vmgraph-map').textContent).products.map(p => p.name)")
    assert page.inner_text("#panel-title") == f"Route: {names[first]} → {names[second]}"
    assert page.get_attribute(f"#map .product[data-i='{first}']", "aria-pressed") == "true"
    assert "vmgraph route" in page.inner_text("#panel-body")
    page.click("#route-clear")
    gsx1, ws5 = names.index("GSX Server 1"), names.index("Workstation 5.0")
    page.click(f"#map .product[data-i='{gsx1}']")
    page.click(f"#map .product[data-i='{ws5}']")
    said = page.inner_text("#panel-body")
    assert "GSX Server 1 (generation 2) → GSX Server 3 (generation 4 (vmx-03))" in said
    assert "Summary: 2 moves; 1 one-way step (step 1); 0 exports, 0 imports; 0 conditional steps; cost 12.5" in said
    page.select_option("#route-from", str(names.index("Workstation 3")))
    page.select_option("#route-to", str(names.index("ESX Server 1.0")))
    said = page.inner_text("#panel-body")
    assert said.startswith("No route.") and "--hardware 2" in said
    assert shown.axe() == [], "with a route shown"


def test_fleet_page_prints_as_a_document(opened, documents):
    page = opened(documents["fleet-page"]).page
    page.emulate_media(media="print")
    hidden = page.evaluate("[...document.querySelectorAll('button.copy, .vm-scroll, .vms .controls')].every(e => getComputedStyle(e).display === 'none')")
    assert hidden, "copy buttons and the VM table are left out of print"
    assert page.evaluate("getComputedStyle(document.querySelector('.print-only')).display") == "block"
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_map_of_every_product_draws_a_products_moves_on_focus(opened, tmp_path):
    from typer.testing import CliRunner

    from vmgraph.cli.app import app

    path = tmp_path / "all.html"
    assert CliRunner().invoke(app, ["draw", str(path), "--products", "all"]).exit_code == 0
    shown = opened(path.read_text(encoding="utf-8"), "all")
    page = shown.page
    assert page.eval_on_selector_all("#map .move", "lines => lines.length") == 0, "too many to draw them all"
    names = page.evaluate("JSON.parse(document.getElementById('vmgraph-map').textContent).products.map(p => p.name)")
    page.focus(f"#map .product[data-i='{names.index('Workstation 17')}']")
    assert page.eval_on_selector_all("#highlight .move", "lines => lines.length") > 10
    page.select_option("#route-from", str(names.index("Workstation 17")))
    page.select_option("#route-to", str(names.index("ESXi 7.0 U3")))
    said = page.inner_text("#panel-body")
    assert "carries no routes: run the command" in said and "vmgraph route 'Workstation 17' 'ESXi 7.0 U3'" in said
    assert shown.axe() == []


def test_fleet_group_button_shows_its_vms(opened, documents):
    page = opened(documents["fleet-page"]).page
    page.click("#group-2 button.show-group")
    assert page.evaluate("document.activeElement.id") == "vm-group"
    assert page.input_value("#vm-group") == "2"
    groups = page.eval_on_selector_all("#vm-rows tr:not(.spacer) td:nth-child(6)", "cells => cells.map(c => c.textContent)")
    count = int(page.inner_text("#group-2 p strong").split()[0])
    assert groups == ["2"] * count and page.inner_text("#vm-count") == f"{count} of 32 VMs"
