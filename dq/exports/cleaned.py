"""The uploaded files with every certain repair applied, in their own layout, plus what changed.

Only repairs whose suggestion is certain (`dq.checks.codes.is_certain`: surrounding spaces, the
standard notation, Excel's `.0`, a lost leading zero) are applied; anything that needs a
person stays in the fix list. Every loaded row and column is kept, in its order, and every
other cell is written exactly as it was read. An Excel (or OpenDocument) upload gives an
xlsx file with the data sheet and a *Wijzigingen* sheet; a CSV upload gives a CSV with the
same delimiter (UTF-8 with BOM) and a separate `..._wijzigingen.csv`.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

from dq.checks.columns import join_groups
from dq.checks.report import Report
from dq.edits.session import BATCH, EDIT, FIXLIST, SUGGESTED, Edits
from dq.exports.safe import csv_series
from dq.exports.sheets import csv_bytes, fit_widths, table_sheet
from dq.exports.xlsx import Workbook
from dq.spec.catalog import split_list
from dq.spec.fields import BY_KEY, KEY_FIELD

CHANGES = ["pos", "row", "key", "field", "column", "old", "new", "reason", "source"]
CHANGES_NL = {
    "row": "Rij in origineel",
    "out_row": "Rij in dit bestand",
    "key": "Relatie- of contactnummer",
    "column": "Kolom",
    "label": "Veld",
    "old": "Oud",
    "new": "Nieuw",
    "reason": "Reden",
    "source": "Bron",
}
CHANGES_SHEET = "Wijzigingen"
FROM_FIXLIST = "Correctie uit de ingevulde fixlijst."
#: The reason the Wijzigingen list gives for a change made in the app, by source.
FROM_SCREEN = {
    EDIT: "Gewijzigd op het scherm (Herstellen).",
    BATCH: "Alles tegelijk aangepast (Herstellen).",
    SUGGESTED: "Voorgestelde waarde overgenomen (Herstellen).",
    FIXLIST: FROM_FIXLIST,
}
REPAIR, QUOTE = "zekere reparatie", "csv-beveiliging"
#: The Bron column of Wijzigingen: where each change came from.
SOURCE_NL = {
    REPAIR: "Zekere reparatie",
    FIXLIST: "Fixlijst",
    EDIT: "Bewerking (Herstellen)",
    BATCH: "Alles tegelijk (Herstellen)",
    SUGGESTED: "Voorgestelde waarden (Herstellen)",
    QUOTE: "CSV-beveiliging",
}
QUOTED = (
    "Begint met =, +, - of @: een apostrof ervoor voorkomt dat een spreadsheet de cel als "
    "formule uitvoert."
)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def empty_changes() -> pd.DataFrame:
    """A change table without rows."""
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c in ("pos", "row") else "str") for c in CHANGES}
    )


def repairs(report: Report, kind: str) -> pd.DataFrame:
    """The certain repairs of one file: one row per changed cell (pos, row, key, field, ...)."""
    result = report.files[kind]
    parts = []
    for field_key, group in report.repair_issues(kind).groupby("field", sort=False):
        column = result.mapping.column(field_key)
        if column is None:
            continue
        cells = result.table.frame[column]
        if BY_KEY[(kind, field_key)].listed:
            new = _replace_items(cells, group)
        else:
            first = group.drop_duplicates("pos")
            new = pd.Series(first["suggestion"].to_numpy(), index=first["pos"].to_numpy())
        reasons = group.drop_duplicates("pos").set_index("pos")["message"]
        parts.append(
            pd.DataFrame(
                {
                    "pos": new.index.to_numpy(dtype="int64"),
                    "field": field_key,
                    "column": column,
                    "old": cells.iloc[new.index].to_numpy(),
                    "new": new.to_numpy(),
                    "reason": reasons.reindex(new.index).to_numpy(),
                    "source": REPAIR,
                }
            )
        )
    if not parts:
        return empty_changes()
    changes = pd.concat(parts, ignore_index=True)
    changes = changes[changes["old"] != changes["new"]]
    return _locate(report, kind, changes)


def _replace_items(cells: pd.Series, group: pd.DataFrame) -> pd.Series:
    """Cells of a listed field with each repaired item replaced (`BTW; IB` -> `Aangifte BTW, …`)."""
    positions = pd.unique(group["pos"])
    items = split_list(cells.iloc[positions].str.strip())
    exploded = pd.DataFrame({"pos": items.index.to_numpy(dtype="int64"), "item": items.to_numpy()})
    fixes = group[["pos", "value", "suggestion"]].drop_duplicates(["pos", "value"])
    merged = exploded.merge(fixes, left_on=["pos", "item"], right_on=["pos", "value"], how="left")
    new = merged["suggestion"].fillna(merged["item"])
    return join_groups(pd.Series(new.to_numpy(), index=merged["pos"].to_numpy(), dtype="str"))


def _locate(report: Report, kind: str, changes: pd.DataFrame) -> pd.DataFrame:
    """Add the Excel row and the relatie- or contactnummer of each changed cell."""
    result = report.files[kind]
    pos = changes["pos"].to_numpy(dtype="int64")
    keys = result.outcomes[KEY_FIELD[kind]].raw.str.strip()
    changes = changes.assign(row=result.table.excel_rows[pos], key=keys.iloc[pos].to_numpy())
    return changes[CHANGES].sort_values(["pos", "column"], kind="stable").reset_index(drop=True)


def screen_changes(edits: Edits) -> pd.DataFrame:
    """The cells changed on screen, as `prior` changes for `cleaned_files` (with `file`)."""
    changes = edits.changes()
    return changes.assign(reason=changes["source"].map(FROM_SCREEN))[["file", *CHANGES]]


def cleaned_table(
    report: Report, kind: str, prior: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The repaired frame of one file and every change, `prior` changes (from a fix list) first."""
    frame = report.files[kind].table.frame.copy()
    changes = repairs(report, kind)
    for column, group in changes.groupby("column", sort=False):
        frame.iloc[group["pos"].to_numpy(), frame.columns.get_loc(column)] = group["new"].to_numpy()
    if prior is not None and len(prior):
        changes = pd.concat([prior[CHANGES], changes], ignore_index=True)
    return frame, changes


