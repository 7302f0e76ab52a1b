"""The privacy probes through the command line: no full BSN, RSIN or e-mail address of the
probe office leaves in masked mode (fix list CSV and xlsx, JSON, summary, report), and the
outputs that carry full values by choice still hold them, so the scan would see a leak.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.corpus.privacy_probes import BSNS, EMAILS, FULL_WIDTH, leaks, write_probes
from tests.test_cli import dq
from tests.test_privacy_pipeline import texts

EVERYTHING = set(BSNS) | set(EMAILS)


@pytest.fixture(scope="module")
def probes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_probes(tmp_path_factory.mktemp("probes"))


def check(probes: dict[str, Path], out: Path, *options: str) -> tuple[str, str]:
    """`dq check` of the probe pair; stdout and stderr."""
    files = ["--relaties", str(probes["relaties"]), "--contacten", str(probes["contacten"])]
    result = dq("check", *files, *options, cwd=out)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout, result.stderr


def test_nothing_personal_leaves_in_masked_mode(probes: dict[str, Path], tmp_path: Path) -> None:
    exports = ["--fixlist", "fix.csv", "--report", "rapport.html", "--namen"]
    stdout, stderr = check(probes, tmp_path, "--json", *exports)
    check(probes, tmp_path, "--cleaned", "schoon")  # its file names follow the upload's
    check(probes, tmp_path, "--fixlist", "fix.xlsx", "--top", "40")
    summary, _ = check(probes, tmp_path, "--top", "40")
    shown = json.loads(stdout)
    assert "relatienummer.is_bsn" in {i["code"] for i in shown["issues"]}
    masked = {
        "json": stdout,
        "stderr": stderr,
        "summary": summary,
        "fix.csv": texts((tmp_path / "fix.csv").read_bytes()),
        "fix.xlsx": texts((tmp_path / "fix.xlsx").read_bytes()),
        "rapport.html": texts((tmp_path / "rapport.html").read_bytes()),
    }
    assert {what: leaks(text) for what, text in masked.items() if leaks(text)} == {}
    # the masked outputs still show what is wrong and where
    assert "*****2345 (5 cijfers)" in masked["fix.csv"]  # the short BSN keeps its shape
    assert shown["files"]["relaties"]["name"] == "Jansen_BSN_*****2333.csv"
    cleaned = texts((tmp_path / "schoon" / "Jansen_BSN_111222333_opgeschoond.csv").read_bytes())
    assert "\r\n104;Henk Dijk;" in cleaned and ";'+31 6 12345678;" in cleaned  # inert for Excel
    # the cleaned files are the import files: full values by choice, seen by the scan
    everything = "".join(texts(p.read_bytes()) for p in (tmp_path / "schoon").iterdir())
    assert leaks(everything) >= EVERYTHING - {"kop.adres@kolom.nl", "geheim.persoon@prive.nl"}
    assert FULL_WIDTH in everything


def test_full_values_are_an_explicit_choice(probes: dict[str, Path], tmp_path: Path) -> None:
    stdout, _ = check(probes, tmp_path, "--json", "--toon-bsn", "--fixlist", "fix.xlsx",
                      "--volledig")  # fmt: skip
    assert leaks(stdout) >= {"111222333", "888999008", "geheim.persoon@prive.nl"}
    assert "111222333" in leaks(texts((tmp_path / "fix.xlsx").read_bytes()))
