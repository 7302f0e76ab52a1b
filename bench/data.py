"""The benchmark's offices: the demo office scaled up and made as messy as a real CRM export.

The demo generator (`dq.demo.office`) plants a fixed set of countable mistakes at rates of 0.1-1%.
A real export of a large office is messier: whole stretches of a column left empty, and
typing errors everywhere. On top of the demo frames every column except the row keys loses
10-20% of its cells, and a few percent of the identifiers, postcodes, vocabulary values and
e-mail addresses get one wrong character. Everything is drawn from a numpy Generator with a
fixed seed, so a size always gives the same files.
"""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from dq.demo.office import demo_frames

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "out" / "data"
KINDS = ("relaties", "contacten")
SEED = 2026

#: Share of cells per column that is emptied: drawn per column from this range.
BLANK_SHARE = (0.10, 0.20)
#: Share of the filled cells of a corrupted column that get one wrong character.
TYPO_SHARE = 0.03
#: Row keys: a CRM export always carries its own numbers, so these are never emptied.
KEYS = frozenset({"Relatienr.", "Contactnr"})
DIGITS, LETTERS = string.digits, string.ascii_uppercase
#: Column -> (characters one of which is replaced, characters it may become).
TYPOS: dict[str, tuple[str, str]] = {
    "BSN": (DIGITS, DIGITS),
    "RSIN": (DIGITS, DIGITS),
    "KvK-nummer": (DIGITS, DIGITS),
    "Btw-nummer": (DIGITS, DIGITS),
    "Loonheffingennummer": (DIGITS, DIGITS),
    "IBAN": (DIGITS, DIGITS),
    "Postcode": (DIGITS, LETTERS),  # 1234 AB -> 12O4 AB
    "Soort relatie": (string.ascii_letters, string.ascii_lowercase),
    "Rechtsvorm": (string.ascii_letters, string.ascii_lowercase),
    "Aangifte tijdvak BTW": (string.ascii_letters, string.ascii_lowercase),  # kwartaal -> kwartial
    "Tijdvak LH": (string.ascii_letters, string.ascii_lowercase),
    "Tijdvak ICP": (string.ascii_letters, string.ascii_lowercase),
    "Producten": (string.ascii_letters, string.ascii_lowercase),
    "E-mailadres": ("@", " "),
    "Telefoon": (DIGITS, "x"),
}


def office(size: int, seed: int = SEED) -> dict[str, pd.DataFrame]:
    """`size` relaties and `size` contacten, messy.

    The demo office is topped up with the contacts of a second demo with the same numbering
    (so the links stay valid) and distinct contactnummers, then `messy` is applied.
    """
    relaties, contacten = demo_frames(size, seed=seed)
    _, extra = demo_frames(size, seed=seed + 1)
    extra = extra.head(max(0, size - len(contacten))).copy()
    extra["Contactnr"] = "B" + extra["Contactnr"]
    rng = np.random.default_rng(seed)
    return {
        "relaties": messy(relaties, rng),
        "contacten": messy(pd.concat([contacten, extra], ignore_index=True), rng),
    }


def messy(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The frame with 10-20% empty cells per column (keys excepted) and a few % typing errors."""
    frame = frame.copy()
    for column in frame.columns:
        if column in KEYS:
            continue
        values = frame[column].to_numpy(dtype=object)
        if column in TYPOS:
            hit = np.flatnonzero((values != "") & (rng.random(len(values)) < TYPO_SHARE))
            values[hit] = [_typo(values[i], rng, *TYPOS[column]) for i in hit]
        values[rng.random(len(values)) < rng.uniform(*BLANK_SHARE)] = ""
        frame[column] = pd.Series(values, index=frame.index, dtype="str")
    return frame


def _typo(text: str, rng: np.random.Generator, among: str, into: str) -> str:
    """One character of `among` in the text replaced by a different one from `into`.

    >>> _typo("1234 AB", np.random.default_rng(0), DIGITS, LETTERS)
    '123Q AB'
    """
    spots = [i for i, char in enumerate(text) if char in among]
    if not spots:
        return text
    i = spots[rng.integers(len(spots))]
    options = into.replace(text[i], "") or into
    return text[:i] + options[rng.integers(len(options))] + text[i + 1 :]


def write_files(size: int) -> dict[str, dict[str, Path]]:
    """The office as xlsx and as csv (`;`, UTF-8), cached under bench/out/data.

    The cache is keyed by size only: delete the folder after changing the generator.
    """
    DATA.mkdir(parents=True, exist_ok=True)
    paths = {fmt: {k: DATA / f"{k}_{size}.{fmt}" for k in KINDS} for fmt in ("xlsx", "csv")}
    if all(p.exists() for files in paths.values() for p in files.values()):
        return paths
    for kind, frame in office(size).items():
        frame.to_csv(paths["csv"][kind], sep=";", index=False, encoding="utf-8-sig")
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(kind.capitalize())
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([v or None for v in row])
        workbook.save(paths["xlsx"][kind])
    return paths
