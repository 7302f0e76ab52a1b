"""Check-digit arithmetic shared by the Dutch number formats: the 11-test and ISO 7064 mod 97-10.

The 11-test (elfproef) guards the BSN, the RSIN, the omzetbelastingnummer and the
loonheffingennummer: nine digits weighted 9, 8, ..., 2, -1 must sum to a multiple of 11.
Since 2020 the btw-id of an eenmanszaak uses mod 97-10 instead, over `NL` + the number with
letters counted A=10..Z=35. The array versions take whole columns at once for `classify`.

>>> passes('111222333')
True
>>> passes('111252333')
False
>>> passes('000000000')  # a multiple of 11, but never issued
False
>>> passes('11122233')  # wrong length is simply not passing
False
>>> passes_array(pd.Series(['111222333', '111252333', '000000000'])).tolist()
[True, False, False]
>>> mod97_passes_array(pd.Series(['NL002455799B11', 'NL002455799B12'])).tolist()
[True, False]
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_WEIGHT_VECTOR = np.array(WEIGHTS)


def passes(digits: str) -> bool:
    """True when `digits` is nine ASCII digits, not all zeros, passing the 11-test."""
    if not isinstance(digits, str) or not re.fullmatch("[0-9]{9}", digits):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, WEIGHTS, strict=True))
    return total % 11 == 0 and digits != "000000000"


def _char_codes(values: pd.Series, width: int) -> np.ndarray:
    """ASCII codes of equal-length strings as an (n, width) matrix, in one buffer copy."""
    buffer = "".join(values.tolist()).encode("ascii")
    if len(buffer) != width * len(values):
        raise ValueError(f"expected ASCII strings of length {width}")
    return np.frombuffer(buffer, np.uint8).reshape(len(values), width).astype(np.int64)


def passes_array(values: pd.Series) -> np.ndarray:
    """Vectorised `passes` for a Series of nine-digit strings (check the shape first)."""
    digits = _char_codes(values, 9) - ord("0")
    if ((digits < 0) | (digits > 9)).any():
        raise ValueError("expected digits only")
    return (digits @ _WEIGHT_VECTOR % 11 == 0) & digits.any(axis=1)


def mod97_passes_array(values: pd.Series) -> np.ndarray:
    """ISO 7064 mod 97-10 == 1 for a Series of equal-length strings of digits and A-Z.

    Horner's rule over the columns keeps the remainder small: a digit shifts by 10,
    a letter (two decimal digits, 10..35) by 100.
    """
    width = len(values.iloc[0]) if len(values) else 0
    codes = _char_codes(values, width)
    is_digit = (codes >= ord("0")) & (codes <= ord("9"))
    is_letter = (codes >= ord("A")) & (codes <= ord("Z"))
    if not (is_digit | is_letter).all():
        raise ValueError("expected digits and upper-case letters only")
    numbers = np.where(is_digit, codes - ord("0"), codes - ord("A") + 10)
    remainder = np.zeros(len(values), dtype=np.int64)
    for column, letter in zip(numbers.T, is_letter.T, strict=True):
        remainder = (remainder * np.where(letter, 100, 10) + column) % 97
    return remainder == 1
