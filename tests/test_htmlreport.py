"""The shareable report: self-contained, no personal data unless chosen, everything escaped."""

from __future__ import annotations

import re

from dq.checks.report import Report
from dq.exports.htmlreport import report_html
from tests.helpers import ACCEPT_REASONS, run

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


def test_accepted_warnings_are_listed_with_their_reason_escaped(
    demo_report: Report, accepted_report: Report
) -> None:
    html = report_html(accepted_report).decode("utf-8")
    section = html[html.index("<h2>Geaccepteerd</h2>") :].split("</section>", 1)[0]
    assert "Het kantoor heeft 2 waarschuwingen geaccepteerd" in section
    assert section.count("<tr><td>") == len(accepted_report.accepted) == 2
    for warning in accepted_report.accepted.itertuples():
        assert f"<td class='num'>{warning.row}</td><td>{warning.key}</td>" in section
        assert warning.message in section
    assert "Intern &lt;script&gt;alert(1)&lt;/script&gt; dossier" in section
    assert "<script>alert(1)" not in html and "alert(1)</script>" not in html
    assert "Klant bevestigde BSN *****2333 per mail" in section
    assert ACCEPT_REASONS["bsn.test_number"] not in html and "111222333" not in html
    assert "Geaccepteerd" not in report_html(demo_report).decode("utf-8")  # none: no section
