"""The public entry points: load a file and check a pair, from paths, bytes or uploads."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from dq.checks.filekind import derive_contacten, wrong_slot_note
from dq.checks.mapping import ColumnMapping, apply_overrides, auto_map, header_score
from dq.checks.pipeline import CheckedFile, assemble, check_file
from dq.checks.report import Report
from dq.checks.sources import choose, undo_quirks
from dq.io.load import (
    Limits,
    LoadedTable,
    LoadError,
    Source,
    current_limits,
    read_table,
    source_bytes,
)
from dq.spec.catalog import Catalog
from dq.spec.fields import CONTACTEN, RELATIES
from dq.threads import each


def load(
    source: Source,
    kind: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    limits: Limits | None = None,
    halves: bool = True,
) -> LoadedTable:
    """Read a Relaties or Contacten file; the header is found by the fields it names.

    `halves=False` when another file is read beside it: a large sheet is then parsed on one
    core instead of two (`dq.io.halves`), which only pays when the other core is free.
    """
    limits = limits or current_limits()
    name, data = source_bytes(source, limits)
    return read_table(
        data,
        name,
        sheet=sheet,
        header_row=header_row,
        header_score=header_score(kind),
        limits=limits,
        halves=halves,
    )


def map_columns(
    table: LoadedTable,
    kind: str,
    overrides: Mapping[str, str | None] | None = None,
    source: str | None = None,
) -> ColumnMapping:
    """The automatic mapping for a loaded file, with explicit choices on top.

    `source` is the package the file comes from (`dq.spec.presets` key), `geen` for none,
    or None/`auto` to recognise it from the headers.
    """
    mapping = auto_map(table.columns, kind, choose(table.columns, kind, source))
    if overrides:
        mapping = apply_overrides(mapping, table.columns, overrides, kind)
    return mapping


def prepare(
    table: LoadedTable,
    kind: str,
    overrides: Mapping[str, str | None] | None = None,
    source: str | None = None,
    catalog: Catalog | None = None,
) -> tuple[LoadedTable, ColumnMapping]:
    """A loaded file mapped, with its package's quirks undone: what the checks take.

    A file that looks like the other kind (a Contacten file given as Relaties) says so in
    the mapping's notes.
    """
    mapping = map_columns(table, kind, overrides, source)
    note = wrong_slot_note(table.columns, kind)
    if note is not None:
        mapping = dataclasses.replace(mapping, notes=[*mapping.notes, note])
    return undo_quirks(table, mapping, catalog or Catalog())


def check(
    relaties: Source | None = None,
    contacten: Source | None = None,
    *,
    mapping: Mapping[str, Mapping[str, str | None]] | None = None,
    sheets: Mapping[str, str] | None = None,
    header_rows: Mapping[str, int] | None = None,
    catalog: Catalog | None = None,
    limits: Limits | None = None,
    packages: Mapping[str, str] | None = None,
    contacten_from_relaties: bool = False,
) -> Report:
    """Load, map, check and score; either file alone works, both add the cross-file checks.

    `packages` names the package each file comes from (`--bron`); by default it is recognised.
    `contacten_from_relaties` makes the Contacten file from the Relaties file's contact
    columns (`dq.checks.filekind.derive_contacten`) when the office has only one export.
    Raises LoadError (Dutch) when a file cannot be read and ValueError (Dutch) for a bad
    mapping or an unknown source.
    """
    sources = {k: s for k, s in {RELATIES: relaties, CONTACTEN: contacten}.items() if s is not None}
    if not sources:
        raise LoadError("Geef een relatiebestand, een contactenbestand of allebei.")
    if contacten_from_relaties and (relaties is None or contacten is not None):
        raise ValueError(
            "Contacten uit de relaties maken kan alleen met een relatiebestand "
            "en zonder contactenbestand."
        )
    catalog = catalog or Catalog()

    def one(kind: str) -> CheckedFile:
        table = load(
            sources[kind],
            kind,
            sheet=(sheets or {}).get(kind),
            header_row=(header_rows or {}).get(kind),
            limits=limits,
            halves=len(sources) == 1,
        )
        table, columns = prepare(
            table, kind, (mapping or {}).get(kind), (packages or {}).get(kind), catalog
        )
        return check_file(kind, table, columns, catalog)

    # Each file is read, mapped and checked in its own thread: one is checked while the
    # other is still read (`dq.threads`); a LoadError is raised in the order of the files.
    checked = dict(zip(sources, each(one, sources), strict=True))
    if contacten_from_relaties:
        made = checked[RELATIES].result
        derived = derive_contacten(made.table, made.mapping)
        contacts = map_columns(derived, CONTACTEN)
        checked[CONTACTEN] = check_file(CONTACTEN, derived, contacts, catalog)
    return assemble(checked, catalog)
