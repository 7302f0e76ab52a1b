"""Cross-field, uniqueness, hierarchy and cross-file rules: each one triggered and not triggered."""

from __future__ import annotations

import pytest
from helpers import codes, run

BV = {
    "relatienummer": "100",
    "naam": "Bakkerij De Korenbloem",
    "type": "organisatie",
    "rechtsvorm": "bv",
    "rsin": "001000019",
    "kvk_nummer": "69599084",
    "btw_nummer": "NL001000019B01",
    "loonheffingsnummer": "001000019L01",
    "tijdvak_btw": "kwartaal",
    "tijdvak_lh": "maand",
    "producten": "Aangifte VPB, Aangifte BTW, Loonadministratie",
}
DGA = {
    "relatienummer": "100.1",
    "naam": "Jan Jansen",
    "type": "persoon",
    "bsn": "111222333",
    "producten": "Aangifte IB",
}
CONTACT = {
    "contactnummer": "100",
    "voornaam": "Jan",
    "achternaam": "Jansen",
    "email": "jan@korenbloem.nl",
    "relatienummers": "100; 100.1",
}


def relaties(*changes: dict[str, str]) -> list[dict[str, str]]:
    """The clean BV + DGA pair with changes applied to the BV (first) and DGA (second)."""
    rows = [dict(BV), dict(DGA)]
    for row, change in zip(rows, changes, strict=False):
        row.update(change)
    return rows


def test_clean_pair_has_no_findings() -> None:
    report = run(relaties(), [CONTACT])
    assert codes(report) == []
    assert report.ready and report.readiness == 100.0


@pytest.mark.parametrize(
    ("bv", "dga", "expected"),
    [
        ({}, {"rsin": "857256476"}, ["rsin.not_applicable"]),
        ({}, {"bsn": "001000019"}, ["bsn.equals_rsin"]),
        ({}, {"kvk_nummer": "69599084"}, ["kvk_nummer.not_applicable"]),
        ({}, {"rechtsvorm": "bv"}, ["rechtsvorm.not_applicable"]),
        ({"bsn": "111222333"}, {}, ["bsn.not_applicable"]),
        (
            {
                "rechtsvorm": "eenmanszaak",
                "btw_nummer": "NL111222333B01",
                "loonheffingsnummer": "111222333L01",
                "producten": "Aangifte BTW, Loonadministratie",
            },
            {},
            ["rsin.eenmanszaak"],
        ),
        ({"rechtsvorm": "vof"}, {}, ["producten.vpb_transparent"]),
        ({"rechtsvorm": "stichting"}, {}, ["producten.vpb_stichting"]),
        (
            {"producten": "Aangifte IB, Aangifte BTW, Loonadministratie"},
            {},
            ["producten.ib_on_vpb_entity"],
        ),
        (
            {"rechtsvorm": "maatschap", "producten": "IB, BTW, Loonadministratie"},
            {},
            ["producten.ib_on_organisatie"],
        ),
        (
            {"producten": "VPB, Loonadministratie", "tijdvak_btw": ""},
            {},
            ["btw_nummer.no_workflow"],
        ),
        ({"producten": "VPB, BTW", "tijdvak_lh": ""}, {}, ["loonheffingsnummer.no_workflow"]),
        ({"tijdvak_btw": "geen"}, {}, ["tijdvak_btw.conflicts_product"]),
        ({"tijdvak_lh": "nvt"}, {}, ["tijdvak_lh.conflicts_product"]),
        ({"tijdvak_btw": "jaar"}, {}, ["tijdvak_btw.jaar_not_allowed"]),
        (
            {
                "tijdvak_icp": "kwartaal",
                "tijdvak_btw": "geen",
                "producten": "VPB, Loonadministratie",
            },
            {},
            ["tijdvak_icp.needs_btw"],
        ),
        ({"btw_nummer": "NL857256476B01"}, {}, ["btw_nummer.fiscal_number_mismatch"]),
        ({"loonheffingsnummer": "857256476L01"}, {}, ["loonheffingsnummer.fiscal_number_mismatch"]),
        (
            {},
            {"relatienummer": "200.1"},
            ["relatienummer.no_contact", "relatienummer.parent_missing"],
        ),
        (
            {},
            {
                "type": "organisatie",
                "rechtsvorm": "bv",
                "bsn": "",
                "rsin": "857256476",
                "producten": "Jaarrekening",
                "kvk_nummer": "69599092",
            },
            ["relatienummer.child_not_persoon"],
        ),
        ({}, {"relatienummer": "100"}, ["relatienummer.duplicate", "relatienummer.duplicate"]),
    ],
)
def test_rule_fires(bv: dict[str, str], dga: dict[str, str], expected: list[str]) -> None:
    assert codes(run(relaties(bv, dga), [CONTACT]), "relaties") == expected


def test_btw_jaar_allowed_for_natural_persons() -> None:
    report = run(
        relaties(
            {
                "rechtsvorm": "vof",
                "tijdvak_btw": "jaar",
                "producten": "Aangifte BTW, Loonadministratie",
            }
        ),
        [CONTACT],
    )
    assert "tijdvak_btw.jaar_not_allowed" not in codes(report)


def test_mod97_btw_is_not_compared_with_rsin() -> None:
    report = run(relaties({"btw_nummer": "NL002455799B11"}), [CONTACT])
    assert "btw_nummer.fiscal_number_mismatch" not in codes(report)


