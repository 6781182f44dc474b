"""vmgraph: plan VM moves between VMware products as routes through a state graph.

The public API (loaded lazily, so `import vmgraph` stays cheap):

    load_rules(extra=(), include_default=True) -> RulePack
    plan(source, target, *, vm=VM(), constraints=Constraints(), via=None, alternatives=0, weights=None, pack=None) -> Route
    StateGraph(pack), mobility_graph(states) -> networkx.DiGraph, Matrix(pack)
"""

from __future__ import annotations

__version__ = "0.1.0"

_EXPORTS = {
    "load_rules": "pack.sources",
    "RulePack": "pack.model",
    "State": "pack.model",
    "plan": "planning.planner",
    "Planner": "planning.planner",
    "Route": "planning.planner",
    "VM": "planning.planner",
    "Constraints": "planning.planner",
    "StateGraph": "planning.state_graph",
    "mobility_graph": "planning.graph",
    "DEFAULT_WEIGHTS": "pack.weights",
    "Matrix": "overview.matrix",
    "VmgraphError": "errors",
    "RuleError": "errors",
    "RuleFileError": "errors",
    "UnknownProduct": "errors",
    "InvalidRequest": "errors",
    "InvalidArgument": "errors",
    "read_vmx": "vm.vmx",
    "read_vm": "vm.facts",
    "read_inventory": "inventory",
    "plan_fleet": "fleet",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'vmgraph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
