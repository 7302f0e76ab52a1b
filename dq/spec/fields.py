"""The one declaration of every field: labels, header synonyms, requiredness, validator, severity.

Mapping, checks, scores, exports, templates and docs all read `FIELDS`; adding a field or a
rule starts here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from dq.spec.catalog import TIJDVAK_BTW, TIJDVAK_ICP, TIJDVAK_LH, TYPES, Catalog, Vocabulary
from dq.spec.kinds import CONTACTEN, RELATIES
from dq.validators import bsn, btw, email, iban, kvk, loonheffingsnummer, postcode, telefoon

if TYPE_CHECKING:
    from dq.spec.context import ContactContext, Context

ERROR, WARNING, INFO = "error", "warning", "info"
#: Sort order of severities: what blocks the import first.
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
#: The field that names a row of each file (its row key).
KEY_FIELD = {RELATIES: "relatienummer", CONTACTEN: "contactnummer"}

#: Kinds of work: the fix list puts each on a sheet of its own, for whoever holds that
#: information. Every field names its kind (`Field.work`); file-level findings are "Kolommen".
FISCAL_WORK, WORKFLOW_WORK = "Fiscale nummers", "Aangiften en producten"
RELATIE_WORK, CONTACT_WORK, COLUMN_WORK = "Relatiegegevens", "Contacten", "Kolommen"
WORK = {
    FISCAL_WORK: "BSN, RSIN, BTW-, loonheffingen- en KvK-nummers: op te zoeken in de "
    "aangiftesoftware, bij de Belastingdienst of in het Handelsregister.",
    WORKFLOW_WORK: "Producten en aangiftetijdvakken: wie het dossier behandelt, weet "
    "welke aangiften het kantoor doet.",
    RELATIE_WORK: "Nummering, naam, soort, rechtsvorm, adres en bankrekening van de relaties.",
    CONTACT_WORK: "De contactpersonen: namen, e-mailadressen waarmee zij inloggen en de "
    "koppeling aan relaties.",
    COLUMN_WORK: "Kolommen die ontbreken of niet herkend zijn: voor wie de export uit het "
    "CRM-pakket maakt.",
}

Requirement = Callable[["Context | ContactContext"], pd.Series] | bool
TEXT_REASONS = ("normalised",)
VOCABULARY_REASONS = ("unknown_value", "normalised")
#: Where a code is decided, as docs/checks.md names it.
FIELDS_SOURCE, CATALOG_SOURCE = "dq/spec/fields.py", "dq/spec/catalog.py"


@dataclass(frozen=True)
class Classifier:
    """Turns a column of stripped, non-empty texts into normal/reason/suggestion columns."""

    run: Callable[[pd.Series, Catalog], pd.DataFrame]
    reasons: tuple[str, ...]  # every reason `run` can give, for the code catalogue
    source: str = CATALOG_SOURCE  # the file that decides, for docs/checks.md


def _validator(module: ModuleType) -> Classifier:
    source = module.__name__.replace(".", "/") + ".py"
    return Classifier(lambda values, _catalog: module.classify(values), module.REASONS, source)


def _vocabulary(vocabulary: Vocabulary) -> Classifier:
    return Classifier(lambda values, _catalog: vocabulary.classify(values), vocabulary.reasons)


def _plain_text(values: pd.Series, _catalog: Catalog) -> pd.DataFrame:
    none = pd.Series(pd.NA, index=values.index, dtype="str")
    return pd.DataFrame({"normal": values, "reason": none, "suggestion": none})


PLAIN_TEXT = Classifier(_plain_text, TEXT_REASONS, FIELDS_SOURCE)


#: The words a header is made of, grouped into concepts: a header whose words cover every
#: concept of a field names that field, in any order (`dq.checks.headerwords`). Each entry
#: is one alternative; several words in an entry must all be present ("first name").
Concept = tuple[str, ...]
NUMMER: Concept = ("nummer", "nr", "no", "number", "num", "code", "id")
RELATIE: Concept = (
    "relatie", "relaties", "klant", "klanten", "debiteur", "debiteuren", "client", "clients",
    "relation", "relations", "customer", "account", "dossier",
)  # fmt: skip
CONTACT: Concept = ("contact", "contactpersoon", "contactpersonen", "persoon", "person")
NAAM: Concept = ("naam", "name", "namen")
BTW: Concept = ("btw", "ob", "omzetbelasting", "vat", "omzetbelastingnummer", "btwid")
LH: Concept = (
    "lh", "loonheffing", "loonheffingen", "loonheffings", "loonbelasting", "payroll",
    "loonaangifte",
)  # fmt: skip
TIJDVAK: Concept = (
    "tijdvak", "periode", "frequentie", "aangiftefrequentie", "aangiftetijdvak",
    "aangifteperiode", "period", "frequency", "interval", "periodiciteit",
)  # fmt: skip
#: Words that say nothing about which field a header names but do not make it less certain.
FILLER: Concept = ("aangifte", "van", "de", "het", "der", "of", "the", "en", "e", "nl", *NUMMER)
#: What each file is about: in its headers these words say nothing more ("Naam klant" in
#: Relaties, "Achternaam contactpersoon" in Contacten).
SUBJECT: dict[str, Concept] = {RELATIES: RELATIE, CONTACTEN: CONTACT}


@dataclass(frozen=True)
class Field:
    """One column of an import file, as Mijn Kantoor understands it."""

    key: str
    file: str
    label: str
    synonyms: tuple[str, ...]
    rule: str  # the rule in plain Dutch words, for the Velden page and the docs
    classify: Classifier = PLAIN_TEXT
    required: Requirement = False
    required_when: str = "altijd"  # Dutch, completes "verplicht ..." (or "gewenst ...")
    missing: str = ERROR  # severity when required and empty
    invalid: str = ERROR  # severity when filled but not valid
    form: str = ""  # the accepted form in Dutch words, used in messages
    sensitive: bool = False  # masked on screen and in exports unless revealed
    embeds_bsn: bool = False  # its 9 digits may be a BSN (eenmanszaak): masked like one
    listed: bool = False  # a cell holds a list of values
    vocabulary: bool = False  # `-`/`nvt` are values (geen), not placeholders
    cosmetic: bool = False  # a different notation is fine: no `normalised` remark
    #: an example value per reason where the catalogue's generic one would not fit this field
    examples: Mapping[str, str] = dataclasses.field(default_factory=dict, hash=False)
    work: str = ""  # the fix list's kind of work (sheet); "" = the file's general kind
    #: the concepts a header's words must cover to name this field (see `Concept`)
    concepts: tuple[Concept, ...] = ()

    def __post_init__(self) -> None:
        if not self.work:
            object.__setattr__(
                self, "work", RELATIE_WORK if self.file == RELATIES else CONTACT_WORK
            )

    @property
    def need(self) -> str:
        """'verplicht' when an empty cell is an error, else 'gewenst': one word for a field's
        label on screen and for its missing message, so a warning is never called required."""
        return "verplicht" if self.missing == ERROR else "gewenst"

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
        concepts=(RELATIE, NUMMER),
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
        concepts=((*NAAM, "bedrijfsnaam", "handelsnaam", "organisatienaam"),),
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
        examples={
            "unknown_value": "Klant",
            "normalised": "Natuurlijk persoon",
        },
        concepts=(("soort", "type", "categorie", "relatietype", "relatiesoort", "kind"),),
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
        examples={
            "normalised": "B.V.",
        },
        concepts=(
            (
                "rechtsvorm",
                "ondernemingsvorm",
                "bedrijfsvorm",
                "juridische vorm",
                "legal form",
                "business entity",
                "entity type",
            ),
        ),
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
        examples={
            "normalised": "1112.22.333",
        },
        work=FISCAL_WORK,
        concepts=(("bsn", "burgerservicenummer", "sofinummer", "sofi", "ssn", "citizen service"),),
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
        examples={
            "normalised": "0010.00.019",
        },
        work=FISCAL_WORK,
        concepts=(("rsin", "fiscaal", "fiscaalnummer", "fiscal", "tax id", "fiscal number"),),
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
        examples={
            "leading_zero_restored": "1234567",
            "normalised": "1234 5678",
            "test_number": "12345678",
            "invalid_length": "123456",
            "float_suffix_removed": "12345678.0",
        },
        work=FISCAL_WORK,
        concepts=(
            (
                "kvk",
                "kvknummer",
                "kamer van koophandel",
                "coc",
                "chamber of commerce",
                "handelsregister",
                "handelsregisternummer",
            ),
        ),
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
        examples={
            "invalid_checksum": "NL123456789B90",
            "invalid_format": "NLB01",
            "invalid_length": "NL12345678B01",
            "normalised": "nl 0044.95.445 b01",
        },
        work=FISCAL_WORK,
        concepts=(BTW,),
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
        examples={
            "invalid_suffix": "001000019L00",
            "invalid_checksum": "123456789L01",
            "normalised": "0010.00.019.L01",
            "invalid_length": "00100001L01",
            "invalid_format": "LH-NUMMER",
        },
        work=FISCAL_WORK,
        concepts=(LH,),
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
        examples={
            "unknown_value": "tweemaandelijks",
            "normalised": "K",
        },
        work=WORKFLOW_WORK,
        concepts=(TIJDVAK, BTW),
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
        examples={
            "unknown_value": "week",
            "normalised": "4 weken",
        },
        work=WORKFLOW_WORK,
        concepts=(TIJDVAK, LH),
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
        examples={
            "unknown_value": "week",
            "normalised": "per kwartaal",
        },
        work=WORKFLOW_WORK,
        concepts=(TIJDVAK, ("icp", "intracommunautair", "intracommunautaire")),
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
        examples={
            "unknown_value": "Subsidieaanvraag",
            "normalised": "BTW",
        },
        work=WORKFLOW_WORK,
        concepts=(
            (
                "product",
                "producten",
                "dienst",
                "diensten",
                "products",
                "services",
                "werkzaamheden",
                "abonnement",
                "abonnementen",
                "opdracht",
                "opdrachten",
            ),
        ),
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
        examples={
            "invalid_format": "0123 SA",
            "normalised": "1234ab",
        },
        concepts=(("postcode", "zip", "zipcode", "postal code", "postalcode", "post code"),),
    ),
    Field(
        "plaats",
        RELATIES,
        "Plaats",
        ("plaats", "woonplaats", "vestigingsplaats", "stad", "plaatsnaam"),
        "Woon- of vestigingsplaats.",
        concepts=(
            ("plaats", "woonplaats", "vestigingsplaats", "plaatsnaam", "stad", "city", "town"),
        ),
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
        examples={
            "invalid_checksum": "NL00ABNA0417164300",
            "normalised": "nl91 abna 0417 1643 00",
            "invalid_format": "0417164300",
            "invalid_length": "NL91ABNA041716430",
        },
        concepts=(
            (
                "iban",
                "rekeningnummer",
                "bankrekening",
                "bankrekeningnummer",
                "rekening",
                "bank account",
                "bankaccount",
            ),
        ),
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
        concepts=(CONTACT, NUMMER),
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
        concepts=(("voornaam", "voornamen", "roepnaam", "first name", "firstname", "given name"),),
    ),
    Field(
        "tussenvoegsel",
        CONTACTEN,
        "Tussenvoegsel",
        ("tussenvoegsel", "tussenvoegsels", "voorvoegsel"),
        "Bijvoorbeeld van, de, van der.",
        concepts=(
            (
                "tussenvoegsel",
                "tussenvoegsels",
                "voorvoegsel",
                "middle name",
                "middlename",
                "prefix",
                "name prefix",
            ),
        ),
    ),
    Field(
        "achternaam",
        CONTACTEN,
        "Achternaam",
        ("achternaam", "familienaam", "geslachtsnaam", "last name"),
        "Achternaam van het contact (niet nodig als de volledige naam in één kolom staat).",
        required=lambda ctx: ~ctx.filled("volledige_naam"),
        required_when="zonder volledige naam",
        concepts=(
            (
                "achternaam",
                "familienaam",
                "geslachtsnaam",
                "last name",
                "lastname",
                "surname",
                "family name",
            ),
        ),
    ),
    Field(
        "volledige_naam",
        CONTACTEN,
        "Volledige naam",
        ("naam", "volledige naam", "naam contact", "contactpersoon", "naam contactpersoon"),
        "Voor- en achternaam in één kolom, als het bestand geen aparte kolommen heeft.",
        concepts=((*NAAM, "volledige naam", "full name", "fullname"),),
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
        examples={
            "invalid_format": "jan.devries@",
            "normalised": "Jan.DeVries@Voorbeeld.NL",
        },
        concepts=(("email", "mail", "mailadres", "emailadres", "e mail", "e mailadres", "inlog"),),
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
        examples={
            "invalid_length": "06-1234",
            "normalised": "+31 6 1234 5678",
            "invalid_format": "06-ABCDEFGH",
        },
        concepts=(
            ("telefoon", "telefoonnummer", "tel", "phone", "mobiel", "mobile", "gsm", "telephone"),
        ),
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
        concepts=(RELATIE,),
    ),
)

BY_KEY: dict[tuple[str, str], Field] = {(f.file, f.key): f for f in FIELDS}
FISCAL_FIELDS = frozenset(f.key for f in FIELDS if f.work == FISCAL_WORK)
WORKFLOW_FIELDS = frozenset(f.key for f in FIELDS if f.work == WORKFLOW_WORK)


def fields_of(file: str) -> tuple[Field, ...]:
    """The fields of one file, in declaration order."""
    return tuple(f for f in FIELDS if f.file == file)


def field(file: str, key: str) -> Field:
    """One field by file and key."""
    return BY_KEY[(file, key)]


def always_required(file: str) -> list[str]:
    """Fields whose column must exist in every file of this kind."""
    return [f.key for f in fields_of(file) if f.required is True]
