"""Column checks and scores: missing versus invalid, repairs, row numbers, readiness formula."""

from __future__ import annotations

import pandas as pd
from helpers import codes, run, table

from dq.checks.mapping import auto_map
from dq.checks.pipeline import analyse
from dq.privacy import mask

PERSOON = {
    "relatienummer": "5000",
    "naam": "Jan Jansen",
    "type": "persoon",
    "bsn": "111222333",
    "producten": "Aangifte IB",
}


def test_missing_and_invalid_are_counted_separately() -> None:
    rows = [
        PERSOON,
        dict(PERSOON, relatienummer="5001", bsn=""),
        dict(PERSOON, relatienummer="5002", bsn="111252333"),
    ]
    report = run(rows)
    assert codes(report) == ["bsn.invalid_checksum", "bsn.missing"]
    bsn = report.field_scores.set_index("field").loc["bsn"]
    assert (bsn.required, bsn.filled, bsn.missing, bsn.valid, bsn.invalid) == (3, 2, 1, 1, 1)
    assert (bsn.completeness_pct, bsn.validity_pct) == (66.7, 50.0)


def test_placeholders_count_as_missing_but_mean_geen_for_tijdvakken() -> None:
    report = run([dict(PERSOON, bsn="n.v.t.", tijdvak_btw="nvt")])
    assert codes(report) == ["bsn.missing"]
    assert report.files["relaties"].outcomes["tijdvak_btw"].normal.tolist() == ["geen"]


def test_surrounding_spaces_are_an_info_with_the_trimmed_suggestion() -> None:
    report = run([dict(PERSOON, naam="  Jan Jansen ")])
    info = report.issues[report.issues["severity"] == "info"]
    assert info[["code", "suggestion"]].values.tolist() == [["naam.normalised", "Jan Jansen"]]
    assert report.ready


def test_excel_damage_is_repaired_and_reported() -> None:
    rows = [
        dict(PERSOON, bsn="12345672"),
        dict(PERSOON, relatienummer="5001", bsn="111222333.0"),
        dict(PERSOON, relatienummer="5002", bsn="1.11222E+08"),
    ]
    issues = run(rows).issues.set_index("code")
    assert issues.loc["bsn.leading_zero_restored", "suggestion"] == "012345672"
    assert issues.loc["bsn.leading_zero_restored", "severity"] == "warning"
    assert issues.loc["bsn.float_suffix_removed", "suggestion"] == "111222333"
    assert issues.loc["bsn.scientific_notation", "severity"] == "error"


def test_rows_are_excel_rows_and_keys_are_relatienummers() -> None:
    loaded = table([PERSOON, dict(PERSOON, relatienummer="5001", bsn="")])
    loaded.excel_rows[:] = [4, 7]  # a title above the header and blank rows between
    report = analyse({"relaties": loaded}, {"relaties": auto_map(loaded.columns, "relaties")})
    issue = report.issues[report.issues["code"] == "bsn.missing"].iloc[0]
    assert (issue["row"], issue["key"]) == (7, "5001")


def test_unmapped_columns_are_kept_and_reported() -> None:
    report = run([dict(PERSOON, Accountmanager="JdV")])
    issue = report.issues[report.issues["code"] == "bestand.unmapped_column"].iloc[0]
    assert issue["value"] == "Accountmanager"
    assert "Accountmanager" in report.files["relaties"].table.frame


def test_absent_required_column_is_one_file_issue_plus_row_issues() -> None:
    rows = [{k: v for k, v in PERSOON.items() if k != "bsn"}]
    report = run(rows)
    assert codes(report) == ["bestand.column_missing", "bsn.missing"]
    assert not report.ready and report.readiness == 0.0


