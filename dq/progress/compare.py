"""Compare two checks of one office: which problems were fixed, which remain, which are new.

A check is reduced to a `Snapshot`: aggregate scores plus one key per error and warning
(file, row key, field, code), with no cell value, so a stored check and a fresh Report
compare alike. Issues are matched by that key, never by Excel row, so re-sorting a file
changes nothing. The same key more than once (a relatienummer used twice, two unknown
products in one cell, rows without a number) is matched as a multiset: min(before, after)
stay open, the surplus is fixed or new. Infos (automatic repairs) are counted, not matched.
The warnings the office accepted travel along, keyed the same way, with its reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from dq.checks.report import Report
from dq.spec.fields import CONTACTEN, FIELDS, RELATIES
from dq.validators import iban, postcode

FIXED, OPEN, NEW = "fixed", "open", "new"
STATUS_NL = {FIXED: "opgelost", OPEN: "nog open", NEW: "nieuw"}
PROBLEMS = ("error", "warning")
_FILE_NOUN = {RELATIES: "het relatiebestand", CONTACTEN: "het contactenbestand"}
#: Codes that need both files (dq.checks.rules.cross_file_rules); a test keeps this list complete.
CROSS_FILE_CODES = frozenset({"relatienummer.no_contact", "relatienummers.unknown_relatie"})
MATCH_KEY = ["file", "key", "field", "code"]
ISSUE_COLUMNS = ["file", "row", "key", "field", "code", "severity"]
FIELD_COLUMNS = [
    "file",
    "field",
    "rows",
    "required",
    "filled",
    "missing",
    "valid",
    "invalid",
    "completeness_pct",
    "validity_pct",
]
PRODUCT_COLUMNS = ["product", "relaties", "ready", "ready_pct"]
CODE_COLUMNS = ["code", "severity", "count"]
#: An accepted warning as kept: its match key (`dq.edits.session.ACCEPT_KEYS`) and the reason.
ACCEPTED_COLUMNS = ["file", "key", "field", "code", "reason"]
#: Field labels by (file, key); a stored check may name a field this version no longer has.
LABELS = {(f.file, f.key): f.label for f in FIELDS}
_NUMBER_SHAPE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]{0,19}")


def stored_key(key: str) -> str:
    """The row key as kept in a snapshot: an office's own number as is, anything else hashed.

    Kept as is: at most 20 letters, digits and `. - _ /` with at least one and fewer than
    eight digits, and no IBAN or postcode. Anything else (a BSN, phone number, e-mail or name
    from a wrongly mapped column) is kept as a hash, which still matches between checks.

    >>> stored_key("101.1"), stored_key("K-17"), stored_key("")
    ('101.1', 'K-17', '')
    >>> stored_key("111222333")
    '#da5511d2baa83c2e'
    >>> stored_key("jan@example.nl")
    '#a5a44ec75c51b7cc'
    """
    text = str(key).strip()
    if not text:
        return ""
    digits = sum(c.isdigit() for c in text)
    if (
        _NUMBER_SHAPE.fullmatch(text)
        and 0 < digits < 8
        and not iban.is_valid(text)
        and not postcode.is_valid(text)
    ):
        return text
    return "#" + hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FileInfo:
    """Which file a check read and how many rows it had."""

    name: str
    rows: int


def empty_acceptances() -> pd.DataFrame:
    """No accepted warnings, in the columns a Snapshot keeps them."""
    return pd.DataFrame({c: pd.Series(dtype="str") for c in ACCEPTED_COLUMNS})


@dataclass(frozen=True)
class Snapshot:
    """What a comparison and the history need of one check: no cell value, no name."""

    readiness: float
    ready: bool
    counts: Mapping[str, int]
    files: Mapping[str, FileInfo]
    fields: pd.DataFrame  # FIELD_COLUMNS
    products: pd.DataFrame  # PRODUCT_COLUMNS
    codes: pd.DataFrame  # CODE_COLUMNS: issues per code, infos included
    issues: pd.DataFrame  # ISSUE_COLUMNS: one row per error and warning
    label: str = ""
    checked_at: datetime | None = None
    #: ACCEPTED_COLUMNS: the warnings the office accepted, not in `issues`
    accepted: pd.DataFrame = field(default_factory=empty_acceptances)


def snapshot(report: Report, label: str = "", checked_at: datetime | None = None) -> Snapshot:
    """Reduce a Report to what may be stored and compared."""
    problems = report.issues[report.issues["severity"].isin(PROBLEMS)]
    issues = pd.DataFrame(
        {
            "file": problems["file"].astype(str),
            "row": problems["row"].astype("int64"),
            "key": problems["key"].astype(str).map(stored_key),
            "field": problems["field"].astype(str),
            "code": problems["code"].astype(str),
            "severity": problems["severity"].astype(str),
        }
    ).reset_index(drop=True)
    codes = report.code_counts()[CODE_COLUMNS].groupby(["code", "severity"], as_index=False).sum()
    accepted = report.accepted[ACCEPTED_COLUMNS].astype(str)
    return Snapshot(
        readiness=float(report.readiness or 0.0),  # no rows: 0, and the verdict is not ready
        ready=report.ready,
        counts=report.counts,
        files={k: FileInfo(r.table.filename, len(r.table.frame)) for k, r in report.files.items()},
        fields=report.field_scores[FIELD_COLUMNS].reset_index(drop=True),
        products=report.products[PRODUCT_COLUMNS].reset_index(drop=True),
        codes=codes,
        issues=issues,
        label=label,
        checked_at=checked_at,
        accepted=accepted.assign(key=accepted["key"].map(stored_key)).reset_index(drop=True),
    )


def real_keys(stored: pd.DataFrame, report: Report) -> pd.DataFrame:
    """Stored rows (`file` and a `key` as `stored_key` keeps it) with their keys in `report`.

    A stored key is the real one for an office's own number and a hash for anything else;
    each is looked up among the row keys of `report`'s issues (accepted ones included) in
    the same file. A key that matches no row of `report` stays in its stored form.
    """
    keys = pd.concat([report.issues[["file", "key"]], report.accepted[["file", "key"]]])
    keys = keys.astype(str).drop_duplicates()
    lookup = (
        keys.assign(stored=keys["key"].map(stored_key))
        .drop_duplicates(["file", "stored"])
        .rename(columns={"key": "real", "stored": "key"})
    )
    found = stored.merge(lookup, on=["file", "key"], how="left", validate="many_to_one")
    return stored.assign(key=found["real"].fillna(found["key"]).to_numpy())


def _numbered(issues: pd.DataFrame) -> pd.DataFrame:
    """Issues with `n`, the occurrence of their key in file order (for multiset matching)."""
    ordered = issues.sort_values(["file", "row"], kind="stable")
    return ordered.assign(n=ordered.groupby(MATCH_KEY, sort=False).cumcount())


def match_issues(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Every error and warning of either check with its status: fixed, open or new.

    `row_before`/`row_after` are the Excel rows in each version (missing where absent).

    >>> old = pd.DataFrame({"file": ["relaties"] * 2, "row": [4, 5], "key": ["1", "2"],
    ...     "field": ["bsn"] * 2, "code": ["bsn.missing"] * 2, "severity": ["error"] * 2})
    >>> new = old.assign(row=[9, 4], key=["2", "3"])
    >>> match_issues(old, new)[["key", "status"]].values.tolist()
    [['2', 'open'], ['3', 'new'], ['1', 'fixed']]
    """
    merged = _numbered(before).merge(
        _numbered(after),
        on=[*MATCH_KEY, "n"],
        how="outer",
        suffixes=("_before", "_after"),
        indicator=True,
    )
    status = merged["_merge"].map({"left_only": FIXED, "both": OPEN, "right_only": NEW})
    table = pd.DataFrame(
        {
            "status": status.astype(str),
            **{c: merged[c] for c in MATCH_KEY},
            "severity": merged["severity_after"].fillna(merged["severity_before"]),
            "row_before": merged["row_before"].astype("Int64"),
            "row_after": merged["row_after"].astype("Int64"),
        }
    )
    sort = pd.DataFrame(
        {
            "status": table["status"].map({OPEN: 0, NEW: 1, FIXED: 2}),
            "file": table["file"].map({RELATIES: 0, CONTACTEN: 1}),
            "row": table["row_after"].fillna(table["row_before"]),
        }
    )
    order = sort.sort_values(list(sort.columns), kind="stable").index
    return table.loc[order].reset_index(drop=True)


