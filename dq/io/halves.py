"""Parse a large xlsx sheet in two halves, one per core, the upper one while the guard
still measures the lower one.

calamine parses a sheet on one core without holding the GIL, then hands its cells to Python
with it. Cut at a row in the middle, each half is a sheet of its own in a small workbook of
its own (the XML stored, not deflated again), parsed in its own thread. Only a file read
alone is cut (an upload in the app, a check of one file): beside another file both cores
are busy already, and the cut made `dq check` of the 100k pair 5% slower, so
`dq.api.check` of a pair does not cut.

`Halves` takes the sheet's XML from `dq.io.guard.scan_sheet` as it streams. Once the scan
passes 60% of the declared size (`UPPER_SHARE`) and the cells so far fit the limits, the
upper half (everything before the next row tag, closed with `</sheetData></worksheet>`) is
parsed in a second thread while the guard goes on: calamine builds only the cells the
guard measured.
The lower half (the sheet's head and everything from the cut) is parsed once the whole
sheet is measured. `dq.api.load` of the benchmark's 100k-row Relaties file (medians of six
runs in turn): 1.51 s whole, 1.27 s in halves cut after the scan, 1.14 s with the upper
half parsed during it, and 60 MB less at its peak, since the whole XML is no longer kept.

The halves give exactly the rows of calamine's whole parse: only a sheet whose every cell
names its place (`<c r="B7"`, as `dq.io.guard` found) is cut, so no position depends on a
count; and when the second half reaches back above the first half's last row (rows out
of order), None sends the caller to the whole parse.
"""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor

import python_calamine as pc

from dq.io.guard import is_shared_strings, read_member
from dq.io.limits import MB
from dq.threads import workers

#: A smaller sheet is parsed whole: two threads and two workbooks cost more than they save.
SPLIT_BYTES = 8 * MB

#: A larger sheet's XML is not held in memory for the halves.
KEEP_BYTES = 256 * MB

#: Each half parses the workbook's shared strings again (calamine reads them on opening):
#: with shared strings of more than an eighth of the sheet's XML the halves did not pay
#: (a 100k-row sheet saved with 10.8 MB of shared strings next to 33 MB: 1.64 s either way).
SHARED_STRINGS_SHARE = 8

#: The upper half starts while the guard still measures the rest, so it takes more rows:
#: 60% of the XML gave the earliest end on the benchmark's 100k-row sheet (50%, 65% later).
UPPER_SHARE = 0.6

#: A sheet whose XML before its rows (`<sheetData>`) is longer is parsed whole.
HEAD_BYTES = 1 * MB

#: What closes the upper half when it is cut before the lower half's XML is seen.
CLOSING = b"</sheetData></worksheet>"

Rows = list[list[object]]


class Halves:
    """A `dq.io.guard.SheetSink` that cuts the sheet `sheet` of the workbook `data` in two
    and parses both halves; `rows` gives them joined. Use it as a context manager, so a
    half still being parsed when the scan refuses the file is waited for."""

    def __init__(self, data: bytes, sheet: str) -> None:
        self._data, self._sheet = data, sheet
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="dq")
        self._shared: dict[str, bytes] = {}
        self._part = ""
        self._middle = 0
        self._active = False
        self._whole = False
        self._chunks: list[bytes] = []  # the XML not yet in a parsed half
        self._seen = 0  # bytes taken before the last chunk
        self._head = b""  # the sheet's XML before its first row, which both halves share
        self._in_rows = False  # the head is read
        self._upper: Future | None = None

    def __enter__(self) -> Halves:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def begin(self, part: str, size: int) -> None:
        """Cut only a large sheet, with two cores, and few shared strings."""
        self._part, self._middle = part, int(size * UPPER_SHARE)
        self._active = workers() >= 2 and SPLIT_BYTES <= size <= KEEP_BYTES
        if not self._active:
            return
        with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
            members = [i for i in archive.infolist() if i.filename != part and _workbook_level(i)]
            strings = sum(i.file_size for i in members if is_shared_strings(i))
            if strings * SHARED_STRINGS_SHARE > size:
                self._active = False
                return
            self._shared = {i.filename: read_member(archive, i.filename) for i in members}

    def take(self, chunk: bytes, fits: bool) -> None:
        """Keep the chunk; past the middle, start the upper half if the cells so far fit."""
        if not self._active:
            return
        if not self._in_rows:  # the head, up to and with `<sheetData ...>`
            self._head += chunk
            opening = self._head.find(b"<sheetData")
            if opening < 0:
                self._active = len(self._head) <= HEAD_BYTES
                return
            if b"<worksheet" not in self._head[:opening]:
                self._active = False  # a prefixed root (`<x:worksheet`): parsed whole
                return
            start = self._head.find(b">", opening) + 1
            self._head, chunk = self._head[:start], self._head[start:]
            self._in_rows = True
        if any(_holds(chunk, mark, 0, len(chunk)) for mark in (b"<!", b"<?")):
            self._active = False  # a comment, CDATA or instruction could hide a row tag
            return
        self._chunks.append(chunk)
        if self._upper is None and fits and self._seen + len(chunk) >= self._middle:
            cut = chunk.find(b"<row ", max(0, self._middle - self._seen))
            if cut > 0:
                self._start_upper([*self._chunks[:-1], chunk[:cut], CLOSING], [chunk[cut:]])
        self._seen += len(chunk)

    def end(self, whole: bool) -> None:
        """Whether the scan measured the whole sheet and found it fit to cut."""
        self._whole = whole and self._active

    def rows(self) -> Rows | None:
        """The rows of the sheet, as calamine's `to_python(skip_empty_area=False)` of the
        whole sheet gives them; None when it is parsed whole instead (small, one core,
        not safely cut, or a half calamine refused)."""
        if not self._whole:
            return None
        if self._upper is None and not self._cut_at_the_end():
            return None
        lower = _workbook(self._shared, self._part, [self._head, *self._chunks])
        self._chunks = []
        try:
            second = _parse(lower, self._sheet, True)
            first = self._upper.result()
        except pc.CalamineError:  # the whole parse decides what the file is worth
            return None
        return _joined(first, second)

    def _start_upper(self, upper: list[bytes | memoryview], lower: list[bytes]) -> None:
        """Parse the upper half in the second thread; keep the lower half's XML."""
        book = _workbook(self._shared, self._part, [self._head, *upper])
        self._upper = self._pool.submit(_parse, book, self._sheet, False)
        self._chunks = lower

    def _cut_at_the_end(self) -> bool:
        """The scan passed the middle in its last chunk: cut the whole sheet's XML before
        the first row tag past the middle of its data."""
        xml = b"".join(self._chunks)
        end = xml.rfind(b"</sheetData>")
        middle = xml.find(b"<row ", end // 2, end) if end > 0 else -1
        if middle <= 0:
            return False
        view = memoryview(xml)
        self._start_upper([view[:middle], view[end:]], [view[middle:]])
        return True


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


def _workbook(shared: dict[str, bytes], part: str, sheet: list[bytes | memoryview]) -> io.BytesIO:
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
