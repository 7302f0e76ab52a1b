"""The Overzicht's 'Volgende stappen': the report's next steps (`dq.exports.steps`), each with
a link to the page of the app that does it."""

from __future__ import annotations

import streamlit as st

from dq.checks.report import Report
from dq.exports import steps
from ui import nav, state
from ui.labels import escape_md

#: The pages where each kind of step is done, the first one the main way.
PAGES: dict[str, tuple[nav.PageSpec, ...]] = {
    steps.MAPPING: (nav.KOLOMMEN,),
    steps.FIX: (nav.HERSTELLEN, nav.FIXLIJST),
    steps.CLEANED: (nav.FIXLIJST,),
    steps.REVIEW: (nav.HERSTELLEN, nav.RELATIES),
    steps.REIMPORT: (nav.FIXLIJST,),
    steps.IMPORT: (nav.FIXLIJST,),
    steps.FOLLOW: (nav.VOORTGANG,),
}


def _steps(report: Report) -> list[steps.Step]:
    return steps.next_steps(report)


def next_steps(report: Report) -> None:
    """The numbered steps, each with its links, as the readiness report lists them."""
    st.subheader("Volgende stappen")
    for number, step in enumerate(state.derived(_steps), start=1):
        text, links = st.columns([4, 1.4], vertical_alignment="center")
        text.markdown(f"**{number}. {escape_md(step.title)}**  \n{escape_md(step.detail)}")
        for spec in PAGES[step.kind]:
            links.page_link(spec.path, label=spec.title, icon=spec.icon)
