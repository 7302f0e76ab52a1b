"""The loader's one error type and its Dutch sentences, shared by the readers and the guards.

Every failure a user can cause is a `LoadError` whose text is one Dutch sentence (or two) that
never quotes a cell, so it can be shown on screen, printed by the CLI and logged.
"""

from __future__ import annotations

from dq.io.limits import Limits, count_text, size_text


class LoadError(Exception):
    """A file could not be read; str(err) is one clear Dutch sentence that never quotes a cell."""


CORRUPT = (
    "Het bestand is beschadigd of onvolledig en kan niet worden geopend. "
    "Sla het opnieuw op en upload het nog eens."
)
PASSWORD = (
    "Dit bestand is beveiligd met een wachtwoord. Haal de beveiliging weg "
    "(in Excel: Bestand > Info > Werkmap beveiligen) en upload het opnieuw."
)
_SPLIT = "Verdeel de gegevens over meer bestanden."


def check_file_size(n_bytes: int, limits: Limits) -> None:
    """Refuse a file above the size limit (before it is read, where the size is known)."""
    if n_bytes > limits.max_bytes:
        raise LoadError(
            f"Het bestand is groter dan de grens van {size_text(limits.max_bytes)}. {_SPLIT}"
        )


def check_unpacked_size(n_bytes: int, limits: Limits) -> None:
    """Refuse a zip (xlsx, ods) whose members unpack to more than the limit."""
    if n_bytes > limits.max_uncompressed_bytes:
        raise LoadError(
            "Het bestand is uitgepakt groter dan de grens van "
            f"{size_text(limits.max_uncompressed_bytes)}. {_SPLIT}"
        )


def check_shape(n_rows: int, n_columns: int, limits: Limits) -> None:
    """Refuse a sheet with too many rows, columns or cells (rows x columns).

    >>> check_shape(10, 10, Limits(max_cells=50))
    Traceback (most recent call last):
    dq.io.errors.LoadError: Het werkblad is groter dan de grens van 50 cellen ...
    """
    if n_rows > limits.max_rows:
        raise LoadError(
            f"Het bestand heeft meer dan {count_text(limits.max_rows)} rijen; dat is de grens. "
            f"{_SPLIT}"
        )
    if n_columns > limits.max_columns:
        raise LoadError(
            f"Het bestand heeft meer dan {count_text(limits.max_columns)} kolommen; "
            "dat is de grens. Verwijder overbodige kolommen."
        )
    check_cells(n_rows * n_columns, limits)


def check_cells(n_cells: int, limits: Limits) -> None:
    """Refuse a sheet (or a workbook whose sheets are all built) above the cell limit."""
    if n_cells > limits.max_cells:
        raise LoadError(
            f"Het werkblad is groter dan de grens van {count_text(limits.max_cells)} cellen "
            f"(rijen × kolommen). Verwijder overbodige kolommen of {_SPLIT.lower()}"
        )
