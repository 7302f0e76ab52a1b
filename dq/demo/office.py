"""A deterministic, realistic and messy demo office (Relaties + Contacten) for Mijn Kantoor.

Used by the app's "Probeer met voorbeelddata", `dq demo`, the tests and the benchmark. All data
is synthetic: names come from small word lists in `dq.demo.names`; BSN, RSIN, btw- and
loonheffingsnummers are generated to pass their checks, except the deliberate mistakes below.
Generation is vectorised over numpy arrays so 100k relaties take seconds.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from dq.demo import names
from dq.validators.elfproef import check_digits, passes_numbers

__all__ = [
    "CONTACTEN_HEADERS",
    "MISTAKE_RATES",
    "RELATIES_HEADERS",
    "demo_files",
    "demo_frames",
    "write_demo",
]

# Share of relaties that get each deliberate mistake. Count = max(1, round(rate * n_relaties))
# for n_relaties >= 300, round(rate * n_relaties) below that, and fewer when too few rows
# qualify. "duplicate_*" count pairs. Each mistake gets rows of its own (no overlaps) so a
# checker's findings can be counted exactly.
MISTAKE_RATES: dict[str, float] = {
    # Relaties
    "bsn_fails_11test": 0.01,
    "bsn_lost_leading_zero": 0.005,  # 8 digits
    "bsn_float_text": 0.005,  # "123456782.0"
    "bsn_scientific": 0.001,  # "1.23457E+08"
    "bsn_test_number": 0.001,  # starts with 9999, passes the 11-test
    "duplicate_bsn": 0.001,  # the same BSN on two persoon relaties
    "persoon_with_rsin": 0.001,
    "bv_without_rsin": 0.001,
    "rsin_fails_11test": 0.001,
    "duplicate_relatienummer": 0.001,
    "child_without_parent": 0.001,  # "P.1" while P does not exist
    "organisatie_without_rechtsvorm": 0.001,
    "unknown_rechtsvorm": 0.001,  # "Holding"
    "btw_product_without_btw_nummer": 0.002,
    "btw_suffix_b00": 0.001,
    "btw_bad_checksum": 0.002,
    "tijdvak_btw_jaar_on_bv": 0.001,
    "tijdvak_lh_kwartaal": 0.001,
    "icp_without_btw_nummer": 0.001,
    "loonadministratie_without_lh_nummer": 0.001,
    "lh_nummer_differs_from_rsin": 0.001,
    "vpb_on_eenmanszaak": 0.001,
    "ib_on_bv": 0.001,
    "no_products": 0.003,
    "unknown_product": 0.002,  # "Subsidieaanvraag"
    "kvk_7_digits": 0.002,  # leading zero lost
    "postcode_lowercase": 0.005,  # "1234ab": harmless
    "postcode_invalid": 0.002,
    # Contacten
    "relatie_without_contact": 0.01,
    "email_duplicate_case": 0.001,
    "email_invalid": 0.001,  # "jan.devries@"
    "contact_unknown_relatie": 0.001,
    "contact_without_relatie": 0.001,
    "duplicate_contactnummer": 0.001,
    "empty_achternaam": 0.001,
    "phone_too_short": 0.001,
}

RELATIES_HEADERS: list[str] = [
    "Relatienr.", "Naam", "Soort relatie", "Rechtsvorm", "BSN", "RSIN", "KvK-nummer",
    "Btw-nummer", "Loonheffingennummer", "Aangifte tijdvak BTW", "Tijdvak LH", "Tijdvak ICP",
    "Producten", "Postcode", "Plaats", "IBAN", "Accountmanager",
]  # fmt: skip
CONTACTEN_HEADERS: list[str] = [
    "Contactnr", "Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Telefoon",
    "Gekoppelde relaties", "Functie",
]  # fmt: skip

_XLSX_TITLE = "Relatieoverzicht Administratiekantoor De Voorbeeldgroep"

# Kinds of relatie; rechtsvorm codes reuse the organisation kinds.
BV, VOF, MTS, EMZ, STI, VER, PERSOON = range(7)
RV_NONE, RV_HOLDING = 7, 8
_RSIN_KINDS = [BV, VOF, MTS, STI, VER]
_ORG_SHARE = np.array([0.55, 0.10, 0.04, 0.19, 0.07, 0.05])  # BV VOF MTS EMZ STI VER
_ORG_ROWS = np.array([2, 3.5, 3.5, 2, 1, 1])  # the organisation plus its expected children
_STANDALONE_SHARE = 0.35  # IB clients with their own relatienummer

_PRODUCTS = [
    "Aangifte IB", "Aangifte VPB", "Aangifte BTW", "Opgaaf ICP", "Jaarrekening",
    "Administratie", "Loonadministratie", "Subsidieaanvraag",
]  # fmt: skip
IB, VPB, BTW, ICP, JR, ADM, LOON, SUBSIDIE = (1 << i for i in range(len(_PRODUCTS)))
_PRODUCT_TEXT = np.array(
    [", ".join(p for i, p in enumerate(_PRODUCTS) if m >> i & 1) for m in range(256)], object
)

GEEN, MAAND, KWARTAAL, JAAR, VIER_WEKEN = range(5)

# code -> (office spellings, probabilities)
_Spellings = dict[int, tuple[list[str], list[float]]]
_TIJDVAK: _Spellings = {
    MAAND: (["Maand", "maand", "mnd", "per maand", "M"], [0.4, 0.2, 0.2, 0.1, 0.1]),
    KWARTAAL: (["Kwartaal", "kwartaal", "K", "per kwartaal"], [0.5, 0.25, 0.15, 0.1]),
    JAAR: (["Jaar", "jaar"], [0.6, 0.4]),
    VIER_WEKEN: (["4 weken", "vier weken", "Vier weken"], [0.5, 0.3, 0.2]),
}
_RECHTSVORM: _Spellings = {
    BV: (["B.V.", "BV", "Besloten vennootschap"], [0.5, 0.35, 0.15]),
    VOF: (["VOF", "v.o.f."], [0.7, 0.3]),
    MTS: (["Maatschap"], [1.0]),
    EMZ: (["Eenmanszaak", "EMZ"], [0.7, 0.3]),
    STI: (["Stichting"], [1.0]),
    VER: (["Vereniging"], [1.0]),
    RV_HOLDING: (["Holding"], [1.0]),
}
_FUNCTIE: _Spellings = {
    BV: (["DGA", "Directeur", "Directeur-grootaandeelhouder"], [0.4, 0.4, 0.2]),
    VOF: (["Vennoot"], [1.0]),
    MTS: (["Maat", "Partner"], [0.5, 0.5]),
    EMZ: (["Eigenaar"], [1.0]),
}

_PLACES8 = 10 ** np.arange(8, 0, -1)


def _ascii(text: str) -> str:
    """Lower-case ASCII for e-mail addresses and domains (René -> rene, in 't Veld -> intveld)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


_FIRST = np.array(names.FIRST_NAMES, object)
_FIRST_MAIL = np.array([_ascii(f) for f in names.FIRST_NAMES], object)
_TV = np.array([tv for tv, _ in names.SURNAMES], object)
_SUR = np.array([s for _, s in names.SURNAMES], object)
_SUR_FULL = np.array([f"{tv} {s}".strip() for tv, s in names.SURNAMES], object)
_SUR_CAP = np.array([f"{tv[:1].upper()}{tv[1:]} {s}".strip() for tv, s in names.SURNAMES], object)
_SUR_MAIL = np.array([_ascii(tv + s) for tv, s in names.SURNAMES], object)


def _text(values: np.ndarray) -> np.ndarray:
    """Numbers or strings as an object array of Python str (the frames' cell type)."""
    return np.asarray(values).astype(str).astype(object)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded digit strings (leading zeros matter for BSN, KvK and IBAN check digits)."""
    return pd.Series(np.asarray(values).astype(str)).str.zfill(width).to_numpy(object)


def _fmt9(numbers: np.ndarray) -> np.ndarray:
    return _digits(numbers, 9)


def _ints(texts: np.ndarray) -> np.ndarray:
    return texts.astype(str).astype(np.int64)


def _starts(texts: np.ndarray, prefix: str) -> np.ndarray:
    return np.char.startswith(texts.astype(str), prefix)


def _pick_words(rng: np.random.Generator, words: list[str], size: int) -> np.ndarray:
    return np.array(words, object)[rng.integers(len(words), size=size)]


def _spell(rng: np.random.Generator, codes: np.ndarray, table: _Spellings) -> np.ndarray:
    """Render codes the way different office employees type them ('' for unknown codes)."""
    out = np.full(codes.size, "", object)
    for code, (words, p) in table.items():
        rows = np.flatnonzero(codes == code)
        out[rows] = rng.choice(np.array(words, object), size=rows.size, p=p)
    return out


def _elfproef(
    rng: np.random.Generator,
    k: int,
    exclude: np.ndarray,
    lead: tuple[str, ...] = (),
    lead_p: tuple[float, ...] | None = None,
) -> np.ndarray:
    """k distinct 9-digit numbers passing the 11-test, none in `exclude`; 9999 only via lead."""
    found = np.empty(0, np.int64)
    while found.size < k:
        m = 2 * (k - found.size) + 16
        digits = rng.integers(0, 10, (m, 8))
        if lead:
            which = rng.choice(len(lead), size=m, p=lead_p)
            for i, prefix in enumerate(lead):
                digits[np.ix_(which == i, np.arange(len(prefix)))] = [int(c) for c in prefix]
        check = check_digits(digits)  # a check digit of 10 is dropped
        num = digits @ _PLACES8 + check
        ok = (check < 10) & (num > 0) & ~np.isin(num, exclude) & ~np.isin(num, found)
        if not any(p.startswith("9999") for p in lead):
            ok &= num // 100_000 != 9999
        _, first = np.unique(num[ok], return_index=True)
        found = np.concatenate([found, num[ok][np.sort(first)]])
    return found[:k]


def _mod97_state(numbers: np.ndarray) -> np.ndarray:
    """ISO 7064 mod 97-10 remainder of 'NL' + number + 'B' (N=23, L=21, B=11), before the suffix."""
    return ((2321 * 10**9 + numbers) % 97 * 100 + 11) % 97


def _break_check(numbers: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Change the check digit by 1..9, which always fails the 11-test."""
    last = numbers % 10
    return numbers - last + (last + rng.integers(1, 10, numbers.size)) % 10


@dataclass
class _Office:
    rel: dict[str, np.ndarray]
    org_end: int  # last organisation number; org_end + 1 onwards is free for orphans
    contact_start: int  # contacts without a relatienummer of their own number from here
    unknown_start: int  # relatienummers that do not exist, for the contact mistake
    taken: np.ndarray  # every 9-digit number in use, so fresh ones never collide

    def fresh(self, rng: np.random.Generator, k: int, lead: tuple[str, ...] = ()) -> np.ndarray:
        found = _elfproef(rng, k, self.taken, lead)
        self.taken = np.concatenate([self.taken, found])
        return found


def _mistake_count(name: str, n_relaties: int) -> int:
    k = round(MISTAKE_RATES[name] * n_relaties)
    return max(1, k) if n_relaties >= 300 else k


class _Picker:
    """Chooses the rows for each deliberate mistake, never the same row twice."""

    def __init__(self, rng: np.random.Generator, n_relaties: int, used: np.ndarray) -> None:
        self.rng, self.n, self.used = rng, n_relaties, used

    def __call__(self, name: str, eligible: np.ndarray, per: int = 1) -> np.ndarray:
        k = _mistake_count(name, self.n)
        candidates = np.flatnonzero(eligible & ~self.used)
        rows = self.rng.choice(candidates, min(k * per, candidates.size // per * per), False)
        self.used[rows] = True
        return rows


def _plan(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Kinds of the organisations and their number of persoon children; IB clients fill up n."""
    n_org = int(n * (1 - _STANDALONE_SHARE) / (_ORG_SHARE @ _ORG_ROWS))
    counts = np.floor(_ORG_SHARE * n_org).astype(int)
    counts[BV] += n_org - counts.sum()
    kinds = rng.permutation(np.repeat(np.arange(6), counts))
    partners = rng.integers(2, 4, kinds.size)
    n_child = np.select([np.isin(kinds, [BV, EMZ]), np.isin(kinds, [VOF, MTS])], [1, partners], 0)
    fits = np.cumsum(1 + n_child) <= n
    return kinds[fits], n_child[fits]


def _btw_id_digits(rng: np.random.Generator, k: int, exclude: np.ndarray) -> np.ndarray:
    """k distinct 9-digit numbers failing the 11-test: the btw-id is clearly the mod-97 kind."""
    found = np.empty(0, np.int64)
    while found.size < k:
        num = rng.integers(1, 10**9, 2 * (k - found.size) + 16)
        num = num[~passes_numbers(num) & ~np.isin(num, exclude) & ~np.isin(num, found)]
        _, first = np.unique(num, return_index=True)
        found = np.concatenate([found, num[np.sort(first)]])
    return found[:k]


def _org_names(
    rng: np.random.Generator,
    kind: np.ndarray,
    owner: np.ndarray,
    partner: np.ndarray,
    plaats: np.ndarray,
) -> np.ndarray:
    """Trade names per rechtsvorm; partnerships and eenmanszaken carry their owners' surnames."""
    n = kind.size
    stem = _pick_words(rng, names.COMPANY_STEMS, n)
    sector = _pick_words(rng, names.SECTORS, n)
    a, b = _SUR_CAP[owner], _SUR_CAP[partner]
    same = owner == partner
    style = rng.random(n)
    bv = np.select([style < 0.5, style < 0.8], [stem + " " + sector, a + " " + sector], a)
    bv = np.where(style >= 0.8, bv + " Holding", bv)
    vof = np.where(same, "Gebr. " + a, a + " & " + b)
    trade = _pick_words(rng, names.PARTNERSHIP_TRADES, n) + " " + a
    return np.select(
        [kind == BV, kind == VOF, kind == MTS, kind == EMZ, kind == STI, kind == VER],
        [
            bv + " B.V.",
            np.where(style < 0.6, vof + " V.O.F.", "V.O.F. " + stem + " " + sector),
            np.where(same, trade, trade + " & " + b),
            np.where(style < 0.5, sector + " " + a, a + " " + sector),
            np.where(style < 0.6, "Stichting " + stem, "Stichting Vrienden van " + plaats),
            _pick_words(rng, names.CLUB_KINDS, n) + " " + stem,
        ],
        "",
    )


def _person_names(rng: np.random.Generator, first: np.ndarray, sur: np.ndarray) -> np.ndarray:
    """'Jan de Vries', 'Vries, J. de' or 'J. de Vries', as different employees type them."""
    initial = np.array([f[0] + "." for f in names.FIRST_NAMES], object)[first]
    particle = np.where(_TV[sur] != "", " " + _TV[sur], "")
    style = rng.random(first.size)
    return np.select(
        [style < 0.55, style < 0.85],
        [_FIRST[first] + " " + _SUR_FULL[sur], _SUR[sur] + ", " + initial + particle],
        initial + " " + _SUR_FULL[sur],
    )


def _addresses(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Postcode ('1234 AB', never SA/SD/SS) inside a plausible range for the plaats."""
    town = rng.integers(len(names.TOWNS), size=n)
    low = np.array([t[1] for t in names.TOWNS])[town]
    high = np.array([t[2] for t in names.TOWNS])[town]
    number = low + (rng.random(n) * (high - low + 1)).astype(np.int64)
    letters = np.array(list("ABCEGHJKLMNPRSTVWXZ"), object)
    first, second = letters[rng.integers(letters.size, size=(2, n))]
    second = np.where((first == "S") & np.isin(second, ["A", "D", "S"]), "T", second)
    plaats = np.array([t[0] for t in names.TOWNS], object)[town]
    return _text(number) + " " + first + second, plaats


def _ibans(rng: np.random.Generator, n: int) -> np.ndarray:
    """Valid NL IBANs: check digits from mod 97 over bank code + account + 'NL00'."""
    bank = rng.integers(len(names.BANK_CODES), size=n)
    account = rng.integers(0, 10**10, size=n)
    bank_value = np.array([int("".join(str(ord(c) - 55) for c in b)) for b in names.BANK_CODES])
    rest = ((bank_value[bank] % 97 * 10**10 + account) % 97 * 10**6 + 232100) % 97  # N=23 L=21
    codes = np.array(names.BANK_CODES, object)[bank]
    return "NL" + _digits(98 - rest, 2) + codes + _digits(account, 10)


def _build(n: int, rng: np.random.Generator) -> _Office:
    """The office without mistakes: organisations with their persoon children, then IB clients."""
    kinds, n_child = _plan(n, rng)
    size = 1 + n_child
    n_grouped = int(size.sum())
    head = np.concatenate([np.repeat(np.cumsum(size) - size, size), np.arange(n_grouped, n)])
    minor = np.arange(n) - head  # 0 for organisations and IB clients, k for child P.k
    group_kind = np.concatenate([np.repeat(kinds, size), np.full(n - n_grouped, PERSOON)])
    kind = np.where(minor == 0, group_kind, PERSOON)
    person, org = kind == PERSOON, kind != PERSOON
    org_start = 100 if kinds.size <= 899 else 10 ** len(str(kinds.size))
    scale = 10 ** len(str(max(org_start + kinds.size - 1, 999)))
    major = np.concatenate(
        [org_start + np.repeat(np.arange(kinds.size), size), 5 * scale + np.arange(n - n_grouped)]
    )

    first = rng.integers(len(_FIRST), size=n)
    sur = rng.integers(len(_SUR), size=n)
    family = (minor >= 2) & (rng.random(n) < 0.4)  # partners often share a surname
    sur[family] = sur[head[family] + 1]
    owner_row = np.minimum(head + 1, n - 1)
    postcode, plaats = _addresses(rng, n)
    name = np.where(
        person,
        _person_names(rng, first, sur),
        _org_names(rng, kind, sur[owner_row], sur[np.minimum(head + 2, n - 1)], plaats),
    )
    company = np.full(n, "", object)
    company[org] = (
        pd.Series(name[org])
        .str.lower()
        .str.replace(r"b\.v\.|v\.o\.f\.|^stichting ", "", regex=True)
        .str.replace(r"[^a-z0-9]", "", regex=True)
        + ".nl"
    ).to_numpy(object)

    bsn, rsin, kvk, btw, lh = (np.full(n, "", object) for _ in range(5))
    bsn_num = _elfproef(rng, int(person.sum()), np.empty(0, np.int64))
    bsn[person] = _fmt9(bsn_num)
    has_rsin = np.isin(kind, _RSIN_KINDS)
    rsin_num = _elfproef(rng, int(has_rsin.sum()), bsn_num, ("8", "0"), (0.8, 0.2))
    rsin[has_rsin] = _fmt9(rsin_num)
    zero = rng.random(n) < 0.1  # older registrations start with 0 (and Excel may drop it)
    for rows, low in ((org & zero, 1_000_000), (org & ~zero, 10_000_000)):
        kvk[rows] = _digits(low + rng.choice(9 * low, int(rows.sum()), replace=False), 8)

    draw = rng.random((7, n))
    base = np.select(
        [kind == BV, np.isin(kind, [VOF, EMZ]), kind == MTS, org],
        [VPB | BTW | JR, BTW | JR, JR | np.where(draw[0] < 0.6, BTW, 0), JR],
        IB,
    )
    base |= np.where(np.isin(kind, [STI, VER]) & (draw[0] < 0.35), BTW, 0)
    loon_p = np.select([kind == BV, kind == EMZ, org], [0.6, 0.1, 0.3], 0.0)
    adm_p = np.select([kind == EMZ, org], [0.5, 0.35], 0.0)
    prod = base | np.where(draw[1] < loon_p, LOON, 0) | np.where(draw[2] < adm_p, ADM, 0)
    has_btw, has_loon = (prod & BTW) > 0, (prod & LOON) > 0
    traders = np.flatnonzero(has_btw)  # a few trade within the EU: ICP
    n_icp = max(1, round(0.08 * traders.size)) if traders.size else 0
    prod[rng.choice(traders, n_icp, replace=False)] |= ICP
    year_ok = np.isin(kind, [VOF, MTS, EMZ]) & (draw[3] < 0.05)
    tv_btw = np.where(has_btw, np.select([year_ok, draw[3] < 0.2], [JAAR, MAAND], KWARTAAL), GEEN)
    tv_lh = np.where(has_loon, np.where(draw[4] < 0.25, VIER_WEKEN, MAAND), GEEN)
    tv_icp = np.where((prod & ICP) > 0, np.where(draw[5] < 0.25, MAAND, KWARTAAL), GEEN)

    rows = np.flatnonzero(has_rsin & has_btw)
    btw[rows] = "NL" + rsin[rows] + "B01"
    rows = np.flatnonzero((kind == EMZ) & has_btw)
    btw[rows] = "NL" + bsn[rows + 1] + "B01"  # omzetbelastingnummer of the owner
    rows = rows[draw[6][rows] < 0.7]  # most eenmanszaken use their btw-id since 2020
    id_num = _btw_id_digits(rng, rows.size, np.concatenate([bsn_num, rsin_num]))
    suffix = (1 - _mod97_state(id_num) * 100) % 97
    btw[rows] = "NL" + _fmt9(id_num) + "B" + _digits(np.where(suffix == 0, 97, suffix), 2)
    rows = np.flatnonzero(has_rsin & has_loon)
    lh[rows] = rsin[rows] + "L01"
    rows = np.flatnonzero((kind == EMZ) & has_loon)
    lh[rows] = bsn[rows + 1] + "L01"

    rel = {
        "major": major,
        "minor": minor,
        "kind": kind,
        "group_kind": group_kind,
        "rv": np.where(person, RV_NONE, kind),
        "name": name,
        "bsn": bsn,
        "rsin": rsin,
        "kvk": kvk,
        "btw": btw,
        "lh": lh,
        "tv_btw": tv_btw,
        "tv_lh": tv_lh,
        "tv_icp": tv_icp,
        "prod": prod,
        "postcode": postcode,
        "plaats": plaats,
        "iban": np.where(rng.random(n) < np.where(person, 0.15, 0.03), "", _ibans(rng, n)),
        "am": _pick_words(rng, names.ACCOUNT_MANAGERS, n)[head],
        "first": first,
        "sur": sur,
        "company": company[head],
        "own_contactnr": rng.random(n) < 0.85,
        "standalone": person & (minor == 0),
        "used": np.zeros(n, bool),
    }
    taken = np.concatenate([bsn_num, rsin_num, id_num])
    return _Office(rel, org_start + kinds.size - 1, 8 * scale, 6 * scale, taken)


def _relatie_mistakes(office: _Office, rng: np.random.Generator, n: int) -> None:
    """Plant the deliberate Relaties mistakes of MISTAKE_RATES, each on rows of its own."""
    r = office.rel
    pick = _Picker(rng, n, r["used"])
    kind, prod, bsn, rsin, btw = r["kind"], r["prod"], r["bsn"], r["rsin"], r["btw"]
    person, org, bv = kind == PERSOON, kind != PERSOON, kind == BV
    with_rsin = np.isin(kind, _RSIN_KINDS)
    # The eenmanszaak owner's BSN is also in its btw- and loonheffingsnummer: leave it alone.
    free_bsn = person & (r["group_kind"] != EMZ)
    has_btw, has_loon = (prod & BTW) > 0, (prod & LOON) > 0

    rows = pick("bsn_fails_11test", free_bsn)
    bsn[rows] = _fmt9(_break_check(_ints(bsn[rows]), rng))
    rows = pick("bsn_lost_leading_zero", free_bsn & _starts(bsn, "0") & ~_starts(bsn, "00"))
    bsn[rows] = _text(_ints(bsn[rows]))
    rows = pick("bsn_float_text", free_bsn & ~_starts(bsn, "0"))
    bsn[rows] = bsn[rows] + ".0"
    rows = pick("bsn_scientific", free_bsn & ~_starts(bsn, "0"))
    bsn[rows] = np.char.mod("%.5E", _ints(bsn[rows]).astype(float)).astype(object)
    rows = pick("bsn_test_number", free_bsn)
    bsn[rows] = _fmt9(office.fresh(rng, rows.size, ("9999",)))
    rows = pick("duplicate_bsn", free_bsn, per=2)
    bsn[rows[rows.size // 2 :]] = bsn[rows[: rows.size // 2]]
    rows = pick("persoon_with_rsin", person)
    rsin[rows] = _fmt9(office.fresh(rng, rows.size, ("8",)))
    rows = pick("bv_without_rsin", bv)
    rsin[rows] = ""
    rows = pick("rsin_fails_11test", with_rsin)
    rsin[rows] = _fmt9(_break_check(_ints(rsin[rows]), rng))

    rows = pick("duplicate_relatienummer", r["standalone"], per=2)
    copy, original = rows[rows.size // 2 :], rows[: rows.size // 2]
    r["major"][copy] = r["major"][original]
    r["own_contactnr"][copy] = False  # the copy's contact gets a contactnummer of its own
    rows = pick("child_without_parent", r["standalone"])
    r["major"][rows] = office.org_end + 1 + np.arange(rows.size)
    r["minor"][rows] = 1
    rows = pick("organisatie_without_rechtsvorm", with_rsin)
    r["rv"][rows] = RV_NONE
    rows = pick("unknown_rechtsvorm", bv)
    r["rv"][rows] = RV_HOLDING

    rows = pick("btw_product_without_btw_nummer", has_btw & ((prod & ICP) == 0))
    btw[rows] = ""
    rows = pick("btw_suffix_b00", btw != "")
    btw[rows] = pd.Series(btw[rows]).str[:-2].to_numpy(object) + "00"
    rows = pick("btw_bad_checksum", with_rsin & (btw != ""))
    digits = _ints(rsin[rows])
    broken = _break_check(digits, rng)
    while (lucky := (_mod97_state(broken) * 100 + 1) % 97 == 1).any():  # would pass mod 97
        broken[lucky] = _break_check(digits[lucky], rng)
    btw[rows] = "NL" + _fmt9(broken) + "B01"
    rows = pick("tijdvak_btw_jaar_on_bv", bv & has_btw)
    r["tv_btw"][rows] = JAAR
    rows = pick("tijdvak_lh_kwartaal", has_loon)
    r["tv_lh"][rows] = KWARTAAL
    rows = pick("icp_without_btw_nummer", np.isin(kind, [STI, VER]))
    prod[rows] &= ~(BTW | ICP)
    btw[rows] = ""
    r["tv_btw"][rows] = GEEN
    r["tv_icp"][rows] = KWARTAAL
    rows = pick("loonadministratie_without_lh_nummer", has_loon)
    r["lh"][rows] = ""
    rows = pick("lh_nummer_differs_from_rsin", has_loon & with_rsin)
    r["lh"][rows] = _fmt9(office.fresh(rng, rows.size, ("8",))) + "L01"

    rows = pick("vpb_on_eenmanszaak", kind == EMZ)
    prod[rows] |= VPB
    rows = pick("ib_on_bv", bv)
    prod[rows] |= IB
    rows = pick("no_products", person)
    prod[rows] = 0
    rows = pick("unknown_product", org)
    prod[rows] |= SUBSIDIE
    rows = pick("kvk_7_digits", org & _starts(r["kvk"], "0"))
    r["kvk"][rows] = _text(_ints(r["kvk"][rows]))

    pc = r["postcode"]
    rows = pick("postcode_lowercase", np.ones(n, bool))
    pc[rows] = pd.Series(pc[rows]).str.replace(" ", "").str.lower().to_numpy(object)
    rows = pick("postcode_invalid", np.ones(n, bool))
    s = pd.Series(pc[rows])
    bad = ["0" + s.str[1:], s.str[:5] + "SS", s.str[1:], s.str[:4]]  # 0123, SS, 3 digits, no AB
    pc[rows] = np.choose(np.arange(rows.size) % len(bad), [b.to_numpy(object) for b in bad])


def _phones(rng: np.random.Generator, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dutch mobile (06) and landline numbers in the formats people type; 15% have none.

    Returns the text, which contacts have a mobile number, and the digits after the 06.
    """
    mobile = rng.random(m) < 0.65
    area = np.where(mobile, "06", _pick_words(rng, names.AREA_CODES, m))
    width = 10 - np.char.str_len(area.astype(str))
    low = np.where(mobile, 10**7, 2 * 10 ** (width - 1))
    high = np.where(mobile, 7 * 10**7, 10**width)
    number = pd.Series(_text(low + (rng.random(m) * (high - low)).astype(np.int64)))
    a = pd.Series(area)
    styles = [
        a + "-" + number,
        a + number,
        a + " " + number,
        "+31 " + a.str[1:] + " " + number,
        "+31" + a.str[1:] + number,
        "(" + a + ") " + number,
    ]
    style = rng.integers(len(styles), size=m)
    style = np.where(mobile & (style == 5), 0, style)  # nobody writes (06)
    has = rng.random(m) < 0.85
    text = np.where(has, np.choose(style, [s.to_numpy(object) for s in styles]), "")
    return text, has & mobile, number.to_numpy(object)


def _contacten(office: _Office, rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Every persoon relatie as a contact (children linked to their organisation too), board
    members of stichtingen/verenigingen, some staff of BVs; then the contact mistakes."""
    r = office.rel
    dropped = _Picker(rng, n, r["used"])("relatie_without_contact", r["standalone"])
    persons = np.flatnonzero(r["kind"] == PERSOON)
    persons = persons[~np.isin(persons, dropped)]
    board = np.flatnonzero(np.isin(r["kind"], [STI, VER]))
    staff = np.flatnonzero((r["kind"] == BV) & (rng.random(n) < 0.15))
    k_unknown = _mistake_count("contact_unknown_relatie", n)
    k_loose = _mistake_count("contact_without_relatie", n)
    k_new = board.size + staff.size + k_unknown + k_loose
    m = persons.size + k_new

    relnr = r["relnr"]
    child = (r["minor"][persons] > 0) & ~r["standalone"][persons]
    sep = rng.choice(np.array([", ", ";", ","], object), persons.size, p=[0.6, 0.25, 0.15])
    provider = _pick_words(rng, names.EMAIL_PROVIDERS, m)
    own_domain = np.concatenate(
        [child & (rng.random(persons.size) < 0.7), rng.random(board.size) < 0.5]
    )
    domain = provider.copy()
    org_rows = np.concatenate([persons, board])[own_domain]
    domain[np.flatnonzero(own_domain)] = r["company"][org_rows]
    domain[persons.size + board.size : persons.size + board.size + staff.size] = r["company"][staff]

    c = {
        "row": np.concatenate([persons, board, staff, np.full(k_unknown + k_loose, n)]),
        "first": np.concatenate([r["first"][persons], rng.integers(len(_FIRST), size=k_new)]),
        "sur": np.concatenate([r["sur"][persons], rng.integers(len(_SUR), size=k_new)]),
        "number": np.concatenate(
            [np.where(r["own_contactnr"][persons], relnr[persons], ""), np.full(k_new, "")]
        ),
        "link": np.concatenate(
            [
                np.where(child, _text(r["major"][persons]) + sep + relnr[persons], relnr[persons]),
                relnr[board],
                relnr[staff],
                _text(office.unknown_start + np.arange(k_unknown)),
                np.full(k_loose, ""),
            ]
        ),
        "functie": np.concatenate(
            [
                _spell(rng, r["group_kind"][persons], _FUNCTIE),
                _pick_words(rng, names.FUNCTIES_BOARD, board.size),
                _pick_words(rng, names.FUNCTIES_STAFF, staff.size),
                np.full(k_unknown + k_loose, ""),
            ]
        ),
        "domain": domain,
        "extra": np.arange(m) >= m - k_unknown - k_loose,
    }
    order = np.argsort(c["row"], kind="stable")  # contacts follow the relaties they belong to
    c = {k: v[order] for k, v in c.items()}
    number = c["number"].astype(object)
    need = np.flatnonzero(number == "")
    number[need] = _text(office.contact_start + np.arange(need.size))

    local = _FIRST_MAIL[c["first"]] + "." + _SUR_MAIL[c["sur"]]
    email = local + "@" + c["domain"]
    seen = pd.Series(email).groupby(email).cumcount().to_numpy()
    local = local + np.where(seen > 0, _text(seen + 1), "")  # jan.jansen2@ when taken
    email = local + "@" + c["domain"]
    phone, mobile, after_06 = _phones(rng, m)
    tussenvoegsel, achternaam = _TV[c["sur"]].copy(), _SUR[c["sur"]].copy()

    pick = _Picker(rng, n, c["extra"].copy())
    everyone = np.ones(m, bool)
    rows = pick("email_duplicate_case", everyone, per=2)
    first, second = rows[: rows.size // 2], rows[rows.size // 2 :]
    email[second] = pd.Series(local[first]).str.title().to_numpy(object) + "@" + c["domain"][first]
    unique_local = ~pd.Series(local).duplicated(keep=False).to_numpy()  # so "x@" stays unique
    rows = pick("email_invalid", unique_local)
    email[rows] = local[rows] + "@"
    rows = pick("duplicate_contactnummer", everyone, per=2)
    number[rows[rows.size // 2 :]] = number[rows[: rows.size // 2]]
    rows = pick("empty_achternaam", everyone)
    tussenvoegsel[rows], achternaam[rows] = "", ""
    rows = pick("phone_too_short", mobile)
    phone[rows] = "06-" + pd.Series(after_06[rows]).str[:7].to_numpy(object)

    columns = [number, _FIRST[c["first"]], tussenvoegsel, achternaam, email, phone, c["link"]]
    return pd.DataFrame(dict(zip(CONTACTEN_HEADERS, [*columns, c["functie"]], strict=True)))


def _render_relaties(r: dict[str, np.ndarray], rng: np.random.Generator) -> pd.DataFrame:
    """Office-style text: mixed spellings, and formatting variety on the rows without a mistake."""
    n = r["kind"].size
    person = r["kind"] == PERSOON
    clean = ~r["used"]
    soort = np.where(
        person,
        rng.choice(np.array(["Persoon", "Natuurlijk persoon"], object), n, p=[0.75, 0.25]),
        rng.choice(np.array(["Organisatie", "organisatie"], object), n, p=[0.8, 0.2]),
    )
    bsn = r["bsn"].copy()
    rows = np.flatnonzero(clean & person & (rng.random(n) < 0.1))
    s = pd.Series(bsn[rows])
    bsn[rows] = (s.str[:4] + "." + s.str[4:6] + "." + s.str[6:]).to_numpy(object)  # 1112.22.333

    btw = r["btw"].copy()
    rows = np.flatnonzero(clean & (btw != ""))
    s = pd.Series(btw[rows])
    digits, suffix = s.str[2:11], s.str[11:]
    dotted = digits.str[:4] + "." + digits.str[4:6] + "." + digits.str[6:]
    styles = [s, "NL " + dotted + " " + suffix, s.str.lower(), digits + suffix]
    style = rng.choice(len(styles), rows.size, p=[0.7, 0.1, 0.1, 0.1])
    btw[rows] = np.choose(style, [x.to_numpy(object) for x in styles])

    postcode = r["postcode"].copy()
    rows = np.flatnonzero(clean & (rng.random(n) < 0.1))
    postcode[rows] = pd.Series(postcode[rows]).str.replace(" ", "").to_numpy(object)
    iban = r["iban"].copy()
    rows = np.flatnonzero((iban != "") & (rng.random(n) < 0.3))
    s = pd.Series(iban[rows])
    groups = [s.str[i : i + 4] for i in range(0, 16, 4)] + [s.str[16:]]  # NL91 ABNA 0417 1643 00
    iban[rows] = groups[0].str.cat(groups[1:], sep=" ").to_numpy(object)

    columns = [
        r["relnr"],
        r["name"],
        soort,
        _spell(rng, r["rv"], _RECHTSVORM),
        bsn,
        r["rsin"],
        r["kvk"],
        btw,
        r["lh"],
        _spell(rng, r["tv_btw"], _TIJDVAK),
        _spell(rng, r["tv_lh"], _TIJDVAK),
        _spell(rng, r["tv_icp"], _TIJDVAK),
        _PRODUCT_TEXT[r["prod"]],
        postcode,
        r["plaats"],
        iban,
        r["am"],
    ]
    return pd.DataFrame(dict(zip(RELATIES_HEADERS, columns, strict=True)))


def demo_frames(n_relaties: int = 300, seed: int = 2026) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Relaties and Contacten as text DataFrames with the office-style headers (every cell a
    str, '' for empty): what a careful reader gets from the files of demo_files."""
    if n_relaties < 1:
        raise ValueError("n_relaties must be at least 1")
    rng = np.random.default_rng(seed)
    office = _build(n_relaties, rng)
    _relatie_mistakes(office, rng, n_relaties)
    order = np.lexsort((office.rel["minor"], office.rel["major"]))  # as the office sorts
    r = office.rel = {k: v[order] for k, v in office.rel.items()}
    r["relnr"] = _text(r["major"]) + np.where(r["minor"] > 0, "." + _text(r["minor"]), "")
    contacten = _contacten(office, rng, n_relaties)
    return _render_relaties(r, rng), contacten


_STAMP = datetime(2026, 1, 1)  # created/modified time written into the xlsx


def _xlsx(relaties: pd.DataFrame, rng: np.random.Generator) -> bytes:
    """Relaties as an office's Excel export: title row, empty row, header on row 3, and some
    BSN/KvK cells stored as numbers (Excel damage: that is how a leading zero gets lost)."""
    cells = relaties.to_numpy(dtype=object)
    for column, width in (("BSN", 9), ("KvK-nummer", 8)):
        j = relaties.columns.get_loc(column)
        text = cells[:, j].astype(str)
        plain = np.char.isdigit(text) & ~np.char.startswith(text, "0")
        as_number = plain & ((np.char.str_len(text) < width) | (rng.random(text.size) < 0.03))
        cells[as_number, j] = text[as_number].astype(np.int64).astype(object)
    cells[cells == ""] = None
    wb = Workbook(write_only=True)
    wb.properties.created = _STAMP
    ws = wb.create_sheet("Relaties")
    ws.append([_XLSX_TITLE])
    ws.append([])
    ws.append(list(relaties.columns))
    for row in cells.tolist():
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _pin_timestamps(buffer.getvalue())


def _pin_timestamps(xlsx: bytes) -> bytes:
    """openpyxl stamps the save time into the file; pin it so a seed always gives the same bytes."""
    stamp = _STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            entry = zipfile.ZipInfo(info.filename, _STAMP.timetuple()[:6])
            dst.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def demo_files(n_relaties: int = 300, seed: int = 2026) -> dict[str, bytes]:
    """{'relaties.xlsx': ..., 'contacten.csv': ...} as an office would deliver them: Excel with
    a title row, and a Dutch-Excel csv (';', cp1252, CRLF)."""
    relaties, contacten = demo_frames(n_relaties, seed)
    csv = contacten.to_csv(sep=";", index=False, lineterminator="\r\n")
    return {
        "relaties.xlsx": _xlsx(relaties, np.random.default_rng([seed, 1])),
        "contacten.csv": csv.encode("cp1252"),
    }


def write_demo(out_dir: Path, n_relaties: int = 300, seed: int = 2026) -> list[Path]:
    """Write the demo files into out_dir (created when missing); returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in demo_files(n_relaties, seed).items():
        path = out_dir / name
        path.write_bytes(data)
        paths.append(path)
    return paths