def _problems_per_field(issues: pd.DataFrame) -> pd.DataFrame:
    counts = issues[issues["field"] != ""].groupby(["file", "field"]).size()
    return counts.rename("problems").reset_index()


def field_changes(before: Snapshot, after: Snapshot) -> pd.DataFrame:
    """Per field: completeness, validity and open problems before and after, and the change.

    The fields whose problems changed most come first; fields absent from one check (a file
    that was not uploaded) have NaN on that side.
    """
    scores = ["completeness_pct", "validity_pct"]
    sides = [
        s.fields[["file", "field", *scores]].merge(
            _problems_per_field(s.issues), on=["file", "field"], how="left"
        )
        for s in (before, after)
    ]
    merged = sides[0].merge(sides[1], on=["file", "field"], how="outer", suffixes=("_0", "_1"))
    table = pd.DataFrame({"file": merged["file"], "field": merged["field"]})
    table["label"] = [
        LABELS.get((f, k), k) for f, k in zip(table["file"], table["field"], strict=True)
    ]
    for name in [*scores, "problems"]:
        old = merged[f"{name}_0"].astype("float64")
        new = merged[f"{name}_1"].astype("float64")
        if name == "problems":
            old, new = old.fillna(0), new.fillna(0)
        table[f"{name}_before"], table[f"{name}_after"] = old, new
        table[f"{name}_change"] = (new - old).round(1)
    measured = table[[f"{n}_{side}" for n in scores for side in ("before", "after")]]
    table = table[measured.notna().any(axis=1) | table["problems_before"].gt(0)]
    order = table.assign(size=-table["problems_change"].abs())
    return table.loc[order.sort_values(["size", "file", "field"], kind="stable").index].reset_index(
        drop=True
    )


