"""Writing tables for people: the house style of xlsx sheets, and CSV that Dutch Excel opens.

Every export goes through here so every cell gets the same protection (`dq.exports.safe`): in
xlsx a text is always stored as an inline string (`dq.exports.xlsx`: never a formula, error
value or number, so leading zeros stay), and in CSV a formula-like text gets an apostrophe in front.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from dq.exports.safe import csv_series, csv_text
from dq.exports.xlsx import Cell, Sheet, Style, Workbook

TEXT_FORMAT = Style(number_format="@")
HEADER = Style(bold=True, color="FFFFFF", fill="1F5F8B")
INPUT = Style(fill="FFF4C2")  # cells the office fills in
TITLE = Style(bold=True, size=14, color="1F5F8B")
BOLD = Style(bold=True)
WRAP = Style(wrap=True)
PERCENT = Style(number_format="0.0%")


def table_sheet(
    book: Workbook,
    title: str,
    header: Sequence[str],
    widths: Sequence[float],
    *,
    input_columns: Iterable[int] = (),
    notes: Sequence[str] = (),
) -> Sheet:
    """A sheet for one table: white-on-blue frozen header, text columns, autofilter.

    Every column is in text format, so Excel keeps the leading zeros of what is typed there.
    Columns in `input_columns` (0-based) are for the office to fill in: yellow. `notes`
    become notes on the header cells (shown when the mouse is over them). The autofilter
    covers every row appended before the sheet is closed (by the next sheet or `finish`).
    """
    inputs = set(input_columns)
    styles = [TEXT_FORMAT | INPUT if i in inputs else TEXT_FORMAT for i in range(len(widths))]
    sheet = book.sheet(title, widths, styles=styles, freeze_rows=1, autofilter=True)
    sheet.append([Cell(name, HEADER) for name in header])
    for column, note in enumerate(notes):
        sheet.note(1, column, note)
    return sheet


def fit_widths(frame: pd.DataFrame, *, minimum: float = 8, maximum: float = 60) -> list[float]:
    """Column widths that show the header and the longest value, up to `maximum`.

    >>> fit_widths(pd.DataFrame({"Rij": ["12"], "Naam": ["Bakkerij De Vries B.V."]}))
    [8, 24]
    """
    widths = []
    sample = frame.head(5000)
    for column in frame.columns:
        lengths = sample[column].astype("str").str.len()
        longest = int(lengths.max()) if len(lengths) else 0
        widths.append(min(maximum, max(minimum, len(str(column)) + 2, longest + 2)))
    return widths


def csv_bytes(table: pd.DataFrame, delimiter: str = ";") -> bytes:
    """A table as a CSV file Dutch Excel opens without asking: UTF-8 with BOM, CRLF, and an
    apostrophe before every formula-like text (`dq.exports.safe.csv_text`), column by column.

    >>> csv_bytes(pd.DataFrame({"Naam": ["=1+1"], "Telefoon": ["+31 6 1234 5678"]}))
    b"\\xef\\xbb\\xbfNaam;Telefoon\\r\\n'=1+1;'+31 6 1234 5678\\r\\n"
    """
    safe = pd.DataFrame(
        {
            i: column if pd.api.types.is_numeric_dtype(column) else csv_series(column)
            for i, (_, column) in enumerate(table.items())
        },
        index=table.index,
    )
    safe.columns = [csv_text(str(name)) for name in table.columns]
    text = safe.to_csv(sep=delimiter, index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")
