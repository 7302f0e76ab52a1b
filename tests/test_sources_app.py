"""The Kolommen and Bestanden pages with an old package's export: recognised, chosen by hand,
suggestions accepted with one click (AppTest)."""

from __future__ import annotations

import pytest
from package_exports import package_pair
from streamlit.testing.v1 import AppTest
from test_app import DATA, button, start, visit

from ui import nav, state


@pytest.fixture(scope="module")
def exact() -> dict[str, bytes]:
    _template, export = package_pair("exact", n=60)
    return {k: f.to_csv(index=False, sep=";").encode() for k, f in export.items()}


@pytest.fixture
def uploaded(exact: dict[str, bytes]) -> AppTest:
    at = start()
    at.file_uploader[0].set_value(("accounts.csv", exact["relaties"], "text/csv")).run()
    at.file_uploader[1].set_value(("contacts.csv", exact["contacten"], "text/csv")).run()
    assert not at.exception
    return at


def test_bestanden_says_which_package_and_what_was_undone(uploaded: AppTest) -> None:
    notes = [i.value for i in uploaded.info]
    assert "Herkend: export uit Exact Online." in notes
    assert any("vult nummers met spaties aan tot 18 tekens" in n for n in notes)


def test_kolommen_shows_the_package_and_lets_the_user_switch_it_off(uploaded: AppTest) -> None:
    visit(uploaded, nav.KOLOMMEN.path)
    assert [s.value for s in uploaded.success] == ["Herkend: export uit Exact Online."]
    source = next(s for s in uploaded.selectbox if s.label == "Bron van het bestand")
    assert source.value == "auto"
    kvk = next(s for s in uploaded.selectbox if s.label == "KvK-nummer")
    assert kvk.value == "ChamberOfCommerce"
    captions = [c.value for c in uploaded.caption]
    assert any("zeker (kolom van Exact Online)" in c for c in captions)
    assert any("herkend aan de woorden" in c for c in captions)  # "Frequentie loonbelasting"
    runs = uploaded.session_state[state.RUNS]
    source.set_value("geen").run()
    assert not uploaded.exception
    assert uploaded.session_state[state.RUNS] == runs + 1
    assert uploaded.session_state[state.REPORT].files["relaties"].mapping.source is None
    assert not uploaded.success
    assert any("Verplicht maar zonder kolom: Relatienummer" in e.value for e in uploaded.error)


def test_a_suggestion_is_accepted_with_one_click() -> None:
    at = start()
    csv = "Relatienr.;Naam;Soort;Omzetbel. nr\n1;A BV;organisatie;NL001000019B01\n"
    at.file_uploader[0].set_value(("relaties.csv", csv.encode(), "text/csv")).run()
    visit(at, nav.KOLOMMEN.path)
    shown = "Kolom **Omzetbel\\. nr** is waarschijnlijk **BTW\\-nummer**"
    assert any(shown in m.value for m in at.markdown)
    button(at, "Koppelen").click().run()
    assert not at.exception
    report = at.session_state[state.REPORT]
    assert report.files["relaties"].mapping.column("btw_nummer") == "Omzetbel. nr"
    assert next(s for s in at.selectbox if s.label == "BTW-nummer").value == "Omzetbel. nr"
    assert not any("waarschijnlijk" in m.value for m in at.markdown)


def test_files_in_the_wrong_slots_are_swapped_with_one_click() -> None:
    template, _export = package_pair("twinfield", n=40)
    at = start()
    relaties, contacten = (template[k].to_csv(index=False, sep=";").encode() for k in template)
    at.file_uploader[0].set_value(("contacten.csv", contacten, "text/csv")).run()
    at.file_uploader[1].set_value(("relaties.csv", relaties, "text/csv")).run()
    assert any("Dit relatiebestand lijkt een contactenbestand" in i.value for i in at.info)
    button(at, "Omwisselen").click().run()
    assert not at.exception
    report = at.session_state[state.REPORT]
    assert report.files["relaties"].table.filename == "relaties.csv"
    assert report.files["contacten"].table.filename == "contacten.csv"
    assert "relatienummers.unknown_relatie" not in set(report.issues["code"])
    assert not any(b.label == "Omwisselen" for b in at.button)


def test_contacten_are_made_from_a_relaties_export() -> None:
    template, _export = package_pair("twinfield", n=40)
    relaties = template["relaties"].assign(
        Contactpersoon="Jan " + template["relaties"]["Naam"],
        **{"E-mail": "info" + template["relaties"]["Relatienr."].str.strip() + "@kantoor.nl"},
    )
    at = start()
    at.file_uploader[0].set_value(
        ("export.csv", relaties.to_csv(index=False, sep=";").encode(), "text/csv")
    ).run()
    button(at, "Contactenbestand maken uit de relaties").click().run()
    assert not at.exception
    report = at.session_state[state.REPORT]
    assert report.files["contacten"].table.filename == "contacten_uit_export.csv"
    assert len(report.files["contacten"].table.frame) == 40
    assert "relatienummer.no_contact" not in set(report.issues["code"])
    assert any("Gemaakt uit de contactkolommen van export.csv" in i.value for i in at.info)
    assert not any(b.label == "Contactenbestand maken uit de relaties" for b in at.button)


def test_the_contact_sheet_of_a_workbook_becomes_the_contacten_file() -> None:
    data = (DATA / "relaties_titelregel.xlsx").read_bytes()
    at = start()
    at.file_uploader[0].set_value(("relaties_titelregel.xlsx", data, "x")).run()
    button(at, "Blad 'Contacten' gebruiken als contactenbestand").click().run()
    assert not at.exception
    contacten = at.session_state[state.REPORT].files["contacten"].table
    assert contacten.sheet == "Contacten"
