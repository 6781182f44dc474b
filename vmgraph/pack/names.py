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


def resolve(pack, text: str) -> tuple[str, ...]:
    """The products a typed name means (a group name means several); raises UnknownProduct."""
    from ..errors import UnknownProduct

    found = pack.names.get(name_key(text))
    if found is None:
        raise UnknownProduct(text, suggest(text, pack.names, pack.name_owner))
    return found


def canonical(pack, text: str) -> str:
    """The rule pack's own name for what `text` names (a product or a group)."""
    resolve(pack, text)
    return pack.name_owner[name_key(text)]
