"""Plotly figures of progress between checks: the burn-down of a comparison and an office's history.

Plain functions returning `plotly.graph_objects.Figure` with Dutch labels, like `dq.charts.figures`;
they take a `Comparison` or the tables `dq.progress.history.History` returns, so they are tested
without Streamlit and work in a notebook.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dq.charts.figures import (
    DONE_COLOUR,
    FILE_LABEL,
    READY_COLOUR,
    SEVERITY_COLOUR,
    SEVERITY_LABEL,
    pct_nl,
)
from dq.progress.compare import FIXED, LABELS, NEW, OPEN, Comparison, local_time

METRICS = {"completeness_pct": "Volledigheid", "validity_pct": "Geldigheid"}
_GRID = "#e6e9ef"


def _look(fig: go.Figure, title: str, height: int) -> go.Figure:
    """The app's chart style: Dutch number format, left-aligned title, legend on top."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 14, "color": "#1b2733"},
        separators=",.",
        height=height,
        margin={"l": 10, "r": 20, "t": 70, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    )
    return fig


def check_names(checks: pd.DataFrame) -> list[str]:
    """Axis labels for saved checks, oldest first: number, label or else date and time.

    >>> from datetime import datetime, UTC
    >>> when = [datetime(2026, 3, 2, 9, 30, tzinfo=UTC)] * 2
    >>> check_names(pd.DataFrame({"label": ["week 1", ""], "checked_at": when}))[0]
    '1. week 1'
    """
    return [
        f"{n}. {label}" if label else f"{n}. {local_time(moment, '%d-%m %H:%M')}"
        for n, (label, moment) in enumerate(
            zip(checks["label"], checks["checked_at"], strict=True), 1
        )
    ]


def burndown(comparison: Comparison) -> go.Figure:
    """From the previous check's problems to today's: minus the fixed ones, plus the new ones."""
    fixed, still, new = (comparison.count(s) for s in (FIXED, OPEN, NEW))
    fig = go.Figure(
        go.Waterfall(
            x=["Vorige controle", "Opgelost", "Nieuw", "Nu open"],
            y=[fixed + still, -fixed, new, still + new],
            measure=["absolute", "relative", "relative", "total"],
            text=[
                str(fixed + still),
                f"−{fixed}" if fixed else "0",
                f"+{new}" if new else "0",
                str(still + new),
            ],
            textposition="outside",
            decreasing={"marker": {"color": DONE_COLOUR}},
            increasing={"marker": {"color": SEVERITY_COLOUR["error"]}},
            totals={"marker": {"color": READY_COLOUR}},
            connector={"line": {"color": "#9aa5b1", "dash": "dot"}},
            hovertemplate="<b>%{x}</b>: %{text} problemen<extra></extra>",
        )
    )
    _look(fig, "Problemen sinds de vorige controle", 380)
    top = max(fixed + still, still + new, 1)
    fig.update_yaxes(
        title_text="Fouten en waarschuwingen",
        range=[0, 1.15 * top],
        dtick=1 if top <= 10 else None,
        gridcolor=_GRID,
    )
    return fig


def problems_over_time(checks: pd.DataFrame) -> go.Figure:
    """The burn-down of an office: errors and warnings still open at every saved check."""
    names = check_names(checks)
    fig = go.Figure()
    for severity, column in (("error", "errors"), ("warning", "warnings")):
        fig.add_bar(
            name=SEVERITY_LABEL[severity],
            x=names,
            y=checks[column].tolist(),
            marker_color=SEVERITY_COLOUR[severity],
            hovertemplate=f"<b>%{{x}}</b><br>%{{y}} {SEVERITY_LABEL[severity].lower()}"
            "<extra></extra>",
        )
    _look(fig, "Openstaande problemen per controle", 420)
    fig.update_layout(barmode="stack", bargap=0.35)
    top = int((checks["errors"] + checks["warnings"]).max()) if len(checks) else 0
    fig.update_yaxes(
        title_text="Aantal problemen",
        rangemode="tozero",
        dtick=1 if top <= 10 else None,
        gridcolor=_GRID,
    )
    fig.update_xaxes(type="category")
    return fig


