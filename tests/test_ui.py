"""The app's plain helpers: masking for presentation mode, on tables and on the fix list."""

from __future__ import annotations

import doctest
import re

import pandas as pd
import pytest
from helpers import run

from dq.charts import figures as charts
from dq.checks.mapping import ColumnMapping
from ui import labels, privacy
from ui.tables import fixlist_view


@pytest.mark.parametrize("module", [privacy, labels, charts])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("bsn", "111222333", "*****2333"),
        ("bsn", "12345672", "*****5672"),  # lost its leading zero: still masked
        ("rsin", "002455799", "*****5799"),
        ("btw_nummer", "NL111222333B01", "NL*****2333B01"),
        ("loonheffingsnummer", "111222333L01", "*****2333L01"),
        ("email", "Jan.Jansen@Voorbeeld.nl", "J***@Voorbeeld.nl"),
        ("naam", "Bakkerij Jansen", "Bakkerij Jansen"),
        ("naam", "111222333", "*****2333"),  # a BSN column mapped to Naam by mistake
        ("kvk_nummer", "12345678", "12345678"),
        ("telefoon", "06-12345678", "06-12345678"),
        (None, "partner 111222333 of p@x.nl", "partner *****2333 of p***@x.nl"),
    ],
)
def test_masker_per_field(field: str | None, value: str, shown: str) -> None:
    assert privacy.masker(field)(value) == shown


def test_mask_series_keeps_blanks_and_missing() -> None:
    values = pd.Series(["111222333", "", pd.NA, "  "], dtype="str")
    masked = privacy.mask_series(values, "bsn")
    assert masked.iloc[0] == "*****2333"
    assert masked.iloc[1] == ""
    assert pd.isna(masked.iloc[2])
    assert masked.iloc[3] == "  "


def test_mask_frame_follows_the_mapping() -> None:
    frame = pd.DataFrame(
        {"Burgerservicenummer": ["111222333"], "KvK": ["12345678"], "Notitie": ["bsn 111222333"]},
        dtype="str",
    )
    mapping = ColumnMapping({"bsn": "Burgerservicenummer", "kvk_nummer": "KvK"}, {}, ["Notitie"])
    masked = privacy.mask_frame(frame, mapping)
    assert masked.iloc[0].tolist() == ["*****2333", "12345678", "bsn *****2333"]


def test_mask_issues_by_field() -> None:
    issues = pd.DataFrame(
        {
            "field": ["bsn", "naam", "email"],
            "value": ["111222333", "Jansen", "jan@x.nl"],
            "suggestion": ["011122233", pd.NA, "jan@x.nl"],
        }
    ).astype("str")
    masked = privacy.mask_issues(issues)
    assert masked["value"].tolist() == ["*****2333", "Jansen", "j***@x.nl"]
    assert masked["suggestion"].iloc[0] == "*****2233"
    assert pd.isna(masked["suggestion"].iloc[1])


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
