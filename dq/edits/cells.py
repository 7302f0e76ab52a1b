"""What a corrected cell becomes: the whole text, or in a list only the item that was wrong."""

from __future__ import annotations

import pandas as pd

from dq.spec.catalog import split_list

#: What the office types to empty a cell.
EMPTY = "(leeg)"


def new_cell(old: str, current: str, new: str, listed: bool) -> str:
    """The cell after a correction: `(leeg)` empties it; in a list only the named item changes.

    >>> new_cell("BTW, Subsidie", "Subsidie", "Jaarrekening", True)
    'BTW, Jaarrekening'
    >>> new_cell("BTW, Subsidie", "Subsidie", "BTW", True)
    'BTW'
    >>> new_cell("BTW; Subsidie", "Subsidie", "(leeg)", True), new_cell("1", "1", "(leeg)", False)
    ('BTW', '')
    """
    value = "" if new.casefold() == EMPTY else new
    items = split_list(pd.Series([old.strip()])).tolist() if listed else []
    target = current.strip()
    if len(items) < 2 or target not in items:
        return value
    replaced = (value if item == target else item for item in items)
    return ", ".join(dict.fromkeys(item for item in replaced if item))
