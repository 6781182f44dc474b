"""The product map of many products, as data: columns, rows, and lines that summarise.

Some 80 products have thousands of direct moves between them, nearly all among
today's products, which move by hardware alone: a VM moves as it is to a product
that runs its hardware, else by the Converter. The map of them all draws:

- the guide's products in generation columns, every move between them a line;
- today's products in columns by hardware band (the newest hardware each runs),
  one row per family, releases of a row oldest first;
- that rule for today's products, in words under the map, with what shows its
  ways: a *chain* in each row (a line between releases next to each other) and a
  *rail* at the right for each kind of move between rows (copy, OVF export and
  deploy), the same way between any two products of two rows;
- every pair the rule gets wrong (a site's policy, say) as a line of its own: the
  move the matrix gives, or a dotted "no move";
- a *Converter box* joined to the guide's products that the Converter takes to any
  of today's products;
- a *line into a row* from one of the guide's products to the first release of a
  row of today's, standing for the same move to every release of that row;
- every other move as a line of its own.

Each summary is checked against the Matrix pair by pair before it is made (`claims`
lists the moves the lines stand for). No matplotlib here, and no product named:
everything comes from the pack and the Matrix.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Iterable, NamedTuple

from ..vm.hardware import HARDWARE_VERSIONS, column_title, level_of_version, version_of_level
from ..overview.matrix import CONVERT, INFERRED_MARK, Matrix
from ..pack.model import FAMILIES, RulePack
from .styles import cell_style, cell_words

BAND_VERSIONS = 4  # hardware versions to a band of today's products: vmx-04 to vmx-07, vmx-08 to vmx-11, ...
DETAILED_AT_MOST = 24  # a map of up to this many products draws every move as a line of its own


class ProductEdge(NamedTuple):
    source: str
    target: str
    style: str  # a key of STYLES
    both: bool  # the same move the other way too
    words: tuple[str, ...]  # what the guide's table says, in short words
    kind: str = "move"  # "move"; "chain": releases next to each other; "to-row": into a whole row of today's; "exception": no move
    through: tuple[str, ...] = ()  # chain and row lines: the further products the line stands for, the same way


class Rail(NamedTuple):
    """Moves of one kind between rows of today's products, where the target runs the VM's hardware.

    Without `others`: between any two of `rows`, both ways. With `others`: between
    each of `rows` and each of `others`, both ways (not among `others`)."""

    style: str
    rows: tuple[int, ...]  # indexes into the map's rows
    others: tuple[int, ...] = ()
    words: tuple[str, ...] = ()  # what every one of its moves takes, in the matrix's short words

    def pairs(self) -> set[tuple[int, int]]:
        if self.others:
            return {(a, b) for a in self.rows for b in self.others} | {(b, a) for a in self.rows for b in self.others}
        return {(a, b) for a in self.rows for b in self.rows if a != b}


class Summary(NamedTuple):
    edges: list[ProductEdge]
    rails: tuple[Rail, ...]
    converter: tuple[str, ...]  # the guide's products the Converter takes to any of `today`
    by_hardware: bool  # among `today`, every move no chain or rail gives takes the Converter
    today: tuple[str, ...]  # today's products with moves: what the rails, the Converter box and by_hardware speak of
    rows: tuple[tuple[str, ...], ...]  # the map's rows, top to bottom: the families in each


# -- columns and rows


def band_of(level: int) -> int:
    """The band of today's products a hardware level falls in (0: vmx-04 to vmx-07)."""
    version = version_of_level(level) or 0
    return (version - BAND_VERSIONS) // BAND_VERSIONS


def band_title(band: int) -> str:
    """"vmx-04 to vmx-07": the hardware versions of a band that exist."""
    versions = [v for v in HARDWARE_VERSIONS if band_of(level_of_version(v)) == band]
    first, last = f"vmx-{versions[0]:02d}", f"vmx-{versions[-1]:02d}"
    return first if first == last else f"{first} to {last}"


def column_of(pack: RulePack, name: str) -> tuple[int, int]:
    """A product's column: (0, generation) for the guide's, (1, band) for today's, by the newest hardware it runs."""
    product = pack.products[name]
    return (1, band_of(product.generation)) if product.is_today else (0, product.generation)


