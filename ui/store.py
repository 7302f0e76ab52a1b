"""The Voortgang page's history store: opened once per server, its failures said in Dutch.

`st.cache_resource` holds only the database engine, never an upload; when the store cannot be
opened the page says so and comparing two uploads still works.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dq.progress.history import History, HistoryError, database_url

NO_STORE = (
    "De voortgang kan nu niet worden bewaard of getoond. Vergelijken met een eerdere versie "
    "van de bestanden kan wel."
)
NO_CHECK = (
    "Er zijn nog geen bestanden gecontroleerd. Begin op de pagina Bestanden; daarna kunt u de "
    "controle hier opslaan en vergelijken."
)


@st.cache_resource(show_spinner=False)
def _open(url: str) -> History:
    return History(url)


def history() -> History | None:
    """The store of `DATABASE_URL` or the default SQLite file; None (and a message) if it fails."""
    try:
        return _open(database_url())
    except HistoryError as err:
        st.error(f"{err} {NO_STORE}", icon=":material/database_off:")
        return None


@contextmanager
def store_errors() -> Iterator[None]:
    """A history that fails halfway (its server gone) shows one Dutch message, not a trace."""
    try:
        yield
    except HistoryError as err:
        st.error(f"{err} {NO_STORE}", icon=":material/database_off:")
