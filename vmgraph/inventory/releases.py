"""A host's release as inventories write it, read as one of the rule pack's ESX/ESXi rows.

    parse_release("VMware ESXi 7.0.3 build-20036589") -> Release(7, 0, 3, 20036589, ...)
    release_row(release, pack.products) -> ReleaseRow("ESXi 7.0 U3", reading=None)

How releases are written (each seen in the exports vmgraph reads): the vSphere API's
``AboutInfo.fullName`` (``VMware ESXi 7.0.3 build-20036589``, RVTools vHost's `ESX Version`,
govc host.info's ``config.product.fullName``), its ``version`` and ``build`` apart (``7.0.3`` and
``20036589``: PowerCLI Get-VMHost's `Version` and `Build`), and release names as people write
them (``7.0 Update 3c``, ``ESXi 8.0 U2``, ``8.0.2 build-22380479``). From 7.0 Update 1 on the
third number is the update (``VMware ESXi 7.0.1 build-16850804`` is 7.0 U1, as mfd-esxi's tests
and KB 2143832's table both write it). Before, it is 0 whatever the update: ESXi 6.7 U2 reports
``6.7.0`` with build 13006603 (KB 2143832, "ESXi Build numbers and versions", as copied in a
public vmware-vhw-report script: "ESXi 6.7 U2 | 6.7.0 | 13006603"; the installer is named
``VMware-VMvisor-Installer-6.7.0.update02-13006603``), so for 6.7 the build tells the update.

Which row: the rule pack has a row where a release changed the hardware versions it runs, not
one per update, so a release is read as the newest row of its major and minor version at or
before it (7.0 Update 3c is ESXi 7.0 U3; 6.7 U3 is ESXi 6.7 U2): vmgraph's reading, said in
`ReleaseRow.reading` whenever the row is not the release itself. The rows are found by their
names and aliases (``ESXi 7.0 U3``, ``ESX 4.1``), so this function can later defer to the
name resolver when the rule pack names releases by their builds.
"""

from __future__ import annotations

import re
from typing import Mapping, NamedTuple

from ..pack.model import ESX_FAMILIES, Product

