"""The values inventories hold, read one cell at a time: hardware versions, numbers, flags.

Each reader takes the text of one cell (never empty: the readers skip blank cells) and returns
the value, or raises `BadValue` with a one-line reason that quotes the cell; the inventory
readers add file, row and column. Standard library only.
"""

from __future__ import annotations

import re

from ..errors import VmgraphError, shown

# Hardware versions there are (facts A1): 3 (ESX 2.x, GSX Server 3.x) to 22 (ESXi 9.0); there is
# no version 5 (govmomi hardware_version.go: "vmx5 // invalid"; the Automation API enum skips
# from VMX_04 to VMX_06).
OLDEST_HARDWARE = 3
NEWEST_HARDWARE = 22
NO_SUCH_HARDWARE = frozenset({5})

# How hardware versions are written (facts A6): "vmx-19", "vmx-04" (vSphere API, OVF, Converter,
# PowerCLI HardwareVersion), "vmx-4" (govmomi's String(), William Lam), "19" (.vmx), "VMX_19"
# (Automation REST API), any case (govmomi's parser: (?i)^vmx-(\d+)$); "v8" is PowerCLI's old
# `Version` enum (facts C3). Surrounding spaces are ignored.
_HARDWARE = re.compile(r"\s*(?:vmx[-_]?|v)?0*(\d{1,4})\s*", re.IGNORECASE)
_WHOLE = re.compile(r"\s*\d{1,9}\s*")
MAX_WHOLE = 999_999_999  # a count or a size in MiB (a VM's memory is at most some 25 million MiB)
_NUMERIC = re.compile(r"\s*\d[\d,.'\u2019 \u00a0\u202f]*\s*")
# Numbers as a locale writes them (RVTools 3.x wrote "16,384"; Excel in Germany "16.384", in
# France "16 384" with a no-break space, in Switzerland "16'384"): groups of three digits after
# the first, one separator throughout, and a fraction of zeros after the other separator.
_GROUPED = re.compile(r"\s*(\d{1,3}(?:([,.'\u2019 \u00a0\u202f])\d{3})+)(?:[.,]0+)?\s*")
_ZERO_FRACTION = re.compile(r"\s*(\d{1,9})[.,]0+\s*")
_DECIMAL = re.compile(r"\s*(\d{1,12}(?:[,.'\u2019 \u00a0\u202f]\d{1,12})*)\s*")

POWER_STATES = ("poweredOn", "poweredOff", "suspended")
# The vSphere API's VirtualMachinePowerState values (facts C1, GOVMOMI-TYPES), as RVTools and
# govc write them; PowerCLI writes the same words capitalised (PoweredOn); "powered on" as
# people write it.
_POWER = {state.lower(): state for state in POWER_STATES}
_POWER.update({"powered on": "poweredOn", "powered off": "poweredOff"})

FIRMWARES = ("bios", "efi")  # VirtualMachineConfigInfo.firmware, the .vmx `firmware` key (facts B2)
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
# Excel writes a boolean cell in its language when it saves a workbook as CSV: the names of its
# TRUE and FALSE functions (German WAHR/FALSCH, French VRAI/FAUX, Italian VERO/FALSO, Spanish
# VERDADERO/FALSO, Portuguese VERDADEIRO/FALSO, Dutch WAAR/ONWAAR), as Microsoft's function
# translations list them.
_BOOLEANS.update({"wahr": True, "falsch": False, "vrai": True, "faux": False, "vero": True, "falso": False,
                  "verdadero": True, "verdadeiro": True, "waar": True, "onwaar": False})


class BadValue(VmgraphError, ValueError):
    """One cell that does not hold what its column should; the message quotes it and says why."""


def quoted(value: object) -> str:
    """A cell as a message shows it: in single quotes, escaped, cut short when long."""
    return f"'{shown(value if isinstance(value, str) else str(value), 60)}'"


