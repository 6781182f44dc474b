"""A cache of validated rule packs, so an interactive command skips TOML parsing.

The key is a hash of every rule file's path and bytes and of the loader's own
source: any change to either misses the cache. Only packs that passed
validation are stored. Any problem with the cache is ignored: it is never
more than a shortcut.

Where: $VMGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/vmgraph (an absolute
XDG_CACHE_HOME only, as the XDG spec says), else $HOME/.cache/vmgraph (HOME
must be an existing folder: the cache never creates a home). VMGRAPH_NO_CACHE
set to anything but "", 0, false, no or off turns it off. The cache writes
only pack-*.marshal entries (and, while writing one, a .pack-*.tmp file) and
removes nothing else.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
import zlib
from pathlib import Path
from typing import Any, Callable

from . import model
from .model import RulePack

# Every source file the pack's shape depends on: a change to any of them misses the cache.
_LOADER_SOURCES = (
    "errors.py", "pack/sources.py", "pack/model.py", "pack/names.py", "pack/cache.py",
    "pack/loader/__init__.py", "pack/loader/base.py", "pack/loader/files.py", "pack/loader/products.py",
    "pack/loader/groups.py", "pack/loader/selectors.py", "pack/loader/moves.py", "pack/loader/refusals.py",
    "pack/loader/guests.py", "pack/loader/today.py", "vm/hardware.py",
)
_OFF = ("", "0", "false", "no", "off")
_STALE_SECONDS = 3600  # a .pack-*.tmp this old was left by a process killed mid-write


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off or there is no sensible place."""
    if os.environ.get("VMGRAPH_NO_CACHE", "").strip().lower() not in _OFF:
        return None
    if os.environ.get("VMGRAPH_CACHE_DIR"):
        return Path(os.environ["VMGRAPH_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "vmgraph"
    home = os.environ["HOME"] if "HOME" in os.environ else os.path.expanduser("~")
    if os.path.isabs(home) and os.path.isdir(home):
        return Path(home) / ".cache" / "vmgraph"
    return None


def cached(files: list[Path], contents: list[bytes], build: Callable[[], RulePack]) -> RulePack:
    """The pack for these files: from the cache when it is there, else built and stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    # Two 32-bit checksums (hashlib's OpenSSL import alone costs more than the whole lookup).
    here = Path(__file__).resolve().parents[1]  # the vmgraph package
    parts = [(here / name).read_bytes() for name in _LOADER_SOURCES]
    parts += [str(path.resolve()).encode() + b"\0" + data for path, data in zip(files, contents)]
    blob = b"\0\0".join(parts)
    entry = folder / f"pack-{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}{len(blob):x}.marshal"
    try:
        pack = _restore(marshal.loads(_read_regular(entry)))
        if isinstance(pack, RulePack):
            return pack
    except Exception:  # a missing, stale or broken cache entry: just rebuild
        pass
    pack = build()
    try:
        _store(folder, entry, marshal.dumps(_flatten(pack)))
        _prune(folder)
    except (OSError, ValueError):
        pass
    return pack


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file; anything else (a FIFO would block) is an OSError."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path}: not a regular file")
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _store(folder: Path, entry: Path, data: bytes) -> None:
    """Write the entry atomically; the temporary file never outlives a failure."""
    import tempfile

    if os.environ.get("VMGRAPH_CACHE_DIR"):
        folder.mkdir(parents=True, exist_ok=True)
    else:  # ~/.cache or $XDG_CACHE_HOME, and vmgraph in it: never their parents
        folder.parent.mkdir(mode=0o700, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pack-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, entry)
    except BaseException:
        os.unlink(temporary)
        raise


def _prune(folder: Path, keep: int = 8) -> None:
    """Keep the newest few entries (each edit of a rule file makes a new one) and
    drop temporary files left by killed processes. Only regular files named as
    the cache names its own are touched."""
    entries = []
    now = time.time()
    with os.scandir(folder) as listing:
        for item in listing:
            if not item.is_file(follow_symlinks=False):
                continue
            if item.name.startswith("pack-") and item.name.endswith(".marshal"):
                entries.append((item.stat(follow_symlinks=False).st_mtime_ns, item.path))
            elif item.name.startswith(".pack-") and item.name.endswith(".tmp") and now - item.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS:
                os.unlink(item.path)
    for _, old in sorted(entries, reverse=True)[keep:]:
        os.unlink(old)


# marshal (built in, unlike pickle, whose import alone costs more than a cached load)
# stores only plain values: records travel as ("\0record", type name, fields).
_RECORD = "\0record"
# Every record type of the model, so a new one can never be restored as a bare tuple.
_TYPES = {name: cls for name, cls in vars(model).items() if isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields")}


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
