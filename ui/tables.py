"""Issue tables as users read them: Dutch headers and labels, masked in presentation mode."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dq.checks.report import ISSUE_FIELDS, Report
from dq.exports import fixlist
from dq.privacy import Masking
from dq.spec.fields import KEY_FIELD
from ui.labels import FILE_LABEL, ISSUE_HEADERS, SEVERITY_LABEL, field_label, number

#: Rows drawn per page of a long table; the page picker above it reaches the others. At 100k
#: rows, tables of 500 styled rows took about half a second a page switch to make, send and
#: draw; a page of 100 keeps the switch quick, and no row is out of reach.
PAGE_ROWS = 100
_SCOPES = "dq_pager_scopes"  # dict[picker key, the filters its page was picked under]
#: Pixels per character and around a cell's text: a header or a severity is never cut.
CHAR_PX, CELL_PX = 8, 30
WIDEST_PX, WIDE_PX = 360, 420
ROW_PX, HEADER_PX = 35, 38  # Streamlit's row and header height in a table
CODE_HELP = (
    "De vaste code van deze controle, voor de beheerder van de app (zie docs/checks.md); "
    "de melding zegt in gewone taal wat er mis is."
)


def column_widths(
    table: pd.DataFrame, wide: Sequence[str] = (), sample: int = 200
) -> dict[str, Any]:
    """A column config that makes every column as wide as its header and its longest value
    among the first `sample` rows (at most WIDEST_PX; the `wide` ones get WIDE_PX), so no
    header word or severity is cut; a 'Code' column says what it is in a tooltip."""
    config: dict[str, Any] = {}
    head = table.head(sample)
    for column in table.columns:
        if column in wide:
            config[column] = st.column_config.Column(width=WIDE_PX)
            continue
        longest = head[column].astype("str").str.len().max() if len(head) else 0
        chars = max(len(str(column)), int(0 if pd.isna(longest) else longest))
        width = min(WIDEST_PX, CHAR_PX * chars + CELL_PX)
        if column == ISSUE_HEADERS["code"]:
            config[column] = st.column_config.TextColumn(width=width, help=CODE_HELP)
        else:
            config[column] = st.column_config.Column(width=width)
    return config


def table_config(table: pd.DataFrame, wide: Sequence[str] = ()) -> dict[str, Any]:
    """`column_widths` with the Excel row number shown as a plain number (no thousands dot)."""
    config = column_widths(table, wide)
    if "Rij" in config:
        config["Rij"] = st.column_config.NumberColumn(format="%d", width=config["Rij"]["width"])
    return config


def window_height(rows: int) -> int:
    """A table's height for all its rows; the app's CSS caps it at the window's height, so
    a tall window shows more rows and a small one keeps the table on screen."""
    return HEADER_PX + ROW_PX * max(rows, 1) + 2


def page_number(key: str, scope: Hashable = None) -> int:
    """The page the picker `key` is on: 1 before it is drawn, and again when `scope` (the
    filters of its table) changed since."""
    scopes = st.session_state.setdefault(_SCOPES, {})
    if scopes.get(key) != scope:
        scopes[key] = scope
        st.session_state[key] = 1
    return int(st.session_state.get(key, 1))


def page_rows(total: int, page: int) -> range:
    """The rows of page `page` (from 1) of a table of `total` rows; past the last, the last.

    >>> page_rows(250, 3), page_rows(250, 9), page_rows(0, 1)
    (range(200, 250), range(200, 250), range(0, 0))
    """
    pages = max(1, -(-total // PAGE_ROWS))
    start = (min(max(page, 1), pages) - 1) * PAGE_ROWS
    return range(start, min(start + PAGE_ROWS, total))


def pager(total: int, key: str, caption: str = "", noun: str = "rijen") -> None:
    """The line above a table: `caption`, and for a table of more than one page which rows
    are shown ('rijen 101–200, pagina 2 van 3') with the page picker beside it (its value
    read with `page_number` before the table is made)."""
    pages = -(-total // PAGE_ROWS)
    if pages <= 1:
        if caption:
            st.caption(caption)
        return
    if int(st.session_state.get(key, 1)) > pages:
        st.session_state[key] = pages  # fewer pages after an edit: the last one
    text, picker = st.columns([6, 1], vertical_alignment="center")
    page = picker.number_input(
        f"Pagina (van {number(pages)})",
        min_value=1,
        max_value=pages,
        step=1,
        key=key,
        label_visibility="collapsed",
    )
    shown = page_rows(total, page)
    where = (
        f"Hieronder {noun} {number(shown.start + 1)}–{number(shown.stop)}, "
        f"pagina {number(page)} van {number(pages)}."
    )
    text.caption(f"{caption} {where}" if caption else where)


def code_last(table: pd.DataFrame) -> pd.DataFrame:
    """The technical code as the last column: a detail for the app's keeper, not the client."""
    code = ISSUE_HEADERS["code"]
    if code not in table.columns:
        return table
    return table[[c for c in table.columns if c != code] + [code]]


#: The fix list's columns on screen, the problem right after the row and its number so it is
#: in view at 1366 px (the download keeps the office's order); the code goes last.
FIXLIST_SCREEN = (
    fixlist.ROW,
    fixlist.KEY,
    fixlist.SEVERITY,
    fixlist.PROBLEM,
    fixlist.FIELD,
    fixlist.CURRENT,
    fixlist.SUGGESTED,
    fixlist.NAME,
    fixlist.FILE,
    fixlist.COLUMN,
    fixlist.WORK_KIND,
    fixlist.CODE,
)


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
    return code_last(view.rename(columns=ISSUE_HEADERS))


def display_names(report: Report, kind: str) -> pd.Series:
    """A readable name per row: the relatie's naam, or the contact's full name (the fix
    list's *Naam*, `fixlist.row_names`)."""
    return fixlist.row_names(report.files[kind].outcomes)


def key_numbers(report: Report, kind: str) -> pd.Series:
    """The relatienummer or contactnummer of every row, as text."""
    return key_column(report, kind).str.strip()


def key_column(report: Report, kind: str) -> pd.Series:
    """The cells of the relatienummer or contactnummer as read: the same object after a
    re-check of an edit elsewhere in the row (what `state.carried` looks at)."""
    return report.files[kind].outcomes[KEY_FIELD[kind]].raw


def fixlist_view(
    report: Report, masked: bool, with_info: bool, page: int = 1
) -> tuple[pd.DataFrame, int]:
    """One page of the fix list as the download holds it (masked by the download's path),
    and how many lines the whole list has."""
    severities = ("error", "warning", "info") if with_info else ("error", "warning")
    total = fixlist.fixlist_length(report, severities)
    rows = page_rows(total, page)
    table = fixlist.fixlist_table(report, masked, severities, rows).drop(columns=fixlist.CORRECTED)
    return table[[*FIXLIST_SCREEN, *(c for c in table.columns if c not in FIXLIST_SCREEN)]], total
