"""What each hardware version can hold, by the sources: the cited caps (vCPUs, cores per socket,
memory) and floors (firmware, Secure Boot, devices), and each level's bounds read from them.

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

The sources disagree twice. vSphere 6.7's table gives vmx-07 at most 255 GB of memory, vSphere
8.0's 256 GB (the facts file's D-5): a VM with more than 255 and at most 256 GB on vmx-07 gets a
warning that says so; more than 256 GB is refused, and the refusal names both figures. vSphere
8.0's "768 vCPUs for HWV 18 or later" predates vmx-22, for which a page on VCF 9.0 gives 960:
more than 768 and at most 960 vCPUs on vmx-22 is a warning, more than 960 refused.
"""

from __future__ import annotations

from typing import NamedTuple

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
    "VINF-VCF9": Source(
        "VINF-VCF9", "vInfrastructure, June 2025: VCF and VVF 9.0 bring virtual hardware version 22 (960 logical processors, 960 cores per socket; a third party's page, no VMware page read)",
        "https://vinfrastructure.it/it/?p=39307",
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
# vmx-22: vSphere 8.0's table, written before vmx-22, gives "768 per HWV 18 o versioni successive";
# a third-party page on VCF 9.0 gives vmx-22 960 logical processors.
DISPUTED = {
    ("memory", 7): (255, "VS67-FEAT", "vSphere 6.7's table gives vmx-07 at most 255 GB, vSphere 8.0's 256 GB (the sources disagree: the facts file's D-5)"),
    ("vcpus", 22): (960, "VINF-VCF9", "vSphere 8.0's table, written before vmx-22, gives 'HWV 18 or later' 768 vCPUs; a page on VCF 9.0 gives vmx-22 960 (the sources disagree)"),
}

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
class Bound(NamedTuple):
    low: int | None  # the version holds at least this (None: no source says)
    high: int | None  # and at most this (None: no source says)
    inferred: str | None  # vmgraph's reading, when the source lists no value for the version
    dispute: str | None = None  # the sources disagree (D-5)


def level_name(level: int) -> str:
    """A level as the sources name hardware: "vmx-04" (level 5), "generation 3" before any version."""
    return vmx_name(level) or short_name(level)


def cap_bounds(cap: Cap) -> dict[int, Bound]:
    """Every level's bounds for a cap: stated where the source lists the version, else read
    from its neighbours (see the module's docstring)."""
    newest = level_of_version(HARDWARE_VERSIONS[-1])
    spans = [(level_of_version(first), newest if last is None else level_of_version(last), value) for first, last, value in cap.rows]
    bounds = {}
    for level in LEVELS:
        stated = next((value for first, last, value in spans if first <= level <= last), None)
        if stated is not None:
            disputed = DISPUTED.get((cap.name, level))
            if disputed:  # the two figures bound it: at least the lower, at most the higher
                bounds[level] = Bound(min(stated, disputed[0]), max(stated, disputed[0]), None, disputed[2])
            else:
                bounds[level] = Bound(stated, stated, None)
            continue
        below = [(last, value) for first, last, value in spans if last < level]
        above = [(first, value) for first, last, value in spans if first > level]
        lower = max(below) if below else None
        upper = min(above) if above else None
        if lower and upper:
            why = (f"the source lists no {level_name(level)}: vmgraph reads it as allowing at least {level_name(lower[0])}'s {lower[1]} and at most "
                   f"{level_name(upper[0])}'s {upper[1]} {cap.unit} (a newer version never allows less)")
        elif lower:
            why = (f"the source lists nothing newer than {level_name(lower[0])}: vmgraph reads {level_name(level)} as allowing at least its {lower[1]} "
                   f"{cap.unit} (a newer version never allows less), and no more than that for certain")
        else:
            why = (f"the source starts at {level_name(upper[0])}: vmgraph reads older hardware such as {level_name(level)} as allowing at most "  # type: ignore[index]
                   f"its {upper[1]} {cap.unit}")  # type: ignore[index]
        bounds[level] = Bound(lower[1] if lower else None, upper[1] if upper else None, why)
    return bounds


def cap_needs(cap: Cap, amount: float) -> int | None:
    """The oldest level the source gives at least `amount` (the lower figure where sources disagree)."""
    for first, _, value in cap.rows:
        level = level_of_version(first)
        disputed = DISPUTED.get((cap.name, level))
        if (disputed[0] if disputed else value) >= amount:
            return level
    return None


def floor_states(floor: Floor) -> dict[int, tuple[bool | None, str | None]]:
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
        table = "the source's table starts at vmx-04" if not [c for c in listed if c < level] else f"the source's table has no {level_name(level)} column"
        if has_below:
            states[level] = (True, f"{table}: vmgraph reads it as having {floor.what}, as {level_name(has_below[-1])} has (a newer version never lacks what an older one has)")
        elif lacks_above:
            states[level] = (False, f"{table}: vmgraph reads it as lacking {floor.what}, as {level_name(lacks_above[0])} lacks it (an older version never has what a newer one lacks)")
        else:
            older = max((c for c in listed if c < level), default=None)
            newer = min((c for c in listed if c > level), default=None)
            between = f" ({level_name(older)} lacks it, {level_name(newer)} has it)" if older and newer else ""
            states[level] = (None, f"{table}{between}: vmgraph cannot tell whether {level_name(level)} has {floor.what}")
    return states


CAP_BY_NAME = {cap.name: cap for cap in CAPS}
LEVEL_SET = frozenset(LEVELS)
FLOOR_BY_NAME = {floor.name: floor for floor in FLOORS}
_TABLES: dict[str, dict] = {}  # each limit's per-level table, worked out on first use


def bound_at(name: str, level: int) -> Bound:
    table = _TABLES.get(name)
    if table is None:
        table = _TABLES[name] = cap_bounds(CAP_BY_NAME[name])
    return table[level]


def floor_state_at(name: str, level: int) -> tuple[bool | None, str | None]:
    table = _TABLES.get(name)
    if table is None:
        table = _TABLES[name] = floor_states(FLOOR_BY_NAME[name])
    return table[level]


def cap_table(name: str) -> tuple[tuple[int, int], ...]:
    """(first hardware version of a row, the most it surely allows), the rows of a cap as the
    source lists them; where sources disagree (D-5) the lower figure. For `vmgraph inspect`."""
    return tuple((first, DISPUTED.get((name, level_of_version(first)), (value,))[0]) for first, _, value in CAP_BY_NAME[name].rows)


def floor_version(name: str) -> int:
    """The first hardware version the source lists with a device or setting ("efi", "sata", ...)."""
    return FLOOR_BY_NAME[name].first
