"""What every command promises, as helpers for the tests that hold it to that: one error line,
bounded time (a hang fails the test, not the suite) and bounded memory (a blow-up fails fast)."""

from __future__ import annotations

import resource
import signal
from contextlib import contextmanager

SECONDS_PER_CALL = 30  # a hang fails the test instead of stalling the suite


def one_line(result, code=2):
    """The one error line of a CliRunner result that exited with `code`, and no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("vmgraph: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def within_memory(megabytes: int):
    """A child's address space bounded, so a blow-up fails fast instead of taking the machine."""
    limit = megabytes * 1024 * 1024
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@contextmanager
def time_bound(seconds: float = SECONDS_PER_CALL):
    def expired(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def no_constants(word):
    """json.loads(..., parse_constant=no_constants): NaN and Infinity are not JSON."""
    raise AssertionError(f"{word} is not JSON")
