"""KvK-nummer: the eight-digit number of the Dutch trade register (Kamer van Koophandel).

It has no published check digit, so only the format is checked; numbers may start with 0.
Excel damage is undone by `repair` (drop a `.0` float suffix; restore the leading zero of a
seven-digit number); `validate` itself never repairs.

`classify` reasons: scientific_notation, invalid_format, invalid_length, test_number
(`00000000`, `12345678`: `dq.validators.placeholder`), leading_zero_restored,
float_suffix_removed, normalised.

>>> validate('6912 3456')
'69123456'
>>> validate(repair('1234567.0'))
'01234567'
>>> validate('123456789')
Traceback (most recent call last):
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('6912345A')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> classify(pd.Series(['69123456', '1234567', '69123456.0', '6.91235E+07'])).reason.tolist()
[<NA>, 'leading_zero_restored', 'float_suffix_removed', 'scientific_notation']
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.compute as pc
from stdnum.exceptions import InvalidFormat, InvalidLength

from dq.validators import _common
from dq.validators.placeholder import is_placeholder

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "scientific_notation",
    "invalid_format",
    "invalid_length",
    "test_number",
    "leading_zero_restored",
    "float_suffix_removed",
    "normalised",
)

_TABLE = _common.table()


def compact(number: str) -> str:
    """Strip separators, so `6912 3456` and `69123456` compare equal."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return the eight-digit form of a well-formed KvK-nummer or raise; never pads."""
    number = compact(number)
    if not re.fullmatch("[0-9]+", number):
        raise InvalidFormat()
    if len(number) != 8:
        raise InvalidLength()
    return number


def repair(number: str) -> str:
    """Undo certain Excel damage: a float suffix and the lost zero of a seven-digit number.

    Anything else comes back as it was, for `validate` to compact exactly once.
    """
    number = _common.drop_float_suffix(number)
    digits = compact(number)
    if re.fullmatch("[0-9]{7}", digits):
        return "0" + digits
    return number


def is_valid(number: object) -> bool:
    """True for a well-formed KvK-nummer as typed (no repair); never raises."""
    return _common.accepts(validate, number)


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate(repair(value))` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    unfloated, floated = _common.float_suffix(text)
    number = _common.compact(unfloated)
    digits = _common.fullmatch(number, "[0-9]+")
    padded = digits & _common.has_length(number, 7)
    eight = padded | (digits & _common.has_length(number, 8))
    normal = pc.if_else(padded, _common.join("0", number), number)
    flags = {
        "scientific_notation": _common.scientific(text),
        "invalid_format": ~digits,
        "invalid_length": ~eight,
        "test_number": eight & is_placeholder(normal, test_prefix=""),
        "leading_zero_restored": padded,
        "float_suffix_removed": floated,
    }
    return _common.frame(values.index, text, _common.keep(normal, eight), flags)
