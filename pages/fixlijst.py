"""Fixlijst: the issue list to hand to the office (CSV and Excel), and the completed one back."""

from __future__ import annotations

import streamlit as st

from dq.exports import fixlist
from ui import frame, handover, state
from ui.labels import number
from ui.style import severity_colours
from ui.tables import fixlist_view, page_number, pager, table_config, window_height

frame.page_header(
    "Fixlijst",
    "Alle meldingen als lijst om aan het kantoor te geven: per rij wat er mis is en hoe het "
    "te herstellen. De ingevulde lijst zet u hier terug.",
)
report = frame.require_report()
masked = state.masked()

with_info = st.toggle(
    "Ook info-meldingen (automatische reparaties)", value=False, key=state.widget_key("fix_info")
)
page_key = state.widget_key("fix_page")
table, total = state.derived(
    fixlist_view, masked, with_info, page_number(page_key, (masked, with_info))
)
st.markdown(f"**{number(total)} meldingen** in de lijst.")
if masked:
    st.info(
        "Presentatiemodus staat aan: BSN, RSIN en e-mailadressen zijn ook in de downloads "
        "gemaskeerd, ook in namen en vrije tekst. Zet de presentatiemodus uit voor een lijst "
        "met volledige waarden.",
        icon=":material/visibility_off:",
    )
allowed = masked or handover.full_data_confirmed("fixlijst")  # a full list: confirm first
handover.fixlist_buttons(report, masked, with_info, allowed, "fixlijst")
handover.name_caption()
handover.take_back_form(state.edits(), masked)
pager(total, page_key, noun="meldingen")
st.dataframe(
    severity_colours(table),
    hide_index=True,
    column_config=table_config(table, wide=[fixlist.PROBLEM]),
    height=window_height(len(table)),
)
