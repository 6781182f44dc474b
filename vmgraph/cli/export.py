"""`vmgraph export`: the state graph as Graphviz DOT, Mermaid or node-link JSON."""

from typing import Annotated, Optional

import typer

from .common import echo_text, load_pack
from .options import PRODUCTS_HELP, ExportFormat, NoDefaultOption, RulesOption, selection


def export(
    export_format: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="dot (Graphviz), mermaid (a flowchart code hosts render) or json (node-link).", show_default=False)],
    products: Annotated[Optional[str], typer.Option("--products", help=PRODUCTS_HELP, metavar="P,...")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Write the state graph to stdout as Graphviz DOT, Mermaid or node-link JSON.

    Examples:

    \b
      vmgraph export dot | dot -Tsvg > graph.svg
      vmgraph export mermaid --products ws3,ws4,ws5
    """
    from ..planning.places import PlaceGraph
    from ..render import exports
    from ..planning.state_graph import StateGraph

    pack = load_pack(rules, no_default_rules)
    chosen = selection(pack, products)
    states = PlaceGraph(StateGraph(pack))
    writer = {ExportFormat.dot: exports.to_dot, ExportFormat.mermaid: exports.to_mermaid, ExportFormat.json: exports.to_node_link}[export_format]
    echo_text(writer(states, chosen))
