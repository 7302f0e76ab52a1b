"""Fixing on screen in a real browser: type into the grid, see the count and verdict follow,
undo and redo, apply to all, accept a warning; the edited BSN stays masked."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

import dq
from dq.demo.office import demo_files
from tests.browser.test_browser import go, screenshot, settle, shown_text
from ui import nav

pytestmark = pytest.mark.browser

NEW_BSN = "111222333"


def metric(page: Page, label: str) -> str:
    """The value of the metric with this label."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def wrong_bsn_row() -> tuple[str, int]:
    """The name and Excel row of the first relatie whose BSN fails the 11-test."""
    files = demo_files()
    report = dq.check(
        relaties=("relaties.xlsx", files["relaties.xlsx"]),
        contacten=("contacten.csv", files["contacten.csv"]),
    )
    bad = report.issues.query("code == 'bsn.invalid_checksum'").iloc[0]
    name = report.files["relaties"].outcomes["naam"].raw.iloc[int(bad.pos)].strip()
    return name, int(bad.row)


def type_into(page: Page, column_steps: int, text: str) -> None:
    """Select the first row's number cell, move right, and type a new value (Enter saves)."""
    before = metric(page, "Wijzigingen")
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 250, box["y"] + 52)  # first data row, the number column
    page.wait_for_timeout(300)  # the grid takes the focus
    for _ in range(column_steps):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")  # open the cell's editor
    editor = page.locator("#portal textarea, #portal input").first
    editor.wait_for()
    editor.fill(text)
    page.wait_for_timeout(200)
    editor.press("Enter")
    changes = page.locator('[data-testid="stMetric"]').filter(has_text="Wijzigingen")
    expect(changes).not_to_contain_text(before, timeout=10_000)  # the re-check has run
    settle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option in the select box with this label (on the visible tab)."""
    box = page.get_by_role("combobox", name=label, exact=True).last
    box.click()
    box.press_sequentially(option)  # filter the list: long lists only draw what is in view
    page.get_by_role("option", name=option).first.click()
    settle(page)


def test_fix_a_bsn_undo_redo_apply_to_all_and_accept(page: Page, artifacts: Path) -> None:
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    settle(page)
    go(page, nav.HERSTELLEN)
    screenshot(page, artifacts, "herstellen-01-start")
    assert (metric(page, "Fouten"), metric(page, "Wijzigingen")) == ("29", "0")

    name, row = wrong_bsn_row()
    search = page.get_by_label("Zoek op nummer of naam")
    search.fill(name)
    search.press("Enter")
    settle(page)
    assert "BSN bestaat niet" in shown_text(page)
    # Status, Rij, Relatienummer, Meldingen, Naam, BSN: three steps right of the number
    type_into(page, 3, NEW_BSN)
    step = page.locator('[data-testid="stMarkdown"]').filter(
        has_text=f"laatste stap: BSN op rij {row}"
    )
    expect(step).to_be_visible()
    assert (metric(page, "Fouten"), metric(page, "Wijzigingen")) == ("28", "1")
    text = shown_text(page)
    assert "Hersteld" in text and "*****2333" in text
    assert NEW_BSN not in text  # presentation mode: the typed BSN is checked in full, shown masked
    assert "94,7%" in metric(page, "Gereedheid")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text("Gereedheid: 94,7%")  # the line outside the page follows
    screenshot(page, artifacts, "herstellen-02-bsn-hersteld")

    page.get_by_role("button", name="Terug").click()
    settle(page)
    assert (metric(page, "Fouten"), metric(page, "Wijzigingen")) == ("29", "0")
    expect(sidebar).to_contain_text("Gereedheid: 94,5%")
    page.get_by_role("button", name="Opnieuw").click()
    settle(page)
    assert (metric(page, "Fouten"), metric(page, "Wijzigingen")) == ("28", "1")

    search.fill("")
    search.press("Enter")
    settle(page)
    choose(page, "Veld", "Rechtsvorm")
    current = page.get_by_role("combobox", name="Huidige waarde", exact=True)
    current.click()
    current.press_sequentially("B.V. (")
    page.get_by_role("option").filter(has_text="B.V. (").first.click()
    settle(page)
    choose(page, "Nieuwe waarde", "Besloten vennootschap")
    apply = page.get_by_role("button", name="Toepassen op")
    count = int(apply.inner_text().split("Toepassen op ")[1].split(" ")[0])
    assert count > 1
    apply.click()
    settle(page)
    assert metric(page, "Wijzigingen") == str(1 + count)
    screenshot(page, artifacts, "herstellen-03-alles-tegelijk")

    page.get_by_role("tab", name="Waarschuwingen accepteren").click()
    settle(page)
    warnings = int(metric(page, "Waarschuwingen"))
    page.get_by_label("Reden").fill("Intern dossier, geen contact nodig")
    page.get_by_label("Reden").press("Enter")
    settle(page)
    page.get_by_role("button", name="Accepteren").click()
    settle(page)
    assert int(metric(page, "Waarschuwingen")) == warnings - 1
    expect(page.get_by_text("Geaccepteerd (1)")).to_be_visible()
    assert "Intern dossier, geen contact nodig" in shown_text(page)
    screenshot(page, artifacts, "herstellen-04-geaccepteerd")
