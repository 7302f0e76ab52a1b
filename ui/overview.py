"""The Overzicht's pieces: its figures, and the way to one field's detail (a click on the chart
or the 'Bekijk veld' picker)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from dq.charts import figures as charts
from dq.charts.figures import field_quality
from dq.checks.report import Report
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
    names = state.derived(field_names)
    left, right, _ = st.columns([3, 1, 3], vertical_alignment="bottom")
    choice = left.selectbox(
        "Bekijk veld", list(names), format_func=names.get, key=state.widget_key("view_field")
    )
    if right.button("Bekijken", icon=":material/arrow_forward:") and choice is not None:
        return choice
    return None


# The Overzicht's figures, each made once per check and setting (`state.derived`).


def product_figure(report: Report) -> go.Figure:
    """Readiness per product."""
    return charts.product_bars(report.products)


def field_figure(report: Report, top: int | None) -> go.Figure:
    """Completeness and validity of the `top` worst fields (all when None)."""
    return charts.field_bars(report.field_scores, top=top)


def code_figure(report: Report, with_info: bool) -> go.Figure:
    """How often each kind of problem occurs."""
    return charts.issues_by_code(report.code_counts(), include_info=with_info)


def gap_figure(report: Report, by: str) -> go.Figure:
    """Where the gaps are, per field and group of relaties."""
    return charts.gap_heatmap(charts.gap_table(report, by), by)
