"""A marker BSN through the whole pipeline: it may only appear where full values were asked for.

The marker is a valid BSN found nowhere else in the project. Everything is run with logging
at DEBUG: loading, checking, every export, a broken upload, the app, and the CLI in a child
process with `logging.basicConfig(level=DEBUG)`. The marker must not reach a log record, an
error message, a masked export, the screen or a temporary file; it must reach the outputs
that carry full values (cleaned files, `--toon-bsn`, an unmasked fix list), which shows the
scan would see it.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dq
from dq.exports.cleaned import cleaned_files
from dq.exports.fixlist import fixlist_csv, fixlist_xlsx
from dq.exports.htmlreport import report_html
from dq.io.load import LoadError, read_table
from dq.validators import bsn
from tests.corpus.make_corpus import csv_bytes, workbook

ROOT = Path(__file__).resolve().parents[1]
TEMPFILE_MAKERS = ("NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile", "mkstemp")


def marker_bsn() -> str:
    """The first valid BSN from 736482900 on: a number no fixture or demo uses."""
    return next(str(n) for n in range(736_482_900, 736_483_000) if bsn.is_valid(str(n)))


MARKER = marker_bsn()
SPACED = f"{MARKER[:4]}.{MARKER[4:6]}.{MARKER[6:]}"  # the same BSN, typed with dots
RELATIES = [
    ["Relatienummer", "Naam", "Soort relatie", "BSN", "Producten", "Opmerking"],
    ["100", "Jan de Vries", "persoon", MARKER, "Aangifte IB", f"BSN {MARKER} nagevraagd"],
    ["101", "Els de Vries", "persoon", SPACED, "Aangifte IB", ""],  # normalised: value shown
    ["102", "Piet Bakker", "persoon", MARKER, "Aangifte IB", ""],  # bsn.duplicate
]
CONTACTEN = [
    ["Contactnummer", "Voornaam", "Achternaam", "E-mail", "Relatienummers"],
    ["1", "Jan", "de Vries", "jan@voorbeeld.nl", "100"],
]


def texts(data: bytes) -> str:
    """Everything a file says: a zip's members unpacked (xlsx), else the bytes as text."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return data.decode("utf-8-sig", "replace")


def shows(text: str) -> bool:
    """Whether the marker is in a text, as typed in either row."""
    return MARKER in text or SPACED in text


@pytest.fixture
def uploads() -> dict[str, bytes]:
    """The marker office as a user uploads it."""
    return {
        "relaties.xlsx": workbook(("Relaties", RELATIES)),
        "contacten.csv": csv_bytes(CONTACTEN),
    }


