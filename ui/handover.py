"""The hand-over: every file the app gives away, and the completed fix list taken back.

Each download is built on its click (`frame.download` with a callable), from the current
check: the edits, batches, accepted warnings and fix-list corrections of this session are in
it. Names carry the office (when the user named it on Voortgang or Herstellen) and the date.
Files with full BSNs are offered only with presentation mode off and after a confirmation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import PurePath

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dq.checks.report import Report
from dq.edits.session import Edits
from dq.exports import fixlist
from dq.exports.cleaned import cleaned_file, cleaned_names, screen_changes
from dq.exports.htmlreport import report_html
from dq.exports.importfile import (
    Layout,
    import_file,
    import_names,
    sample_layout,
    template_layout,
)
from dq.exports.reimport import APPLIED, REJECTED, WARNED, apply_to_edits
from dq.exports.template import KINDS, template_name, template_xlsx
from dq.io.load import LoadError
from dq.privacy import Masking
from dq.spec.catalog import Catalog
from ui import frame, state
from ui.labels import FILE_LABEL, escape_md, field_label, number

MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".html": "text/html",
}
FULL_CONFIRM = (
    "Ik begrijp dat deze downloads volledige BSN's, RSIN's en e-mailadressen bevatten en ga er "
    "zorgvuldig mee om."
)
FULL_BLOCKED = (
    "De opgeschoonde bestanden en de importbestanden bevatten volledige BSN's, RSIN's en "
    "e-mailadressen. Zet de presentatiemodus uit (links) om ze te downloaden."
)
WHO_WINS = (
    "De correcties komen bovenop wat u op Herstellen wijzigde. Raken beide dezelfde cel, dan "
    "wint de laatste stap: de fixlijst gaat voor een eerdere bewerking, een bewerking daarna "
    "gaat weer voor de fixlijst. Terug op Herstellen neemt de hele fixlijst in één stap terug."
)
OVER_EDIT = "Ook op Herstellen gewijzigd: de fixlijst gaat voor."
_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")
_STATUS = {APPLIED: "Toegepast", WARNED: "Toegepast met waarschuwing", REJECTED: "Niet toegepast"}


# --- names and confirmation ----------------------------------------------------------------


def safe_part(text: str | None) -> str:
    """A name part any file system accepts: letters without accents, digits, `-` and `_`.

    >>> safe_part("Administratiekantoor Hoekstra & Zn. / Zwolle")
    'Administratiekantoor_Hoekstra_Zn_Zwolle'
    """
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return _UNSAFE.sub("_", ascii_text).strip("_-")[:60].strip("_-")


def file_name(name: str, office: str | None, day: date | None = None) -> str:
    """A download name with the office (when known) and the date before the extension.

    >>> file_name("fixlijst.xlsx", "De Vries", date(2026, 12, 3))
    'fixlijst_De_Vries_2026-12-03.xlsx'
    >>> file_name("rapport.html", None, date(2026, 12, 3))
    'rapport_2026-12-03.html'
    """
    path = PurePath(name)
    parts = [path.stem, safe_part(office), (day or date.today()).isoformat()]
    return "_".join(p for p in parts if p) + path.suffix


def offer(
    target: DeltaGenerator,
    label: str,
    build: Callable[[], bytes],
    name: str,
    **options: object,
) -> None:
    """A download button built on click, named with the office and today's date."""
    frame.download(
        target,
        label,
        build,
        file_name(name, state.office_name()),
        MIME.get(PurePath(name).suffix, "application/octet-stream"),
        **options,
    )


def full_data_confirmed(key: str) -> bool:
    """Whether downloads with full BSNs may go: presentation mode off and the box ticked."""
    if state.masked():
        st.info(FULL_BLOCKED, icon=":material/visibility_off:")
        return False
    return st.checkbox(FULL_CONFIRM, key=state.widget_key("full", key))


def name_caption() -> None:
    """Say how the files are named, and how the office's name gets into them."""
    office = state.office_name()
    if office:
        st.caption(f"Bestandsnamen met het kantoor ({office}) en de datum van vandaag.")
    else:
        st.caption(
            "Bestandsnamen met de datum van vandaag. Sla de controle op Voortgang op onder de "
            "naam van het kantoor, dan staat die naam er ook in."
        )


# --- the exports ---------------------------------------------------------------------------


