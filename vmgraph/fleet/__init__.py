"""A whole fleet planned from an inventory (`vmgraph fleet INVENTORY --to TARGET`).

    plan_fleet(inventory, target, source=None, constraints=Constraints(), pack=None) -> FleetPlan

Every VM is a route question (questions.py), asked from where the VM is: its row's product,
--from, its host's release, or vmgraph's reading, a vSphere host that runs its hardware
(placement.py, which says who says it). A fleet of a million VMs asks a few hundred
distinct questions, so each is planned once (planning.py); the VMs are streamed past and spooled
to a temporary file, so memory does not grow with the fleet. The answers are grouped by what the
work is (outcomes.py), largest group first.
"""

from __future__ import annotations

from .outcomes import Group, Outcome
from .planning import FleetPlan, VmLines, plan_fleet
from .questions import question_key

__all__ = ["FleetPlan", "Group", "Outcome", "VmLines", "plan_fleet", "question_key"]
