"""A large sheet parsed in two halves gives exactly the grid of the whole parse."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from dq.demo.office import demo_files
from dq.io import guard, halves
from dq.io.limits import Limits
from dq.io.load import LoadError
from dq.io.readers import read_workbook
from tests.corpus import make_corpus as corpus

MESSY = Path(__file__).parent / "data" / "messy"


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every sheet is cut (no size floor) on two threads; the list counts the cuts joined."""
    monkeypatch.setenv("DQ_THREADS", "2")
    monkeypatch.setattr(halves, "SPLIT_BYTES", 0)
    monkeypatch.setattr(halves, "SHARED_STRINGS_SHARE", 0)
    joined: list[int] = []
    join = halves._joined

    def counted(first: tuple, second: tuple) -> list | None:
        rows = join(first, second)
        joined.append(rows is not None)
        return rows

    monkeypatch.setattr(halves, "_joined", counted)
    return joined


def grids(data: bytes) -> tuple[list[list[str]], list[list[str]]]:
    """The sheet read in halves and read whole, as lists of columns."""
    cut = read_workbook(data, "xlsx", None, Limits())
    whole = read_workbook(data, "xlsx", None, Limits(), halves=False)
    assert (cut.height, cut.sheet, cut.sheets, cut.notes) == (
        whole.height,
        whole.sheet,
        whole.sheets,
        whole.notes,
    )
    return [c.to_pylist() for c in cut.columns], [c.to_pylist() for c in whole.columns]


def shared(data: bytes) -> bytes:
    """The workbook with its inline strings moved to sharedStrings.xml, as Excel saves them."""
    texts: dict[str, int] = {}

    def index(match: re.Match[bytes]) -> bytes:
        number = texts.setdefault(match.group(2).decode(), len(texts))
        return b'<c r="' + match.group(1) + b'" t="s"><v>' + str(number).encode() + b"</v></c>"

    def edit(name: str, xml: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            pattern = rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>'
            return re.sub(pattern, index, xml, flags=re.S)
        if name == "[Content_Types].xml":
            return xml.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
        if name == "xl/_rels/workbook.xml.rels":
            return xml.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                b"</Relationships>",
            )
        return xml

    data = corpus.rezip(data, edit)
    entries = "".join(f"<si><t>{text}</t></si>" for text in texts)
    sst = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{entries}</sst>'
    ).encode()
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


PEOPLE = [corpus.HEADER, *corpus.people(40)]
MIXED = [
    corpus.HEADER,
    *[
        [100 + i, f"Relatie {i}", "persoon", dt.date(2020, 1, 1) + dt.timedelta(days=i), i * 1.5]
        for i in range(40)
    ],
]

#: Rows of formatting only (Excel writes them for a coloured empty row): no value.
FORMATTED_ONLY = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(1, 150)).encode()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(corpus.workbook(("Relaties", PEOPLE)), id="inline text"),
        pytest.param(shared(corpus.workbook(("Relaties", PEOPLE))), id="shared strings"),
        pytest.param(corpus.workbook(("Relaties", MIXED)), id="numbers and dates"),
        pytest.param(
            corpus.workbook(("Relaties", PEOPLE[:20] + [[]] * 15 + PEOPLE[20:])),
            id="blank rows around the cut",
        ),
        pytest.param(
            corpus.workbook(("Relaties", PEOPLE[:3] + [[None, *r[1:]] for r in PEOPLE[3:]])),
            id="column A empty in the lower half",
        ),
        pytest.param(
            corpus.workbook(
                ("Relaties", PEOPLE[:30] + [[*r, "extra", "meer"] for r in PEOPLE[30:]])
            ),
            id="lower half wider",
        ),
        pytest.param(
            corpus.with_sheet_xml(
                corpus.workbook(("Relaties", [[]] * 199 + PEOPLE[:5])),
                lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + FORMATTED_ONLY),
            ),
            id="upper half without a value",
        ),
        pytest.param(
            corpus.workbook(("Relaties", PEOPLE[:5] + [[None] * 5] * 30)), id="lower half empty"
        ),
        pytest.param(corpus.error_cells(corpus.workbook(("Relaties", PEOPLE))), id="#N/A cells"),
        pytest.param(
            corpus.workbook(("Keuzes", [["a"]]), ("Relaties", PEOPLE), hidden=("Keuzes",)),
            id="second sheet",
        ),
        pytest.param(demo_files()["relaties.xlsx"], id="demo"),
    ],
)
@pytest.mark.parametrize("chunk", [guard.CHUNK, 256], ids=["cut after the scan", "cut during it"])
def test_the_halves_give_the_grid_of_the_whole_parse(
    data: bytes, chunk: int, two_cores: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "CHUNK", chunk)
    cut, whole = grids(data)
    assert cut == whole
    assert two_cores == [True]


@pytest.mark.parametrize(
    "name",
    [
        path.name
        for path in sorted(MESSY.glob("*.xlsx"))
        if zipfile.is_zipfile(path) and "wachtwoord" not in path.name
    ],
)
def test_the_messy_workbooks_read_the_same_in_halves(name: str) -> None:
    cut, whole = grids((MESSY / name).read_bytes())
    assert cut == whole


