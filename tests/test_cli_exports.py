"""The export options and commands of `dq`, run as a user would (python -m dq)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import fill_in
from tests.test_cli import dq


def demo_pair(demo_dir: Path) -> list[str]:
    """The options naming both demo files."""
    return [
        "--relaties",
        str(demo_dir / "relaties.xlsx"),
        "--contacten",
        str(demo_dir / "contacten.csv"),
    ]


@pytest.fixture(scope="module")
def exported(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One `dq check` of the demo pair that writes every export."""
    out = tmp_path_factory.mktemp("export")
    result = dq(
        "check",
        *demo_pair(demo_dir),
        "--fixlist",
        str(out / "fixlijst.xlsx"),
        "--cleaned",
        str(out / "schoon"),
        "--report",
        str(out / "rapport.html"),
    )
    assert result.returncode == 1 and result.stderr == ""
    return out, result.stdout


def test_check_writes_fixlist_cleaned_files_and_report(exported: tuple[Path, str]) -> None:
    out, stdout = exported
    written = sorted(
        line.removeprefix("Geschreven: ")
        for line in stdout.splitlines()
        if line.startswith("Geschreven: ")
    )
    expected = [
        out / "fixlijst.xlsx",
        out / "rapport.html",
        out / "schoon" / "contacten_opgeschoond.csv",
        out / "schoon" / "contacten_wijzigingen.csv",
        out / "schoon" / "relaties_opgeschoond.xlsx",
    ]
    assert written == sorted(map(str, expected))
    assert all(path.stat().st_size > 0 for path in expected)
    assert "Meest voorkomende problemen" in stdout


def test_fixlist_extension_picks_the_format_and_volledig_shows_bsn(
    demo_dir: Path, tmp_path: Path
) -> None:
    relaties = str(demo_dir / "relaties.xlsx")
    masked = dq("check", "--relaties", relaties, "--fixlist", str(tmp_path / "f.csv"))
    full = dq("check", "--relaties", relaties, "--fixlist", str(tmp_path / "v.csv"), "--volledig")
    assert masked.returncode == full.returncode == 1
    masked_text = (tmp_path / "f.csv").read_bytes().decode("utf-8-sig")
    full_text = (tmp_path / "v.csv").read_bytes().decode("utf-8-sig")
    assert masked_text.startswith("Bestand;Rij;")
    assert "*****5897" in masked_text and "053705897" not in masked_text
    assert "053705897" in full_text


def test_json_stays_clean_when_exporting(demo_dir: Path, tmp_path: Path) -> None:
    relaties = str(demo_dir / "relaties.xlsx")
    result = dq("check", "--relaties", relaties, "--json", "--report", str(tmp_path / "r.html"))
    assert result.stdout.lstrip().startswith("{") and "Geschreven" in result.stderr


@pytest.mark.parametrize(
    ("option", "name"), [("--fixlist", "fixlijst.pdf"), ("--report", "rapport.pdf")]
)
def test_wrong_extension_is_a_usage_error(
    demo_dir: Path, tmp_path: Path, option: str, name: str
) -> None:
    result = dq(
        "check", "--relaties", str(demo_dir / "relaties.xlsx"), option, str(tmp_path / name)
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Fout: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / name).exists()


