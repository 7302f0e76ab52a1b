"""The Voortgang page's building blocks: the history store, saving, office detail and comparing.

The store is opened once per server (`st.cache_resource` holds only the database engine,
never an upload); when it cannot be opened the page says so and comparing two uploads still
works. Everything shown comes from `dq.progress.history` and `dq.progress.compare`: counts,
scores and row keys, no cell values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dq.api import load, map_columns
from dq.charts import progress as progress_charts
from dq.checks.codes import all_codes
from dq.checks.pipeline import analyse
from dq.checks.report import Report
from dq.io.load import LoadError
from dq.progress.compare import (
    FIXED,
    NEW,
    OPEN,
    STATUS_NL,
    Comparison,
    Snapshot,
    compare,
    local_time,
)
from dq.progress.history import History, HistoryError, database_url
from ui import state
from ui.labels import FILE_LABEL, FILE_NOUN, SEVERITY_LABEL, escape_md, number, pct_nl
from ui.style import chart
from ui.tables import MAX_ROWS

NO_STORE = (
    "De voortgang kan nu niet worden bewaard of getoond. Vergelijken met een eerdere versie "
    "van de bestanden kan wel."
)
SAVED_WHAT = (
    "Bewaard worden alleen tellingen, scores per veld en product en per probleem het relatie- "
    "of contactnummer, het veld en de soort melding; geen BSN, namen, e-mailadressen of andere "
    "waarden uit de bestanden."
)
_NEW_OFFICE = ""  # the picker's last option: type a new office name
_log = logging.getLogger(__name__)
NO_CHECK = (
    "Er zijn nog geen bestanden gecontroleerd. Begin op de pagina Bestanden; daarna kunt u de "
    "controle hier opslaan en vergelijken."
)


@st.cache_resource(show_spinner=False)
def _open(url: str) -> History:
    return History(url)


def history() -> History | None:
    """The store of `DATABASE_URL` or the default SQLite file; None (and a message) if it fails."""
    try:
        return _open(database_url())
    except HistoryError as err:
        st.error(f"{err} {NO_STORE}", icon=":material/database_off:")
        return None


@contextmanager
def store_errors() -> Iterator[None]:
    """A history that fails halfway (its server gone) shows one Dutch message, not a trace."""
    try:
        yield
    except HistoryError as err:
        st.error(f"{err} {NO_STORE}", icon=":material/database_off:")


def _signed(value: float | None, unit: str = "") -> str:
    """A change with its sign, the Dutch way: '+1,6', '-0,4', '0'."""
    if value is None or pd.isna(value):
        return ""
    if round(value, 1) == 0:
        return "0" + unit
    return f"{value:+.1f}".replace(".", ",") + unit


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
        delta=_signed(change, " procentpunt") if change is not None else None,
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
    st.dataframe(_checks_view(checks), hide_index=True, width="stretch")


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


# --- comparing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Previous:
    """The earlier version uploaded for a comparison, checked once per set of uploads."""

    upload_ids: tuple[str, ...]
    report: Report | None
    error: str | None = None


def previous_from_uploads() -> Report | None:
    """Upload the earlier version of one or both files; it is checked with today's mapping."""
    uploads = {}
    for column, kind in zip(st.columns(2, gap="large"), state.KINDS, strict=True):
        upload = column.file_uploader(
            f"Vorig {FILE_NOUN[kind]}", key=state.widget_key("previous", kind)
        )
        if upload is not None:
            uploads[kind] = upload
    if not uploads:
        st.caption("Zet de vorige versie van het relatie- en/of contactenbestand klaar.")
        return None
    ids = tuple(f"{k}:{u.file_id}" for k, u in sorted(uploads.items()))
    known = state.previous()
    if known is None or known.upload_ids != ids:
        with st.spinner("Vorige versie controleren…"):
            known = _check_previous(ids, {k: (u.name, u.getvalue()) for k, u in uploads.items()})
        state.set_previous(known)
    if known.error:
        st.error(known.error)
    return known.report


def _check_previous(ids: tuple[str, ...], sources: dict[str, tuple[str, bytes]]) -> Previous:
    """Read and check the earlier files, with the current mapping choices where they fit."""
    try:
        tables = {kind: load(source, kind) for kind, source in sources.items()}
    except LoadError as err:
        return Previous(ids, None, str(err))
    current = state.files()
    mappings = {}
    for kind, table in tables.items():
        chosen = current[kind].overrides if kind in current else {}
        fitting = {f: c for f, c in chosen.items() if c is None or c in table.columns}
        mappings[kind] = map_columns(table, kind, fitting)
    try:
        return Previous(ids, analyse(tables, mappings))
    except Exception as err:  # like the main check: the page keeps working whatever a file holds
        _log.warning("checking the earlier version failed with %s", type(err).__name__)
        return Previous(ids, None, state.CHECK_FAILED)


