"""Release names as people type them, read as the pack's rows (issue 19, section 4).

The pack names one row per release that brought a hardware version ("ESXi 6.7 U2",
"Workstation 17.5") and the guide's products as the guide does ("ESX Server 2", its 2.x).
People type updates, patches, builds, point releases, editions and marketing names:

    ESXi 7.0U3c, ESXi 8.0 Update 3e, esxi80u2   a patch (or a spelling) of a listed row
    Workstation 17.0.2, VMware Server 2.0.2      a maintenance release of a listed row
    ESX Server 2.5.5, GSX 3.2                    a release the guide's row covers (2.x, 3.x)
    ESXi 6.7 U3, Workstation 17.6, Fusion 25H2   a release vmgraph does not list: the nearest
                                                 listed one of its line before it (an inference)
    Fusion 13 Pro, Workstation 17 Pro            an edition word, left out
    vSphere 8, VCF 9                             the ESXi release of that vSphere or VCF

A name is only ever read as a row of its own line (ESX and ESXi are one line, as the product
map has them), never as a product of another. Read only when the pack has no such name, so the
pack's own names and aliases always win. `line_of` tells the line a typed name is of, for
suggestions that come from the same line first.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..inventory.releases import parse_release, release_row
from .model import RulePack

# The words that open a name, and the families of the line they name. vSphere, VCF and VVF
# are suites whose hosts run ESXi; only VCF/VVF 9 share ESXi's number (ESX 9.0).
_LINES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (r"esx\s*/\s*esxi|esxi|esx\s*server|esx", ("ESX", "ESXi"), "esx"),
    (r"vsphere", ("ESX", "ESXi"), "vsphere"),
    (r"vcf|vvf|vmware\s+cloud\s+foundation|vsphere\s+foundation", ("ESX", "ESXi"), "vcf"),
    (r"workstation\s+player|player", ("Player",), "player"),
    (r"workstation|ws", ("Workstation",), "workstation"),
    (r"fusion", ("Fusion",), "fusion"),
    (r"gsx\s*server|gsx", ("GSX",), "gsx"),
    (r"server", ("VMware Server",), "server"),
    (r"ace", ("ACE",), "ace"),
)
_EDITION = re.compile(r"\b(?:pro|professional|standard|enterprise(?:\s+plus)?|free|edition)\b", re.IGNORECASE)
_NAME = re.compile(
    r"^(?P<line>{lines})\s*(?P<version>\d+(?:\.\d+){{0,3}}|\d{{2}}h[12])(?P<x>\.x)?"
    r"(?:\s*(?:u|update)\s*(?P<update>\d+))?(?P<letter>[a-z])?"
    r"(?:\s*(?:ep|p|patch|express\s+patch)\s*(?P<patch>\d+))?"
    r"(?:[\s,(]*(?:build|b)?\s*[-#]?\s*(?P<build>\d{{5,}})\)?)?$".format(lines="|".join(pattern for pattern, _, _ in _LINES)),
    re.IGNORECASE,
)


class Release(NamedTuple):
    """What a typed release name was read as: the row (a product) and how, for the route to say."""

    product: str
    note: str | None  # None: only a spelling of the row's name
    inferred: bool = False  # the row is the nearest listed release, not the release typed


def line_of(text: str) -> tuple[str, ...]:
    """The product families of the line a typed name opens with (empty: none known)."""
    words = _words(text)
    for pattern, families, _ in _LINES:
        if re.match(rf"(?:{pattern})(?![a-z])", words, re.IGNORECASE) or re.match(rf"(?:{pattern})\d", words, re.IGNORECASE):
            return families
    return ()


def read_release(pack: RulePack, text: str) -> Release | None:
    """The row a release name belongs to, or None when it names no release of a known line."""
    words = _words(text)
    match = _NAME.match(words)
    if match is None:
        return None
    families, kind = next((f, k) for pattern, f, k in _LINES if re.fullmatch(pattern, match.group("line"), re.IGNORECASE))
    wanted = _version(match.group("version"), kind)
    if kind == "vcf" and wanted[0] != 9:
        return None  # VCF 4 and 5 run ESXi 7.0 and 8.0 updates: no source read maps them here
    if match.group("update") is not None:
        wanted = wanted[:2] + (0,) * (2 - len(wanted[:2])) + (int(match.group("update")),)
    if match.group("letter") and families != ("ESX", "ESXi"):
        return None  # a patch letter is ESXi's (7.0U3c); "ws9x" is more likely a typo than a release
    extras = [part for part in ("letter", "patch", "build") if match.group(part)]
    significant = 3 if families == ("ESX", "ESXi") else 2
    if len(wanted) > significant:
        extras.append("point")
    rows = _rows(pack, families)
    shown = " ".join(text.split())
    said = _suite(kind, shown)
    if kind == "esx" and match.group("update") is None and (len(wanted) >= 3 or match.group("build")) and wanted[:2] < (7, 0):
        # Before 7.0 a host's version does not say its update (6.7 U2 reports 6.7.0): read it as
        # the inventory readers read a host's version, by its build where one is given.
        host = parse_release(shown)
        row = release_row(host, pack.products) if host is not None else None
        if row is not None:
            return Release(row.name, row.reading)
    for name, version, covers in rows:
        if not covers and _padded(wanted[:significant], significant) == _padded(version, significant):
            if not extras:
                return Release(name, said and f"{said} is read as {name}.")
            what = "a build of" if extras == ["build"] else "a patch of" if "point" not in extras else "a maintenance release of"
            return Release(name, f"'{shown}' is {what} {name}, the release row it belongs to: vmgraph plans for that row.")
    for name, version, covers in rows:
        if covers and wanted[: len(version)] == version:
            return Release(name, f"'{shown}' is a release of {name}: the 2005 guide's row for {name} covers its {_dotted(version)}.x releases.")
    if match.group("x") and len(wanted) <= 2:
        return None  # "Workstation 5.x": a line's releases, which the pack names as a group if at all
    # An unlisted release stands in for a listed one of the same version line: an update of a
    # listed ESXi major.minor (6.7 U3), a minor release of a listed hosted major (17.6), or a
    # calendar release newer than the line's newest (Fusion 25H2). Anything else (ESXi 9.9,
    # Fusion 14) is more likely a typo than a release: unknown, with suggestions.
    calendar = re.fullmatch(r"\d{2}h[12]", match.group("version"), re.IGNORECASE) is not None
    same = significant - 1
    before = [
        (version, name) for name, version, covers in rows
        if _padded(version, 4) <= _padded(wanted, 4) and (calendar or _padded(version, same) == _padded(wanted, same))
    ]
    if not before:
        return None
    version, name = max(before)
    newest = all(_padded(v, 4) <= _padded(version, 4) for _, v, _ in rows)
    where = "newer than every release of its line vmgraph lists" if newest else "not listed"
    return Release(
        name,
        f"'{shown}' is {where}; vmgraph takes the nearest listed release of its line before it, {name} "
        f"(an inference: a later release is taken to run at least the hardware {name} runs; check its release notes).",
        inferred=True,
    )


def _words(text: str) -> str:
    """The name without 'VMware', edition words and extra spaces: 'Fusion 13 Pro' -> 'Fusion 13'."""
    words = " ".join(text.strip().split())
    words = re.sub(r"^vmware\s+(?!cloud)", "", words, flags=re.IGNORECASE)
    return " ".join(_EDITION.sub(" ", words).split())


def _version(text: str, kind: str) -> tuple[int, ...]:
    """A version as numbers: '8.0.2' -> (8, 0, 2); ESXi's run-together '80' -> (8, 0); '25H2' -> (25, 2)."""
    calendar = re.fullmatch(r"(\d{2})h([12])", text, re.IGNORECASE)
    if calendar:
        return (int(calendar.group(1)), int(calendar.group(2)))
    if kind in ("esx", "vsphere") and "." not in text and len(text) == 2:
        return (int(text[0]), int(text[1]))
    return tuple(int(part) for part in text.split("."))


