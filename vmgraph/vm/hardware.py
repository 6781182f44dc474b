"""Virtual hardware as vmgraph counts it: one ordered scale for both eras.

The 2005 guide numbers hardware by *generation* (2 to 5); VMware's products since
then by *hardware version* (``virtualHW.version``, written ``vmx-19`` by the API).
vmgraph puts both on one scale of *levels* so a route can cross from one era to
the other:

    level   2      3      4              5              6      7     ...  22
    name    gen2   gen3   gen4 = vmx-3   gen5 = vmx-4   vmx-6  vmx-7 ...  vmx-22

Levels 6 and up are hardware versions; there is no version 5 (govmomi: "vmx5 //
invalid"). That generation 4 is version 3 and generation 5 is version 4 is
vmgraph's inference from KB 1003746's rows (ESX 2.x and GSX Server 3.x under
version 3; Workstation 5.x and Player 1.x under "3 and 4"): no source states it,
so every output that joins the two names says so (`MAPPING_INFERENCE`).

`--hardware` reads a number as VMware's own tools mean it (`read_hardware`):
``gen4`` / ``generation 4`` is a generation; ``vmx-19``, ``vmx_19``, ``hw19``, ``HW 19``,
``v19``, ``version 19``, ``hardware version 19`` a hardware version, as the vSphere
client, the ``.vmx`` and RVTools write it. A bare number depends on the product the VM
is on: on one of today's products it is the hardware version (``4`` is vmx-04), on one
of the guide's the guide's generation (``4`` is generation 4, vmx-03). Where the two
readings meet (a bare 3 or 4; a bare 2 or 5, which are generations only, on one of
today's products) the reading taken comes back as a note, for the route to say.

In outputs a generation is never "hw N": it is "generation 4 (vmx-03)" (both names
where a version exists), a version "vmx-04".
"""

from __future__ import annotations

import re
from typing import NamedTuple

GENERATION_LEVELS = (2, 3, 4, 5)
# Hardware versions that exist (facts file A1: 3, 4, then 6 to 22; no 5).
HARDWARE_VERSIONS = (3, 4) + tuple(range(6, 23))
LEVELS = GENERATION_LEVELS + tuple(range(6, 23))
FIRST_VERSION_LEVEL = 4  # vmx-3

MAPPING_INFERENCE = (
    "Generation 4 is taken as hardware version 3 and generation 5 as version 4: vmgraph's inference from KB 1003746's "
    "rows (ESX 2.x and GSX Server 3.x under version 3; Workstation 5.x and Player 1.x under \"3 and 4\"); no source states it."
)

_GENERATION = re.compile(r"^(?:gen|generation)\s*-?\s*([0-9]+)$", re.IGNORECASE)
_VERSION = re.compile(
    r"^(?:vmx|hw|v|version|(?:virtual\s+)?hardware\s+version|virtualhw\.version\s*=?)\s*[-_ ]?\s*\"?([0-9]+)\"?$", re.IGNORECASE
)
_NUMBER = re.compile(r"^[0-9]+$")


class HardwareNameError(ValueError):
    """Text that names no hardware; the message says why in one line."""


def level_of_version(version: int) -> int:
    """The level of a hardware version (vmx-3 -> 4, vmx-4 -> 5, vmx-N -> N)."""
    if version not in HARDWARE_VERSIONS:
        raise HardwareNameError(_no_version(version))
    return {3: 4, 4: 5}.get(version, version)


def version_of_level(level: int) -> int | None:
    """The hardware version of a level, None for generations 2 and 3 (before any version)."""
    if level < FIRST_VERSION_LEVEL:
        return None
    return {4: 3, 5: 4}.get(level, level)


def generation_of_level(level: int) -> int | None:
    return level if level in GENERATION_LEVELS else None


def is_version_only(level: int) -> bool:
    """A level only hardware versions name (vmx-6 and later): today's products."""
    return level > GENERATION_LEVELS[-1]


def vmx_name(level: int) -> str | None:
    """"vmx-19", as the vSphere API writes it (two digits below 10: "vmx-04")."""
    version = version_of_level(level)
    return None if version is None else f"vmx-{version:02d}"


def short_name(level: int) -> str:
    """The one name a level goes by on its own: "generation 4" or "vmx-19"."""
    return f"generation {level}" if level in GENERATION_LEVELS else f"vmx-{level:02d}"


def both_names(level: int) -> str:
    """Both names where the eras meet: "generation 4 (vmx-03)"; else the one name."""
    vmx = vmx_name(level)
    if level in GENERATION_LEVELS and vmx:
        return f"generation {level} ({vmx})"
    return short_name(level)


def named(level: int, today: bool = False) -> str:
    """A level in a sentence: on one of today's products (`today`) by its version alone
    ("vmx-04"), as the product's tools show it; else "generation 4 (vmx-03)" or "vmx-19"."""
    if today:
        return vmx_name(level) or short_name(level)
    return both_names(level)


def compact_name(level: int) -> str:
    """A level where room is short (a box in a drawing): "gen 2", "gen 4 · vmx-03", "vmx-19"."""
    vmx = vmx_name(level)
    if level in GENERATION_LEVELS:
        return f"gen {level}" + (f" · {vmx}" if vmx else "")
    return vmx or short_name(level)


def hardware_label(level: int, today: bool = False) -> str:
    """A state's hardware in outputs: "generation 3", "generation 4 (vmx-03)" for a
    generation (both names where a version exists), "vmx-19" for a hardware version.
    (`today` is kept for callers: a generation reads the same on every product.)"""
    return both_names(level)


def column_title(level: int) -> str:
    """A column of levels in a picture: "Generation 4", or "Hardware vmx-19"."""
    return f"Generation {level}" if level in GENERATION_LEVELS else f"Hardware {short_name(level)}"


