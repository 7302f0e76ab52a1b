"""BSN and RSIN: the Dutch citizen number and the legal-entity number, which share one format.

Both are nine digits passing the 11-test; only the relatie's type (persoon or organisatie)
tells them apart, so this one module serves both. Excel damage is undone by `repair`
(drop a `.0` float suffix; restore one lost leading zero when the padded number passes the
11-test); `validate` itself never repairs, like stdnum, but unlike stdnum it never zero-pads.

`classify` reasons: scientific_notation, invalid_format, invalid_length, invalid_checksum,
test_number (valid, but a test or placeholder number: `dq.validators.placeholder`),
leading_zero_restored, float_suffix_removed, normalised.

>>> validate('1112.22.333')
'111222333'
>>> format('111222333')
'1112.22.333'
>>> validate(repair('12345672.0'))
'012345672'
>>> validate('111252333')
Traceback (most recent call last):
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('140')  # stdnum.nl.bsn would zero-pad this into a valid number
Traceback (most recent call last):
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('1.23457E+08')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> classify(pd.Series(['111222333', '1112.22.333', '12345672.0', '999999990'])).reason.tolist()
[<NA>, 'normalised', 'leading_zero_restored', 'test_number']
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.compute as pc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from dq.validators import _common, elfproef
from dq.validators.placeholder import is_placeholder

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "scientific_notation",
    "invalid_format",
    "invalid_length",
    "invalid_checksum",
    "test_number",
    "leading_zero_restored",
    "float_suffix_removed",
    "normalised",
)

_TABLE = _common.table()


def compact(number: str) -> str:
    """Strip separators, so `1112.22.333` and `111222333` compare equal."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return the nine-digit form of a valid BSN/RSIN or raise; never pads or repairs."""
    number = compact(number)
    if not re.fullmatch("[0-9]+", number):
        raise InvalidFormat()
    if len(number) != 9:
        raise InvalidLength()
    if not elfproef.passes(number):
        raise InvalidChecksum()
    return number


def repair(number: str) -> str:
    """Undo certain Excel damage: a float suffix, and a lost zero if the result then passes.

    Anything else comes back as it was, for `validate` to compact exactly once (compacting
    twice would accept `.<tab>111222333`, whose dot shields the tab from the first strip).
    """
    number = _common.drop_float_suffix(number)
    digits = compact(number)
    if len(digits) == 8 and elfproef.passes("0" + digits):
        return "0" + digits
    return number


def is_valid(number: object) -> bool:
    """True for a valid BSN/RSIN as typed (no repair); never raises."""
    return _common.accepts(validate, number)


def format(number: str) -> str:
    """The dotted display form `1112.22.333` used on Dutch documents."""
    number = compact(number)
    return f"{number[:4]}.{number[4:6]}.{number[6:]}"


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate(repair(value))` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    unfloated, floated = _common.float_suffix(text)
    number = _common.compact(unfloated)
    digits = _common.fullmatch(number, "[0-9]+")
    zero = _common.join("0", number)
    padded = _common.on_rows(elfproef.passes_array, zero, digits & _common.has_length(number, 8))
    number = pc.if_else(padded, zero, number)
    nine = padded | (digits & _common.has_length(number, 9))
    passes = _common.on_rows(elfproef.passes_array, number, nine)
    flags = {
        "scientific_notation": _common.scientific(text),
        "invalid_format": ~digits,
        "invalid_length": ~nine,
        "invalid_checksum": ~passes,
        "test_number": passes & is_placeholder(number),
        "leading_zero_restored": padded,
        "float_suffix_removed": floated,
    }
    return _common.frame(values.index, text, _common.keep(number, passes), flags)
