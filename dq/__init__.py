"""crm-importcheck core: load, map, check and score Mijn Kantoor import files.

>>> import dq
>>> report = dq.check(relaties="relaties.xlsx", contacten="contacten.csv")  # doctest: +SKIP
>>> report.readiness, report.ready  # doctest: +SKIP
"""

from dq.api import check, map_columns
from dq.readers import LoadError
from dq.report import Report

__all__ = ["LoadError", "Report", "check", "map_columns"]
