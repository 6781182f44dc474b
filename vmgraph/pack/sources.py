"""Where rule packs come from, and load_rules(): the shipped pack plus any files
or folders given, read and handed to the loader (vmgraph/loader/), or taken
from the cache of validated packs.

Only regular files are read (a FIFO would block for ever, a device never
ends); each file once, however many times or ways it is named.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterable

from ..errors import InvalidArgumentType, InvalidArgumentValue, RuleFileError, RuleProblem
from ..files import NotRegularFile, file_kind, open_regular
from .model import RulePack

MAX_FILE_BYTES = 16 * 1024 * 1024  # the shipped pack is ~40 KB; a site's thousands of products fit


class NoRuleFiles(RuleFileError):
    """include_default=False and no other path: nothing to load."""

    def __init__(self) -> None:
        super().__init__([RuleProblem("(no rule files)", "include_default=False needs at least one path in extra")])


def default_rules_dir() -> Path:
    """The shipped rule pack: inside the installed package, else the checkout's rules/."""
    try:
        from .. import _rules  # type: ignore[attr-defined]  # mapped onto rules/ at build time

        return Path(next(iter(_rules.__path__)))
    except ImportError:
        return Path(__file__).resolve().parents[2] / "rules"


def default_rule_paths() -> list[Path]:
    """The shipped pack's folders: the guide's rules, today's products, and the
    bridge between them (the first two each load alone)."""
    base = default_rules_dir()
    return [base, base / "today", base / "bridge"]


def load_rules(extra: str | os.PathLike | Iterable[str | os.PathLike] = (), include_default: bool = True) -> RulePack:
    """Load the shipped pack (unless told not to) and then each extra file or folder.

    `extra` is one path or several (str or os.PathLike); a folder stands for its
    *.toml files, in name order. Raises RuleFileError when a path cannot be read
    as rule files (NoRuleFiles when there is none), RuleError when the pack is invalid.
    """
    if not isinstance(include_default, bool):
        raise InvalidArgumentType("include_default", include_default, "expected True or False")
    paths = (default_rule_paths() if include_default else []) + _paths(extra)
    if not paths:
        raise NoRuleFiles()
    files = rule_files(paths)
    contents, problems = [], []
    for path in files:
        try:
            contents.append(_read(path))
        except _Unreadable as why:
            problems.append(RuleProblem(str(path), str(why)))
    if problems:
        raise RuleFileError(problems)
    from .cache import cached

    names = [str(path) for path in files]
    return cached(files, contents, lambda: _build(names, contents))


def _build(files: list[str], contents: list[bytes]) -> RulePack:
    from .loader import build_pack  # only on a cache miss

    return build_pack(files, contents)


def _paths(extra: object) -> list[Path]:
    """One path or several, as Paths: a str is one path, never a list of letters."""
    items = [extra] if isinstance(extra, (str, os.PathLike)) else extra
    if isinstance(items, (bytes, bytearray)) or not isinstance(items, Iterable):
        raise InvalidArgumentType("extra", extra, "expected a path (str or os.PathLike) or a list of paths")
    paths = []
    for item in items:  # type: ignore[union-attr]
        if not isinstance(item, (str, os.PathLike)):
            raise InvalidArgumentType("extra", item, "expected a path (str or os.PathLike)")
        if os.fspath(item) in ("", b""):
            raise InvalidArgumentValue("extra", item, "an empty path names no file")
        paths.append(Path(item))
    return paths


def rule_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their *.toml files (sorted, hidden ones skipped); every
    path must be a regular file or a folder. A file named twice is kept once."""
    files: list[Path] = []
    problems: list[RuleProblem] = []
    seen: set[tuple[int, int]] = set()

    def add(path: Path, status: os.stat_result) -> None:
        identity = (status.st_dev, status.st_ino)
        if identity not in seen:
            seen.add(identity)
            files.append(path)

    for path in paths:
        status, why = _status(path)
        if status is None:
            problems.append(RuleProblem(str(path), why))  # type: ignore[arg-type]
        elif stat.S_ISDIR(status.st_mode):
            try:
                names = sorted(e.name for e in os.scandir(path) if e.name.endswith(".toml") and not e.name.startswith("."))
            except OSError as error:
                problems.append(RuleProblem(str(path), f"cannot read the folder: {error.strerror}"))
                continue
            if not names:
                problems.append(RuleProblem(str(path), "folder holds no .toml rule files"))
            for name in names:
                inner, why = _status(path / name)
                if inner is None:
                    problems.append(RuleProblem(str(path / name), why))  # type: ignore[arg-type]
                elif not stat.S_ISREG(inner.st_mode):
                    problems.append(RuleProblem(str(path / name), f"not a regular file ({file_kind(inner.st_mode)}); a rule file is a regular file"))
                else:
                    add(path / name, inner)
        elif stat.S_ISREG(status.st_mode):
            add(path, status)
        else:
            problems.append(RuleProblem(str(path), f"not a regular file or folder ({file_kind(status.st_mode)})"))
    if problems:
        raise RuleFileError(problems)
    return files


def _status(path: Path) -> tuple[os.stat_result | None, str | None]:
    """What the path is (following symbolic links), or why it is nothing to read."""
    try:
        return os.stat(path), None
    except ValueError:  # a NUL in the name
        return None, "not a usable path"
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, "a broken symbolic link" if os.path.islink(path) else "no such file or folder"
        if error.errno == errno.ELOOP:
            return None, "a symbolic link loop"
        if error.errno == errno.ENAMETOOLONG:
            return None, "name too long"
        return None, f"cannot read: {error.strerror}"


class _Unreadable(Exception):
    pass


def _read(path: Path) -> bytes:
    """A regular file's bytes (files.open_regular: a path swapped for a FIFO after it was
    listed cannot hang the read), at most MAX_FILE_BYTES of them."""
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except NotRegularFile as error:
        raise _Unreadable(error.strerror) from None
    except OSError as error:
        raise _Unreadable(f"cannot read: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(f"larger than {MAX_FILE_BYTES:,} bytes: too large for a rule file")
    return data


_SHIPPED: RulePack | None = None


def shipped_pack() -> RulePack:
    """The shipped rule pack, loaded once per process."""
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = load_rules()
    return _SHIPPED
