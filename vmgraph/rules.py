"""The one reader of rule files: parse, validate, cross-check, build the model.

Every problem is collected (not just the first) and reported with the file,
the entry, the field and, where it can be found, the line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import RuleError, RuleProblem
from .model import (
    FAMILIES,
    GENERATIONS,
    HARDWARE_CHOICES,
    PREPARATION_STAGES,
    RUN_MODES,
    TRANSFERS,
    VM_CONDITIONS,
    Feature,
    Group,
    MoveRule,
    Origin,
    Preparation,
    Product,
    Refusal,
    Reference,
    RulePack,
    RunsHardware,
    SummaryCell,
)
from .names import name_key, suggest

SCHEMA_VERSION = 1

TOP_LEVEL_KEYS = {"schema", "same_product", "product", "group", "move", "refusal", "feature", "preparation", "summary"}
FIELDS = {
    "product": {"name", "generation", "family", "aliases", "can_create", "runs", "follows", "source"},
    "product.runs": {"hardware", "mode", "moves_as", "create", "source"},
    "group": {"name", "members", "aliases", "source"},
    "move": {"from", "to", "created_with", "transfer", "hardware", "condition", "caveats", "source", "inferred"},
    "refusal": {"from", "to", "created_with", "reason", "advice", "policy", "host", "source"},
    "feature": {"name", "products", "reason", "source"},
    "preparation": {"when", "stage", "action", "products", "once", "source"},
    "same_product": {"source"},
    "summary": {"from", "to", "says", "source"},
    "source": {"section", "page", "inferred"},
}
GENERATION_SELECTOR = re.compile(r"^generation ([0-9]+)$", re.IGNORECASE)
TOML_LINE = re.compile(r"at line (\d+)")


def default_rules_dir() -> Path:
    """The shipped rule pack: inside the installed package, else the checkout's rules/."""
    try:
        from . import _rules  # type: ignore[attr-defined]  # mapped onto rules/ at build time

        return Path(next(iter(_rules.__path__)))
    except ImportError:
        return Path(__file__).resolve().parent.parent / "rules"


