"""Dutch words and number formats for the screen, so every page says things the same way."""

from __future__ import annotations

import re

import pandas as pd

from dq.charts.figures import FILE_LABEL, SEVERITY_LABEL, pct_nl
from dq.spec.fields import CONTACTEN, RELATIES, field

__all__ = ["FILE_LABEL", "SEVERITY_LABEL", "pct_nl"]

SEVERITIES = ("error", "warning", "info")
FILE_NOUN = {RELATIES: "relatiebestand", CONTACTEN: "contactenbestand"}
ISSUE_HEADERS = {
    "file": "Bestand",
    "row": "Rij",
    "key": "Nummer",
    "field": "Veld",
    "code": "Code",
    "severity": "Ernst",
    "message": "Melding",
    "value": "Waarde",
    "suggestion": "Voorstel",
}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")


def number(value: int) -> str:
    """A count with a Dutch thousands separator.

    >>> number(12345)
    '12.345'
    """
    return f"{value:,}".replace(",", ".")


def field_label(kind: str, key: str) -> str:
    """The Dutch label of a field, or '' for file-level findings without a field."""
    return field(kind, key).label if key else ""


def escape_md(text: object) -> str:
    r"""User text (file names, headers) shown literally in markdown, never as formatting.

    >>> print(escape_md("relaties_*2024*.xlsx"))
    relaties\_\*2024\*\.xlsx
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


SAME = "gelijk"


def signed(value: float | None, unit: str = "") -> str:
    """A change with its sign, the Dutch way: '+1,6', '-0,4', and 'gelijk' for no change.

    >>> signed(1.64, " procentpunt"), signed(-0.04, " procentpunt"), signed(None)
    ('+1,6 procentpunt', 'gelijk', '')
    """
    if value is None or pd.isna(value):
        return ""
    if round(value, 1) == 0:
        return SAME
    return f"{value:+.1f}".replace(".", ",") + unit


def delta(value: float | None, unit: str = "") -> dict[str, object]:
    """`st.metric` options for a change: a green or red arrow, or a grey 'gelijk' without one
    (Streamlit draws an up arrow for any text without a minus sign)."""
    if value is None or pd.isna(value):
        return {}
    text = signed(value, unit)
    if text == SAME:
        return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text}
