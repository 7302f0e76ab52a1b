"""The shareable report: self-contained, no personal data unless chosen, everything escaped."""

from __future__ import annotations

import re

from dq.checks.report import Report
from dq.exports.htmlreport import report_html
from tests.helpers import run

EVIL = "<script>alert(1)</script>"


def evil_report() -> Report:
    """A persoon with a script tag for a name and a wrong BSN; a relatie with a valid one."""
    return run(
        relaties=[
            {"relatienummer": "1", "naam": EVIL, "type": "persoon", "bsn": "111252333"},
            {"relatienummer": "2", "naam": "Jan Jansen", "type": "persoon", "bsn": "111222333"},
        ]
    )


def test_report_is_self_contained(demo_report: Report) -> None:
    html = report_html(demo_report).decode("utf-8")
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert html.count("* plotly.js v") == 1  # the library is embedded once, for every chart
    assert not re.search(r"<script[^>]+src=", html)  # no CDN, works offline
    assert not re.search(r"<link[^>]+href=", html)
    assert html.count('class="plotly-graph-div"') == 3
    for text in ("94,5%", "Nog niet klaar voor import", "Volgende stappen", "Grootste problemen"):
        assert text in html


def test_no_bsn_and_no_names_by_default() -> None:
    html = report_html(evil_report()).decode("utf-8")
    for private in ("111252333", "111222333", "Jan Jansen", "alert(1)"):
        assert private not in html
    assert "geen namen" in html


def test_names_only_when_chosen_and_always_escaped() -> None:
    html = report_html(evil_report(), names=True).decode("utf-8")
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "111252333" not in html and "*****2333" not in html


def test_ready_files_get_the_go_verdict() -> None:
    report = run(
        relaties=[{"relatienummer": "1", "naam": "Jan", "type": "persoon", "bsn": "111222333"}]
    )
    html = report_html(report).decode("utf-8")
    assert "Klaar voor import" in html and "Nog niet klaar" not in html
