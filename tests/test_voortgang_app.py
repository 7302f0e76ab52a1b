"""The Voortgang page driven headlessly: save, follow an office, compare, delete, no store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import WEEK_1, WEEK_2
from streamlit.testing.v1 import AppTest

from dq.progress.history import History, HistoryError
from ui import nav

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(autouse=True)
def own_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with an empty history of its own."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'history.sqlite'}")


def start(relaties: str | None = None) -> AppTest:
    """A session on the Voortgang page, after checking this relaties file (if any)."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    if relaties is not None:
        at.file_uploader[0].set_value(("relaties.csv", relaties.encode(), "text/csv")).run()
    return visit(at)


def visit(at: AppTest) -> AppTest:
    at.switch_page(nav.VOORTGANG.path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def save(at: AppTest, kantoor: str, label: str) -> AppTest:
    """Save the current check as the user does on the 'Controle opslaan' tab."""
    office = next(s for s in at.selectbox if "Nieuw kantoor…" in s.options)
    if kantoor in office.options:
        office.set_value(kantoor).run()
    else:
        office.set_value("").run()
        next(t for t in at.text_input if t.label == "Naam van het nieuwe kantoor").input(kantoor)
    next(t for t in at.text_input if t.label.startswith("Label")).input(label)
    return click(at, "Opslaan in de geschiedenis")


def upload_week(at: AppTest, text: str) -> AppTest:
    """Replace the checked relaties file, on the Bestanden page, and come back."""
    at.switch_page(nav.BESTANDEN.path).run()
    click(at, "Bestand verwijderen")
    at.file_uploader[0].set_value(("relaties.csv", text.encode(), "text/csv")).run()
    return visit(at)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_without_check_or_history_the_page_explains_what_to_do() -> None:
    at = start()
    infos = [i.value for i in at.info]
    assert any("Nog geen controles opgeslagen" in i for i in infos)
    assert any("nog geen bestanden gecontroleerd" in i for i in infos)
    assert not at.error


def test_save_two_checks_and_follow_the_office() -> None:
    at = start(WEEK_1)
    save(at, "Kantoor Oost", "week 1")
    assert "Opgeslagen als controle 1 van Kantoor Oost." in [s.value for s in at.success]
    upload_week(at, WEEK_2)
    save(at, "Kantoor Oost", "week 2")
    offices = at.dataframe[0].value
    assert offices["Kantoor"].tolist() == ["Kantoor Oost"]
    assert list(offices["Trend"].iloc[0]) == [33.3, 50.0]
    assert (offices["Gereedheid"].iloc[0], offices["Controles"].iloc[0]) == ("50,0%", 2)
    assert next(s for s in at.selectbox if s.label == "Kantoor bekijken").value == "Kantoor Oost"
    shown = metrics(at)
    assert shown["Gereedheid (laatste controle)"] == "50,0%"
    assert shown["Opgeslagen controles"] == "2"
    assert shown["Dagen sinds de laatste controle"] == "0"
    sentence = next(i.value for i in at.info if i.value.startswith("Sinds de vorige controle"))
    assert "(week 1, " in sentence and "1 van 2 problemen opgelost, 1 nieuw" in sentence
    titles = chart_titles(at)
    assert "Gereedheid per controle, totaal en per product" in titles
    assert "Openstaande problemen per controle" in titles
    assert "Geldigheid per veld per controle (velden onder 100%)" not in titles
    checks = next(d.value for d in at.dataframe if "Label" in d.value.columns)
    assert checks["Label"].tolist() == ["week 2", "week 1"]  # newest first
    next(b for b in at.button_group if b.label == "Score per veld").set_value("validity_pct").run()
    assert "Geldigheid per veld per controle (velden onder 100%)" in chart_titles(at)


def test_compare_with_a_saved_check() -> None:
    at = start(WEEK_1)
    save(at, "Kantoor Oost", "week 1")
    upload_week(at, WEEK_2)
    shown = metrics(at)
    assert (shown["Opgelost"], shown["Nog open"], shown["Nieuw"]) == ("1", "1", "1")
    assert "Problemen sinds de vorige controle" in chart_titles(at)
    new = next(d.value for d in at.dataframe if "Melding" in d.value.columns)
    assert new["Nummer"].tolist() == ["203"]
    assert new["Melding"].iloc[0].startswith("BSN bestaat niet")
    next(b for b in at.button_group if b.label == "Meldingen").set_value("fixed").run()
    fixed = next(d.value for d in at.dataframe if "Melding" in d.value.columns)
    assert fixed["Nummer"].tolist() == ["200"]
    fields = next(d.value for d in at.dataframe if "± geldig" in d.value.columns)
    assert fields["Veld"].tolist() == ["BSN"]  # only the fields that changed
    bsn = fields.iloc[0]
    assert (bsn["Geldig vorige"], bsn["Geldig nu"], bsn["± geldig"]) == ("33,3%", "50,0%", "+16,7")
    next(t for t in at.toggle if t.label == "Ook velden zonder verschil").set_value(True).run()
    every = next(d.value for d in at.dataframe if "± geldig" in d.value.columns)
    assert every["Veld"].iloc[0] == "BSN" and len(every) > 1


def test_compare_with_uploaded_earlier_files() -> None:
    at = start(WEEK_2)
    next(b for b in at.button_group if b.label == "Vorige versie").set_value("upload").run()
    previous = next(u for u in at.file_uploader if u.label == "Vorig relatiebestand")
    previous.set_value(("relaties_week1.csv", WEEK_1.encode(), "text/csv")).run()
    assert not at.exception
    shown = metrics(at)
    assert (shown["Opgelost"], shown["Nog open"], shown["Nieuw"]) == ("1", "1", "1")
    assert shown["Gereedheid nu"] == "50,0%"


def test_delete_an_office_only_after_confirming() -> None:
    at = start(WEEK_1)
    save(at, "Kantoor Weg", "week 1")
    delete = next(b for b in at.button if b.label == "Definitief verwijderen")
    assert delete.disabled
    next(c for c in at.checkbox if c.label.startswith("Ja, verwijder")).check().run()
    click(at, "Definitief verwijderen")
    assert any("De geschiedenis van Kantoor Weg is verwijderd" in s.value for s in at.success)
    assert any("Nog geen controles opgeslagen" in i.value for i in at.info)


def test_a_history_that_cannot_be_opened_leaves_the_page_working(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://niemand@127.0.0.1:9/historie")
    at = start(WEEK_2)
    assert any("De geschiedenis kon niet worden geopend" in e.value for e in at.error)
    assert "Vorig relatiebestand" in [u.label for u in at.file_uploader]
    assert not any(b.label == "Opslaan in de geschiedenis" for b in at.button)


def test_a_history_that_fails_later_shows_a_message_per_tab(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def gone(*_args: object) -> None:
        raise HistoryError("De geschiedenis kon niet worden gelezen: server closed the connection")

    at = start(WEEK_1)
    save(at, "Kantoor Oost", "week 1")
    monkeypatch.setattr(History, "offices", gone)
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 3 and all("kon niet worden gelezen" in e for e in errors)
