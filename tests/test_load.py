"""The loader: every messy example file, format and encoding sniffing, header detection, limits."""

from __future__ import annotations

import codecs
import datetime as dt
import gc
import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dq.io import readers
from dq.io.load import Limits, LoadedTable, LoadError, list_sheets, read_table
from dq.io.readers import decode_text, detect_delimiter, float_texts
from dq.text import ARROW_TEXT
from dq.threads import each
from tests.corpus.make_corpus import workbook as xlsx

MESSY = Path(__file__).parent / "data" / "messy"
EXPECTED = json.loads((MESSY / "expected.json").read_text(encoding="utf-8"))
MESSY_FILES = sorted(p for p in MESSY.iterdir() if p.name != "expected.json")
MARKER = "999990019"


def cells(table: LoadedTable) -> list[list[str]]:
    """The data rows as plain lists, for compact comparisons."""
    return table.frame.to_numpy().tolist()


# --- the messy example files -------------------------------------------------------------------


@pytest.mark.parametrize("path", MESSY_FILES, ids=lambda p: p.name)
def test_messy_file(path: Path) -> None:
    assert path.name in EXPECTED, f"describe {path.name} in tests/data/messy/expected.json"
    expected = EXPECTED[path.name]
    if "error" in expected:
        with pytest.raises(LoadError) as caught:
            read_table(path.read_bytes(), path.name)
        assert expected["error"] in str(caught.value)
        return
    table = read_table(path.read_bytes(), path.name)
    assert len(table.frame) == expected["rows"] == len(table.excel_rows)
    assert table.header_row == expected["header_row"]
    assert table.columns == list(table.frame.columns) == expected["columns"]
    assert table.filename == path.name
    assert all(type(v) is str for v in table.frame.to_numpy().ravel())
    assert table.excel_rows.dtype == np.int64
    for key in ("excel_rows", "encoding", "delimiter", "sheet", "sheets"):
        if key in expected:
            assert np.asarray(getattr(table, key)).tolist() == expected[key], key
    for row, column, text in expected.get("cells", []):
        assert table.frame.at[row, column] == text, (row, column)
    for fragment in expected.get("notes", []):
        assert any(fragment in note for note in table.notes), (fragment, table.notes)


def test_every_expected_entry_has_a_file() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in MESSY_FILES)


# --- CSV: encoding and delimiter -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Zoë;René".encode("utf-8-sig"), "utf-8-sig"),
        ("Zoë;René".encode(), "utf-8"),
        ("Zoë;René".encode("cp1252"), "cp1252"),
        ("Zoë;René".encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + "Zoë;René".encode("utf-16-be"), "utf-16"),
        (b"Zo\x81;Ren\xe9", "latin-1"),
    ],
)
def test_encoding_detection(data: bytes, encoding: str) -> None:
    text, found = decode_text(data)
    assert found == encoding
    assert text.startswith("Zo")
    assert "Ren" in text


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Naam;Plaats;BSN\nJan;Utrecht;1\n", ";"),
        ("Naam,Plaats,BSN\nJan,Utrecht,1\n", ","),
        ("Naam\tPlaats\tBSN\nJan\tUtrecht\t1\n", "\t"),
        ("Naam|Plaats|BSN\nJan|Utrecht|1\n", "|"),
        ('Naam;Plaats\n"Jansen, J.";Utrecht\n"Vries, de";Ede\n', ";"),
        ("Naam;Plaats\nJansen, J.;Utrecht\nVries, de;Ede\n", ";"),
        ('Naam,Bedrag\n"Jan","1,50"\n"Piet","2,75"\n', ","),
        ("Overzicht kantoor\n\nNaam,Plaats\nJan,Ede\n", ","),
        ("alleen een kolom\nJan\n", ";"),
    ],
)
def test_delimiter_detection(text: str, delimiter: str) -> None:
    assert detect_delimiter(text) == delimiter


def test_csv_rows_are_padded_and_extra_fields_kept() -> None:
    table = read_table(b"A;B;C\n1\n2;x;y;z\n", "x.csv")
    assert table.columns == ["A", "B", "C", "Kolom 4"]
    assert cells(table) == [["1", "", "", ""], ["2", "x", "y", "z"]]


