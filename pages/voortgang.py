"""Voortgang: save checks per office, follow them over time, and compare two versions."""

from __future__ import annotations

import streamlit as st

from ui import frame, progress, state

frame.page_header(
    "Voortgang",
    "Worden de bestanden van een kantoor beter? Bewaar elke controle onder de naam van het "
    "kantoor, volg de gereedheid over de tijd en vergelijk met de vorige versie.",
)
with st.container():  # one slot, so the tabs below keep their place when a notice goes
    for notice in state.pop_notices():
        st.success(notice, icon=":material/check_circle:")
store = progress.history()
report = state.report()

offices_tab, compare_tab, save_tab = st.tabs(
    ["Kantoren", "Vergelijken", "Controle opslaan"], key=state.widget_key("progress_tab")
)
with offices_tab, progress.store_errors():
    if store is not None:
        progress.offices_view(store)
with compare_tab, progress.store_errors():
    if report is None:
        st.info(progress.NO_CHECK)
    else:
        progress.compare_view(store, report)
with save_tab, progress.store_errors():
    if report is None:
        st.info(progress.NO_CHECK)
    elif store is not None:
        progress.save_form(store, report)
