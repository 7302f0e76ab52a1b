"""Read one uploaded file (xlsx, xlsm, ods, xls, csv) into a table of text with exact row numbers.

Everything is text so that Excel damage (a BSN that lost its leading zero, `100.10` that became
`100.1`) stays visible to the checks. File formats live in `dq.io.readers`; this module finds the
header, names the columns and drops empty rows, and says in Dutch what it did.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.io.errors import check_file_size
from dq.io.readers import Limits, LoadError, RawGrid, list_workbook_sheets, read_raw
from dq.privacy import holds_personal_data

__all__ = [
    "Limits",
    "LoadError",
    "LoadedTable",
    "Source",
    "Upload",
    "current_limits",
    "list_sheets",
    "read_table",
    "source_bytes",
]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

HEADER_SCAN_ROWS = 30
_UNREADABLE = (
    "Het bestand kon niet worden gelezen. Sla het opnieuw op als .xlsx of .csv en probeer het "
    "nog eens."
)
_NUMERIC = re.compile(r"[\d\s.,:/+\-−()%€]*")


@dataclass
class LoadedTable:
    """One sheet or CSV file as text (pandas `str` columns), ready for mapping and checks."""

    frame: pd.DataFrame
    excel_rows: np.ndarray
    header_row: int
    columns: list[str]
    filename: str
    sheet: str | None
    sheets: list[str]
    encoding: str | None
    delimiter: str | None
    notes: list[str]


def current_limits() -> Limits:
    """The limits in force: the defaults, with the `DQ_MAX_...` environment variables on top.

    Read at every upload, so a changed setting needs no restart; a wrong one is a LoadError.
    """
    try:
        return Limits.from_env()
    except ValueError as err:
        raise LoadError(str(err)) from None


def list_sheets(data: bytes, filename: str, limits: Limits | None = None) -> list[str]:
    """All sheet names of a workbook (hidden ones too), so the user can pick one; [] for CSV."""
    limits = limits or current_limits()
    return _only_load_errors(lambda: list_workbook_sheets(data, filename, limits))


def read_table(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    header_score: Callable[[Sequence[str]], float] | None = None,
    limits: Limits | None = None,
    halves: bool = True,
) -> LoadedTable:
    """Read an upload into text cells; any failure becomes a LoadError with a Dutch sentence.

    `header_row` is 1-based, 0 for a file without a header (the columns become 'Kolom 1',
    'Kolom 2', ...); without it the header is found among the first rows, preferring the row
    `header_score` rates highest (the engine counts known field names). Without
    `limits`, `current_limits()` apply. `halves` lets a large sheet be parsed on two cores
    (`dq.io.halves`); a caller reading another file beside this one turns it off.
    """
    limits = limits or current_limits()
    return _only_load_errors(
        lambda: _shape(
            read_raw(data, filename, sheet, limits, halves=halves),
            filename,
            header_row,
            header_score,
        )
    )


def _only_load_errors(read: Callable[[], _T]) -> _T:
    """The promise to callers: nothing but LoadError leaves, and no cell value rides along."""
    try:
        return read()
    except LoadError:
        raise
    except Exception as err:
        _log.warning("unexpected %s while reading an upload", type(err).__name__)
        raise LoadError(_UNREADABLE) from None


def _shape(
    raw: RawGrid,
    filename: str,
    header_row: int | None,
    header_score: Callable[[Sequence[str]], float] | None,
) -> LoadedTable:
    filled = _filled(raw)
    filled_rows = filled.any(axis=1)
    if not filled_rows.any():
        where = f"werkblad '{raw.sheet}'" if raw.sheet is not None else "er"
        raise LoadError(f"Het bestand is leeg: {where} staat geen enkele ingevulde cel.")
    notes = list(raw.notes)
    if header_row is None:
        header = _find_header(raw, filled, filled_rows, header_score)
        if header > 0:
            notes.append(
                f"Kopregel gevonden op rij {header + 1}; wat erboven staat, is overgeslagen."
            )
        elif header < 0:
            notes.append(
                "Geen kopregel gevonden: de eerste rij bevat al gegevens (zoals een BSN of "
                "e-mailadres). De kolommen heten nu Kolom 1, Kolom 2, enzovoort; koppel ze op de "
                "pagina Kolommen of kies de rij met de kolomnamen."
            )
    elif 0 <= header_row <= raw.height:
        header = header_row - 1
    else:
        raise LoadError(f"Rij {header_row} kan geen kopregel zijn: er zijn {raw.height} rijen.")
    data_rows = np.flatnonzero(filled_rows[header + 1 :]) + header + 1
    in_header = filled[header] if header >= 0 else np.zeros(len(raw.columns), dtype=bool)
    keep = np.flatnonzero(in_header | filled[data_rows].any(axis=0))
    headers = [str(text).strip() for text in raw.rows([header])[0, keep]] if header >= 0 else []
    columns, column_notes = _column_labels(headers or [""] * len(keep), keep)
    notes += (column_notes if header >= 0 else []) + _row_notes(data_rows, header)
    frame = pd.DataFrame(
        {
            label: pd.array(column, dtype="str")
            for label, column in zip(columns, _take_rows(raw, keep, data_rows), strict=True)
        },
        index=pd.RangeIndex(len(data_rows)),
    )
    return LoadedTable(
        frame=frame,
        excel_rows=(data_rows + 1).astype(np.int64),
        header_row=header + 1,
        columns=columns,
        filename=filename,
        sheet=raw.sheet,
        sheets=raw.sheets,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        notes=notes,
    )


def _take_rows(raw: RawGrid, keep: np.ndarray, rows: np.ndarray) -> list[pa.Array]:
    """The kept columns at the data rows; without blank rows between the data (the usual
    file) a zero-copy slice, which saves copying every cell."""
    if len(rows) and rows[-1] - rows[0] + 1 == len(rows):
        return [raw.columns[j].slice(int(rows[0]), len(rows)) for j in keep]
    positions = pa.array(rows, type=pa.int64())
    return [raw.columns[j].take(positions) for j in keep]


def _filled(raw: RawGrid) -> np.ndarray:
    """True where a cell holds visible text (rows x columns); whitespace-only counts as empty.

    Arrow's whitespace is exactly `str.isspace`'s (a test proves it).
    """
    filled = np.zeros((raw.height, len(raw.columns)), dtype=bool)
    for j, column in enumerate(raw.columns):
        visible = pc.not_equal(pc.utf8_trim_whitespace(column), "")
        filled[:, j] = visible.to_numpy(zero_copy_only=False)
    return filled


def _find_header(
    raw: RawGrid,
    filled: np.ndarray,
    filled_rows: np.ndarray,
    header_score: Callable[[Sequence[str]], float] | None,
) -> int:
    """0-based header row: the best-scoring row, else the first wide row of mostly words.

    Offices put a title and blank lines above the header, so the first row is not enough.
    A row holding a BSN-like number or an e-mail address is never the header, and a wide one
    is data, so the header is above it; when the first wide row is such a row the file has no
    header (-1), and no personal number ends up as a column name on screen.
    """
    candidates = np.flatnonzero(filled_rows)[:HEADER_SCAN_ROWS]
    cells = raw.rows(candidates)
    counts = filled[candidates].sum(axis=1)
    wide = 0.6 * counts.max()
    personal = np.array([_holds_personal_data(row) for row in cells])
    data = np.flatnonzero(personal & (counts >= wide))
    usable = ~personal & (np.arange(len(candidates)) < (data[0] if len(data) else len(cells)))
    if not usable.any():
        return -1
    candidates, cells, counts = candidates[usable], cells[usable], counts[usable]
    if header_score is not None:
        scores = [header_score([str(text).strip() for text in row]) for row in cells]
        best = int(np.argmax(scores))
        if scores[best] > 0:
            return int(candidates[best])
    for row, texts, count in zip(candidates, cells, counts, strict=True):
        if count >= wide and _mostly_words(texts[filled[row]]):
            return int(row)
    return int(candidates[0])


def _holds_personal_data(texts: np.ndarray) -> bool:
    """Whether a row has a cell with a BSN-like number or an e-mail address (see dq.privacy).

    >>> _holds_personal_data(np.array(["100", "111222333"]))
    True
    >>> _holds_personal_data(np.array(["Relatienr.", "BSN", "E-mail"]))
    False
    """
    return any(map(holds_personal_data, map(str, texts)))


def _mostly_words(texts: np.ndarray) -> bool:
    """A header holds names, not numbers or dates.

    >>> _mostly_words(np.array(["Naam", "BSN", "12"])), _mostly_words(np.array(["100", "Jan"]))
    (True, False)
    """
    words = sum(not _NUMERIC.fullmatch(text.strip()) for text in texts)
    return words > len(texts) / 2


def _column_labels(headers: list[str], positions: np.ndarray) -> tuple[list[str], list[str]]:
    """Unique labels: blanks become 'Kolom 5' (the file's column number), repeats 'Naam (2)'.

    A header that is really in the file keeps its text; generated names step aside.
    """
    taken = set(filter(None, headers))
    seen: set[str] = set()
    labels: list[str] = []
    for text, position in zip(headers, positions, strict=True):
        if text and text not in seen:
            label = text
        else:
            label = _free_label(text or f"Kolom {position + 1}", taken)
        seen.add(text)
        taken.add(label)
        labels.append(label)
    renamed: dict[str, list[str]] = {}
    for text, label in zip(headers, labels, strict=True):
        if label != text:
            renamed.setdefault(text, []).append(f"'{label}'")
    notes = []
    if "" in renamed:
        notes.append(f"Kolommen zonder kopnaam heten nu {', '.join(renamed.pop(''))}.")
    for text, new in renamed.items():
        notes.append(f"De kopnaam '{text}' komt vaker voor; de volgende heten nu {', '.join(new)}.")
    return labels, notes


def _free_label(base: str, taken: set[str]) -> str:
    """`base` itself, else the first of 'base (2)', 'base (3)', ... that is still free."""
    label, n = base, 1
    while label in taken:
        n += 1
        label = f"{base} ({n})"
    return label


def _row_notes(data_rows: np.ndarray, header: int) -> list[str]:
    """Empty rows between the data are worth a remark; trailing ones are invisible and are not."""
    if len(data_rows) == 0:
        return ["Het bestand heeft een kopregel maar geen gegevensrijen."]
    skipped = int(data_rows[-1] - header) - len(data_rows)
    if skipped == 0:
        return []
    return [f"{skipped} lege {'rij' if skipped == 1 else 'rijen'} overgeslagen."]


class Upload(Protocol):
    """What Streamlit's UploadedFile and similar objects offer."""

    name: str

    def getvalue(self) -> bytes: ...


Source = str | Path | Upload | tuple[str, bytes]


def source_bytes(source: Source, limits: Limits | None = None) -> tuple[str, bytes]:
    """(file name, content) of a path, an upload or a (name, bytes) pair.

    A file on disk above the size limit is refused before it is read.
    """
    if isinstance(source, tuple):
        return source
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            check_file_size(path.stat().st_size, limits or current_limits())
            return path.name, path.read_bytes()
        except FileNotFoundError:
            raise LoadError(f"Het bestand {path.name} bestaat niet.") from None
        except IsADirectoryError:
            raise LoadError(f"{path.name} is een map, geen bestand.") from None
        except OSError:
            raise LoadError(f"Het bestand {path.name} kon niet worden geopend.") from None
    return source.name, source.getvalue()
