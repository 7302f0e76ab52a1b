"""The office's to-do list: every problem with its Excel row, field, value and suggestion.

The Excel fix list has a *Samenvatting* sheet, the full *Fixlijst* (errors and warnings,
worst first) and one sheet per kind of work, so the person with the tax papers takes
*Fiscale nummers* and the contact manager takes *Contacten*. Infos (repairs the cleaned file
already makes, unused columns) are on a sheet of their own. Masked like the screen
(`Report.masking`: BSN, RSIN, e-mail, also in names, free text and file names) unless the
office asks for full values; the empty *Gecorrigeerde waarde* column is read back by
`dq.exports.reimport`. Warnings the office accepted with a reason are not on the to-do
sheets; the Samenvatting lists them under *Geaccepteerd*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.codes import COLUMN_NOTICES
from dq.checks.columns import FieldOutcome
from dq.checks.report import ISSUE_FIELDS, SEVERITY_NL, Report
from dq.exports.sheets import BOLD, PERCENT, TITLE, WRAP, csv_bytes, fit_widths, table_sheet
from dq.exports.xlsx import Cell, Sheet, Style, Value, Workbook
from dq.spec.fields import BY_KEY, COLUMN_WORK, CONTACTEN, RELATIES, SEVERITY_ORDER, WORK
from dq.text import ARROW_TEXT, WHITESPACE, arrow, concat, series

FILE = "Bestand"
ROW = "Rij"
KEY = "Relatie- of contactnummer"
NAME = "Naam"
FIELD = "Veld"
COLUMN = "Kolom"
SEVERITY = "Ernst"
PROBLEM = "Probleem"
CURRENT = "Huidige waarde"
SUGGESTED = "Voorgestelde waarde"
CORRECTED = "Gecorrigeerde waarde"
CODE = "Code"
WORK_KIND = "Soort werk"
NUMBER = "Nummer"
MESSAGE = "Melding"
REASON = "Reden"
#: The accepted warnings as the Samenvatting and the readiness report list them.
ACCEPTED_COLUMNS = [FILE, ROW, NUMBER, FIELD, MESSAGE, REASON]
COLUMNS = [
    FILE,
    ROW,
    KEY,
    NAME,
    FIELD,
    COLUMN,
    SEVERITY,
    PROBLEM,
    CURRENT,
    SUGGESTED,
    CORRECTED,
    CODE,
    WORK_KIND,
]
_INPUT = [COLUMNS.index(CORRECTED)]
FIXLIST_SHEET, INFO_SHEET, SUMMARY_SHEET = "Fixlijst", "Info", "Samenvatting"
TO_DO = ("error", "warning")
SEVERITY_FILL = {"fout": "F6D5D3", "waarschuwing": "FBE8C0"}

INFO_WIDTHS = [12, 22, 22, 10, 70, 50, 28]
SUMMARY_WIDTHS = [34, 26, 18, 14, 36, 36, 14, 14, 14]  # E, F: Melding and Reden
HEADER_TINT = BOLD | Style(fill="DCE8F3")
VERDICT = {True: BOLD | Style(fill="CDEBD3"), False: BOLD | Style(fill=SEVERITY_FILL["fout"])}
MASKED_NOTE = (
    "Gemaskeerd (*****2333, j***@voorbeeld.nl), ook in namen, vrije tekst en bestandsnamen. Wie "
    "BSN's zelf herstelt, maakt de lijst opnieuw met volledige waarden."
)
FULL_NOTE = "Voluit. Deze lijst bevat BSN's en e-mailadressen: bewaar en deel hem zorgvuldig."
HOW_TO = (
    "1. Het blad Fixlijst bevat alle fouten en waarschuwingen, fouten eerst. De bladen per soort "
    "werk bevatten dezelfde regels, zo verdeeld dat ieder een eigen deel kan oppakken.",
    "2. Bestand, Rij en het relatie- of contactnummer wijzen de cel aan; Kolom is de kopnaam in "
    "uw bestand.",
    "3. Vul de juiste waarde in de gele kolom Gecorrigeerde waarde (typ (leeg) om een cel leeg te "
    "maken). Laat de andere kolommen staan.",
    "4. Lees de ingevulde lijst samen met het originele bestand weer in (dq apply of de pagina "
    "Fixlijst): de correcties worden gecontroleerd en in een nieuw opgeschoond bestand gezet.",
    "5. Het blad Info toont welke kleine zaken het opgeschoonde bestand al automatisch herstelt "
    "(elke cel staat in de Wijzigingen daarvan) en welke kolommen niet worden geïmporteerd; daar "
    "hoeft u niets mee.",
)
_DIGITS = re.compile(r"([0-9]+)")


def work_kind(file: str, field: str, code: str) -> str:
    """The sheet (kind of work) an issue belongs to: its field's, or Kolommen for the file.

    >>> work_kind("relaties", "bsn", "bsn.invalid_checksum")
    'Fiscale nummers'
    >>> work_kind("contacten", "email", "email.duplicate")
    'Contacten'
    """
    if code.startswith("bestand."):
        return COLUMN_WORK
    return BY_KEY[(file, field)].work


def natural_key(text: str) -> tuple:
    """Sort key that puts 100, 100.1, 100.2, 101, 1000 in the order people expect.

    >>> sorted(["1000", "100.10", "101", "100.2", "100"], key=natural_key)
    ['100', '100.2', '100.10', '101', '1000']
    """
    parts: list = _DIGITS.split(text.casefold())
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


def fixlist_table(
    report: Report,
    masked: bool = True,
    severities: tuple[str, ...] = TO_DO,
    rows: range | np.ndarray | None = None,
) -> pd.DataFrame:
    """The issues as the office reads them (Dutch columns), worst first, then by number.

    Sorted by severity, file (Relaties first), relatie- or contactnummer (100 before 100.1
    before 101), row and field. The rows that miss a field whose column the file lacks are
    one line, the file's notice for the absent column (`COLUMN_NOTICES`), which says how many
    rows miss it: the office adds the column, not a value per row. `rows` builds only those
    lines of the list (a page on screen, or positions in it): the order is the whole list's,
    the cells are made and masked for those lines alone.
    """
    ranked = _ranked(report, severities)
    if isinstance(rows, range):
        ranked = ranked[rows.start : rows.stop]
    elif rows is not None:
        ranked = ranked[rows]
    every = report.issues
    issues = every.iloc[ranked]
    masking = report.masking(masked)
    shown = masking.issues(issues[ISSUE_FIELDS])
    file_level = issues["pos"].lt(0)
    kinds = issues[["file", "field", "code"]]
    return pd.DataFrame(
        {
            FILE: _per_distinct(issues[["file"]], str.capitalize),
            ROW: issues["row"].astype("int64"),
            KEY: shown["key"].fillna(""),
            NAME: masking.column(_names(report, issues), None),
            FIELD: _per_distinct(issues[["file", "field"]], _label),
            COLUMN: masking.column(_columns(report, issues), None),
            SEVERITY: _per_distinct(issues[["severity"]], SEVERITY_NL.__getitem__),
            PROBLEM: _with_missing_rows(issues, every[report.grouped_missing]),
            CURRENT: shown["value"].where(~file_level, "").fillna(""),
            SUGGESTED: shown["suggestion"].fillna(""),
            CORRECTED: "",
            CODE: issues["code"],
            WORK_KIND: _per_distinct(kinds, work_kind),
        },
        index=issues.index,
    ).reset_index(drop=True)


def _ranked(report: Report, severities: tuple[str, ...]) -> np.ndarray:
    """The positions in `report.issues` of the list's lines, in the list's order."""
    order = report.kept("fixlist order", lambda: _order(report.issues))
    return order[_on_list(report.issues, report.grouped_missing, severities)[order]]


def _order(every: pd.DataFrame) -> np.ndarray:
    """Every issue's place in the fix lists (a list is these, less the issues not on it):
    made once per check (`Report.kept`), so each page on screen and each download only
    picks from it."""
    keys = pd.DataFrame(
        {
            "severity": _per_distinct(every[["severity"]], SEVERITY_ORDER.__getitem__),
            "file": _per_distinct(every[["file"]], FILE_ORDER.__getitem__),
            "key": natural_rank(every["key"].fillna("")),
            "row": every["row"].astype("int64").to_numpy(),
            "field": _per_distinct(every[["file", "field"]], _label),
        }
    ).astype({"severity": int, "file": int})
    return keys.sort_values(list(keys.columns), kind="stable").index.to_numpy()


def fixlist_length(report: Report, severities: tuple[str, ...] = TO_DO) -> int:
    """How many lines `fixlist_table` has, without making them."""
    return int(_on_list(report.issues, report.grouped_missing, severities).sum())


def _on_list(issues: pd.DataFrame, grouped: pd.Series, severities: tuple[str, ...]) -> np.ndarray:
    """Which issues are a line of the list: of these severities, and not a row's missing
    value of an absent column (`grouped`: its notice is the line)."""
    return (issues["severity"].isin(severities) & ~grouped).to_numpy()


#: Relaties first in every list.
FILE_ORDER = {RELATIES: 0, CONTACTEN: 1}


def _with_missing_rows(issues: pd.DataFrame, grouped: pd.DataFrame) -> pd.Series:
    """Each issue's message; a notice for an absent column also says how many rows miss
    that field."""
    counts = grouped.groupby(["file", "field"]).size()
    if counts.empty:
        return issues["message"]
    per_field = pd.Series(
        counts.to_numpy(), index=[f"{file}.{field}" for file, field in counts.index]
    )
    rows = (issues["file"] + "." + issues["field"]).map(per_field)
    notice = issues["code"].isin(COLUMN_NOTICES) & rows.notna()
    extra = " Daardoor missen " + rows.fillna(0).astype("int64").astype("str") + " rijen dit veld."
    return issues["message"].where(~notice, issues["message"] + extra)


def accepted_list(report: Report, masked: bool = True) -> pd.DataFrame:
    """The warnings the office accepted (`ACCEPTED_COLUMNS`), by file, number and row.

    Masked like the fix list (`Report.accepted_table`); they are not on its to-do sheets.
    """
    accepted = report.accepted_table(masked)
    table = pd.DataFrame(
        {
            FILE: accepted["file"].str.capitalize(),
            ROW: accepted["row"].astype("int64"),
            NUMBER: accepted["key"].fillna(""),
            FIELD: _per_distinct(accepted[["file", "field"]], _label),
            MESSAGE: accepted["message"],
            REASON: accepted["reason"],
        },
        index=accepted.index,
    )
    order = pd.DataFrame(
        {
            "file": accepted["file"].map(FILE_ORDER),
            "key": natural_rank(table[NUMBER]),
            "row": table[ROW],
        }
    )
    return _in_order(table, order)


def accepted_note(count: int) -> str:
    """The Dutch sentence above a list of accepted warnings.

    >>> accepted_note(1)
    'Het kantoor heeft 1 waarschuwing geaccepteerd, ...; die staat niet meer op de fixlijst.'
    >>> accepted_note(2)
    'Het kantoor heeft 2 waarschuwingen geaccepteerd, ...; die staan niet meer op de fixlijst.'
    """
    noun, verb = ("waarschuwing", "staat") if count == 1 else ("waarschuwingen", "staan")
    return (
        f"Het kantoor heeft {count} {noun} geaccepteerd, met de reden erbij; die {verb} niet "
        "meer op de fixlijst."
    )


def _in_order(table: pd.DataFrame, order: pd.DataFrame) -> pd.DataFrame:
    """`table` sorted by the columns of `order` (same index), left to right, stable."""
    return table.loc[order.sort_values(list(order.columns), kind="stable").index].reset_index(
        drop=True
    )


def _label(file: str, field: str) -> str:
    """The Dutch label of a field ('' for file-level findings)."""
    return BY_KEY[(file, field)].label if (file, field) in BY_KEY else ""


def _per_distinct(columns: pd.DataFrame, function: Callable[..., str]) -> np.ndarray:
    """`function` over the values of each row, computed once per distinct combination."""
    combined = np.zeros(len(columns), dtype=np.int64)
    for _, column in columns.items():
        codes, distinct = pd.factorize(column)
        combined = combined * (len(distinct) + 1) + codes + 1
    inverse, kinds = pd.factorize(combined)  # hashing: no sort of every row
    first = np.empty(len(kinds), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse))[::-1]  # each kind's first row
    rows = columns.iloc[first].itertuples(index=False, name=None)
    return np.array([function(*row) for row in rows], dtype=object)[inverse]


def natural_rank(keys: pd.Series) -> np.ndarray:
    """Each key's position in natural order, computed once per distinct key.

    When every key is letters, a number and one sub-number (`100`, `100.1`, `B100.1`: the
    usual relatie- and contactnummers), the order is one numpy sort (`_numbered_order`);
    any other key takes `natural_key` in Python for all.
    """
    codes, distinct = pd.factorize(keys)
    order = _numbered_order(distinct)
    if order is None:
        sort_keys = [natural_key(text) for text in distinct.tolist()]
        order = sorted(range(len(sort_keys)), key=sort_keys.__getitem__)
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[order] = np.arange(len(distinct))
    return rank[codes]


def _numbered_order(distinct: pd.Index) -> np.ndarray | None:
    """The natural order of keys made of letters, a number and one sub-number, each part
    optional (`100`, `100.1`, `B100.1`, ''): by letters (case folded), number, sub-number, a
    missing part first, as in `natural_key`. None when a key has another shape."""
    pattern = r"^(?P<letters>[A-Za-z]*)(?:(?P<number>[0-9]{1,18})(?:\.(?P<sub>[0-9]{1,18}))?)?$"
    parts = pc.extract_regex(arrow(distinct), pattern)
    if parts.null_count:
        return None
    letters = pc.dictionary_encode(pc.utf8_lower(pc.struct_field(parts, [0])))
    names = letters.dictionary.to_pylist()
    rank = np.argsort(np.argsort(np.array(names, dtype=object)))
    number, sub = (
        pc.cast(pc.if_else(pc.equal(part, ""), "-1", part), pa.int64()).to_numpy()
        for part in (pc.struct_field(parts, [i]) for i in (1, 2))
    )
    return np.lexsort((sub, number, rank[letters.indices.to_numpy()]))


def _names(report: Report, issues: pd.DataFrame) -> pd.Series:
    """The naam of the relatie, or the name of the contact, on every issue's row.

    Each file's names are made for its issues' rows, then one take puts them in place:
    assigning them into a column by mask cost 0.17 s for the 263,649 issues of 100k pairs.
    """
    pos = issues["pos"].to_numpy()
    parts, taken, made = [pa.array([""], ARROW_TEXT)], np.zeros(len(issues), dtype=np.int64), 1
    for kind, result in report.files.items():
        here = np.flatnonzero(issues["file"].eq(kind).to_numpy() & (pos >= 0))
        taken[here] = made + np.arange(len(here))
        parts.append(arrow(row_names(result.outcomes, pos[here])))
        made += len(here)
    return series(pa.concat_arrays(parts).take(taken), issues.index)


def row_names(outcomes: dict[str, FieldOutcome], rows: np.ndarray | None = None) -> pd.Series:
    """Per row of a file, or for the row positions `rows` only: the relatie's naam, or the
    contact's first, middle and last name (else the full-name column)."""

    def raw(key: str) -> pd.Series:
        return outcomes[key].raw if rows is None else outcomes[key].raw.iloc[rows]

    if "naam" in outcomes:
        return raw("naam").str.strip()
    first, middle, last = (arrow(raw(k)) for k in ("voornaam", "tussenvoegsel", "achternaam"))
    # every run of whitespace one space, as str.split and " ".join would make it
    spaced = pc.replace_substring_regex(
        concat(first, " ", middle, " ", last), f"[{WHITESPACE}]+", " "
    )
    joined = series(pc.utf8_trim_whitespace(spaced), raw("voornaam").index)
    return joined.mask(joined.eq(""), raw("volledige_naam").str.strip())


