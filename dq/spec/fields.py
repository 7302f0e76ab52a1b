"""The one declaration of every field: labels, header synonyms, requiredness, validator, severity.

Mapping, checks, scores, exports, templates and docs all read `FIELDS`; adding a field or a
rule starts here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from dq.spec.catalog import TIJDVAK_BTW, TIJDVAK_ICP, TIJDVAK_LH, TYPES, Catalog, Vocabulary
from dq.validators import bsn, btw, email, iban, kvk, loonheffingsnummer, postcode, telefoon

if TYPE_CHECKING:
    from dq.spec.context import ContactContext, Context

ERROR, WARNING, INFO = "error", "warning", "info"
RELATIES, CONTACTEN = "relaties", "contacten"
#: Sort order of severities: what blocks the import first.
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
#: The field that names a row of each file (its row key).
KEY_FIELD = {RELATIES: "relatienummer", CONTACTEN: "contactnummer"}

Requirement = Callable[["Context | ContactContext"], pd.Series] | bool
TEXT_REASONS = ("normalised",)
VOCABULARY_REASONS = ("unknown_value", "normalised")


@dataclass(frozen=True)
class Classifier:
    """Turns a column of stripped, non-empty texts into normal/reason/suggestion columns."""

    run: Callable[[pd.Series, Catalog], pd.DataFrame]
    reasons: tuple[str, ...]  # every reason `run` can give, for the code catalogue


def _validator(module: ModuleType) -> Classifier:
    return Classifier(lambda values, _catalog: module.classify(values), module.REASONS)


def _vocabulary(vocabulary: Vocabulary) -> Classifier:
    return Classifier(lambda values, _catalog: vocabulary.classify(values), vocabulary.reasons)


def _plain_text(values: pd.Series, _catalog: Catalog) -> pd.DataFrame:
    none = pd.Series(pd.NA, index=values.index, dtype="str")
    return pd.DataFrame({"normal": values, "reason": none, "suggestion": none})


TEXT = Classifier(_plain_text, TEXT_REASONS)


@dataclass(frozen=True)
class Field:
    """One column of an import file, as Mijn Kantoor understands it."""

    key: str
    file: str
    label: str
    synonyms: tuple[str, ...]
    rule: str  # the rule in plain Dutch words, for the Velden page and the docs
    classify: Classifier = TEXT
    required: Requirement = False
    required_when: str = "altijd"  # Dutch, completes "verplicht ..."
    missing: str = ERROR  # severity when required and empty
    invalid: str = ERROR  # severity when filled but not valid
    form: str = ""  # the accepted form in Dutch words, used in messages
    sensitive: bool = False  # masked on screen and in exports unless revealed
    embeds_bsn: bool = False  # its 9 digits may be a BSN (eenmanszaak): masked like one
    listed: bool = False  # a cell holds a list of values
    vocabulary: bool = False  # `-`/`nvt` are values (geen), not placeholders
    cosmetic: bool = False  # a different notation is fine: no `normalised` remark

    @property
    def reasons(self) -> tuple[str, ...]:
        """The column-check reasons this field reports."""
        if self.cosmetic:
            return tuple(r for r in self.classify.reasons if r != "normalised")
        return self.classify.reasons


FIELDS: tuple[Field, ...] = (
    # --- Relaties -------------------------------------------------------------------
    Field(
        "relatienummer",
        RELATIES,
        "Relatienummer",
        (
            "relatienummer",
            "relatienr",
            "relatie nr",
            "relatie",
            "klantnummer",
            "klantnr",
            "debiteurnummer",
            "debiteurnr",
            "dossiernummer",
            "clientnummer",
            "nummer",
            "nr",
            "relatiecode",
            "klantcode",
        ),
        "Uniek per relatie, als tekst vergeleken. Een subrelatie 100.1 hoort bij relatie 100, "
        "die dus moet bestaan.",
        required=True,
    ),
    Field(
        "naam",
        RELATIES,
        "Naam",
        (
            "naam",
            "relatienaam",
            "bedrijfsnaam",
            "naam relatie",
            "klantnaam",
            "statutaire naam",
            "handelsnaam",
            "organisatienaam",
        ),
        "De naam van de organisatie of persoon.",
        required=True,
    ),
    Field(
        "type",
        RELATIES,
        "Soort relatie",
        (
            "type",
            "soort",
            "soort relatie",
            "relatietype",
            "type relatie",
            "relatiesoort",
            "organisatie persoon",
            "categorie",
        ),
        "Organisatie of persoon (ook intern of leverancier). Bepaalt welke velden verplicht zijn.",
        classify=_vocabulary(TYPES),
        required=True,
        vocabulary=True,
        form="organisatie, persoon, intern of leverancier",
    ),
    Field(
        "rechtsvorm",
        RELATIES,
        "Rechtsvorm",
        ("rechtsvorm", "rechtsvormen", "juridische vorm", "ondernemingsvorm", "rechtsvorm relatie"),
        "Verplicht voor een organisatie, nodig voor de SBR-inbox; een persoon heeft er geen.",
        classify=Classifier(
            lambda values, catalog: catalog.rechtsvorm_vocabulary.classify(values),
            VOCABULARY_REASONS,
        ),
        required=lambda ctx: ctx.organisatie,
        required_when="voor een organisatie",
        vocabulary=True,
        form="een bekende rechtsvorm (bv, nv, vof, eenmanszaak, stichting ...)",
    ),
    Field(
        "bsn",
        RELATIES,
        "BSN",
        ("bsn", "burgerservicenummer", "sofinummer", "sofi nummer", "bsn nummer", "bsn relatie"),
        "Verplicht voor een persoon: koppelt binnenkomende aangiften aan de relatie. "
        "9 cijfers die de elfproef doorstaan.",
        classify=_validator(bsn),
        required=lambda ctx: ctx.persoon,
        required_when="voor een persoon",
        form="9 cijfers",
        sensitive=True,
    ),
    Field(
        "rsin",
        RELATIES,
        "RSIN",
        (
            "rsin",
            "rsin nummer",
            "fiscaal nummer",
            "fiscaalnummer",
            "rsin fiscaal nummer",
            "rechtspersonen en samenwerkingsverbanden informatienummer",
        ),
        "Verplicht voor een organisatie met een rechtsvorm die een RSIN heeft (alles behalve de "
        "eenmanszaak). 9 cijfers die de elfproef doorstaan.",
        classify=_validator(bsn),
        required=lambda ctx: ctx.rsin_required,
        required_when="voor deze rechtsvorm",
        form="9 cijfers",
        sensitive=True,
    ),
    Field(
        "kvk_nummer",
        RELATIES,
        "KvK-nummer",
        (
            "kvk nummer",
            "kvk",
            "kvknummer",
            "kamer van koophandel",
            "kvk nr",
            "handelsregisternummer",
            "kvk-nummer",
        ),
        "8 cijfers (mag met 0 beginnen). Hoort bij een organisatie, niet bij een persoon.",
        classify=_validator(kvk),
        required=lambda ctx: ctx.organisatie,
        required_when="voor een organisatie",
        missing=WARNING,
        invalid=WARNING,
        form="8 cijfers",
    ),
    Field(
        "btw_nummer",
        RELATIES,
        "BTW-nummer",
        (
            "btw nummer",
            "btwnummer",
            "btw",
            "btw id",
            "btw-id",
            "btw identificatienummer",
            "omzetbelastingnummer",
            "ob nummer",
            "obnummer",
            "vat",
            "vat number",
            "btw nr",
        ),
        "Nodig voor de btw-aangifte: NL + 9 cijfers + B + 2 cijfers. Verplicht bij product "
        "Aangifte BTW, een BTW-tijdvak of een ICP-tijdvak.",
        classify=_validator(btw),
        required=lambda ctx: ctx.btw_active | ctx.icp_active,
        required_when="bij Aangifte BTW, een BTW-tijdvak of ICP",
        form="NL123456789B01",
        embeds_bsn=True,
    ),
    Field(
        "loonheffingsnummer",
        RELATIES,
        "Loonheffingennummer",
        (
            "loonheffingsnummer",
            "loonheffingennummer",
            "lh nummer",
            "lhnummer",
            "lh",
            "lh nr",
            "loonheffing",
            "loonheffingen nummer",
            "loonheffingen",
        ),
        "Nodig voor de aangifte loonheffingen: 9 cijfers + L + 2 cijfers. Verplicht bij product "
        "Loonadministratie of een LH-tijdvak.",
        classify=_validator(loonheffingsnummer),
        required=lambda ctx: ctx.lh_active,
        required_when="bij Loonadministratie of een LH-tijdvak",
        form="123456789L01",
        embeds_bsn=True,
    ),
    Field(
        "tijdvak_btw",
        RELATIES,
        "Aangifte tijdvak BTW",
        (
            "tijdvak btw",
            "aangifte tijdvak btw",
            "btw tijdvak",
            "aangiftetijdvak btw",
            "btw periode",
            "periode btw",
            "frequentie btw",
            "tijdvak omzetbelasting",
        ),
        "maand, kwartaal, jaar of geen. Jaar alleen voor een natuurlijk persoon of een "
        "samenwerking van natuurlijke personen (eenmanszaak, vof, maatschap).",
        classify=_vocabulary(TIJDVAK_BTW),
        required=lambda ctx: ctx.product("Aangifte BTW"),
        required_when="bij Aangifte BTW",
        missing=WARNING,
        vocabulary=True,
        form="maand, kwartaal, jaar of geen",
    ),
    Field(
        "tijdvak_lh",
        RELATIES,
        "Aangifte tijdvak LH",
        (
            "tijdvak lh",
            "aangifte tijdvak lh",
            "lh tijdvak",
            "tijdvak loonheffingen",
            "aangifte tijdvak loonheffingen",
            "loonheffing tijdvak",
            "periode lh",
            "frequentie lh",
        ),
        "maand, vier weken of geen (halfjaar en jaar bestaan voor uitzonderingen; kwartaal "
        "bestaat niet).",
        classify=_vocabulary(TIJDVAK_LH),
        required=lambda ctx: ctx.product("Loonadministratie"),
        required_when="bij Loonadministratie",
        vocabulary=True,
        form="maand, vier weken of geen",
    ),
    Field(
        "tijdvak_icp",
        RELATIES,
        "Aangifte tijdvak ICP",
        (
            "tijdvak icp",
            "aangifte tijdvak icp",
            "icp tijdvak",
            "icp periode",
            "opgaaf icp tijdvak",
            "frequentie icp",
        ),
        "maand, kwartaal, jaar of geen; vraagt een BTW-nummer en een BTW-tijdvak.",
        classify=_vocabulary(TIJDVAK_ICP),
        required=lambda ctx: ctx.product("Opgaaf ICP"),
        required_when="bij Opgaaf ICP",
        missing=WARNING,
        vocabulary=True,
        form="maand, kwartaal, jaar of geen",
    ),
    Field(
        "producten",
        RELATIES,
        "Producten",
        (
            "producten",
            "product",
            "diensten",
            "dienst",
            "werkzaamheden",
            "abonnementen",
            "productcodes",
            "opdrachten",
        ),
        "De diensten voor deze relatie; ze bepalen welke workflows automatisch starten. "
        "Meerdere producten scheiden met komma of puntkomma.",
        classify=Classifier(
            lambda values, catalog: catalog.product_vocabulary.classify(values),
            VOCABULARY_REASONS,
        ),
        required=True,
        required_when="voor automatische workflows",
        missing=WARNING,
        invalid=WARNING,
        listed=True,
        form="de productcatalogus (of breid die uit)",
    ),
    Field(
        "postcode",
        RELATIES,
        "Postcode",
        ("postcode", "postcode vestiging", "pc", "postcode bezoekadres", "postcode postadres"),
        "Nederlandse postcode: 4 cijfers en 2 letters, als 1234 AB.",
        classify=_validator(postcode),
        invalid=WARNING,
        form="1234 AB",
    ),
    Field(
        "plaats",
        RELATIES,
        "Plaats",
        ("plaats", "woonplaats", "vestigingsplaats", "stad", "plaatsnaam"),
        "Woon- of vestigingsplaats.",
    ),
    Field(
        "iban",
        RELATIES,
        "IBAN",
        ("iban", "rekeningnummer", "bankrekening", "bankrekeningnummer", "iban nummer"),
        "Internationaal rekeningnummer; een Nederlands IBAN is NL + 2 cijfers + 4 letters + "
        "10 cijfers.",
        classify=_validator(iban),
        invalid=WARNING,
        form="NL91ABNA0417164300",
    ),
    # --- Contacten ------------------------------------------------------------------
    Field(
        "contactnummer",
        CONTACTEN,
        "Contactnummer",
        (
            "contactnummer",
            "contactnr",
            "contact nr",
            "contactpersoonnummer",
            "contactcode",
            "persoonsnummer",
            "nummer",
            "nr",
        ),
        "Uniek per contact (mag gelijk zijn aan een relatienummer); nodig voor synchronisatie.",
        required=True,
    ),
    Field(
        "voornaam",
        CONTACTEN,
        "Voornaam",
        ("voornaam", "roepnaam", "voornamen", "first name"),
        "Voornaam van het contact (niet nodig als de volledige naam in één kolom staat).",
        required=lambda ctx: ~ctx.filled("volledige_naam"),
        required_when="zonder volledige naam",
        missing=WARNING,
    ),
    Field(
        "tussenvoegsel",
        CONTACTEN,
        "Tussenvoegsel",
        ("tussenvoegsel", "tussenvoegsels", "voorvoegsel"),
        "Bijvoorbeeld van, de, van der.",
    ),
    Field(
        "achternaam",
        CONTACTEN,
        "Achternaam",
        ("achternaam", "familienaam", "geslachtsnaam", "last name"),
        "Achternaam van het contact (niet nodig als de volledige naam in één kolom staat).",
        required=lambda ctx: ~ctx.filled("volledige_naam"),
        required_when="zonder volledige naam",
    ),
    Field(
        "volledige_naam",
        CONTACTEN,
        "Volledige naam",
        ("naam", "volledige naam", "naam contact", "contactpersoon", "naam contactpersoon"),
        "Voor- en achternaam in één kolom, als het bestand geen aparte kolommen heeft.",
    ),
    Field(
        "email",
        CONTACTEN,
        "E-mailadres",
        (
            "email",
            "e-mail",
            "e-mailadres",
            "emailadres",
            "mail",
            "mailadres",
            "e mail",
            "inlog e-mail",
            "gebruikersnaam",
        ),
        "Het contact logt hiermee in: één geldig adres per contact, uniek over alle contacten.",
        classify=_validator(email),
        required=True,
        form="naam@domein.nl",
    ),
    Field(
        "telefoon",
        CONTACTEN,
        "Telefoonnummer",
        (
            "telefoon",
            "telefoonnummer",
            "tel",
            "mobiel",
            "mobiel nummer",
            "gsm",
            "telefoon nr",
            "mobiele telefoon",
        ),
        "Nederlands nummer van 10 cijfers (06-12345678) of internationaal met +.",
        classify=_validator(telefoon),
        invalid=WARNING,
        cosmetic=True,
        form="10 cijfers (0612345678), of internationaal met +",
    ),
    Field(
        "relatienummers",
        CONTACTEN,
        "Gekoppelde relaties",
        (
            "gekoppelde relaties",
            "relatienummers",
            "relaties",
            "relatienummer",
            "relatienr",
            "gekoppeld aan",
            "koppeling relatie",
            "relatie",
            "klantnummer",
        ),
        "De relatienummers waar dit contact bij hoort, gescheiden door komma of puntkomma; "
        "elk nummer moet in het relatiebestand staan.",
        required=True,
        missing=WARNING,
        listed=True,
    ),
)

BY_KEY: dict[tuple[str, str], Field] = {(f.file, f.key): f for f in FIELDS}


def fields_of(file: str) -> tuple[Field, ...]:
    """The fields of one file, in declaration order."""
    return tuple(f for f in FIELDS if f.file == file)


def field(file: str, key: str) -> Field:
    """One field by file and key."""
    return BY_KEY[(file, key)]


def always_required(file: str) -> list[str]:
    """Fields whose column must exist in every file of this kind."""
    return [f.key for f in fields_of(file) if f.required is True]