def test_report_with_names(demo_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    dq("check", "--relaties", str(demo_dir / "relaties.xlsx"), "--report", str(path), "--namen")
    assert "Marieke Jansen" in path.read_text(encoding="utf-8")


def test_apply_a_completed_fixlist_to_cleaned_and_import_files(
    demo_dir: Path, exported: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = exported
    answers = {"rechtsvorm.unknown_value": "bv", "tijdvak_lh.not_allowed": "maand"}
    filled, numbers = fill_in((out / "fixlijst.xlsx").read_bytes(), answers)
    (tmp_path / "ingevuld.xlsx").write_bytes(filled)
    result = dq(
        "apply",
        *demo_pair(demo_dir),
        "--fixlist",
        str(tmp_path / "ingevuld.xlsx"),
        "--cleaned",
        str(tmp_path / "nieuw"),
        "--importbestand",
        str(tmp_path / "imp"),
    )
    assert result.returncode == 1, result.stderr
    assert "Toegepast: 2" in result.stdout and "Niet toegepast: 0" in result.stdout
    cleaned = load_workbook(tmp_path / "nieuw" / "relaties_opgeschoond.xlsx")
    assert "Correctie uit de ingevulde fixlijst." in [c.value for c in cleaned["Wijzigingen"]["H"]]
    assert sorted(p.name for p in (tmp_path / "imp").iterdir()) == [
        "contacten_importbestand.xlsx",
        "relaties_importbestand.xlsx",
    ]
    book = load_workbook(tmp_path / "imp" / "relaties_importbestand.xlsx")
    rows = list(book.worksheets[0].values)
    row = next(r for r in rows if r[0] == numbers["tijdvak_lh.not_allowed"])
    assert row[rows[0].index("Aangifte tijdvak LH")] == "maand"
    changes = list(book["Wijzigingen"].values)
    assert any(r[6] == "maand" and r[-1] == "Fixlijst" for r in changes[1:])


def test_apply_refuses_a_file_that_is_no_fixlist(demo_dir: Path, tmp_path: Path) -> None:
    not_a_fixlist = str(demo_dir / "contacten.csv")
    result = dq(
        "apply", *demo_pair(demo_dir), "--fixlist", not_a_fixlist, "--cleaned", str(tmp_path)
    )
    assert result.returncode == 2 and "geen fixlijst" in result.stderr


def test_template_writes_both_files_and_its_examples_pass(tmp_path: Path) -> None:
    result = dq("template", "--out", str(tmp_path / "leeg"))
    assert result.returncode == 0
    paths = sorted((tmp_path / "leeg").iterdir())
    assert [p.name for p in paths] == [
        "contacten_importvoorbeeld.xlsx",
        "relaties_importvoorbeeld.xlsx",
    ]
    check = dq(
        "check",
        "--relaties",
        str(paths[1]),
        "--contacten",
        str(paths[0]),
        "--sheet-relaties",
        "Voorbeeld",
        "--sheet-contacten",
        "Voorbeeld",
    )
    assert check.returncode == 0, check.stdout
    assert "Fouten: 0   Waarschuwingen: 0" in check.stdout
    assert load_workbook(io.BytesIO(paths[1].read_bytes())).sheetnames[0] == "Relaties"


def test_check_writes_import_files_in_the_template_layout(demo_dir: Path, tmp_path: Path) -> None:
    result = dq("check", *demo_pair(demo_dir), "--importbestand", str(tmp_path / "imp"))
    assert result.returncode == 1, result.stderr
    assert f"Geschreven: {tmp_path / 'imp' / 'relaties_importbestand.xlsx'}" in result.stdout
    names = sorted(p.name for p in (tmp_path / "imp").iterdir())
    assert names == ["contacten_importbestand.xlsx", "relaties_importbestand.xlsx"]
    dq("template", "--out", str(tmp_path / "leeg"))
    for kind in ("relaties", "contacten"):
        made = load_workbook(tmp_path / "imp" / f"{kind}_importbestand.xlsx").worksheets[0]
        template = load_workbook(tmp_path / "leeg" / f"{kind}_importvoorbeeld.xlsx").worksheets[0]
        assert [c.value for c in made[1]] == [c.value for c in template[1]]


def test_check_follows_an_offices_importvoorbeeldbestand(demo_dir: Path, tmp_path: Path) -> None:
    sample = tmp_path / "voorbeeld.csv"
    sample.write_bytes(b"Relatiecode;Naam;Sofinummer;Klantmanager\r\n")
    result = dq(
        "check",
        "--relaties",
        str(demo_dir / "relaties.xlsx"),
        "--importbestand",
        str(tmp_path / "imp"),
        "--importvoorbeeld-relaties",
        str(sample),
    )
    assert result.returncode == 1, result.stderr
    data = (tmp_path / "imp" / "relaties_importbestand.csv").read_bytes().decode("utf-8-sig")
    assert data.splitlines()[0] == "Relatiecode;Naam;Sofinummer;Klantmanager"
    assert data.splitlines()[1].startswith("100;Stichting Zwaluw;")
    uitleg = (tmp_path / "imp" / "relaties_importbestand_uitleg.csv").read_text("utf-8-sig")
    assert "Klantmanager;leeg;" in uitleg and "Accountmanager;weggelaten;" in uitleg


@pytest.mark.parametrize(
    "options",
    [
        ["check", "--importvoorbeeld-relaties", "x.csv"],  # an example without --importbestand
        ["apply", "--fixlist", "f.xlsx"],  # apply without any folder to write to
    ],
)
def test_import_options_used_wrongly_are_usage_errors(
    demo_dir: Path, tmp_path: Path, options: list[str]
) -> None:
    result = dq(*options, *demo_pair(demo_dir))
    assert result.returncode == 2
    assert result.stderr.startswith("Fout: ") and result.stderr.count("\n") == 1


def test_apply_refuses_a_fixlist_of_other_files(exported: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = exported
    dq("demo", "--out", str(tmp_path / "ander"), "--seed", "5")
    result = dq(
        "apply",
        "--relaties",
        str(tmp_path / "ander" / "relaties.xlsx"),
        "--fixlist",
        str(out / "fixlijst.xlsx"),
        "--cleaned",
        str(tmp_path / "nieuw"),
    )
    assert result.returncode == 2 and "hoort bij andere bestanden" in result.stderr
    assert not (tmp_path / "nieuw").exists()
