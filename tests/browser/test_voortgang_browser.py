"""The Voortgang page in chromium: save two checks of one office and see its trend.

The server's history is the session's throwaway database (tests/conftest.py), so this test
never touches a real one. Screenshots: `test-artifacts/voortgang-*.png`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import WEEK_1, WEEK_2
from playwright.sync_api import Page, expect
from test_browser import go, screenshot, settle

from ui import nav

pytestmark = pytest.mark.browser

WEEKS = {"week 1": WEEK_1, "week 2": WEEK_2}
KANTOOR = "Administratiekantoor Browser"


def check_file(page: Page, path: Path) -> None:
    """Upload a relaties file on Bestanden (replacing the one checked before)."""
    go(page, nav.BESTANDEN)
    remove = page.get_by_role("button", name="Bestand verwijderen")
    if remove.count():
        remove.click()
        settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(path)
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    settle(page)


def save_check(page: Page, label: str, kantoor: str = KANTOOR) -> None:
    """Save the current check under `kantoor` on the Voortgang page."""
    go(page, nav.VOORTGANG)
    page.get_by_role("tab", name="Controle opslaan").click()
    settle(page)
    panel = page.get_by_role("tabpanel", name="Controle opslaan")
    office = panel.get_by_role("combobox", name="Kantoor")
    office.click()
    existing = page.get_by_role("option", name=kantoor, exact=True)
    if existing.count():
        existing.click()
    else:
        page.get_by_role("option", name="Nieuw kantoor…").click()
        settle(page)
        panel.get_by_label("Naam van het nieuwe kantoor").fill(kantoor)
        panel.get_by_label("Naam van het nieuwe kantoor").press("Enter")
    settle(page)
    panel.get_by_label("Label (mag leeg blijven)").fill(label)
    panel.get_by_label("Label (mag leeg blijven)").press("Enter")
    settle(page)
    panel.get_by_role("button", name="Opslaan in de geschiedenis").click()
    settle(page)
    expect(page.get_by_text(f"van {kantoor}.").first).to_be_visible()


def test_save_two_checks_and_see_the_trend(page: Page, tmp_path: Path, artifacts: Path) -> None:
    for label, text in WEEKS.items():
        path = tmp_path / f"relaties_{label.replace(' ', '')}.csv"
        path.write_text(text, encoding="utf-8")
        check_file(page, path)
        save_check(page, label)
    expect(page.get_by_text("Opgeslagen als controle 2 van").first).to_be_visible()
    page.get_by_role("tab", name="Kantoren").click()
    settle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_role("heading", name=KANTOOR)).to_be_visible()
    expect(page.get_by_text("1 van 2 problemen opgelost, 1 nieuw").first).to_be_visible()
    score = page.locator('[data-testid="stMetric"]').filter(has_text="Gereedheid (laatste")
    expect(score).to_contain_text("50,0%")
    expect(score).to_contain_text("+16,7 procentpunt")
    trend = page.locator(".js-plotly-plot").filter(has_text="Gereedheid per controle")
    expect(trend).to_be_visible()
    expect(trend).to_contain_text("1. week 1")
    expect(trend).to_contain_text("2. week 2")
    expect(trend.locator("g.scatterlayer g.trace").first.locator("path.point")).to_have_count(2)
    screenshot(page, artifacts, "voortgang-kantoren")

    page.get_by_role("tab", name="Vergelijken").click()
    settle(page)
    panel = page.get_by_role("tabpanel", name="Vergelijken")
    opgelost = panel.locator('[data-testid="stMetric"]').filter(has_text="Opgelost")
    expect(opgelost).to_contain_text("1")  # week 2 against week 1, not against itself
    for label, fixed in (("week 2", "0"), ("week 1", "1")):
        panel.get_by_role("combobox", name="Opgeslagen controle").click()
        page.get_by_role("option", name=label).click()
        settle(page)
        expect(opgelost).to_contain_text(fixed)
    burndown = panel.locator(".js-plotly-plot").filter(has_text="Problemen sinds de vorige")
    expect(burndown).to_be_visible()
    expect(burndown).to_contain_text("Opgelost")
    screenshot(page, artifacts, "voortgang-vergelijken")
