"""Presentation mode in the real browser: no request leaves the app's own host, and no full
BSN, RSIN or e-mail address of the privacy probes reaches the page, a download or the
websocket; nothing uploaded becomes a link (issue 17).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import VIEWPORT, streamlit_server
from tests.browser.test_browser import go, settle, shown_text
from tests.corpus.privacy_probes import BSNS, EMAILS, LINK_BAIT, leaks, write_probes
from tests.helpers import downloaded
from tests.test_privacy_pipeline import texts
from ui import nav
from ui.handover import FULL_CONFIRM

pytestmark = pytest.mark.browser
#: A link to any address or site of the probes (the app's own example `naam@domein.nl` is no
#: uploaded text).
BAIT_LINKS = ", ".join(f"a[href*='{text.split('@')[-1]}']" for text in (*LINK_BAIT, *EMAILS))


class Recorder:
    """Every request a browser context makes, and every websocket frame it receives."""

    def __init__(self, context: BrowserContext) -> None:
        self.urls: list[str] = []
        self.frames: list[bytes] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", self.watch)

    def watch(self, page: Page) -> None:
        page.on("websocket", lambda ws: ws.on("framereceived", self.frame))

    def frame(self, payload: bytes | str) -> None:
        self.frames.append(payload.encode() if isinstance(payload, str) else payload)

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.urls if not url.startswith(("data:", "blob:"))}


@pytest.fixture
def recorded(browser: Browser, app_url: str) -> Iterator[tuple[Page, Recorder]]:
    """A fresh session whose every request and websocket frame is recorded from the start."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="nl-NL")
    recorder = Recorder(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app_url)
    yield page, recorder
    context.close()


def downloads(page: Page) -> dict[str, bytes]:
    """Every download of the Fixlijst page, as a user clicks them, by extension."""
    found = {}
    for label in ("Download als CSV", "Download als Excel"):
        with page.expect_download() as info:
            page.get_by_role("button", name=label).click()
        found[Path(info.value.suggested_filename).suffix] = downloaded(info.value)
    return found


def every_page(page: Page) -> dict[str, str]:
    """The text of every page, opened through the navigation."""
    return {spec.title: (go(page, spec), shown_text(page))[1] for spec in nav.PAGES}


#: What a browser fetches by itself: headless chromium skips the favicon, so the page's
#: resource addresses are read from the page as well as from the requests.
RESOURCES = """() => [...document.querySelectorAll(
    'link[href], script[src], img[src], iframe[src], source[src], video[src], audio[src]'
)].map(e => e.href || e.src)"""


def resource_hosts(page: Page) -> set[str]:
    """The hosts of every resource the current page refers to."""
    return {urlsplit(url).netloc for url in page.evaluate(RESOURCES) if url.startswith("http")}


def test_a_whole_journey_requests_nothing_but_the_app(
    recorded: tuple[Page, Recorder], app_url: str
) -> None:
    page, recorder = recorded
    own = {urlsplit(app_url).netloc}
    assert resource_hosts(page) == own  # the favicon included
    page.get_by_role("button", name="Probeer met voorbeelddata").click()
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    for spec in nav.PAGES:
        go(page, spec)
        assert resource_hosts(page) == own, spec.title
    go(page, nav.FIXLIJST)
    assert downloads(page)
    settle(page)
    assert recorder.hosts() == own, sorted(recorder.urls)


def test_nothing_personal_reaches_the_page_the_downloads_or_the_websocket(
    recorded: tuple[Page, Recorder], app_url: str, tmp_path: Path
) -> None:
    page, recorder = recorded
    probes = write_probes(tmp_path)
    inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    inputs.nth(0).set_input_files(probes["relaties"])
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(1).set_input_files(
        probes["contacten"]
    )
    expect(page.get_by_text("Gecontroleerd:")).to_be_visible()
    settle(page)
    shown = every_page(page)
    assert "Jansen\\_BSN\\_" not in shown["Bestanden"]
    assert "Jansen_BSN_*****2333.csv" in shown["Bestanden"]  # masked, and still recognisable
    go(page, nav.FIXLIJST)
    files = downloads(page)
    assert set(files) == {".csv", ".xlsx"}
    found = {title: leaks(text) for title, text in shown.items() if leaks(text)}
    found |= {name: leaks(texts(data)) for name, data in files.items() if leaks(texts(data))}
    frames = "\n".join(frame.decode("utf-8", "replace") for frame in recorder.frames)
    assert len(frames) > 10_000  # the scan reads the tables the server sent
    found |= {"websocket": leaks(frames)} if leaks(frames) else {}
    assert found == {}
    for spec in nav.PAGES:  # no value, header or file name became a link
        go(page, spec)
        links = page.locator(BAIT_LINKS)
        assert links.count() == 0, spec.title
    assert recorder.hosts() == {urlsplit(app_url).netloc}
    # the scan sees the probes as soon as presentation mode is off
    page.get_by_text("Presentatiemodus").first.click()
    settle(page)
    go(page, nav.FIXLIJST)
    page.get_by_text(FULL_CONFIRM).click()  # full values: an explicit choice
    settle(page)
    assert leaks(texts(downloads(page)[".csv"])) & (set(BSNS) | set(EMAILS))


def test_a_file_over_the_limit_is_refused_in_dutch(browser: Browser) -> None:
    with streamlit_server("--server.maxUploadSize", "1") as url:
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(30_000)
        page.goto(url)
        expect(page.get_by_text("Maximaal 1 MB per bestand").first).to_be_visible()
        dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
        dropzone.set_input_files(
            files=[{"name": "groot.csv", "mimeType": "text/csv", "buffer": b"a;b\n" * 600_000}]
        )
        chip = page.locator('[data-testid="stFileChip"][aria-invalid="true"]')
        expect(chip).to_be_visible()
        said = chip.evaluate("e => getComputedStyle(e, '::after').content")
        assert said == '"Te groot (max. 1 MB): niet geladen"'
        page.close()
