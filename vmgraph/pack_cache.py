"""A cache of validated rule packs, so an interactive command skips TOML parsing.

The key is a hash of every rule file's path and bytes and of the loader's own
source: any change to either misses the cache. Only packs that passed
validation are stored. Any problem with the cache is ignored: it is never
more than a shortcut. VMGRAPH_CACHE_DIR moves it; VMGRAPH_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any, Callable

from . import model
from .model import RulePack

_LOADER_SOURCES = (
    "rules.py", "model.py", "names.py", "errors.py",
    "loader/__init__.py", "loader/base.py", "loader/files.py", "loader/products.py", "loader/groups.py",
    "loader/selectors.py", "loader/moves.py", "loader/refusals.py", "loader/guests.py",
)


def cache_dir() -> Path | None:
    if os.environ.get("VMGRAPH_NO_CACHE"):
        return None
    if os.environ.get("VMGRAPH_CACHE_DIR"):
        return Path(os.environ["VMGRAPH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vmgraph"


def cached(files: list[Path], contents: list[bytes], build: Callable[[], RulePack]) -> RulePack:
    """The pack for these files: from the cache when it is there, else built and stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    # Two 32-bit checksums (hashlib's OpenSSL import alone costs more than the whole lookup).
    here = Path(__file__).resolve().parent
    parts = [(here / name).read_bytes() for name in _LOADER_SOURCES]
    parts += [str(path.resolve()).encode() + b"\0" + data for path, data in zip(files, contents)]
    blob = b"\0\0".join(parts)
    entry = folder / f"pack-{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}{len(blob):x}.marshal"
    try:
        pack = _restore(marshal.loads(entry.read_bytes()))
        if isinstance(pack, RulePack):
            return pack
    except Exception:  # a missing, stale or broken cache entry: just rebuild
        pass
    pack = build()
    try:
        import tempfile

        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as stream:
            stream.write(marshal.dumps(_flatten(pack)))
        os.replace(stream.name, entry)
        _prune(folder)
    except (OSError, ValueError):
        pass
    return pack


def _prune(folder: Path, keep: int = 8) -> None:
    """Keep the newest few entries: each edit of a rule file makes a new one."""
    entries = sorted(folder.glob("pack-*.marshal"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)


# marshal (built in, unlike pickle, whose import alone costs more than a cached load)
# stores only plain values: records travel as ("\0record", type name, fields).
_RECORD = "\0record"
_TYPES = {cls.__name__: cls for cls in (model.Reference, model.Origin, model.RunsHardware, model.Product, model.Group, model.MoveRule, model.Refusal, model.Feature, model.Preparation, model.RulePack)}


def _flatten(value: Any) -> Any:
    if isinstance(value, tuple) and type(value).__name__ in _TYPES:
        return (_RECORD, type(value).__name__, tuple(_flatten(item) for item in value))
    if isinstance(value, tuple):
        return tuple(_flatten(item) for item in value)
    if isinstance(value, dict):
        return {key: _flatten(item) for key, item in value.items()}
    return value


def _restore(value: Any) -> Any:
    if isinstance(value, tuple):
        if len(value) == 3 and value[0] == _RECORD:
            return _TYPES[value[1]](*(_restore(item) for item in value[2]))
        return tuple(_restore(item) for item in value)
    if isinstance(value, dict):
        return {key: _restore(item) for key, item in value.items()}
    return value
