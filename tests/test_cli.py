"""The dq command end to end: exit codes, Dutch errors, JSON contract, masking, demo counts."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dq.cli import GC_EVERY, build_parser, main


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


def demo_json(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    """Exit code and JSON of `dq check --json` on the demo pair."""
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
    return code, json.loads(capsys.readouterr().out)


def test_json_contract(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = demo_json(demo_dir, capsys)
    assert code == 1 and data["ready"] is False
    assert set(data) == {
        "readiness",
        "ready",
        "counts",
        "files",
        "fields",
        "products",
        "issues",
        "accepted",
    }
    assert data["accepted"] == []  # nothing accepted on the command line
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


#: Every finding on the default demo pair (seed 2026, 300 relaties); each deliberate mistake of
#: `dq.demo.office.MISTAKE_RATES` shows up with its exact count.
DEMO_COUNTS = {
    "achternaam.missing": 1,
    "bestand.unmapped_column": 2,
    "bsn.duplicate": 2,
    "bsn.float_suffix_removed": 2,
    "bsn.invalid_checksum": 3,
    "bsn.leading_zero_restored": 2,
    "bsn.normalised": 16,
    "bsn.scientific_notation": 1,
    "bsn.test_number": 1,
    "btw_nummer.invalid_checksum": 1,
    "btw_nummer.invalid_suffix": 1,
    "btw_nummer.missing": 2,
    "btw_nummer.normalised": 28,
    "contactnummer.duplicate": 2,
    "email.duplicate": 2,
    "email.invalid_format": 1,
    "email.normalised": 1,
    "iban.normalised": 85,
    "kvk_nummer.leading_zero_restored": 1,
    "loonheffingsnummer.fiscal_number_mismatch": 1,
    "loonheffingsnummer.missing": 1,
    "postcode.invalid_format": 1,
    "postcode.normalised": 30,
    "producten.ib_on_vpb_entity": 1,
    "producten.missing": 1,
    "producten.unknown_value": 1,
    "producten.vpb_transparent": 1,
    "rechtsvorm.missing": 1,
    "rechtsvorm.normalised": 59,
    "rechtsvorm.unknown_value": 1,
    "relatienummer.duplicate": 2,
    "relatienummer.no_contact": 3,
    "relatienummer.parent_missing": 1,
    "relatienummers.missing": 1,
    "relatienummers.unknown_relatie": 1,
    "rsin.invalid_checksum": 1,
    "rsin.missing": 1,
    "rsin.not_applicable": 1,
    "telefoon.invalid_length": 1,
    "tijdvak_btw.jaar_not_allowed": 1,
    "tijdvak_btw.normalised": 20,
    "tijdvak_icp.normalised": 1,
    "tijdvak_lh.normalised": 19,
    "tijdvak_lh.not_allowed": 1,
    "type.normalised": 58,
}


def test_demo_pair_exact_counts_per_code(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = demo_json(demo_dir, capsys)
    assert code == 1
    assert dict(Counter(i["code"] for i in data["issues"])) == DEMO_COUNTS
    assert data["counts"] == {"error": 29, "warning": 14, "info": 321}
    assert data["readiness"] == 94.5


#: argparse's English that must never reach a user (help, usage and error lines).
ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message",
    "the following arguments",
    "unrecognized arguments",
    "invalid choice",
    "expected one argument",
    "error:",
)


def _every_command() -> list[list[str]]:
    """Each command and sub-command of `dq`, as argv prefixes (`[]` is dq itself)."""
    found: list[list[str]] = [[]]
    for prefix in found:  # grows while it is walked: sub-commands are added as they are found
        parser = build_parser()
        for name in prefix:
            parser = _subparsers(parser)[name]
        found += [[*prefix, name] for name in _subparsers(parser)]
    return found


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


@pytest.mark.parametrize("command", _every_command(), ids=lambda c: " ".join(["dq", *c]))
def test_help_is_dutch_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*command, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("gebruik: dq") and "toon deze hulp en stop" in text
    assert "opties:" in text
    for english in ENGLISH:
        assert english not in text, (command, english)


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        ((), "verplichte optie ontbreekt: OPDRACHT"),
        (("history",), "verplichte optie ontbreekt: ACTIE"),
        (("apply", "--relaties", "x.csv"), "verplichte optie ontbreekt: --fixlist"),
        (("check", "--top"), "--top: deze optie heeft een waarde nodig"),
        (("check", "--top", "drie"), "--top: 'drie' is geen geheel getal"),
        (("verzin",), "onbekende opdracht: 'verzin' (kies uit"),
        (("check", "--onzin"), "onbekende optie: --onzin"),
    ],
)
def test_argparse_errors_are_dutch(
    args: tuple[str, ...], dutch: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: Ongeldige opdracht: ") and dutch in err, err
    for english in ENGLISH:
        assert english not in err


def test_argparse_stays_english_outside_dq() -> None:
    """The Dutch words are swapped in only while dq's own parser runs."""
    build_parser().parse_args(["codes"])
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: x")


