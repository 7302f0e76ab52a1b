"""The vectorised path agrees with the scalar one: validators with python-stdnum, Arrow with Python.

Each validator classifies 20,000 generated values (valid numbers, random digits, separators,
`NL` prefixes, short input that stdnum zero-pads, float suffixes, wrong suffix letters) in
one column, and every verdict and normal form is compared with python-stdnum or a plain
scalar reference. The Arrow text helpers are compared with their Python definitions.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from string import ascii_lowercase, ascii_uppercase

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
import stdnum.iban
import stdnum.nl.bsn
import stdnum.nl.btw
from stdnum.exceptions import InvalidFormat
from stdnum.iso7064 import mod_97_10
from stdnum.util import clean

from dq.checks.rules import parent_numbers
from dq.spec.catalog import split_list
from dq.text import WHITESPACE, arrow, ascii_digits, digit_counts, key, key_series, member
from dq.validators import bsn, btw, iban, kvk, loonheffingsnummer

N = 20_000
SEPARATORS = " .-"  # the ones stdnum strips too


def _digits(rng: np.random.Generator, width: int) -> str:
    return "".join(map(str, rng.integers(0, 10, width)))


def _elfproef_digits(rng: np.random.Generator) -> str:
    """Nine digits passing the 11-test (the last digit is the check digit)."""
    while True:
        head = _digits(rng, 8)
        check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
        if check < 10 and head != "00000000":
            return head + str(check)


def _mod97_btw(rng: np.random.Generator) -> str:
    """A btw-id of an eenmanszaak: nine digits and the suffix that passes mod 97-10."""
    while True:
        digits = _digits(rng, 9)
        for k in range(1, 100):
            if mod_97_10.is_valid(f"NL{digits}B{k:02d}"):
                return f"NL{digits}B{k:02d}"


def _mess(rng: np.random.Generator, number: str) -> str:
    """Separators inside, spaces around, lower case: what offices type."""
    if rng.random() < 0.3:
        cut = int(rng.integers(0, len(number) + 1))
        number = number[:cut] + str(rng.choice(list(SEPARATORS))) + number[cut:]
    if rng.random() < 0.2:
        number = number.lower()
    if rng.random() < 0.1:
        number = f"  {number}\t"
    return number


def _sample(make: Callable[[np.random.Generator], str], seed: int) -> list[str]:
    """N messy values, the same on every run; empty ones are dropped as the engine does."""
    rng = np.random.default_rng(seed)
    values = (_mess(rng, make(rng)) for _ in range(N))
    return [v for v in values if v.strip()]


def _classify(module, values: list[str]) -> pd.DataFrame:
    return module.classify(pd.Series(values, dtype="str"))


def _assert_agrees(result: pd.DataFrame, values: list[str], reference: Callable) -> None:
    """`reference(value)` is the normal form, or None for an invalid value."""
    expected = [reference(v) for v in values]
    got = result["normal"].astype(object).where(result["normal"].notna(), None).tolist()
    wrong = [(v, e, g) for v, e, g in zip(values, expected, got, strict=True) if e != g]
    assert not wrong, wrong[:10]
    assert 0.2 < np.mean([e is not None for e in expected]) < 0.9, "sample too one-sided"


# --- BSN / RSIN ---------------------------------------------------------------------------------


def _bsn_value(rng: np.random.Generator) -> str:
    kind = rng.integers(0, 8)
    if kind <= 2:
        return _elfproef_digits(rng)
    if kind == 3:
        return _digits(rng, 9)
    if kind == 4:  # short: stdnum would zero-pad it
        return _digits(rng, int(rng.integers(1, 9)))
    if kind == 5:  # Excel dropped the leading zero, or added '.0'
        return _elfproef_digits(rng).lstrip("0") + str(rng.choice(["", ".0", ",00"]))
    if kind == 6:
        return _digits(rng, int(rng.integers(10, 12)))
    return _digits(rng, 4) + str(rng.choice(list("aBx/"))) + _digits(rng, 4)


def _bsn_reference(value: str) -> str | None:
    """stdnum.nl.bsn after the two documented repairs, with the length checked first."""
    found = re.fullmatch(r"([0-9]+)[.,]0{1,2}", value.strip())
    number = clean(found[1] if found else value, SEPARATORS).strip()
    if len(number) == 8 and stdnum.nl.bsn.is_valid("0" + number):
        number = "0" + number
    if len(number) != 9 or not stdnum.nl.bsn.is_valid(number):
        return None
    return stdnum.nl.bsn.compact(number)


def test_bsn_agrees_with_stdnum() -> None:
    values = _sample(_bsn_value, 1)
    _assert_agrees(_classify(bsn, values), values, _bsn_reference)


# --- BTW-nummer -------------------------------------------------------------------------------


def _btw_value(rng: np.random.Generator) -> str:
    kind = rng.integers(0, 8)
    suffix = f"B{int(rng.integers(0, 100)):02d}"
    prefix = str(rng.choice(["NL", "", "nl"]))
    if kind <= 1:
        return prefix + _elfproef_digits(rng) + suffix
    if kind == 2:
        return _mod97_btw(rng)
    if kind == 3:
        return prefix + _digits(rng, 9) + suffix
    if kind == 4:  # short: stdnum would zero-pad the digits
        return prefix + _digits(rng, int(rng.integers(1, 9))) + suffix
    if kind == 5:
        return prefix + _elfproef_digits(rng) + str(rng.choice(["L01", "B1", "B001", "", "b01"]))
    if kind == 6:
        return _elfproef_digits(rng) + suffix
    return prefix + _digits(rng, 10) + suffix


def _btw_reference(value: str) -> str | None:
    """stdnum.nl.btw, with the nine digits checked before stdnum zero-pads them."""
    number = clean(value, SEPARATORS).upper().strip().removeprefix("NL")
    if len(number[:-3]) != 9 or not stdnum.nl.btw.is_valid(value):
        return None
    return "NL" + stdnum.nl.btw.compact(value)


def test_btw_agrees_with_stdnum() -> None:
    values = _sample(_btw_value, 2)
    _assert_agrees(_classify(btw, values), values, _btw_reference)


# --- IBAN ----------------------------------------------------------------------------------------


def _with_check_digits(number: str) -> str:
    return number[:2] + stdnum.iban.calc_check_digits(number) + number[4:]


def _iban_value(rng: np.random.Generator) -> str:
    kind = rng.integers(0, 7)
    bank = "".join(rng.choice(list("ABNRSIGT"), 4))
    dutch = f"NL{_digits(rng, 2)}{bank}{_digits(rng, 10)}"
    if kind <= 2:
        return _with_check_digits(dutch)
    if kind == 3:
        return dutch
    if kind == 4:
        return _with_check_digits(f"NL00{bank}{_digits(rng, int(rng.integers(8, 12)))}")
    if kind == 5:
        return _with_check_digits(str(rng.choice(["BE00", "DE00"])) + _digits(rng, 14))
    return _with_check_digits(f"GB00{bank}{_digits(rng, 14)}")


def test_iban_agrees_with_stdnum() -> None:
    values = _sample(_iban_value, 3)
    _assert_agrees(
        _classify(iban, values),
        values,
        lambda v: stdnum.iban.compact(v) if stdnum.iban.is_valid(v) else None,
    )


# --- Loonheffingennummer and KvK-nummer (no stdnum module) ------------------------------------


def _passes_11test(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and digits != "000000000"


def _lh_value(rng: np.random.Generator) -> str:
    kind = rng.integers(0, 6)
    suffix = f"L{int(rng.integers(0, 100)):02d}"
    if kind <= 2:
        return _elfproef_digits(rng) + suffix
    if kind == 3:
        return _digits(rng, 9) + suffix
    if kind == 4:
        return _digits(rng, int(rng.integers(7, 11))) + suffix
    return _elfproef_digits(rng) + str(rng.choice(["B01", "L1", "", "L001", "NL"]))


def _lh_reference(value: str) -> str | None:
    number = clean(value, SEPARATORS).strip().upper()
    found = re.fullmatch(r"([0-9]{9})L([0-9]{2})", number)
    if not found or found[2] == "00" or not _passes_11test(found[1]):
        return None
    return number


def test_loonheffingsnummer_agrees_with_reference() -> None:
    values = _sample(_lh_value, 4)
    _assert_agrees(_classify(loonheffingsnummer, values), values, _lh_reference)


def _kvk_value(rng: np.random.Generator) -> str:
    kind = rng.integers(0, 5)
    if kind <= 1:
        return _digits(rng, 8)
    if kind == 2:  # Excel dropped the leading zero, or added '.0'
        return _digits(rng, 7) + str(rng.choice(["", ".0"]))
    if kind == 3:
        return _digits(rng, int(rng.integers(5, 11)))
    return _digits(rng, 4) + "x" + _digits(rng, 3)


def _kvk_reference(value: str) -> str | None:
    found = re.fullmatch(r"([0-9]+)[.,]0{1,2}", value.strip())
    number = clean(found[1] if found else value, SEPARATORS).strip()
    if re.fullmatch("[0-9]{7}", number):
        number = "0" + number
    return number if re.fullmatch("[0-9]{8}", number) else None


def test_kvk_agrees_with_reference() -> None:
    values = _sample(_kvk_value, 5)
    _assert_agrees(_classify(kvk, values), values, _kvk_reference)


# --- Arrow and Python agree on the tables the vectorised path relies on -----------------------

CODE_POINTS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def test_whitespace_is_pythons_everywhere() -> None:
    """`WHITESPACE` is str.isspace and `\\s`; Arrow's trim strips exactly those."""
    spaces = "".join(c for c in CODE_POINTS if c.isspace())
    assert WHITESPACE == spaces == "".join(c for c in CODE_POINTS if re.match(r"\s", c))
    padded = pa.array([c + "x" + c for c in CODE_POINTS])
    trimmed = pc.utf8_trim_whitespace(padded).to_pylist()
    assert [t == "x" for t in trimmed] == [c.isspace() for c in CODE_POINTS]


