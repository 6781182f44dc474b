"""The library's questions, checked and put in canonical form before any search.

plan() hands its arguments to check_plan() first. An argument of the wrong type
raises InvalidArgumentType (a TypeError), an impossible value
InvalidArgumentValue (a ValueError), an unknown name UnknownProduct (a
ValueError); each names the argument as the API does (`source`,
`vm.hardware`, `constraints.avoid`, `weights['one-way']`), never a CLI option:
the CLI rewords them with its own. None means the default for `vm`,
`constraints`, `via`, `weights` and `pack`. A str is taken as one item where a
collection is meant: Constraints(avoid="copy"), Constraints(via="ws3").
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, NamedTuple

from .errors import InvalidArgumentType, InvalidArgumentValue
from .model import GENERATIONS, RulePack
from .names import resolve
from .planner import AVOIDABLE_TAGS, DISK_MODES, VM, Constraints
from .weights import check_weights

_VM_FLAGS = ("smp", "sixty_four_bit", "three_d", "snapshot", "suspended")


class PlanRequest(NamedTuple):
    """plan()'s arguments, checked: product names resolved, defaults filled in."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    vm: VM
    constraints: Constraints
    alternatives: int
    weights: dict[str, float]
    pack: RulePack


def check_plan(
    source: Any,
    target: Any,
    vm: Any = None,
    constraints: Any = None,
    via: Any = None,
    alternatives: Any = 0,
    weights: Mapping[str, float] | None = None,
    pack: Any = None,
) -> PlanRequest:
    if pack is None:
        from .rules import load_rules

        pack = load_rules()
    elif not isinstance(pack, RulePack):
        raise InvalidArgumentType("pack", pack, "expected a RulePack (from load_rules()) or None")
    sources = resolve(pack, _name("source", source))
    targets = resolve(pack, _name("target", target))
    vm = check_vm(vm)
    constraints = check_constraints(constraints, pack)
    if via is not None:
        if constraints.via:
            raise InvalidArgumentValue("via", via, "give via or constraints.via, not both")
        constraints = constraints._replace(via=_products(pack, "via", via))
    if isinstance(alternatives, bool) or not isinstance(alternatives, int):
        raise InvalidArgumentType("alternatives", alternatives, "expected a whole number (int) of 0 or more")
    if alternatives < 0:
        raise InvalidArgumentValue("alternatives", alternatives, "must be 0 or more")
    check_start(pack, sources, vm)
    return PlanRequest(sources, targets, vm, constraints, alternatives, check_weights(weights), pack)


def check_vm(vm: Any) -> VM:
    if vm is None:
        return VM()
    if not isinstance(vm, VM):
        raise InvalidArgumentType("vm", vm, "expected a vmgraph.VM or None")
    hardware = vm.hardware
    if hardware is not None:
        if isinstance(hardware, bool) or not isinstance(hardware, int):
            raise InvalidArgumentType("vm.hardware", hardware, "expected a generation number (int) or None")
        if hardware not in GENERATIONS:
            raise InvalidArgumentValue("vm.hardware", hardware, f"generations run from {GENERATIONS[0]} to {GENERATIONS[-1]}")
    for field in _VM_FLAGS:
        _flag(f"vm.{field}", getattr(vm, field))
    if not isinstance(vm.disk_mode, str):
        raise InvalidArgumentType("vm.disk_mode", vm.disk_mode, f"expected one of {', '.join(DISK_MODES)}")
    disk_mode = vm.disk_mode.strip().lower()
    if disk_mode not in DISK_MODES:
        raise InvalidArgumentValue("vm.disk_mode", vm.disk_mode, f"expected one of {', '.join(DISK_MODES)}")
    return vm._replace(disk_mode=disk_mode)


def check_constraints(constraints: Any, pack: RulePack) -> Constraints:
    if constraints is None:
        return Constraints()
    if not isinstance(constraints, Constraints):
        raise InvalidArgumentType("constraints", constraints, "expected a vmgraph.Constraints or None")
    _flag("constraints.reversible", constraints.reversible)
    _flag("constraints.strict", constraints.strict)
    max_moves = constraints.max_moves
    if max_moves is not None:
        if isinstance(max_moves, bool) or not isinstance(max_moves, int):
            raise InvalidArgumentType("constraints.max_moves", max_moves, "expected a whole number (int) or None")
        if max_moves < 1:
            raise InvalidArgumentValue("constraints.max_moves", max_moves, "must be 1 or more")
    avoid = []
    for tag in sorted(_items("constraints.avoid", constraints.avoid)):
        if tag.strip().lower() not in AVOIDABLE_TAGS:
            raise InvalidArgumentValue("constraints.avoid", tag, f"expected one of {', '.join(AVOIDABLE_TAGS)}")
        avoid.append(tag.strip().lower())
    via = _products(pack, "constraints.via", constraints.via) if constraints.via else ()
    return constraints._replace(avoid=frozenset(avoid), via=via)


def check_start(pack: RulePack, sources: tuple[str, ...], vm: VM) -> None:
    """The VM can start where it is said to be: its hardware runs there, and so does its guest."""
    starts = []
    for name in sources:
        product = pack.products[name]
        hardware = product.generation if vm.hardware is None else vm.hardware
        if hardware > product.generation:
            if len(sources) == 1:
                raise InvalidArgumentValue("vm.hardware", hardware, f"newer than {name}'s own generation {product.generation}")
            continue
        if hardware not in product.hardware_generations():
            if len(sources) == 1:
                runs = ", ".join(map(str, sorted(product.hardware_generations())))
                raise InvalidArgumentValue("vm.hardware", hardware, f"{name} does not run generation {hardware} hardware (it runs {runs})")
            continue
        starts.append((product, hardware))
    if not starts:
        raise InvalidArgumentValue("vm.hardware", vm.hardware, f"none of {', '.join(sources)} runs generation {vm.hardware} hardware")
    for name in sorted(vm.conditions() & set(pack.features)):
        feature = pack.features[name]
        if not any(product.name in feature.products and hardware == product.generation for product, hardware in starts):
            where = ", ".join(sorted({f"{product.name} with generation {hardware} hardware" for product, hardware in starts}))
            field = "sixty_four_bit" if name == "64bit" else name
            raise InvalidArgumentValue(f"vm.{field}", True, f"{where} does not run such a VM (only {', '.join(feature.products)} do, with their own hardware generation)")


def _name(argument: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentType(argument, value, "expected a product name (str), e.g. 'ws4' or 'Workstation 4'")
    return value


def _flag(argument: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidArgumentType(argument, value, "expected True or False")


def _items(argument: str, value: Any) -> tuple[str, ...]:
    """One str, or an iterable of them (never a str taken as its letters)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise InvalidArgumentType(argument, value, "expected a str or a collection of str")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidArgumentType(argument, item, "expected a str")
    return items


def _products(pack: RulePack, argument: str, value: Any) -> tuple[str, ...]:
    """Product names for names as people type them (a group stands for its members)."""
    names: dict[str, None] = {}
    for item in _items(argument, value):
        names.update(dict.fromkeys(resolve(pack, item)))
    if not names:
        raise InvalidArgumentValue(argument, value, "name at least one product")
    return tuple(names)
