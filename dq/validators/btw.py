"""BTW-nummer: the Dutch VAT number (omzetbelastingnummer or btw-identificatienummer).

It is `NL`, nine digits, `B` and a sequence number 01..99. The nine digits pass the 11-test
(omzetbelastingnummer, or the btw-id of a non-eenmanszaak), or the whole number passes
ISO 7064 mod 97-10 (btw-id of an eenmanszaak since 2020); `kind` tells which. Unlike
stdnum.nl.btw the normal form keeps `NL` and short numbers are not zero-padded.

`classify` reasons: scientific_notation, invalid_format, invalid_length, invalid_suffix
(missing or wrong B part, `B00`), invalid_checksum (also nine zeros), normalised
(separators, lower case, missing `NL`). Extra column `kind`.

>>> validate('NL 0044.95.445 b01')
'NL004495445B01'
>>> validate('004495445B01')
'NL004495445B01'
>>> kind('NL004495445B01'), kind('NL002455799B11')
('elfproef', 'mod97')
>>> validate('123456789B90')
Traceback (most recent call last):
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('NL009122746B00')
Traceback (most recent call last):
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> validate('NL4495445B01')  # stdnum.nl.btw would zero-pad this
Traceback (most recent call last):
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('NL00449544SB01')
Traceback (most recent call last):
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> classify(pd.Series(['NL004495445B01', '002455799B11', 'NL009122746B00']))
           normal          reason      suggestion      kind
0  NL004495445B01            <NA>            <NA>  elfproef
1  NL002455799B11      normalised  NL002455799B11     mod97
2            <NA>  invalid_suffix            <NA>      <NA>
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from stdnum.exceptions import InvalidChecksum
from stdnum.iso7064 import mod_97_10

from dq.text import ARROW_TEXT
from dq.validators import _common, elfproef

#: Every reason `classify` can give, most serious first.
REASONS: tuple[str, ...] = (
    "scientific_notation",
    "invalid_format",
    "invalid_length",
    "invalid_suffix",
    "invalid_checksum",
    "normalised",
)

_TABLE = _common.table(upper=True)
_ZEROS = "000000000"


def compact(number: str) -> str:
    """Strip separators and upper-case, so `NL 0044.95.445 b01` equals `NL004495445B01`."""
    return number.strip().translate(_TABLE)


def validate(number: str) -> str:
    """Return the normal form `NL123456789B01` of a valid BTW-nummer or raise."""
    digits, suffix = _common.split_suffixed(compact(number).removeprefix("NL"), "B")
    number = "NL" + digits + suffix
    if not elfproef.passes(digits) and (digits == _ZEROS or not mod_97_10.is_valid(number)):
        raise InvalidChecksum()
    return number


def is_valid(number: object) -> bool:
    """True for a valid BTW-nummer, with or without `NL`; never raises."""
    return _common.accepts(validate, number)


def kind(number: str) -> Literal["elfproef", "mod97"]:
    """Which check a valid BTW-nummer passes (11-test first), as rule 8 compares only those."""
    number = validate(number)
    return "elfproef" if elfproef.passes(number[2:11]) else "mod97"


def classify(values: pd.Series) -> pd.DataFrame:
    """Vectorised `validate` and `kind` with a reason per row, for the check engine."""
    text = _common.prepare(values)
    number = pc.replace_substring_regex(_common.compact(text, upper=True), "^NL", "")
    digits, suffix, flags = _common.suffixed_flags(number, "B")
    shaped = ~(flags["invalid_format"] | flags["invalid_length"] | flags["invalid_suffix"])
    number = _common.join("NL", digits, suffix)
    elf = _common.on_rows(elfproef.passes_array, digits, shaped)
    mod97 = _common.on_rows(elfproef.mod97_passes_array, number, shaped & ~elf)
    mod97 &= _common.mask(pc.not_equal(digits, _ZEROS))
    flags["invalid_checksum"] = ~(elf | mod97)
    flags["scientific_notation"] = _common.scientific(text)
    kinds = pa.array(np.where(elf, "elfproef", np.where(mod97, "mod97", None)), ARROW_TEXT)
    normal = _common.keep(number, elf | mod97)
    return _common.frame(values.index, text, normal, flags, kind=kinds)