def fixlist_buttons(report: Report, masked: bool, with_info: bool, allowed: bool, key: str) -> None:
    """The fix list as CSV and Excel; `allowed` False greys them out (full BSNs unconfirmed)."""
    csv_col, xlsx_col, _ = st.columns([1, 1, 2])
    offer(
        csv_col,
        "Download als CSV",
        lambda: fixlist.fixlist_csv(report, masked=masked, include_info=with_info),
        "fixlijst.csv",
        icon=":material/table_view:",
        type="primary",
        disabled=not allowed,
        key=state.widget_key("dl", key, "csv"),
    )
    offer(
        xlsx_col,
        "Download als Excel",
        lambda: fixlist.fixlist_xlsx(report, masked=masked),  # built on click: takes a moment
        "fixlijst.xlsx",
        icon=":material/grid_on:",
        type="primary",
        disabled=not allowed,
        help="Met een samenvatting, een blad per soort werk en de reparaties op het blad Info.",
        key=state.widget_key("dl", key, "xlsx"),
    )


def cleaned_buttons(report: Report, edits: Edits, allowed: bool) -> None:
    """Per checked file its cleaned version in the office's own layout (and its changes).

    The names follow the upload's, so presentation mode masks them like free text (the
    downloads themselves need presentation mode off).
    """
    masking = report.masking(state.masked())
    for kind in state.KINDS:
        if kind not in report.files:
            continue
        names = cleaned_names(report, kind)
        cols = st.columns(len(names) + 1)
        for number_, (col, name) in enumerate(zip(cols, names, strict=False)):
            shown = masking.text(name)
            offer(
                col,
                escape_md(shown),
                lambda k=kind, n=name: cleaned_file(report, k, screen_changes(edits))[n],
                shown,
                icon=":material/cleaning_services:",
                disabled=not allowed,
                key=state.widget_key("dl", "cleaned", kind, str(number_)),  # not the name
            )


def import_section(report: Report, edits: Edits, allowed: bool) -> None:
    """Per checked file the import file in Mijn Kantoor's layout, optionally the office's own."""
    for kind in state.KINDS:
        if kind not in report.files:
            continue
        with st.container(border=True):
            left, right = st.columns([3, 2])
            layout = _layout_choice(kind, right)
            left.markdown(f"**{FILE_LABEL[kind]}** · {number(len(layout.labels))} kolommen")
            left.caption(f"Indeling: {layout.source}.")
            unknown = [
                label for label, key in zip(layout.labels, layout.fields, strict=True) if not key
            ]
            if unknown:
                left.caption(f"Blijven leeg (geen veld dat wij kennen): {', '.join(unknown)}.")
            names = import_names(kind, layout)
            for col, name in zip(left.columns(len(names)), names, strict=True):
                offer(
                    col,
                    name,
                    lambda n=name, k=kind, lay=layout: import_file(
                        report, k, lay, screen_changes(edits)
                    )[n],
                    name,
                    icon=":material/upload:",
                    type="primary",
                    disabled=not allowed,
                    key=state.widget_key("dl", "import", name),
                )


def _layout_choice(kind: str, target: DeltaGenerator) -> Layout:
    """The layout of `kind`'s import file: the office's own example once given, else ours.

    The example is read once per upload and kept for the session (an uploader empties when
    the page is left); "Standaardindeling" goes back to our template's columns.
    """
    layouts = state.layouts()
    sample = target.file_uploader(
        f"Importvoorbeeldbestand {FILE_LABEL[kind]} uit Mijn Kantoor (optioneel)",
        type=["xlsx", "csv"],
        key=state.widget_key("layout", kind),
        help=f"In Mijn Kantoor: CRM → {FILE_LABEL[kind]} → ⋮ → importvoorbeeldbestand "
        "downloaden. Het importbestand volgt dan precies de kolommen daarvan.",
    )
    if sample is not None and layouts.get(kind, ("", None))[0] != sample.file_id:
        try:
            layouts[kind] = (sample.file_id, sample_layout(kind, sample))
        except LoadError as err:
            layouts.pop(kind, None)
            target.error(str(err), icon=":material/error:")
    if kind in layouts and sample is None:
        target.button(
            "Standaardindeling",
            icon=":material/restart_alt:",
            help="Weer de kolommen van het lege importbestand van deze app gebruiken",
            on_click=layouts.pop,
            args=(kind, None),
            key=state.widget_key("layout_reset", kind),
        )
    return layouts[kind][1] if kind in layouts else template_layout(kind)


def report_button(report: Report) -> None:
    """The readiness report (HTML, no BSN or other cell values; names only when asked)."""
    names = st.toggle(
        "Met de namen van de rijen met een fout", key=state.widget_key("report_names")
    )
    offer(
        st,
        "Gereedheidsrapport (HTML)",
        lambda: report_html(report, names=names),
        "gereedheidsrapport.html",
        icon=":material/summarize:",
        type="primary",
        key=state.widget_key("dl", "report"),
    )


