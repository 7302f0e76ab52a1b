"""Measure a zipped workbook (xlsx, ods) before calamine builds it, and read its parts safely.

calamine builds a sheet as one rectangle from the first to the last cell it finds, so one
forged cell at `XFD1048576` makes it allocate hundreds of gigabytes and abort the process.
Zip members can also lie about their size. Everything here streams the XML in bounded chunks
and refuses the file, with the loader's Dutch messages, before any parser spends the memory:

- `read_member`: a zip member, never more than it declares (Python's `ZipFile.read` would
  inflate a lying member in one go);
- `check_xlsx`: the shared-string count, before calamine loads them all on opening;
- `scan_sheet`: the extent and cell count of the sheet to read, and the error texts (`#N/A`)
  calamine reads as empty, in one pass; for a file read alone the XML goes on to a
  `SheetSink` as it streams (`dq.io.halves` parses the upper half while the rest is measured);
- `check_ods`: the rows and cells an OpenDocument file spells out with repeat counts.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Protocol
from xml.etree import ElementTree
from xml.parsers import expat

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dq.io.errors import CORRUPT, LoadError, check_cells, check_shape
from dq.io.limits import Limits

CHUNK = 4 * 1024**2
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)
_MAX_TAG = 64 * 1024  # a start tag longer than this is not a spreadsheet's


def member_chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """A member's bytes in chunks; a member that inflates beyond its declared size is corrupt."""
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                yield chunk
    except ZIP_ERRORS:
        raise LoadError(CORRUPT) from None


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A whole (small) member: workbook.xml, its relationships, the ODS mimetype."""
    return b"".join(member_chunks(archive, name))


def _tag_chunks(archive: zipfile.ZipFile, name: str, end_tag: bytes = b">") -> Iterator[bytes]:
    """Chunks that each end right after an `end_tag` (else a '>'), so no tag is cut in two.

    XML parts must be ASCII-compatible: a UTF-16 part would hide its tags from the byte scans.
    """
    rest = b""
    first = True
    for chunk in member_chunks(archive, name):
        if first and b"\x00" in chunk[:1024]:
            raise LoadError(CORRUPT)
        first = False
        buffer = rest + chunk
        cut = buffer.rfind(end_tag)
        cut = cut + len(end_tag) if cut >= 0 else buffer.rfind(b">") + 1
        if cut <= 0:
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut < 0 else cut
        buffer, rest = buffer[:cut], buffer[cut:]
        if len(rest) > _MAX_TAG + CHUNK:
            raise LoadError(CORRUPT)
        yield buffer
    if rest:
        yield rest


def _count(archive: zipfile.ZipFile, name: str, patterns: tuple[bytes, ...]) -> int:
    """How often the patterns occur in a member, counted in chunks (patterns may straddle)."""
    total, tail = 0, b""
    for chunk in member_chunks(archive, name):
        window = tail + chunk
        total += sum(window.count(p) - tail.count(p) for p in patterns)
        tail = window[-16:]
    return total


# --- xlsx -------------------------------------------------------------------------------------


def check_xlsx(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a workbook with more shared strings than cells may exist (calamine loads them all)."""
    for info in archive.infolist():
        if is_shared_strings(info):
            entries = _count(archive, info.filename, (b"<si>", b"<si ", b":si>", b":si "))
            check_cells(entries, limits)