def column_name(column: tuple[int, int]) -> str:
    era, number = column
    return f"Hardware\n{band_title(number)}" if era else column_title(number)


def rows_of(pack: RulePack, names: list[str], column=None) -> list[tuple[str, ...]]:
    """Families top to bottom; a family shares the row above when no column holds both."""
    column = column or (lambda name: pack.products[name].generation)
    present = [f for f in FAMILIES if any(pack.products[n].family == f for n in names)]
    present += sorted({pack.products[n].family for n in names} - set(present))
    rows: list[list[str]] = []
    for family in present:
        mine = {column(n) for n in names if pack.products[n].family == family}
        if rows and not mine & {column(n) for n in names if pack.products[n].family in rows[-1]}:
            rows[-1].append(family)
            continue
        rows.append([family])
    return [tuple(r) for r in rows]


# -- the summary


def summarise(pack: RulePack, names: list[str], matrix: Matrix | None = None) -> Summary:
    """The lines of the map of `names`: see the module's docstring."""
    matrix = matrix or Matrix(pack)
    rows = rows_of(pack, names, lambda n: column_of(pack, n))
    row_of = {n: next(i for i, families in enumerate(rows) if pack.products[n].family in families) for n in names}
    cells = {(a, b): matrix.cell(a, b) for a in names for b in names if a != b}
    style = {pair: cell_style(cell) for pair, cell in cells.items() if cell.supported}
    words = {pair: tuple(cell_words(cells[pair])) for pair in style}
    moving = {n for pair in style for n in pair}
    today = tuple(n for n in names if pack.products[n].is_today and n in moving)
    guide = [n for n in names if not pack.products[n].is_today]
    releases = {}  # row -> today's products in it, oldest first
    for n in sorted(today, key=lambda n: (pack.products[n].generation, names.index(n))):
        releases.setdefault(row_of[n], []).append(n)
    covered: set[tuple[str, str]] = set()
    edges: list[ProductEdge] = []

    # The guide's products: every move a line, as the guide's tables give them.
    edges += _lines([pair for pair in style if pair[0] in guide and pair[1] in guide], style, words)
    covered |= {pair for pair in style if pair[0] in guide and pair[1] in guide}

    # Today's products: one rule. A VM moves as it is to a product that runs its hardware,
    # the same way between any two products of two rows (a rail) or along a row (a chain);
    # to any other by the Converter. A pair the rule gets wrong is an exception: a line.
    runs = lambda a, b: pack.products[b].runs_hardware(pack.products[a].generation)  # noqa: E731
    pairs = [(a, b) for a in today for b in today if a != b]
    found: dict[tuple[int, int], Counter] = {}
    for a, b in pairs:
        if runs(a, b) and style.get((a, b), "convert") != "convert":
            found.setdefault((row_of[a], row_of[b]), Counter())[style[(a, b)]] += 1
    as_is = {key: counts.most_common(1)[0][0] for key, counts in sorted(found.items())}
    as_is = {(r, q): kind for (r, q), kind in as_is.items() if as_is.get((q, r)) == kind}  # a rail goes both ways

    def expected(a: str, b: str) -> str | None:
        return as_is.get((row_of[a], row_of[b])) if runs(a, b) else "convert"

    exceptions = [pair for pair in pairs if expected(*pair) is None or style.get(pair) != expected(*pair)]
    by_hardware = bool(pairs)
    covered |= set(pairs)  # by the rule, or by a line of its own
    edges += _lines([pair for pair in exceptions if pair in style], style, words)
    edges += [ProductEdge(a, b, cell_style(cells[(a, b)]), False, tuple(cell_words(cells[(a, b)])), "exception") for a, b in exceptions if (a, b) not in style]

    # Chains: releases next to each other in a row; the rule takes a VM on to every later one alike.
    for row, chain in releases.items():
        kind = as_is.get((row, row))
        for i, (a, b) in enumerate(pairwise(chain)):
            if kind is not None and style.get((a, b)) == kind and runs(a, b):
                both = style.get((b, a)) == kind and runs(b, a)
                later = tuple(t for t in chain[i + 2:] if style.get((a, t)) == kind and runs(a, t))
                edges.append(ProductEdge(a, b, kind, both, words[(a, b)], "chain", later))

    # Rails: between rows of today's products, one a kind.
    rails: list[Rail] = []
    for kind in sorted({k for (r, q), k in as_is.items() if r != q}):
        joined = {(r, q) for (r, q), k in as_is.items() if r != q and k == kind}
        found_rails = [_rail(kind, joined)] if _rail(kind, joined) else [Rail(kind, (r,), (q,)) for r, q in sorted(joined) if r < q]
        for rail in found_rails:
            moves = {(a, b) for a, b in pairs if (row_of[a], row_of[b]) in rail.pairs() and style.get((a, b)) == kind and runs(a, b)}
            said = {words[pair] for pair in moves}
            rails.append(rail._replace(words=said.pop() if len(said) == 1 else ()))

    # The Converter box: one of the guide's products the Converter takes to any of today's.
    converter = tuple(g for g in guide if today and all((g, t) in cells and _converts(cells[(g, t)]) for t in today))
    covered |= {(g, t) for g in converter for t in today if style[(g, t)] == "convert"}

    # Row lines: one of the guide's products into a row of today's, the same way to every release of it.
    for g in guide:
        for row, chain in releases.items():
            left = [t for t in chain if (g, t) in style and (g, t) not in covered]
            kinds = {style[(g, t)] for t in left}
            if len(chain) > 1 and left == chain and len(kinds) == 1 and not any((t, g) in style for t in chain):
                edges.append(ProductEdge(g, chain[0], kinds.pop(), False, words[(g, chain[0])], "to-row", tuple(chain[1:])))
                covered |= {(g, t) for t in chain}

    # Whatever no summary covers: a line of its own.
    edges += _lines([pair for pair in style if pair not in covered], style, words)
    return Summary(edges, tuple(rails), converter, by_hardware, today, tuple(rows))


