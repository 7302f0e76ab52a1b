"""The result of a check: issues, scores and verdict for the terminal, JSON and notebooks."""

from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TextIO, TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.codes import COLUMN_NOTICE, COLUMN_NOTICES, is_certain
from dq.checks.columns import FieldOutcome
from dq.checks.mapping import ColumnMapping
from dq.io.load import LoadedTable
from dq.privacy import SENSITIVE, Masking
from dq.spec.catalog import Catalog
from dq.text import ARROW_TEXT, arrow, concat
from dq.threads import ahead

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from dq.spec.context import Context

_T = TypeVar("_T")

ISSUE_FIELDS = ["file", "row", "key", "field", "code", "severity", "message", "value", "suggestion"]
SEVERITY_NL = {"error": "fout", "warning": "waarschuwing", "info": "info"}


#: The columns of `Report.on_rows`: enough to filter, group and count the issues of rows.
ROW_ISSUE = ("pos", "field", "code", "severity")


def empty_accepted() -> pd.DataFrame:
    """No accepted warnings: the issue columns and the office's reason."""
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "row" else "str") for c in [*ISSUE_FIELDS, "reason"]}
    )


@dataclass
class FileResult:
    """One checked file: what was read, how it was mapped, and what its columns hold."""

    kind: str
    table: LoadedTable
    mapping: ColumnMapping
    outcomes: dict[str, FieldOutcome]
    required: dict[str, pd.Series]
    scores: pd.DataFrame


