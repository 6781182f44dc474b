"""Opening a file vmgraph reads: a regular file, or nothing.

A FIFO given for a file would block the read for ever, a device (``/dev/zero``) never end, a
socket refuse it: vmgraph reads files, and standard input only where a command says ``-``. The
path is opened without blocking and checked once open (``fstat``), so a path swapped for a FIFO
after a first look cannot hang the read. Standard library only.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a file of this mode is, in words: "a regular file", "a FIFO", "a folder" ..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    for test, word in _KINDS:
        if test(mode):
            return word
    return "not a file"


class NotRegularFile(OSError):
    """The path names something other than a regular file; `kind` says what (file_kind)."""

    def __init__(self, path: object, kind: str):
        super().__init__(f"not a regular file ({kind})")
        self.filename, self.kind = path, kind
        self.strerror = f"not a regular file ({kind})"


def open_regular(path: str | os.PathLike, buffering: int = -1) -> BinaryIO:
    """The regular file at `path`, open for reading in binary; NotRegularFile when it is a
    folder, a FIFO, a device or a socket (never waiting on one), OSError when it cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except IsADirectoryError:
        raise NotRegularFile(path, "a folder") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, file_kind(mode))
        return os.fdopen(descriptor, "rb", buffering=buffering)
    except BaseException:
        os.close(descriptor)
        raise
