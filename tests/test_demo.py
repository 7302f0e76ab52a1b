"""The demo office: deterministic, realistic, and messy in exactly the intended ways.

Every deliberate mistake is counted here with independent checks (python-stdnum, regexes), so a
checker run on the demo files can be compared against MISTAKE_RATES.
"""

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn
from stdnum.nl import btw as std_btw
from stdnum.nl import postcode as std_postcode

from dq.demo.office import (
    CONTACTEN_HEADERS,
    MISTAKE_RATES,
    RELATIES_HEADERS,
    demo_files,
    demo_frames,
    write_demo,
)

N = 300
RECHTSVORM = {
    "B.V.": "bv",
    "BV": "bv",
    "Besloten vennootschap": "bv",
    "VOF": "vof",
    "v.o.f.": "vof",
    "Eenmanszaak": "emz",
    "EMZ": "emz",
    "Maatschap": "maatschap",
    "Stichting": "stichting",
    "Vereniging": "vereniging",
    "Holding": "?",
    "": "",
}
TIJDVAK = {
    "": "geen",
    "maand": "maand",
    "mnd": "maand",
    "per maand": "maand",
    "m": "maand",
    "kwartaal": "kwartaal",
    "k": "kwartaal",
    "per kwartaal": "kwartaal",
    "jaar": "jaar",
    "4 weken": "vier weken",
    "vier weken": "vier weken",
}
CATALOGUE = {
    "Aangifte IB",
    "Aangifte VPB",
    "Aangifte BTW",
    "Opgaaf ICP",
    "Jaarrekening",
    "Administratie",
    "Loonadministratie",
}


def expected(name: str, n: int = N) -> int:
    """The documented count: max(1, round(rate * n)) for n >= 300."""
    return max(1, round(MISTAKE_RATES[name] * n))


def compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


def elfproef(digits: str) -> bool:
    return len(digits) == 9 and digits.isdigit() and std_bsn.is_valid(digits)


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    return demo_frames(N)


