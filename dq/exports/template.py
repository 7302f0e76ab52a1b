"""Empty import files (importvoorbeeldbestand) built from the field declarations.

An office that starts from these never meets the usual Excel damage: every column is text,
so leading zeros stay; soort relatie, rechtsvorm and the tijdvakken are chosen from a list;
each header explains its rule in a note. The *Voorbeeld* sheet shows filled-in rows with
valid numbers (and is never the sheet that gets imported: the data sheet comes first).
"""

from __future__ import annotations

from dq.exports.sheets import BOLD, HEADER, TITLE, WRAP, table_sheet
from dq.exports.xlsx import Cell, Sheet, Style, Workbook, column_letter
from dq.spec.catalog import TIJDVAK_BTW, TIJDVAK_ICP, TIJDVAK_LH, TYPES, Catalog
from dq.spec.fields import CONTACTEN, RELATIES, Field, fields_of

EXAMPLE_SHEET, HELP_SHEET, LISTS_SHEET = "Voorbeeld", "Uitleg", "Keuzelijsten"
KINDS = (RELATIES, CONTACTEN)
HELP_WIDTHS = [24, 26, 70, 30, 60]
LAST_ROW = 1_048_576  # drop-downs and text format reach to Excel's last row
EXAMPLE_NOTE = "VOORBEELD: deze rijen niet importeren. Vul uw eigen gegevens in op het eerste blad."
WARNING = Style(bold=True, color="B3261E", size=12)

#: Example rows by field key: fictional, with numbers that pass every check together
#: (the BV's btw- and loonheffingennummer carry its RSIN; each relatie has a contact).
EXAMPLES: dict[str, tuple[dict[str, str], ...]] = {
    RELATIES: (
        {
            "relatienummer": "100",
            "naam": "Bakkerij De Vries B.V.",
            "type": "organisatie",
            "rechtsvorm": "Besloten vennootschap",
            "rsin": "853746205",
            "kvk_nummer": "01234567",
            "btw_nummer": "NL853746205B01",
            "loonheffingsnummer": "853746205L01",
            "tijdvak_btw": "kwartaal",
            "tijdvak_lh": "maand",
            "tijdvak_icp": "geen",
            "producten": "Aangifte VPB, Aangifte BTW, Loonadministratie, Jaarrekening",
            "postcode": "3511 AB",
            "plaats": "Utrecht",
            "iban": "NL91ABNA0417164300",
        },
        {
            "relatienummer": "100.1",
            "naam": "Jan de Vries",
            "type": "persoon",
            "bsn": "111222333",
            "producten": "Aangifte IB",
            "postcode": "3512 CD",
            "plaats": "Utrecht",
        },
        {
            "relatienummer": "200",
            "naam": "Klusbedrijf Jansen",
            "type": "organisatie",
            "rechtsvorm": "Eenmanszaak",
            "kvk_nummer": "69599084",
            "btw_nummer": "NL002455799B11",
            "tijdvak_btw": "kwartaal",
            "producten": "Aangifte BTW, Administratie",
            "postcode": "5611 EF",
            "plaats": "Eindhoven",
            "iban": "NL20INGB0001234567",
        },
        {
            "relatienummer": "200.1",
            "naam": "Piet Jansen",
            "type": "persoon",
            "bsn": "274650009",
            "producten": "Aangifte IB",
            "postcode": "5612 GH",
            "plaats": "Eindhoven",
        },
    ),
    CONTACTEN: (
        {
            "contactnummer": "100",
            "voornaam": "Jan",
            "tussenvoegsel": "de",
            "achternaam": "Vries",
            "email": "jan@bakkerijdevries.nl",
            "telefoon": "06-12345678",
            "relatienummers": "100, 100.1",
        },
        {
            "contactnummer": "200",
            "voornaam": "Piet",
            "achternaam": "Jansen",
            "email": "piet@klusbedrijfjansen.nl",
            "telefoon": "+31 6 87654321",
            "relatienummers": "200, 200.1",
        },
    ),
}

HOW_TO = (
    "Zo vult u dit bestand in",
    "1. Eén {unit} per rij op het eerste blad, vanaf rij 2. Laat de kopregel staan; kolommen "
    "die u niet gebruikt, mag u leeg laten.",
    "2. Alle kolommen staan op Tekst, zodat Excel voorloopnullen bewaart (BSN 012345672, "
    "KvK 01234567). Plak gegevens uit een ander bestand met Plakken speciaal > Waarden.",
    "3. Bij de kolommen met een keuzelijst kiest u een waarde uit de lijst.",
    "4. Het blad Voorbeeld laat ingevulde rijen zien; die worden niet geïmporteerd.",
    "5. Controleer het bestand voor de import: dq check --{kind} BESTAND.",
)


