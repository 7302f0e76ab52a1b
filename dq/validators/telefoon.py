"""Telefoonnummer: a Dutch or foreign phone number, as typed in a CRM.

A Dutch number is 10 digits starting with 0; `+31` or `0031` (with an optional trunk `(0)`)
becomes that national form. Any other country is `+` (or `00`) and 8 to 15 digits, the
first not 0, in normal form `+<digits>`. Spaces, dashes, dots and parentheses are dropped.

`classify` reasons: scientific_notation, invalid_format (other characters, or no leading
`0`/`+` such as a lost zero `612345678`), invalid_length, normalised.

>>> validate('+31 (0)6-1234 5678')
'0612345678'
>>> validate('0032 2 123 45 67')
'+3221234567'
>>> validate('06-1234567')
Traceback (most recent call last):
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('612345678')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> classify(pd.Series(['0612345678', '+31 6 12345678', '6.12346E+08'])).reason.tolist()
[<NA>, 'normalised', 'scientific_notation']
"""

from __future__ import annotations

import re

import pandas as pd
from stdnum.exceptions import InvalidFormat, InvalidLength

from dq.validators import _common

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "scientific_notation",
    "invalid_format",
    "invalid_length",
    "normalised",
)

_TABLE = _common.table(drop=_common.SEPARATORS + "()")
#: Exactly one group takes part: `nl` (after +31/0031 and a trunk 0), `intl` or `national`.
_SHAPE = (
    r"(?:\+31|0031)0?(?P<nl>[0-9]*)"
    r"|(?:\+|00)(?P<intl>[1-9][0-9]*)"
    r"|(?P<national>0[0-9]*)"
)


def compact(number: str) -> str:
    """Strip spaces, dashes, dots and parentheses, keeping the `+`."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return `0612345678` (Dutch) or `+<digits>` (foreign) for a valid number or raise."""
    found = re.fullmatch(_SHAPE, compact(number))
    if not found:
        raise InvalidFormat()
    if found["intl"] is not None:
        if not 8 <= len(found["intl"]) <= 15:
            raise InvalidLength()
        return "+" + found["intl"]
    national = found["national"] if found["nl"] is None else "0" + found["nl"]
    if len(national) != 10:
        raise InvalidLength()
    return national


def is_valid(number: object) -> bool:
    """True for a plausible Dutch or foreign phone number; never raises."""
    return _common.accepts(validate, number)


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate` with a reason per row, for the check engine."""
    values = _common.prepare(values)
    parts = values.str.strip().str.translate(_TABLE).str.extract(rf"\A(?:{_SHAPE})\Z")
    national = ("0" + parts["nl"]).fillna(parts["national"])
    intl = parts["intl"].str.len()
    foreign = _common.mask((intl >= 8) & (intl <= 15))
    dutch = _common.mask(national.str.len() == 10)
    normal = ("+" + parts["intl"]).where(foreign, national.where(dutch))
    flags = {
        "scientific_notation": _common.scientific(values),
        "invalid_format": _common.mask(parts.isna().all(axis=1)),
        "invalid_length": ~(foreign | dutch),
    }
    return _common.frame(values, normal, flags)
