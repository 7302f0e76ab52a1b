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
import pyarrow.compute as pc
from stdnum.exceptions import InvalidFormat, InvalidLength

from dq.validators import _common

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "scientific_notation",
    "invalid_format",
    "invalid_length",
    "normalised",
)

_DROP = _common.SEPARATORS + "()"
_TABLE = _common.table(drop=_DROP)
#: The three shapes, tried in this order: Dutch international, foreign, Dutch national.
_DUTCH = r"(?:\+31|0031)0?(?P<nl>[0-9]*)"
_FOREIGN = r"(?:\+|00)(?P<intl>[1-9][0-9]*)"
_NATIONAL = r"(?P<national>0[0-9]*)"
#: Exactly one group takes part: `nl` (after +31/0031 and a trunk 0), `intl` or `national`.
_SHAPE = f"{_DUTCH}|{_FOREIGN}|{_NATIONAL}"


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
    if national.startswith("00"):  # `+31 0 0...`: no Dutch number starts with 00
        raise InvalidFormat()
    if len(national) != 10:
        raise InvalidLength()
    return national


def is_valid(number: object) -> bool:
    """True for a plausible Dutch or foreign phone number; never raises."""
    return _common.accepts(validate, number)


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    number = _common.compact(text, drop=_DROP)
    nl = _common.extract(number, _DUTCH)["nl"]
    intl = _common.extract(number, _FOREIGN)["intl"]
    national = _common.extract(number, _NATIONAL)["national"]
    # The first shape that matches wins, as in the alternation of `_SHAPE`.
    is_nl = _common.mask(pc.is_valid(nl))
    is_intl = ~is_nl & _common.mask(pc.is_valid(intl))
    national = pc.if_else(is_nl, _common.join("0", nl), _common.keep(national, ~is_intl))
    digits = pc.utf8_length(intl)
    foreign = is_intl & _common.mask(
        pc.and_(pc.greater_equal(digits, 8), pc.less_equal(digits, 15))
    )
    two_zeros = _common.mask(pc.starts_with(national, "00"))  # as in `validate`
    dutch = _common.has_length(national, 10) & ~two_zeros
    normal = pc.if_else(foreign, _common.join("+", intl), _common.keep(national, dutch))
    flags = {
        "scientific_notation": _common.scientific(text),
        "invalid_format": ~(is_nl | is_intl | _common.mask(pc.is_valid(national))) | two_zeros,
        "invalid_length": ~(foreign | dutch) & ~two_zeros,
    }
    return _common.frame(values.index, text, normal, flags)
