"""Regenerate the README's pictures: the full graph and two routes.

    python docs/make_images.py

Each PNG comes with a DOT file of the same graph (and route); the test suite
regenerates the DOT and fails when a committed one differs, so a change to the
rules that is not redrawn is caught without comparing pixels.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from vmgraph.planner import plan  # noqa: E402
from vmgraph.render.drawing import save_drawing  # noqa: E402
from vmgraph.render.exports import to_dot  # noqa: E402
from vmgraph.rules import load_rules  # noqa: E402
from vmgraph.places import PlaceGraph, place  # noqa: E402
from vmgraph.transitions import StateGraph  # noqa: E402

ROUTES = {
    "route-gsx1-to-ws5": ("GSX Server 1", "Workstation 5"),
    "route-ws4-to-esx2-smp": ("Workstation 4", "ESX Server 2 with Virtual SMP"),
}


def images() -> dict[str, tuple[object, str]]:
    """name -> (route or None, DOT source) for every picture in docs/."""
    pack = load_rules(include_default=True)
    states = PlaceGraph(StateGraph(pack))
    result = {"graph": (None, to_dot(states))}
    for name, (source, target) in ROUTES.items():
        route = plan(source, target, pack=pack)
        steps = [(place(s.source), place(s.target)) for s in route.steps if s.kind != "prepare" and s.source != s.target]
        result[name] = (route, to_dot(states, highlight=steps))
    return result


def main() -> None:
    pack = load_rules()
    for name, (route, dot) in images().items():
        save_drawing(HERE / f"{name}.png", pack, route=route, hide_unsupported=name == "graph")
        (HERE / f"{name}.dot").write_text(dot)
        print(f"wrote docs/{name}.png and docs/{name}.dot")


if __name__ == "__main__":
    main()
