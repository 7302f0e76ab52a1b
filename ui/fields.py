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
from ui.tables import MAX_ROWS, display_names, issue_view

EXAMPLES = 3


def requirement(kind: str, key: str) -> str:
    """When the field must be filled, in Dutch."""
    f = field(kind, key)
    if f.required is True:
        return "altijd verplicht"
    if callable(f.required):
        return f"verplicht {f.required_when}"
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
                "Voorbeelden": ", ".join(map(escape_md, examples)),  # st.table renders Markdown
                "Code": code,
                "_order": SEVERITIES.index(level),
            }
        )
    table = pd.DataFrame(rows)
    return table.sort_values(["_order", "Aantal"], ascending=[True, False]).drop(columns="_order")


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
            ("Verplicht in", f"{number(int(score['required']))} rijen"),
            ("Ingevuld", number(int(score["filled"]))),
            ("Ontbreekt", number(int(score["missing"]))),
            ("Ongeldig", number(int(score["invalid"]))),
            ("Volledigheid", pct_nl(score["completeness_pct"])),
            ("Geldigheid", pct_nl(score["validity_pct"])),
        ],
        strict=True,
    ):
        cell.metric(label, value)

    problems, view, count = state.derived(field_tables, kind, key, masked)
    st.subheader("Meest voorkomende problemen")
    if problems.empty:
        st.success("Geen meldingen voor dit veld.")
        return
    st.table(severity_colours(problems), hide_index=True)
    st.subheader(f"Rijen met een melding ({number(count)})")
    st.dataframe(
        severity_colours(view),
        hide_index=True,
        column_config={"Rij": st.column_config.NumberColumn(format="%d")},
    )
    if count > MAX_ROWS:
        st.caption(f"De eerste {number(MAX_ROWS)} rijen; de fixlijst bevat ze allemaal.")


def field_tables(
    report: Report, kind: str, key: str, masked: bool
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The field's common problems, its first rows with an issue, and how many rows have one
    (made once per check and choice: `state.derived`)."""
    issues = report.issues[report.issues["file"].eq(kind) & report.issues["field"].eq(key)]
    if issues.empty:
        return pd.DataFrame(), pd.DataFrame(), 0
    rows = issues[issues["pos"] >= 0]
    masking = report.masking(masked)
    view = issue_view(rows.head(MAX_ROWS), masking)
    names = masking.column(display_names(report, kind).iloc[rows["pos"].head(MAX_ROWS)], None)
    view.insert(3, "Naam", names.to_numpy())
    order = ["Rij", "Nummer", "Naam", "Ernst", "Waarde", "Voorstel", "Melding", "Code"]
    return common_problems(issues, masking), view[order], len(rows)