@dataclass
class Report:
    """Everything one check found. `issues` holds full values; ask for masked views to show."""

    files: dict[str, FileResult]
    issues: pd.DataFrame
    products: pd.DataFrame
    readiness: float | None  # None: no record to score (a header without rows)
    catalog: Catalog
    context: Context | None = None
    #: warnings the office accepted with a reason (`dq.edits`): left out of `issues`
    accepted: pd.DataFrame = field(default_factory=empty_accepted, compare=False)
    #: the pipeline's intermediate results (`dq.checks.pipeline.Stages`), for `recheck`
    stages: object = field(default=None, repr=False, compare=False)
    _kept: dict[Hashable, object] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def kept(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """`make()` once per check: a view of the issues that several pages and downloads
        start from (the fix list's order), so paging through it does not make it again."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    @property
    def ready(self) -> bool:
        """Go/no-go: ready when there is something to import and no file has an error."""
        has_rows = any(len(r.table.frame) for r in self.files.values())
        return has_rows and not self.issues["severity"].eq("error").any()

    @cached_property
    def counts(self) -> dict[str, int]:
        """Issues per severity (counted once: every page and the sidebar read them)."""
        counts = self.issues["severity"].value_counts()
        return {s: int(counts.get(s, 0)) for s in ("error", "warning", "info")}

    def on_rows(self, file: str) -> pd.DataFrame:
        """Where, what and how bad each issue on a row of `file` is (`ROW_ISSUE`), in list order.

        The grids, filters and batch forms all start from these, so each file's are split off
        once per check, and narrow: the index is the issue's label in `issues`, where the few
        rows a page shows take their other columns (`issues.loc[...]`).
        """

        def split() -> pd.DataFrame:
            issues = self.issues
            mask = issues["file"].eq(file).to_numpy() & (issues["pos"].to_numpy() >= 0)
            return issues.loc[mask, list(ROW_ISSUE)]

        return self.kept(("on_rows", file), split)

    @cached_property
    def file_counts(self) -> dict[str, dict[str, int]]:
        """Issues per file and severity; they add up to `counts` (every page shows these)."""
        table = self.issues.groupby(["file", "severity"]).size()
        return {
            kind: {s: int(table.get((kind, s), 0)) for s in ("error", "warning", "info")}
            for kind in self.files
        }

    def repair_issues(self, kind: str | None = None) -> pd.DataFrame:
        """The certain repairs: issues of a row whose code is certain and that carry the
        corrected value. The cleaned files make exactly these changes; `kind` narrows to a file."""
        hit = self._repaired
        if kind is not None:
            hit = hit & self.issues["file"].eq(kind)
        return self.issues[hit]

    @cached_property
    def _repaired(self) -> pd.Series:
        """Which issues are certain repairs (`repair_issues`)."""
        issues = self.issues
        certain = [c for c in issues["code"].unique() if is_certain(c)]
        return issues["pos"].ge(0) & issues["suggestion"].notna() & issues["code"].isin(certain)

    @cached_property
    def repairs(self) -> dict[str, int]:
        """Certain repairs per file (most are infos; a restored leading zero is a warning)."""
        found = self.issues.loc[self._repaired, "file"].value_counts()
        return {kind: int(found.get(kind, 0)) for kind in self.files}

    @property
    def field_scores(self) -> pd.DataFrame:
        """Completeness and validity per field of both files."""
        frames = [r.scores for r in self.files.values()]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    @cached_property
    def personal_numbers(self) -> frozenset[str]:
        """The BSN and RSIN values of the files (nine digits): a row key equal to one is
        masked like them."""
        outcomes = [r.outcomes for r in self.files.values()]
        return frozenset().union(*(o[k].secrets for o in outcomes for k in SENSITIVE if k in o))

    def masking(self, masked: bool = True) -> Masking:
        """The one masking path (`dq.privacy`) for everything shown of this check: the
        screen, every download, the JSON. `masked=False` is the explicit full view."""
        return Masking(masked, self.personal_numbers if masked else frozenset())

    def issue_table(self, masked: bool = True) -> pd.DataFrame:
        """The issues as users see them; masked (`dq.privacy`) unless `masked=False`."""
        return self.masking(masked).issues(self.issues[ISSUE_FIELDS])

    def accepted_table(self, masked: bool = True) -> pd.DataFrame:
        """The warnings the office accepted, with its reason, masked like `issue_table`; the
        reason is free text, so a BSN-like number or e-mail address in it is masked too."""
        masking = self.masking(masked)
        table = masking.issues(self.accepted[[*ISSUE_FIELDS, "reason"]])
        return table.assign(reason=masking.column(table["reason"], None))

    def code_counts(self) -> pd.DataFrame:
        """Issues per code, most frequent first, with severity, message and `rows`.

        A field with no column at all gets a file-level notice (`COLUMN_NOTICES`);
        its per-row `missing` issues are counted under that notice (`rows`), not as a code
        of their own, so one absent column does not drown the list.
        """
        columns = ["code", "severity", "count", "message", "rows"]
        if self.issues.empty:
            return pd.DataFrame(columns=columns)
        grouped = self.grouped_missing
        counts = (
            self.issues[~grouped]
            .groupby(["code", "severity", "message"], as_index=False)
            .size()
            .rename(columns={"size": "count"})
        )
        severity = self.issues.loc[grouped, "severity"].value_counts()
        rows = {COLUMN_NOTICE[level]: int(n) for level, n in severity.items()}
        counts["rows"] = counts["code"].map(rows).fillna(0).astype("int64")
        return counts.sort_values(["count", "code"], ascending=[False, True]).reset_index(
            drop=True
        )[columns]

    @cached_property
    def grouped_missing(self) -> pd.Series:
        """Issues that are a row's `missing` of a field whose column the file lacks (and that
        a file-level notice names, `COLUMN_NOTICES`); kept, as each page of the fix list on
        screen asks for it."""
        issues = self.issues
        notice = issues["code"].isin(COLUMN_NOTICES)
        absent = (issues.loc[notice, "file"] + "." + issues.loc[notice, "field"]).unique()
        own = issues["file"] + "." + issues["field"]
        return issues["code"].str.endswith(".missing") & own.isin(absent)

    def to_dict(self, masked: bool = True) -> dict:
        """The documented JSON contract (see README) as Python data: `to_json` parsed."""
        return json.loads(self.to_json(masked))

    def to_json(self, masked: bool = True) -> str:
        """The documented JSON contract (see README) as text, one issue a line."""
        buffer = io.StringIO()
        self.write_json(buffer, masked)
        return buffer.getvalue()

    def write_json(self, out: TextIO, masked: bool = True) -> None:
        """Write `to_json`'s text to `out` piece by piece (`dq check --json`).

        The issue lists are written from their columns, a slice at a time
        (`write_json_array`): a Python object per issue (dicts for `json.dumps`) cost more
        than the check itself, and one text of the whole list would hold it in memory twice.
        """
        head = json.dumps(self._head(masked), ensure_ascii=False, indent=1)
        out.write(head.removesuffix("\n}"))
        for name, table in (
            ("issues", self.issue_table(masked)),
            ("accepted", self.accepted_table(masked)),
        ):
            out.write(f',\n "{name}": ')
            write_json_array(out, table)
        out.write("\n}")

    def _head(self, masked: bool) -> dict:
        """The JSON contract's keys before the issue lists: verdict, files, fields, products."""
        masking = self.masking(masked)
        return {
            "readiness": self.readiness,
            "ready": self.ready,
            "counts": self.counts,
            "files": {
                kind: {
                    "name": masking.text(r.table.filename),
                    "sheet": masking.text(r.table.sheet),
                    "rows": len(r.table.frame),
                    "header_row": r.table.header_row,
                    "mapping": {k: masking.text(c) for k, c in r.mapping.columns.items()},
                    "confidence": dict(r.mapping.confidence),
                    "method": dict(r.mapping.method),
                    "source": r.mapping.source.name if r.mapping.source else None,
                    "unmapped_columns": [masking.text(c) for c in r.mapping.unmapped],
                    "suggestions": {
                        masking.text(h): f for h, (f, _s) in r.mapping.suggestions.items()
                    },
                    "notes": [masking.text(n) for n in [*r.mapping.notes, *r.table.notes]],
                    "counts": self.file_counts[kind],
                    "repaired": self.repairs[kind],
                }
                for kind, r in self.files.items()
            },
            "fields": {
                kind: {
                    row["field"]: {
                        k: row[k]
                        for k in (
                            "required",
                            "filled",
                            "valid",
                            "missing",
                            "invalid",
                            "completeness_pct",
                            "validity_pct",
                        )
                    }
                    for row in _records(r.scores)
                }
                for kind, r in self.files.items()
            },
            "products": {
                row["product"]: {k: row[k] for k in ("relaties", "ready", "ready_pct")}
                for row in _records(self.products)
            },
        }

    def summary(self, top: int = 10, masked: bool = True) -> str:
        """A Dutch summary for the terminal (file names masked like free text unless
        `masked=False`)."""
        verdict = "KLAAR voor import" if self.ready else "NIET KLAAR voor import"
        lines = []
        shown = self.masking(masked).text
        for kind, r in self.files.items():
            sheet = f", blad '{r.table.sheet}'" if r.table.sheet else ""
            lines.append(
                f"{kind.capitalize()}: {shown(r.table.filename + sheet)}, "
                f"{_header_text(r.table.header_row)}, "
                f"{len(r.table.frame)} rijen"
            )
            lines += [f"  {note}" for note in [*r.mapping.notes, *r.table.notes]]
            missing = [f for f in r.scores.itertuples() if f.column is None and f.required]
            for f in missing:
                lines.append(
                    f"  Geen kolom gevonden voor {f.label} (nodig voor {f.required} rijen)"
                )
        counts = self.counts
        lines += [
            "",
            f"Gereedheid: {pct_nl(self.readiness)} — {verdict}",
            f"Fouten: {counts['error']}   Waarschuwingen: {counts['warning']}   "
            f"Info: {counts['info']}",
        ]
        codes = self.code_counts()
        codes = codes[codes["severity"] != "info"].head(top)
        if len(codes):
            lines += ["", "Meest voorkomende problemen:"]
            for row in codes.itertuples():
                lines.append(f"  {row.count:>6}×  {SEVERITY_NL[row.severity]:<12} {row.code}")
                lines.append(f"           {row.message}")
                if row.rows:
                    lines.append(
                        f"           Daardoor missen {row.rows} rijen een "
                        f"{'verplichte' if row.severity == 'error' else 'gewenste'} waarde."
                    )
        products = self.products[self.products["relaties"] > 0]
        if len(products):
            lines += ["", "Per product (relaties klaar voor de workflow):"]
            for row in products.itertuples():
                lines.append(
                    f"  {row.product:<20} {pct_nl(row.ready_pct)} klaar "
                    f"({row.ready}/{row.relaties})"
                )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A compact summary when a notebook displays the report."""
        colour = "#1a7f37" if self.ready else "#c62828"
        verdict = "Klaar voor import" if self.ready else "Nog niet klaar voor import"
        counts = self.counts
        top = self.code_counts().head(8)
        rows = "".join(
            f"<tr><td>{html.escape(r.code)}</td><td>{SEVERITY_NL[r.severity]}</td>"
            f"<td style='text-align:right'>{r.count}</td></tr>"
            for r in top.itertuples()
        )
        return (
            f"<div><h3 style='color:{colour}'>{pct_nl(self.readiness)} gereed — {verdict}</h3>"
            f"<p>Fouten: {counts['error']} · Waarschuwingen: {counts['warning']} · "
            f"Info: {counts['info']}</p>"
            f"<table><tr><th>code</th><th>ernst</th><th>aantal</th></tr>{rows}</table></div>"
        )


def write_json_array(out: TextIO, frame: pd.DataFrame, chunk: int = 20_000) -> None:
    """Write a table as a JSON array of objects, one a line; missing values are `null`.

    The lines are put together in Arrow from each column's JSON literals, a slice at a time:
    a Python object per issue (dicts for `json.dumps`, or pandas' own writer, which goes
    through them) cost more than the check itself.
    """
    if frame.empty:
        out.write("[]")
        return
    out.write("[\n")
    names = [json.dumps(str(c), ensure_ascii=False) for c in frame.columns]

    def lines(start: int) -> pa.Buffer:
        part = frame.iloc[start : start + chunk]
        pieces: list[str | pa.Array] = []
        for i, (name, column) in enumerate(zip(names, part.columns, strict=True)):
            pieces += [("{" if i == 0 else ",") + name + ":", _json_literals(part[column])]
        made = concat(*pieces, "}")
        whole = pa.LargeListArray.from_arrays([0, len(made)], made)
        return pc.binary_join(whole, pa.scalar(",\n", ARROW_TEXT))[0].as_buffer()

    # A file's bytes go to its buffer as Arrow made them, without a Python text between.
    raw = getattr(out, "buffer", None)
    if raw is not None:
        out.flush()
    # The next two slices are made (in Arrow, without the GIL, on both cores) while this
    # one is written.
    for i, utf8 in enumerate(ahead(lines, range(0, len(frame), chunk), depth=2)):
        if raw is not None:
            raw.write(b",\n" if i else b"")
            raw.write(memoryview(utf8))
        else:
            out.write(",\n" if i else "")
            out.write(utf8.to_pybytes().decode())
    out.write("\n ]")


#: Characters JSON strings may not hold as they are (beside the quote and the backslash).
_CONTROL = "[\\x00-\\x1f]"


def _json_literals(values: pd.Series) -> pa.Array:
    """Each value of a column as its JSON text: a quoted string, an integer, or `null`."""
    if pd.api.types.is_integer_dtype(values.dtype):
        literals = pc.cast(pa.array(values, type=pa.int64()), ARROW_TEXT)
    elif pd.api.types.is_string_dtype(values.dtype):  # each distinct text once
        encoded = pc.dictionary_encode(arrow(values))
        literals = pc.take(_json_strings(encoded.dictionary), encoded.indices)
    else:
        literals = pa.array(
            [json.dumps(None if pd.isna(v) else v, ensure_ascii=False) for v in values],
            type=ARROW_TEXT,
        )
    return pc.fill_null(literals, "null")


def _json_strings(text: pa.Array) -> pa.Array:
    """Texts as quoted, escaped JSON strings."""
    escaped = pc.replace_substring(pc.replace_substring(text, "\\", "\\\\"), '"', '\\"')
    literals = concat('"', escaped, '"')
    odd = pc.fill_null(pc.match_substring_regex(text, _CONTROL), False)
    if not pc.any(odd).as_py():
        return literals
    rare = text.filter(odd).to_pylist()  # a line break or tab in a cell: left to Python
    quoted = pa.array([json.dumps(v, ensure_ascii=False) for v in rare], type=ARROW_TEXT)
    return pc.replace_with_mask(literals, odd, quoted)


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _header_text(header_row: int) -> str:
    """Where the header is, for the summary (0: the file has none)."""
    return f"kop op regel {header_row}" if header_row else "zonder kopregel"


def pct_nl(value: float | None) -> str:
    """A percentage the Dutch way, for labels.

    >>> pct_nl(98.94), pct_nl(None)
    ('98,9%', '–')
    """
    if value is None or pd.isna(value):
        return "–"
    return f"{value:.1f}".replace(".", ",") + "%"
