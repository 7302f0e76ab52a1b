"""Column mapping: real-world headers, fuzzy matches, explicit overrides and mapping files."""

from __future__ import annotations

import json

import pytest

from dq.checks.mapping import (
    apply_overrides,
    auto_map,
    mapping_document,
    match_score,
    parse_mapping,
    read_mapping_file,
)
from dq.spec.fields import field


@pytest.mark.parametrize(
    ("header", "file", "expected"),
    [
        ("Relatienr.", "relaties", "relatienummer"),
        ("Klantnummer", "relaties", "relatienummer"),
        ("Btw-nummer", "relaties", "btw_nummer"),
        ("Omzetbelastingnummer", "relaties", "btw_nummer"),
        ("LH-nummer", "relaties", "loonheffingsnummer"),
        ("Loonheffingennummer", "relaties", "loonheffingsnummer"),
        ("Aangifte tijdvak BTW", "relaties", "tijdvak_btw"),
        ("AANGIFTE TIJDVAK LH", "relaties", "tijdvak_lh"),
        ("Tijdvak ICP", "relaties", "tijdvak_icp"),
        ("Burgerservicenummer", "relaties", "bsn"),
        ("Soort relatie", "relaties", "type"),
        ("KvK-nummer", "relaties", "kvk_nummer"),
        ("E-mailadres", "contacten", "email"),
        ("Gekoppelde relaties", "contacten", "relatienummers"),
        ("Contactnr", "contacten", "contactnummer"),
        ("Achternaam", "contacten", "achternaam"),
    ],
)
def test_real_world_headers_map_exactly(header: str, file: str, expected: str) -> None:
    mapping = auto_map([header, "Opmerkingen"], file)
    assert mapping.columns == {expected: header}
    assert mapping.confidence[expected] == 1.0
    assert mapping.unmapped == ["Opmerkingen"]


def test_fuzzy_match_has_lower_confidence() -> None:
    mapping = auto_map(
        ["Relatienumer", "Rechtsvrom", "Aangifte tijdvak BTW (maand/kwartaal)"], "relaties"
    )
    assert mapping.columns == {
        "relatienummer": "Relatienumer",
        "rechtsvorm": "Rechtsvrom",
        "tijdvak_btw": "Aangifte tijdvak BTW (maand/kwartaal)",
    }
    assert all(0.78 <= c < 1.0 for c in mapping.confidence.values())


def test_unrelated_headers_stay_unmapped() -> None:
    mapping = auto_map(["Accountmanager", "Opmerkingen", "Datum laatste contact"], "relaties")
    assert mapping.columns == {}
    assert mapping.unmapped == ["Accountmanager", "Opmerkingen", "Datum laatste contact"]


def test_each_column_used_once_and_best_match_wins() -> None:
    mapping = auto_map(["BTW", "BTW-nummer", "Tijdvak BTW"], "relaties")
    assert mapping.columns["btw_nummer"] in {"BTW", "BTW-nummer"}
    assert mapping.columns["tijdvak_btw"] == "Tijdvak BTW"
    assert len(set(mapping.columns.values())) == len(mapping.columns)


def test_overrides_win_and_can_unmap() -> None:
    headers = ["Nr", "Sofi-nr", "BSN"]
    mapping = auto_map(headers, "relaties")
    assert mapping.columns["bsn"] == "BSN"
    changed = apply_overrides(
        mapping, headers, {"bsn": "Sofi-nr", "relatienummer": None}, "relaties"
    )
    assert changed.columns == {"bsn": "Sofi-nr"}
    assert set(changed.unmapped) == {"Nr", "BSN"}
    assert changed.manual == {"bsn", "relatienummer"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"bestaat_niet": "Nr"}, "Onbekend veld"), ({"bsn": "Geen kolom"}, "staat niet in")],
)
def test_bad_overrides_get_dutch_messages(overrides: dict, message: str) -> None:
    mapping = auto_map(["Nr"], "relaties")
    with pytest.raises(ValueError, match=message):
        apply_overrides(mapping, ["Nr"], overrides, "relaties")


def test_mapping_file_round_trip(tmp_path) -> None:
    mapping = auto_map(["Relatienr.", "BSN"], "relaties")
    path = tmp_path / "koppeling.json"
    path.write_text(json.dumps(mapping_document({"relaties": mapping})), encoding="utf-8")
    assert read_mapping_file(path) == {"relaties": {"relatienummer": "Relatienr.", "bsn": "BSN"}}


@pytest.mark.parametrize("document", [[], {"relaties": []}, {"iets": {}}, {"relaties": {"bsn": 3}}])
def test_malformed_mapping_documents_are_refused(document: object) -> None:
    with pytest.raises(ValueError, match="koppeling"):
        parse_mapping(document)


def test_match_score_ignores_case_accents_and_punctuation() -> None:
    assert match_score("  RELATIE-NR. ", field("relaties", "relatienummer")) == 1.0
    assert match_score("", field("relaties", "relatienummer")) == 0.0
