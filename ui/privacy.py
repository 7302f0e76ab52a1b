"""Presentation mode: what to hide on a shared screen (BSN, RSIN, e-mail) and how.

Screens are shared in kick-off calls, so every table, issue value and suggestion passes through
here before it is shown. BSN and RSIN are masked whole (`*****2333`); BTW- and
loonheffingennummers keep their shape but hide the 9 digits, because for an eenmanszaak those
digits are the owner's BSN; e-mail addresses keep their first letter and domain. Other text
(names, unmapped columns) is treated as free text: 8- or 9-digit runs and addresses are hidden.
"""

from __future__ import annotations

import pandas as pd

from dq.checks.mapping import ColumnMapping
from dq.privacy import Masker, mask, mask_email, mask_embedded, mask_free_text, mask_values
from dq.spec.fields import FIELDS

SENSITIVE = frozenset(f.key for f in FIELDS if f.sensitive)
EMBEDS_NUMBER = frozenset(f.key for f in FIELDS if f.embeds_bsn)
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
    return mask_values(values, rule)


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
