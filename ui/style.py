"""The look: a little CSS for large, calm KPIs, and the readiness banner for a shared screen.

Only numbers and fixed Dutch sentences go into raw HTML here; user data never does.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from dq.charts.figures import SEVERITY_LABEL, pct_nl

#: Cell colours per severity: problem cells in the row tables and the 'Ernst' column.
SEVERITY_CSS = {
    "error": "background-color: #f8d7d5",
    "warning": "background-color: #fcebc5",
    "info": "background-color: #dde9f5",
}
LEGEND = "Gekleurde cellen: rood = fout, oranje = waarschuwing, blauw = info."
#: A row fixed on the Herstellen page: its status reads "Hersteld", in green.
FIXED_LABEL, FIXED_CSS = "Hersteld", "background-color: #d3ecd9"
_CSS_BY_LABEL = {SEVERITY_LABEL[level].lower(): css for level, css in SEVERITY_CSS.items()}
_CSS_BY_LABEL[FIXED_LABEL.lower()] = FIXED_CSS

_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 3rem; }
[data-testid="stMetricValue"] { font-size: 2.3rem; font-weight: 600; }
[data-testid="stMetricLabel"] p { font-size: 1rem; }
/* Streamlit's table and chart toolbar speaks English (Search, Download as CSV, Fullscreen,
   Show/hide columns) and has no option to turn it off: the app has its own search and
   downloads, and sizes its tables to the window. */
[data-testid="stElementToolbar"] { display: none; }
/* A table is as tall as its rows (`ui.tables.window_height`), at most the window: a tall
   screen shows more rows, and the table never reaches below the screen's edge. */
[data-testid="stDataFrame"] { max-height: calc(100vh - 5rem); }
/* The script below takes no room on the page. */
.stElementContainer:has(.stHtml script) { display: none; }
.dq-kpi { border-radius: 0.6rem; padding: 1.1rem 1.4rem; color: #fff; line-height: 1.15; }
.dq-kpi.go { background: #2e7d32; }
.dq-kpi.nogo { background: #b3261e; }
.dq-kpi .label { font-size: 1.05rem; opacity: 0.92; }
.dq-kpi .value { font-size: 4.2rem; font-weight: 700; letter-spacing: -0.02em; }
.dq-kpi .verdict { font-size: 1.6rem; font-weight: 700; margin-top: 0.2rem; }
.dq-kpi .why { font-size: 1rem; margin-top: 0.4rem; opacity: 0.95; }
</style>
"""


#: Streamlit's uploader has English words and no option for them: the button ('Upload'), the
#: limit ('200MB per file', the uploader's own `max_upload_size`) and the hidden label a screen
#: reader reads ('file upload'). This script puts Dutch in their place, also when Streamlit
#: draws an uploader anew. It only rewrites Streamlit's fixed texts, never user data.
_UPLOADER_NL = """
<script>
(() => {
  if (window.dqUploaderNl) return;
  window.dqUploaderNl = true;
  const dutch = () => {
    document.querySelectorAll('[data-testid="stFileUploaderDropzoneInput"]').forEach((input) => {
      if (input.getAttribute("aria-label") !== "Bestand kiezen") {
        input.setAttribute("aria-label", "Bestand kiezen");
      }
    });
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button p').forEach((p) => {
      if (p.textContent === "Upload") p.textContent = "Kies bestand";
    });
    const limit = /^(?:Limit )?(\\d+(?:\\.\\d+)?)\\s*([KMG]B) per file/;
    document.querySelectorAll('[data-testid="stFileUploaderDropzoneInstructions"] span')
      .forEach((span) => {
        const found = span.textContent.match(limit);
        if (found) span.textContent = `of sleep het hierheen (max. ${found[1]} ${found[2]})`;
      });
    document.querySelectorAll('[data-testid="stFileUploaderDeleteBtn"] button').forEach((b) => {
      if (b.getAttribute("aria-label") !== "Bestand weghalen") {
        b.setAttribute("aria-label", "Bestand weghalen");
      }
    });
  };
  dutch();
  new MutationObserver(dutch).observe(document.body, {
    childList: true, subtree: true, characterData: true,
  });
})();
</script>
"""


def severity_colours(table: pd.DataFrame, column: str = "Ernst") -> Styler:
    """A table whose Dutch severity column ('Fout' or 'fout' ...) is coloured like problem cells."""
    return table.style.map(lambda label: _CSS_BY_LABEL.get(str(label).lower(), ""), subset=[column])


def apply() -> None:
    """Add the app's CSS and the uploader's Dutch words to the page (from the entry script)."""
    st.markdown(_CSS, unsafe_allow_html=True)
    st.html(_UPLOADER_NL, unsafe_allow_javascript=True)


def verdict(ready: bool) -> str:
    """The go/no-go sentence."""
    return "Klaar voor import" if ready else "Nog niet klaar voor import"


def readiness_banner(readiness: float | None, ready: bool, errors: int) -> None:
    """The readiness score and verdict, large enough to read across a shared screen."""
    if ready:
        why = "Geen fouten: de bestanden kunnen worden geïmporteerd."
    elif readiness is None:
        why = "De bestanden bevatten geen rijen met gegevens: er is niets te importeren."
    else:
        why = f"{errors} {'fout blokkeert' if errors == 1 else 'fouten blokkeren'} de import."
    st.markdown(
        f'<div class="dq-kpi {"go" if ready else "nogo"}" role="status">'
        f'<div class="label">Gereedheid (records zonder fouten)</div>'
        f'<div class="value">{html.escape(pct_nl(readiness))}</div>'
        f'<div class="verdict">{html.escape(verdict(ready))}</div>'
        f'<div class="why">{html.escape(why)}</div></div>',
        unsafe_allow_html=True,
    )


def chart(figure: go.Figure, key: str, **options: Any) -> Any:
    """A plotly figure from `dq.charts.figures`: its own fonts and colours, no English toolbar."""
    return st.plotly_chart(figure, key=key, theme=None, config={"displayModeBar": False}, **options)