def test_eenmanszaak_numbers_compare_with_owner_bsn() -> None:
    emz = {
        "rechtsvorm": "eenmanszaak",
        "rsin": "",
        "btw_nummer": "NL111222333B01",
        "loonheffingsnummer": "111222333L01",
        "producten": "Aangifte BTW, Loonadministratie",
    }
    assert codes(run(relaties(emz), [CONTACT])) == []
    emz["loonheffingsnummer"] = "857256476L01"
    assert codes(run(relaties(emz), [CONTACT])) == ["loonheffingsnummer.fiscal_number_mismatch"]


def test_same_bsn_on_two_personen() -> None:
    rows = [*relaties(), dict(DGA, relatienummer="100.2", naam="Piet Jansen")]
    contact = dict(CONTACT, relatienummers="100, 100.1, 100.2")
    # The contact of both can open both IB dossiers: rule 13 warns as well.
    assert codes(run(rows, [contact])) == [
        "bsn.duplicate",
        "bsn.duplicate",
        "relatienummers.shared_ib_dossiers",
    ]


def test_same_rsin_and_name_looks_like_a_duplicate_relatie() -> None:
    rows = [*relaties(), dict(BV, relatienummer="101")]
    contact = dict(CONTACT, relatienummers="100, 100.1, 101")
    found = codes(run(rows, [contact]))
    assert found.count("rsin.duplicate") == 2
    assert found.count("naam.possible_duplicate") == 2


def test_contacten_uniqueness_ignores_case_and_spaces() -> None:
    other = dict(CONTACT, email=" JAN@Korenbloem.nl ")
    assert codes(run(relaties(), [CONTACT, other]), "contacten") == [
        "contactnummer.duplicate",
        "contactnummer.duplicate",
        "email.duplicate",
        "email.duplicate",
    ]


def test_cross_file_links() -> None:
    stray = dict(CONTACT, contactnummer="7", email="x@y.nl", relatienummers="999")
    lonely = dict(CONTACT, contactnummer="8", email="z@y.nl", relatienummers="")
    report = run(relaties(), [stray, lonely])
    assert codes(report, "contacten") == [
        "relatienummers.missing",
        "relatienummers.unknown_relatie",
    ]
    assert codes(report, "relaties") == ["relatienummer.no_contact", "relatienummer.no_contact"]
    unknown = report.issues[report.issues["code"] == "relatienummers.unknown_relatie"].iloc[0]
    assert (unknown["value"], unknown["row"], unknown["key"]) == ("999", 2, "7")


def test_single_file_skips_cross_file_rules() -> None:
    assert codes(run(relaties())) == []
    assert codes(run(contacten=[CONTACT])) == []


def test_persoon_without_bsn_is_missing_not_invalid() -> None:
    report = run(relaties({}, {"bsn": ""}), [CONTACT])
    assert codes(report) == ["bsn.missing"]
    scores = report.field_scores.set_index(["file", "field"])
    assert scores.loc[
        ("relaties", "bsn"), ["required", "filled", "missing", "invalid"]
    ].tolist() == [1, 0, 1, 0]


VOF = dict(BV, rechtsvorm="vof", producten="Aangifte BTW, Loonadministratie")
PARTNER = dict(DGA, relatienummer="100.2", naam="Piet Jansen", bsn="274650009")


@pytest.mark.parametrize(
    ("rows", "contacts", "expected"),
    [
        # Rule 12: an organisatie whose owners pay IB, with contacts, needs persoon sub-relaties.
        ([VOF], [dict(CONTACT, relatienummers="100")], ["relatienummer.owners_missing"]),
        (
            [dict(VOF, rechtsvorm="eenmanszaak", rsin="")],
            [dict(CONTACT, relatienummers="100")],
            ["relatienummer.owners_missing"],
        ),
        ([dict(VOF, rechtsvorm="cv")], [dict(CONTACT, relatienummers="100")], ["owners"]),
        ([dict(VOF, rechtsvorm="maatschap")], [dict(CONTACT, relatienummers="100")], ["owners"]),
        ([VOF, DGA], [CONTACT], []),  # the vennoot has a persoon sub-relatie
        ([BV], [dict(CONTACT, relatienummers="100")], []),  # a BV pays VPB itself
        ([VOF], [], []),  # without contacts nobody logs in: only no_contact
        # Rule 13: one contact, two persoon sub-relaties of one organisation.
        ([VOF, DGA, PARTNER], [dict(CONTACT, relatienummers="100, 100.1, 100.2")], ["shared"]),
        ([VOF, DGA, PARTNER], [dict(CONTACT, relatienummers="100.1; 100.2")], ["shared"]),
        ([VOF, DGA, PARTNER], [dict(CONTACT, relatienummers="100.1; 100.1")], []),
        (
            [VOF, DGA, PARTNER],
            [
                dict(CONTACT, relatienummers="100, 100.1"),
                dict(CONTACT, contactnummer="101", email="piet@x.nl", relatienummers="100.2"),
            ],
            [],
        ),
        (  # sub-relaties of two different organisations
            [VOF, DGA, dict(VOF, relatienummer="200"), dict(PARTNER, relatienummer="200.1")],
            [dict(CONTACT, relatienummers="100, 100.1, 200, 200.1")],
            [],
        ),
    ],
)
def test_structure_rules(rows: list[dict], contacts: list[dict], expected: list[str]) -> None:
    """Rules 12 and 13 (domain-rules.md): owners as persoon sub-relaties, one per contact."""
    report = run(rows, contacts or [dict(CONTACT, relatienummers="999")])
    found = [
        c
        for c in codes(report)
        if c in ("relatienummer.owners_missing", "relatienummers.shared_ib_dossiers")
    ]
    short = {
        "shared": "relatienummers.shared_ib_dossiers",
        "owners": "relatienummer.owners_missing",
    }
    assert found == [short.get(e, e) for e in expected]
