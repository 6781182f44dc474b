"""Plan every VM of an inventory: each distinct question once, the VMs streamed past.

A VM's question (questions.py) is looked up in a memo; a new one is planned and its outcome
kept. Each VM's own line of output is written as it goes by, to a temporary spool file in the
output's format (the part of it that depends on the question is made once per question), so a
million-row inventory takes the memory of its few hundred distinct questions, not of its rows.
The work plan, known only at the end, is written first; the spool is copied after it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from typing import IO, Callable, Protocol

from ..errors import InventoryError, VmgraphError
from ..inventory import Inventory, InventoryVM
from ..pack.model import RulePack
from ..pack.names import resolve
from ..pack.sources import shipped_pack
from ..planning.planner import plan
from ..planning.records import Constraints
from ..planning.questions import one_product
from .placement import FROM, HOST, Placement
from .outcomes import Group, Outcome, already_there, from_route, unaskable, with_limits, with_newer_target
from .questions import QuestionKey, Unaskable, question_key, route_vm

_SPOOL_BUFFER = 1 << 20


class VmLines(Protocol):
    """How an output writes one VM's line: `part` once per question (the product and hardware
    are the question's too), `line` once per VM (its name and row, then the part)."""

    def part(self, question: int, key: QuestionKey, outcome: Outcome) -> str: ...

    def line(self, vm: InventoryVM, part: str) -> str: ...


class FleetPlan:
    """The answer for a fleet.

    `outcomes[i]` answers question i + 1 (numbered in the order the inventory first asks them: a
    question is the route's and the hardware limits' together); `counts[i]` is how many VMs asked it; `groups` gathers questions with the same plan, most VMs
    first. `unsaid` counts VMs whose row leaves a fact out. With a VmLines, `copy_lines(out)`
    writes each VM's line. Close it (or use it in a `with`) to delete the spool.
    """

    def __init__(self, inventory: Inventory, target: str, source: str | None, outcomes: list[Outcome], counts: list[int], unsaid: Counter,
                 spool: IO[str] | None, placement: Placement | None = None):
        self.inventory, self.target, self.source = inventory, target, source
        self.placement = placement  # where the VMs whose row names no product are, and who says so
        self.outcomes, self.counts, self.unsaid = outcomes, counts, unsaid
        self.total = sum(counts)
        self.skipped = inventory.skipped
        self.groups = _groups(outcomes, counts)
        self._spool = spool

    def count(self, status: str) -> int:
        """VMs whose outcome has `status` ("route", "ready" or "blocked")."""
        return sum(group.vms for group in self.groups if group.status == status)

    def copy_lines(self, out: IO[str]) -> None:
        if self._spool is None:
            raise ValueError("this plan was made without VmLines: it kept no per-VM lines")
        self._spool.flush()
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, out, 1 << 20)

    def spooled(self) -> IO[str]:
        """The spool of per-VM lines, from its start: iterate it for the lines (once per call)."""
        if self._spool is None:
            raise ValueError("this plan was made without VmLines: it kept no per-VM lines")
        self._spool.flush()
        self._spool.seek(0)
        return self._spool

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()

    def __enter__(self) -> FleetPlan:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def plan_fleet(
    inventory: Inventory,
    target: str,
    source: str | None = None,
    constraints: Constraints = Constraints(),
    pack: RulePack | None = None,
    extra: tuple[str, ...] = (),
    progress: Callable[[int], None] | None = None,
    lines: VmLines | None = None,
) -> FleetPlan:
    """Plan each VM of `inventory` to `target`: `source` is the product of the rows that name none.

    `extra` carries the options (such as --rules) that the printed commands need; `progress` is
    called now and then with the number of VMs read so far; `lines` writes each VM's line."""
    pack = pack if pack is not None else shipped_pack()
    targets = frozenset(resolve(pack, target))
    placement = Placement(pack, inventory, targets)
    place = placement.place
    routes: dict[tuple, Outcome] = {}  # question -> its route's outcome, before the VM's limits
    answers: dict[tuple, int] = {}  # (question, its plan once its limits are checked) -> index into outcomes
    seen: dict[tuple, tuple[int, str]] = {}  # (question, vCPUs, memory, firmware, Secure Boot, cores, NICs, controllers) -> (outcome, line part)
    outcomes: list[Outcome] = []
    counts: list[int] = []
    spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="", buffering=_SPOOL_BUFFER) if lines else None
    batch: list[str] = []
    line = lines.line if lines else None
    done = no_hardware = no_cpus = no_bits = no_snapshots = no_power = 0  # VMs, and those whose row leaves a fact out
    try:
        for vm in inventory:
            if source is None and vm.product is None:
                key = question_key(vm, *place(vm))
            else:
                key = question_key(vm, source)
            cpus = vm.cpus
            facts = (key, cpus, vm.memory_mb, vm.firmware, vm.secure_boot, vm.cores_per_socket, vm.nic_models, vm.controllers)
            found = seen.get(facts)
            if found is None:
                try:
                    asked = QuestionKey._make(key)._replace(product=_product_name(pack, key[0]))
                except InventoryError as error:
                    error = InventoryError(vm.source, error.reason, vm.row, "product")
                    if not inventory.keep_going:
                        raise error from None
                    inventory.skipped.add(error)
                    continue
                route = routes.get(key)
                if route is None:
                    route = routes[key] = _answer(asked, target, targets, constraints, pack, extra, inventory.vsphere)
                outcome = with_limits(route, vm.cpus, vm.memory_mb, vm.firmware, vm.secure_boot, vm.cores_per_socket, vm.nic_models, vm.controllers)
                signature = (key, outcome.plan)
                index = answers.get(signature)
                if index is None:
                    if outcome.limits and outcome.status == "blocked":
                        outcome = with_newer_target(outcome, pack, extra)
                    index = answers[signature] = len(outcomes)
                    outcomes.append(outcome)
                    counts.append(0)
                found = seen[facts] = (index, lines.part(index + 1, asked, outcome) if lines else "")
            index = found[0]
            counts[index] += 1
            if spool:
                batch.append(line(vm, found[1]))
                if len(batch) >= 4096:
                    spool.write("".join(batch))
                    batch.clear()
            if vm.hardware_version is None:
                no_hardware += 1
            if cpus is None and "smp" not in vm.flags:
                no_cpus += 1
            if vm.guest_64bit is None:
                no_bits += 1
            if vm.snapshots is None:
                no_snapshots += 1
            if vm.power_state is None:
                no_power += 1
            done += 1
            if progress is not None and not done & 0x3FF:
                progress(done)
        if spool:
            spool.write("".join(batch))
    except BaseException:
        if spool:
            spool.close()
        raise
    # What rows leave out is taken as the planner's default. A plain CSV's flags column states
    # "suspended" for every row (as `vmgraph route` flags do), though not whether a VM is on.
    unsaid = Counter({
        "its hardware version": no_hardware, "vCPUs": no_cpus, "whether the guest is 64-bit": no_bits, "snapshots": no_snapshots,
        "power state": 0 if inventory.format == "plain-csv" else no_power,
    })
    return FleetPlan(inventory, target, source, outcomes, counts, +unsaid, spool, placement)


