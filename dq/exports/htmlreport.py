"""The readiness report as one self-contained HTML file, to e-mail to the office after the call.

Everything is inside the file (plotly.js included, no CDN), so it opens offline and keeps
working when forwarded. It holds no personal data: no BSN or RSIN, no cell values, and names
only when asked for. Every text from the files or the catalogue is HTML-escaped. The warnings
the office accepted are listed with its reason (masked like the fix list).
"""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dq.charts.figures import field_bars, issues_by_code, pct_nl, product_bars
from dq.checks.report import SEVERITY_NL, Report
from dq.exports.fixlist import FILE as FILE_NL
from dq.exports.fixlist import (
    KEY,
    NAME,
    PROBLEM,
    ROW,
    SEVERITY,
    accepted_list,
    accepted_note,
    fixlist_table,
)
from dq.exports.steps import next_steps

MAX_NAMED_ROWS = 500
TOP_PROBLEMS = 10
_CHART_CONFIG = {"displaylogo": False, "responsive": True}

_STYLE = """
:root { --ink: #1b2733; --muted: #5b6875; --line: #e3e7ec; --blue: #1f5f8b;
        --red: #b3261e; --amber: #a86a00; --green: #2e7d32; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "Source Sans Pro", Arial, sans-serif; color: var(--ink);
       background: #f5f7fa; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 12px; }
.meta, .note { color: var(--muted); margin: 0; }
section { background: white; border: 1px solid var(--line); border-radius: 10px;
          padding: 20px 24px; margin-top: 18px; }
.verdict { display: flex; gap: 28px; align-items: center; border-left: 8px solid var(--red); }
.verdict.ready { border-left-color: var(--green); }
.score { font-size: 54px; font-weight: 700; line-height: 1; }
.score small { display: block; font-size: 14px; font-weight: 400; color: var(--muted); }
.label { font-size: 22px; font-weight: 700; color: var(--red); }
.ready .label { color: var(--green); }
.counts { display: flex; gap: 18px; margin: 6px 0; }
.counts b { font-size: 18px; }
.sev-error { color: var(--red); } .sev-warning { color: var(--amber); }
.sev-info { color: var(--blue); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
code { font-size: 12px; color: var(--muted); }
ol li { margin-bottom: 6px; }
.chart { margin-top: 10px; }
footer { color: var(--muted); font-size: 13px; margin-top: 18px; }
@media print { body { background: white; } section { break-inside: avoid; } }
"""


def report_html(report: Report, *, names: bool = False) -> bytes:
    """The whole report as UTF-8 HTML; `names` adds the rows with errors, with their names."""
    files = " · ".join(
        f"{_e(r.table.filename)} ({len(r.table.frame)} rijen)" for r in report.files.values()
    )
    todo = fixlist_table(report, masked=True)
    charts = _charts(report)
    parts = [
        "<!doctype html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Gereedheid CRM-import Mijn Kantoor</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        "<h1>Gereedheid CRM-import Mijn Kantoor</h1>",
        f'<p class="meta">Gecontroleerd op {datetime.now():%d-%m-%Y %H:%M} · {files}</p>',
        _verdict(report),
        _next_steps(report),
        _top_problems(report),
        _accepted(report),
        *(f'<section class="chart">{chart}</section>' for chart in charts),
        _named_rows(todo) if names else "",
        "<footer>",
        "Dit rapport bevat geen BSN's, RSIN's of andere celwaarden"
        + ("." if names else " en geen namen.")
        + " Gemaakt met crm-importcheck.",
        "</footer></main></body></html>",
    ]
    return "\n".join(parts).encode("utf-8")


def _e(text: object) -> str:
    """HTML-escape anything that came from a file, a catalogue or a message."""
    return html.escape(str(text), quote=True)


def _verdict(report: Report) -> str:
    counts = report.counts
    ready = report.ready
    repaired = sum(report.repairs.values())
    label = "Klaar voor import" if ready else "Nog niet klaar voor import"
    return (
        f'<section class="verdict{" ready" if ready else ""}">'
        f'<div class="score">{_e(pct_nl(report.readiness))}<small>gereed</small></div>'
        f'<div><div class="label">{label}</div><div class="counts">'
        f'<span class="sev-error"><b>{counts["error"]}</b> fouten</span>'
        f'<span class="sev-warning"><b>{counts["warning"]}</b> waarschuwingen</span>'
        f'<span class="sev-info"><b>{repaired}</b> automatisch hersteld</span></div>'
        '<p class="note">Gereedheid = het deel van alle relaties en contacten zonder fout. '
        "Het bestand kan pas worden geïmporteerd als er geen enkele fout meer is.</p>"
        "</div></section>"
    )


