"""Exports from the old packages: recognised, mapped and their quirks undone, so the issues are
those of the same data under our template's headers."""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest
from helpers import table
from hypothesis import given, settings
from hypothesis import strategies as st
from package_exports import CONTACTEN_FIELDS, RELATIES_FIELDS, package_pair

import dq
from dq.api import prepare
from dq.checks.mapping import PRESET, WORDS, auto_map
from dq.exports.fixlist import fixlist_table
from dq.spec.presets import PRESETS, preset, recognise

PACKAGES = [p.key for p in PRESETS]


def _csv(frame: pd.DataFrame, name: str) -> tuple[str, bytes]:
    return name, frame.to_csv(index=False, sep=";").encode("utf-8")


def _check(frames: dict[str, pd.DataFrame], **options) -> dq.Report:
    return dq.check(
        relaties=_csv(frames["relaties"], "relaties.csv"),
        contacten=_csv(frames["contacten"], "contacten.csv"),
        **options,
    )


def _findings(report: dq.Report) -> Counter:
    """Errors and warnings as (file, row key, field, code), whatever the columns are called."""
    issues = report.issues[report.issues["severity"] != "info"]
    return Counter(zip(issues["file"], issues["key"], issues["field"], issues["code"], strict=True))


@pytest.fixture(scope="module", params=PACKAGES)
def pair(request) -> tuple[str, dq.Report, dq.Report]:
    template, export = package_pair(request.param)
    return request.param, _check(template), _check(export)


def test_export_gives_the_issues_of_the_template(pair) -> None:
    key, ours, theirs = pair
    assert len(ours.files["relaties"].table.frame) == 300
    assert sum(_findings(ours).values()) > 20  # the demo's mistakes are all there
    assert _findings(theirs) == _findings(ours), key
    assert theirs.readiness == ours.readiness


def test_export_is_recognised_and_said(pair) -> None:
    key, ours, theirs = pair
    name = preset(key).name
    result = theirs.files["relaties"]
    assert result.mapping.source is preset(key)
    assert f"Herkend: export uit {name}." in result.mapping.notes
    assert f"Herkend: export uit {name}." in theirs.summary()
    assert ours.files["relaties"].mapping.source is None
    # Every column the package writes is mapped as the package means it.
    by_package = {f for f, m in result.mapping.method.items() if m == PRESET}
    assert set(preset(key).headers["relaties"]) <= by_package


@pytest.mark.parametrize(
    ("key", "quirk"),
    [
        ("exact", "vult nummers met spaties aan tot 18 tekens"),
        ("exact", "hadden meer dan één E-mailadres"),
        ("simplicate", "hadden meer dan één Telefoonnummer"),
        ("afas", "geeft de rechtsvorm als code"),
        ("fiscaalgemak", "zet BSN en RSIN in één kolom"),
    ],
)
def test_each_quirk_is_undone_and_said(key: str, quirk: str) -> None:
    _template, export = package_pair(key, n=60)
    report = _check(export)
    notes = [n for r in report.files.values() for n in r.table.notes]
    assert any(quirk in note for note in notes), notes


def test_padded_codes_lose_their_spaces() -> None:
    loaded = table(
        [
            {"Code": " " * 15 + "100", "Name": "A BV", "VATNumber": "", "ChamberOfCommerce": ""},
            {"Code": " " * 13 + "100.1", "Name": "Jan", "VATNumber": "", "ChamberOfCommerce": ""},
        ]
    )
    prepared, mapping = prepare(loaded, "relaties")
    assert mapping.source.key == "exact"
    assert prepared.frame["Code"].tolist() == ["100", "100.1"]
    assert loaded.frame["Code"].str.len().tolist() == [18, 18]  # the upload stays as it was


def test_several_addresses_in_a_cell_keep_the_first_and_the_rest() -> None:
    loaded = table(
        [
            {"HID": "1", "LastName": "A", "Email": "a@x.nl; b@x.nl", "Phone": "06-1 / 020-2"},
            {"HID": "2", "LastName": "B", "Email": "c@x.nl", "Phone": "0612345678"},
            {"HID": "3", "LastName": "C", "Email": "d @x.nl", "Phone": ""},
        ]
    )
    prepared, mapping = prepare(loaded, "contacten", source="exact")
    frame = prepared.frame
    assert frame["Email"].tolist() == ["a@x.nl", "c@x.nl", "d @x.nl"]  # one address, mistyped
    assert frame["Email (overige)"].tolist() == ["b@x.nl", "", ""]
    assert frame["Phone"].tolist() == ["06-1", "0612345678", ""]
    assert frame["Phone (overige)"].tolist() == ["020-2", "", ""]
    assert "Email (overige)" in mapping.unmapped


def test_rechtsvorm_codes_become_names() -> None:
    loaded = table(
        [
            {"BcCo": str(n), "Nm": "X", "ViLe": v}
            for n, v in enumerate(["41", "1", "74", "BV", "99"])
        ]
    )
    prepared, _mapping = prepare(loaded, "relaties", source="afas")
    assert prepared.frame["ViLe"].tolist() == [
        "Besloten vennootschap",
        "Eenmanszaak",
        "Stichting",
        "BV",  # not a code: left for the rechtsvorm check
        "99",  # an unknown code stays as found, and is reported as an unknown rechtsvorm
    ]


