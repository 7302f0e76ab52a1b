"""Which file is which: a Contacten file in the Relaties slot, a workbook holding both, and
the Contacten file made from the contact columns of a Relaties export.

Offices with one export from their old package still get both files, and a file dropped in
the wrong place is recognised from its columns instead of giving a page of errors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from dq.checks.mapping import ColumnMapping, auto_map, names
from dq.io.load import LoadedTable
from dq.spec.fields import CONTACTEN, KEY_FIELD, RELATIES, fields_of
from dq.spec.presets import recognise
from dq.text import key

#: Fields that only one of the two files has: what tells them apart.
DISTINCT = {
    RELATIES: frozenset(
        {"type", "rechtsvorm", "bsn", "rsin", "kvk_nummer", "btw_nummer", "loonheffingsnummer"}
        | {"tijdvak_btw", "tijdvak_lh", "tijdvak_icp", "producten", "postcode", "iban"}
    ),
    CONTACTEN: frozenset({"voornaam", "tussenvoegsel", "achternaam", "email", "relatienummers"}),
}
OTHER = {RELATIES: CONTACTEN, CONTACTEN: RELATIES}
NOUN = {RELATIES: "relatiebestand", CONTACTEN: "contactenbestand"}
#: The contact columns a Relaties export may carry, as fields of the Contacten file.
CONTACT_FIELDS = ("volledige_naam", "voornaam", "tussenvoegsel", "achternaam", "telefoon")


def _distinct(headers: Sequence[str], kind: str) -> int:
    """How many of the fields only `kind` has are named by these headers: by a package's
    own header, a known spelling or its words (no likeness: this runs on every upload and
    page view, and a file may have hundreds of columns)."""
    own = recognise(headers, kind)
    named = set(own.header_fields(kind).values()) if own else set()
    for f in fields_of(kind):
        wanted = f.key in DISTINCT[kind] and f.key not in named
        if wanted and any(names(header, f) for header in headers):
            named.add(f.key)
    return len(DISTINCT[kind] & named)


def looks_like(headers: Sequence[str], slot: str) -> str | None:
    """The other kind when a file put in `slot` clearly is that kind of file, else None.

    >>> looks_like(["Contactnr", "Voornaam", "Achternaam", "E-mailadres", "Relaties"], "relaties")
    'contacten'
    >>> looks_like(["Relatienummer", "Naam", "BSN", "E-mail"], "relaties") is None
    True
    """
    own, other = _distinct(headers, slot), _distinct(headers, OTHER[slot])
    return OTHER[slot] if other >= 2 and other > 2 * own else None


def wrong_slot_note(headers: Sequence[str], slot: str) -> str | None:
    """A Dutch remark when a file is in the wrong slot."""
    other = looks_like(headers, slot)
    if other is None:
        return None
    return (
        f"Dit {NOUN[slot]} lijkt een {NOUN[other]}: de kolommen horen bij {other}. "
        f"Verwissel de bestanden (in de app met 'Omwisselen', bij dq met --{other})."
    )


def contact_sheet(sheets: Sequence[str], current: str | None) -> str | None:
    """Another sheet of the same workbook that holds the contacts, by its name."""
    found = [s for s in sheets if s != current and "contact" in key(s)]
    return found[0] if found else None


def contact_columns(table: LoadedTable, relaties: ColumnMapping) -> ColumnMapping:
    """The Contacten fields among a Relaties file's columns that no relaties field took
    (`Contactpersoon`, `E-mail`, `Telefoon`)."""
    free = [c for c in table.columns if c not in relaties.columns.values()]
    return auto_map(free, CONTACTEN)


def derive_contacten(table: LoadedTable, relaties: ColumnMapping) -> LoadedTable:
    """The Contacten file made from a Relaties export's contact columns: one contact per
    distinct e-mail address (case and spaces ignored), linked to every relatie that has it.

    `relaties` is the Relaties file's mapping. A contact's number is the first relatienummer
    it is linked to, as offices often do. ValueError (Dutch) without an e-mail column.
    """
    mapping = contact_columns(table, relaties)
    if "email" not in mapping.columns:
        raise ValueError("Het relatiebestand heeft geen kolom met e-mailadressen.")
    frame = table.frame
    email = frame[mapping.columns["email"]].str.strip()
    address = email.str.lower()
    numbers = relaties.column(KEY_FIELD[RELATIES])
    relatie = frame[numbers].str.strip() if numbers else pd.Series("", index=frame.index)
    keep = email.ne("")
    rows = pd.DataFrame({"address": address, "relatie": relatie})[keep]
    linked = (
        rows[rows["relatie"].ne("")]
        .drop_duplicates()
        .groupby("address", sort=False)["relatie"]
        .agg(", ".join)
    )
    first = ~address.duplicated() & keep
    out = pd.DataFrame(index=pd.RangeIndex(int(first.sum())))
    links = address[first].map(linked).fillna("").astype("str").reset_index(drop=True)
    out["Contactnummer"] = links.str.split(", ", n=1).str[0].fillna("")
    for field_key in CONTACT_FIELDS:
        column = mapping.columns.get(field_key)
        if column is not None:
            out[column] = frame.loc[first, column].to_numpy()
    out["E-mailadres"] = email[first].to_numpy()
    out["Gekoppelde relaties"] = links.to_numpy()
    out = out.astype("str")
    return dataclasses.replace(
        table,
        frame=out,
        excel_rows=np.arange(len(out), dtype=np.int64) + 2,
        header_row=1,
        columns=list(out.columns),
        filename=f"contacten_uit_{_stem(table.filename)}.csv",
        sheet=None,
        sheets=[],
        delimiter=";",
        notes=[
            f"Gemaakt uit de contactkolommen van {table.filename}: één contact per "
            f"e-mailadres ({len(out)}), gekoppeld aan elke relatie met dat adres."
        ],
    )


def _stem(filename: str) -> str:
    return filename.rsplit(".", 1)[0]
