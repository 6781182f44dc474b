"""The `vmgraph` console script: start the CLI quickly.

A CLI run is a short-lived process that spends most of its start-up importing
networkx and typer; the cyclic garbage collector's passes over those freshly
made objects find nothing to free, so they are skipped. Memory is returned at
exit. The library, the notebook and the tests import vmgraph.cli directly and
keep the collector on.
"""

import gc


def main() -> None:
    gc.disable()
    from .cli import main as run

    run()
