"""Live-read benchmark: `vmgraph fleet https://vcenter` against govmomi's simulator with N VMs.

    python benchmarks/vcenter.py [--vms 2000] [--simulator PATH]

Builds tests/vcsim (Go, GOPATH mode over Debian's golang-github-vmware-govmomi-dev) unless given
a built one, starts it with N VMs over three hosts of mixed releases (TLS, self-signed), then runs
the installed command as a user would, output to /dev/null:

    GOVC_PASSWORD=... vmgraph fleet https://reader@127.0.0.1:PORT --insecure --to "ESXi 8.0 U3" --format csv

and reports the VMs, the wall seconds of the whole command (connecting, reading every VM and host
in PropertyCollector pages, planning) and its peak resident memory.
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

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-Pa55"


def build(out: Path) -> Path:
    gopath = Path(tempfile.mkdtemp(prefix="vmgraph-gopath-"))
    env = dict(os.environ, GO111MODULE="off", GOPATH=f"{gopath}:/usr/share/gocode")
    subprocess.run(["go", "build", "-o", str(out), "./tests/vcsim"], cwd=ROOT, env=env, check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, default=2000)
    parser.add_argument("--simulator", type=Path)
    args = parser.parse_args(argv)
    binary = args.simulator or build(Path(tempfile.mkdtemp(prefix="vmgraph-vcsim-")) / "vcsim")
    started = time.perf_counter()
    simulator = subprocess.Popen([str(binary), "-vms", str(args.vms), "-user", "reader", "-releases", "8.0.2/22380479,7.0.3/20036589,6.7.0/17700523"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dict(os.environ, VCSIM_PASSWORD=PASSWORD))
    try:
        url = simulator.stdout.readline().split()[1].replace("https://", "https://reader@", 1)
        made = time.perf_counter() - started
        command = [shutil.which("vmgraph", path=str(Path(sys.executable).parent)) or "vmgraph", "fleet", url, "--insecure", "--to", "ESXi 8.0 U3", "--format", "csv"]
        start = time.perf_counter()
        with open(os.devnull, "w") as sink:
            child = subprocess.Popen(command, stdout=sink, env=dict(os.environ, GOVC_PASSWORD=PASSWORD))
            _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        print(f"VMs {args.vms:,}  simulator ready in {made:.1f} s  vmgraph fleet (live) wall s {wall:.2f}  peak rss MB {usage.ru_maxrss / 1024:.1f}  "
              f"exit {os.waitstatus_to_exitcode(status)}")
    finally:
        simulator.stdin.close()
        simulator.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
