"""Properties that must hold for any input: nothing raises, normal forms are fixed points, and a
cleaned file checked again has nothing left of what the cleaning repairs.

The identifier validators have their own properties in test_validators.py (is_valid on junk,
classify against the scalar path, normal form a fixed point); the loader's on arbitrary bytes
are in test_load.py. These cover the vocabularies, the whole engine with its exports, and the
cleaned files, and the loader on workbooks damaged inside (not just random bytes).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dq.api import load
from dq.checks.codes import is_certain
from dq.exports.cleaned import cleaned_files
from dq.exports.fixlist import fixlist_csv, fixlist_xlsx
from dq.exports.htmlreport import report_html
from dq.exports.safe import restore_csv_text
from dq.io.load import LoadError, read_table
from dq.spec.catalog import TIJDVAK_BTW, TIJDVAK_ICP, TIJDVAK_LH, TYPES, Catalog, Vocabulary
from dq.spec.fields import fields_of
from tests.corpus.make_corpus import (
    HEADER,
    ODS_DATA,
    XLS_ROWS,
    biff_workbook,
    compound_file,
    ods,
    people,
    rezip,
    with_sheet_xml,
    workbook,
)
from tests.helpers import run

VOCABULARIES: dict[str, Vocabulary] = {
    "type": TYPES,
    "tijdvak_btw": TIJDVAK_BTW,
    "tijdvak_lh": TIJDVAK_LH,
    "tijdvak_icp": TIJDVAK_ICP,
    "rechtsvorm": Catalog().rechtsvorm_vocabulary,
    "producten": Catalog().product_vocabulary,
}
#: Near misses of real values: case, dots, spaces, aliases, Excel damage, and plain junk.
SPELLINGS = [
    "K",
    "kwartaal",
    " Maand ",
    "B.V.",
    "bv",
    "P",
    "ORG",
    "4 weken",
    "nvt",
    "Aangifte BTW",
    "btw; ib",
    "1112.22.333",
    "12345672.0",
    "12345672",
    "111 222 333",
    "NL 8225.69.759 b01",
    "nl91abna0417164300",
    "NL91 ABNA 0417 1643 00",
    "1234 ab",
    "JAN@Voorbeeld.NL",
    "06-12345678",
    "1,23E+08",
    "=1+1",
    "",
    " ",
]
#: Any text a decoded file can hold (no lone surrogates), but zero bytes: a CSV file full of
#: those is read as a binary file, by design.
CELL = st.one_of(
    st.sampled_from(SPELLINGS),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
)


@pytest.mark.parametrize("name", VOCABULARIES)
@settings(max_examples=60, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=10))
def test_vocabularies_take_any_text_and_their_normal_form_is_fixed(
    name: str, texts: list[str]
) -> None:
    vocabulary = VOCABULARIES[name]
    result = vocabulary.classify(pd.Series(texts, dtype="str"))
    normal = result["normal"].dropna()
    again = vocabulary.classify(normal)
    assert again["normal"].equals(normal)
    assert set(again["reason"].dropna()) <= {"rare_value"}


def _rows(kind: str) -> st.SearchStrategy[list[dict[str, str]]]:
    keys = [f.key for f in fields_of(kind)]
    return st.lists(st.fixed_dictionaries({k: CELL for k in keys}), min_size=1, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(relaties=_rows("relaties"), contacten=_rows("contacten"))
def test_any_cells_go_through_the_checks_and_every_export(
    relaties: list[dict[str, str]], contacten: list[dict[str, str]]
) -> None:
    report = run(relaties, contacten)
    assert len(report.files["relaties"].table.frame) == len(relaties)
    report.to_dict(masked=True)
    report.summary(top=5)
    fixlist_csv(report)
    fixlist_xlsx(report)
    report_html(report, names=True)
    assert cleaned_files(report)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(relaties=_rows("relaties"), contacten=_rows("contacten"))
def test_a_cleaned_file_checked_again_has_nothing_left_to_repair(
    relaties: list[dict[str, str]], contacten: list[dict[str, str]]
) -> None:
    """Idempotence of the whole cleaning: its output needs no certain repair any more.

    The cleaned files are read back like an upload; the apostrophe a CSV cell gets against
    formula injection is a documented change of its own and is taken off first.
    """
    report = run(relaties, contacten)
    files = cleaned_files(report)
    again = {}
    for kind in ("relaties", "contacten"):
        name = next(n for n in files if n.startswith(f"{kind}_") and "_opgeschoond" in n)
        table = load((name, files[name]), kind, header_row=1)
        again[kind] = table.frame.map(restore_csv_text).to_dict("records")
        assert table.frame.shape == report.files[kind].table.frame.shape
    second = run(again["relaties"], again["contacten"])
    left = second.issues[second.issues["code"].map(is_certain).astype(bool)]
    assert left.empty, left[["file", "field", "code", "value", "suggestion"]].to_dict("records")


# --- workbooks damaged inside -------------------------------------------------------------------

BASES = {
    "xlsx": workbook(("Relaties", [HEADER, *people(5)])),
    "xls": biff_workbook(XLS_ROWS[:20]),
    "ods": ods(ODS_DATA),
}
EDIT = st.tuples(
    st.floats(0, 1, exclude_max=True),
    st.sampled_from(["set", "delete", "insert"]),
    st.sampled_from(list(b'0123456789AXZ<>/"= rc\x00\xff')),
)


def _damage(data: bytes, edits: list[tuple[float, str, int]]) -> bytes:
    """Overwrite, delete or insert single bytes at relative positions."""
    damaged = bytearray(data)
    for where, how, byte in edits:
        at = int(where * len(damaged))
        if how == "set":
            damaged[at] = byte
        elif how == "delete":
            del damaged[at]
        else:
            damaged.insert(at, byte)
    return bytes(damaged)


@settings(max_examples=100, deadline=None)
@given(kind=st.sampled_from(list(BASES)), edits=st.lists(EDIT, min_size=1, max_size=8))
def test_workbooks_damaged_inside_raise_only_load_error(
    kind: str, edits: list[tuple[float, str, int]]
) -> None:
    """The XML or BIFF records themselves are damaged; the container stays valid."""
    if kind == "xlsx":
        data = with_sheet_xml(BASES["xlsx"], lambda xml: _damage(xml, edits))
    elif kind == "xls":
        data = compound_file(_damage(BASES["xls"], edits))
    else:
        data = rezip(BASES["ods"], lambda n, d: _damage(d, edits) if n == "content.xml" else d)
    try:
        table = read_table(data, f"relaties.{kind}")
    except LoadError as err:
        assert str(err)
    else:
        assert len(table.frame) == len(table.excel_rows)
