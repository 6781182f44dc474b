"""Routes round a move the guide refuses.

A VM keeps the row of the product it was created under until its hardware is upgraded; then it
has the row of the product that upgraded it. So a route may reach a target the guide refuses for
the VM's first row: upgraded on the way, the VM moves by its new row. Where the guide itself
describes that way round (Generation 2 to Generation 5, p. 15: "go through an intermediate
product ... and upgrade again"), the route says so with the guide's advice. Where the guide
refuses the move and gives no way round it (generation 2 to ESX Server 2, p. 21), the step that
arrives rests on vmgraph's reading of an upgraded VM, and says so: `--stated-only` leaves such a
route out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pack.model import Refusal, State
from .records import Route

if TYPE_CHECKING:  # for annotations only: the planner imports this module
    from .planner import Planner

TWO_STAGES = "Generation 2 to Generation 5, p. 15"  # where the guide moves an upgraded VM by its new generation's table


def refused_directly(planner: "Planner", start: State, targets: tuple[str, ...]) -> Refusal | None:
    """The guide's refusal of the move from the start to a target, for the VM's row (None: not refused)."""
    return next((r for name in targets for r in planner.states.refusals(start, name) if not r.policy and r.reference.is_guide), None)


def round_refusal(planner: "Planner", start: State, targets: tuple[str, ...], route: Route) -> tuple[Route, bool]:
    """The route, said to go round the guide's refusal where it does; and whether it rests on
    vmgraph's reading of an upgraded VM (the guide gives no way round that refusal)."""
    refusal = refused_directly(planner, start, targets) if route.moves >= 2 else None
    if refusal is None:
        return route, False
    through = ", ".join(dict.fromkeys(s.target.product for s in route.steps[:-1] if s.kind == "move"))
    advice = f" Its advice: {refusal.advice}" if refusal.advice else " It gives no way round it."
    said = f"The guide does not support the direct move ({refusal.reference.cite()}): {refusal.reason}{advice} This route goes through {through}."
    upgraded = [s for s in route.steps if s.point_of_no_return]
    if refusal.advice or not upgraded:
        return route._replace(warnings=route.warnings + (said,)), False
    row = upgraded[-1].target.origin
    last = max(number for number, step in enumerate(route.steps) if step.kind == "move")
    reading = (
        f"The guide refuses this move for a VM created under {start.origin} and gives no way round it; here the VM, its hardware "
        f"upgraded under {row}, moves as one created there: vmgraph's reading (the guide moves an upgraded VM by its new "
        f"generation's table only in its two-stage procedure, {TWO_STAGES})."
    )
    step = route.steps[last]
    steps = route.steps[:last] + (step._replace(inferences=step.inferences + (reading,)),) + route.steps[last + 1:]
    warnings = route.warnings + (said,)
    if not step.inferences:
        source = "the guide" if step.reference.is_guide else "its source"
        warnings += (f"Step {last + 1} rests on an inference of vmgraph's, not a statement of {source} (shown on the step).",)
    return route._replace(steps=steps, warnings=warnings), True
