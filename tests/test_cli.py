"""The dq command end to end: exit codes, Dutch errors, JSON contract, masking, demo counts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dq.cli import main


def dq(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m dq` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "dq", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_check_on_demo_prints_dutch_summary_and_exits_1(demo_dir: Path) -> None:
    result = dq(
        "check",
        "--relaties",
        str(demo_dir / "relaties.xlsx"),
        "--contacten",
        str(demo_dir / "contacten.csv"),
    )
    assert result.returncode == 1
    assert "Gereedheid:" in result.stdout and "NIET KLAAR voor import" in result.stdout
    assert "Per product" in result.stdout
    assert result.stderr == ""


def test_json_contract(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "check",
            "--relaties",
            str(demo_dir / "relaties.xlsx"),
            "--contacten",
            str(demo_dir / "contacten.csv"),
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["ready"] is False
    assert set(data) == {"readiness", "ready", "counts", "files", "fields", "products", "issues"}
    assert 0 <= data["readiness"] <= 100
    rel = data["files"]["relaties"]
    assert rel["header_row"] == 3 and rel["rows"] == 300 and rel["sheet"] == "Relaties"
    assert (
        rel["mapping"]["relatienummer"] == "Relatienr."
        and "Accountmanager" in rel["unmapped_columns"]
    )
    assert set(data["fields"]["relaties"]["bsn"]) >= {
        "required",
        "filled",
        "valid",
        "completeness_pct",
        "validity_pct",
    }
    issue = data["issues"][0]
    assert set(issue) == {
        "file",
        "row",
        "key",
        "field",
        "code",
        "severity",
        "message",
        "value",
        "suggestion",
    }
    assert sum(data["counts"].values()) == len(data["issues"])


def test_bsn_masked_unless_asked(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "--relaties", str(demo_dir / "relaties.xlsx"), "--json"]
    main(args)
    masked = [
        i
        for i in json.loads(capsys.readouterr().out)["issues"]
        if i["field"] == "bsn" and i["value"]
    ]
    main([*args, "--toon-bsn"])
    full = [
        i
        for i in json.loads(capsys.readouterr().out)["issues"]
        if i["field"] == "bsn" and i["value"]
    ]
    assert masked and all(i["value"].startswith("*****") for i in masked)
    assert any(not i["value"].startswith("*") for i in full)


def test_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "relaties.csv"
    path.write_text(
        "Relatienummer;Naam;Soort;BSN;Producten\n5000;Jan Jansen;persoon;111222333;Aangifte IB\n",
        encoding="utf-8",
    )
    result = dq("check", "--relaties", str(path))
    assert result.returncode == 0, result.stdout
    assert "KLAAR voor import" in result.stdout and "NIET" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Ongeldige opdracht"),
        (("check",), "Geef --relaties en/of --contacten op."),
        (("check", "--relaties", "bestaat-niet.xlsx"), "bestaat niet"),
        (("check", "--relaties", "x.csv", "--onzin"), "onbekende optie"),
        (("check", "--relaties", "x.csv", "--map", "bsn=BSN"), "--map verwacht"),
        (("check", "--relaties", "x.csv", "--header-relaties", "drie"), "geen geheel getal"),
        (("verzin",), "onbekende opdracht"),
    ],
)
def test_wrong_commands_exit_2_with_one_dutch_line(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "x.csv").write_text("Relatienummer;Naam\n1;A\n", encoding="utf-8")
    result = dq(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "relaties.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    result = dq("check", "--relaties", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith("Fout: ") and "PDF" in result.stderr


def test_mapping_file_and_map_option_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "relaties.csv"
    path.write_text("Nr;Omschrijving;Sofi\n5000;Jan Jansen;111222333\n", encoding="utf-8")
    mapping = tmp_path / "koppeling.json"
    mapping.write_text(json.dumps({"relaties": {"naam": "Omschrijving"}}), encoding="utf-8")
    main(
        [
            "check",
            "--relaties",
            str(path),
            "--mapping",
            str(mapping),
            "--map",
            "relaties.bsn=Sofi",
            "--json",
        ]
    )
    files = json.loads(capsys.readouterr().out)["files"]["relaties"]
    assert files["mapping"] == {"relatienummer": "Nr", "naam": "Omschrijving", "bsn": "Sofi"}


def test_catalogue_file_extends_products(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "relaties.csv"
    path.write_text(
        "Relatienummer;Naam;Soort;BSN;Producten\n5000;Jan;persoon;111222333;IB, DB\n",
        encoding="utf-8",
    )
    catalogue = tmp_path / "kantoor.toml"
    catalogue.write_text(
        '[[product]]\nnaam = "Aangifte dividendbelasting"\naliassen = ["DB"]\n', encoding="utf-8"
    )
    assert main(["check", "--relaties", str(path), "--json"]) == 0
    before = [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]]
    main(["check", "--relaties", str(path), "--catalogus", str(catalogue), "--json"])
    after = [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]]
    assert "producten.unknown_value" in before and "producten.unknown_value" not in after


def test_demo_command_writes_the_pair(tmp_path: Path) -> None:
    result = dq("demo", "--out", str(tmp_path / "voorbeeld"), "--relaties", "120")
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "voorbeeld").iterdir()) == [
        "contacten.csv",
        "relaties.xlsx",
    ]


def test_codes_command_prints_the_catalogue() -> None:
    result = dq("codes")
    assert result.returncode == 0 and "`bsn.invalid_checksum`" in result.stdout


def demo_code_counts(demo_dir: Path) -> Counter[str]:
    """Issue counts per code of the default demo pair."""
    import dq as api

    report = api.check(demo_dir / "relaties.xlsx", demo_dir / "contacten.csv")
    return Counter(report.issues["code"])
