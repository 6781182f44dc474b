"""Planning a working environment: which hardware lets a site's products share VMs both ways.

The guide's advice (page 10): products of one generation, or of two adjacent
ones, with VMs created under the older generation and run in legacy mode on
the newer. `plan_environment` checks every candidate generation against every
ordered pair of the site's products and recommends the one that lets VMs move
both ways between the most pairs (ties: the newer hardware).
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import InvalidRequest
from ..vm.hardware import LEVELS, short_name
from ..pack.model import RulePack, State
from ..planning.planner import Planner
from ..planning.records import VM, Constraints, Route

# Both ways means as it is: no one-way upgrade, and no conversion (a rebuilt VM is a new one).
# Every ordered pair is planned at every candidate hardware level: a site of more products
# than this takes minutes (a group such as "Desktop hypervisors" names 45).
MAX_PRODUCTS = 8
REVERSIBLE = Constraints(reversible=True, avoid=frozenset({"convert"}))
ANY = Constraints()


class Pair(NamedTuple):
    source: str
    target: str
    found: bool  # a VM on `source` (of the chosen hardware, where it runs it) can reach `target`
    reversible: bool  # ... and come back, with no one-way step either way
    route: Route | None  # the reversible route when there is one, else the best route
    back: Route | None  # the way back, when reversible
    why: str | None  # for a pair no hardware makes two-way: why not

    @property
    def verdict(self) -> str:
        """both ways; one way only (and no way back); one-way (it takes a hardware upgrade); no."""
        if self.reversible:
            return "both ways"
        if self.route is None:
            return "no"
        return "one-way" if self.route.count("one-way") else "one way only"


class Environment(NamedTuple):
    products: tuple[str, ...]
    hardware: int | None  # None: no hardware lets any pair move both ways
    create_under: str | None
    two_way_pairs: int
    pairs: tuple[Pair, ...]
    groups: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    scores: dict[int, int]  # two-way pairs for every candidate generation (those the site runs)
    against: tuple[str, ...] = ()  # what the guide says against moves from the site's products, with its page


def plan_environment(products: tuple[str, ...], pack: RulePack, planner: Planner | None = None) -> Environment:
    if len(products) < 2:
        raise InvalidRequest("name at least two products: an environment is about moving VMs between them")
    if len(products) > MAX_PRODUCTS:
        raise InvalidRequest(
            f"an environment is planned for at most {MAX_PRODUCTS} products ({len(products)} named: {', '.join(products[:3])}, ...); "
            "name the releases your site runs"
        )
    planner = planner or Planner(pack)
    # Only hardware some product of the site runs is a candidate; ties go to the newer.
    runnable = [h for h in LEVELS if any(h in pack.products[p].hardware_generations() for p in products)]
    # Which products run a level changes only at a product's own hardware (its ceiling) or
    # next to a version one of them skips: the newest best level is among those.
    site = [pack.products[p] for p in products]
    turning = {p.generation for p in site} | {h - 1 for p in site for h, _ in p.lacks} | {h + 1 for p in site for h, _ in p.lacks}
    runnable = [h for h in runnable if h <= 5 or h in turning]
    creators = {h: _creator(products, h, pack) for h in runnable}
    candidates = {h: _pairs(products, h, creators[h][0], planner) for h in runnable}
    scores = {h: sum(p.reversible for p in pairs) for h, pairs in candidates.items()}
    never = _never_two_way(products, candidates, planner)
    best = max(runnable, key=lambda h: (scores[h], h))
    if not scores[best]:
        # No hardware makes any pair two-way: say so, and show where each product's own VMs can go.
        pairs = tuple(p._replace(why=never.get((p.source, p.target))) for p in _pairs(products, None, None, planner))
        notes = ["No hardware generation lets VMs move both ways between any two of these products."] + _notes_common(products, pack)
        return Environment(tuple(products), None, None, 0, pairs, (), tuple(notes), scores)
    pairs = tuple(p._replace(why=never.get((p.source, p.target))) for p in candidates[best])
    create_under, outside = creators[best]
    groups = _groups(products, pairs)
    notes = _notes(products, best, create_under, outside, groups, pack)
    pages: dict[str, list[str]] = {}
    for r in pack.refusals:
        if r.host and not r.policy and r.source in products and r.reference.is_guide:
            pages.setdefault(r.reason, []).append(r.reference.where())
    against = tuple(f"{reason.rstrip('.')} ({'; '.join(sorted(set(where)))})" for reason, where in pages.items())
    return Environment(tuple(products), best, create_under, scores[best], pairs, groups, tuple(notes), scores, against)


def _pairs(products: tuple[str, ...], hardware: int | None, creator: str | None, planner: Planner) -> list[Pair]:
    """Every ordered pair, for VMs created under `creator` with `hardware` where the
    source runs them (else the source's own VMs: a pair may still be one-way)."""
    pairs = []
    for source in products:
        start = planner.states.start(source, hardware, creator) if hardware is not None else None
        if start is None:
            start = planner.states.start(source)
        for target in products:
            if source == target:
                continue
            if start is None:
                pairs.append(Pair(source, target, False, False, None, None, None))
                continue
            there = _route(planner, start, target, REVERSIBLE) if start.hardware == hardware else None
            back = _route(planner, there.target, source, REVERSIBLE) if there else None
            if there and back:
                pairs.append(Pair(source, target, True, True, there, back, None))
            else:
                best = there or _route(planner, start, target, ANY)
                pairs.append(Pair(source, target, best is not None, False, best, None, None))
    return pairs


def _route(planner: Planner, start: State, target: str, constraints: Constraints) -> Route | None:
    return planner.best(start, (target,), VM(), constraints)


def _never_two_way(products: tuple[str, ...], candidates: dict[int, list[Pair]], planner: Planner) -> dict[tuple[str, str], str]:
    """Why pairs that no hardware generation makes two-way cannot be."""
    pack = planner.pack
    reasons = {}
    two_way = {(p.source, p.target) for pairs in candidates.values() for p in pairs if p.reversible}
    for source in products:
        own = planner.states.start(source)
        for target in products:
            if source == target or (source, target) in two_way:
                continue
            a, b = pack.products[source], pack.products[target]
            # Where a VM gets there, what stops it coming back; else what stops it going.
            arrivals = [p.route.target for pairs in candidates.values() for p in pairs if (p.source, p.target) == (source, target) and p.route]
            back = [r for state in arrivals for r in planner.states.refusals(state, source)]
            refusals = back or (planner.states.refusals(own, target) if own else ())
            if abs(a.generation - b.generation) >= 2:
                low, high = sorted((a, b), key=lambda p: p.generation)
                reason = f"skips a generation: {low.name} (generation {low.generation}) and {high.name} (generation {high.generation}) cannot share a VM both ways"
            elif refusals:
                refusal = refusals[0]
                whose = "your site's policy: " if refusal.policy else "the guide: " if refusal.reference.is_guide else ""
                said = f"{whose}{refusal.reason}" + ("" if refusal.policy else f" ({refusal.reference.where()})")
                reason = ("no way back: " if back else "") + said
            else:
                reason = f"no hardware generation lets a VM go from {source} to {target} and back without a one-way upgrade"
            reasons[(source, target)] = reason
    return reasons


def _creator(products: tuple[str, ...], hardware: int, pack: RulePack) -> tuple[str, bool]:
    """A product to create VMs of this hardware under: the site's own if it can, natively first."""
    site = [pack.products[name] for name in products]
    for chosen in (
        [p for p in site if p.can_create and p.generation == hardware],
        [p for p in site if hardware in p.creates()],
        [p for p in pack.products.values() if p.can_create and p.generation == hardware],
        [p for p in pack.products.values() if hardware in p.creates()],
    ):
        if chosen:
            return chosen[0].name, chosen[0].name not in products
    raise InvalidRequest(f"no product in the rule pack creates {short_name(hardware)} VMs")  # pragma: no cover - every generation has a creator


def _groups(products: tuple[str, ...], pairs: tuple[Pair, ...]) -> tuple[tuple[str, ...], ...]:
    """Sets of products where a VM moves both ways between any two of them."""
    both = {(p.source, p.target) for p in pairs if p.reversible}
    groups: list[list[str]] = []
    for name in products:
        for group in groups:
            if all((name, other) in both and (other, name) in both for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    return tuple(tuple(g) for g in groups if len(g) > 1)


def _notes_common(products, pack: RulePack) -> list[str]:
    notes = []
    generations = sorted({pack.products[p].generation for p in products})
    if generations[-1] - generations[0] >= 2:
        notes.append("The guide: an environment that skips a generation cannot move VMs around freely; keep to one generation or two adjacent ones (Cross-Generation Mobility, p. 10).")
    return notes


def _notes(products, hardware, create_under, outside, groups, pack: RulePack) -> list[str]:
    notes = []
    legacy = pack.products[create_under].generation != hardware
    today = pack.products[create_under].is_today
    how = f"as legacy (generation {hardware}) VMs" if legacy and not today else f"with {short_name(hardware)} hardware"
    notes.append(f"Create VMs under {create_under} {how}" + (" (not one of your products)." if outside else "."))
    newer = [pack.products[p] for p in products if pack.products[p].generation != hardware and hardware in pack.products[p].hardware_generations()]
    legacy_hosts = [p.name for p in newer if p.runs_entry(hardware).mode == "legacy"]
    as_is = [p.name for p in newer if p.runs_entry(hardware).mode == "interoperable"]
    if legacy_hosts:
        upgrading = [name for name in legacy_hosts if pack.products[name].can_create]
        notes.append(f"Run them in legacy mode under {', '.join(legacy_hosts)}" + (f"; upgrading their hardware under {', '.join(upgrading)} is one-way." if upgrading else "."))
    if as_is:
        notes.append(f"{', '.join(as_is)} run{'s' if len(as_is) == 1 else ''} them as they are (interoperable).")
    unable = [p for p in products if hardware not in pack.products[p].hardware_generations()]
    if unable:
        notes.append(f"Not able to run {short_name(hardware)} hardware: {', '.join(unable)} (a VM gets there only by a one-way upgrade or a conversion, if at all).")
    capping = [pack.products[p] for p in products if pack.products[p].is_today and pack.products[p].generation == hardware]
    newer = [p for p in products if pack.products[p].generation > hardware]
    if capping and newer:
        caps = "; ".join(f"{p.name} runs hardware up to {short_name(p.generation)} ({p.reference.cite()})" for p in capping)
        notes.append(f"{short_name(hardware)} is the newest every product here runs: {caps}. Newer hardware ({', '.join(newer)} could create it) would not move back.")
    notes.extend(_notes_common(products, pack))
    grouped = {name for group in groups for name in group}
    alone = [p for p in products if p not in grouped]
    if alone:
        notes.append(f"No two-way partner with this hardware: {', '.join(alone)}.")
    return notes
