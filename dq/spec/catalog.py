"""Allowed values: relatie types, rechtsvormen, aangifte tijdvakken and the product catalogue.

Each vocabulary maps the spellings offices use to one canonical value. The product
catalogue can be extended per office with a TOML file (see `load_catalog`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc

from dq.text import WHITESPACE, arrow, exact_ascii, key, key_series, series

#: Reasons a vocabulary can give, besides `<NA>` (already canonical).
OK, RARE, FORBIDDEN = "ok", "rare", "forbidden"


@dataclass(frozen=True)
class Term:
    """One allowed value with the spellings that mean it."""

    value: str
    aliases: tuple[str, ...] = ()
    status: str = (
        OK  # OK, RARE (allowed but unusual: warning) or FORBIDDEN (known but wrong: error)
    )


class Vocabulary:
    """A closed list of values; `classify` maps a column of spellings onto it."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms
        self._by_key: dict[str, Term] = {}
        for term in terms:
            for spelling in (term.value, *term.aliases):
                self._by_key.setdefault(key(spelling), term)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons `classify` can give for this vocabulary."""
        statuses = {t.status for t in self.terms}
        extra = (("rare_value",) if RARE in statuses else ()) + (
            ("not_allowed",) if FORBIDDEN in statuses else ()
        )
        return ("unknown_value", "normalised", *extra)

    @property
    def values(self) -> list[str]:
        """Canonical values that pass, in declaration order."""
        return [t.value for t in self.terms if t.status != FORBIDDEN]

    def lookup(self, text: str) -> Term | None:
        """The term a spelling stands for, if any."""
        return self._by_key.get(key(text))

    def classify(self, values: pd.Series) -> pd.DataFrame:
        """Columns normal/reason/suggestion like the identifier validators.

        Reasons: `unknown_value`, `not_allowed`, `rare_value`, `normalised` (an alias was
        used); a difference in case or spacing alone is not reported.
        """
        keys = key_series(values)
        terms = keys.map(self._by_key)
        known = terms.notna()
        canonical = terms.map(lambda t: t.value, na_action="ignore").astype("str")
        status = terms.map(lambda t: t.status, na_action="ignore")
        alias = known & (keys != canonical.map(key, na_action="ignore"))
        reason = pd.Series(pd.NA, index=values.index, dtype="str")
        reason = reason.mask(alias, "normalised")
        reason = reason.mask(status.eq(RARE), "rare_value")
        reason = reason.mask(status.eq(FORBIDDEN), "not_allowed")
        reason = reason.mask(~known, "unknown_value")
        normal = canonical.where(known & status.ne(FORBIDDEN))
        suggestion = normal.where(alias & status.ne(FORBIDDEN))
        return pd.DataFrame({"normal": normal, "reason": reason, "suggestion": suggestion})


@dataclass(frozen=True)
class Rechtsvorm:
    """A legal form and the tax facts that drive the cross-field rules."""

    value: str
    aliases: tuple[str, ...]
    has_rsin: bool
    profit_tax: str  # "ib" (owner), "transparant" (partners pay IB), "vpb", "vpb_soms"
    natural_persons: bool  # may file btw per jaar


RECHTSVORMEN: tuple[Rechtsvorm, ...] = (
    Rechtsvorm("Eenmanszaak", ("emz", "zzp", "eenmanszaak", "zelfstandige"), False, "ib", True),
    Rechtsvorm("Vennootschap onder firma", ("vof", "v.o.f.", "firma"), True, "transparant", True),
    Rechtsvorm("Maatschap", ("maatschap",), True, "transparant", True),
    Rechtsvorm("Commanditaire vennootschap", ("cv", "c.v."), True, "transparant", False),
    Rechtsvorm("Besloten vennootschap", ("bv", "b.v.", "bv i.o.", "b.v. i.o."), True, "vpb", False),
    Rechtsvorm("Naamloze vennootschap", ("nv", "n.v."), True, "vpb", False),
    Rechtsvorm(
        "Coöperatie",
        (
            "cooperatie",
            "coop",
            "cooperatie ua",
            "cooperatie u.a.",
            "cooperatie ba",
            "cooperatie wa",
        ),
        True,
        "vpb",
        False,
    ),
    Rechtsvorm("Onderlinge waarborgmaatschappij", ("owm", "onderlinge"), True, "vpb", False),
    Rechtsvorm("Stichting", ("stg", "stichting"), True, "vpb_soms", False),
    Rechtsvorm(
        "Vereniging",
        ("ver", "vereniging", "vereniging met volledige rechtsbevoegdheid"),
        True,
        "vpb_soms",
        False,
    ),
)

TYPES = Vocabulary(
    (
        Term("organisatie", ("org", "o", "bedrijf", "onderneming", "rechtspersoon", "zakelijk")),
        Term(
            "persoon",
            ("p", "natuurlijk persoon", "particulier", "prive", "privé", "ib", "ib-klant"),
        ),
        Term("intern", ("interne relatie",)),
        Term("leverancier", ("crediteur",)),
    )
)

_GEEN = ("-", "nvt", "n.v.t.", "nee", "niet", "geen aangifte", "n/a")
_MAAND = ("m", "mnd", "maandelijks", "per maand", "maandaangifte")
_KWARTAAL = ("k", "kw", "q", "per kwartaal", "kwartaalaangifte", "driemaandelijks")
_JAAR = ("j", "jaarlijks", "per jaar", "jaaraangifte")

TIJDVAK_BTW = Vocabulary(
    (
        Term("maand", _MAAND),
        Term("kwartaal", _KWARTAAL),
        Term("jaar", _JAAR),
        Term("geen", _GEEN),
    )
)
TIJDVAK_LH = Vocabulary(
    (
        Term("maand", _MAAND),
        Term(
            "vier weken", ("4 weken", "4-weken", "vierweken", "4-wekelijks", "4wk", "vierwekelijks")
        ),
        Term("geen", _GEEN),
        Term("halfjaar", ("half jaar", "halfjaarlijks", "per halfjaar"), RARE),
        Term("jaar", _JAAR, RARE),
        Term("kwartaal", _KWARTAAL, FORBIDDEN),
    )
)
TIJDVAK_ICP = Vocabulary(
    (
        Term("maand", _MAAND),
        Term("kwartaal", _KWARTAAL),
        Term("jaar", _JAAR),
        Term("geen", _GEEN),
    )
)


@dataclass(frozen=True)
class Product:
    """A product (dienst) that starts a workflow in Mijn Kantoor.

    `fields` are the relatie fields that workflow needs without errors; `codes` are
    cross-field findings that block it.
    """

    value: str
    aliases: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


PRODUCTS: tuple[Product, ...] = (
    Product(
        "Aangifte IB",
        ("ib", "inkomstenbelasting", "aangifte inkomstenbelasting", "ib-aangifte", "ib aangifte"),
        ("bsn",),
        ("producten.ib_on_organisatie", "producten.ib_on_vpb_entity"),
    ),
    Product(
        "Aangifte VPB",
        ("vpb", "vennootschapsbelasting", "aangifte vennootschapsbelasting", "vpb-aangifte"),
        ("rsin", "rechtsvorm"),
        ("producten.vpb_transparent",),
    ),
    Product(
        "Aangifte BTW",
        ("btw", "ob", "omzetbelasting", "aangifte omzetbelasting", "btw-aangifte", "aangifte ob"),
        ("btw_nummer", "tijdvak_btw"),
        ("tijdvak_btw.jaar_not_allowed", "tijdvak_btw.conflicts_product"),
    ),
    Product(
        "Opgaaf ICP",
        ("icp", "opgaaf icp", "icp-opgaaf", "intracommunautaire prestaties"),
        ("btw_nummer", "tijdvak_icp"),
        ("tijdvak_icp.needs_btw",),
    ),
    Product(
        "Loonadministratie",
        (
            "lh",
            "loonheffingen",
            "loonheffing",
            "salarisadministratie",
            "salaris",
            "loon",
            "aangifte loonheffingen",
            "payroll",
        ),
        ("loonheffingsnummer", "tijdvak_lh"),
        ("tijdvak_lh.conflicts_product",),
    ),
    Product("Jaarrekening", ("jr", "samenstellen jaarrekening", "jaarwerk")),
    Product("Administratie", ("boekhouding", "financiele administratie", "adm")),
)

#: Fields every workflow needs, whatever the product.
BASE_FIELDS = ("relatienummer", "naam", "type")

_LIST_SPLIT = rf"[{WHITESPACE}]*(?:[,;/|+\n]|\ben\b)[{WHITESPACE}]*"


@dataclass(frozen=True)
class Catalog:
    """Every vocabulary the checks use; one per analysis, extendable per office."""

    products: tuple[Product, ...] = PRODUCTS
    rechtsvormen: tuple[Rechtsvorm, ...] = RECHTSVORMEN

    @property
    def rechtsvorm_vocabulary(self) -> Vocabulary:
        """Rechtsvormen as a vocabulary."""
        return Vocabulary(tuple(Term(r.value, r.aliases) for r in self.rechtsvormen))

    @property
    def product_vocabulary(self) -> Vocabulary:
        """Products as a vocabulary."""
        return Vocabulary(tuple(Term(p.value, p.aliases) for p in self.products))

    def rechtsvorm(self, value: str) -> Rechtsvorm | None:
        """The legal form for a canonical value."""
        return next((r for r in self.rechtsvormen if r.value == value), None)

    def product(self, value: str) -> Product | None:
        """The product for a canonical value."""
        return next((p for p in self.products if p.value == value), None)


def split_list(values: pd.Series) -> pd.Series:
    """One row per listed item (`BTW, IB; Jaarrekening`), index repeated per item."""
    lists = exact_ascii(
        arrow(values), lambda texts: pc.split_pattern_regex(texts, _LIST_SPLIT), _split
    )
    items, rows = pc.list_flatten(lists), pc.list_parent_indices(lists).to_numpy()
    keep = pc.not_equal(items, "").to_numpy(zero_copy_only=False)
    return series(items.filter(keep), values.index[rows[keep]])


def _split(text: str) -> list[str]:
    """`split_list` of one text, by Python's `re` (Unicode `\\b`)."""
    return re.split(_LIST_SPLIT, text)


