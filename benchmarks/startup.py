"""Cold-start benchmark: `vmgraph route` and `vmgraph --help` against a bare `import networkx`.

Runs the commands interleaved (so load on the machine hits all alike),
reports median wall times and the ratios the project holds itself to:
route <= 0.5x (a guide-era route and one between today's products, both
packs loaded, from the pack cache) and --help <= 0.8x the bare import. Exit 1
when a ratio is over.

    python benchmarks/startup.py [--runs 40]

Measure an ordinary (non-editable) install: an editable one adds an import
finder and, where PYTHONDONTWRITEBYTECODE is set, recompiles vmgraph every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

LIMITS = {"route": 0.5, "route today": 0.5, "help": 0.8}
LABELS = {"route": "vmgraph route", "route today": "route (today)", "help": "vmgraph --help"}


def commands() -> dict[str, list[str]]:
    script = Path(sys.executable).with_name("vmgraph")
    vmgraph = [str(script)] if script.exists() else [sys.executable, "-m", "vmgraph"]
    return {
        "import networkx": [sys.executable, "-c", "import networkx"],
        "route": vmgraph + ["route", "GSX Server 1", "Workstation 5"],
        # Today's products: a conversion down from Workstation 17 to ESXi 7.0 U3.
        "route today": vmgraph + ["route", "Workstation 17", "ESXi 7.0 U3"],
        "help": vmgraph + ["--help"],
    }


def time_once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    cmds = commands()
    for argv in cmds.values():  # warm the OS file cache and vmgraph's rule-pack cache
        time_once(argv)
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(args.runs):
        for name, argv in cmds.items():
            samples[name].append(time_once(argv))
    base = statistics.median(samples["import networkx"])
    print(f"python {sys.version.split()[0]}, {args.runs} interleaved runs, medians:")
    if os.environ.get("VMGRAPH_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no", "off"):
        print("  (VMGRAPH_NO_CACHE is set: every route builds the pack from its TOML files)")
    print(f"  import networkx  {base * 1000:7.1f} ms")
    failed = False
    for name, limit in LIMITS.items():
        median = statistics.median(samples[name])
        ratio = median / base
        verdict = "ok" if ratio <= limit else "OVER"
        failed |= ratio > limit
        label = LABELS[name]
        print(f"  {label:<15}  {median * 1000:7.1f} ms  = {ratio:.2f}x  (limit {limit}x: {verdict})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