def rule_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their *.toml files (sorted); a missing path is an error."""
    files: list[Path] = []
    problems = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                problems.append(RuleProblem(str(path), "folder holds no .toml rule files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(RuleProblem(str(path), "no such file or folder"))
    if problems:
        raise RuleError(problems)
    return files


def load_rules(extra: list[Path] | tuple[Path, ...] = (), include_default: bool = True) -> RulePack:
    """Load the shipped pack (unless told not to) and then each extra file or folder."""
    paths = ([default_rules_dir()] if include_default else []) + [Path(p) for p in extra]
    if not paths:
        raise RuleError([RuleProblem("(no rule files)", "--no-default-rules needs at least one --rules PATH")])
    files = rule_files(paths)
    contents = []
    for path in files:
        try:
            contents.append(path.read_bytes())
        except OSError as error:
            raise RuleError([RuleProblem(str(path), f"cannot read: {error.strerror}")]) from None
    from .pack_cache import cached

    return cached(files, contents, lambda: _Loader(files, contents).build())


# ----------------------------------------------------------------------------- parsing


class _Entry:
    """One [[kind]] table of one file, with what is needed to point at it."""

    def __init__(self, kind: str, data: dict[str, Any], file: str, index: int, lines: "_LineFinder"):
        self.kind, self.data, self.file, self.index, self.lines = kind, data, file, index, lines  # index: 1-based per file and kind
        name = data.get("name") if isinstance(data.get("name"), str) else None
        self.label = f"{kind} '{name}'" if name else f"{kind} #{index}"

    def line(self, field_name: str | None = None) -> int | None:
        return self.lines.find(self.kind, self.index, field_name)

    def problem(self, message: str, field_name: str | None = None) -> RuleProblem:
        return RuleProblem(self.file, message, self.label, field_name, self.line(field_name))

    def origin(self) -> Origin:
        return Origin(self.file, self.label)


class _LineFinder:
    """Finds where the n-th [[kind]] entry, or one of its fields, starts in a file.

    tomllib gives no positions for parsed values, so this scans the text; it is
    only used when a problem has to be reported.
    """

    HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.]+)\s*\]\]?\s*(#.*)?$")

    def __init__(self, text: str):
        self.text_lines = text.splitlines()
        self.headers: list[tuple[str, int]] = []
        for number, line in enumerate(self.text_lines, start=1):
            match = self.HEADER.match(line)
            if match:
                self.headers.append((match.group(1), number))

    def find(self, kind: str, index: int, field_name: str | None) -> int | None:
        starts = [number for name, number in self.headers if name == kind]
        if index < 1 or index > len(starts):
            return None
        start = starts[index - 1]
        if field_name is None:
            return start
        later = [number for _, number in self.headers if number > start]
        end = later[0] if later else len(self.text_lines) + 1
        pattern = re.compile(rf"^\s*{re.escape(field_name)}\s*=")
        for number in range(start + 1, end):
            if pattern.match(self.text_lines[number - 1]):
                return number
        return start


class _Loader:
    def __init__(self, files: list[Path], contents: list[bytes]):
        self.files = files
        self.contents = contents
        self.problems: list[RuleProblem] = []
        self.entries: dict[str, list[_Entry]] = {kind: [] for kind in FIELDS}
        self.same_product: Reference | None = None
        self._run_entries: dict[str, list[tuple[_Entry, RunsHardware]]] = {}
        self._product_entries: dict[str, _Entry] = {}
        self._refusal_entries: dict[Origin, _Entry] = {}

    # The pipeline: read every file, check entries one by one, then across entries.
    def build(self) -> RulePack:
        for path, data in zip(self.files, self.contents):
            self._read_file(path, data)
        products = self._products()
        groups = self._groups(products)
        names, name_owner = self._names(products, groups)
        self._check_runs(products)
        selector = _Selector(self, products, groups)
        moves = self._moves(products, selector)
        refusals = self._refusals(selector)
        self._check_contradictions(moves, refusals)
        features = self._features(products)
        preparations = self._preparations(products)
        summary = self._summary()
        if self.same_product is None and not self.problems:
            self.problems.append(RuleProblem(", ".join(map(str, self.files)), "no [same_product] table in any rule file"))
        if self.problems:
            raise RuleError(self.problems)
        return RulePack(
            schema=SCHEMA_VERSION,
            files=tuple(map(str, self.files)),
            products={p.name: p for p in products},
            groups={g.name: g for g in groups},
            moves=tuple(moves),
            refusals=tuple(refusals),
            features={f.name: f for f in features},
            preparations=tuple(preparations),
            same_product=self.same_product,  # type: ignore[arg-type]
            names=names,
            name_owner=name_owner,
            summary=tuple(summary),
        )

    def _read_file(self, path: Path, raw: bytes) -> None:
        import tomllib

        file = str(path)
        try:
            text = raw.decode("utf-8")
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = TOML_LINE.search(str(error))
            self.problems.append(RuleProblem(file, f"TOML syntax error: {error}", line=int(match.group(1)) if match else None))
            return
        except UnicodeDecodeError as error:
            self.problems.append(RuleProblem(file, f"not UTF-8 text: {error.reason} at byte {error.start}"))
            return
        lines = _LineFinder(text)
        schema = data.get("schema")
        if schema is None:
            self.problems.append(RuleProblem(file, f"missing 'schema = {SCHEMA_VERSION}'", field="schema"))
        elif schema != SCHEMA_VERSION:
            self.problems.append(RuleProblem(file, f"schema {schema!r} is not supported (this vmgraph reads schema {SCHEMA_VERSION})", field="schema"))
            return
        for key in sorted(set(data) - TOP_LEVEL_KEYS):
            self.problems.append(RuleProblem(file, f"unknown key '{key}' (expected one of {', '.join(sorted(TOP_LEVEL_KEYS))})", line=_first_line(lines, key)))
        if "same_product" in data:
            entry = _Entry("same_product", data["same_product"] if isinstance(data["same_product"], dict) else {}, file, 1, lines)
            if self._check_fields(entry):
                reference = self._reference(entry)
                if reference:
                    self.same_product = reference
        for kind in ("product", "group", "move", "refusal", "feature", "preparation", "summary"):
            items = data.get(kind, [])
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                self.problems.append(RuleProblem(file, f"'{kind}' must be an array of tables ([[{kind}]])", line=_first_line(lines, kind)))
                continue
            for index, item in enumerate(items, start=1):
                entry = _Entry(kind, item, file, index, lines)
                if self._check_fields(entry):
                    self.entries[kind].append(entry)

    def _check_fields(self, entry: _Entry) -> bool:
        ok = True
        for key in sorted(set(entry.data) - FIELDS[entry.kind]):
            self.problems.append(entry.problem(f"unknown field (expected one of {', '.join(sorted(FIELDS[entry.kind]))})", key))
            ok = False
        return ok

    # -- field readers: each returns None (and records a problem) when the value is bad

    def _get(self, entry: _Entry, key: str, kind: type | tuple[type, ...], required: bool = True, default: Any = None) -> Any:
        if key not in entry.data:
            if required:
                self.problems.append(entry.problem("missing required field", key))
            return default
        value = entry.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.problems.append(entry.problem(f"expected {_type_word(expected)}, got {_type_word(type(value).__name__)} {value!r}", key))
            return None
        return value

    def _string_list(self, entry: _Entry, key: str, required: bool = True) -> tuple[str, ...] | None:
        value = self._get(entry, key, list, required, default=[])
        if value is None:
            return None
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.problems.append(entry.problem("expected a list of non-empty strings", key))
            return None
        if required and not value:
            self.problems.append(entry.problem("must not be empty", key))
            return None
        return tuple(value)

    def _choice(self, entry: _Entry, key: str, choices: tuple[str, ...], required: bool = True, default: str | None = None) -> str | None:
        value = self._get(entry, key, str, required, default)
        if value is not None and value not in choices:
            self.problems.append(entry.problem(f"unknown value '{value}' (expected {', '.join(choices)})", key))
            return None
        return value

    def _reference(self, entry: _Entry) -> Reference | None:
        source = self._get(entry, "source", dict)
        if source is None:
            return None
        problems_before = len(self.problems)
        for key in sorted(set(source) - FIELDS["source"]):
            self.problems.append(entry.problem(f"unknown key '{key}' in source (expected section, page, inferred)", "source"))
        section, page, inferred = source.get("section"), source.get("page"), source.get("inferred")
        if not isinstance(section, str) or not section.strip():
            self.problems.append(entry.problem("source needs 'section', the guide's section title", "source"))
        if not isinstance(page, int) or isinstance(page, bool) or page < 1:
            self.problems.append(entry.problem("source needs 'page', a page number of the guide", "source"))
        if inferred is not None and (not isinstance(inferred, str) or not inferred.strip()):
            self.problems.append(entry.problem("source 'inferred' must be the reasoning, as text", "source"))
        if len(self.problems) > problems_before:
            return None
        return Reference(section.strip(), page, inferred)

    def _generation(self, entry: _Entry, key: str) -> int | None:
        value = self._get(entry, key, int)
        if value is not None and value not in GENERATIONS:
            self.problems.append(entry.problem(f"generation {value} is impossible (the guide's generations are {GENERATIONS[0]} to {GENERATIONS[-1]})", key))
            return None
        return value

    # -- entries

    def _products(self) -> list[Product]:
        products: list[Product] = []
        seen: dict[str, _Entry] = {}
        runs_index = 0
        for entry in self.entries["product"]:
            name = self._get(entry, "name", str)
            generation = self._generation(entry, "generation")
            family = self._choice(entry, "family", FAMILIES)
            aliases = self._string_list(entry, "aliases", required=False)
            can_create = self._get(entry, "can_create", bool, required=False, default=True)
            follows = self._get(entry, "follows", str, required=False)
            reference = self._reference(entry)
            runs = []
            raw_runs = entry.data.get("runs", [])
            if not isinstance(raw_runs, list):
                self.problems.append(entry.problem("expected an array of tables ([[product.runs]])", "runs"))
                raw_runs = []
            for raw in raw_runs:
                runs_index += 1
                sub = _Entry("product.runs", raw if isinstance(raw, dict) else {}, entry.file, runs_index, entry.lines)
                sub.label = f"{entry.label}, runs #{len(runs) + 1}"
                if not self._check_fields(sub):
                    continue
                hardware = self._generation(sub, "hardware")
                mode = self._choice(sub, "mode", RUN_MODES)
                moves_as = self._get(sub, "moves_as", str)
                create = self._get(sub, "create", bool, required=False, default=False)
                runs_reference = self._reference(sub)
                if create and (mode != "legacy" or entry.data.get("can_create") is False):
                    self.problems.append(sub.problem("only a product that can create VMs creates legacy VMs, and only in legacy mode", "create"))
                    create = None
                if None not in (hardware, mode, moves_as, create, runs_reference):
                    runs.append((sub, RunsHardware(hardware, mode, moves_as, runs_reference, create)))
            if follows is not None and follows == name:
                self.problems.append(entry.problem("a product cannot follow itself", "follows"))
                follows = None
            if None in (name, generation, family, aliases, can_create, reference):
                continue
            if name in seen:
                self.problems.append(entry.problem(f"duplicate product (first defined in {seen[name].file} as {seen[name].label})", "name"))
                continue
            if GENERATION_SELECTOR.match(name) or name == "*":
                self.problems.append(entry.problem("this name is reserved for selecting products in moves and refusals", "name"))
                continue
            seen[name] = entry
            self._run_entries[name] = runs
            products.append(Product(name, generation, family, can_create, aliases, tuple(r for _, r in runs), reference, follows))
        self._product_entries = seen
        return self._resolve_follows(products)

    def _resolve_follows(self, products: list[Product]) -> list[Product]:
        by_name = {p.name: p for p in products}
        resolved = []
        for product in products:
            if product.follows is None:
                resolved.append(product)
                continue
            leader = by_name.get(product.follows)
            entry = self._product_entries[product.name]
            if leader is None:
                self.problems.append(entry.problem(f"unknown product '{product.follows}'", "follows"))
                continue
            if leader.follows is not None:
                self.problems.append(entry.problem(f"'{leader.name}' follows another product itself; follow '{leader.follows}' instead", "follows"))
                continue
            if leader.generation != product.generation:
                self.problems.append(entry.problem(f"'{leader.name}' is generation {leader.generation}, not {product.generation}", "follows"))
                continue
            runs = product.runs or leader.runs  # a follower without its own runs takes its leader's
            if not self._run_entries.get(product.name):
                self._run_entries[product.name] = self._run_entries.get(leader.name, [])
            resolved.append(Product(product.name, product.generation, product.family, product.can_create, product.aliases, runs, product.reference, product.follows))
        return resolved

    def _check_runs(self, products: list[Product]) -> None:
        by_name = {p.name: p for p in products}
        for product in products:
            seen_hardware = set()
            for sub, runs in self._run_entries.get(product.name, []):
                if runs.hardware == product.generation:
                    self.problems.append(sub.problem(f"generation {runs.hardware} is {product.name}'s own; list only other hardware", "hardware"))
                if runs.hardware in seen_hardware:
                    self.problems.append(sub.problem(f"hardware {runs.hardware} is listed twice", "hardware"))
                seen_hardware.add(runs.hardware)
                if runs.mode == "legacy" and runs.hardware > product.generation:
                    self.problems.append(sub.problem(f"legacy mode runs older hardware, but {runs.hardware} is newer than {product.name}'s generation {product.generation}", "hardware"))
                leader = by_name.get(runs.moves_as)
                if leader is None:
                    self.problems.append(sub.problem(f"unknown product '{runs.moves_as}'", "moves_as"))
                elif leader.is_esx != product.is_esx:
                    self.problems.append(sub.problem(f"'{leader.name}' keeps its disks in another format than {product.name} (ESX Server and hosted products differ)", "moves_as"))
                elif leader.generation != runs.hardware:
                    self.problems.append(sub.problem(f"'{leader.name}' creates generation {leader.generation} hardware, not {runs.hardware}", "moves_as"))

    def _groups(self, products: list[Product]) -> list[Group]:
        known = {p.name for p in products}
        groups: list[Group] = []
        for entry in self.entries["group"]:
            name = self._get(entry, "name", str)
            members = self._string_list(entry, "members")
            aliases = self._string_list(entry, "aliases", required=False)
            reference = self._reference(entry)
            if None in (name, members, aliases, reference):
                continue
            unknown = [m for m in members if m not in known]
            for member in unknown:
                self.problems.append(entry.problem(f"unknown product '{member}'", "members"))
            if name in known or any(g.name == name for g in groups):
                self.problems.append(entry.problem("duplicate name: a product or group already has it", "name"))
                continue
            if not unknown:
                groups.append(Group(name, members, aliases, reference))
        return groups

    def _names(self, products: list[Product], groups: list[Group]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
        """Every name a person may type, keyed loosely, mapped to the products it means."""
        names: dict[str, tuple[str, ...]] = {}
        owners: dict[str, str] = {}

        def add(entry: _Entry, field_name: str, spoken: str, meaning: tuple[str, ...], owner: str) -> None:
            key = name_key(spoken)
            if not key:
                self.problems.append(entry.problem(f"'{spoken}' is not a usable name", field_name))
            elif key in names and names[key] != meaning:
                self.problems.append(entry.problem(f"duplicate name '{spoken}': it already means {owners[key]}", field_name))
            else:
                names[key] = meaning
                owners[key] = owner

        for product in products:
            entry = self._product_entries[product.name]
            add(entry, "name", product.name, (product.name,), product.name)
            for alias in product.aliases:
                add(entry, "aliases", alias, (product.name,), product.name)
        group_entries = {e.data.get("name"): e for e in self.entries["group"]}
        for group in groups:
            entry = group_entries[group.name]
            add(entry, "name", group.name, group.members, group.name)
            for alias in group.aliases:
                add(entry, "aliases", alias, group.members, group.name)
        return names, owners

    def _moves(self, products: list[Product], selector: "_Selector") -> list[MoveRule]:
        by_name = {p.name: p for p in products}
        moves: list[MoveRule] = []
        seen: dict[tuple[str, str], MoveRule] = {}
        for entry in self.entries["move"]:
            sources = selector.select(entry, "from")
            targets = selector.select(entry, "to")
            transfer = self._choice(entry, "transfer", TRANSFERS)
            hardware = self._string_list(entry, "hardware", required=False) or ("keep",)
            condition = self._get(entry, "condition", str, required=False)
            caveats = self._string_list(entry, "caveats", required=False)
            reference = self._reference(entry)
            inferred = self._inferred_fields(entry)
            created_with = self._created_with(entry, sources, by_name)
            for choice in hardware:
                if choice not in HARDWARE_CHOICES:
                    self.problems.append(entry.problem(f"unknown value '{choice}' (expected {', '.join(HARDWARE_CHOICES)})", "hardware"))
            if len(set(hardware)) != len(hardware):
                self.problems.append(entry.problem("a choice is listed twice", "hardware"))
            if None in (sources, targets, transfer, caveats, reference, inferred, created_with) or not set(hardware) <= set(HARDWARE_CHOICES):
                continue
            for source, target, reason in _with_followers(sources, targets, by_name):
                rule = MoveRule(
                    source, target, transfer, hardware, condition, caveats,
                    Reference(reference.section, reference.page, reference.inferred or reason),
                    inferred, entry.origin(), created_with or None,
                )
                if self._check_move(entry, rule, by_name):
                    key = (source, target, rule.created_with)
                    if key in seen:
                        first = seen[key].origin
                        self.problems.append(entry.problem(f"duplicate move {source} -> {target} (also in {first.file}, {first.entry})", "to"))
                        continue
                    seen[key] = rule
                    moves.append(rule)
        # Followers share VMs with the product they follow (an inference, cited on the follower).
        for product in products:
            if product.follows and (product.follows, product.name, None) not in seen:
                leader = by_name[product.follows]
                for source, target in ((leader.name, product.name), (product.name, leader.name)):
                    moves.append(MoveRule(source, target, "copy", ("keep",), None, (), product.reference, (), Origin(self._product_entries[product.name].file, f"product '{product.name}' (follows)")))
        return moves

    def _check_move(self, entry: _Entry, rule: MoveRule, by_name: dict[str, Product]) -> bool:
        source, target = by_name[rule.source], by_name[rule.target]
        pair = f"{source.name} -> {target.name}"
        ok = True
        if rule.transfer == "export" and not (source.is_esx and not target.is_esx):
            self.problems.append(entry.problem(f"{pair}: 'export' takes ESX disks to a hosted product", "transfer"))
            ok = False
        if rule.transfer == "import" and not (target.is_esx and not source.is_esx):
            self.problems.append(entry.problem(f"{pair}: 'import' takes hosted disks into ESX Server", "transfer"))
            ok = False
        if rule.transfer == "copy" and source.is_esx != target.is_esx:
            self.problems.append(entry.problem(f"{pair}: between ESX Server and a hosted product the disks must be exported or imported, not copied", "transfer"))
            ok = False
        hardware = rule.created_with or source.generation
        for choice in rule.hardware:
            runs = target.runs_entry(hardware)
            if choice == "upgrade" and target.generation <= hardware:
                self.problems.append(entry.problem(f"{pair}: cannot upgrade generation {hardware} hardware on a generation {target.generation} product", "hardware"))
                ok = False
            if choice == "keep" and hardware != target.generation and runs is None:
                self.problems.append(entry.problem(f"{pair}: {target.name} does not run generation {hardware} hardware (add it to the product's runs, or upgrade)", "hardware"))
                ok = False
            if choice == "legacy" and (runs is None or runs.mode != "legacy"):
                self.problems.append(entry.problem(f"{pair}: {target.name} has no legacy mode for generation {hardware} hardware", "hardware"))
                ok = False
        return ok

    def _created_with(self, entry: _Entry, sources: tuple[str, ...] | None, by_name: dict[str, Product]) -> int | None:
        """The hardware of the legacy VMs an entry's row is about; 0 when absent (None: bad)."""
        if "created_with" not in entry.data:
            return 0
        value = self._get(entry, "created_with", int)
        if value is None or sources is None:
            return None
        for name in sources:
            runs = by_name[name].runs_entry(value)
            if runs is None or not runs.create:
                self.problems.append(entry.problem(f"{name} does not create legacy VMs with generation {value} hardware (its runs entry needs create = true)", "created_with"))
                return None
        return value

    def _inferred_fields(self, entry: _Entry) -> tuple[tuple[str, str], ...] | None:
        value = self._get(entry, "inferred", dict, required=False, default={})
        if value is None:
            return None
        allowed = FIELDS[entry.kind] - {"source", "inferred"}
        result = []
        for key, reason in value.items():
            if key not in allowed:
                self.problems.append(entry.problem(f"'{key}' is not a field of this entry (use source.inferred for the whole entry)", "inferred"))
                return None
            if not isinstance(reason, str) or not reason.strip():
                self.problems.append(entry.problem(f"the reasoning for '{key}' must be text", "inferred"))
                return None
            result.append((key, reason))
        return tuple(result)

    def _refusals(self, selector: "_Selector") -> list[Refusal]:
        by_name = selector.products
        refusals = []
        for entry in self.entries["refusal"]:
            sources = selector.select(entry, "from")
            targets = selector.select(entry, "to")
            reason = self._get(entry, "reason", str)
            advice = self._get(entry, "advice", str, required=False)
            policy = self._get(entry, "policy", bool, required=False, default=False)
            host = self._get(entry, "host", bool, required=False, default=False)
            reference = self._reference(entry)
            created_with = self._created_with(entry, sources, by_name)
            if None in (sources, targets, reason, reference, policy, host, created_with):
                continue
            self._refusal_entries[entry.origin()] = entry
            for source, target, inferred in _with_followers(sources, targets, by_name):
                refusals.append(Refusal(source, target, reason, advice, Reference(reference.section, reference.page, reference.inferred or inferred), entry.origin(), policy, created_with or None, host))
        return refusals

    def _check_contradictions(self, moves: list[MoveRule], refusals: list[Refusal]) -> None:
        allowed = {(m.source, m.target, m.created_with): m for m in moves}
        reported = set()
        for refusal in refusals:
            move = allowed.get((refusal.source, refusal.target, refusal.created_with))
            if move is None or refusal.policy or (refusal.origin, move.origin) in reported:
                continue
            reported.add((refusal.origin, move.origin))
            entry = self._refusal_entries[refusal.origin]
            message = f"contradiction: {refusal.source} -> {refusal.target} is allowed by {move.origin.entry} in {move.origin.file} (mark the refusal 'policy = true' to override it)"
            self.problems.append(entry.problem(message, "to"))

    def _features(self, products: list[Product]) -> list[Feature]:
        features: list[Feature] = []
        for entry in self.entries["feature"]:
            name = self._choice(entry, "name", VM_CONDITIONS)
            members = self._product_list(entry, "products", {p.name for p in products})
            reason = self._get(entry, "reason", str)
            reference = self._reference(entry)
            if None in (name, members, reason, reference):
                continue
            sources = tuple((member, reason, reference) for member in members)
            earlier = next((f for f in features if f.name == name), None)
            if earlier is None:
                features.append(Feature(name, members, reason, reference, sources))
                continue
            # Another entry for the same feature: other products, with their own citation.
            twice = [m for m in members if m in earlier.products]
            if twice:
                self.problems.append(entry.problem(f"feature '{name}' already names {', '.join(twice)}", "products"))
                continue
            features[features.index(earlier)] = earlier._replace(products=earlier.products + members, sources=earlier.sources + sources)
        return features

    def _preparations(self, products: list[Product]) -> list[Preparation]:
        preparations = []
        for entry in self.entries["preparation"]:
            when = self._string_list(entry, "when")
            stage = self._choice(entry, "stage", PREPARATION_STAGES)
            action = self._get(entry, "action", str)
            members = self._product_list(entry, "products", {p.name for p in products}, required=False)
            once = self._get(entry, "once", bool, required=False, default=False)
            reference = self._reference(entry)
            if when is not None:
                for condition in when:
                    if condition not in VM_CONDITIONS:
                        self.problems.append(entry.problem(f"unknown VM condition '{condition}' (expected {', '.join(VM_CONDITIONS)})", "when"))
                        when = None
            if None in (when, stage, action, members, once, reference):
                continue
            if members and stage != "after-arrival":
                self.problems.append(entry.problem("only an after-arrival preparation can name products", "products"))
                continue
            preparations.append(Preparation(when, stage, action, members, once, reference))
        return preparations

    def _summary(self) -> list[SummaryCell]:
        """The guide's cross-generation summary, kept to show where vmgraph's tables depart from it."""
        cells: dict[tuple[int, int], SummaryCell] = {}
        for entry in self.entries["summary"]:
            source, target = self._generation(entry, "from"), self._generation(entry, "to")
            says = self._get(entry, "says", str)
            reference = self._reference(entry)
            if None in (source, target, says, reference):
                continue
            if (source, target) in cells:
                self.problems.append(entry.problem(f"generation {source} -> {target} is summarised twice", "to"))
                continue
            cells[(source, target)] = SummaryCell(source, target, says, reference)
        return list(cells.values())

    def _product_list(self, entry: _Entry, key: str, known: set[str], required: bool = True) -> tuple[str, ...] | None:
        values = self._string_list(entry, key, required)
        if values is None:
            return None
        unknown = [v for v in values if v not in known]
        for value in unknown:
            self.problems.append(entry.problem(f"unknown product '{value}'", key))
        return None if unknown else values


