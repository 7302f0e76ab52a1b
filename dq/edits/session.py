"""The edit model behind "Herstellen": cell edits and batches, undo and redo, accepted warnings.

Everything lives in memory with the Report it edits (nothing is written to disk). Each step
writes some cells into the checked tables and re-checks incrementally
(`dq.checks.pipeline.recheck`): only the edited cells are classified again and only the
rules that read an edited field run again, so the result equals a full check of the edited
files at a fraction of its time.

>>> import dq
>>> from dq.demo.office import demo_files
>>> files = demo_files()
>>> edits = Edits(dq.check(relaties=("r.xlsx", files["relaties.xlsx"])))
>>> pos = int(edits.report.issues.query("code == 'bsn.invalid_checksum'")["pos"].iloc[0])
>>> fixed = edits.edit("relaties", pos, "bsn", "111222333")
>>> edits.pending, edits.can_undo
(1, True)
>>> _ = edits.undo()
>>> edits.pending
0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dq.checks.pipeline import recheck
from dq.checks.report import Report, empty_accepted
from dq.edits.cells import new_cell
from dq.io.load import LoadedTable
from dq.spec.fields import BY_KEY, KEY_FIELD, WARNING

#: Where a change came from, as the Wijzigingen list names it.
EDIT, BATCH, SUGGESTED = "bewerking", "alles tegelijk", "voorgestelde waarde"
FIXLIST = "fixlijst"  # corrections from a completed fix list, taken in as one step
ACCEPT_KEYS = ["file", "key", "field", "code"]


@dataclass(frozen=True)
class Step:
    """One undo step: the cells it changed (old and new text), where it came from, what it did."""

    cells: pd.DataFrame  # file, pos, field, old, new
    source: str
    label: str  # Dutch, for the list of steps


class Edits:
    """The edits of one session on one check, with undo and redo and the accepted warnings."""

    def __init__(self, report: Report) -> None:
        self.original = report
        self._checked = report  # the current check, before acceptances
        self._done: list[Step] = []
        self._undone: list[Step] = []
        self._accepted = pd.DataFrame({c: pd.Series(dtype="str") for c in [*ACCEPT_KEYS, "reason"]})
        self._report = report
        self._changes: pd.DataFrame | None = None

    # --- the current state -----------------------------------------------------------

    @property
    def report(self) -> Report:
        """The check as it stands: every edit applied, accepted warnings left out of `issues`."""
        return self._report

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to undo."""
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        """Whether an undone step can be done again."""
        return bool(self._undone)

    @property
    def steps(self) -> list[str]:
        """The labels of the steps done, oldest first."""
        return [step.label for step in self._done]

    @property
    def pending(self) -> int:
        """How many cells differ from the uploaded files."""
        return len(self.changes())

    def cell(self, file: str, pos: int, field: str) -> str:
        """The current text of one cell."""
        return str(self._texts(file, field, np.array([pos]))[0])

    def _texts(self, file: str, field: str, positions: np.ndarray) -> np.ndarray:
        """The current texts of one field's cells at these row positions."""
        result = self._checked.files[file]
        return result.table.frame[_column(result, field)].to_numpy()[positions]

    def changes(self) -> pd.DataFrame:
        """Every cell that differs from the upload: where, old and new text, and its source."""
        if self._changes is None:
            self._changes = self._differences()
        return self._changes.copy()

    def _differences(self) -> pd.DataFrame:
        columns = ["file", "pos", "row", "key", "field", "column", "old", "new", "source"]
        if not self._done:
            return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
        cells = pd.concat([s.cells.assign(source=s.source) for s in self._done], ignore_index=True)
        where = ["file", "pos", "field"]
        first = cells.groupby(where, sort=False)["old"].first()
        last = cells.groupby(where, sort=False)[["new", "source"]].last()
        changed = last.assign(old=first).reset_index()
        changed = changed[changed["old"] != changed["new"]]
        parts = []
        for file, part in changed.groupby("file", sort=False):
            result = self._checked.files[file]
            pos = part["pos"].to_numpy(dtype="int64")
            keys = result.outcomes[KEY_FIELD[file]].raw.iloc[pos].str.strip()
            parts.append(
                part.assign(
                    row=result.table.excel_rows[pos],
                    key=keys.to_numpy(),
                    column=part["field"].map(
                        {f: _column(result, f) for f in part["field"].unique()}
                    ),
                )
            )
        found = (
            pd.concat(parts, ignore_index=True)
            if parts
            else changed.assign(row=0, key="", column="")
        )
        return found[columns].sort_values(["file", "row"], kind="stable").reset_index(drop=True)

    # --- edits ------------------------------------------------------------------------

    def edit(self, file: str, pos: int, field: str, value: str) -> Report:
        """Type `value` into one cell; re-checked at once, kept even when it still fails."""
        label = f"{BY_KEY[(file, field)].label} op rij {self._excel_row(file, pos)}"
        return self.edit_many([(file, pos, field, value)], label, EDIT)

    def edit_many(
        self, cells: Iterable[tuple[str, int, str, str]], label: str, source: str = BATCH
    ) -> Report:
        """Several cells in one step (one undo undoes them all)."""
        frame = pd.DataFrame(list(cells), columns=["file", "pos", "field", "new"])
        if frame.empty:
            return self.report
        frame["pos"] = frame["pos"].astype("int64")
        frame["new"] = frame["new"].fillna("").astype(str)
        frame = frame.drop_duplicates(["file", "pos", "field"], keep="last")
        frame["old"] = ""
        for (file, field), part in frame.groupby(["file", "field"], sort=False):
            frame.loc[part.index, "old"] = self._texts(file, field, part["pos"].to_numpy())
        frame = frame[frame["old"] != frame["new"]]
        if frame.empty:
            return self.report
        step = Step(
            frame[["file", "pos", "field", "old", "new"]].reset_index(drop=True), source, label
        )
        self._write(step.cells, "new")
        self._done.append(step)
        self._undone.clear()
        return self.report

    def same_value_rows(self, file: str, field: str, value: str) -> np.ndarray:
        """Row positions whose cell in `field` holds `value` (surrounding spaces ignored)."""
        column = self._checked.files[file].table.frame[_column(self._checked.files[file], field)]
        return np.flatnonzero(column.str.strip().eq(value.strip()).to_numpy())

    def apply_to_all(self, file: str, field: str, old: str, new: str) -> Report:
        """Give every row whose cell holds `old` the value `new`, as one step."""
        rows = self.same_value_rows(file, field, old)
        label = f"{BY_KEY[(file, field)].label} in {len(rows)} rijen tegelijk aangepast"
        return self.edit_many(((file, int(p), field, new) for p in rows), label, BATCH)

    def suggestions(self, code: str) -> pd.DataFrame:
        """The issues of `code` with a suggested value: what `accept_suggestions` would write."""
        issues = self._checked.issues
        found = issues[issues["code"].eq(code) & issues["pos"].ge(0)]
        return found[found["suggestion"].fillna("").ne("")]

    def accept_suggestions(self, code: str) -> Report:
        """Write every suggested value of one code (in a list, only the reported items)."""
        found = self.suggestions(code)
        if found.empty:
            return self.report
        file, field = found["file"].iloc[0], found["field"].iloc[0]  # one code, one field
        new = found.groupby("pos", sort=False)["suggestion"].last()
        if BY_KEY[(file, field)].listed:  # replace each reported item of the cell in turn
            new = pd.Series(self._texts(file, field, new.index.to_numpy()), index=new.index)
            for issue in found.itertuples():
                new[issue.pos] = new_cell(new[issue.pos], issue.value, issue.suggestion, True)
        label = f"Voorgestelde waarde overgenomen voor {len(found)} meldingen ({code})"
        return self.edit_many(
            ((file, pos, field, text) for pos, text in new.items()), label, SUGGESTED
        )

    def undo(self) -> Report:
        """Undo the last step."""
        return self._move(self._done, self._undone, "old")

    def redo(self) -> Report:
        """Do the last undone step again."""
        return self._move(self._undone, self._done, "new")

    def _move(self, source: list[Step], target: list[Step], side: str) -> Report:
        """Take the newest step of `source`, write its `side` text, and keep it on `target`."""
        if source:
            step = source.pop()
            self._write(step.cells, side)
            target.append(step)
        return self.report

    def undo_all(self) -> Report:
        """Back to the uploaded files; the undone steps can be redone one by one."""
        if self._done:
            steps = list(reversed(self._done))
            cells = pd.concat([s.cells for s in steps], ignore_index=True)
            self._write(cells, "old")
            self._undone.extend(steps)
            self._done.clear()
        return self.report

    # --- accepted warnings ------------------------------------------------------------

    @property
    def acceptances(self) -> pd.DataFrame:
        """The accepted warnings: file, row key, field, code and the office's reason."""
        return self._accepted.copy()

    def accept(self, file: str, key: str, field: str, code: str, reason: str) -> Report:
        """Accept a warning with a reason; it leaves the to-do list but stays on record.

        Matched by file, row key (relatie- or contactnummer), field and code, so it holds
        after edits and for the next upload of the same office. Errors block the import and
        cannot be accepted.
        """
        if not reason.strip():
            raise ValueError("Geef een reden waarom deze waarschuwing klopt.")
        issues = self._checked.issues
        hit = issues[
            issues["file"].eq(file)
            & issues["key"].eq(key)
            & issues["field"].eq(field)
            & issues["code"].eq(code)
        ]
        if hit.empty:
            raise ValueError("Deze melding staat niet (meer) in de controle.")
        if not hit["severity"].eq(WARNING).all():
            raise ValueError(
                "Alleen een waarschuwing kan worden geaccepteerd; een fout blokkeert de import "
                "en moet worden hersteld."
            )
        row = pd.DataFrame(
            [[file, key, field, code, reason.strip()]], columns=[*ACCEPT_KEYS, "reason"]
        )
        return self._accept(pd.concat([self._without(file, key, field, code), row]))

    def withdraw(self, file: str, key: str, field: str, code: str) -> Report:
        """Take an acceptance back: the warning is on the to-do list again."""
        return self._accept(self._without(file, key, field, code))

    def _without(self, file: str, key: str, field: str, code: str) -> pd.DataFrame:
        """The acceptances but the one of this warning."""
        values = (file, key, field, code)
        same = np.logical_and.reduce(
            [self._accepted[c].eq(v) for c, v in zip(ACCEPT_KEYS, values, strict=True)]
        )
        return self._accepted[~same]

    def _accept(self, accepted: pd.DataFrame) -> Report:
        """Keep these acceptances and take their warnings out of the current check."""
        self._accepted = accepted.reset_index(drop=True)
        self._report = with_acceptances(self._checked, self._accepted)
        return self.report

    def apply_acceptances(self, saved: pd.DataFrame) -> pd.DataFrame:
        """Accept saved warnings again (from an earlier check of the same office).

        Returns the saved rows that match no warning of this check (they were fixed, or the
        row key changed), so the page can say which ones did not carry over.
        """
        issues = self._checked.issues
        warnings = issues[issues["severity"].eq(WARNING)][ACCEPT_KEYS].drop_duplicates()
        saved = saved[[*ACCEPT_KEYS, "reason"]].astype(str).drop_duplicates(ACCEPT_KEYS)
        found = saved.merge(warnings, on=ACCEPT_KEYS, how="left", indicator=True)
        matched = found[found["_merge"].eq("both")].drop(columns="_merge")
        kept = self._accepted.merge(
            matched[ACCEPT_KEYS], on=ACCEPT_KEYS, how="left", indicator=True
        )
        self._accept(
            pd.concat([kept[kept["_merge"].eq("left_only")].drop(columns="_merge"), matched])
        )
        return found[found["_merge"].eq("left_only")].drop(columns="_merge").reset_index(drop=True)

    # --- inside -----------------------------------------------------------------------

    def _excel_row(self, file: str, pos: int) -> int:
        return int(self._checked.files[file].table.excel_rows[pos])

    def _write(self, cells: pd.DataFrame, side: str) -> None:
        """Write the `side` ("old" or "new") text of `cells` and re-check what they touch."""
        tables: dict[str, LoadedTable] = {}
        edited: dict[str, dict[str, np.ndarray]] = {}
        for file, result in self._checked.files.items():
            mine = cells[cells["file"].eq(file)]
            if mine.empty:
                tables[file] = result.table
                continue
            frame = result.table.frame.copy(deep=False)
            edited[file] = {}
            for field, part in mine.groupby("field", sort=False):
                name = _column(result, field)
                column = frame[name].copy()
                # undoing several steps lists them newest first: the oldest text comes last
                part = part.drop_duplicates("pos", keep="last")
                column.iloc[part["pos"].to_numpy()] = part[side].to_numpy()
                frame[name] = column
                edited[file][field] = part["pos"].to_numpy()
            tables[file] = replace(result.table, frame=frame)
        self._checked = recheck(self._checked, tables, edited)
        self._changes = None
        self._accept(self._accepted)


def _column(result: object, field: str) -> str:
    """The file's column of a field; an edit needs one."""
    column = result.mapping.column(field)
    if column is None:
        raise ValueError(
            f"Het veld {BY_KEY[(result.kind, field)].label} heeft geen kolom in het bestand; "
            "koppel het eerst op de pagina Kolommen."
        )
    return column


def with_acceptances(report: Report, accepted: pd.DataFrame) -> Report:
    """`report` with the accepted warnings moved from `issues` to `accepted`."""
    if accepted.empty:
        return replace(report, accepted=empty_accepted()) if len(report.accepted) else report
    issues = report.issues
    marked = issues.merge(accepted, on=ACCEPT_KEYS, how="left", indicator=True, sort=False)
    hit = (marked["_merge"].eq("both") & issues["severity"].eq(WARNING).to_numpy()).to_numpy()
    taken = issues[hit].assign(reason=marked.loc[hit, "reason"].to_numpy())
    return replace(
        report, issues=issues[~hit].reset_index(drop=True), accepted=taken.reset_index(drop=True)
    )
