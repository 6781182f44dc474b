"""The `vmgraph` console script: start the CLI quickly, and keep long commands lean.

A CLI run spends most of its start-up importing networkx and typer; the cyclic
garbage collector's passes over those freshly made objects find nothing to
free, so the collector is off while they load (collector.py turns it back on once
a command's own imports are done, so a long command (an environment, a matrix, a
fleet) does not keep every graph it discards). When the command is done,
everything is frozen again: the collections the interpreter makes as it exits
would scan the command's objects (the rule pack, the states a search made) only
to find them still alive (~4 ms of a route).
"""

import gc
import sys

from .collector import collector_off


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def main() -> None:
    collector_off()
    try:
        from .app import main as run

        run()
    except KeyboardInterrupt:  # Ctrl-C before the command line's own handling is in place (start-up)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        gc.freeze()  # the end: the interpreter's last collections need not scan what the command made
