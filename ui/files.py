"""The Bestanden page's building blocks: read uploads with progress, and show what was read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from dq.checks.report import Report
from dq.demo.office import demo_files
from dq.exports import cleaned
from dq.io.limits import MB, Limits
from dq.spec.fields import CONTACTEN, RELATIES
from ui import state
from ui.labels import FILE_LABEL, escape_md, field_label, number

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
        name = escape_md(state.masking().text(job.name))
        bar.progress(done / steps, text=f"{FILE_LABEL[job.kind]} lezen: {name}")
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
    """The certain repairs the check makes in this file (`dq.exports.cleaned`), per field."""
    columns = ["Veld", "Reparatie", "Aantal"]
    if report is None or kind not in report.files:
        return pd.DataFrame(columns=columns)
    changes = cleaned.repairs(report, kind)
    counts = changes.groupby(["field", "reason"], as_index=False).size()
    return pd.DataFrame(
        {
            "Veld": [field_label(kind, f) for f in counts["field"]],
            "Reparatie": counts["reason"],
            "Aantal": counts["size"],
        },
        columns=columns,
    ).sort_values("Aantal", ascending=False, ignore_index=True)


def upload_limit_mb() -> int:
    """The size limit of one upload: the loader's (`DQ_MAX_FILE_MB`) or the browser's
    (`server.maxUploadSize`), whichever is lower."""
    try:
        own = Limits.from_env().max_bytes // MB
    except ValueError:  # a wrong DQ_MAX_FILE_MB is reported when a file is read
        own = Limits().max_bytes // MB
    return min(own, int(st.get_option("server.maxUploadSize")))


def size_limit_text() -> str:
    """The upload limit in Dutch: the browser refuses a bigger file before the app sees it,
    with only Streamlit's English "File must be ... or smaller", so the page says it too."""
    return (
        f"Maximaal {number(upload_limit_mb())} MB per bestand; een groter bestand wordt niet "
        "geladen. Verdeel de gegevens dan over meer bestanden of sla ze op als .xlsx (kleiner "
        "dan CSV)."
    )


def show_loaded(loaded: state.LoadedFile, report: Report | None) -> None:
    """What was read from one file: sheet and header choices, rows, repairs and notes."""
    kind = loaded.kind
    masking = state.masking()
    st.markdown(f"**{escape_md(masking.text(loaded.name))}**")
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
    header_choice(loaded)
    repaired = state.derived(repairs, kind)
    rows, columns, fixes = st.columns(3)
    rows.metric("Rijen gelezen", number(len(table.frame)))
    columns.metric("Kolommen", number(len(table.columns)))
    fixes.metric("Reparaties", number(int(repaired["Aantal"].sum())))
    for note in table.notes:
        st.info(escape_md(masking.text(note)), icon=":material/info:")
    if len(repaired):
        with st.expander("Welke waarden zijn gerepareerd?"):
            st.dataframe(repaired, hide_index=True)


def header_choice(loaded: state.LoadedFile) -> None:
    """Confirm the header row the loader found, or read the file again with another one."""
    table = loaded.table
    assert table is not None
    found = "gekozen" if loaded.header_row is not None else "gevonden"
    names = ", ".join(map(state.masking().text, table.columns[:6]))
    names += " …" if len(table.columns) > 6 else ""
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
