"""One input, opened once and read once, as a stream: a regular file by its path, or standard
input where the path is ``-`` (as Unix tools take it).

`Source` opens the input and reads its first `HEAD_BYTES` (`head`: what source.sniff looks at);
the readers then take the whole input from its first byte (`binary`, `text`, `lines`), the head
included, without opening the path again: a pipe cannot be read twice, and a file swapped
between two opens would be two files. A path that is not a regular file (a FIFO, a device, a
socket: ``/dev/stdin`` among them) is refused, not waited on: standard input is read only where
``-`` says so. Text more than `HEAD_BYTES` of blank space long at the start (a JSON document
behind it) is passed over, its line breaks counted.

Bounds: a line of a CSV is at most `MAX_LINE_BYTES` (read with ``readline(limit)``, so a 1 GB
line costs a megabyte, not gigabytes); a workbook from standard input is spooled to a temporary
file (a zip is read seeking) up to `MAX_SPOOL_BYTES`. Standard library only.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import InventoryError
from ..files import NotRegularFile, open_regular

STDIN = "-"
HEAD_BYTES = 64 * 1024
MAX_LINE_BYTES = 1 << 20  # one CSV line (RVTools' widest rows are a few KiB)
MAX_SPOOL_BYTES = 1 << 30  # a workbook read from standard input
_BLANK = b" \t\r\n"
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")  # where a line ends in a lone CR (Excel for Mac's "CSV (Macintosh)")


def is_stdin(path: object) -> bool:
    """Whether a path says standard input: ``-``."""
    return isinstance(path, (str, os.PathLike)) and os.fspath(path) == STDIN


class Source:
    """An input opened once: `head` its first bytes (past any long run of leading blank space),
    `name` how messages name it, `path` the regular file's path (None for standard input)."""

    def __init__(self, path: str | Path, name: str):
        self.name = name
        self.stdin = is_stdin(path)
        self.path: str | Path | None = None if self.stdin else path
        self.start = 0  # bytes of leading blank space passed over
        self.blank_lines = 0  # line breaks in them
        self._used = False
        if self.stdin:
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise InventoryError(name, "closed: nothing to read")
            self.handle: IO[bytes] = stream
        else:
            self.handle = _open(path, name)
        try:
            self.head = self._read(HEAD_BYTES)
            if len(self.head) == HEAD_BYTES and not self.head.lstrip(codecs.BOM_UTF8).strip(_BLANK):
                self._pass_blank()
        except BaseException:
            self.close()
            raise

    def _read(self, size: int) -> bytes:
        try:
            data = self.handle.read(size)
        except OSError as error:
            raise InventoryError(self.name, f"cannot read: {error.strerror or error}") from None
        return data or b""

    def _pass_blank(self) -> None:
        """Leading blank space longer than the head: pass over it (counting its line breaks)
        to the first byte that is not blank, the new head."""
        data = self.head
        while True:
            text = data.lstrip(codecs.BOM_UTF8) if not self.start else data
            kept = text.lstrip(_BLANK)
            passed = len(data) - len(kept)
            self.start += passed
            self.blank_lines += data.count(b"\n", 0, passed)
            if kept or not data:
                self.head = kept + self._read(HEAD_BYTES - len(kept)) if kept else b""
                return
            data = self._read(HEAD_BYTES)

    def binary(self) -> IO[bytes]:
        """The input as a binary stream from its first byte (past blank space passed over); once."""
        self._once()
        if not self.stdin:
            try:
                self.handle.seek(self.start)
                return self.handle
            except OSError as error:
                raise InventoryError(self.name, f"cannot read: {error.strerror or error}") from None
        return io.BufferedReader(_Prefixed(self.head, self.handle), 1 << 20)  # type: ignore[arg-type]

    def text(self, encoding: str) -> io.TextIOWrapper:
        """The input as text (newlines as they are), from its first character; once."""
        return io.TextIOWrapper(self.binary(), encoding=encoding, newline="")

    def seekable(self) -> IO[bytes]:
        """The input as a seekable binary file (a zip is read so): the file itself, or standard
        input spooled to a temporary file of at most MAX_SPOOL_BYTES; once."""
        if not self.stdin:
            return self.binary()
        stream = self.binary()
        spool = tempfile.TemporaryFile()
        try:
            size = 0
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > MAX_SPOOL_BYTES:
                    raise InventoryError(self.name, f"a workbook larger than {MAX_SPOOL_BYTES:,} bytes: not read from standard input (give its path)")
                spool.write(chunk)
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        self.handle = spool  # closed with the source
        self.stdin = False
        return spool

    def lines(self, encoding: str) -> Iterator[str]:
        """The input's lines as text (line breaks kept), each at most MAX_LINE_BYTES; a line
        that is longer, or not text in `encoding`, raises InventoryError naming it."""
        if encoding == "utf-8-sig":
            return _utf8_lines(self.binary(), self.name)
        return _text_lines(self.text(encoding), self.name, encoding)

    def count_lines(self) -> int | None:
        """The lines of a regular file, counted without moving its reading position (for a
        progress bar); None for standard input."""
        if self.stdin:
            return None
        try:
            descriptor, offset, count = self.handle.fileno(), 0, 0
            while chunk := os.pread(descriptor, 1 << 22, offset):
                count += chunk.count(b"\n")
                offset += len(chunk)
            return count
        except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
            return None

    def _once(self) -> None:
        if self._used:
            raise RuntimeError(f"{self.name}: an input is read once")
        self._used = True

    def close(self) -> None:
        if not self.stdin:
            self.handle.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _open(path: str | Path, name: str) -> IO[bytes]:
    try:
        return open_regular(path, buffering=1 << 20)
    except NotRegularFile as error:
        if error.kind == "a folder":
            raise InventoryError(name, "a folder, not a file: name the file itself (of an RVTools CSV folder, its RVTools_tabvHost.csv)") from None
        raise InventoryError(name, f"{error.kind}, not a regular file: vmgraph reads an inventory from a file, "
                                   f"or from standard input given as '-'") from None
    except FileNotFoundError:
        raise InventoryError(name, "a broken symbolic link" if os.path.islink(path) else "no such file") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InventoryError(name, "a symbolic link loop") from None
        raise InventoryError(name, f"cannot read: {error.strerror or error}") from None
    except ValueError:  # a NUL in the path
        raise InventoryError(name, "cannot read: a path holds no NUL character") from None


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of a stream: a pipe read once, its head put back."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size], self._head = self._head[:size], self._head[size:]
            return size
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)



