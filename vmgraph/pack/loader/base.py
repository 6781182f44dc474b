"""What every entry kind's checks share: the entry, where it is in its file,
and the field readers that record a problem instead of raising."""

from __future__ import annotations

import bisect
import re
from typing import Any

from ...errors import RuleProblem, find_control, shown
from ..model import GENERATIONS, Origin, Reference

SCHEMA_VERSION = 1

TOP_LEVEL_KEYS = {"schema", "same_product", "today", "product", "group", "move", "refusal", "feature", "preparation", "summary", "platform", "tool"}
FIELDS = {
    "product": {"name", "generation", "hardware", "floor", "lacks", "cannot_create", "family", "aliases", "can_create", "runs", "follows", "source"},
    "product.floor": {"hardware", "source"},
    "product.lacks": {"hardware", "source"},
    "product.cannot_create": {"hardware", "source"},
    "product.runs": {"hardware", "mode", "moves_as", "create", "source"},
    "group": {"name", "members", "aliases", "source"},
    "move": {"from", "to", "created_with", "by", "transfer", "hardware", "condition", "caveats", "caveats_when", "tool", "says", "source", "inferred"},
    "platform": {"name", "products", "guests", "source"},
    "tool": {"name", "runs_on", "source"},
    "refusal": {"from", "to", "created_with", "reason", "advice", "policy", "host", "source"},
    "feature": {"name", "products", "reason", "source"},
    "preparation": {"when", "stage", "action", "products", "once", "source"},
    "same_product": {"source"},
    "today": {"same_product", "upgrade", "compatibility"},
    "today.same_product": {"source"},
    "today.upgrade": {"caveats", "source"},
    "today.compatibility": {"products", "oldest", "caveats", "down", "exception", "source"},
    "today.compatibility.down": {"source"},
    "today.compatibility.exception": {"hardware", "reason", "source"},
    "summary": {"from", "to", "says", "source"},
    "source": {"section", "page", "url", "title", "inferred"},
}
_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$")  # no spaces, no control characters
GENERATION_SELECTOR = re.compile(r"^generation ([0-9]+)$", re.IGNORECASE)


