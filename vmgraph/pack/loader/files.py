"""One rule file: UTF-8 text, TOML, the schema version, the top-level keys and
[same_product]; every [[kind]] table becomes an Entry for its kind's checks."""

from __future__ import annotations

import re

from ...errors import RuleProblem, shown
from ..model import Reference, TodayRules
from .base import (
    SCHEMA_VERSION,
    TOP_LEVEL_KEYS,
    Checker,
    Entry,
    LineFinder,
    table_entry,
)

ENTRY_KINDS = ("product", "group", "move", "refusal", "feature", "preparation", "summary", "platform", "tool")
TOML_LINE = re.compile(r"at line (\d+)")
BYTE_ORDER_MARK = "\ufeff"


class Gathered:
    """Every file's entries, by kind, in file order; the one [same_product]."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = {kind: [] for kind in ENTRY_KINDS}
        self.same_product: Reference | None = None
        self.same_product_entry: Entry | None = None
        self.today: TodayRules | None = None
        self.today_entry: Entry | None = None
        self.compatibility_entry: Entry | None = None  # [today.compatibility], checked once the products are known


def read_files(checker: Checker, files: list[str], contents: list[bytes]) -> Gathered:
    gathered = Gathered()
    for file, raw in zip(files, contents):
        _read_file(checker, gathered, file, raw)
    return gathered


def _read_file(checker: Checker, gathered: Gathered, file: str, raw: bytes) -> None:
    import tomllib

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        checker.add(RuleProblem(file, f"not UTF-8 text: {error.reason} at byte {error.start}"))
        return
    if text.startswith(BYTE_ORDER_MARK):  # some editors start UTF-8 files with one
        text = text[1:]
    bound = beyond_bounds(text)
    if bound is not None:  # checked before parsing: Python's TOML reader is quadratic on long dotted keys
        checker.add(RuleProblem(file, bound[1], line=bound[0]))
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = TOML_LINE.search(str(error))
        checker.add(RuleProblem(file, f"TOML syntax error: {error}", line=int(match.group(1)) if match else None))
        return
    except ValueError:  # an integer past Python's 4,300-digit conversion limit
        checker.add(RuleProblem(file, "a number too long to read (rule files hold numbers of a few digits)"))
        return
    except RecursionError:
        checker.add(RuleProblem(file, "arrays or tables nested too deeply to read (rule data nests a few levels at most)"))
        return
    lines = LineFinder(text)
    if not _schema(checker, file, data):
        return
    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        checker.add(RuleProblem(file, f"unknown key '{shown(key, 40)}' (expected one of {', '.join(sorted(TOP_LEVEL_KEYS))})", line=lines.first(key)))
    if "same_product" in data:
        _same_product(checker, gathered, file, data["same_product"], lines)
    if "today" in data:
        _today(checker, gathered, file, data["today"], lines)
    for kind in ENTRY_KINDS:
        items = data.get(kind, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            checker.add(RuleProblem(file, f"'{kind}' must be an array of tables ([[{kind}]])", line=lines.first(kind)))
            continue
        for index, item in enumerate(items, start=1):
            entry = Entry(kind, item, file, index, lines)
            if checker.known_fields(entry):
                gathered.entries[kind].append(entry)


def _schema(checker: Checker, file: str, data: dict) -> bool:
    """False when the file is of a schema this vmgraph cannot read (then nothing else is checked)."""
    if "schema" not in data:
        checker.add(RuleProblem(file, f"missing 'schema = {SCHEMA_VERSION}'", field="schema"))
        return True
    schema = data["schema"]
    if type(schema) is not int:  # not True, not 1.0: TOML says what it means
        checker.add(RuleProblem(file, f"schema must be the whole number {SCHEMA_VERSION}, not {_toml(schema)}", field="schema"))
        return False
    if schema != SCHEMA_VERSION:
        checker.add(RuleProblem(file, f"schema {schema} is not supported (this vmgraph reads schema {SCHEMA_VERSION})", field="schema"))
        return False
    return True


def _single_table(checker: Checker, file: str, key: str, value: object, lines: LineFinder, first: Entry | None) -> Entry | None:
    """A table that appears once across all rule files ([same_product], [today]): its
    entry, or None (and the problem recorded) when it is not a table or a second one."""
    if not isinstance(value, dict):
        checker.add(RuleProblem(file, f"'{key}' must be a table ([{key}])", line=lines.first(key)))
        return None
    if first is not None:
        where = first.file if first.line() is None else f"{first.file}:{first.line()}"
        checker.add(RuleProblem(file, f"a second [{key}] (the first is at {where}); it appears once across all rule files", line=lines.first(key)))
        return None
    return Entry(key, value, file, 1, lines, label=f"[{key}]")


def _same_product(checker: Checker, gathered: Gathered, file: str, value: object, lines: LineFinder) -> None:
    entry = _single_table(checker, file, "same_product", value, lines, gathered.same_product_entry)
    if entry is None:
        return
    gathered.same_product_entry = entry
    if checker.known_fields(entry):
        gathered.same_product = checker.reference(entry)


def _today(checker: Checker, gathered: Gathered, file: str, value: object, lines: LineFinder) -> None:
    """[today]: what holds for every one of today's products (moves between hosts of one
    product, the in-place upgrade), and what some of them change in place besides
    ([today.compatibility], kept for loader/today.py)."""
    entry = _single_table(checker, file, "today", value, lines, gathered.today_entry)
    if entry is None:
        return
    gathered.today_entry = entry
    if not checker.known_fields(entry):
        return
    if "compatibility" in entry.data:
        raw = checker.get(entry, "compatibility", dict)
        if raw is not None:
            sub = table_entry(entry, "compatibility", raw)
            if checker.known_fields(sub):
                gathered.compatibility_entry = sub
    parts = {}
    for key in ("same_product", "upgrade"):
        raw = checker.get(entry, key, dict)
        if raw is None:
            return
        sub = table_entry(entry, key, raw)
        if not checker.known_fields(sub):
            return
        parts[key] = sub
    same_product = checker.reference(parts["same_product"])
    upgrade = checker.reference(parts["upgrade"])
    caveats = checker.string_list(parts["upgrade"], "caveats", required=False)
    if None not in (same_product, upgrade, caveats):
        gathered.today = TodayRules(same_product, upgrade, caveats)  # type: ignore[arg-type]


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return shown(repr(value), 40)


MAX_LINE_CHARACTERS = 10_000  # the shipped rules' longest line is under 1,000
MAX_KEY_PARTS = 32  # dotted keys (a.b.c = ...) and table headers ([a.b.c]); rule files use 2 at most


def beyond_bounds(text: str) -> tuple[int, str] | None:
    """The first line past a bound, and which bound, before the TOML reader sees the text."""
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARACTERS:
            return number, f"line longer than {MAX_LINE_CHARACTERS:,} characters ({len(line):,}): too long for a rule file"
        parts = _key_parts(line)
        if parts > MAX_KEY_PARTS:
            return number, f"a key of {parts:,} dotted parts: at most {MAX_KEY_PARTS} are read"
    return None


def _key_parts(line: str) -> int:
    """How many dotted parts the key of a `key = value` line or a `[table]` header has
    (dots inside quoted parts do not count)."""
    text = line.lstrip()
    if text.startswith("["):
        text = text.lstrip("[")
        end = "]"
    else:
        end = "="
    parts, quote = 1, None
    for char in text:
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts += 1
        elif char == end or char == "#":
            break
    return parts
