"""Voortgang: save checks per office, follow them over time, and compare two versions."""

from __future__ import annotations

import streamlit as st

from ui import comparison, frame, offices, state, store

frame.page_header(
    "Voortgang",
    "Worden de bestanden van een kantoor beter? Bewaar elke controle onder de naam van het "
    "kantoor, volg de gereedheid over de tijd en vergelijk met de vorige versie.",
)
with st.container():  # one slot, so the tabs below keep their place when a notice goes
    for notice in state.pop_notices():
        st.success(notice, icon=":material/check_circle:")
history = store.history()
report = state.report()

offices_tab, compare_tab, save_tab = st.tabs(
    ["Kantoren", "Vergelijken", "Controle opslaan"], key=state.widget_key("progress_tab")
)
with offices_tab, store.store_errors():
    if history is not None:
        offices.offices_view(history)
with compare_tab, store.store_errors():
    if report is None:
        st.info(store.NO_CHECK)
    else:
        comparison.compare_view(history, report)
with save_tab, store.store_errors():
    if report is None:
        st.info(store.NO_CHECK)
    elif history is not None:
        offices.save_form(history, report)
