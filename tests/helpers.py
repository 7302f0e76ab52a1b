"""Builders for small in-memory files, so rule tests state only the cells that matter."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from dq.checks.mapping import auto_map
from dq.checks.pipeline import analyse
from dq.checks.report import Report
from dq.exports.fixlist import CODE, CORRECTED, FIXLIST_SHEET, KEY
from dq.io.load import LoadedTable

if TYPE_CHECKING:
    from playwright.sync_api import Download

HEADER_ROW = 1


def downloaded(download: Download) -> bytes:
    """The bytes of a browser download, fetched from its address within 30 seconds.

    Playwright's `Download.path()` waits for chromium's download manager without a time
    limit; on a busy machine a download once never finished and the test hung instead of
    failing. The click still has to start a download with its file name and address.
    """
    response = download.page.request.get(download.url, timeout=30_000)
    assert response.ok, f"{download.url}: HTTP {response.status}"
    return response.body()


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


#: Reasons for accepting a warning of the demo (the `accepted_report` fixture): one with
#: markup, one naming a BSN.
ACCEPT_REASONS = {
    "relatienummer.no_contact": "Intern <script>alert(1)</script> dossier",
    "bsn.test_number": "Klant bevestigde BSN 111222333 per mail",
}


def codes(report: Report, file: str | None = None) -> list[str]:
    """Sorted issue codes (optionally of one file), info excluded."""
    issues = report.issues[report.issues["severity"] != "info"]
    if file:
        issues = issues[issues["file"] == file]
    return sorted(issues["code"])


_HEADER = "Relatienummer;Naam;Soort relatie;BSN;Producten\n"
#: A small relaties file (CSV) in two versions a week apart, for the history and progress
#: tests: in week 2 relatie 200 is fixed, 201 is still wrong, 203 is new and wrong, and the
#: rows are in another order. Readiness 33.3% and 50.0%.
WEEK_1 = _HEADER + (
    "200;Piet de Vries;persoon;123456789;Aangifte IB\n"
    "201;Anna Bakker;persoon;987654321;Aangifte IB\n"
    "202;Kees Smit;persoon;111222333;Aangifte IB\n"
)
WEEK_2 = _HEADER + (
    "203;Joke Mulder;persoon;123123123;Aangifte IB\n"
    "202;Kees Smit;persoon;111222333;Aangifte IB\n"
    "201;Anna Bakker;persoon;987654321;Aangifte IB\n"
    "200;Piet de Vries;persoon;111222308;Aangifte IB\n"
)


def fill_in(fixlist: bytes, answers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """An xlsx fix list as the office hands it back: `answers` {code: correction} typed into
    Gecorrigeerde waarde on the Fixlijst sheet; also the relatie- or contactnummer per code."""
    book = load_workbook(io.BytesIO(fixlist))
    sheet = book[FIXLIST_SHEET]
    header = [c.value for c in sheet[1]]
    numbers = {}
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, header.index(CODE) + 1).value
        if code in answers:
            sheet.cell(row, header.index(CORRECTED) + 1, answers[code])
            numbers[code] = sheet.cell(row, header.index(KEY) + 1).value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), numbers
