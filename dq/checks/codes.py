"""Every issue code with its severity, Dutch message and an example: the catalogue users read.

Field codes (`bsn.invalid_checksum`) are derived from the field declarations; rule codes
are declared next to their rule in `dq.checks.rules`. Codes are stable: offices keep old fix lists.
"""

from __future__ import annotations

from dq.checks.issues import Code
from dq.checks.rules import RULES
from dq.spec.fields import ERROR, FIELDS, FIELDS_SOURCE, INFO, WARNING, Field

#: Where the file-level findings are raised.
PIPELINE_SOURCE = "dq/checks/pipeline.py"
#: A field some rows need has no column: the notice that leads its rows' `missing` issues.
COLUMN_MISSING = "bestand.column_missing"
COLUMN_WANTED = "bestand.column_missing_wanted"
#: The file-level notice for a field with no column, by the severity of a missing value; the
#: rows that miss the field are grouped under it (`Report.grouped_missing`).
COLUMN_NOTICE = {ERROR: COLUMN_MISSING, WARNING: COLUMN_WANTED}
COLUMN_NOTICES = tuple(COLUMN_NOTICE.values())

#: reason -> (severity or None to use the field's own, Dutch template, example)
REASON_TEXT: dict[str, tuple[str | None, str]] = {
    "missing": (None, "{label} ontbreekt; dit veld is {when} {need}. Vul het in."),
    "scientific_notation": (
        None,
        "{label} staat in wetenschappelijke notatie (zoals 1,23E+08): Excel heeft het nummer "
        "afgerond. Zet de kolom op Tekst en typ het nummer opnieuw in.",
    ),
    "invalid_format": (None, "{label} heeft een ongeldige vorm; verwacht {form}. Corrigeer het."),
    "invalid_length": (
        None,
        "{label} heeft het verkeerde aantal tekens; verwacht {form}. Controleer het nummer.",
    ),
    "invalid_checksum": (
        None,
        "{label} bestaat niet: de controle op het nummer klopt niet (typefout?). Vraag het juiste "
        "nummer op.",
    ),
    "invalid_suffix": (
        None,
        "{label} heeft een ongeldig achtervoegsel; verwacht {form}. Controleer het nummer.",
    ),
    "multiple_values": (None, "Meer dan één {label} in één cel. Laat er één staan."),
    "unknown_value": (None, "Onbekende waarde voor {label}; kies uit {form}."),
    "not_allowed": (None, "Deze waarde bestaat niet voor {label}; kies uit {form}."),
    "rare_value": (
        WARNING,
        "{label} heeft een waarde die alleen in uitzonderingen voorkomt. Controleer of dit klopt.",
    ),
    "test_number": (
        WARNING,
        "{label} lijkt een test- of voorbeeldnummer (een testnummer van de overheid dat met "
        "9999 begint, bijna alleen nullen, of herhaalde of oplopende cijfers), geen echt nummer. "
        "Vul het echte {label} in.",
    ),
    "leading_zero_restored": (
        WARNING,
        "De voorloopnul van {label} was weggevallen (Excel); de voorgestelde waarde zet hem "
        "terug. Controleer het en zet de kolom op Tekst.",
    ),
    "float_suffix_removed": (
        INFO,
        "{label} had een '.0' van Excel erachter; die is weggehaald.",
    ),
    "normalised": (INFO, "{label} is in de standaardvorm gezet (zie voorgestelde waarde)."),
}

#: Reasons whose suggestion is certain enough to apply in a cleaned file without asking.
CERTAIN_REASONS = frozenset({"normalised", "float_suffix_removed", "leading_zero_restored"})


def is_certain(code: str) -> bool:
    """Whether an issue code's suggestion may be applied automatically."""
    return code.rpartition(".")[2] in CERTAIN_REASONS


#: An example per reason; a field declares its own where this one would not fit it.
EXAMPLES: dict[str, str] = {
    "missing": "(leeg)",
    "scientific_notation": "1,23457E+08",
    "invalid_format": "12A45678",
    "invalid_length": "1234567",
    "invalid_checksum": "111252333",
    "invalid_suffix": "NL009122746B00",
    "multiple_values": "jan@voorbeeld.nl; piet@voorbeeld.nl",
    "unknown_value": "Holding",
    "not_allowed": "kwartaal",
    "rare_value": "halfjaar",
    "test_number": "999990019",
    "leading_zero_restored": "12345672",
    "float_suffix_removed": "111222333.0",
    "normalised": "' tekst met spaties eromheen '",
}


def field_severity(field: Field, reason: str) -> str:
    """Severity of a reason for a field: the reason's own, else the field's missing/invalid."""
    fixed, _template = REASON_TEXT[reason]
    if fixed is not None:
        return fixed
    return field.missing if reason == "missing" else field.invalid


def field_codes(field: Field) -> list[Code]:
    """Every code a field's column check and requiredness can produce."""
    reasons = (["missing"] if field.required is not False else []) + list(field.reasons)
    codes = []
    for reason in reasons:
        code = f"{field.key}.{reason}"
        template = REASON_TEXT[reason][1]
        message = template.format(
            label=field.label, when=field.required_when, form=field.form, need=field.need
        )
        example = field.examples.get(reason, EXAMPLES[reason])
        source = FIELDS_SOURCE if reason == "missing" else field.classify.source
        severity = field_severity(field, reason)
        codes.append(Code(code, field.file, field.key, severity, message, example, source))
    return codes


FILE_CODES: tuple[Code, ...] = (
    Code(
        COLUMN_MISSING,
        "bestand",
        "",
        ERROR,
        "Er is geen kolom gevonden voor een veld dat voor een deel van de rijen verplicht is. "
        "Voeg de kolom toe of koppel hem op de pagina Kolommen.",
        "geen kolom BSN terwijl er personen zijn",
        PIPELINE_SOURCE,
    ),
    Code(
        COLUMN_WANTED,
        "bestand",
        "",
        WARNING,
        "Er is geen kolom gevonden voor een gewenst veld: elke rij die het zou moeten hebben, "
        "krijgt daardoor een waarschuwing. Voeg de kolom toe of koppel hem op de pagina Kolommen.",
        "geen kolom KvK-nummer terwijl er organisaties zijn",
        PIPELINE_SOURCE,
    ),
    Code(
        "bestand.unmapped_column",
        "bestand",
        "",
        INFO,
        "Deze kolom hoort bij geen enkel veld van Mijn Kantoor en wordt niet geïmporteerd. "
        "Koppel hem als het toch een bekend veld is.",
        "Accountmanager",
        PIPELINE_SOURCE,
    ),
)


def all_codes() -> dict[str, Code]:
    """The full catalogue: field codes, rule codes and file codes."""
    rules = [rule.declaration for rule in RULES]
    codes = [c for f in FIELDS for c in field_codes(f)] + rules + list(FILE_CODES)
    catalogue: dict[str, Code] = {}
    for code in codes:
        if code.code in catalogue:
            raise ValueError(f"duplicate issue code {code.code}")
        catalogue[code.code] = code
    return catalogue
