"""Kolommen: which column of the office's file holds which field; change it and re-check."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui import files, frame, mapping, state
from ui.labels import FILE_LABEL

frame.page_header(
    "Kolommen",
    "De app koppelt de kolommen automatisch aan de velden van Mijn Kantoor. Klopt een "
    "koppeling niet, kies dan de juiste kolom: de controle draait direct opnieuw.",
)
report = frame.require_report()
for notice in state.pop_notices():
    st.info(notice)

with st.container(border=True):
    left, right = st.columns(2)
    frame.download(
        left,
        "Koppeling downloaden (JSON)",
        mapping.download_document(report),
        mapping.MAPPING_FILE,
        "application/json",
        icon=":material/download:",
        help="Bewaar de koppeling en laad hem bij het volgende bestand van dit kantoor.",
    )
    saved = frame.uploader(
        right,
        "Opgeslagen koppeling laden",
        state.widget_key("mapping_upload"),
        mapping.MAX_MB,
        type=["json"],
    )
    if saved is not None and state.first_sight_of_mapping(saved.file_id):
        try:
            notes = state.apply_mapping_document(mapping.read_document(saved.getvalue()))
        except ValueError as err:
            st.error(str(err))
        else:
            for note in [*notes, "De opgeslagen koppeling is toegepast."]:
                state.notify(note)
            files.recheck("Koppeling toepassen en opnieuw controleren…")

masked = state.masked()
# Only the open file's select boxes are drawn; the open tab is remembered across re-checks.
labels = {FILE_LABEL[kind]: kind for kind in report.files}
for label, tab in frame.lazy_tabs(list(labels), state.widget_key("mapping_tab")).items():
    if tab is None:
        continue
    kind = labels[label]
    result = report.files[kind]
    with tab:
        current = state.files()[kind].source
        source = mapping.source_choice(result, current)
        if source != current:
            files.recheck("Opnieuw koppelen…", partial(state.set_source, kind, source))
        mapping.show_notes(result)
        missing = mapping.needs_column(result)
        if missing:
            text = "Verplicht maar zonder kolom: " + ", ".join(missing) + "."
            st.error(text, icon=":material/warning:")
        accepted = mapping.suggestion_rows(result)
        if accepted:
            files.recheck(
                "Koppelen en opnieuw controleren…", partial(state.set_overrides, kind, accepted)
            )
        chosen = mapping.field_rows(result, state.derived(mapping.samples, kind, masked))
        note = mapping.unmapped_note(result)
        if note:
            st.caption(note)
        overrides = mapping.changes(result, chosen)
        if overrides:
            files.recheck("Opnieuw controleren…", partial(state.set_overrides, kind, overrides))
