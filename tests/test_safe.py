"""No exported cell can run a formula, and none loses a character: CSV and xlsx, fuzzed."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dq.exports.safe import TRIGGERS, csv_series, csv_text, restore_csv_text, xlsx_text
from dq.exports.sheets import csv_bytes, table_sheet
from dq.exports.xlsx import Workbook
from dq.io.readers import Limits, read_workbook

#: Texts built from the characters that matter: triggers, quotes, spaces, letters, digits.
TOKENS = [*"=+-@'\"\t\r\n ;,|!()A1a_x0D€é\x01", "cmd", "SUM(", "_x000D_", "#N/A"]
risky_text = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)
any_text = st.one_of(risky_text, st.text(max_size=30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        # values that look inert are evaluated by Excel too: quoted, and still readable
        ("-", "'-"),
        ("--", "'--"),
        ("-2+3", "'-2+3"),
        ("+31 6 1234 5678", "'+31 6 1234 5678"),
        ("+31 (0)6-12345678", "'+31 (0)6-12345678"),
        ("-12,50", "'-12,50"),
        ("+1+1", "'+1+1"),
        (" -1", "' -1"),
        ("NL123456789B01", "NL123456789B01"),
        ("'t Hoen", "'t Hoen"),
        ("", ""),
    ],
)
def test_csv_text_quotes_only_what_a_spreadsheet_would_run(text: str, expected: str) -> None:
    assert csv_text(text) == expected


@given(any_text)
def test_a_quoted_csv_cell_never_starts_a_formula(text: str) -> None:
    safe = csv_text(text)
    assert not safe.startswith(TRIGGERS)
    assert not safe.lstrip().startswith(("=", "+", "-", "@"))


@given(any_text)
def test_the_apostrophe_is_undone_exactly(text: str) -> None:
    assert restore_csv_text(csv_text(text)) == text
    assert csv_text(csv_text(text)) in (csv_text(text), "'" + csv_text(text))


@given(st.lists(any_text, max_size=8))
def test_csv_series_matches_csv_text(texts: list[str]) -> None:
    assert csv_series(pd.Series(texts, dtype="str")).tolist() == [csv_text(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(any_text, min_size=3, max_size=3), min_size=1, max_size=6))
def test_csv_file_round_trips_through_the_loader(rows: list[list[str]]) -> None:
    data = csv_bytes(pd.DataFrame(rows, columns=["a", "b", "c"], dtype="str"))
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert parsed[1:] == [[csv_text(v) for v in row] for row in rows]
    assert [[restore_csv_text(v) for v in row] for row in parsed[1:]] == rows


@settings(max_examples=60, deadline=None)
@given(st.lists(any_text, min_size=1, max_size=10))
def test_xlsx_cells_are_typed_text_and_read_back_unchanged(texts: list[str]) -> None:
    book = Workbook()
    writer = table_sheet(book, "Blad", ["kop"], [20])
    for text in texts:
        writer.append([text])
    data = book.finish()
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b't="e"' not in sheet_xml  # no formula, no error cell
    grid = read_workbook(data, "xlsx", "Blad", Limits()).cells
    read = [grid[i + 1, 0] if i + 1 < grid.shape[0] else "" for i in range(len(texts))]
    assert read == texts


def test_formula_like_xlsx_cells_keep_excels_quote_prefix() -> None:
    book = Workbook()
    writer = table_sheet(book, "Blad", ["kop"], [20])
    for text in ("=1+1", "#N/A", "+31 6 1234 5678", "gewoon"):
        writer.append([text])
    data = book.finish()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert b'quotePrefix="1"' in archive.read("xl/styles.xml")
    assert b"<is><t>=1+1</t></is>" in archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("text", ["a\rb", "x\x01y", "_x000D_", "tab\there"])
def test_xlsx_text_escapes_what_xml_cannot_hold(text: str) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", xlsx_text(text))
