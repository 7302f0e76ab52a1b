"""Personal numbers never leave the report unmasked unless asked, also inside other numbers."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import run

from dq.checks.mapping import ColumnMapping
from dq.privacy import Masking, mask_embedded, mask_free_text

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


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("bsn", "111222333", "*****2333"),
        ("bsn", "12345672", "*****5672 (8 cijfers)"),  # lost its leading zero: masked, shape shown
        ("rsin", "002455799", "*****5799"),
        ("btw_nummer", "NL111222333B01", "NL*****2333B01"),
        ("loonheffingsnummer", "111222333L01", "*****2333L01"),
        ("email", "Jan.Jansen@Voorbeeld.nl", "J***@Voorbeeld.nl"),
        ("naam", "Bakkerij Jansen", "Bakkerij Jansen"),
        ("naam", "111222333", "*****2333"),  # a BSN column mapped to Naam by mistake
        ("kvk_nummer", "12345678", "12345678"),
        ("telefoon", "06-12345678", "06-12345678"),
        (None, "partner 111222333 of p@x.nl", "partner *****2333 of p***@x.nl"),
    ],
)
def test_masker_per_field(field: str | None, value: str, shown: str) -> None:
    assert Masking().column(pd.Series([value]), field).iloc[0] == shown


def test_mask_series_keeps_blanks_and_missing() -> None:
    values = pd.Series(["111222333", "", pd.NA, "  "], dtype="str")
    masked = Masking().column(values, "bsn")
    assert masked.iloc[0] == "*****2333"
    assert masked.iloc[1] == ""
    assert pd.isna(masked.iloc[2])
    assert masked.iloc[3] == "  "


def test_mask_frame_follows_the_mapping() -> None:
    frame = pd.DataFrame(
        {"Burgerservicenummer": ["111222333"], "KvK": ["12345678"], "Notitie": ["bsn 111222333"]},
        dtype="str",
    )
    mapping = ColumnMapping({"bsn": "Burgerservicenummer", "kvk_nummer": "KvK"}, {}, ["Notitie"])
    masked = Masking().frame(frame, mapping.columns)
    assert masked.iloc[0].tolist() == ["*****2333", "12345678", "bsn *****2333"]


def test_mask_issues_by_field() -> None:
    issues = pd.DataFrame(
        {
            "field": ["bsn", "naam", "email"],
            "key": ["100", "101", "102"],
            "value": ["111222333", "Jansen", "jan@x.nl"],
            "suggestion": ["011122233", pd.NA, "jan@x.nl"],
        }
    ).astype("str")
    masked = Masking().issues(issues)
    assert masked["value"].tolist() == ["*****2333", "Jansen", "j***@x.nl"]
    assert masked["suggestion"].iloc[0] == "*****2233"
    assert pd.isna(masked["suggestion"].iloc[1])
