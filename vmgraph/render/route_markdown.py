"""A route as a Markdown checklist for a change ticket: every name and rule text escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..planning.records import Route
from .escape import markdown as md
from .routes import cite_step, cited_by, command_for, limit_groups, limits_reason, path_of, readings, refusals_by_kind, shortfall, summary, where

if TYPE_CHECKING:
    from ..planning.vm_questions import RouteLimits


def to_markdown(route: Route, target_name: str | None = None, extra: Sequence[str] = (), limits: "RouteLimits | None" = None) -> str:
    """A checklist for a change ticket; every name and rule text is escaped for Markdown."""
    if route.found and limits is not None and limits.refused:
        return _as_is_markdown(route, target_name, extra, limits)
    if not route.found:
        target = md(target_name or " or ".join(route.target_products))
        lines = [f"## No route: {md(where(route.source, route))} → {target}", ""] + _readings_markdown(route)
        lines += [f"**Why:** {md(route.reason or '')}", ""]
        sources, policy = refusals_by_kind(route)
        for heading, said in sources:
            lines += [f"**{heading}:**", ""]
            for refusal in said:
                advice = f" **Instead:** {md(refusal.advice)}" if refusal.advice else ""
                inferred = f" _Inferred by vmgraph: {md(refusal.reference.inferred)}_" if refusal.reference.inferred else ""
                lines.append(f"- {md(refusal.reason)} _({md(refusal.reference.where())})_{advice}{inferred}")
            lines.append("")
        if policy:
            lines += ["**Your site's policy says:**", ""]
            lines += [f"- {md(r.reason)} _({md(r.reference.where())})_" for r in policy]
            lines.append("")
        if route.relaxations:
            lines += ["**vmgraph suggests** (each command gives a route):", ""]
            for r in route.relaxations:
                command = f" `{command_for(r.request, extra, route=route)}`" if r.request else ""
                lines.append(f"- {md(r.change)}: {md(r.description)}.{command}")
        return "\n".join(lines).rstrip("\n") + "\n"
    lines = [f"## Move a VM: {md(where(route.source, route))} → {md(where(route.target, route))}", ""] + _readings_markdown(route)
    for number, step in enumerate(route.steps, 1):
        tags = " ".join(f"`{tag}`" for tag in step.tags)
        flag = " **Point of no return.**" if step.point_of_no_return else ""
        head = md(where(step.source, route)) if step.kind == "prepare" else f"{md(where(step.source, route))} → {md(where(step.target, route))}"
        lines.append(f"- [ ] **{number}. {head}** {tags}{flag}  ")
        lines.append(f"  {md(step.instructions)}  ")
        lines.extend(f"  ⚠ {md(condition)}  " for condition in step.conditions)
        lines.append(f"  _{cited_by(step)}: {md(cite_step(step))}_" + ("  " if step.inferences else ""))
        lines.extend(f"  _Inferred by vmgraph: {md(inference)}_" + ("  " if i < len(step.inferences) - 1 else "") for i, inference in enumerate(step.inferences))
    lines += ["", f"**Summary:** {summary(route)}"]
    if limits is not None and limits.problems:
        lines += _limits_markdown(limits, route)
    if route.warnings:
        lines += ["", "**Warnings:**", ""] + [f"- {md(w)}" for w in route.warnings]
    if route.alternatives or route.alternatives_asked:
        lines += ["", "**Alternatives:**", ""]
        for number, other in enumerate(route.alternatives, 1):
            path = " → ".join(md(where(state, route)) for state in path_of(other))
            lines.append(f"{number}. {path} ({summary(other)})")
        short = shortfall(route)
        if short:
            lines += ["", short]
    return "\n".join(lines) + "\n"


def _as_is_markdown(route: Route, target_name: str | None, extra: Sequence[str], limits: "RouteLimits") -> str:
    target = md(target_name or route.target.product)  # type: ignore[union-attr]
    reason = limits_reason(limits)
    lines = [f"## No route as is: {md(where(route.source, route))} → {target}", ""] + _readings_markdown(route)
    lines += [f"**Why:** {md(reason[0].upper() + reason[1:])}"]
    lines += _limits_markdown(limits, route)
    lines.append("")
    if limits.suggestions:
        lines += ["**vmgraph suggests** (each command gives a route):", ""]
        for r in limits.suggestions:
            lines.append(f"- {md(r.change)}: {md(r.description)}. `{command_for(r.request, extra, vmx=limits.vmx, route=route)}`")  # type: ignore[arg-type]
    else:
        lines.append("vmgraph finds no newer target that holds the VM as it is: change the VM as the fixes say.")
    lines += ["", "### Once the VM is changed as the fixes say, this route applies", ""]
    once = to_markdown(route, target_name, extra).split("\n", 2)[2]  # without its own heading
    return "\n".join(lines) + "\n" + once


def _readings_markdown(route: Route) -> list[str]:
    """How vmgraph read the question, under the heading."""
    said = readings(route)
    return [f"**Read:** {md(r)}  " if i < len(said) - 1 else f"**Read:** {md(r)}" for i, r in enumerate(said)] + ([""] if said else [])


def _limits_markdown(limits: "RouteLimits", route: Route) -> list[str]:
    lines: list[str] = []
    for heading, problems in limit_groups(limits):
        lines += ["", f"**{md(heading)}**", ""]
        for problem in problems:
            sources = "; ".join(s.where() for s in problem.sources)
            inferred = f" _Inferred by vmgraph: {md(problem.inferred)}_" if problem.inferred else ""
            lines.append(f"- {md(problem.problem)}. **Fix:** {md(problem.fix)}. _({md(sources)})_{inferred}")
    return lines
