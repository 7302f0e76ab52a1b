"""`dq check` on an old package's export: recognised and said, chosen with --bron, or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from package_exports import package_pair

from dq.cli import main


@pytest.fixture(scope="module")
def exact(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    _template, export = package_pair("exact", n=80)
    folder = tmp_path_factory.mktemp("exact")
    paths = folder / "accounts.csv", folder / "contacts.csv"
    for path, frame in zip(paths, (export["relaties"], export["contacten"]), strict=True):
        frame.to_csv(path, index=False, sep=";")
    return paths


def test_the_package_is_recognised_and_its_quirks_said(
    exact: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--relaties", str(exact[0]), "--contacten", str(exact[1])])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert lines[1] == "  Herkend: export uit Exact Online."
    assert "vult nummers met spaties aan tot 18 tekens" in out
    assert "hadden meer dan één E-mailadres" in out


def test_json_names_the_package_and_how_each_column_was_matched(
    exact: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", "--relaties", str(exact[0]), "--json"])
    relaties = json.loads(capsys.readouterr().out)["files"]["relaties"]
    assert relaties["source"] == "Exact Online"
    assert relaties["mapping"]["kvk_nummer"] == "ChamberOfCommerce"
    assert relaties["method"]["kvk_nummer"] == "bron"
    assert relaties["method"]["tijdvak_lh"] == "woorden"  # "Frequentie loonbelasting"


def test_bron_geen_treats_the_file_as_our_template(
    exact: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", "--relaties", str(exact[0]), "--bron", "geen", "--json"])
    relaties = json.loads(capsys.readouterr().out)["files"]["relaties"]
    assert relaties["source"] is None
    assert "Code" in relaties["unmapped_columns"]  # "Code" alone names no field of ours


def test_bron_chooses_a_package_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Code;Name;Soort\n        100;Jan Jansen;persoon\n", encoding="utf-8")
    main(["check", "--relaties", str(path), "--bron", "exact", "--json"])
    relaties = json.loads(capsys.readouterr().out)["files"]["relaties"]
    assert relaties["mapping"]["relatienummer"] == "Code"
    assert relaties["source"] == "Exact Online"


def test_unknown_bron_is_one_dutch_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Relatienummer;Naam\n1;A\n", encoding="utf-8")
    assert main(["check", "--relaties", str(path), "--bron", "sap"]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == "Fout: Onbekende --bron 'sap'. Kies uit: auto, geen, afas, exact, twinfield, "
        "simplicate, fiscaalgemak."
    )
