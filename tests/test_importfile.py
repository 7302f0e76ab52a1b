"""Import files in Mijn Kantoor's layout: from our template, an office's own example, the demo."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

import dq
from dq.checks.report import Report
from dq.edits.session import Edits
from dq.exports.cleaned import CHANGES_SHEET, screen_changes
from dq.exports.importfile import (
    EMPTY,
    FILLED,
    HELP_SHEET,
    LEFT_OUT,
    import_file,
    import_files,
    sample_layout,
)
from dq.exports.template import template_xlsx
from dq.io.load import LoadError
from dq.spec.fields import CONTACTEN, RELATIES
from tests.helpers import ACCEPT_REASONS

#: A relaties file exported from an old package: its own headers, one column Mijn Kantoor
#: does not import, numbers as Excel left them.
OLD_PACKAGE = (
    "Klantcode;Klantnaam;Sofinummer;Relatiesoort;Notitie\r\n"
    "100;Jan de Vries;12345672;persoon;belt liever\r\n"
    "101;Piet Jansen;123456782;persoon;\r\n"
)


def rows(data: bytes, sheet: int | str = 0) -> list[tuple]:
    """A sheet of an xlsx file as value tuples."""
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return list(ws.iter_rows(values_only=True))


def explained(data: bytes) -> dict[str, tuple[str, str]]:
    """The Uitleg sheet's column table: column -> (status, reason)."""
    table = rows(data, HELP_SHEET)
    start = next(i for i, r in enumerate(table) if r[:2] == ("Kolom", "In het importbestand"))
    return {r[0]: (r[1], r[2]) for r in table[start + 1 :]}


def xlsx_sample(headers: list[str], sheet: str = "Import relaties") -> bytes:
    """An empty importvoorbeeldbestand: only a header row."""
    book = Workbook()
    book.active.title = sheet
    book.active.append(headers)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", [RELATIES, CONTACTEN])
def test_demo_import_file_has_the_templates_columns_order_and_labels(
    demo_report: Report, kind: str
) -> None:
    data = import_files(demo_report)[f"{kind}_importbestand.xlsx"]
    template_header = rows(template_xlsx(kind))[0]
    table = rows(data)
    assert table[0] == template_header
    assert len(table) - 1 == len(demo_report.files[kind].table.frame)
    assert load_workbook(io.BytesIO(data)).sheetnames == [
        kind.capitalize(),
        HELP_SHEET,
        CHANGES_SHEET,
    ]


def test_identifiers_are_text_with_their_leading_zeros(demo_report: Report) -> None:
    data = import_files(demo_report)["relaties_importbestand.xlsx"]
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in ws[1]]
    kvk = header.index("KvK-nummer") + 1
    restored = demo_report.issues.query("code == 'kvk_nummer.leading_zero_restored'").iloc[0]
    cell = ws.cell(int(restored.pos) + 2, kvk)
    assert cell.value == restored.suggestion and cell.value.startswith("0")
    assert cell.data_type == "s" and cell.number_format == "@"
    bsn = header.index("BSN") + 1
    restored = demo_report.issues.query("code == 'bsn.leading_zero_restored'").iloc[0]
    assert ws.cell(int(restored.pos) + 2, bsn).value == restored.suggestion


def test_demo_explanation_lists_the_office_column_that_is_left_out(demo_report: Report) -> None:
    data = import_files(demo_report)["relaties_importbestand.xlsx"]
    table = explained(data)
    assert table["Accountmanager"][0] == LEFT_OUT
    assert table["Relatienummer"] == (FILLED, "Uit uw kolom 'Relatienr.' (Relatienummer).")
    assert "Accountmanager" not in rows(data)[0]
    assert any("nog" in str(r[0]) and "fout(en)" in str(r[0]) for r in rows(data, HELP_SHEET))


