"""Column mapping: which header of the office's file holds which field.

Exact synonym matches win (case, accents and punctuation ignored); otherwise a fuzzy match
with a confidence score. An explicit mapping (a dict or a JSON file) always overrides.
"""

from __future__ import annotations

import json
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from dq.spec.fields import Field, fields_of
from dq.text import key

#: Below this confidence a fuzzy match is not used.
THRESHOLD = 0.78


@dataclass
class ColumnMapping:
    """The mapping for one file: field key -> column header, with a confidence (0-1) each."""

    columns: dict[str, str]
    confidence: dict[str, float]
    unmapped: list[str]
    manual: set[str] = field(default_factory=set)

    def column(self, field_key: str) -> str | None:
        """The header mapped to a field, if any."""
        return self.columns.get(field_key)


@cache
def _synonym_keys(field: Field) -> frozenset[str]:
    return frozenset(key(s) for s in (field.key, field.label, *field.synonyms)) - {""}


def match_score(header: str, field: Field) -> float:
    """How sure we are that `header` names `field` (1.0 = a known spelling).

    >>> from dq.spec.fields import field
    >>> match_score("Relatienr.", field("relaties", "relatienummer"))
    1.0
    >>> round(match_score("Relatienumer", field("relaties", "relatienummer")), 2)
    0.96
    """
    return _key_score(key(header), field)


def _key_score(header_key: str, field: Field, at_least: float = 0.0) -> float:
    """`match_score` of a header's key; exact from `at_least` up, some lower number below.

    A similarity ratio is at most 2 * shorter / (sum of the lengths), so most pairs need
    no SequenceMatcher at all: the header scan compares hundreds of data cells this way.
    """
    if not header_key:
        return 0.0
    synonyms = _synonym_keys(field)
    if header_key in synonyms:
        return 1.0
    best = 0.0
    for synonym in synonyms:
        if len(synonym) >= 5 and synonym in header_key:
            # "Aangifte tijdvak BTW (maand/kwartaal)" contains a known spelling.
            best = max(best, 0.8 + 0.15 * len(synonym) / len(header_key))
        total = len(header_key) + len(synonym)
        bound = 2 * min(len(header_key), len(synonym)) / total
        if bound > best and bound >= at_least:
            best = max(best, SequenceMatcher(None, header_key, synonym).ratio())
    return round(best, 3)


def auto_map(headers: Sequence[str], file: str) -> ColumnMapping:
    """Best one-to-one assignment of headers to the file's fields, most certain first."""
    candidates = sorted(
        (
            (score, -order, f.key, header)
            for order, f in enumerate(fields_of(file))
            for header in headers
            if (score := match_score(header, f)) >= THRESHOLD
        ),
        reverse=True,
    )
    columns: dict[str, str] = {}
    confidence: dict[str, float] = {}
    for score, _order, field_key, header in candidates:
        if field_key in columns or header in columns.values():
            continue
        columns[field_key] = header
        confidence[field_key] = score
    order = [f.key for f in fields_of(file)]
    columns = {k: columns[k] for k in order if k in columns}
    unmapped = [h for h in headers if h not in columns.values()]
    return ColumnMapping(columns, confidence, unmapped)


def apply_overrides(
    mapping: ColumnMapping,
    headers: Sequence[str],
    overrides: MappingType[str, str | None],
    file: str,
) -> ColumnMapping:
    """The automatic mapping with explicit choices on top (None unmaps a field).

    Raises ValueError (Dutch) for an unknown field or a column that is not in the file.
    """
    known = {f.key for f in fields_of(file)}
    columns = dict(mapping.columns)
    confidence = dict(mapping.confidence)
    for field_key, header in overrides.items():
        if field_key not in known:
            raise ValueError(f"Onbekend veld '{field_key}' in de kolomkoppeling voor {file}.")
        if header is not None and header not in headers:
            raise ValueError(f"De kolom '{header}' staat niet in het {file}bestand.")
        for other, taken in list(columns.items()):
            if header is not None and taken == header and other != field_key:
                del columns[other], confidence[other]
        if header is None:
            columns.pop(field_key, None)
            confidence.pop(field_key, None)
        else:
            columns[field_key] = header
            confidence[field_key] = 1.0
    order = [f.key for f in fields_of(file)]
    columns = {k: columns[k] for k in order if k in columns}
    unmapped = [h for h in headers if h not in columns.values()]
    return ColumnMapping(columns, confidence, unmapped, set(overrides))


def header_score(file: str):
    """A callback for the loader: how many cells of a row look like headers of this file."""
    fields = fields_of(file)
    seen: dict[str, bool] = {}  # one upload's cells repeat (Organisatie, Maand, ...)

    def names_a_field(cell_key: str) -> bool:
        if cell_key not in seen:
            seen[cell_key] = any(_key_score(cell_key, f, 0.9) >= 0.9 for f in fields)
        return seen[cell_key]

    def score(cells: Sequence[str]) -> float:
        return float(sum(names_a_field(key(cell)) for cell in cells if cell))

    return score


def read_mapping_file(path: Path | str) -> dict[str, dict[str, str | None]]:
    """A saved mapping: {"relaties": {field: column}, "contacten": {...}}.

    Raises ValueError (Dutch) when the file is not such a JSON object.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(
            f"Het koppelbestand {Path(path).name} is geen geldige JSON: {exc}"
        ) from None
    return parse_mapping(data)


def parse_mapping(data: object) -> dict[str, dict[str, str | None]]:
    """Validate the shape of a mapping document (also used for uploads in the app)."""
    if not isinstance(data, dict) or not set(data) <= {"relaties", "contacten"}:
        raise ValueError(
            'Een kolomkoppeling heeft de vorm {"relaties": {...}, "contacten": {...}}.'
        )
    result: dict[str, dict[str, str | None]] = {}
    for file, pairs in data.items():
        if not isinstance(pairs, dict) or not all(
            isinstance(v, str | None) and isinstance(k, str) for k, v in pairs.items()
        ):
            raise ValueError(f"De koppeling voor {file} moet veld: kolomnaam-paren bevatten.")
        result[file] = dict(pairs)
    return result


def mapping_document(mappings: MappingType[str, ColumnMapping]) -> dict[str, dict[str, str]]:
    """The JSON-ready form of the current mappings, to save and upload again."""
    return {file: dict(m.columns) for file, m in mappings.items()}
