"""Plumbing shared by the validators: separators, Excel-damage patterns and the classify frame.

The scalar path runs Python's `re` and `str`; the vectorised path runs the same patterns
in pyarrow.compute (RE2) over whole columns. They agree because every pattern spells its
classes out in ASCII (`[0-9]`, `[A-Z]`, `WHITESPACE`) instead of `\\d`, `\\w` or `\\s`,
whose Unicode meaning differs between the two engines, and because Arrow's whitespace trim
and ASCII case mapping are exactly `str.strip` and the ASCII-only `table` (a test proves it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from string import ascii_lowercase, ascii_uppercase

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from dq.text import ARROW_TEXT, arrow

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
#: A number that went through a float (`12345672.0`).
FLOAT = r"(?P<digits>[0-9]+)[.,]0{1,2}"
#: The sequence number after the B of a btw-nummer or the L of a loonheffingennummer.
SUFFIX_DIGITS = "(?:0[1-9]|[1-9][0-9])"
#: Nine digits, then optionally one letter and digits: the shape of btw and loonheffingennummer.
SUFFIXED = r"(?P<digits>[0-9]+)(?P<suffix>[A-Z][0-9]*)?"

_NULL = pa.scalar(None, ARROW_TEXT)


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
    return found["digits"] if found else number


def split_suffixed(number: str, letter: str) -> tuple[str, str]:
    """Split a compact `123456789B01`-style number into digits and suffix, or raise.

    Checks run in reason priority: shape, then nine digits, then the suffix; a missing or
    wrong suffix raises `InvalidComponent` (the `invalid_suffix` reason).
    """
    found = re.fullmatch(SUFFIXED, number)
    if not found:
        raise InvalidFormat()
    digits, suffix = found["digits"], found["suffix"] or ""
    if len(digits) != 9:
        raise InvalidLength()
    if not re.fullmatch(letter + SUFFIX_DIGITS, suffix):
        raise InvalidComponent()
    return digits, suffix


# --- the vectorised path: Arrow string arrays in, numpy masks out ---------------------------


def prepare(values: pd.Series) -> pa.Array:
    """The column as one Arrow string array; a stray NA becomes '' and so invalid."""
    return pc.fill_null(arrow(values), "")


def mask(flags: pa.Array) -> np.ndarray:
    """Plain numpy booleans from an Arrow boolean array; null counts as False."""
    return pc.fill_null(flags, False).to_numpy(zero_copy_only=False)


def fullmatch(values: pa.Array, pattern: str) -> np.ndarray:
    """Rows that match `pattern` as a whole, like `re.fullmatch`; null rows do not."""
    return mask(pc.match_substring_regex(values, f"^(?:{pattern})$"))


def extract(values: pa.Array, pattern: str) -> dict[str, pa.Array]:
    """The named groups of a whole-value match, null where the value does not match.

    An optional group that takes no part in a match gives ''.
    """
    found = pc.extract_regex(values, f"^(?:{pattern})$")
    names = [field.name for field in found.type]
    return {name: pc.struct_field(found, [i]) for i, name in enumerate(names)}


def has_length(values: pa.Array, length: int) -> np.ndarray:
    """Rows of exactly `length` characters; null rows have none."""
    return mask(pc.equal(pc.utf8_length(values), length))


def compact(values: pa.Array, drop: str = SEPARATORS, upper: bool = False) -> pa.Array:
    """Vectorised `value.strip().translate(table(drop, upper))`.

    One literal replace per separator is twice as fast as one regex over a character class.
    """
    number = pc.utf8_trim_whitespace(values)
    for character in drop:
        number = pc.replace_substring(number, character, "")
    return pc.ascii_upper(number) if upper else number


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation (`"NL" + digits`); null where any part is null."""
    arrays = [pa.scalar(part, ARROW_TEXT) if isinstance(part, str) else part for part in parts]
    return pc.binary_join_element_wise(*arrays, pa.scalar("", ARROW_TEXT))


def keep(values: pa.Array, rows: np.ndarray) -> pa.Array:
    """`values` on the given rows, null elsewhere."""
    return pc.if_else(rows, values, _NULL)


def on_rows(
    check: Callable[[pa.Array], np.ndarray], values: pa.Array, rows: np.ndarray
) -> np.ndarray:
    """Run an array check only on the rows whose shape fits it; the other rows get False."""
    result = np.zeros(len(values), dtype=bool)
    result[rows] = check(values.filter(rows))
    return result


def scientific(values: pa.Array) -> np.ndarray:
    """Rows Excel turned into scientific notation."""
    return fullmatch(pc.utf8_trim_whitespace(values), SCIENTIFIC)


def float_suffix(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Vectorised `drop_float_suffix`, plus the rows that had the suffix."""
    digits = extract(pc.utf8_trim_whitespace(values), FLOAT)["digits"]
    found = mask(pc.is_valid(digits))
    return pc.if_else(found, digits, values), found


def suffixed_flags(
    values: pa.Array, letter: str
) -> tuple[pa.Array, pa.Array, dict[str, np.ndarray]]:
    """Vectorised `split_suffixed`: digits, suffix and the failure flags of each row."""
    parts = extract(values, SUFFIXED)
    digits, suffix = parts["digits"], pc.fill_null(parts["suffix"], "")
    flags = {
        "invalid_format": ~mask(pc.is_valid(digits)),
        "invalid_length": ~has_length(digits, 9),
        "invalid_suffix": ~fullmatch(suffix, letter + SUFFIX_DIGITS),
    }
    return digits, suffix, flags


def frame(
    index: pd.Index,
    values: pa.Array,
    normal: pa.Array,
    flags: dict[str, np.ndarray],
    **extra: pa.Array,
) -> pd.DataFrame:
    """Assemble the classify result from the normal forms (null when invalid) and reason flags.

    Each row gets the most serious flagged reason; a valid row without a flag gets
    `normalised` when its normal form differs from the input, else NA. The suggestion is
    the normal form of every valid row that carries a reason.
    """
    valid = mask(pc.is_valid(normal))
    flags = {**flags, "normalised": valid & mask(pc.not_equal(normal, values))}
    reason = np.full(len(values), None, dtype=object)
    for code in sorted(flags, key=PRIORITY.index, reverse=True):
        reason[flags[code]] = code
    columns = {"normal": normal, "reason": pa.array(reason, ARROW_TEXT), **extra}
    result = pd.DataFrame(
        {name: pd.array(column, dtype="string") for name, column in columns.items()}, index=index
    )
    result.insert(2, "suggestion", result["normal"].where(result["reason"].notna()))
    return result