def _too_long(name: str, number: int) -> InventoryError:
    return InventoryError(name, f"a line longer than {MAX_LINE_BYTES >> 20} MiB: not an inventory's row", number)


def _utf8_lines(stream: IO[bytes], name: str) -> Iterator[str]:
    """UTF-8 lines decoded one by one, so that a byte that is not UTF-8 is named with its line."""
    readline, limit = stream.readline, MAX_LINE_BYTES + 1
    number = 0
    with stream:
        while line := readline(limit):
            number += 1
            if len(line) == limit and not line.endswith(b"\n"):
                raise _too_long(name, number)
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InventoryError(name, f"line {number}: byte 0x{line[error.start]:02X} is not UTF-8 text: save the inventory as UTF-8") from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            if "\r" in text and (text.find("\r") < len(text) - 2 or text.endswith("\r")):
                yield from filter(None, _LONE_CR.split(text))
            else:
                yield text


def _text_lines(stream: io.TextIOWrapper, name: str, encoding: str) -> Iterator[str]:
    readline, limit = stream.readline, (MAX_LINE_BYTES >> 1) + 1
    number = 0
    with stream:
        while True:
            try:
                line = readline(limit)
            except UnicodeDecodeError:
                raise InventoryError(name, f"not {encoding} text throughout (after line {number})") from None
            if not line:
                return
            number += 1
            if len(line) == limit and not line.endswith(("\n", "\r")):
                raise _too_long(name, number)
            yield line