def _next_steps(report: Report) -> str:
    """What the office does next, in order, with the numbers of this check (`dq.exports.steps`)."""
    items = "".join(
        f"<li><b>{_e(step.title)}</b>. {_e(step.detail)}</li>" for step in next_steps(report)
    )
    return f"<section><h2>Volgende stappen</h2><ol>{items}</ol></section>"


def _top_problems(report: Report) -> str:
    """The most frequent kinds of error and warning: count, meaning and code, no values."""
    codes = report.code_counts()
    codes = codes[codes["severity"] != "info"].head(TOP_PROBLEMS)
    if codes.empty:
        return "<section><h2>Grootste problemen</h2><p>Geen fouten of waarschuwingen.</p></section>"
    rows = "".join(
        f'<tr><td class="sev-{_e(r.severity)}">{_e(SEVERITY_NL[r.severity])}</td>'
        f'<td class="num">{r.count}×</td><td>{_e(r.message)}<br><code>{_e(r.code)}</code></td></tr>'
        for r in codes.itertuples()
    )
    return (
        "<section><h2>Grootste problemen</h2><table>"
        "<tr><th>Ernst</th><th>Aantal</th><th>Probleem</th></tr>"
        f"{rows}</table></section>"
    )


def _charts(report: Report) -> list[str]:
    """The charts as HTML fragments; plotly.js is embedded once, in the first."""
    figures: list[go.Figure] = []
    codes = report.code_counts()
    if (codes["severity"] != "info").any():
        figures.append(issues_by_code(codes))
    if len(report.products) and (report.products["relaties"] > 0).any():
        figures.append(product_bars(report.products))
    if len(report.field_scores):
        figures.append(field_bars(report.field_scores))
    return [
        pio.to_html(
            figure,
            full_html=False,
            include_plotlyjs=i == 0,
            config=_CHART_CONFIG,
            default_height=f"{figure.layout.height or 450}px",
        )
        for i, figure in enumerate(figures)
    ]


def _accepted(report: Report) -> str:
    """The warnings the office accepted, with its reason; nothing when there are none."""
    accepted = accepted_list(report, masked=True)
    if accepted.empty:
        return ""
    header = "".join(f"<th>{_e(name)}</th>" for name in accepted.columns)
    return (
        f'<section><h2>Geaccepteerd</h2><p class="note">{_e(accepted_note(len(accepted)))}</p>'
        f"<table><tr>{header}</tr>{_rows(accepted, {ROW: 'num'})}</table></section>"
    )


def _rows(table: pd.DataFrame, classes: dict[str, str]) -> str:
    """The rows of `table` as HTML table rows, every cell escaped; `classes` per column."""
    cells = [
        (f"<td class='{classes[name]}'>" if name in classes else "<td>")
        + column.astype(str).map(_e)
        + "</td>"
        for name, column in table.items()
    ]
    return ("<tr>" + sum(cells[1:], cells[0]) + "</tr>").str.cat()


def _named_rows(todo: pd.DataFrame) -> str:
    """Rows with an error, with the relatie's or contact's name (only when chosen)."""
    errors = todo[todo[SEVERITY] == SEVERITY_NL["error"]]
    shown = errors.head(MAX_NAMED_ROWS)[[FILE_NL, ROW, KEY, NAME, PROBLEM]]
    rows = _rows(shown, {ROW: "num", NAME: "name"})
    more = (
        f'<p class="note">De eerste {MAX_NAMED_ROWS} van {len(errors)}; de fixlijst bevat ze '
        "allemaal.</p>"
        if len(errors) > MAX_NAMED_ROWS
        else ""
    )
    return (
        "<section><h2>Rijen met een fout</h2><table>"
        "<tr><th>Bestand</th><th>Rij</th><th>Nummer</th><th>Naam</th><th>Probleem</th></tr>"
        f"{rows}</table>{more}</section>"
    )
