"""A cache of validated rule packs, so an interactive command skips TOML parsing.

An entry is the pack pickled (unpickling runs in C: a few milliseconds for the
shipped pack, where rebuilding its records one Python call at a time took
tens). Equal values are stored once, and records are rebuilt by tuple.__new__,
never by a NamedTuple's Python __new__.

The entry's name is a hash of the format version, the Python that wrote it and
every rule file's path and bytes; inside, the entry names the source files of
every module of this package that was loaded when the pack was built (the
loader's code and everything it used, wherever those modules live), with a hash
of their bytes: any change to a rule file, to that code or to the format misses
the cache. Only packs that passed validation are stored. Any problem with the
cache is ignored: it is never more than a shortcut.

Unpickling runs code, so an entry is read only from a folder owned by the user
and writable by no one else, only when the entry itself is a regular file owned
by the user and writable by no one else (as ssh treats its keys), and only when
the digest of its contents matches. The cache creates its folder 0700 and its
entries 0600. Where the user cannot be told (no os.getuid), there is no cache.

Where: $VMGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/vmgraph (an absolute
XDG_CACHE_HOME only, as the XDG spec says), else $HOME/.cache/vmgraph (HOME
must be an existing folder: the cache never creates a home). VMGRAPH_NO_CACHE
set to anything but "", 0, false, no or off turns it off. The cache writes
only pack-*.pickle entries (and, while writing one, a .pack-*.tmp file) and
removes nothing else but the pack-*.marshal entries of its earlier format.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from typing import Any, Callable

from .model import RulePack

try:  # the C modules themselves (~0.5 ms to import): pickle.py adds ~1 ms, hashlib's OpenSSL ~2 ms
    from _blake2 import blake2b
    from _pickle import loads
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b
    from pickle import loads

FORMAT = 2  # the entry's layout and encoding (1 was marshal): a change misses every older entry
_OFF = ("", "0", "false", "no", "off")
_STALE_SECONDS = 3600  # a .pack-*.tmp this old was left by a process killed mid-write
_DIGEST = 32  # bytes of blake2b over the entry's body


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
    if folder is None or not hasattr(os, "getuid"):
        return build()
    key = _key(files, contents)
    entry = folder / f"pack-{key}.pickle"
    try:
        pack = _restore(entry, key)
        if pack is not None:
            return pack
    except Exception:  # a missing, stale, foreign or broken cache entry: just rebuild
        pass
    pack = build()
    try:
        _store(folder, entry, _encode(key, pack))
        _prune(folder)
    except Exception:  # an unwritable folder, a full disk, an unpicklable value: no entry
        pass
    return pack


def _key(files: list[Path], contents: list[bytes]) -> str:
    """The entry's name: the format, the Python, and every rule file's path (as the loader
    is given it, and as the pack records it) and bytes: all the loader reads."""
    digest = blake2b(b"vmgraph pack %d %s\0" % (FORMAT, str(sys.implementation.cache_tag).encode()), digest_size=20)
    for path, data in zip(files, contents):
        _add(digest, os.fsencode(path), data)
    return digest.hexdigest()


def _add(digest: Any, name: bytes, data: bytes) -> None:
    """A name and its bytes, each with its length: no two lists of files hash alike by accident."""
    digest.update(len(name).to_bytes(8, "little") + name + len(data).to_bytes(8, "little"))
    digest.update(data)


def _sources() -> tuple[str, ...]:
    """The source files of every module of this package loaded now: right after a build,
    the loader's code and all it used (found by what was imported, not by where it lives)."""
    top = __name__.partition(".")[0]
    found = set()
    for name, module in list(sys.modules.items()):
        if name == top or name.startswith(top + "."):
            file = getattr(module, "__file__", None)
            if isinstance(file, str):
                found.add(os.path.abspath(file))
    return tuple(sorted(found))


def _sources_digest(sources: tuple[str, ...]) -> bytes:
    digest = blake2b(digest_size=_DIGEST)
    for source in sources:
        _add(digest, os.fsencode(source), _read_regular(source))
    return digest.digest()


def _magic() -> bytes:
    return b"vmgraph pack cache %d\n" % FORMAT


def _encode(key: str, pack: RulePack) -> bytes:
    """magic, blake2b(body), body: the pickle of (key, sources, their digest, the pickled pack)."""
    sources = _sources()
    body = _dumps((key, sources, _sources_digest(sources), _dumps(_shared(pack, {}))))
    return _magic() + blake2b(body, digest_size=_DIGEST).digest() + body


