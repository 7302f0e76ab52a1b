"""A file from an old package: which one it is, and its quirks undone before the checks.

The packages and their quirks are data (`dq.spec.presets`); here they act on a loaded table
and its mapping. Each quirk works on whole columns and says in a Dutch note what it changed,
so the checks see the office's data as our template would hold it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from dq.checks.mapping import PRESET, ColumnMapping
from dq.io.load import LoadedTable
from dq.spec.catalog import TYPES, Catalog
from dq.spec.fields import KEY_FIELD, RELATIES, field
from dq.spec.presets import (
    LIST_CELLS,
    PADDED_CODES,
    RECHTSVORM_CODE,
    SHARED_FISCAL_NUMBER,
    Preset,
    preset,
    recognise,
)
from dq.text import WHITESPACE

#: `--bron` values besides a preset's key: recognise the package, or treat as our template.
AUTO, NONE = "auto", "geen"
#: Where several values share one cell: e-mail addresses by `;`, `,` or white space, phone
#: numbers by `;`, `,`, `/` or a line break (a phone number has spaces of its own).
LIST_SEPARATORS = {"email": f"[;,{WHITESPACE}]+", "telefoon": r"\s*[;,/\n]\s*"}


def choose(headers: Sequence[str], file: str, source: str | None) -> Preset | None:
    """The preset for a file: chosen by hand (a key), none (`geen`) or recognised (`auto`,
    None). ValueError (Dutch) for an unknown key."""
    if source is None or source == AUTO:
        return recognise(headers, file)
    return None if source == NONE else preset(source)


def undo_quirks(
    table: LoadedTable, mapping: ColumnMapping, catalog: Catalog
) -> tuple[LoadedTable, ColumnMapping]:
    """The table with its package's quirks undone, and the mapping of any column it adds."""
    source = mapping.source
    if source is None or not source.quirks:
        return table, mapping
    frame = table.frame.copy()
    columns = dict(mapping.columns)
    notes: list[str] = []
    if PADDED_CODES in source.quirks:
        notes += _unpad(frame, columns, table.frame.index, source)
    if RECHTSVORM_CODE in source.quirks and "rechtsvorm" in columns:
        notes += _rechtsvorm_codes(frame, columns["rechtsvorm"], source)
    if LIST_CELLS in source.quirks:
        for key in LIST_SEPARATORS:
            if key in columns:
                notes += _first_of_list(frame, columns[key], key)
    if SHARED_FISCAL_NUMBER in source.quirks and "bsn" in columns and "rsin" not in columns:
        notes += _split_fiscal_number(frame, columns, catalog, source)
    if not notes:
        return table, mapping
    added = [c for c in frame.columns if c not in table.columns]
    table = dataclasses.replace(
        table, frame=frame, columns=[*table.columns, *added], notes=[*table.notes, *notes]
    )
    mapping = dataclasses.replace(
        mapping,
        columns={k: columns[k] for k in columns},
        confidence={**mapping.confidence, **{k: 1.0 for k in columns if k not in mapping.columns}},
        method={**mapping.method, **{k: PRESET for k in columns if k not in mapping.columns}},
        unmapped=[*mapping.unmapped, *(c for c in added if c not in columns.values())],
    )
    return table, mapping


def _unpad(
    frame: pd.DataFrame, columns: dict[str, str], index: pd.Index, source: Preset
) -> list[str]:
    """Numbers padded with leading spaces (Exact's `Code`, 18 wide) lose the padding."""
    keys = {KEY_FIELD[RELATIES], "contactnummer", "relatienummers"}
    changed = 0
    for key in keys & set(columns):
        column = frame[columns[key]]
        trimmed = column.str.lstrip()
        changed += int(trimmed.ne(column).sum())
        frame[columns[key]] = trimmed
    if not changed:
        return []
    return [
        f"{source.name} vult nummers met spaties aan tot {source.pad_width} tekens; "
        f"die spaties zijn weggehaald ({changed} cellen)."
    ]


def _rechtsvorm_codes(frame: pd.DataFrame, column: str, source: Preset) -> list[str]:
    """A rechtsvorm given as a code (`41`) becomes its name (Besloten vennootschap)."""
    text = frame[column].str.strip()
    digits = text.str.fullmatch("[0-9]{1,2}")
    code = text.where(~digits, text.str.zfill(2))
    names = code.map(source.rechtsvorm_codes)
    found = names.notna() & digits
    if not found.any():
        return []
    frame[column] = frame[column].mask(found, names).astype("str")
    return [
        f"{source.name} geeft de rechtsvorm als code; {int(found.sum())} codes zijn omgezet "
        "naar de naam (41 → Besloten vennootschap)."
    ]


def _first_of_list(frame: pd.DataFrame, column: str, key: str) -> list[str]:
    """Several values in one cell: the first stays, the others go to a column of their own
    (`E-mail (overige)`), so nothing the office exported is lost."""
    text = frame[column].str.strip()
    listed = text.str.contains(LIST_SEPARATORS[key], regex=True)
    if key == "email":  # "jan @x.nl" is one mistyped address, not a list
        listed &= text.str.count("@").ge(2)
    if not listed.any():
        return []
    parts = text[listed].str.split(LIST_SEPARATORS[key], n=1, regex=True)
    first = parts.str[0].fillna("").reindex(text.index, fill_value="")
    rest = parts.str[1].fillna("").reindex(text.index, fill_value="")
    several = listed & rest.ne("") & first.ne("")
    if not several.any():
        return []
    frame[column] = frame[column].mask(several, first).astype("str")
    extra = f"{column} (overige)"
    frame[extra] = rest.where(several, "").astype("str")
    label = field("contacten", key).label
    return [
        f"{int(several.sum())} cellen in '{column}' hadden meer dan één {label}; het eerste "
        f"is gebruikt, de andere staan in de kolom '{extra}'."
    ]


def _split_fiscal_number(
    frame: pd.DataFrame, columns: dict[str, str], catalog: Catalog, source: Preset
) -> list[str]:
    """One column with the BSN of a persoon and the RSIN of an organisatie: the RSINs move
    to a column of their own. An eenmanszaak keeps its owner's BSN (it has no RSIN)."""
    column = columns["bsn"]
    number = frame[column]
    if "type" in columns:
        organisatie = TYPES.classify(frame[columns["type"]].str.strip())["normal"].eq("organisatie")
    elif "rechtsvorm" in columns:
        organisatie = frame[columns["rechtsvorm"]].str.strip().ne("")
    else:
        return []
    eenmanszaak = pd.Series(False, index=frame.index)
    if "rechtsvorm" in columns:
        legal = catalog.rechtsvorm_vocabulary.classify(frame[columns["rechtsvorm"]].str.strip())
        eenmanszaak = legal["normal"].eq("Eenmanszaak")
    rsin = organisatie.fillna(False) & ~eenmanszaak.fillna(False) & number.str.strip().ne("")
    if not rsin.any():
        return []
    extra = f"RSIN (uit {column})"
    frame[extra] = number.where(rsin, "").astype("str")
    frame[column] = number.mask(rsin, "").astype("str")
    columns["rsin"] = extra
    return [
        f"{source.name} zet BSN en RSIN in één kolom ('{column}'); de RSIN's van "
        f"{int(rsin.sum())} organisaties staan nu in de kolom '{extra}'."
    ]