def test_a_file_from_an_old_package_comes_out_in_the_import_layout() -> None:
    report = dq.check(relaties=("export_oud.csv", OLD_PACKAGE.encode()))
    data = import_files(report)["relaties_importbestand.xlsx"]
    table = rows(data)
    assert table[0] == rows(template_xlsx(RELATIES))[0]
    header = list(table[0])
    assert [r[header.index("Relatienummer")] for r in table[1:]] == ["100", "101"]
    assert table[1][header.index("Naam")] == "Jan de Vries"
    assert table[1][header.index("BSN")] == "012345672"  # the lost leading zero, repaired
    assert table[2][header.index("BSN")] == "123456782"
    assert table[1][header.index("Soort relatie")] == "persoon"
    why = explained(data)
    assert why["Notitie"][0] == LEFT_OUT
    assert why["IBAN"] == (EMPTY, "Uw bestand heeft geen kolom voor IBAN.")
    assert why["BSN"] == (FILLED, "Uit uw kolom 'Sofinummer' (BSN).")


def test_an_offices_own_example_file_gives_columns_order_and_labels() -> None:
    report = dq.check(relaties=("export_oud.csv", OLD_PACKAGE.encode()))
    headers = ["Burgerservicenummer", "Code relatie", "Relatienaam", "Kostenplaats"]
    layout = sample_layout(RELATIES, ("importvoorbeeld.xlsx", xlsx_sample(headers)))
    data = import_file(report, RELATIES, layout)["relaties_importbestand.xlsx"]
    table = rows(data)
    assert list(table[0]) == headers
    assert table[1] == ("012345672", "100", "Jan de Vries", None)
    assert load_workbook(io.BytesIO(data)).sheetnames[0] == "Import relaties"
    why = explained(data)
    assert why["Kostenplaats"][0] == EMPTY
    assert why["Relatiesoort"][0] == LEFT_OUT  # soort relatie: the example has no column for it
    assert "importvoorbeeld.xlsx" in why["Relatiesoort"][1]
    assert why["Notitie"][0] == LEFT_OUT


def test_a_csv_example_gives_a_csv_import_file_with_its_delimiter() -> None:
    report = dq.check(relaties=("export_oud.csv", OLD_PACKAGE.encode()))
    layout = sample_layout(RELATIES, ("voorbeeld.csv", b"Relatienummer,Naam,BSN\r\n"))
    files = import_file(report, RELATIES, layout)
    assert set(files) == {"relaties_importbestand.csv", "relaties_importbestand_uitleg.csv"}
    data = list(csv.reader(io.StringIO(files["relaties_importbestand.csv"].decode("utf-8-sig"))))
    assert data == [
        ["Relatienummer", "Naam", "BSN"],
        ["100", "Jan de Vries", "012345672"],
        ["101", "Piet Jansen", "123456782"],
    ]
    uitleg = files["relaties_importbestand_uitleg.csv"].decode("utf-8-sig")
    assert (
        uitleg.startswith("Kolom;In het importbestand;Toelichting")
        and "Notitie;weggelaten" in uitleg
    )


def test_an_example_without_a_single_known_header_is_refused() -> None:
    with pytest.raises(LoadError, match="geen importvoorbeeldbestand"):
        sample_layout(RELATIES, ("iets.xlsx", xlsx_sample(["Foo", "Bar"])))


def test_edits_and_their_source_go_into_the_import_file(demo_report: Report) -> None:
    edits = Edits(demo_report)
    bad = demo_report.issues.query("code == 'bsn.invalid_checksum'").iloc[0]
    edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    data = import_file(edits.report, RELATIES, None, screen_changes(edits))[
        "relaties_importbestand.xlsx"
    ]
    table = rows(data)
    assert table[int(bad.pos) + 1][table[0].index("BSN")] == "111222333"
    changes = rows(data, CHANGES_SHEET)
    edited = [r for r in changes[1:] if r[6] == "111222333"]
    assert edited and edited[0][-1] == "Bewerking (Herstellen)"


def test_accepted_warnings_are_listed_on_uitleg(accepted_report: Report) -> None:
    data = import_files(accepted_report)["relaties_importbestand.xlsx"]
    table = rows(data, HELP_SHEET)
    start = next(i for i, r in enumerate(table) if r[0] == "Geaccepteerd")
    reasons = {r[5] for r in table[start + 3 :]}
    assert reasons == set(ACCEPT_REASONS.values())  # in full: the file holds every BSN anyway
