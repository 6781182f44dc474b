"""Fleet benchmark: `vmgraph fleet` end to end over RVTools-like inventories of N VMs.

    python benchmarks/fleet.py [--sizes 100000,1000000] [--formats csv,text,json] [--keep DIR]

For each size it writes an RVTools vInfo CSV (benchmarks/inventory_gen.py: deterministic, the
hardware versions a real fleet has, vmx-04 to vmx-21), then runs the installed command as a user
would, output to /dev/null:

    vmgraph fleet FILE --from "ESXi 8.0 U3" --to "ESXi 7.0 U3" --format F

and reports rows, wall seconds, rows per second, the distinct questions planned and the
command's peak resident memory (ru_maxrss of the child: the whole process, interpreter and
networkx included). Targets (issue 12): a million rows within 10 s and 500 MB; memory flat in N
(the inventory is streamed, the per-VM lines spooled to a temporary file).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inventory_gen import write  # noqa: E402  (the generator beside this file)

SOURCE, TARGET = "ESXi 8.0 U3", "ESXi 7.0 U3"


def _command() -> list[str]:
    found = shutil.which("vmgraph", path=str(Path(sys.executable).parent)) or shutil.which("vmgraph")
    return [found] if found else [sys.executable, "-m", "vmgraph"]


def run(path: Path, output_format: str) -> dict[str, float]:
    """One `vmgraph fleet` run in a child process: its wall time and peak memory."""
    command = _command() + ["fleet", str(path), "--from", SOURCE, "--to", TARGET, "--format", output_format]
    start = time.perf_counter()
    with open(os.devnull, "w") as sink, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, stdout=sink, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory, not the largest so far
        child.returncode = code = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if code not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"vmgraph fleet failed ({code}): {errors.read().decode(errors='replace').strip()}")
    return {"wall s": wall, "peak rss MB": usage.ru_maxrss / 1024, "exit": code}


def questions(path: Path) -> int:
    """How many distinct questions the fleet asks (from its JSON plan, in this process)."""
    from vmgraph.fleet import plan_fleet
    from vmgraph.inventory import read_inventory
    from vmgraph.pack.names import canonical
    from vmgraph.pack.sources import shipped_pack

    pack = shipped_pack()
    with plan_fleet(read_inventory(path), canonical(pack, TARGET), canonical(pack, SOURCE), pack=pack) as plan:
        return len(plan.outcomes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--formats", default="csv,text,json")
    parser.add_argument("--keep", type=Path, help="write the inventories here and keep them (default: a temporary folder)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vmgraph-fleet-"))
    folder.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE.parent))
    results = []
    try:
        for size in sizes:
            path = folder / f"vinfo-{size}.csv"
            if not path.exists():
                write(path, size, seed=12)
            asked = questions(path) if size <= 100_000 else None
            for output_format in args.formats.split(","):
                found = run(path, output_format)
                line = {"rows": size, "format": output_format, **found, "rows/s": size / found["wall s"]}
                if asked is not None:
                    line["questions"] = asked
                results.append(line)
                print("  ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in line.items()), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
