"""Writing tables for people: streaming xlsx with text cells, and CSV that Dutch Excel opens.

Every export goes through here so every cell gets the same protection (`dq.safe`): in xlsx a
text is always stored as a typed string (never a formula, error value or number, so leading
zeros stay), and in CSV a formula-like text gets an apostrophe in front.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dq.safe import csv_text, is_formula_like, xlsx_text

Value = str | int | float | None

TEXT_FORMAT = "@"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5F8B")
INPUT_FILL = PatternFill("solid", fgColor="FFF4C2")  # cells the office fills in
TITLE_FONT = Font(bold=True, size=14, color="1F5F8B")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
_ERROR_TEXTS = frozenset(ERROR_CODES)
_STYLE_PARTS = ("font", "fill", "alignment", "number_format")


def new_workbook() -> Workbook:
    """A streaming workbook: rows go to disk as they are appended, so memory stays constant."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "crm-importcheck"
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The finished file as bytes (for a download button or to write to disk)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class SheetWriter:
    """One streaming sheet whose cells are written safely (see `cell`).

    Styles are built once per combination and shared by the cells that use them; setting a
    font or fill cell by cell costs more than writing the cell.
    """

    def __init__(self, workbook: Workbook, title: str, widths: Sequence[float]) -> None:
        self.sheet: WriteOnlyWorksheet = workbook.create_sheet(title)
        self._styles: dict[tuple, StyleArray] = {}
        for i, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width

    def cell(
        self,
        value: Value,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
        number_format: str | None = None,
    ) -> Value | Cell:
        """One cell for `append`: text stays text exactly as the office typed it.

        openpyxl would turn `=...` into a formula and `#N/A` into an error value; those become
        typed strings, and formula-like texts get Excel's invisible quote prefix so they stay
        text when edited.
        """
        quote = isinstance(value, str) and is_formula_like(value)
        risky = quote or (isinstance(value, str) and value in _ERROR_TEXTS)
        if isinstance(value, str):
            value = xlsx_text(value) or None
        style = (font, fill, alignment, number_format, quote)
        if not risky and all(part is None for part in style[:4]):
            return value
        result = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            result.data_type = "s"
        if style not in self._styles:
            model = WriteOnlyCell(self.sheet)
            for name, attribute in zip(_STYLE_PARTS, style[:4], strict=True):
                if attribute is not None:
                    setattr(model, name, attribute)
            model.quotePrefix = quote
            self._styles[style] = model._style
        result._style = self._styles[style]
        return result

    def append(self, values: Sequence[Value | Cell] = ()) -> None:
        """One row; plain values pass through `cell`."""
        self.sheet.append([v if isinstance(v, Cell) else self.cell(v) for v in values])


class TableWriter(SheetWriter):
    """A sheet holding one table: white-on-blue frozen header, text columns, autofilter.

    Columns in `input_columns` (0-based) are for the office to fill in: yellow, and in text
    format so Excel keeps the leading zeros of what is typed there. `notes` become comments
    on the header cells (shown when the mouse is over them).
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        header: Sequence[str],
        widths: Sequence[float],
        *,
        input_columns: Iterable[int] = (),
        notes: Sequence[str] = (),
    ) -> None:
        super().__init__(workbook, title, widths)
        self.n_columns = len(header)
        self.n_rows = 0
        inputs = set(input_columns)
        # Column styles must be set before the first row of a streaming sheet.
        for i in range(1, len(widths) + 1):
            dimension = self.sheet.column_dimensions[get_column_letter(i)]
            dimension.number_format = TEXT_FORMAT
            if i - 1 in inputs:
                dimension.fill = INPUT_FILL
        self.sheet.freeze_panes = "A2"
        cells = [self.cell(name, font=HEADER_FONT, fill=HEADER_FILL) for name in header]
        for header_cell, note in zip(cells, notes, strict=False):
            header_cell.comment = Comment(note, "crm-importcheck", height=140, width=320)
        self.sheet.append(cells)

    def append(self, values: Sequence[Value | Cell] = ()) -> None:
        """One data row."""
        super().append(values)
        self.n_rows += 1

    def close(self) -> None:
        """An autofilter over the header and the data rows."""
        last = get_column_letter(max(self.n_columns, 1))
        self.sheet.auto_filter.ref = f"A1:{last}{self.n_rows + 1}"


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


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Value]], delimiter: str = ";"
) -> bytes:
    """A CSV file Dutch Excel opens without asking: UTF-8 with BOM, CRLF, apostrophe-protected.

    >>> csv_bytes(["Naam", "Telefoon"], [["=1+1", "+31 6 1234 5678"]])
    b"\\xef\\xbb\\xbfNaam;Telefoon\\r\\n'=1+1;+31 6 1234 5678\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_text(name) for name in header])
    for row in rows:
        writer.writerow(
            ["" if v is None else csv_text(v) if isinstance(v, str) else v for v in row]
        )
    return buffer.getvalue().encode("utf-8-sig")
