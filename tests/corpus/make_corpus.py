"""Write the hostile and broken upload corpus into a folder, at test time (nothing is committed).

Each `Case` says what the loader must do with its file: refuse it with a Dutch sentence (a
fragment of which is `refused`), or read exactly `rows` data rows and `columns` columns.
The bombs are small on disk and built without ever holding their inflated content: a
deflate segment of a repeated block is written once and repeated (`deflate_repeated`), and
the CSV of a few hundred MB is a sparse file.

    python tests/corpus/make_corpus.py /tmp/corpus   # to look at the files by hand
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

HEADER = ["Relatienummer", "Naam", "Soort relatie", "BSN", "Plaats"]
BSNS = ["111222333", "123456782", "012345672"]
MB = 1024**2


def people(n: int, start: int = 100) -> list[list[str]]:
    """`n` made-up persons with valid BSNs, one row each."""
    return [[str(start + i), f"Relatie {i}", "persoon", BSNS[i % 3], "Utrecht"] for i in range(n)]


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what the loader must make of it."""

    name: str
    write: Callable[[Path], None]
    refused: str = ""  # a fragment of the Dutch message; empty: the file is read
    rows: int = 0
    columns: int = 0
    cells: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, column): text


def _bytes(build: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(build())


# --- builders: text -------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]], delimiter: str = ";", line_end: str = "\r\n") -> bytes:
    """Rows as Excel writes them (quoted only where needed), UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return buffer.getvalue().encode()


def sparse_csv(size: int) -> Callable[[Path], None]:
    """A CSV header followed by a hole: `size` bytes on paper, a few on disk."""

    def write(path: Path) -> None:
        with path.open("wb") as out:
            out.write(";".join(HEADER).encode() + b"\r\n")
            out.truncate(size)

    return write


# --- builders: workbooks --------------------------------------------------------------------


def workbook(
    *sheets: tuple[str, list[list[object]]],
    hidden: tuple[str, ...] = (),
    merged: tuple[str, ...] = (),
) -> bytes:
    """An xlsx with the given sheets; `merged` ranges apply to the first sheet."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.sheet_state = "hidden" if name in hidden else "visible"
        for row in rows:
            sheet.append(row)
    for ranges in merged:
        book.worksheets[0].merge_cells(ranges)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """The same zip with each member passed through `edit`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            target.writestr(member.filename, edit(member.filename, source.read(member)))
    return out.getvalue()


SHEET1 = "xl/worksheets/sheet1.xml"


def with_sheet_xml(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    """An xlsx whose first sheet's XML went through `edit`."""
    return rezip(data, lambda name, xml: edit(xml) if name == SHEET1 else xml)


def extra_cell(ref: str, dimension: str | None = None) -> bytes:
    """A small valid workbook plus one text cell at `ref` (and a claimed `<dimension>`)."""
    row = re.sub(r"[A-Z]", "", ref)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'

    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
        if dimension:
            xml = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), xml)
        return xml

    return with_sheet_xml(workbook(("Relaties", [HEADER, *people(3)])), edit)


def cached_formulas(data: bytes, cached: dict[str, tuple[str, str]]) -> bytes:
    """Give formula cells of the first sheet a type and the cached value Excel stores."""

    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        for ref, (kind, value) in cached.items():
            formula = re.search(rf'<c r="{ref}"[^>]*><f>(.*?)</f><v\s*/></c>', text)
            assert formula, ref
            text = text.replace(
                formula[0], f'<c r="{ref}" {kind}><f>{formula[1]}</f><v>{value}</v></c>'
            )
        return text.encode()

    return with_sheet_xml(data, edit)


