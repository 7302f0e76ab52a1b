"""IBAN: the international bank account number, normal form compact and upper-case.

A Dutch IBAN is `NL`, two check digits, a four-letter bank code and ten digits; the whole
number must pass ISO 7064 mod 97-10 (checked by stdnum.iban). Foreign IBANs are accepted
when stdnum.iban accepts them; `classify` checks the (rare) unique foreign values one by one.

`classify` reasons: invalid_format (also an unknown country), invalid_length (Dutch IBAN
not 18 characters), invalid_checksum, normalised (spaces, lower case).

>>> validate('nl91 abna 0417 1643 00')
'NL91ABNA0417164300'
>>> format('NL91ABNA0417164300')
'NL91 ABNA 0417 1643 00'
>>> validate('BE31 4354 1116 1155')
'BE31435411161155'
>>> validate('NL91ABNA0417164301')
Traceback (most recent call last):
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('NL91ABNA041716430')
Traceback (most recent call last):
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('NL91ABNA04171643OO')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> classify(pd.Series(['NL91ABNA0417164300', 'nl91abna0417164300', 'NL91ABNA04'])).reason.tolist()
[<NA>, 'normalised', 'invalid_length']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from stdnum import iban
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from dq.validators import _common, elfproef

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "invalid_format",
    "invalid_length",
    "invalid_checksum",
    "normalised",
)

_TABLE = _common.table(upper=True)
_SHAPE = "[A-Z]{2}[0-9]{2}[A-Z0-9]+"
_DUTCH = "NL[0-9]{2}[A-Z]{4}[0-9]{10}"


def compact(number: str) -> str:
    """Strip separators and upper-case: the form banks and Mijn Kantoor exchange."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return the compact form of a valid IBAN or raise; Dutch ones get a strict structure."""
    number = compact(number)
    if not re.fullmatch(_SHAPE, number):
        raise InvalidFormat()
    if number.startswith("NL"):
        if len(number) != 18:
            raise InvalidLength()
        if not re.fullmatch(_DUTCH, number):
            raise InvalidFormat()
    return iban.validate(number)


def is_valid(number: object) -> bool:
    """True for a valid IBAN in any spacing or case; never raises."""
    return _common.accepts(validate, number)


def format(number: str) -> str:
    """Groups of four, as printed on bank cards and invoices."""
    return iban.format(compact(number))


def _reason(number: str) -> str | None:
    """The reason code for one compact foreign IBAN, None when valid."""
    try:
        validate(number)
    except InvalidLength:
        return "invalid_length"
    except InvalidChecksum:
        return "invalid_checksum"
    except ValidationError:
        return "invalid_format"
    return None


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    number = _common.compact(text, upper=True)
    shaped = _common.fullmatch(number, _SHAPE)
    dutch = shaped & _common.mask(pc.starts_with(number, "NL"))
    length = dutch & ~_common.has_length(number, 18)
    structure = dutch & ~length & ~_common.fullmatch(number, _DUTCH)
    rearranged = _common.join(
        pc.utf8_slice_codeunits(number, 4), pc.utf8_slice_codeunits(number, 0, 4)
    )
    passes = _common.on_rows(elfproef.mod97_passes_array, rearranged, dutch & ~length & ~structure)
    foreign = _foreign_reasons(number, shaped & ~dutch)
    flags = {
        "invalid_format": ~shaped | structure | (foreign == "invalid_format"),
        "invalid_length": length | (foreign == "invalid_length"),
        "invalid_checksum": (dutch & ~passes) | (foreign == "invalid_checksum"),
    }
    valid = passes | (foreign == "valid")
    return _common.frame(values.index, text, _common.keep(number, valid), flags)


def _foreign_reasons(number: pa.Array, foreign: np.ndarray) -> np.ndarray:
    """Per row, 'valid' or the reason of a foreign IBAN ('' for other rows).

    stdnum knows every country's structure; foreign IBANs are rare, so each distinct one is
    checked once by the scalar path.
    """
    distinct = pc.unique(number.filter(foreign))
    outcome = np.array([_reason(value) or "valid" for value in distinct.to_pylist()] + [""])
    position = pc.fill_null(pc.index_in(number, distinct), len(distinct)).to_numpy()
    return outcome[np.where(foreign, position, len(distinct))]