def _restore(entry: Path, key: str) -> RulePack | None:
    """The pack in the entry, or None: checked (owner, mode, digest, key, sources) before it is unpickled."""
    folder = os.stat(entry.parent)
    if not (stat.S_ISDIR(folder.st_mode) and _private(folder)):
        return None
    data = _read_regular(entry, owned=True)
    magic = _magic()
    if not data.startswith(magic):
        return None
    view = memoryview(data)
    start = len(magic) + _DIGEST
    if blake2b(view[start:], digest_size=_DIGEST).digest() != data[len(magic):start]:
        return None
    stored, sources, sources_digest, payload = loads(view[start:])
    if stored != key or _sources_digest(sources) != sources_digest:
        return None
    import gc

    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new records, none of them garbage
    try:
        pack = loads(payload)
    finally:
        if collecting:
            gc.enable()
    return pack if type(pack) is RulePack else None


def _private(status: os.stat_result) -> bool:
    """Owned by the user and writable by no one else."""
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_regular(path: Path | str, owned: bool = False) -> bytes:
    """The bytes of a regular file (a FIFO would block: anything else is an OSError),
    and with `owned`, of one owned by the user and writable by no one else."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | (getattr(os, "O_NOFOLLOW", 0) if owned else 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(f"{path}: not a regular file")
        if owned and not _private(status):
            raise OSError(f"{path}: not the user's own, or writable by others")
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _store(folder: Path, entry: Path, data: bytes) -> None:
    """Write the entry atomically (0600, in a folder of the user's own that no one
    else can write to); the temporary file never outlives a failure."""
    import tempfile

    if os.environ.get("VMGRAPH_CACHE_DIR"):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    else:  # ~/.cache or $XDG_CACHE_HOME, and vmgraph in it: never their parents
        folder.parent.mkdir(mode=0o700, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    status = os.stat(folder)
    if not (stat.S_ISDIR(status.st_mode) and _private(status)):
        raise OSError(f"{folder}: not the user's own, or writable by others")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pack-", suffix=".tmp")  # 0600
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, entry)
    except BaseException:
        os.unlink(temporary)
        raise


def _prune(folder: Path, keep: int = 8) -> None:
    """Keep the newest few entries (each edit of a rule file makes a new one), drop
    the entries of the earlier format (marshal) and temporary files left by killed
    processes. Only regular files named as the cache names its own are touched."""
    entries = []
    now = time.time()
    with os.scandir(folder) as listing:
        for item in listing:
            if not item.is_file(follow_symlinks=False):
                continue
            if item.name.startswith("pack-") and item.name.endswith(".pickle"):
                entries.append((item.stat(follow_symlinks=False).st_mtime_ns, item.path))
            elif item.name.startswith("pack-") and item.name.endswith(".marshal"):
                os.unlink(item.path)
            elif item.name.startswith(".pack-") and item.name.endswith(".tmp") and now - item.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS:
                os.unlink(item.path)
    for _, old in sorted(entries, reverse=True)[keep:]:
        os.unlink(old)


def _record(kind: type) -> bool:
    """A NamedTuple's type: a tuple with fields and nothing more."""
    return issubclass(kind, tuple) and kind is not tuple and hasattr(kind, "_fields")


def _dumps(value: Any) -> bytes:
    """Pickled, records as tuple.__new__(type, fields): rebuilt in C on loading, not
    by their Python __new__."""
    import io
    import pickle

    new = tuple.__new__

    class Pickler(pickle.Pickler):
        def reducer_override(self, value: Any) -> Any:
            return (new, (type(value), tuple(value))) if _record(type(value)) else NotImplemented

    stream = io.BytesIO()
    Pickler(stream, protocol=5).dump(value)
    return stream.getvalue()


def _shared(value: Any, seen: dict) -> Any:
    """The same value with equal parts made one object (a name, a citation, a record
    met thousands of times is stored, and loaded, once). Parts are one only when
    their types match and their items are already the same objects, so no 1 becomes
    True nor -0.0 0.0; dicts stay their own."""
    kind = type(value)
    if kind is dict:
        return {_shared(key, seen): _shared(item, seen) for key, item in value.items()}
    if kind is str or kind is int:
        key: tuple = (kind, value)
    elif kind is tuple or _record(kind):
        items = tuple(_shared(item, seen) for item in value)
        key = (kind, tuple(map(id, items)))
        value = items if kind is tuple else tuple.__new__(kind, items)
    elif kind is frozenset:
        value = frozenset(_shared(item, seen) for item in value)
        key = (kind, frozenset(map(id, value)))
    else:
        return value
    return seen.setdefault(key, value)
