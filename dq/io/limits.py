"""The upper bounds for one upload, and the environment variables that change them.

One place for every limit, so the loader, the command line, the app and the docs agree. The
bounds keep a single upload from exhausting the server: each is checked before the memory it
guards is spent (file size before reading, zip member sizes before unpacking, a sheet's extent
before a parser builds it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MB = 1024**2


@dataclass(frozen=True)
class Limits:
    """Upper bounds that keep one upload from exhausting the server's memory.

    `max_cells` bounds rows x columns of the sheet that is read: every reader builds the
    whole rectangle, so 500,000 rows of 1,000 columns would be far too much even though each
    bound alone holds.
    """

    max_bytes: int = 200 * MB
    max_uncompressed_bytes: int = 1024 * MB
    max_rows: int = 500_000
    max_columns: int = 1_000
    max_cells: int = 20_000_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Limits:
        """The defaults, with each `DQ_MAX_...` variable that is set taking their place.

        Raises ValueError with a Dutch sentence when a variable is not a positive whole number.

        >>> Limits.from_env({"DQ_MAX_FILE_MB": "50", "DQ_MAX_ROWS": "1000"}).max_bytes // MB
        50
        """
        values = {}
        for name, (attribute, unit) in ENVIRONMENT.items():
            text = environ.get(name, "").strip()
            if not text:
                continue
            if not text.isdigit() or int(text) == 0:
                raise ValueError(
                    f"De instelling {name} moet een positief geheel getal zijn, niet '{text}'."
                )
            values[attribute] = int(text) * unit
        return cls(**values)


#: Environment variable -> (Limits attribute, unit of the value).
ENVIRONMENT: dict[str, tuple[str, int]] = {
    "DQ_MAX_FILE_MB": ("max_bytes", MB),
    "DQ_MAX_UNCOMPRESSED_MB": ("max_uncompressed_bytes", MB),
    "DQ_MAX_ROWS": ("max_rows", 1),
    "DQ_MAX_COLUMNS": ("max_columns", 1),
    "DQ_MAX_CELLS": ("max_cells", 1),
}


def size_text(n_bytes: int) -> str:
    """Whole units, largest first: the limits are round numbers.

    >>> size_text(200 * MB), size_text(1024**3), size_text(1536)
    ('200 MB', '1 GB', '1.5 KB')
    """
    for unit, size in (("GB", 1024**3), ("MB", MB), ("KB", 1024)):
        if n_bytes >= size:
            return f"{n_bytes / size:g} {unit}"
    return f"{n_bytes} bytes"


def count_text(n: int) -> str:
    """A count with Dutch thousands separators.

    >>> count_text(500_000)
    '500.000'
    """
    return f"{n:,}".replace(",", ".")
