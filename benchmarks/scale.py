"""Scale benchmark: how load, route, --via, environment and matrix grow with the pack.

Generates valid rule packs of N products (benchmarks/synthetic.py, sparse and
dense), times each question on them, and prints every time and each one's
growth exponent (the slope of log time over log N). Targets: load, route and
--via linear (exponent <= 1.2); matrix grows with its N x N cells (<= 2.2); at
1,000 products a warm route under 1 s, --via under 2 s, an environment of five
products under 2 s.

    python benchmarks/scale.py [--sizes 100,200,500,1000,2000,5000] [--matrix-sizes 100,200,400,800]

"route" is a question on a freshly loaded pack (the steps it needs are worked
out as it goes); "warm route" and "--via" the mean of four other questions in
the same process, each asked once (what they share with earlier questions is
reused, their own states are new). Times are CPU seconds of this process
(steadier than wall time on a busy machine).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["VMGRAPH_NO_CACHE"] = "1"  # time the loader's checks, not the cache

from synthetic import SHAPES, pack_text  # noqa: E402

from vmgraph.overview.environment import plan_environment  # noqa: E402
from vmgraph.overview.matrix import Matrix  # noqa: E402
from vmgraph.planning.planner import Planner  # noqa: E402
from vmgraph.planning.records import Constraints, Request  # noqa: E402
from vmgraph.render.tables import matrix_text  # noqa: E402
from vmgraph.pack.sources import load_rules  # noqa: E402

TARGETS = {"load": 1.2, "route": 1.2, "warm route": 1.2, "--via": 1.2, "environment": 1.2, "matrix": 2.2}


def timed(work, repeat: int = 1) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def measure(n: int, shape: str, folder: Path, with_matrix: bool) -> dict[str, float]:
    path = folder / f"{shape}-{n}.toml"
    path.write_text(pack_text(n, shape))
    found: dict[str, float] = {}
    pack = None

    def load():
        nonlocal pack
        pack = load_rules([path], include_default=False)

    found["load"] = timed(load)
    planner = Planner(pack)
    first = Request("P2-00001", "P5-00001")
    found["route"] = timed(lambda: _found(planner.answer(first)))
    # Warm: other questions in the same process, each asked once (its own states are new to it).
    found["warm route"] = mean(lambda i: _found(planner.answer(Request(f"P2-{i:05d}", f"P5-{i:05d}"))), range(2, 6))
    via = lambda i: Request(f"P2-{i:05d}", f"P5-{i:05d}", constraints=Constraints(via=(f"P3-{i:05d}", f"P4-{i:05d}")))  # noqa: E731
    found["--via"] = mean(lambda i: _found(planner.answer(via(i))), range(6, 10))
    site = ("P2-00004", "P3-00004", "P3-00005", "P4-00004", "P5-00004")
    found["environment"] = timed(lambda: plan_environment(site, pack, Planner(pack)))
    if with_matrix:
        matrix = Matrix(pack)
        found["matrix"] = timed(lambda: matrix_text(matrix.rows(), matrix.cells()))
    return found


def mean(work, items) -> float:
    """The mean CPU time of `work(item)` over distinct items, each done once."""
    times = [timed(lambda: work(item)) for item in items]
    return sum(times) / len(times)


def _found(route) -> None:
    if not route.found:
        raise SystemExit(f"benchmark question has no route: {route.reason}")


def exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) over log(N)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,200,500,1000,2000,5000")
    parser.add_argument("--matrix-sizes", default="100,200,400,800")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    matrix_sizes = {int(s) for s in options.matrix_sizes.split(",")}
    failed = False
    with tempfile.TemporaryDirectory() as temporary:
        for shape in options.shapes.split(","):
            results = {n: measure(n, shape, Path(temporary), n in matrix_sizes) for n in sorted(set(sizes) | matrix_sizes)}
            print(f"\n{shape} packs ({SHAPES[shape][0]} moves within a generation, {SHAPES[shape][1]} to the next, per product); CPU seconds:")
            names = list(TARGETS)
            print("  " + "N".rjust(6) + "".join(name.rjust(13) for name in names))
            for n, found in results.items():
                print("  " + str(n).rjust(6) + "".join((f"{found[name]:.3f}" if name in found else "-").rjust(13) for name in names))
            line = []
            for name, limit in TARGETS.items():
                points = [(n, found[name]) for n, found in results.items() if name in found]
                if len(points) >= 2:
                    slope = exponent(points)
                    ok = slope <= limit
                    failed |= not ok
                    line.append(f"{name} {slope:.2f}{'' if ok else ' (over ' + str(limit) + ')'}")
            print("  growth exponents: " + "; ".join(line))
            if 1000 in results:
                at = results[1000]
                checks = [("warm route", 1.0), ("--via", 2.0), ("environment", 2.0)]
                print("  at 1,000 products: " + "; ".join(f"{name} {at[name]:.3f} s (target < {limit:g} s)" for name, limit in checks))
                failed |= any(at[name] >= limit for name, limit in checks)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
