"""Personal numbers never leave the report unmasked unless asked, also inside other numbers."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from helpers import run
from openpyxl import load_workbook

import dq
from dq.checks.mapping import ColumnMapping
from dq.exports.fixlist import fixlist_csv, fixlist_xlsx
from dq.exports.reimport import apply_fixlist
from dq.privacy import Masking, mask_embedded, mask_free_text
from tests.test_privacy_pipeline import texts

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


def test_a_large_table_is_masked_on_threads_as_a_small_one_in_the_calling_thread(
    demo_report: dq.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    masking = demo_report.masking(True)
    monkeypatch.setattr("dq.privacy.PARALLEL_ROWS", 10**9)  # every table in this thread
    alone = masking.issues(demo_report.issues)
    monkeypatch.setenv("DQ_THREADS", "2")
    monkeypatch.setattr("dq.privacy.PARALLEL_ROWS", 0)  # every table on threads
    pd.testing.assert_frame_equal(masking.issues(demo_report.issues), alone)
    assert not alone["value"].fillna("").str.fullmatch(r"\d{9}").any()


# --- issue 17: one masking path, every spelling, own-number columns, the shape ------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("nummer 111/222/333", "nummer *****2333"),
        ("nummer 111_222_333", "nummer *****2333"),
        ("nummer 111, 222, 333", "nummer *****2333"),
        ("nummer 111 - 222 - 333", "nummer *****2333"),
        ("nummer １１１２２２３３３", "nummer *****2333"),  # full-width digits
        ("Bakkerij 333444504 BV", "Bakkerij *****4504 BV"),
        ("BSN's 111222333, 123456782", "BSN's *****2333, *****6782"),  # a list of two
        ("a@x.nl; geheim.tweede@prive.nl", "a***@x.nl; g***@prive.nl"),  # every address
        ("bel +31 6 12345678 of 0612345678", "bel +31 6 12345678 of 0612345678"),  # phones
        ("111222334 faalt de 11-proef", "111222334 faalt de 11-proef"),
        ("IBAN NL91ABNA0417164300", "IBAN NL91ABNA0417164300"),
    ],
)
def test_free_text_hides_every_spelling_of_a_bsn(text: str, shown: str) -> None:
    assert mask_free_text(text) == shown
    assert Masking().column(pd.Series([text]), "naam").iloc[0] == shown


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("kvk_nummer", "111222333", "*****2333"),  # a BSN typed into the KvK column
        ("kvk_nummer", "12345678", "12345678"),
        ("telefoon", "111222333", "*****2333"),
        ("telefoon", "0612345678", "0612345678"),
        ("iban", "NL91ABNA0417164300", "NL91ABNA0417164300"),
        ("email", "a@x.nl, b@y.nl", "a***@x.nl, b***@y.nl"),
        ("bsn", "12345", "*****2345 (5 cijfers)"),  # the problem stays visible
        ("bsn", "1112223334", "*****3334 (10 cijfers)"),
        ("rsin", "11122233A", "*****233A (8 cijfers en 1 ander teken)"),
    ],
)
def test_each_field_is_masked_by_its_own_rule(field: str, value: str, shown: str) -> None:
    assert Masking().column(pd.Series([value]), field).iloc[0] == shown
    assert Masking(masked=False).column(pd.Series([value]), field).iloc[0] == value


KEYED = [
    {"relatienummer": "111222333", "naam": "Jan Jansen", "type": "persoon", "bsn": "111222333",
     "producten": "Aangifte IB"},
    {"relatienummer": "100", "naam": "Els 246801311", "type": "persoon", "bsn": "12345",
     "producten": "Aangifte IB"},
]  # fmt: skip
KEYED_CONTACTS = [
    {"contactnummer": "111222333", "achternaam": "Jansen", "email": "jan@x.nl; geheim@y.nl",
     "relatienummers": "111222333, 100"},
]  # fmt: skip


def test_a_relatienummer_that_is_a_bsn_is_masked_and_warned_about() -> None:
    report = run(KEYED, KEYED_CONTACTS)
    warned = report.issues[report.issues["code"].eq("relatienummer.is_bsn")]
    assert warned["key"].tolist() == ["111222333"]  # not 100: its number is its own
    shown = report.issue_table()
    assert "111222333" not in set(shown["key"]) and "*****2333" in set(shown["key"])
    assert "111222333" in set(report.issue_table(masked=False)["key"])
    data = json.dumps(report.to_dict(), ensure_ascii=False)
    assert "111222333" not in data and "246801311" not in data and "geheim@y.nl" not in data
    assert "*****2345 (5 cijfers)" in data  # the short BSN shows its shape
    csv_text = fixlist_csv(report).decode("utf-8-sig")
    assert "111222333" not in csv_text and "Els *****1311" in csv_text
    masked_keys = Masking(secrets=report.personal_numbers).column(
        pd.Series(["111222333, 100", "100.1"]), "relatienummers"
    )
    assert masked_keys.tolist() == ["*****2333, 100", "100.1"]


def test_no_warning_without_a_matching_bsn() -> None:
    rows = [dict(KEYED[0], bsn="123456782"), KEYED[1]]  # 111222333 is nobody's BSN here
    report = run(rows)
    assert "relatienummer.is_bsn" not in set(report.issues["code"])
    masking = report.masking()  # a nine-digit number of its own stays visible
    assert masking.column(pd.Series(["111222333"]), "relatienummer").iloc[0] == "111222333"


def test_a_masked_key_in_the_fix_list_still_matches_its_row() -> None:
    report = run(KEYED)
    book = load_workbook(io.BytesIO(fixlist_xlsx(report)))
    sheet = book["Fixlijst"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        if cells["Code"].value == "relatienummer.is_bsn":
            assert cells["Relatie- of contactnummer"].value == "*****2333"
            cells["Gecorrigeerde waarde"].value = "200"  # a number of its own
    buffer = io.BytesIO()
    book.save(buffer)
    applied = apply_fixlist(report, ("ingevuld.xlsx", buffer.getvalue()))
    statuses = applied.corrections
    assert statuses["remark"].tolist() == [""] and statuses["new"].tolist() == ["200"]


def test_the_summary_sheet_masks_the_file_name() -> None:
    report = dq.check(relaties=("Jansen_BSN_111222333.csv", b"Relatienummer;Naam\n1;Jan\n"))
    text = texts(fixlist_xlsx(report))
    assert "Jansen_BSN_*****2333.csv" in text and "111222333" not in text
    assert "111222333" in texts(fixlist_xlsx(report, masked=False))
