"""Test and placeholder numbers: they pass the checks but belong to nobody (rule 14).

The government's test BSNs start with `9999`; offices fill gaps with numbers that are mostly
zeros (`000000012`), one digit repeated (`111111110`) or running digits (`123456782`,
`12345678`). Each is a warning "lijkt een test- of voorbeeldnummer": a real number can look
like this, but hardly ever does. Our inference (domain-rules.md, rule 14).

>>> import pyarrow as pa
>>> is_placeholder(pa.array(["999993847", "000009921", "111111110", "123456782", "111222333"]))
array([ True,  True,  True,  True, False])
>>> is_placeholder(pa.array(["00000000", "12345678", "87654321", "69123456"]), test_prefix="")
array([ True,  True,  True, False])
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from dq.validators._common import fullmatch

#: Government test BSNs mostly start with this; they do not belong in a production import.
TEST_PREFIX = "9999"
#: Five leading zeros: no person or entity has been given such a number.
ZEROS = "00000[0-9]*"
#: The first eight digits are one digit repeated.
REPEATED = "(?:" + "|".join(f"{d}{{8}}" for d in range(10)) + ")[0-9]*"
#: The first eight digits run up or down (`12345678`, `98765432`).
RUNNING = "(?:12345678|23456789|87654321|98765432)[0-9]*"


def is_placeholder(digits: pa.Array, test_prefix: str = TEST_PREFIX) -> np.ndarray:
    """Rows of a digits-only column that look like a test or placeholder number."""
    patterns = [ZEROS, REPEATED, RUNNING] + ([f"{test_prefix}[0-9]*"] if test_prefix else [])
    return fullmatch(digits, "|".join(f"(?:{p})" for p in patterns))
