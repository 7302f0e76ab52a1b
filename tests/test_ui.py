"""The app's plain helpers: labels, charts and the fix list as the screen shows it."""

from __future__ import annotations

import doctest
import re

import pytest
from helpers import run

from dq.charts import figures as charts
from ui import labels
from ui.tables import fixlist_view


@pytest.mark.parametrize("module", [labels, charts])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0


def test_fixlist_view_masks_like_the_screen() -> None:
    report = run(
        relaties=[{"relatienummer": "1", "naam": "Jan 111222333", "type": "persoon",
                   "bsn": "111222334"}],
        contacten=[{"contactnummer": "1", "achternaam": "Jansen", "email": "jan.jansen@",
                    "relatienummers": "1"}],
    )  # fmt: skip
    shown = fixlist_view(report, masked=True, with_info=True).to_csv()
    assert "*****2334" in shown and "111222334" not in shown
    assert "j***@" in shown and "jan.jansen@" not in shown
    assert "Jan *****2333" in shown
    assert "Gecorrigeerde waarde" not in shown  # the input column belongs to the download only
    full = fixlist_view(report, masked=False, with_info=False).to_csv()
    assert "111222334" in full and "jan.jansen@" in full


def test_escape_md_leaves_no_formatting() -> None:
    assert not re.search(r"(?<!\\)[*_`]", labels.escape_md("a*b_c`d"))
