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
import pyarrow as pa

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_WEIGHT_VECTOR = np.array(WEIGHTS)
#: The number of each byte in mod 97-10: digits 0-9, letters A=10 .. Z=35, anything else -1.
_MOD97_NUMBER = np.full(256, -1, dtype=np.int16)
_MOD97_NUMBER[ord("0") : ord("9") + 1] = range(10)
_MOD97_NUMBER[ord("A") : ord("Z") + 1] = range(10, 36)


def passes(digits: str) -> bool:
    """True when `digits` is nine ASCII digits, not all zeros, passing the 11-test."""
    if not isinstance(digits, str) or not re.fullmatch("[0-9]{9}", digits):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, WEIGHTS, strict=True))
    return total % 11 == 0 and digits != "000000000"


def check_digits(first8: np.ndarray) -> np.ndarray:
    """The ninth digit that makes each row of eight digits pass the 11-test (10: none does).

    >>> check_digits(np.array([[1, 1, 1, 2, 2, 2, 3, 3]])).tolist()
    [3]
    """
    return first8 @ _WEIGHT_VECTOR[:8] % 11


def passes_numbers(numbers: np.ndarray) -> np.ndarray:
    """The 11-test on integers below 10**9, as nine digits with their leading zeros.

    >>> passes_numbers(np.array([111222333, 111252333, 1000019])).tolist()
    [True, False, True]
    """
    digits = numbers[:, None] // 10 ** np.arange(8, -1, -1) % 10
    return digits @ _WEIGHT_VECTOR % 11 == 0


def _char_codes(values: pd.Series | pa.Array, width: int) -> np.ndarray:
    """Bytes of strings of `width` bytes as an (n, width) uint8 matrix, via Arrow's buffer.

    The cast to fixed-size binary refuses any other length (ArrowInvalid is a ValueError).
    """
    strings = pa.array(values, type=pa.large_string())
    if strings.null_count:
        raise ValueError("expected strings, got missing values")
    fixed = strings.cast(pa.binary(width))
    if not len(fixed):
        return np.zeros((0, width), dtype=np.uint8)
    return np.frombuffer(fixed.buffers()[1], np.uint8).reshape(len(fixed), width)


def passes_array(values: pd.Series | pa.Array) -> np.ndarray:
    """Vectorised `passes` for a column of nine-digit strings (check the shape first)."""
    digits = _char_codes(values, 9).astype(np.int64) - ord("0")
    if ((digits < 0) | (digits > 9)).any():
        raise ValueError("expected digits only")
    return (digits @ _WEIGHT_VECTOR % 11 == 0) & digits.any(axis=1)


def mod97_passes_array(values: pd.Series | pa.Array) -> np.ndarray:
    """ISO 7064 mod 97-10 == 1 for a column of equal-length strings of digits and A-Z.

    Reading a letter as its two decimal digits (A=10 .. Z=35), each character is worth its
    number times 10 to the power of the decimal digits after it, all modulo 97.
    """
    strings = pa.array(values, type=pa.large_string())
    width = len(strings[0].as_py()) if len(strings) else 0
    numbers = _MOD97_NUMBER[_char_codes(strings, width)]
    if (numbers < 0).any():
        raise ValueError("expected digits and upper-case letters only")
    digits = 1 + (numbers >= 10)  # a letter reads as two decimal digits
    powers = np.array([pow(10, k, 97) for k in range(2 * width)], dtype=np.int64)
    if len(digits) and (digits == digits[0]).all():
        # One layout of letters (the IBANs of one country, btw-ids): one weight per column.
        return numbers @ powers[_digits_after(digits[0])] % 97 == 1
    return (numbers * powers[_digits_after(digits)]).sum(axis=1) % 97 == 1


def _digits_after(digits: np.ndarray) -> np.ndarray:
    """Per character, how many decimal digits follow it in its string (the last axis)."""
    return np.cumsum(digits[..., ::-1], axis=-1)[..., ::-1] - digits
