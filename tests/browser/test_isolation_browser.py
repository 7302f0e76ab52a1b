"""Two people on one server at the same time: neither ever sees the other's file.

Each browser context is its own Streamlit session (its own cookies and websocket), like two
colleagues on a team server. Both upload a different office; every page that shows data must
show only the session's own file, and a third person who arrives later sees no file at all.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import VIEWPORT
from tests.corpus.make_corpus import HEADER, csv_bytes, people
from ui import nav

pytestmark = pytest.mark.browser

OFFICES = {
    "alfa": (7, "Alfa-kenmerk"),
    "bravo": (11, "Bravo-kenmerk"),
}


def settle(page: Page) -> None:
    """Wait until Streamlit has finished the current run."""
    time.sleep(0.3)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.dataset.testScriptState === 'notRunning'"
    )
    time.sleep(0.3)


def open_session(browser: Browser, app_url: str) -> Page:
    """A new browser context: a new person, a new Streamlit session."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app_url)
    expect(page.get_by_role("button", name="Probeer met voorbeelddata")).to_be_visible()
    return page


def test_two_sessions_never_see_each_others_file(
    browser: Browser, app_url: str, tmp_path: Path
) -> None:
    pages = {}
    for office, (rows, column) in OFFICES.items():
        path = tmp_path / f"{office}_relaties.csv"
        data = [[*HEADER, column], *[[*row, f"{office}-{i}"] for i, row in enumerate(people(rows))]]
        path.write_bytes(csv_bytes(data))
        page = open_session(browser, app_url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(path)
        pages[office] = page
    for office, page in pages.items():
        rows, column = OFFICES[office]
        expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
        expect(page.get_by_text(f"{office}_relaties.csv · {rows} rijen")).to_be_visible()
    for office, page in pages.items():
        other = next(o for o in OFFICES if o != office)
        for spec in (nav.BESTANDEN, nav.KOLOMMEN, nav.OVERZICHT, nav.RELATIES, nav.FIXLIJST):
            page.get_by_role("link", name=spec.title, exact=True).first.click()
            expect(page.get_by_role("heading", name=spec.title, level=1)).to_be_visible()
            settle(page)
            text = page.locator("body").inner_text()
            assert other not in text.lower(), (office, spec.title)
            if spec == nav.BESTANDEN:  # the header it read names its own column
                assert OFFICES[office][1] in text

    newcomer = open_session(browser, app_url)
    text = newcomer.locator("body").inner_text().lower()
    assert "alfa" not in text and "bravo" not in text
    expect(newcomer.get_by_text("Nog geen bestanden geladen.")).to_be_visible()
    for page in [*pages.values(), newcomer]:
        page.context.close()