def test_arrow_ascii_case_is_the_translate_tables() -> None:
    text = pa.array(CODE_POINTS)
    upper = str.maketrans(ascii_lowercase, ascii_uppercase)
    lower = str.maketrans(ascii_uppercase, ascii_lowercase)
    assert pc.ascii_upper(text).to_pylist() == [c.translate(upper) for c in CODE_POINTS]
    assert pc.ascii_lower(text).to_pylist() == [c.translate(lower) for c in CODE_POINTS]


TOKENS = [
    *"0123456789.,;/|+ -_xXéë١\n\t\u00a0\u3000",
    "en",
    " en ",
    "En",
    "BTW",
    "100",
    ".1",
    "é en",
    "en\u00e9",
    "\U00011f50",  # a Kawi digit: \d in newer Unicode tables than Python's
    "ﬁ",
    "Ö",
]


@pytest.fixture(scope="module")
def texts() -> pd.Series:
    rng = np.random.default_rng(6)
    words = ["".join(rng.choice(TOKENS, int(rng.integers(0, 9)))) for _ in range(N)]
    return pd.Series(words, dtype="str", index=np.arange(N) + 7)


def test_split_list_is_re_split(texts: pd.Series) -> None:
    items = split_list(texts)
    separator = r"\s*(?:[,;/|+\n]|\ben\b)\s*"
    expected = [(i, item) for i, t in texts.items() for item in re.split(separator, t) if item]
    assert list(zip(items.index, items, strict=True)) == expected


