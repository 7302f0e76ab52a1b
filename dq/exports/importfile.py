"""The import files in Mijn Kantoor's layout: the checked data under the import's own headers.

The cleaned file (`dq.exports.cleaned`) keeps the office's layout; Mijn Kantoor imports its
own. This module writes each checked file in that layout: exactly the columns, order and
header labels of our empty import file (`dq.exports.template`, from the field declarations),
or of the *importvoorbeeldbestand* an office downloaded from its own Mijn Kantoor, whose
headers are mapped like any upload. Every cell holds the cleaned value (certain repairs plus
the accepted corrections and edits); identifiers stay text. Columns of the office's file that
have no place in the import are left out, and columns of the layout we cannot fill stay
empty; the *Uitleg* sheet names both, and lists the warnings the office accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from dq.checks.mapping import auto_map, header_score
from dq.checks.report import Report
from dq.exports.cleaned import CHANGES_SHEET, changes_nl, cleaned_table
from dq.exports.fixlist import FILE, accepted_list, accepted_note
from dq.exports.sheets import BOLD, HEADER, TITLE, WRAP, csv_bytes, fit_widths, table_sheet
from dq.exports.xlsx import Cell, Workbook
from dq.io.load import LoadError, Source, read_table, source_bytes
from dq.spec.fields import BY_KEY, ERROR, fields_of

HELP_SHEET = "Uitleg"
EXPLAIN = ["Kolom", "In het importbestand", "Toelichting"]
FILLED, EMPTY, LEFT_OUT = "gevuld", "leeg", "weggelaten"
TEMPLATE_SOURCE = "het lege importbestand van deze app (dq template)"


@dataclass(frozen=True)
class Layout:
    """The columns of an import file: header labels in order, each with the field it holds.

    `fields[i]` is None for a header that matches none of our fields (it stays empty).
    `delimiter` is set when the layout came from a CSV file: the import file is then CSV too.
    """

    kind: str
    labels: tuple[str, ...]
    fields: tuple[str | None, ...]
    source: str
    sheet: str | None = None
    delimiter: str | None = None


def template_layout(kind: str) -> Layout:
    """Our own import layout: the template's columns (every field of `kind`, in order)."""
    fields = fields_of(kind)
    labels = tuple(f.label for f in fields)
    return Layout(kind, labels, tuple(f.key for f in fields), TEMPLATE_SOURCE)


def sample_layout(kind: str, source: Source) -> Layout:
    """The layout of an office's empty *importvoorbeeldbestand* (xlsx or csv with headers).

    Its headers are mapped to our fields like any upload's. Raises LoadError (Dutch) when
    the file cannot be read or none of its headers names a field of `kind`.
    """
    name, data = source_bytes(source)
    table = read_table(data, name, header_score=header_score(kind))
    by_column = {column: key for key, column in auto_map(table.columns, kind).columns.items()}
    if not by_column:
        noun = "relaties" if kind == "relaties" else "contacten"
        raise LoadError(
            f"{name} lijkt geen importvoorbeeldbestand voor {noun}: geen van de kolomkoppen "
            "hoort bij een veld. Download het lege bestand opnieuw uit Mijn Kantoor."
        )
    return Layout(
        kind,
        tuple(table.columns),
        tuple(by_column.get(column) for column in table.columns),
        f"uw importvoorbeeldbestand {name}",
        table.sheet,
        table.delimiter,
    )


def import_names(kind: str, layout: Layout | None = None) -> list[str]:
    """The download names of one import file (CSV layout: data and its explanation)."""
    if layout is not None and layout.delimiter is not None:
        return [f"{kind}_importbestand.csv", f"{kind}_importbestand_uitleg.csv"]
    return [f"{kind}_importbestand.xlsx"]


