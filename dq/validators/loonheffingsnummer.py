"""Loonheffingennummer: the number an employer files payroll-tax (loonheffingen) returns under.

It is the employer's RSIN or BSN (nine digits passing the 11-test) followed by `L` and a
two-digit sequence number 01..99, e.g. `001000019L01`. There are no repairs, only
normalisation (separators, lower-case `l`).

`classify` reasons: scientific_notation, invalid_format, invalid_length, invalid_suffix
(missing or wrong L part, `L00`), invalid_checksum, normalised.

>>> validate('0010.00.019 l01')
'001000019L01'
>>> validate('001000019L00')
Traceback (most recent call last):
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> validate('001000019')
Traceback (most recent call last):
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> validate('01000019L01')
Traceback (most recent call last):
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('001000018L01')
Traceback (most recent call last):
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('L01')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> classify(pd.Series(['001000019L01', '857256476 l01', '857256476B01'])).reason.tolist()
[<NA>, 'normalised', 'invalid_suffix']
"""

from __future__ import annotations

import pandas as pd
from stdnum.exceptions import InvalidChecksum

from dq.validators import _common, elfproef

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "scientific_notation",
    "invalid_format",
    "invalid_length",
    "invalid_suffix",
    "invalid_checksum",
    "normalised",
)

_TABLE = _common.table(upper=True)


def compact(number: str) -> str:
    """Strip separators and upper-case, so `0010.00.019 l01` equals `001000019L01`."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return the normal form `123456789L01` of a valid loonheffingennummer or raise."""
    digits, suffix = _common.split_suffixed(compact(number), "L")
    if not elfproef.passes(digits):
        raise InvalidChecksum()
    return digits + suffix


def is_valid(number: object) -> bool:
    """True for a valid loonheffingennummer; never raises."""
    return _common.accepts(validate, number)


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    number = _common.compact(text, upper=True)
    digits, suffix, flags = _common.suffixed_flags(number, "L")
    shaped = ~(flags["invalid_format"] | flags["invalid_length"] | flags["invalid_suffix"])
    passes = _common.on_rows(elfproef.passes_array, digits, shaped)
    flags["invalid_checksum"] = ~passes
    flags["scientific_notation"] = _common.scientific(text)
    normal = _common.keep(_common.join(digits, suffix), passes)
    return _common.frame(values.index, text, normal, flags)
