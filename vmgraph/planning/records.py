"""What a route question and its answer are made of: plain records, shared by the planner,
the renderers, the fleet and the notebooks."""

from __future__ import annotations

from typing import NamedTuple

from ..pack.model import TAGS, Reference, State

AVOIDABLE_TAGS = tuple(tag for tag in TAGS if tag != "prepare")
DISK_MODES = ("persistent", "nonpersistent", "undoable", "append")


class VM(NamedTuple):
    """What a person knows about the VM being moved."""

    hardware: int | str | None = None  # a level (int), or as people type it (str: read by the product it is on); None: its product's own
    smp: bool = False
    sixty_four_bit: bool = False
    three_d: bool = False
    snapshot: bool = False
    suspended: bool = False
    disk_mode: str = "persistent"
    created_under: str | None = None  # None: the source product, or the product its hardware says
    arch: str | None = None  # the guest's CPU architecture, "x86_64" or "arm64"; None: not stated (taken as x86_64)

    def conditions(self) -> frozenset[str]:
        flags = {"smp": self.smp, "64bit": self.sixty_four_bit, "3d": self.three_d, "snapshot": self.snapshot, "suspended": self.suspended}
        return frozenset([name for name, on in flags.items() if on] + [self.disk_mode])


class Constraints(NamedTuple):
    reversible: bool = False
    strict: bool = False
    max_moves: int | None = None
    avoid: frozenset[str] = frozenset()
    via: tuple[str, ...] = ()  # products (or groups: any member) the route passes through, in this order
    stated_only: bool = False  # no step that rests on an inference of vmgraph's
    have: tuple[str, ...] = ()  # the products the site has: the only ones a route may pass through (empty: any)


class Request(NamedTuple):
    """A question as asked: enough to print the command that asks it again."""

    source: str  # a product
    target: str  # a product or a group (any member will do)
    vm: VM = VM()
    constraints: Constraints = Constraints()
    weights: tuple[tuple[str, float], ...] = ()  # the tags whose cost was changed
    hardware_reading: str | None = None  # how a bare number was read, where two readings meet
    name_readings: tuple[str, ...] = ()  # how names vmgraph does not list were read (a release, a patch)

    @property
    def readings(self) -> tuple[str, ...]:
        """How vmgraph read the question, for the route to say: the names, then the hardware."""
        return self.name_readings + ((self.hardware_reading,) if self.hardware_reading else ())


class Step(NamedTuple):
    source: State
    target: State
    tags: tuple[str, ...]
    instructions: str
    conditions: tuple[str, ...]
    reference: Reference
    kind: str  # "move", "upgrade", "change" (in place, a conversion) or "prepare"
    cost: float
    inferences: tuple[str, ...] = ()  # what vmgraph infers for this step, not the guide's word

    @property
    def point_of_no_return(self) -> bool:
        return "one-way" in self.tags


class Relaxation(NamedTuple):
    """vmgraph's own suggestion: a changed question that has a route."""

    option: str  # the option to change, e.g. "--reversible"
    change: str  # what to do, e.g. "drop --reversible"
    description: str
    route: "Route"
    request: Request | None = None  # the question that gives `route`


class Refused(NamedTuple):
    """A rule against a direct move: the guide's (or a site's policy), with its advice."""

    source: str
    target: str
    reason: str
    advice: str | None
    reference: Reference
    policy: bool = False


class Route(NamedTuple):
    found: bool
    source: State
    target: State | None
    steps: tuple[Step, ...] = ()
    warnings: tuple[str, ...] = ()
    alternatives: tuple["Route", ...] = ()
    reason: str | None = None
    refusals: tuple[Refused, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    target_products: tuple[str, ...] = ()
    request: Request | None = None
    alternatives_asked: int = 0
    uncreated: frozenset[str] = frozenset()  # products that cannot create VMs: no VM is "created under" them
    today: frozenset[str] = frozenset()  # today's products: a generation there is also named by its version
    cause: str | None = None  # no route: "rules" (none the rules allow), "guest" (none for this guest), "constraints", "architecture"

    @property
    def moves(self) -> int:
        return sum(1 for step in self.steps if step.kind == "move")

    @property
    def cost(self) -> float:
        return round(sum(step.cost for step in self.steps), 6)

    def count(self, tag: str) -> int:
        return sum(1 for step in self.steps if tag in step.tags)
