"""Turn uploaded bytes into a raw grid of text cells: format sniffing, workbook and CSV reading.

`dq.io.load` shapes the grid into a table; this module only knows about file formats. Every
failure the user can cause is raised as a `LoadError` with one Dutch sentence that never
quotes a cell. Workbooks are measured first (`dq.io.guard`, `dq.io.biff`), so a forged file is
refused before a parser spends the memory it asks for.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gc
import io
import itertools
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as compute
import pyarrow.csv
import python_calamine as pc

from dq.io import guard
from dq.io.biff import check_xls
from dq.io.errors import (
    CORRUPT,
    PASSWORD,
    LoadError,
    check_cells,
    check_file_size,
    check_shape,
    check_unpacked_size,
)
from dq.io.halves import Halves
from dq.io.limits import MB, Limits
from dq.text import ARROW_TEXT


@dataclass
class RawGrid:
    """Every cell of one sheet or CSV file as text; grid row i is file row i + 1.

    The grid is kept column by column as Arrow text arrays of `height` cells: the loader
    and the checks work on those directly, so no cell is converted twice.
    """

    columns: list[pa.Array]
    height: int
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of_rows(cls, rows: list[list[str]], **details: object) -> RawGrid:
        """From rows of text; short rows (CSV) are padded with empty cells."""
        return cls([pa.array(c, type=ARROW_TEXT) for c in _columns(rows)], len(rows), **details)

    def rows(self, positions: Sequence[int] | np.ndarray) -> np.ndarray:
        """Some rows as a 2-D array of str (rows x columns)."""
        indices = pa.array(positions, type=pa.int64())
        cells = np.empty((len(indices), len(self.columns)), dtype=object)
        for j, column in enumerate(self.columns):
            cells[:, j] = column.take(indices).to_pylist()
        return cells

    @property
    def cells(self) -> np.ndarray:
        """The whole grid as a 2-D array of str (rows x columns)."""
        return self.rows(np.arange(self.height))


_NOUN = {
    ".xlsx": "Excel-bestand",
    ".xlsm": "Excel-bestand",
    ".xls": "Excel-bestand",
    ".ods": "OpenDocument-werkblad",
    ".csv": "CSV-bestand",
    ".txt": "tekstbestand",
    ".tsv": "tekstbestand",
}
_FORMAT_OF_EXTENSION = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
_FORMAT_TEXT = {
    "xlsx": "een Excel-werkmap (.xlsx)",
    "xls": "een oud Excel-bestand (.xls)",
    "ods": "een OpenDocument-werkblad (.ods)",
    "csv": "een tekstbestand (CSV)",
}
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_FOREIGN_MAGIC = (
    (b"%PDF", "een PDF"),
    (b"\x89PNG", "een afbeelding"),
    (b"\xff\xd8\xff", "een afbeelding"),
    (b"GIF8", "een afbeelding"),
    (b"{\\rtf", "een RTF-document"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"Rar!", "een RAR-archief"),
)
_FOREIGN_ZIP = (
    ("word/document.xml", "een Word-document"),
    ("ppt/presentation.xml", "een PowerPoint-presentatie"),
    ("xl/workbook.bin", "een binaire Excel-werkmap (.xlsb)"),
)
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SAVE_AS = "Sla het op als .xlsx of .csv."
DELIMITERS = (";", ",", "\t", "|")
SAMPLE_CHARS, SAMPLE_ROWS = 65536, 100  # what the delimiter and table sniffing look at
#: The share of non-blank rows a table splits into fields (a title line or two may not).
TABLE_SHARE = 0.6
NOT_A_TABLE = (
    "Dit bestand is platte tekst zonder kolommen (zoals een notitie of brief), geen tabel: "
    "de regels zijn niet met ; , tab of | in velden verdeeld. Verwacht wordt een tabel met "
    "een kopregel en één rij per relatie of contact, als Excel-werkmap (.xlsx), "
    "OpenDocument-werkblad (.ods) of CSV-bestand."
)
#: Longer CSV cells are refused: almost always a quote that is never closed.
LONGEST_CELL = 4 * MB
csv.field_size_limit(max(csv.field_size_limit(), LONGEST_CELL))


def read_raw(
    data: bytes, filename: str, sheet: str | None, limits: Limits, *, halves: bool = True
) -> RawGrid:
    """Read any supported upload into a grid of text; the content decides the format."""
    extension = _extension(filename)
    fmt = detect_format(data, extension, limits)
    if fmt == "csv":
        raw = read_csv(data, limits)
    else:
        raw = read_workbook(data, fmt, sheet, limits, halves=halves)
    if _FORMAT_OF_EXTENSION.get(extension, "csv") != fmt:
        raw.notes.insert(
            0, f"Het bestand heet {extension} maar is {_FORMAT_TEXT[fmt]}; zo is het gelezen."
        )
    return raw


def list_workbook_sheets(data: bytes, filename: str, limits: Limits) -> list[str]:
    """Sheet names of a workbook in workbook order (hidden ones too); [] for a CSV file."""
    fmt = detect_format(data, _extension(filename), limits)
    if fmt == "csv":
        return []
    with _open_workbook(data, fmt, limits) as workbook:
        return list(workbook.sheet_names)


def _extension(filename: str) -> str:
    extension = PurePath(filename).suffix.lower()
    if extension not in _NOUN:
        shown = f"'{extension}'" if extension else "zonder extensie"
        raise LoadError(
            f"Het bestandstype {shown} wordt niet ondersteund. "
            "Gebruik .xlsx, .xlsm, .ods, .xls of .csv."
        )
    return extension


def detect_format(data: bytes, extension: str, limits: Limits) -> str:
    """Sniff the magic bytes: 'xlsx', 'ods', 'xls' or 'csv', or a LoadError saying what it is."""
    if not data:
        raise LoadError("Het bestand is leeg (0 bytes).")
    check_file_size(len(data), limits)
    noun = _NOUN[extension]
    if data.startswith(_ZIP_MAGIC):
        return _zip_format(data, noun, limits)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_OOXML in data:
            raise LoadError(PASSWORD)
        return "xls"
    for magic, what in _FOREIGN_MAGIC:
        if data.startswith(magic):
            raise LoadError(f"Dit bestand is geen {noun} maar lijkt {what}. {_SAVE_AS}")
    if _looks_like_markup(data):
        raise LoadError(
            f"Dit bestand is geen {noun} maar lijkt een webpagina of XML-bestand. {_SAVE_AS}"
        )
    if not _looks_like_text(data):
        raise LoadError(f"Dit bestand is geen {noun} en ook geen tekstbestand. {_SAVE_AS}")
    return "csv"


def _zip_format(data: bytes, noun: str, limits: Limits) -> str:
    """Tell xlsx from ods from other zips, and refuse zip bombs before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            check_unpacked_size(sum(member.file_size for member in members), limits)
            names = {member.filename for member in members}
            is_ods = (
                "mimetype" in names
                and guard.read_member(archive, "mimetype").strip() == _ODS_MIMETYPE
            )
    except guard.ZIP_ERRORS:
        raise LoadError(CORRUPT) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if is_ods:
        return "ods"
    what = next((what for name, what in _FOREIGN_ZIP if name in names), "een zip-bestand")
    raise LoadError(f"Dit bestand is geen {noun} maar lijkt {what}. {_SAVE_AS}")