def test_cell_text_is_kept_exactly_but_whitespace_rows_are_empty() -> None:
    table = read_table(b" Naam ;BSN\n Jan  de Vries ;  \n  ;   \n\t;\nPiet;1\n", "x.csv")
    assert table.columns == ["Naam", "BSN"]
    assert cells(table) == [[" Jan  de Vries ", "  "], ["Piet", "1"]]
    assert table.excel_rows.tolist() == [2, 5]
    assert "2 lege rijen overgeslagen." in table.notes


# --- header detection -----------------------------------------------------------------------


TITLED = [
    ["Relatieoverzicht kantoor De Vries"],
    [],
    ["Relatienummer", "Naam", "BSN", "Plaats"],
    ["100", "Jan", "111222333", "Ede"],
    ["101", "Piet", "", "Utrecht"],
]


def test_header_found_below_a_title() -> None:
    table = read_table(xlsx(("Relaties", TITLED)), "x.xlsx")
    assert table.header_row == 3
    assert table.columns == ["Relatienummer", "Naam", "BSN", "Plaats"]
    assert any("rij 3" in note for note in table.notes)


def test_header_is_not_a_row_of_numbers() -> None:
    rows = [["100", "200", "300"], ["Nummer", "Naam", "Plaats"], ["1", "Jan", "Ede"]]
    assert read_table(xlsx(("Blad1", rows)), "x.xlsx").header_row == 2


def known_fields(cells: Sequence[str]) -> float:
    """A stand-in for the engine's callback: how many cells are known field names."""
    return float(sum(text.lower() in {"relatienummer", "bsn", "naam"} for text in cells))


def test_header_score_picks_the_best_row() -> None:
    rows = [
        ["Export", "kantoor", "De", "Vries"],
        ["Relatienummer", "Naam", "BSN", ""],
        ["1", "a", "b"],
    ]
    data = xlsx(("Blad1", rows))
    assert read_table(data, "x.xlsx").header_row == 1
    assert read_table(data, "x.xlsx", header_score=known_fields).header_row == 2


def test_header_score_ties_go_to_the_earliest_row() -> None:
    rows = [["titel"], ["Naam", "x"], ["Naam", "y"]]
    assert read_table(xlsx(("Blad1", rows)), "x.xlsx", header_score=known_fields).header_row == 2


def test_header_score_of_zero_falls_back_to_the_heuristic() -> None:
    table = read_table(xlsx(("Blad1", TITLED)), "x.xlsx", header_score=lambda cells: 0.0)
    assert table.header_row == 3


def test_explicit_header_row_overrides_detection() -> None:
    table = read_table(xlsx(("Blad1", TITLED)), "x.xlsx", header_row=1)
    assert table.header_row == 1
    assert table.columns == ["Relatieoverzicht kantoor De Vries", "Kolom 2", "Kolom 3", "Kolom 4"]
    assert table.excel_rows.tolist() == [3, 4, 5]
    assert not any("rij 1" in note for note in table.notes)


def test_header_row_zero_reads_a_file_without_header() -> None:
    table = read_table(xlsx(("Blad1", TITLED)), "x.xlsx", header_row=0)
    assert table.header_row == 0
    assert table.columns == ["Kolom 1", "Kolom 2", "Kolom 3", "Kolom 4"]
    assert table.excel_rows.tolist() == [1, 3, 4, 5]


def test_a_first_row_with_a_bsn_is_data_not_a_header() -> None:
    table = read_table(b"100;Jan;111222333\n101;Piet;\n", "x.csv", header_score=known_fields)
    assert (table.header_row, table.columns) == (0, ["Kolom 1", "Kolom 2", "Kolom 3"])
    assert len(table.frame) == 2
    assert any("Geen kopregel" in note for note in table.notes)
    titled = read_table(b"Export jan@kantoor.nl\nNaam;BSN\nJan;111222333\n", "x.csv")
    assert titled.header_row == 2  # a title row above the header is still skipped


@pytest.mark.parametrize("header_row", [-1, 6, 100])
def test_header_row_out_of_range(header_row: int) -> None:
    with pytest.raises(LoadError, match="kopregel"):
        read_table(xlsx(("Blad1", TITLED)), "x.xlsx", header_row=header_row)


