"""Plumbing shared by the validators: separators, Excel-damage patterns and the classify frame.

The scalar and the vectorised path use the same translation tables and regular expressions,
and `prepare` puts the Series in pandas' python string storage, so both run Python's own `re`
and `str` code and cannot drift apart (pyarrow's RE2 and Unicode tables differ in corners).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from string import ascii_lowercase, ascii_uppercase

import numpy as np
import pandas as pd
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

#: Reason codes from most to least serious; the first one that applies to a row wins.
PRIORITY: tuple[str, ...] = (
    "scientific_notation",
    "multiple_values",
    "invalid_format",
    "invalid_length",
    "invalid_suffix",
    "invalid_checksum",
    "test_number",
    "leading_zero_restored",
    "float_suffix_removed",
    "normalised",
)
#: Reasons that still come with a normal form (the scalar path accepts the value).
ACCEPTED: frozenset[str] = frozenset(PRIORITY[PRIORITY.index("test_number") :])

#: Harmless separators in typed numbers; NBSP arrives with copy-paste from web pages and Excel.
SEPARATORS = " \u00a0.-"
#: Excel's scientific display of a long number (`1.23457E+08`, `1,23E+07`): digits are lost.
SCIENTIFIC = r"[0-9](?:[.,][0-9]+)?[eE][+-][0-9]+"
#: A number that went through a float (`12345672.0`); group 1 holds the digits.
FLOAT = r"([0-9]+)[.,]0{1,2}"
#: The sequence number after the B of a btw-nummer or the L of a loonheffingennummer.
SUFFIX_DIGITS = "(?:0[1-9]|[1-9][0-9])"
#: Nine digits, then optionally one letter and digits: the shape of btw and loonheffingennummer.
SUFFIXED = r"([0-9]+)([A-Z][0-9]*)?"

_PY_STRING = pd.StringDtype("python")


def table(drop: str = SEPARATORS, upper: bool = False) -> dict[int, int | None]:
    """Translation table that drops separators and upper-cases ASCII letters only.

    `str.upper` would turn 'ß' into 'SS' and 'ﬁ' into 'FI', making junk look valid.
    """
    letters = (ascii_lowercase, ascii_uppercase) if upper else ("", "")
    return str.maketrans(*letters, drop)


def accepts(validate: Callable[[str], str], number: object) -> bool:
    """Boolean wrapper for `validate` that never raises, whatever it is given."""
    if not isinstance(number, str):
        return False
    try:
        validate(number)
    except ValidationError:
        return False
    return True


def drop_float_suffix(number: str) -> str:
    """Remove a `.0` / `.00` float suffix; anything else is returned unchanged."""
    found = re.fullmatch(FLOAT, number.strip())
    return found.group(1) if found else number


def split_suffixed(number: str, letter: str) -> tuple[str, str]:
    """Split a compact `123456789B01`-style number into digits and suffix, or raise.

    Checks run in reason priority: shape, then nine digits, then the suffix; a missing or
    wrong suffix raises `InvalidComponent` (the `invalid_suffix` reason).
    """
    found = re.fullmatch(SUFFIXED, number)
    if not found:
        raise InvalidFormat()
    digits, suffix = found.group(1), found.group(2) or ""
    if len(digits) != 9:
        raise InvalidLength()
    if not re.fullmatch(letter + SUFFIX_DIGITS, suffix):
        raise InvalidComponent()
    return digits, suffix


def prepare(values: pd.Series) -> pd.Series:
    """Python-storage strings (see module docstring); a stray NA becomes '' and so invalid."""
    return values.astype(_PY_STRING).fillna("")


def mask(flags: pd.Series) -> np.ndarray:
    """Plain numpy booleans from a nullable boolean Series; NA counts as False."""
    return flags.to_numpy(dtype=bool, na_value=False)


def on_rows(
    check: Callable[[pd.Series], np.ndarray], values: pd.Series, rows: np.ndarray
) -> np.ndarray:
    """Run an array check only on the rows whose shape fits it; the other rows get False."""
    result = np.zeros(len(values), dtype=bool)
    result[rows] = check(values[rows])
    return result


def scientific(values: pd.Series) -> np.ndarray:
    """Rows Excel turned into scientific notation."""
    return mask(values.str.strip().str.fullmatch(SCIENTIFIC))


def float_suffix(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Vectorised `drop_float_suffix`, plus the rows that had the suffix."""
    digits = values.str.strip().str.extract(rf"\A(?:{FLOAT})\Z", expand=False)
    found = mask(digits.notna())
    return digits.where(found, values), found


def suffixed_flags(
    values: pd.Series, letter: str
) -> tuple[pd.Series, pd.Series, dict[str, np.ndarray]]:
    """Vectorised `split_suffixed`: digits, suffix and the failure flags of each row."""
    parts = values.str.extract(rf"\A(?:{SUFFIXED})\Z")
    digits, suffix = parts[0], parts[1].fillna("")
    flags = {
        "invalid_format": mask(digits.isna()),
        "invalid_length": ~mask(digits.str.len() == 9),
        "invalid_suffix": ~mask(suffix.str.fullmatch(letter + SUFFIX_DIGITS)),
    }
    return digits, suffix, flags


def frame(
    values: pd.Series, normal: pd.Series, flags: dict[str, np.ndarray], **extra: pd.Series
) -> pd.DataFrame:
    """Assemble the classify result from the normal forms (NA when invalid) and reason flags.

    Each row gets the most serious flagged reason; a valid row without a flag gets
    `normalised` when its normal form differs from the input, else NA. The suggestion is
    the normal form of every valid row that carries a reason.
    """
    valid = mask(normal.notna())
    flags = {**flags, "normalised": valid & mask(normal != values)}
    reason = np.full(len(values), None, dtype=object)
    for code in sorted(flags, key=PRIORITY.index, reverse=True):
        reason[flags[code]] = code
    columns = {"normal": normal.to_numpy(), "reason": reason}
    columns.update({name: column.to_numpy() for name, column in extra.items()})
    result = pd.DataFrame(columns, index=values.index).astype("string")
    result.insert(2, "suggestion", result["normal"].where(result["reason"].notna()))
    return result
