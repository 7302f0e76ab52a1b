"""crm-importcheck core: load, map, check and score Mijn Kantoor import files.

>>> import dq
>>> report = dq.check(relaties="relaties.xlsx", contacten="contacten.csv")  # doctest: +SKIP
>>> report.readiness, report.ready  # doctest: +SKIP

The names below load on first use, so `dq --help` and the light commands do not wait for
pandas and the checks (`python -X importtime -m dq --help`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dq.api import check, map_columns
    from dq.checks.report import Report
    from dq.io.errors import LoadError

__all__ = ["LoadError", "Report", "check", "map_columns"]

_HOMES = {
    "LoadError": "dq.io.errors",
    "Report": "dq.checks.report",
    "check": "dq.api",
    "map_columns": "dq.api",
}


def __getattr__(name: str) -> object:
    """Import a public name from its module the first time it is asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'dq' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
