"""The library's questions, checked and put in canonical form before any search.

plan() hands its arguments to check_plan() first. An argument of the wrong type
raises InvalidArgumentType (a TypeError), an impossible value
InvalidArgumentValue (a ValueError), an unknown name UnknownProduct (a
ValueError); each names the argument as the API does (`source`,
`vm.hardware`, `constraints.avoid`, `weights['one-way']`), never a CLI option:
the CLI rewords them with its own. None means the default for `vm`,
`constraints`, `via`, `weights` and `pack`. A str is taken as one item where a
collection is meant: Constraints(avoid="copy"), Constraints(via="ws3"). What
depends on the graph (can the VM be where it is said to be?) is checked by the
planner, in the same terms.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, NamedTuple

from ..errors import InvalidArgumentType, InvalidArgumentValue
from ..vm.hardware import HardwareNameError, HardwareReading, both_names, read_hardware, vmx_name
from ..pack.model import RulePack
from ..pack.names import canonical, read_name, resolve
from .records import AVOIDABLE_TAGS, DISK_MODES, VM, Constraints
from ..pack.weights import check_weights

_VM_FLAGS = ("smp", "sixty_four_bit", "three_d", "snapshot", "suspended")
# The names a CPU architecture goes by; vmgraph's are "x86_64" (the x86 family) and "arm64".
ARCH_NAMES = {name: "x86_64" for name in ("x86_64", "x86-64", "x86", "amd64", "x64", "i386", "ia32")} | {name: "arm64" for name in ("arm64", "aarch64", "arm")}


class PlanRequest(NamedTuple):
    """plan()'s arguments, checked: names made canonical, defaults filled in."""

    source: str  # the one product the VM is on
    target: str  # a product, or a group: any member will do
    vm: VM
    constraints: Constraints
    alternatives: int
    weights: dict[str, float]
    pack: RulePack
    hardware_reading: str | None = None  # how a bare number was read (read_hardware)
    name_readings: tuple[str, ...] = ()  # how release names the pack does not list were read (pack/releases.py)


# Bounds on the work one question asks for: a route through more stops, or more alternatives,
# is no plan a person follows, and each one multiplies the search (--via 10 times with
# --alternatives 5 took tens of seconds).
MAX_VIA = 8
MAX_ALTERNATIVES = 10

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
        from ..pack.sources import shipped_pack

        pack = shipped_pack()
    elif not isinstance(pack, RulePack):
        raise InvalidArgumentType("pack", pack, "expected a RulePack (from load_rules()) or None")
    source_given, target_given, vm_given, constraints_given = source, target, vm, constraints
    source = one_product(pack, "source", _name("source", source))
    resolve(pack, _name("target", target))
    target = canonical(pack, target)
    vm, reading = read_vm(vm, pack, source)
    constraints = check_constraints(constraints, pack)
    if via is not None:
        if constraints.via:
            raise InvalidArgumentValue("via", via, "give via or constraints.via, not both")
        constraints = constraints._replace(via=_stops(pack, "via", via))
    check_alternatives(alternatives)
    named = [given for given in (source_given, target_given) if isinstance(given, str)]
    named += [vm_given.created_under] if isinstance(vm_given, VM) and isinstance(vm_given.created_under, str) else []
    named += list(_items("via", via)) if via is not None else []
    for field in ("via", "have"):
        given = getattr(constraints_given, field, ()) if isinstance(constraints_given, Constraints) else ()
        named += list(_items(f"constraints.{field}", given)) if given else []
    notes = tuple(dict.fromkeys(note for note in (read_name(pack, name)[1] for name in named) if note))
    return PlanRequest(source, target, vm, constraints, alternatives, check_weights(weights), pack, reading, notes)


def check_alternatives(alternatives: Any) -> int:
    if isinstance(alternatives, bool) or not isinstance(alternatives, int):
        raise InvalidArgumentType("alternatives", alternatives, "expected a whole number (int) of 0 or more")
    if alternatives < 0:
        raise InvalidArgumentValue("alternatives", alternatives, "must be 0 or more")
    if alternatives > MAX_ALTERNATIVES:
        raise InvalidArgumentValue("alternatives", alternatives, f"at most {MAX_ALTERNATIVES}: each is a search of its own, and routes past the tenth differ by detours")
    return alternatives


def one_product(pack: RulePack, argument: str, name: str, role: str = "is on") -> str:
    """The one product a name means: a VM is on (or was created under) one product, so a
    group name is an error naming its members."""
    found = resolve(pack, name)
    if len(found) > 1:
        listed = ", ".join(found) if len(found) <= 8 else ", ".join(found[:6]) + f", ... ({len(found)} products: see vmgraph products)"
        raise InvalidArgumentValue(argument, name, f"'{canonical(pack, name)}' names several products: a VM {role} one of them ({listed})", show_value=False)
    return found[0]


def check_vm(vm: Any, pack: RulePack | None = None, source: str | None = None) -> VM:
    """The VM checked, its hardware as a level (read_vm without the note)."""
    return read_vm(vm, pack, source)[0]


