"""The app in a real browser (Debian chromium) at laptop size: the journeys of issue 3.

One `streamlit run` server serves the whole session; each test gets its own browser context,
which is its own Streamlit session. Screenshots of every page land in `test-artifacts/`.
"""

from __future__ import annotations

import io
import re
import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

import dq
from tests.helpers import downloaded
from ui import nav

pytestmark = pytest.mark.browser

SCORE = re.compile(r"\d{1,3},\d%")


def settle(page: Page) -> None:
    """Wait until Streamlit has finished the current run (widgets and tables are drawn)."""
    time.sleep(0.3)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.dataset.testScriptState === 'notRunning'"
    )
    time.sleep(0.4)


def go(page: Page, spec: nav.PageSpec) -> None:
    """Open a page through the sidebar navigation, as a user does."""
    page.get_by_role("link", name=spec.title, exact=True).first.click()
    expect(page.get_by_role("heading", name=spec.title, level=1)).to_be_visible()
    settle(page)


def upload_demo(page: Page, folder: Path) -> None:
    """Drop both demo files into the two uploaders and wait for the check."""
    inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    inputs.nth(0).set_input_files(folder / "relaties.xlsx")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(1).set_input_files(
        folder / "contacten.csv"
    )
    expect(page.get_by_text("Contacten:").first).to_be_visible()
    settle(page)


def shown_text(page: Page) -> str:
    """Everything a reader sees: the page text plus the cells of every table grid."""
    grids = page.locator('[data-testid="stDataFrame"] table, [data-testid="stTable"]')
    return page.locator("body").inner_text() + "\n".join(grids.all_text_contents())


def screenshot(page: Page, folder: Path, name: str) -> None:
    """The screen as a 1366x768 laptop shows it, and the whole page in one tall picture."""
    page.screenshot(path=folder / f"{name}.png")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 2600})
    page.wait_for_timeout(700)  # a new size only re-lays out; the script does not rerun
    page.screenshot(path=folder / f"{name}-volledig.png")
    page.set_viewport_size(size)
    page.wait_for_timeout(300)


def test_upload_both_files_see_score_chart_and_every_page(
    page: Page, demo_upload_dir: Path, artifacts: Path
) -> None:
    expect(page.get_by_role("button", name="Probeer met voorbeelddata")).to_be_visible()
    screenshot(page, artifacts, "00-start")
    upload_demo(page, demo_upload_dir)
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("relaties.xlsx · 300 rijen")).to_be_visible()
    expected = dq.check(
        relaties=demo_upload_dir / "relaties.xlsx", contacten=demo_upload_dir / "contacten.csv"
    )
    for number, spec in enumerate(nav.PAGES, start=1):
        if spec is not nav.BESTANDEN:
            go(page, spec)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        if spec is nav.OVERZICHT:
            banner = page.locator(".dq-kpi")
            expect(banner).to_contain_text(f"{expected.readiness:.1f}".replace(".", ","))
            expect(banner).to_contain_text("Nog niet klaar voor import")
            expect(page.locator(".js-plotly-plot").first).to_be_visible()
            expect(page.get_by_text("Volledigheid en geldigheid per veld")).to_be_visible()
        screenshot(page, artifacts, f"{number:02d}-{spec.title.lower()}")
    page.set_viewport_size({"width": 1920, "height": 1080})
    go(page, nav.OVERZICHT)
    page.screenshot(path=artifacts / "03-overzicht-breed.png")


def test_overzicht_tabs_draw_one_chart_at_a_time(page: Page, artifacts: Path) -> None:
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    go(page, nav.OVERZICHT)
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(2)  # products and fields; the closed tabs draw nothing
    for tab, title in [
        ("Per soort melding", "Meest voorkomende problemen"),
        ("Per groep relaties", "Gaten per veld en soort relatie"),
    ]:
        page.get_by_role("tab", name=tab).click()
        settle(page)
        expect(charts).to_have_count(2)
        expect(charts.nth(1)).to_contain_text(title)
        assert charts.nth(1).bounding_box()["width"] > 500  # drawn at full width in its tab
    screenshot(page, artifacts, "03-overzicht-groepen")


