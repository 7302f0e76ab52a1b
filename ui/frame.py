"""What every page shares: the sidebar (presentation mode, what is loaded) and the page guard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dq.checks.report import Report
from dq.io.limits import MB
from dq.io.load import Limits, LoadError, current_limits
from ui import nav, state
from ui.labels import FILE_LABEL, FILE_NOUN, escape_md, number, pct_nl
from ui.style import verdict

PRESENTATION_LABEL = "Presentatiemodus: BSN/RSIN en e-mail gemaskeerd"
REVEALED = (
    "Presentatiemodus staat uit: BSN, RSIN en e-mailadressen zijn volledig zichtbaar. "
    "Deel dit scherm niet."
)
PRESENTATION_HELP = (
    "Aan: BSN, RSIN, de cijfers in BTW- en loonheffingennummers en e-mailadressen zijn "
    "gedeeltelijk verborgen, ook in downloads. Uitzetten toont alles, alleen in deze sessie."
)


def sidebar() -> None:
    """The presentation-mode toggle and a short status of the loaded files."""
    with st.sidebar:
        st.toggle(PRESENTATION_LABEL, value=True, key=state.PRESENTATION, help=PRESENTATION_HELP)
        st.divider()
        loaded = state.files()
        if not loaded:
            st.caption("Nog geen bestanden geladen.")
        for kind in state.KINDS:
            item = loaded.get(kind)
            if item is None:
                continue
            if item.table is None:
                st.caption(f"**{FILE_LABEL[kind]}:** {escape_md(item.name)} — niet gelezen")
            else:
                rows = number(len(item.table.frame))
                st.caption(f"**{FILE_LABEL[kind]}:** {escape_md(item.name)} · {rows} rijen")
        st.session_state[state.READINESS_SLOT] = st.empty()
    readiness_line()


def readiness_line() -> None:
    """The sidebar's readiness line. A fragment that changes the check (Herstellen) calls this
    to redraw the line, since its own reruns leave the sidebar as it was."""
    slot = st.session_state.get(state.READINESS_SLOT)
    report = state.report()
    if slot is not None and report is not None:
        slot.caption(f"**Gereedheid:** {pct_nl(report.readiness)} — {verdict(report.ready)}")


def require_report() -> Report:
    """The current Report; without one, point to the Bestanden page and stop this page."""
    report = state.report()
    for kind, loaded in state.files().items():
        if loaded.error is not None:
            st.error(
                f"Het {FILE_NOUN[kind]} {escape_md(loaded.name)} kon niet worden gelezen en is "
                f"niet gecontroleerd: {loaded.error}",
                icon=":material/error:",
            )
    if report is None:
        st.info("Er zijn nog geen bestanden gecontroleerd. Begin op de pagina Bestanden.")
        st.page_link(nav.BESTANDEN.path, label="Naar Bestanden", icon=nav.BESTANDEN.icon)
        st.stop()
    return report


def page_header(title: str, intro: str) -> None:
    """The title, one line on what this page is for, and a warning when numbers are visible."""
    st.title(title)
    st.caption(intro)
    if not state.masked():
        st.warning(REVEALED, icon=":material/visibility:")


def lazy_tabs(labels: Sequence[str], key: str) -> dict[str, DeltaGenerator | None]:
    """Tabs whose closed ones map to None: only the open tab's content runs and is drawn.

    A page with several charts or many widgets appears faster when only one set is drawn;
    switching tabs reruns the page (the checks are not run again).
    """
    tabs = st.tabs(labels, key=key, on_change="rerun")
    pairs = zip(labels, tabs, strict=True)
    return {label: tab if tab.open is not False else None for label, tab in pairs}


def uploader(target: DeltaGenerator, label: str, key: str, max_mb: int, **options: Any) -> Any:
    """A file uploader that refuses files above its own limit and says that limit in Dutch
    (Streamlit shows the limit; `ui.style` puts its words in Dutch)."""
    return target.file_uploader(label, key=key, max_upload_size=max_mb, **options)


def data_file_mb() -> int:
    """The size limit of a Relaties or Contacten file in MB (`DQ_MAX_FILE_MB`, else 200).

    A wrong setting is reported when a file is read; the uploader then keeps the default.
    """
    try:
        return max(1, current_limits().max_bytes // MB)
    except LoadError:
        return Limits().max_bytes // MB


def download(
    target: DeltaGenerator,
    label: str,
    data: str | bytes | Callable[[], bytes],
    file_name: str,
    mime: str,
    **options: object,
) -> None:
    """A download button that leaves the page as it is (no rerun, filters kept)."""
    target.download_button(
        label, data, file_name=file_name, mime=mime, on_click="ignore", **options
    )
