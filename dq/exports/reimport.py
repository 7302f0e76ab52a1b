"""Read back a completed fix list: apply the office's corrections, check them, keep the good ones.

A correction is matched to the original by file, Excel row and field, and only applied when
that row still has the relatie- or contactnummer the fix list names (a re-sorted or edited
file must not receive a value meant for another relatie). The corrected files are checked
again; a correction whose cell still has an error is left out and reported, and the rest
goes into a new cleaned file together with the certain repairs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dq.checks.pipeline import analyse
from dq.checks.report import Report
from dq.edits.cells import new_cell
from dq.edits.session import FIXLIST, Edits
from dq.exports.cleaned import CHANGES, FROM_FIXLIST, cleaned_files
from dq.exports.fixlist import CODE, CORRECTED, CURRENT, FIELD, FILE, KEY, ROW
from dq.exports.safe import restore_csv_text
from dq.io.load import LoadError, Source, list_sheets, read_table, source_bytes
from dq.spec.fields import BY_KEY, ERROR, KEY_FIELD, WARNING

APPLIED, WARNED, REJECTED = "toegepast", "toegepast met waarschuwing", "niet toegepast"
CORRECTIONS = ["file", "row", "key", "field", "current", "new", "code"]
_NEEDED = (FILE, ROW, KEY, FIELD, CURRENT, CORRECTED)


@dataclass
class Applied:
    """The outcome of re-importing a fix list.

    `corrections` has one row per filled-in cell with its `status` and a Dutch `remark`;
    `changes` the accepted ones in the cleaned file's change format; `report` is the check of
    the files with those corrections (the state the new cleaned file starts from).
    """

    report: Report
    corrections: pd.DataFrame
    changes: pd.DataFrame

    def cleaned_files(self) -> dict[str, bytes]:
        """The new cleaned files: accepted corrections plus the certain repairs."""
        return cleaned_files(self.report, self.changes)


def read_fixlist(source: Source) -> pd.DataFrame:
    """Every filled-in *Gecorrigeerde waarde* of a fix list (xlsx: all its issue sheets; csv).

    Raises LoadError (Dutch) when the file is not a fix list.
    """
    rows = _fixlist_rows(source)
    return rows[rows["new"].ne("")].drop_duplicates(ignore_index=True)


def _fixlist_rows(source: Source) -> pd.DataFrame:
    """Every row of a fix list's issue sheets, filled in or not (in CORRECTIONS' columns)."""
    name, data = source_bytes(source)
    sheets = list_sheets(data, name)
    parts = []
    for sheet in sheets or [None]:
        table = read_table(data, name, sheet=sheet, header_row=1)
        if not set(_NEEDED) <= set(table.columns):
            continue
        part = table.frame if sheets else table.frame.map(restore_csv_text)
        files = part[FILE].str.strip().str.lower()
        parts.append(
            pd.DataFrame(
                {
                    "file": files,
                    "row": part[ROW].str.strip(),
                    "key": part[KEY].str.strip(),
                    "field": _field_keys(files, part[FIELD]),
                    "current": part[CURRENT],
                    "new": part[CORRECTED].str.strip(),
                    "code": part.get(CODE, ""),
                }
            )
        )
    if not parts:
        raise LoadError(
            f"{name} is geen fixlijst: er is geen blad met de kolom '{CORRECTED}'. "
            "Gebruik de fixlijst die deze controle heeft gemaakt."
        )
    return pd.concat(parts, ignore_index=True)


def require_same_files(report: Report, rows: pd.DataFrame) -> None:
    """Refuse a fix list made for other files: most of its rows name another number.

    A correction is matched by Excel row and checked against the row's relatie- or
    contactnummer; when fewer than half of the fix list's rows carry the number the files
    have at that row, the list belongs to other files (or to a re-sorted version), and
    applying even the few that happen to match would be guesswork. Raises LoadError (Dutch).
    """
    matched = checked = 0
    for kind, part in rows[rows["key"].ne("")].groupby("file", sort=False):
        result = report.files.get(kind)
        if result is None:
            continue
        excel_rows = result.table.excel_rows
        numbers = pd.to_numeric(part["row"], errors="coerce").fillna(-1).to_numpy(dtype="int64")
        pos = np.searchsorted(excel_rows, numbers).clip(0, max(len(excel_rows) - 1, 0))
        keys = result.outcomes[KEY_FIELD[kind]].raw.str.strip().to_numpy()
        found = (excel_rows[pos] == numbers) if len(excel_rows) else np.zeros(len(part), bool)
        same = found & (keys[pos] == part["key"].to_numpy()) if len(keys) else found
        matched += int(same.sum())
        checked += len(part)
    if checked and matched * 2 < checked:
        raise LoadError(
            f"Deze fixlijst hoort bij andere bestanden: bij {checked - matched} van de {checked} "
            "rijen staat in de geladen bestanden een ander relatie- of contactnummer. Gebruik de "
            "fixlijst die bij deze bestanden is gemaakt. Er is niets gewijzigd."
        )


def _field_keys(files: pd.Series, labels: pd.Series) -> list[str]:
    """Field keys for the Dutch labels of the Veld column (labels are unique within a file)."""
    by_label = {(file, f.label.casefold()): key for (file, key), f in BY_KEY.items()}
    return [
        by_label.get((file, label.strip().casefold()), "")
        for file, label in zip(files, labels, strict=True)
    ]


def apply_fixlist(report: Report, fixlist: Source) -> Applied:
    """Apply a completed fix list to the files `report` checked, and check the result.

    Raises LoadError (Dutch) when the file is not a fix list or was made for other files.
    """
    rows = _fixlist_rows(fixlist)
    require_same_files(report, rows)
    corrections = rows[rows["new"].ne("")].drop_duplicates(ignore_index=True)
    corrections["status"], corrections["remark"] = REJECTED, ""
    corrections["pos"] = -1
    _match(report, corrections)
    usable = corrections["remark"].eq("")
    checked = _checked(report, corrections[usable])
    issues = checked.issues  # sorted: the error of a cell comes before its warnings
    problems = issues[issues["severity"].isin((ERROR, WARNING))].drop_duplicates(
        ["file", "pos", "field"]
    )
    found = {(p.file, p.pos, p.field): (p.severity, p.message) for p in problems.itertuples()}
    for i in corrections.index[usable]:
        cell = tuple(corrections.loc[i, ["file", "pos", "field"]])
        severity, message = found.get(cell, (None, ""))
        corrections.at[i, "status"] = {ERROR: REJECTED, WARNING: WARNED}.get(severity, APPLIED)
        corrections.at[i, "remark"] = message
    accepted = corrections[corrections["status"] != REJECTED]
    final = checked if len(accepted) == usable.sum() else _checked(report, accepted)
    return Applied(final, corrections.drop(columns="pos"), _changes(report, accepted))


def _match(report: Report, corrections: pd.DataFrame) -> None:
    """Find each correction's row position and say why a correction cannot be applied."""
    for i, c in corrections.iterrows():
        result = report.files.get(c["file"])
        where = f"{str(c['file']).capitalize()} rij {c['row']}"
        if str(c["code"]).startswith("bestand."):
            remark = "Een kolomprobleem lost u op in het bestand zelf, niet via de fixlijst."
        elif result is None:
            remark = f"{where}: dit bestand is niet meegegeven."
        elif not c["field"]:
            remark = f"{where}: onbekend veld in de kolom {FIELD}."
        elif result.mapping.column(c["field"]) is None:
            remark = f"{where}: het bestand heeft geen kolom voor dit veld; voeg die eerst toe."
        else:
            pos = _position(result.table.excel_rows, c["row"])
            if pos is None:
                remark = f"{where} bestaat niet in het bestand."
            elif c["key"] not in (key := _row_key(report, c["file"], pos)):
                remark = (
                    f"{where} hoort nu bij nummer '{key[-1]}', niet bij "
                    f"'{c['key']}': is het bestand veranderd? De correctie is niet toegepast."
                )
            else:
                corrections.at[i, "pos"] = pos
                continue
        corrections.at[i, "remark"] = remark
    cells = corrections[corrections["remark"].eq("")].groupby(["file", "pos", "field"])["new"]
    conflict = cells.transform("nunique").gt(1)
    corrections.loc[conflict[conflict].index, "remark"] = (
        "Verschillende correcties voor dezelfde cel; kies er één."
    )