def test_one_fiscal_number_column_is_split_by_type() -> None:
    rows = [
        {"Number": "1", "Name": "A BV", "Soort": "organisatie", "TypeOfBusinessEntity": "41"},
        {"Number": "2", "Name": "B", "Soort": "organisatie", "TypeOfBusinessEntity": "01"},
        {"Number": "2.1", "Name": "C", "Soort": "persoon", "TypeOfBusinessEntity": ""},
    ]
    numbers = ["001000019", "111222333", "274650009"]
    loaded = table([dict(r, IdentificationNumber=n) for r, n in zip(rows, numbers, strict=True)])
    prepared, mapping = prepare(loaded, "relaties")
    assert mapping.source.key == "fiscaalgemak"
    assert prepared.frame[mapping.column("rsin")].tolist() == ["001000019", "", ""]
    assert prepared.frame[mapping.column("bsn")].tolist() == ["", "111222333", "274650009"]


def test_a_package_can_be_chosen_by_hand_or_switched_off() -> None:
    # Two of Exact's own headers are not enough to recognise it.
    loaded = table([{"Code": "    100", "Name": "A BV", "Soort": "organisatie"}])
    assert recognise(loaded.columns, "relaties") is None
    _prepared, mapping = prepare(loaded, "relaties")
    assert mapping.column("relatienummer") is None
    prepared, mapping = prepare(loaded, "relaties", source="exact")
    assert mapping.column("relatienummer") == "Code"
    assert prepared.frame["Code"].tolist() == ["100"]
    _template, export = package_pair("exact", n=20)
    assert dq.check(relaties=_csv(export["relaties"], "r.csv")).files["relaties"].mapping.source
    none = dq.check(relaties=_csv(export["relaties"], "r.csv"), packages={"relaties": "geen"})
    assert none.files["relaties"].mapping.source is None
    with pytest.raises(ValueError, match="Onbekende bron 'sap'"):
        dq.check(relaties=_csv(export["relaties"], "r.csv"), packages={"relaties": "sap"})


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Frequentie loonbelasting", "tijdvak_lh"),
        ("Loonheffing aangifteperiode", "tijdvak_lh"),
        ("Periode OB", "tijdvak_btw"),
        ("VAT period", "tijdvak_btw"),
        ("Omzetbelasting frequentie", "tijdvak_btw"),
        ("Aangiftefrequentie ICP", "tijdvak_icp"),
        ("Nummer KvK", "kvk_nummer"),
        ("ChamberOfCommerce", "kvk_nummer"),
        ("coc_code", "kvk_nummer"),
        ("VAT-ID", "btw_nummer"),
        ("OB-nr", "btw_nummer"),
        ("Loonbelastingnummer", "loonheffingsnummer"),
        ("Debiteur code", "relatienummer"),
        ("Client no", "relatienummer"),
        ("Fiscaal nummer klant", "rsin"),
        ("Legal form", "rechtsvorm"),
        ("Zip code", "postcode"),
    ],
)
def test_headers_made_of_known_words_map(header: str, field: str) -> None:
    mapping = auto_map([header, "Opmerkingen"], "relaties")
    assert mapping.columns == {field: header}
    assert mapping.method[field] == WORDS
    assert 0.8 <= mapping.confidence[field] < 1.0
    assert mapping.unmapped == ["Opmerkingen"]


def test_a_tie_is_said_not_guessed_silently() -> None:
    mapping = auto_map(["Nr", "Telefoon", "Mobiel"], "contacten")
    assert mapping.column("telefoon") == "Telefoon"
    assert any("Meer kolommen passen bij Telefoonnummer" in n for n in mapping.notes)
    mapping = auto_map(["Relatienaam"], "contacten")
    assert any("past even goed bij" in n for n in mapping.notes)


def test_unmapped_columns_get_a_suggestion() -> None:
    mapping = auto_map(["Relatienr.", "Omzetbel. nr", "Loonh.nr", "Opmerkingen"], "relaties")
    assert mapping.unmapped == ["Omzetbel. nr", "Loonh.nr", "Opmerkingen"]
    assert {h: f for h, (f, _score) in mapping.suggestions.items()} == {
        "Omzetbel. nr": "btw_nummer",
        "Loonh.nr": "loonheffingsnummer",
    }
    assert all(0.6 <= score < 0.78 for _f, score in mapping.suggestions.values())


# --- A result never depends on how a column is named -------------------------------------

