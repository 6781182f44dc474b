"""The `vmgraph` console script: start the CLI quickly, and keep long commands lean.

A CLI run spends most of its start-up importing networkx and typer; the cyclic
garbage collector's passes over those freshly made objects find nothing to
free, so the collector is off while they load. Once a command has imported what
it needs it calls `work_begins()`: everything alive then is frozen (never
scanned again) and the collector comes back on, so a long command (an
environment, a matrix, a fleet) does not keep every graph it discards. When
the command is done, everything is frozen again: the collections the interpreter
makes as it exits would scan the command's objects (the rule pack, the states
a search made) only to find them still alive (~4 ms of a route). The
library, the notebook and the tests import vmgraph.cli directly and keep the
collector on throughout.
"""

import gc

_launched = False  # gc was turned off by main(), and is to be turned back on


def main() -> None:
    global _launched
    _launched = True
    gc.disable()
    from .cli import main as run

    try:
        run()
    finally:
        gc.freeze()  # the end: the interpreter's last collections need not scan what the command made


def work_begins() -> None:
    """The start-up imports are done: collect what the work discards from here on."""
    global _launched
    if _launched:
        _launched = False
        gc.freeze()
        gc.enable()
