"""Identifier validators: example tables per format, and properties tying classify to scalars."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
import stdnum.iban
import stdnum.nl.bsn
import stdnum.nl.btw
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.iso7064 import mod_97_10

from dq.validators import (
    bsn,
    btw,
    elfproef,
    email,
    iban,
    kvk,
    loonheffingsnummer,
    postcode,
    telefoon,
)
from dq.validators._common import ACCEPTED, PRIORITY

MODULES: dict[str, ModuleType] = {
    "bsn": bsn,
    "btw": btw,
    "loonheffingsnummer": loonheffingsnummer,
    "kvk": kvk,
    "postcode": postcode,
    "iban": iban,
    "email": email,
    "telefoon": telefoon,
}
NA = None  # readable "no reason / no normal form" in the tables

# (value, reason, normal): normal is None when the value is invalid.
CASES: dict[str, list[tuple[str, str | None, str | None]]] = {
    "bsn": [
        ("111222333", NA, "111222333"),
        ("1112.22.333", "normalised", "111222333"),
        ("111 222 333", "normalised", "111222333"),
        ("111-222-333", "normalised", "111222333"),
        ("111252333", "invalid_checksum", NA),
        ("000000000", "invalid_checksum", NA),
        ("140", "invalid_length", NA),
        ("11122233", "invalid_length", NA),  # padded 011122233 fails the 11-test
        ("1112223334", "invalid_length", NA),
        ("12345672", "leading_zero_restored", "012345672"),
        ("12345672.0", "leading_zero_restored", "012345672"),
        ("111222333.0", "float_suffix_removed", "111222333"),
        ("111222333,00", "float_suffix_removed", "111222333"),
        ("111252333.0", "invalid_checksum", NA),
        ("999999990", "test_number", "999999990"),
        # Rule 14: test and placeholder numbers that pass the 11-test.
        ("999993847", "test_number", "999993847"),
        ("000000012", "test_number", "000000012"),
        ("000009921", "test_number", "000009921"),
        ("111111110", "test_number", "111111110"),
        ("123456782", "test_number", "123456782"),
        ("1234.56.782", "test_number", "123456782"),
        ("274650009", NA, "274650009"),
        ("001000019", NA, "001000019"),  # real-looking: only four leading zeros
        ("1.23457E+08", "scientific_notation", NA),
        ("1,23E+07", "scientific_notation", NA),
        ("11122233a", "invalid_format", NA),
        ("١١١٢٢٢٣٣٣", "invalid_format", NA),  # Arabic-Indic digits pass str.isdigit
        ("...", "invalid_format", NA),
    ],
    "btw": [
        ("NL004495445B01", NA, "NL004495445B01"),
        ("NL002455799B11", NA, "NL002455799B11"),
        ("NL000099998B57", NA, "NL000099998B57"),
        ("004495445B01", "normalised", "NL004495445B01"),
        ("NL 8225.69.759 b01", "normalised", "NL822569759B01"),
        ("nl0044-95-445b01", "normalised", "NL004495445B01"),
        ("123456789B90", "invalid_checksum", NA),
        ("NL000000000B73", "invalid_checksum", NA),  # passes mod 97, but nine zeros
        ("NL009122746B00", "invalid_suffix", NA),
        ("NL004495445", "invalid_suffix", NA),
        ("NL004495445L01", "invalid_suffix", NA),
        ("NL004495445B1", "invalid_suffix", NA),
        ("NL004495445B001", "invalid_suffix", NA),
        ("NL4495445B01", "invalid_length", NA),  # stdnum would zero-pad
        ("NL140B01", "invalid_length", NA),
        ("NL00449544SB01", "invalid_format", NA),
        ("BE0123456789", "invalid_format", NA),
        ("4.49545E+06", "scientific_notation", NA),
    ],
    "loonheffingsnummer": [
        ("001000019L01", NA, "001000019L01"),
        ("857256476L01", NA, "857256476L01"),
        ("0010.00.019.L01", "normalised", "001000019L01"),
        ("857256476l01", "normalised", "857256476L01"),
        ("001000019L00", "invalid_suffix", NA),
        ("001000019", "invalid_suffix", NA),
        ("001000019B01", "invalid_suffix", NA),
        ("001000019L1", "invalid_suffix", NA),
        ("01000019L01", "invalid_length", NA),
        ("001000018L01", "invalid_checksum", NA),
        ("L01", "invalid_format", NA),
        ("NL001000019L01", "invalid_format", NA),
        ("001000019L01X", "invalid_format", NA),
        ("1.00002E+06", "scientific_notation", NA),
    ],
    "kvk": [
        ("69123456", NA, "69123456"),
        ("01234567", NA, "01234567"),
        ("6912 3456", "normalised", "69123456"),
        ("1234567", "leading_zero_restored", "01234567"),
        ("1234567.0", "leading_zero_restored", "01234567"),
        ("69123456.0", "float_suffix_removed", "69123456"),
        ("123456", "invalid_length", NA),
        ("123456789", "invalid_length", NA),
        ("6912345A", "invalid_format", NA),
        ("6.91235E+07", "scientific_notation", NA),
        ("00000000", "test_number", "00000000"),
        ("12345678", "test_number", "12345678"),
        ("1234 5678", "test_number", "12345678"),
        ("87654321", "test_number", "87654321"),
        ("33333333", "test_number", "33333333"),
        ("00012345", NA, "00012345"),
    ],
    "postcode": [
        ("1234 AB", NA, "1234 AB"),
        ("1234AB", "normalised", "1234 AB"),
        ("1234ab", "normalised", "1234 AB"),
        ("NL-2611 ET", "normalised", "2611 ET"),
        ("0123 AB", "invalid_format", NA),
        ("1234 SA", "invalid_format", NA),
        ("1234 SD", "invalid_format", NA),
        ("1234 SS", "invalid_format", NA),
        ("12345 AB", "invalid_format", NA),
        ("1234 A", "invalid_format", NA),
        ("1234 ß", "invalid_format", NA),  # str.upper would make it 'SS'
        ("1234 ﬁ", "invalid_format", NA),  # str.upper would make it 'FI'
    ],
    "iban": [
        ("NL91ABNA0417164300", NA, "NL91ABNA0417164300"),
        ("NL91 ABNA 0417 1643 00", "normalised", "NL91ABNA0417164300"),
        ("nl91abna0417164300", "normalised", "NL91ABNA0417164300"),
        ("NL91ABNA0417164301", "invalid_checksum", NA),
        ("NL91ABNA041716430", "invalid_length", NA),
        ("NL91ABNA04171643OO", "invalid_format", NA),
        ("ABNA0417164300", "invalid_format", NA),
        ("BE31435411161155", NA, "BE31435411161155"),
        ("BE31 4354 1116 1155", "normalised", "BE31435411161155"),
        ("BE31435411161156", "invalid_checksum", NA),
        ("GB82WEST12345698765432", NA, "GB82WEST12345698765432"),
        ("XX46370400440532013000", "invalid_format", NA),  # right checksum, no such country
    ],
    "email": [
        ("jan@example.nl", NA, "jan@example.nl"),
        ("jan.jansen+crm@sub.example.co.uk", NA, "jan.jansen+crm@sub.example.co.uk"),
        ("Jan@Example.NL", "normalised", "jan@example.nl"),
        ("a@b.nl; c@d.nl", "multiple_values", NA),
        ("a@b.nl,c@d.nl", "multiple_values", NA),
        ("a@b.nl c@d.nl", "multiple_values", NA),
        ("jan..jansen@example.nl", "invalid_format", NA),
        (".jan@example.nl", "invalid_format", NA),
        ("jan@example", "invalid_format", NA),
        ("jan@example.n", "invalid_format", NA),
        ("jan @example.nl", "invalid_format", NA),
        ("jan@@example.nl", "invalid_format", NA),
        ("jan@-example.nl", "invalid_format", NA),
        ("jöran@example.nl", "invalid_format", NA),
    ],
    "telefoon": [
        ("0612345678", NA, "0612345678"),
        ("+49301234567", NA, "+49301234567"),
        ("06-12345678", "normalised", "0612345678"),
        ("06 1234 5678", "normalised", "0612345678"),
        ("+31612345678", "normalised", "0612345678"),
        ("+31 (0)6 12345678", "normalised", "0612345678"),
        ("0031612345678", "normalised", "0612345678"),
        ("(020) 123.4567", "normalised", "0201234567"),
        ("+49 30 1234567", "normalised", "+49301234567"),
        ("0049301234567", "normalised", "+49301234567"),
        ("0612345", "invalid_length", NA),
        ("+31 6 123", "invalid_length", NA),
        ("+31", "invalid_length", NA),
        ("+1234567", "invalid_length", NA),
        ("+12345678901234567", "invalid_length", NA),
        ("612345678", "invalid_format", NA),  # lost leading zero: not repaired
        ("06-1234567a", "invalid_format", NA),
        ("+0612345678", "invalid_format", NA),
        ("06/12345678", "invalid_format", NA),
        ("6.12346E+08", "scientific_notation", NA),
    ],
}


def _is(value: object, expected: str | None) -> bool:
    """Compare a classify cell with a table entry, where None stands for <NA>."""
    return pd.isna(value) if expected is None else value == expected


@pytest.mark.parametrize(
    ("name", "value", "reason", "normal"),
    [(name, *case) for name, cases in CASES.items() for case in cases],
)
def test_classify_table(name: str, value: str, reason: str | None, normal: str | None) -> None:
    row = MODULES[name].classify(pd.Series([value])).iloc[0]
    assert _is(row["reason"], reason), row["reason"]
    assert _is(row["normal"], normal), row["normal"]
    assert _is(row["suggestion"], None if reason is None else normal)


@pytest.mark.parametrize(
    ("module", "value", "error"),
    [
        (bsn, "111252333", InvalidChecksum),
        (bsn, "140", InvalidLength),
        (bsn, "12345672", InvalidLength),  # validate never pads; repair does
        (bsn, "12345672.0", InvalidChecksum),  # a dot is a separator: repair() first
        (bsn, "1.23457E+08", InvalidFormat),
        (btw, "123456789B90", InvalidChecksum),
        (btw, "NL009122746B00", InvalidComponent),
        (btw, "NL4495445B01", InvalidLength),
        (btw, "NL00449544SB01", InvalidFormat),
        (loonheffingsnummer, "001000019", InvalidComponent),
        (loonheffingsnummer, "001000018L01", InvalidChecksum),
        (kvk, "1234567", InvalidLength),
        (kvk, "6912345A", InvalidFormat),
        (postcode, "1234 SS", InvalidComponent),
        (postcode, "0123 AB", InvalidFormat),
        (iban, "NL91ABNA0417164301", InvalidChecksum),
        (iban, "NL91ABNA041716430", InvalidLength),
        (iban, "XX46370400440532013000", InvalidComponent),
        (email, "a@b.nl; c@d.nl", InvalidFormat),
        (telefoon, "0612345", InvalidLength),
        (telefoon, "612345678", InvalidFormat),
        (telefoon, "+31 0 010000000", InvalidFormat),  # reads as 0010000000: a foreign prefix
    ],
)
def test_validate_raises(module: ModuleType, value: str, error: type[ValidationError]) -> None:
    with pytest.raises(error):
        module.validate(value)


@pytest.mark.parametrize(
    ("module", "value", "repaired"),
    [
        (bsn, "12345672.0", "012345672"),
        (bsn, "12345672", "012345672"),
        (bsn, "11122233", "11122233"),  # padding would not pass: left for validate to refuse
        (bsn, "111222333.00", "111222333"),
        (bsn, "1112.22.333", "1112.22.333"),  # nothing to undo: validate compacts
        (bsn, ".\t111222333", ".\t111222333"),  # compacted once, the tab is inside: junk
        (kvk, "1234567.0", "01234567"),
        (kvk, "123456", "123456"),
    ],
)
def test_repair(module: ModuleType, value: str, repaired: str) -> None:
    assert module.repair(value) == repaired


def test_format_and_kind() -> None:
    assert bsn.format("111222333") == "1112.22.333"
    assert iban.format("nl91abna0417164300") == "NL91 ABNA 0417 1643 00"
    assert [btw.kind(n) for n in ("NL004495445B01", "NL002455799B11", "000099998B57")] == [
        "elfproef",
        "mod97",
        "mod97",
    ]
    with pytest.raises(InvalidChecksum):
        btw.kind("123456789B90")


def test_btw_kind_column() -> None:
    values = pd.Series(["NL004495445B01", "NL002455799B11", "123456789B90"])
    assert btw.classify(values)["kind"].tolist() == ["elfproef", "mod97", pd.NA]


@pytest.mark.parametrize("module", MODULES.values(), ids=MODULES.keys())
def test_classify_shape(module: ModuleType) -> None:
    """Same index (even duplicated, unsorted), string columns, and empty input works."""
    index = pd.Index([7, 3, 7], name="rij")
    result = module.classify(pd.Series(["x", "111222333", "NL91ABNA0417164300"], index=index))
    columns = ["normal", "reason", "suggestion"] + (["kind"] if module is btw else [])
    assert list(result.columns) == columns
    assert result.index.equals(index)
    assert all(dtype == "string" for dtype in result.dtypes)
    assert module.classify(pd.Series([], dtype="str")).empty


@pytest.mark.parametrize("module", MODULES.values(), ids=MODULES.keys())
@pytest.mark.parametrize("junk", [None, "", "🙂", object(), 111222333, b"111222333", ["x"]])
def test_is_valid_junk(module: ModuleType, junk: object) -> None:
    assert module.is_valid(junk) is False


@pytest.mark.parametrize("module", MODULES.values(), ids=MODULES.keys())
def test_reasons_declared_and_documented(module: ModuleType) -> None:
    """REASONS is a priority-ordered part of the closed vocabulary, each one in the docstring."""
    assert list(module.REASONS) == sorted(module.REASONS, key=PRIORITY.index)
    assert all(reason in module.__doc__ for reason in module.REASONS)
    name = module.__name__.rpartition(".")[2]
    assert {reason for _, reason, _ in CASES[name]} - {None} == set(module.REASONS)


def test_elfproef_array_refuses_wrong_shape() -> None:
    with pytest.raises(ValueError):
        elfproef.passes_array(pd.Series(["12345678"]))
    with pytest.raises(ValueError):
        elfproef.mod97_passes_array(pd.Series(["NL00 1"]))


# --- properties --------------------------------------------------------------------------


def _shape(pattern: str) -> st.SearchStrategy[str]:
    """Strings matching `pattern` as a whole."""
    return st.from_regex(pattern, fullmatch=True)


NINE_DIGITS = st.text("0123456789", min_size=9, max_size=9).filter(lambda s: s != "000000000")


@settings(max_examples=200, deadline=None)
@given(NINE_DIGITS)
def test_bsn_agrees_with_stdnum(number: str) -> None:
    expected = stdnum.nl.bsn.is_valid(number)
    assert bsn.is_valid(number) == elfproef.passes(number) == expected
    assert elfproef.passes_array(pd.Series([number])).tolist() == [expected]


def _mod97_btw(digits: str) -> str:
    """A btw-id over `digits` that passes mod 97 (there is one suffix per residue)."""
    return next(
        f"NL{digits}B{k:02d}" for k in range(1, 100) if mod_97_10.is_valid(f"NL{digits}B{k:02d}")
    )


WELL_FORMED_BTW = st.one_of(
    _shape(r"(NL)?[0-9]{9}B[0-9]{2}"),
    st.text("0123456789", min_size=9, max_size=9).map(_mod97_btw),
)


@settings(max_examples=200, deadline=None)
@given(WELL_FORMED_BTW)
def test_btw_agrees_with_stdnum(number: str) -> None:
    assert btw.is_valid(number) == stdnum.nl.btw.is_valid(number)
    full = number if number.startswith("NL") else "NL" + number
    assert elfproef.mod97_passes_array(pd.Series([full]))[0] == mod_97_10.is_valid(full)


def _with_check_digits(number: str) -> str:
    """Replace the check digits so the IBAN checksum holds."""
    return number[:2] + stdnum.iban.calc_check_digits(number) + number[4:]


IBANS = st.one_of(
    _shape(r"NL[0-9]{2}[A-Z]{4}[0-9]{10}"),
    _shape(r"NL[0-9]{2}[A-Z]{4}[0-9]{10}").map(_with_check_digits),
    _shape(r"(BE|DE|GB|FR|XX)[0-9]{2}[A-Z0-9]{12,22}"),
    _shape(r"BE[0-9]{14}").map(_with_check_digits),
)


@settings(max_examples=200, deadline=None)
@given(IBANS)
def test_iban_agrees_with_stdnum(number: str) -> None:
    assert iban.is_valid(number) == stdnum.iban.is_valid(number)


JUNK_TOKENS = [
    *"0123456789" * 3,
    *" .-,;+()@aZbBlLeE",
    "NL",
    "nl",
    "E+",
    ".0",
    "+31",
    "0031",
    "00",
    "ß",
    "ﬁ",
    "١",
    "\u00a0",
    "\t",
    "\n",
    "🙂",
]
JUNK = st.one_of(
    st.lists(st.sampled_from(JUNK_TOKENS), min_size=1, max_size=16).map("".join),
    st.text(min_size=1, max_size=12),
)
NEAR_VALID: dict[str, st.SearchStrategy[str]] = {
    "bsn": _shape(r"[0-9]{7,10}([.,]0{1,2})?|[0-9]{4}\.[0-9]{2}\.[0-9]{3}"),
    "btw": _shape(r"(NL|nl|NL )?[0-9]{8,10}[Bb][0-9]{1,3}"),
    "loonheffingsnummer": _shape(r"[0-9]{8,10}[Ll][0-9]{1,3}"),
    "kvk": _shape(r"[0-9]{6,9}(\.0)?"),
    "postcode": _shape(r"(NL-)?[0-9]{4} ?[A-Za-z]{2}"),
    "iban": IBANS,
    "email": _shape(r"[a-zA-Z.]{1,6}@[a-z.-]{1,6}\.[a-zA-Z]{1,3}([;, ]+a@b\.nl)?"),
    "telefoon": _shape(r"(\+31|0031|\+|00|0)?[0-9 ()-]{6,14}"),
}


def _allowed_reasons(error: ValidationError) -> set[str]:
    """Reasons classify may give for a value the scalar path refuses with `error`."""
    if isinstance(error, InvalidLength):
        reasons = {"invalid_length"}
    elif isinstance(error, InvalidChecksum):
        reasons = {"invalid_checksum"}
    elif isinstance(error, InvalidComponent):
        reasons = {"invalid_suffix", "invalid_format"}
    else:
        reasons = {"invalid_format", "multiple_values"}
    return reasons | {"scientific_notation"}


def _scalar_path(module: ModuleType) -> Callable[[str], str]:
    """What classify vectorises: `validate`, after `repair` where the module repairs."""
    repair = getattr(module, "repair", lambda number: number)
    return lambda number: module.validate(repair(number))


@pytest.mark.parametrize("name", MODULES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_classify_agrees_with_scalar(name: str, data: st.DataObject) -> None:
    """Accepted exactly when the scalar path accepts, same normal form; normal is a fixpoint."""
    module = MODULES[name]
    values = data.draw(st.lists(st.one_of(JUNK, NEAR_VALID[name]), min_size=1, max_size=15))
    values = [v.strip() for v in values if v.strip()]  # what the engine hands over
    result = module.classify(pd.Series(values, index=np.arange(len(values))[::-1]))
    scalar = _scalar_path(module)
    for value, (normal, reason, suggestion) in zip(
        values, result[["normal", "reason", "suggestion"]].itertuples(index=False), strict=True
    ):
        assert pd.isna(reason) or reason in module.REASONS
        try:
            expected = scalar(value)
        except ValidationError as error:
            assert reason in _allowed_reasons(error), (value, reason, error)
            assert pd.isna(normal) and pd.isna(suggestion)
            continue
        assert normal == expected, value
        assert pd.isna(reason) or reason in ACCEPTED, (value, reason)
        if pd.isna(reason) or reason != "test_number":  # a flag on a valid number, rewritten or not
            assert pd.isna(reason) == (normal == value)
        assert pd.isna(suggestion) if pd.isna(reason) else suggestion == normal
    valid = result["normal"].dropna()
    again = module.classify(valid)
    assert again["normal"].equals(valid)
    assert set(again["reason"].dropna()) <= {"test_number"}


@pytest.mark.parametrize("module", MODULES.values(), ids=MODULES.keys())
@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), st.none(), st.integers(), st.floats(), st.binary()))
def test_is_valid_never_raises(module: ModuleType, value: object) -> None:
    assert isinstance(module.is_valid(value), bool)
