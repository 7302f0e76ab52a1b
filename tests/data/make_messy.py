"""Write the small messy upload files in tests/data/messy/ that tests/test_load.py globs.

Run it after adding a case (python tests/data/make_messy.py) and describe the new file in
messy/expected.json. Output is byte-for-byte deterministic, so rerunning it changes nothing.
All names and numbers are made up; the BSNs are well-known test values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).parent / "messy"
FIXED_TIME = dt.datetime(2024, 1, 1)
HEADER = ["Relatienummer", "Naam", "Type", "BSN", "Plaats"]
PEOPLE = [
    ["100", "Zoë Brouwer", "persoon", "111222333", "Utrecht"],
    ["101", "René Jansen", "persoon", "012345672", "Leeuwarden"],
    ["102", "Jörg Müller", "persoon", "123456782", "Den Haag"],
]


def csv_text(rows: list[list[str]], delimiter: str, line_end: str = "\r\n") -> str:
    """Rows as Excel writes them: quoted only where needed."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


def workbook_bytes(workbook: Workbook) -> bytes:
    """Save with fixed timestamps so the bytes do not change between runs."""
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return rezip(buffer.getvalue(), fixed_modified_time)


def fixed_modified_time(name: str, data: bytes) -> bytes:
    """openpyxl stamps the save time into the document properties."""
    if name != "docProps/core.xml":
        return data
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)


