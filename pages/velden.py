"""Velden: one field in depth: its rule, its numbers, its most common problems and rows."""

from __future__ import annotations

import streamlit as st

from ui import frame, state
from ui.fields import field_detail
from ui.overview import field_names

frame.page_header(
    "Velden",
    "Eén veld van dichtbij: wat Mijn Kantoor verwacht, hoe goed het is ingevuld en welke rijen "
    "aandacht nodig hebben.",
)
report = frame.require_report()

names = state.derived(field_names)
options = list(names)
focus = state.focus()
choice = st.selectbox(
    "Veld",
    options,
    index=options.index(focus) if focus in options else 0,
    format_func=names.get,
    key=state.widget_key("field"),
    help="Velden met de meeste problemen staan bovenaan.",
)
state.set_focus(*choice)
field_detail(report, *choice, masked=state.masked())