def _row_key(report: Report, file: str, pos: int) -> tuple[str, str]:
    """The row's relatie- or contactnummer, in full and as a masked fix list shows it (a
    number that equals a BSN or RSIN is masked there, and still matches its row)."""
    key = report.files[file].outcomes[KEY_FIELD[file]].raw.iloc[[pos]].str.strip()
    return key.iloc[0], report.masking(True).column(key, KEY_FIELD[file]).iloc[0]


def _position(excel_rows: np.ndarray, row: str) -> int | None:
    """0-based position of an Excel row number given as text, None when no such data row."""
    if not row.isdigit():
        return None
    pos = int(np.searchsorted(excel_rows, int(row)))
    return pos if pos < len(excel_rows) and excel_rows[pos] == int(row) else None


def _corrected_cells(report: Report, corrections: pd.DataFrame) -> pd.DataFrame:
    """Per correction: file, pos, field, column, old cell and new cell."""
    rows = []
    for c in corrections.itertuples():
        result = report.files[c.file]
        column = result.mapping.column(c.field)
        old = result.table.frame[column].iloc[c.pos]
        new = new_cell(old, c.current, c.new, BY_KEY[(c.file, c.field)].listed)
        rows.append((c.file, c.pos, c.row, c.key, c.field, column, old, new))
    return pd.DataFrame(
        rows, columns=["file", "pos", "row", "key", "field", "column", "old", "new"]
    )


