"""Plain data: what the rule pack says, after loading and validation.

Standard library only, so every command can use it without paying for networkx.
"""

from __future__ import annotations

from typing import NamedTuple

GENERATIONS = (2, 3, 4, 5)
# In the order pictures give them rows: ESXi follows ESX (the product map gives the two one row).
FAMILIES = ("ESX", "ESXi", "ESX with Virtual SMP", "GSX", "Workstation", "ACE", "Player", "Fusion", "VMware Server")
ESX_FAMILIES = frozenset({"ESX", "ESX with Virtual SMP", "ESXi"})
# A product of the guide's era counts hardware by generation; one of today's by hardware version.
ERAS = ("2005", "today")
TRANSFERS = ("copy", "export", "import")
HARDWARE_CHOICES = ("keep", "legacy", "upgrade", "convert")
RUN_MODES = ("legacy", "interoperable")
# The tags a step can carry, in the order they are printed.
TAGS = ("prepare", "copy", "export", "import", "legacy", "convert", "one-way", "conditional")
# A VM's CPU architecture, from its guest ID (arm-windows11-64 is arm64): x86_64 stands for the x86 family.
ARCHITECTURES = ("x86_64", "arm64")
# What a person can say about a VM (vmgraph route --smp, --disk-mode undoable, ...).
VM_CONDITIONS = ("smp", "64bit", "3d", "snapshot", "suspended", "persistent", "nonpersistent", "undoable", "append")
PREPARATION_STAGES = ("before-import", "before-export", "after-arrival")


class Reference(NamedTuple):
    """Where a source says it: the guide's section and page, or another source's
    title and URL; `inferred` explains what the source only implies."""

    section: str | None
    page: int | None
    inferred: str | None = None
    url: str | None = None
    title: str | None = None

    @property
    def is_guide(self) -> bool:
        return self.url is None

    def where(self) -> str:
        """"Section, p. N" for the guide, "Title, URL" for any other source."""
        return f"{self.section}, p. {self.page}" if self.is_guide else f"{self.title}, {self.url}"

    def cite(self) -> str:
        return self.where() + (" (inferred)" if self.inferred else "")

    def as_json(self) -> dict:
        return {"section": self.section, "page": self.page, "url": self.url, "title": self.title}


class Origin(NamedTuple):
    """Where a rule entry came from, for error messages and provenance."""

    file: str
    entry: str  # e.g. "move #3"


class RunsHardware(NamedTuple):
    """A product runs VMs of an older (or interoperable) hardware generation."""

    hardware: int
    mode: str  # "legacy" or "interoperable"
    moves_as: str  # such a VM moves as one created under this product
    reference: Reference
    create: bool = False  # the product can create VMs with this hardware (a "legacy VM")


class Product(NamedTuple):
    """A product. `generation` is the hardware level it creates (see hardware.py):
    the guide's generation for a 2005 product, the hardware version's level for one
    of today's (its ceiling: the newest hardware it runs)."""

    name: str
    generation: int
    family: str
    can_create: bool
    aliases: tuple[str, ...]
    runs: tuple[RunsHardware, ...]
    reference: Reference
    follows: str | None = None  # takes another product's rules (an inference)
    era: str = "2005"  # "today": counts hardware by version, and moves VMs by it (KB 1003746)
    lacks: tuple[tuple[int, Reference], ...] = ()  # today's: levels between floor and ceiling it does not run
    no_create: tuple[tuple[int, Reference], ...] = ()  # today's: levels it runs but does not create (ESXi 5.0's vmx-04)

    @property
    def is_today(self) -> bool:
        return self.era == "today"

    @property
    def is_esx(self) -> bool:
        return self.family in ESX_FAMILIES

    def hardware_generations(self) -> tuple[int, ...]:
        """Every hardware generation this product runs, native first."""
        return (self.generation,) + tuple(r.hardware for r in self.runs)

    def creates(self) -> tuple[int, ...]:
        """Hardware generations this product can create VMs with, native first."""
        if not self.can_create:
            return ()
        return (self.generation,) + tuple(r.hardware for r in self.runs if r.create)

    def runs_hardware(self, hardware: int) -> bool:
        return hardware == self.generation or self.runs_entry(hardware) is not None

    def runs_entry(self, hardware: int) -> RunsHardware | None:
        return next((r for r in self.runs if r.hardware == hardware), None)

    def hardware_bound(self, hardware: int) -> HardwareBound | None:
        """Why one of today's products does not run `hardware` (None: it runs it, or it is
        one of the guide's): it skips that version, or the VM is above its ceiling or below
        its floor; with the level it stops at and the source that says so."""
        if not self.is_today or self.runs_hardware(hardware):
            return None
        lacked = dict(self.lacks).get(hardware)
        if lacked is not None:
            return HardwareBound("lacks", hardware, lacked)
        if hardware > self.generation:
            return HardwareBound("above", self.generation, self.reference)
        floor = min(self.hardware_generations())
        runs = self.runs_entry(floor)
        return HardwareBound("below", floor, runs.reference if runs else self.reference)


