"""Independent work on every core at once: calamine, zlib, numpy and pyarrow release the GIL.

Two files are read side by side and the columns of both files are checked side by side, so a
pair takes about the time of its larger half on a two-core machine instead of the sum.
`DQ_THREADS=1` runs everything in order (for profiling).
"""

from __future__ import annotations

import os
from collections import deque
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


def ahead(function: Callable[[_T], _R], items: Iterable[_T], depth: int = 1) -> Iterator[_R]:
    """`function` of every item, in order, made in other threads while the caller handles
    the ones before: `depth` items at a time (a writer deflates one chunk while the next is
    made; text made in Arrow alone can use every core).

    >>> list(ahead(len, ["a", "bb", "ccc"], depth=2))
    [1, 2, 3]
    """
    items = list(items)
    depth = min(depth, workers())
    if workers() <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    with ThreadPoolExecutor(depth, thread_name_prefix="dq") as pool:
        pending = deque(pool.submit(function, item) for item in items[:depth])
        for item in items[depth:]:
            current = pending.popleft().result()
            pending.append(pool.submit(function, item))
            yield current
        while pending:
            yield pending.popleft().result()
