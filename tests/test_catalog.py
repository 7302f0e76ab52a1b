"""Vocabularies (type, rechtsvorm, tijdvakken, producten) and the office catalogue file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dq.spec.catalog import TIJDVAK_BTW, TIJDVAK_LH, TYPES, Catalog, load_catalog, split_list


def classify(vocabulary, *values: str) -> list[tuple]:
    result = vocabulary.classify(pd.Series(values, dtype="str"))
    return [tuple(None if pd.isna(v) else v for v in row) for row in result.itertuples(index=False)]


@pytest.mark.parametrize(
    ("spelling", "normal", "reason"),
    [
        ("maand", "maand", None),
        ("Maand", "maand", None),
        ("mnd", "maand", "normalised"),
        ("per maand", "maand", "normalised"),
        ("K", "kwartaal", "normalised"),
        ("Q", "kwartaal", "normalised"),
        ("jaarlijks", "jaar", "normalised"),
        ("n.v.t.", "geen", "normalised"),
        ("-", "geen", "normalised"),
        ("nee", "geen", "normalised"),
        ("tweemaandelijks", None, "unknown_value"),
    ],
)
def test_tijdvak_btw_spellings(spelling: str, normal: str | None, reason: str | None) -> None:
    assert classify(TIJDVAK_BTW, spelling)[0][:2] == (normal, reason)


@pytest.mark.parametrize(
    ("spelling", "normal", "reason"),
    [
        ("4-wekelijks", "vier weken", "normalised"),
        ("vierweken", "vier weken", None),  # only spacing differs
        ("Halfjaar", "halfjaar", "rare_value"),
        ("jaar", "jaar", "rare_value"),
        ("kwartaal", None, "not_allowed"),
        ("K", None, "not_allowed"),
    ],
)
def test_tijdvak_lh_rare_and_forbidden(
    spelling: str, normal: str | None, reason: str | None
) -> None:
    assert classify(TIJDVAK_LH, spelling)[0][:2] == (normal, reason)


def test_types_and_rechtsvormen() -> None:
    assert classify(TYPES, "Natuurlijk persoon", "ORGANISATIE", "klant") == [
        ("persoon", "normalised", "persoon"),
        ("organisatie", None, None),
        (None, "unknown_value", None),
    ]
    rechtsvorm = Catalog().rechtsvorm_vocabulary
    assert [r[0] for r in classify(rechtsvorm, "B.V.", "v.o.f.", "Coöperatie U.A.", "EMZ")] == [
        "Besloten vennootschap",
        "Vennootschap onder firma",
        "Coöperatie",
        "Eenmanszaak",
    ]


def test_product_lists_split_on_the_usual_separators() -> None:
    items = split_list(pd.Series(["BTW, IB; Jaarrekening", "VPB en BTW", "Loonadministratie/ICP"]))
    assert items.groupby(level=0).agg(list).tolist() == [
        ["BTW", "IB", "Jaarrekening"],
        ["VPB", "BTW"],
        ["Loonadministratie", "ICP"],
    ]


def test_catalogue_file_adds_products_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "kantoor.toml"
    path.write_text(
        '[[product]]\nnaam = "Aangifte dividendbelasting"\naliassen = ["DB"]\n\n'
        '[aliassen]\n"Aangifte BTW" = ["omzet"]\n"Besloten vennootschap" = ["bv io"]\n',
        encoding="utf-8",
    )
    catalog = load_catalog(path)
    products = catalog.product_vocabulary
    assert products.lookup("db").value == "Aangifte dividendbelasting"
    assert products.lookup("Omzet").value == "Aangifte BTW"
    assert catalog.rechtsvorm_vocabulary.lookup("BV IO").value == "Besloten vennootschap"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[product]\n", "kon niet worden gelezen"),
        ("[[product]]\naliassen = ['x']\n", "naam"),
        ("[aliassen]\n'Bestaat niet' = ['x']\n", "geen bekend product"),
    ],
)
def test_bad_catalogue_files_get_dutch_messages(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "kantoor.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_catalog(path)
