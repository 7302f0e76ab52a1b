"""Settings of the server process: made once, however many sessions and reruns follow."""

from __future__ import annotations

import functools
import gc

#: New container objects between two runs of Python's cycle collector (700 by default). An
#: upload of a 100k file makes millions (calamine's rows alone are 100,000 lists), and at
#: the default the collector walked the whole heap twice per upload pair (0.14-0.27 s each).
GC_EVERY = 100_000


@functools.cache
def tune() -> None:
    """Take what the imports made (modules, classes and functions, which live as long as the
    server) out of the collector's walks, and collect young objects less often. An upload
    pair of 100k rows spent 0.28-0.40 s in the collector, now 0.10-0.13 s."""
    gc.freeze()
    gc.set_threshold(GC_EVERY, *gc.get_threshold()[1:])
