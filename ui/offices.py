"""The Voortgang page's offices: save the current check, the list of offices, one office's history.

Everything shown comes from `dq.progress.history`: counts, scores and row keys, no cell values.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dq.charts import progress as progress_charts
from dq.checks.report import Report
from dq.progress.compare import compare, local_time
from dq.progress.history import History, HistoryError
from ui import state
from ui.labels import delta, escape_md, number, pct_nl
from ui.style import chart
from ui.tables import column_widths

SAVED_WHAT = (
    "Bewaard worden alleen tellingen, scores per veld en product en per probleem het relatie- "
    "of contactnummer, het veld en de soort melding, en bij een geaccepteerde waarschuwing de "
    "reden die u typte; geen BSN, namen, e-mailadressen of andere waarden uit de bestanden."
)
_NEW_OFFICE = ""  # the picker's last option: type a new office name


# --- saving ------------------------------------------------------------------------------


def save_form(store: History, report: Report) -> None:
    """Save the current check under an office name (existing or new) and a label."""
    offices = store.offices()["kantoor"].tolist()
    with st.container(border=True):
        choice = st.selectbox(
            "Kantoor",
            [*offices, _NEW_OFFICE],
            index=None if offices else 0,  # never save under an office nobody chose
            format_func=lambda name: "Nieuw kantoor…" if name == _NEW_OFFICE else name,
            placeholder="Kies het kantoor of 'Nieuw kantoor…'",
            key=state.widget_key("save_office"),
        )
        kantoor = choice
        if choice == _NEW_OFFICE:
            kantoor = st.text_input(
                "Naam van het nieuwe kantoor", key=state.widget_key("save_new_office")
            )
        label = st.text_input(
            "Label (mag leeg blijven)",
            placeholder="bijv. week 12 of na de eerste fixlijst",
            key=state.widget_key("save_label"),
        )
        clicked = st.button("Opslaan in de geschiedenis", type="primary", icon=":material/save:")
    st.caption(SAVED_WHAT)
    if not clicked:
        return
    name = " ".join(str(kantoor or "").split())
    if not name:
        st.error("Typ eerst de naam van het kantoor.")
        return
    try:
        state.mark_saved(store.save(report, name, label))
    except HistoryError as err:
        st.error(str(err))
        return
    state.notify(f"Opgeslagen als controle {len(store.checks(name))} van {name}.")
    state.open_office(name)
    state.set_office_name(name)
    st.rerun()


# --- offices -----------------------------------------------------------------------------


def offices_view(store: History) -> None:
    """Every office in a table; the chosen one in detail, with its delete button."""
    table = store.offices()
    if table.empty:
        st.info("Nog geen controles opgeslagen. Sla een controle op bij 'Controle opslaan'.")
        return
    offices_table(table)
    names = table["kantoor"].tolist()
    kantoor = st.selectbox("Kantoor bekijken", names, key=state.office_key(names))
    if kantoor is not None:
        st.subheader(kantoor)
        office_detail(store, kantoor)
        delete_control(store, kantoor)


def offices_table(offices: pd.DataFrame) -> None:
    """Every office with its latest readiness, verdict, trend and days since the last check."""
    view = pd.DataFrame(
        {
            "Kantoor": offices["kantoor"],
            "Gereedheid": [pct_nl(v) for v in offices["readiness"]],
            "Oordeel": ["klaar" if r else "niet klaar" for r in offices["ready"]],
            "Trend": offices["trend"],
            "Laatste controle": [local_time(t) for t in offices["last_check"]],
            "Dagen geleden": offices["days_since"],
            "Controles": offices["checks"],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        column_config={
            "Trend": st.column_config.LineChartColumn(
                "Trend", help="Gereedheid van de laatste controles, oudste links"
            ),
            "Dagen geleden": st.column_config.NumberColumn(help="Dagen sinds de laatste controle"),
        },
    )


def office_detail(store: History, kantoor: str) -> None:
    """One office over time: readiness, problems and field scores per saved check."""
    checks = store.checks(kantoor)
    if checks.empty:
        return
    last = checks.iloc[-1]
    change = last["readiness"] - checks["readiness"].iloc[-2] if len(checks) > 1 else None
    score, when, count = st.columns(3)
    score.metric(
        "Gereedheid (laatste controle)",
        pct_nl(last["readiness"]),
        **delta(change, " procentpunt"),
    )
    days = (pd.Timestamp.now(tz="UTC").date() - last["checked_at"].date()).days
    when.metric(
        "Dagen sinds de laatste controle", number(days), help=local_time(last["checked_at"])
    )
    count.metric("Opgeslagen controles", number(len(checks)))
    if len(checks) > 1:
        before, after = (store.snapshot(int(i)) for i in checks["id"].iloc[-2:])
        st.info(compare(before, after).summary(), icon=":material/trending_up:")
    products = store.product_history(kantoor)
    chart(
        progress_charts.readiness_over_time(checks, products),
        key=state.widget_key("trend_readiness"),
    )
    left, right = st.columns(2, gap="large")
    with left:
        chart(progress_charts.problems_over_time(checks), key=state.widget_key("trend_problems"))
    with right:
        metric = st.segmented_control(
            "Score per veld",
            list(progress_charts.METRICS),
            default="completeness_pct",
            format_func=progress_charts.METRICS.get,
            required=True,
            key=state.widget_key("trend_metric"),
        )
        figure = progress_charts.fields_over_time(store.field_history(kantoor), checks, metric)
        if len(figure.data[0].y):
            chart(figure, key=state.widget_key("trend_fields"))
        else:
            st.success(f"{progress_charts.METRICS[metric]}: elk veld was bij elke controle 100%.")
    table = _checks_view(checks)
    st.dataframe(table, hide_index=True, width="stretch", column_config=column_widths(table))


def _checks_view(checks: pd.DataFrame) -> pd.DataFrame:
    files = [
        ", ".join(
            f"{name} ({number(int(rows))} rijen)"
            for name, rows in pairs
            if name is not None and pd.notna(rows)
        )
        for pairs in zip(
            zip(checks["relaties_file"], checks["relaties_rows"], strict=True),
            zip(checks["contacten_file"], checks["contacten_rows"], strict=True),
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            "Datum": [local_time(t) for t in checks["checked_at"]],
            "Label": checks["label"],
            "Gereedheid": [pct_nl(v) for v in checks["readiness"]],
            "Fouten": checks["errors"],
            "Waarschuwingen": checks["warnings"],
            "Bestanden": files,
        }
    ).iloc[::-1]


def delete_control(store: History, kantoor: str) -> None:
    """Delete an office's history, after an explicit confirmation."""
    count = _checks(len(store.checks(kantoor)))
    with st.popover("Geschiedenis verwijderen", icon=":material/delete:"):
        st.markdown(
            f"{count.capitalize()} van **{escape_md(kantoor)}** verwijderen? Dit kan niet "
            "ongedaan worden gemaakt."
        )
        sure = st.checkbox(
            f"Ja, verwijder de geschiedenis van {kantoor}",
            key=state.widget_key("delete_sure", kantoor),
        )
        if st.button(
            "Definitief verwijderen",
            type="primary",
            disabled=not sure,
            key=state.widget_key("delete", kantoor),
        ):
            removed = _checks(store.delete(kantoor))
            state.notify(f"De geschiedenis van {kantoor} is verwijderd ({removed}).")
            state.open_office(None)
            st.rerun()


def _checks(count: int) -> str:
    """'1 opgeslagen controle', 'alle 3 opgeslagen controles'."""
    return "1 opgeslagen controle" if count == 1 else f"alle {number(count)} opgeslagen controles"