def _looks_like_markup(data: bytes) -> bool:
    head = data[:1024].lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    return head.startswith(b"<") and any(tag in head for tag in (b"<html", b"<table", b"<?xml"))


def _looks_like_text(data: bytes) -> bool:
    """UTF-16, or a stray zero byte per KB at most: a cell can hold one, binaries have many."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data)
    sample = data[:8192]
    return bool(utf16) or sample.count(0) <= max(1, len(sample) // 1024)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or '-be' for text saved as UTF-16 without a byte order mark, else None.

    Such a file has a zero byte next to every ASCII character, which no other text has.

    >>> _utf16_without_bom("Naam;BSN".encode("utf-16-le")), _utf16_without_bom(b"Naam;BSN")
    ('utf-16-le', None)
    """
    sample = data[: min(len(data), 4096) // 2 * 2]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or len(sample) < 4:
        return None
    half = len(sample) // 2
    for encoding, zeros, text in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
        if sample[zeros::2].count(0) >= 0.9 * half and sample[text::2].count(0) == 0:
            return encoding
    return None


# --- workbooks -------------------------------------------------------------------------------


@contextmanager
def _calamine_errors() -> Iterator[None]:
    """calamine's failures as Dutch LoadErrors; a Rust panic (not an Exception) included."""
    try:
        yield
    except pc.PasswordError:
        raise LoadError(PASSWORD) from None
    except pc.CalamineError:
        raise LoadError(CORRUPT) from None
    except BaseException as err:
        if type(err).__name__ != "PanicException":
            raise
        raise LoadError(CORRUPT) from None


def _open_workbook(data: bytes, fmt: str, limits: Limits) -> pc.CalamineWorkbook:
    """Open a workbook once it is measured: calamine reads an .xls or .ods whole on opening."""
    if fmt == "xls":
        check_xls(data, limits)
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            (guard.check_xlsx if fmt == "xlsx" else guard.check_ods)(archive, limits)
    with _calamine_errors():
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))


