"""The one place that names `st.session_state` keys and reads or writes the analysis state.

Uploaded files, their sheet and header-row choices, the mapping overrides and the Report live
in this session only: never in `st.cache_data` or `st.cache_resource`, which every user of the
server shares. The checks run only when a file, a sheet, a header row or the mapping changes
(`analyse`); switching pages or filters reads the stored Report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd
import streamlit as st

from dq.api import load, prepare
from dq.checks.pipeline import CheckedFile, assemble, check_file
from dq.checks.report import Report
from dq.checks.sources import AUTO
from dq.edits.session import Edits
from dq.exports.importfile import Layout
from dq.io.load import LoadedTable, LoadError
from dq.privacy import Masking
from dq.spec.catalog import Catalog
from dq.spec.fields import CONTACTEN, RELATIES, fields_of
from dq.threads import each
from ui.labels import FILE_NOUN, number

KINDS = (RELATIES, CONTACTEN)
CHECK_FAILED = (
    "De controle liep vast op een onverwachte fout. Probeer het bestand opnieuw op te slaan als "
    ".xlsx of .csv; blijft het misgaan, meld het dan bij de beheerder van de app."
)
_log = logging.getLogger(__name__)

# --- session-state keys ---------------------------------------------------------------------
FILES = "dq_files"  # dict[kind, LoadedFile]: what was uploaded and how it was read
REPORT = "dq_report"  # Report | None: the result of the last analysis
RUNS = "dq_analysis_runs"  # int: how often the checks ran in this session
PRESENTATION = "dq_presentation"  # bool, the sidebar toggle: True = personal numbers masked
FOCUS = "dq_focus"  # (kind, field key) the Velden page shows
MAPPING_UPLOAD = "dq_mapping_upload"  # file id of the last mapping file applied
NOTICES = "dq_notices"  # list[str]: remarks to show once after a rerun
REMOVALS = "dq_removals"  # dict[kind, int]: files removed, part of the uploader's key
PREVIOUS = "dq_previous"  # Previous | None: the earlier version to compare with
OFFICE = "dq_office"  # str | None: the office the Voortgang page opens next (after a save)
SAVED = "dq_saved"  # (analysis run, check id): where the current check was saved, if it was
DERIVED = "dq_derived"  # (analysis run, dict): tables and figures made from the Report
CARRIED = "dq_carried"  # dict: results kept while the one column they read stays (`carried`)
READINESS_SLOT = "dq_readiness_slot"  # the sidebar's placeholder for the readiness line
EDITS = "dq_edits"  # dq.edits.session.Edits | None: cell edits and accepted warnings on REPORT
OFFICE_NAME = "dq_office_name"  # str | None: the office these files belong to (download names)
TAKEN_BACK = "dq_taken_back"  # TakenBack | None: the last completed fix list applied
CHECKED = "dq_checked"  # dict[kind, (table, choices, CheckedFile)]: each file checked alone
LAYOUTS = "dq_layouts"  # dict[kind, (upload id, Layout)]: an office's own importvoorbeeldbestand
_WIDGET = "dq_w"  # prefix of every widget key (see `widget_key`)
DERIVED_KEPT = 64
CATALOG = Catalog()  # the built-in product catalogue the app checks against
_T = TypeVar("_T")


@dataclass
class LoadedFile:
    """One uploaded file as bytes, with the user's choices and the table read from it."""

    kind: str
    name: str
    data: bytes
    upload_id: str
    sheet: str | None = None
    header_row: int | None = None  # None: the loader finds the header itself
    overrides: dict[str, str | None] = field(default_factory=dict)
    source: str = AUTO  # the package it comes from (`dq.spec.presets` key), AUTO or NONE
    table: LoadedTable | None = None
    error: str | None = None  # the loader's Dutch message when the file could not be read
    made_from: str | None = None  # the file this one was made from (not read from bytes)


@dataclass(frozen=True)
class TakenBack:
    """A completed fix list applied on the Fixlijst page: its upload and what happened to it."""

    upload_id: str
    name: str
    corrections: pd.DataFrame | None  # None: the file was refused
    error: str | None = None
    edits: Edits | None = None  # the edit session it went into (a new analysis drops it)
    before: dict[str, int] = field(default_factory=dict)  # counts per severity before
    after: dict[str, int] = field(default_factory=dict)  # and after the corrections


@dataclass(frozen=True)
class Previous:
    """The earlier version uploaded for a comparison, checked once per set of uploads."""

    upload_ids: tuple[str, ...]
    report: Report | None
    error: str | None = None