def _checked(report: Report, corrections: pd.DataFrame) -> Report:
    """The check of the files with the corrections written into them."""
    cells = _corrected_cells(report, corrections)
    tables = {}
    for kind, result in report.files.items():
        frame = result.table.frame.copy()
        for c in cells[cells["file"] == kind].itertuples():
            frame.iat[c.pos, frame.columns.get_loc(c.column)] = c.new
        tables[kind] = replace(result.table, frame=frame)
    mappings = {kind: result.mapping for kind, result in report.files.items()}
    return analyse(tables, mappings, report.catalog)


def _changes(report: Report, accepted: pd.DataFrame) -> pd.DataFrame:
    """The accepted corrections as changes for the cleaned file's Wijzigingen list."""
    cells = _corrected_cells(report, accepted)
    cells = cells[cells["old"] != cells["new"]]
    changes = cells.assign(row=cells["row"].astype("int64"), reason=FROM_FIXLIST, source=FIXLIST)
    return changes[["file", *CHANGES]].reset_index(drop=True)


def apply_to_edits(edits: Edits, fixlist: Source) -> Applied:
    """Apply a completed fix list on top of the edits made on screen, as one undoable step.

    The corrections are matched and checked exactly as `apply_fixlist` does, against the
    files as they stand after the edits; the accepted ones become one step of `edits`
    (source FIXLIST). The fix list is the newer word: a cell edited on screen and corrected
    in the list gets the list's value (`corrections["over_edit"]` marks those), and an edit
    made afterwards wins again. Nothing changes when the file is refused (LoadError).
    """
    applied = apply_fixlist(edits.report, fixlist)
    corrections = applied.corrections
    edited = edits.changes()[["file", "row", "field"]].astype({"row": "str"})
    marked = corrections.merge(edited, on=["file", "row", "field"], how="left", indicator=True)
    corrections["over_edit"] = (
        marked["_merge"].eq("both").to_numpy() & corrections["status"].ne(REJECTED).to_numpy()
    )
    cells = applied.changes
    if len(cells):
        edits.edit_many(
            zip(cells["file"], cells["pos"], cells["field"], cells["new"], strict=True),
            f"Fixlijst: {len(cells)} correctie(s) overgenomen",
            FIXLIST,
        )
    return replace(applied, report=edits.report, corrections=corrections)
