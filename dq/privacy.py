"""Presentation mode: one set of masking rules for the screen, the JSON, every download and the
history.

Screens are shared in kick-off calls and fix lists are e-mailed, so whatever the masked mode
hides is hidden everywhere, by the same functions. Start from `Masking` (a Report makes one
with `Report.masking(masked)`): `.issues(table)`, `.column(values, field)`,
`.frame(frame, mapping)` and `.text(value)`; with `masked=False` each returns its input.

The rules, per field (`dq.spec.fields`):
- BSN and RSIN are masked whole (`*****2333`); a value that is not nine digits shows its shape
  (`*****2345 (5 cijfers)`), so a masked value keeps its problem visible.
- BTW- and loonheffingennummers keep their shape but hide their digits: for an eenmanszaak
  those are the owner's BSN.
- E-mail addresses keep their first letter and domain (`j***@voorbeeld.nl`), every address in
  the cell.
- The office's own numbers (relatie-, contact-, KvK-nummer, postcode, IBAN, telephone) are
  shown, except a value that is a BSN or RSIN: nine digits passing the 11-test where the
  field never holds nine digits, and for the row keys a number that equals a BSN or RSIN of
  the files (`Masking.secrets`).
- Everything else (names, addresses, unmapped columns, file names, reasons) is free text:
  every e-mail address and every run of nine digits passing the 11-test is hidden, whatever
  single separators stand between its digits (`111/222/333`, `111, 222, 333`, full-width
  digits). A longer run, such as a phone number, is not a BSN; a nine-digit group of a list
  (`111222333, 123456782`) is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from dq.spec.fields import FIELDS, KEY_FIELD
from dq.text import arrow, ascii_digits, digit_counts, exact_ascii, series
from dq.threads import each
from dq.validators.elfproef import passes

Rule = Callable[[str], str]

SENSITIVE = frozenset(f.key for f in FIELDS if f.sensitive)
EMBEDS_NUMBER = frozenset(f.key for f in FIELDS if f.embeds_bsn)
EMAIL_FIELDS = frozenset({"email"})
#: Fields whose own values are numbers that never have nine digits: a nine-digit value passing
#: the 11-test there is a BSN or RSIN typed into the wrong column.
OWN_NUMBERS = frozenset({"kvk_nummer", "postcode", "iban", "telefoon"})
#: The row keys: any value is a valid number, so only one equal to a BSN/RSIN of the files hides.
KEYS = frozenset({*KEY_FIELD.values(), "relatienummers"})
STARS = "*****"

#: Between two digits of one number: at most one separator sign, with a space on either side.
_SEPARATOR = r"\s?(?:[^\w\s]|_)?\s?"
#: A run of digits (any script: full-width too) joined by single separators.
_DIGIT_RUN = re.compile(rf"(?<!\d)\d(?:{_SEPARATOR}\d)*(?!\d)")
_GROUP = re.compile(r"\d+")
_LIST_SIGN = re.compile(r"[,;|]")
#: 8 or 9 digits with separators inside a BTW- or loonheffingennummer (`8571.49.416`).
_EMBEDDED = re.compile(r"(?<!\d)(?:\d[ .\-\u00a0]?){7,8}\d(?!\d)")
#: The same for Arrow (RE2 has no look-around, and its `\d` is ASCII): the last four digits
#: are kept as groups 2-5, what stands before and after as groups 1 and 6.
_EMBEDDED_RE2 = (
    r"(^|[^0-9])(?:[0-9][ .\-\x{a0}]?){4,5}([0-9])[ .\-\x{a0}]?([0-9])[ .\-\x{a0}]?([0-9])"
    r"[ .\-\x{a0}]?([0-9])([^0-9]|$)"
)
#: An address; the local part starts where a word starts, so a long text without '@' costs one
#: pass instead of one pass per character (a 1 MB cell took hours).
_EMAIL = re.compile(r"(?<![^\s@,;<>\"'])([^\s@,;<>\"'])[^\s@,;<>\"']*@")
_EMAIL_RE2 = r"(^|[\s,;<>\"'])([^\s@,;<>\"'])[^\s@,;<>\"']*@"
_MIN_DIGITS = 8  # a cell with fewer digits holds no BSN: skipped without a regex


def digits_of(text: str) -> str:
    """The digits of a text as ASCII (full-width and other scripts too).

    >>> digits_of("１１１/222 333")
    '111222333'
    >>> digits_of("m²: 12")  # a superscript is a digit, but not a decimal one
    '12'
    """
    return "".join(str(int(c)) for c in text if c.isdecimal())


def passes_11_test(digits: str) -> bool:
    """Nine digits (eight: a lost leading zero) passing the 11-test, not all zeros.

    >>> passes_11_test("111222333"), passes_11_test("11222333"), passes_11_test("111222334")
    (True, False, False)
    """
    return passes(digits.zfill(9) if len(digits) == 8 else digits)


def shapes(values: pd.Series) -> pd.Series:
    """How each personal number looks, for a masked value with a problem ('' when it is
    nine digits): `' (5 cijfers)'`, `' (8 cijfers en 1 ander teken)'`.

    >>> shapes(pd.Series(["12345", "111222333", "1112.22.333", "11122233x", "1"])).tolist()
    [' (5 cijfers)', '', '', ' (8 cijfers en 1 ander teken)', ' (1 cijfer)']
    """
    text = values.astype("str")
    digits = text.str.count(r"\d")
    others = text.str.count(r"[^\d .\-\u00a0]")
    counted = " (" + digits.astype("str") + np.where(digits.eq(1), " cijfer", " cijfers")
    extra = np.where(others.eq(1), " ander teken", " andere tekens")
    counted = counted.where(others.eq(0), counted + " en " + others.astype("str") + extra)
    return (counted + ")").where(digits.ne(9) | others.ne(0), "")


def mask_numbers(values: pd.Series) -> pd.Series:
    """Hide all but the last four characters of each personal number, and show its shape
    (blanks and NA stay as they are).

    >>> mask_numbers(pd.Series(["111222333", "12345", "12", " "])).tolist()
    ['*****2333', '*****2345 (5 cijfers)', '** (2 cijfers)', ' ']
    """
    text = values.astype("str").str.strip()
    filled = values.notna() & text.ne("")
    if not filled.any():
        return values
    text = text[filled]
    hidden = STARS + text.str[-4:]
    short = text.str.len().le(4)
    if short.any():
        hidden[short] = text[short].str.replace(r".", "*", regex=True)
    return values.where(~filled, hidden + shapes(text)).astype(values.dtype)


def mask_embedded(text: str) -> str:
    """Hide the 8 or 9 digits inside a BTW- or loonheffingennummer, keep the rest.

    >>> mask_embedded("NL256653537B01"), mask_embedded("NL 8571.49.416 B01")
    ('NL*****3537B01', 'NL *****9416 B01')
    """
    return _EMBEDDED.sub(lambda m: STARS + digits_of(m.group())[-4:], str(text))


def mask_emails(values: pd.Series) -> pd.Series:
    """Every e-mail address keeps its first letter and domain; a cell without '@' keeps only
    its first character.

    >>> mask_emails(pd.Series(["jan.devries@voorbeeld.nl; els@x.nl", "jan@", "x", ""])).tolist()
    ['j***@voorbeeld.nl; e***@x.nl', 'j***@', 'x***', '']
    """
    text = values.astype("str")
    addressed = text.str.contains("@", regex=False)
    filled = values.notna() & text.str.strip().ne("")
    shown = _hide_addresses(text).where(addressed, text.str[:1] + "***")
    return values.where(~filled, shown).astype(values.dtype)


def _hide_addresses(values: pd.Series) -> pd.Series:
    """Each address keeps the first character of its local part and its domain."""
    return _replace(values, (_EMAIL_RE2, r"\1\2***@"), lambda t: _EMAIL.sub(r"\1***@", t))


def _replace(values: pd.Series, re2: tuple[str, str], scalar: Rule) -> pd.Series:
    """A regex replacement over a column: RE2 in Arrow for ASCII texts, `scalar` (Python's
    `re`, with look-around and Unicode digits) for the others."""
    text = arrow(values)
    done = exact_ascii(text, lambda a: pc.replace_substring_regex(a, *re2), scalar)
    return series(done, values.index).where(values.notna(), values)


def _hide_runs(text: str, is_secret: Callable[[str], bool]) -> str:
    """Mask every digit run (or nine-digit group of a listed run) that `is_secret` accepts."""

    def hide(match: re.Match[str]) -> str:
        run = match.group()
        digits = digits_of(run)
        if len(digits) <= 9:
            return STARS + digits[-4:] if is_secret(digits) else run
        return _hide_groups(run, is_secret)

    return _DIGIT_RUN.sub(hide, text)


def _hide_groups(run: str, is_secret: Callable[[str], bool]) -> str:
    """In a run longer than nine digits, the nine-digit groups set off by a list sign."""
    parts, last = [], 0
    for group in _GROUP.finditer(run):
        before, after = run[last : group.start()], run[group.end() : group.end() + 3]
        listed = _LIST_SIGN.search(before[-3:]) or _LIST_SIGN.search(after)
        hidden = len(group.group()) == 9 and listed and is_secret(digits_of(group.group()))
        parts += [before, STARS + digits_of(group.group())[-4:] if hidden else group.group()]
        last = group.end()
    return "".join(parts) + run[last:]


def mask_free_text(text: str, secrets: frozenset[str] = frozenset()) -> str:
    """One text of unknown meaning: `free_text` for one value, without a column around it.

    >>> mask_free_text("Partner: piet@bakker.nl, BSN 111/222/333")
    'Partner: p***@bakker.nl, BSN *****2333'
    >>> mask_free_text("bel +31 6 12345678 of 0612345678")
    'bel +31 6 12345678 of 0612345678'
    """
    hidden = _EMAIL.sub(r"\1***@", str(text))
    return _hide_runs(hidden, _bsn_like(secrets))


def free_text(values: pd.Series, secrets: frozenset[str] = frozenset()) -> pd.Series:
    """Texts of unknown meaning: hide every e-mail address and BSN-like digit run (nine
    digits passing the 11-test, or a BSN/RSIN of the files in `secrets`)."""
    text = values.astype("str")
    addressed = values.notna() & text.str.contains("@", regex=False)
    if addressed.any():
        values = values.where(~addressed, _hide_addresses(text[addressed]))
    return _per_text(values, _digit_cells(values), lambda t: _hide_runs(t, _bsn_like(secrets)))


def holds_personal_data(text: str) -> bool:
    """Whether free-text masking would change the text (a BSN-like number or an address)."""
    return mask_free_text(text) != text


def _bsn_like(secrets: frozenset[str]) -> Callable[[str], bool]:
    return lambda digits: passes_11_test(digits) or digits.zfill(9) in secrets


def _digit_cells(values: pd.Series) -> pd.Series:
    """The cells that can hold a BSN: at least eight ASCII digits, or any non-ASCII text
    (full-width digits), found with one pass of Arrow over the column."""
    text = arrow(values)
    other = pc.fill_null(pc.invert(pc.string_is_ascii(text)), False).to_numpy(zero_copy_only=False)
    return pd.Series(other | (digit_counts(text) >= _MIN_DIGITS), index=values.index)


def _per_text(values: pd.Series, cells: pd.Series, rule: Rule) -> pd.Series:
    """`rule` over the chosen cells, each distinct text once."""
    if not cells.any():
        return values
    uniques = pd.unique(values[cells])
    lookup = {u: rule(str(u)) for u in uniques}
    return values.where(~cells, values[cells].map(lookup)).astype(values.dtype)


def _own_number(values: pd.Series) -> pd.Series:
    """An own-number cell (KvK, postcode, IBAN, telephone) that is a BSN or RSIN (nine
    digits passing the 11-test) is masked whole; any other value is shown."""
    digits = _digits(values)
    nine = values.notna() & digits.str.len().eq(9)
    if not nine.any():
        return values
    bsn = digits[nine].map(passes_11_test)
    hit = bsn.reindex(values.index, fill_value=False).astype(bool)
    return values.where(~hit, mask_numbers(values[hit]))


def _keys(values: pd.Series, secrets: frozenset[str]) -> pd.Series:
    """Row keys (also a list of them): a number equal to a BSN or RSIN of the files hides."""
    cells = _digit_cells(values)
    if not secrets or not cells.any():
        return values
    items = values[cells].astype("str").str.split(r"[,;|]").explode()
    found = _digits(items).str.zfill(9).map(secrets.__contains__).astype(bool)
    cells = found.groupby(level=0).any().reindex(values.index, fill_value=False).astype(bool)
    return _per_text(values, cells, lambda t: _hide_runs(t, secrets.__contains__))


def _digits(values: pd.Series) -> pd.Series:
    """`digits_of` over a column: Arrow for ASCII texts, Python for the few others."""
    text = arrow(values.fillna(""))
    digits = exact_ascii(text, ascii_digits, digits_of)
    return series(digits, values.index)


#: A smaller table is masked in the calling thread: starting threads cost more than they
#: gain (a page of 100 issues: 25 ms instead of 32-46 ms).
PARALLEL_ROWS = 10_000


@dataclass(frozen=True)
class Masking:
    """What one mode shows: `masked=False` shows everything (an explicit choice).

    `secrets` are the BSN and RSIN values of the checked files (nine digits): a relatie- or
    contactnummer equal to one of them is masked too.
    """

    masked: bool = True
    secrets: frozenset[str] = frozenset()

    def column(self, values: pd.Series, field_key: str | None) -> pd.Series:
        """A column of texts masked by its field's rule (`field_key` None: a column that maps
        to no field, free text); blanks and NA stay as they are."""
        if not self.masked or values.empty:
            return values
        codes, distinct = pd.factorize(values)  # each distinct text once: keys repeat a lot
        if len(distinct) == len(values):
            return self._rule(values, field_key)
        shown = self._rule(pd.Series(distinct, dtype=values.dtype), field_key)
        taken = pd.api.extensions.take(shown.array, codes, allow_fill=True)
        return pd.Series(taken, index=values.index, name=values.name)

    def _rule(self, values: pd.Series, field_key: str | None) -> pd.Series:
        """`column` for each value once."""
        if field_key in SENSITIVE:
            return mask_numbers(values)
        if field_key in EMBEDS_NUMBER:
            return _replace(values, (_EMBEDDED_RE2, r"\1*****\2\3\4\5\6"), mask_embedded)
        if field_key in EMAIL_FIELDS:
            return mask_emails(values)
        if field_key in KEYS:
            return _keys(values, self.secrets)
        if field_key in OWN_NUMBERS:
            return _own_number(values)
        return free_text(values, self.secrets)

    def text(self, value: str) -> str:
        """One free text (a file name, a header, a note)."""
        if not self.masked or value is None:
            return value
        return mask_free_text(str(value), self.secrets)

    def table(self, table: pd.DataFrame, fields: pd.Series, columns: Iterable[str]) -> pd.DataFrame:
        """`table` with `columns` masked row by row, by the field each row is about."""
        if not self.masked:
            return table
        groups = [
            (None if pd.isna(key) else key, rows)
            for key, rows in fields.groupby(fields, sort=False, dropna=False).indices.items()
        ]
        back = np.argsort(np.concatenate([rows for _, rows in groups] or [np.empty(0, int)]))
        columns = list(columns)
        values = {c: table[c].reset_index(drop=True) for c in columns}

        def part(job: tuple[str, str | None, np.ndarray]) -> pd.Series:
            column, field_key, rows = job
            return self.column(values[column].iloc[rows], field_key)

        # masked group by group (on both cores for a large table), then put back in order
        jobs = [(column, key, rows) for column in columns for key, rows in groups]
        parts = each(part, jobs) if len(table) >= PARALLEL_ROWS else list(map(part, jobs))
        masked = table.copy(deep=False)  # copy-on-write: the caller's table stays as it was
        for i, column in enumerate(columns):
            mine = parts[i * len(groups) : (i + 1) * len(groups)]
            joined = pd.concat(mine) if mine else values[column]
            masked[column] = joined.iloc[back].set_axis(table.index)
        return masked

    def issues(self, issues: pd.DataFrame) -> pd.DataFrame:
        """Issue rows: `value` and `suggestion` by each row's field, `key` as a row key."""
        if not self.masked:
            return issues
        shown = self.table(issues, issues["field"], ["value", "suggestion"])
        return shown.assign(key=self.column(shown["key"], "relatienummer"))

    def frame(self, frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
        """A loaded file's cells masked per column, by the field each column is mapped to
        (`mapping`: field -> column)."""
        if not self.masked:
            return frame
        field_of = {column: key for key, column in mapping.items()}
        return frame.apply(lambda column: self.column(column, field_of.get(column.name)))


def secret_numbers(values: pd.Series) -> frozenset[str]:
    """The values of a BSN or RSIN column as nine digits (eight: a lost leading zero)."""
    digits = _digits(values)
    return frozenset(digits[digits.str.len().isin((8, 9))].str.zfill(9).unique().tolist())
