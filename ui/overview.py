"""From the overview to one field's detail: a click on the chart or the 'Bekijk veld' picker."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dq.charts import field_quality
from dq.report import Report
from ui import nav, state
from ui.labels import FILE_LABEL


def open_field(kind: str, key: str) -> None:
    """Show this field on the Velden page."""
    state.set_focus(kind, key)
    st.switch_page(nav.VELDEN.path)


def selected_field(event: Any) -> tuple[str, str] | None:
    """The (file, field) of the clicked bar in the field chart, if any."""
    points = event.get("selection", {}).get("points", []) if event else []
    for point in points:
        data = point.get("customdata")
        if data and len(data) >= 2:
            return str(data[0]), str(data[1])
    return None


def field_names(report: Report) -> dict[tuple[str, str], str]:
    """Every field of the loaded files, the worst first, with a name to pick it by."""
    ordered = [*field_quality(report.field_scores).itertuples(), *report.field_scores.itertuples()]
    names: dict[tuple[str, str], str] = {}
    for row in ordered:
        names.setdefault((row.file, row.field), f"{row.label} ({FILE_LABEL[row.file]})")
    return names


def field_choice(report: Report) -> tuple[str, str] | None:
    """'Bekijk veld': pick any field, worst first, and open it."""
    names = field_names(report)
    left, right, _ = st.columns([3, 1, 3], vertical_alignment="bottom")
    choice = left.selectbox(
        "Bekijk veld", list(names), format_func=names.get, key=state.widget_key("view_field")
    )
    if right.button("Bekijken", icon=":material/arrow_forward:") and choice is not None:
        return choice
    return None
