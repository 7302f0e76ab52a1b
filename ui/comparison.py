"""The Voortgang page's comparison: the current check against a saved one or earlier uploads.

Everything shown comes from `dq.progress.compare`: counts, scores and row keys, no cell values.
"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from dq.api import load, prepare
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
from dq.progress.history import History
from ui import state
from ui.labels import FILE_LABEL, FILE_NOUN, SEVERITY_LABEL, delta, number, pct_nl, signed
from ui.style import chart
from ui.tables import column_widths, page_number, page_rows, pager, window_height

_log = logging.getLogger(__name__)


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


def _check_previous(ids: tuple[str, ...], sources: dict[str, tuple[str, bytes]]) -> state.Previous:
    """Read and check the earlier files, with the current mapping choices where they fit."""
    try:
        tables = {kind: load(source, kind) for kind, source in sources.items()}
    except LoadError as err:
        return state.Previous(ids, None, str(err))
    current = state.files()
    try:
        mappings = {}
        for kind, table in tables.items():
            chosen = current[kind].overrides if kind in current else {}
            fitting = {f: c for f, c in chosen.items() if c is None or c in table.columns}
            source = current[kind].source if kind in current else None
            tables[kind], mappings[kind] = prepare(table, kind, fitting, source)
        return state.Previous(ids, analyse(tables, mappings))
    except Exception as err:  # like the main check: the page keeps working whatever a file holds
        _log.warning("checking the earlier version failed with %s", type(err).__name__)
        return state.Previous(ids, None, state.CHECK_FAILED)


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
        **delta(change, " procentpunt"),
    )
    left, right = st.columns(2, gap="large")
    with left:
        chart(progress_charts.burndown(comparison), key=state.widget_key("burndown"))
    right.markdown("#### Verschil per product")
    if comparison.products.empty:
        right.info("Gereedheid per product is er alleen met een relatiebestand in beide versies.")
    else:
        products = _products_view(comparison.products)
        right.dataframe(products, hide_index=True, column_config=column_widths(products))
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
    page_key = state.widget_key("compare_page")
    on_page = page_rows(len(issues), page_number(page_key, status))
    shown = issues.iloc[on_page.start : on_page.stop]
    pager(len(issues), page_key, noun="meldingen")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=column_widths(shown),
        height=window_height(len(shown)),
    )
    st.markdown("#### Verschil per veld")
    every = st.toggle("Ook velden zonder verschil", key=state.widget_key("compare_all"))
    fields = comparison.fields
    if not every:
        changes = fields[["completeness_pct_change", "validity_pct_change", "problems_change"]]
        fields = fields[changes.fillna(0).ne(0).any(axis=1)]
    if fields.empty:
        st.info("Geen enkel veld is veranderd.")
    else:
        table = _fields_view(fields)
        st.dataframe(table, hide_index=True, width="stretch", column_config=column_widths(table))
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
        view[f"± {title.lower()}"] = [signed(v) for v in fields[f"{name}_change"]]
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
            "Verschil": [signed(v, " procentpunt") for v in products["ready_pct_change"]],
        }
    )
