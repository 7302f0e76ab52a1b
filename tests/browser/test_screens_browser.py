"""Issue 18 in a real browser: the kick-off call on a shared screen.

Every page after the demo, at 1366x768 and at 1920x1080, saved in
`test-artifacts/schermen/` for a person to look at; and what only a browser shows: the
result and its button in view, tables sized to the window with the Meldingen after the key
and whole headers, no English toolbar or uploader words, a text file refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_browser import go, settle

from dq.io.readers import NOT_A_TABLE
from ui import nav

pytestmark = pytest.mark.browser

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}
#: Streamlit's own English that must not reach the screen or a screen reader.
ENGLISH = ("Upload", "per file", "Drag and drop", "Browse files", "file upload")


def start_demo(page: Page) -> None:
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    settle(page)


@pytest.mark.parametrize("size", SIZES)
def test_every_page_at_both_sizes(page: Page, artifacts: Path, size: str) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    folder = artifacts / "schermen"
    folder.mkdir(exist_ok=True)
    start_demo(page)
    # the verdict and the way on are in view, under the page title, without scrolling
    button = page.get_by_role("button", name="Naar het overzicht")
    expect(button).to_be_in_viewport()
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_be_in_viewport()
    for number, spec in enumerate(nav.PAGES, start=1):
        if spec is not nav.BESTANDEN:
            go(page, spec)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        page.screenshot(path=folder / f"{size}-{number:02d}-{spec.title.lower()}.png")
        grid = page.locator('[data-testid="stDataFrame"]').first
        if spec in (nav.RELATIES, nav.CONTACTEN, nav.FIXLIJST) and grid.count():
            grid.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(400)
            page.screenshot(path=folder / f"{size}-{number:02d}-{spec.title.lower()}-tabel.png")
            box = grid.bounding_box()
            assert box is not None
            # never past the window's edge; a long table (the demo's 34 relaties with a
            # problem, 43 fix-list rows) as tall as the window allows, a short one its rows
            assert box["height"] <= height, (spec.title, box)
            if spec is not nav.CONTACTEN:
                assert box["height"] >= height - 160, (spec.title, box)
        assert not page.locator('[data-testid="stElementToolbar"]').filter(visible=True).count()


def test_the_relaties_table_leads_with_the_problem(page: Page) -> None:
    start_demo(page)
    go(page, nav.RELATIES)
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    # the grid draws on a canvas; its hidden table holds the headers in column order
    names = [n.strip() for n in grid.locator("thead th").all_text_contents() if n.strip()]
    # row and key pinned on the left, then the severity and the problem, then the cells
    assert names[:4] == ["Rij", "Relatienr.", "Ernst", "Meldingen"], names


def test_uploaders_speak_dutch_to_eyes_and_screen_readers(page: Page) -> None:
    expect(page.get_by_role("button", name="Probeer met voorbeelddata")).to_be_visible()
    settle(page)
    zone = page.locator('[data-testid="stFileUploader"]').first
    expect(zone).to_contain_text("Kies bestand")
    expect(zone).to_contain_text("of sleep het hierheen (max. 200 MB)")
    text = zone.inner_text()
    labels = zone.locator("[aria-label]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    for english in ENGLISH:
        assert english not in text and not any(english in label for label in labels), english
    start_demo(page)
    go(page, nav.KOLOMMEN)
    mapping = page.locator('[data-testid="stFileUploader"]').first
    expect(mapping).to_contain_text("of sleep het hierheen (max. 1 MB)")


def test_a_text_file_is_refused_in_dutch(page: Page, tmp_path: Path) -> None:
    note = tmp_path / "notitie.txt"
    note.write_text("Bel Anna morgen over de relaties.\n", encoding="utf-8")
    expect(page.get_by_role("button", name="Probeer met voorbeelddata")).to_be_visible()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(note)
    expect(page.get_by_text("Dit bestand is platte tekst zonder kolommen")).to_be_visible()
    settle(page)
    assert NOT_A_TABLE.split(":")[0] in page.locator("body").inner_text()
    expect(page.get_by_text("Gecontroleerd:")).to_have_count(0)
    go(page, nav.OVERZICHT)
    expect(page.get_by_text("kon niet worden gelezen en is niet gecontroleerd")).to_be_visible()
    expect(page.locator(".dq-kpi")).to_have_count(0)