def test_duplicate_and_blank_headers_get_unique_names() -> None:
    rows = [["Naam", "Naam", None, "Naam", "Kolom 3"], ["a", "b", "c", "d", "e"]]
    table = read_table(xlsx(("Blad1", rows)), "x.xlsx")
    assert table.columns == ["Naam", "Naam (2)", "Kolom 3 (2)", "Naam (3)", "Kolom 3"]
    assert cells(table) == [["a", "b", "c", "d", "e"]]


def test_columns_without_header_or_data_are_dropped() -> None:
    rows = [
        [None, "Naam", None, "BSN", None, None],
        [None, "Jan", None, "1"],
        ["", "", "", "", "  "],
    ]
    table = read_table(xlsx(("Blad1", rows)), "x.xlsx")
    assert table.columns == ["Naam", "BSN"]


# --- sheets -----------------------------------------------------------------------------------


def test_sheet_selection_and_listing() -> None:
    data = xlsx(
        ("Lijsten", [["x"]]),
        ("Relaties", [["Naam"], ["Jan"]]),
        ("Contacten", [["E-mail"], ["a@b.nl"]]),
        hidden=["Lijsten"],
    )
    assert list_sheets(data, "x.xlsx") == ["Lijsten", "Relaties", "Contacten"]
    assert read_table(data, "x.xlsx").sheet == "Relaties"
    contacts = read_table(data, "x.xlsx", sheet="Contacten")
    assert (contacts.sheet, contacts.columns) == ("Contacten", ["E-mail"])
    assert contacts.sheets == ["Lijsten", "Relaties", "Contacten"]


def test_unknown_sheet_lists_the_available_ones() -> None:
    data = xlsx(("Relaties", [["Naam"]]), ("Contacten", [["E-mail"]]))
    with pytest.raises(LoadError, match="'Relaties', 'Contacten'"):
        read_table(data, "x.xlsx", sheet="Blad1")


def test_list_sheets_of_csv_is_empty() -> None:
    assert list_sheets(b"a;b\n1;2\n", "x.csv") == []


# --- cell to text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12345672.0, "12345672"),
        (100.1, "100.1"),
        (12345672.5, "12345672.5"),
        (-3.0, "-3"),
        (0.0, "0"),
        (1e20, "1e+20"),
        (1e-7, "1e-07"),
    ],
)
def test_float_text(value: float, text: str) -> None:
    assert float_texts(np.array([value])) == [text]


def test_workbook_cells_become_text() -> None:
    rows = [
        ["Nummer", "Datum", "Bool", "Tekst"],
        [12345672, dt.date(2020, 1, 2), True, "  zo  "],
        [100.1, dt.datetime(2020, 1, 2, 13, 5), False, "012345672"],
        [123456789.0, dt.datetime(2020, 1, 3), None, "#N/A"],
        [1.5, dt.time(10, 30), None, "WAAR"],
    ]
    table = read_table(xlsx(("Blad1", rows)), "x.xlsx")
    assert cells(table) == [
        ["12345672", "2020-01-02", "WAAR", "  zo  "],
        ["100.1", "2020-01-02 13:05:00", "ONWAAR", "012345672"],
        ["123456789", "2020-01-03", "", "#N/A"],
        ["1.5", "10:30:00", "", "WAAR"],
    ]


def test_excel_rows_are_exact_with_blank_rows_and_a_title() -> None:
    rows = [["Titel"], [], ["Nummer", "Naam"], ["1", "a"], [], [], ["2", "b"], [None, "  "], ["3"]]
    table = read_table(xlsx(("Blad1", rows)), "x.xlsx")
    assert table.header_row == 3
    assert table.excel_rows.tolist() == [4, 7, 9]
    assert "3 lege rijen overgeslagen." in table.notes
    csv_table = read_table(b"Titel\n\nNummer;Naam\n1;a\n;\n\n2;b\n;  \n3\n", "x.csv")
    assert csv_table.excel_rows.tolist() == [4, 7, 9]


def test_excel_rows_count_records_not_lines() -> None:
    table = read_table(b'Nummer;Adres\n1;"Straat 1\nEde"\n2;Weg 3\n', "x.csv")
    assert table.excel_rows.tolist() == [2, 3]


