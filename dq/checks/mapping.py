"""Column mapping: which header of the office's file holds which field.

A package's own header (`dq.spec.presets`) and an exact synonym (case, accents and
punctuation ignored) win; otherwise a header whose words cover the field's concepts
(`dq.checks.headerwords`), then a fuzzy match, each with a confidence below 1 and its method.
A tie is taken in declaration order and said (`ColumnMapping.notes`), never silently. An
explicit mapping (a dict or a JSON file) always overrides.
"""

from __future__ import annotations

import json
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from dq.checks.headerwords import known, words_score
from dq.spec.fields import Field, field, fields_of
from dq.spec.presets import PRESETS, Preset
from dq.text import key

#: Below this confidence a fuzzy match is not used.
THRESHOLD = 0.78
#: From this confidence an unmapped column gets its likeliest field as a suggestion.
SUGGEST = 0.6
#: The most a likeness counts for a header made of known words only: enough to suggest.
SUGGEST_ONLY = 0.77

#: How a column was matched (`ColumnMapping.method`), in Dutch as the Kolommen page says it.
PRESET, SYNONYM, WORDS, SIMILAR, MANUAL = "bron", "naam", "woorden", "gelijkenis", "handmatig"


@dataclass
class ColumnMapping:
    """The mapping for one file: field key -> column header, with a confidence (0-1) each."""

    columns: dict[str, str]
    confidence: dict[str, float]
    unmapped: list[str]
    manual: set[str] = dataclass_field(default_factory=set)
    #: per mapped field how it was matched: PRESET, SYNONYM, WORDS, SIMILAR or MANUAL
    method: dict[str, str] = dataclass_field(default_factory=dict)
    #: Dutch remarks: the package recognised, and every tie that was decided by order
    notes: list[str] = dataclass_field(default_factory=list)
    #: per unmapped column its likeliest field without a column, with the confidence
    suggestions: dict[str, tuple[str, float]] = dataclass_field(default_factory=dict)
    #: the package the file was exported from (`dq.spec.presets`), when known
    source: Preset | None = None

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

    A similarity ratio is at most 2 * shorter / (sum of the lengths), and at most the
    `quick_ratio` of the letters both have, so most pairs need no full comparison: the header
    scan compares hundreds of data cells, and a file may have hundreds of columns.
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
            matcher = SequenceMatcher(None, header_key, synonym)
            if matcher.quick_ratio() > max(best, at_least):
                best = max(best, matcher.ratio())
    return round(best, 3)


def candidate(header: str, f: Field, source: Preset | None = None) -> tuple[float, str]:
    """How sure we are that `header` names `f`, and by which method.

    >>> from dq.spec.fields import field
    >>> candidate("Frequentie loonbelasting", field("relaties", "tijdvak_lh"))
    (0.95, 'woorden')
    >>> candidate("Relatienumer", field("relaties", "relatienummer"))
    (0.96, 'gelijkenis')
    """
    if source is not None and source.header_fields(f.file).get(header.strip().lower()) == f.key:
        return 1.0, PRESET
    similar = _key_score(key(header), f, SUGGEST)
    if similar >= 1.0:
        return 1.0, SYNONYM
    if known(header):
        # Made of known words only: a likeness can suggest, the words decide.
        similar = min(similar, SUGGEST_ONLY)
    by_words = words_score(header, f)
    return (by_words, WORDS) if by_words >= similar else (similar, SIMILAR)


def names(header: str, f: Field) -> bool:
    """Whether a header names a field by a known spelling or by its words (no likeness)."""
    return key(header) in _synonym_keys(f) or words_score(header, f) >= THRESHOLD


def auto_map(headers: Sequence[str], file: str, source: Preset | None = None) -> ColumnMapping:
    """Best one-to-one assignment of headers to the file's fields, most certain first.

    A tie (two columns for one field, one column for two fields) is decided by the order of
    the file and of the declarations, and said in `notes`.
    """
    fields = fields_of(file)
    scored = {(f.key, header): candidate(header, f, source) for f in fields for header in headers}
    order = {f.key: n for n, f in enumerate(fields)}
    position = {header: n for n, header in enumerate(headers)}
    candidates = sorted(
        (
            (-score, order[field_key], position[header], field_key, header)
            for (field_key, header), (score, _how) in scored.items()
            if score >= THRESHOLD
        ),
    )
    columns: dict[str, str] = {}
    confidence: dict[str, float] = {}
    method: dict[str, str] = {}
    notes = [f"Herkend: export uit {source.name}."] if source is not None else []
    for neg, _order, _pos, field_key, header in candidates:
        if field_key in columns or header in columns.values():
            continue
        columns[field_key] = header
        confidence[field_key] = -neg
        method[field_key] = scored[(field_key, header)][1]
        notes += _ties(scored, columns, field_key, header, -neg, file)
    columns = {k: columns[k] for k in order if k in columns}
    unmapped = [h for h in headers if h not in columns.values()]
    mapping = ColumnMapping(columns, confidence, unmapped, method=method, notes=notes)
    return replace(mapping, source=source, suggestions=suggestions(mapping, file, scored))


