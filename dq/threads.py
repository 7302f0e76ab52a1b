"""Independent work on every core at once: calamine, zlib, numpy and pyarrow release the GIL.

Two files are read side by side and the columns of both files are checked side by side, so a
pair takes about the time of its larger half on a two-core machine instead of the sum.
`DQ_THREADS=1` runs everything in order (for profiling).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")


def workers() -> int:
    """How many threads to use: one per core, unless `DQ_THREADS` says otherwise."""
    setting = os.environ.get("DQ_THREADS", "").strip()
    return max(1, int(setting)) if setting.isdigit() else os.cpu_count() or 1


def each(function: Callable[[_T], _R], items: Iterable[_T]) -> list[_R]:
    """`function` of every item, in the items' order; the first failure (in order) is raised.

    >>> each(len, ["a", "bb", "ccc"])
    [1, 2, 3]
    """
    items = list(items)
    count = min(len(items), workers())
    if count <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(count, thread_name_prefix="dq") as pool:
        return list(pool.map(function, items))


def ahead(function: Callable[[_T], _R], items: Iterable[_T]) -> Iterator[_R]:
    """`function` of every item, in order, each one made in a second thread while the caller
    handles the one before (a writer deflates one chunk while the next is made).

    >>> list(ahead(len, ["a", "bb", "ccc"]))
    [1, 2, 3]
    """
    items = list(items)
    if workers() <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    with ThreadPoolExecutor(1, thread_name_prefix="dq") as pool:
        pending = pool.submit(function, items[0])
        for item in items[1:]:
            current, pending = pending.result(), pool.submit(function, item)
            yield current
        yield pending.result()