def read_vm(vm: Any, pack: RulePack | None = None, source: str | None = None) -> tuple[VM, str | None]:
    """The VM checked, and how its hardware was read where two readings meet: a number as
    the tools of `source` (the product it is on) mean it (vmgraph.vm.hardware.read_hardware),
    a compatibility name ("ESXi 6.5 and later", "Workstation 17.x") as the version it names."""
    if vm is None:
        return VM(), None
    if not isinstance(vm, VM):
        raise InvalidArgumentType("vm", vm, "expected a vmgraph.VM or None")
    if vm.created_under is not None:
        name = _name("vm.created_under", vm.created_under)
        if pack is not None:
            vm = vm._replace(created_under=one_product(pack, "vm.created_under", name, "was created under"))
    hardware = vm.hardware
    note = None
    if hardware is not None:
        if isinstance(hardware, bool) or not isinstance(hardware, (int, str)):
            raise InvalidArgumentType("vm.hardware", hardware, "expected a hardware version ('vmx-19', 'hw13', a number), a generation ('gen4') or None")
        today = None
        if pack is not None and source in pack.products:
            today = pack.products[source].is_today
        try:
            level, note = read_hardware(hardware, today)
        except HardwareNameError as error:
            named = compatibility_name(pack, hardware) if pack is not None and isinstance(hardware, str) else None
            if named is None:
                raise InvalidArgumentValue("vm.hardware", hardware, str(error)) from None
            level, note = named
        vm = vm._replace(hardware=level)
    if vm.arch is not None:
        if not isinstance(vm.arch, str):
            raise InvalidArgumentType("vm.arch", vm.arch, "expected 'x86_64', 'arm64' or None")
        arch = ARCH_NAMES.get(vm.arch.strip().lower())
        if arch is None:
            raise InvalidArgumentValue("vm.arch", vm.arch, "expected x86_64 (x86, amd64, x64) or arm64 (aarch64, arm)")
        vm = vm._replace(arch=arch)
    for field in _VM_FLAGS:
        _flag(f"vm.{field}", getattr(vm, field))
    if not isinstance(vm.disk_mode, str):
        raise InvalidArgumentType("vm.disk_mode", vm.disk_mode, f"expected one of {', '.join(DISK_MODES)}")
    disk_mode = vm.disk_mode.strip().lower()
    if disk_mode not in DISK_MODES:
        raise InvalidArgumentValue("vm.disk_mode", vm.disk_mode, f"expected one of {', '.join(DISK_MODES)}")
    return vm._replace(disk_mode=disk_mode), note


_LATER = re.compile(r"\s+(?:and|or)\s+(?:later|newer|higher)$|\s+compatib\w*$|^compatib\w*\s*:?\s+", re.IGNORECASE)


def compatibility_name(pack: RulePack, text: str) -> HardwareReading | None:
    """A compatibility setting as the vSphere client and Workstation name it ("ESXi 6.5 and
    later", "Workstation 17.x", "ESX/ESXi 3.5 and later"): the hardware version the named
    release creates (for a line, its first release's), or None when it names no product."""
    from ..errors import UnknownProduct

    name = _LATER.sub("", _LATER.sub("", text.strip())).strip()
    if not name:
        return None
    try:
        found = resolve(pack, name)
    except UnknownProduct:
        return None
    first = min(found, key=lambda product: pack.products[product].generation)
    level = pack.products[first].generation
    owner = canonical(pack, name)
    hardware = vmx_name(level) if pack.products[first].is_today and vmx_name(level) else both_names(level)
    release = first if owner == first else f"{first}, the first of {owner},"
    return HardwareReading(level, f"Hardware '{text.strip()}' is read as the hardware {release} creates: {hardware} (a compatibility setting is named after the release that brought its version).")


def check_constraints(constraints: Any, pack: RulePack) -> Constraints:
    if constraints is None:
        return Constraints()
    if not isinstance(constraints, Constraints):
        raise InvalidArgumentType("constraints", constraints, "expected a vmgraph.Constraints or None")
    _flag("constraints.reversible", constraints.reversible)
    _flag("constraints.strict", constraints.strict)
    _flag("constraints.stated_only", constraints.stated_only)
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
    via = _stops(pack, "constraints.via", constraints.via) if constraints.via else ()
    have = _stops(pack, "constraints.have", constraints.have) if constraints.have else ()
    return constraints._replace(avoid=frozenset(avoid), via=via, have=tuple(dict.fromkeys(have)))


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


def _stops(pack: RulePack, argument: str, value: Any) -> tuple[str, ...]:
    """The stops a route passes, in order, as canonical names (a group: any of its members)."""
    stops = []
    for item in _items(argument, value):
        resolve(pack, item)
        stops.append(canonical(pack, item))
    if not stops:
        raise InvalidArgumentValue(argument, value, "name at least one product")
    if len(stops) > MAX_VIA:
        raise InvalidArgumentValue(argument, value, f"at most {MAX_VIA} stops: each multiplies the states a search keeps apart")
    return tuple(stops)