class LineFinder:
    """Finds where the n-th [[kind]] entry, or one of its fields, starts in a file.

    tomllib gives no positions for parsed values, so this scans the text once
    for table headers; fields are looked up only when a problem is reported.
    """

    HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.]+)\s*\]\]?\s*(#.*)?$")

    def __init__(self, text: str):
        self.text_lines = text.split("\n")  # TOML counts lines by \n alone
        self.starts: dict[str, list[int]] = {}
        self.all_starts: list[int] = []
        for number, line in enumerate(self.text_lines, start=1):
            match = self.HEADER.match(line)
            if match:
                self.starts.setdefault(match.group(1), []).append(number)
                self.all_starts.append(number)

    def find(self, kind: str, index: int, field_name: str | None) -> int | None:
        starts = self.starts.get(kind, [])
        if index < 1 or index > len(starts):
            return None
        start = starts[index - 1]
        if field_name is None:
            return start
        after = bisect.bisect_right(self.all_starts, start)
        end = self.all_starts[after] if after < len(self.all_starts) else len(self.text_lines) + 1
        pattern = re.compile(rf"^\s*{re.escape(field_name)}\s*=")
        for number in range(start + 1, end):
            if pattern.match(self.text_lines[number - 1]):
                return number
        return start

    def first(self, key: str) -> int | None:
        """The first line that sets or opens a top-level key."""
        pattern = re.compile(rf"^\s*(\[\[?\s*)?{re.escape(key)}\b")
        for number, line in enumerate(self.text_lines, start=1):
            if pattern.match(line):
                return number
        return None


class Entry:
    """One [[kind]] table of one file, with what is needed to point at it."""

    def __init__(self, kind: str, data: dict[str, Any], file: str, index: int, lines: LineFinder, label: str | None = None):
        self.kind, self.data, self.file, self.index, self.lines = kind, data, file, index, lines  # index: 1-based per file and kind
        name = data.get("name") if isinstance(data.get("name"), str) else None
        self.label = label or (f"{kind} '{shown(name, 100)}'" if name else f"{kind} #{index}")

    def line(self, field_name: str | None = None) -> int | None:
        return self.lines.find(self.kind, self.index, field_name)

    def problem(self, message: str, field_name: str | None = None) -> RuleProblem:
        return RuleProblem(self.file, message, self.label, field_name, self.line(field_name))

    def origin(self) -> Origin:
        return Origin(self.file, self.label)


class InlineEntry(Entry):
    """An inline table inside an entry (`floor = { ... }`): its problems point at the
    line that opens it."""

    def __init__(self, parent: Entry, key: str, data: dict[str, Any]):
        super().__init__(f"{parent.kind}.{key}", data, parent.file, parent.index, parent.lines, label=f"{parent.label}, {key}")
        self.parent, self.key = parent, key

    def line(self, field_name: str | None = None) -> int | None:
        return self.parent.line(self.key)


def table_entry(parent: Entry, key: str, data: dict[str, Any]) -> Entry:
    """A table inside a [today] table, written under its own header ([today.upgrade])
    or inline (`down = { ... }`): labelled by its whole name either way, its problems
    point at its header or at the line that opens it."""
    kind = f"{parent.kind}.{key}"
    if parent.lines.starts.get(kind):
        return Entry(kind, data, parent.file, 1, parent.lines, label=f"[{kind}]")
    inline = InlineEntry(parent, key, data)
    inline.label = f"[{kind}]"
    return inline


class Checker:
    """Collects every problem; each reader returns None (and records why) when a value is bad."""

    def __init__(self) -> None:
        self.problems: list[RuleProblem] = []

    def add(self, problem: RuleProblem) -> None:
        self.problems.append(problem)

    def known_fields(self, entry: Entry) -> bool:
        ok = True
        for key in sorted(set(entry.data) - FIELDS[entry.kind]):
            self.add(entry.problem(f"unknown field (expected one of {', '.join(sorted(FIELDS[entry.kind]))})", shown(key, 40)))
            ok = False
        return ok

    def get(self, entry: Entry, key: str, kind: type | tuple[type, ...], required: bool = True, default: Any = None) -> Any:
        if key not in entry.data:
            if required:
                self.add(entry.problem("missing required field", key))
            return default
        value = entry.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.add(entry.problem(f"expected {type_word(expected)}, got {type_word(type(value).__name__)} {shown(repr(value))}", key))
            return None
        if isinstance(value, str) and not self.one_line(entry, key, value):
            return None
        return value

    def one_line(self, entry: Entry, key: str, text: str) -> bool:
        """Names and prose alike are printed on one line: no control characters."""
        found = find_control(text)
        if found:
            self.add(entry.problem(f"control character U+{ord(found):04X} in '{shown(text, 40)}' (rule text is one line of printable characters)", key))
            return False
        return True

    def string_list(self, entry: Entry, key: str, required: bool = True) -> tuple[str, ...] | None:
        value = self.get(entry, key, list, required, default=[])
        if value is None:
            return None
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.add(entry.problem("expected a list of non-empty strings", key))
            return None
        if not all(self.one_line(entry, key, item) for item in value):
            return None
        if required and not value:
            self.add(entry.problem("must not be empty", key))
            return None
        return tuple(value)

    def choice(self, entry: Entry, key: str, choices: tuple[str, ...], required: bool = True, default: str | None = None) -> str | None:
        value = self.get(entry, key, str, required, default)
        if value is not None and value not in choices:
            self.add(entry.problem(f"unknown value '{shown(value)}' (expected {', '.join(choices)})", key))
            return None
        return value

    def reference(self, entry: Entry) -> Reference | None:
        source = self.get(entry, "source", dict)
        if source is None:
            return None
        before = len(self.problems)
        for key in sorted(set(source) - FIELDS["source"]):
            self.add(entry.problem(f"unknown key '{shown(key, 40)}' in source (expected section and page, or url and title; and inferred)", "source"))
        section, page, inferred = source.get("section"), source.get("page"), source.get("inferred")
        url, title = source.get("url"), source.get("title")
        cites_guide, cites_other = "section" in source or "page" in source, "url" in source or "title" in source
        if cites_guide and cites_other:
            self.add(entry.problem("source cites the guide (section, page) or another source (url, title), not both", "source"))
        elif cites_other:
            if not isinstance(url, str) or not _URL.match(url):
                self.add(entry.problem("source 'url' must be an http:// or https:// address, with no spaces or control characters", "source"))
            if not isinstance(title, str) or not title.strip():
                self.add(entry.problem("source needs 'title' with its 'url': the name of the page or document", "source"))
            else:
                self.one_line(entry, "source", title)
        else:
            if not isinstance(section, str) or not section.strip():
                self.add(entry.problem("source needs 'section', the guide's section title (or 'url' and 'title' for another source)", "source"))
            else:
                self.one_line(entry, "source", section)
            if not isinstance(page, int) or isinstance(page, bool) or page < 1:
                self.add(entry.problem("source needs 'page', a page number of the guide", "source"))
        if inferred is not None and (not isinstance(inferred, str) or not inferred.strip()):
            self.add(entry.problem("source 'inferred' must be the reasoning, as text", "source"))
        elif inferred is not None:
            self.one_line(entry, "source", inferred)
        if len(self.problems) > before:
            return None
        if cites_other:
            return Reference(None, None, inferred, url, title.strip())
        return Reference(section.strip(), page, inferred)

    def generation(self, entry: Entry, key: str) -> int | None:
        value = self.get(entry, key, int)
        if value is not None and value not in GENERATIONS:
            self.add(entry.problem(impossible_generation(value), key))
            return None
        return value


    def hardware_version(self, entry: Entry, key: str) -> int | None:
        """A hardware version written "vmx-19" (or "vmx-04"), as its level."""
        from ...vm.hardware import HardwareNameError, level_of_version

        value = self.get(entry, key, str)
        if value is None:
            return None
        match = VERSION_TEXT.match(value)
        if not match:
            self.add(entry.problem(f"expected a hardware version written vmx-N (vmx-04, vmx-19), not '{shown(value, 40)}'", key))
            return None
        try:
            return level_of_version(int(match.group(1)))
        except HardwareNameError as error:
            self.add(entry.problem(str(error), key))
            return None

    def hardware_versions(self, entry: Entry, key: str) -> tuple[int, ...] | None:
        """A non-empty list of hardware versions written "vmx-12", as their levels."""
        from ...vm.hardware import HARDWARE_VERSIONS, level_of_version

        names = self.string_list(entry, key)
        if names is None:
            return None
        levels = []
        for text in names:
            match = VERSION_TEXT.match(text)
            if not match or int(match.group(1)) not in HARDWARE_VERSIONS:
                self.add(entry.problem(f"expected hardware versions written vmx-N (vmx-12), not '{shown(text, 40)}'", key))
                return None
            levels.append(level_of_version(int(match.group(1))))
        return tuple(levels)


VERSION_TEXT = re.compile(r"^vmx-([0-9]{1,3})$")


def impossible_generation(value: int) -> str:
    return f"generation {shown(value)} is impossible (the guide's generations are {GENERATIONS[0]} to {GENERATIONS[-1]})"


def type_word(name: str) -> str:
    return {"str": "text", "int": "a whole number", "bool": "true or false", "list": "a list", "dict": "a table", "float": "a number"}.get(name, name)