def _converts(cell) -> bool:
    return cell.supported and any(p.removesuffix(INFERRED_MARK) == CONVERT for p in cell.phrases)


def _lines(pairs: Iterable[tuple[str, str]], style: dict, words: dict) -> list[ProductEdge]:
    """A line per move, a two-way pair of equal moves as one line (in the order of `pairs`)."""
    pairs = list(pairs)
    wanted = set(pairs)
    edges, done = [], set()
    for a, b in pairs:
        if (a, b) in done:
            continue
        both = (b, a) in wanted and style[(b, a)] == style[(a, b)]
        edges.append(ProductEdge(a, b, style[(a, b)], both, words[(a, b)]))
        done |= {(a, b)} | ({(b, a)} if both else set())
    return edges


def _rail(kind: str, pairs: set[tuple[int, int]]) -> Rail | None:
    """The rail for moves between rows (`pairs`, ordered): among all of some rows, or
    between two sets of rows; None when they are neither (or not both ways)."""
    if not pairs or any((b, a) not in pairs for a, b in pairs):
        return None
    rows = sorted({r for pair in pairs for r in pair})
    among = Rail(kind, tuple(rows))
    if among.pairs() == pairs:
        return among
    first = rows[0]
    others = tuple(sorted({b for a, b in pairs if a == first}))
    ones = tuple(r for r in rows if r not in others)
    between = Rail(kind, ones, others)
    return between if between.pairs() == pairs else None


def claims(summary: Summary) -> dict[tuple[str, str], str]:
    """Every move the map's lines and Converter box say there is, product to product, with its style.

    The rule for today's products (Summary.by_hardware, shown by chains and rails) is not
    listed pair by pair; a dotted exception says there is no move, so it is not here.
    The Converter box says "convert" where no line says otherwise (it takes such a VM
    to any of today's products; another way may be drawn too)."""
    said: dict[tuple[str, str], str] = {}
    for edge in summary.edges:
        if edge.kind == "exception":
            continue
        for target in (edge.target,) + edge.through:
            said[(edge.source, target)] = edge.style
        if edge.both:
            said[(edge.target, edge.source)] = edge.style
    for g in summary.converter:
        for t in summary.today:
            said.setdefault((g, t), "convert")
    return said
