"""Issue tables as users read them: Dutch headers and labels, masked in presentation mode."""

from __future__ import annotations

import pandas as pd

from dq.checks.report import ISSUE_FIELDS, Report
from dq.exports import fixlist
from dq.spec.fields import RELATIES
from ui import privacy
from ui.labels import FILE_LABEL, ISSUE_HEADERS, SEVERITY_LABEL, field_label

MAX_ROWS = 500  # rows sent to the browser per table; filters narrow the rest down


def issue_view(issues: pd.DataFrame, masked: bool) -> pd.DataFrame:
    """Issues with Dutch column names, field labels and severities; values masked if asked."""
    table = issues[ISSUE_FIELDS].fillna({"value": "", "suggestion": ""})
    if masked:
        table = privacy.mask_issues(table)
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
    """The fix list as the download holds it, masked for the screen like every other table.

    The core masks BSN and RSIN; on screen e-mail, names and the BSN inside BTW- and
    loonheffingennummers are hidden too (each row's field is the first part of its code).
    """
    severities = ("error", "warning", "info") if with_info else ("error", "warning")
    table = fixlist.fixlist_table(report, masked, severities).drop(columns=fixlist.CORRECTED)
    if not masked:
        return table
    codes = table[fixlist.CODE]
    fields = codes.str.split(".").str[0].where(~codes.str.startswith("bestand."))
    table = privacy.mask_by_field(table, fields, [fixlist.CURRENT, fixlist.SUGGESTED])
    return table.assign(**{fixlist.NAME: privacy.mask_series(table[fixlist.NAME], None)})
