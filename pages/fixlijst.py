"""Fixlijst: the issue list to hand to the office, as CSV and Excel (`dq.exports.fixlist`)."""

from __future__ import annotations

import streamlit as st

from dq.exports import fixlist
from ui import frame, state
from ui.labels import number
from ui.style import severity_colours
from ui.tables import MAX_ROWS, fixlist_view

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

frame.page_header(
    "Fixlijst",
    "Alle meldingen als lijst om aan het kantoor te geven: per rij wat er mis is en hoe het "
    "te herstellen.",
)
report = frame.require_report()
masked = state.masked()

with_info = st.toggle(
    "Ook info-meldingen (automatische reparaties)", value=False, key=state.widget_key("fix_info")
)
table = state.derived(fixlist_view, masked, with_info)
st.markdown(f"**{number(len(table))} meldingen** in de lijst.")
if masked:
    st.info(
        "Presentatiemodus staat aan: BSN, RSIN en e-mailadressen zijn ook in de downloads "
        "gemaskeerd, ook in namen en vrije tekst. Zet de presentatiemodus uit voor een lijst "
        "met volledige waarden.",
        icon=":material/visibility_off:",
    )
csv_col, xlsx_col, _ = st.columns([1, 1, 2])
frame.download(
    csv_col,
    "Download als CSV",
    lambda: fixlist.fixlist_csv(report, masked=masked, include_info=with_info),  # on click
    "fixlijst.csv",
    "text/csv",
    icon=":material/table_view:",
    type="primary",
)
frame.download(
    xlsx_col,
    "Download als Excel",
    lambda: fixlist.fixlist_xlsx(report, masked=masked),  # built on click: Excel takes a moment
    "fixlijst.xlsx",
    XLSX_MIME,
    icon=":material/grid_on:",
    type="primary",
    help="Met een samenvatting, een blad per soort werk en de reparaties op het blad Info.",
)
st.dataframe(
    severity_colours(table.head(MAX_ROWS)),
    hide_index=True,
    column_config={"Rij": st.column_config.NumberColumn(format="%d")},
)
if len(table) > MAX_ROWS:
    st.caption(f"Hierboven de eerste {number(MAX_ROWS)}; de downloads bevatten alle meldingen.")