class HardwareBound(NamedTuple):
    """A product's reason not to run a VM's hardware (Product.hardware_bound)."""

    kind: str  # "lacks" (a version it skips), "above" (its ceiling), "below" (its floor)
    level: int  # the skipped version, the ceiling or the floor
    reference: Reference


class Group(NamedTuple):
    """A name the guide's tables use for several products ("Workstation 5")."""

    name: str
    members: tuple[str, ...]
    aliases: tuple[str, ...]
    reference: Reference


class MoveRule(NamedTuple):
    """One allowed table cell: VMs created under `source` can move to `target`."""

    source: str
    target: str
    transfer: str
    hardware: tuple[str, ...]  # subset of HARDWARE_CHOICES
    condition: str | None  # the guide's "Maybe, depending on guest operating system"
    caveats: tuple[str, ...]
    reference: Reference
    inferred_fields: tuple[tuple[str, str], ...]  # (field, reasoning) the guide only implies
    origin: Origin
    created_with: int | None = None  # the row of legacy VMs created under `source` with this hardware
    by_hardware: bool = False  # today's products: applies to every VM on `source` whose hardware `target` runs
    tool: str | None = None  # the tool the move is made with (its note is among the caveats)
    says: str | None = None  # the guide's table's own words for the cell where "OK" would shorten them
    caveats_when: tuple[tuple[str, str], ...] = ()  # (VM condition, caveat): shown only for such a VM (a suspended one)

    def inferred_reason(self, field_name: str) -> str | None:
        return dict(self.inferred_fields).get(field_name)


class Platform(NamedTuple):
    """Where hosted and host products run (a Windows or Linux PC, a Mac with Apple silicon,
    a vSphere host), and the CPU architectures of the VMs they run there (issue 19)."""

    name: str
    products: tuple[str, ...]
    guests: tuple[str, ...]  # ARCHITECTURES: "x86_64" (the x86 family), "arm64"
    reference: Reference


class Tool(NamedTuple):
    """A tool to install for a move (VMware OVF Tool, vCenter Converter Standalone): where it runs."""

    name: str
    runs_on: tuple[str, ...]
    reference: Reference

    def note(self) -> str:
        """The words on a step that uses it: what to install, where it runs, who says so."""
        places = ", ".join(self.runs_on[:-1]) + (" or " if len(self.runs_on) > 1 else "") + self.runs_on[-1]
        return f"Tool: install {self.name} on a {places} computer that reaches both ends ({self.reference.cite()})."


class Refusal(NamedTuple):
    """A move the guide says is not supported, with its advice."""

    source: str
    target: str
    reason: str
    advice: str | None
    reference: Reference
    origin: Origin
    policy: bool = False  # a site policy: removes moves the shipped pack allows
    created_with: int | None = None  # as for MoveRule
    host: bool = False  # binds every VM on `source`, whatever it was created under ("moves from ACE")