def load_catalog(path: Path | None) -> Catalog:
    """The default catalogue, extended with an office's TOML file.

    The file may add products and aliases::

        [[product]]
        naam = "Aangifte dividendbelasting"
        aliassen = ["DB", "dividend"]

        [aliassen]
        "Aangifte BTW" = ["omzet"]
        "Besloten vennootschap" = ["bv in oprichting"]

    Raises ValueError with a Dutch message when the file is malformed.
    """
    if path is None:
        return Catalog()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"De catalogus {Path(path).name} kon niet worden gelezen: {exc}") from None
    products = list(PRODUCTS)
    for entry in data.get("product", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("naam"), str):
            raise ValueError("Elk [[product]] in de catalogus heeft een 'naam' nodig.")
        products.append(Product(entry["naam"], tuple(map(str, entry.get("aliassen", ())))))
    rechtsvormen = list(RECHTSVORMEN)
    for target, extra in data.get("aliassen", {}).items():
        extra = tuple(map(str, extra))
        for i, p in enumerate(products):
            if key(p.value) == key(target):
                products[i] = replace(p, aliases=p.aliases + extra)
                break
        else:
            for i, r in enumerate(rechtsvormen):
                if key(r.value) == key(target):
                    rechtsvormen[i] = replace(r, aliases=r.aliases + extra)
                    break
            else:
                raise ValueError(
                    f"De catalogus noemt '{target}', maar dat is geen bekend product of rechtsvorm."
                )
    return Catalog(tuple(products), tuple(rechtsvormen))
