"""The pipeline after loading: map, check columns, apply rules, collect issues and scores.

It never reads files, so a mapping change in the app re-runs only this part (`analyse`).
`dq.api.check` (the CLI and notebooks) calls its two halves itself: `check_file` right after
each file is read, `assemble` once both are checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.codes import all_codes
from dq.checks.columns import FieldOutcome, check_column
from dq.checks.issues import empty_issues, issue_frame
from dq.checks.mapping import ColumnMapping
from dq.checks.report import FileResult, Report
from dq.checks.rules import Records, Scope, cross_file_rules, file_rules
from dq.checks.score import field_scores, product_scores, readiness
from dq.io.load import LoadedTable
from dq.spec.catalog import Catalog
from dq.spec.context import ContactContext, Context
from dq.spec.fields import (
    CONTACTEN,
    ERROR,
    KEY_FIELD,
    RELATIES,
    SEVERITY_ORDER,
    Field,
    fields_of,
)
from dq.text import ARROW_TEXT, arrow
from dq.threads import each


@dataclass
class CheckedFile:
    """One file checked on its own: columns, rules within the file and field scores.

    What is left for `assemble` needs both files: the cross-file rules and the totals.
    """

    result: FileResult
    records: Records
    frames: list[pd.DataFrame]  # the file's issues so far, before `_finish`
    context: Context | None  # what each relatie is (Relaties only)


def check_file(
    file: str, table: LoadedTable, mapping: ColumnMapping, catalog: Catalog
) -> CheckedFile:
    """Every check of one file that needs only that file (absent columns count as empty).

    The columns are independent, so they are checked side by side (`dq.threads`).
    """
    frame = table.frame
    blank = pd.Series("", index=frame.index, dtype="str")
    fields = fields_of(file)

    def one(field: Field) -> FieldOutcome:
        column = mapping.column(field.key)
        return check_column(field, frame[column] if column is not None else blank, catalog, column)

    outcomes = dict(zip((f.key for f in fields), each(one, fields), strict=True))
    index = frame.index
    records = Records(outcomes, index)
    ctx = None
    if file == RELATIES:
        normal = {k: o.normal for k, o in outcomes.items()}
        items = outcomes["producten"].items
        normal["producten_list"] = items if items is not None else pd.Series(dtype="str")
        ctx = Context.build(normal, catalog, index)
    file_ctx = (
        ctx if ctx is not None else ContactContext({k: o.filled for k, o in outcomes.items()})
    )
    required = requiredness(file, file_ctx, index)
    frames = _file_issues(file, outcomes, required, mapping)
    frames += file_rules(
        file, Scope(rel=records, ctx=ctx) if ctx is not None else Scope(con=records)
    )
    result = FileResult(
        file, table, mapping, outcomes, required, field_scores(file, outcomes, required)
    )
    return CheckedFile(result, records, frames, ctx)


def requiredness(file: str, ctx: Context | ContactContext, index: pd.Index) -> dict[str, pd.Series]:
    """Per field, the rows where it must be filled."""
    result = {}
    for field in fields_of(file):
        rule = field.required
        value = rule(ctx) if callable(rule) else rule
        if isinstance(value, pd.Series):
            result[field.key] = value.reindex(index, fill_value=False).astype(bool)
        else:
            result[field.key] = pd.Series(bool(value), index=index)
    return result


def _file_issues(
    file: str,
    outcomes: dict[str, FieldOutcome],
    required: dict[str, pd.Series],
    mapping: ColumnMapping,
) -> list[pd.DataFrame]:
    """Column findings, missing values, absent columns and unmapped columns of one file."""
    frames = [o.issues for o in outcomes.values()]
    for key, outcome in outcomes.items():
        missing = required[key] & ~outcome.filled
        frames.append(issue_frame(missing.index[missing.to_numpy()], key, f"{key}.missing", ""))
        if outcome.column is None and missing.any() and outcome.field.missing == ERROR:
            frames.append(
                issue_frame(pd.Index([-1]), key, "bestand.column_missing", outcome.field.label)
            )
    if mapping.unmapped:
        frames.append(
            issue_frame(
                pd.Index([-1] * len(mapping.unmapped)),
                "",
                "bestand.unmapped_column",
                pd.Series(mapping.unmapped),
            )
        )
    return frames


def _finish(file: str, frames: list[pd.DataFrame], result: FileResult) -> pd.DataFrame:
    """One file's issues in one table, with file, Excel row, key, severity and message."""
    frames = [f for f in frames if len(f)]
    issues = pd.concat(frames, ignore_index=True) if frames else empty_issues()
    pos = issues["pos"].to_numpy()
    inside = pos >= 0
    rows = np.full(len(pos), result.table.header_row, dtype="int64")
    rows[inside] = result.table.excel_rows[pos[inside]]
    keys = pc.utf8_trim_whitespace(arrow(result.outcomes[KEY_FIELD[file]].raw))
    issues.insert(0, "file", file)
    issues.insert(1, "row", rows)
    key = pc.fill_null(keys.take(pa.array(pos, mask=~inside)), "")
    issues.insert(2, "key", pd.array(key, dtype="str"))
    codes = pc.dictionary_encode(arrow(issues["code"]))
    declared = all_codes()
    unknown = sorted(set(codes.dictionary.to_pylist()) - set(declared))
    if unknown:
        raise KeyError(f"undeclared issue codes: {unknown}")
    for column in ("severity", "message"):
        texts = [getattr(declared[code], column) for code in codes.dictionary.to_pylist()]
        issues[column] = pd.array(pa.array(texts, ARROW_TEXT).take(codes.indices), dtype="str")
    return issues