def test_row_issues_of_a_file_are_its_issues_on_rows_labelled_as_in_the_list() -> None:
    rows = [{k: v for k, v in PERSOON.items() if k != "bsn"}, dict(PERSOON, Accountmanager="x")]
    report = run(rows)
    on_rows = report.on_rows("relaties")
    assert list(on_rows.columns) == ["pos", "field", "code", "severity"]
    issues = report.issues
    expected = issues[issues["file"].eq("relaties") & issues["pos"].ge(0)]
    assert on_rows.index.tolist() == expected.index.tolist() and len(on_rows)
    assert on_rows.equals(expected[on_rows.columns])  # the labels reach the other columns
    assert set(issues.loc[~issues.index.isin(on_rows.index), "pos"]) == {-1}
    assert report.on_rows("relaties") is on_rows  # split off once
    assert report.on_rows("contacten").empty


def test_readiness_counts_records_without_errors_in_both_files() -> None:
    contact = {
        "contactnummer": "1",
        "voornaam": "Jan",
        "achternaam": "Jansen",
        "email": "jan@x.nl",
        "relatienummers": "5000",
    }
    rows = [PERSOON, dict(PERSOON, relatienummer="5001", naam="Piet", bsn="111252333")]
    report = run(rows, [contact])
    # 3 records, one with an error; the warning (5001 without contact) does not count.
    assert report.readiness == 66.7
    assert report.counts["warning"] == 1
    products = report.products.set_index("product").loc["Aangifte IB"]
    assert (products.relaties, products.ready, products.ready_pct) == (2, 1, 50.0)


def test_optional_sparse_column_does_not_lower_readiness() -> None:
    rows = [
        dict(
            PERSOON,
            relatienummer=str(5000 + i),
            bsn="111222333" if i == 0 else "",
            type="organisatie",
            rechtsvorm="eenmanszaak",
            kvk_nummer="12345678",
            producten="Jaarrekening",
            iban="",
        )
        for i in range(3)
    ]
    report = run(rows)
    assert report.readiness == 100.0


def test_listed_products_report_each_unknown_item() -> None:
    report = run([dict(PERSOON, producten="IB, Subsidie; Hypotheek")])
    unknown = report.issues[report.issues["code"] == "producten.unknown_value"]
    assert unknown["value"].tolist() == ["Subsidie", "Hypotheek"]
    outcome = report.files["relaties"].outcomes["producten"]
    assert outcome.normal.tolist() == ["Aangifte IB"] and not outcome.valid.any()


def test_masking() -> None:
    assert mask("111222333") == "*****2333"
    assert mask("12") == "**"
    report = run([dict(PERSOON, bsn="111252333")])
    table_ = report.issue_table()
    assert table_.loc[table_["field"] == "bsn", "value"].tolist() == ["*****2333"]
    assert report.issue_table(masked=False).loc[0, "value"] == "111252333"


def test_summary_and_notebook_view_are_dutch() -> None:
    report = run([dict(PERSOON, bsn="111252333")])
    assert "Gereedheid: 0,0% — NIET KLAAR voor import" in report.summary()
    assert "Nog niet klaar" in report._repr_html_()
    assert isinstance(report.field_scores, pd.DataFrame)


def test_full_name_column_replaces_voornaam_and_achternaam() -> None:
    contact = {
        "contactnummer": "1",
        "Naam": "Jan Jansen",
        "email": "jan@x.nl",
        "relatienummers": "5000",
    }
    report = run([PERSOON], [contact])
    assert report.files["contacten"].mapping.columns["volledige_naam"] == "Naam"
    assert codes(report) == []
    without = {k: v for k, v in contact.items() if k != "Naam"}
    assert codes(run([PERSOON], [dict(without, voornaam="Jan")])) == [
        "achternaam.missing",
        "bestand.column_missing",
    ]


def test_header_only_file_is_not_ready() -> None:
    report = run([])
    assert report.readiness is None and not report.ready  # nothing to divide by
    assert report.to_dict()["readiness"] is None
    assert "NIET KLAAR" in report.summary()