def readiness_over_time(checks: pd.DataFrame, products: pd.DataFrame) -> go.Figure:
    """Overall readiness (drawn on top, labelled) and readiness per product at every check."""
    names = dict(zip(checks["id"], check_names(checks), strict=True))
    fig = go.Figure()
    used = products[products["relaties"] > 0]
    for product, rows in used.groupby("product", sort=True):
        fig.add_scatter(
            name=product,
            x=[names[i] for i in rows["check_id"]],
            y=rows["ready_pct"].tolist(),
            mode="lines+markers",
            line={"width": 1.5},
            hovertemplate=f"<b>{product}</b> · %{{x}}<br>%{{y:.1f}}% klaar<extra></extra>",
        )
    fig.add_scatter(
        name="Gereedheid (alle records)",
        x=list(names.values()),
        y=checks["readiness"].tolist(),
        mode="lines+markers+text",
        line={"color": READY_COLOUR, "width": 4},
        text=[pct_nl(v) for v in checks["readiness"]],
        textposition="top center",
        textfont={"size": 14, "color": READY_COLOUR},
        legendrank=1,
        hovertemplate="<b>%{x}</b><br>Gereedheid %{text}<extra></extra>",
    )
    _look(fig, "Gereedheid per controle, totaal en per product", 400)
    low = min([*checks["readiness"], *used["ready_pct"].dropna(), 100.0])
    fig.update_yaxes(
        range=[max(0.0, low - 5), 101.5], ticksuffix="%", title_text=None, gridcolor=_GRID
    )
    fig.update_xaxes(type="category")
    fig.update_layout(
        legend={"orientation": "v", "y": 0.5, "yanchor": "middle", "x": 1.02, "xanchor": "left"}
    )
    return fig


def fields_over_time(
    fields: pd.DataFrame, checks: pd.DataFrame, metric: str = "completeness_pct"
) -> go.Figure:
    """Fields x saved checks, coloured by completeness or validity; only fields ever below 100%."""
    names = dict(zip(checks["id"], check_names(checks), strict=True))
    table = fields.assign(
        name=[LABELS.get((f, k), k) for f, k in zip(fields["file"], fields["field"], strict=True)],
        check=fields["check_id"].map(names),
    )
    table["name"] = table["name"].where(
        ~table.groupby("name")["file"].transform("nunique").gt(1),
        table["name"] + " (" + table["file"].map(FILE_LABEL) + ")",
    )
    grid = table.pivot_table(index="name", columns="check", values=metric, aggfunc="first")
    grid = grid.reindex(columns=[n for n in names.values() if n in grid.columns])
    grid = grid[(grid < 100).any(axis=1)]
    if len(grid.columns):
        grid = grid.sort_values(list(grid.columns[::-1]), na_position="last")
    fig = go.Figure(
        go.Heatmap(
            z=grid.astype(object).where(grid.notna(), None).to_numpy().tolist(),
            x=list(grid.columns),
            y=list(grid.index),
            text=[[pct_nl(v) if pd.notna(v) else "" for v in row] for row in grid.to_numpy()],
            texttemplate="%{text}",
            colorscale=[[0, "#b3261e"], [0.6, "#f0a45d"], [0.9, "#fdf0d5"], [1, "#e8f3ea"]],
            zmin=min(90.0, float(grid.min().min())) if grid.size else 0,
            zmax=100,
            xgap=2,
            ygap=2,
            hovertemplate="<b>%{y}</b> · %{x}<br>%{text}<extra></extra>",
            colorbar={"ticksuffix": "%"},
        )
    )
    _look(fig, f"{METRICS[metric]} per veld per controle (velden onder 100%)", 140 + 30 * len(grid))
    fig.update_xaxes(side="top", type="category", showgrid=False)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(margin={"t": 110})
    return fig
