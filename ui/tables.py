"""Issue tables as users read them: Dutch headers and labels, masked in presentation mode."""

from __future__ import annotations

import pandas as pd

from dq.checks.report import ISSUE_FIELDS, Report
from dq.exports import fixlist
from dq.privacy import Masking
from dq.spec.fields import RELATIES
from ui.labels import FILE_LABEL, ISSUE_HEADERS, SEVERITY_LABEL, field_label

MAX_ROWS = 500  # rows sent to the browser per table; filters narrow the rest down


def issue_view(issues: pd.DataFrame, masking: Masking) -> pd.DataFrame:
    """Issues with Dutch column names, field labels and severities; masked as `masking` says."""
    table = masking.issues(issues[ISSUE_FIELDS].fillna({"value": "", "suggestion": ""}))
    pairs = list(zip(table["file"], table["field"], strict=True))
    labels = {pair: field_label(*pair) for pair in set(pairs)}
    view = table.assign(
        file=table["file"].map(FILE_LABEL),
        field=[labels[pair] for pair in pairs],
        severity=table["severity"].map(SEVERITY_LABEL),
        row=table["row"].astype("int64"),
    )
    return view.rename(columns=ISSUE_HEADERS)


def display_names(report: Report, kind: str) -> pd.Series:
    """A readable name per row: the relatie's naam, or the contact's full name."""
    outcomes = report.files[kind].outcomes
    if kind == RELATIES:
        return outcomes["naam"].raw.str.strip()
    parts = [outcomes[k].raw.str.strip() for k in ("voornaam", "tussenvoegsel", "achternaam")]
    joined = parts[0].str.cat(parts[1:], sep=" ").str.replace(r"\s+", " ", regex=True).str.strip()
    return joined.where(joined.ne(""), outcomes["volledige_naam"].raw.str.strip())


def key_numbers(report: Report, kind: str) -> pd.Series:
    """The relatienummer or contactnummer of every row, as text."""
    key = "relatienummer" if kind == RELATIES else "contactnummer"
    return report.files[kind].outcomes[key].raw.str.strip()


def fixlist_view(report: Report, masked: bool, with_info: bool) -> pd.DataFrame:
    """The fix list as the download holds it (masked by the same path as the download)."""
    severities = ("error", "warning", "info") if with_info else ("error", "warning")
    return fixlist.fixlist_table(report, masked, severities).drop(columns=fixlist.CORRECTED)
