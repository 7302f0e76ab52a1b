"""`dq check --save/--vergelijk-met` and `dq history` end to end, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import WEEK_1, WEEK_2

from dq.cli import main


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in (("week1", WEEK_1), ("week2", WEEK_2)):
        paths[name] = tmp_path / f"relaties_{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A history file of this test's own."""
    return str(tmp_path / "historie.sqlite")


def dq(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dq` with this history file (via DATABASE_URL, like a team would)."""
    return subprocess.run(
        [sys.executable, "-m", "dq", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": db},
    )


OOST = "Kantoor Oost"


def check(db: str, path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`dq check --relaties PATH` with more options."""
    return dq(db, "check", "--relaties", str(path), *options)


def test_save_twice_compare_list_show_and_delete(files: dict[str, Path], db: str) -> None:
    first = check(db, files["week1"], "--vergelijk-met", OOST, "--save", OOST, "--label", "week 1")
    assert first.returncode == 1, first.stderr
    assert "Nog geen opgeslagen controle van Kantoor Oost." in first.stdout
    assert "Opgeslagen in de geschiedenis van Kantoor Oost (controle 1)" in first.stdout

    second = check(db, files["week2"], "--vergelijk-met", OOST, "--save", OOST, "--label", "week 2")
    assert second.returncode == 1
    lines = second.stdout.splitlines()
    sentence = next(line for line in lines if line.startswith("Sinds de vorige controle"))
    assert sentence.startswith("Sinds de vorige controle (week 1, ")
    assert "1 van 2 problemen opgelost, 1 nieuw; nu nog 2 open." in sentence
    assert lines.index(sentence) < lines.index(
        next(line for line in lines if line.startswith("Opgeslagen"))
    )  # compared with last week's check, not with the one just saved

    listed = dq(db, "history", "list")
    assert listed.returncode == 0 and listed.stderr == ""
    header, row = listed.stdout.splitlines()
    assert header.split()[:2] == ["Kantoor", "Controles"]
    assert row.startswith("Kantoor Oost") and " 2 " in row and "niet klaar" in row
    assert "50,0%" in row and row.endswith("▁█")  # week 1: 1 of 3 ready, week 2: 2 of 4

    shown = dq(db, "history", "show", "Kantoor Oost")
    assert shown.returncode == 0
    assert shown.stdout.startswith("Kantoor Oost: 2 controles opgeslagen")
    assert "week 1" in shown.stdout and "week 2" in shown.stdout
    assert "relaties_week2.csv (4)" in shown.stdout
    assert "Aangifte IB" in shown.stdout
    assert "1 van 2 problemen opgelost" in shown.stdout

    deleted = dq(db, "history", "delete", "Kantoor Oost")  # not a terminal: no question
    assert deleted.returncode == 0
    assert deleted.stdout.strip() == "Verwijderd: 2 controles van Kantoor Oost."
    assert "Nog geen controles opgeslagen" in dq(db, "history", "list").stdout


def test_json_output_stays_json_when_saving(files: dict[str, Path], db: str) -> None:
    result = check(db, files["week1"], "--json", "--save", "Kantoor Oost")
    assert json.loads(result.stdout)["ready"] is False
    assert "Opgeslagen in de geschiedenis van Kantoor Oost" in result.stderr


def test_the_database_option_overrides_the_environment(
    files: dict[str, Path], db: str, tmp_path: Path
) -> None:
    other = tmp_path / "ander.sqlite"
    dq(
        db,
        "check",
        "--relaties",
        str(files["week1"]),
        "--save",
        "A",
        "--database",
        str(other),
    )
    assert "Nog geen controles" in dq(db, "history", "list").stdout
    assert dq(db, "history", "list", "--database", str(other)).stdout.count("\n") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["history", "show", "Onbekend"], "Er is geen geschiedenis van kantoor 'Onbekend'."),
        (["history", "delete", "Onbekend", "--ja"], "Er is geen geschiedenis van kantoor"),
        (["history"], "verplichte optie ontbreekt"),
        (["check", "--relaties", "x.csv", "--label", "week 1"], "--label hoort bij --save"),
        (
            ["history", "list", "--database", "postgresql://niemand@127.0.0.1:9/historie"],
            "De geschiedenis kon niet worden geopend",
        ),
    ],
)
def test_mistakes_are_one_dutch_line_and_exit_2(db: str, args: list[str], message: str) -> None:
    result = dq(db, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Fout: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_delete_in_a_terminal_asks_first(
    files: dict[str, Path], db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    check(db, files["week1"], "--save", OOST)
    questions = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "n")
    assert main(["history", "delete", OOST, "--database", db]) == 0
    assert questions == ["1 controle van Kantoor Oost verwijderen? [j/N] "]
    assert capsys.readouterr().out == "Niets verwijderd.\n"
    assert main(["history", "delete", OOST, "--database", db, "--ja"]) == 0
    assert len(questions) == 1  # --ja: no question
    assert capsys.readouterr().out == "Verwijderd: 1 controle van Kantoor Oost.\n"
