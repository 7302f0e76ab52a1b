"""The pages of the app, declared once: the router builds them, pages link to them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One screen: its file (relative to app.py), Dutch title and icon."""

    path: str
    title: str
    icon: str


BESTANDEN = PageSpec("pages/bestanden.py", "Bestanden", ":material/upload_file:")
KOLOMMEN = PageSpec("pages/kolommen.py", "Kolommen", ":material/view_column:")
OVERZICHT = PageSpec("pages/overzicht.py", "Overzicht", ":material/dashboard:")
VELDEN = PageSpec("pages/velden.py", "Velden", ":material/rule:")
RELATIES = PageSpec("pages/relaties.py", "Relaties", ":material/apartment:")
CONTACTEN = PageSpec("pages/contacten.py", "Contacten", ":material/contacts:")
HERSTELLEN = PageSpec("pages/herstellen.py", "Herstellen", ":material/edit_note:")
FIXLIJST = PageSpec("pages/fixlijst.py", "Fixlijst", ":material/download:")
DOWNLOADS = PageSpec("pages/downloads.py", "Downloads", ":material/folder_zip:")
VOORTGANG = PageSpec("pages/voortgang.py", "Voortgang", ":material/trending_up:")

PAGES = (
    BESTANDEN,
    KOLOMMEN,
    OVERZICHT,
    VELDEN,
    RELATIES,
    CONTACTEN,
    HERSTELLEN,
    FIXLIJST,
    DOWNLOADS,
    VOORTGANG,
)
