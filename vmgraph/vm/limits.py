"""What a virtual hardware version can hold, and `check_limits()`: what a VM has that a
version cannot hold, with the source that says so and the fix in vmgraph's words.

The limits are those of section A5 of the facts file (``../shared/facts/modern-vmware.md``,
"Per-hardware-version limits that matter when choosing a target"), each cited by the key that
file gives its source (VS80-FEAT, VS67-FEAT, VS65-FEAT-JP: vSphere's "Hardware Features
Available with VM Compatibility Settings" page), that source's title and URL, and its own words.
Nothing else is checked: NIC models other than vmxnet3 and e1000e, controllers other than LSI
Logic SAS, PVSCSI, SATA and NVMe, have no floor in those sources, so none is claimed.

What each version holds, and how vmgraph reads versions the sources leave out, is in
limit_tables.py.

`check_limits()` is pure and cheap (a few comparisons; the per-version bounds are worked out
once, at import), for a fleet's millions of rows as much as for one `.vmx`.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from ..errors import InvalidArgumentType, InvalidArgumentValue
from .hardware import LEVELS, level_of_version
from .limit_tables import (  # noqa: F401 (CONTROLLER_MODELS, NIC_MODELS, SOURCES, cap_table, floor_version: the limits' API in one place)
    CAP_BY_NAME,
    CONTROLLER_MODELS,
    DISPUTED,
    FLOOR_BY_NAME,
    LEVEL_SET,
    NIC_MODELS,
    SOURCES,
    Source,
    bound_at,
    cap_needs,
    cap_table,
    floor_state_at,
    floor_version,
    level_name,
)

INSTEAD = {
    "vmxnet3": "e1000",
    "e1000e": "e1000",
    "lsisas1068": "LSI Logic Parallel (lsilogic) or BusLogic",
    "pvscsi": "LSI Logic Parallel (lsilogic) or BusLogic",
    "sata": "IDE or SCSI",
    "nvme": "SCSI",
}
FIXES = {
    "efi": "switch its firmware to BIOS before the move (only if the guest can boot from BIOS)",
    "secure_boot": "turn Secure Boot off before the move (only if the guest may boot without it)",
    "three_d": "turn 3-D off (mks.enable3d) before the move",
    "usb3": "switch its USB controller to USB 2.0 before the move",
}


class LimitProblem(NamedTuple):
    """One thing a VM has that a hardware version cannot hold (or may not: a warning)."""

    limit: str  # "vcpus", "cores_per_socket", "memory", "firmware", "secure_boot", "nic", "controller", "three_d", "usb3"
    has: str  # what the VM has: "16 vCPUs", "UEFI firmware", "a vmxnet3 NIC"
    allows: str  # what the version allows: "vmx-07 allows at most 8 vCPUs"
    hardware: int  # the level checked
    refusal: bool  # True: the VM cannot run as it is on this hardware; False: a warning
    fix: str  # what to do, in vmgraph's words
    sources: tuple[Source, ...]  # who says so (the first is the one that gives this version's value)
    quote: str  # the source's own words
    inferred: str | None = None  # vmgraph's reading, where the source does not state this version's value
    needs: int | None = None  # the oldest level that holds it by the sources; None: none does

    @property
    def problem(self) -> str:
        """One line: what the VM has, and what the version allows."""
        return f"{self.has}: {self.allows}"

    @property
    def source(self) -> Source:
        return self.sources[0]


def check_limits(
    level: int,
    vcpus: int | None = None,
    cores_per_socket: int | None = None,
    memory_mb: int | None = None,
    firmware: str | None = None,
    secure_boot: bool | None = None,
    nic_models: Iterable[str] = (),
    controllers: Iterable[str] = (),
    three_d: bool | None = None,
    usb3: bool | None = None,
) -> tuple[LimitProblem, ...]:
    """What a VM has that hardware `level` cannot hold: () when nothing.

    `level` is vmgraph's hardware level (a route state's `.hardware`; `level_of_version(19)` for
    an inventory's "vmx-19"). Every other argument is optional: None (or an empty list) is "not
    known" and is not checked, so an inventory row passes what it has::

        check_limits(level_of_version(row.hardware_version), vcpus=row.cpus,
                     memory_mb=row.memory_mb, firmware=row.firmware)

    `firmware` is "bios" or "efi" (any case; "uefi" too); `nic_models` are ``ethernetN.virtualDev``
    values (vmxnet3, e1000e, e1000, ...), one per NIC; `controllers` are ``scsiN.virtualDev``
    values (lsisas1068, pvscsi, lsilogic, buslogic) or a bus ("sata", "nvme", "ide"), one per
    controller. Only the models in NIC_MODELS and CONTROLLER_MODELS have a floor in the sources;
    others pass unchecked. The problems come in the order of the arguments; a refusal means the
    VM cannot run as it is on that hardware, any other problem is a warning.

    Raises InvalidArgumentValue (a ValueError) or InvalidArgumentType (a TypeError) for an
    argument that is not what it should be (level 23, vcpus=0, firmware="csm").
    """
    if type(level) is not int or level not in LEVEL_SET:
        raise (InvalidArgumentType if type(level) is not int else InvalidArgumentValue)(
            "level", level, f"expected a hardware level ({LEVELS[0]} to {LEVELS[-1]}; level_of_version() gives a version's)")
    problems: list[LimitProblem] = []
    if vcpus is not None:
        count = _count("vcpus", vcpus)
        _cap(problems, "vcpus", level, count, count)
    if cores_per_socket is not None:
        cores = _count("cores_per_socket", cores_per_socket)
        _cap(problems, "cores_per_socket", level, cores, cores, vcpus)
    if memory_mb is not None:
        memory = _count("memory_mb", memory_mb)
        _cap(problems, "memory", level, memory / 1024, memory)
    if firmware is not None:
        if not isinstance(firmware, str):
            raise InvalidArgumentType("firmware", firmware, 'expected "bios" or "efi"')
        value = firmware.strip().lower()
        if value not in ("bios", "efi", "uefi"):
            raise InvalidArgumentValue("firmware", firmware, 'expected "bios" or "efi"')
        if value != "bios":
            _floor(problems, "efi", level, 1)
    for name, on in (("secure_boot", secure_boot), ("three_d", three_d), ("usb3", usb3)):
        if on is not None and not isinstance(on, bool):
            raise InvalidArgumentType(name, on, "expected True, False or None")
    if secure_boot:
        _floor(problems, "secure_boot", level, 1)
    for argument, models in (("nic_models", nic_models), ("controllers", controllers)):
        if models == ():
            continue
        if isinstance(models, (str, bytes)) or not isinstance(models, Iterable):
            raise InvalidArgumentType(argument, models, "expected a list of model names, one per device")
        counted: dict[str, int] = {}
        for model in models:
            if not isinstance(model, str):
                raise InvalidArgumentType(argument, model, "expected a model name")
            key = model.strip().lower()
            counted[key] = counted.get(key, 0) + 1
        for key, count in counted.items():
            if key in FLOOR_BY_NAME and FLOOR_BY_NAME[key].limit == ("nic" if argument == "nic_models" else "controller"):
                _floor(problems, key, level, count)
    if three_d:
        _floor(problems, "three_d", level, 1)
    if usb3:
        _floor(problems, "usb3", level, 1)
    return tuple(problems)


def _count(argument: str, value: object) -> int:
    if type(value) is not int:
        raise InvalidArgumentType(argument, value, "expected a whole number")
    if value < 1:
        raise InvalidArgumentValue(argument, value, "expected 1 or more")
    return value


def _cap(problems: list[LimitProblem], name: str, level: int, amount: float, shown_amount: int, vcpus: int | None = None) -> None:
    """A problem when `amount` (in the cap's unit: GB for memory) is more than `level` surely holds."""
    bound = bound_at(name, level)
    if bound.low is not None and amount <= bound.low:
        return
    if bound.low is None and bound.high is not None and amount <= bound.high:
        return  # older than the source's table, and within vmx-04's: nothing to say
    cap = CAP_BY_NAME[name]
    refused = bound.high is not None and amount > bound.high
    needs = cap_needs(cap, amount)
    has = {"vcpus": f"{shown_amount} vCPUs", "cores_per_socket": f"{shown_amount} cores per socket", "memory": f"{_mb(shown_amount)} of memory"}[name]
    unit = cap.unit
    if bound.dispute:
        allows = f"{level_name(level)} allows at most {bound.high} {unit} by vSphere 8.0's table, {bound.low} {unit} by vSphere 6.7's"
        allows += "" if refused else ": the sources disagree whether it holds this"
    elif bound.inferred is None:
        allows = f"{level_name(level)} allows at most {bound.high} {unit}"
    elif refused:
        allows = f"{level_name(level)} allows at most {bound.high} {unit} (vmgraph's reading)"
    elif bound.high is not None:
        allows = f"{level_name(level)} allows at least {bound.low} and at most {bound.high} {unit} (vmgraph's reading): it may not hold this"
    else:
        allows = f"{level_name(level)} allows at least {bound.low} {unit} (vmgraph's reading): it may not hold this"
    most = bound.high if refused else bound.low
    if name == "vcpus":
        fix = f"reduce the VM to {most} vCPUs before the move"
    elif name == "cores_per_socket":
        fix = f"set {most} or fewer cores per socket before the move"
        if vcpus:  # as many sockets as it takes, for the vCPUs this hardware allows
            vcpu_bound = bound_at("vcpus", level)
            count = min(vcpus, vcpu_bound.high or vcpus)
            per = max(d for d in range(1, most + 1) if count % d == 0)  # type: ignore[operator]
            sockets = count // per
            fix = f"set {per} cores per socket ({sockets} socket{'s' if sockets != 1 else ''} for {count} vCPUs) before the move"
    else:
        fix = f"reduce its memory to {_mb(most * 1024)} or less before the move"  # type: ignore[operator]
    fix += f", or keep the VM on {level_name(needs)} or later hardware" if needs is not None and needs > level else ""
    if needs is None:
        fix += f" (no hardware version the sources list allows more than {cap.rows[-1][2]} {unit})"
    sources = tuple(SOURCES[key] for key in cap.sources)
    if bound.dispute:
        sources += (SOURCES[DISPUTED[(name, level)][1]],)
    inferred = bound.inferred
    if bound.dispute and not refused:  # past both figures, both sources refuse it
        inferred = f"{bound.dispute}: vmgraph warns, and does not refuse"
    problems.append(LimitProblem(name, has, allows, level, refused, fix, sources, cap.quote, inferred, needs))


def _mb(mb: int) -> str:
    """Memory as people say it: "300 GB" when a whole number of GB, else MB."""
    return f"{mb // 1024} GB" if mb % 1024 == 0 else f"{mb} MB"


def _floor(problems: list[LimitProblem], name: str, level: int, count: int) -> None:
    has_it, inferred = floor_state_at(name, level)
    if has_it:
        return
    floor = FLOOR_BY_NAME[name]
    first = level_of_version(floor.first)
    if floor.limit in ("nic", "controller"):
        noun = "NIC" if floor.limit == "nic" else "controller"
        has = f"{_ARTICLE.get(name, 'a')} {floor.what} {noun}" if count == 1 else f"{count} {floor.what} {noun}s"
    else:
        has = floor.what
    if has_it is None:
        allows = f"{level_name(level)} may lack {floor.what} (vmgraph cannot tell); {level_name(first)} and later have it"
    else:
        allows = f"{level_name(level)} lacks {floor.what}; {level_name(first)} and later have it"
    keep = f"keep the VM on {level_name(first)} or later hardware"
    if name in ("efi", "secure_boot"):
        fix = f"{keep}, or {FIXES[name]}"  # changing the firmware is the bigger change
    elif name in INSTEAD:
        fix = f"{_instead(name, level, 'it' if count == 1 else 'them')}, or {keep}"
    else:
        fix = f"{FIXES[name]}, or {keep}"
    refused = floor.refusal and has_it is False
    problems.append(LimitProblem(floor.limit, has, allows, level, refused, fix, tuple(SOURCES[k] for k in floor.sources), floor.quote, inferred, first))


_ARTICLE = {"e1000e": "an", "lsisas1068": "an", "nvme": "an"}


def _instead(name: str, level: int, it: str) -> str:
    """Switch a device to a model the hardware has, in vmgraph's words."""
    instead = INSTEAD[name]
    if name == "e1000e" and floor_state_at("vmxnet3", level)[0]:
        instead = "vmxnet3 or e1000"
    if name == "nvme" and floor_state_at("sata", level)[0]:
        instead = "SCSI or SATA"
    if name in ("sata", "nvme"):
        article = "an" if instead.startswith("IDE") else "a"
        return f"move the devices on {it} to {article} {instead} controller before the move (the guest needs its driver)"
    return f"switch {it} to {instead} before the move (the guest needs its driver)"
