"""The public entry points: load a file and check a pair, from paths, bytes or uploads."""

from __future__ import annotations

from collections.abc import Mapping

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
) -> LoadedTable:
    """Read a Relaties or Contacten file; the header is found by the fields it names."""
    limits = limits or current_limits()
    name, data = source_bytes(source, limits)
    return read_table(
        data,
        name,
        sheet=sheet,
        header_row=header_row,
        header_score=header_score(kind),
        limits=limits,
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
    """A loaded file mapped, with its package's quirks undone: what the checks take."""
    mapping = map_columns(table, kind, overrides, source)
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
) -> Report:
    """Load, map, check and score; either file alone works, both add the cross-file checks.

    `packages` names the package each file comes from (`--bron`); by default it is recognised.
    Raises LoadError (Dutch) when a file cannot be read and ValueError (Dutch) for a bad
    mapping or an unknown source.
    """
    sources = {k: s for k, s in {RELATIES: relaties, CONTACTEN: contacten}.items() if s is not None}
    if not sources:
        raise LoadError("Geef een relatiebestand, een contactenbestand of allebei.")
    catalog = catalog or Catalog()

    def one(kind: str) -> CheckedFile:
        table = load(
            sources[kind],
            kind,
            sheet=(sheets or {}).get(kind),
            header_row=(header_rows or {}).get(kind),
            limits=limits,
        )
        table, columns = prepare(
            table, kind, (mapping or {}).get(kind), (packages or {}).get(kind), catalog
        )
        return check_file(kind, table, columns, catalog)

    # Each file is read, mapped and checked in its own thread: one is checked while the
    # other is still read (`dq.threads`); a LoadError is raised in the order of the files.
    return assemble(dict(zip(sources, each(one, sources), strict=True)), catalog)