def test_codes_lists_dutch_and_the_developer_page_behind_markdown() -> None:
    dutch, markdown = dq("codes"), dq("codes", "--markdown")
    assert dutch.returncode == markdown.returncode == 0
    assert "Alle controles en hun meldingen" in dutch.stdout
    assert "bsn.invalid_checksum" in dutch.stdout and "BSN bestaat niet" in dutch.stdout
    assert "# Checks and issue codes" not in dutch.stdout and "|" not in dutch.stdout
    assert markdown.stdout.startswith("# Checks and issue codes")


@pytest.mark.parametrize(
    "content",
    [
        b"Dit is geen spreadsheet maar een notitie.\n",
        b"Beste Anna,\n\nHierbij de gegevens van het kantoor.\nMet vriendelijke groet,\nPiet\n",
        b"2026-12-01 10:00:01 INFO start\n2026-12-01 10:00:02 INFO klaar\n",
    ],
    ids=["notitie", "brief", "logboek"],
)
@pytest.mark.parametrize("name", ["relaties.txt", "relaties.csv"])
def test_a_text_without_columns_is_a_file_error(tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = dq("check", "--relaties", str(path), "--json")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("Fout: Dit bestand is platte tekst zonder kolommen")
    assert "Verwacht wordt een tabel" in line and "Traceback" not in line
    assert json.loads(result.stdout) == {
        "readiness": None,
        "ready": False,
        "error": line.removeprefix("Fout: "),
    }


def test_a_csv_saved_as_txt_is_read(tmp_path: Path) -> None:
    """A real table in a .txt file (Excel's 'Tekst (tab-gescheiden)') is legitimate."""
    path = tmp_path / "relaties.txt"
    path.write_text("Relatienummer\tNaam\tType\n100\tJansen\tpersoon\n", encoding="utf-8")
    result = dq("check", "--relaties", str(path), "--json")
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["files"]["relaties"]["rows"] == 1


def test_a_header_without_rows_has_no_readiness(tmp_path: Path) -> None:
    """Nothing to divide by: readiness is null, and nothing to import is not ready."""
    path = tmp_path / "relaties.csv"
    path.write_text("Relatienummer;Naam;Type\n", encoding="utf-8")
    result = dq("check", "--relaties", str(path), "--json")
    document = json.loads(result.stdout)
    assert (document["readiness"], document["ready"], result.returncode) == (None, False, 1)
    assert "Gereedheid: – " in dq("check", "--relaties", str(path)).stdout


def test_the_command_collects_cycles_rarely_and_passes_its_exit_code_on() -> None:
    """`dq` owns its process: the cycle collector waits for `GC_EVERY` new objects (a check
    of a 100k pair then runs none), and `run` leaves with the command's exit code."""
    code = (
        "import gc, dq.cli\ndq.cli.main = lambda: print(gc.get_threshold()[0]) or 3\ndq.cli.run()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert int(done.stdout) == GC_EVERY > 100 * 700
