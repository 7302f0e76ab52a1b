"""Text keys for matching: case, accents, punctuation and spacing never decide a match."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

#: Cell texts that mean "nothing filled in" for fields without a vocabulary of their own.
PLACEHOLDERS = frozenset({"", "-", "--", "nvt", "n.v.t.", "n/a", "#n/a", "nan", "null", "none"})


def key(text: str) -> str:
    """Reduce a header or value to lower-case ASCII letters and digits.

    >>> key(" Relatienr. ")
    'relatienr'
    >>> key("Coöperatie U.A.")
    'cooperatieua'
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("", ascii_text.lower())


def key_series(values: pd.Series) -> pd.Series:
    """`key` over a column, computed once per distinct value."""
    uniques = pd.unique(values)
    return values.map(dict(zip(uniques, (key(v) for v in uniques), strict=True)))


def blank(values: pd.Series, placeholders: frozenset[str] = PLACEHOLDERS) -> pd.Series:
    """True where a stripped cell holds nothing or a placeholder such as `n.v.t.`."""
    return values.str.strip().str.lower().isin(placeholders)
