"""The documentation cannot drift from the code: the catalogue, the CLI and the README."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from dq.checks.codes import all_codes
from dq.cli import build_parser
from dq.exports.docs import checks_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_checks_md_is_generated_from_the_code() -> None:
    assert (ROOT / "docs" / "checks.md").read_text(encoding="utf-8") == checks_markdown(), (
        "docs/checks.md is stale: run `dq codes --markdown > docs/checks.md`"
    )


def test_every_code_is_documented_with_severity_message_and_example() -> None:
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for code in all_codes().values():
        assert f"`{code.code}`" in text
        assert code.message and code.example and code.severity in {"error", "warning", "info"}


def test_codes_are_stable_shaped() -> None:
    for code in all_codes():
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", code), code


def _commands(parser: argparse.ArgumentParser, prefix: str) -> Iterator[tuple[str, list]]:
    """Every command and sub-command (`dq history list`) with its actions."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield f"{prefix} {name}", command._actions
                yield from _commands(command, f"{prefix} {name}")


def test_readme_documents_every_cli_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, actions in _commands(build_parser(), "dq"):
        assert name in readme, name
        for action in actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in readme, f"{name} {option}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in readme.split("\n## ")[0]
    assert "\npython -m pytest\n" in ci


def test_core_never_imports_streamlit() -> None:
    for path in (ROOT / "dq").rglob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+streamlit", path.read_text(), re.M), path
    code = (
        "import sys, dq, dq.cli, dq.checks.pipeline, dq.demo.office, dq.exports.docs;"
        "import pkgutil, importlib;"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(dq.__path__, 'dq.')"
        " if not m.name.endswith('__main__')];"
        "sys.exit('streamlit' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