def _product_name(pack: RulePack, name: str | None) -> str | None:
    """The canonical name of the product a row names ("ESX Server 3" is ESX 3.0). A name
    vmgraph does not know, or a group's (a VM is on one product), is the row's error, as a bad
    hardware version is: InventoryError, its reason said as `vmgraph route` says it."""
    if name is None:
        return None
    try:
        return one_product(pack, "product", name)
    except VmgraphError as error:
        raise InventoryError("", getattr(error, "problem", None) or str(error)) from None


def _answer(key: QuestionKey, target: str, targets: frozenset[str], constraints: Constraints, pack: RulePack, extra: tuple[str, ...],
            vsphere: bool = False) -> Outcome:
    if key.product is None:
        if vsphere and key.hardware_version is not None:
            return unaskable(f"the inventory names no product for the VM, and no vSphere host vmgraph knows runs vmx-{key.hardware_version:02d}: "
                             "say which product the VMs are on with --from PRODUCT")
        return unaskable("the inventory names no product for the VM: say which product the VMs are on with --from PRODUCT")
    try:
        vm = route_vm(key)
    except Unaskable as error:
        return unaskable(str(error))
    product = pack.products[key.product]
    level = product.generation if vm.hardware is None else vm.hardware
    if key.product in targets and product.runs_hardware(level):
        return already_there(key.product, level)
    try:
        return from_route(plan(key.product, target, vm=vm, constraints=constraints, pack=pack), pack, extra)
    except VmgraphError as error:
        # The row's product is unknown, or does not run the row's hardware: as `vmgraph route` says it.
        from ..planning.commands import route_command
        from ..planning.records import Request

        command = route_command(Request(key.product, target, vm, constraints), extra, versions=True)
        problem = getattr(error, "problem", None) or str(error)
        if key.said_by == FROM:  # the product is --from's, not the row's: it may be the one that is wrong
            problem += f"; the inventory names no product for these VMs, so --from {key.product} was taken: is it where they are?"
        elif key.said_by == HOST:
            problem += f"; the inventory puts these VMs on hosts whose release reads as {key.product}: is the host's release, or the VM's hardware version, right?"
        return unaskable(problem, command)


def _groups(outcomes: list[Outcome], counts: list[int]) -> tuple[Group, ...]:
    """Questions with the same plan, as groups: most VMs first, then by plan (the same bytes every time)."""
    by_plan: dict[str, list[int]] = {}
    for index, outcome in enumerate(outcomes):
        by_plan.setdefault(outcome.plan, []).append(index)
    ranked = sorted(by_plan.items(), key=lambda item: (-sum(counts[i] for i in item[1]), item[0]))
    return tuple(
        Group(
            number, outcomes[indices[0]].status, plan, sum(counts[i] for i in indices),
            tuple(sorted(((i + 1, counts[i]) for i in indices), key=lambda pair: (-pair[1], pair[0]))),
        )
        for number, (plan, indices) in enumerate(ranked, 1)
    )


def hardware_name(version: int | None) -> str:
    """An inventory's hardware version as people write it (vmx-04, vmx-19); "" when unsaid."""
    return "" if version is None else f"vmx-{version:02d}"
