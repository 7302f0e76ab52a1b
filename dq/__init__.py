"""crm-importcheck core: load, map, check and score Mijn Kantoor import files.

>>> import dq
>>> report = dq.check(relaties="relaties.xlsx", contacten="contacten.csv")  # doctest: +SKIP
>>> report.readiness, report.ready  # doctest: +SKIP
"""

from dq.api import check, map_columns
from dq.checks.report import Report
from dq.io.readers import LoadError

__all__ = ["LoadError", "Report", "check", "map_columns"]
