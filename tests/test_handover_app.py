"""The hand-over in AppTest: the completed fix list taken back on Fixlijst, the Downloads page.

Download buttons build their file on a click, which AppTest cannot make; the files
themselves are opened in the browser test (tests/browser/test_handover_browser.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dq.checks.report import Report
from dq.demo.office import demo_files
from dq.exports.fixlist import fixlist_xlsx
from dq.spec.fields import RELATIES
from tests.helpers import fill_in
from ui import handover, nav, state

APP = str(Path(__file__).resolve().parents[1] / "app.py")
#: Two corrections a user fills in: a tijdvak in Relaties, an e-mail address in Contacten.
ANSWERS = {"tijdvak_lh.not_allowed": "maand", "email.invalid_format": "ruud.yilmaz@yilmaz.nl"}


def run(at: AppTest, masked: bool = True) -> AppTest:
    """Run the script; `masked=False` as with the sidebar toggle switched off.

    (AppTest does not keep the sidebar toggle's value across its page switches, so the
    session state is set before each run; the browser test clicks the real toggle.)
    """
    if not masked:
        at.session_state[state.PRESENTATION] = False
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def demo() -> AppTest:
    """The demo data, on the Fixlijst page."""
    at = run(AppTest.from_file(APP, default_timeout=60))
    next(b for b in at.button if b.label == "Probeer met voorbeelddata").click()
    run(at)
    at.switch_page(nav.FIXLIJST.path)
    return run(at)


def filled(report: Report, answers: dict[str, str]) -> bytes:
    """The (masked) fix list of `report` as the office hands it back, `answers` by code."""
    return fill_in(fixlist_xlsx(report), answers)[0]


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    uploader = at.file_uploader(key=state.widget_key("take_back"))
    uploader.set_value((name, data, "application/octet-stream"))
    return run(at)


def listed(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "meldingen**" in m.value)


def report_of(at: AppTest) -> Report:
    return at.session_state[state.EDITS].report


def test_the_completed_fixlist_is_applied_and_the_counts_drop(demo: AppTest) -> None:
    assert listed(demo).startswith("**43 meldingen**")
    upload(demo, "fixlijst_ingevuld.xlsx", filled(report_of(demo), ANSWERS))
    [success] = [s.value for s in demo.success]
    assert "2 correctie(s), waarvan 2 toegepast" in success and "Fouten 29 → 27" in success
    assert listed(demo).startswith("**41 meldingen**")
    table = demo.dataframe[0].value
    assert table["Resultaat"].tolist() == ["Toegepast", "Toegepast"]
    assert table["Gecorrigeerde waarde"].tolist() == ["maand", "r***@yilmaz.nl"]  # masked
    edits = demo.session_state[state.EDITS]
    assert edits.pending == 2 and edits.steps == ["Fixlijst: 2 correctie(s) overgenomen"]
    demo.switch_page(nav.HERSTELLEN.path)
    run(demo)
    assert {m.label: m.value for m in demo.metric}["Wijzigingen"] == "2"


def test_a_correction_that_still_fails_is_not_applied_and_says_why(demo: AppTest) -> None:
    upload(demo, "f.xlsx", filled(report_of(demo), {"tijdvak_lh.not_allowed": "elke week"}))
    table = demo.dataframe[0].value
    assert table["Resultaat"].tolist() == ["Niet toegepast"]
    assert "kies uit maand" in table["Toelichting"].iloc[0]
    assert demo.session_state[state.EDITS].pending == 0


def test_the_page_says_the_fixlist_wins_over_an_earlier_edit(demo: AppTest) -> None:
    edits = demo.session_state[state.EDITS]
    bad = edits.report.issues.query("code == 'tijdvak_lh.not_allowed'").iloc[0]
    edits.edit(RELATIES, int(bad.pos), "tijdvak_lh", "kwartaal")
    demo.session_state[state.RUNS] += 1
    run(demo)
    upload(demo, "f.xlsx", filled(report_of(demo), ANSWERS))
    assert any("1 cel(len) waren al op Herstellen gewijzigd" in i.value for i in demo.info)
    table = demo.dataframe[0].value
    assert table["Toelichting"].str.contains("de fixlijst gaat voor").sum() == 1
    assert edits.cell(RELATIES, int(bad.pos), "tijdvak_lh") == "maand"
    assert any("wint de laatste stap" in c.value for c in demo.caption)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("relaties.xlsx", demo_files()["relaties.xlsx"], "is geen fixlijst"),
        ("kapot.xlsx", b"PK\x03\x04 geen echt bestand", "beschadigd of onvolledig"),
    ],
)
def test_a_file_that_is_no_fixlist_changes_nothing(
    demo: AppTest, name: str, data: bytes, message: str
) -> None:
    runs = demo.session_state[state.RUNS]
    upload(demo, name, data)
    [error] = [e.value for e in demo.error]
    assert message in error and error.count(name) == 1
    assert demo.session_state[state.EDITS].pending == 0
    assert demo.session_state[state.RUNS] == runs
    assert listed(demo).startswith("**43 meldingen**")


def test_a_fixlist_of_other_files_changes_nothing(demo: AppTest) -> None:
    import dq

    other = dq.check(relaties=("r.xlsx", demo_files(seed=5)["relaties.xlsx"]))
    upload(demo, "andere.xlsx", filled(other, ANSWERS))
    [error] = [e.value for e in demo.error]
    assert "hoort bij andere bestanden" in error and "niets gewijzigd" in error
    assert demo.session_state[state.EDITS].pending == 0


def test_an_empty_fixlist_says_nothing_was_filled_in(demo: AppTest) -> None:
    upload(demo, "leeg.xlsx", filled(report_of(demo), {}))
    assert any("niets ingevuld" in w.value for w in demo.warning)
    assert demo.session_state[state.EDITS].pending == 0


def test_full_bsn_downloads_wait_for_a_confirmation(demo: AppTest) -> None:
    # as the labels read: a name that follows the upload's is escaped Markdown
    buttons = {b.label.replace("\\", ""): b.disabled for b in demo.get("download_button")}
    assert buttons == {"Download als CSV": False, "Download als Excel": False}  # masked
    run(demo, masked=False)
    assert all(b.disabled for b in demo.get("download_button"))
    demo.checkbox(key=state.widget_key("full", "fixlijst")).check()
    run(demo, masked=False)
    assert not any(b.disabled for b in demo.get("download_button"))


def test_downloads_offers_every_export_and_guards_the_full_files(demo: AppTest) -> None:
    demo.switch_page(nav.DOWNLOADS.path)
    run(demo)
    # as the labels read: a name that follows the upload's is escaped Markdown
    buttons = {b.label.replace("\\", ""): b.disabled for b in demo.get("download_button")}
    assert buttons == {
        "Download als CSV": False,
        "Download als Excel": False,
        "Gereedheidsrapport (HTML)": False,
        "relaties_opgeschoond.xlsx": True,  # full BSNs: not in presentation mode
        "contacten_opgeschoond.csv": True,
        "contacten_wijzigingen.csv": True,
        "relaties_importbestand.xlsx": True,
        "contacten_importbestand.xlsx": True,
        "relaties_importvoorbeeld.xlsx": False,
        "contacten_importvoorbeeld.xlsx": False,
    }
    assert any("presentatiemodus uit" in i.value for i in demo.info)
    run(demo, masked=False)
    free = {
        "Gereedheidsrapport (HTML)",
        "relaties_importvoorbeeld.xlsx",
        "contacten_importvoorbeeld.xlsx",
    }
    enabled = {b.label.replace("\\", "") for b in demo.get("download_button") if not b.disabled}
    assert enabled == free
    confirm = demo.checkbox(key=state.widget_key("full", "downloads"))
    assert confirm.label == handover.FULL_CONFIRM
    confirm.check()
    run(demo, masked=False)
    assert not any(b.disabled for b in demo.get("download_button"))


def relaties_columns(at: AppTest) -> str:
    """How many columns the Relaties import file has, as the Downloads page says it."""
    return next(m.value for m in at.markdown if m.value.startswith("**Relaties**")).split("· ")[1]


def test_downloads_takes_an_offices_own_import_example(demo: AppTest) -> None:
    uploader = state.widget_key("layout", RELATIES)
    demo.switch_page(nav.DOWNLOADS.path)
    assert relaties_columns(run(demo)) == "16 kolommen"
    sample = ("importvoorbeeld.csv", b"Relatiecode;Naam;BSN;Klantmanager\r\n", "text/csv")
    demo.file_uploader(key=uploader).set_value(sample)
    assert relaties_columns(run(demo)) == "4 kolommen"
    captions = [c.value for c in demo.caption]
    assert "Blijven leeg (geen veld dat wij kennen): Klantmanager." in captions
    assert "Indeling: uw importvoorbeeldbestand importvoorbeeld.csv." in captions
    labels = [b.label for b in demo.get("download_button")]
    assert "relaties_importbestand.csv" in labels and "relaties_importbestand_uitleg.csv" in labels
    for page in (nav.FIXLIJST, nav.DOWNLOADS):  # the uploader empties, the layout stays
        demo.switch_page(page.path)
        run(demo)
    assert relaties_columns(demo) == "4 kolommen"
    next(b for b in demo.button if b.label == "Standaardindeling").click()
    assert relaties_columns(run(demo)) == "16 kolommen"
    demo.file_uploader(key=uploader).set_value(("iets.csv", b"Foo;Bar\r\n", "text/csv"))
    assert relaties_columns(run(demo)) == "16 kolommen"
    assert any("geen importvoorbeeldbestand" in e.value for e in demo.error)


def test_downloads_without_a_check_still_offers_the_templates() -> None:
    at = run(AppTest.from_file(APP, default_timeout=60))
    at.switch_page(nav.DOWNLOADS.path)
    run(at)
    assert [b.label for b in at.get("download_button")] == [
        "relaties_importvoorbeeld.xlsx",
        "contacten_importvoorbeeld.xlsx",
    ]


def test_saving_on_voortgang_puts_the_office_into_the_download_names(demo: AppTest) -> None:
    from tests.test_voortgang_app import save

    demo.switch_page(nav.DOWNLOADS.path)
    run(demo)
    assert any("Sla de controle op Voortgang op" in c.value for c in demo.caption)
    demo.switch_page(nav.VOORTGANG.path)
    run(demo)
    save(demo, "Hoekstra & Zn. / Zwolle", "week 1")
    assert demo.session_state[state.OFFICE_NAME] == "Hoekstra & Zn. / Zwolle"
    demo.switch_page(nav.DOWNLOADS.path)
    run(demo)
    assert any("(Hoekstra & Zn. / Zwolle)" in c.value for c in demo.caption)


def test_file_names_are_safe_for_every_file_system() -> None:
    day = date(2026, 12, 3)
    assert handover.file_name("fixlijst.xlsx", "Kantoor Één", day) == (
        "fixlijst_Kantoor_Een_2026-12-03.xlsx"
    )
    assert handover.file_name("rapport.html", "../../etc: *?", day) == "rapport_etc_2026-12-03.html"
    assert handover.file_name("a.csv", "   ", day) == "a_2026-12-03.csv"
    assert len(handover.file_name("a.csv", "x" * 500, day)) < 80
