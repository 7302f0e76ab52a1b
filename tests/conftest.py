"""Shared fixtures: the demo pair on disk, and a throwaway history database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default demo pair written once per test session."""
    from dq.demo import write_demo

    out = tmp_path_factory.mktemp("voorbeeld")
    write_demo(out)
    return out


@pytest.fixture(scope="session")
def demo_report(demo_dir: Path):
    """The check of the default demo pair, shared by the export tests."""
    import dq

    return dq.check(demo_dir / "relaties.xlsx", demo_dir / "contacten.csv")


@pytest.fixture(scope="session", autouse=True)
def history_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every test, the app and the browser server use a throwaway history, never the user's."""
    url = f"sqlite:///{tmp_path_factory.mktemp('historie') / 'history.sqlite'}"
    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    yield url
    if saved is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = saved
