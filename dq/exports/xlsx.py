"""A streaming xlsx writer: SpreadsheetML written straight into a zip, whole columns at a time.

openpyxl builds a Python object per cell, even in its write-only mode, and takes seconds per
100,000 rows. Here a table becomes XML column by column with pyarrow's string kernels, a
chunk of rows at a time, and each chunk goes into the deflate stream as soon as it is made:
memory holds the table and one chunk of XML, never the sheet. Small sheets (a summary, a
header) are written row by row, with the same result per cell.

Every text is a string cell, never a formula, number or error value, so leading zeros stay
and `=1+1` is only text: an inline string (`t="inlineStr"`), or, in a column of a large table
whose texts repeat (a fix list's problem, field and kind of work), an entry of the shared
strings (`t="s"`), so a long Dutch message is written and deflated once instead of on each of
178,000 rows; `dq.exports.safe.xlsx_text` escapes what XML cannot
hold, and a formula-like text also gets Excel's quote prefix so it stays text when edited. Only
what the exports use is supported: fonts (bold, colour, size), solid fills, wrapping, number
formats, column widths and styles, frozen rows, an autofilter, conditional fills, list
validations, header notes (comments) and hidden sheets.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
import weakref
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, NamedTuple
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.exports.safe import FORMULA_SIGNS, is_formula_like, xlsx_text
from dq.text import ARROW_TEXT, WHITESPACE, arrow, concat
from dq.threads import ahead

Value = str | int | float | None

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAX_ROWS = 1_048_576
#: Rows turned into XML at once by `Sheet.append_frame`: bounds the memory of a large sheet.
CHUNK_ROWS = 20_000
#: A chunk's text column goes to the shared strings from this many rows on, when each of its
#: texts comes back this many times on average; small tables stay inline strings, like `append`.
SHARED_MIN_ROWS = 1_000
SHARED_REPEATS = 4
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10, "@": 49}
#: Texts `xlsx_text` may change, and texts `is_formula_like` may accept: RE2 pre-filters, so
#: the Python definitions run only on the few candidates and the result is exactly theirs.
_MAY_ESCAPE = rf"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{{4}}_|^[{WHITESPACE}]+$"
_MAY_BE_FORMULA = rf"^[{WHITESPACE}{re.escape(FORMULA_SIGNS)}]"
_XML_SPACE = " \t\n"
_PRESERVE = ' xml:space="preserve"'


@dataclass(frozen=True)
class Style:
    """How a cell looks; a workbook registers each distinct style once.

    Colours are `RRGGBB`. `wrap` wraps the text and aligns it to the top of the cell;
    `quote` is Excel's quote prefix (set automatically on formula-like texts).
    """

    bold: bool = False
    color: str | None = None
    size: float | None = None
    fill: str | None = None
    wrap: bool = False
    number_format: str | None = None
    quote: bool = False

    def __or__(self, other: Style) -> Style:
        """This style with every setting `other` makes on top (a cell's style over its column's).

        >>> (Style(number_format="@") | Style(bold=True)) == Style(bold=True, number_format="@")
        True
        """
        changes = {
            f.name: getattr(other, f.name)
            for f in dataclasses.fields(other)
            if getattr(other, f.name) != f.default
        }
        return dataclasses.replace(self, **changes)


PLAIN = Style()
_QUOTED = Style(quote=True)


class Cell(NamedTuple):
    """A value with a style of its own, for `Sheet.append`."""

    value: Value
    style: Style = PLAIN


def column_letter(index: int) -> str:
    """Excel's letters for a 0-based column number.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Workbook:
    """An xlsx file in the making: sheets are written one after the other, `finish` gives bytes.

    Opening a sheet closes the one before it, so sheet settings that come after the rows
    (autofilter, conditional fills, validations, notes) must be made before the next sheet.
    Keep the workbook while writing: its sheets refer to it weakly.
    """

    def __init__(self, creator: str = "crm-importcheck", compresslevel: int = 1) -> None:
        # Level 1 deflates several times faster than the default 6; files are ~20% larger.
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(
            self._buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self.creator = creator
        self.sheets: list[Sheet] = []
        self._styles: dict[Style, int] = {PLAIN: 0}
        self._dxfs: dict[str, int] = {}
        self._shared: dict[str, int] = {}

    def __del__(self) -> None:
        """A workbook dropped half-way (an error while writing) closes quietly."""
        if self.sheets and not self.sheets[-1].closed:
            self.sheets[-1]._stream.close()
        self._zip.close()

    def sheet(
        self,
        title: str,
        widths: Sequence[float] = (),
        *,
        styles: Sequence[Style] = (),
        freeze_rows: int = 0,
        autofilter: bool = False,
    ) -> Sheet:
        """A new sheet: column widths and column styles, the top `freeze_rows` rows frozen,
        and with `autofilter` a filter over all written rows and columns."""
        if not 0 < len(title) <= 31 or any(c in title for c in "[]:*?/\\"):
            raise ValueError(f"invalid sheet name: {title!r}")
        if any(s.title.casefold() == title.casefold() for s in self.sheets):
            raise ValueError(f"duplicate sheet name: {title!r}")
        if self.sheets:
            self.sheets[-1].close()
        sheet = Sheet(self, len(self.sheets) + 1, title, widths, styles, freeze_rows, autofilter)
        self.sheets.append(sheet)
        return sheet

    def style_id(self, style: Style) -> int:
        """The index of a style in the style sheet (`s="..."` on a cell)."""
        return self._styles.setdefault(style, len(self._styles))

    def shared_ids(self, texts: list[str]) -> list[int]:
        """The index of each text in the shared strings (`<v>` of a `t="s"` cell); -1 for
        the empty text, which is no cell."""
        known = self._shared
        return [known.setdefault(text, len(known)) if text else -1 for text in texts]

    def fill_id(self, color: str) -> int:
        """The index of a fill for conditional formatting (a `dxf`)."""
        return self._dxfs.setdefault(color, len(self._dxfs))

    def write_part(self, name: str, text: str) -> None:
        """One part of the package, as UTF-8."""
        with self._zip.open(name, "w") as part:
            part.write(text.encode())

    def finish(self) -> bytes:
        """Close the last sheet, write the workbook, styles and package parts; the file."""
        if not self.sheets:
            raise ValueError("a workbook needs at least one sheet")
        self.sheets[-1].close()
        self.write_part("xl/workbook.xml", self._workbook_xml())
        self.write_part("xl/_rels/workbook.xml.rels", self._workbook_rels())
        self.write_part("xl/styles.xml", _styles_xml(self._styles, self._dxfs))
        if self._shared:
            self.write_part("xl/sharedStrings.xml", _shared_strings_xml(self._shared))
        self.write_part("docProps/core.xml", self._core_xml())
        self.write_part("_rels/.rels", _PACKAGE_RELS)
        self.write_part("[Content_Types].xml", self._content_types())
        self._zip.close()
        return self._buffer.getvalue()

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(s.title)} sheetId="{s.number}"'
            + (' state="hidden"' if s.hidden else "")
            + f' r:id="rId{s.number}"/>'
            for s in self.sheets
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.number - 1}" hidden="1">'
            f"{escape(_quote_sheet(s.title))}!{_absolute(s.filter_ref)}</definedName>"
            for s in self.sheets
            if s.filter_ref
        )
        return (
            f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_REL}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + '<calcPr calcId="191029"/></workbook>'
        )

    def _workbook_rels(self) -> str:
        sheets = "".join(
            _relation(f"rId{s.number}", "worksheet", f"worksheets/sheet{s.number}.xml")
            for s in self.sheets
        )
        styles = _relation(f"rId{len(self.sheets) + 1}", "styles", "styles.xml")
        if self._shared:
            styles += _relation(f"rId{len(self.sheets) + 2}", "sharedStrings", "sharedStrings.xml")
        return f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">{sheets}{styles}</Relationships>'

    def _core_xml(self) -> str:
        return (
            f"{XML_HEAD}<cp:coreProperties xmlns:cp="
            '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{escape(self.creator)}</dc:creator></cp:coreProperties>"
        )

    def _content_types(self) -> str:
        base = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        parts = [
            ("/xl/workbook.xml", f"{base}.sheet.main+xml"),
            ("/xl/styles.xml", f"{base}.styles+xml"),
            *([("/xl/sharedStrings.xml", f"{base}.sharedStrings+xml")] if self._shared else []),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ]
        for s in self.sheets:
            parts.append((f"/xl/worksheets/sheet{s.number}.xml", f"{base}.worksheet+xml"))
            if s.notes:
                parts.append((f"/xl/comments{s.number}.xml", f"{base}.comments+xml"))
        overrides = "".join(
            f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in parts
        )
        return (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="vml" '
            'ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
            f"{overrides}</Types>"
        )


