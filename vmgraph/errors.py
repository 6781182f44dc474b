"""The one error hierarchy of vmgraph.

The core raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# What breaks a one-line message or a terminal: C0/C1 controls, DEL, line and
# paragraph separators, the bidirectional overrides that reorder text, and lone
# surrogates (a path's undecodable byte, a JSON "\ud800"), which no UTF-8 output takes.
# Compiled on first use: most runs never need it.
CONTROL_CHARACTERS = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_control = None


def _pattern():
    global _control
    if _control is None:
        import re

        _control = re.compile(CONTROL_CHARACTERS)
    return _control


def find_control(text: str) -> str | None:
    """The first control character in `text`, or None."""
    match = _pattern().search(text)
    return match.group() if match else None


def escape(text: str) -> str:
    """`text` with every control character written as an escape (\\n, \\x1b, \\u2028)."""
    return _pattern().sub(lambda match: repr(match.group())[1:-1], text)


def shown(value: Any, limit: int = 80) -> str:
    """A value as an error message may echo it: escaped, and cut short when long."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = f"{text[:limit]}... ({len(text)} characters)"
    return escape(text)


class VmgraphError(Exception):
    """Base class: every error vmgraph raises on purpose."""


class RuleProblem(NamedTuple):
    """One thing wrong in a rule file: where it is and what is wrong."""

    file: str
    message: str
    entry: str | None = None  # e.g. "move #3"
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(f"field '{self.field}'")
        return escape(": ".join(parts) + f": {self.message}")


class RuleError(VmgraphError):
    """A rule pack failed validation; carries every problem found."""

    def __init__(self, problems: list[RuleProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"invalid rule pack ({count} {noun}):\n" + "\n".join(map(str, self.problems)))


class RuleFileError(RuleError):
    """Rule files that cannot be had at all: a missing or unreadable path, a path
    that is not a regular file, a folder with no rule files, no path to load."""


class UnknownProduct(VmgraphError, ValueError):
    """A name that matches no product, group or alias."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else "; see 'vmgraph products'"
        super().__init__(f"unknown product '{shown(name)}'{hint}")


class DrawingError(VmgraphError):
    """A drawing that cannot be made or saved (format, folder, permissions)."""


class InvalidRequest(VmgraphError):
    """A question vmgraph cannot answer as asked (bad option value, impossible VM)."""


class VmxError(VmgraphError):
    """A VM's configuration file (.vmx, .vmsd) vmgraph cannot read: which file, which line, why."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file = file
        self.line = line
        self.message = message
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {message}")


class InvalidArgument(InvalidRequest):
    """A library argument that is wrong: names the argument as the API does
    (`vm.hardware`, `constraints.avoid`, `weights`), the value, and the problem.

    The CLI words the same error with its own option names.
    """

    quote = False  # show the value's repr (its type matters), not the value

    def __init__(self, argument: str, value: Any, problem: str, show_value: bool = True):
        self.argument, self.value, self.problem = argument, value, problem
        text = shown(repr(value) if self.quote else value)
        super().__init__(f"{argument}={text}: {problem}" if show_value else f"{argument}: {problem}")


class InvalidArgumentType(InvalidArgument, TypeError):
    """An argument of the wrong type (None for a product name, a str for a number)."""

    quote = True


class InvalidArgumentValue(InvalidArgument, ValueError):
    """An argument of the right type but an impossible value (generation 7, a negative weight)."""


def _or_list(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


class InventoryError(VmgraphError):
    """An inventory file (RVTools, govc, PowerCLI, plain CSV) vmgraph cannot read, or one bad
    row of it: ``FILE: row N, column 'C': reason``. `row` is where the file has it: a CSV's
    line, an .xlsx sheet's row, a JSON list's item counted from 1 (InventoryVM.row); `where`
    is the location as the message words it."""

    def __init__(self, file: str, reason: str, row: int | None = None, column: str | None = None, where: str | None = None):
        self.file, self.reason, self.row, self.column = file, reason, row, column
        if where is None:
            parts = [] if row is None else [f"row {row}"]
            if column is not None:
                parts.append(f"column '{column}'")
            where = ", ".join(parts)
        self.where = where
        super().__init__(escape(f"{file}: {where}: {reason}" if where else f"{file}: {reason}"))
