"""E-mail address: the login of a Mijn Kantoor contact, so exactly one address per cell.

The check is pragmatic, not RFC 5322: ASCII `local@domain.tld`, no spaces, no empty or
doubled dots, a top-level domain of at least two letters. The normal form is trimmed and
lower-cased (ASCII letters only), so addresses compare equal for the uniqueness rule.

`classify` reasons: multiple_values (two or more addresses separated by `;`, `,` or
whitespace), invalid_format, normalised.

>>> validate(' Jan.Jansen@Example.NL ')
'jan.jansen@example.nl'
>>> validate('jan@example.nl; piet@example.nl')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: More than one e-mail address.
>>> validate('jan..jansen@example.nl')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> classify(pd.Series(['jan@example.nl', 'Jan@Example.nl', 'a@b.nl, c@d.nl'])).reason.tolist()
[<NA>, 'normalised', 'multiple_values']
"""

from __future__ import annotations

import re
from string import ascii_lowercase, ascii_uppercase

import pandas as pd
import pyarrow.compute as pc
from stdnum.exceptions import InvalidFormat

from dq.text import WHITESPACE
from dq.validators import _common

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "multiple_values",
    "invalid_format",
    "normalised",
)

_TABLE = str.maketrans(ascii_uppercase, ascii_lowercase)
_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
ADDRESS = rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[a-z]{{2,}}"
#: Two '@'s with a list separator between them: more than one address in the cell.
MULTIPLE = f"@[^;,{WHITESPACE}]*[;,{WHITESPACE}]+[^;,{WHITESPACE}]*@"


def compact(number: str) -> str:
    """Trim and lower-case, so `Jan@Example.NL` and `jan@example.nl` compare equal."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return the trimmed lower-case address or raise; a list of addresses is refused."""
    number = compact(number)
    if re.search(MULTIPLE, number):
        raise InvalidFormat("More than one e-mail address.")
    if not re.fullmatch(ADDRESS, number):
        raise InvalidFormat()
    return number


def is_valid(number: object) -> bool:
    """True for one plausible e-mail address; never raises."""
    return _common.accepts(validate, number)


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    address = pc.ascii_lower(pc.utf8_trim_whitespace(text))
    multiple = _common.mask(pc.match_substring_regex(address, MULTIPLE))
    valid = ~multiple & _common.fullmatch(address, ADDRESS)
    flags = {"multiple_values": multiple, "invalid_format": ~valid}
    return _common.frame(values.index, text, _common.keep(address, valid), flags)