def is_shared_strings(member: zipfile.ZipInfo) -> bool:
    """Whether a zip member is a workbook's shared strings (any case, as calamine finds them)."""
    return member.filename.lower().endswith("sharedstrings.xml")


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """Zip member holding the named sheet, found via workbook.xml and its relationships."""
    try:
        workbook = ElementTree.fromstring(read_member(archive, "xl/workbook.xml"))
        rels = ElementTree.fromstring(read_member(archive, "xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    rel_id = next(
        (
            value
            for element in workbook.iter()
            if element.tag.endswith("sheet") and element.get("name") == sheet
            for key, value in element.attrib.items()
            if key.endswith("}id")
        ),
        None,
    )
    target = next((rel.get("Target", "") for rel in rels if rel.get("Id") == rel_id), None)
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(path)


class SheetSink(Protocol):
    """Takes a sheet's XML as `scan_sheet` streams it (`dq.io.halves`)."""

    def begin(self, part: str, size: int) -> None:
        """The sheet's zip member and its declared size, before the first chunk."""

    def take(self, chunk: bytes, fits: bool) -> None:
        """The next chunk (ending after a tag); `fits`: every cell so far names its place
        and all of them together are within the limits, so calamine may build them."""

    def end(self, whole: bool) -> None:
        """The scan is over; `whole`: the chunks taken are the sheet, and it fits."""


def scan_sheet(
    archive: zipfile.ZipFile, sheet: str, limits: Limits, *, sink: SheetSink | None = None
) -> dict[tuple[int, int], str]:
    """Refuse a sheet calamine would build too large; else its error texts by (row, column).
    The XML goes to `sink` as it streams (a file read alone, for `dq.io.halves`).

    Error texts such as #N/A come back because python-calamine reads them as empty: a failed
    VLOOKUP in a BSN column must show as '#N/A', not as a missing BSN.
    """
    part = sheet_part(archive, sheet)
    if part is None or part not in archive.NameToInfo:
        raise LoadError(CORRUPT)
    try:
        scan = _scan(archive, part, limits, skip_empty=False, sink=sink)
    except LoadError:  # perhaps only because of formatted empty cells: look closer
        if sink is not None:
            sink.end(False)
        scan = _scan(archive, part, limits, skip_empty=True, sink=None)
    else:
        if sink is not None:
            sink.end(not scan.implicit)
    return scan.errors


def _scan(
    archive: zipfile.ZipFile, part: str, limits: Limits, *, skip_empty: bool, sink: SheetSink | None
) -> _SheetScan:
    """One pass over a sheet; `skip_empty` leaves out `<c .../>` like calamine (slower)."""
    scan = _SheetScan(skip_empty)
    if sink is not None:  # a member cannot inflate beyond its declared size
        sink.begin(part, archive.getinfo(part).file_size)
    for chunk in _tag_chunks(archive, part, b"</c>"):
        scan.feed(chunk)
        if sink is not None:
            sink.take(chunk, not scan.implicit and scan.fits(limits))
    if scan.implicit:  # cells without a plain r="A1": follow calamine's counters instead
        scan = _SheetScan(skip_empty)
        for chunk in _tag_chunks(archive, part):
            scan.follow(chunk)
    scan.check(limits)
    return scan


_TAG_AFTER = np.zeros(256, dtype=bool)
_TAG_AFTER[[ord(" "), ord(">"), ord("\t"), ord("\n"), ord("\r")]] = True
_REF_WIDTH = 12  # letters and digits of the longest reference we read, and more
_TAG_WINDOW = 48  # the start of each cell tag that is looked at; longer tags count as cells
_POWERS = np.arange(7, -1, -1, dtype=np.int64)  # place values of up to eight letters or digits


class _SheetScan:
    """The cells of one sheet as calamine will place them: how many, the last row and column.

    `feed` is the fast path for what every spreadsheet program writes (each cell starts with
    `<c r="A1"`): numpy reads the references. When a cell has no such reference, `implicit`
    is set and the sheet is read again with `follow`, which counts rows and cells like
    calamine does. Empty cells (`<c r="B5" s="3"/>`, formatting only) are counted too
    unless `skip_empty`: an upper bound is enough for nearly every file, and cheaper.
    """

    def __init__(self, skip_empty: bool) -> None:
        self.skip_empty = skip_empty
        self.n_cells = 0
        self.last_row = self.last_column = -1
        self.implicit = False
        self.errors: dict[tuple[int, int], str] = {}
        self._row = self._column = 0

    def check(self, limits: Limits) -> None:
        """Refuse the cells found so far if calamine would build them too large."""
        check_shape(self.last_row + 1, self.last_column + 1, limits)
        check_cells(self.n_cells, limits)

    def fits(self, limits: Limits) -> bool:
        """Whether `check` passes."""
        try:
            self.check(limits)
        except LoadError:
            return False
        return True

    def feed(self, chunk: bytes) -> None:
        """Count the cells of a chunk and read their references (vectorised).

        The cell tags are found by comparing shifted views of the bytes, so no array holds
        a position per '<' (five or so per cell).
        """
        if b":c" in chunk:  # perhaps a namespace prefix (<x:c>)
            self.implicit = True
        n = len(chunk)
        padded = np.frombuffer(chunk + bytes(_TAG_WINDOW), dtype=np.uint8)
        tags = padded[:n] == ord("<")
        tags &= padded[1 : n + 1] == ord("c")
        cells = np.flatnonzero(tags)
        cells = cells[_TAG_AFTER[padded[cells + 2]]]
        windows = sliding_window_view(padded, _TAG_WINDOW)  # a view: row i = bytes from i
        if self.skip_empty:
            cells = cells[~_self_closing(windows[cells])]
        self.n_cells += len(cells)
        plain = (
            (padded[cells + 2] == ord(" "))
            & (padded[cells + 3] == ord("r"))
            & (padded[cells + 4] == ord("="))
            & (padded[cells + 5] == ord('"'))
        )
        if not plain.all():
            self.implicit = True
        self._references(windows[cells[plain] + 6, :_REF_WIDTH])
        if b' t="e"' in chunk:
            self._error_texts(chunk)

    def _references(self, refs: np.ndarray) -> None:
        """Last row and column of references like `AB12"` (one per row of `refs`).

        Only the largest matters: among the references with the most letters (digits), the
        largest letters (digits) are the farthest column (row), so one short list is read.
        """
        if not len(refs):
            return
        letters = (refs >= ord("A")) & (refs <= ord("Z"))
        n_letters = np.argmin(letters, axis=1)
        if (n_letters == 0).any() or (n_letters > 3).any():
            self.last_column = max(self.last_column, 26**3)  # beyond any sheet: refused
            return
        width = int(n_letters.max())
        farthest = refs[n_letters == width, :width].astype(np.int64) - 64
        self.last_column = max(self.last_column, int((farthest @ 26 ** _POWERS[-width:]).max()) - 1)
        for count in np.unique(n_letters).tolist():
            digits = refs[n_letters == count, count : count + 8]
            is_digit = (digits >= ord("0")) & (digits <= ord("9"))
            n_digits = np.argmin(is_digit, axis=1)
            if (n_digits == 0).any() or is_digit.all(axis=1).any():
                self.last_row = max(self.last_row, 10**8)  # no row number, or an absurd one
                return
            longest = int(n_digits.max())
            rows = digits[n_digits == longest, :longest].astype(np.int64) - ord("0")
            self.last_row = max(self.last_row, int((rows @ 10 ** _POWERS[-longest:]).max()) - 1)

    def _error_texts(self, chunk: bytes) -> None:
        for match in _ERROR_CELL.finditer(chunk):
            ref = _CELL_REF.search(chunk, chunk.rfind(b"<", 0, match.start()), match.start(1))
            value = _CELL_VALUE.search(match.group(1))
            if ref and value:
                position = (int(ref.group(2)) - 1, column_index(ref.group(1)))
                self.errors[position] = html.unescape(value.group(1).decode("utf-8", "replace"))

    def follow(self, chunk: bytes) -> None:
        """calamine's own walk: a row's r sets the row, its end moves on; cells count along."""
        for match in _ROW_OR_CELL.finditer(chunk):
            closing, name, attributes, empty = match.groups()
            if name == b"row":
                if closing:
                    self._row, self._column = self._row + 1, 0
                elif not empty and (number := _ROW_NUMBER.search(attributes)):
                    self._row = int(number.group(1)) - 1
                continue
            if closing or (empty and self.skip_empty):
                continue
            ref = _REFERENCE.search(attributes)
            if ref:
                self._column = column_index(ref.group(1))
                row = int(ref.group(2)) - 1
            else:
                row = self._row
            self.n_cells += 1
            self.last_row = max(self.last_row, row)
            self.last_column = max(self.last_column, self._column)
            self._column += 1


_ATTRIBUTES = rb"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*"""
_ROW_OR_CELL = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])" + _ATTRIBUTES + rb"(/?)>")
#: Row numbers and references of any length: a 10-digit row must count, not slip past.
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)""")
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]+)(\d+)""")
_ERROR_CELL = re.compile(rb' t="e"[^>/]*>(.*?)</(?:\w+:)?c>', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _self_closing(tags: np.ndarray) -> np.ndarray:
    """Which cell start tags (the first bytes of each, one per row) end in '/>'.

    The '>' must be outside quotes; a tag longer than the window counts as not closed.
    """
    closes = tags == ord(">")
    first = np.argmax(closes, axis=1)
    rows = np.arange(len(tags))
    before = tags[rows, np.maximum(first - 1, 0)]
    inside = np.arange(tags.shape[1]) < first[:, None]
    quotes = ((tags == ord('"')) & inside).sum(axis=1)
    return closes.any(axis=1) & (before == ord("/")) & (quotes % 2 == 0)


def column_index(letters: bytes) -> int:
    """0-based index of an Excel column name: b'A' -> 0, b'AA' -> 26.

    >>> column_index(b"A"), column_index(b"AA"), column_index(b"xfd")
    (0, 26, 16383)
    """
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - ord("A") + 1
    return index - 1


# --- ods --------------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated\s*=\s*["\'](\d{1,12})')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated\s*=\s*["\'](\d{1,12})')


def check_ods(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an OpenDocument file whose repeated rows and cells add up beyond the limits.

    calamine builds every sheet on opening and spells out `number-rows-repeated` and
    `number-columns-repeated`. A sheet's rectangle reaches to its last row and column with a
    value, so the million empty rows LibreOffice writes after the data do not count, while
    empty rows before a value do. The XML must also be well-formed: calamine loops forever
    on some broken OpenDocument files (a mistyped end tag was enough).
    """
    if "content.xml" not in archive.NameToInfo:
        return
    scan = _OdsScan(limits)
    parser = expat.ParserCreate()
    try:
        for chunk in _tag_chunks(archive, "content.xml"):
            parser.Parse(chunk, False)
            for match in _ODS_TAG.finditer(chunk):
                scan.tag(*match.groups())
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise LoadError(CORRUPT) from None
    scan.end_sheet()


class _OdsScan:
    """The rectangle of each sheet as the tags go by; every finished sheet adds its cells."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cells = 0  # of the finished sheets
        self.rows = self.width = 0  # of this sheet, up to its last value
        self.position = 0  # rows seen in this sheet, empty ones included
        self.row_repeat = 1
        self.row_width = self.column = 0

    def tag(self, closing: bytes, name: bytes, attributes: bytes, empty: bytes) -> None:
        """One start or end tag of a sheet, a row or a cell."""
        if name == b"table":
            if not closing:
                self.end_sheet()
        elif name == b"table-row":
            if closing or empty:
                self._end_row(_repeat(_ROWS_REPEATED, attributes) if empty else self.row_repeat)
            else:
                self.row_repeat = _repeat(_ROWS_REPEATED, attributes)
        elif not closing:
            self.column += _repeat(_COLUMNS_REPEATED, attributes)
            if not empty or b"value-type" in attributes:
                self.row_width = self.column

    def _end_row(self, repeat: int) -> None:
        self.position += repeat
        if self.row_width:
            self.rows, self.width = self.position, max(self.width, self.row_width)
            check_shape(self.rows, self.width, self.limits)
            check_cells(self.cells + self.rows * self.width, self.limits)
        self.row_repeat, self.row_width, self.column = 1, 0, 0

    def end_sheet(self) -> None:
        """Add the finished sheet's rectangle; the next sheet starts empty."""
        self.cells += self.rows * self.width
        check_cells(self.cells, self.limits)
        self.rows = self.width = self.position = 0


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return max(1, int(found.group(1))) if found else 1