def choices(field: Field, catalog: Catalog) -> tuple[list[str], bool] | None:
    """The values a field's drop-down offers and whether the list is strict.

    Producten may hold several values, so its list only helps and never refuses a typed list.
    """
    vocabularies = {
        "type": TYPES,
        "tijdvak_btw": TIJDVAK_BTW,
        "tijdvak_lh": TIJDVAK_LH,
        "tijdvak_icp": TIJDVAK_ICP,
        "rechtsvorm": catalog.rechtsvorm_vocabulary,
    }
    if field.key in vocabularies:
        return vocabularies[field.key].values, True
    if field.key == "producten":
        return catalog.product_vocabulary.values, False
    return None


def required_text(field: Field) -> str:
    """Whether a field must be filled, in Dutch.

    >>> from dq.spec.fields import field
    >>> required_text(field("relaties", "bsn")), required_text(field("relaties", "plaats"))
    ('voor een persoon', 'nee')
    """
    if field.required is True:
        return "ja" if field.required_when == "altijd" else field.required_when
    return field.required_when if field.required else "nee"


def template_xlsx(kind: str, catalog: Catalog | None = None) -> bytes:
    """The empty import file for `kind` (relaties or contacten) as xlsx bytes."""
    catalog = catalog or Catalog()
    fields = fields_of(kind)
    lists = {f.key: found for f in fields if (found := choices(f, catalog)) is not None}
    widths = [
        max(len(f.label), *(len(row.get(f.key, "")) for row in EXAMPLES[kind])) + 4 for f in fields
    ]
    book = Workbook()
    data = table_sheet(
        book, kind.capitalize(), [f.label for f in fields], widths, notes=[f.rule for f in fields]
    )
    for column, (key, (values, strict)) in enumerate(lists.items()):
        target = column_letter([f.key for f in fields].index(key))
        source = column_letter(column)
        data.validate_list(
            f"{target}2:{target}{LAST_ROW}",
            f"{LISTS_SHEET}!${source}$2:${source}${len(values) + 1}",
            strict=strict,
            title="Kies uit de lijst",
            error=f"Kies een waarde uit de lijst: {', '.join(values)}.",
        )
    _examples(book.sheet(EXAMPLE_SHEET, widths, freeze_rows=2), kind, fields)
    _help(book.sheet(HELP_SHEET, HELP_WIDTHS), kind, fields, lists)
    _lists(book.sheet(LISTS_SHEET, [30] * len(lists)), fields, lists)
    return book.finish()


def template_name(kind: str) -> str:
    """The download name of the empty import file for `kind`."""
    return f"{kind}_importvoorbeeld.xlsx"


def template_files(catalog: Catalog | None = None) -> dict[str, bytes]:
    """Both empty import files by their download name."""
    return {template_name(kind): template_xlsx(kind, catalog) for kind in KINDS}


def _examples(writer: Sheet, kind: str, fields: tuple[Field, ...]) -> None:
    """The clearly marked example rows, under a red warning not to import them."""
    writer.append([Cell(EXAMPLE_NOTE, WARNING)])
    writer.append([Cell(f.label, HEADER) for f in fields])
    for row in EXAMPLES[kind]:
        writer.append([row.get(f.key) for f in fields])


def _help(
    writer: Sheet,
    kind: str,
    fields: tuple[Field, ...],
    lists: dict[str, tuple[list[str], bool]],
) -> None:
    """How to fill the file in, then one row per column: required when, rule, form, choices."""
    unit = "relatie" if kind == RELATIES else "contact"
    writer.append([Cell(HOW_TO[0], TITLE)])
    for line in HOW_TO[1:]:
        writer.append([line.format(unit=unit, kind=kind)])
    writer.append()
    header = ("Kolom", "Verplicht", "Regel", "Vorm", "Keuzelijst")
    writer.append([Cell(name, HEADER) for name in header])
    for f in fields:
        values = ", ".join(lists[f.key][0]) if f.key in lists else ""
        writer.append(
            [
                Cell(f.label, BOLD),
                required_text(f),
                Cell(f.rule, WRAP),
                f.form,
                Cell(values, WRAP),
            ]
        )


def _lists(
    writer: Sheet, fields: tuple[Field, ...], lists: dict[str, tuple[list[str], bool]]
) -> None:
    """The hidden sheet the drop-downs read their values from."""
    writer.hidden = True
    labels = {f.key: f.label for f in fields}
    writer.append([Cell(labels[key], BOLD) for key in lists])
    columns = [values for values, _strict in lists.values()]
    for i in range(max(map(len, columns), default=0)):
        writer.append([values[i] if i < len(values) else None for values in columns])
