"""The streaming xlsx writer: a valid package that openpyxl and calamine read back exactly."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dq.exports import xlsx
from dq.exports.xlsx import Cell, Style, Workbook
from dq.io.readers import Limits, read_workbook

TEXT = Style(number_format="@")
HEADER = Style(bold=True, color="FFFFFF", fill="1F5F8B")
TOKENS = [*"=+-@'\"\t\r\n <>&;A1a_x0D€é\x01\x0b", "SUM(", "_x000D_", "#N/A", "  "]
tricky = st.lists(st.sampled_from(TOKENS), max_size=10).map("".join)
any_text = st.one_of(tricky, st.text(max_size=20))


def _example() -> bytes:
    book = Workbook()
    sheet = book.sheet(
        "Lijst", [12, 30, 8], styles=[TEXT, TEXT, TEXT | Style(fill="FFF4C2")], freeze_rows=1,
        autofilter=True,
    )  # fmt: skip
    sheet.append([Cell("Nummer", HEADER), Cell("Naam", HEADER), Cell("Rij", HEADER)])
    sheet.note(1, 1, "De naam van de relatie")
    frame = pd.DataFrame(
        {
            "Nummer": pd.Series(["0100", "=1+1", "", "a&b<c>"], dtype="str"),
            "Naam": pd.Series(["Jan", " Piet ", None, "x\x01y"], dtype="str"),
            "Rij": [2, 3, 4, 5],
        }
    )
    sheet.append_frame(frame, {1: Style(wrap=True)})
    sheet.highlight(0, "0100", "F6D5D3")
    sheet.validate_list("A2:A9", "Keuzes!$A$1:$A$2", strict=True, title="Kies", error="Kies 'x'")
    small = book.sheet("Keuzes", [20])
    small.append(["ja", 0.945, Cell(12, Style(number_format="0.0%")), None, Cell(None, HEADER)])
    small.append()
    small.append(["nee"])
    small.hidden = True
    return book.finish()


def test_the_package_is_a_valid_zip_of_well_formed_parts() -> None:
    with zipfile.ZipFile(io.BytesIO(_example())) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert {
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
            "xl/comments1.xml",
            "xl/drawings/vmlDrawing1.vml",
            "xl/worksheets/_rels/sheet1.xml.rels",
        } <= names
        for name in names:
            ElementTree.fromstring(archive.read(name))  # well-formed XML, every part
        types = archive.read("[Content_Types].xml").decode()
        for name in names:
            if (
                name.endswith(".xml")
                and not name.endswith(".rels")
                and name != "[Content_Types].xml"
            ):
                assert f'PartName="/{name}"' in types


def test_openpyxl_reads_values_types_and_styles() -> None:
    workbook = load_workbook(io.BytesIO(_example()))
    assert workbook.sheetnames == ["Lijst", "Keuzes"]
    sheet = workbook["Lijst"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Nummer", "Naam", "Rij"],
        ["0100", "Jan", 2],
        ["=1+1", " Piet ", 3],
        [None, None, 4],
        ["a&b<c>", "x_x0001_y", 5],  # openpyxl shows Excel's escape; Excel and calamine decode it
    ]
    assert sheet["A2"].data_type == "s" and sheet["A3"].data_type == "s"
    assert sheet["C2"].data_type == "n"
    header = sheet["A1"]
    assert header.font.b and header.font.color.rgb == "FFFFFFFF"
    assert header.fill.fgColor.rgb == "FF1F5F8B"
    assert sheet["A2"].number_format == "@"  # a cell takes its column's style
    assert sheet["B2"].alignment.wrap_text and sheet["B2"].number_format == "@"
    assert sheet["A3"].quotePrefix and not sheet["A2"].quotePrefix
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C5"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.column_dimensions["C"].fill.fgColor.rgb == "FFFFF4C2"
    assert sheet["B1"].comment.text == "De naam van de relatie"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == "Keuzes!$A$1:$A$2"
    assert str(validation.sqref) == "A2:A9" and validation.showErrorMessage
    (rule,) = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert rule.formula == ['"0100"'] and rule.operator == "equal"
    keuzes = workbook["Keuzes"]
    assert keuzes.sheet_state == "hidden"
    assert [c.value for c in keuzes[1]] == ["ja", 0.945, 12, None, None]
    assert keuzes["C1"].number_format == "0.0%"
    assert keuzes["E1"].fill.fgColor.rgb == "FF1F5F8B"  # a styled empty cell is written
    assert keuzes["A3"].value == "nee"


def test_formula_like_text_stays_inert_text() -> None:
    texts = ["=1+1", "@SUM(A1)", "+31 6 1234 5678", "-", "#N/A", '=HYPERLINK("http://x")']
    book = Workbook()
    book.sheet("Blad").append_frame(pd.DataFrame({"a": pd.Series(texts, dtype="str")}))
    data = book.finish()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b't="e"' not in sheet_xml and b't="str"' not in sheet_xml
    assert sheet_xml.count(b't="inlineStr"') == len(texts)
    grid = read_workbook(data, "xlsx", "Blad", Limits()).cells
    assert grid[:, 0].tolist() == texts
    quoted = [c.quotePrefix for c in load_workbook(io.BytesIO(data))["Blad"]["A"]]
    assert quoted == [True, True, True, True, False, True]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(any_text, any_text), min_size=1, max_size=8))
def test_rows_and_frames_give_the_same_xml_and_every_text_reads_back(
    pairs: list[tuple[str, str]],
) -> None:
    frame = pd.DataFrame(pairs, columns=["a", "b"]).astype("str")
    frame["n"] = np.arange(len(frame))
    by_row, by_frame = Workbook(), Workbook()
    styles = [TEXT, TEXT | Style(wrap=True)]
    rows_sheet = by_row.sheet("Blad", [10, 10], styles=styles)
    for row in frame.itertuples(index=False):
        rows_sheet.append(list(row))
    by_frame.sheet("Blad", [10, 10], styles=styles).append_frame(frame)
    row_data, frame_data = by_row.finish(), by_frame.finish()
    assert _part(row_data, "xl/worksheets/sheet1.xml") == _part(
        frame_data, "xl/worksheets/sheet1.xml"
    )
    assert _part(row_data, "xl/styles.xml") == _part(frame_data, "xl/styles.xml")
    grid = read_workbook(frame_data, "xlsx", "Blad", Limits()).cells
    read = [[grid[i, j] if i < grid.shape[0] else "" for j in range(2)] for i in range(len(pairs))]
    assert read == [list(pair) for pair in pairs]


def test_a_large_table_is_streamed_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chunk of rows goes into the zip as it is made: no write holds the whole sheet."""
    monkeypatch.setattr(xlsx, "CHUNK_ROWS", 1000)
    n = 20_000
    frame = pd.DataFrame(
        {
            "nummer": pd.Series([f"{i:06d}" for i in range(n)], dtype="str"),
            "naam": pd.Series([f"Relatie {i} & zn" for i in range(n)], dtype="str"),
            "rij": np.arange(2, n + 2),
        }
    )
    writes: list[int] = []
    book = Workbook()
    sheet = book.sheet("Groot", [10, 20, 8], autofilter=True)
    original = sheet._stream.write
    monkeypatch.setattr(
        sheet._stream, "write", lambda data: writes.append(len(data)) or original(data)
    )
    sheet.append_frame(frame)
    data = book.finish()
    assert len(writes) >= n // 1000
    assert max(writes) < sum(writes) / 10  # one chunk is a small part of the sheet
    read = load_workbook(io.BytesIO(data), read_only=True)["Groot"]
    last = list(read.iter_rows(min_row=n, values_only=True))
    assert last == [(f"{n - 1:06d}", f"Relatie {n - 1} & zn", n + 1)]


