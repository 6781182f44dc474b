"""Inventory benchmark: write an RVTools-like vInfo CSV of N VMs, and time reading it back.

    python benchmarks/inventory_gen.py OUT.csv --rows 1000000 [--seed 12] [--delimiter ';']
    python benchmarks/inventory_gen.py OUT.csv --read [--trace]

Writing streams rows to disk (nothing is held but one batch) and is deterministic: the same
seed and N give the same bytes. The columns are those of examples/inventories/rvtools-vinfo.csv
(47 of vInfo's 93, the ones facts C1 names among them), with values of the kind RVTools writes.

``--read`` times `read_inventory` over the file: every record is made and dropped, as `vmgraph
fleet` will consume them. It reports rows, seconds (wall and CPU), rows per second and peak
memory: the process's peak resident set (``ru_maxrss``, which includes the interpreter, about
20 MB) and, with ``--trace``, the peak of Python allocations during the read (tracemalloc;
it slows the read down about tenfold, so the time is then not the one to quote). Target: a
million rows in about 3 s, memory flat in N.

Measured (2 vCPUs, Python 3.11, 1,000,000 rows = 597 MB): 4.9-5.6 s CPU, 180,000-200,000
rows/s, peak RSS 15.5 MB; peak traced 1.8 MB at 100,000 rows and at 1,000,000. On the same
machine csv.reader alone takes 7.3 s over the file: the reader splits quote-free lines itself.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# The header of examples/inventories/rvtools-vinfo.csv (tests check they agree): vInfo's columns
# in RVTools' order (KYLOW, facts C1).
HEADER = (
    "VM", "Powerstate", "Template", "SRM Placeholder", "Config status", "DNS Name", "Connection state",
    "Guest state", "Heartbeat", "Consolidation Needed", "PowerOn", "Suspended To Memory", "Suspend time",
    "Creation date", "CPUs", "Memory", "NICs", "Disks", "Total disk capacity MiB", "min Required EVC Mode Key",
    "Primary IP Address", "Num Monitors", "Video Ram KiB", "Resource pool", "Folder", "Provisioned MiB",
    "In Use MiB", "EFI Secure boot", "Firmware", "HW version", "HW upgrade status", "HW upgrade policy",
    "HW target", "Path", "Annotation", "Datacenter", "Cluster", "Host",
    "OS according to the configuration file", "OS according to the VMware Tools", "VM ID", "SMBIOS UUID",
    "VM UUID", "VI SDK Server type", "VI SDK API Version", "VI SDK Server", "VI SDK UUID",
)

# (hardware version, weight, guests that version's era ran): a fleet leans to recent hardware.
ERAS = (
    (4, 2, ("Microsoft Windows Server 2003 Standard (32-bit)", "Red Hat Enterprise Linux 4 (32-bit)")),
    (7, 5, ("Microsoft Windows Server 2008 R2 (64-bit)", "SUSE Linux Enterprise 11 (64-bit)", "CentOS 4/5/6 (32-bit)")),
    (8, 4, ("Microsoft Windows Server 2008 R2 (64-bit)", "Red Hat Enterprise Linux 6 (64-bit)")),
    (9, 3, ("Microsoft Windows Server 2012 (64-bit)", "Ubuntu Linux (64-bit)")),
    (10, 5, ("Microsoft Windows Server 2012 (64-bit)", "CentOS 7 (64-bit)", "Microsoft Windows 7 (32-bit)")),
    (11, 8, ("Microsoft Windows Server 2016 or later (64-bit)", "Red Hat Enterprise Linux 7 (64-bit)")),
    (13, 10, ("Microsoft Windows Server 2016 or later (64-bit)", "Ubuntu Linux (64-bit)", "Debian GNU/Linux 9 (64-bit)")),
    (14, 14, ("Microsoft Windows Server 2019 (64-bit)", "Red Hat Enterprise Linux 8 (64-bit)")),
    (15, 8, ("Microsoft Windows Server 2019 (64-bit)", "VMware Photon OS (64-bit)")),
    (17, 8, ("Microsoft Windows Server 2019 (64-bit)", "Rocky Linux (64-bit)")),
    (19, 20, ("Microsoft Windows Server 2022 (64-bit)", "Red Hat Enterprise Linux 9 (64-bit)", "Ubuntu Linux (64-bit)")),
    (20, 9, ("Microsoft Windows Server 2022 (64-bit)", "Microsoft Windows 11 (64-bit)")),
    (21, 4, ("Microsoft Windows Server 2025 (64-bit)", "Red Hat Enterprise Linux 9 (64-bit)")),
)
SITES = ("ams", "fra", "lon", "nyc")
ROLES = ("web", "app", "db", "sql", "dc", "file", "mq", "ci", "log", "mon")


def rows(count: int, seed: int):
    """`count` vInfo rows, made one at a time from `seed`."""
    rng = random.Random(seed)
    eras = [era for era in ERAS for _ in range(era[1])]
    for number in range(1, count + 1):
        hardware, _, guests = rng.choice(eras)
        guest = rng.choice(guests)
        site = rng.choice(SITES)
        cluster = f"{site}-cl{rng.randint(1, 6):02d}"
        host = f"esx{rng.randint(1, 32):03d}.{cluster}.corp.example"
        template = rng.random() < 0.02
        state = "poweredOff" if template else rng.choices(("poweredOn", "poweredOff", "suspended"), (90, 8, 2))[0]
        efi = hardware >= 13 and rng.random() < 0.6
        # vCPUs within what the VM's hardware holds (vmx-07: 8, vmx-04: 4; facts A5), as a real VM's are
        cpus = rng.choice((1, 2, 2, 4, 4, 8, 16) if hardware > 7 else (1, 2, 2, 4, 4, 8) if hardware > 4 else (1, 2))
        memory = rng.choice((1024, 2048, 4096, 8192, 16384, 32768)) if hardware > 4 else rng.choice((256, 512, 1024))
        disk = rng.choice((40960, 61440, 102400, 204800))
        name = f"{site}-{rng.choice(ROLES)}{number:07d}"
        vm_uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
        on = state == "poweredOn"
        yield (
            name, state, str(template), "False", "green", f"{name}.corp.example" if on else "", "connected",
            "running" if on else "notRunning", "green" if on else "gray", "False", "2024/03/0%d 08:15:00" % rng.randint(1, 9),
            "False", "", "2019/11/%02d 10:42:17" % rng.randint(1, 28), str(cpus), str(memory), "1", "1", str(disk), "",
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}" if on else "", "1", "8192",
            f"/{site}-dc/{cluster}/Resources", f"/{site}-dc/vm/{rng.choice(ROLES)}", str(disk + memory),
            str(disk // 2), "True" if efi and rng.random() < 0.5 else "False", "efi" if efi else "bios",
            f"vmx-{hardware:02d}", "none", "never", "", f"[{site}-ds{rng.randint(1, 9):02d}] {name}/{name}.vmx", "",
            f"{site}-dc", cluster, host, guest, guest if on else "", f"vm-{number + 1000}", str(vm_uuid),
            str(uuid.UUID(int=vm_uuid.int ^ 0xFFFF, version=4)), "VMware vCenter Server", "8.0.2",
            f"vcenter.{site}.corp.example", "6f2a1e4c-9d1b-4c57-8a6e-0c1f2d3e4b5a",
        )


def write(path: Path, count: int, seed: int, delimiter: str = ",") -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(HEADER)
        batch = []
        for row in rows(count, seed):
            batch.append(row)
            if len(batch) == 10_000:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)


def measure(path: Path, trace: bool = False) -> dict[str, float]:
    from vmgraph.inventory import read_inventory

    if trace:
        import tracemalloc

        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    count = 0
    for _ in read_inventory(path):
        count += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    found = {"rows": count, "wall s": wall, "cpu s": cpu, "rows/s": count / wall if wall else 0.0}
    found["peak rss MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if trace:
        found["peak traced MB"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--delimiter", default=",", choices=(",", ";"))
    parser.add_argument("--read", action="store_true", help="time reading PATH instead of writing it")
    parser.add_argument("--trace", action="store_true", help="with --read: also the peak of Python allocations (slower)")
    args = parser.parse_args(argv)
    if args.read:
        found = measure(args.path, args.trace)
        print("  ".join(f"{key} {value:,.2f}" if isinstance(value, float) else f"{key} {value:,}" for key, value in found.items()))
    else:
        start = time.perf_counter()
        write(args.path, args.rows, args.seed, args.delimiter)
        size = args.path.stat().st_size
        print(f"wrote {args.rows:,} rows, {size / 1e6:,.1f} MB, in {time.perf_counter() - start:.1f} s: {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