def shared_strings(n: int) -> bytes:
    """An xlsx whose sharedStrings.xml lists `n` (empty) strings."""
    entries = b"<si><t></t></si>" * n
    xml = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + entries
        + b"</sst>"
    )
    base = workbook(("Relaties", [HEADER, *people(2)]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        with zipfile.ZipFile(io.BytesIO(base)) as source:
            for member in source.infolist():
                target.writestr(member.filename, source.read(member))
        target.writestr("xl/sharedStrings.xml", xml)
    return out.getvalue()


# --- builders: zip bombs --------------------------------------------------------------------


def deflate_repeated(head: bytes, block: bytes, times: int, tail: bytes) -> bytes:
    """Raw deflate of head + block * times + tail, without building that text.

    After a full flush the compressor starts afresh, so the block compresses to the same
    bytes every time: one compressed segment, repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return start + segment * times + compressor.compress(tail) + compressor.flush()


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members: (name, deflated, crc, declared size); zip64 if needed."""
    out, central = io.BytesIO(), []
    for name, deflated, crc, size in members:
        offset, encoded = out.tell(), name.encode()
        big = size >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(deflated)) if big else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(deflated), size)
        version = 45 if big else 20
        lengths = (len(encoded), len(extra))
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, 8, 0, 0, crc, *sizes, *lengths)
        out.write(local + encoded + extra + deflated)
        central.append(
            struct.pack("<IHHHHHHIII", 0x02014B50, version, version, 0, 8, 0, 0, crc, *sizes)
            + struct.pack("<HHHHHII", *lengths, 0, 0, 0, 0, offset)
            + encoded
            + extra
        )
    start = out.tell()
    out.write(b"".join(central))
    length = out.tell() - start
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), length, start, 0)
    )
    return out.getvalue()


def zip_bomb(gigabytes: float, *, lie: bool) -> bytes:
    """An xlsx whose sheet XML inflates to `gigabytes` of spaces inside <sheetData>.

    Honest: the zip declares the true size. Lying: it declares the size of the small sheet,
    so only a reader that stops at the declared size is safe. The CRC is left 0: nothing may
    inflate the member far enough to check it.
    """
    base = workbook(("Relaties", [HEADER, *people(2)]))
    block = b" " * MB
    times = int(gigabytes * 1024)
    members = []
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        for member in source.infolist():
            data = source.read(member)
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            if member.filename == SHEET1:
                head, tail = data.split(b"</sheetData>")
                deflated = deflate_repeated(head, block, times, b"</sheetData>" + tail)
                size = len(data) if lie else len(data) + len(block) * times
                members.append((member.filename, deflated, 0, size))
            else:
                deflated = compressor.compress(data) + compressor.flush()
                members.append((member.filename, deflated, zlib.crc32(data), len(data)))
    return raw_zip(members)


# --- builders: OpenDocument -------------------------------------------------------------------