@pytest.mark.parametrize("title", ["", "a" * 32, "Blad[1]", "x/y", "a:b"])
def test_sheet_names_excel_refuses_are_refused(title: str) -> None:
    with pytest.raises(ValueError, match="sheet name"):
        Workbook().sheet(title)


def test_duplicate_sheet_names_and_empty_workbooks_are_refused() -> None:
    book = Workbook()
    book.sheet("Blad")
    with pytest.raises(ValueError, match="duplicate"):
        book.sheet("BLAD")
    with pytest.raises(ValueError, match="at least one sheet"):
        Workbook().finish()


def test_rows_beyond_excels_last_row_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    book = Workbook()
    sheet = book.sheet("Blad")
    sheet.append(["kop"])
    sheet.append_frame(pd.DataFrame({"a": ["1", "2"]}))
    with pytest.raises(ValueError, match="at most 3 rows"):
        sheet.append(["te veel"])


def test_unsupported_values_are_refused() -> None:
    book = Workbook()
    sheet = book.sheet("Blad")
    with pytest.raises(TypeError):
        sheet.append([True])
    with pytest.raises(TypeError):
        sheet.append([object()])


def _repeated(texts: list[str], rows: int) -> bytes:
    """A workbook of a table whose first column repeats `texts`, the second unique."""
    book = Workbook()
    book.sheet("Blad", [10, 10], styles=[TEXT, TEXT]).append_frame(
        pd.DataFrame(
            {
                "herhaald": pd.Series([texts[i % len(texts)] for i in range(rows)], dtype="str"),
                "uniek": pd.Series([f"{i:05d}" for i in range(rows)], dtype="str"),
            }
        )
    )
    return book.finish()


@settings(max_examples=25, deadline=None)
@given(st.lists(any_text, min_size=1, max_size=6))
def test_repeated_texts_of_a_large_table_are_shared_strings_that_read_back(
    texts: list[str],
) -> None:
    """A column whose few texts repeat goes to sharedStrings.xml (each text once); calamine
    reads every cell back as written, and openpyxl sees the same quote prefixes as on inline
    strings (its values are no oracle: it undoes `_xHHHH_` escapes in shared strings only)."""
    rows = xlsx.SHARED_MIN_ROWS * 2
    data = _repeated(texts, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlsx, "SHARED_MIN_ROWS", rows + 1)
        inline = _repeated(texts, rows)
    sheet_xml = _part(data, "xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.namelist()
    written = {xlsx.xlsx_text(t) for t in texts if t}
    assert ("xl/sharedStrings.xml" in parts) == bool(written)
    if written:  # each text once
        assert len(ElementTree.fromstring(_part(data, "xl/sharedStrings.xml"))) == len(written)
    assert b't="s"' not in _part(inline, "xl/worksheets/sheet1.xml")
    assert sheet_xml.count(b't="inlineStr"') == rows  # the unique column stays inline
    grid = read_workbook(data, "xlsx", "Blad", Limits(), halves=False).cells
    assert grid[:, 0].tolist() == [texts[i % len(texts)] for i in range(rows)]
    assert read_workbook(inline, "xlsx", "Blad", Limits(), halves=False).cells.tolist() == (
        grid.tolist()
    )
    shared_quotes, inline_quotes = (
        [c.quotePrefix for c in load_workbook(io.BytesIO(d))["Blad"]["A"][:12]]
        for d in (data, inline)
    )
    assert shared_quotes == inline_quotes


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def test_column_letters_are_excels() -> None:
    for i in [*range(800), 16383]:
        assert xlsx.column_letter(i) == get_column_letter(i + 1)
