"""The chart builders: what each figure shows, in which order, with Dutch labels."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from helpers import run

import dq
from dq.charts import figures as charts
from dq.demo.office import demo_files
from dq.spec.fields import FIELDS


@pytest.fixture(scope="module")
def report() -> dq.Report:
    """The demo pair, checked once for this module."""
    files = demo_files()
    return dq.check(
        relaties=("relaties.xlsx", files["relaties.xlsx"]),
        contacten=("contacten.csv", files["contacten.csv"]),
    )


LABELS = {f.label for f in FIELDS}


def test_field_bars_worst_first_with_dutch_labels(report: dq.Report) -> None:
    fig = charts.field_bars(report.field_scores)
    complete, valid = fig.data
    assert (complete.name, valid.name) == ("Volledigheid", "Geldigheid")
    assert complete.y == valid.y
    assert set(complete.y) <= LABELS
    worst = [
        min(c if c is not None else 100.0, v if v is not None else 100.0)
        for c, v in zip(complete.x, valid.x, strict=True)
    ]
    assert worst == sorted(worst)
    assert worst[0] < 100
    assert fig.layout.yaxis.autorange == "reversed"  # first category drawn on top
    assert fig.layout.separators == ",."
    assert "slechtste eerst" in fig.layout.title.text


def test_field_bars_carry_file_and_field_for_click_through(report: dq.Report) -> None:
    fig = charts.field_bars(report.field_scores, top=5)
    assert len(fig.data[0].y) == 5
    file, key, hover = fig.data[0].customdata[0]
    assert file in {"relaties", "contacten"}
    assert any(f.key == key and f.file == file for f in FIELDS)
    assert "Volledigheid" in hover


def test_field_bars_leave_out_fields_nobody_needs() -> None:
    report = run(
        relaties=[{"relatienummer": "1", "naam": "A", "type": "persoon", "bsn": "111222333"}]
    )
    labels = charts.field_bars(report.field_scores).data[0].y
    assert "BSN" in labels
    assert "IBAN" not in labels  # not required and never filled


def test_product_bars_only_products_in_use_worst_first(report: dq.Report) -> None:
    fig = charts.product_bars(report.products)
    bar = fig.data[0]
    used = report.products[report.products["relaties"] > 0]
    assert set(bar.y) == set(used["product"])
    assert list(bar.x) == sorted(bar.x)
    ready, relaties = used.set_index("product").loc["Aangifte IB", ["ready", "relaties"]]
    assert f"({ready:.0f} van {relaties:.0f})" in bar.text[list(bar.y).index("Aangifte IB")]


def test_issues_by_code_skips_info_and_colours_by_severity(report: dq.Report) -> None:
    fig = charts.issues_by_code(report.code_counts(), top=8)
    names = {trace.name for trace in fig.data}
    assert names <= {"Fout", "Waarschuwing"}
    shown = [code for trace in fig.data for code, _message in trace.customdata]
    assert len(shown) == 8
    table = report.code_counts().set_index("code")
    levels = [table.at[c, "severity"] for c in shown]
    assert levels == sorted(levels, key=["error", "warning"].index)  # errors first
    errors = [table.at[c, "count"] for c in shown if table.at[c, "severity"] == "error"]
    assert errors == sorted(errors, reverse=True)
    assert "bsn.invalid_checksum" in shown
    labels = list(fig.layout.yaxis.categoryarray)
    assert "BSN bestaat niet" in labels
    assert all(len(label) <= 60 for label in labels)


def test_issues_by_code_with_info() -> None:
    counts = pd.DataFrame(
        {
            "code": ["a.normalised", "b.missing"],
            "severity": ["info", "error"],
            "count": [9, 1],
            "message": ["A is in de standaardvorm gezet.", "B ontbreekt; vul het in."],
        }
    )
    fig = charts.issues_by_code(counts, include_info=True)
    assert [t.name for t in fig.data] == ["Fout", "Info"]
    # errors before infos, however often an info occurs
    assert list(fig.layout.yaxis.categoryarray) == ["B ontbreekt", "A is in de standaardvorm gezet"]


def test_gap_table_counts_missing_and_invalid_per_group(report: dq.Report) -> None:
    gaps = charts.gap_table(report, "type").set_index(["field", "group"])
    bsn = report.field_scores.set_index(["file", "field"]).loc[("relaties", "bsn")]
    persons = gaps.loc[("bsn", "Persoon")]
    assert persons["size"] == (report.context.type == "persoon").sum()
    assert gaps.xs("bsn", level="field")["gaps"].sum() == bsn["missing"] + bsn["invalid"]
    assert persons["gap_pct"] == round(100 * persons["gaps"] / persons["rows"], 1)


def test_gap_heatmap_fields_by_rechtsvorm(report: dq.Report) -> None:
    fig = charts.gap_heatmap(charts.gap_table(report, "rechtsvorm"), "rechtsvorm")
    heat = fig.data[0]
    assert heat.x[0].startswith("Persoon (")  # the largest group first
    assert any(x.startswith("Besloten vennootschap (") for x in heat.x)
    assert set(heat.y) <= LABELS
    assert fig.layout.title.text == "Gaten per veld en rechtsvorm"
    first_row = [v for v in heat.z[0] if v is not None]
    assert max(first_row) == max(v for row in heat.z for v in row if v is not None)


def test_relatie_groups_needs_relaties() -> None:
    report = run(contacten=[{"contactnummer": "1", "achternaam": "Jansen"}])
    assert charts.gap_table(report).empty
    with pytest.raises(ValueError, match="relatiebestand"):
        charts.relatie_groups(report, "type")


def test_short_message_cuts_at_a_word() -> None:
    text = charts.short_message(
        "Er is een BTW-nummer maar geen product Aangifte BTW en geen tijdvak."
    )
    assert text.endswith("…")
    assert len(text) <= 53
    assert not text[:-1].endswith(" ")


def test_issues_by_code_says_how_many_kinds_are_left(report: dq.Report) -> None:
    table = report.code_counts()
    problems = table[table["severity"] != "info"]
    fig = charts.issues_by_code(table, top=5)
    (note,) = fig.layout.annotations
    rest = int(problems["count"].sum()) - _shown_total(fig)
    assert note.text.startswith(f"+ {len(problems) - 5} andere soorten ({rest} meldingen): ")
    assert "soorten waarschuwingen" in note.text  # the warnings left out are named too
    assert not charts.issues_by_code(table, top=len(problems)).layout.annotations


def _shown_total(fig: go.Figure) -> int:
    return sum(sum(trace.x) for trace in fig.data)


def test_field_bars_zoom_in_so_gaps_show_and_label_a_zero_bar() -> None:
    scores = pd.DataFrame(
        {
            "file": ["relaties"] * 3,
            "field": ["bsn", "rsin", "iban"],
            "label": ["BSN", "RSIN", "IBAN"],
            "required": [100, 100, 0],
            "filled": [100, 93, 10],
            "valid": [100, 93, 10],
            "missing": [0, 7, 0],
            "invalid": [0, 0, 0],
            "completeness_pct": [100.0, 93.0, None],
            "validity_pct": [100.0, 100.0, 100.0],
        }
    )
    fig = charts.field_bars(scores)
    assert list(fig.layout.xaxis.range) == [80, 100]  # 93% is a third short of 100%
    assert "de as begint bij 80%" in fig.layout.xaxis.title.text
    zero = scores.assign(completeness_pct=[100.0, 0.0, None])
    fig = charts.field_bars(zero)
    assert list(fig.layout.xaxis.range) == [0, 100]
    complete = fig.data[0]
    at = list(complete.y).index("RSIN")
    assert complete.text[at] == "0,0%" and complete.textposition[at] == "outside"
