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

`--hardware` reads one way only: ``gen4`` / ``generation 4`` is a generation,
``vmx-19`` / ``vmx-04`` / ``VMX_19`` a hardware version; a bare number 2-5 is a
generation (as it always was in vmgraph), 6-22 a hardware version.
"""

from __future__ import annotations

import re

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
_VERSION = re.compile(r"^(?:vmx[-_ ]?)([0-9]+)$", re.IGNORECASE)
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


def hardware_label(level: int, today: bool = False) -> str:
    """A state's hardware in outputs: "hw 4" for a generation, "vmx-19" for a hardware
    version, and both ("hw 5 = vmx-04") for a generation on one of today's products."""
    if level > GENERATION_LEVELS[-1]:
        return f"vmx-{level:02d}"
    vmx = vmx_name(level)
    return f"hw {level} = {vmx}" if today and vmx else f"hw {level}"


def column_title(level: int) -> str:
    """A column of levels in a picture: "Generation 4", or "Hardware vmx-19"."""
    return f"Generation {level}" if level in GENERATION_LEVELS else f"Hardware {short_name(level)}"


def option_value(level: int) -> str:
    """How to write a level for --hardware so it reads back the same (a bare 2-5 is a generation)."""
    return str(level) if level in GENERATION_LEVELS else f"vmx-{level}"


def listed(levels, today: bool = False) -> str:
    """Levels for a message: "3, 4" when all are generations, else their names; a product of
    `today`'s names each by its version ("vmx-04, vmx-07"), as people know its hardware."""
    levels = sorted(levels)
    if today:
        return ", ".join(vmx_name(level) or short_name(level) for level in levels)
    if all(level in GENERATION_LEVELS for level in levels):
        return ", ".join(map(str, levels))
    return ", ".join(short_name(level) for level in levels)


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
    raise HardwareNameError("expected a generation (2-5, gen4) or a hardware version (vmx-3, vmx-04, vmx-19, 19)")


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