def option_value(level: int, today: bool = False) -> str:
    """How to write a level for --hardware so it reads back the same on the VM's product: on
    one of the guide's a bare 2-5 is a generation; on one of today's (`today`) a version is
    written as one (vmx-04) and a generation with no version as such (gen2)."""
    if level in GENERATION_LEVELS:
        if not today:
            return str(level)
        return vmx_name(level) or f"gen{level}"
    return f"vmx-{level}"


def listed(levels, today: bool = False) -> str:
    """Levels for a message: "generation 3, generation 4 (vmx-03)"; a product of
    `today`'s names each by its version ("vmx-04, vmx-07"), as people know its hardware."""
    levels = sorted(levels)
    if today:
        return ", ".join(vmx_name(level) or short_name(level) for level in levels)
    return ", ".join(both_names(level) for level in levels)


class HardwareReading(NamedTuple):
    """A --hardware value read: its level, and how it was read where two readings meet."""

    level: int
    note: str | None = None


def read_hardware(text: str | int, today: bool | None = None) -> HardwareReading:
    """A --hardware value as a level, read as the tools of the VM's product mean it.

    `today`: the VM is on one of today's products (a bare number is its hardware version),
    on one of the guide's (False: a bare number is the guide's generation), or not known
    (None: a bare 2-5 is a generation, 6-22 a version). An int is a level as it is (the
    library's own scale). HardwareNameError (one line) when the text names no hardware."""
    if isinstance(text, int) and not isinstance(text, bool):
        if text not in LEVELS:
            raise HardwareNameError(f"levels run 2-5 (the guide's generations) and 6-{LEVELS[-1]} (hardware versions), not {text}")
        return HardwareReading(text)
    value = text.strip() if isinstance(text, str) else ""
    if today is None or not _NUMBER.match(value):
        return HardwareReading(parse_hardware(text))
    number = int(value)
    if today:
        if number in HARDWARE_VERSIONS:
            level = level_of_version(number)
            note = None
            if number in (3, 4):
                note = (
                    f"Hardware {number} is read as hardware version {number} ({vmx_name(level)}), as the vSphere client, the .vmx "
                    f"and RVTools number it; write gen{number} for the 2005 guide's {both_names(number)}."
                )
            return HardwareReading(level, note)
        if number in GENERATION_LEVELS:
            why = "VMware skipped version 5" if number == 5 else "versions start at 3"
            return HardwareReading(
                number, f"Hardware {number} is no hardware version ({why}): it is read as the 2005 guide's {both_names(number)}."
            )
        raise HardwareNameError(f"hardware versions are 3, 4 and 6 to {HARDWARE_VERSIONS[-1]}, not {number}")
    if number in GENERATION_LEVELS:
        note = None
        if number in (3, 4):
            note = (
                f"Hardware {number} is read as the 2005 guide's {both_names(number)}, as vmgraph reads a number for the guide's "
                f"products; write vmx-{number:02d} for hardware version {number}."
            )
        return HardwareReading(number, note)
    return HardwareReading(parse_hardware(value))


def parse_hardware(text: str | int) -> int:
    """A --hardware value as a level; HardwareNameError (one line) when it names none."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise HardwareNameError(f"expected a generation (gen4) or a hardware version (vmx-19), not {type(text).__name__}")
    value = text.strip()
    generation = _GENERATION.match(value)
    if generation:
        number = int(generation.group(1))
        if number not in GENERATION_LEVELS:
            raise HardwareNameError(f"the guide's generations are 2 to 5, not {number}")
        return number
    version = _VERSION.match(value)
    if version:
        return level_of_version(int(version.group(1)))
    if _NUMBER.match(value):
        number = int(value)
        if number in GENERATION_LEVELS:
            return number
        if 6 <= number <= HARDWARE_VERSIONS[-1]:
            return number
        raise HardwareNameError(
            f"{number} is neither a generation (2-5) nor a hardware version vmgraph knows (6-22; write vmx-3 or vmx-4 for those)"
        )
    raise HardwareNameError(
        "expected a hardware version (vmx-04, hw13, version 13, 'ESXi 6.5 and later'; a bare 13 on today's products) "
        "or a generation of the 2005 guide (gen4; a bare 4 on its products)"
    )


def _no_version(version: int) -> str:
    if version == 5:
        return "there is no hardware version 5 (VMware skipped it: versions go 3, 4, 6, 7, ...)"
    return f"hardware versions run from 3 to {HARDWARE_VERSIONS[-1]} (3, 4, then 6 to {HARDWARE_VERSIONS[-1]}), not {version}"


def spans(levels) -> str:
    """Levels as short runs for a label: "vmx-04, vmx-07 to vmx-11"; generations by number."""
    levels = sorted(levels)
    if all(level in GENERATION_LEVELS for level in levels):
        return ", ".join(map(str, levels))
    runs: list[list[int]] = []
    for level in levels:
        if runs and level == runs[-1][-1] + 1:
            runs[-1].append(level)
        else:
            runs.append([level])
    words = [short_name(r[0]) if len(r) == 1 else f"{short_name(r[0])} to {short_name(r[-1])}" for r in runs]
    return ", ".join(words).replace("generation ", "gen")


def version_spans(levels) -> str:
    """Levels as hardware versions in short runs, for today's products: "vmx-03 to vmx-04, vmx-07"."""
    runs: list[list[int]] = []
    for level in sorted(levels):
        if runs and level == runs[-1][-1] + 1:
            runs[-1].append(level)
        else:
            runs.append([level])
    name = lambda level: vmx_name(level) or short_name(level)  # noqa: E731
    return ", ".join(name(r[0]) if len(r) == 1 else f"{name(r[0])} to {name(r[-1])}" for r in runs)
