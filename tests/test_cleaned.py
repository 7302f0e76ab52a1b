"""Cleaned files: only certain repairs, nothing lost, every other cell exactly as it was."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import dq
from dq.api import load
from dq.checks.codes import is_certain
from dq.checks.report import Report
from dq.exports.cleaned import CHANGES_SHEET, QUOTED, cleaned_files, cleaned_table, repairs
from dq.exports.safe import restore_csv_text
from dq.exports.sheets import table_sheet
from dq.exports.xlsx import Workbook
from dq.spec.fields import FIELDS
from tests.helpers import run

LISTED = {f.key for f in FIELDS if f.listed}
RELATIE = {"relatienummer": "100", "naam": "Bakkerij B.V.", "type": "organisatie"}


def _reload(report: Report, files: dict[str, bytes]) -> dict[str, pd.DataFrame]:
    """The cleaned files read back by the loader, by kind."""
    frames = {}
    for kind, result in report.files.items():
        stem = result.table.filename.rsplit(".", 1)[0]
        name = next(n for n in files if n.startswith(f"{stem}_opgeschoond"))
        frame = load((name, files[name]), kind).frame
        frames[kind] = frame.map(restore_csv_text) if name.endswith(".csv") else frame
    return frames


def test_round_trip_keeps_every_row_column_and_unchanged_cell(demo_report: Report) -> None:
    files = cleaned_files(demo_report)
    assert set(files) == {
        "relaties_opgeschoond.xlsx",
        "contacten_opgeschoond.csv",
        "contacten_wijzigingen.csv",
    }
    for kind, frame in _reload(demo_report, files).items():
        original = demo_report.files[kind].table.frame
        assert list(frame.columns) == list(original.columns)
        assert frame.shape == original.shape
        changes = repairs(demo_report, kind)
        changed = pd.DataFrame(False, index=original.index, columns=original.columns)
        for change in changes.itertuples():
            changed.at[change.pos, change.column] = True
            assert frame.at[change.pos, change.column] == change.new
        # every cell that was not repaired is the very same text
        assert (frame.where(~changed, "") == original.where(~changed, "")).all().all()
        assert len(changes) == changed.to_numpy().sum()


def test_only_certain_repairs_are_applied(demo_report: Report) -> None:
    issues = demo_report.issues
    certain = issues[issues["code"].map(is_certain).astype(bool)]
    for kind in demo_report.files:
        changes = repairs(demo_report, kind)
        fixed = changes.merge(certain[certain["file"] == kind], on=["pos", "field"], how="left")
        assert fixed["code"].notna().all()
        whole_cells = fixed[~fixed["field"].isin(LISTED)]  # a list cell changes per item
        assert (whole_cells["suggestion"] == whole_cells["new"]).all()
    uncertain = run(relaties=[RELATIE | {"rechtsvorm": "Holding", "rsin": "111252333"}])
    frame, changes = cleaned_table(uncertain, "relaties")
    assert changes.empty
    assert frame.equals(uncertain.files["relaties"].table.frame)


def test_repairs_keep_the_office_layout() -> None:
    report = run(
        relaties=[
            RELATIE | {"rechtsvorm": "B.V.", "tijdvak_btw": "K", "kvk_nummer": "1234567"},
            {"relatienummer": "100.1", "naam": " Jan ", "type": "P", "bsn": "12345672.0"},
            RELATIE | {"relatienummer": "101", "producten": "BTW; Subsidie"},
        ]
    )
    frame, changes = cleaned_table(report, "relaties")
    assert frame.loc[0, ["rechtsvorm", "tijdvak_btw", "kvk_nummer"]].tolist() == [
        "Besloten vennootschap",
        "kwartaal",
        "01234567",
    ]
    assert frame.loc[1, ["naam", "type", "bsn"]].tolist() == ["Jan", "persoon", "012345672"]
    assert frame.loc[2, "producten"] == "Aangifte BTW, Subsidie"  # the unknown item stays
    assert list(frame.columns) == list(report.files["relaties"].table.frame.columns)
    assert set(changes.columns) >= {"row", "key", "field", "old", "new", "reason"}
    assert changes.loc[changes["field"] == "bsn", ["row", "key", "old"]].values.tolist() == [
        [3, "100.1", "12345672.0"]
    ]


def test_xlsx_output_has_the_changes_sheet(demo_report: Report) -> None:
    data = cleaned_files(demo_report)["relaties_opgeschoond.xlsx"]
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Relaties", CHANGES_SHEET]
    changes = list(workbook[CHANGES_SHEET].iter_rows(values_only=True))
    assert changes[0][:7] == (
        "Rij in origineel",
        "Rij in dit bestand",
        "Relatie- of contactnummer",
        "Kolom",
        "Veld",
        "Oud",
        "Nieuw",
    )
    assert len(changes) - 1 == len(repairs(demo_report, "relaties"))


def test_csv_keeps_its_delimiter_and_quotes_formula_like_cells() -> None:
    upload = "Contactnr,Voornaam,Achternaam,E-mailadres,Relaties\r\n"
    upload += '1,=cmd,Jansen,Jan@Voorbeeld.nl,"100, 101"\r\n2,Piet,-,piet@voorbeeld.nl,100\r\n'
    report = dq.check(contacten=("contacten.csv", upload.encode()))
    files = cleaned_files(report)
    data = files["contacten_opgeschoond.csv"].decode("utf-8-sig")
    assert data.splitlines()[1] == '1,\'=cmd,Jansen,jan@voorbeeld.nl,"100, 101"'
    # a lone sign or a number with a sign is evaluated by Excel too: quoted, still readable
    assert data.splitlines()[2] == "2,Piet,'-,piet@voorbeeld.nl,100"
    changes = list(
        csv.reader(
            io.StringIO(files["contacten_wijzigingen.csv"].decode("utf-8-sig")), delimiter=";"
        )
    )
    reasons = {restore_csv_text(row[5]): row[7] for row in changes[1:]}
    assert reasons["=cmd"] == QUOTED
    assert reasons["-"] == QUOTED
    assert set(reasons) == {"=cmd", "-", "Jan@Voorbeeld.nl"}


cell_text = st.text(
    alphabet=st.sampled_from(list("ab 0=+-@'\";,\t\n\r_x0D€é")), min_size=1, max_size=12
).filter(lambda t: t.strip() != "")


@settings(max_examples=15, deadline=None)
@given(st.lists(cell_text, min_size=1, max_size=5))
def test_any_text_survives_cleaning_in_xlsx_and_csv(notes: list[str]) -> None:
    header = ["Relatienummer", "Naam", "Soort relatie", "Opmerking"]
    rows = [[str(100 + i), f"Relatie {i}", "organisatie", note] for i, note in enumerate(notes)]
    book = Workbook()
    writer = table_sheet(book, "Relaties", header, [12] * 4)
    for row in rows:
        writer.append(row)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, *rows])
    for upload in (("r.xlsx", book.finish()), ("r.csv", buffer.getvalue().encode())):
        report = dq.check(relaties=upload)
        original = report.files["relaties"].table.frame
        (frame,) = _reload(report, cleaned_files(report)).values()
        assert frame["Opmerking"].tolist() == original["Opmerking"].tolist()
