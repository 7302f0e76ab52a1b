"""The hand-over in chromium: download every export and open it, fill in two corrections in the
downloaded fix list, take it back on the Fixlijst page, and find them in the import file and in
Wijzigingen. Screenshots: `test-artifacts/overdracht-*.png`."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from dq.exports.fixlist import FIXLIST_SHEET
from tests.browser.test_browser import go, screenshot, settle
from tests.browser.test_voortgang_browser import save_check
from tests.helpers import downloaded, fill_in
from ui import nav

pytestmark = pytest.mark.browser

TODAY = date.today().isoformat()
KANTOOR = "Kantoor Overdracht & Zn."
#: The two corrections typed into the downloaded fix list, by code.
ANSWERS = {"tijdvak_lh.not_allowed": "maand", "email.invalid_format": "ruud.yilmaz@yilmaz.nl"}


def button(page: Page, label: str):
    """The download button with this label."""
    return page.get_by_test_id("stDownloadButton").filter(has_text=label).get_by_role("button")


def download(page: Page, label: str) -> tuple[str, bytes]:
    """Click a download button; the browser's file name and the file's bytes."""
    with page.expect_download() as info:
        button(page, label).click()
    return info.value.suggested_filename, downloaded(info.value)


def sheet_rows(data: bytes, sheet: int | str = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return list(ws.iter_rows(values_only=True))


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def listed(page: Page) -> int:
    text = page.get_by_text(re.compile(r"^\d+ meldingen")).first.inner_text()
    return int(text.split()[0])


def test_hand_over_every_export_and_take_the_fix_list_back(
    page: Page, tmp_path: Path, artifacts: Path
) -> None:
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()

    # 1. Presentation mode: the masked exports download; the full files wait.
    go(page, nav.DOWNLOADS)
    screenshot(page, artifacts, "overdracht-01-downloads")
    name, fixlist_xlsx = download(page, "Download als Excel")
    assert name == f"fixlijst_{TODAY}.xlsx"
    assert sheet_rows(fixlist_xlsx, FIXLIST_SHEET)[0][:3] == (
        "Bestand",
        "Rij",
        "Relatie- of contactnummer",
    )
    name, fixlist_csv = download(page, "Download als CSV")
    assert name == f"fixlijst_{TODAY}.csv" and csv_rows(fixlist_csv)[0][0] == "Bestand"
    assert "*****5897" in fixlist_csv.decode("utf-8-sig")  # masked: presentation mode
    name, html = download(page, "Gereedheidsrapport (HTML)")
    assert name == f"gereedheidsrapport_{TODAY}.html"
    (tmp_path / name).write_bytes(html)
    report_page = page.context.new_page()
    report_page.goto((tmp_path / name).as_uri())
    expect(report_page.get_by_text("Nog niet klaar voor import").first).to_be_visible()
    expect(report_page.locator(".js-plotly-plot").first).to_be_visible()
    report_page.close()
    for kind in ("relaties", "contacten"):
        name, template = download(page, f"{kind}_importvoorbeeld.xlsx")
        assert name == f"{kind}_importvoorbeeld_{TODAY}.xlsx"
        assert sheet_rows(template)[0][0] == (
            "Relatienummer" if kind == "relaties" else "Contactnummer"
        )
    for label in ("relaties_opgeschoond.xlsx", "relaties_importbestand.xlsx"):
        expect(button(page, label)).to_be_disabled()

    # 2. The office fills in two corrections; the list goes back in on the Fixlijst page.
    filled, numbers = fill_in(fixlist_xlsx, ANSWERS)
    (tmp_path / "fixlijst_ingevuld.xlsx").write_bytes(filled)
    go(page, nav.FIXLIJST)
    before = listed(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        tmp_path / "fixlijst_ingevuld.xlsx"
    )
    settle(page)
    result = page.get_by_text(re.compile("2 correctie\\(s\\), waarvan 2 toegepast"))
    expect(result).to_be_visible()
    expect(result).to_contain_text("Fouten 29 → 27")
    assert listed(page) == before - 2
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).not_to_contain_text("94,5%")
    screenshot(page, artifacts, "overdracht-02-fixlijst-terug")

    # 3. Named office, presentation mode off, confirmed: the full files carry the corrections.
    save_check(page, "na de fixlijst", KANTOOR)
    sidebar.get_by_text("Presentatiemodus").click()
    settle(page)
    go(page, nav.DOWNLOADS)
    expect(page.get_by_text(f"({KANTOOR})")).to_be_visible()
    expect(button(page, "relaties_importbestand.xlsx")).to_be_disabled()
    page.get_by_text("Ik begrijp dat deze downloads volledige").click()
    settle(page)
    screenshot(page, artifacts, "overdracht-03-downloads-volledig")
    office = "Kantoor_Overdracht_Zn"
    name, full_fixlist = download(page, "Download als Excel")
    assert name == f"fixlijst_{office}_{TODAY}.xlsx"
    assert "053705897" in {str(r[8]) for r in sheet_rows(full_fixlist, FIXLIST_SHEET)}

    name, relaties = download(page, "relaties_importbestand.xlsx")
    assert name == f"relaties_importbestand_{office}_{TODAY}.xlsx"
    table = sheet_rows(relaties)
    row = next(r for r in table if r[0] == numbers["tijdvak_lh.not_allowed"])
    assert row[table[0].index("Aangifte tijdvak LH")] == "maand"
    assert any(r[6] == "maand" and r[-1] == "Fixlijst" for r in sheet_rows(relaties, "Wijzigingen"))
    assert "Accountmanager" in {r[0] for r in sheet_rows(relaties, "Uitleg")}
    _, contacten = download(page, "contacten_importbestand.xlsx")
    table = sheet_rows(contacten)
    row = next(r for r in table if r[0] == numbers["email.invalid_format"])
    assert row[table[0].index("E-mailadres")] == ANSWERS["email.invalid_format"]

    _, cleaned = download(page, "relaties_opgeschoond.xlsx")
    changes = sheet_rows(cleaned, "Wijzigingen")
    assert changes[0][-2:] == ("Reden", "Bron")
    assert {r[-1] for r in changes[1:]} == {"Fixlijst", "Zekere reparatie"}
    _, cleaned_csv = download(page, "contacten_opgeschoond.csv")
    assert ANSWERS["email.invalid_format"] in cleaned_csv.decode("utf-8-sig")
    _, changes_csv = download(page, "contacten_wijzigingen.csv")
    rows = csv_rows(changes_csv)
    assert any(r[6] == ANSWERS["email.invalid_format"] and r[-1] == "Fixlijst" for r in rows[1:])