def test_parent_numbers_is_re_search(texts: pd.Series) -> None:
    expected = [m[1] if (m := re.search(r"^(.+)\.\d+$", t)) else None for t in texts]
    parents = parent_numbers(texts)
    assert parents.index.equals(texts.index)
    assert parents.astype(object).where(parents.notna(), None).tolist() == expected


def test_key_series_is_key(texts: pd.Series) -> None:
    assert key_series(texts).tolist() == [key(t) for t in texts]


def test_member_is_isin(texts: pd.Series) -> None:
    pool = texts.iloc[::3]
    assert member(texts, pool).tolist() == texts.isin(set(pool)).tolist()


def test_ascii_digits_and_digit_counts_are_re_over_ascii_digits(texts: pd.Series) -> None:
    with_na = pd.concat([texts, pd.Series([None, ""], dtype="str")])
    expected = [None if pd.isna(t) else re.sub("[^0-9]", "", t) for t in with_na]
    for values in (arrow(with_na), arrow(with_na).slice(5, 900)):  # a slice starts mid-buffer
        wanted = expected[5:905] if values.offset else expected
        assert ascii_digits(values).to_pylist() == wanted
        assert digit_counts(values).tolist() == [len(d or "") for d in wanted]


@pytest.mark.parametrize(
    ("module", "value"), [(bsn, ".\t111222333"), (kvk, ".\t0"), (kvk, "-\n1234567")]
)
def test_whitespace_behind_a_separator_is_junk_in_both_paths(module, value: str) -> None:
    """Compacting strips, then drops separators, once: the tab stays inside the number."""
    with pytest.raises(InvalidFormat):
        module.validate(module.repair(value))
    assert _classify(module, [value])["reason"].tolist() == ["invalid_format"]
