"""Plotly figures of a check: one plain function per chart, shared by the app and notebooks.

Every builder takes a Report (or one of its tables) and returns a `plotly.graph_objects.Figure`
with Dutch titles, labels and hover texts; nothing here imports streamlit, so the charts can
be unit-tested and shown in Jupyter. Percentages use a decimal comma (`separators=",."`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dq.checks.report import Report, pct_nl
from dq.spec.fields import CONTACTEN, RELATIES, fields_of

SEVERITY_LABEL = {"error": "Fout", "warning": "Waarschuwing", "info": "Info"}
SEVERITY_COLOUR = {"error": "#b3261e", "warning": "#d08c00", "info": "#5b8db8"}
COMPLETE_COLOUR, VALID_COLOUR, READY_COLOUR, DONE_COLOUR = (
    "#1f5f8b",
    "#8fb8d8",
    "#1f5f8b",
    "#2e7d32",
)
FILE_LABEL = {RELATIES: "Relaties", CONTACTEN: "Contacten"}
GROUPINGS = {"type": "soort relatie", "rechtsvorm": "rechtsvorm"}

_FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 14, "color": "#1b2733"}
_ROW_PX = 32  # height per category on a horizontal bar chart, readable on a shared screen
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_CLAUSE_END = re.compile(r"(?<=\w)[.;:](\s|$)")


def short_message(message: str, limit: int = 52) -> str:
    """The first clause of an issue message, short enough for an axis label.

    >>> short_message("BSN bestaat niet: de controle op het nummer klopt niet (typefout?).")
    'BSN bestaat niet'
    >>> short_message("Dit is een testnummer van de overheid (begint met 9999), geen echt BSN.")
    'Dit is een testnummer van de overheid, geen echt BSN'
    """
    text = _PARENTHETICAL.sub("", message)
    text = _CLAUSE_END.split(text, maxsplit=1)[0].strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",") + "…"


def _layout(fig: go.Figure, title: str, n_rows: float, **extra: object) -> go.Figure:
    """Common look: Dutch number format, readable fonts, height that grows with the rows."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font=_FONT,
        separators=",.",
        height=max(260, round(110 + _ROW_PX * n_rows)),
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        plot_bgcolor="white",
        **extra,
    )
    fig.update_yaxes(tickfont_size=14, ticksuffix="  ")  # a little air between label and bar
    return fig


def _unique_labels(labels: pd.Series, files: pd.Series) -> pd.Series:
    """Field labels, with the file added where two files share a label (axis labels must differ)."""
    clash = labels.duplicated(keep=False)
    return labels.where(~clash, labels + " (" + files.map(FILE_LABEL) + ")")


