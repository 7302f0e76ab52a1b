"""Column checks: every cell of one field classified at once (completeness and validity)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.issues import issue_frame
from dq.privacy import secret_numbers
from dq.spec.catalog import Catalog, split_list
from dq.spec.fields import Field
from dq.text import ARROW_TEXT, PLACEHOLDERS, arrow, series

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

    @cached_property
    def secrets(self) -> frozenset[str]:
        """The cells as nine digits, where they could be a BSN or RSIN to mask elsewhere
        (`dq.privacy.secret_numbers`): made once per column, so after an edit only the
        edited column's are made again."""
        return secret_numbers(self.raw)


@dataclass
class _Cells:
    """The filled cells of one column; each distinct stripped text is classified only once."""

    index: pd.Index  # the row labels of the column
    text: pa.Array  # every cell as found
    rows: np.ndarray  # positions of the filled cells
    codes: np.ndarray  # per filled cell, the number of its distinct stripped text
    distinct: pa.Array  # the distinct stripped texts of the filled cells
    padded: np.ndarray  # per filled cell, whether spaces surround the text

    @classmethod
    def of(cls, raw: pd.Series, placeholders: frozenset[str]) -> _Cells:
        """Split a `str` column into blank cells (nothing or a placeholder) and filled ones.

        Blank or not depends on the stripped text only, so it is decided per distinct text.
        """
        text = arrow(raw)
        stripped = pc.utf8_trim_whitespace(text)
        encoded = pc.dictionary_encode(stripped)
        lower = pc.utf8_lower(encoded.dictionary)
        blank = pc.is_in(lower, pa.array(placeholders, ARROW_TEXT)).to_numpy(zero_copy_only=False)
        number = np.where(blank, -1, np.cumsum(~blank) - 1)
        codes = number[encoded.indices.to_numpy(zero_copy_only=False)]
        rows = np.flatnonzero(codes >= 0)
        padded = pc.not_equal(text, stripped).to_numpy(zero_copy_only=False)[rows]
        return cls(raw.index, text, rows, codes[rows], encoded.dictionary.filter(~blank), padded)

    def per_text(self) -> pd.Series:
        """The distinct texts as a column for a classifier (index 0..n-1)."""
        return series(self.distinct, pd.RangeIndex(len(self.distinct)))

    def flags(self, filled_rows: np.ndarray) -> pd.Series:
        """A flag per filled cell as a column over all rows (blank cells False)."""
        result = np.zeros(len(self.text), dtype=bool)
        result[self.rows] = filled_rows
        return pd.Series(result, index=self.index)

    def spread(self, per_text: pa.Array) -> pd.Series:
        """A value per distinct text as a `str` column over all rows (blank cells NA)."""
        numbers = np.full(len(self.text), -1)
        numbers[self.rows] = self.codes
        return series(per_text.take(pa.array(numbers, mask=numbers < 0)), self.index)


def check_column(
    field: Field, raw: pd.Series, catalog: Catalog, column: str | None = None
) -> FieldOutcome:
    """Classify one column; pass an all-empty `raw` when the file has no column for the field.

    Each distinct text is classified once (most columns repeat a few values many times);
    the rows then take their text's outcome by position, in numpy and Arrow.
    """
    raw = series(pc.fill_null(arrow(raw), ""), raw.index)
    cells = _Cells.of(raw, frozenset({""}) if field.vocabulary else PLACEHOLDERS)
    if field.listed:
        return _check_listed(field, raw, cells, catalog, column)
    result = field.classify.run(cells.per_text(), catalog)
    reason = result["reason"]
    invalid = reason.isin(INVALID_REASONS).to_numpy()
    # Surrounding spaces are a harmless repair the engine owns for every field.
    padded = reason.isna().to_numpy()[cells.codes] & cells.padded
    names, row_reason = _row_reasons(field, reason, cells.codes, padded)
    flagged = np.flatnonzero(row_reason >= 0)
    codes = cells.codes[flagged]
    suggestion = pc.if_else(
        padded[flagged],
        arrow(result["normal"]).take(codes),
        arrow(result["suggestion"]).take(codes),
    )
    issues = issue_frame(
        cells.index[cells.rows[flagged]],
        field.key,
        names[row_reason[flagged]],
        cells.text.take(cells.rows[flagged]),
        suggestion,
    )
    normal = cells.spread(arrow(result["normal"].where(~invalid)))
    valid = cells.flags(~invalid[cells.codes])
    return FieldOutcome(field, column, raw, cells.flags(True), normal, valid, issues)


