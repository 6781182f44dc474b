"""Routes through products the admin has (issue 19, section 2).

Hosted products run on a host platform (a Windows or Linux PC, a Mac with Intel or Apple
silicon, a Windows or Linux server), ESX and ESXi on a host of their own ([[platform]] in
the rules). A route keeps to the platforms of its source and target: a product on another
platform is passed only when no route stays on them (then the route says so), when the
user names it (--via), or, with --have, never: the products the site has are the only
ones a route may pass through. With --via, a route first keeps to the products the question
names (source, stops, target), as the guide's two-stage procedures do (pp. 15-16), and says
so when it must pass another.

Routes of equal cost are told apart by the products they pass: first those of the
source's own line (ESX and ESXi are one line), then the newest release; the pack's
order settles the rest, never the alphabet.
"""

from __future__ import annotations

from ..pack.model import RulePack, State
from ..pack.names import resolve
from .records import Constraints, Route

LINES = {"ESXi": "ESX", "ESX with Virtual SMP": "ESX"}  # a family's line, where it is another's


def line(pack: RulePack, product: str) -> str:
    family = pack.products[product].family
    return LINES.get(family, family)


def allowed_products(pack: RulePack, start: State, targets: tuple[str, ...], constraints: Constraints) -> tuple[frozenset[str] | None, tuple[str, ...]]:
    """The products a route may pass (None: any), and the platforms it keeps to (none
    with --have, which names the products themselves)."""
    ends = {start.product, *targets} | {p for stop in constraints.via for p in resolve(pack, stop)}
    if constraints.have:
        return frozenset(ends | {p for name in constraints.have for p in resolve(pack, name)}), ()
    staying = tuple(dict.fromkeys(platform for name in (start.product, *targets) for platform in pack.platforms_of(name)))
    if not staying:
        return None, ()
    allowed = frozenset(
        name for name in pack.products if name in ends or not pack.platforms_of(name) or set(pack.platforms_of(name)) & set(staying)
    )
    return (None if len(allowed) == len(pack.products) else allowed), staying


def named_products(pack: RulePack, start: State, targets: tuple[str, ...], constraints: Constraints) -> frozenset[str]:
    """The products a question names: its source, its targets and its --via stops."""
    return frozenset({start.product, *targets} | {p for stop in constraints.via for p in resolve(pack, stop)})


def unnamed_warning(route: Route, named: frozenset[str]) -> str | None:
    """What a --via route passes besides the products the question names, said."""
    others = [name for name in dict.fromkeys(s.target.product for s in route.steps if s.kind != "prepare") if name not in named]
    if not others:
        return None
    return (
        f"No route passes only the source, the --via stops and the target: this one also passes {', '.join(others)}. "
        f"If the site has no such host, name the products it has with --have."
    )


def crossing_warning(pack: RulePack, route: Route, staying: tuple[str, ...]) -> str | None:
    """What a route that leaves the source's and target's platforms passes through, said."""
    kept = set(staying)
    passed = list(dict.fromkeys(s.target.product for s in route.steps if s.kind != "prepare"))
    away = [name for name in passed if pack.platforms_of(name) and not kept & set(pack.platforms_of(name))]
    if not away:
        return None
    where = "; ".join(f"{name} runs on a {' or a '.join(pack.platforms_of(name))}" for name in away)
    return (
        f"No route stays on the platforms of {route.source.product} and the target ({', '.join(staying)}): this one passes "
        f"through {', '.join(away)} ({where}). If the site has no such host, name the products it has with --have."
    )


def architecture_products(pack: RulePack, arch: str) -> frozenset[str] | None:
    """The products that run VMs of `arch` on some platform of theirs (None: every one). A
    product no [[platform]] names is taken to run any (the rules say nothing of it)."""
    able = frozenset(name for name in pack.products if not pack.architectures_of(name) or arch in pack.architectures_of(name))
    return None if len(able) == len(pack.products) else able


def both(first: frozenset[str] | None, second: frozenset[str] | None) -> frozenset[str] | None:
    """The products both allow (None allows every one)."""
    if first is None or second is None:
        return first if second is None else second
    return first & second


def architecture_notes(pack: RulePack, route: Route, arch: str, stated: bool) -> tuple[str, ...]:
    """Where a product on the route runs the VM only on some of its platforms (Fusion 13: an
    x86 VM on a Mac with Intel, an Arm VM on a Mac with Apple silicon), said with the source."""
    notes = []
    passed = dict.fromkeys([route.source.product] + [s.target.product for s in route.steps if s.kind != "prepare"])
    for name in passed:
        platforms = [p for p in pack.platforms if name in p.products]
        runs = list(dict.fromkeys(p.name for p in platforms if arch in p.guests))
        others = [p for p in platforms if arch not in p.guests and p.name not in runs]
        if not runs or not others:
            continue
        assumed = "" if stated else f"vmgraph takes the VM to be {arch} (give --arch for another): "
        said = "; ".join(f"on a {p.name} it runs {', '.join(p.guests)} VMs only ({p.reference.cite()})" for p in others)
        notes.append(f"{assumed}{name} runs this {arch} VM only on a {' or a '.join(runs)}: {said}.")
    return tuple(notes)


def architecture_refusal(pack: RulePack, arch: str, targets: tuple[str, ...]) -> tuple[str, list[tuple[str, object]]] | None:
    """Why no target runs a VM of `arch`, with what would do it, and the platform entries that
    say what each target runs; None when some target runs it."""
    unable = [name for name in targets if pack.architectures_of(name) and arch not in pack.architectures_of(name)]
    if len(unable) != len(targets):
        return None
    runs = sorted({a for name in unable for a in pack.architectures_of(name)})
    where = "; ".join(f"{name} runs {', '.join(sorted(pack.architectures_of(name)))} VMs only" for name in unable)
    reason = (
        f"{where}, and this VM is {arch}; no tool converts a VM to another architecture. What would do it: rebuild the guest, "
        f"installing the {' or '.join(runs)} edition of its operating system in a new VM on the target, and move its applications and data."
    )
    said = [(name, p) for name in unable for p in pack.platforms if name in p.products]
    return reason, said