def _ties(
    scored: MappingType[tuple[str, str], tuple[float, str]],
    columns: MappingType[str, str],
    field_key: str,
    header: str,
    score: float,
    file: str,
) -> list[str]:
    """Dutch remarks for the other columns that fit this field as well, and the other fields
    (still without a column) this column fits as well."""
    label = field(file, field_key).label
    taken = set(columns.values())
    rivals = [
        h for (k, h), (s, _) in scored.items() if k == field_key and s == score and h not in taken
    ]
    notes = []
    if rivals:
        names = ", ".join(f"'{h}'" for h in [header, *rivals])
        notes.append(f"Meer kolommen passen bij {label}: {names}; gekozen is '{header}'.")
    others = [
        field(file, k).label
        for (k, h), (s, _) in scored.items()
        if h == header and s == score and k != field_key and k not in columns
    ]
    if others:
        notes.append(
            f"De kolom '{header}' past even goed bij {label} als bij {', '.join(others)}; "
            f"gekoppeld aan {label}. Kies op de pagina Kolommen als dat niet klopt."
        )
    return notes


def suggestions(
    mapping: ColumnMapping,
    file: str,
    scored: MappingType[tuple[str, str], tuple[float, str]] | None = None,
) -> dict[str, tuple[str, float]]:
    """For each unmapped column, the field without a column it most likely is (from
    `SUGGEST` up), to accept with one click. `scored`: the candidates already made."""
    free = [f for f in fields_of(file) if f.key not in mapping.columns]
    found = {}
    for header in mapping.unmapped:
        best = (
            max(
                (((scored or {}).get((f.key, header)) or candidate(header, f))[0], f.key)
                for f in free
            )
            if free
            else (0.0, "")
        )
        if best[0] >= SUGGEST:
            found[header] = (best[1], best[0])
    return found


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
    method = dict(mapping.method)
    for field_key, header in overrides.items():
        if field_key not in known:
            raise ValueError(f"Onbekend veld '{field_key}' in de kolomkoppeling voor {file}.")
        if header is not None and header not in headers:
            raise ValueError(f"De kolom '{header}' staat niet in het {file}bestand.")
        for other, taken in list(columns.items()):
            if header is not None and taken == header and other != field_key:
                del columns[other], confidence[other], method[other]
        if header is None:
            for chosen in (columns, confidence, method):
                chosen.pop(field_key, None)
        else:
            columns[field_key] = header
            confidence[field_key] = 1.0
            method[field_key] = MANUAL
    order = [f.key for f in fields_of(file)]
    columns = {k: columns[k] for k in order if k in columns}
    unmapped = [h for h in headers if h not in columns.values()]
    changed = ColumnMapping(
        columns, confidence, unmapped, set(overrides), method, mapping.notes, {}, mapping.source
    )
    return replace(changed, suggestions=suggestions(changed, file))


def header_score(file: str):
    """A callback for the loader: how many cells of a row look like headers of this file.

    What was seen is kept in the callback (one upload's cells repeat: Organisatie, Maand ...),
    never in a process-wide cache, since the cells scanned are the office's data.
    """
    fields = fields_of(file)
    packages = {h for p in PRESETS for h in p.header_fields(file)}  # AFAS's `SoSe`, `VaId`
    seen: dict[str, bool] = {}

    def names_a_field(cell: str) -> bool:
        if cell not in seen:
            cell_key = key(cell)
            seen[cell] = cell.strip().lower() in packages or any(
                _key_score(cell_key, f, 0.9) >= 0.9 or words_score(cell, f) >= 0.9 for f in fields
            )
        return seen[cell]

    def score(cells: Sequence[str]) -> float:
        return float(sum(names_a_field(cell) for cell in cells if cell))

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
