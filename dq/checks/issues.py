"""One finding as data: the issue-code declaration and the long issue table every check fills.

A leaf of the engine: the column checks, the rules and the code catalogue all build on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from dq.text import ARROW_TEXT, arrow

ISSUE_COLUMNS = ["pos", "field", "code", "value", "suggestion"]


@dataclass(frozen=True)
class Code:
    """One kind of finding."""

    code: str
    file: str  # relaties, contacten or bestand
    field: str
    severity: str
    message: str  # Dutch: what is wrong and how to fix it
    example: str  # a value that triggers it (fictional)
    source: str = ""  # the file where it is decided, for docs/checks.md


_NO_ISSUES = pd.DataFrame(
    {c: pd.Series(dtype="int64" if c == "pos" else "str") for c in ISSUE_COLUMNS}
)


def empty_issues() -> pd.DataFrame:
    """An issue frame with no rows and the right columns (a copy: building one is slow)."""
    return _NO_ISSUES.copy()


#: Issue texts: a column (Series, Arrow or numpy array) or one text (None: NA) for every row.
Texts = pd.Series | pa.Array | np.ndarray | str | None


def issue_frame(
    pos: pd.Index | np.ndarray, field: str, code: Texts, value: Texts, suggestion: Texts = None
) -> pd.DataFrame:
    """Issue rows for the given row positions (an empty frame when there are none)."""
    if len(pos) == 0:
        return empty_issues()
    columns = {"field": field, "code": code, "value": value, "suggestion": suggestion}
    return pd.DataFrame(
        {"pos": np.asarray(pos, dtype="int64")}
        | {name: _text_column(data, len(pos)) for name, data in columns.items()}
    )


def _text_column(data: Texts, length: int) -> pd.api.extensions.ExtensionArray:
    """A `str` column of `length` texts."""
    if data is None or isinstance(data, str):
        data = pa.repeat(pa.scalar(data, ARROW_TEXT), length)
    elif isinstance(data, pd.Series):
        data = arrow(data)
    return pd.array(data, dtype="str")
