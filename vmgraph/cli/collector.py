"""The cyclic garbage collector during a command line's start-up (see launch.py).

The console script turns the collector off while the start-up imports load; a command calls
`work_begins()` once its imports are done: everything alive then is frozen (never scanned
again) and the collector comes back on. The library, the notebook and the tests never turn it off.
"""

import gc

_launched = False  # gc was turned off by the console script, and is to be turned back on


def collector_off() -> None:
    """The console script starts: no collection until the work begins."""
    global _launched
    _launched = True
    gc.disable()


def work_begins() -> None:
    """The start-up imports are done: collect what the work discards from here on."""
    global _launched
    if _launched:
        _launched = False
        gc.freeze()
        gc.enable()
