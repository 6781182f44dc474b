"""What a virtual hardware version can hold, and `check_limits()`: what a VM has that a
version cannot hold, with the source that says so and the fix in vmgraph's words.

The limits are those of section A5 of the facts file (``../shared/facts/modern-vmware.md``,
"Per-hardware-version limits that matter when choosing a target"), each cited by the key that
file gives its source (VS80-FEAT, VS67-FEAT, VS65-FEAT-JP: vSphere's "Hardware Features
Available with VM Compatibility Settings" page), that source's title and URL, and its own words.
Nothing else is checked: NIC models other than vmxnet3 and e1000e, controllers other than LSI
Logic SAS, PVSCSI, SATA and NVMe, have no floor in those sources, so none is claimed.

Hardware is counted in vmgraph's levels (hardware.py): generations 2 and 3, then vmx-03 (level
4), vmx-04 (level 5), vmx-06 to vmx-22 (levels 6 to 22); `level_of_version(19)` gives the level
of an inventory's hardware version.

Where a source gives no value for a version, vmgraph reads it as follows, and every problem that
rests on such a reading says so in `LimitProblem.inferred`:

- a newer version holds at least what an older one holds (true of every row the sources give);
- a version between two the source lists (vmx-06; vmx-12 in the memory row) holds at least the
  older one's value and at most the newer one's: a VM past the newer one's is refused, one
  between the two gets a warning (vmgraph cannot tell);
- a version above the newest the source lists (vmx-21 and vmx-22 for memory and cores per
  socket) holds at least the newest one's value: more is a warning;
- hardware older than the oldest the source lists (vmx-03 and the guide's generations 2 and 3,
  older than vmx-04) holds at most vmx-04's value and lacks what vmx-04 lacks: past it is
  refused, within it nothing is said;
- a device likewise: a version older than one that lacks it lacks it, one newer than one that
  has it has it, and one between a version that lacks it and one that has it (vmxnet3 on vmx-06)
  gets a warning.

The sources disagree once (the facts file's D-5): vSphere 6.7's table gives vmx-07 at most 255
GB of memory, vSphere 8.0's 256 GB. A VM with more than 255 and at most 256 GB on vmx-07 gets a
warning that says so; more than 256 GB is refused, and the refusal names both figures.

`check_limits()` is pure and cheap (a few comparisons; the per-version bounds are worked out
once, at import), for a fleet's millions of rows as much as for one `.vmx`.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from ..errors import InvalidArgumentType, InvalidArgumentValue
from .hardware import HARDWARE_VERSIONS, LEVELS, level_of_version, short_name, vmx_name


class Source(NamedTuple):
    """A source of the facts file: its key there, its title and its URL."""

    key: str
    title: str
    url: str

    def where(self) -> str:
        """"Title, URL", as route outputs cite any source that is not the guide."""
        return f"{self.title}, {self.url}"

    def as_json(self) -> dict:
        """The shape of a `reference` in route JSON (the guide's section and page are null)."""
        return {"section": None, "page": None, "url": self.url, "title": self.title}


_PAGE = '"Hardware Features Available with VM Compatibility Settings"'
SOURCES: dict[str, Source] = {
    "VS80-FEAT": Source(
        "VS80-FEAT", f"vSphere 8.0 VM Administration, {_PAGE} (IT/DE/ES/JP editions)",
        "https://docs.vmware.com/it/VMware-vSphere/8.0/vsphere-vm-administration/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html",
    ),
    "VS67-FEAT": Source(
        "VS67-FEAT", f"vSphere 6.7 VM Administration, {_PAGE} (FR)",
        "https://docs.vmware.com/fr/VMware-vSphere/6.7/com.vmware.vsphere.vm_admin.doc/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html",
    ),
    "VS65-FEAT-JP": Source(
        "VS65-FEAT-JP", f"vSphere 6.5 VM Administration, {_PAGE} (JP)",
        "https://docs.vmware.com/jp/VMware-vSphere/6.5/com.vmware.vsphere.vm_admin.doc/GUID-789C3913-1053-4850-A0F0-E29C3D32B6DA.html",
    ),
}


class Cap(NamedTuple):
    """The most of something each hardware version allows, as the source lists it."""

    name: str  # "vcpus", "cores_per_socket", "memory"
    unit: str  # how the values are counted: "vCPUs", "cores per socket", "GB"
    rows: tuple[tuple[int, int | None, int], ...]  # (first version, last version or None: "and later", most allowed)
    sources: tuple[str, ...]  # keys of SOURCES
    quote: str  # the source's words


class Floor(NamedTuple):
    """A device or setting the source lists only from some hardware version on."""

    name: str  # the argument's value that asks for it: "efi", "vmxnet3", "sata"
    limit: str  # the kind of limit: "firmware", "secure_boot", "nic", "controller", "three_d", "usb3"
    what: str  # "UEFI firmware", "vmxnet3": how a sentence names it
    first: int  # the first hardware version the source lists with it
    columns: tuple[int, ...] | None  # the versions the source's table has; None: every version from vmx-04 on
    refusal: bool  # True: a VM with it cannot run as it is on a version without it
    sources: tuple[str, ...]
    quote: str


# The facts file's A5 rows, as written there (hardware versions, not levels).
CAPS: tuple[Cap, ...] = (
    Cap("vcpus", "vCPUs", ((4, 4, 4), (7, 7, 8), (8, 8, 32), (9, 10, 64), (11, 14, 128), (15, 17, 256), (18, None, 768)), ("VS80-FEAT",),
        "768 per HWV 18 o versioni successive • 256 per HWV 15 - 17 • 128 per HWV 11 - 14 • 64 per HWV 9 - 10 • 32 per HWV 8 • 8 per HWV 7 • 4 per HWV 4"),
    Cap("cores_per_socket", "cores per socket", ((4, 4, 1), (7, 7, 8), (8, 8, 32), (9, 19, 64), (20, 20, 256)), ("VS80-FEAT",),
        "256 per HWV 20 • 64 per HWV 9 - 19 • 32 per HWV 8 • 8 per HWV 7 • 1 per HWV 4"),
    Cap("memory", "GB", ((4, 4, 64), (7, 7, 256), (8, 10, 1011), (11, 11, 4080), (13, 17, 6128), (18, 20, 24560)), ("VS80-FEAT",),
        "ES: 24560 para HWV 20 - 18 • 6128 para HWV 17 - 13 • 4080 para HWV 11 • 1011 para HWV 10 -8 • 256 para HWV 7 • 64 para HWV 4"),
)
# D-5: vSphere 6.7's table gives vmx-07 less memory than vSphere 8.0's.
DISPUTED = {("memory", 7): (255, "VS67-FEAT", "vSphere 6.7's table gives vmx-07 at most 255 GB, vSphere 8.0's 256 GB (the sources disagree: the facts file's D-5)")}

_VS67_COLUMNS = (4, 7, 8, 9, 10, 11, 13, 14, 15)  # "15 14 13 11 10 9 8 7 4"
_VS65_COLUMNS = (4, 7, 8, 9, 10, 11, 13)  # "13 11 10 9 8 7 4"
_FIRMWARE = "Firmware BIOS • HWV 4 o versioni successive / Firmware UEFI • HWV 8 … / Avvio sicuro • HWV 13"
_CONTROLLERS = "Adaptateurs LSI Logic SAS Y … Y N; contrôleurs SATA 4 4 4 4 4 N N N N; Contrôleurs NVMe 4 4 4 N N N N N N (over 15 14 13 11 10 9 8 7 4)"
_NICS = "VMXNet3 Y Y Y Y Y Y Y Y N; E1000e Y Y Y Y Y Y Y N N (over 15 14 13 11 10 9 8 7 4)"

FLOORS: tuple[Floor, ...] = (
    Floor("efi", "firmware", "UEFI firmware", 8, None, True, ("VS80-FEAT",), _FIRMWARE),
    Floor("secure_boot", "secure_boot", "Secure Boot", 13, None, True, ("VS80-FEAT",), _FIRMWARE),
    Floor("vmxnet3", "nic", "vmxnet3", 7, _VS67_COLUMNS, True, ("VS67-FEAT", "VS65-FEAT-JP"), _NICS),
    Floor("e1000e", "nic", "e1000e", 8, _VS67_COLUMNS, True, ("VS67-FEAT", "VS65-FEAT-JP"), _NICS),
    Floor("lsisas1068", "controller", "LSI Logic SAS (lsisas1068)", 7, _VS67_COLUMNS, True, ("VS67-FEAT",), _CONTROLLERS),
    Floor("pvscsi", "controller", "VMware Paravirtual SCSI (pvscsi)", 7, _VS67_COLUMNS, True, ("VS67-FEAT",), _CONTROLLERS),
    Floor("sata", "controller", "SATA", 10, _VS67_COLUMNS, True, ("VS67-FEAT",), _CONTROLLERS),
    Floor("nvme", "controller", "NVMe", 13, _VS67_COLUMNS, True, ("VS67-FEAT",), _CONTROLLERS),
    Floor("three_d", "three_d", "3-D acceleration", 8, _VS65_COLUMNS, False, ("VS65-FEAT-JP",), "SVGA 3D ハードウェア アクセラレーション Y Y Y Y Y N N (over 13 11 10 9 8 7 4)"),
    Floor("usb3", "usb3", "USB 3.0", 8, _VS67_COLUMNS, True, ("VS67-FEAT",), "USB 3.0 Y Y Y Y Y Y Y N N (over 15 14 13 11 10 9 8 7 4)"),
)
NIC_MODELS = tuple(f.name for f in FLOORS if f.limit == "nic")  # the NIC models with a floor; others are not checked
CONTROLLER_MODELS = tuple(f.name for f in FLOORS if f.limit == "controller")  # likewise for controllers
# What a VM can use instead, in vmgraph's words (no source sets a hardware floor for these).
_INSTEAD = {
    "vmxnet3": "e1000",
    "e1000e": "e1000",
    "lsisas1068": "LSI Logic Parallel (lsilogic) or BusLogic",
    "pvscsi": "LSI Logic Parallel (lsilogic) or BusLogic",
    "sata": "IDE or SCSI",
    "nvme": "SCSI",
}
_FIXES = {
    "efi": "switch its firmware to BIOS before the move (only if the guest can boot from BIOS)",
    "secure_boot": "turn Secure Boot off before the move (only if the guest may boot without it)",
    "three_d": "turn 3-D off (mks.enable3d) before the move",
    "usb3": "switch its USB controller to USB 2.0 before the move",
}


def cap_table(name: str) -> tuple[tuple[int, int], ...]:
    """(first hardware version of a row, the most it surely allows), the rows of a cap as the
    source lists them; where sources disagree (D-5) the lower figure. For `vmgraph inspect`."""
    return tuple((first, DISPUTED.get((name, level_of_version(first)), (value,))[0]) for first, _, value in _CAP[name].rows)


def floor_version(name: str) -> int:
    """The first hardware version the source lists with a device or setting ("efi", "sata", ...)."""
    return _FLOOR[name].first


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


class _Bound(NamedTuple):
    low: int | None  # the version holds at least this (None: no source says)
    high: int | None  # and at most this (None: no source says)
    inferred: str | None  # vmgraph's reading, when the source lists no value for the version
    dispute: str | None = None  # the sources disagree (D-5)


def _name(level: int) -> str:
    """A level as the sources name hardware: "vmx-04" (level 5), "generation 3" before any version."""
    return vmx_name(level) or short_name(level)


def _cap_bounds(cap: Cap) -> dict[int, _Bound]:
    """Every level's bounds for a cap: stated where the source lists the version, else read
    from its neighbours (see the module's docstring)."""
    newest = level_of_version(HARDWARE_VERSIONS[-1])
    spans = [(level_of_version(first), newest if last is None else level_of_version(last), value) for first, last, value in cap.rows]
    bounds = {}
    for level in LEVELS:
        stated = next((value for first, last, value in spans if first <= level <= last), None)
        if stated is not None:
            disputed = DISPUTED.get((cap.name, level))
            if disputed:
                bounds[level] = _Bound(disputed[0], stated, None, disputed[2])
            else:
                bounds[level] = _Bound(stated, stated, None)
            continue
        below = [(last, value) for first, last, value in spans if last < level]
        above = [(first, value) for first, last, value in spans if first > level]
        lower = max(below) if below else None
        upper = min(above) if above else None
        if lower and upper:
            why = (f"the source lists no {_name(level)}: vmgraph reads it as allowing at least {_name(lower[0])}'s {lower[1]} and at most "
                   f"{_name(upper[0])}'s {upper[1]} {cap.unit} (a newer version never allows less)")
        elif lower:
            why = (f"the source lists nothing newer than {_name(lower[0])}: vmgraph reads {_name(level)} as allowing at least its {lower[1]} "
                   f"{cap.unit} (a newer version never allows less), and no more than that for certain")
        else:
            why = (f"the source starts at {_name(upper[0])}: vmgraph reads older hardware such as {_name(level)} as allowing at most "  # type: ignore[index]
                   f"its {upper[1]} {cap.unit}")  # type: ignore[index]
        bounds[level] = _Bound(lower[1] if lower else None, upper[1] if upper else None, why)
    return bounds


def _needs(cap: Cap, amount: float) -> int | None:
    """The oldest level the source gives at least `amount` (the lower figure where sources disagree)."""
    for first, _, value in cap.rows:
        level = level_of_version(first)
        disputed = DISPUTED.get((cap.name, level))
        if (disputed[0] if disputed else value) >= amount:
            return level
    return None


def _floor_states(floor: Floor) -> dict[int, tuple[bool | None, str | None]]:
    """Every level: (has it, vmgraph's reading or None when the source lists the version);
    has it is None when vmgraph cannot tell."""
    first = level_of_version(floor.first)
    listed = set(LEVELS[LEVELS.index(5):]) if floor.columns is None else {level_of_version(c) for c in floor.columns}
    states: dict[int, tuple[bool | None, str | None]] = {}
    for level in LEVELS:
        if level in listed:
            states[level] = (level >= first, None)
            continue
        has_below = sorted(c for c in listed if c < level and c >= first)
        lacks_above = sorted(c for c in listed if c > level and c < first)
        table = "the source's table starts at vmx-04" if not [c for c in listed if c < level] else f"the source's table has no {_name(level)} column"
        if has_below:
            states[level] = (True, f"{table}: vmgraph reads it as having {floor.what}, as {_name(has_below[-1])} has (a newer version never lacks what an older one has)")
        elif lacks_above:
            states[level] = (False, f"{table}: vmgraph reads it as lacking {floor.what}, as {_name(lacks_above[0])} lacks it (an older version never has what a newer one lacks)")
        else:
            older = max((c for c in listed if c < level), default=None)
            newer = min((c for c in listed if c > level), default=None)
            between = f" ({_name(older)} lacks it, {_name(newer)} has it)" if older and newer else ""
            states[level] = (None, f"{table}{between}: vmgraph cannot tell whether {_name(level)} has {floor.what}")
    return states


_CAP = {cap.name: cap for cap in CAPS}
_LEVELS = frozenset(LEVELS)
_FLOOR = {floor.name: floor for floor in FLOORS}
_TABLES: dict[str, dict] = {}  # each limit's per-level table, worked out on first use


def _bound(name: str, level: int) -> _Bound:
    table = _TABLES.get(name)
    if table is None:
        table = _TABLES[name] = _cap_bounds(_CAP[name])
    return table[level]


def _floor_state(name: str, level: int) -> tuple[bool | None, str | None]:
    table = _TABLES.get(name)
    if table is None:
        table = _TABLES[name] = _floor_states(_FLOOR[name])
    return table[level]


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
    if type(level) is not int or level not in _LEVELS:
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
            if key in _FLOOR and _FLOOR[key].limit == ("nic" if argument == "nic_models" else "controller"):
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
    bound = _bound(name, level)
    if bound.low is not None and amount <= bound.low:
        return
    if bound.low is None and bound.high is not None and amount <= bound.high:
        return  # older than the source's table, and within vmx-04's: nothing to say
    cap = _CAP[name]
    refused = bound.high is not None and amount > bound.high
    needs = _needs(cap, amount)
    has = {"vcpus": f"{shown_amount} vCPUs", "cores_per_socket": f"{shown_amount} cores per socket", "memory": f"{_mb(shown_amount)} of memory"}[name]
    unit = cap.unit
    if bound.dispute:
        allows = f"{_name(level)} allows at most {bound.high} {unit} by vSphere 8.0's table, {bound.low} {unit} by vSphere 6.7's"
        allows += "" if refused else ": the sources disagree whether it holds this"
    elif bound.inferred is None:
        allows = f"{_name(level)} allows at most {bound.high} {unit}"
    elif refused:
        allows = f"{_name(level)} allows at most {bound.high} {unit} (vmgraph's reading)"
    elif bound.high is not None:
        allows = f"{_name(level)} allows at least {bound.low} and at most {bound.high} {unit} (vmgraph's reading): it may not hold this"
    else:
        allows = f"{_name(level)} allows at least {bound.low} {unit} (vmgraph's reading): it may not hold this"
    most = bound.high if refused else bound.low
    if name == "vcpus":
        fix = f"reduce the VM to {most} vCPUs before the move"
    elif name == "cores_per_socket":
        fix = f"set {most} or fewer cores per socket before the move"
        if vcpus:  # as many sockets as it takes, for the vCPUs this hardware allows
            vcpu_bound = _bound("vcpus", level)
            count = min(vcpus, vcpu_bound.high or vcpus)
            per = max(d for d in range(1, most + 1) if count % d == 0)  # type: ignore[operator]
            sockets = count // per
            fix = f"set {per} cores per socket ({sockets} socket{'s' if sockets != 1 else ''} for {count} vCPUs) before the move"
    else:
        fix = f"reduce its memory to {_mb(most * 1024)} or less before the move"  # type: ignore[operator]
    fix += f", or keep the VM on {_name(needs)} or later hardware" if needs is not None and needs > level else ""
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
    has_it, inferred = _floor_state(name, level)
    if has_it:
        return
    floor = _FLOOR[name]
    first = level_of_version(floor.first)
    if floor.limit in ("nic", "controller"):
        noun = "NIC" if floor.limit == "nic" else "controller"
        has = f"{_ARTICLE.get(name, 'a')} {floor.what} {noun}" if count == 1 else f"{count} {floor.what} {noun}s"
    else:
        has = floor.what
    if has_it is None:
        allows = f"{_name(level)} may lack {floor.what} (vmgraph cannot tell); {_name(first)} and later have it"
    else:
        allows = f"{_name(level)} lacks {floor.what}; {_name(first)} and later have it"
    keep = f"keep the VM on {_name(first)} or later hardware"
    if name in ("efi", "secure_boot"):
        fix = f"{keep}, or {_FIXES[name]}"  # changing the firmware is the bigger change
    elif name in _INSTEAD:
        fix = f"{_instead(name, level, 'it' if count == 1 else 'them')}, or {keep}"
    else:
        fix = f"{_FIXES[name]}, or {keep}"
    refused = floor.refusal and has_it is False
    problems.append(LimitProblem(floor.limit, has, allows, level, refused, fix, tuple(SOURCES[k] for k in floor.sources), floor.quote, inferred, first))


_ARTICLE = {"e1000e": "an", "lsisas1068": "an", "nvme": "an"}


def _instead(name: str, level: int, it: str) -> str:
    """Switch a device to a model the hardware has, in vmgraph's words."""
    instead = _INSTEAD[name]
    if name == "e1000e" and _floor_state("vmxnet3", level)[0]:
        instead = "vmxnet3 or e1000"
    if name == "nvme" and _floor_state("sata", level)[0]:
        instead = "SCSI or SATA"
    if name in ("sata", "nvme"):
        article = "an" if instead.startswith("IDE") else "a"
        return f"move the devices on {it} to {article} {instead} controller before the move (the guest needs its driver)"
    return f"switch {it} to {instead} before the move (the guest needs its driver)"
