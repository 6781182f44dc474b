"""A real browser for the HTML pages: Debian's Chromium driven by Playwright for Python.

`.ci/run` installs Chromium (`apt-get install chromium`), Playwright (the `test` extra; its own
browser downloads are never used) and axe-core from the npm registry (into build/node). Outside
CI a missing piece skips the tests that need it, with the reason; with CI=true it fails them.

Every page is opened from file:// with every request watched: anything but the page's own file
(or a data: URL) fails the test, and so does any console error or uncaught exception.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("VMGRAPH_CHROMIUM") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
AXE = Path(os.environ.get("VMGRAPH_AXE") or ROOT / "build" / "node" / "node_modules" / "axe-core" / "axe.min.js")
VIEWPORT = {"width": 1280, "height": 900}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str) -> None:
    if in_ci():
        pytest.fail(f"{what} (.ci/run installs it)")
    pytest.skip(what)


def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium): pages not opened in a browser")
    return CHROMIUM


def launch():
    """(playwright, browser): stop both when done."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (pip install '.[test]'): pages not opened in a browser")
    driver = sync_playwright().start()
    try:
        browser = driver.chromium.launch(executable_path=executable, args=ARGS, headless=True)
    except Exception as error:  # a Chromium that will not start says why
        driver.stop()
        missing(f"Chromium at {executable} does not start: {str(error).splitlines()[0]}")
    return driver, browser


class Opened:
    """A page opened from a file, with what it asked for and what it complained of."""

    def __init__(self, browser, path: Path, viewport=VIEWPORT):
        self.context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.context.route("**/*", self._request)
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def _request(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def outside(self) -> list[str]:
        """Requests for anything but a file: or data: URL (there should be none)."""
        return [url for url in self.requests if not url.startswith(("file:", "data:"))]

    def axe(self) -> list[dict]:
        """axe-core's violations on the page as it is now."""
        if not AXE.exists():
            missing(f"axe-core is not at {AXE} (npm install --prefix build/node axe-core@4): accessibility not checked")
        self.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        return self.page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                                  ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")

    def close(self) -> None:
        self.context.close()


def compare_screenshot(shot: bytes, committed: Path, threshold: float = 0.04) -> str | None:
    """Why a fresh screenshot differs from the committed one, or None when it is alike: the same
    size, and a mean difference per pixel and channel under `threshold` (0 to 1). Loose on
    purpose: fonts and anti-aliasing differ between machines; a broken layout does not pass."""
    import io

    from matplotlib.image import imread

    if not committed.exists():
        return f"{committed} is missing: run python docs/make_images.py"
    fresh, old = imread(io.BytesIO(shot), format="png"), imread(str(committed))
    if fresh.shape[:2] != old.shape[:2]:
        return f"the page's screenshot is {fresh.shape[1]}x{fresh.shape[0]}, {committed.name} {old.shape[1]}x{old.shape[0]}"
    difference = float(abs(fresh[..., :3] - old[..., :3]).mean())
    if difference > threshold:
        return f"the page's screenshot differs from {committed.name} by {difference:.3f} per pixel (over {threshold})"
    return None


def until(page, expression: str, timeout: float = 30.0) -> None:
    """Wait until a JavaScript expression is true, polled from here: Playwright's own
    wait_for_function evaluates strings inside the page, which the page's CSP forbids."""
    import time

    end = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise AssertionError(f"still false after {timeout:g} s: {expression}")
        time.sleep(0.02)
