"""Scores: completeness and validity per field, readiness per record and product, one number.

Vocabulary follows data-quality practice: `completeness_pct` = filled / required rows,
`validity_pct` = valid / filled rows (over the non-missing values), both 0-100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.columns import FieldOutcome
from dq.spec.catalog import BASE_FIELDS, Catalog
from dq.spec.fields import ERROR, RELATIES
from dq.text import arrow


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def field_scores(
    file: str, outcomes: dict[str, FieldOutcome], required: dict[str, pd.Series]
) -> pd.DataFrame:
    """One row per field: rows, required, filled, missing, valid, invalid and both percentages."""
    rows = []
    for key, outcome in outcomes.items():
        req = required[key]
        filled, valid = outcome.filled, outcome.valid
        n_req = int(req.sum())
        n_filled = int(filled.sum())
        n_valid = int(valid.sum())
        rows.append(
            {
                "file": file,
                "field": key,
                "label": outcome.field.label,
                "column": outcome.column,
                "rows": len(filled),
                "required": n_req,
                "filled": n_filled,
                "missing": int((req & ~filled).sum()),
                "valid": n_valid,
                "invalid": n_filled - n_valid,
                "completeness_pct": _pct(int((req & filled).sum()), n_req),
                "validity_pct": _pct(n_valid, n_filled),
            }
        )
    return pd.DataFrame(rows)


def _errors_on_rows(issues: pd.DataFrame, file: str) -> np.ndarray:
    """Which issues are errors found on rows of one file (not about the file as a whole)."""
    hit = (issues["file"].eq(file) & issues["severity"].eq(ERROR)).to_numpy(dtype=bool)
    return hit & (issues["pos"].to_numpy() >= 0)


def product_scores(issues: pd.DataFrame, products: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Per product: relaties taking it and the share ready for its workflow (no blocking error).

    The relaties' errors are narrowed once and their fields and codes numbered, so each
    product tests small integer sets instead of every issue's texts.
    """
    rows = []
    hit = _errors_on_rows(issues, RELATIES)
    positions = issues["pos"].to_numpy()[hit]
    field_ids, fields = _numbered(issues["field"], hit)
    code_ids, codes = _numbered(issues["code"], hit)
    for product in catalog.products:
        if product.value in products:
            takers = products[product.value].to_numpy(dtype=bool)
        else:
            takers = np.zeros(len(products), dtype=bool)
        blocking = np.isin(field_ids, _ids(fields, BASE_FIELDS + product.fields))
        blocking |= np.isin(code_ids, _ids(codes, product.codes))
        blocked = np.zeros(len(products), dtype=bool)
        blocked[positions[blocking]] = True
        n = int(takers.sum())
        ready = n - int((blocked & takers).sum())
        rows.append(
            {"product": product.value, "relaties": n, "ready": ready, "ready_pct": _pct(ready, n)}
        )
    return pd.DataFrame(rows)


def _numbered(texts: pd.Series, keep: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """The kept texts as small integers, and the distinct texts they number."""
    encoded = pc.dictionary_encode(arrow(texts).filter(pa.array(keep)))
    return encoded.indices.to_numpy(zero_copy_only=False), pd.Index(encoded.dictionary.to_pylist())


def _ids(found: pd.Index, wanted: tuple[str, ...]) -> np.ndarray:
    """The numbers of the wanted texts among those found (absent ones left out)."""
    ids = found.get_indexer(list(wanted))
    return ids[ids >= 0]


def readiness(issues: pd.DataFrame, row_counts: dict[str, int]) -> float | None:
    """Share (0-100) of all records, both files, without any error; None without records.

    A record is a relatie or a contact; an empty optional column never counts against it,
    and a required column that is absent makes every record that needs it count as not ready.
    A file with a header and no rows has nothing to divide by: no score (JSON `null`), and
    the verdict is 'not ready' (there is nothing to import).
    """
    total = sum(row_counts.values())
    if not total:
        return None
    pos = issues["pos"].to_numpy()
    blocked = 0
    for file, count in row_counts.items():
        rows = np.zeros(count, dtype=bool)
        rows[pos[_errors_on_rows(issues, file)]] = True
        blocked += int(rows.sum())
    return round(100 * (total - blocked) / total, 1)
