"""Shared fixtures: the demo pair on disk."""

from __future__ import annotations

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