class Feature(NamedTuple):
    """A VM capability only some products run (an SMP guest, a 64-bit guest).

    Several entries may name one feature for different products, each with the
    guide's own words and page; `sources` keeps them per product.
    """

    name: str
    products: tuple[str, ...]
    reason: str
    reference: Reference
    sources: tuple[tuple[str, str, Reference], ...] = ()  # (product, reason, reference)

    def source_for(self, product: str) -> tuple[str, Reference]:
        """The reason and citation that speak for a VM on `product`."""
        for name, reason, reference in self.sources:
            if name == product:
                return reason, reference
        return self.reason, self.reference


class Preparation(NamedTuple):
    """A step the guide demands around an export, import or arrival."""

    when: tuple[str, ...]  # VM conditions that trigger it
    stage: str  # before-import | before-export | after-arrival
    action: str  # may use {product} for the product moved to
    products: tuple[str, ...]  # after-arrival only: where it applies (empty: everywhere)
    once: bool  # done once, the condition no longer holds (snapshot removed)
    reference: Reference


class SummaryCell(NamedTuple):
    """One cell of the guide's cross-generation summary table (page 10), in its words."""

    source: int  # created under generation
    target: int  # moved to generation
    says: str
    reference: Reference


class CompatibilityChange(NamedTuple):
    """Some of today's products change a VM's hardware version in place, either way, to
    any version they run (Workstation's Change Hardware Compatibility wizard, which
    changes the VM itself or makes a full clone of it): a conversion, tagged convert.

    A VM with newer hardware than every one of `exception_hardware` is never brought
    down to one of them (Workstation's wizard cannot take an upgraded ESX-compatible
    VM back)."""

    products: tuple[str, ...]
    oldest: int  # the oldest hardware of a VM it changes
    reference: Reference  # the change, and the way up
    down: Reference  # the way down
    caveats: tuple[str, ...]
    exception_hardware: frozenset[int] = frozenset()
    exception_reason: str | None = None
    exception: Reference | None = None

    def refuses(self, hardware: int, level: int) -> bool:
        """Whether the exception keeps a VM with `hardware` from being changed to `level`."""
        return level in self.exception_hardware and hardware > max(self.exception_hardware)


class TodayRules(NamedTuple):
    """What holds for every one of today's products: VMs move between hosts of one
    product, and a product upgrades a VM's hardware in place to any version it runs;
    and what some of them change in place besides ([today.compatibility])."""

    same_product: Reference
    upgrade: Reference
    upgrade_caveats: tuple[str, ...]
    compatibility: CompatibilityChange | None = None


class MoveIndex(NamedTuple):
    """The pack's moves, looked up the ways a search asks for them: worked out once, when the
    pack is built, and cached with it (thousands of today's moves, one pass)."""

    by_row: dict[tuple[str, int | None], tuple[MoveRule, ...]]  # the guide's moves, by (source, created_with)
    by_host: dict[str, tuple[MoveRule, ...]]  # today's moves (by hardware), by the product they leave
    into: dict[str, frozenset[str]]  # product -> the products some move leads from to it

    @classmethod
    def of(cls, moves: tuple[MoveRule, ...]) -> "MoveIndex":
        by_row: dict[tuple[str, int | None], list[MoveRule]] = {}
        by_host: dict[str, list[MoveRule]] = {}
        into: dict[str, set[str]] = {}
        for rule in moves:
            if rule.by_hardware:
                by_host.setdefault(rule.source, []).append(rule)
            else:
                by_row.setdefault((rule.source, rule.created_with), []).append(rule)
            into.setdefault(rule.target, set()).add(rule.source)
        return cls(
            {row: tuple(rules) for row, rules in by_row.items()},
            {source: tuple(rules) for source, rules in by_host.items()},
            {target: frozenset(sources) for target, sources in into.items()},
        )