class _Collector:
    """Python's cycle collector held off while calamine's rows exist, by any reading thread.

    A sheet comes back as a list per row (100,000 lists of texts, which hold no cycles), and
    each collection of the older generations meanwhile walked them all again: 0.1-0.3 s for
    a 100k pair. The collector's own setting is back once the last reader is done.
    """

    _lock = threading.Lock()
    _readers = 0
    _was_on = False

    @classmethod
    @contextmanager
    def held_off(cls) -> Iterator[None]:
        with cls._lock:
            if cls._readers == 0:
                cls._was_on = gc.isenabled()
                gc.disable()
            cls._readers += 1
        try:
            yield
        finally:
            with cls._lock:
                cls._readers -= 1
                if cls._readers == 0 and cls._was_on:
                    gc.enable()


def read_workbook(
    data: bytes, fmt: str, sheet: str | None, limits: Limits, *, halves: bool = True
) -> RawGrid:
    """Read one sheet with calamine (cached formula values) and render every cell as text;
    a large xlsx sheet in two halves on two cores when `halves` (`dq.io.halves`)."""
    with _Collector.held_off():
        return _read_workbook(data, fmt, sheet, limits, halves)


def _read_workbook(
    data: bytes, fmt: str, sheet: str | None, limits: Limits, halves: bool
) -> RawGrid:
    with _open_workbook(data, fmt, limits) as workbook:
        names = list(workbook.sheet_names)
        if not names:
            raise LoadError(CORRUPT)
        name = sheet if sheet is not None else _default_sheet(workbook)
        if name not in names:
            listed = ", ".join(f"'{n}'" for n in names)
            raise LoadError(
                f"Het werkblad '{name}' bestaat niet in dit bestand. "
                f"Beschikbare werkbladen: {listed}."
            )
        errors, rows = {}, None
        with _calamine_errors():
            if fmt == "xlsx":
                with zipfile.ZipFile(io.BytesIO(data)) as archive, Halves(data, name) as cut:
                    errors = guard.scan_sheet(archive, name, limits, sink=cut if halves else None)
                    rows = cut.rows()
            if rows is None:
                worksheet = workbook.get_sheet_by_name(name)
                _check_size(worksheet.end, limits)
                rows = worksheet.to_python(skip_empty_area=False)
    text = None if errors else _text_only(rows)
    if text is None:
        columns = _columns(rows)
        for (row, col), value in errors.items():
            if row < len(rows) and col < len(columns) and columns[col][row] == "":
                columns[col][row] = value
        text = [pa.array(_column_text(column), type=ARROW_TEXT) for column in columns]
    notes = []
    if len(names) > 1:
        notes.append(f"De werkmap heeft {len(names)} werkbladen; gelezen is '{name}'.")
    return RawGrid(text, len(rows), sheet=name, sheets=names, notes=notes)


