"""Importcheck Mijn Kantoor: the Streamlit entry point, a router and frame around the pages.

Run with `streamlit run app.py`. The pages live in `pages/`, shared pieces in `ui/`, and the
checks in `dq/` (which never imports streamlit).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import frame, nav, state, style

#: A file the app serves itself: an icon name would make every page load fetch it elsewhere.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"

st.set_page_config(page_title="Importcheck Mijn Kantoor", page_icon=str(FAVICON), layout="wide")
style.apply(state.masked(), frame.data_file_mb())
page = st.navigation(
    [
        st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec is nav.BESTANDEN)
        for spec in nav.PAGES
    ]
)
frame.sidebar()
page.run()