def parse_hardware_version(text: str | int) -> int:
    """The hardware version `text` names: ``vmx-19``, ``vmx-04``, ``VMX-4``, ``VMX_19``, ``19``
    or PowerCLI's ``v8`` -> 19, 4, 4, 19, 19, 8. BadValue for anything else, for 1 and 2 (no
    product has them), 5 (there is no version 5) and anything newer than 22."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise BadValue(f"{quoted(text)} is not a hardware version (expected vmx-NN, NN or vNN)")
    match = _HARDWARE.fullmatch(str(text))
    if match is None:
        raise BadValue(f"{quoted(text)} is not a hardware version (expected vmx-NN, NN or vNN)")
    version = int(match.group(1))
    if version in NO_SUCH_HARDWARE:
        raise BadValue(f"{quoted(text)} is not a hardware version (there is no version {version})")
    if version < OLDEST_HARDWARE:
        raise BadValue(f"{quoted(text)} is not a hardware version (the oldest is 3: ESX 2.x, GSX Server 3.x)")
    if version > NEWEST_HARDWARE:
        raise BadValue(f"{quoted(text)} is not a hardware version vmgraph knows (the newest is {NEWEST_HARDWARE}: ESXi 9.0)")
    return version


def powercli_version(text: str) -> int | None:
    """PowerCLI's deprecated `Version` column: ``v4``, ``v7``, ``v8`` ... as a hardware version.
    ``Unknown`` and ``0`` are None: old PowerCLI reported hardware version 10 (and newer) that
    way (vCheck-vSphere issues 65, 215, 429, facts C3), so they do not say which version it is."""
    if text.strip().lower() in ("unknown", "0", "v0"):
        return None
    return parse_hardware_version(text)


def whole_number(text: str, unit: str = "") -> int:
    """A count or a size in whole units: ``4``, ``4096``; as locales write them, ``16,384``,
    ``16.384``, ``16 384``, ``16'384`` (groups of three digits), and with a fraction of zeros
    (``4096.0``, ``16.384,00``)."""
    if _WHOLE.fullmatch(text):
        return int(text)
    grouped = _GROUPED.fullmatch(text) if len(text) < 64 else None
    if grouped is not None:
        whole, separator = grouped.groups()
        tail = text.strip()[len(whole):]
        if not tail or tail[0] != separator:  # "16,384.00", not "16,384,00"
            return bounded(int(whole.replace(separator, "")), text, unit)
    zeros = _ZERO_FRACTION.fullmatch(text)
    if zeros is not None and len(text.strip()) - len(zeros.group(1)) - 1 != 3:  # "4096.0"; "16.000" is grouped, above
        return int(zeros.group(1))
    if _NUMERIC.fullmatch(text) and sum(char.isdigit() for char in text) > len(str(MAX_WHOLE)):
        raise too_large(text, unit)
    raise BadValue(f"{quoted(text)} is not a whole number{unit and ' of ' + unit}")


def too_large(text: str, unit: str = "") -> BadValue:
    return BadValue(f"{quoted(text)} is too large{unit and ' a number of ' + unit}: vmgraph reads up to {MAX_WHOLE:,}")


def bounded(value: int, text: str, unit: str = "") -> int:
    """A whole number read, if it is at most MAX_WHOLE."""
    if value > MAX_WHOLE:
        raise too_large(text, unit)
    return value


def cpus(text: str) -> int:
    count = whole_number(text)
    if count < 1:
        raise BadValue(f"{quoted(text)}: a VM has at least one vCPU")
    return count


def mebibytes(text: str) -> int:
    """Memory in MiB (RVTools `Memory`, PowerCLI `MemoryMB`, govc `memorySizeMB`)."""
    return whole_number(text, "MiB")


def decimal(text: str) -> float | None:
    """A decimal as a locale writes it: ``0.5``, ``0,5`` (a decimal comma), ``1,024.5`` and
    ``1.024,5`` (the last separator is the decimal one when both are there), ``1 024,5``. One
    separator alone is the decimal one (``1,5``; PowerShell writes no thousands separators);
    one written more than once groups thousands (``1.024.000``). None when it is no number."""
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return None
    digits = match.group(1)
    marks = [char for char in digits if not char.isdigit()]
    if not marks:
        return float(digits)
    last = marks[-1]
    grouping = marks.count(last) > 1 or last not in ",."
    whole, fraction = (digits, "") if grouping else digits.rsplit(last, 1)
    groups = re.split(r"[^\d]", whole)
    if len(groups) > 1 and (len({char for char in whole if not char.isdigit()}) > 1 or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None  # "1,2,3", "1.024,000,5": not groups of three
    return float("".join(groups) + "." + (fraction or "0"))


def gibibytes_as_mebibytes(text: str) -> int:
    """PowerCLI's `MemoryGB` (a decimal: ``4``, ``0.5``; ``0,5`` where the culture writes a
    decimal comma: decimal()) in MiB, rounded to the nearest MiB."""
    value = decimal(text)
    if value is None:
        raise BadValue(f"{quoted(text)} is not a number of GiB")
    return round(value * 1024)


def boolean(text: str) -> bool:
    """``True``/``False`` as RVTools writes them (and yes/no, 1/0), in any case."""
    value = _BOOLEANS.get(text.strip().lower())
    if value is None:
        raise BadValue(f"{quoted(text)} is not true or false")
    return value


def snapshot_count(text: str) -> bool:
    """Whether a VM has a snapshot, from a flag (True/False, yes/no) or a count (``0``, ``2``)."""
    value = _BOOLEANS.get(text.strip().lower())
    if value is not None:
        return value
    try:
        return whole_number(text) > 0
    except BadValue:
        raise BadValue(f"{quoted(text)} is neither true or false nor a number of snapshots") from None


def power_state(text: str) -> str:
    """poweredOn, poweredOff or suspended, whatever the case the inventory writes them in."""
    state = _POWER.get(" ".join(text.split()).lower())
    if state is None:
        raise BadValue(f"{quoted(text)} is not a power state (poweredOn, poweredOff or suspended)")
    return state


def firmware(text: str) -> str:
    value = text.strip().lower()
    if value not in FIRMWARES:
        raise BadValue(f"{quoted(text)} is not a firmware (bios or efi)")
    return value


def guest_id_64bit(text: str) -> bool:
    """Whether a guest id names a 64-bit guest. vmx keys end in ``-64`` (``windows9-64``,
    ``arm-other-64``; open-vm-tools' STR_OS_64BIT_SUFFIX, libvirt); API ids hold ``64Guest``
    (``windows9_64Guest``) or end in ``Guest64`` (``otherGuest64``), per open-vm-tools' GOKM
    table (facts B2). Its exceptions are VMware's own CRX system VMs (``CRXPod1-64`` is
    ``crxPod1Guest``): 64-bit."""
    key = text.strip().lower()
    return key.endswith("-64") or "64guest" in key or key.endswith("guest64") or key.startswith("crx")


def guest_name_64bit(text: str) -> bool | None:
    """Whether a guest's full name (``Microsoft Windows Server 2019 (64-bit)``, RVTools' "OS
    according to the configuration file", govc's guestFullName) says 64-bit: True for
    "(64-bit)", False for "(32-bit)", None when it says neither. VMware's naming habit, read
    from the names, not from a source that states it (UNCONFIRMED)."""
    lowered = text.lower()
    if "64-bit" in lowered:
        return True
    if "32-bit" in lowered:
        return False
    return None


def trimmed(value: str) -> str | None:
    """A name, a host, a product as given, without surrounding spaces; None when blank."""
    return value.strip() or None