def field_quality(scores: pd.DataFrame) -> pd.DataFrame:
    """The fields worth charting (required somewhere or filled), worst first.

    Worst = lowest of completeness and validity; ties go to the field with more problems.
    """
    rows = scores[(scores["required"] > 0) | (scores["filled"] > 0)].copy()
    rows["worst"] = rows[["completeness_pct", "validity_pct"]].min(axis=1).fillna(100.0)
    rows["problems"] = rows["missing"] + rows["invalid"]
    rows["name"] = _unique_labels(rows["label"], rows["file"])
    return rows.sort_values(
        ["worst", "problems", "name"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)


def axis_start(values: pd.Series, step: float = 10.0) -> float:
    """Where a 0-100% axis starts so that the gaps show: a step below the lowest value.

    With every field between 93% and 100%, an axis from 0 makes 93 look like 100; from 80
    the 7-point gap is a third of the bar. A value below 50% keeps the whole axis.

    >>> axis_start(pd.Series([93.0, 100.0])), axis_start(pd.Series([40.0, 99.0]))
    (80.0, 0.0)
    >>> axis_start(pd.Series([float("nan")]))
    0.0
    """
    lowest = values.min()
    if pd.isna(lowest) or lowest < 50:
        return 0.0
    return float(max(0.0, (lowest - step / 2) // step * step))


def field_bars(scores: pd.DataFrame, top: int | None = None) -> go.Figure:
    """Completeness and validity per field as horizontal bars, the worst field on top.

    The axis starts just below the lowest value (`axis_start`, said in the axis title), so a
    field at 93% does not look as good as one at 100%; a bar too short for its label (0%
    included) has the label beside it. `customdata` holds (file, field key, hover text) so a
    click can open the field's detail.
    """
    rows = field_quality(scores)
    if top is not None:
        rows = rows.head(top)
    start = axis_start(rows[["completeness_pct", "validity_pct"]].stack())
    room = start + (100 - start) / 5  # a shorter bar has its label beside it
    complete_hover = [
        f"<b>{r.name}</b><br>Volledigheid {pct_nl(r.completeness_pct)}: "
        f"{r.required - r.missing} van {r.required} verplichte rijen ingevuld"
        if r.required
        else f"<b>{r.name}</b><br>Nergens verplicht"
        for r in rows.itertuples()
    ]
    valid_hover = [
        f"<b>{r.name}</b><br>Geldigheid {pct_nl(r.validity_pct)}: "
        f"{r.valid} van {r.filled} ingevulde waarden geldig"
        if r.filled
        else f"<b>{r.name}</b><br>Nergens ingevuld"
        for r in rows.itertuples()
    ]
    fig = go.Figure()
    for name, column, colour, hover in (
        ("Volledigheid", "completeness_pct", COMPLETE_COLOUR, complete_hover),
        ("Geldigheid", "validity_pct", VALID_COLOUR, valid_hover),
    ):
        values = rows[column].astype("float64")
        fig.add_bar(
            name=name,
            y=rows["name"].tolist(),
            x=values.tolist(),
            orientation="h",
            marker_color=colour,
            text=[pct_nl(v) if not np.isnan(v) else "" for v in values],
            textposition=["inside" if v >= room else "outside" for v in values],
            insidetextanchor="end",
            cliponaxis=False,
            textfont_size=12,
            constraintext="none",
            customdata=np.column_stack([rows["file"], rows["field"], hover]).tolist(),
            hovertemplate="%{customdata[2]}<extra></extra>",
        )
    _layout(
        fig,
        "Volledigheid en geldigheid per veld (slechtste eerst)",
        1.4 * len(rows),
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
    )
    axis = "Percentage van de rijen" + (f" (de as begint bij {start:.0f}%)" if start else "")
    fig.update_xaxes(range=[start, 100], ticksuffix="%", title_text=axis, gridcolor="#e6e9ef")
    fig.update_yaxes(autorange="reversed", title_text=None)
    return fig


def product_bars(products: pd.DataFrame) -> go.Figure:
    """Share of relaties per product ready for its workflow (no blocking error), worst first."""
    rows = products[products["relaties"] > 0].sort_values(["ready_pct", "product"], kind="stable")
    colours = [DONE_COLOUR if p >= 100 else READY_COLOUR for p in rows["ready_pct"]]
    fig = go.Figure(
        go.Bar(
            y=rows["product"].tolist(),
            x=rows["ready_pct"].tolist(),
            orientation="h",
            marker_color=colours,
            text=[f"{pct_nl(r.ready_pct)} ({r.ready} van {r.relaties})" for r in rows.itertuples()],
            textposition="inside",
            insidetextanchor="end",
            hovertemplate="<b>%{y}</b><br>%{text} relaties klaar<extra></extra>",
        )
    )
    _layout(fig, "Gereedheid per product", len(rows))
    fig.update_xaxes(
        range=[0, 100],
        ticksuffix="%",
        title_text="Relaties klaar voor de workflow",
        gridcolor="#e6e9ef",
    )
    fig.update_yaxes(autorange="reversed", title_text=None)
    return fig


def issues_by_code(
    code_counts: pd.DataFrame, top: int = 12, include_info: bool = False
) -> go.Figure:
    """The kinds of problem, one bar per issue code: errors first, then warnings (then infos),
    the most frequent first within each; a note under the chart says how many kinds are left.
    """
    rows = code_counts if include_info else code_counts[code_counts["severity"] != "info"]
    rank = rows["severity"].map({s: i for i, s in enumerate(SEVERITY_LABEL)})
    rows = rows.assign(rank=rank).sort_values(
        ["rank", "count", "code"], ascending=[True, False, True], kind="stable"
    )
    left = rows.iloc[top:]
    rows = rows.head(top)
    labels = rows["message"].map(short_message)
    labels = labels.where(~labels.duplicated(keep=False), labels + " [" + rows["code"] + "]")
    rows = rows.assign(label=labels)
    fig = go.Figure()
    for severity in ("error", "warning", "info"):
        part = rows[rows["severity"] == severity]
        if part.empty:
            continue
        fig.add_bar(
            name=SEVERITY_LABEL[severity],
            y=part["label"].tolist(),
            x=part["count"].tolist(),
            orientation="h",
            marker_color=SEVERITY_COLOUR[severity],
            text=part["count"].tolist(),
            textposition="outside",
            customdata=np.column_stack([part["code"], part["message"]]).tolist(),
            hovertemplate="<b>%{x}×</b> %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    title = "Meest voorkomende problemen" + ("" if include_info else " (fouten en waarschuwingen)")
    _layout(fig, title, len(rows) + (1 if len(left) else 0), barmode="overlay")
    if len(left):
        kinds = left["severity"].value_counts()
        split = ", ".join(
            f"{kinds[level]} {'soort' if kinds[level] == 1 else 'soorten'} {word}"
            for level, word in (
                ("error", "fouten"),
                ("warning", "waarschuwingen"),
                ("info", "info"),
            )
            if level in kinds
        )
        fig.add_annotation(
            text=f"+ {len(left)} andere {'soort' if len(left) == 1 else 'soorten'} "
            f"({int(left['count'].sum())} meldingen): {split}",
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-48,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font={"size": 14, "color": "#5b6875"},
        )
        fig.update_layout(margin={"b": 80})
    fig.update_xaxes(
        title_text="Aantal meldingen",
        gridcolor="#e6e9ef",
        rangemode="tozero",
        dtick=1 if rows["count"].max() <= 10 else None,
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=rows["label"].tolist(),
        autorange="reversed",
        title_text=None,
    )
    return fig


def relatie_groups(report: Report, by: str) -> pd.Series:
    """The group of every relatie row: its soort (type) or its rechtsvorm (persons apart)."""
    if report.context is None:
        raise ValueError("Groepen bestaan alleen als er een relatiebestand is.")
    kind = report.context.type.map({"persoon": "Persoon", "organisatie": "Organisatie"})
    kind = kind.fillna(report.context.type.str.capitalize()).fillna("Soort onbekend")
    if by == "type":
        return kind
    if by == "rechtsvorm":
        named = report.context.rechtsvorm.where(report.context.type.ne("persoon"))
        organisatie = report.context.type.eq("organisatie").fillna(False)
        return named.fillna(kind.where(~organisatie, "Organisatie zonder rechtsvorm"))
    raise ValueError(f"Onbekende groepering {by!r}; kies uit {', '.join(GROUPINGS)}.")


def gap_table(report: Report, by: str = "type") -> pd.DataFrame:
    """Per relaties field and group: group size, rows where the field matters, and the gap share.

    A row matters for a field where the field is required or filled; `gap_pct` = (missing +
    invalid) / those rows x 100, NaN where no row of the group needs the field.
    """
    result = report.files.get(RELATIES)
    if result is None:
        return pd.DataFrame(columns=["field", "label", "group", "size", "rows", "gaps", "gap_pct"])
    groups = relatie_groups(report, by)
    sizes = groups.value_counts()
    parts = []
    for f in fields_of(RELATIES):
        outcome, required = result.outcomes[f.key], result.required[f.key]
        relevant = required | outcome.filled
        gap = (required & ~outcome.filled) | (outcome.filled & ~outcome.valid)
        frame = pd.DataFrame({"group": groups, "rows": relevant, "gaps": gap & relevant})
        counts = frame.groupby("group", sort=False)[["rows", "gaps"]].sum()
        counts.insert(0, "size", sizes.reindex(counts.index).to_numpy())
        counts.insert(0, "label", f.label)
        counts.insert(0, "field", f.key)
        parts.append(counts.reset_index())
    table = pd.concat(parts, ignore_index=True)
    table["gap_pct"] = (100 * table["gaps"] / table["rows"].where(table["rows"] > 0)).round(1)
    table = table[table.groupby("field")["rows"].transform("sum") > 0]
    return table[["field", "label", "group", "size", "rows", "gaps", "gap_pct"]].reset_index(
        drop=True
    )


def _cell_text(value: float) -> str:
    """'' for a group where the field plays no role, '0%' without decimals for no gaps."""
    if pd.isna(value):
        return ""
    return "0%" if value == 0 else pct_nl(value)


def gap_heatmap(gaps: pd.DataFrame, by: str = "type") -> go.Figure:
    """Fields x relatie groups, coloured by the share of rows with a missing or invalid value."""
    sizes = gaps.groupby("group", sort=False)["size"].first().sort_values(ascending=False)
    worst = gaps.groupby("label", sort=False)["gap_pct"].max().fillna(0)
    totals = gaps.groupby("label", sort=False)["gaps"].sum()
    order = sorted(worst.index, key=lambda label: (-worst[label], -totals[label], label))
    z = gaps.pivot(index="label", columns="group", values="gap_pct").reindex(
        index=order, columns=sizes.index
    )
    counts = gaps.pivot(index="label", columns="group", values="gaps").reindex_like(z)
    needed = gaps.pivot(index="label", columns="group", values="rows").reindex_like(z)
    text = [[_cell_text(v) for v in row] for row in z.to_numpy()]
    hover = [
        [
            f"<b>{label}</b> · {group}<br>"
            + (
                f"{int(counts.at[label, group])} van {int(needed.at[label, group])} rijen "
                "ontbreken of ongeldig"
                if needed.at[label, group]
                else "niet van toepassing"
            )
            for group in z.columns
        ]
        for label in z.index
    ]
    x_labels = [f"{group} ({int(size)})" for group, size in sizes.items()]
    fig = go.Figure(
        go.Heatmap(
            z=z.astype(object).where(z.notna(), None).to_numpy().tolist(),
            x=x_labels,
            y=list(z.index),
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=[[0, "#f4f8fb"], [0.001, "#fdf0d5"], [0.5, "#f0a45d"], [1, "#b3261e"]],
            zmin=0,
            zmax=max(5.0, float(np.nanmax(z.to_numpy(dtype="float64"), initial=0))),
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": "% met gat", "side": "right"}, "ticksuffix": "%"},
        )
    )
    _layout(fig, f"Gaten per veld en {GROUPINGS[by]}", len(z.index))
    fig.update_xaxes(side="top", title_text=None, showgrid=False)
    fig.update_yaxes(autorange="reversed", title_text=None, showgrid=False)
    fig.update_layout(margin={"t": 110})
    return fig
