"""Personal numbers never leave the report unmasked unless asked, also inside other numbers."""

from __future__ import annotations

from helpers import run

from dq.privacy import mask_embedded, mask_free_text

EMZ = {
    "relatienummer": "100",
    "naam": "Klusbedrijf Jansen",
    "type": "organisatie",
    "rechtsvorm": "eenmanszaak",
    "kvk_nummer": "12345678",
    "btw_nummer": "NL 1112.22.333 B01",
    "loonheffingsnummer": "111222333L00",
    "tijdvak_btw": "kwartaal",
    "tijdvak_lh": "maand",
    "producten": "Aangifte BTW, Loonadministratie",
}
OWNER = {
    "relatienummer": "100.1",
    "naam": "Jan Jansen",
    "type": "persoon",
    "bsn": "111252333",
    "producten": "Aangifte IB",
}


def test_issue_table_masks_bsn_also_inside_btw_and_lh_numbers() -> None:
    report = run([EMZ, OWNER])
    shown = report.issue_table()
    text = " ".join(shown["value"].fillna("")) + " ".join(shown["suggestion"].fillna(""))
    assert "111222333" not in text.replace(".", "").replace(" ", "")
    assert "111252333" not in text
    assert "NL111222333B01" in set(report.issue_table(masked=False)["suggestion"].dropna())


def test_digit_runs_with_separators_are_masked() -> None:
    assert mask_embedded("NL 8571.49.416 B01") == "NL *****9416 B01"
    assert mask_embedded("relatie 100.1") == "relatie 100.1"
    assert mask_free_text("bel 0612345678") == "bel 0612345678"  # 10 digits: a phone, not a BSN