def _text_only(rows: list[list[object]]) -> list[pa.Array] | None:
    """The columns of a sheet of text cells only (the usual export) in one Arrow pass, twice
    as fast as `_columns`; None when a cell is a number, date or boolean, or rows differ
    in length, for the general path."""
    width = len(rows[0]) if rows else 0
    try:
        cells = pa.array(rows, type=pa.list_(ARROW_TEXT))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    flat = cells.flatten()
    ragged = compute.any(compute.not_equal(compute.list_value_length(cells), width)).as_py()
    if cells.null_count or flat.null_count or ragged:
        return None
    positions = np.arange(len(flat)).reshape(len(rows), width)
    return [flat.take(positions[:, j]) for j in range(width)]


def _default_sheet(workbook: pc.CalamineWorkbook) -> str:
    """The first sheet the user can see: a hidden first sheet is usually a lookup list."""
    visible = [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.visible == pc.SheetVisibleEnum.Visible and meta.typ == pc.SheetTypeEnum.WorkSheet
    ]
    return (visible or workbook.sheet_names)[0]


def _check_size(end: tuple[int, int] | None, limits: Limits) -> None:
    """Refuse before calamine's cells are copied into Python objects."""
    if end is None:
        return
    check_shape(end[0] + 1, end[1] + 1, limits)


def _columns(rows: list[list[object]]) -> list[np.ndarray]:
    """The cells column by column; short rows are padded with empty cells.

    Filling one 2-D object array and viewing its columns is three times as fast as
    transposing the rows in Python.
    """
    width = max(map(len, rows), default=0)
    if any(len(row) < width for row in rows):
        rows = [row + [""] * (width - len(row)) for row in rows]
    cells = np.empty((len(rows), width), dtype=object)
    cells[:] = rows
    return list(cells.T)


_TEXT, _FLOAT, _BOOL, _OTHER = range(4)
_KIND = {str: _TEXT, float: _FLOAT, bool: _BOOL}


def _column_text(column: np.ndarray) -> np.ndarray:
    """Render a column of calamine values as text (mostly vectorised)."""
    if pd.api.types.infer_dtype(column, skipna=False) == "string":
        return column
    kinds = np.fromiter((_KIND.get(type(v), _OTHER) for v in column), np.int8, len(column))
    text = column.copy()
    is_float, is_bool = kinds == _FLOAT, kinds == _BOOL
    text[is_float] = float_texts(column[is_float].astype(np.float64))
    text[is_bool] = ["WAAR" if v else "ONWAAR" for v in column[is_bool]]
    other = kinds == _OTHER
    if other.any():
        values = column[other]
        rendered = {v: _other_text(v) for v in set(values)}
        text[other] = [rendered[v] for v in values]
    return text


def float_texts(values: np.ndarray) -> list[str]:
    """Whole numbers lose Excel's '.0' (a BSN typed as a number); others keep the shortest repr.

    Beyond 15 digits Excel itself no longer stores what was typed, so the repr ('1e+20') stays.

    >>> float_texts(np.array([12345672.0, 100.1, -0.0, 1e20]))
    ['12345672', '100.1', '0', '1e+20']
    """
    whole = np.isfinite(values) & (np.abs(values) < 1e15) & (values == np.trunc(values))
    text = np.empty(len(values), dtype=object)
    text[whole] = values[whole].astype(np.int64).astype(str).tolist()
    text[~whole] = [repr(v) for v in values[~whole].tolist()]
    return text.tolist()


