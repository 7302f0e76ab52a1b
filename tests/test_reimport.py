"""Re-import of a completed fix list: right cell, checked, reported, and into a new cleaned file."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from dq.checks.report import Report
from dq.edits.session import EDIT, FIXLIST, Edits
from dq.exports.cleaned import cleaned_files, screen_changes
from dq.exports.fixlist import CODE, CORRECTED, fixlist_csv, fixlist_xlsx
from dq.exports.reimport import (
    APPLIED,
    REJECTED,
    WARNED,
    apply_fixlist,
    apply_to_edits,
    read_fixlist,
)
from dq.io.load import LoadError
from tests.helpers import fill_in, run

ROWS = [
    {
        "relatienummer": "100",
        "naam": "Jan",
        "type": "persoon",
        "bsn": "111252333",
        "producten": "IB",
    },
    {"relatienummer": "101", "naam": "Piet", "type": "persoon", "bsn": "", "producten": "IB"},
    {
        "relatienummer": "102",
        "naam": "Bakker",
        "type": "organisatie",
        "rechtsvorm": "Holding",
        "rsin": "001000019",
        "producten": "Jaarrekening; Subsidie",
    },
]


def filled_in(report: Report, answers: dict[str, str]) -> bytes:
    """The full xlsx fix list of `report` with `answers` {code: correction} filled in."""
    return fill_in(fixlist_xlsx(report, masked=False), answers)[0]


@pytest.fixture
def report() -> Report:
    return run(relaties=ROWS)


def test_good_corrections_are_applied_and_bad_ones_reported(report: Report) -> None:
    answers = {
        "bsn.invalid_checksum": "111222333",
        "bsn.missing": "123456780",  # fails the 11-test
        "rechtsvorm.unknown_value": "bv",
        "producten.unknown_value": "Administratie",
    }
    applied = apply_fixlist(report, ("fixlijst.xlsx", filled_in(report, answers)))
    status = applied.corrections.set_index("code")["status"]
    assert status["bsn.invalid_checksum"] == APPLIED
    assert status["bsn.missing"] == REJECTED
    assert "BSN bestaat niet" in applied.corrections.set_index("code").loc["bsn.missing", "remark"]
    assert status["rechtsvorm.unknown_value"] in (APPLIED, WARNED)
    frame = applied.report.files["relaties"].table.frame
    assert frame.loc[0, "bsn"] == "111222333"
    assert frame.loc[1, "bsn"] == ""  # the rejected correction is not in the file
    assert frame.loc[2, "producten"] == "Jaarrekening, Administratie"  # only that item changed
    assert set(applied.changes["field"]) == {"bsn", "rechtsvorm", "producten"}


def test_new_cleaned_file_lists_corrections_and_repairs(report: Report) -> None:
    data = filled_in(report, {"rechtsvorm.unknown_value": "bv"})
    files = apply_fixlist(report, ("fixlijst.xlsx", data)).cleaned_files()
    cleaned = list(
        csv.reader(io.StringIO(files["test_opgeschoond.csv"].decode("utf-8-sig")), delimiter=";")
    )
    header = cleaned[0]
    assert cleaned[3][header.index("rechtsvorm")] == "Besloten vennootschap"  # bv, then normalised
    changes = list(
        csv.reader(io.StringIO(files["test_wijzigingen.csv"].decode("utf-8-sig")), delimiter=";")
    )
    assert changes[0][-2:] == ["Reden", "Bron"]
    rechtsvorm = [row[-4:] for row in changes[1:] if row[3] == "rechtsvorm"]
    assert rechtsvorm[0] == ["Holding", "bv", "Correctie uit de ingevulde fixlijst.", "Fixlijst"]
    assert rechtsvorm[1][:2] == ["bv", "Besloten vennootschap"]
    assert rechtsvorm[1][-1] == "Zekere reparatie"


def test_a_correction_is_only_applied_to_the_same_relatie(report: Report) -> None:
    data = filled_in(report, {"bsn.invalid_checksum": "111222333"})
    moved = run(relaties=[ROWS[1], ROWS[0], ROWS[2]])  # the office re-sorted its file
    applied = apply_fixlist(moved, ("fixlijst.xlsx", data))
    row = applied.corrections.iloc[0]
    assert row["status"] == REJECTED and "is het bestand veranderd" in row["remark"]
    assert applied.changes.empty


def test_csv_fixlist_and_the_empty_marker() -> None:
    report = run(relaties=[ROWS[0] | {"bsn": "111222333", "rsin": "001000019"}])
    rows = list(csv.reader(io.StringIO(fixlist_csv(report).decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index(CODE)] == "rsin.not_applicable":
            row[header.index(CORRECTED)] = "(leeg)"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    applied = apply_fixlist(report, ("fixlijst.csv", buffer.getvalue().encode("utf-8-sig")))
    assert applied.corrections["status"].tolist() == [APPLIED]
    assert applied.report.files["relaties"].table.frame.loc[0, "rsin"] == ""
    assert applied.report.ready and applied.report.counts["warning"] == 0


def test_two_different_corrections_for_one_cell_are_refused(report: Report) -> None:
    data = filled_in(report, {"bsn.invalid_checksum": "111222333"})
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Fiscale nummers"]  # the same issue, on the sheet per kind of work
    header = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, header.index(CODE) + 1).value == "bsn.invalid_checksum":
            sheet.cell(row, header.index(CORRECTED) + 1, "123456782")
    buffer = io.BytesIO()
    workbook.save(buffer)
    applied = apply_fixlist(report, ("fixlijst.xlsx", buffer.getvalue()))
    assert set(applied.corrections["status"]) == {REJECTED}
    assert "Verschillende correcties" in applied.corrections["remark"].iloc[0]


def test_not_a_fixlist_is_refused(report: Report) -> None:
    with pytest.raises(LoadError, match="geen fixlijst"):
        read_fixlist(("relaties.csv", b"Relatienummer;Naam\r\n1;Jan\r\n"))


def test_a_fixlist_made_for_other_files_is_refused_whole(report: Report) -> None:
    data = filled_in(report, {"bsn.invalid_checksum": "111222333"})
    other = run(relaties=[row | {"relatienummer": f"9{i}"} for i, row in enumerate(ROWS)])
    with pytest.raises(LoadError, match="hoort bij andere bestanden") as refused:
        apply_fixlist(other, ("fixlijst.xlsx", data))
    assert "Er is niets gewijzigd" in str(refused.value)


def test_fixlist_on_top_of_edits_wins_on_a_shared_cell_and_undoes_as_one_step(
    report: Report,
) -> None:
    edits = Edits(report)
    edits.edit("relaties", 0, "bsn", "123")  # the cell the fix list corrects too
    edits.edit("relaties", 2, "rechtsvorm", "bv")  # a cell the fix list leaves alone
    data = filled_in(report, {"bsn.invalid_checksum": "111222333", "bsn.missing": "123456782"})
    applied = apply_to_edits(edits, ("fixlijst.xlsx", data))
    over = applied.corrections.set_index("key")["over_edit"]
    assert over.to_dict() == {"100": True, "101": False}
    assert edits.cell("relaties", 0, "bsn") == "111222333"  # the fix list wins
    assert edits.cell("relaties", 2, "rechtsvorm") == "bv"  # the edit stays
    assert applied.report is edits.report and edits.report.counts["error"] == 0
    sources = edits.changes().set_index("key")["source"].to_dict()
    assert sources == {"100": FIXLIST, "101": FIXLIST, "102": EDIT}
    edits.edit("relaties", 0, "bsn", "123456782")  # a later edit wins again
    assert edits.changes().set_index("key").loc["100", "source"] == EDIT
    edits.undo()
    edits.undo()  # the whole fix list in one step
    assert edits.cell("relaties", 0, "bsn") == "123"
    assert edits.cell("relaties", 1, "bsn") == ""


def test_a_refused_fixlist_changes_nothing_in_the_edits(report: Report) -> None:
    edits = Edits(report)
    with pytest.raises(LoadError):
        apply_to_edits(edits, ("relaties.csv", b"Relatienummer;Naam\r\n1;Jan\r\n"))
    assert edits.pending == 0 and not edits.can_undo


def test_wijzigingen_names_the_source_of_every_change(report: Report) -> None:
    edits = Edits(report)
    edits.edit("relaties", 2, "rechtsvorm", "bv")
    edits.apply_to_all("relaties", "type", "persoon", "Persoon")
    data = filled_in(report, {"bsn.invalid_checksum": "111222333"})
    apply_to_edits(edits, ("fixlijst.xlsx", data))
    files = cleaned_files(edits.report, screen_changes(edits))
    changes = list(
        csv.reader(io.StringIO(files["test_wijzigingen.csv"].decode("utf-8-sig")), delimiter=";")
    )
    by_source = {row[-1] for row in changes[1:]}
    assert {"Fixlijst", "Bewerking (Herstellen)", "Alles tegelijk (Herstellen)"} <= by_source
    assert "Zekere reparatie" in by_source  # bv -> Besloten vennootschap
