"""A question as the command line that asks it: how vmgraph's suggestions are printed.

Every suggestion vmgraph makes is a command the user can run as it is, and it
gives the route the suggestion describes (the tests run each one).
"""

from __future__ import annotations

import shlex
from typing import Sequence

from ..vm.hardware import option_value, vmx_name
from .records import Request


def route_command(request: Request, extra: Sequence[str] = (), vmx: str | None = None, versions: bool = False) -> str:
    """`vmgraph route ...` for a request; `extra` carries options such as --rules. With
    `vmx`, the question reads the VM from that path (`route --vmx PATH TARGET --from
    SOURCE`) and `request.vm` holds only what the user's flags add to the files. With
    `versions` (the VM is on one of today's products), hardware is written as the version
    its tools and inventories name it by (`vmx-04`, not the guide's generation 5 it reads as),
    so that it reads back the same there."""
    vm, constraints = request.vm, request.constraints
    words = ["vmgraph", "route", request.source, request.target]
    if vmx is not None:
        words = ["vmgraph", "route", "--vmx", vmx, request.target, "--from", request.source]
    if vm.created_under is not None:
        words += ["--created-under", vm.created_under]
    if vm.hardware is not None:
        named = (versions and vmx_name(vm.hardware)) or option_value(vm.hardware, versions) if isinstance(vm.hardware, int) else str(vm.hardware)
        words += ["--hardware", named]
    if vm.arch is not None:
        words += ["--arch", vm.arch]
    for on, flag in ((vm.smp, "--smp"), (vm.sixty_four_bit, "--64bit"), (vm.three_d, "--3d"), (vm.snapshot, "--snapshot"), (vm.suspended, "--suspended")):
        if on:
            words.append(flag)
    if vm.disk_mode != "persistent":
        words += ["--disk-mode", vm.disk_mode]
    for on, flag in ((constraints.reversible, "--reversible"), (constraints.strict, "--strict"), (constraints.stated_only, "--stated-only")):
        if on:
            words.append(flag)
    if constraints.max_moves is not None:
        words += ["--max-moves", str(constraints.max_moves)]
    for tag in sorted(constraints.avoid):
        words += ["--avoid", tag]
    for product in constraints.via:
        words += ["--via", product]
    if constraints.have:
        words += ["--have", ",".join(constraints.have)]
    for tag, value in request.weights:
        short = f"{value:g}"
        words += ["--weight", f"{tag}={short if float(short) == value else repr(value)}"]  # every digit it has
    words.extend(extra)
    return " ".join(shlex.quote(word) for word in words)
