"""How typed product names are matched: loosely, and with suggestions when they miss."""

from __future__ import annotations

import re
from typing import Mapping

_NOISE = re.compile(r"[\s_\-]+")


def name_key(text: str) -> str:
    """Case-, space- and hyphen-insensitive key; a leading 'VMware' is optional."""
    key = text.strip().lower()
    if key.startswith("vmware "):
        key = key[len("vmware "):]
    return _NOISE.sub("", key)


def suggest(text: str, names: Mapping[str, object], display: Mapping[str, str], limit: int = 3) -> list[str]:
    """The closest canonical names to `text`: close spellings first, then names containing it.

    `names` is keyed by name_key(); `display` maps those keys to the names to show.
    """
    import difflib

    key = name_key(text)
    found: list[str] = []
    for match in difflib.get_close_matches(key, list(names), n=limit * 3, cutoff=0.6):
        found.append(display[match])
    if key:
        found.extend(display[k] for k in names if key in k)
    unique = list(dict.fromkeys(found))
    return unique[:limit]


def read_name(pack, text: str) -> tuple[str, str | None]:
    """The pack's own name for what `text` names (a product or a group), and how it was read:
    None for a name the pack lists; else a release name read as its row (pack/releases.py), a
    build or patch said as such, an unlisted release as an inference. UnknownProduct otherwise,
    with suggestions from the typed name's own line first."""
    from ..errors import UnknownProduct

    key = name_key(text)
    if key in pack.name_owner:
        return pack.name_owner[key], None
    from .releases import read_release

    release = read_release(pack, text) if isinstance(text, str) else None
    if release is not None:
        return release.product, release.note
    if key.endswith(".x") and key[:-2] in pack.name_owner:  # "Workstation 5.x": the pack's "Workstation 5"
        return pack.name_owner[key[:-2]], None
    raise UnknownProduct(text, suggestions(pack, text))


def suggestions(pack, text: str, limit: int = 3) -> list[str]:
    """Names close to `text`, those of its own line first (Fusion's for 'Fusion 14 Pro')."""
    from .releases import line_of

    families = set(line_of(text))
    if not families:
        return suggest(text, pack.names, pack.name_owner, limit)

    def in_line(owner: str) -> bool:
        members = pack.groups[owner].members if owner in pack.groups else (owner,)
        return any(pack.products[member].family in families for member in members if member in pack.products)

    same = {key: names for key, names in pack.names.items() if in_line(pack.name_owner[key])}
    found = suggest(text, same, pack.name_owner, limit) + suggest(text, pack.names, pack.name_owner, limit)
    return list(dict.fromkeys(found))[:limit]


def resolve(pack, text: str) -> tuple[str, ...]:
    """The products a typed name means (a group name means several); raises UnknownProduct."""
    owner, _ = read_name(pack, text)
    return pack.names[name_key(owner)]


def canonical(pack, text: str) -> str:
    """The rule pack's own name for what `text` names (a product or a group)."""
    return read_name(pack, text)[0]