def _rows(pack: RulePack, families: tuple[str, ...]) -> list[tuple[str, tuple[int, ...], bool]]:
    """The line's products with their version: (name, version, covers). A row of the guide's named
    by its major version alone covers every release of it (ESX Server 2: its 2.x)."""
    rows = []
    for name, product in pack.products.items():
        if product.family not in families:
            continue
        version = _name_version(name) or next(filter(None, map(_name_version, product.aliases)), None)
        if version is not None:
            rows.append((name, version, not product.is_today))
    return rows


def _name_version(name: str) -> tuple[int, ...] | None:
    found = re.search(r"(\d{2}h[12]|\d+(?:\.\d+)*)(?:\s*(?:u|update)\s*(\d+))?\s*$", name, re.IGNORECASE)
    if found is None:
        return None
    version = _version(found.group(1), "")
    if found.group(2):
        version = _padded(version, 2) + (int(found.group(2)),)
    return version


def _padded(version: tuple[int, ...], size: int) -> tuple[int, ...]:
    return tuple(version[:size]) + (0,) * (size - len(version[:size]))


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def _suite(kind: str, shown: str) -> str | None:
    """A suite's name is not its hosts': say that it was read as one."""
    return f"'{shown}' (a suite whose hosts run ESXi)" if kind in ("vsphere", "vcf") else None
