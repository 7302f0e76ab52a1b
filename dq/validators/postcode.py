"""Postcode: the Dutch postal code, four digits and two letters, shown as `1234 AB`.

The first digit is never 0 and the letter pairs SA, SD and SS are never issued. Separators,
lower case and an `NL` prefix (`NL-1234AB`) are harmless and normalised away.

`classify` reasons: invalid_format (also the unused letter pairs), normalised.

>>> validate('1234ab')
'1234 AB'
>>> validate('NL-2611 ET')
'2611 ET'
>>> validate('0123 AB')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> validate('2611 SS')
Traceback (most recent call last):
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> classify(pd.Series(['1234 AB', '1234ab', '1234 SA'])).reason.tolist()
[<NA>, 'normalised', 'invalid_format']
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from stdnum.exceptions import InvalidComponent, InvalidFormat

from dq.validators import _common

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "invalid_format",
    "normalised",
)

#: Letter pairs PostNL never issues.
UNUSED_LETTERS = ("SA", "SD", "SS")

_TABLE = _common.table(upper=True)
_SHAPE = "(?P<digits>[1-9][0-9]{3})(?P<letters>[A-Z]{2})"


def compact(number: str) -> str:
    """Strip separators and upper-case, so `1234ab` and `1234 AB` compare equal."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return the display form `1234 AB` of a valid postcode or raise."""
    found = re.fullmatch(_SHAPE, compact(number).removeprefix("NL"))
    if not found:
        raise InvalidFormat()
    if found["letters"] in UNUSED_LETTERS:
        raise InvalidComponent()
    return f"{found['digits']} {found['letters']}"


def is_valid(number: object) -> bool:
    """True for a valid Dutch postcode in any harmless spelling; never raises."""
    return _common.accepts(validate, number)


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    number = pc.replace_substring_regex(_common.compact(text, upper=True), "^NL", "")
    parts = _common.extract(number, _SHAPE)
    unused = _common.mask(pc.is_in(parts["letters"], pa.array(UNUSED_LETTERS)))
    valid = _common.mask(pc.is_valid(parts["digits"])) & ~unused
    normal = _common.keep(_common.join(parts["digits"], " ", parts["letters"]), valid)
    return _common.frame(values.index, text, normal, {"invalid_format": ~valid})
