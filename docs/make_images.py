"""Regenerate the README's pictures: the product map (the guide's products, and every product), the guide's tables, and routes.

    python docs/make_images.py

Each PNG comes with a text file of the same name listing what it shows (every
box, line, cell and word, by the ids the drawing code gives them); the test
suite redraws the pictures and fails when a committed list differs, so a change
to the rules or to the drawing code that is not redrawn is caught without
comparing pixels.

The web pages (`--format html` of fleet and route, `draw map.html`) are screenshots taken in
Chromium (Playwright, as the browser tests drive it): each comes with a text file holding the
digest of the page it shows, so the suite notices a stale screenshot without a browser, and the
browser tests compare a fresh screenshot with it loosely.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from vmgraph.planning.planner import plan  # noqa: E402
from vmgraph.render.drawing import save_figure  # noqa: E402
from vmgraph.render.matrix_drawing import draw_generations, draw_matrix  # noqa: E402
from vmgraph.render.product_map import draw_product_map  # noqa: E402
from vmgraph.render.route_drawing import draw_route  # noqa: E402
from vmgraph.pack.sources import load_rules  # noqa: E402
from vmgraph.planning.state_graph import StateGraph  # noqa: E402

ROUTES = {
    "route-gsx1-to-ws5": ("GSX Server 1", "Workstation 5"),
    "route-ws4-to-esx2-smp": ("Workstation 4", "ESX Server 2 with Virtual SMP"),
    "no-route-ws5-to-ws4": ("Workstation 5.0", "Workstation 4"),
}


def figures() -> dict[str, object]:
    """name -> matplotlib Figure, for every picture in docs/."""
    pack = load_rules(include_default=True)
    states = StateGraph(pack)
    result = {"product-map": draw_product_map(pack), "product-map-all": draw_product_map(pack, products=list(pack.products)),
              "matrix": draw_matrix(pack), "generations": draw_generations(pack)}
    for name, (source, target) in ROUTES.items():
        result[name] = draw_route(pack, plan(source, target, pack=pack), target, states=states)
    return result


def manifest(figure) -> str:
    """What a figure shows, one artist a line: its id and, for text, the words."""
    lines = [f"size {figure.get_size_inches()[0]:.2f} x {figure.get_size_inches()[1]:.2f} in"]
    for artist in [a for ax in figure.axes for a in ax.get_children()] + list(figure.legends) + list(figure.texts):
        gid = artist.get_gid()
        words = artist.get_text() if hasattr(artist, "get_text") else None
        if gid or words:
            lines.append(" | ".join(part for part in (gid or "", (words or "").replace("\n", " / ")) if part))
    return "\n".join(lines) + "\n"


PAGE_VIEWPORT = {"width": 1280, "height": 900}
# name -> the command whose page is shown, as the README gives it (run from the clone's top folder)
PAGES = {
    "fleet-page": ["fleet", "examples/inventories/rvtools-csv", "--to", "ESXi 8.0 U3", "--format", "html"],
    "route-page": ["route", "GSX Server 1", "Workstation 5", "--format", "html"],
    "map-page": ["draw", "map.html"],  # a file, not stdout
}


def pages() -> dict[str, str]:
    """name -> the HTML of every page whose screenshot is in docs/, made by its command."""
    import os

    from typer.testing import CliRunner

    from vmgraph.cli.app import app

    import tempfile

    runner, found, here = CliRunner(), {}, os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(HERE.parent)
        try:
            for name, args in PAGES.items():
                written = Path(folder) / args[1] if args[0] == "draw" else None
                result = runner.invoke(app, [args[0], str(written), *args[2:]] if written else args)
                if result.exit_code not in (0, 1):
                    raise SystemExit(f"vmgraph {' '.join(args)} failed: {result.output}")
                found[name] = written.read_text(encoding="utf-8") if written else result.stdout
        finally:
            os.chdir(here)
    return found


def page_manifest(document: str) -> str:
    import hashlib

    return f"page sha256 {hashlib.sha256(document.encode('utf-8')).hexdigest()}\n"


def screenshot(document: str, browser) -> bytes:
    """The top of a page as Chromium shows it, from a file:// URL."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(document, encoding="utf-8")
        context = browser.new_context(viewport=PAGE_VIEWPORT, reduced_motion="reduce")
        try:
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-ready=true]")
            return page.screenshot()
        finally:
            context.close()


def main() -> None:
    for name, figure in figures().items():
        save_figure(figure, HERE / f"{name}.png")
        (HERE / f"{name}.txt").write_text(manifest(figure))
        print(f"wrote docs/{name}.png and docs/{name}.txt")
    sys.path.insert(0, str(HERE.parent / "tests"))
    import browser as chromium  # the tests' Chromium, launched the same way

    driver, browser = chromium.launch()
    try:
        for name, document in pages().items():
            (HERE / f"{name}.png").write_bytes(screenshot(document, browser))
            (HERE / f"{name}.txt").write_text(page_manifest(document))
            print(f"wrote docs/{name}.png and docs/{name}.txt")
    finally:
        browser.close()
        driver.stop()


if __name__ == "__main__":
    main()
