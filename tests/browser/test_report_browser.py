"""The HTML report opened in the real browser, offline: charts drawn, names shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from dq.exports.htmlreport import report_html
from tests.test_htmlreport import EVIL, evil_report

pytestmark = pytest.mark.browser


def test_report_renders_charts_offline_and_escapes_names(
    browser, demo_report, tmp_path: Path, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nl-NL")
    page = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    demo = tmp_path / "rapport.html"
    demo.write_bytes(report_html(demo_report, names=True))
    page.goto(demo.as_uri())
    page.wait_for_selector("svg.main-svg")
    assert page.locator(".plotly").count() == 3
    assert page.locator("svg.main-svg").count() >= 3
    assert page.locator(".trace.bars .point path").count() > 10  # bars were drawn
    page.screenshot(path=artifacts / "rapport.png", full_page=True)

    evil = tmp_path / "evil.html"
    evil.write_bytes(report_html(evil_report(), names=True))
    page.goto(evil.as_uri())
    page.wait_for_selector("svg.main-svg")
    assert EVIL in page.locator("td.name").all_inner_texts()
    assert dialogs == []
    assert all(url.startswith(("file:", "data:", "blob:")) for url in requests), requests
    context.close()
