"""The Velden page's content: a field's rule, numbers, common problems and affected rows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dq.checks.report import Report
from dq.privacy import Masking
from dq.spec.fields import field
from ui import nav, state
from ui.labels import SEVERITIES, SEVERITY_LABEL, escape_md, number, pct_nl
from ui.style import severity_colours
from ui.tables import (
    display_names,
    issue_view,
    page_number,
    page_rows,
    pager,
    table_config,
    window_height,
)

EXAMPLES = 3


def requirement(kind: str, key: str) -> str:
    """When the field must be filled, in Dutch."""
    f = field(kind, key)
    if f.required is True:
        return f"altijd {f.need}"
    if callable(f.required):
        return f"{f.need} {f.required_when}"
    return "niet verplicht"


def common_problems(issues: pd.DataFrame, masking: Masking) -> pd.DataFrame:
    """Per issue code: severity, count, message and a few example values (masked if asked)."""
    shown = masking.issues(issues)
    rows = []
    for (code, level, message), group in shown.groupby(["code", "severity", "message"]):
        values = group["value"].dropna().astype("str").str.strip()
        examples = list(dict.fromkeys(v for v in values if v))[:EXAMPLES]
        rows.append(
            {
                "Ernst": SEVERITY_LABEL[level],
                "Aantal": len(group),
                "Melding": message,
                "Voorbeelden": ", ".join(examples),  # a table cell: shown as text, no Markdown
                "Code": code,
                "_order": SEVERITIES.index(level),
            }
        )
    table = pd.DataFrame(rows)
    return table.sort_values(["_order", "Aantal"], ascending=[True, False]).drop(columns="_order")


def severity_counts(issues: pd.DataFrame) -> str:
    """'4 fouten · 28 info': issues per severity, worst first (they add up to len(issues))."""
    per_level = issues["severity"].value_counts()
    words = {"error": ("fout", "fouten"), "warning": ("waarschuwing", "waarschuwingen")}
    parts = []
    for level in SEVERITIES:
        if count := int(per_level.get(level, 0)):
            one, many = words.get(level, ("info", "info"))
            parts.append(f"{number(count)} {one if count == 1 else many}")
    return " · ".join(parts)


def field_detail(report: Report, kind: str, key: str, masked: bool) -> None:
    """Everything about one field of one file."""
    f = field(kind, key)
    result = report.files[kind]
    score = result.scores.set_index("field").loc[key]
    st.header(f.label)
    st.info(f.rule, icon=":material/menu_book:")
    column = result.mapping.column(key)
    facts = [f"**Wanneer:** {requirement(kind, key)}"]
    if f.form:
        facts.append(f"**Vorm:** {f.form}")
    facts.append(
        f"**Kolom in het bestand:** {escape_md(column)}" if column else "**Kolom:** geen gekoppeld"
    )
    st.markdown(" · ".join(facts))
    if column is None:
        st.page_link(nav.KOLOMMEN.path, label="Kolom koppelen", icon=nav.KOLOMMEN.icon)

    cells = st.columns(6)
    for cell, (label, value) in zip(
        cells,
        [
            (f"{f.need.capitalize()} in", f"{number(int(score['required']))} rijen"),
            ("Ingevuld", number(int(score["filled"]))),
            ("Ontbreekt", number(int(score["missing"]))),
            ("Ongeldig", number(int(score["invalid"]))),
            ("Volledigheid", pct_nl(score["completeness_pct"])),
            ("Geldigheid", pct_nl(score["validity_pct"])),
        ],
        strict=True,
    ):
        cell.metric(label, value)

    page_key = state.widget_key("field_page")
    page = page_number(page_key, (kind, key))
    problems, view, count, levels = state.derived(field_tables, kind, key, masked, page)
    st.subheader("Meest voorkomende problemen")
    if problems.empty:
        st.success("Geen meldingen voor dit veld.")
        return
    st.dataframe(
        severity_colours(problems),
        hide_index=True,
        column_config=table_config(problems, wide=["Melding"]),
    )
    st.subheader(f"Meldingen bij dit veld ({number(count)})")
    pager(
        count,
        page_key,
        f"{levels}. Ontbreekt en Ongeldig hierboven tellen de lege en de "
        "onjuist gevormde waarden; de regels tussen velden, rijen en bestanden (dubbel, "
        "hoort niet bij deze soort relatie ...) en de automatische reparaties staan hier ook.",
    )
    st.dataframe(
        severity_colours(view),
        hide_index=True,
        column_config=table_config(view, wide=["Melding"]),
        height=window_height(len(view)),
    )


def field_tables(
    report: Report, kind: str, key: str, masked: bool, page: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame, int, str]:
    """The field's common problems, a page of its row issues, how many row issues there are
    and how many per severity (made once per check and choice: `state.derived`)."""
    issues = report.issues[report.issues["file"].eq(kind) & report.issues["field"].eq(key)]
    if issues.empty:
        return pd.DataFrame(), pd.DataFrame(), 0, ""
    rows = issues[issues["pos"] >= 0]
    masking = report.masking(masked)
    shown = page_rows(len(rows), page)
    on_page = rows.iloc[shown.start : shown.stop]
    view = issue_view(on_page, masking)
    names = masking.column(display_names(report, kind).iloc[on_page["pos"]], None)
    view.insert(3, "Naam", names.to_numpy())
    order = ["Rij", "Nummer", "Naam", "Ernst", "Waarde", "Voorstel", "Melding", "Code"]
    return common_problems(issues, masking), view[order], len(rows), severity_counts(rows)
