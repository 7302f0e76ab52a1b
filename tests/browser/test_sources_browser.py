"""An old package's export in a real browser: recognised on Bestanden and Kolommen, switched
off by hand, and a suggestion accepted with one click (issue 16)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_browser import go, screenshot, settle

from ui import nav

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from package_exports import package_pair

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def exact_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exact")
    _template, export = package_pair("exact", n=120)
    export["relaties"].to_csv(folder / "accounts.csv", index=False, sep=";")
    export["contacten"].to_csv(folder / "contacts.csv", index=False, sep=";")
    (folder / "eigen.csv").write_text(
        "Relatienr.;Naam;Soort;Omzetbel. nr\n1;Bakkerij BV;organisatie;NL001000019B01\n",
        encoding="utf-8",
    )
    return folder


def _upload(page: Page, path: Path, slot: int) -> None:
    """Drop a file into the Relaties (0) or Contacten (1) uploader."""
    noun = ("Relatiebestand", "Contactenbestand")[slot]
    region = page.get_by_role("region", name=f"{noun} (Excel, OpenDocument of CSV)")
    region.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(path)
    settle(page)


def test_an_exact_export_is_recognised_and_can_be_switched_off(
    page: Page, exact_dir: Path, artifacts: Path
) -> None:
    _upload(page, exact_dir / "accounts.csv", 0)
    _upload(page, exact_dir / "contacts.csv", 1)
    expect(page.get_by_text("contacts.csv · 87 rijen")).to_be_visible()
    settle(page)
    expect(page.get_by_text("Herkend: export uit Exact Online.").first).to_be_visible()
    expect(page.get_by_text("hadden meer dan één E-mailadres").first).to_be_visible()
    screenshot(page, artifacts, "16-bestanden-exact")
    go(page, nav.KOLOMMEN)
    source = page.get_by_role("combobox", name="Bron van het bestand")
    expect(source).to_have_value("Automatisch herkennen (herkend: Exact Online)")
    expect(page.get_by_text("Herkend: export uit Exact Online.")).to_be_visible()
    expect(page.get_by_text("zeker (kolom van Exact Online)").first).to_be_visible()
    expect(page.get_by_text("herkend aan de woorden").first).to_be_visible()
    screenshot(page, artifacts, "16-kolommen-exact")
    source.click()
    page.get_by_role("option", name="Geen pakket: eigen indeling of ons sjabloon").click()
    settle(page)
    expect(page.get_by_text("Verplicht maar zonder kolom: Relatienummer")).to_be_visible()
    expect(page.get_by_text("Herkend: export uit Exact Online.")).to_have_count(0)


def test_a_suggestion_is_accepted_with_one_click(
    page: Page, exact_dir: Path, artifacts: Path
) -> None:
    _upload(page, exact_dir / "eigen.csv", 0)
    go(page, nav.KOLOMMEN)
    expect(page.get_by_text("is waarschijnlijk")).to_be_visible()
    screenshot(page, artifacts, "16-kolommen-suggestie")
    page.get_by_role("button", name="Koppelen").click()
    settle(page)
    expect(page.get_by_text("is waarschijnlijk")).to_have_count(0)
    expect(page.get_by_text("handmatig gekozen").first).to_be_visible()
