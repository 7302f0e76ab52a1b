"""The kick-off call end to end in AppTest: the way from the demo to the Overzicht, the
colour of the result, the next steps, a file that is no spreadsheet, the Dutch uploader
limits, and every count on every page against `dq check --json` for the demo pair."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dq.checks.codes import all_codes
from dq.io.readers import NOT_A_TABLE
from ui import nav, state
from ui.files import SESSION_ONLY
from ui.fix import RELOAD
from ui.labels import delta, escape_md
from ui.mapping import MAX_MB as MAPPING_MB

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 60
CLEAN = "Relatienummer;Naam;Soort;BSN;Producten\n5000;Jan Jansen;persoon;111222333;Aangifte IB\n"


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit(at: AppTest, spec: nav.PageSpec) -> AppTest:
    at.switch_page(spec.path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, slot: int, name: str, data: bytes) -> AppTest:
    at.file_uploader[slot].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def links(at: AppTest) -> list[str]:
    """The pages the page links to, in page order."""
    return [link.proto.page for link in at.get("page_link")]


def alerts(at: AppTest) -> Iterator[tuple[str, str]]:
    for kind in ("success", "info", "warning", "error"):
        for element in getattr(at, kind):
            yield kind, str(element.value)


@pytest.fixture
def demo() -> AppTest:
    return click(start(), "Probeer met voorbeelddata")


# --- 1. the way through ------------------------------------------------------------------


def test_the_demo_result_is_red_and_one_button_leads_to_the_overzicht(demo: AppTest) -> None:
    (box,) = [text for kind, text in alerts(demo) if "Gecontroleerd:" in text]
    assert [kind for kind, text in alerts(demo) if text == box] == ["error"]  # not green
    assert "nog niet klaar voor import" in box and "29 fouten" in box
    button = next(b for b in demo.button if b.label == "Naar het overzicht")
    assert button.proto.type == "primary"
    # the box and its button come before the uploaders: in view without scrolling
    assert demo.button[0].label == "Naar het overzicht"
    click(demo, "Naar het overzicht")
    assert demo.title[0].value == "Overzicht"


def test_a_ready_file_gives_a_green_result() -> None:
    at = upload(start(), 0, "relaties.csv", CLEAN.encode())
    (kind,) = [kind for kind, text in alerts(at) if "Gecontroleerd:" in text]
    assert kind == "success"
    assert not at.error


def test_the_overzicht_lists_the_next_steps_with_their_pages(demo: AppTest) -> None:
    visit(demo, nav.OVERZICHT)
    assert "Volgende stappen" in [s.value for s in demo.subheader]
    steps = [m.value for m in demo.markdown if re.match(r"\*\*\d\. ", m.value)]
    assert steps[0].startswith("**1. Herstel de 29 fouten**")
    assert any("Bekijk de 14 waarschuwingen" in s for s in steps)
    assert any("Bewaar deze controle" in s for s in steps)
    shown = links(demo)
    for spec in (nav.HERSTELLEN, nav.FIXLIJST, nav.VOORTGANG):
        assert spec.title.lower() in shown, spec  # the page's url name


# --- 3. a file that is no spreadsheet ------------------------------------------------------


@pytest.mark.parametrize("name", ["notitie.txt", "notitie.csv"])
def test_a_text_without_columns_is_refused_and_no_page_pretends(name: str) -> None:
    at = upload(start(), 0, name, b"Bel Anna morgen over de relaties.\n")
    assert [e.value for e in at.error] == [NOT_A_TABLE]
    assert not any("Gecontroleerd" in text for _kind, text in alerts(at))
    assert at.session_state[state.REPORT] is None
    for spec in (nav.OVERZICHT, nav.RELATIES, nav.FIXLIJST, nav.HERSTELLEN):
        visit(at, spec)
        named = escape_md(name)  # shown literally, never as markdown
        assert any(named in e.value and "niet gecontroleerd" in e.value for e in at.error)
        assert any("nog geen bestanden gecontroleerd" in i.value for i in at.info)
        assert not at.metric


def test_with_one_file_unread_the_other_pages_say_so(demo: AppTest) -> None:
    upload(demo, 0, "relaties.txt", b"Bel Anna morgen over de relaties.\n")
    visit(demo, nav.OVERZICHT)
    unread = f"relatiebestand {escape_md('relaties.txt')} kon niet worden gelezen"
    assert any(unread in e.value for e in demo.error)
    assert list(demo.session_state[state.REPORT].files) == ["contacten"]


# --- 4. a reload loses the files -------------------------------------------------------------


def test_bestanden_and_herstellen_say_that_a_reload_empties_the_session(demo: AppTest) -> None:
    assert SESSION_ONLY in [c.value for c in demo.caption]
    assert "herladen" in SESSION_ONLY
    visit(demo, nav.HERSTELLEN)
    assert RELOAD in [c.value for c in demo.caption]


# --- 10 and 12. the uploaders' own limits ----------------------------------------------------


def test_each_uploader_has_its_own_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DQ_MAX_FILE_MB", "50")
    at = start()
    assert [u.proto.max_upload_size_mb for u in at.file_uploader] == [50, 50]
    click(at, "Probeer met voorbeelddata")
    visit(at, nav.KOLOMMEN)
    (mapping,) = at.file_uploader
    assert mapping.proto.max_upload_size_mb == MAPPING_MB == 1


# --- 9. no change is 'gelijk' ------------------------------------------------------------------


def test_no_change_is_gelijk_without_an_arrow() -> None:
    assert delta(0.04, " procentpunt") == {
        "delta": "gelijk",
        "delta_color": "off",
        "delta_arrow": "off",
    }
    assert delta(1.26, " procentpunt") == {"delta": "+1,3 procentpunt"}
    assert delta(None) == {}


# --- 8. every count from one place --------------------------------------------------------------


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`dq check --json` on the demo pair as `dq demo` writes it."""
    folder = tmp_path_factory.mktemp("demo")
    dq = [sys.executable, "-m", "dq"]
    subprocess.run([*dq, "demo", "--out", str(folder)], check=True, capture_output=True)
    files = [
        "--relaties",
        str(folder / "relaties.xlsx"),
        "--contacten",
        str(folder / "contacten.csv"),
    ]
    run = subprocess.run([*dq, "check", *files, "--json"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    return json.loads(run.stdout)


def _n(text: str) -> int:
    return int(text.replace(".", ""))


def _row_issues(document: dict, kind: str, levels: tuple[str, ...]) -> list[dict]:
    """The JSON issues of rows (file-level ones are the `bestand.` codes) of these severities."""
    return [
        i
        for i in document["issues"]
        if i["file"] == kind and i["severity"] in levels and not i["code"].startswith("bestand.")
    ]


def test_every_page_shows_the_counts_of_the_json(demo: AppTest, document: dict) -> None:
    counts, files = document["counts"], document["files"]
    line = {
        kind: f"{f['counts']['error']} fouten · {f['counts']['warning']} waarschuwingen · "
        f"{f['counts']['info']} info"
        for kind, f in files.items()
    }
    assert sum(f["counts"]["info"] for f in files.values()) == counts["info"]

    # Bestanden: rows, repairs and counts per file, and the result box
    metrics = [(m.label, m.value) for m in demo.metric]
    assert [v for label, v in metrics if label == "Rijen gelezen"] == [
        str(f["rows"]) for f in files.values()
    ]
    assert [_n(v) for label, v in metrics if label == "Hersteld"] == [
        f["repaired"] for f in files.values()
    ]
    assert [c.value for c in demo.caption if " fouten · " in c.value] == list(line.values())
    (box,) = [e.value for e in demo.error if "Gecontroleerd" in e.value]
    assert f"{counts['error']} fouten en {counts['warning']} waarschuwingen" in box

    # Overzicht: the totals, the repairs, and the same line per file
    visit(demo, nav.OVERZICHT)
    shown = {m.label: m.value for m in demo.metric}
    assert _n(shown["Fouten"]) == counts["error"]
    assert _n(shown["Waarschuwingen"]) == counts["warning"]
    assert _n(shown["Hersteld"]) == sum(f["repaired"] for f in files.values())
    captions = [c.value for c in demo.caption]
    for kind, f in files.items():
        assert f"{line[kind]} · {f['repaired']} hersteld" in captions
        assert shown[kind.capitalize()] == f"{f['rows']} rijen"
    banner = next(m.value for m in demo.markdown if "dq-kpi" in m.value)
    assert f"{document['readiness']:.1f}".replace(".", ",") + "%" in banner

    # Relaties and Contacten: the rows with an error or warning, out of all rows
    for spec, kind in ((nav.RELATIES, "relaties"), (nav.CONTACTEN, "contacten")):
        visit(demo, spec)
        rows = {i["row"] for i in _row_issues(document, kind, ("error", "warning"))}
        assert any(
            c.value.startswith(f"{len(rows)} van {files[kind]['rows']} rijen") for c in demo.caption
        ), kind

    # Velden: every field with a finding, its numbers above and its table below
    visit(demo, nav.VELDEN)
    for kind, scores in document["fields"].items():
        for key, score in scores.items():
            found = _row_issues(document, kind, ("error", "warning", "info"))
            found = [i for i in found if i["field"] == key]
            if not found:
                continue
            next(s for s in demo.selectbox if s.label == "Veld").set_value((kind, key)).run()
            assert not demo.exception
            shown = {m.label: m.value for m in demo.metric}
            assert _n(shown["Ontbreekt"]) == score["missing"], (kind, key)
            assert _n(shown["Ongeldig"]) == score["invalid"], (kind, key)
            heading = f"Meldingen bij dit veld ({len(found)})"
            assert heading in [s.value for s in demo.subheader], (kind, key)
            assert len(demo.dataframe[1].value) == len(found), (kind, key)

    # Fixlijst: errors and warnings, and with the infos everything
    visit(demo, nav.FIXLIJST)
    problems = counts["error"] + counts["warning"]
    assert any(m.value == f"**{problems} meldingen** in de lijst." for m in demo.markdown)
    next(t for t in demo.toggle if t.label.startswith("Ook info-meldingen")).set_value(True).run()
    total = sum(counts.values())
    assert any(m.value == f"**{total} meldingen** in de lijst." for m in demo.markdown)

    # Herstellen: the counts that follow each edit start from the same numbers
    visit(demo, nav.HERSTELLEN)
    shown = {m.label: m.value for m in demo.metric}
    assert (_n(shown["Fouten"]), _n(shown["Waarschuwingen"])) == (
        counts["error"],
        counts["warning"],
    )


# --- 9. one word for a field that is needed -------------------------------------------------


@pytest.mark.parametrize(
    ("key", "word", "severity"),
    [("kvk_nummer", "gewenst", "warning"), ("bsn", "verplicht", "error")],
)
def test_a_field_is_verplicht_only_when_its_absence_is_an_error(
    demo: AppTest, key: str, word: str, severity: str
) -> None:
    missing = all_codes()[f"{key}.missing"]
    assert missing.severity == severity and f" {word}. " in missing.message
    visit(demo, nav.VELDEN)
    next(s for s in demo.selectbox if s.label == "Veld").set_value(("relaties", key)).run()
    when = next(m.value for m in demo.markdown if m.value.startswith("**Wanneer:**"))
    assert f"**Wanneer:** {word} " in when
    assert f"{word.capitalize()} in" in [m.label for m in demo.metric]
