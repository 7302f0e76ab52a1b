"""Exports as the old packages make them, from the demo office: their headers, their quirks.

`package_pair(key)` gives the same office twice: once under our template's headers and
once as that package exports it (its own headers for what it knows, the office's own words
for the columns it added, and the package's quirks: padded codes, several e-mail addresses
in a cell, the rechtsvorm as a code, BSN and RSIN in one column). What a package cannot
express (a BSN beside an RSIN on one row, when it has one column for both) is left out of
both, so the pair holds the same data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dq.demo.office import demo_frames
from dq.spec.catalog import TYPES, Catalog
from dq.spec.presets import (
    BY_KEY,
    LIST_CELLS,
    PADDED_CODES,
    RECHTSVORM_CODE,
    SHARED_FISCAL_NUMBER,
    Preset,
)

#: The demo's headers (our template's spellings) by field.
RELATIES_FIELDS = {
    "Relatienr.": "relatienummer",
    "Naam": "naam",
    "Soort relatie": "type",
    "Rechtsvorm": "rechtsvorm",
    "BSN": "bsn",
    "RSIN": "rsin",
    "KvK-nummer": "kvk_nummer",
    "Btw-nummer": "btw_nummer",
    "Loonheffingennummer": "loonheffingsnummer",
    "Aangifte tijdvak BTW": "tijdvak_btw",
    "Tijdvak LH": "tijdvak_lh",
    "Tijdvak ICP": "tijdvak_icp",
    "Producten": "producten",
    "Postcode": "postcode",
    "Plaats": "plaats",
    "IBAN": "iban",
}
CONTACTEN_FIELDS = {
    "Contactnr": "contactnummer",
    "Voornaam": "voornaam",
    "Tussenvoegsel": "tussenvoegsel",
    "Achternaam": "achternaam",
    "E-mailadres": "email",
    "Telefoon": "telefoon",
    "Gekoppelde relaties": "relatienummers",
}
#: How an office heads the columns its package does not export: known words, in orders and
#: compounds that are not in any synonym list.
OFFICE_WORDS = {
    "relatienummer": "Debiteur code",
    "naam": "Naam klant",
    "type": "Soort klant",
    "rechtsvorm": "Rechtsvorm klant",
    "bsn": "Sofinummer klant",
    "rsin": "Fiscaal nummer klant",
    "kvk_nummer": "Nummer KvK",
    "btw_nummer": "Nummer omzetbelasting",
    "loonheffingsnummer": "Loonbelastingnummer",
    "tijdvak_btw": "Periode omzetbelasting",
    "tijdvak_lh": "Frequentie loonbelasting",
    "tijdvak_icp": "ICP frequentie",
    "producten": "Afgenomen diensten",
    "postcode": "Postcode klant",
    "plaats": "Plaats klant",
    "iban": "Bankrekening klant",
    "contactnummer": "Nummer contactpersoon",
    "voornaam": "Roepnaam contactpersoon",
    "tussenvoegsel": "Tussenvoegsel contactpersoon",
    "achternaam": "Achternaam contactpersoon",
    "email": "Mailadres contactpersoon",
    "telefoon": "Mobiel contactpersoon",
    "relatienummers": "Klantnummers",
}


def package_pair(key: str, n: int = 300, seed: int = 7) -> tuple[dict, dict]:
    """({file: template frame}, {file: export frame}) of one office for preset `key`."""
    package = BY_KEY[key]
    relaties, contacten = demo_frames(n, seed)
    relaties = relaties.drop(columns="Accountmanager")
    contacten = contacten.drop(columns="Functie")
    rng = np.random.default_rng(seed)
    if SHARED_FISCAL_NUMBER in package.quirks:
        relaties = _one_fiscal_number(relaties)
    template = {"relaties": relaties, "contacten": contacten}
    export = {
        "relaties": _quirked(relaties, RELATIES_FIELDS, "relaties", package, rng),
        "contacten": _quirked(contacten, CONTACTEN_FIELDS, "contacten", package, rng),
    }
    return template, export


def _rsin_rows(relaties: pd.DataFrame) -> pd.Series:
    """Organisaties other than an eenmanszaak: the package's one number is their RSIN."""
    organisatie = TYPES.classify(relaties["Soort relatie"].str.strip())["normal"].eq("organisatie")
    legal = Catalog().rechtsvorm_vocabulary.classify(relaties["Rechtsvorm"].str.strip())
    return organisatie.fillna(False) & ~legal["normal"].eq("Eenmanszaak").fillna(False)


def _one_fiscal_number(relaties: pd.DataFrame) -> pd.DataFrame:
    """Only the number a one-column package can hold: the RSIN of an organisatie, else the
    BSN."""
    rsin = _rsin_rows(relaties)
    relaties = relaties.copy()
    relaties["BSN"] = relaties["BSN"].where(~rsin, "")
    relaties["RSIN"] = relaties["RSIN"].where(rsin, "")
    return relaties


def _quirked(
    frame: pd.DataFrame,
    fields: dict[str, str],
    file: str,
    package: Preset,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """One file as the package exports it."""
    own = package.headers.get(file, {})
    out = frame.copy()
    if SHARED_FISCAL_NUMBER in package.quirks and file == "relaties":
        out["BSN"] = out["BSN"].where(out["BSN"].ne(""), out["RSIN"])
        out = out.drop(columns="RSIN")
    if RECHTSVORM_CODE in package.quirks and file == "relaties":
        code_of = {name: code for code, name in reversed(package.rechtsvorm_codes.items())}
        legal = Catalog().rechtsvorm_vocabulary.classify(out["Rechtsvorm"].str.strip())["normal"]
        codes = legal.map(code_of)
        # Some packages drop the leading zero of a code (1 for 01).
        codes = codes.where(rng.random(len(codes)) < 0.5, codes.str.lstrip("0"))
        out["Rechtsvorm"] = codes.where(codes.notna(), out["Rechtsvorm"])
    if LIST_CELLS in package.quirks and file == "contacten":
        out = _second_values(out, rng)
    if PADDED_CODES in package.quirks:
        for header in ("Relatienr.", "Contactnr", "Gekoppelde relaties"):
            if header in out:
                out[header] = out[header].str.rjust(package.pad_width)
    names = {h: own.get(f, OFFICE_WORDS[f]) for h, f in fields.items() if h in out}
    out = out.rename(columns=names)
    order = rng.permutation(len(out.columns))
    return out.iloc[:, order]


def _second_values(contacten: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A fifth of the contacts get a second e-mail address and phone number in their cell."""
    email, phone = contacten["E-mailadres"], contacten["Telefoon"]
    pick = (rng.random(len(email)) < 0.2) & email.str.fullmatch(r"[^\s;,]+@[^\s;,]+")
    contacten.loc[pick, "E-mailadres"] = email[pick] + "; prive." + email[pick]
    pick = (rng.random(len(phone)) < 0.2) & phone.str.fullmatch(r"[0-9+][0-9 -]+")
    contacten.loc[pick, "Telefoon"] = phone[pick] + " / 020-1234567"
    return contacten