def template_buttons(catalog: Catalog | None) -> None:
    """The two empty import files with drop-downs, notes and an example sheet."""
    for col, kind in zip(st.columns(3), KINDS, strict=False):
        name = template_name(kind)
        offer(
            col,
            name,
            lambda k=kind: template_xlsx(k, catalog),
            name,
            icon=":material/note_add:",
            key=state.widget_key("dl", "template", kind),
        )


# --- the completed fix list taken back -----------------------------------------------------


def take_back_form(edits: Edits, masked: bool) -> None:
    """Upload the completed fix list; its corrections go into this session's edits."""
    with st.container(border=True):
        st.markdown("**Ingevulde fixlijst terugzetten**")
        st.caption(
            "Heeft het kantoor de gele kolom Gecorrigeerde waarde ingevuld? Zet de lijst hier "
            "terug (.xlsx of .csv). Elke correctie wordt gecontroleerd zoals dq apply dat doet: "
            "alleen in de rij met hetzelfde relatie- of contactnummer, en een correctie die nog "
            "een fout geeft, wordt niet toegepast."
        )
        st.caption(WHO_WINS)
        upload = st.file_uploader(
            "Ingevulde fixlijst",
            type=["xlsx", "csv"],
            key=state.widget_key("take_back"),
        )
        taken = state.taken_back()
        if upload is not None and (taken is None or taken.upload_id != upload.file_id):
            _take_back(edits, upload)
            st.rerun()
        if taken is not None and taken.edits is edits and upload is not None:
            taken_back_view(taken, masked)


def _take_back(edits: Edits, upload: object) -> None:
    """Apply an uploaded fix list (or keep the Dutch reason it was refused; nothing changes)."""
    before = dict(edits.report.counts)
    try:
        applied = apply_to_edits(edits, (upload.name, upload.getvalue()))
    except (LoadError, ValueError) as err:
        state.set_taken_back(state.TakenBack(upload.file_id, upload.name, None, str(err), edits))
        return
    state.edited()
    state.set_taken_back(
        state.TakenBack(
            upload.file_id,
            upload.name,
            applied.corrections,
            None,
            edits,
            before,
            dict(edits.report.counts),
        )
    )


def taken_back_view(taken: state.TakenBack, masked: bool) -> None:
    """What the uploaded fix list did: counts before and after, and every correction's result."""
    if taken.corrections is None:
        error = taken.error if taken.name in taken.error else f"{taken.name}: {taken.error}"
        st.error(error, icon=":material/block:")
        return
    corrections = taken.corrections
    if corrections.empty:
        st.warning(
            f"In {taken.name} is niets ingevuld in de kolom Gecorrigeerde waarde; er is niets "
            "gewijzigd.",
            icon=":material/info:",
        )
        return
    status = corrections["status"].value_counts()
    before, after = taken.before, taken.after
    st.success(
        f"{taken.name}: {number(len(corrections))} correctie(s), waarvan "
        f"{number(status.get(APPLIED, 0))} toegepast, {number(status.get(WARNED, 0))} met een "
        f"waarschuwing en {number(status.get(REJECTED, 0))} niet toegepast. Fouten "
        f"{number(before['error'])} → {number(after['error'])}, waarschuwingen "
        f"{number(before['warning'])} → {number(after['warning'])}.",
        icon=":material/task_alt:",
    )
    over = int(corrections["over_edit"].sum())
    if over:
        st.info(
            f"{number(over)} cel(len) waren al op Herstellen gewijzigd; daar gaat de fixlijst "
            "voor (de nieuwste stap).",
            icon=":material/info:",
        )
    st.dataframe(correction_view(corrections, taken.edits.report.masking(masked)), hide_index=True)


def correction_view(corrections: pd.DataFrame, masking: Masking) -> pd.DataFrame:
    """The corrections as the page lists them: Dutch headers, the number and the new value
    masked as `masking` says (`dq.privacy`)."""
    over = corrections["remark"].str.cat([OVER_EDIT] * len(corrections), sep=" ").str.strip()
    remark = corrections["remark"].where(~corrections["over_edit"], over)
    labels = [
        field_label(f, k) if k else ""
        for f, k in zip(corrections["file"], corrections["field"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Resultaat": corrections["status"].map(_STATUS),
            "Bestand": corrections["file"].map(FILE_LABEL).fillna(corrections["file"]),
            "Rij": corrections["row"],
            "Nummer": masking.column(corrections["key"], "relatienummer"),
            "Veld": labels,
            "Gecorrigeerde waarde": corrections["new"],
            "Toelichting": remark,
        }
    )
    return masking.table(table, corrections["field"], ["Gecorrigeerde waarde"])
