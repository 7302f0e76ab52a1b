"""The command imports what a command needs when it runs: checked in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "pyarrow", "sqlalchemy")


def loaded_after(code: str) -> list[str]:
    """The heavy packages a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.splitlines()[-1].split()


def test_help_and_a_wrong_option_load_no_heavy_package() -> None:
    code = (
        "import contextlib, io, dq.cli\n"
        "quiet = io.StringIO()\n"
        "with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):\n"
        "    assert dq.cli.main(['check', '--onzin']) == 2\n"
        "    try:\n"
        "        dq.cli.main(['--help'])\n"
        "    except SystemExit as done:\n"
        "        assert done.code == 0"
    )
    assert loaded_after(code) == []


def test_check_loads_the_checks_but_not_the_history_database(demo_dir: Path) -> None:
    code = (
        "import contextlib, io, dq.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert dq.cli.main(['check', '--relaties', {str(demo_dir / 'relaties.xlsx')!r}]) == 1"
    )
    assert loaded_after(code) == ["pandas", "pyarrow"]


def test_package_names_load_on_first_use() -> None:
    import dq
    import dq.api
    import dq.io.readers

    assert dq.check is dq.api.check and dq.LoadError is dq.io.readers.LoadError
    with pytest.raises(AttributeError, match="geen_naam"):
        _ = dq.geen_naam
