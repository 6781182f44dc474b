"""The rule-pack loader: every file read, each entry kind checked on its own,
then the kinds against each other.

Every problem is collected (not just the first) and reported with the file,
the entry, the field and, where it can be found, the line. The work grows
linearly with the number of entries (and the pairs of products they cover).

    files.py      one file: UTF-8, TOML, schema, top-level keys, [same_product]
    base.py       an entry, where it is, and the field readers every kind uses
    products.py   [[product]] and [[product.runs]], `follows`
    groups.py     [[group]], and the table of names people type
    selectors.py  the from/to of moves and refusals, and the pairs followers inherit
    moves.py      [[move]]
    refusals.py   [[refusal]], and contradictions with moves
    guests.py     [[feature]], [[preparation]] and [[summary]]
    today.py      [today.compatibility], against the products it names; [[platform]], [[tool]]
"""

from __future__ import annotations

from ...errors import RuleError, RuleProblem
from ..model import MoveIndex, RulePack
from .base import SCHEMA_VERSION, Checker
from .files import read_files
from .groups import check_groups, name_table
from .guests import check_features, check_preparations, check_summary
from .moves import check_moves
from .products import check_products, check_runs
from .refusals import check_contradictions, check_refusals
from .selectors import Selector
from .today import check_compatibility, check_platforms, check_tools

__all__ = ["SCHEMA_VERSION", "build_pack"]


def build_pack(files: list[str], contents: list[bytes]) -> RulePack:
    """The validated pack for these files' bytes; raises RuleError with every problem."""
    checker = Checker()
    gathered = read_files(checker, files, contents)
    entries = gathered.entries
    products = check_products(checker, entries["product"])
    groups = check_groups(checker, entries["group"], products.products)
    names, name_owner = name_table(checker, products, groups)
    check_runs(checker, products)
    selector = Selector(checker, products.products, [g for _, g in groups])
    tools = check_tools(checker, entries["tool"])
    moves = check_moves(checker, entries["move"], products, selector, tools)
    platforms = check_platforms(checker, entries["platform"], selector)
    refusals, refusal_entries = check_refusals(checker, entries["refusal"], selector)
    check_contradictions(checker, moves, refusals, refusal_entries)
    known = set(selector.products)
    features = check_features(checker, entries["feature"], known)
    preparations = check_preparations(checker, entries["preparation"], known)
    summary = check_summary(checker, entries["summary"])
    compatibility = check_compatibility(checker, gathered.compatibility_entry, selector)
    if gathered.same_product_entry is None and not checker.problems and any(not p.is_today for p in products.products):
        checker.add(RuleProblem(", ".join(files), "no [same_product] table in any rule file (the guide's era products need it)"))
    if gathered.today_entry is None and not checker.problems and any(p.is_today for p in products.products):
        checker.add(RuleProblem(", ".join(files), "no [today] table in any rule file (today's products need it)"))
    if checker.problems:
        raise RuleError(checker.problems)
    return RulePack(
        schema=SCHEMA_VERSION,
        files=tuple(files),
        products={p.name: p for p in products.products},
        groups={g.name: g for _, g in groups},
        moves=tuple(moves),
        refusals=tuple(refusals),
        features={f.name: f for f in features},
        preparations=tuple(preparations),
        same_product=gathered.same_product,  # type: ignore[arg-type]
        names=names,
        name_owner=name_owner,
        summary=tuple(summary),
        today=gathered.today._replace(compatibility=compatibility) if gathered.today else None,
        platforms=platforms,
        tools=tools,
        moves_index=MoveIndex.of(tuple(moves)),
    )
