"""The pre-parse guards: a sheet is measured like calamine will build it, and only refused when
what calamine builds would be too big or when calamine would hang on it."""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest

from dq.io import biff
from dq.io.limits import Limits
from dq.io.load import LoadError, read_table
from tests.corpus import make_corpus as corpus

BASE = corpus.workbook(("Relaties", [corpus.HEADER, *corpus.people(3)]))


def add_rows(xml: str) -> Callable[[bytes], bytes]:
    """An edit that appends rows at the end of <sheetData>."""
    return lambda sheet: sheet.replace(b"</sheetData>", xml.encode() + b"</sheetData>")


def test_a_formatted_empty_cell_far_away_does_not_count() -> None:
    """Excel writes formatting-only cells as <c r="A900000" s="1"/>; calamine skips them."""
    data = corpus.with_sheet_xml(BASE, add_rows('<row r="900000"><c r="A900000" s="0"/></row>'))
    assert len(read_table(data, "x.xlsx").frame) == 3


def inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def test_cells_without_a_reference_are_placed_like_calamine_places_them() -> None:
    rows = "".join(f"<row>{inline('1')}{inline('Jan')}</row>" for _ in range(4))
    data = corpus.with_sheet_xml(BASE, add_rows(rows))
    assert len(read_table(data, "x.xlsx").frame) == 7
    wide = corpus.with_sheet_xml(BASE, add_rows(f"<row>{inline('x') * 30}</row>"))
    with pytest.raises(LoadError, match="meer dan 20 kolommen"):
        read_table(wide, "x.xlsx", limits=Limits(max_columns=20))
    far = corpus.with_sheet_xml(BASE, add_rows(f'<row r="700000">{inline("x")}</row>'))
    with pytest.raises(LoadError, match="rijen"):
        read_table(far, "x.xlsx")


def test_a_namespace_prefix_does_not_hide_a_cell() -> None:
    cell = '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    cell += ' r="XFD5" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>'
    data = corpus.with_sheet_xml(BASE, add_rows(f'<row r="5">{cell}</row>'))
    with pytest.raises(LoadError, match="kolommen"):
        read_table(data, "x.xlsx")


def test_a_sheet_in_utf16_is_refused() -> None:
    data = corpus.with_sheet_xml(BASE, lambda xml: xml.decode().encode("utf-16"))
    with pytest.raises(LoadError, match="beschadigd"):
        read_table(data, "x.xlsx")


def test_an_ods_with_broken_xml_is_refused_before_calamine_loops_on_it() -> None:
    def mistype(_name: str, xml: bytes) -> bytes:
        return xml.replace(b"</table:table>", b"</table:ta5le>")

    data = corpus.rezip(corpus.ods(corpus.ODS_DATA), mistype)
    with pytest.raises(LoadError, match="beschadigd"):
        read_table(data, "x.ods")


def test_empty_rows_before_a_value_count_in_an_ods() -> None:
    gap = (
        '<table:table-row table:number-rows-repeated="600000"><table:table-cell/></table:table-row>'
    )
    row = '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p>'
    data = corpus.ods(corpus.ODS_DATA + gap + row + "</table:table-cell></table:table-row>")
    with pytest.raises(LoadError, match="rijen"):
        read_table(data, "x.ods")


def test_an_xls_with_a_forged_shared_string_count_is_refused() -> None:
    """calamine reserves room for the count it reads: 2**31 strings would abort the process."""
    stream = corpus.biff_workbook(corpus.XLS_ROWS[:5])
    sst = corpus.biff_record(0x00FC, struct.pack("<ii", 0, 2**31 - 1))
    forged = stream[:20] + sst + stream[20:]  # right after the workbook's BOF record
    with pytest.raises(ValueError, match="shared strings"):
        biff._sheet_offsets(forged, Limits())
    with pytest.raises(LoadError, match="beschadigd"):
        read_table(corpus.compound_file(forged), "x.xls")


@pytest.mark.parametrize(
    "row",
    [
        '<row r="4000000000"><c t="inlineStr"><is><t>x</t></is></c></row>',
        '<row><c r="A4000000000" t="inlineStr"><is><t>x</t></is></c>'
        '<c t="inlineStr"><is><t>y</t></is></c></row>',
    ],
)
def test_a_ten_digit_row_number_does_not_slip_past(row: str) -> None:
    with pytest.raises(LoadError, match="rijen"):
        read_table(corpus.with_sheet_xml(BASE, add_rows(row)), "x.xlsx")
