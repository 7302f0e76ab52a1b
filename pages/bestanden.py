"""Bestanden: upload the Relaties and Contacten files (either alone works) or try the demo."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui import files, frame, state
from ui.labels import FILE_LABEL, FILE_NOUN

frame.page_header(
    "Bestanden",
    "Zet het relatiebestand en het contactenbestand klaar (één van beide mag ook). "
    "Met allebei worden ook de koppelingen tussen de bestanden gecontroleerd.",
)
for notice in state.pop_notices():
    st.info(notice)
report = state.report()
if report is not None:
    files.result_box(report)
else:
    with st.container(border=True):
        st.markdown("**Nog geen bestanden bij de hand?** Bekijk de app met een verzonnen kantoor.")
        if st.button("Probeer met voorbeelddata", type="primary", icon=":material/science:"):
            files.read_with_progress(files.demo_jobs())

jobs: list[files.Job] = []
for column, kind in zip(st.columns(2, gap="large"), state.KINDS, strict=True):
    with column, st.container(border=True):
        st.subheader(FILE_LABEL[kind])
        upload = frame.uploader(
            st,
            f"{FILE_NOUN[kind].capitalize()} (Excel, OpenDocument of CSV)",
            state.uploader_key(kind),
            frame.data_file_mb(),
        )
        if upload is not None and state.is_new_upload(kind, upload.file_id):
            jobs.append(files.Job(kind, upload.name, upload.getvalue(), upload.file_id))
        loaded = state.files().get(kind)
        if loaded is not None:
            files.show_loaded(loaded, state.report())
            files.offer_fixes(kind, state.report())
            if st.button("Bestand verwijderen", key=state.widget_key("remove", kind)):
                files.recheck("Opnieuw controleren…", partial(state.remove, kind))
if jobs:
    files.read_with_progress(jobs)
st.caption(files.SESSION_ONLY)
