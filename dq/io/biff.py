"""Measure an old Excel file (.xls) before calamine opens it, so a forged one cannot crash us.

calamine reads every sheet of an .xls file when it opens it, and trusts the file: a forged
DIMENSIONS record, shared-string count or a cell at row 65,535 and column 65,535 makes it
allocate terabytes, which aborts the whole process (the app server with it). This module
reads the compound file (OLE2) and walks the same BIFF records calamine reads, in the same
order, and refuses the file when what calamine would build exceeds the limits.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from dq.io.errors import CORRUPT, LoadError, check_cells, check_shape
from dq.io.limits import Limits

_FREE, _END, _FAT, _DIFAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_STREAM = 2
_EOF, _BOF, _BOUNDSHEET, _DIMENSIONS, _SST = 0x000A, 0x0809, 0x0085, 0x0200, 0x00FC
_MULRK = 0x00BD
#: The cell records calamine turns into cells; each starts with row and column (u16).
_CELLS = frozenset({0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006})


def check_xls(data: bytes, limits: Limits) -> None:
    """Refuse an .xls file whose sheets would not fit the limits once calamine builds them.

    Every sheet counts (calamine builds them all), and the cells of all sheets together must
    stay within `limits.max_cells`.
    """
    try:
        stream = _workbook_stream(data)
        sheets = _sheet_offsets(stream, limits)
        total = 0
        for offset in sheets:
            n_rows, n_columns = _sheet_extent(stream, offset, limits)
            check_shape(n_rows, n_columns, limits)
            total += n_rows * n_columns
        check_cells(total, limits)
    except (struct.error, IndexError, ValueError):
        raise LoadError(CORRUPT) from None


# --- the compound file (OLE2 / CFB) -------------------------------------------------------------


def _workbook_stream(data: bytes) -> bytes:
    """The 'Workbook' (or BIFF5 'Book') stream, following the sector chains as calamine does."""
    shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if shift not in (9, 12) or mini_shift != 6:
        raise ValueError("not a compound file")
    size = 1 << shift
    n_fat, first_dir = struct.unpack_from("<II", data, 44)
    cutoff, first_mini_fat, _, first_difat, n_difat = struct.unpack_from("<IIIII", data, 56)
    n_sectors = max(0, len(data) - size) // size

    def sector(number: int) -> bytes:
        if number >= n_sectors:
            raise ValueError("sector past the end")
        return data[(number + 1) * size : (number + 2) * size]

    difat = list(struct.unpack_from("<109I", data, 76))
    number = first_difat
    for _ in range(min(n_difat, n_sectors)):
        entries = struct.unpack(f"<{size // 4}I", sector(number))
        difat += entries[:-1]
        number = entries[-1]
    fat_sectors = [s for s in difat if s < _DIFAT][:n_fat]
    fat = struct.unpack(f"<{len(fat_sectors) * size // 4}I", b"".join(map(sector, fat_sectors)))

    def chain(start: int, table: tuple[int, ...], limit: int) -> list[int]:
        found: list[int] = []
        while start not in (_END, _FREE) and len(found) <= limit:
            if start >= len(table):
                raise ValueError("broken chain")
            found.append(start)
            start = table[start]
        if len(found) > limit:
            raise ValueError("looping chain")
        return found

    directory = b"".join(map(sector, chain(first_dir, fat, n_sectors)))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    named = {_entry_name(e).lower(): e for e in entries if e[66] == _STREAM}
    entry = named.get("workbook") or named.get("book")
    if entry is None:
        raise ValueError("no workbook stream")
    start, length = struct.unpack_from("<IQ", entry, 116)
    length &= 0xFFFFFFFF if shift == 9 else (1 << 64) - 1
    if length > len(data):
        raise ValueError("stream longer than the file")
    if length >= cutoff:
        return b"".join(map(sector, chain(start, fat, n_sectors)))[:length]
    root_start, root_length = struct.unpack_from("<IQ", entries[0], 116)
    mini_stream = b"".join(map(sector, chain(root_start, fat, n_sectors)))[:root_length]
    mini_fat_bytes = b"".join(map(sector, chain(first_mini_fat, fat, n_sectors)))
    mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
    parts = chain(start, mini_fat, len(mini_stream) // 64)
    return b"".join(mini_stream[n * 64 : (n + 1) * 64] for n in parts)[:length]


def _entry_name(entry: bytes) -> str:
    (length,) = struct.unpack_from("<H", entry, 64)
    return entry[: max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")


# --- the BIFF records -------------------------------------------------------------------------


def _records(stream: bytes, offset: int) -> Iterator[tuple[int, int, int]]:
    """(type, body offset, body length) from `offset` to the first EOF record."""
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        body = offset + 4
        if body + length > len(stream):
            raise ValueError("record past the end")
        yield kind, body, length
        if kind == _EOF:
            return
        offset = body + length


def _sheet_offsets(stream: bytes, limits: Limits) -> list[int]:
    """Where each sheet starts (BoundSheet8), checking the shared-string count on the way."""
    offsets = []
    for kind, body, length in _records(stream, 0):
        if kind == _BOUNDSHEET and length >= 4:
            offsets.append(struct.unpack_from("<I", stream, body)[0])
        elif kind == _SST and length >= 8:
            (count,) = struct.unpack_from("<i", stream, body + 4)
            if not 0 <= count <= min(len(stream) // 3, limits.max_cells):
                raise ValueError("impossible number of shared strings")
    return offsets


def _sheet_extent(stream: bytes, offset: int, limits: Limits) -> tuple[int, int]:
    """Rows and columns of the rectangle calamine builds for the sheet at `offset`.

    Its DIMENSIONS record is a promise calamine reserves memory for, so it must fit too.
    """
    if offset >= len(stream):
        raise ValueError("sheet past the end")
    last_row = last_column = -1
    for kind, body, length in _records(stream, offset):
        if kind == _DIMENSIONS and length in (10, 14):
            form = "<HHHH" if length == 10 else "<IIHH"
            first_row, end_row, first_column, end_column = struct.unpack_from(form, stream, body)
            if end_row >= 1 and end_column >= 1:
                n_rows, n_columns = end_row - first_row, end_column - first_column
                if n_rows < 0 or n_columns < 0:
                    raise ValueError("inverted dimensions")
                check_shape(n_rows, n_columns, limits)
        elif kind in _CELLS and length >= 4:
            row, column = struct.unpack_from("<HH", stream, body)
            last_row, last_column = max(last_row, row), max(last_column, column)
        elif kind == _MULRK and length >= 6:
            row, first = struct.unpack_from("<HH", stream, body)
            last_row = max(last_row, row)
            last_column = max(last_column, first + (length - 6) // 6 - 1)
    return last_row + 1, last_column + 1