# "VMware ESXi 7.0.3 build-20036589", "ESX Server 3.5.0 build-64607", "7.0 Update 3c",
# "8.0.2 build-22380479", "ESXi 8.0 U2", "7.0U3", "6.7.0 Update 3 (Build 14320388)".
_RELEASE = re.compile(
    r"""^\s*(?:vmware\s+)?(?:(?P<family>esxi?)(?:\s+server)?\s*)?
    (?P<major>\d{1,2})\.(?P<minor>\d{1,2})(?:\.(?P<third>\d{1,2}))?(?:\.\d{1,3})?
    (?:\s*(?:u|update)\s*(?P<update>\d{1,2})[a-z]?)?[a-z]?
    (?:\s*[,(]?\s*(?:build)?[\s\-#:]*(?P<build>\d{4,10})\)?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ROW_NAME = re.compile(r"^(?:esx/)?esxi?\s+(\d{1,2})\.(\d{1,2})(?:\s*(?:u|update)\s*(\d{1,2}))?$", re.IGNORECASE)

# (major, minor) -> ((first build of an update, that update), ...), newest first: the releases
# whose version does not say their update. KB 2143832 as copied above: ESXi 6.7 U2 is build 13006603.
UPDATE_BUILDS: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {(6, 7): ((13006603, 2),)}
BUILD_SOURCE = "KB 2143832 (ESXi build numbers and versions): ESXi 6.7 U2 is 6.7.0 build 13006603"


class Release(NamedTuple):
    """A host's release as read from its text."""

    major: int
    minor: int
    update: int | None  # None: the text does not say (6.7.0 without a build)
    build: int | None
    text: str  # as written
    by_build: bool = False  # the update was told by the build (6.7.0 build-13006603)
    third_as_update: bool = False  # "6.7.2": a third number where the release's hosts report .0 whatever the update

    @property
    def words(self) -> str:
        update = f" U{self.update}" if self.update else ""
        return f"{self.major}.{self.minor}{update}"


class ReleaseRow(NamedTuple):
    """The rule pack's row for a release, and vmgraph's reading when it is not the release itself."""

    name: str
    reading: str | None = None


def parse_release(text: str, build: str | int | None = None) -> Release | None:
    """The release `text` names (with `build` when the build is given apart, as PowerCLI's
    Get-VMHost does); None when it names none."""
    match = _RELEASE.match(str(text))
    if match is None:
        return None
    major, minor = int(match["major"]), int(match["minor"])
    update = match["update"] or match["third"]
    found = match["build"] or (str(build).strip() if build not in (None, "") else None)
    number = int(found) if found and str(found).isdigit() else None
    release = Release(major, minor, None if update is None else int(update), number, " ".join(str(text).split()))
    if (major, minor) in UPDATE_BUILDS:
        if match["third"] and int(match["third"]) and not match["update"]:
            return release._replace(third_as_update=True)  # "6.7.2": no 6.7 host says so; read as U2, and said
        if not release.update:
            if number is None:
                return release._replace(update=None)  # 6.7.0 alone: GA, U1, U2 or U3
            later = next((u for first, u in UPDATE_BUILDS[(major, minor)] if number >= first), 0)
            return release._replace(update=later, by_build=True)
    if release.update is None:
        return release._replace(update=0)
    return release


def _row_release(product: Product) -> tuple[int, int, int] | None:
    for name in (product.name, *product.aliases):
        match = _ROW_NAME.match(name.strip())
        if match:
            return int(match[1]), int(match[2]), int(match[3] or 0)
    return None


def release_rows(products: Mapping[str, Product]) -> dict[tuple[int, int], list[tuple[int, str]]]:
    """(major, minor) -> [(update, row name), ...] oldest first: the ESX/ESXi rows by release."""
    rows: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for product in products.values():
        if not product.is_today or product.family not in ESX_FAMILIES:
            continue
        found = _row_release(product)
        if found is not None:
            rows.setdefault(found[:2], []).append((found[2], product.name))
    for line in rows.values():
        line.sort()
    return rows


def release_row(release: Release, products: Mapping[str, Product], rows: dict | None = None) -> ReleaseRow | None:
    """The row `release` runs as (see the module's notes); None when the rule pack has no row
    of its major and minor version. `rows` is release_rows(products), when already made."""
    line = (rows if rows is not None else release_rows(products)).get((release.major, release.minor))
    if not line:
        return None
    if release.update is None:
        update, name = line[0]
        later = ", ".join(n for u, n in line[1:])
        reading = (f"'{release.text}' gives no build, and {release.major}.{release.minor}'s updates all report "
                   f"{release.major}.{release.minor}.0 ({BUILD_SOURCE}): vmgraph reads it as {name}" + (f", not {later}" if later else ""))
        return ReleaseRow(name, reading)
    update, name = max(((u, n) for u, n in line if u <= release.update), default=line[0])
    reading = None
    if update != release.update:
        reading = (f"'{release.text}' ({release.words}) is read as {name}: vmgraph's rows are the releases that changed "
                   "which hardware versions a host runs (KB 1003746), and it takes an update between two rows to run what the older row runs")
    elif release.by_build:
        known = max(u for _, u in UPDATE_BUILDS[(release.major, release.minor)])
        if update == known and update == line[-1][0]:
            # The build is this update's or later; no later update's first build is known.
            reading = (f"'{release.text}': by its build, {release.major}.{release.minor} Update {update} or later ({BUILD_SOURCE}); "
                       f"vmgraph reads it as {name}, the newest {release.major}.{release.minor} row it lists (an inference: "
                       f"a later update is taken to run the hardware {name} runs)")
        else:
            reading = f"'{release.text}' is read as {name} by its build ({BUILD_SOURCE})"
    elif release.third_as_update:
        reading = (f"{release.major}.{release.minor} hosts report {release.major}.{release.minor}.0 whatever their update ({BUILD_SOURCE}): "
                   f"vmgraph reads '{release.text}' as {name}")
    return ReleaseRow(name, reading)
