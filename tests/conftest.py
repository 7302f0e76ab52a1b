"""Shared fixtures: the demo pair on disk, a throwaway history database and PostgreSQL server."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from helpers import ACCEPT_REASONS
from pgserver import throwaway_server

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default demo pair written once per test session."""
    from dq.demo.office import write_demo

    out = tmp_path_factory.mktemp("voorbeeld")
    write_demo(out)
    return out


@pytest.fixture(scope="session")
def demo_report(demo_dir: Path):
    """The check of the default demo pair, shared by the export tests."""
    import dq

    return dq.check(demo_dir / "relaties.xlsx", demo_dir / "contacten.csv")


@pytest.fixture(scope="session")
def accepted_report(demo_report):
    """The demo check with the first warning of each code in `ACCEPT_REASONS` accepted."""
    from dq.edits.session import Edits

    edits = Edits(demo_report)
    for code, reason in ACCEPT_REASONS.items():
        warning = demo_report.issues[demo_report.issues["code"].eq(code)].iloc[0]
        edits.accept(warning.file, warning.key, warning.field, code, reason)
    return edits.report


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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """`DATABASE_URL_TEST` if set, else a throwaway server from Debian's PostgreSQL packages.

    Without PostgreSQL the history tests on it fail in CI and are skipped elsewhere.
    """
    if url := os.environ.get("DATABASE_URL_TEST"):
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="dq-pg-") as home, ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_server(Path(home)))
        except (FileNotFoundError, subprocess.CalledProcessError) as err:
            reason = f"PostgreSQL not available: {err}"
            if IN_CI:
                pytest.fail(f"{reason}; CI must test the history on PostgreSQL")
            pytest.skip(reason)
        yield url