def test_change_a_mapping_and_see_the_result_change(page: Page) -> None:
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    go(page, nav.OVERZICHT)
    before = page.locator('[data-testid="stMetric"]').filter(has_text="Fouten").inner_text()
    go(page, nav.KOLOMMEN)
    bsn = page.get_by_role("combobox", name="BSN", exact=True)
    # Scroll first, as a user does: a select box closes its list when the page scrolls, and
    # Playwright's click would scroll the box into view while the list opens.
    bsn.scroll_into_view_if_needed()
    settle(page)
    bsn.click()
    page.get_by_role("option", name="— geen kolom —").click()
    settle(page)
    expect(page.get_by_text("Verplicht maar zonder kolom: BSN")).to_be_visible()
    go(page, nav.OVERZICHT)
    after = page.locator('[data-testid="stMetric"]').filter(has_text="Fouten").inner_text()
    assert after != before


def test_download_the_fix_list_without_resetting_the_page(
    page: Page, demo_upload_dir: Path
) -> None:
    expected = dq.check(
        relaties=demo_upload_dir / "relaties.xlsx", contacten=demo_upload_dir / "contacten.csv"
    )
    to_do = int((expected.issues["severity"] != "info").sum())
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    go(page, nav.FIXLIJST)
    page.get_by_text("Ook info-meldingen").click()
    settle(page)
    everything = f"{len(expected.issues)} meldingen"
    expect(page.get_by_text(everything)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download als Excel").click()
    download = download_info.value
    assert download.suggested_filename == f"fixlijst_{date.today().isoformat()}.xlsx"
    workbook = load_workbook(io.BytesIO(downloaded(download)))
    sheet = workbook["Fixlijst"]
    assert [c.value for c in sheet[1]][:3] == ["Bestand", "Rij", "Relatie- of contactnummer"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref
    assert sheet.max_row - 1 == to_do
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download als CSV").click()
    csv = downloaded(download_info.value)
    assert csv.startswith(b"\xef\xbb\xbf") and b";" in csv.splitlines()[0]
    assert len(csv.decode("utf-8-sig").splitlines()) - 1 == len(expected.issues)  # info included
    settle(page)
    expect(page.get_by_role("heading", name="Fixlijst", level=1)).to_be_visible()
    expect(page.get_by_text(everything)).to_be_visible()  # the info toggle is still on


def test_presentation_mode_hides_every_full_bsn(page: Page, demo_upload_dir: Path) -> None:
    report = dq.check(relaties=demo_upload_dir / "relaties.xlsx")
    raw = report.files["relaties"].outcomes["bsn"].raw.str.strip()
    bsns = {v for v in raw if re.fullmatch(r"\d{9}", v)}
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    go(page, nav.RELATIES)
    page.get_by_text("Alleen rijen met meldingen").click()
    settle(page)
    text = ""
    for number in (1, 2, 3):  # 300 relaties, 100 a page: every row is looked at
        picker = page.get_by_label("Pagina (van 3)")
        picker.fill(str(number))
        picker.press("Enter")
        settle(page)
        expect(page.get_by_text(f"pagina {number} van 3.")).to_be_visible()
        text += every_column_text(page)
    assert "*****" in text
    assert not {b for b in bsns if b in text}
    assert len(set(re.findall(r"\*{5}\d{4}", text))) > 150  # the masked BSNs of all pages
    page.get_by_text("Presentatiemodus: BSN/RSIN en e-mail gemaskeerd").click()
    settle(page)
    expect(page.get_by_text("Presentatiemodus staat uit")).to_be_visible()
    revealed = every_column_text(page)  # once: in the set below it would run per BSN
    assert {b for b in bsns if b in revealed}


def every_column_text(page: Page) -> str:
    """`shown_text` while the row table scrolls to the right: the grid only draws the columns
    in view, and at 1366 px the cells stand right of the Meldingen."""
    text = shown_text(page)
    box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 200))
    for _ in range(6):
        page.mouse.wheel(600, 0)
        page.wait_for_timeout(250)
        text += shown_text(page)
    return text


def test_click_a_field_bar_opens_its_detail(page: Page) -> None:
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    go(page, nav.OVERZICHT)
    chart = page.locator(".js-plotly-plot").filter(has_text="Volledigheid en geldigheid per veld")
    chart.locator("g.point path").first.click(force=True)
    expect(page.get_by_role("heading", name="Velden", level=1)).to_be_visible()
    settle(page)
    field = page.locator("h2").first.inner_text()
    assert field  # the worst field, in detail
    expect(page.get_by_text("Meest voorkomende problemen")).to_be_visible()
    go(page, nav.OVERZICHT)  # back again: the old click does not send us away
    time.sleep(1)
    expect(page.get_by_role("heading", name="Overzicht", level=1)).to_be_visible()