def rezip(data: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """Rewrite a zip member by member with one fixed date (zipfile stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, FIXED_TIME.timetuple()[:6])
            info.compress_type = member.compress_type
            target.writestr(info, edit(member.filename, source.read(member)))
    return out.getvalue()


def titled_workbook() -> bytes:
    """A title and a blank row above the header, a hidden lookup sheet after it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Relaties"
    sheet.append(["Relatieoverzicht kantoor De Vries"])
    sheet.append([])
    for row in [HEADER, *PEOPLE]:
        sheet.append(row)
    lookup = workbook.create_sheet("Keuzelijsten")
    lookup.sheet_state = "hidden"
    lookup.append(["persoon", "organisatie"])
    workbook.create_sheet("Contacten").append(["Contactnummer", "E-mail"])
    return workbook_bytes(workbook)


def excel_damage_workbook() -> bytes:
    """Numbers, dates, booleans and an error where text was meant; repeated and blank headers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Relaties"
    sheet.append(["Relatienummer", "Naam", "Naam", None, "BSN", "Geboortedatum", "Actief"])
    sheet.append([100, "Zoë Brouwer", "Zoë", "notitie", 12345672, dt.date(1980, 5, 17), True])
    sheet.append(
        [100.1, "René Jansen", "René", None, 123456789.0, dt.datetime(1975, 1, 2, 8, 30), False]
    )
    sheet.append([])
    sheet.append(["  ", "   "])
    sheet.append(["102", "Jörg Müller", "Jörg", None, 12345672.5, "1990-03-04", None])
    sheet.append(["103", "Anna de Wit", "Anna", None, "#N/A", None, None])
    sheet["E3"].number_format = "0.00E+00"
    sheet["E7"].data_type = "e"
    return workbook_bytes(workbook)


def formula_workbook() -> bytes:
    """Formulas with the cached values Excel stores: text, a number and a failed VLOOKUP (#N/A).

    openpyxl cannot write cached values, so they are patched into the sheet XML afterwards.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Relaties"
    sheet.append(["Relatienummer", "Voornaam", "Achternaam", "Naam", "BSN", "Nummer"])
    sheet.append(
        ["100", "Jan", "Vries", '=B2&" de "&C2', "=VLOOKUP(A2,Lijst!A:B,2,FALSE)", "=A2+1"]
    )
    cached = {"D2": ('t="str"', "Jan de Vries"), "E2": ('t="e"', "#N/A"), "F2": ("", "101")}
    return patch_sheet(workbook_bytes(workbook), cached)


def patch_sheet(xlsx: bytes, cached: dict[str, tuple[str, str]]) -> bytes:
    """Give formula cells of the first sheet a type and a cached value."""

    def edit(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        text = data.decode()
        for ref, (kind, value) in cached.items():
            formula = re.search(rf'<c r="{ref}"><f>(.*?)</f><v ?/></c>', text)
            cell = f'<c r="{ref}" {kind}><f>{formula[1]}</f><v>{value}</v></c>'
            text = text.replace(formula[0], cell)
        return text.encode()

    return rezip(xlsx, edit)


def empty_workbook() -> bytes:
    return workbook_bytes(Workbook())


def ods_bytes() -> bytes:
    """A minimal OpenDocument spreadsheet, written by hand (no ODS writer is installed)."""
    cell = '<table:table-cell office:value-type="{}" {}><text:p>{}</text:p></table:table-cell>'

    def text(value: str) -> str:
        return cell.format("string", "", value)

    rows = [
        [text("Relaties export")],
        [],
        [text(h) for h in ("Relatienummer", "Naam", "BSN", "Geboortedatum", "Actief")],
        [
            cell.format("float", 'office:value="100"', "100"),
            text("Zoë Brouwer"),
            cell.format("float", 'office:value="12345672"', "12345672"),
            cell.format("date", 'office:date-value="1980-05-17"', "17-05-1980"),
            cell.format("boolean", 'office:boolean-value="true"', "WAAR"),
        ],
        [text("101"), text("René Jansen"), text("012345672"), text(""), text("")],
    ]
    body = "".join(
        f"<table:table-row>{''.join(cells) or '<table:table-cell/>'}</table:table-row>"
        for cells in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Relaties">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        stamp = FIXED_TIME.timetuple()[:6]
        archive.writestr(
            zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.spreadsheet"
        )
        for name, xml in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml)
    return out.getvalue()


def fake_encrypted_xlsx() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE2 container with an EncryptedPackage.

    Only the signature and the stream name matter to the loader; a real one cannot be made here.
    """
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = (
        "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le")
    )
    return header + directory + bytes(512 - len(directory))


def files() -> dict[str, bytes]:
    """Every messy case by file name."""
    title = [["Relatieoverzicht Kantoor Dé Vries & Zonen"], []]
    titled_xlsx = titled_workbook()
    return {
        "relaties_cp1252_titelregel.csv": csv_text([*title, HEADER, *PEOPLE], ";").encode("cp1252"),
        "contacten_utf8_bom_komma.csv": csv_text(
            [
                ["Contactnummer", "Naam", "E-mail", "Relatienummers"],
                ["1", "Jansen, J.", "j.jansen@example.nl", "100;101"],
                ["2", "Zoë Brouwer", "zoe@example.nl", "100"],
            ],
            ",",
        ).encode("utf-8-sig"),
        "relaties_tab_gescheiden.txt": csv_text([HEADER, *PEOPLE], "\t", "\n").encode("utf-8"),
        "relaties_utf16_unicode_tekst.csv": csv_text([HEADER, *PEOPLE], "\t").encode("utf-16"),
        "relaties_meerregelig_adres.csv": csv_text(
            [
                ["Relatienummer", "Naam", "Adres"],
                ["100", "Zoë Brouwer", "Stationsplein 1\n3511 ED Utrecht"],
                ["101", "René Jansen", "Kerkstraat 2"],
            ],
            ";",
        ).encode("cp1252"),
        "relaties_extra_velden.csv": (
            b"Relatienummer;Naam;Type\r\n100;Zo\xeb;persoon;extra;meer\r\n101;Ren\xe9;persoon\r\n"
            b"102\r\n103;J\xf6rg;persoon\r\n"
        ),
        "relaties_gemengde_regeleinden.csv": b"Nummer;Naam\r\n100;A\n101;B\r102;C\r\n\r\n103;D",
        "alleen_kopregel.csv": csv_text([HEADER], ";").encode("cp1252"),
        "leeg.csv": b"",
        "alleen_puntkommas.csv": b";;;\r\n;;;\r\n",
        "relaties_titelregel.xlsx": titled_xlsx,
        "relaties_excel_schade.xlsx": excel_damage_workbook(),
        "relaties_formules.xlsx": formula_workbook(),
        "leeg_werkblad.xlsx": empty_workbook(),
        "relaties_csv_met_xlsx_naam.xlsx": csv_text([HEADER, *PEOPLE], ";").encode("cp1252"),
        "relaties.ods": ods_bytes(),
        "pdf_hernoemd.xlsx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
        "afgebroken.xlsx": titled_xlsx[: len(titled_xlsx) // 2],
        "wachtwoord_beveiligd.xlsx": fake_encrypted_xlsx(),
        "relaties.numbers": b"not a spreadsheet we read",
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, data in files().items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
