"""Text helpers for matching: keys that ignore case and accents, and fast column operations.

Columns are pandas' `str` dtype, which keeps its text in Arrow; the helpers here work on
that Arrow data directly (pyarrow.compute), because pandas runs some string operations,
and every `isin` against a large pool, as Python loops.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _prefer_jemalloc() -> None:
    """Give Arrow's buffers to jemalloc where the wheel has it, unless the user chose a pool.

    A check makes and drops many large, short-lived buffers. Under the wheels' default
    allocator (mimalloc) the process spent twice the system time faulting memory in again;
    jemalloc made `dq check --json` on the 100k xlsx pair 13% faster with 8% less peak
    memory (README, Dependencies).
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    with contextlib.suppress(NotImplementedError):
        pa.set_memory_pool(pa.jemalloc_memory_pool())


_prefer_jemalloc()

#: Cell texts that mean "nothing filled in" for fields without a vocabulary of their own.
PLACEHOLDERS = frozenset({"", "-", "--", "nvt", "n.v.t.", "n/a", "#n/a", "nan", "null", "none"})

#: Every character `str.isspace` and Python's `\s` accept, for `[...]` in Python and RE2 alike.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: The Arrow type of pandas' `str` dtype, and of every Arrow text column here.
ARROW_TEXT = pa.large_string()


def key(text: str) -> str:
    """Reduce a header or value to lower-case ASCII letters and digits.

    >>> key(" Relatienr. ")
    'relatienr'
    >>> key("Coöperatie U.A.")
    'cooperatieua'
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("", ascii_text.lower())


def arrow(values: pd.Series | pd.Index) -> pa.Array:
    """A text column as one Arrow string array (no copy for pandas' `str` dtype in one chunk).

    A column of Python strings (an object column built by hand) goes to Arrow directly,
    twice as fast as pandas' conversion, which remains for anything else (numbers, NA).
    """
    if values.dtype == object:
        with contextlib.suppress(pa.ArrowException):
            return pa.array(values.to_numpy(), type=ARROW_TEXT, from_pandas=True)
    text = pa.array(values.astype("str"), type=ARROW_TEXT)
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def concat(*parts: str | pa.Array | pa.Scalar) -> pa.Array:
    """Texts joined row by row; a `str` or scalar part repeats on every row.

    >>> concat("<", pa.array(["a", "b"], ARROW_TEXT), ">").to_pylist()
    ['<a>', '<b>']
    """
    typed = [pa.scalar(p, ARROW_TEXT) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*typed, pa.scalar("", ARROW_TEXT))


def series(values: pa.Array, index: pd.Index) -> pd.Series:
    """An Arrow text array as a pandas `str` column with the given index."""
    return pd.Series(pd.array(values, dtype="str"), index=index)


def member(values: pd.Series | pd.Index, pool: pd.Series | pd.Index) -> np.ndarray:
    """`values.isin(pool)` for text, as numpy booleans (NA matches NA, as in pandas).

    pandas copies the pool into a Python list on every call, which dominates the
    uniqueness and cross-file rules with pools of 100,000 numbers; Arrow hashes it in C.

    >>> member(pd.Series(["100", "101", None]), pd.Series(["100", "102"])).tolist()
    [True, False, False]
    """
    return pc.is_in(arrow(values), value_set=arrow(pool)).to_numpy(zero_copy_only=False)


def _bytes_of(values: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """A text array (offset 0), its offsets (one more than its texts, from 0) and the UTF-8
    bytes they point into, as numpy views."""
    values = values.cast(ARROW_TEXT)
    if values.offset:  # a slice: copied, so its buffers start at its first text
        values = pa.concat_arrays([values])
    _, offsets, data = values.buffers()
    starts = np.frombuffer(offsets, np.int64)[: len(values) + 1]
    data = np.frombuffer(data, np.uint8) if data is not None else np.empty(0, np.uint8)
    return values, starts - starts[0], data[starts[0] : starts[-1]]


def _digits_before(data: np.ndarray) -> np.ndarray:
    """How many ASCII digits come before each byte (and the end). A UTF-8 character beyond
    ASCII has no byte in 0-9's range, so this counts characters too."""
    before = np.zeros(len(data) + 1, np.int64)
    np.cumsum((data >= ord("0")) & (data <= ord("9")), out=before[1:])
    return before


def digit_counts(values: pa.Array) -> np.ndarray:
    """How many ASCII digits each text holds (0 for NA), counted over Arrow's bytes at once:
    RE2 took 0.4 µs a text.

    >>> digit_counts(pa.array(["NL 1234", None, "x", "٣12"])).tolist()
    [4, 0, 0, 2]
    """
    _, offsets, data = _bytes_of(values)
    before = _digits_before(data)
    return before[offsets[1:]] - before[offsets[:-1]]


def ascii_digits(values: pa.Array) -> pa.Array:
    """Each text with only its ASCII digits (NA stays NA): `[^0-9]` removed, over Arrow's
    bytes at once.

    >>> ascii_digits(pa.array(["1.234 56", None, "abc", "٣12"])).to_pylist()
    ['123456', None, '', '12']
    """
    values, offsets, data = _bytes_of(values)
    kept = data[(data >= ord("0")) & (data <= ord("9"))]
    buffers = [values.buffers()[0], pa.py_buffer(_digits_before(data)[offsets]), pa.py_buffer(kept)]
    return pa.Array.from_buffers(ARROW_TEXT, len(values), buffers, values.null_count)


def exact_ascii(
    values: pa.Array, vectorised: Callable[[pa.Array], pa.Array], scalar: Callable[[str], object]
) -> pa.Array:
    """`scalar` over every text, computed by `vectorised` (pyarrow.compute) where that agrees.

    RE2 and Arrow's Unicode tables agree with Python's `re` and `unicodedata` on ASCII text
    but not beyond (`\\b`, `\\d`, NFKD of newer characters), so the few other texts go
    through `scalar` itself, once per distinct text, and the result is exactly Python's.
    """
    result = vectorised(values)
    other = np.flatnonzero(pc.fill_null(pc.invert(pc.string_is_ascii(values)), False))
    if not len(other):
        return result
    texts = values.take(other)
    distinct = pc.unique(texts)
    done = pa.array([scalar(text) for text in distinct.to_pylist()], result.type)
    order = np.arange(len(values))
    order[other] = len(values) + np.arange(len(other))
    return pa.concat_arrays([result, done.take(pc.index_in(texts, distinct))]).take(order)


def _ascii_key(values: pa.Array) -> pa.Array:
    """`key` for ASCII text, where NFKD changes nothing."""
    return pc.replace_substring_regex(pc.ascii_lower(values), "[^0-9a-z]+", "")


def key_series(values: pd.Series) -> pd.Series:
    """`key` over a column, once per distinct text, in Arrow except for non-ASCII texts.

    >>> key_series(pd.Series(["Bakkerij Jansen B.V.", "Zoë"])).tolist()
    ['bakkerijjansenbv', 'zoe']
    """
    encoded = pc.dictionary_encode(arrow(values))
    keys = exact_ascii(encoded.dictionary, _ascii_key, key)
    return series(keys.take(encoded.indices), values.index)
