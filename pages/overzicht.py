"""Overzicht: the go/no-go verdict and where the gaps are, for a shared screen."""

from __future__ import annotations

import streamlit as st

from dq.charts import figures as charts
from ui import files, frame, nav, state
from ui.labels import FILE_LABEL, number
from ui.overview import (
    code_figure,
    field_choice,
    field_figure,
    gap_figure,
    open_field,
    product_figure,
    selected_field,
)
from ui.steps import next_steps
from ui.style import chart, readiness_banner

frame.page_header(
    "Overzicht",
    "Kan de import door? De score telt de relaties en contacten zonder fouten; "
    "waarschuwingen tellen niet mee.",
)
report = frame.require_report()

left, right = st.columns([1, 1], gap="large")
with left:
    readiness_banner(report.readiness, report.ready, report.counts["error"])
    errors, warnings, repaired = st.columns(3)
    errors.metric("Fouten", number(report.counts["error"]))
    warnings.metric("Waarschuwingen", number(report.counts["warning"]))
    repaired.metric(
        "Hersteld",
        number(sum(report.repairs.values())),
        help=f"{files.REPAIRED_HELP} Info-meldingen in totaal: {number(report.counts['info'])}.",
    )
    for column, (kind, result) in zip(st.columns(2), report.files.items(), strict=False):
        column.metric(FILE_LABEL[kind], f"{number(len(result.table.frame))} rijen")
        column.caption(
            f"{files.counts_line(report, kind)} · {number(report.repairs[kind])} hersteld"
        )
with right:
    if report.context is not None and (report.products["relaties"] > 0).any():
        chart(state.derived(product_figure), key=state.widget_key("products"))
        st.caption("Per product het deel van de relaties zonder fouten die de workflow blokkeren.")
    else:
        st.info("Gereedheid per product verschijnt zodra er een relatiebestand met producten is.")

st.divider()
next_steps(report)
st.divider()
# One chart at a time below the verdict: only the open tab is drawn, so the page appears at
# once on a shared screen (three charts together took the browser a noticeable moment).
views = ["Per veld", "Per soort melding"]
if report.context is not None:
    views.append("Per groep relaties")
tabs = frame.lazy_tabs(views, state.widget_key("overview_tab"))
if (tab := tabs["Per veld"]) is not None:
    with tab:
        show_all = st.toggle("Alle velden tonen", value=False, key=state.widget_key("all_fields"))
        figure = state.derived(field_figure, None if show_all else 10)
        key = state.widget_key("field_chart")
        event = chart(figure, key, on_select="rerun", selection_mode="points")
        st.caption(
            "Volledigheid: deel van de rijen waar het veld verplicht is en ingevuld. Geldigheid: "
            "deel van de ingevulde waarden dat klopt. Klik op een balk om het veld te bekijken."
        )
        clicked = selected_field(event)
        if clicked is not None:
            open_field(*clicked)
        choice = field_choice(report)
        if choice is not None:
            open_field(*choice)
if (tab := tabs["Per soort melding"]) is not None:
    with tab:
        key = state.widget_key("with_info")
        with_info = st.toggle("Ook info-meldingen tonen", value=False, key=key)
        chart(state.derived(code_figure, with_info), key=state.widget_key("codes"))
        st.caption(
            "Aantal meldingen per soort probleem: eerst de fouten, dan de waarschuwingen, "
            "binnen elk het vaakst voorkomende bovenaan."
        )
if (tab := tabs.get("Per groep relaties")) is not None:
    with tab:
        by = st.segmented_control(
            "Groeperen op",
            list(charts.GROUPINGS),
            default="type",
            format_func=lambda key: charts.GROUPINGS[key].capitalize(),
            required=True,
            key=state.widget_key("gap_by"),
        )
        chart(state.derived(gap_figure, by), key=state.widget_key("gaps"))
        st.caption(
            "Per veld en groep relaties: het deel van de rijen waar het veld nodig of ingevuld "
            "is en de waarde ontbreekt of niet klopt. Leeg vak: het veld speelt in die groep "
            "geen rol."
        )
st.page_link(nav.FIXLIJST.path, label="Naar de fixlijst", icon=nav.FIXLIJST.icon)
