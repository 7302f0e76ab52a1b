"""Presentation mode: what to hide on a shared screen (BSN, RSIN, e-mail) and how.

Screens are shared in kick-off calls, so every table, issue value and suggestion passes through
here before it is shown. BSN and RSIN are masked whole (`*****2333`); BTW- and
loonheffingennummers keep their shape but hide the 9 digits, because for an eenmanszaak those
digits are the owner's BSN; e-mail addresses keep their first letter and domain. Other text
(names, unmapped columns) is treated as free text: 8- or 9-digit runs and addresses are hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from dq.fields import FIELDS
from dq.mapping import ColumnMapping
from dq.report import mask

Masker = Callable[[str], str]

_DIGIT_RUN = re.compile(r"(?<!\d)\d{8,9}(?!\d)")
_EMAIL = re.compile(r"([^\s@,;<>\"']+)@([^\s@,;<>\"']+)")
SENSITIVE = frozenset(f.key for f in FIELDS if f.sensitive)
#: Fields whose value embeds a BSN or RSIN (9 digits) inside a longer number.
EMBEDS_NUMBER = frozenset({"btw_nummer", "loonheffingsnummer"})
EMAIL_FIELDS = frozenset({"email"})
#: Fields whose own values may be 8 or 9 digits (KvK, phone, numbers): shown as they are. Every
#: other field is masked like free text, so a BSN column mapped to 'Naam' by mistake stays hidden.
OWN_NUMBERS = frozenset(
    {
        "relatienummer",
        "contactnummer",
        "relatienummers",
        "kvk_nummer",
        "postcode",
        "iban",
        "telefoon",
    }
)


def mask_email(text: str) -> str:
    """Keep the first letter and the domain of every address in the text.

    >>> mask_email("jan.devries@voorbeeld.nl")
    'j***@voorbeeld.nl'
    >>> mask_email("jan.devries@"), mask_email("geen adres")
    ('j***@', 'g***')
    """
    text = str(text)
    if "@" not in text:
        return text[:1] + "***" if text.strip() else text
    local, _, domain = text.partition("@")
    return f"{local.strip()[:1]}***@{domain.strip()}"


def mask_embedded(text: str) -> str:
    """Hide every run of 8 or 9 digits (a BSN or RSIN) inside a longer text.

    >>> mask_embedded("NL256653537B01"), mask_embedded("857256476L01")
    ('NL*****3537B01', '*****6476L01')
    """
    return _DIGIT_RUN.sub(lambda m: mask(m.group()), str(text))


def mask_free_text(text: str) -> str:
    """Cells of unknown meaning: hide e-mail addresses and BSN-like digit runs.

    >>> mask_free_text("Partner: piet@bakker.nl, BSN 111222333")
    'Partner: p***@bakker.nl, BSN *****2333'
    """
    text = _EMAIL.sub(lambda m: f"{m.group(1)[:1]}***@{m.group(2)}", str(text))
    return mask_embedded(text)


def _keep(text: str) -> str:
    return text


def masker(field_key: str | None) -> Masker:
    """The masking rule for a field's values; None or '' means a column that maps to no field."""
    if field_key in SENSITIVE:
        return mask
    if field_key in EMBEDS_NUMBER:
        return mask_embedded
    if field_key in EMAIL_FIELDS:
        return mask_email
    if field_key in OWN_NUMBERS:
        return _keep
    return mask_free_text


def mask_series(values: pd.Series, field_key: str | None) -> pd.Series:
    """Mask a column of texts (each distinct text once); blanks and NA stay as they are."""
    rule = masker(field_key)
    if rule is _keep or values.empty:
        return values
    present = values.notna() & values.astype("str").str.strip().ne("")
    if not present.any():
        return values
    uniques = pd.unique(values[present])
    lookup = {u: rule(str(u)) for u in uniques}
    return values.where(~present, values[present].map(lookup)).astype(values.dtype)


def mask_by_field(table: pd.DataFrame, fields: pd.Series, columns: list[str]) -> pd.DataFrame:
    """A table whose `columns` are masked row by row, by the field each row is about."""
    masked = table.copy()
    for field_key, rows in fields.groupby(fields, sort=False, dropna=False).groups.items():
        key = None if pd.isna(field_key) else field_key
        for column in columns:
            masked.loc[rows, column] = mask_series(table.loc[rows, column], key)
    return masked


def mask_issues(issues: pd.DataFrame) -> pd.DataFrame:
    """Issue rows with `value` and `suggestion` masked according to each row's field."""
    return mask_by_field(issues, issues["field"], ["value", "suggestion"])


def mask_frame(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """A loaded file's cells masked per column, by the field each column is mapped to."""
    field_of = {column: key for key, column in mapping.columns.items()}
    return frame.apply(lambda column: mask_series(column, field_of.get(column.name)))