# --- refusals and limits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.xlsx", "leeg"),
        (b"%PDF-1.7 ...", "x.xlsx", "geen Excel-bestand maar lijkt een PDF"),
        (b"%PDF-1.7 ...", "x.csv", "geen CSV-bestand maar lijkt een PDF"),
        (b"\x89PNG\r\n\x1a\n....", "x.xlsx", "afbeelding"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "x.xls", "webpagina"),
        (b"PK\x03\x04" + bytes(40), "x.xlsx", "beschadigd"),
        (b"\x00\x01\x02\x03" * 10, "x.csv", "geen tekstbestand"),
        (b"a;b", "x.docx", "niet ondersteund"),
        (b"a;b", "relaties", "zonder extensie"),
    ],
)
def test_refused_files(data: bytes, name: str, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        read_table(data, name)


def test_other_zip_named_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(LoadError, match="Word-document"):
        read_table(buffer.getvalue(), "x.xlsx")


def test_extension_is_case_insensitive() -> None:
    assert read_table(xlsx(("Blad1", [["Naam"], ["Jan"]])), "RELATIES.XLSX").columns == ["Naam"]


def refuse_parsing(*_: object) -> None:
    """Stands in for the workbook reader when a limit must refuse the file first."""
    raise AssertionError("the workbook was parsed")


def test_file_size_limit() -> None:
    with pytest.raises(LoadError, match="groter dan de grens van 1 KB"):
        read_table(b"a;b\n" * 1000, "x.csv", limits=Limits(max_bytes=1024))


def test_uncompressed_size_is_checked_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "_open_workbook", refuse_parsing)
    with pytest.raises(LoadError, match="uitgepakt groter dan de grens van 10 KB"):
        read_table(
            xlsx(("Blad1", [["Naam"]])), "x.xlsx", limits=Limits(max_uncompressed_bytes=10240)
        )


@pytest.mark.parametrize("name", ["x.csv", "x.xlsx"])
def test_row_and_column_limits(name: str) -> None:
    rows = [["Nummer", "Naam", "Plaats"]] + [[str(i), "a", "b"] for i in range(20)]
    data = (
        xlsx(("Blad1", rows))
        if name.endswith("xlsx")
        else b"\n".join(";".join(row).encode() for row in rows)
    )
    with pytest.raises(LoadError, match="meer dan 10 rijen"):
        read_table(data, name, limits=Limits(max_rows=10))
    with pytest.raises(LoadError, match="meer dan 2 kolommen"):
        read_table(data, name, limits=Limits(max_columns=2))
    assert len(read_table(data, name, limits=Limits(max_rows=21, max_columns=3)).frame) == 20


def test_csv_row_limit_stops_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    read = []
    original = readers.csv.reader

    def counting_reader(*args: object, **kwargs: object) -> Iterator[list[str]]:
        for row in original(*args, **kwargs):
            read.append(row)
            yield row

    monkeypatch.setattr(readers.csv, "reader", counting_reader)
    with pytest.raises(LoadError, match="meer dan 5 rijen"):
        read_table(b"a;b\n" * 10_000, "x.csv", limits=Limits(max_rows=5))
    assert len(read) < 1000  # the delimiter sample and six rows, not all 10,000


CSV_TOKENS = [
    "a",
    "é",
    " ",
    ";",
    ",",
    '"',
    '""',
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x85",
    "\ufeff",
]
CSV_FIELD = st.lists(st.sampled_from(CSV_TOKENS), max_size=3).map("".join)
CSV_CELL = st.one_of(CSV_FIELD, CSV_FIELD.map(lambda f: '"' + f.replace('"', '""') + '"'))


