"""A progress line on stderr for long inputs, drawn only when stderr is a terminal.

Piped or redirected, stderr stays clean for the one-line errors scripts read. With a known total
(a CSV's lines, counted beforehand) it is a bar; without one (JSON, .xlsx) a running count.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

BAR_WIDTH = 30
EVERY = 0.2  # seconds between redraws


class Progress:
    def __init__(self, what: str, total: int | None = None, stream: TextIO | None = None):
        self.what, self.total = what, total
        self.stream = stream or sys.stderr
        self.started = self._drawn = time.monotonic()
        self.shown = False

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self._drawn < EVERY:
            return
        self._drawn = now
        rate = done / max(now - self.started, 1e-9)
        if self.total:
            fraction = min(done / self.total, 1.0)
            filled = round(fraction * BAR_WIDTH)
            line = f"{self.what} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} {done:,}/{self.total:,} ({rate:,.0f}/s)"
        else:
            line = f"{self.what}: {done:,} ({rate:,.0f}/s)"
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def for_terminal(what: str, count_lines: Callable[[], int | None]) -> Progress | None:
    """A Progress when stderr is a terminal (else None); `count_lines` counts the input's lines
    (one VM per line after the header; None when it cannot say: then a running count). A
    quoted cell with a line break makes it an overestimate: the bar then stops short of 100%."""
    if not sys.stderr.isatty():
        return None
    lines = count_lines()
    return Progress(what, lines - 1 if lines else None)
