"""Scores: completeness and validity per field, readiness per record and product, one number.

Vocabulary follows data-quality practice: `completeness_pct` = filled / required rows,
`validity_pct` = valid / filled rows (over the non-missing values), both 0-100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dq.checks.columns import FieldOutcome
from dq.spec.catalog import BASE_FIELDS, Catalog
from dq.spec.fields import ERROR, RELATIES


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


def file_errors(issues: pd.DataFrame, file: str) -> pd.DataFrame:
    """The errors found on rows of one file (not those about the file as a whole)."""
    hit = issues["file"].eq(file) & issues["severity"].eq(ERROR) & issues["pos"].ge(0)
    return issues[hit.to_numpy(dtype=bool)]


def product_scores(issues: pd.DataFrame, products: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Per product: relaties taking it and the share ready for its workflow (no blocking error).

    The relaties' errors are narrowed once and their fields and codes numbered, so each
    product tests small integer sets instead of every issue's texts.
    """
    rows = []
    errors = file_errors(issues, RELATIES)
    positions = errors["pos"].to_numpy()
    field_ids, fields = pd.factorize(errors["field"])
    code_ids, codes = pd.factorize(errors["code"])
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
    blocked = sum(file_errors(issues, file)["pos"].nunique() for file in row_counts)
    return round(100 * (total - blocked) / total, 1)
