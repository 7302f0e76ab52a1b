"""The fix list: what the office reads, in which order, masked, and safe to open in Excel."""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dq.checks.report import Report
from dq.exports import fixlist
from dq.exports.fixlist import (
    ACCEPTED_COLUMNS,
    COLUMNS,
    CORRECTED,
    CURRENT,
    FIXLIST_SHEET,
    INFO_SHEET,
    SUMMARY_SHEET,
    WORK,
    accepted_list,
    fixlist_csv,
    fixlist_table,
    fixlist_xlsx,
    info_table,
    natural_key,
    natural_rank,
    work_kind,
)
from dq.spec.fields import BY_KEY, FIELDS, FISCAL_FIELDS, WORKFLOW_FIELDS
from tests.helpers import ACCEPT_REASONS, run

PERSOON = {"relatienummer": "100", "naam": "Jan Jansen", "type": "persoon", "producten": "IB"}


def _sheet_rows(data: bytes, sheet: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


NUMBERS = st.from_regex(r"[A-Za-z]{0,2}(|[0-9]{1,4}(\.[0-9]{1,3})?)", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(NUMBERS, max_size=30), st.lists(st.text(max_size=6), max_size=2))
def test_natural_rank_is_the_order_of_natural_key(numbers: list[str], others: list[str]) -> None:
    """The numpy path (letters, a number and a sub-number) and the Python path (any other
    key present) both give `natural_key`'s order."""
    for keys in (numbers, numbers + others):
        rank = natural_rank(pd.Series(keys, dtype="str"))
        order = sorted(range(len(keys)), key=rank.__getitem__)
        assert [natural_key(keys[i]) for i in order] == sorted(map(natural_key, keys))


def test_table_has_the_dutch_columns_worst_first(demo_report: Report) -> None:
    table = fixlist_table(demo_report)
    assert list(table.columns) == COLUMNS
    assert set(table["Ernst"]) == {"fout", "waarschuwing"}
    severity = table["Ernst"].map({"fout": 0, "waarschuwing": 1})
    assert severity.is_monotonic_increasing
    assert len(table) == demo_report.counts["error"] + demo_report.counts["warning"]
    relaties = table[(table["Ernst"] == "fout") & (table["Bestand"] == "Relaties")]
    keys = relaties["Relatie- of contactnummer"].tolist()
    assert keys == sorted(keys, key=natural_key)
    assert (table[CORRECTED] == "").all()


def test_bsn_is_masked_unless_full_values_are_asked_for() -> None:
    report = run(relaties=[PERSOON | {"bsn": "111252333"}])
    masked = fixlist_table(report)
    full = fixlist_table(report, masked=False)
    assert masked.loc[masked["Code"] == "bsn.invalid_checksum", CURRENT].item() == "*****2333"
    assert full.loc[full["Code"] == "bsn.invalid_checksum", CURRENT].item() == "111252333"
    assert b"111252333" not in fixlist_csv(report)
    assert b"111252333" in fixlist_csv(report, masked=False)


def test_rows_carry_name_label_and_column_of_the_office_file() -> None:
    report = run(
        relaties=[PERSOON | {"bsn": ""}],
        contacten=[
            {
                "contactnummer": "7",
                "voornaam": "Anna",
                "tussenvoegsel": "van",
                "achternaam": "Dijk",
                "email": "anna@",
                "relatienummers": "100",
            }
        ],
    )
    table = fixlist_table(report).set_index("Code")
    assert table.loc["bsn.missing", ["Naam", "Veld", "Kolom", "Rij"]].tolist() == [
        "Jan Jansen",
        "BSN",
        "bsn",
        2,
    ]
    assert table.loc["email.invalid_format", "Naam"] == "Anna van Dijk"
    assert table.loc["email.invalid_format", "Soort werk"] == "Contacten"


def test_every_field_belongs_to_one_kind_of_work() -> None:
    keys = {f.key for f in FIELDS if f.file == "relaties"}
    assert keys >= FISCAL_FIELDS | WORKFLOW_FIELDS
    for f in FIELDS:
        assert work_kind(f.file, f.key, f"{f.key}.missing") in WORK
    assert work_kind("relaties", "", "bestand.unmapped_column") == "Kolommen"


def test_workbook_layout(demo_report: Report) -> None:
    data = fixlist_xlsx(demo_report)
    workbook = load_workbook(io.BytesIO(data))
    table = fixlist_table(demo_report)
    kinds = [k for k in WORK if (table["Soort werk"] == k).any()]
    assert workbook.sheetnames == [SUMMARY_SHEET, FIXLIST_SHEET, *kinds, INFO_SHEET]
    sheet = workbook[FIXLIST_SHEET]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{len(table) + 1}"
    assert sheet.max_row == len(table) + 1
    assert sheet.column_dimensions["H"].width == 70  # Probleem, wrapped
    assert sheet.column_dimensions["K"].number_format == "@"  # what the office types stays text
    rules = {r.formula[0] for cf in sheet.conditional_formatting for r in cf.rules}
    assert rules == {'"fout"', '"waarschuwing"'}
    per_kind = sum(workbook[k].max_row - 1 for k in kinds)
    assert per_kind == len(table)
    first = [c.value for c in sheet[2]]
    assert first[:3] == ["Relaties", table.loc[0, "Rij"], table.loc[0, "Relatie- of contactnummer"]]
    info = list(workbook[INFO_SHEET].iter_rows(values_only=True))
    assert info[0] == ("Bestand", "Veld", "Kolom", "Aantal", "Melding", "Voorbeeld", "Code")
    assert sum(row[3] for row in info[1:]) == demo_report.counts["info"]
    assert info[1][:4] == ("Relaties", "IBAN", "IBAN", 85)  # the most frequent repair first


def test_summary_tells_verdict_counts_and_files(demo_report: Report) -> None:
    text = " ".join(
        str(v) for row in _sheet_rows(fixlist_xlsx(demo_report), SUMMARY_SHEET) for v in row if v
    )
    for expected in (
        "NIET KLAAR voor import",
        "relaties.xlsx",
        "contacten.csv",
        "Gecorrigeerde waarde",
        "Aangifte BTW",
        "Fiscale nummers",
        "Gemaskeerd",
    ):
        assert expected in text


def test_identifiers_stay_text() -> None:
    report = run(
        relaties=[PERSOON | {"relatienummer": "0100", "bsn": "012345672.0", "kvk_nummer": "0123"}]
    )
    data = fixlist_xlsx(report, masked=False)
    sheet = load_workbook(io.BytesIO(data))[FIXLIST_SHEET]
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2:4] + row[8:10]:
            assert cell.value is None or cell.data_type == "s"
    assert "0100" in [c.value for c in sheet["C"]]


