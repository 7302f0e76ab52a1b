"""Headers as words: a header names a field when its words cover the field's concepts.

Packages and offices name a column in their own words and order (`Frequentie loonbelasting`,
`VATNumber`, `coc_code`, `Omzetbelastingnummer`); a whole-string comparison misses those.
Here a header is split into words (also camelCase, snake_case and Dutch compounds made of
known words), and each field's concepts (`dq.spec.fields.Field.concepts`) must each find
one of their alternatives among them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from dq.spec.fields import FIELDS, FILLER, SUBJECT, Field

#: A header whose words all explain the field scores this much; unexplained words lower it.
WORDS_HIGH, WORDS_LOW = 0.95, 0.8
#: Longer texts are data, not headers: they are not split into words.
MAX_HEADER = 80

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])")
_SEPARATOR = re.compile(r"[^a-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _alternatives(field: Field) -> tuple[tuple[frozenset[str], ...], ...]:
    """Each concept of a field as its alternatives, every alternative a set of words."""
    return tuple(
        tuple(frozenset(_SEPARATOR.split(_ascii(alt).lower())) - {""} for alt in concept)
        for concept in field.concepts
    )


@cache
def _concepts(field: Field) -> tuple[tuple[frozenset[str], ...], ...]:
    return _alternatives(field)


@cache
def vocabulary() -> frozenset[str]:
    """Every word some concept or the filler knows: the parts a compound may be split into."""
    words = {w for f in FIELDS for concept in _concepts(f) for alt in concept for w in alt}
    return frozenset(words | set(FILLER) | {w for subject in SUBJECT.values() for w in subject})


def _split_compound(word: str) -> tuple[str, ...]:
    """`klantnummer` -> (`klant`, `nummer`): a word made of known words, fewest parts first;
    the word itself when it is known or cannot be split."""
    known = vocabulary()
    if word in known or len(word) > MAX_HEADER:
        return (word,)
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(end):
            part = word[start:end]
            prefix = best[start]
            if prefix is None or part not in known or (len(part) < 2 and part != "e"):
                continue
            if best[end] is None or len(prefix) + 1 < len(best[end]):
                best[end] = (*prefix, part)
    return best[-1] if best[-1] else (word,)


def words(header: str) -> tuple[str, ...]:
    """The words of a header, lower-case ASCII, compounds of known words split.

    A piece between separators is taken whole when it is made of known words (`KvK`,
    `BTWnummer`), else split at its capitals (`VATNumber`, `ChamberOfCommerce`). Not
    cached: the loader also asks about data cells while it looks for the header row.

    >>> words("VATNumber")
    ('vat', 'number')
    >>> words("Nummer KvK")
    ('nummer', 'kvk')
    >>> words("Frequentie loonbelasting")
    ('frequentie', 'loonbelasting')
    >>> words("Loonbelastingnummer")
    ('loonbelasting', 'nummer')
    >>> words("coc_code")
    ('coc', 'code')
    """
    if len(header) > MAX_HEADER:
        return ()
    found: list[str] = []
    for piece in _SEPARATOR.split(_ascii(header).lower().replace("_", " ")):
        if piece:
            found += _split_compound(piece)
    if all(w in vocabulary() for w in found):
        return tuple(found)
    camel = _CAMEL.sub(" ", _ascii(header)).lower()
    return tuple(part for raw in _SEPARATOR.split(camel) if raw for part in _split_compound(raw))


def known(header: str) -> bool:
    """Whether every word of a header is a known word: then its words say what it names,
    and a whole-string likeness ("Relatienaam" looks like "relatie") must not overrule them.

    >>> known("Relatienaam"), known("Relatienumer")
    (True, False)
    """
    found = words(header)
    return bool(found) and all(w in vocabulary() for w in found)


def words_score(header: str, field: Field) -> float:
    """How well a header's words name `field`: 0 unless every concept is covered, else
    between `WORDS_LOW` and `WORDS_HIGH` by the share of the header's words explained.

    >>> from dq.spec.fields import field
    >>> words_score("Loonbelasting frequentie", field("relaties", "tijdvak_lh"))
    0.95
    >>> words_score("Loonbelasting frequentie", field("relaties", "tijdvak_btw"))
    0.0
    """
    found = words(header)
    if not found or not field.concepts:
        return 0.0
    present = set(found)
    explained = present & (set(FILLER) | set(SUBJECT[field.file]))
    for concept in _concepts(field):
        covered = [alt for alt in concept if alt <= present]
        if not covered:
            return 0.0
        explained |= set().union(*covered)
    share = sum(w in explained for w in found) / len(found)
    return round(WORDS_LOW + (WORDS_HIGH - WORDS_LOW) * share, 3)
