"""Every hostile or broken upload of the corpus, through the command line and through the app.

The CLI exits 2 with one Dutch line, or reads the file (exit 0 or 1) and reports exactly the
rows and columns that are in it, and its cleaned export keeps them all. No case shows a
traceback, takes more than a few seconds or more memory than `MEMORY_MB` (the peak RSS of
the child process, measured by the child itself). The app shows the same message and stays usable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dq.api import load
from dq.io.load import LoadError
from tests.corpus.make_corpus import CASE_ENV, CASES, Case, csv_bytes, people, write_corpus

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
#: Peak memory of one `dq check` of any corpus file. Python with pandas and pyarrow loaded
#: takes about 150 MB; a bomb that got through would take gigabytes.
MEMORY_MB = 300
SECONDS = 15  # per case; they take about one second, on a busy 2-core machine too
READ = [c for c in CASES if not c.refused]


@dataclass(frozen=True)
class Run:
    """What one `python -m dq check` did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


#: `python -m dq ARGS` that writes its own peak RSS (KiB) to the file in argv[1] on exit. VmHWM
#: belongs to the process's memory since exec; ru_maxrss and wait4 would also count the pytest
#: process that fork copied. The command leaves through `os._exit` (`dq.cli.run`), which runs
#: no atexit handler, so the peak is written there too.
MEASURED_CLI = """\
import atexit, os, re, runpy, sys
peak_file = sys.argv.pop(1)
def peak():
    status = open("/proc/self/status").read()
    open(peak_file, "w").write(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
atexit.register(peak)
leave = os._exit
os._exit = lambda code: (peak(), leave(code))
sys.argv[0] = "dq"
runpy.run_module("dq", run_name="__main__")
"""


def run_cli(args: list[str], env: dict[str, str], output: Path) -> Run:
    """Run the CLI in a child process and measure its time and peak memory.

    stdout and stderr go to `output`.out and .err (files, so no pipe can fill up).
    """
    out_path, err_path = Path(f"{output}.out"), Path(f"{output}.err")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", MEASURED_CLI, f"{output}.rss", *args],
            stdout=out,
            stderr=err,
            env={**os.environ, **env},
            cwd=ROOT,
        )
        killer = threading.Timer(SECONDS * 4, child.kill)
        killer.start()
        _, status, _usage = os.wait4(child.pid, 0)
        killer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        child.returncode,
        out_path.read_text(encoding="utf-8"),
        err_path.read_text(encoding="utf-8"),
        time.monotonic() - started,
        _peak_mb(Path(f"{output}.rss")),
    )


def _peak_mb(path: Path) -> float:
    """The child's own report; none if it died before exiting normally (a crash fails too)."""
    return int(path.read_text()) / 1024 if path.exists() else float("inf")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus written once for this module."""
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def cli_runs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """`dq check --relaties FILE --json --cleaned DIR` for every case, two at a time."""
    work = tmp_path_factory.mktemp("cli")

    def check(case: Case) -> Run:
        cleaned = work / f"{case.name}.schoon"
        args = ["check", "--relaties", str(corpus / case.name), "--json", "--cleaned", str(cleaned)]
        return run_cli(args, CASE_ENV.get(case.name, {}), work / case.name)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([c.name for c in CASES], pool.map(check, CASES), strict=True))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cli_refuses_in_one_dutch_line_or_reads_everything(
    case: Case, cli_runs: dict[str, Run]
) -> None:
    run = cli_runs[case.name]
    assert "Traceback" not in run.stdout + run.stderr
    assert run.seconds < SECONDS, run.seconds
    assert run.peak_mb < MEMORY_MB, run.peak_mb
    if case.refused:
        assert run.code == 2, run.stderr
        (line,) = run.stderr.splitlines()
        assert line.startswith("Fout: ") and case.refused in line, line
        error = {"readiness": None, "ready": False, "error": line.removeprefix("Fout: ")}
        assert json.loads(run.stdout) == error
        return
    assert run.code in (0, 1), run.stderr
    result = json.loads(run.stdout)["files"]["relaties"]
    assert result["rows"] == case.rows
    assert len(set(result["mapping"].values())) + len(result["unmapped_columns"]) == case.columns


@pytest.mark.parametrize("case", READ, ids=lambda c: c.name)
def test_nothing_is_lost(case: Case, corpus: Path, cli_runs: dict[str, Run]) -> None:
    """What is read is what the file holds, and the cleaned export keeps every row and column."""
    table = load(corpus / case.name, "relaties")
    assert (len(table.frame), len(table.columns)) == (case.rows, case.columns)
    for (row, column), text in case.cells.items():
        assert table.frame.at[row, column] == text, (row, column)
    written = [
        line.removeprefix("Geschreven: ") for line in cli_runs[case.name].stderr.splitlines()
    ]
    cleaned = next(Path(p) for p in written if "_opgeschoond" in p)
    again = load(cleaned, "relaties")
    assert list(again.frame.columns) == list(table.frame.columns)
    assert len(again.frame) == len(table.frame)


# --- the app ----------------------------------------------------------------------------------


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    """Put a file in the Relaties uploader, as a user does."""
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_app_shows_each_message_and_stays_usable(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    for case in CASES:
        path = corpus / case.name
        if path.stat().st_size > 100 * 1024**2:
            continue  # the sparse CSV: Streamlit's upload limit stops it in the browser
        with monkeypatch.context() as env:
            for name, value in CASE_ENV.get(case.name, {}).items():
                env.setenv(name, value)
            upload(at, case.name, path.read_bytes())
            if case.refused:
                assert [e.value for e in at.error] == [_message(path, case)], case.name
                continue
        shown = {m.label: m.value for m in at.metric}
        assert shown["Rijen gelezen"] == str(case.rows), case.name
        assert shown["Kolommen"] == str(case.columns), case.name
    next(b for b in at.button if b.label == "Bestand verwijderen").click().run()
    next(b for b in at.button if b.label == "Probeer met voorbeelddata").click().run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "Rijen gelezen") == "300"


def _message(path: Path, case: Case) -> str:
    with pytest.raises(LoadError) as caught:
        load(path, "relaties")
    assert case.refused in str(caught.value)
    return str(caught.value)


def test_the_file_size_limit_holds_in_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DQ_MAX_FILE_MB", "1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    data = csv_bytes([["Relatienummer", "Naam", "Soort relatie", "BSN", "Plaats"], *people(30_000)])
    assert len(data) > 1024**2
    upload(at, "groot.csv", data)
    assert [e.value for e in at.error] == [
        "Het bestand is groter dan de grens van 1 MB. Verdeel de gegevens over meer bestanden."
    ]
