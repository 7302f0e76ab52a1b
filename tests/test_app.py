"""The app as a user meets it, driven headlessly with Streamlit's AppTest.

Every page is visited with the demo data, with an uploaded file and with a broken file; the
assertions are on what the user sees (metrics, messages, tables, chart data).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

import dq
from dq.api import load
from dq.demo.office import demo_files
from ui import nav, state

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DATA = Path(__file__).parent / "data" / "messy"
TIMEOUT = 60
PAGES = [spec.path for spec in nav.PAGES]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    """The demo pair as bytes (what the demo button and a user's upload hold)."""
    return demo_files()


@pytest.fixture(scope="module")
def expected(files: dict[str, bytes]) -> dq.Report:
    """The engine's own verdict on the demo pair, to compare the screen with."""
    return dq.check(
        relaties=("relaties.xlsx", files["relaties.xlsx"]),
        contacten=("contacten.csv", files["contacten.csv"]),
    )


def start() -> AppTest:
    """A fresh session on the start page."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    return at


@pytest.fixture
def demo() -> AppTest:
    """A session in which the user clicked 'Probeer met voorbeelddata'."""
    at = start()
    button(at, "Probeer met voorbeelddata").click().run()
    assert not at.exception
    return at


def button(at: AppTest, label: str) -> Button:
    """The button with this label."""
    return next(b for b in at.button if b.label == label)


def visit(at: AppTest, path: str) -> AppTest:
    """Switch page like the navigation does, and fail on any exception."""
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """Metric label -> shown value."""
    return {m.label: m.value for m in at.metric}


def charts(at: AppTest) -> list[dict]:
    """The plotly figures on the page, as the browser receives them."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def texts(at: AppTest) -> Iterator[str]:
    """Every piece of text the page shows: markdown, captions, alerts, metrics, tables."""
    for kind in ("markdown", "caption", "text", "title", "header", "subheader"):
        for element in getattr(at, kind):
            yield str(element.value)
    for kind in ("info", "success", "warning", "error"):
        for element in getattr(at, kind):
            yield str(element.value)
    for metric in at.metric:
        yield str(metric.value)
    for table in [*at.dataframe, *at.table]:
        yield table.value.astype("str").to_csv(index=False)
    for spec in charts(at):
        yield json.dumps(spec, ensure_ascii=False)


# --- start -------------------------------------------------------------------------------


def test_fresh_start_offers_demo_and_every_page_points_to_bestanden() -> None:
    at = start()
    assert at.title[0].value == "Bestanden"
    # AppTest (1.67) keeps the entry script's sidebar only from the first run; the browser
    # tests check it after uploads.
    assert at.sidebar.toggle[0].label == "Presentatiemodus: BSN/RSIN en e-mail gemaskeerd"
    assert at.sidebar.toggle[0].value is True
    assert [c.value for c in at.sidebar.caption] == ["Nog geen bestanden geladen."]
    assert button(at, "Probeer met voorbeelddata")
    assert len(at.file_uploader) == 2
    for path in PAGES[1:]:
        visit(at, path)
        assert any("nog geen bestanden gecontroleerd" in i.value for i in at.info)


# --- demo data ---------------------------------------------------------------------------


def test_demo_shows_what_was_read(demo: AppTest, expected: dq.Report) -> None:
    shown = [m.value for m in at_metrics_named(demo, "Rijen gelezen")]
    assert shown == [str(len(r.table.frame)) for r in expected.files.values()]
    assert any("Kopregel gevonden op rij 3" in i.value for i in demo.info)
    assert any(f"{expected.counts['error']} fouten" in e.value for e in demo.error)
    assert not any(b.label == "Probeer met voorbeelddata" for b in demo.button)


def at_metrics_named(at: AppTest, label: str) -> list:
    """All metrics with this label, in page order."""
    return [m for m in at.metric if m.label == label]


def test_overzicht_shows_score_verdict_and_charts(demo: AppTest, expected: dq.Report) -> None:
    visit(demo, nav.OVERZICHT.path)
    banner = next(m for m in demo.markdown if "dq-kpi" in m.value)
    score = f"{expected.readiness:.1f}".replace(".", ",") + "%"
    assert score in banner.value
    assert "Nog niet klaar voor import" in banner.value
    shown = metrics(demo)
    assert shown["Fouten"] == str(expected.counts["error"])
    assert shown["Waarschuwingen"] == str(expected.counts["warning"])
    figures = {spec["layout"]["title"]["text"]: spec for spec in charts(demo)}
    fields = figures["Volledigheid en geldigheid per veld (slechtste eerst)"]
    assert [trace["name"] for trace in fields["data"]] == ["Volledigheid", "Geldigheid"]
    assert len(fields["data"][0]["y"]) == 10
    products = figures["Gereedheid per product"]["data"][0]
    used = expected.products[expected.products["relaties"] > 0]
    assert set(products["y"]) == set(used["product"])
    assert len(figures) == 2  # the closed tabs draw nothing until opened
    assert [t.label for t in demo.tabs] == ["Per veld", "Per soort melding", "Per groep relaties"]

    open_tab(demo, "Per soort melding")
    titles = [spec["layout"]["title"]["text"] for spec in charts(demo)]
    assert titles[0] == "Gereedheid per product"
    assert len(titles) == 2 and titles[1].startswith("Meest voorkomende problemen")
    open_tab(demo, "Per groep relaties")
    titles = [spec["layout"]["title"]["text"] for spec in charts(demo)]
    assert titles[1:] == ["Gaten per veld en soort relatie"]
    assert len([c for c in demo.caption if c.value]) >= 2  # each chart says what it measures


def open_tab(at: AppTest, label: str) -> None:
    """Open a tab of the Overzicht, as a click on it does (its state lives under its key)."""
    at.session_state[state.widget_key("overview_tab")] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_overzicht_groups_the_heatmap_by_rechtsvorm(demo: AppTest) -> None:
    visit(demo, nav.OVERZICHT.path)
    open_tab(demo, "Per groep relaties")
    demo.button_group[0].set_value("rechtsvorm").run()
    heat = next(s for s in charts(demo) if s["layout"]["title"]["text"].endswith("rechtsvorm"))
    assert any(x.startswith("Besloten vennootschap") for x in heat["data"][0]["x"])


def test_bekijk_veld_opens_the_field(demo: AppTest) -> None:
    visit(demo, nav.OVERZICHT.path)
    picker = next(s for s in demo.selectbox if s.label == "Bekijk veld")
    picker.set_value(("relaties", "bsn")).run()
    button(demo, "Bekijken").click().run()
    assert not demo.exception
    assert demo.title[0].value == "Velden"
    assert demo.header[0].value == "BSN"
    assert any("elfproef" in i.value for i in demo.info)  # the rule in plain words
    assert metrics(demo)["Ongeldig"] != "0"
    problems = demo.dataframe[0].value
    assert "BSN bestaat niet" in " ".join(problems["Melding"])
    rows = demo.dataframe[1].value
    assert {"Rij", "Nummer", "Naam", "Waarde", "Melding"} <= set(rows.columns)


def test_relaties_rows_with_highlights_hierarchy_and_filters(demo: AppTest) -> None:
    visit(demo, nav.RELATIES.path)
    table = demo.dataframe[0]
    rows = table.value
    assert {"Rij", "Ernst", "Hoofdrelatie", "Relatienr.", "Meldingen"} <= set(rows.columns)
    children = rows[rows["Hoofdrelatie"] != ""]
    assert len(children)
    first = children.iloc[0]
    assert first["Relatienr."].startswith(first["Hoofdrelatie"].removeprefix("↳ ") + ".")
    assert set(rows["Ernst"]) <= {"Fout", "Waarschuwing"}
    assert "background-color: #f8d7d5" in table.proto.arrow_data.styler.styles  # problem cells

    demo.text_input[0].set_value(first["Relatienr."]).run()
    found = demo.dataframe[0].value
    assert set(found["Relatienr."]) == {first["Relatienr."]}

    demo.text_input[0].set_value("").run()
    demo.multiselect[0].set_value(["bsn"]).run()  # Veld
    assert set(demo.dataframe[0].value["Meldingen"].str.contains("BSN")) == {True}


def test_relaties_filter_by_type_and_product(demo: AppTest, expected: dq.Report) -> None:
    visit(demo, nav.RELATIES.path)
    soort = next(m for m in demo.multiselect if m.label == "Soort relatie")
    soort.set_value(["organisatie"]).run()
    rows = demo.dataframe[0].value
    assert set(rows["Soort relatie"].str.lower()) == {"organisatie"}
    product = next(m for m in demo.multiselect if m.label == "Product")
    product.set_value(["Aangifte VPB"]).run()
    numbers = set(demo.dataframe[0].value["Relatienr."])
    ctx = expected.context
    takers = (
        expected.files["relaties"]
        .outcomes["relatienummer"]
        .raw[ctx.products["Aangifte VPB"] & ctx.organisatie]
    )
    assert numbers <= set(takers.str.strip())


def test_contacten_rows_and_group_filter(demo: AppTest) -> None:
    visit(demo, nav.CONTACTEN.path)
    rows = demo.dataframe[0].value
    assert {"Rij", "Ernst", "Contactnr", "Meldingen"} <= set(rows.columns)
    assert "Hoofdrelatie" not in rows.columns
    next(m for m in demo.multiselect if m.label == "Soort relatie").set_value(["persoon"]).run()
    assert not demo.exception
    assert len(demo.dataframe[0].value) <= len(rows)


def test_fixlijst_offers_csv_and_excel(demo: AppTest, expected: dq.Report) -> None:
    visit(demo, nav.FIXLIJST.path)
    labels = [b.label for b in demo.download_button]
    assert labels == ["Download als CSV", "Download als Excel"]
    fixable = (expected.issues["severity"] != "info").sum()
    assert any(f"{fixable} meldingen" in m.value for m in demo.markdown)
    preview = demo.dataframe[0].value
    # on screen the problem comes right after the row and its number, the code last
    assert list(preview.columns[:4]) == ["Rij", "Relatie- of contactnummer", "Ernst", "Probleem"]
    assert preview.columns[-1] == "Code"
    assert set(preview["Ernst"]) == {"fout", "waarschuwing"}
    demo.toggle[0].set_value(True).run()  # info too
    assert any(f"{len(expected.issues)} meldingen" in m.value for m in demo.markdown)


def test_switching_pages_never_rechecks(demo: AppTest) -> None:
    runs = demo.session_state[state.RUNS]
    for path in PAGES:
        visit(demo, path)
    visit(demo, nav.RELATIES.path)
    demo.text_input[0].set_value("Jansen").run()
    assert demo.session_state[state.RUNS] == runs


def test_page_switches_reuse_tables_and_charts_and_build_no_download(
    demo: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables and figures are made once per check (`state.derived`); downloads only on click."""
    from dq.charts import figures as charts
    from dq.exports import fixlist

    calls: Counter[str] = Counter()
    for module, name in [
        (fixlist, "fixlist_table"),
        (fixlist, "fixlist_csv"),
        (fixlist, "fixlist_xlsx"),
        (charts, "field_bars"),
        (charts, "gap_table"),
    ]:
        original = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda *a, _f=original, _n=name, **k: calls.update([_n]) or _f(*a, **k)
        )
    for _ in range(2):
        for path in PAGES:
            visit(demo, path)
        visit(demo, nav.OVERZICHT.path)
        open_tab(demo, "Per groep relaties")
        open_tab(demo, "Per veld")
    assert calls == {"fixlist_table": 1, "field_bars": 1, "gap_table": 1}


# --- column mapping ----------------------------------------------------------------------


def test_kolommen_change_rechecks_and_flags_required_field(demo: AppTest) -> None:
    visit(demo, nav.KOLOMMEN.path)
    runs = demo.session_state[state.RUNS]
    bsn = next(s for s in demo.selectbox if s.label == "BSN")
    assert bsn.value == "BSN"
    bsn.set_value("").run()  # '— geen kolom —'
    assert not demo.exception
    assert demo.session_state[state.RUNS] == runs + 1
    assert any("Verplicht maar zonder kolom: BSN" in e.value for e in demo.error)
    assert next(s for s in demo.selectbox if s.label == "BSN").value == ""
    visit(demo, nav.OVERZICHT.path)
    errors = int(metrics(demo)["Fouten"].replace(".", ""))
    assert errors > 29


def test_kolommen_mapping_file_round_trip(demo: AppTest) -> None:
    visit(demo, nav.KOLOMMEN.path)
    report = demo.session_state[state.REPORT]
    document = {"relaties": {"bsn": None, "naam": "Naam", "onzin": "X", "plaats": "Woonplaats"}}
    upload = next(u for u in demo.file_uploader if u.label == "Opgeslagen koppeling laden")
    upload.set_value(("koppeling.json", json.dumps(document).encode(), "application/json")).run()
    assert not demo.exception
    notes = [i.value for i in demo.info]
    assert "De opgeslagen koppeling is toegepast." in notes
    assert any("Onbekend veld 'onzin'" in n for n in notes)
    assert any("De kolom 'Woonplaats' staat niet in het relatiebestand" in n for n in notes)
    assert next(s for s in demo.selectbox if s.label == "BSN").value == ""
    assert demo.session_state[state.REPORT] is not report


def test_kolommen_rejects_a_file_that_is_no_mapping(demo: AppTest) -> None:
    visit(demo, nav.KOLOMMEN.path)
    upload = next(u for u in demo.file_uploader if u.label == "Opgeslagen koppeling laden")
    upload.set_value(("koppeling.json", b"geen json", "application/json")).run()
    assert not demo.exception
    assert any("geen geldige JSON" in e.value for e in demo.error)


# --- uploads -----------------------------------------------------------------------------


def test_upload_one_file_alone(files: dict[str, bytes]) -> None:
    at = start()
    at.file_uploader[0].set_value(
        ("relaties.xlsx", files["relaties.xlsx"], "application/octet-stream")
    ).run()
    assert not at.exception
    assert [m.value for m in at_metrics_named(at, "Rijen gelezen")] == ["300"]
    visit(at, nav.CONTACTEN.path)
    assert any("geen contactenbestand geladen" in i.value for i in at.info)
    visit(at, nav.OVERZICHT.path)
    assert "Relaties" in metrics(at)


def test_upload_both_files_gives_cross_file_checks(
    files: dict[str, bytes], expected: dq.Report
) -> None:
    at = start()
    at.file_uploader[0].set_value(("relaties.xlsx", files["relaties.xlsx"], "x")).run()
    at.file_uploader[1].set_value(("contacten.csv", files["contacten.csv"], "text/csv")).run()
    assert not at.exception
    report = at.session_state[state.REPORT]
    assert "relatienummer.no_contact" in set(report.issues["code"])
    assert report.counts == expected.counts


def test_the_second_upload_checks_only_itself(files: dict[str, bytes], expected: dq.Report) -> None:
    """The Relaties file's own check is kept when the Contacten file arrives, and a mapping
    change re-checks only the file it is about; the result equals a check of both."""
    at = start()
    at.file_uploader[0].set_value(("relaties.xlsx", files["relaties.xlsx"], "x")).run()
    alone = at.session_state[state.CHECKED]["relaties"][2]
    at.file_uploader[1].set_value(("contacten.csv", files["contacten.csv"], "text/csv")).run()
    assert not at.exception
    report = at.session_state[state.REPORT]
    assert report.stages.checked["relaties"] is alone
    assert report.counts == expected.counts
    contacts = report.stages.checked["contacten"]
    visit(at, nav.KOLOMMEN.path)
    next(s for s in at.selectbox if s.label == "BSN").set_value("").run()
    after = at.session_state[state.REPORT].stages.checked
    assert after["relaties"] is not alone and after["contacten"] is contacts


def test_a_workbook_with_several_sheets_gets_a_sheet_picker() -> None:
    at = start()
    data = (DATA / "relaties_titelregel.xlsx").read_bytes()
    at.file_uploader[0].set_value(("relaties_titelregel.xlsx", data, "x")).run()
    assert not at.exception
    picker = next(s for s in at.selectbox if s.label == "Werkblad")
    assert picker.options == ["Relaties", "Keuzelijsten", "Contacten"]
    assert picker.value == "Relaties"
    picker.set_value("Contacten").run()
    assert not at.exception
    assert at.session_state[state.FILES]["relaties"].table.sheet == "Contacten"
    assert next(s for s in at.selectbox if s.label == "Werkblad").value == "Contacten"


def test_header_row_can_be_overridden(files: dict[str, bytes]) -> None:
    at = start()
    at.file_uploader[0].set_value(("relaties.xlsx", files["relaties.xlsx"], "x")).run()
    header = next(n for n in at.number_input if n.label == "Kopregel (rijnummer)")
    assert header.value == 3
    header.set_value(1).run()
    assert not at.exception
    assert any("Kopregel gekozen op rij 1" in c.value for c in at.caption)
    assert next(n for n in at.number_input if n.label == "Kopregel (rijnummer)").value == 1


def test_a_broken_file_shows_dutch_error_and_the_app_keeps_working() -> None:
    at = start()
    data = (DATA / "pdf_hernoemd.xlsx").read_bytes()
    with pytest.raises(dq.LoadError) as err:
        load(("kapot.xlsx", data), "relaties")
    at.file_uploader[0].set_value(("kapot.xlsx", data, "x")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [str(err.value)]
    visit(at, nav.OVERZICHT.path)
    assert any("nog geen bestanden gecontroleerd" in i.value for i in at.info)
    visit(at, nav.BESTANDEN.path)
    button(at, "Probeer met voorbeelddata").click().run()
    assert not at.exception
    assert at.session_state[state.REPORT] is not None


def test_removing_a_file_empties_its_uploader(demo: AppTest) -> None:
    visit(demo, nav.BESTANDEN.path)
    next(b for b in demo.button if b.label == "Bestand verwijderen").click().run()
    assert not demo.exception
    assert "relaties" not in demo.session_state[state.FILES]
    assert demo.file_uploader[0].value is None
    assert demo.session_state[state.REPORT] is not None  # contacten alone still checked
    assert set(demo.session_state[state.CHECKED]) == {"contacten"}  # its check is let go
    for path in PAGES:
        visit(demo, path)
    visit(demo, nav.RELATIES.path)
    assert any("geen relatiebestand geladen" in i.value for i in demo.info)


@pytest.mark.parametrize(
    ("name", "slot"),
    [
        ("alleen_kopregel.csv", 0),  # a header and no rows
        ("relaties.ods", 0),
        ("relaties_excel_schade.xlsx", 0),
        ("relaties_extra_velden.csv", 0),
        ("contacten_utf8_bom_komma.csv", 1),
        ("wachtwoord_beveiligd.xlsx", 1),
    ],
)
def test_messy_files_never_break_a_page(name: str, slot: int) -> None:
    at = start()
    at.file_uploader[slot].set_value((name, (DATA / name).read_bytes(), "x")).run()
    assert not at.exception
    for path in PAGES:
        visit(at, path)


# --- presentation mode -------------------------------------------------------------------


def personal_numbers(report: dq.Report) -> set[str]:
    """Every BSN and RSIN of the relaties file (8 or 9 digits), as typed."""
    outcomes = report.files["relaties"].outcomes
    values = pd.concat([outcomes["bsn"].raw, outcomes["rsin"].raw]).str.strip()
    return {v for v in values if re.fullmatch(r"\d{8,9}", v)}


def emails(report: dq.Report) -> set[str]:
    """Every e-mail address of the contacten file."""
    raw = report.files["contacten"].outcomes["email"].raw.str.strip()
    return {v for v in raw if "@" in v and len(v) > 6}


def leaks(at: AppTest, secrets: set[str]) -> set[str]:
    """The secrets that appear anywhere in the page's text."""
    shown = "\n".join(texts(at))
    return {s for s in secrets if s in shown}


def test_presentation_mode_masks_every_page(demo: AppTest, expected: dq.Report) -> None:
    secrets = personal_numbers(expected) | emails(expected)
    assert len(secrets) > 100
    for path in PAGES:
        visit(demo, path)
        assert not leaks(demo, secrets), path
    visit(demo, nav.OVERZICHT.path)
    next(s for s in demo.selectbox if s.label == "Bekijk veld").set_value(("relaties", "bsn"))
    button(demo, "Bekijken").click().run()
    assert not leaks(demo, secrets)
    visit(demo, nav.RELATIES.path)
    next(t for t in demo.toggle if t.label == "Alleen rijen met meldingen").set_value(False).run()
    picker = next(n for n in demo.number_input if n.label.startswith("Pagina"))
    assert picker.label == "Pagina (van 3)"  # 300 relaties, 100 a page
    seen = []
    for page in (1, 2, 3):
        picker.set_value(page).run()
        assert not leaks(demo, secrets), page
        seen += demo.dataframe[0].value["Rij"].tolist()
    assert sorted(seen) == sorted(expected.files["relaties"].table.excel_rows.tolist())


def test_velden_examples_are_shown_as_they_are(demo: AppTest) -> None:
    visit(demo, nav.VELDEN.path)
    next(s for s in demo.selectbox if s.label == "Veld").set_value(("relaties", "btw_nummer")).run()
    examples = " ".join(demo.dataframe[0].value["Voorbeelden"])
    assert "NL*****" in examples and "\\" not in examples  # masked, without Markdown escapes


def test_long_tables_show_pages_of_100_rows_and_a_new_filter_starts_at_page_one(
    demo: AppTest,
) -> None:
    visit(demo, nav.RELATIES.path)
    next(t for t in demo.toggle if t.label == "Alleen rijen met meldingen").set_value(False).run()
    picker = next(n for n in demo.number_input if n.label == "Pagina (van 3)")
    picker.set_value(3).run()
    assert not demo.exception
    assert len(demo.dataframe[0].value) == 100
    assert any("Hieronder rijen 201–300, pagina 3 van 3." in c.value for c in demo.caption)
    # the row picked in the table belongs to its page: the table's key carries the page
    assert demo.dataframe[0].key.endswith("_3")
    next(t for t in demo.text_input if t.label.startswith("Zoek")).set_value("1").run()
    picker = next(n for n in demo.number_input if n.label.startswith("Pagina"))
    assert picker.value == 1  # a new filter: back to the first page
    visit(demo, nav.FIXLIJST.path)  # 43 lines: one page, no picker
    assert not [n for n in demo.number_input if n.label.startswith("Pagina")]


def test_turning_presentation_mode_off_reveals_for_this_session(
    demo: AppTest, expected: dq.Report
) -> None:
    visit(demo, nav.RELATIES.path)
    demo.session_state[state.PRESENTATION] = False  # the sidebar toggle, switched off
    demo.run()
    assert leaks(demo, personal_numbers(expected))
    assert any("Presentatiemodus staat uit" in w.value for w in demo.warning)
    assert start().sidebar.toggle[0].value is True  # a new session starts masked
