"""The Bestanden page's building blocks: read uploads with progress, and show what was read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from dq.checks.filekind import contact_columns, contact_sheet, derive_contacten, looks_like
from dq.checks.report import Report
from dq.demo.office import demo_files
from dq.spec.fields import CONTACTEN, RELATIES
from ui import nav, state
from ui.labels import FILE_LABEL, escape_md, field_label, number, pct_nl
from ui.style import verdict

DEMO_NAMES = {RELATIES: "relaties.xlsx", CONTACTEN: "contacten.csv"}


@dataclass(frozen=True)
class Job:
    """One file to read: from the uploader or the demo."""

    kind: str
    name: str
    data: bytes
    upload_id: str


def demo_jobs() -> list[Job]:
    """The built-in demo pair (synthetic data) as two files to read."""
    data = demo_files()
    return [Job(kind, name, data[name], f"demo:{name}") for kind, name in DEMO_NAMES.items()]


def read_with_progress(jobs: Sequence[Job]) -> None:
    """Read the files, run the checks once, and show progress meanwhile; then rerun the page."""
    steps = len(jobs) + 1
    bar = st.progress(0.0, text="Bestanden lezen…")
    for done, job in enumerate(jobs):
        bar.progress(done / steps, text=f"{FILE_LABEL[job.kind]} lezen: {escape_md(job.name)}")
        state.add_upload(job.kind, job.name, job.data, job.upload_id)
    bar.progress(len(jobs) / steps, text="Controleren…")
    recheck("Controleren…")


def recheck(busy: str, change: Callable[[], object] | None = None) -> None:
    """Apply a change to the loaded files or mapping, run the checks once, show the page anew."""
    with st.spinner(busy):
        if change is not None:
            change()
        state.analyse()
    st.rerun()


def repairs(report: Report | None, kind: str) -> pd.DataFrame:
    """The certain repairs in this file (`Report.repair_issues`, what the cleaned file changes),
    per field and kind of repair; they add up to `Report.repairs`."""
    columns = ["Veld", "Reparatie", "Aantal"]
    if report is None or kind not in report.files:
        return pd.DataFrame(columns=columns)
    counts = report.repair_issues(kind).groupby(["field", "message"], as_index=False).size()
    return pd.DataFrame(
        {
            "Veld": [field_label(kind, f) for f in counts["field"]],
            "Reparatie": counts["message"],
            "Aantal": counts["size"],
        },
        columns=columns,
    ).sort_values("Aantal", ascending=False, ignore_index=True)


REPAIRED_HELP = (
    "Waarden die het opgeschoonde bestand zelf herstelt: spaties, schrijfwijzen, "
    "weggevallen voorloopnullen."
)
SESSION_ONLY = (
    "De bestanden staan alleen in deze sessie, niet op schijf: herladen van de pagina of een "
    "nieuw tabblad begint leeg, en dan upload u ze opnieuw."
)


def counts_line(report: Report, kind: str) -> str:
    """'22 fouten · 12 waarschuwingen · 319 info' for one file: the Report's own counts."""
    counts = report.file_counts[kind]
    return " · ".join(
        f"{number(counts[level])} {word}"
        for level, word in (("error", "fouten"), ("warning", "waarschuwingen"), ("info", "info"))
    )


def result_box(report: Report) -> None:
    """The check's result in the verdict's colour (red until it is ready), with one clear
    button on to the Overzicht, at the top of the page where it is in view."""
    counts = report.counts
    text = (
        f"**Gecontroleerd: {verdict(report.ready).lower()}.** Gereedheid "
        f"{pct_nl(report.readiness)}: {number(counts['error'])} fouten en "
        f"{number(counts['warning'])} waarschuwingen."
    )
    if report.readiness is None:
        st.warning(
            "**Gecontroleerd: niets te importeren.** De bestanden hebben een kopregel maar geen "
            "rijen met gegevens.",
            icon=":material/warning:",
        )
    elif report.ready:
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(text, icon=":material/block:")
    left, right, _ = st.columns([1.2, 1.2, 3], vertical_alignment="center")
    if left.button(
        "Naar het overzicht",
        type="primary",
        icon=nav.OVERZICHT.icon,
        key=state.widget_key("to_overview"),
        width="stretch",
    ):
        st.switch_page(nav.OVERZICHT.path)
    right.page_link(nav.KOLOMMEN.path, label="Kolommen controleren", icon=nav.KOLOMMEN.icon)