def _columns(report: Report, issues: pd.DataFrame) -> pd.Series:
    """The header in the office's file that holds each issue's field (unused columns: itself)."""

    def header(file: str, field: str) -> str:
        result = report.files.get(file)
        return (result.mapping.columns.get(field) or "") if result is not None else ""

    columns = series(
        pa.array(_per_distinct(issues[["file", "field"]], header), ARROW_TEXT), issues.index
    )
    unmapped = issues["code"].eq("bestand.unmapped_column")
    return columns.mask(unmapped, issues["value"])


def fixlist_csv(report: Report, masked: bool = True, include_info: bool = False) -> bytes:
    """The Fixlijst sheet as CSV (`;`, UTF-8 with BOM); infos only when asked."""
    severities = (*TO_DO, "info") if include_info else TO_DO
    table = fixlist_table(report, masked, severities)
    return csv_bytes(table)


def fixlist_xlsx(report: Report, masked: bool = True) -> bytes:
    """The fix list workbook: Samenvatting, Fixlijst, one sheet per kind of work, Info."""
    book = Workbook()
    todo = fixlist_table(report, masked)
    _summary(book.sheet(SUMMARY_SHEET, SUMMARY_WIDTHS), report, masked, todo)
    widths = fit_widths(todo.assign(**{PROBLEM: ""}))
    widths[COLUMNS.index(PROBLEM)] = 70
    widths[COLUMNS.index(CORRECTED)] = max(widths[COLUMNS.index(SUGGESTED)], 22)
    _issue_sheet(table_sheet(book, FIXLIST_SHEET, COLUMNS, widths, input_columns=_INPUT), todo)
    for kind in WORK:
        part = todo[todo[WORK_KIND].eq(kind)]
        if len(part):
            _issue_sheet(table_sheet(book, kind, COLUMNS, widths, input_columns=_INPUT), part)
    info = info_table(report, masked)
    if len(info):
        sheet = table_sheet(book, INFO_SHEET, list(info.columns), INFO_WIDTHS)
        sheet.append_frame(info, {list(info.columns).index(MESSAGE): WRAP})
    return book.finish()