@pytest.fixture
def no_temporary_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every temporary file made through `tempfile`, wherever it was imported into."""
    made: list[str] = []
    for module in list(sys.modules.values()):
        for name in TEMPFILE_MAKERS:
            original = getattr(module, name, None)
            if original is not None and original is getattr(tempfile, name):

                def record(*args: object, _original=original, _name=name, **kwargs: object):
                    made.append(_name)
                    return _original(*args, **kwargs)

                monkeypatch.setattr(module, name, record)
    yield made


def failing_score(cells: Sequence[str]) -> float:
    """A header callback that fails with the cells in its message."""
    raise ValueError(f"cannot score {list(cells)}")


def _new_files(before: set[Path]) -> list[Path]:
    """Files in the temporary folder that were not there before (pytest's own excluded)."""
    found = []
    for path in Path(tempfile.gettempdir()).iterdir():
        if path in before or path.name.startswith("pytest-of-") or not path.is_file():
            continue
        found.append(path)
    return found


def test_the_marker_reaches_no_log_message_or_masked_export(
    uploads: dict[str, bytes], caplog: pytest.LogCaptureFixture, no_temporary_files: list[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    before = set(Path(tempfile.gettempdir()).iterdir())
    report = dq.check(
        relaties=("relaties.xlsx", uploads["relaties.xlsx"]),
        contacten=("contacten.csv", uploads["contacten.csv"]),
    )
    assert {"bsn.duplicate", "bsn.normalised"} <= set(report.issues["code"])
    masked = {
        "json": json.dumps(report.to_dict(masked=True), ensure_ascii=False),
        "summary": report.summary(top=20),
        "issue table": report.issue_table().to_csv(),
        "fixlist.csv": texts(fixlist_csv(report)),
        "fixlist.xlsx": texts(fixlist_xlsx(report)),
        "report.html": texts(report_html(report, names=True)),
    }
    for what, text in masked.items():
        assert not shows(text), what
    full = {
        "json": json.dumps(report.to_dict(masked=False), ensure_ascii=False),
        "fixlist.xlsx": texts(fixlist_xlsx(report, masked=False)),
        "cleaned": texts(cleaned_files(report)["relaties_opgeschoond.xlsx"]),
    }
    assert all(shows(text) for text in full.values()), [w for w, t in full.items() if not shows(t)]

    errors = []
    for upload, options in [
        (("relaties.xlsx", uploads["relaties.xlsx"][:900]), {}),
        (("relaties.xlsx", uploads["relaties.xlsx"]), {"header_rows": {"relaties": 40}}),
        (("relaties.csv", csv_bytes(RELATIES[1:])), {"header_rows": {"relaties": 9}}),
    ]:
        with pytest.raises(LoadError) as caught:
            dq.check(relaties=upload, **options)
        errors.append(str(caught.value))
    with pytest.raises(LoadError) as caught:  # an unexpected failure, with the cells in it
        read_table(csv_bytes(RELATIES), "r.csv", header_score=failing_score)
    errors.append(str(caught.value))
    assert not any(map(shows, errors)), errors
    headerless = dq.check(relaties=("r.csv", csv_bytes(RELATIES[1:])))
    assert not shows(json.dumps(headerless.to_dict(masked=True), ensure_ascii=False))

    assert caplog.records, "the unexpected failure is logged, so the scan has something to read"
    assert not shows(caplog.text)
    assert not any(shows(str(r.args)) or shows(r.getMessage()) for r in caplog.records)
    assert no_temporary_files == []
    for path in _new_files(before):
        assert not shows(path.read_bytes().decode("utf-8", "replace")), path


def test_the_app_keeps_the_marker_off_screen_and_out_of_the_log(
    uploads: dict[str, bytes], caplog: pytest.LogCaptureFixture
) -> None:
    from ui import nav  # the app's pages, only needed here

    caplog.set_level(logging.DEBUG)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.file_uploader[0].set_value(("relaties.xlsx", uploads["relaties.xlsx"], "x")).run()
    at.file_uploader[1].set_value(("contacten.csv", uploads["contacten.csv"], "text/csv")).run()
    for page in nav.PAGES:
        at.switch_page(page.path).run()
        assert not at.exception
        kinds = ("markdown", "caption", "info", "warning", "error", "metric")
        shown = [str(e.value) for kind in kinds for e in at.get(kind)]
        shown += [t.value.to_csv() for t in [*at.dataframe, *at.table]]
        assert not shows("\n".join(shown)), page.path
    assert not shows(caplog.text)


def test_the_cli_at_debug_level_prints_the_marker_only_when_asked(
    uploads: dict[str, bytes], tmp_path: Path
) -> None:
    for name, data in uploads.items():
        (tmp_path / name).write_bytes(data)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    debug = "import logging, sys; logging.basicConfig(level=logging.DEBUG)\n"
    debug += "from dq.cli import main; sys.exit(main())"
    files = ["--relaties", "relaties.xlsx", "--contacten", "contacten.csv"]

    def cli(*options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", debug, "check", *files, *options],
            cwd=tmp_path,
            env={**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )

    masked = cli("--json", "--fixlist", "fix.xlsx", "--report", "rapport.html")
    assert masked.returncode == 1, masked.stderr
    assert "DEBUG" in masked.stderr or "Geschreven" in masked.stderr
    assert not shows(masked.stdout + masked.stderr)
    assert not shows(texts((tmp_path / "fix.xlsx").read_bytes()))
    assert not shows(texts((tmp_path / "rapport.html").read_bytes()))
    assert list(scratch.iterdir()) == []

    shown = cli("--json", "--toon-bsn")
    assert shows(shown.stdout)
    assert not shows(shown.stderr)
