"""One check from a loaded table to a Report, read top to bottom.

`dq.api.check` reads each file (`dq.io.load`), maps its columns (`dq.checks.mapping`) and
calls `check_file`: column checks, requiredness, the rules inside the file and the field
scores. `assemble` then adds the rules across the two files, the sorted issue list and the
product and readiness scores. `analyse` runs both halves on tables already loaded (a mapping
change in the app), and `recheck` runs them again after an edit of some cells, reusing every
column and rule the edit cannot change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.codes import COLUMN_NOTICE, all_codes
from dq.checks.columns import FieldOutcome, check_column, recheck_rows
from dq.checks.issues import empty_issues, issue_frame
from dq.checks.mapping import ColumnMapping
from dq.checks.report import FileResult, Report
from dq.checks.rules import RULE_FILE, Records, Scope, cross_file_rules, file_rules
from dq.checks.score import field_scores, product_scores, readiness
from dq.io.load import LoadedTable
from dq.spec.catalog import Catalog
from dq.spec.context import CONTEXT_FIELDS, ContactContext, Context
from dq.spec.fields import (
    CONTACTEN,
    KEY_FIELD,
    RELATIES,
    SEVERITY_ORDER,
    Field,
    fields_of,
)
from dq.text import ARROW_TEXT, arrow
from dq.threads import each

#: An edit: per file, per field, the row positions whose cell changed.
Edited = Mapping[str, Mapping[str, np.ndarray]]


@dataclass
class CheckedFile:
    """One file checked on its own: columns, rules within the file and field scores.

    What is left for `assemble` needs both files: the cross-file rules and the totals.
    """

    result: FileResult
    records: Records
    frames: list[pd.DataFrame]  # column, missing and file-level issues, before `_finish`
    rules: dict[str, pd.DataFrame]  # the issues of each rule inside the file, by code
    context: Context | None  # what each relatie is (Relaties only)
    scope: Scope  # what the rules read, with the shared columns they made


@dataclass
class Stages:
    """What a Report was made from, kept so that `recheck` redoes only what an edit changes."""

    checked: dict[str, CheckedFile]
    cross: dict[str, pd.DataFrame]  # the cross-file rules' issues, by code
    finished: dict[str, pd.DataFrame]  # each file's issues with its Excel row and key


def analyse(
    tables: Mapping[str, LoadedTable],
    mappings: Mapping[str, ColumnMapping],
    catalog: Catalog | None = None,
) -> Report:
    """Check the loaded files (either alone or both) and score them."""
    catalog = catalog or Catalog()
    checked = each(lambda file: check_file(file, tables[file], mappings[file], catalog), tables)
    return assemble(dict(zip(tables, checked, strict=True)), catalog)


def check_file(
    file: str,
    table: LoadedTable,
    mapping: ColumnMapping,
    catalog: Catalog,
    before: CheckedFile | None = None,
    edited: Mapping[str, np.ndarray] | None = None,
) -> CheckedFile:
    """Every check of one file that needs only that file (absent columns count as empty).

    The columns are independent, so they are checked side by side (`dq.threads`). With
    `before` (this file's check before an edit) and `edited` (per field, the changed rows)
    only the edited cells are classified again and only the rules that read an edited field
    run again; the result is the same as a check from scratch.
    """
    changed = frozenset(edited or ()) if before is not None else None
    outcomes = _outcomes(file, table, mapping, catalog, before, edited or {})
    index = table.frame.index
    records = Records(outcomes, index)
    ctx = None
    if file == RELATIES:
        if changed is not None and changed.isdisjoint(CONTEXT_FIELDS):
            ctx = before.context
        else:
            normal = {k: o.normal for k, o in outcomes.items()}
            items = outcomes["producten"].items
            normal["producten_list"] = items if items is not None else pd.Series(dtype="str")
            ctx = Context.build(normal, catalog, index)
    file_ctx = (
        ctx if ctx is not None else ContactContext({k: o.filled for k, o in outcomes.items()})
    )
    # a relatie's requiredness reads its context alone (kept when no context field changed)
    kept = before is not None and ctx is not None and ctx is before.context
    required = before.result.required if kept else requiredness(file, file_ctx, index)
    frames = _file_issues(file, outcomes, required, mapping)
    scope = Scope(rel=records, ctx=ctx) if ctx is not None else Scope(con=records)
    scope.carry(before.scope if before else None, changed)
    rules = file_rules(file, scope, before.rules if before else None, changed)
    result = FileResult(
        file, table, mapping, outcomes, required, field_scores(file, outcomes, required)
    )
    return CheckedFile(result, records, frames, rules, ctx, scope)


def _outcomes(
    file: str,
    table: LoadedTable,
    mapping: ColumnMapping,
    catalog: Catalog,
    before: CheckedFile | None,
    edited: Mapping[str, np.ndarray],
) -> dict[str, FieldOutcome]:
    """Each field's column check: from scratch, or `before`'s with the edited cells redone."""
    frame = table.frame
    if before is not None:
        outcomes = dict(before.result.outcomes)
        for key, rows in edited.items():
            old = outcomes[key]
            outcomes[key] = recheck_rows(old, frame[old.column], rows, catalog)
        return outcomes
    blank = pd.Series("", index=frame.index, dtype="str")
    fields = fields_of(file)

    def one(field: Field) -> FieldOutcome:
        column = mapping.column(field.key)
        return check_column(field, frame[column] if column is not None else blank, catalog, column)

    return dict(zip((f.key for f in fields), each(one, fields), strict=True))


def recheck(report: Report, tables: Mapping[str, LoadedTable], edited: Edited) -> Report:
    """`report` again for `tables`, which differ from its own only in the `edited` cells.

    Only the edited cells are classified again, and only the rules (inside a file and across
    the files) that read an edited field run again; a file without edits keeps its issues.
    """
    stages: Stages = report.stages
    checked = dict(stages.checked)
    for file, fields in edited.items():
        result = report.files[file]
        checked[file] = check_file(
            file, tables[file], result.mapping, report.catalog, checked[file], fields
        )
    changed = frozenset(key for fields in edited.values() for key in fields)
    return assemble(checked, report.catalog, stages, changed)


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
        notice = COLUMN_NOTICE.get(outcome.field.missing)
        if outcome.column is None and notice and missing.any():
            frames.append(issue_frame(pd.Index([-1]), key, notice, outcome.field.label))
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


def assemble(
    checked: Mapping[str, CheckedFile],
    catalog: Catalog,
    before: Stages | None = None,
    changed: frozenset[str] | None = None,
) -> Report:
    """The rules across the files, the issue list and the scores, from files checked alone.

    Separate from `check_file` so `dq.api.check` can check one file while the other is
    still being read. With `before` and `changed` (after an edit) a cross-file rule that
    reads no changed field keeps its findings, and a file whose issues cannot have changed
    keeps its finished table.
    """
    files = [file for file in (RELATIES, CONTACTEN) if file in checked]
    ctx = checked[RELATIES].context if RELATIES in checked else None
    cross: dict[str, pd.DataFrame] = {}
    if ctx is not None and CONTACTEN in checked:
        scope = Scope(rel=checked[RELATIES].records, ctx=ctx, con=checked[CONTACTEN].records)
        for file in files:  # the columns the rules inside each file made already
            scope.carry(checked[file].scope, frozenset())
        cross = cross_file_rules(scope, before.cross if before else None, changed)

    def finish(file: str) -> pd.DataFrame:
        own = {code: found for code, found in cross.items() if RULE_FILE[code] == file}
        same = before is not None and checked[file] is before.checked.get(file)
        if same and all(found is before.cross.get(code) for code, found in own.items()):
            return before.finished[file]
        mine = checked[file]
        return _finish(file, [*mine.frames, *mine.rules.values(), *own.values()], mine.result)

    finished = dict(zip(files, each(finish, files), strict=True))
    parts = list(finished.values())
    issues = _issue_list(parts)
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
        stages=Stages(dict(checked), cross, finished),
    )


def _finish(file: str, frames: list[pd.DataFrame], result: FileResult) -> pd.DataFrame:
    """One file's issues in one table, with file, Excel row and key, sorted (`_sorted`)."""
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
    return _sorted(issues)


def _sorted(issues: pd.DataFrame) -> pd.DataFrame:
    """One file's issues with each code's severity and message, sorted: errors, then
    warnings, then info; then by row, field and code (stable).

    Every sort key is a small integer (a text's rank among the few distinct ones), so one
    stable numpy sort orders the list, and the long messages are added once, after it.
    """
    codes = pc.dictionary_encode(arrow(issues["code"]))
    names = codes.dictionary.to_pylist()
    declared = all_codes()
    unknown = sorted(set(names) - set(declared))
    if unknown:
        raise KeyError(f"undeclared issue codes: {unknown}")
    code = codes.indices.to_numpy(zero_copy_only=False)
    severity = np.array([SEVERITY_ORDER[declared[name].severity] for name in names], "int64")
    fields = pc.dictionary_encode(arrow(issues["field"]))
    order = np.lexsort(
        (
            _ranks(names)[code],
            _ranks(fields.dictionary.to_pylist())[fields.indices.to_numpy(zero_copy_only=False)],
            issues["row"].to_numpy(),
            severity[code],
        )
    )
    issues = issues.take(order).reset_index(drop=True)
    for column in ("severity", "message"):
        texts = pa.array([getattr(declared[name], column) for name in names], ARROW_TEXT)
        issues[column] = pd.array(texts.take(pa.array(code[order])), dtype="str")
    return issues


def _issue_list(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The files' sorted issues (`_sorted`) as one list: errors, then warnings, then info;
    within each, Relaties first. Each file is sorted on its own, so after an edit the file
    that did not change keeps its sorted table and the list is only put together again."""
    if not parts:
        return _finish_empty()
    levels = pa.array(sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.get))
    edges = [
        np.searchsorted(
            pc.index_in(arrow(part["severity"]), levels).to_numpy(zero_copy_only=False),
            np.arange(len(levels) + 1),
        )
        for part in parts
    ]
    pieces = [
        part.iloc[bounds[level] : bounds[level + 1]]
        for level in range(len(levels))
        for part, bounds in zip(parts, edges, strict=True)
    ]
    return pd.concat(pieces, ignore_index=True)


def _ranks(texts: list[str]) -> np.ndarray:
    """Each text's place in sorted order (Python's order of code points, as Arrow sorts).

    >>> _ranks(["b", "a", "c"]).tolist()
    [1, 0, 2]
    """
    ranks = np.empty(len(texts), dtype=np.int64)
    ranks[np.argsort(np.array(texts, dtype=object), kind="stable")] = np.arange(len(texts))
    return ranks


def _finish_empty() -> pd.DataFrame:
    issues = empty_issues()
    for name in ("file", "key", "severity", "message"):
        issues[name] = pd.Series(dtype="str")
    issues["row"] = pd.Series(dtype="int64")
    return issues
