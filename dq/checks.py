"""Column checks: every cell of one field classified at once (completeness and validity)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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
    """Classify one column; pass an all-empty `raw` when the file has no column for the field.

    Each distinct text is classified once: most columns repeat a few values many times.
    """
    raw = raw.fillna("").astype("str")
    stripped = raw.str.strip()
    placeholders = frozenset({""}) if field.vocabulary else PLACEHOLDERS
    filled = ~blank(raw, placeholders)
    values = stripped[filled]
    codes, uniques = pd.factorize(values)
    distinct = pd.Series(uniques, dtype="str")
    if field.listed:
        return _check_listed(field, raw, filled, values, codes, distinct, catalog, column)
    result = field.classify.run(distinct, catalog).iloc[codes].set_axis(values.index)
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
    codes: np.ndarray,
    distinct: pd.Series,
    catalog: Catalog,
    column: str | None,
) -> FieldOutcome:
    """A cell with several values: each item is classified; one issue per wrong item.

    Items are classified per distinct cell text and then spread over the rows holding it.
    """
    items = split_list(distinct)
    result = field.classify.run(items, catalog)
    reason = result["reason"]
    invalid = reason.isin(INVALID_REASONS).to_numpy()
    valid = pd.Series(False, index=raw.index)
    valid.loc[values.index] = ~np.isin(codes, items.index[invalid])
    good = result["normal"].where(~invalid).dropna()
    normal = pd.Series(pd.NA, index=raw.index, dtype="str")
    normal.loc[values.index] = join_groups(good).reindex(range(len(distinct))).to_numpy()[codes]
    rows = pd.DataFrame({"pos": values.index.to_numpy(), "cell": codes})
    flagged = pd.DataFrame(
        {
            "cell": items.index[reason.notna().to_numpy()],
            "item": items[reason.notna()].to_numpy(),
            "reason": reason.dropna().to_numpy(),
            "suggestion": result["suggestion"][reason.notna()].to_numpy(),
        }
    )
    hits = rows.merge(flagged, on="cell").sort_values("pos", kind="stable")
    issues = issue_frame(
        pd.Index(hits["pos"]),
        field.key,
        field.key + "." + hits["reason"],
        hits["item"],
        hits["suggestion"],
    )
    spread = rows.merge(pd.DataFrame({"cell": good.index, "item": good.to_numpy()}), on="cell")
    row_items = pd.Series(spread["item"].to_numpy(), index=spread["pos"].to_numpy(), dtype="str")
    return FieldOutcome(field, column, raw, filled, normal, valid, issues, row_items)


def join_groups(items: pd.Series, separator: str = ", ") -> pd.Series:
    """Join the texts of consecutive equal index labels (`BTW`, `IB` -> `BTW, IB`).

    >>> join_groups(pd.Series(["BTW", "IB", "VPB"], index=[0, 0, 2])).tolist()
    ['BTW, IB', 'VPB']
    """
    if items.empty:
        return pd.Series(dtype="str")
    labels = items.index.to_numpy()
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    texts = items.to_numpy(dtype=object) + separator
    joined = pd.Series(np.add.reduceat(texts, starts), index=labels[starts], dtype="str")
    return joined.str.slice(0, -len(separator))