def ods(rows_xml: str) -> bytes:
    """A minimal OpenDocument spreadsheet with one sheet of the given rows."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Relaties">{rows_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ods_row(values: list[str], repeat: int = 1, columns_repeated: int = 1) -> str:
    """One row of text cells; repeats as LibreOffice writes them."""
    cells = "".join(
        f'<table:table-cell table:number-columns-repeated="{columns_repeated}"'
        f' office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


ODS_DATA = ods_row(HEADER) + "".join(ods_row(row) for row in people(2))
ODS_EMPTY_TAIL = (
    '<table:table-row table:number-rows-repeated="1048573">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
)


# --- builders: old Excel (.xls) ---------------------------------------------------------------


def biff_record(kind: int, body: bytes = b"") -> bytes:
    """One BIFF8 record: type, length, body."""
    return struct.pack("<HH", kind, len(body)) + body


def biff_label(row: int, column: int, text: str) -> bytes:
    """A LABEL cell (UTF-16 text)."""
    body = struct.pack("<HHHHB", row, column, 15, len(text), 1) + text.encode("utf-16-le")
    return biff_record(0x0204, body)


def biff_workbook(rows: list[list[str]], dimensions: tuple[int, int] | None = None) -> bytes:
    """A BIFF8 'Workbook' stream with one sheet 'Relaties' of text cells.

    `dimensions` (rows, columns) forges the DIMENSIONS record; by default it is the truth.
    """
    name = "Relaties"
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 6)
    sheet_record = struct.pack("<IBBBB", 0, 0, 0, len(name), 1) + name.encode("utf-16-le")
    globals_length = len(biff_record(0x0809, bof) + biff_record(0x0085, sheet_record)) + 4
    sheet_record = struct.pack("<I", globals_length) + sheet_record[4:]
    n_rows, n_columns = dimensions or (len(rows), max(map(len, rows)))
    body = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 6))
    body += biff_record(0x0200, struct.pack("<IIHHH", 0, n_rows, 0, n_columns, 0))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            body += biff_label(r, c, text)
    globals_ = biff_record(0x0809, bof) + biff_record(0x0085, sheet_record) + biff_record(0x000A)
    return globals_ + body + biff_record(0x000A)


def compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE2 compound file (version 3) holding one stream, as Excel 97-2003 writes them.

    A stream under 4096 bytes lives in the mini stream, as the format demands.
    """
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    small = len(stream) < 4096
    padded = stream + bytes(-len(stream) % (64 if small else 512))
    mini_fat = b""
    if small:  # the stream's 64-byte pieces, chained in the mini FAT
        pieces = len(padded) // 64
        chain = [*range(1, pieces), end]
        mini_fat = struct.pack(f"<{len(chain)}I", *chain).ljust(512, b"\xff")
        padded = padded.ljust(-(-len(padded) // 512) * 512, b"\0")
    n_data = len(padded) // 512
    mini_at = 2 + n_data  # sector of the mini FAT, if any
    fat = [fat_sector, end, *range(3, 2 + n_data), end] + ([end] if small else [])
    fat += [free] * (128 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        1,
        0,
        4096,
        mini_at if small else end,
        1 if small else 0,
        end,
        0,
    ) + struct.pack("<109I", 0, *([free] * 108))

    def entry(entry_name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (entry_name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, free, child)
            + bytes(20 + 16)
            + struct.pack("<IQ", start, size)
        )

    root = entry("Root Entry", 5, 1, 2 if small else end, len(padded) if small else 0)
    directory = root + entry(name, 2, free, 0 if small else 2, len(stream))
    directory += (bytes(64) + struct.pack("<HBBIII", 0, 0, 0, free, free, free) + bytes(48)) * 2
    return header + struct.pack("<128I", *fat) + directory + padded + mini_fat


# --- the corpus -------------------------------------------------------------------------------

LONG = "Lange notitie " + "x" * MB
XLS_ROWS = [
    ["Relatienummer", "Naam", "BSN"],
    *[[str(100 + i), f"Relatie {i}", BSNS[i % 3]] for i in range(120)],
]
MERGED = [["Persoonsgegevens", None, None, "Fiscaal", None], HEADER, *people(4)]
MANY_COLUMNS = [HEADER + [f"Extra {j}" for j in range(6, 501)]] + [
    row + [str(j) for j in range(6, 501)] for row in people(3)
]
FORMULAS = workbook(
    (
        "Relaties",
        [
            ["Relatienummer", "Voornaam", "Achternaam", "Naam", "BSN", "Soort relatie"],
            ["100", "Jan", "Vries", '=B2&" de "&C2', "=VLOOKUP(A2,Lijst!A:B,2,FALSE)", "persoon"],
        ],
    )
)
ERRORS = workbook(("Relaties", [HEADER, *people(3)]))


def error_cells(data: bytes) -> bytes:
    """BSN cells holding the errors Excel stores for a failed lookup, a division and a reference."""

    def edit(xml: bytes) -> bytes:
        for row, error in ((2, "#N/A"), (3, "#DIV/0!"), (4, "#REF!")):
            xml = re.sub(
                rf'<c r="D{row}" t="inlineStr"><is><t>\d+</t></is></c>'.encode(),
                f'<c r="D{row}" t="e"><v>{error}</v></c>'.encode(),
                xml,
            )
        return xml

    return with_sheet_xml(data, edit)


def read(name: str, build: Callable[[], bytes], rows: int, columns: int, **cells: str) -> Case:
    """A file the loader must read; `cells` as 'row:column' = text (row 0 is the first)."""
    found = {(int(k.split(":")[0]), k.split(":", 1)[1]): v for k, v in cells.items()}
    return Case(name, _bytes(build), rows=rows, columns=columns, cells=found)


def refuse(name: str, build: Callable[[], bytes], message: str) -> Case:
    """A file the loader must refuse with a sentence containing `message`."""
    return Case(name, _bytes(build), refused=message)


SPACES = [HEADER, ["100", "Jan", "persoon", "   ", " "], [" ", "", "", "", ""], ["101", "Piet"]]
ADDRESSES = [
    ["Relatienummer", "Naam", "Adres"],
    ["100", "Jan", "Stationsplein 1\n3511 ED Utrecht"],
    ["101", 'Piet "de Bouwer"', "Kerkstraat 2\r\nEde"],
]
DATES = [HEADER, [dt.date(2020, 1, 2), "Jan", "persoon", dt.datetime(1980, 5, 17, 8, 30), "Ede"]]
ZOE = [HEADER, ["100", "Zoë Brouwer", "persoon", BSNS[0], "Utrecht"]]
SHEETS = [("Relaties", [HEADER, *people(5)]), *[(f"Blad{i}", [["x"]]) for i in range(2, 61)]]
LOOKUP = ("Keuzelijsten", [["persoon"], ["organisatie"]])
CACHED = {"D2": ('t="str"', "Jan de Vries"), "E2": ('t="e"', "#N/A")}
FAR_CELL = biff_workbook(XLS_ROWS)[:-4] + biff_label(65535, 65535, "x") + biff_record(0x000A)
NUMBERS = [("Index/Document.iwa", zlib.compress(b"x")[2:-4], zlib.crc32(b"x"), 1)]

CASES: list[Case] = [
    # empty and nearly empty
    refuse("leeg.csv", lambda: b"", "leeg"),
    refuse("leeg.xlsx", lambda: b"", "leeg"),
    refuse("alleen_spaties.csv", lambda: b" ;  \r\n  ;   \n;\n", "leeg"),
    read("alleen_kopregel.csv", lambda: csv_bytes([HEADER]), 0, 5),
    read("zonder_kopregel.csv", lambda: csv_bytes(people(4)), 4, 5, **{"0:Kolom 4": BSNS[0]}),
    read("lege_cellen_met_spaties.csv", lambda: csv_bytes(SPACES), 2, 5, **{"0:BSN": "   "}),
    # the wrong kind of file
    refuse("pdf_hernoemd.xlsx", lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
    refuse("foto_hernoemd.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "afbeelding"),
    refuse("foto_hernoemd.csv", lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "afbeelding"),
    refuse("notitie.txt", lambda: b"Bel Anna over de relaties.\r\n", "platte tekst"),
    refuse("brief.csv", lambda: b"Beste Piet,\n\nZie bijlage.\nGroet,\nAnna\n", "tekst"),
    read("oud_excel.xls", lambda: compound_file(biff_workbook(XLS_ROWS)), 120, 3),
    read("oud_excel_klein.xls", lambda: compound_file(biff_workbook(XLS_ROWS[:4])), 3, 3),
    refuse("relaties.numbers", lambda: raw_zip(NUMBERS), "niet ondersteund"),
    refuse("archief.xlsx", lambda: plain_zip(), "zip-bestand"),
    # damaged and protected workbooks
    refuse("afgebroken.xlsx", lambda: workbook(SHEETS[0])[:1500], "beschadigd"),
    refuse(
        "wachtwoord.xlsx",
        lambda: compound_file(bytes(range(256)) * 20, "EncryptedPackage"),
        "wachtwoord",
    ),
    # workbooks with many, hidden or odd sheets and cells
    read("veel_werkbladen.xlsx", lambda: workbook(*SHEETS), 5, 5),
    read("verborgen_werkblad.xlsx", lambda: workbook(LOOKUP, SHEETS[0], hidden=(LOOKUP[0],)), 5, 5),
    read(
        "samengevoegde_kop.xlsx",
        lambda: workbook(("Relaties", MERGED), merged=("A1:C1", "D1:E1")),
        4,
        5,
        **{"0:Naam": "Relatie 0"},
    ),
    read(
        "formules.xlsx",
        lambda: cached_formulas(FORMULAS, CACHED),
        1,
        6,
        **{"0:Naam": "Jan de Vries", "0:BSN": "#N/A"},
    ),
    read(
        "foutwaarden.xlsx",
        lambda: error_cells(ERRORS),
        3,
        5,
        **{"0:BSN": "#N/A", "1:BSN": "#DIV/0!", "2:BSN": "#REF!"},
    ),
    read(
        "datums_in_nummers.xlsx",
        lambda: workbook(("Relaties", DATES)),
        1,
        5,
        **{"0:Relatienummer": "2020-01-02", "0:BSN": "1980-05-17 08:30:00"},
    ),
    # CSV encodings, line ends, quotes and ragged rows
    read("utf16.csv", lambda: csv_bytes(SHEETS[0][1], "\t").decode().encode("utf-16"), 5, 5),
    read(
        "utf16_zonder_bom.csv",
        lambda: csv_bytes(ZOE).decode().encode("utf-16-le"),
        1,
        5,
        **{"0:Naam": "Zoë Brouwer"},
    ),
    read(
        "gemengde_regeleinden.csv",
        lambda: b"Relatienummer;Naam\r\n100;A\n101;B\r102;C\r\n\r\n103;D",
        4,
        2,
    ),
    read(
        "meerregelige_cellen.csv",
        lambda: csv_bytes(ADDRESSES),
        2,
        3,
        **{"0:Adres": ADDRESSES[1][2], "1:Naam": ADDRESSES[2][1]},
    ),
    read(
        "ongelijke_rijen.csv",
        lambda: (
            b"Relatienummer;Naam;Soort relatie\r\n100;Jan\r\n101;Piet;persoon;extra;meer\r\n102\r\n"
        ),
        3,
        5,
        **{"1:Kolom 5": "meer"},
    ),
    read(
        "dubbele_en_lege_koppen.csv",
        lambda: b"Naam;Naam;;BSN;\r\nJan;J.;x;111222333;y\r\n",
        1,
        5,
        **{"0:Naam (2)": "J.", "0:Kolom 3": "x", "0:Kolom 5": "y"},
    ),
    # big but allowed
    read("500_kolommen.xlsx", lambda: workbook(("Relaties", MANY_COLUMNS)), 3, 500),
    read(
        "lange_cel.csv",
        lambda: csv_bytes([HEADER, ["100", LONG, "persoon", BSNS[0], "Ede"]]),
        1,
        5,
        **{"0:Naam": LONG},
    ),
    read("lange_cel.xlsx", lambda: long_cell_workbook(), 1, 5, **{"0:BSN": LONG}),
    read("ods_met_lege_staart.ods", lambda: ods(ODS_DATA + ODS_EMPTY_TAIL), 2, 5),
    # above the limits: refused before the memory is spent
    refuse("zipbom.xlsx", lambda: zip_bomb(4, lie=False), "uitgepakt groter"),
    refuse("zipbom_liegt.xlsx", lambda: zip_bomb(2, lie=True), "beschadigd"),
    refuse("miljoen_rijen.xlsx", lambda: extra_cell("E1000000", "A1:Z1000000"), "rijen"),
    refuse("verste_cel.xlsx", lambda: extra_cell("XFD1048576"), "grens"),
    refuse("verste_kolom.xlsx", lambda: extra_cell("XFD2"), "kolommen"),
    refuse("te_veel_cellen.xlsx", lambda: extra_cell("ALL400000"), "cellen"),
    refuse("te_veel_teksten.xlsx", lambda: shared_strings(21_000), "cellen"),
    refuse("miljoen_rijen.ods", lambda: ods(ODS_DATA + ods_row(["x"], 1_000_000)), "rijen"),
    refuse("te_veel_cellen.ods", lambda: ods(ODS_DATA + ods_row(["x"], 200_000, 200)), "cellen"),
    refuse(
        "oud_excel_vervalst.xls",
        lambda: compound_file(biff_workbook(XLS_ROWS, (2**32 - 1, 2**16 - 1))),
        "rijen",
    ),
    refuse("oud_excel_verre_cel.xls", lambda: compound_file(FAR_CELL), "kolommen"),
    refuse("te_veel_cellen.csv", lambda: b";" * 25_000_000, "cellen"),
    Case("groot.csv", sparse_csv(300 * MB), refused="groter dan de grens van 200 MB"),
]

#: Environment for the cases that are checked against lowered limits (to stay fast).
CASE_ENV: dict[str, dict[str, str]] = {"te_veel_teksten.xlsx": {"DQ_MAX_CELLS": "20000"}}


def long_cell_workbook() -> bytes:
    """A BSN cell of 1 MB (openpyxl cuts texts at Excel's 32,767 characters, so it is patched)."""
    base = workbook(("Relaties", [HEADER, ["100", "Jan", "persoon", "LANG", "Ede"]]))
    return with_sheet_xml(base, lambda xml: xml.replace(b"<t>LANG</t>", f"<t>{LONG}</t>".encode()))


def plain_zip() -> bytes:
    """A zip with a CSV file inside, as an office might send it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("relaties.csv", csv_bytes([HEADER, *people(2)]))
    return out.getvalue()


def write_corpus(folder: Path) -> Path:
    """Write every case into `folder` (made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        case.write(folder / case.name)
    return folder


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]))
    print("\n".join(case.name for case in CASES))
