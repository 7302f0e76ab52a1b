"""The old packages an office exports from: their headers and their quirks, as data.

Each `Preset` names the columns a package writes (domain-rules.md, "Exports from the office's
old software") and the quirks its export has; `dq.checks.sources` recognises a package from
a file's headers and undoes the quirks. A new package is one more `Preset` here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dq.spec.kinds import CONTACTEN, RELATIES

#: Quirks a preset can declare (undone by `dq.checks.sources.undo_quirks`).
PADDED_CODES = "padded_codes"  # numbers padded with leading spaces to a fixed width
LIST_CELLS = "list_cells"  # several e-mail addresses or phone numbers in one cell
RECHTSVORM_CODE = "rechtsvorm_code"  # the rechtsvorm as a numeric code
SHARED_FISCAL_NUMBER = "shared_fiscal_number"  # one column holds the BSN or the RSIN

#: The Handelsregister's rechtsvorm codes, as packages that store a code export them.
#: Codes for forms Mijn Kantoor does not know (rederij, kerkgenootschap ...) stay as found.
KVK_RECHTSVORM_CODES: Mapping[str, str] = {
    "01": "Eenmanszaak",
    "02": "Eenmanszaak",
    "07": "Maatschap",
    "11": "Vennootschap onder firma",
    "21": "Commanditaire vennootschap",
    "22": "Commanditaire vennootschap",
    "41": "Besloten vennootschap",
    "42": "Besloten vennootschap",
    "51": "Naamloze vennootschap",
    "52": "Naamloze vennootschap",
    "61": "Coöperatie",
    "62": "Coöperatie",
    "63": "Coöperatie",
    "64": "Onderlinge waarborgmaatschappij",
    "65": "Onderlinge waarborgmaatschappij",
    "66": "Onderlinge waarborgmaatschappij",
    "71": "Vereniging",
    "72": "Vereniging",
    "74": "Stichting",
}


@dataclass(frozen=True)
class Preset:
    """One package's export: what it calls our fields, and what it does to their values."""

    key: str  # what `--bron` takes
    name: str  # the package as offices call it
    headers: Mapping[str, Mapping[str, str]]  # file -> field -> the package's header
    quirks: tuple[str, ...] = ()
    rechtsvorm_codes: Mapping[str, str] = field(default_factory=dict)
    pad_width: int = 0  # PADDED_CODES: the width the package pads to

    def header_fields(self, file: str) -> dict[str, str]:
        """The package's headers of one file (compared without case), each with its field."""
        return {h.strip().lower(): f for f, h in self.headers.get(file, {}).items()}

    def own_headers(self, file: str) -> frozenset[str]:
        """The package's headers that our own spellings do not use (`BSN` tells nothing)."""
        from dq.spec.fields import fields_of  # here: `dq --help` names the presets without pandas

        ours = {s.lower() for f in fields_of(file) for s in (f.label, *f.synonyms)}
        return frozenset(self.header_fields(file)) - ours


PRESETS: tuple[Preset, ...] = (
    Preset(
        "afas",
        "AFAS Profit",
        {
            RELATIES: {
                "relatienummer": "BcCo",
                "naam": "Nm",
                "bsn": "SoSe",
                "rsin": "FiNr",
                "kvk_nummer": "CcNr",
                "btw_nummer": "VaId",
                "rechtsvorm": "ViLe",
                "postcode": "ZpCd",
                "plaats": "Rs",
                "iban": "Iban",
            },
            CONTACTEN: {
                "contactnummer": "BcCo",
                "voornaam": "FiNm",
                "tussenvoegsel": "Is",
                "achternaam": "LaNm",
                "email": "EmAd",
                "telefoon": "TeNr",
                "relatienummers": "BcCoOrg",
            },
        },
        (RECHTSVORM_CODE,),
        KVK_RECHTSVORM_CODES,
    ),
    Preset(
        "exact",
        "Exact Online",
        {
            RELATIES: {
                "relatienummer": "Code",
                "naam": "Name",
                "bsn": "BSN",
                "rsin": "RSIN",
                "kvk_nummer": "ChamberOfCommerce",
                "btw_nummer": "VATNumber",
                "postcode": "Postcode",
                "plaats": "City",
            },
            CONTACTEN: {
                "contactnummer": "HID",
                "voornaam": "FirstName",
                "tussenvoegsel": "MiddleName",
                "achternaam": "LastName",
                "email": "Email",
                "telefoon": "Phone",
                "relatienummers": "AccountCode",
            },
        },
        (PADDED_CODES, LIST_CELLS),
        pad_width=18,
    ),
    Preset(
        "twinfield",
        "Twinfield",
        {
            RELATIES: {
                "relatienummer": "code",
                "naam": "name",
                "btw_nummer": "field4",
                "kvk_nummer": "field5",
                "postcode": "postcode",
                "plaats": "city",
            },
        },
    ),
    Preset(
        "simplicate",
        "Simplicate",
        {
            RELATIES: {
                "relatienummer": "relation_number",
                "naam": "name",
                "kvk_nummer": "coc_code",
                "btw_nummer": "vat_number",
                "iban": "bank_account",
            },
            CONTACTEN: {
                "voornaam": "first_name",
                "tussenvoegsel": "family_name_prefix",
                "achternaam": "family_name",
                "email": "email",
                "telefoon": "phone",
                "relatienummers": "relation_number",
            },
        },
        (LIST_CELLS,),
    ),
    Preset(
        "fiscaalgemak",
        "Fiscaal Gemak",
        {
            RELATIES: {
                "relatienummer": "Number",
                "naam": "Name",
                "bsn": "IdentificationNumber",
                "kvk_nummer": "ChamberOfCommerceNumber",
                "btw_nummer": "VatNumber",
                "rechtsvorm": "TypeOfBusinessEntity",
            },
        },
        (RECHTSVORM_CODE, SHARED_FISCAL_NUMBER),
        KVK_RECHTSVORM_CODES,
    ),
)

BY_KEY: dict[str, Preset] = {p.key: p for p in PRESETS}
#: At least this many of a package's own headers must be in a file to recognise it.
MIN_RECOGNISED = 3


def preset(key: str) -> Preset:
    """A preset by its `--bron` key; ValueError (Dutch) naming the known ones."""
    if key not in BY_KEY:
        known = ", ".join(BY_KEY)
        raise ValueError(f"Onbekende bron '{key}'. Kies uit: {known}.")
    return BY_KEY[key]


def recognise(headers: Sequence[str], file: str) -> Preset | None:
    """The package whose own headers a file carries most (at least `MIN_RECOGNISED`, and
    more than any other package), else None.

    Headers are compared without case but with their punctuation, since `VATNumber` (Exact)
    and `vat_number` (Simplicate) name the same thing in different packages.

    >>> recognise(["Code", "Name", "VATNumber", "ChamberOfCommerce", "Soort"], "relaties").name
    'Exact Online'
    >>> recognise(["Relatienummer", "Naam", "BSN", "RSIN", "Postcode"], "relaties") is None
    True
    """
    present = {h.strip().lower() for h in headers}
    counts = sorted(((len(present & p.own_headers(file)), p.key) for p in PRESETS), reverse=True)
    (best, key), (second, _other) = counts[0], counts[1]
    return BY_KEY[key] if best >= MIN_RECOGNISED and best > second else None
