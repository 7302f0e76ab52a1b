"""The wrong file in the wrong place, a workbook with both sheets, and Contacten made from
the contact columns of a Relaties export."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import table

import dq
from dq.checks.filekind import contact_sheet, derive_contacten, looks_like
from dq.checks.mapping import auto_map
from dq.cli import main
from dq.demo.office import demo_frames

RELATIES, CONTACTEN = demo_frames(60, seed=3)


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, sep=";").encode("utf-8")


@pytest.mark.parametrize(
    ("frame", "slot", "expected"),
    [(CONTACTEN, "relaties", "contacten"), (RELATIES, "contacten", "relaties")],
)
def test_a_file_in_the_wrong_slot_is_recognised(frame, slot, expected) -> None:
    assert looks_like(list(frame.columns), slot) == expected
    assert looks_like(list(frame.columns), expected) is None
    report = dq.check(**{slot: ("bestand.csv", _csv(frame))})
    notes = report.files[slot].mapping.notes
    assert any(f"lijkt een {expected[:-1]}" in n for n in notes), notes


def test_the_contact_sheet_of_a_workbook_is_found_by_name() -> None:
    assert contact_sheet(["Relaties", "Keuzelijsten", "Contactpersonen"], "Relaties") == (
        "Contactpersonen"
    )
    assert contact_sheet(["Relaties", "Blad2"], "Relaties") is None


def _with_contact_columns() -> pd.DataFrame:
    """The demo's Relaties with the contact person of each relatie in the same row, as a
    package exports it: organisations and their DGA share one address."""
    contacts = CONTACTEN.assign(
        relatie=CONTACTEN["Gekoppelde relaties"].str.split(r"\s*[,;]\s*", regex=True)
    ).explode("relatie")
    first = contacts.drop_duplicates("relatie").set_index("relatie")
    numbers = RELATIES["Relatienr."].str.strip()
    return RELATIES.assign(
        Contactpersoon=numbers.map(first["Voornaam"] + " " + first["Achternaam"]).fillna(""),
        **{"E-mail": numbers.map(first["E-mailadres"]).fillna("")},
        Telefoon=numbers.map(first["Telefoon"]).fillna(""),
    )


def test_contacten_are_made_one_per_address_and_linked() -> None:
    relaties = _with_contact_columns()
    loaded = table(relaties.to_dict("records"), name="export.xlsx")
    made = derive_contacten(loaded, auto_map(loaded.columns, "relaties"))
    frame = made.frame
    addresses = relaties["E-mail"].str.strip().str.lower()
    assert len(frame) == addresses[addresses.ne("")].nunique()
    assert frame["E-mailadres"].str.lower().is_unique
    assert list(frame.columns) == [
        "Contactnummer",
        "Contactpersoon",
        "Telefoon",
        "E-mailadres",
        "Gekoppelde relaties",
    ]
    # Every relatie with an address is linked to exactly the contact with that address.
    links = frame.assign(r=frame["Gekoppelde relaties"].str.split(", ")).explode("r")
    with_address = relaties[addresses.ne("")]
    assert sorted(links["r"]) == sorted(with_address["Relatienr."].str.strip())
    assert (frame["Contactnummer"] == frame["Gekoppelde relaties"].str.split(", ").str[0]).all()
    assert made.filename == "contacten_uit_export.csv"


def test_check_with_contacten_made_from_relaties() -> None:
    relaties = _with_contact_columns()
    report = dq.check(relaties=("export.csv", _csv(relaties)), contacten_from_relaties=True)
    assert set(report.files) == {"relaties", "contacten"}
    mapping = report.files["contacten"].mapping.columns
    assert mapping["volledige_naam"] == "Contactpersoon" and mapping["email"] == "E-mailadres"
    codes = set(report.issues["code"])
    assert "relatienummers.unknown_relatie" not in codes
    without = relaties["E-mail"].str.strip().eq("")
    no_contact = report.issues[report.issues["code"] == "relatienummer.no_contact"]
    assert len(no_contact) <= int(without.sum())
    with pytest.raises(ValueError, match="alleen met een relatiebestand"):
        dq.check(contacten=("c.csv", _csv(CONTACTEN)), contacten_from_relaties=True)


def test_cli_makes_the_contacten(tmp_path, capsys) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(_csv(_with_contact_columns()))
    main(["check", "--relaties", str(path), "--contacten-uit-relaties"])
    out = capsys.readouterr().out
    assert "Contacten: contacten_uit_export.csv" in out
    assert "Gemaakt uit de contactkolommen van export.csv" in out
