"""A cache of validated rule packs, so an interactive command skips TOML parsing.

The key is a hash of every rule file's path and bytes and of the loader's own
source: any change to either misses the cache. Only packs that passed
validation are stored. Any problem with the cache is ignored: it is never
more than a shortcut. VMGRAPH_CACHE_DIR moves it; VMGRAPH_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Callable

from .model import RulePack

_LOADER_SOURCES = ("rules.py", "model.py", "names.py")


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
    entry = folder / f"pack-{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}{len(blob):x}.pickle"
    try:
        with entry.open("rb") as stream:
            pack = pickle.load(stream)
        if isinstance(pack, RulePack):
            return pack
    except Exception:  # a missing, stale or broken cache entry: just rebuild
        pass
    pack = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as stream:
            pickle.dump(pack, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, entry)
    except OSError:
        pass
    return pack