def previous_from_history(store: History) -> Snapshot | None:
    """Pick a saved check of an office as the earlier version."""
    offices = store.offices()
    if offices.empty:
        st.info("Er zijn nog geen controles opgeslagen om mee te vergelijken.")
        return None
    left, right = st.columns(2)
    kantoor = left.selectbox(
        "Vergelijk met kantoor",
        offices["kantoor"].tolist(),
        key=state.widget_key("compare_office"),
    )
    checks = store.checks(kantoor).iloc[::-1]
    names = {
        int(row.id): f"{row.label or 'zonder label'} — {local_time(row.checked_at)}"
        for row in checks.itertuples()
    }
    itself = state.saved_check()
    others = [i for i in names if i != itself]
    check_id = right.selectbox(
        "Opgeslagen controle",
        list(names),
        index=list(names).index(others[0]) if others else 0,
        format_func=names.get,
        help="Standaard de laatste controle vóór de huidige.",
        key=state.widget_key("compare_check", kantoor, str(itself)),
    )
    return store.snapshot(check_id) if check_id is not None else None


def compare_view(store: History | None, report: Report) -> None:
    """The current check against a saved one or against uploaded earlier files."""
    sources = {"history": "Uit de geschiedenis", "upload": "Vorige bestanden uploaden"}
    source = st.segmented_control(
        "Vorige versie",
        list(sources) if store is not None else ["upload"],
        default="history" if store is not None else "upload",
        format_func=sources.get,
        required=True,
        key=state.widget_key("compare_source"),
    )
    if source == "history" and store is not None:
        before = previous_from_history(store)
    else:
        before = previous_from_uploads()
    if before is not None:
        show_comparison(compare(before, report))


def show_comparison(comparison: Comparison) -> None:
    """Fixed / still open / new, the burn-down, and the change per field and product."""
    st.info(comparison.summary(), icon=":material/compare_arrows:")
    fixed, still, new, score = st.columns(4)
    fixed.metric("Opgelost", number(comparison.count(FIXED)))
    still.metric("Nog open", number(comparison.count(OPEN)))
    new.metric("Nieuw", number(comparison.count(NEW)))
    change = comparison.after.readiness - comparison.before.readiness
    score.metric(
        "Gereedheid nu",
        pct_nl(comparison.after.readiness),
        delta=_signed(change, " procentpunt"),
    )
    left, right = st.columns(2, gap="large")
    with left:
        chart(progress_charts.burndown(comparison), key=state.widget_key("burndown"))
    right.markdown("#### Verschil per product")
    if comparison.products.empty:
        right.info("Gereedheid per product is er alleen met een relatiebestand in beide versies.")
    else:
        right.dataframe(_products_view(comparison.products), hide_index=True, width="stretch")
        right.caption("Klaar: deel van de relaties met het product zonder blokkerende fout.")
    status = st.segmented_control(
        "Meldingen",
        [NEW, OPEN, FIXED],
        default=NEW if comparison.count(NEW) else OPEN,
        format_func=lambda s: f"{STATUS_NL[s].capitalize()} ({number(comparison.count(s))})",
        required=True,
        key=state.widget_key("compare_status"),
    )
    issues = _issues_view(comparison.issues, status)
    st.dataframe(issues.head(MAX_ROWS), hide_index=True, width="stretch")
    if len(issues) > MAX_ROWS:
        st.caption(f"De eerste {MAX_ROWS} van {number(len(issues))} meldingen.")
    st.markdown("#### Verschil per veld")
    every = st.toggle("Ook velden zonder verschil", key=state.widget_key("compare_all"))
    fields = comparison.fields
    if not every:
        changes = fields[["completeness_pct_change", "validity_pct_change", "problems_change"]]
        fields = fields[changes.fillna(0).ne(0).any(axis=1)]
    if fields.empty:
        st.info("Geen enkel veld is veranderd.")
    else:
        st.dataframe(_fields_view(fields), hide_index=True, width="stretch")
    st.caption(
        "Volledig: deel van de verplichte rijen dat is ingevuld. Geldig: deel van de "
        "ingevulde waarden dat klopt. Problemen: fouten en waarschuwingen in het veld."
    )


def _issues_view(issues: pd.DataFrame, status: str) -> pd.DataFrame:
    rows = issues[issues["status"] == status]
    codes = all_codes()
    return pd.DataFrame(
        {
            "Bestand": rows["file"].map(FILE_LABEL),
            "Rij": rows["row_after"].fillna(rows["row_before"]),
            "Nummer": rows["key"].where(~rows["key"].str.startswith("#"), "–"),
            "Ernst": rows["severity"].map(SEVERITY_LABEL),
            "Melding": [codes[c].message if c in codes else c for c in rows["code"]],
            "Code": rows["code"],
        }
    )


def _fields_view(fields: pd.DataFrame) -> pd.DataFrame:
    view = {"Bestand": fields["file"].map(FILE_LABEL), "Veld": fields["label"]}
    for name, title in (("completeness_pct", "Volledig"), ("validity_pct", "Geldig")):
        view[f"{title} vorige"] = [pct_nl(v) for v in fields[f"{name}_before"]]
        view[f"{title} nu"] = [pct_nl(v) for v in fields[f"{name}_after"]]
        view[f"± {title.lower()}"] = [_signed(v) for v in fields[f"{name}_change"]]
    view["Problemen vorige"] = fields["problems_before"].astype("int64")
    view["Problemen nu"] = fields["problems_after"].astype("int64")
    return pd.DataFrame(view)


def _products_view(products: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Product": products["product"],
            "Relaties": products["relaties_after"].astype("Int64"),
            "Klaar vorige": [pct_nl(v) for v in products["ready_pct_before"]],
            "Klaar nu": [pct_nl(v) for v in products["ready_pct_after"]],
            "Verschil": [_signed(v, " procentpunt") for v in products["ready_pct_change"]],
        }
    )