def info_table(report: Report, masked: bool = True) -> pd.DataFrame:
    """The infos per kind: what was repaired (or is not imported), how often, one example.

    Every repaired cell is listed in the cleaned file's Wijzigingen; here the office only
    needs to see what kinds of repair were made. Only the first info of each kind becomes
    a line of the list (a 100k pair has some 85,000 infos of a dozen kinds).
    """
    infos = ("info",)
    issues = report.issues.iloc[_ranked(report, infos)]
    # what a line shows depends on these alone (an unused column's line shows its name)
    unused = issues["code"].eq("bestand.unmapped_column")
    kinds = pd.DataFrame(
        {
            "file": issues["file"],
            "field": issues["field"],
            "code": issues["code"],
            "unused": issues["value"].where(unused, ""),
        }
    )
    group = kinds.groupby(list(kinds.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = np.unique(group, return_index=True)[1]  # numbered in order of appearance
    lines = fixlist_table(report, masked, infos, first)
    counts = np.bincount(group)
    return _info_kinds(lines.assign(_count=counts))


def _info_kinds(info: pd.DataFrame) -> pd.DataFrame:
    """Fix-list lines of infos (with `_count`: how many infos each stands for) per kind."""
    groups = info.groupby([FILE, FIELD, COLUMN, PROBLEM, CODE], sort=False)
    first = groups.first()
    example = "rij " + first[ROW].astype("str") + ": " + first[CURRENT] + " → " + first[SUGGESTED]
    table = pd.DataFrame(
        {
            "Aantal": groups["_count"].sum(),
            "Voorbeeld": example.where(first[SUGGESTED] != "", ""),
        }
    ).reset_index()
    # Relaties before Contacten (reverse alphabetical), the most frequent first
    table = table.sort_values([FILE, "Aantal"], ascending=False, kind="stable")
    return table[[FILE, FIELD, COLUMN, "Aantal", PROBLEM, "Voorbeeld", CODE]].rename(
        columns={PROBLEM: MESSAGE}
    )


def _issue_sheet(sheet: Sheet, table: pd.DataFrame) -> None:
    """One sheet of issues: severity colours, wrapped problem text."""
    sheet.append_frame(table, {COLUMNS.index(PROBLEM): WRAP})
    for text, color in SEVERITY_FILL.items():
        sheet.highlight(COLUMNS.index(SEVERITY), text, color)


def _summary(writer: Sheet, report: Report, masked: bool, todo: pd.DataFrame) -> None:
    """What an office manager reads first: verdict, counts, how to work the list, the gaps."""
    counts = report.counts
    verdict = "KLAAR voor import" if report.ready else "NIET KLAAR voor import"
    writer.append([Cell("Fixlijst CRM-import Mijn Kantoor", TITLE)])
    writer.append()
    made = datetime.now().strftime("%d-%m-%Y %H:%M")
    facts: list[tuple[str, Value | Cell]] = [("Gemaakt op", made)]
    for kind, result in report.files.items():
        table = result.table
        sheet = f", blad '{table.sheet}'" if table.sheet else ""
        name = report.masking(masked).text(f"{table.filename}{sheet}")
        facts.append((f"Bestand {kind}", f"{name}, {len(table.frame)} rijen"))
    facts += [
        (
            "Gereedheid",
            Cell(
                None if report.readiness is None else round(report.readiness / 100, 4),
                BOLD | PERCENT,
            ),
        ),
        ("Oordeel", Cell(verdict, VERDICT[report.ready])),
        ("Fouten", counts["error"]),
        ("Waarschuwingen", counts["warning"]),
        ("Info (zie het blad Info)", counts["info"]),
        ("BSN, RSIN en e-mail", MASKED_NOTE if masked else FULL_NOTE),
    ]
    for label, value in facts:
        writer.append([Cell(label, BOLD), value])
    writer.append()
    writer.append([Cell("Zo werkt u de lijst af", BOLD)])
    for step in HOW_TO:
        writer.append([step])
    per_kind = pd.crosstab(todo[WORK_KIND], todo[SEVERITY]).reindex(
        columns=[SEVERITY_NL["error"], SEVERITY_NL["warning"]], fill_value=0
    )
    _summary_table(
        writer,
        ["Soort werk (blad)", "Fouten", "Waarschuwingen", "Wat"],
        [
            [kind, *map(int, per_kind.loc[kind]), WORK[kind]]
            for kind in WORK
            if kind in per_kind.index
        ],
    )
    scores = report.field_scores
    scores = scores[(scores["required"] > 0) | (scores["filled"] > 0)]
    _summary_table(
        writer,
        [
            "Veld",
            "Bestand",
            "Kolom",
            "Verplicht",
            "Ingevuld",
            "Ontbreekt",
            "Ongeldig",
            "Volledigheid",
            "Geldigheid",
        ],
        [
            [
                r.label,
                r.file.capitalize(),
                r.column or "(geen kolom)",
                r.required,
                r.filled,
                r.missing,
                r.invalid,
                _fraction(r.completeness_pct),
                _fraction(r.validity_pct),
            ]
            for r in scores.itertuples()
        ],
    )
    products = report.products[report.products["relaties"] > 0]
    _summary_table(
        writer,
        ["Product", "Relaties", "Klaar", "Klaar voor de workflow"],
        [[r.product, r.relaties, r.ready, _fraction(r.ready_pct)] for r in products.itertuples()],
    )
    accepted = accepted_list(report, masked)
    wrapped = accepted.assign(
        **{c: [Cell(text, WRAP) for text in accepted[c]] for c in (MESSAGE, REASON)}
    )
    _summary_table(
        writer,
        ACCEPTED_COLUMNS,
        wrapped.to_numpy().tolist(),
        intro=[Cell("Geaccepteerd", BOLD), accepted_note(len(accepted))],
    )


def _summary_table(
    writer: Sheet, header: list[str], rows: list[list], intro: Sequence[Value | Cell] = ()
) -> None:
    """A small table under the facts, with a bold header after the `intro` lines; skipped
    when it has no rows."""
    if not rows:
        return
    writer.append()
    for line in intro:
        writer.append([line])
    writer.append([Cell(name, HEADER_TINT) for name in header])
    for row in rows:
        writer.append(row)


def _fraction(pct: float | None) -> Value | Cell:
    """A 0-100 percentage as an Excel percentage cell (empty when there is nothing to divide)."""
    if pct is None or pd.isna(pct):
        return None
    return Cell(round(pct / 100, 4), PERCENT)