def analyse(
    tables: Mapping[str, LoadedTable],
    mappings: Mapping[str, ColumnMapping],
    catalog: Catalog | None = None,
) -> Report:
    """Check the loaded files (either alone or both) and score them."""
    catalog = catalog or Catalog()
    checked = each(lambda file: check_file(file, tables[file], mappings[file], catalog), tables)
    return assemble(dict(zip(tables, checked, strict=True)), catalog)


def assemble(checked: Mapping[str, CheckedFile], catalog: Catalog) -> Report:
    """The rules across the files, the issue list and the scores, from files checked alone.

    Separate from `check_file` so `dq.api.check` can check one file while the other is
    still being read.
    """
    files = [file for file in (RELATIES, CONTACTEN) if file in checked]
    frames = {file: list(checked[file].frames) for file in files}
    ctx = checked[RELATIES].context if RELATIES in checked else None
    if ctx is not None and CONTACTEN in checked:
        scope = Scope(rel=checked[RELATIES].records, ctx=ctx, con=checked[CONTACTEN].records)
        for file, found in cross_file_rules(scope).items():
            frames[file] += found
    parts = each(lambda file: _finish(file, frames[file], checked[file].result), files)
    issues = _sort(pd.concat(parts, ignore_index=True)) if parts else _finish_empty()
    results = {file: checked[file].result for file in files}
    return Report(
        files=results,
        issues=issues,
        products=product_scores(issues, ctx.products, catalog)
        if ctx is not None
        else pd.DataFrame(columns=["product", "relaties", "ready", "ready_pct"]),
        readiness=readiness(issues, {f: len(r.table.frame) for f, r in results.items()}),
        catalog=catalog,
        context=ctx,
    )


def _finish_empty() -> pd.DataFrame:
    issues = empty_issues()
    for name in ("file", "key", "severity", "message"):
        issues[name] = pd.Series(dtype="str")
    issues["row"] = pd.Series(dtype="int64")
    return issues


def _sort(issues: pd.DataFrame) -> pd.DataFrame:
    """Errors, then warnings, then info; Relaties first; then by row, field and code (stable)."""
    keys = pa.table(
        {
            "severity": pc.index_in(arrow(issues["severity"]), pa.array(list(SEVERITY_ORDER))),
            "file": pc.index_in(arrow(issues["file"]), pa.array([RELATIES, CONTACTEN])),
            "row": issues["row"].to_numpy(),
            "field": arrow(issues["field"]),
            "code": arrow(issues["code"]),
        }
    )
    order = pc.sort_indices(keys, sort_keys=[(name, "ascending") for name in keys.column_names])
    return issues.take(order.to_numpy()).reset_index(drop=True)