def test_a_formula_in_the_data_never_becomes_a_formula() -> None:
    evil = '=HYPERLINK("http://example.invalid","klik")'
    report = run(relaties=[PERSOON | {"naam": evil, "bsn": "@SUM(1)"}])
    data = fixlist_xlsx(report, masked=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
    names = [row[3] for row in _sheet_rows(data, FIXLIST_SHEET)[1:]]
    assert evil in names
    rows = list(
        csv.reader(
            io.StringIO(fixlist_csv(report, masked=False).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert all(r[3] == "'" + evil for r in rows[1:])
    assert any(r[8] == "'@SUM(1)" for r in rows[1:])


@pytest.mark.parametrize("name", ["demo_report", "accepted_report"])
def test_csv_is_the_fixlist_sheet(request: pytest.FixtureRequest, name: str) -> None:
    report = request.getfixturevalue(name)
    data = fixlist_csv(report)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    sheet = _sheet_rows(fixlist_xlsx(report), FIXLIST_SHEET)
    as_text = [["" if v is None else str(v) for v in row] for row in sheet]
    assert rows == as_text


@pytest.mark.parametrize("include_info", [False, True])
def test_infos_are_in_the_csv_only_when_asked(demo_report: Report, include_info: bool) -> None:
    rows = fixlist_csv(demo_report, include_info=include_info).decode("utf-8-sig").splitlines()
    counts = demo_report.counts
    expected = counts["error"] + counts["warning"] + (counts["info"] if include_info else 0)
    assert len(rows) - 1 == expected


# --- accepted warnings ---------------------------------------------------------------------


def _accepted_section(data: bytes) -> list[tuple]:
    """The Samenvatting's rows from the Geaccepteerd title on, trailing empty cells dropped."""
    rows = [row[: len(ACCEPTED_COLUMNS)] for row in _sheet_rows(data, SUMMARY_SHEET)]
    titles = [i for i, row in enumerate(rows) if row[0] == "Geaccepteerd"]
    return rows[titles[0] :] if titles else []


def test_accepted_warnings_leave_the_to_do_sheets_for_the_summary(
    demo_report: Report, accepted_report: Report
) -> None:
    accepted = accepted_report.accepted
    assert sorted(accepted["code"]) == sorted(ACCEPT_REASONS)
    keys = ["file", "row", "field", "code"]
    left = accepted[keys].merge(accepted_report.issues[keys], how="inner")
    assert left.empty  # not on the to-do list of the check any more
    data = fixlist_xlsx(accepted_report)
    workbook = load_workbook(io.BytesIO(data))
    fixlijst = [row for row in workbook[FIXLIST_SHEET].iter_rows(min_row=2, values_only=True)]
    assert len(fixlijst) == len(fixlist_table(demo_report)) - len(accepted)
    on_sheets = {
        (row[0].lower(), row[1], row[COLUMNS.index("Code")])
        for name in workbook.sheetnames
        if name not in (SUMMARY_SHEET, INFO_SHEET)
        for row in workbook[name].iter_rows(min_row=2, values_only=True)
    }
    for warning in accepted.itertuples():
        assert (warning.file, warning.row, warning.code) not in on_sheets
    section = _accepted_section(data)
    assert section[1][0].startswith(f"Het kantoor heeft {len(accepted)} waarschuwingen")
    assert list(section[2]) == ACCEPTED_COLUMNS
    shown_reason = {
        "relatienummer.no_contact": ACCEPT_REASONS["relatienummer.no_contact"],
        "bsn.test_number": "Klant bevestigde BSN *****2333 per mail",
    }
    expected = {
        (
            w.file.capitalize(),
            w.row,
            w.key,
            BY_KEY[(w.file, w.field)].label,
            w.message,
            shown_reason[w.code],
        )
        for w in accepted.itertuples()
    }
    assert len(section) == 3 + len(accepted) and set(section[3:]) == expected
    assert _accepted_section(fixlist_xlsx(demo_report)) == []  # nothing accepted: no section


def test_the_masked_summary_holds_no_full_bsn(accepted_report: Report) -> None:
    bsns = set(accepted_report.files["relaties"].outcomes["bsn"].raw.str.strip()) - {""}
    bsns |= {"111222333"}  # the one in a reason
    masked = " ".join(
        str(v) for row in _sheet_rows(fixlist_xlsx(accepted_report), SUMMARY_SHEET) for v in row
    )
    assert "Klant bevestigde BSN *****2333 per mail" in masked
    assert not {bsn for bsn in bsns if bsn in masked}
    full = accepted_list(accepted_report, masked=False)
    assert ACCEPT_REASONS["bsn.test_number"] in full["Reden"].tolist()
    json_reasons = [a["reason"] for a in accepted_report.to_dict()["accepted"]]
    assert "Klant bevestigde BSN *****2333 per mail" in json_reasons


def _infos_grouped(lines: pd.DataFrame) -> pd.DataFrame:
    """The Info sheet's definition, straight from every info line of the list: per kind
    (file, field, column, problem, code) how many and the first one as the example."""
    groups = lines.groupby(["Bestand", "Veld", "Kolom", "Probleem", "Code"], sort=False)
    first = groups.first()
    example = "rij " + first["Rij"].astype("str") + ": " + first[CURRENT]
    example += " → " + first["Voorgestelde waarde"]
    table = pd.DataFrame(
        {
            "Aantal": groups.size(),
            "Voorbeeld": example.where(first["Voorgestelde waarde"] != "", ""),
        }
    ).reset_index()
    table = table.sort_values(["Bestand", "Aantal"], ascending=False, kind="stable")
    columns = ["Bestand", "Veld", "Kolom", "Aantal", "Probleem", "Voorbeeld", "Code"]
    return table[columns].rename(columns={"Probleem": "Melding"})


@pytest.mark.parametrize("masked", [True, False])
def test_info_sheet_groups_every_info_line_though_it_makes_one_per_kind(
    demo_report: Report, masked: bool
) -> None:
    """`info_table` makes a line only for the first info of each kind; it equals grouping the
    whole list's info lines, also with unused columns (a line per column name) and a column
    the file lacks (its notice counts the rows)."""
    odd = run(
        [
            {**PERSOON, "bsn": "12345672", "postcode": "1234ab", "Oud veld": "x", "Notitie": "y"},
            {**PERSOON, "relatienummer": "101", "bsn": "", "postcode": "5678 cd", "Oud veld": "z"},
        ]
    )
    assert {"bestand.unmapped_column"} <= set(odd.issues["code"])
    for report in (demo_report, odd):
        every = fixlist_table(report, masked, ("info",))
        expected = _infos_grouped(every).reset_index(drop=True)
        pd.testing.assert_frame_equal(info_table(report, masked).reset_index(drop=True), expected)
        assert info_table(report, masked)["Aantal"].sum() == len(every)


def test_the_list_order_is_made_once_per_check_and_each_page_picks_from_it(
    demo_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages and downloads of one check share the order; a page is that slice of the list,
    and any list (with or without infos) is the whole order less the issues not on it."""
    report = Report(
        **{
            f: getattr(demo_report, f)
            for f in ("files", "issues", "products", "readiness", "catalog")
        }
    )
    made = []
    order = fixlist._order
    monkeypatch.setattr(fixlist, "_order", lambda issues: made.append(1) or order(issues))
    whole = fixlist_table(report, True, ("error", "warning", "info"))
    nl = {"error": "fout", "warning": "waarschuwing", "info": "info"}
    for severities in (("error", "warning", "info"), ("error", "warning"), ("info",)):
        lines = whole[whole["Ernst"].isin([nl[s] for s in severities])].reset_index(drop=True)
        for start in (0, 10, 20):
            page = fixlist_table(report, True, severities, range(start, start + 10))
            expected = lines.iloc[start : start + 10].reset_index(drop=True)
            assert len(page) == 10
            pd.testing.assert_frame_equal(page, expected)
    assert made == [1]