class Sheet:
    """One worksheet, streamed: rows go into the zip as they are appended.

    A cell without a style of its own takes its column's style, and an empty cell is only
    written when its style differs from the column's (Excel shows the column style there).
    """

    def __init__(
        self,
        book: Workbook,
        number: int,
        title: str,
        widths: Sequence[float],
        styles: Sequence[Style],
        freeze_rows: int,
        autofilter: bool,
    ) -> None:
        # A weak reference: no cycle, so a dropped workbook is finalised at once (`__del__`).
        self.book: Workbook = weakref.proxy(book)
        self.number, self.title = number, title
        self.rows = 0  # the number of the last row written
        self.columns = max(len(widths), len(styles))  # the widest row so far
        self.hidden = False
        self.notes: list[tuple[int, int, str]] = []  # (row, column, text)
        self.filter_ref = ""
        self._autofilter = autofilter
        self._column_styles = list(styles)
        self._fills: list[tuple[int, str, int]] = []  # (column, text, dxf id)
        self._validations: list[str] = []
        self.closed = False
        self._stream: IO[bytes] = book._zip.open(f"xl/worksheets/sheet{number}.xml", "w")
        self._write(_sheet_head(number == 1, freeze_rows, widths, self._column_ids()))

    # --- rows ---------------------------------------------------------------------------

    def append(self, values: Sequence[Value | Cell] = ()) -> None:
        """One row of values; a `Cell` carries a style on top of its column's."""
        self._make_room(1)
        self.rows += 1
        cells = []
        for j, value in enumerate(values):
            column = self.column_style(j)
            style = column | value.style if isinstance(value, Cell) else column
            value = value.value if isinstance(value, Cell) else value
            cells.append(self._cell(f"{column_letter(j)}{self.rows}", value, style, column))
        self.columns = max(self.columns, len(values))
        self._write(f'<row r="{self.rows}">{"".join(cells)}</row>')

    def append_frame(self, frame: pd.DataFrame, styles: Mapping[int, Style] | None = None) -> None:
        """Every row of a table (without its header), column by column in Arrow.

        Numeric columns become numbers, every other column text (missing values: empty).
        `styles` gives columns (by position) a style on top of the column style.
        """
        styles = styles or {}
        self._make_room(len(frame))
        self.columns = max(self.columns, frame.shape[1])
        first = self.rows + 1

        def rows_xml(start: int) -> pa.Array:
            chunk = frame.iloc[start : start + CHUNK_ROWS]
            rows = pa.array(np.arange(first + start, first + start + len(chunk))).cast(ARROW_TEXT)
            cells = [
                self._column_xml(chunk.iloc[:, j], j, rows, styles.get(j, PLAIN))
                for j in range(chunk.shape[1])
            ]
            return concat('<row r="', rows, '">', *cells, "</row>")

        # The next chunk's XML is made while this one is deflated: both let go of the GIL.
        for xml in ahead(rows_xml, range(0, len(frame), CHUNK_ROWS)):
            self._write_array(xml)
        self.rows += len(frame)

    def column_style(self, index: int) -> Style:
        """The style of a column (0-based); plain when none was given."""
        return self._column_styles[index] if index < len(self._column_styles) else PLAIN

    # --- things after the rows --------------------------------------------------------

    def highlight(self, column: int, text: str, color: str) -> None:
        """Fill the data cells (row 2 down) of a column that equal `text`, as a conditional
        format, so the colour follows the cell when the office sorts or edits."""
        self._fills.append((column, text, self.book.fill_id(color)))

    def validate_list(self, ref: str, source: str, *, strict: bool, title: str, error: str) -> None:
        """A drop-down on the range `ref` with the values in `source` (a formula such as
        `Lijsten!$A$2:$A$5`); `strict` refuses other values, else the list only helps."""
        self._validations.append(
            f'<dataValidation type="list" allowBlank="1" showErrorMessage="{int(strict)}" '
            f"errorTitle={quoteattr(title)} error={quoteattr(error)} sqref={quoteattr(ref)}>"
            f"<formula1>{escape(source)}</formula1></dataValidation>"
        )

    def note(self, row: int, column: int, text: str) -> None:
        """A note (comment) on a cell: row 1-based, column 0-based; shown on mouse-over."""
        self.notes.append((row, column, text))

    def close(self) -> None:
        """Write what follows the rows (autofilter, fills, validations, notes); idempotent."""
        if self.closed:
            return
        self.closed = True
        tail = ["</sheetData>"]
        if self._autofilter:
            self.filter_ref = f"A1:{column_letter(max(self.columns, 1) - 1)}{max(self.rows, 1)}"
            tail.append(f'<autoFilter ref="{self.filter_ref}"/>')
        for priority, (column, text, dxf) in enumerate(self._fills, start=1):
            letter = column_letter(column)
            tail.append(
                f'<conditionalFormatting sqref="{letter}2:{letter}{max(self.rows, 2)}">'
                f'<cfRule type="cellIs" dxfId="{dxf}" priority="{priority}" operator="equal">'
                f'<formula>"{escape(text)}"</formula></cfRule></conditionalFormatting>'
            )
        if self._validations:
            tail.append(
                f'<dataValidations count="{len(self._validations)}">'
                f"{''.join(self._validations)}</dataValidations>"
            )
        tail.append(
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
        )
        if self.notes:
            tail.append('<legacyDrawing r:id="rId2"/>')
        tail.append("</worksheet>")
        self._write("".join(tail))
        self._stream.close()
        if self.notes:
            self._write_notes()

    # --- internals ----------------------------------------------------------------------

    def _make_room(self, rows: int) -> None:
        """Refuse rows beyond Excel's last row: Excel would not open the file at all."""
        if self.rows + rows > MAX_ROWS:
            raise ValueError(f"a sheet holds at most {MAX_ROWS:,} rows")

    def _column_ids(self) -> list[int]:
        """The column styles' ids; their quoted variants are registered too, so style ids do
        not depend on the order in which cells are written."""
        for style in self._column_styles:
            self.book.style_id(style | _QUOTED)
        return [self.book.style_id(s) for s in self._column_styles]

    def _write(self, text: str) -> None:
        self._stream.write(text.encode())

    def _write_array(self, xml: pa.Array) -> None:
        """The concatenated texts of an Arrow array, straight from its buffer."""
        if isinstance(xml, pa.ChunkedArray):
            xml = xml.combine_chunks()
        offsets = np.frombuffer(xml.buffers()[1], dtype=np.int64)
        start, end = offsets[xml.offset], offsets[xml.offset + len(xml)]
        if end > start:
            self._stream.write(memoryview(xml.buffers()[2])[start:end])

    def _cell(self, ref: str, value: Value, style: Style, column: Style) -> str:
        """One cell's XML ('' for an empty cell in its column's style)."""
        if isinstance(value, str) and value:
            text = xlsx_text(value)
            if is_formula_like(value):
                style = style | _QUOTED
            return (
                f'<c r="{ref}"{self._s(style)} t="inlineStr"><is><t{_space(text)}>'
                f"{escape(text)}</t></is></c>"
            )
        if isinstance(value, bool):
            raise TypeError("booleans are not supported")
        if isinstance(value, int | float | np.integer | np.floating) and math.isfinite(value):
            number = str(int(value)) if isinstance(value, int | np.integer) else repr(float(value))
            return f'<c r="{ref}"{self._s(style)}><v>{number}</v></c>'
        if value is None or value == "" or isinstance(value, float | np.floating):
            return f'<c r="{ref}"{self._s(style)}/>' if style != column else ""
        raise TypeError(f"unsupported cell value: {type(value).__name__}")

    def _s(self, style: Style) -> str:
        found = self.book.style_id(style)
        return f' s="{found}"' if found else ""

    def _column_xml(self, values: pd.Series, j: int, rows: pa.Array, extra: Style) -> pa.Array:
        """The XML of one column's cells in a chunk, one string per row ('' for no cell).

        Texts are turned into XML once per distinct text (most columns of a fix list hold a
        handful), then each row takes its text's XML.
        """
        column = self.column_style(j)
        style = column | extra
        empty = f'"{self._s(style)}/>' if style != column else ""
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            if pd.api.types.is_integer_dtype(values):
                filled = pa.array(values.notna().to_numpy())
                number = pa.array(values.to_numpy(dtype="int64", na_value=0))
            else:
                floats = values.to_numpy(dtype="float64", na_value=np.nan)
                filled = pa.array(np.isfinite(floats))
                number = pa.array(floats)
            opening = _text(f'"{self._s(style)}><v>')
            rest = concat(opening, number.cast(ARROW_TEXT), _text("</v></c>"))
            rest = pc.if_else(filled, rest, _text(empty))
            written = filled if not empty else None
        else:
            encoded = pc.dictionary_encode(arrow(values).fill_null(""))
            distinct = encoded.dictionary
            repeats = len(values) >= SHARED_MIN_ROWS and len(distinct) * SHARED_REPEATS <= len(
                values
            )
            make = self._shared_xml if repeats else self._text_xml
            rest = make(distinct, style, empty).take(encoded.indices)
            filled = pc.not_equal(distinct, _text("")).take(encoded.indices)
            written = filled if not empty else None
        ref = _text(f'<c r="{column_letter(j)}')
        full = concat(ref, rows, rest)
        if written is None or pc.all(written).as_py():
            return full
        return pc.if_else(written, full, _text(""))

    def _text_xml(self, texts: pa.Array, style: Style, empty: str) -> pa.Array:
        """Each text's cell XML after `<c r="A2`: style, inline string, escaped text."""
        text, quote = _as_cell_text(texts)
        spaced = pc.match_substring_regex(text, f"^[{_XML_SPACE}]|[{_XML_SPACE}]$")
        for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = pc.replace_substring(text, old, new)
        opening = {
            (q, s): _text(
                f'"{self._s(style | _QUOTED if q else style)} t="inlineStr"><is>'
                f"<t{_PRESERVE if s else ''}>"
            )
            for q in (False, True)
            for s in (False, True)
        }
        middle = _choose(
            quote,
            _choose(spaced, opening[True, True], opening[True, False]),
            _choose(spaced, opening[False, True], opening[False, False]),
        )
        return _unless_empty(texts, empty, concat(middle, text, _text("</t></is></c>")))

    def _shared_xml(self, texts: pa.Array, style: Style, empty: str) -> pa.Array:
        """Each text's cell XML after `<c r="A2` as a shared string: style and index."""
        text, quote = _as_cell_text(texts)
        ids = pa.array(self.book.shared_ids(text.to_pylist()), pa.int64()).cast(ARROW_TEXT)
        opening = _choose(
            quote,
            _text(f'"{self._s(style | _QUOTED)} t="s"><v>'),
            _text(f'"{self._s(style)} t="s"><v>'),
        )
        return _unless_empty(texts, empty, concat(opening, ids, _text("</v></c>")))

    def _write_notes(self) -> None:
        """The comments part, its VML drawing (Excel shows notes through it) and the rels."""
        n = self.number
        author = escape(self.book.creator)
        comments = "".join(
            f'<comment ref="{column_letter(c)}{r}" authorId="0"><text><t{_space(xlsx_text(t))}>'
            f"{escape(xlsx_text(t))}</t></text></comment>"
            for r, c, t in self.notes
        )
        self.book.write_part(
            f"xl/comments{n}.xml",
            f'{XML_HEAD}<comments xmlns="{MAIN}"><authors><author>{author}</author></authors>'
            f"<commentList>{comments}</commentList></comments>",
        )
        shapes = "".join(
            _NOTE_SHAPE.format(id=n * 1024 + i + 1, row=r - 1, column=c)
            for i, (r, c, _t) in enumerate(self.notes)
        )
        self.book.write_part(f"xl/drawings/vmlDrawing{n}.vml", _VML.format(id=n, shapes=shapes))
        self.book.write_part(
            f"xl/worksheets/_rels/sheet{n}.xml.rels",
            f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
            + _relation("rId1", "comments", f"../comments{n}.xml")
            + _relation("rId2", "vmlDrawing", f"../drawings/vmlDrawing{n}.vml")
            + "</Relationships>",
        )


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, ARROW_TEXT)