def product_changes(before: Snapshot, after: Snapshot) -> pd.DataFrame:
    """Per product: relaties taking it and the share ready for its workflow, before and after."""
    merged = before.products.merge(
        after.products, on="product", how="outer", suffixes=("_before", "_after")
    )
    for name in ("relaties", "ready", "ready_pct"):
        for side in ("before", "after"):
            merged[f"{name}_{side}"] = merged[f"{name}_{side}"].astype("float64")
    merged["ready_pct_change"] = (merged["ready_pct_after"] - merged["ready_pct_before"]).round(1)
    used = (merged["relaties_before"].fillna(0) > 0) | (merged["relaties_after"].fillna(0) > 0)
    return merged[used].reset_index(drop=True)


@dataclass(frozen=True)
class Comparison:
    """Two checks side by side: the issues by status and the score changes."""

    before: Snapshot
    after: Snapshot
    issues: pd.DataFrame
    fields: pd.DataFrame = field(repr=False)
    products: pd.DataFrame = field(repr=False)
    skipped: tuple[str, ...] = ()  # files read by only one of the two checks

    def count(self, status: str) -> int:
        """How many problems have this status."""
        return int(self.issues["status"].eq(status).sum())

    @property
    def remaining(self) -> int:
        """Problems in the newer check: the ones still open plus the new ones."""
        return self.count(OPEN) + self.count(NEW)

    def summary(self) -> str:
        """One Dutch sentence to open a call with."""
        fixed = self.count(FIXED)
        text = (
            f"Sinds de vorige controle{_since(self.before)}: {fixed} van "
            f"{fixed + self.count(OPEN)} problemen opgelost, {self.count(NEW)} nieuw; "
            f"nu nog {self.remaining} open. "
            f"Gereedheid {_pct(self.before.readiness)} → {_pct(self.after.readiness)}."
        )
        if self.skipped:
            names = " en ".join(_FILE_NOUN[f] for f in self.skipped)
            text += f" Niet vergeleken: {names} (niet in beide controles)."
        return text


def local_time(moment: datetime | pd.Timestamp, pattern: str = "%d-%m-%Y %H:%M") -> str:
    """A stored UTC moment in this computer's time zone, written the Dutch way."""
    return pd.Timestamp(moment).to_pydatetime().astimezone().strftime(pattern)


def _since(check: Snapshot) -> str:
    """' (week 1, 21-11-2026)' for a stored check, '' for a fresh one."""
    parts = [check.label] if check.label else []
    if check.checked_at is not None:
        parts.append(local_time(check.checked_at, "%d-%m-%Y"))
    return f" ({', '.join(parts)})" if parts else ""


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def as_snapshot(check: Report | Snapshot) -> Snapshot:
    """A Snapshot of either a fresh Report or a stored check."""
    return check if isinstance(check, Snapshot) else snapshot(check)


def _comparable(check: Snapshot, files: list[str]) -> pd.DataFrame:
    """The issues of the files both checks read; cross-file ones only when both had both."""
    issues = check.issues[check.issues["file"].isin(files)]
    if len(files) < 2:
        issues = issues[~issues["code"].isin(CROSS_FILE_CODES)]
    return issues


def compare(before: Report | Snapshot, after: Report | Snapshot) -> Comparison:
    """Compare an earlier check with a later one of the same office.

    Only files read by both checks are compared: an issue of a file that was not uploaded
    the second time is not 'fixed'.
    """
    old, new = as_snapshot(before), as_snapshot(after)
    files = [f for f in (RELATIES, CONTACTEN) if f in old.files and f in new.files]
    return Comparison(
        before=old,
        after=new,
        issues=match_issues(_comparable(old, files), _comparable(new, files)),
        fields=field_changes(old, new),
        products=product_changes(old, new),
        skipped=tuple(f for f in (RELATIES, CONTACTEN) if (f in old.files) != (f in new.files)),
    )
