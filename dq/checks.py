"""Column checks: every cell of one field classified at once (completeness and validity)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dq.catalog import Catalog, split_list
from dq.fields import Field
from dq.text import PLACEHOLDERS, blank

#: Reasons that make a filled value invalid; the others are repairs or remarks.
INVALID_REASONS = frozenset(
    {
        "scientific_notation",
        "invalid_format",
        "invalid_length",
        "invalid_checksum",
        "invalid_suffix",
        "multiple_values",
        "unknown_value",
        "not_allowed",
    }
)
ISSUE_COLUMNS = ["pos", "field", "code", "value", "suggestion"]


@dataclass
class FieldOutcome:
    """One field of one file after its column check.

    `filled` counts non-blank cells; `valid` is filled and passing (after certain repairs);
    `items` holds the normal value of every listed item (index = row position).
    """

    field: Field
    column: str | None
    raw: pd.Series
    filled: pd.Series
    normal: pd.Series
    valid: pd.Series
    issues: pd.DataFrame
    items: pd.Series | None = None


def empty_issues() -> pd.DataFrame:
    """An issue frame with no rows and the right columns."""
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "pos" else "str") for c in ISSUE_COLUMNS}
    )


def issue_frame(
    pos: pd.Index, field: str, code: pd.Series | str, value: pd.Series | str, suggestion=pd.NA
) -> pd.DataFrame:
    """Issue rows for the given row positions (an empty frame when there are none)."""
    if len(pos) == 0:
        return empty_issues()
    columns = {"field": field, "code": code, "value": value, "suggestion": suggestion}
    frame = pd.DataFrame(
        {"pos": pos.to_numpy(dtype="int64")}
        | {
            name: (
                pd.array(data.to_numpy(), dtype="str")
                if isinstance(data, pd.Series)
                else pd.array([data] * len(pos), dtype="str")
            )
            for name, data in columns.items()
        }
    )
    return frame


def check_column(
    field: Field, raw: pd.Series, catalog: Catalog, column: str | None = None
) -> FieldOutcome:
    """Classify one column; pass an all-empty `raw` when the file has no column for the field."""
    raw = raw.fillna("").astype("str")
    stripped = raw.str.strip()
    placeholders = frozenset({""}) if field.vocabulary else PLACEHOLDERS
    filled = ~blank(raw, placeholders)
    values = stripped[filled]
    if field.listed:
        return _check_listed(field, raw, filled, values, catalog, column)
    result = field.classify.run(values, catalog)
    reason = result["reason"]
    # Surrounding spaces are a harmless repair the engine owns for every field.
    padded = raw[filled].ne(values) & reason.isna()
    reason = reason.mask(padded, "normalised")
    if field.cosmetic:
        reason = reason.mask(reason.eq("normalised"))
    suggestion = result["suggestion"].mask(padded, result["normal"])
    invalid = reason.isin(INVALID_REASONS)
    normal = pd.Series(pd.NA, index=raw.index, dtype="str")
    normal.loc[values.index] = result["normal"].where(~invalid)
    valid = pd.Series(False, index=raw.index)
    valid.loc[values.index] = ~invalid
    flagged = reason.notna()
    issues = issue_frame(
        values.index[flagged],
        field.key,
        field.key + "." + reason[flagged],
        raw[filled][flagged],
        suggestion[flagged],
    )
    return FieldOutcome(field, column, raw, filled, normal, valid, issues)


def _check_listed(
    field: Field,
    raw: pd.Series,
    filled: pd.Series,
    values: pd.Series,
    catalog: Catalog,
    column: str | None,
) -> FieldOutcome:
    """A cell with several values: each item is classified; one issue per wrong item."""
    items = split_list(values)
    result = field.classify.run(items, catalog)
    reason = result["reason"]
    invalid = reason.isin(INVALID_REASONS)
    bad_rows = invalid.groupby(level=0).any()
    valid = pd.Series(False, index=raw.index)
    valid.loc[values.index] = True
    valid.loc[bad_rows.index[bad_rows.to_numpy()]] = False
    normal_items = result["normal"].where(~invalid).dropna()
    normal = pd.Series(pd.NA, index=raw.index, dtype="str")
    joined = normal_items.groupby(level=0).agg(", ".join)
    normal.loc[joined.index] = joined
    flagged = reason.notna()
    issues = issue_frame(
        items.index[flagged],
        field.key,
        field.key + "." + reason[flagged],
        items[flagged],
        result["suggestion"][flagged],
    )
    return FieldOutcome(field, column, raw, filled, normal, valid, issues, normal_items)
