"""Parse a large xlsx sheet in two halves, one per core.

calamine parses a sheet on one core without holding the GIL, then hands its cells to Python
with it. Cut at a row in the middle, each half is a sheet of its own in a small workbook of
its own (the XML stored, not deflated again), parsed in its own thread. Only a file read
alone is cut (an upload in the app, a check of one file): `dq.api.load` of the benchmark's
100k-row Relaties file took 1.34 s instead of 1.63 s (medians of eight paired runs), for
100 MB more memory at its peak. Beside another file both cores are busy already, and the
cut made `dq check` of the 100k pair 5% slower, so `dq.api.check` of a pair does not cut.

The halves give exactly the rows of calamine's whole parse: only a sheet whose every cell
names its place (`<c r="B7"`, as `dq.io.guard` found) is cut, so no position depends on a
count; and when the second half reaches back above the first half's last row (rows out
of order), None sends the caller to the whole parse.
"""

from __future__ import annotations

import io
import zipfile

import python_calamine as pc

from dq.io.guard import is_shared_strings, read_member
from dq.io.limits import MB
from dq.threads import each, workers

#: A smaller sheet is parsed whole: two threads and two workbooks cost more than they save.
SPLIT_BYTES = 8 * MB

#: Each half parses the workbook's shared strings again (calamine reads them on opening):
#: with shared strings of more than an eighth of the sheet's XML the halves did not pay
#: (a 100k-row sheet saved with 10.8 MB of shared strings next to 33 MB: 1.64 s either way).
SHARED_STRINGS_SHARE = 8

Rows = list[list[object]]


def split_rows(data: bytes, sheet: str, part: str, xml: bytes | None) -> Rows | None:
    """The rows of `sheet` (zip member `part`, its XML `xml`), as calamine's
    `to_python(skip_empty_area=False)` of the whole sheet gives them; None when the sheet is
    parsed whole instead (small, one core, or not safely cut).

    `dq.io.guard` measured the whole sheet before: each half is smaller.
    """
    if xml is None or len(xml) < SPLIT_BYTES or workers() < 2:
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [i for i in archive.infolist() if i.filename != part and _workbook_level(i)]
        strings = sum(i.file_size for i in members if is_shared_strings(i))
        if strings * SHARED_STRINGS_SHARE > len(xml):
            return None
        pieces = _cut(xml)
        if pieces is None:
            return None
        shared = {i.filename: read_member(archive, i.filename) for i in members}
    books = [_workbook(shared, part, piece) for piece in pieces]
    del pieces
    try:
        first, second = each(
            lambda job: _parse(job[0], sheet, job[1]), [(books[0], False), (books[1], True)]
        )
    except pc.CalamineError:  # the whole parse decides what the file is worth
        return None
    return _joined(first, second)


def _cut(xml: bytes) -> list[list[memoryview]] | None:
    """The sheet as two sheets (each in pieces of the XML, not copied), cut before the
    first row tag past the middle of its data."""
    opening = xml.find(b"<sheetData")
    start = xml.find(b">", opening) + 1 if opening >= 0 else 0
    end = xml.rfind(b"</sheetData>")
    if opening < 0 or end < start:
        return None
    if any(_holds(xml, mark, start, end) for mark in (b"<!", b"<?")):
        return None  # a comment, CDATA or instruction could hide a row tag: not cut
    middle = xml.find(b"<row ", (start + end) // 2, end)
    if middle <= start:
        return None
    view = memoryview(xml)
    return [[view[:middle], view[end:]], [view[:start], view[middle:]]]


def _holds(xml: bytes, mark: bytes, start: int, end: int) -> bool:
    """Whether `mark` occurs in xml[start:end]; its rare second byte is looked for first
    (memchr, 2 ms on 54 MB) because '<' is everywhere (50 ms)."""
    return xml.find(mark[1:], start, end) >= 0 and xml.find(mark, start, end) >= 0


def _workbook_level(member: zipfile.ZipInfo) -> bool:
    """The workbook's own parts, which the halves copy: the workbook, its relationships,
    styles (for dates), shared strings, content types (`[Content_Types].xml`, `_rels/…`,
    `xl/workbook.xml`, `xl/_rels/…`); not the other worksheets, drawings and media in the
    subfolders of `xl/`, which calamine does not read here."""
    folder, _, _ = member.filename.rpartition("/")
    return folder in ("", "_rels", "xl", "xl/_rels")


def _workbook(shared: dict[str, bytes], part: str, sheet: list[memoryview]) -> io.BytesIO:
    """A zipped workbook of the shared parts and one sheet, stored (not deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in shared.items():
            archive.writestr(name, content)
        with archive.open(part, "w", force_zip64=True) as member:
            for piece in sheet:
                member.write(piece)
    out.seek(0)
    return out


def _parse(book: io.BytesIO, name: str, skip_empty_area: bool) -> tuple[tuple, tuple, Rows]:
    """One half's first and last cell and its rows (from its first cell when
    `skip_empty_area`, else from A1); ((0, 0), None, []) for a half without a value."""
    workbook = pc.CalamineWorkbook.from_filelike(book)
    sheet = workbook.get_sheet_by_name(name)
    if sheet.end is None:
        return (0, 0), None, []
    return sheet.start, sheet.end, sheet.to_python(skip_empty_area=skip_empty_area)


def _joined(first: tuple[tuple, tuple, Rows], second: tuple[tuple, tuple, Rows]) -> Rows | None:
    """The two halves as one rectangle from A1, padded with calamine's empty cells ("")."""
    _, first_end, rows = first
    (top, left), second_end, lower = second
    if second_end is None:
        return rows
    if first_end is not None and top <= first_end[0]:
        return None  # rows out of order: the halves overlap
    width = max(second_end[1], first_end[1] if first_end is not None else -1) + 1
    if first_end is not None and first_end[1] + 1 < width:
        rows = [row + [""] * (width - len(row)) for row in rows]
    rows = rows + [[""] * width for _ in range(top - len(rows))]
    right = width - 1 - second_end[1]
    if left or right:
        lower = [[""] * left + row + [""] * right for row in lower]
    return rows + lower