#: Other spellings of the same words, per field: the template's, synonyms and word orders.
SPELLINGS = {
    "relatienummer": ["Relatienr.", "Klantnummer", "Nummer klant", "client_number", "DebiteurNr"],
    "naam": ["Naam", "Klantnaam", "Name", "Naam relatie"],
    "type": ["Soort relatie", "Relatietype", "Type", "Soort klant"],
    "rechtsvorm": ["Rechtsvorm", "Legal form", "Ondernemingsvorm", "Rechtsvorm klant"],
    "bsn": ["BSN", "Burgerservicenummer", "Sofinummer", "BSN-nummer"],
    "rsin": ["RSIN", "Fiscaal nummer", "RSIN nr"],
    "kvk_nummer": ["KvK-nummer", "Nummer KvK", "ChamberOfCommerce", "KvK nr"],
    "btw_nummer": ["Btw-nummer", "VATNumber", "Omzetbelastingnummer", "Nummer omzetbelasting"],
    "loonheffingsnummer": ["Loonheffingennummer", "LH-nummer", "Loonbelastingnummer"],
    "tijdvak_btw": ["Aangifte tijdvak BTW", "BTW periode", "Periode omzetbelasting", "VAT period"],
    "tijdvak_lh": ["Tijdvak LH", "Frequentie loonbelasting", "Loonheffing aangifteperiode"],
    "tijdvak_icp": ["Tijdvak ICP", "ICP frequentie", "Periode ICP"],
    "producten": ["Producten", "Diensten", "Afgenomen diensten", "Products"],
    "postcode": ["Postcode", "Zip code", "Postcode klant"],
    "plaats": ["Plaats", "Woonplaats", "City"],
    "iban": ["IBAN", "Bankrekening", "Bank account"],
    "contactnummer": ["Contactnr", "Nummer contactpersoon", "Contact ID"],
    "voornaam": ["Voornaam", "First name", "Roepnaam contactpersoon"],
    "tussenvoegsel": ["Tussenvoegsel", "Middle name", "Voorvoegsel"],
    "achternaam": ["Achternaam", "LastName", "Achternaam contactpersoon"],
    "email": ["E-mailadres", "Email", "Mailadres contactpersoon"],
    "telefoon": ["Telefoon", "Phone", "Mobiel contactpersoon"],
    "relatienummers": ["Gekoppelde relaties", "Klantnummers", "Relaties"],
}
_BASE = package_pair("twinfield", n=40)[0]
_EXPECTED = _findings(_check(_BASE))


def _renamed(frames: dict[str, pd.DataFrame], choice: random.Random) -> dict[str, pd.DataFrame]:
    out = {}
    for kind, ours in (("relaties", RELATIES_FIELDS), ("contacten", CONTACTEN_FIELDS)):
        frame = frames[kind].rename(
            columns={h: choice.choice(SPELLINGS[f]) for h, f in ours.items()}
        )
        columns = list(frame.columns)
        choice.shuffle(columns)
        out[kind] = frame[columns]
    return out


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_renaming_and_shuffling_columns_changes_nothing(choice: random.Random) -> None:
    renamed = _renamed(_BASE, choice)
    report = _check(renamed)
    for kind, ours in (("relaties", RELATIES_FIELDS), ("contacten", CONTACTEN_FIELDS)):
        mapping = report.files[kind].mapping
        assert set(mapping.columns) == set(ours.values()), mapping.columns
    assert _findings(report) == _EXPECTED


def test_rows_missing_a_column_are_grouped_under_the_file_notice() -> None:
    csv = b"Relatienummer;Naam;Soort;Producten\n1;A;persoon;IB\n2;B;persoon;IB\n3;C;persoon;IB\n"
    report = dq.check(relaties=("r.csv", csv))
    assert (report.issues["code"] == "bsn.missing").sum() == 3  # every row still counts
    assert report.readiness == 0.0
    counts = report.code_counts().set_index("code")
    assert "bsn.missing" not in counts.index
    assert counts.loc["bestand.column_missing", ["count", "rows"]].tolist() == [1, 3]
    summary = report.summary()
    assert "bsn.missing" not in summary
    assert "Daardoor missen 3 rijen een verplichte waarde." in summary
    # The fix list: one line for the absent column instead of one per row.
    table = fixlist_table(report)
    assert "bsn.missing" not in set(table["Code"])
    notice = table[table["Code"] == "bestand.column_missing"]
    assert len(notice) == 1
    assert notice["Probleem"].iloc[0].endswith("Daardoor missen 3 rijen dit veld.")
    assert notice["Veld"].iloc[0] == "BSN"


def test_a_package_header_below_title_rows_is_found() -> None:
    rows = [
        ["Export relaties AFAS Profit", "", "", "", ""],
        ["", "", "", "", ""],
        ["BcCo", "Nm", "SoSe", "FiNr", "VaId"],
        ["100", "Bakkerij BV", "", "001000019", "NL001000019B01"],
        ["100.1", "Jan Jansen", "111222333", "", ""],
    ]
    csv = "\n".join(";".join(r) for r in rows).encode()
    report = dq.check(relaties=("afas.csv", csv))
    result = report.files["relaties"]
    assert result.table.header_row == 3
    assert result.mapping.source is preset("afas")
    assert result.mapping.columns["bsn"] == "SoSe"
