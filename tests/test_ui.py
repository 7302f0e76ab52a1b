"""The app's plain helpers: labels, charts and the fix list as the screen shows it."""

from __future__ import annotations

import doctest
import re

import pandas as pd
import pytest
from helpers import run

from dq.charts import figures as charts
from dq.exports.fixlist import fixlist_table
from ui import labels, tables
from ui.tables import PAGE_ROWS, fixlist_view


@pytest.mark.parametrize("module", [labels, charts, tables])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0


def test_fixlist_view_masks_like_the_screen() -> None:
    report = run(
        relaties=[{"relatienummer": "1", "naam": "Jan 111222333", "type": "persoon",
                   "bsn": "111222334"}],
        contacten=[{"contactnummer": "1", "achternaam": "Jansen", "email": "jan.jansen@",
                    "relatienummers": "1"}],
    )  # fmt: skip
    shown = fixlist_view(report, masked=True, with_info=True)[0].to_csv()
    assert "*****2334" in shown and "111222334" not in shown
    assert "j***@" in shown and "jan.jansen@" not in shown
    assert "Jan *****2333" in shown
    assert "Gecorrigeerde waarde" not in shown  # the input column belongs to the download only
    full = fixlist_view(report, masked=False, with_info=False)[0].to_csv()
    assert "111222334" in full and "jan.jansen@" in full


def test_a_page_of_the_fix_list_is_those_lines_of_the_whole_list() -> None:
    people = [
        {"relatienummer": str(n), "naam": "", "type": "persoon", "bsn": "111222334"}
        for n in range(250, 0, -1)  # the list sorts them by number, the file does not
    ]
    report = run(relaties=people)
    whole = fixlist_table(report).drop(columns="Gecorrigeerde waarde")
    second, total = fixlist_view(report, masked=True, with_info=False, page=2)
    assert total == len(whole) > 2 * PAGE_ROWS
    expected = whole.iloc[PAGE_ROWS : 2 * PAGE_ROWS].reset_index(drop=True)
    pd.testing.assert_frame_equal(second[list(whole.columns)], expected)
    last, _ = fixlist_view(report, masked=True, with_info=False, page=99)  # past the end
    start = (total - 1) // PAGE_ROWS * PAGE_ROWS
    assert last["Rij"].tolist() == whole["Rij"].iloc[start:].tolist()


def test_escape_md_leaves_no_formatting() -> None:
    assert not re.search(r"(?<!\\)[*_`]", labels.escape_md("a*b_c`d"))