def widget_key(*parts: str) -> str:
    """A widget key under the app's prefix, e.g. widget_key('upload', 'relaties')."""
    return "_".join((_WIDGET, *parts))


def versioned_key(*parts: str) -> str:
    """A widget key that changes after every analysis, so the widget restarts from the state."""
    return widget_key(*parts, str(runs()))


def uploader_key(kind: str) -> str:
    """The uploader's key; it changes when a file is removed, so the uploader empties too."""
    return widget_key("upload", kind, str(st.session_state.get(REMOVALS, {}).get(kind, 0)))


def files() -> dict[str, LoadedFile]:
    """The uploaded files of this session, by kind."""
    return st.session_state.setdefault(FILES, {})


def masking() -> Masking:
    """What the presentation mode hides, for anything shown outside the check's tables
    (file names, headers, notes): the current check's masking, or the mode alone."""
    current = report()
    return current.masking(masked()) if current is not None else Masking(masked())


def report() -> Report | None:
    """The current check: the last analysis with the edits made on Herstellen, if any."""
    return edits().report if st.session_state.get(REPORT) is not None else None


def edits() -> Edits:
    """The edits on the current analysis (made on first use); the session keeps them."""
    current = st.session_state.get(EDITS)
    base = st.session_state.get(REPORT)
    if current is None or current.original is not base:
        current = Edits(base)
        st.session_state[EDITS] = current
    return current


def edited() -> None:
    """After an edit, undo or acceptance: tables and figures are made again from the new check."""
    st.session_state[RUNS] = runs() + 1


def runs() -> int:
    """How often the checks ran in this session (switching pages must not change it)."""
    return st.session_state.get(RUNS, 0)


def derived(compute: Callable[..., _T], *args: Hashable) -> _T:
    """`compute(report(), *args)`, made once per check and kept in this session.

    Pages draw tables and charts from the Report; with this a page switch or a filter seen
    before only reads them back, and the next analysis starts afresh. At most
    `DERIVED_KEPT` results are kept (typing a search makes a new one per letter).
    """
    run, store = st.session_state.get(DERIVED, (None, {}))
    if run != runs():
        store = {}
        st.session_state[DERIVED] = (runs(), store)
    key = (compute.__module__, compute.__qualname__, *args)
    if key not in store:
        while len(store) >= DERIVED_KEPT:
            store.pop(next(iter(store)))
        store[key] = compute(report(), *args)
    return store[key]


def carried(compute: Callable[..., _T], source: object, *args: Hashable) -> _T:
    """`compute(report(), *args)` kept while `source`, the one object it reads, is the same.

    A re-check after an edit keeps every column the edit did not touch, so what depends on
    such a column alone (the row order, by relatienummer) outlives the edit, which `derived`
    would make again.
    """
    store = st.session_state.setdefault(CARRIED, {})
    key = (compute.__module__, compute.__qualname__, *args)
    held = store.get(key)
    if held is None or held[0] is not source:
        held = store[key] = (source, compute(report(), *args))
    return held[1]


def masked() -> bool:
    """Presentation mode: on unless the user turned it off in this session."""
    return bool(st.session_state.get(PRESENTATION, True))


def focus() -> tuple[str, str] | None:
    """The field the Velden page should open with."""
    return st.session_state.get(FOCUS)


def set_focus(kind: str, key: str) -> None:
    """Remember which field to open on the Velden page."""
    st.session_state[FOCUS] = (kind, key)


def notify(text: str) -> None:
    """Keep a remark for the next run (a rerun clears what was on screen)."""
    st.session_state.setdefault(NOTICES, []).append(text)


def pop_notices() -> list[str]:
    """The remarks kept for this run; each is shown once."""
    return st.session_state.pop(NOTICES, [])


def first_sight_of_mapping(upload_id: str) -> bool:
    """True the first time a mapping file is seen: it is applied once, not on every rerun."""
    if st.session_state.get(MAPPING_UPLOAD) == upload_id:
        return False
    st.session_state[MAPPING_UPLOAD] = upload_id
    return True


def is_new_upload(kind: str, upload_id: str) -> bool:
    """Whether the uploader holds a file that was not read yet."""
    current = files().get(kind)
    return current is None or current.upload_id != upload_id


def _read(loaded: LoadedFile) -> None:
    """(Re)read the table from the stored bytes; a LoadError becomes the file's message."""
    try:
        source = (loaded.name, loaded.data)
        loaded.table = load(source, loaded.kind, sheet=loaded.sheet, header_row=loaded.header_row)
        loaded.error = None
        loaded.sheet = loaded.table.sheet
    except LoadError as err:
        loaded.table, loaded.error = None, str(err)