@st.composite
def csv_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A delimiter and a CSV text, mostly of rows with one width (the ones Arrow accepts)."""
    delimiter = draw(st.sampled_from([";", ","]))
    width = draw(st.integers(1, 4))
    row = st.lists(CSV_CELL, min_size=width, max_size=width)
    ragged = st.lists(CSV_CELL, max_size=5)
    rows = draw(st.lists(st.one_of(row, row, row, ragged), min_size=1, max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    end = draw(st.sampled_from(["", newline]))
    return delimiter, newline.join(delimiter.join(row) for row in rows) + end


@settings(max_examples=300, deadline=None)
@given(csv_texts())
def test_arrow_csv_splits_like_python_csv(case: tuple[str, str]) -> None:
    """Where Arrow takes a file, its cells are Python's, row for row.

    Only a file of nothing but line breaks differs: one empty column instead of none,
    which the loader reports as the same empty file.
    """
    delimiter, text = case
    arrow = readers._arrow_csv(text, delimiter, Limits())
    if arrow is None:
        return
    python = readers._python_csv(text, delimiter, Limits())
    assert arrow.height == python.height
    if python.columns:
        assert arrow.cells.tolist() == python.cells.tolist()
    else:
        assert set(arrow.cells.ravel()) == {""}


MARKED_ROWS = [["Nummer", "BSN"], ["1", MARKER], ["2", f"x{MARKER}"]]
MARKED_CSV = f'Nummer;BSN\n1;{MARKER}\n2;"{MARKER}'.encode()


def failing_score(cells: Sequence[str]) -> float:
    raise ValueError(f"cannot score {list(cells)}")


@pytest.mark.parametrize(
    ("data", "name", "options", "message"),
    [
        (MARKED_ROWS, "x.xlsx", {"limits": Limits(max_rows=2)}, "rijen"),
        (MARKED_ROWS, "x.xlsx", {"limits": Limits(max_columns=1)}, "kolommen"),
        (MARKED_ROWS, "x.xlsx", {"header_row": 9}, "kopregel"),
        (MARKED_ROWS, "x.xlsx", {"sheet": "Relaties"}, "werkblad"),
        (MARKED_CSV + b"x" * readers.LONGEST_CELL, "x.csv", {}, "aanhalingsteken"),
        (MARKED_CSV, "x.csv", {"limits": Limits(max_rows=1)}, "rijen"),
        (MARKED_CSV + b"\n3;1", "x.csv", {"header_score": failing_score}, "niet worden gelezen"),
        (xlsx(("Blad1", MARKED_ROWS))[:600], "x.xlsx", {}, "beschadigd"),
    ],
)
def test_load_errors_never_quote_a_cell(
    data: bytes | list[list[str]], name: str, options: dict[str, object], message: str
) -> None:
    raw = xlsx(("Blad1", data)) if isinstance(data, list) else data
    with pytest.raises(LoadError, match=message) as caught:
        read_table(raw, name, **options)
    assert MARKER not in str(caught.value)
    assert caught.value.__cause__ is None


@settings(max_examples=100, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=500).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
        st.text(max_size=500).map(str.encode),
    ),
    name=st.sampled_from(["x.csv", "x.xlsx"]),
)
def test_arbitrary_bytes_raise_only_load_error(data: bytes, name: str) -> None:
    try:
        table = read_table(data, name)
    except LoadError as err:
        assert str(err)
    else:
        assert len(table.frame) == len(table.excel_rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.text(max_size=6), st.floats(), st.booleans()), min_size=3, max_size=3
        ),
        max_size=6,
    )
)
def test_text_only_sheets_take_the_fast_path_with_the_same_result(rows: list[list]) -> None:
    fast = readers._text_only(rows)
    general = [pa.array(readers._column_text(c), type=ARROW_TEXT) for c in readers._columns(rows)]
    if all(isinstance(v, str) for row in rows for v in row):
        assert fast is not None
    if fast is not None:
        assert [c.to_pylist() for c in fast] == [c.to_pylist() for c in general]


def test_the_cycle_collector_waits_while_calamines_rows_exist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sheet's rows are a list each: no collection walks them while they exist, also with
    files read side by side, and the collector's own setting comes back afterwards (left
    off when the caller had turned it off)."""
    data = xlsx(("Relaties", [["Naam", "BSN"], ["Jan", "111222333"], ["Piet", 12345672]]))
    seen = []
    made = readers._text_only

    def text_only(rows: list[list[object]]) -> list[pa.Array] | None:
        seen.append(gc.isenabled())
        return made(rows)

    monkeypatch.setattr(readers, "_text_only", text_only)
    tables = each(lambda _: read_table(data, "x.xlsx"), range(4))
    assert seen == [False] * 4 and gc.isenabled()
    assert cells(tables[0]) == [["Jan", "111222333"], ["Piet", "12345672"]]
    gc.disable()
    try:
        read_table(data, "x.xlsx")
        assert not gc.isenabled()
    finally:
        gc.enable()