class RulePack(NamedTuple):
    """Everything loaded from the rule files, validated and cross-checked."""

    schema: int
    files: tuple[str, ...]
    products: dict[str, Product]  # canonical order
    groups: dict[str, Group]
    moves: tuple[MoveRule, ...]
    refusals: tuple[Refusal, ...]
    features: dict[str, Feature]
    preparations: tuple[Preparation, ...]
    same_product: Reference | None  # the guide's, for its era's products
    names: dict[str, tuple[str, ...]]  # lookup key -> product names
    name_owner: dict[str, str]  # lookup key -> the product or group it names
    summary: tuple[SummaryCell, ...] = ()  # the guide's own summary table, to compare with
    today: TodayRules | None = None  # present when the pack has today's products
    platforms: tuple[Platform, ...] = ()  # where products run, and the VMs' architectures there
    tools: dict[str, Tool] = {}  # tools moves name (OVF Tool, Converter)
    moves_index: MoveIndex | None = None  # MoveIndex.of(moves), made by the loader; None: made when asked

    def moves_indexed(self) -> MoveIndex:
        """The moves by row, by host and by target (the loader's index, else made now)."""
        return self.moves_index if self.moves_index is not None else MoveIndex.of(self.moves)

    def platforms_of(self, product: str) -> tuple[str, ...]:
        """The platforms a product runs on, in the pack's order (none: the guide's products)."""
        return tuple(dict.fromkeys(p.name for p in self.platforms if product in p.products))

    def architectures_of(self, product: str) -> frozenset[str]:
        """The CPU architectures of VMs a product runs, on any of its platforms (empty: not stated)."""
        return frozenset(arch for p in self.platforms if product in p.products for arch in p.guests)

    def default_view(self) -> list[str] | None:
        """What a whole-graph picture or export shows when no products are named: all of
        them, but the guide's alone when today's (some 80) are in the pack too."""
        guide = [name for name, product in self.products.items() if not product.is_today]
        return guide if guide and len(guide) < len(self.products) else None

    def same_product_reference(self, product: str) -> Reference:
        return self.today.same_product if self.products[product].is_today else self.same_product  # type: ignore[union-attr,return-value]

    def product(self, name: str) -> Product:
        return self.products[name]


class State(NamedTuple):
    """A graph node: a product running a VM with hardware of one generation.

    `origin` is the product the VM was created under, or whose upgrade gave it
    this hardware: the guide's tables are rows of "created under" products, so
    copies, exports, imports and legacy mode keep it; only an upgrade resets it.
    """

    product: str
    hardware: int
    origin: str

    @property
    def is_native(self) -> bool:
        """The VM is on the product it was created under."""
        return self.origin == self.product

    def label(self) -> str:
        # As vmgraph.vm.hardware.both_names (this module imports nothing of vmgraph's): a
        # generation with the version it is taken for, "generation 4 (vmx-03)"; a version "vmx-19".
        level = self.hardware
        version = {4: " (vmx-03)", 5: " (vmx-04)"}.get(level, "")
        hardware = f"generation {level}{version}" if level <= 5 else f"vmx-{level:02d}"
        if self.is_native:
            return f"{self.product} [{hardware}]"
        return f"{self.product} [{hardware}, {self.origin} VM]"


class Transition(NamedTuple):
    """A graph edge: one step a VM can take from one state to another."""

    source: State
    target: State
    tags: tuple[str, ...]
    kind: str  # "move" (between hosts), "upgrade" (in place, one-way) or "change" (in place, a conversion)
    reference: Reference
    condition: str | None = None
    caveats: tuple[str, ...] = ()
    rule: MoveRule | None = None  # None for same-product copies, returns and in-place upgrades
    inferences: tuple[str, ...] = ()  # every inference the step rests on, its reference's first
    transfer: str = "copy"  # how the files travel: copy, export (ESX to hosted) or import

    @property
    def is_move(self) -> bool:
        return self.kind == "move"