class _Selector:
    """Turns a move's or refusal's from/to list into product names.

    A selector is a product name, a group name, "generation N" (every product of
    that generation) or "*" (every product).
    """

    def __init__(self, loader: _Loader, products: list[Product], groups: list[Group]):
        self.loader = loader
        self.products = {p.name: p for p in products}
        self.groups = {g.name: g for g in groups}

    def select(self, entry: _Entry, key: str) -> tuple[str, ...] | None:
        loader = self.loader
        values = loader._string_list(entry, key)
        if values is None:
            return None
        chosen: list[str] = []
        ok = True
        for value in values:
            match = GENERATION_SELECTOR.match(value)
            if value == "*":
                found = list(self.products)
            elif match:
                generation = int(match.group(1))
                if generation not in GENERATIONS:
                    loader.problems.append(entry.problem(f"generation {generation} is impossible (the guide's generations are {GENERATIONS[0]} to {GENERATIONS[-1]})", key))
                    ok = False
                    continue
                found = [p.name for p in self.products.values() if p.generation == generation]
            elif value in self.products:
                found = [value]
            elif value in self.groups:
                found = list(self.groups[value].members)
            else:
                known = {name_key(n): n for n in list(self.products) + list(self.groups)}
                close = suggest(value, known, known, limit=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                loader.problems.append(entry.problem(f"unknown product '{value}'{hint}", key))
                ok = False
                continue
            chosen.extend(name for name in found if name not in chosen)
        return tuple(chosen) if ok else None


def _with_followers(sources: tuple[str, ...], targets: tuple[str, ...], products: dict[str, Product]):
    """Every (source, target) pair an entry covers, plus the pairs its followers inherit.

    Yields (source, target, inferred reasoning or None). Pairs of a product with
    itself are left out: the same-product move covers them.
    """
    followers: dict[str, list[Product]] = {}
    for product in products.values():
        if product.follows:
            followers.setdefault(product.follows, []).append(product)
    seen = set()
    for source in sources:
        for target in targets:
            for s in [source] + [f.name for f in followers.get(source, []) if f.name not in sources]:
                for t in [target] + [f.name for f in followers.get(target, []) if f.name not in targets]:
                    if s == t or (s, t) in seen:
                        continue
                    seen.add((s, t))
                    derived = products[s] if s != source else products[t] if t != target else None
                    yield s, t, derived.reference.inferred if derived else None


def _first_line(lines: _LineFinder, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(\[\[?\s*)?{re.escape(key)}\b")
    for number, line in enumerate(lines.text_lines, start=1):
        if pattern.match(line):
            return number
    return None


def _type_word(name: str) -> str:
    return {"str": "text", "int": "a whole number", "bool": "true or false", "list": "a list", "dict": "a table", "float": "a number"}.get(name, name)