@pytest.fixture(scope="module")
def rel(frames: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    """Relaties plus normalised helper columns."""
    r = frames[0].copy()
    r["persoon"] = r["Soort relatie"].str.lower().isin(["persoon", "natuurlijk persoon"])
    r["rv"] = r["Rechtsvorm"].map(RECHTSVORM)
    r["products"] = r["Producten"].map(lambda s: {p.strip() for p in s.split(",") if p.strip()})
    for column, key in (("Aangifte tijdvak BTW", "t_btw"), ("Tijdvak LH", "t_lh")):
        r[key] = r[column].str.lower().map(TIJDVAK)
    r["t_icp"] = r["Tijdvak ICP"].str.lower().map(TIJDVAK)
    return r


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return demo_files(N)


def test_headers_exact(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    relaties, contacten = frames
    assert RELATIES_HEADERS == [
        "Relatienr.", "Naam", "Soort relatie", "Rechtsvorm", "BSN", "RSIN", "KvK-nummer",
        "Btw-nummer", "Loonheffingennummer", "Aangifte tijdvak BTW", "Tijdvak LH",
        "Tijdvak ICP", "Producten", "Postcode", "Plaats", "IBAN", "Accountmanager",
    ]  # fmt: skip
    assert CONTACTEN_HEADERS == [
        "Contactnr", "Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Telefoon",
        "Gekoppelde relaties", "Functie",
    ]  # fmt: skip
    assert list(relaties.columns) == RELATIES_HEADERS
    assert list(contacten.columns) == CONTACTEN_HEADERS


def test_every_cell_is_text(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    for frame in frames:
        assert frame.map(lambda v: isinstance(v, str)).all().all()


def test_deterministic(frames: tuple[pd.DataFrame, pd.DataFrame], files: dict[str, bytes]) -> None:
    again = demo_frames(N)
    pd.testing.assert_frame_equal(again[0], frames[0])
    pd.testing.assert_frame_equal(again[1], frames[1])
    assert demo_files(N) == files  # the xlsx too: openpyxl's save time is pinned


def test_other_seed_other_office(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    relaties, contacten = demo_frames(N, seed=7)
    assert not relaties.equals(frames[0])
    assert not contacten["E-mailadres"].equals(frames[1]["E-mailadres"])


@pytest.mark.parametrize("n", [1, 7, 60, 299, 1000])
def test_size_is_exact(n: int) -> None:
    relaties, contacten = demo_frames(n)
    assert len(relaties) == n
    assert len(contacten) >= 1


def test_structure(rel: pd.DataFrame, frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    org = rel[~rel["persoon"]]
    assert set(org["rv"]) >= {"bv", "vof", "maatschap", "emz", "stichting", "vereniging"}
    assert 0.3 < rel["persoon"].mean() < 0.8
    children = rel[rel["Relatienr."].str.contains(".", regex=False)]
    assert children["persoon"].all()
    standalone = rel[rel["persoon"] & ~rel["Relatienr."].str.contains(".", regex=False)]
    assert len(standalone) > 50 and standalone["Relatienr."].astype(int).between(5000, 5999).all()
    assert org["Relatienr."].iloc[0] == "100"
    assert (rel.loc[rel["persoon"], ["KvK-nummer", "Rechtsvorm"]] == "").all().all()
    assert (org["BSN"] == "").all()
    assert (org["Accountmanager"] != "").all()
    assert frames[0]["Rechtsvorm"].isin(RECHTSVORM).all()


def test_relatienummers(rel: pd.DataFrame) -> None:
    numbers = rel["Relatienr."]
    assert numbers.duplicated().sum() == expected("duplicate_relatienummer")
    children = numbers[numbers.str.contains(".", regex=False)]
    parents = children.str.split(".").str[0]
    assert (~parents.isin(set(numbers))).sum() == expected("child_without_parent")
    known = parents[parents.isin(set(numbers))]
    assert (~rel.set_index("Relatienr.").loc[known.unique(), "persoon"]).all()


def test_bsn_mistakes(rel: pd.DataFrame) -> None:
    bsn = rel.loc[rel["persoon"], "BSN"]
    assert (bsn != "").all()
    floats = bsn[bsn.str.fullmatch(r"\d{9}\.0")].str[:9]
    scientific = bsn[bsn.str.fullmatch(r"\d\.\d{5}E\+08")]
    eight = bsn[bsn.str.fullmatch(r"\d{8}")]
    nine = bsn[bsn.str.fullmatch(r"\d{9}|\d{4}\.\d{2}\.\d{3}")].str.replace(".", "")
    assert len(floats) + len(scientific) + len(eight) + len(nine) == len(bsn)
    assert len(floats) == expected("bsn_float_text")
    assert len(scientific) == expected("bsn_scientific")
    assert len(eight) == expected("bsn_lost_leading_zero")
    assert ("0" + eight).map(elfproef).all()
    assert floats.map(elfproef).all()
    assert (~nine.map(elfproef)).sum() == expected("bsn_fails_11test")
    assert nine.str.startswith("9999").sum() == expected("bsn_test_number")
    assert nine[nine.str.startswith("9999")].map(elfproef).all()
    every = pd.concat([nine, "0" + eight, floats])
    assert every.duplicated().sum() == expected("duplicate_bsn")
    assert bsn.str.contains(".", regex=False).sum() > len(floats)  # 1112.22.333 style occurs


def test_rsin_mistakes(rel: pd.DataFrame) -> None:
    assert (rel.loc[rel["persoon"], "RSIN"] != "").sum() == expected("persoon_with_rsin")
    org = rel[~rel["persoon"]]
    assert (org.loc[org["rv"] == "emz", "RSIN"] == "").all()
    with_rsin = org[org["rv"] != "emz"]
    missing = with_rsin[with_rsin["RSIN"] == ""]
    assert len(missing) == expected("bv_without_rsin")
    assert (missing["rv"] == "bv").all()
    present = with_rsin.loc[with_rsin["RSIN"] != "", "RSIN"]
    assert (~present.map(elfproef)).sum() == expected("rsin_fails_11test")
    assert not present.duplicated().any()
    assert not set(present) & set(rel["BSN"])


def test_rechtsvorm_mistakes(rel: pd.DataFrame) -> None:
    org = rel[~rel["persoon"]]
    assert (org["rv"] == "").sum() == expected("organisatie_without_rechtsvorm")
    assert (org["Rechtsvorm"] == "Holding").sum() == expected("unknown_rechtsvorm")


def test_btw(rel: pd.DataFrame) -> None:
    has_product = rel["products"].map(lambda p: "Aangifte BTW" in p)
    has_number = rel["Btw-nummer"] != ""
    assert (has_product & ~has_number).sum() == expected("btw_product_without_btw_nummer")
    assert not (has_number & ~has_product).any()
    number = rel.loc[has_number, "Btw-nummer"].map(compact)
    assert number.str.fullmatch(r"(NL)?\d{9}B\d\d").all()
    assert (number.str[-2:] == "00").sum() == expected("btw_suffix_b00")
    invalid = ~number.map(std_btw.is_valid) & (number.str[-2:] != "00")
    assert invalid.sum() == expected("btw_bad_checksum")
    digits = number.str.replace("NL", "").str[:9]
    emz = rel.loc[has_number, "rv"] == "emz"
    assert (emz & ~digits.map(elfproef) & number.map(std_btw.is_valid)).sum() >= 1  # mod 97
    # rule 8: an 11-test btw-nummer of an organisatie carries its RSIN
    rsin = rel.loc[has_number, "RSIN"]
    same_kind = ~emz & digits.map(elfproef) & rsin.map(elfproef)
    assert (digits[same_kind] == rsin[same_kind]).all()
    raw = rel.loc[has_number, "Btw-nummer"]
    assert raw.str.contains(" ").any() and raw.str.startswith("nl").any()


def test_loonheffingsnummer(rel: pd.DataFrame) -> None:
    has_product = rel["products"].map(lambda p: "Loonadministratie" in p)
    has_number = rel["Loonheffingennummer"] != ""
    missing = (has_product & ~has_number).sum()
    assert missing == expected("loonadministratie_without_lh_nummer")
    assert not (has_number & ~has_product).any()
    lh = rel.loc[has_number, "Loonheffingennummer"]
    assert lh.str.fullmatch(r"\d{9}L(0[1-9]|[1-9]\d)").all()
    assert lh.str[:9].map(elfproef).all()
    rsin = rel.loc[has_number, "RSIN"]
    comparable = rsin.map(elfproef)
    differs = (lh.str[:9] != rsin)[comparable].sum()
    assert differs == expected("lh_nummer_differs_from_rsin")


def test_tijdvakken(rel: pd.DataFrame) -> None:
    assert rel[["t_btw", "t_lh", "t_icp"]].notna().all().all()
    has_btw = rel["products"].map(lambda p: "Aangifte BTW" in p)
    assert ((rel["t_btw"] != "geen") == has_btw).all()
    jaar = rel[rel["t_btw"] == "jaar"]
    assert (jaar["rv"] == "bv").sum() == expected("tijdvak_btw_jaar_on_bv")
    assert jaar["rv"].isin(["bv", "vof", "maatschap", "emz", ""]).all()
    assert (rel["t_lh"] == "kwartaal").sum() == expected("tijdvak_lh_kwartaal")
    assert set(rel["t_lh"]) <= {"geen", "maand", "vier weken", "kwartaal"}
    icp = rel[rel["t_icp"] != "geen"]
    assert len(icp) > expected("icp_without_btw_nummer")
    assert (icp["Btw-nummer"] == "").sum() == expected("icp_without_btw_nummer")


def test_products(rel: pd.DataFrame) -> None:
    products = rel["products"]
    assert set().union(*products) == CATALOGUE | {"Subsidieaanvraag"}
    assert products.map(lambda p: "Subsidieaanvraag" in p).sum() == expected("unknown_product")
    assert (products.map(len) == 0).sum() == expected("no_products")
    emz_vpb = (rel["rv"] == "emz") & products.map(lambda p: "Aangifte VPB" in p)
    assert emz_vpb.sum() == expected("vpb_on_eenmanszaak")
    bv = rel["rv"] == "bv"
    assert (bv & products.map(lambda p: "Aangifte IB" in p)).sum() == expected("ib_on_bv")
    persons = products[rel["persoon"] & (products.map(len) > 0)]
    assert (persons == {"Aangifte IB"}).all()


def test_kvk(rel: pd.DataFrame) -> None:
    kvk = rel.loc[~rel["persoon"], "KvK-nummer"]
    assert kvk.str.fullmatch(r"\d{7,8}").all()
    assert (kvk.str.len() == 7).sum() == expected("kvk_7_digits")
    assert kvk.str.startswith("0").any()
    assert not kvk.duplicated().any()


def test_postcode_and_iban(rel: pd.DataFrame) -> None:
    postcode = rel["Postcode"]
    assert postcode.str.fullmatch(r"\d{4}[a-z]{2}").sum() == expected("postcode_lowercase")
    valid = postcode.map(lambda p: re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", p.upper()) is not None)
    valid &= ~postcode.str.upper().str[-2:].isin(["SA", "SD", "SS"])
    assert (~valid).sum() == expected("postcode_invalid")
    assert postcode[valid].map(std_postcode.is_valid).all()
    assert rel["Plaats"].ne("").all()
    iban = rel.loc[rel["IBAN"] != "", "IBAN"]
    assert iban.map(std_iban.is_valid).all()
    assert iban.map(compact).str.fullmatch(r"NL\d\d[A-Z]{4}\d{10}").all()


def test_contacten(rel: pd.DataFrame, frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    c = frames[1]
    email = c["E-mailadres"]
    assert not email.duplicated().any()
    assert email.str.lower().duplicated().sum() == expected("email_duplicate_case")
    invalid = ~email.str.fullmatch(r"[A-Za-z0-9.]+@[a-z0-9.]+\.nl")
    assert invalid.sum() == expected("email_invalid")
    assert email[invalid].str.endswith("@").all()

    links = c["Gekoppelde relaties"].str.split(r"\s*[,;]\s*")
    numbers = set(rel["Relatienr."])
    unknown = links.map(lambda ls: any(x and x not in numbers for x in ls))
    assert unknown.sum() == expected("contact_unknown_relatie")
    assert (c["Gekoppelde relaties"] == "").sum() == expected("contact_without_relatie")
    linked = set().union(*links.map(set))
    assert len(numbers - linked) == expected("relatie_without_contact")
    child = links.map(lambda ls: len(ls) == 1 and "." in ls[0] and ls[0].split(".")[0] in numbers)
    assert not child.any()  # a child with an existing parent is linked to the parent too
    assert links.map(len).eq(2).sum() > 50

    assert c["Contactnr"].duplicated().sum() == expected("duplicate_contactnummer")
    assert (c["Contactnr"].isin(numbers)).mean() > 0.5
    assert (c["Achternaam"] == "").sum() == expected("empty_achternaam")
    phone = c.loc[c["Telefoon"] != "", "Telefoon"].str.replace(r"\D", "", regex=True)
    national = phone.str.replace(r"^31", "0", regex=True)
    assert (national.str.len() != 10).sum() == expected("phone_too_short")
    assert national.str.startswith("06").mean() > 0.4
    assert c["Telefoon"].str.contains("-").any() and c["Telefoon"].str.startswith("+31").any()


def test_xlsx(frames: tuple[pd.DataFrame, pd.DataFrame], files: dict[str, bytes]) -> None:
    wb = load_workbook(io.BytesIO(files["relaties.xlsx"]), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "Relatieoverzicht Administratiekantoor De Voorbeeldgroep"
    assert all(v is None for v in rows[1])
    assert list(rows[2]) == RELATIES_HEADERS
    body = pd.DataFrame(rows[3:], columns=RELATIES_HEADERS, dtype=object)
    as_number = body.map(lambda v: isinstance(v, int))
    assert as_number["BSN"].any() and as_number["KvK-nummer"].any()
    assert as_number.drop(columns=["BSN", "KvK-nummer"]).sum().sum() == 0
    eight = frames[0]["BSN"].str.fullmatch(r"\d{8}")
    assert as_number.loc[eight, "BSN"].all()  # the lost leading zero is Excel's doing
    text = body.map(lambda v: "" if v is None else str(v))
    pd.testing.assert_frame_equal(text, frames[0], check_dtype=False)


def test_csv(frames: tuple[pd.DataFrame, pd.DataFrame], files: dict[str, bytes]) -> None:
    raw = files["contacten.csv"]
    text = raw.decode("cp1252")
    assert text.split("\r\n")[0] == ";".join(CONTACTEN_HEADERS)
    assert "\n" not in text.replace("\r\n", "")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # Dutch Excel: é in René is one cp1252 byte
    back = pd.read_csv(io.BytesIO(raw), sep=";", encoding="cp1252", dtype=str, na_filter=False)
    pd.testing.assert_frame_equal(back, frames[1], check_dtype=False)


def test_write_demo(tmp_path) -> None:
    paths = write_demo(tmp_path / "voorbeeld", n_relaties=50, seed=3)
    assert [p.name for p in paths] == ["relaties.xlsx", "contacten.csv"]
    assert [p.read_bytes() for p in paths] == list(demo_files(50, seed=3).values())


def test_scales_to_100k() -> None:
    relaties, contacten = demo_frames(100_000)
    assert len(relaties) == 100_000 and len(contacten) > 50_000
    duplicates = relaties["Relatienr."].duplicated().sum()
    assert duplicates == expected("duplicate_relatienummer", 100_000)
    assert contacten["E-mailadres"].str.lower().duplicated().sum() == expected(
        "email_duplicate_case", 100_000
    )
