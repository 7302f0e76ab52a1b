"""The privacy probes: an office whose files hide BSNs, RSINs and e-mail addresses in every
place issue 17 found one leaking, generated at test time.

`write_probes(folder)` writes the pair under file names that themselves hold a BSN and an
address; `leaks(text)` names every probe secret a text still shows in full, in any
spelling the probes used (separators, full-width digits). The CLI tests
(`tests/test_privacy_probes.py`) and the browser test (`tests/browser/test_privacy_browser.py`)
run them through every output.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from tests.corpus.make_corpus import csv_bytes, workbook

#: Every BSN or RSIN of the probes (nine digits passing the 11-test), and where it hides.
BSNS = {
    "333444504": "in a name: Bakkerij 333444504 BV",
    "246801311": "in a name: Piet 246801311",
    "222333406": "free text with slashes: 222/333/406",
    "444555602": "free text with underscores: 444_555_602",
    "555666700": "free text with commas: 555, 666, 700",
    "666777809": "free text in full-width digits",
    "777888907": "a BSN typed into the KvK column",
    "888999008": "a relatienummer that is the BSN of its row",
    "111222333": "the BSN column itself, and the relaties file name",
    "123456782": "a contactnummer that is an RSIN of the relaties",
}
#: Every e-mail address of the probes, and where it hides.
EMAILS = {
    "eerste.adres@voorbeeld.nl": "the first address of a cell with two",
    "geheim.tweede@prive.nl": "the second address of that cell",
    "piet.partner@bakker.nl": "free text",
    "geheim.persoon@prive.nl": "the contacten file name",
    "kop.adres@kolom.nl": "a column header (read as data: a header holds no address)",
}
#: Texts that would become a link if uploaded text were rendered as Markdown.
LINK_BAIT = ("www.lek-via-link.nl", "www.lek-via-kop.nl", "kop.adres@kolom.nl")
RELATIES_NAME = "Jansen_BSN_111222333.csv"
CONTACTEN_NAME = "contacten_geheim.persoon@prive.nl.xlsx"
FULL_WIDTH = "６６６７７７８０９"  # 666777809
SHORT_BSN = "12345"  # a BSN of five digits: masked, its shape must stay visible

RELATIES = [
    ["Relatienummer", "Naam", "Soort relatie", "BSN", "RSIN", "KvK-nummer", "Producten",
     "Opmerking", "Website www.lek-via-kop.nl"],
    ["100", "Bakkerij 333444504 BV", "organisatie", "", "123456782", "12345678",
     "Aangifte VPB", "Partner: piet.partner@bakker.nl", "www.lek-via-link.nl"],
    ["101", "Piet 246801311", "persoon", "111222333", "", "", "Aangifte IB",
     "oud nummer 222/333/406", ""],
    ["102", "Els de Vries", "persoon", SHORT_BSN, "", "", "Aangifte IB",
     "ook 444_555_602", ""],
    ["103", "Jan Smit", "persoon", "246801311", "", "777888907", "Aangifte IB",
     "lijst: 555, 666, 700", ""],
    ["888999008", "Karel Bos", "persoon", "888999008", "", "", "Aangifte IB",
     f"volbreed {FULL_WIDTH}", ""],
    ["104", "Henk Dijk", "persoon", "333444504", "", "", "Aangifte IB",
     "+31 6 12345678", ""],
]  # fmt: skip
CONTACTEN = [
    ["Contactnummer", "Voornaam", "Achternaam", "E-mailadres", "Gekoppelde relaties",
     "Notitie"],
    ["1", "Piet", "Bakker", "eerste.adres@voorbeeld.nl; geheim.tweede@prive.nl", "100", ""],
    ["123456782", "Jan", "Smit", "jan.smit@", "103", "Contact kop.adres@kolom.nl"],
]  # fmt: skip


def probe_files() -> dict[str, bytes]:
    """The probe pair under its own file names: a CSV and an xlsx."""
    return {
        RELATIES_NAME: csv_bytes(RELATIES),
        CONTACTEN_NAME: workbook(("Contacten", CONTACTEN)),
    }


def write_probes(folder: Path) -> dict[str, Path]:
    """The probe files on disk, by kind."""
    paths = {}
    for (kind, name), data in zip(
        (("relaties", RELATIES_NAME), ("contacten", CONTACTEN_NAME)),
        probe_files().values(),
        strict=True,
    ):
        paths[kind] = folder / name
        paths[kind].write_bytes(data)
    return paths


def _spelled(digits: str) -> re.Pattern[str]:
    """The nine digits with at most two separator characters between any two of them."""
    return re.compile(r"(?<!\d)" + r"\D{0,2}".join(digits) + r"(?!\d)")


_PATTERNS = {bsn: _spelled(bsn) for bsn in BSNS}


def leaks(text: str) -> set[str]:
    """The probe BSNs and e-mail addresses a text shows in full (full-width digits count)."""
    plain = unicodedata.normalize("NFKC", text).lower()
    found = {bsn for bsn, pattern in _PATTERNS.items() if pattern.search(plain)}
    return found | {address for address in EMAILS if address in plain}
