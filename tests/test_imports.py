"""The command imports what a command needs when it runs: checked in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "pyarrow", "sqlalchemy")


def loaded_after(code: str, modules: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of `modules` a fresh interpreter has loaded after running `code`."""
    probe = (
        f"{code}\nimport sys\nprint(' '.join(sorted(m for m in {modules!r} if m in sys.modules)))"
    )
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


def test_a_check_without_exports_loads_no_exporter(demo_dir: Path) -> None:
    """`dq check --json` needs no writer of fix lists, cleaned or import files; asking for
    a fix list loads that one."""
    exporters = ("dq.exports.cleaned", "dq.exports.fixlist", "dq.exports.importfile")
    check = f"['check', '--relaties', {str(demo_dir / 'relaties.xlsx')!r}, '--json'"
    code = (
        "import contextlib, io, dq.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert dq.cli.main({check}]) == 1"
    )
    assert loaded_after(code, exporters) == []
    fixlist = code.replace("'--json'", f"'--fixlist', {str(demo_dir / 'f.csv')!r}")
    assert loaded_after(fixlist, exporters) == ["dq.exports.fixlist"]


def test_package_names_load_on_first_use() -> None:
    import dq
    import dq.api
    import dq.io.readers

    assert dq.check is dq.api.check and dq.LoadError is dq.io.readers.LoadError
    with pytest.raises(AttributeError, match="geen_naam"):
        _ = dq.geen_naam
