"""Tag weights: what each kind of step adds to a route's cost.

A weight is a finite number from 0 to MAX_WEIGHT, so every route's cost stays
finite (JSON has no Infinity) and rankings keep their meaning. Tag names are
matched case-insensitively, like product names.
"""

from __future__ import annotations

import math
from typing import Mapping

from ..errors import InvalidArgumentType, InvalidArgumentValue, shown
from .model import TAGS

MAX_WEIGHT = 1_000_000

# Default cost of each tag: irreversible and risky steps are expensive, so the
# planner prefers legacy mode to an upgrade and a sure move to a "maybe".
DEFAULT_WEIGHTS: dict[str, float] = {
    "copy": 1.0,
    "export": 2.0,
    "import": 2.0,
    "legacy": 0.5,
    # A conversion rebuilds the VM (Converter, a full clone): dearer than any route
    # of moves and upgrades it could replace, so one is taken only where needed.
    "convert": 20.0,
    "one-way": 10.0,
    "conditional": 5.0,
    "prepare": 0.5,
}


def transition_cost(transition, weights: Mapping[str, float]) -> float:
    """A step's cost: the sum of its tags' weights."""
    return sum(weights[tag] for tag in transition.tags)


class WeightError(InvalidArgumentValue):
    """A weight with an unknown tag or an impossible value; `.tag` as given."""

    def __init__(self, tag: object, value: object, problem: str, show_value: bool = True):
        self.tag = tag
        super().__init__(f"weights[{shown(repr(tag))}]", value, problem, show_value)


def weight_tag(tag: object) -> str:
    """The tag a weight is for, in canonical (lower) case; raises WeightError."""
    if not isinstance(tag, str):
        raise InvalidArgumentType("weights", tag, f"a tag is a str, one of {', '.join(TAGS)}")
    key = tag.strip().lower()
    if key not in TAGS:
        raise WeightError(tag, tag, f"unknown tag (expected one of {', '.join(TAGS)})", show_value=False)
    return key


def weight_value(tag: object, value: object) -> float:
    """A weight as a float; raises WeightError outside 0 to MAX_WEIGHT (or not finite)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not _real(value):
        raise InvalidArgumentType(f"weights[{shown(repr(tag))}]", value, "a weight is a number")
    try:
        number = float(value)
    except OverflowError:  # an integer past the largest float (10**400)
        raise WeightError(tag, value, f"a weight is a number from 0 to {MAX_WEIGHT}") from None
    if not math.isfinite(number) or not 0 <= number <= MAX_WEIGHT:
        raise WeightError(tag, value, f"a weight is a number from 0 to {MAX_WEIGHT}")
    return number


def _real(value: object) -> bool:
    from numbers import Real  # only for the rare Fraction or NumPy number: keeps start-up lean

    return isinstance(value, Real)


def check_weights(overrides: Mapping[str, float] | None) -> dict[str, float]:
    """Every tag's weight: the defaults, with `overrides` (tag -> number) checked and applied."""
    weights = dict(DEFAULT_WEIGHTS)
    if overrides is None:
        return weights
    if not isinstance(overrides, Mapping):
        raise InvalidArgumentType("weights", overrides, "expected a mapping of tag to number, e.g. {'one-way': 20}")
    for tag, value in overrides.items():
        weights[weight_tag(tag)] = weight_value(tag, value)
    return weights
