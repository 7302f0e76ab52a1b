"""The Herstellen page in AppTest: counts that follow edits, undo/redo, apply to all, accept.

AppTest cannot type into the data editor; the grid's own callback is exercised in the
browser test. Here an edit goes through the session's edit model, as the grid's callback
does, and every other control is clicked like a user would.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dq.checks.report import Report
from dq.spec.fields import RELATIES
from ui import fix as fix_page
from ui import nav, rows, state

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = nav.HERSTELLEN.path


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def fix() -> AppTest:
    """The demo data on the Herstellen page."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    click(at, "Probeer met voorbeelddata")
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def grid(at: AppTest):
    """The editable grid (the first table on the page)."""
    return at.dataframe[0].value


def test_the_page_shows_the_rows_with_problems_and_the_counts(fix: AppTest) -> None:
    assert metrics(fix) == {
        "Gereedheid": "94,5%",
        "Fouten": "29",
        "Waarschuwingen": "14",
        "Wijzigingen": "0",
    }
    rows = grid(fix)
    assert list(rows.columns[:4]) == ["Status", "Rij", "Relatienummer", "Meldingen"]
    assert set(rows["Status"]) == {"Fout", "Waarschuwing"}
    assert rows["Meldingen"].str.contains("BSN bestaat niet").any()
    assert next(b for b in fix.button if b.label == "Terug").disabled
    assert any("herladen van de pagina wist ze" in c.value for c in fix.caption)


def test_an_edit_updates_counts_and_grid_and_can_be_undone(fix: AppTest) -> None:
    edits = fix.session_state[state.EDITS]
    bad = edits.report.issues.query("code == 'bsn.invalid_checksum'").iloc[0]
    edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    fix.session_state[state.RUNS] += 1  # what the grid's callback does after an edit
    fix.run()
    assert metrics(fix)["Fouten"] == "28" and metrics(fix)["Wijzigingen"] == "1"
    rows = grid(fix)
    fixed = rows[rows["Rij"].eq(bad.row)]
    assert fixed["Status"].tolist() == ["Hersteld"]
    assert fixed["BSN"].tolist() == ["*****2333"]  # presentation mode: still masked
    click(fix, "Terug")
    assert metrics(fix)["Fouten"] == "29" and metrics(fix)["Wijzigingen"] == "0"
    click(fix, "Opnieuw")
    assert metrics(fix)["Fouten"] == "28"
    click(fix, "Alles")
    assert metrics(fix)["Wijzigingen"] == "0"


def test_apply_to_all_previews_then_changes_every_row(fix: AppTest) -> None:
    fix.selectbox(key=state.widget_key("all_field", RELATIES)).set_value("rechtsvorm").run()
    old = fix.selectbox(key=state.widget_key("all_old", RELATIES, "rechtsvorm"))
    old.set_value("B.V.").run()
    fix.selectbox(key=state.widget_key("all_new", RELATIES, "rechtsvorm")).set_value(
        "Besloten vennootschap"
    ).run()
    preview = [i.value for i in fix.info if "krijgen" in i.value]
    count = int(preview[0].split(" ")[0])
    assert count > 1
    click(fix, f"Toepassen op {count} rij(en)")
    assert metrics(fix)["Wijzigingen"] == str(count)
    assert fix.session_state[state.EDITS].steps[-1].startswith("Rechtsvorm in")


def open_tab(at: AppTest, label: str) -> AppTest:
    """Open a tab of the page, as a click does (closed tabs do not run)."""
    at.session_state[state.widget_key("fix_tab")] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_accept_a_warning_with_a_reason(fix: AppTest) -> None:
    open_tab(fix, fix_page.ACCEPT_TAB)
    reason = fix.text_input(key=state.widget_key("accept_reason", RELATIES))
    reason.set_value("Intern dossier zonder contact").run()
    click(fix, "Accepteren")
    assert metrics(fix)["Waarschuwingen"] == "13"
    assert any(m.value == "**Geaccepteerd (1)**" for m in fix.markdown)
    accepted = fix.session_state[state.EDITS].report.accepted
    assert accepted["reason"].tolist() == ["Intern dossier zonder contact"]
    click(fix, "Acceptatie intrekken")
    assert metrics(fix)["Waarschuwingen"] == "14"


def test_acceptances_carry_over_from_the_office_history(fix: AppTest) -> None:
    from dq.progress.history import History

    open_tab(fix, fix_page.ACCEPT_TAB)
    fix.text_input(key=state.widget_key("accept_reason", RELATIES)).set_value("Intern").run()
    click(fix, "Accepteren")
    History().save(fix.session_state[state.EDITS].report, "Kantoor Herstellen", "week 1")

    later = AppTest.from_file(APP, default_timeout=60).run()
    click(later, "Probeer met voorbeelddata")
    later.switch_page(PAGE).run()
    assert metrics(later)["Waarschuwingen"] == "14"
    open_tab(later, fix_page.ACCEPT_TAB)
    later.selectbox(key=state.widget_key("carry_office")).set_value("Kantoor Herstellen").run()
    click(later, "Overnemen")
    assert metrics(later)["Waarschuwingen"] == "13"
    assert any("1 acceptatie(s) overgenomen" in i.value for i in later.info)
    assert later.session_state[state.EDITS].report.accepted["reason"].tolist() == ["Intern"]


def test_the_row_order_outlives_an_edit_of_another_field(
    fix: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order of the rows (sub-relaties under their relatie) reads the relatienummers
    alone: an edit of a BSN keeps it (`state.carried`), an edit of a number makes it again."""
    made = []
    order = rows.row_order

    @functools.wraps(order)  # the same name: `carried` keeps results by it
    def counted(report: Report, kind: str) -> np.ndarray:
        made.append(kind)
        return order(report, kind)

    monkeypatch.setattr(rows, "row_order", counted)
    edits = fix.session_state[state.EDITS]
    bad = edits.report.issues.query("code == 'bsn.invalid_checksum'").iloc[0]
    edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    fix.session_state[state.RUNS] += 1
    fix.run()
    assert made == []  # made when the page opened, before the patch
    edits.edit(RELATIES, int(bad.pos), "relatienummer", "1.1")
    fix.session_state[state.RUNS] += 1
    fix.run()
    assert made == [RELATIES]
    ((_source, kept),) = (
        held for key, held in fix.session_state[state.CARRIED].items() if key[1] == "row_order"
    )
    np.testing.assert_array_equal(kept, order(edits.report, RELATIES))