def _other_text(value: object) -> str:
    """Dates as ISO text (time only when set), everything else via str (ints, durations)."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(data: bytes, limits: Limits) -> RawGrid:
    """Decode, find the delimiter and split into rows; short rows are padded, long ones kept.

    The cells are counted (every delimiter and line break starts one) before any is built.
    """
    text, encoding = decode_text(data)
    delimiter = detect_delimiter(text)
    if not is_table(text, delimiter):
        raise LoadError(NOT_A_TABLE)
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    check_cells(text.count(delimiter) + lines, limits)
    grid = _arrow_csv(text, delimiter, limits) or _python_csv(text, delimiter, limits)
    grid.encoding, grid.delimiter = encoding, delimiter
    return grid


def _python_csv(text: str, delimiter: str, limits: Limits) -> RawGrid:
    """Python's csv module, which takes any file: ragged rows, a title line, odd quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(itertools.islice(reader, limits.max_rows + 1))
    except csv.Error:
        raise LoadError(
            "Het CSV-bestand kan niet worden gelezen: een cel is langer dan "
            f'{LONGEST_CELL // MB} MB. Meestal wordt een aanhalingsteken (") niet afgesloten; '
            "controleer dat."
        ) from None
    check_shape(len(rows), max(map(len, rows), default=0), limits)
    return RawGrid.of_rows(rows)


def _arrow_csv(text: str, delimiter: str, limits: Limits) -> RawGrid | None:
    """Arrow's multi-threaded parse of a file whose rows all have one width, else None.

    Where Arrow accepts a file it splits it exactly as `_python_csv` does (a fuzz test
    proves it), except that it drops a leading byte order mark and has no field size limit;
    those files, and every file Arrow refuses (ragged rows), go to `_python_csv`.
    """
    if text.startswith("\ufeff"):
        return None
    try:
        table = pyarrow.csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pyarrow.csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pyarrow.csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pyarrow.csv.ConvertOptions(
                column_types={f"f{j}": ARROW_TEXT for j in range(limits.max_columns + 1)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None
    check_shape(table.num_rows, table.num_columns, limits)
    columns = [column.combine_chunks() for column in table.columns]
    longest = max((compute.max(compute.utf8_length(c)).as_py() or 0 for c in columns), default=0)
    if longest >= csv.field_size_limit():
        return None
    return RawGrid(columns, table.num_rows)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode by BOM, else strict UTF-8, else cp1252 (what Dutch Excel writes); latin-1 never fails.

    >>> decode_text("Zoë".encode("cp1252"))
    ('Zoë', 'cp1252')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if utf16 := _utf16_without_bom(data):
        return data.decode(utf16, errors="replace"), utf16
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits most of the first lines into the same number (> 1) of fields.

    Ties go to ';', the separator Dutch Excel writes.

    >>> detect_delimiter('Overzicht\\nNaam;Plaats\\n"Jansen, J.";Utrecht\\n')
    ';'
    """
    sample = text[:SAMPLE_CHARS]
    return max(DELIMITERS, key=lambda delimiter: _delimiter_score(sample, delimiter))


def _sample_widths(sample: str, delimiter: str) -> Counter[int] | None:
    """How many of the first 100 non-blank rows have each number of fields (None: unparsable)."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        rows = list(itertools.islice(reader, SAMPLE_ROWS))
    except csv.Error:
        return None
    return Counter(len(row) for row in rows if any(map(str.strip, row)))


def _delimiter_score(sample: str, delimiter: str) -> tuple[int, int]:
    widths = _sample_widths(sample, delimiter) or Counter()
    return max(((n, width) for width, n in widths.items() if width > 1), default=(0, 0))


def is_table(text: str, delimiter: str) -> bool:
    """Whether a text file holds a table: most of its first rows split into two or more fields.

    A CSV file (also one named .txt) splits every row, title lines and ragged rows aside; a
    letter, a note or a log does not, and checking it would only report every column missing.
    A file of blank lines is left to the loader, which calls it empty.

    >>> is_table("Relatienummer;Naam\\n100;Jansen\\n", ";")
    True
    >>> is_table("Beste Anna,\\nHierbij de lijst.\\nGroet,\\nPiet\\n", ",")
    False
    """
    widths = _sample_widths(text[:SAMPLE_CHARS], delimiter)
    if widths is None:
        return True  # the readers say what is wrong with the quoting
    rows = sum(widths.values())
    split = sum(n for width, n in widths.items() if width > 1)
    return rows == 0 or split >= TABLE_SHARE * rows