def test_rows_out_of_order_are_parsed_whole(two_cores: list[int]) -> None:
    """Row 2 written last: the lower half would reach above the upper half's last row."""
    late = b'<row r="2"><c r="A2" t="inlineStr"><is><t>laat</t></is></c></row></sheetData>'
    data = corpus.with_sheet_xml(
        corpus.workbook(("Relaties", [corpus.HEADER, [], *corpus.people(40)])),
        lambda xml: xml.replace(b"</sheetData>", late),
    )
    cut, whole = grids(data)
    assert cut == whole
    assert whole[0][1] == "laat"
    assert two_cores == [False]


@pytest.mark.parametrize("mark", [b"<!-- opmerking -->", b"<![CDATA[x]]>", b"<?pi x?>"])
def test_a_sheet_with_a_comment_or_cdata_is_not_cut(mark: bytes, two_cores: list[int]) -> None:
    data = corpus.with_sheet_xml(
        corpus.workbook(("Relaties", PEOPLE)),
        lambda xml: xml.replace(b'<row r="3"', mark + b'<row r="3"', 1),
    )
    cut, whole = grids(data)
    assert cut == whole
    assert two_cores == []


def test_one_core_or_a_small_sheet_is_parsed_whole(
    monkeypatch: pytest.MonkeyPatch, two_cores: list[int]
) -> None:
    data = corpus.workbook(("Relaties", PEOPLE))
    monkeypatch.setenv("DQ_THREADS", "1")
    grids(data)
    monkeypatch.setenv("DQ_THREADS", "2")
    monkeypatch.setattr(halves, "SPLIT_BYTES", len(data) * 100)
    grids(data)
    assert two_cores == []


def test_a_sheet_with_many_shared_strings_is_parsed_whole(
    monkeypatch: pytest.MonkeyPatch, two_cores: list[int]
) -> None:
    """Each half would parse the shared strings again."""
    monkeypatch.setattr(halves, "SHARED_STRINGS_SHARE", 8)
    cut, whole = grids(shared(corpus.workbook(("Relaties", PEOPLE))))
    assert cut == whole
    assert two_cores == []


def test_a_sheet_beyond_the_limits_is_refused_before_any_half_is_parsed(
    two_cores: list[int],
) -> None:
    data = corpus.workbook(("Relaties", PEOPLE))
    with pytest.raises(LoadError, match="meer dan 20 rijen"):
        read_workbook(data, "xlsx", None, Limits(max_rows=20))
    assert two_cores == []


def test_a_half_calamine_refuses_leaves_the_verdict_to_the_whole_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*_: object) -> None:
        raise halves.pc.CalamineError("kapot")

    monkeypatch.setattr(halves, "_parse", refused)
    cut, whole = grids(corpus.workbook(("Relaties", PEOPLE)))
    assert cut == whole


def test_the_upper_half_is_parsed_while_the_guard_still_reads_the_rest(
    monkeypatch: pytest.MonkeyPatch, two_cores: list[int]
) -> None:
    monkeypatch.setattr(guard, "CHUNK", 256)
    taken: list[int] = []
    parsed_after: list[int] = []
    take, parse = halves.Halves.take, halves._parse

    def counted_take(self: halves.Halves, chunk: bytes, fits: bool) -> None:
        taken.append(len(chunk))
        take(self, chunk, fits)

    def counted_parse(*args: object) -> tuple:
        parsed_after.append(len(taken))
        return parse(*args)

    monkeypatch.setattr(halves.Halves, "take", counted_take)
    monkeypatch.setattr(halves, "_parse", counted_parse)
    cut, whole = grids(corpus.workbook(("Relaties", PEOPLE)))
    assert cut == whole and two_cores == [True]
    assert len(taken) > 10
    assert 0 < parsed_after[0] < len(taken) and parsed_after[1] == len(taken)


FAR_BELOW = b'<row r="900"><c r="ZZ900" t="inlineStr"><is><t>ver</t></is></c></row></sheetData>'
FAR_ABOVE = b'<c r="ZZ3" t="inlineStr"><is><t>ver</t></is></c></row><row r="4"'


@pytest.mark.parametrize(
    ("edit", "limits", "message"),
    [
        pytest.param(
            lambda xml: xml.replace(b"</sheetData>", FAR_BELOW),
            Limits(max_rows=100),
            "meer dan 100 rijen",
            id="below the cut",
        ),
        pytest.param(
            lambda xml: xml.replace(b'</row><row r="4"', FAR_ABOVE, 1),
            Limits(max_columns=50),
            "meer dan 50 kolommen",
            id="above the cut",
        ),
    ],
)
def test_a_sheet_too_large_has_only_cells_that_fit_parsed(
    edit: Callable[[bytes], bytes],
    limits: Limits,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    two_cores: list[int],
) -> None:
    """A forged cell far out: the upper half is parsed during the scan only when the guard
    measured its cells within the limits; the lower half never; the file is refused."""
    monkeypatch.setattr(guard, "CHUNK", 256)
    data = corpus.with_sheet_xml(corpus.workbook(("Relaties", PEOPLE)), edit)
    ends: list[tuple] = []
    parse = halves._parse

    def recorded(*args: object) -> tuple:
        found = parse(*args)
        ends.append(found[1])
        return found

    monkeypatch.setattr(halves, "_parse", recorded)
    with pytest.raises(LoadError, match=message):
        read_workbook(data, "xlsx", None, limits)
    assert all(row < 100 and column < 26 for row, column in ends)
    assert len(ends) <= 1 and two_cores == []


def test_a_file_read_beside_another_is_not_cut(two_cores: list[int]) -> None:
    data = corpus.workbook(("Relaties", PEOPLE))
    read_workbook(data, "xlsx", None, Limits(), halves=False)
    assert two_cores == []