def _row_reasons(
    field: Field, reason: pd.Series, codes: np.ndarray, padded: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The field's issue codes, and per filled cell the number of its code (-1: none).

    A padded cell without another reason is `normalised`; cosmetic fields drop `normalised`.
    """
    numbers, found = pd.factorize(reason)
    names = list(found) if "normalised" in found else [*found, "normalised"]
    row_reason = numbers[codes]
    normalised = names.index("normalised")
    row_reason[padded] = normalised
    if field.cosmetic:
        row_reason[row_reason == normalised] = -1
    return np.array([f"{field.key}.{name}" for name in names], dtype=object), row_reason


def _check_listed(
    field: Field, raw: pd.Series, cells: _Cells, catalog: Catalog, column: str | None
) -> FieldOutcome:
    """A cell with several values: each item is classified; one issue per wrong item.

    Items are classified per distinct cell text and then spread over the rows holding it.
    """
    items = split_list(cells.per_text())
    result = field.classify.run(items, catalog)
    reason = result["reason"]
    invalid = reason.isin(INVALID_REASONS).to_numpy()
    text_of_item = items.index.to_numpy()
    bad_text = np.zeros(len(cells.distinct), dtype=bool)
    bad_text[text_of_item[invalid]] = True
    good = result["normal"].where(~invalid)
    joined = join_groups(good.dropna()).reindex(pd.RangeIndex(len(cells.distinct)))
    rows, item = _items_of_rows(cells.codes, text_of_item, len(cells.distinct))
    flagged = reason.notna().to_numpy()[item]
    hit = item[flagged]
    issues = issue_frame(
        cells.index[cells.rows[rows[flagged]]],
        field.key,
        (field.key + "." + reason).to_numpy()[hit],
        arrow(items).take(hit),
        arrow(result["suggestion"]).take(hit),
    )
    kept = good.notna().to_numpy()[item]
    row_items = series(arrow(good).take(item[kept]), cells.index[cells.rows[rows[kept]]])
    normal = cells.spread(arrow(joined))
    valid = cells.flags(~bad_text[cells.codes])
    return FieldOutcome(field, column, raw, cells.flags(True), normal, valid, issues, row_items)


def _items_of_rows(
    codes: np.ndarray, text_of_item: np.ndarray, n_texts: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every (filled cell, item) pair where the cell's text holds the item.

    `codes` gives each cell's text number, `text_of_item` each item's (ascending). Pairs come
    in cell order, and in item order within a cell, as a merge followed by a stable sort would.

    >>> _items_of_rows(np.array([1, 0, 1]), np.array([0, 1, 1]), 2)
    (array([0, 0, 1, 2, 2]), array([1, 2, 0, 1, 2]))
    """
    counts = np.bincount(text_of_item, minlength=n_texts)
    first_item = np.cumsum(counts) - counts
    per_cell = counts[codes]
    cells = np.repeat(np.arange(len(codes)), per_cell)
    first_pair = np.cumsum(per_cell) - per_cell
    items = np.repeat(first_item[codes] - first_pair, per_cell) + np.arange(per_cell.sum())
    return cells, items


def join_groups(items: pd.Series, separator: str = ", ") -> pd.Series:
    """Join the texts of consecutive equal index labels (`BTW`, `IB` -> `BTW, IB`).

    >>> join_groups(pd.Series(["BTW", "IB", "VPB"], index=[0, 0, 2])).tolist()
    ['BTW, IB', 'VPB']
    """
    if items.empty:
        return pd.Series(dtype="str")
    labels = items.index.to_numpy()
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    groups = pa.LargeListArray.from_arrays(np.r_[starts, len(labels)], arrow(items))
    return series(
        pc.binary_join(groups, pa.scalar(separator, ARROW_TEXT)), pd.Index(labels[starts])
    )


def recheck_rows(
    before: FieldOutcome, raw: pd.Series, rows: np.ndarray, catalog: Catalog
) -> FieldOutcome:
    """The outcome of `raw` (the column after an edit) when only the cells at `rows` changed.

    A cell's outcome depends on its own text alone, so the changed cells are classified on
    their own and spliced into `before`; the result equals `check_column(field, raw, ...)`.
    """
    rows = np.unique(np.asarray(rows, dtype="int64"))
    part = check_column(before.field, raw.iloc[rows], catalog, before.column)
    raw = series(pc.fill_null(arrow(raw), ""), raw.index)

    def spliced(old: pd.Series, new: pd.Series) -> pd.Series:
        column = old.copy()
        column.iloc[rows] = new.to_numpy()
        return column

    kept = before.issues[~before.issues["pos"].isin(rows)]
    issues = pd.concat([kept, part.issues], ignore_index=True)
    items = before.items
    if items is not None:
        labels = raw.index[rows]
        rest = items[~items.index.isin(labels)]
        items = pd.concat([rest, part.items]).sort_index(kind="stable")
    return FieldOutcome(
        before.field,
        before.column,
        raw,
        spliced(before.filled, part.filled),
        spliced(before.normal, part.normal),
        spliced(before.valid, part.valid),
        issues,
        items,
    )