def show_loaded(loaded: state.LoadedFile, report: Report | None) -> None:
    """What was read from one file: sheet and header choices, rows, repairs and notes."""
    kind = loaded.kind
    st.markdown(f"**{escape_md(loaded.name)}**")
    if loaded.error is not None:
        st.error(loaded.error, icon=":material/error:")
    table = loaded.table
    if table is not None and len(table.sheets) > 1:
        sheet = st.selectbox(
            "Werkblad",
            table.sheets,
            index=table.sheets.index(table.sheet) if table.sheet in table.sheets else 0,
            key=state.versioned_key("sheet", kind),
            help="De werkmap heeft meerdere werkbladen; kies het blad met de gegevens.",
        )
        if sheet != table.sheet:
            recheck("Werkblad lezen en controleren…", partial(state.choose_sheet, kind, sheet))
    if table is None:
        return
    if loaded.made_from is None:
        header_choice(loaded)
    repaired = state.derived(repairs, kind)
    rows, columns, fixes = st.columns(3)
    rows.metric("Rijen gelezen", number(len(table.frame)))
    columns.metric("Kolommen", number(len(table.columns)))
    if report is not None and kind in report.files:
        fixes.metric("Hersteld", number(report.repairs[kind]), help=REPAIRED_HELP)
        st.caption(counts_line(report, kind))
    # The check's own notes once there is one: the package recognised and its quirks undone.
    checked = report.files.get(kind) if report is not None else None
    for note in [*checked.mapping.notes, *checked.table.notes] if checked else table.notes:
        st.info(note, icon=":material/info:")
    if len(repaired):
        with st.expander("Welke waarden zijn automatisch hersteld?"):
            st.dataframe(repaired, hide_index=True)


def header_choice(loaded: state.LoadedFile) -> None:
    """Confirm the header row the loader found, or read the file again with another one."""
    table = loaded.table
    assert table is not None
    found = "gekozen" if loaded.header_row is not None else "gevonden"
    names = ", ".join(table.columns[:6]) + (" …" if len(table.columns) > 6 else "")
    where = f"Kopregel {found} op rij {table.header_row}" if table.header_row else "Geen kopregel"
    st.caption(f"{where}: {escape_md(names)}")
    row = st.number_input(
        "Kopregel (rijnummer)",
        min_value=0,
        value=table.header_row,
        step=1,
        key=state.versioned_key("header", loaded.kind),
        help="Staan de kolomnamen op een andere rij? Geef het rijnummer zoals Excel het toont; "
        "0 als het bestand geen kopregel heeft.",
    )
    if row != table.header_row:
        change = partial(state.choose_header_row, loaded.kind, int(row))
        recheck("Opnieuw lezen met de nieuwe kopregel…", change)


def offer_fixes(kind: str, report: Report | None) -> None:
    """The file in the wrong slot (swap), and for a Relaties file without Contacten: the
    workbook's contact sheet, or a Contacten file made from its contact columns."""
    if report is None or kind not in report.files:
        return
    result = report.files[kind]
    if looks_like(state.files()[kind].table.columns, kind) is not None and st.button(
        "Omwisselen",
        key=state.widget_key("swap", kind),
        icon=":material/swap_horiz:",
        help="Zet dit bestand op de andere plaats (en het andere bestand hier).",
    ):
        recheck("Omwisselen en opnieuw controleren…", state.swap)
    if kind != RELATIES or CONTACTEN in state.files():
        return
    sheet = contact_sheet(result.table.sheets, result.table.sheet)
    if sheet is not None and st.button(
        f"Blad '{sheet}' gebruiken als contactenbestand",
        key=state.widget_key("contact_sheet"),
        icon=":material/tab:",
    ):
        recheck("Contacten lezen en controleren…", partial(state.use_sheet_as_contacten, sheet))
    if "email" in contact_columns(result.table, result.mapping).columns and st.button(
        "Contactenbestand maken uit de relaties",
        key=state.widget_key("derive_contacten"),
        icon=":material/group_add:",
        help="Eén contact per e-mailadres uit het relatiebestand, gekoppeld aan elke relatie "
        "met dat adres.",
    ):
        made = derive_contacten(result.table, result.mapping)
        recheck("Contacten maken en controleren…", partial(state.make_contacten, made))