def add_upload(kind: str, name: str, data: bytes, upload_id: str) -> None:
    """Store and read a new file for `kind`; earlier choices for that kind are dropped."""
    loaded = LoadedFile(kind, name, data, upload_id)
    _read(loaded)
    files()[kind] = loaded


def swap() -> None:
    """Put the Relaties file in the Contacten slot and the other way round (a file dropped
    in the wrong place); each is read anew as its new kind, earlier choices dropped."""
    moved = {}
    for kind, other in ((RELATIES, CONTACTEN), (CONTACTEN, RELATIES)):
        loaded = files().get(kind)
        if loaded is not None:
            moved[other] = LoadedFile(
                other, loaded.name, loaded.data, loaded.upload_id, loaded.sheet
            )
            _read(moved[other])
    for kind in KINDS:
        remove(kind)  # the uploaders still hold the files in their old places
    files().update(moved)


def use_sheet_as_contacten(sheet: str) -> None:
    """Read another sheet of the Relaties workbook as the Contacten file."""
    relaties = files()[RELATIES]
    loaded = LoadedFile(CONTACTEN, relaties.name, relaties.data, f"{relaties.upload_id}#{sheet}")
    loaded.sheet = sheet
    _read(loaded)
    files()[CONTACTEN] = loaded


def make_contacten(table: LoadedTable) -> None:
    """Use a Contacten table made from the Relaties file (`dq.checks.filekind`)."""
    relaties = files()[RELATIES]
    made = LoadedFile(CONTACTEN, table.filename, b"", f"{relaties.upload_id}:contacten")
    made.table, made.made_from = table, relaties.name
    files()[CONTACTEN] = made


def choose_sheet(kind: str, sheet: str) -> None:
    """Read another sheet of the stored workbook; its header is found anew."""
    loaded = files()[kind]
    loaded.sheet, loaded.header_row = sheet, None
    _read(loaded)


def choose_header_row(kind: str, row: int) -> None:
    """Read the stored file again with the header on this (1-based) row."""
    loaded = files()[kind]
    loaded.header_row = row
    _read(loaded)


def remove(kind: str) -> None:
    """Forget a file, and empty its uploader."""
    files().pop(kind, None)
    removals = st.session_state.setdefault(REMOVALS, {})
    removals[kind] = removals.get(kind, 0) + 1


def set_overrides(kind: str, changes: Mapping[str, str | None]) -> None:
    """Record explicit mapping choices (None = this field has no column).

    The latest choice goes last, so it wins when two fields claim the same column.
    """
    overrides = files()[kind].overrides
    for key, column in changes.items():
        overrides.pop(key, None)
        overrides[key] = column


def set_source(kind: str, source: str) -> None:
    """The package a file comes from, chosen by hand (AUTO: recognise it from the headers)."""
    files()[kind].source = source


def usable_overrides(loaded: LoadedFile) -> dict[str, str | None]:
    """Overrides that still fit the table (a new header row can remove a chosen column)."""
    columns = set(loaded.table.columns) if loaded.table is not None else set()
    return {f: c for f, c in loaded.overrides.items() if c is None or c in columns}


def apply_mapping_document(document: Mapping[str, Mapping[str, str | None]]) -> list[str]:
    """Take a saved mapping (already shape-checked by `dq.checks.mapping.parse_mapping`).

    Choices that do not fit the loaded files are skipped; the Dutch remarks say which.
    """
    notes = []
    for kind, pairs in document.items():
        loaded = files().get(kind)
        if loaded is None or loaded.table is None:
            notes.append(f"Er is geen {FILE_NOUN[kind]} geladen; die koppeling is overgeslagen.")
            continue
        known = {f.key for f in fields_of(kind)}
        noun = FILE_NOUN[kind]
        choices = {}
        for key, column in pairs.items():
            if key not in known:
                notes.append(f"Onbekend veld '{key}' in de koppeling van het {noun}: overgeslagen.")
            elif column is not None and column not in loaded.table.columns:
                notes.append(f"De kolom '{column}' staat niet in het {noun}; overgeslagen.")
            else:
                choices[key] = column
        loaded.overrides = choices
    return notes