def _as_cell_text(texts: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Each text as a cell holds it (`xlsx_text`), and whether it takes the quote prefix."""
    return (
        _exactly(texts, _MAY_ESCAPE, xlsx_text, ARROW_TEXT),
        _exactly(texts, _MAY_BE_FORMULA, is_formula_like, pa.bool_()),
    )


def _unless_empty(texts: pa.Array, empty: str, xml: pa.Array) -> pa.Array:
    """`xml`, where the text is empty the empty cell's XML instead."""
    return pc.if_else(pc.equal(texts, _text("")), _text(empty), xml)


def _shared_strings_xml(texts: Mapping[str, int]) -> str:
    """The shared strings part: each text once, in the order of its index."""
    items = "".join(f"<si><t{_space(text)}>{escape(text)}</t></si>" for text in texts)
    return f'{XML_HEAD}<sst xmlns="{MAIN}" uniqueCount="{len(texts)}">{items}</sst>'


def _space(text: str) -> str:
    """`xml:space="preserve"` when the text starts or ends with a space XML would trim."""
    return ' xml:space="preserve"' if text[:1] in _XML_SPACE or text[-1:] in _XML_SPACE else ""


def _choose(
    mask: pa.Array, yes: pa.Array | pa.Scalar, no: pa.Array | pa.Scalar
) -> pa.Array | pa.Scalar:
    """`if_else`, skipped when the mask is all false (the usual case)."""
    return pc.if_else(mask, yes, no) if pc.any(mask).as_py() else no


def _exactly(
    values: pa.Array, candidates: str, scalar: Callable[[str], object], kind: pa.DataType
) -> pa.Array:
    """`scalar` over every text: the texts the RE2 pattern `candidates` matches go through
    Python, the others keep their value (texts) or get False (flags)."""
    hit = pc.match_substring_regex(values, candidates)
    base = values if kind == ARROW_TEXT else pa.array(np.zeros(len(values), dtype=bool))
    if not pc.any(hit).as_py():
        return base
    done = pa.array([scalar(t) for t in values.filter(hit).to_pylist()], kind)
    return pc.replace_with_mask(base, hit, done)


def _sheet_head(first: bool, freeze_rows: int, widths: Sequence[float], styles: list[int]) -> str:
    """Everything before the rows: view (frozen rows), column widths and styles."""
    selected = ' tabSelected="1"' if first else ""
    pane = ""
    if freeze_rows:
        top = f"A{freeze_rows + 1}"
        pane = (
            f'<pane ySplit="{freeze_rows}" topLeftCell="{top}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
        )
    columns = []
    for i in range(max(len(widths), len(styles))):
        width = f' width="{widths[i]:g}" customWidth="1"' if i < len(widths) else ""
        style = f' style="{styles[i]}"' if i < len(styles) and styles[i] else ""
        columns.append(f'<col min="{i + 1}" max="{i + 1}"{width}{style}/>')
    cols = f"<cols>{''.join(columns)}</cols>" if columns else ""
    return (
        f'{XML_HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{DOC_REL}"><sheetViews>'
        f'<sheetView workbookViewId="0"{selected}>{pane}</sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>'
    )


def _styles_xml(styles: Mapping[Style, int], dxfs: Mapping[str, int]) -> str:
    """The style sheet: fonts, fills and number formats of every registered style."""
    fonts: dict[tuple, int] = {(False, None, None): 0}
    fills: dict[str | None, int] = {None: 0, "gray125": 1}
    formats: dict[str, int] = {}
    xfs = []
    for style in sorted(styles, key=styles.__getitem__):
        font = fonts.setdefault((style.bold, style.color, style.size), len(fonts))
        fill = fills.setdefault(style.fill, len(fills))
        number = _BUILTIN_FORMATS.get(style.number_format or "General")
        if number is None:
            number = formats.setdefault(style.number_format, 164 + len(formats))
        applied = "".join(
            f' apply{name}="1"'
            for name, used in (
                ("NumberFormat", number),
                ("Font", font),
                ("Fill", fill),
                ("Alignment", style.wrap),
            )
            if used
        )
        quote = ' quotePrefix="1"' if style.quote else ""
        align = '<alignment vertical="top" wrapText="1"/>' if style.wrap else ""
        xfs.append(
            f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
            f"{applied}{quote}>{align}</xf>"
        )
    font_xml = "".join(
        "<font>"
        + ("<b/>" if bold else "")
        + f'<sz val="{size or 11:g}"/>'
        + (f'<color rgb="FF{color}"/>' if color else '<color theme="1"/>')
        + '<name val="Calibri"/><family val="2"/></font>'
        for bold, color, size in fonts
    )
    fill_xml = '<fill><patternFill patternType="none"/></fill>' + "".join(
        '<fill><patternFill patternType="gray125"/></fill>'
        if color == "gray125"
        else f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
        for color in list(fills)[1:]
    )
    format_xml = "".join(
        f"<numFmt numFmtId={quoteattr(str(i))} formatCode={quoteattr(code)}/>"
        for code, i in formats.items()
    )
    dxf_xml = "".join(
        f'<dxf><fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/>'
        f'<bgColor rgb="FF{color}"/></patternFill></fill></dxf>'
        for color in dxfs
    )
    return (
        f'{XML_HEAD}<styleSheet xmlns="{MAIN}">'
        + (f'<numFmts count="{len(formats)}">{format_xml}</numFmts>' if formats else "")
        + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
        + f'<fills count="{len(fills)}">{fill_xml}</fills>'
        + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        + f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        + f'<dxfs count="{len(dxfs)}">{dxf_xml}</dxfs></styleSheet>'
    )


def _relation(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{DOC_REL}/{kind}" Target="{target}"/>'


def _quote_sheet(title: str) -> str:
    """A sheet name as a formula refers to it: `'Fiscale nummers'`."""
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """`A1:M44` -> `$A$1:$M$44`."""
    return ":".join(
        "$" + part.rstrip("0123456789") + "$" + part[len(part.rstrip("0123456789")) :]
        for part in ref.split(":")
    )


_PACKAGE_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
    + _relation("rId1", "officeDocument", "xl/workbook.xml")
    + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships'
    '/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)
_VML = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{id}"/></o:shapelayout>'
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>{shapes}</xml>'
)
_NOTE_SHAPE = (
    '<v:shape id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;'
    "margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:105pt;z-index:1;"
    'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
    '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
    '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
    "<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{column}</x:Column>"
    "</x:ClientData></v:shape>"
)
