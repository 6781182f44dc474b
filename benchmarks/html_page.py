"""HTML page benchmark: a fleet's page opened in Chromium, and written against its CSV.

    python benchmarks/html_page.py [--open-rows 100000] [--write-rows 1000000] [--runs 2] [--keep DIR]

1. Writes an RVTools-like inventory of --open-rows VMs (benchmarks/inventory_gen.py), its page
   (`vmgraph fleet FILE --from "ESXi 8.0 U3" --to "ESXi 7.0 U3" --format html`), opens it from
   file:// in Debian's Chromium (Playwright, as the tests launch it) and reports the time until
   the table is drawn and usable (the page marks <html data-ready>), then the time to sort by
   name, to filter by a word and to scroll to the end. Target: usable in under 5 s.
2. Writes an inventory of --write-rows VMs and times the installed command writing it as CSV and
   as HTML, interleaved, output to /dev/null. Target: HTML within twice the CSV's time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from fleet import SOURCE, TARGET, _command  # noqa: E402
from inventory_gen import write  # noqa: E402


def page(inventory: Path, out: Path) -> float:
    start = time.perf_counter()
    with out.open("w") as sink:
        subprocess.run(_command() + ["fleet", str(inventory), "--from", SOURCE, "--to", TARGET, "--format", "html"], stdout=sink, check=False)
    return time.perf_counter() - start


def timed_write(inventory: Path, output_format: str) -> float:
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        subprocess.run(_command() + ["fleet", str(inventory), "--from", SOURCE, "--to", TARGET, "--format", output_format], stdout=sink, check=False)
    return time.perf_counter() - start


def open_in_chromium(path: Path) -> dict[str, float]:
    import browser as chromium

    driver, launched = chromium.launch()
    try:
        context = launched.new_context(viewport=chromium.VIEWPORT)
        tab = context.new_page()
        start = time.perf_counter()
        tab.goto(path.as_uri(), timeout=60_000)
        tab.wait_for_selector("html[data-ready=true]", timeout=60_000)
        tab.wait_for_selector("#vm-rows tr:not(.spacer)")
        usable = time.perf_counter() - start
        start = time.perf_counter()
        tab.click("th.col-name button")
        chromium.until(tab, "document.querySelector('th.col-name').getAttribute('aria-sort') === 'ascending'", 60)
        sort = time.perf_counter() - start
        start = time.perf_counter()
        tab.fill("#vm-filter", "sql")
        chromium.until(tab, "document.getElementById('vm-count').textContent.includes(' of ')", 60)
        filtered = time.perf_counter() - start
        start = time.perf_counter()
        tab.fill("#vm-filter", "")
        chromium.until(tab, "!document.getElementById('vm-count').textContent.includes(' of ')", 60)
        tab.evaluate("() => { const s = document.querySelector('.vm-scroll'); s.scrollTop = s.scrollHeight; }")
        tab.wait_for_timeout(50)
        scrolled = time.perf_counter() - start
        context.close()
        return {"usable": usable, "sort": sort, "filter": filtered, "unfilter_and_scroll": scrolled}
    finally:
        launched.close()
        driver.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open-rows", type=int, default=100_000)
    parser.add_argument("--write-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the inventories and the page in this folder")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vmgraph-html-"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = False
    try:
        if args.open_rows:
            inventory, out = folder / f"vinfo-{args.open_rows}.csv", folder / f"plan-{args.open_rows}.html"
            write(inventory, args.open_rows, 12)
            seconds = page(inventory, out)
            print(f"{args.open_rows:,} VMs: page written in {seconds:.2f} s, {out.stat().st_size / 1e6:.1f} MB")
            for run in range(args.runs):
                found = open_in_chromium(out)
                print(f"  Chromium run {run + 1}: usable {found['usable']:.2f} s; sort by name {found['sort']:.2f} s; "
                      f"filter {found['filter']:.2f} s; clear the filter and scroll to the end {found['unfilter_and_scroll']:.2f} s")
                failed |= found["usable"] >= 5
        if args.write_rows:
            inventory = folder / f"vinfo-{args.write_rows}.csv"
            write(inventory, args.write_rows, 12)
            times: dict[str, list[float]] = {"csv": [], "html": []}
            for _ in range(args.runs):
                for output_format in times:
                    times[output_format].append(timed_write(inventory, output_format))
            csv_time, html_time = min(times["csv"]), min(times["html"])
            print(f"{args.write_rows:,} VMs: csv {' / '.join(f'{t:.2f}' for t in times['csv'])} s; html {' / '.join(f'{t:.2f}' for t in times['html'])} s; "
                  f"best html / best csv = {html_time / csv_time:.2f}x (target: at most 2x)")
            failed |= html_time > 2 * csv_time
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
