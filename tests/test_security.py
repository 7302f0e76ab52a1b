"""The server's safe defaults and the limits: set in one place, configurable, and documented."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from dq.api import load
from dq.io.limits import ENVIRONMENT, MB, Limits
from dq.io.load import LoadError, current_limits, read_table

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_streamlit_listens_on_loopback_with_xsrf_and_an_upload_limit() -> None:
    server = CONFIG["server"]
    assert server["address"] == "127.0.0.1"
    assert server["enableXsrfProtection"] is True
    assert server.get("enableCORS", True) is True
    assert server["maxUploadSize"] == Limits().max_bytes // MB  # the loader's own file limit
    assert CONFIG["browser"]["gatherUsageStats"] is False  # no telemetry
    assert CONFIG["client"]["showErrorDetails"] == "none"  # no traceback on screen
    assert server["allowedHosts"] == ["localhost", "127.0.0.1"]  # no other host name served


def test_every_limit_has_an_environment_variable() -> None:
    assert {attribute for attribute, _ in ENVIRONMENT.values()} == {
        f.name for f in dataclasses.fields(Limits)
    }


def test_the_environment_changes_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DQ_MAX_ROWS", "2")
    monkeypatch.setenv("DQ_MAX_FILE_MB", "3")
    assert current_limits() == Limits(max_rows=2, max_bytes=3 * MB)
    with pytest.raises(LoadError, match="meer dan 2 rijen"):
        read_table(b"a;b\n1;2\n3;4\n5;6\n", "x.csv")


@pytest.mark.parametrize("value", ["veel", "-5", "0", "1.5"])
def test_a_wrong_setting_is_a_dutch_message(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("DQ_MAX_COLUMNS", value)
    with pytest.raises(LoadError, match="DQ_MAX_COLUMNS moet een positief geheel getal zijn"):
        read_table(b"a;b\n1;2\n", "x.csv")


def test_a_file_on_disk_above_the_limit_is_not_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "groot.csv"
    with path.open("wb") as out:
        out.truncate(3 * MB)
    monkeypatch.setenv("DQ_MAX_FILE_MB", "2")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(LoadError, match="groter dan de grens van 2 MB"):
        load(path, "relaties")


@pytest.mark.parametrize("document", ["SECURITY.md", "README.md"])
def test_the_limits_are_documented(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    for name in ENVIRONMENT:
        assert f"`{name}`" in text, name
    if document == "SECURITY.md":
        phrases = ("127.0.0.1", "gatherUsageStats", "maxUploadSize", "st.login", "allowedHosts")
        for phrase in (*phrases, "/_stcore/metrics"):
            assert phrase in text, phrase