def _quoted(report: Report, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The cells `csv_bytes` will quote (formula-like), as changes for the Wijzigingen list."""
    safe = frame.apply(csv_series)
    parts = []
    for column in frame.columns:
        changed = safe[column].ne(frame[column]).to_numpy()
        if changed.any():
            parts.append(
                pd.DataFrame(
                    {
                        "pos": frame.index[changed].to_numpy(dtype="int64"),
                        "field": _field_of(report, kind, column),
                        "column": column,
                        "old": frame[column][changed].to_numpy(),
                        "new": safe[column][changed].to_numpy(),
                        "reason": QUOTED,
                        "source": QUOTE,
                    }
                )
            )
    if not parts:
        return empty_changes()
    return _locate(report, kind, pd.concat(parts, ignore_index=True))


def _field_of(report: Report, kind: str, column: str) -> str:
    by_column = {header: key for key, header in report.files[kind].mapping.columns.items()}
    return by_column.get(column, "")


def changes_nl(kind: str, changes: pd.DataFrame) -> pd.DataFrame:
    """The change table with Dutch headers, as the Wijzigingen sheet shows it."""
    labels = [BY_KEY[(kind, k)].label if (kind, k) in BY_KEY else "" for k in changes["field"]]
    table = changes.assign(
        out_row=changes["pos"] + 2, label=labels, source=changes["source"].map(SOURCE_NL)
    )
    return table[list(CHANGES_NL)].rename(columns=CHANGES_NL)


def cleaned_xlsx(report: Report, kind: str, prior: pd.DataFrame | None = None) -> bytes:
    """One repaired file as xlsx: the data sheet (header on row 1) and a Wijzigingen sheet."""
    table = report.files[kind].table
    frame, changes = cleaned_table(report, kind, prior)
    book = Workbook()
    title = _SHEET_NAME_FORBIDDEN.sub("", table.sheet or "")[:31].strip("'")
    if not title or title.casefold() == CHANGES_SHEET.casefold():
        title = kind.capitalize()
    table_sheet(book, title, list(frame.columns), fit_widths(frame)).append_frame(frame)
    listed = changes_nl(kind, changes)
    table_sheet(book, CHANGES_SHEET, list(listed.columns), fit_widths(listed)).append_frame(listed)
    return book.finish()


def cleaned_csv(
    report: Report, kind: str, prior: pd.DataFrame | None = None
) -> tuple[bytes, bytes]:
    """One repaired CSV file (same delimiter, UTF-8 with BOM) and its list of changes as CSV."""
    table = report.files[kind].table
    frame, changes = cleaned_table(report, kind, prior)
    quoted = _quoted(report, kind, frame)
    changes = pd.concat([changes, quoted], ignore_index=True) if len(quoted) else changes
    listed = changes_nl(kind, changes)
    return (
        csv_bytes(frame, table.delimiter),
        csv_bytes(listed),
    )


def _stem(report: Report, kind: str) -> str:
    """The name the cleaned files of `kind` start with: the upload's, or with the kind in front
    when both uploads have the same name."""
    stems = {k: PurePath(r.table.filename).stem for k, r in report.files.items()}
    clash = len(set(stems.values())) < len(stems)
    return f"{kind}_{stems[kind]}" if clash else stems[kind]


def cleaned_names(report: Report, kind: str) -> list[str]:
    """The download names of one file's cleaned output (xlsx: one file; CSV: data and changes)."""
    stem = _stem(report, kind)
    if report.files[kind].table.delimiter is None:
        return [f"{stem}_opgeschoond.xlsx"]
    return [f"{stem}_opgeschoond.csv", f"{stem}_wijzigingen.csv"]


def cleaned_file(report: Report, kind: str, prior: pd.DataFrame | None = None) -> dict[str, bytes]:
    """One file's cleaned output by its download name (see `cleaned_names`)."""
    mine = prior[prior["file"] == kind] if prior is not None else None
    names = cleaned_names(report, kind)
    if report.files[kind].table.delimiter is None:
        return {names[0]: cleaned_xlsx(report, kind, mine)}
    return dict(zip(names, cleaned_csv(report, kind, mine), strict=True))


def cleaned_files(report: Report, prior: pd.DataFrame | None = None) -> dict[str, bytes]:
    """Every repaired file by its download name: `relaties_opgeschoond.xlsx`, ...

    `prior` holds changes made before the repairs (corrections from a fix list, edits on
    screen), with a `file` column; the same format family as each upload (xlsx for any workbook).
    """
    files: dict[str, bytes] = {}
    for kind in report.files:
        files.update(cleaned_file(report, kind, prior))
    return files
