"""The one error hierarchy of vmgraph.

The core raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from typing import NamedTuple



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
        return ": ".join(parts) + f": {self.message}"


class RuleError(VmgraphError):
    """A rule pack failed validation; carries every problem found."""

    def __init__(self, problems: list[RuleProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"invalid rule pack ({count} {noun}):\n" + "\n".join(map(str, self.problems)))


class UnknownProduct(VmgraphError):
    """A name that matches no product, group or alias."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else "; see 'vmgraph products'"
        super().__init__(f"unknown product '{name}'{hint}")


class InvalidRequest(VmgraphError):
    """A question vmgraph cannot answer as asked (bad option value, impossible VM).

    `field` names the part of the question at fault in API terms (`hardware`,
    `max_moves`); the CLI shows it as its option (`--hardware`, `--max-moves`).
    """

    def __init__(self, message: str, field: str | None = None, value: object = None):
        self.message, self.field, self.value = message, field, value
        super().__init__(f"{field}={value!r}: {message}" if field else message)

    def cli_message(self) -> str:
        if not self.field:
            return self.message
        option = "--" + self.field.replace("_", "-").replace("sixty-four-bit", "64bit")
        if self.value is True:  # a flag: nothing to echo
            return f"{option}: {self.message}"
        return f"{option} {self.value}: {self.message}"


class VmxError(VmgraphError):
    """A VM's configuration file (.vmx, .vmsd) vmgraph cannot read: which file, which line, why."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file = file
        self.line = line
        self.message = message
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {message}")


def _or_list(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
