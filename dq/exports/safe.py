"""Text rules for exported cells: no formula runs when a sheet or CSV is opened, nothing is lost.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets when they open a CSV file (CSV or formula injection). In
CSV such a cell gets a leading apostrophe; in xlsx it is written as a typed string (see
`dq.exports.sheets`), so the office sees its value unchanged. Values that merely look inert
(`-2+3`, a phone number `+31 6 1234 5678`, a placeholder `-`) are quoted too, as the common
CSV-injection guidance (OWASP) says: Excel evaluates them on opening (a formula result, or an
error value for the phone number), and `'+31 6 1234 5678` still reads as the number.
"""

from __future__ import annotations

import re

import pandas as pd

#: The signs that start a formula, also after leading spaces: the one definition the CSV
#: rules here and the xlsx writer's quote prefix (`dq.exports.xlsx`) share.
FORMULA_SIGNS = "=+-@"
#: First characters that make a spreadsheet parse a CSV cell as a formula.
TRIGGERS = (*FORMULA_SIGNS, "\t", "\r")
QUOTE = "'"
_FORMULA_AFTER_SPACES = re.compile(rf"\s*[{re.escape(FORMULA_SIGNS)}]")
#: Control characters an xlsx file cannot hold as such (XML 1.0 forbids most, and turns a
#: carriage return into a newline), and text that looks like Excel's escape for them.
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read the text as a formula (also after leading spaces).

    >>> is_formula_like("=SUM(A1)"), is_formula_like("  @cmd"), is_formula_like("NL123")
    (True, True, False)
    """
    return text.startswith(TRIGGERS) or bool(_FORMULA_AFTER_SPACES.match(text))


def needs_quote(text: str) -> bool:
    """Whether `csv_text` puts an apostrophe in front of the text.

    A text that already starts with an apostrophe followed by something that needs one gets
    a second apostrophe, so `restore_csv_text` can always undo exactly what was added.

    >>> needs_quote("=1+1"), needs_quote("+31 6 1234 5678"), needs_quote("'=1+1")
    (True, True, True)
    """
    return is_formula_like(text.lstrip(QUOTE))


def csv_text(text: str) -> str:
    """The text as written into an exported CSV cell: an apostrophe in front when needed.

    >>> csv_text("=HYPERLINK(\\"http://x\\")"), csv_text("-2+3"), csv_text("Jansen")
    ('\\'=HYPERLINK("http://x")', "'-2+3", 'Jansen')
    """
    return QUOTE + text if needs_quote(text) else text


def restore_csv_text(text: str) -> str:
    """Undo `csv_text` when reading back a CSV file this program wrote.

    >>> restore_csv_text("'=1+1"), restore_csv_text("'t Hoen"), restore_csv_text("''=1")
    ('=1+1', "'t Hoen", "'=1")
    """
    if text.startswith(QUOTE) and needs_quote(text[1:]):
        return text[1:]
    return text


def xlsx_text(text: str) -> str:
    """The text as an xlsx cell stores it: control characters as Excel's `_xHHHH_` escapes.

    Excel and python-calamine decode the escapes, so every text survives a round trip;
    a text that already looks like an escape is itself escaped, and so is the first
    character of a text of only spaces (readers would otherwise drop it).

    >>> xlsx_text("Jan\\x0bde Vries"), xlsx_text("a\\r\\nb"), xlsx_text("_x0041_")
    ('Jan_x000B_de Vries', 'a_x000D_\\nb', '_x005F_x0041_')
    >>> xlsx_text(" ")
    '_x0020_'
    """
    escaped = _NEEDS_ESCAPE.sub(_escape, text)
    if escaped.isspace():
        return f"_x{ord(escaped[0]):04X}_" + escaped[1:]
    return escaped


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    return "_x005F" + found if len(found) > 1 else f"_x{ord(found):04X}_"


def csv_series(values: pd.Series) -> pd.Series:
    """`csv_text` over a column of texts; only cells starting with a quote, a space or a
    trigger can change, so only those are looked at.

    >>> csv_series(pd.Series(["=1+1", "Jansen", "+31 6 12345678"])).tolist()
    ["'=1+1", 'Jansen', "'+31 6 12345678"]
    """
    candidates = values.str.match(r"['\s=+\-@]").fillna(False).astype(bool)
    if not candidates.any():
        return values
    return values.mask(candidates, values[candidates].map(csv_text))
