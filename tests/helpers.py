"""Builders for small in-memory files, so rule tests state only the cells that matter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dq.analysis import analyse
from dq.load import LoadedTable
from dq.mapping import auto_map
from dq.report import Report

HEADER_ROW = 1


def table(rows: list[dict[str, str]], name: str = "test.csv") -> LoadedTable:
    """A loaded table as the loader would return it, header on row 1."""
    frame = pd.DataFrame(rows, dtype=object).fillna("")
    return LoadedTable(
        frame=frame,
        excel_rows=np.arange(len(frame), dtype=np.int64) + HEADER_ROW + 1,
        header_row=HEADER_ROW,
        columns=list(frame.columns),
        filename=name,
        sheet=None,
        sheets=[],
        encoding="utf-8",
        delimiter=";",
        notes=[],
    )


def run(
    relaties: list[dict[str, str]] | None = None, contacten: list[dict[str, str]] | None = None
) -> Report:
    """Analyse rows keyed by canonical field keys (headers map exactly)."""
    tables = {}
    if relaties is not None:
        tables["relaties"] = table(relaties)
    if contacten is not None:
        tables["contacten"] = table(contacten)
    mappings = {k: auto_map(t.columns, k) for k, t in tables.items()}
    return analyse(tables, mappings)


def codes(report: Report, file: str | None = None) -> list[str]:
    """Sorted issue codes (optionally of one file), info excluded."""
    issues = report.issues[report.issues["severity"] != "info"]
    if file:
        issues = issues[issues["file"] == file]
    return sorted(issues["code"])