def analyse() -> None:
    """Run the checks on every readable file with its mapping and keep the Report.

    An unexpected failure leaves no Report and a Dutch notice; the log gets the error's type
    only, never a value from the upload.
    """
    tables = {k: f.table for k, f in files().items() if f.table is not None}
    kept = st.session_state.setdefault(CHECKED, {})
    for kind in set(kept) - set(tables):  # a removed or unreadable file's check goes too
        del kept[kind]
    result = None
    if tables:
        try:
            result = assemble(_checked_files(list(tables)), CATALOG)
        except Exception as err:  # the app must keep working whatever a file contains
            _log.warning("the checks failed with %s", type(err).__name__)
            notify(CHECK_FAILED)
    _carry_over(st.session_state.get(EDITS), result)
    st.session_state[REPORT] = result
    st.session_state[RUNS] = runs() + 1


def _checked_files(kinds: list[str]) -> dict[str, CheckedFile]:
    """Each file checked on its own, side by side; a file whose table, mapping choices and
    source are those of the analysis before keeps its check, so the second upload of a pair
    checks only itself (a 100k Relaties file took 0.5-0.7 s)."""
    kept = st.session_state.setdefault(CHECKED, {})
    loaded = {kind: files()[kind] for kind in kinds}
    choices = {kind: (tuple(usable_overrides(f).items()), f.source) for kind, f in loaded.items()}
    same = {
        kind
        for kind in kinds
        if kind in kept and kept[kind][0] is loaded[kind].table and kept[kind][1] == choices[kind]
    }

    def check_alone(kind: str) -> CheckedFile:  # in a worker thread: no session state here
        overrides, source = dict(choices[kind][0]), choices[kind][1]
        table, mapping = prepare(loaded[kind].table, kind, overrides, source, CATALOG)
        return check_file(kind, table, mapping, CATALOG)

    todo = [kind for kind in kinds if kind not in same]
    for kind, checked in zip(todo, each(check_alone, todo), strict=True):
        kept[kind] = (loaded[kind].table, choices[kind], checked)
    return {kind: kept[kind][2] for kind in kinds}


def _carry_over(before: Edits | None, result: Report | None) -> None:
    """A new analysis starts without cell edits; accepted warnings that still match carry over."""
    st.session_state.pop(EDITS, None)
    if before is None or result is None:
        return
    if before.pending:
        notify(
            f"{number(before.pending)} wijziging(en) van de pagina Herstellen zijn vervallen, "
            "omdat de bestanden of de koppeling veranderden."
        )
    if len(before.acceptances):
        after = Edits(result)
        after.apply_acceptances(before.acceptances)
        st.session_state[EDITS] = after


def previous() -> Previous | None:
    """The earlier version uploaded on the Voortgang page, with its check."""
    return st.session_state.get(PREVIOUS)


def set_previous(previous: Previous) -> None:
    """Keep the earlier version's check, so page switches do not check it again."""
    st.session_state[PREVIOUS] = previous


def open_office(name: str | None) -> None:
    """Open this office on the Voortgang page at the next run (None: the first office)."""
    st.session_state[OFFICE] = name


def office_key(names: list[str]) -> str:
    """The key of the Voortgang page's office picker, holding the office chosen by a save."""
    key = widget_key("office")
    if OFFICE in st.session_state:
        st.session_state[key] = st.session_state.pop(OFFICE)
    if st.session_state.get(key) not in names:
        st.session_state.pop(key, None)
    return key


def mark_saved(check_id: int) -> None:
    """Remember that the current check is saved under this id."""
    st.session_state[SAVED] = (runs(), check_id)


def saved_check() -> int | None:
    """The history id of the current check, if it was saved (not worth comparing with)."""
    run, check_id = st.session_state.get(SAVED, (None, None))
    return check_id if run == runs() else None


def office_name() -> str | None:
    """The office the current files belong to, once the user named it (saved or carried over)."""
    return st.session_state.get(OFFICE_NAME)


def set_office_name(name: str) -> None:
    """Remember the office's name for this session: download names carry it."""
    st.session_state[OFFICE_NAME] = name


def taken_back() -> TakenBack | None:
    """The last completed fix list applied on the Fixlijst page, if it belongs to this session."""
    return st.session_state.get(TAKEN_BACK)


def set_taken_back(result: TakenBack) -> None:
    """Keep what happened to an uploaded fix list, to show it after the rerun."""
    st.session_state[TAKEN_BACK] = result


def layouts() -> dict[str, tuple[str, Layout]]:
    """The import layouts from an office's own importvoorbeeldbestand, by kind, with the id of
    the upload they were read from (read once per upload, kept for the session)."""
    return st.session_state.setdefault(LAYOUTS, {})