def import_table(
    report: Report, kind: str, layout: Layout | None = None, prior: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The import file's data, the explanation table (EXPLAIN) and the changes behind it."""
    layout = layout or template_layout(kind)
    result = report.files[kind]
    cleaned, changes = cleaned_table(report, kind, prior)
    empty = pd.Series("", index=cleaned.index, dtype="str")
    data, explain = {}, []
    for label, key in zip(layout.labels, layout.fields, strict=True):
        column = result.mapping.column(key) if key else None
        data[label] = cleaned[column] if column is not None else empty
        explain.append((label, *_explained(kind, key, column)))
    placed = {key for key in layout.fields if key}
    for key, column in result.mapping.columns.items():
        if key not in placed:
            reason = f"Het veld {BY_KEY[(kind, key)].label} heeft geen kolom in {layout.source}."
            explain.append((column, LEFT_OUT, reason))
    for column in result.mapping.unmapped:
        explain.append((column, LEFT_OUT, "Hoort bij geen veld dat Mijn Kantoor importeert."))
    frame = pd.DataFrame(data, index=cleaned.index)
    return frame.reset_index(drop=True), pd.DataFrame(explain, columns=EXPLAIN), changes


def _explained(kind: str, key: str | None, column: str | None) -> tuple[str, str]:
    """How a layout column is filled: from which column of the office's file, or why not."""
    if key is None:
        return EMPTY, "Deze kolom hoort bij geen veld dat de controle kent; vul hem zo nodig zelf."
    label = BY_KEY[(kind, key)].label
    if column is None:
        return EMPTY, f"Uw bestand heeft geen kolom voor {label}."
    return FILLED, f"Uit uw kolom '{column}' ({label})."


def import_file(
    report: Report, kind: str, layout: Layout | None = None, prior: pd.DataFrame | None = None
) -> dict[str, bytes]:
    """One import file by its download name: xlsx with Uitleg and Wijzigingen, or CSV pair."""
    layout = layout or template_layout(kind)
    mine = prior[prior["file"] == kind] if prior is not None else None
    frame, explain, changes = import_table(report, kind, layout, mine)
    names = import_names(kind, layout)
    if layout.delimiter is not None:
        data = (csv_bytes(frame, layout.delimiter), csv_bytes(explain))
        return dict(zip(names, data, strict=True))
    book = Workbook()
    title = layout.sheet or kind.capitalize()
    if title.casefold() in (HELP_SHEET.casefold(), CHANGES_SHEET.casefold()):
        title = kind.capitalize()
    table_sheet(book, title, list(frame.columns), fit_widths(frame)).append_frame(frame)
    _help(book, report, kind, layout, explain, changes)
    listed = changes_nl(kind, changes)
    table_sheet(book, CHANGES_SHEET, list(listed.columns), fit_widths(listed)).append_frame(listed)
    return {names[0]: book.finish()}


def import_files(
    report: Report,
    prior: pd.DataFrame | None = None,
    layouts: dict[str, Layout] | None = None,
) -> dict[str, bytes]:
    """The import file of every checked file, each in its layout (default: our template's)."""
    files: dict[str, bytes] = {}
    for kind in report.files:
        files.update(import_file(report, kind, (layouts or {}).get(kind), prior))
    return files


def _help(
    book: Workbook,
    report: Report,
    kind: str,
    layout: Layout,
    explain: pd.DataFrame,
    changes: pd.DataFrame,
) -> None:
    """The Uitleg sheet: where the file comes from, what is still wrong, column by column."""
    result = report.files[kind]
    errors = int(report.issues["file"].eq(kind).mul(report.issues["severity"].eq(ERROR)).sum())
    sheet = book.sheet(HELP_SHEET, [34, 22, 90])
    sheet.append([Cell(f"Importbestand {kind} voor Mijn Kantoor", TITLE)])
    lines = [
        f"Kolommen, volgorde en kopteksten: {layout.source}.",
        f"Gevuld uit {PurePath(result.table.filename).name} ({len(result.table.frame)} rijen), "
        f"met {len(changes)} wijziging(en): zekere reparaties, correcties uit de fixlijst en "
        "bewerkingen in de app (zie het blad Wijzigingen).",
        "Alle kolommen zijn tekst, zodat nummers hun voorloopnullen houden.",
        "Importeer alleen het eerste blad.",
    ]
    if errors:
        lines.append(
            f"Let op: het bestand heeft nog {errors} fout(en). Los die eerst op (zie de "
            "fixlijst); anders weigert Mijn Kantoor die rijen of komen ze onvolledig binnen."
        )
    for line in lines:
        sheet.append([Cell(line, WRAP)])
    sheet.append()
    sheet.append([Cell(name, HEADER) for name in EXPLAIN])
    for column, status, reason in explain.itertuples(index=False):
        sheet.append([Cell(column, BOLD), status, Cell(reason, WRAP)])
    accepted = accepted_list(report, masked=False)  # full values, like the file itself
    accepted = accepted[accepted[FILE].eq(kind.capitalize())]
    if len(accepted):
        sheet.append()
        sheet.append([Cell("Geaccepteerd", TITLE)])
        sheet.append([Cell(accepted_note(len(accepted)), WRAP)])
        sheet.append([Cell(name, HEADER) for name in accepted.columns])
        for row in accepted.itertuples(index=False):
            sheet.append([str(value) for value in row])
