"""Options several commands share: output formats, rule packs, product and generation lists, weights."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InvalidArgument, VmgraphError, shown
from .common import fail, reworded

class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class RouteFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    mermaid = "mermaid"
    dot = "dot"
    html = "html"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class DiskMode(str, Enum):
    persistent = "persistent"
    nonpersistent = "nonpersistent"
    undoable = "undoable"
    append = "append"


RulesOption = Annotated[
    Optional[list[Path]],
    typer.Option("--rules", help="A rule file or folder loaded on top of the shipped pack (repeatable).", metavar="PATH"),
]
NoDefaultOption = Annotated[bool, typer.Option("--no-default-rules", help="Use only the --rules packs, not the shipped one.")]
HAVE_HELP = "The products the site has, comma-separated (repeatable): the only ones a route may pass through. Without it a route keeps to the platforms of its source and target (a PC, a Mac, an ESXi host) when it can, and says so when it cannot."


def products_had(have: list[str] | None) -> tuple[str, ...]:
    """--have's products, as given (comma-separated, repeatable); a --have that names none is an error."""
    owned = tuple(name.strip() for item in have or () for name in item.split(",") if name.strip())
    if have is not None and not owned:
        raise fail("--have: name at least one product, e.g. --have 'Workstation 17,ESXi 8.0'")
    return owned


ALL_PRODUCTS = "all"
PRODUCTS_HELP = "Only these products, comma-separated; all: every product (the guide's and today's)."



class Detail(str, Enum):
    products = "products"
    states = "states"


class ExportFormat(str, Enum):
    dot = "dot"
    mermaid = "mermaid"
    json = "json"


class FleetFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"
    html = "html"


def parse_weights(items: list[str]) -> dict[str, float]:
    """TAG=X, checked as typed: the error echoes the item, not the float it became."""
    from ..pack.weights import weight_tag, weight_value

    weights: dict[str, float] = {}
    for item in items:
        tag, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise fail(f"--weight {shown(item)}: expected TAG=NUMBER, e.g. one-way=20")
        try:
            key = weight_tag(tag)
            if key in weights:
                raise fail(f"--weight {shown(item)}: '{key}' is weighted twice")
            weights[key] = weight_value(key, number)
        except InvalidArgument as error:
            raise fail(f"--weight {shown(item)}: {error.problem}") from None
    return weights


def product_list(pack, text: str) -> list[str]:
    """--products: the products named (or `all`), in the pack's order."""
    from ..pack.names import resolve

    if text.strip().lower() == ALL_PRODUCTS:
        return list(pack.products)
    chosen: list[str] = []
    try:
        for name in filter(None, (part.strip() for part in text.split(","))):
            chosen.extend(p for p in resolve(pack, name) if p not in chosen)
    except VmgraphError as error:
        raise fail(reworded(error)) from None
    if not chosen:
        raise fail("--products: name at least one product")
    order = list(pack.products)
    return sorted(chosen, key=order.index)


def selection(pack, products: str | None) -> list[str] | None:
    """The products a whole-graph command shows: those named (`all`: every one), else
    every product; but with today's products in the pack too (some 80), the guide's."""
    if products is not None:
        return product_list(pack, products)
    return pack.default_view()


def generation_list(text: str) -> list[int]:
    """--generations: the guide's generation numbers, checked."""
    from ..pack.model import GENERATIONS

    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise fail(f"--generations {text}: expected generation numbers separated by commas, e.g. 3,4") from None
    if not values:
        raise fail("--generations: name at least one generation, e.g. 3,4")
    wrong = [v for v in values if v not in GENERATIONS]
    if wrong:
        raise fail(f"--generations {text}: generations run from {GENERATIONS[0]} to {GENERATIONS[-1]}")
    return values
