"""Cross-field, uniqueness, hierarchy and cross-file rules (domain-rules.md, rules 1-11).

Each rule is a vectorised mask over the rows; its code, severity and Dutch message are
declared once in `RULE_CODES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.codes import Code
from dq.checks.columns import FieldOutcome, issue_frame
from dq.spec.catalog import split_list
from dq.spec.context import Context
from dq.spec.fields import CONTACTEN, ERROR, RELATIES, WARNING
from dq.text import arrow, exact_ascii, key_series, member, series
from dq.validators.elfproef import passes_array


def _code(code: str, file: str, severity: str, message: str, example: str) -> Code:
    return Code(code, file, code.split(".")[0], severity, message, example)


RULE_CODES: tuple[Code, ...] = (
    _code(
        "relatienummer.duplicate",
        RELATIES,
        ERROR,
        "Dit relatienummer staat op meer dan één regel. Geef elke relatie een eigen nummer.",
        "100 op regel 4 en regel 9",
    ),
    _code(
        "relatienummer.parent_missing",
        RELATIES,
        ERROR,
        "Subrelatie zonder hoofdrelatie: het nummer vóór de laatste punt (100 bij 100.1) staat "
        "niet in het bestand. Voeg de hoofdrelatie toe of corrigeer het nummer.",
        "205.1 zonder 205",
    ),
    _code(
        "relatienummer.child_not_persoon",
        RELATIES,
        WARNING,
        "Een subrelatie (zoals 100.1) is normaal een persoon: eigenaar, vennoot of DGA. "
        "Controleer het soort relatie.",
        "100.1 als organisatie",
    ),
    _code(
        "relatienummer.no_contact",
        RELATIES,
        WARNING,
        "Geen enkel contact is aan deze relatie gekoppeld, dus niemand kan namens haar inloggen. "
        "Koppel een contact in het contactenbestand.",
        "relatie 130 zonder contact",
    ),
    _code(
        "rsin.not_applicable",
        RELATIES,
        WARNING,
        "Een persoon heeft geen RSIN; een BSN hoort in de kolom BSN. Maak het RSIN leeg.",
        "persoon met RSIN",
    ),
    _code(
        "kvk_nummer.not_applicable",
        RELATIES,
        WARNING,
        "Een persoon heeft geen KvK-nummer; dat hoort bij de organisatie. Maak het leeg.",
        "persoon met KvK-nummer",
    ),
    _code(
        "rechtsvorm.not_applicable",
        RELATIES,
        WARNING,
        "Een persoon heeft geen rechtsvorm. Maak de rechtsvorm leeg of maak er een "
        "organisatie van.",
        "persoon met rechtsvorm BV",
    ),
    _code(
        "bsn.not_applicable",
        RELATIES,
        WARNING,
        "Een organisatie heeft geen BSN (behalve het BSN van de eigenaar van een eenmanszaak). "
        "Gebruik het RSIN en zet het BSN bij de persoon.",
        "BV met BSN",
    ),
    _code(
        "rsin.eenmanszaak",
        RELATIES,
        WARNING,
        "Een eenmanszaak heeft geen RSIN: de eigenaar gebruikt zijn BSN. Maak het RSIN leeg en "
        "zet het BSN bij de eigenaar (subrelatie).",
        "eenmanszaak met RSIN",
    ),
    _code(
        "producten.vpb_transparent",
        RELATIES,
        ERROR,
        "Aangifte VPB bij een eenmanszaak, vof, maatschap of cv: die betalen geen "
        "vennootschapsbelasting (de eigenaren doen aangifte IB). Haal het product weg.",
        "vof met Aangifte VPB",
    ),
    _code(
        "producten.vpb_stichting",
        RELATIES,
        WARNING,
        "Aangifte VPB bij een stichting of vereniging: alleen nodig als zij een onderneming "
        "drijft. Controleer het.",
        "stichting met Aangifte VPB",
    ),
    _code(
        "producten.ib_on_vpb_entity",
        RELATIES,
        ERROR,
        "Aangifte IB bij een rechtspersoon (BV, NV, coöperatie): die doet aangifte VPB. Zet de "
        "IB-aangifte bij de persoon (DGA).",
        "BV met Aangifte IB",
    ),
    _code(
        "producten.ib_on_organisatie",
        RELATIES,
        WARNING,
        "Aangifte IB hoort bij een persoon met BSN, niet bij een organisatie. Zet het product "
        "bij de eigenaar of vennoot.",
        "vof met Aangifte IB",
    ),
    _code(
        "btw_nummer.no_workflow",
        RELATIES,
        WARNING,
        "Er is een BTW-nummer maar geen product Aangifte BTW en geen BTW-tijdvak, dus de "
        "btw-workflow start niet. Voeg product en tijdvak toe of maak het nummer leeg.",
        "BTW-nummer zonder product",
    ),
    _code(
        "loonheffingsnummer.no_workflow",
        RELATIES,
        WARNING,
        "Er is een loonheffingennummer maar geen product Loonadministratie en geen LH-tijdvak. "
        "Voeg ze toe of maak het nummer leeg.",
        "LH-nummer zonder product",
    ),
    _code(
        "tijdvak_btw.conflicts_product",
        RELATIES,
        ERROR,
        "Product Aangifte BTW met BTW-tijdvak 'geen': de workflow kan niet starten. Kies maand, "
        "kwartaal of jaar.",
        "Aangifte BTW + geen",
    ),
    _code(
        "tijdvak_lh.conflicts_product",
        RELATIES,
        ERROR,
        "Product Loonadministratie met LH-tijdvak 'geen'. Kies maand of vier weken.",
        "Loonadministratie + geen",
    ),
    _code(
        "tijdvak_btw.jaar_not_allowed",
        RELATIES,
        ERROR,
        "Btw per jaar mag alleen voor een natuurlijk persoon of een eenmanszaak, vof of maatschap. "
        "Kies maand of kwartaal.",
        "BV met tijdvak jaar",
    ),
    _code(
        "tijdvak_icp.needs_btw",
        RELATIES,
        ERROR,
        "Een ICP-opgaaf vraagt een BTW-tijdvak anders dan 'geen'. Vul het BTW-tijdvak in.",
        "ICP kwartaal + BTW geen",
    ),
    _code(
        "btw_nummer.fiscal_number_mismatch",
        RELATIES,
        WARNING,
        "De 9 cijfers van het BTW-nummer zijn niet het RSIN (of het BSN van de eigenaar van de "
        "eenmanszaak). Kan kloppen bij een fiscale eenheid; controleer het anders.",
        "RSIN 001000019, btw NL857256476B01",
    ),
    _code(
        "loonheffingsnummer.fiscal_number_mismatch",
        RELATIES,
        WARNING,
        "De 9 cijfers van het loonheffingennummer zijn niet het RSIN (of het BSN van de eigenaar "
        "van de eenmanszaak). Kan kloppen bij een groep; controleer het anders.",
        "RSIN 001000019, LH 857256476L01",
    ),
    _code(
        "bsn.duplicate",
        RELATIES,
        ERROR,
        "Hetzelfde BSN staat bij meer dan één persoon. Elk BSN hoort bij één persoon; zoek de "
        "dubbele op en corrigeer.",
        "twee personen met 111222333",
    ),
    _code(
        "rsin.duplicate",
        RELATIES,
        ERROR,
        "Hetzelfde RSIN staat bij meer dan één organisatie. Controleer welke het echte "
        "nummer heeft.",
        "twee BV's met hetzelfde RSIN",
    ),
    _code(
        "bsn.equals_rsin",
        RELATIES,
        ERROR,
        "Het BSN van deze persoon is ook het RSIN van een organisatie: een bekende kopieerfout. "
        "Zoek het juiste nummer op.",
        "DGA-BSN gelijk aan RSIN van de BV",
    ),
    _code(
        "naam.possible_duplicate",
        RELATIES,
        WARNING,
        "Een andere relatie heeft dezelfde naam en hetzelfde KvK-nummer of RSIN: mogelijk dubbel. "
        "Voeg ze samen of maak het verschil duidelijk.",
        "Bakkerij Jansen BV twee keer",
    ),
    _code(
        "contactnummer.duplicate",
        CONTACTEN,
        ERROR,
        "Dit contactnummer staat op meer dan één regel. Geef elk contact een eigen nummer.",
        "C100 twee keer",
    ),
    _code(
        "email.duplicate",
        CONTACTEN,
        ERROR,
        "Dit e-mailadres hoort al bij een ander contact (hoofdletters en spaties tellen niet). "
        "Elk contact logt in met een eigen adres.",
        "jan@voorbeeld.nl twee keer",
    ),
    _code(
        "relatienummers.unknown_relatie",
        CONTACTEN,
        ERROR,
        "Het contact is gekoppeld aan een relatienummer dat niet in het relatiebestand staat. "
        "Corrigeer het nummer of voeg de relatie toe.",
        "999",
    ),
)


@dataclass
class Records:
    """One file's field outcomes, as the rules read them."""

    outcomes: dict[str, FieldOutcome]
    index: pd.Index

    def text(self, key: str) -> pd.Series:
        """Stripped cell text ('' when empty or no column)."""
        return self.outcomes[key].raw.str.strip().where(self.outcomes[key].filled, "")

    def normal(self, key: str) -> pd.Series:
        """Normal form where valid, else NA."""
        return self.outcomes[key].normal

    def filled(self, key: str) -> pd.Series:
        """Cells with something in them."""
        return self.outcomes[key].filled

    def flag(self, mask: pd.Series, field: str, code: str) -> pd.DataFrame:
        """Issue rows where `mask` holds; the value shown is the field's own cell."""
        mask = mask.fillna(False).astype(bool)
        return issue_frame(self.index[mask.to_numpy()], field, code, self.outcomes[field].raw[mask])


def relaties_rules(rel: Records, ctx: Context) -> list[pd.DataFrame]:
    """Every rule inside the Relaties file."""
    parents = parent_numbers(rel.text("relatienummer"))
    return [
        *_identity(rel, ctx),
        *_hierarchy(rel, ctx, parents),
        *_products(rel, ctx),
        *_workflows(rel, ctx),
        *_fiscal_numbers(rel, ctx, parents),
        *_duplicates(rel, ctx),
    ]


def _identity(rel: Records, ctx: Context) -> list[pd.DataFrame]:
    """Rules 1 and 3: what a persoon, an organisatie and an eenmanszaak may carry."""
    persoon, emz = ctx.persoon, ctx.is_rechtsvorm("Eenmanszaak")
    return [
        rel.flag(persoon & rel.filled("rsin"), "rsin", "rsin.not_applicable"),
        rel.flag(persoon & rel.filled("kvk_nummer"), "kvk_nummer", "kvk_nummer.not_applicable"),
        rel.flag(persoon & rel.filled("rechtsvorm"), "rechtsvorm", "rechtsvorm.not_applicable"),
        rel.flag(ctx.organisatie & ~emz & rel.filled("bsn"), "bsn", "bsn.not_applicable"),
        rel.flag(ctx.organisatie & emz & rel.filled("rsin"), "rsin", "rsin.eenmanszaak"),
    ]


def parent_numbers(numbers: pd.Series) -> pd.Series:
    """`100` for `100.1`; NA for a number without a sub-part.

    >>> parent_numbers(pd.Series(["100.1", "100", "100.1.2", "A.x"])).tolist()
    ['100', nan, '100.1', nan]
    """
    parents = exact_ascii(arrow(numbers), _ascii_parents, _parent)
    return series(parents, numbers.index)


def _parent(number: str) -> str | None:
    """`parent_numbers` of one text, by Python's `re` (Unicode `\\d`)."""
    found = re.search(r"^(.+)\.\d+$", number)
    return found[1] if found else None


def _ascii_parents(numbers: pa.Array) -> pa.Array:
    """`_parent` for ASCII text in RE2, whose `$` does not match before a final newline."""
    return pc.struct_field(pc.extract_regex(numbers, r"^(?P<parent>.+)\.[0-9]+\n?$"), [0])


def _hierarchy(rel: Records, ctx: Context, parents: pd.Series) -> list[pd.DataFrame]:
    """Unique relatienummers, and every `P.n` has its `P`."""
    numbers = rel.text("relatienummer")
    filled = rel.filled("relatienummer")
    duplicate = numbers.duplicated(keep=False) & filled
    orphan = parents.notna() & ~member(parents, numbers[filled])
    child_org = parents.notna() & ctx.organisatie
    return [
        rel.flag(duplicate, "relatienummer", "relatienummer.duplicate"),
        rel.flag(orphan, "relatienummer", "relatienummer.parent_missing"),
        rel.flag(child_org, "relatienummer", "relatienummer.child_not_persoon"),
    ]


def _products(rel: Records, ctx: Context) -> list[pd.DataFrame]:
    """Rules 4 and 5: VPB and IB only where that tax applies."""
    vpb, ib = ctx.product("Aangifte VPB"), ctx.product("Aangifte IB")
    transparent = ctx.rechtsvorm_has("profit_tax", "transparant") | ctx.rechtsvorm_has(
        "profit_tax", "ib"
    )
    vpb_entity = ctx.organisatie & ctx.rechtsvorm_has("profit_tax", "vpb")
    return [
        rel.flag(vpb & transparent, "producten", "producten.vpb_transparent"),
        rel.flag(
            vpb & ctx.rechtsvorm_has("profit_tax", "vpb_soms"),
            "producten",
            "producten.vpb_stichting",
        ),
        rel.flag(ib & vpb_entity, "producten", "producten.ib_on_vpb_entity"),
        rel.flag(ib & ctx.organisatie & ~vpb_entity, "producten", "producten.ib_on_organisatie"),
    ]


def _workflows(rel: Records, ctx: Context) -> list[pd.DataFrame]:
    """Rules 6 and 7 (the reverse direction; the forward one is requiredness) and tijdvakken."""
    natural = ctx.persoon | ctx.rechtsvorm_has("natural_persons")
    return [
        rel.flag(
            rel.filled("btw_nummer") & ~ctx.btw_active & ~ctx.icp_active,
            "btw_nummer",
            "btw_nummer.no_workflow",
        ),
        rel.flag(
            rel.filled("loonheffingsnummer") & ~ctx.lh_active,
            "loonheffingsnummer",
            "loonheffingsnummer.no_workflow",
        ),
        rel.flag(
            ctx.product("Aangifte BTW") & ctx.tijdvak_btw.eq("geen"),
            "tijdvak_btw",
            "tijdvak_btw.conflicts_product",
        ),
        rel.flag(
            ctx.product("Loonadministratie") & ctx.tijdvak_lh.eq("geen"),
            "tijdvak_lh",
            "tijdvak_lh.conflicts_product",
        ),
        rel.flag(
            ctx.tijdvak_btw.eq("jaar") & ~natural & (ctx.organisatie | ctx.persoon),
            "tijdvak_btw",
            "tijdvak_btw.jaar_not_allowed",
        ),
        rel.flag(
            ctx.icp_active & ctx.tijdvak_btw.eq("geen"), "tijdvak_icp", "tijdvak_icp.needs_btw"
        ),
    ]


def _fiscal_numbers(rel: Records, ctx: Context, parents: pd.Series) -> list[pd.DataFrame]:
    """Rule 8: the 9 digits of btw (11-test kind) and LH numbers are the RSIN or owner's BSN."""
    rsin = rel.normal("rsin")
    emz = ctx.organisatie & ctx.is_rechtsvorm("Eenmanszaak")
    owners = _owner_bsns(rel, ctx, parents)
    issues = []
    for field, digits in (
        ("btw_nummer", rel.normal("btw_nummer").str.slice(2, 11)),
        ("loonheffingsnummer", rel.normal("loonheffingsnummer").str.slice(0, 9)),
    ):
        if field == "btw_nummer":
            present = digits.notna()
            digits = digits.where(present)
            elfproef = pd.Series(False, index=rel.index)
            elfproef[present] = passes_array(digits[present])
            digits = digits.where(elfproef)
        org_mismatch = ctx.organisatie & ~emz & rsin.notna() & digits.notna() & digits.ne(rsin)
        pairs = pd.DataFrame({"number": rel.text("relatienummer"), "digits": digits})[
            emz & digits.notna()
        ]
        matched = pairs.merge(owners, on=["number", "digits"], how="inner")["number"]
        has_owner = member(pairs["number"], owners["number"])
        emz_mismatch = pd.Series(False, index=rel.index)
        emz_mismatch[pairs.index] = has_owner & ~member(pairs["number"], matched)
        issues.append(
            rel.flag(org_mismatch | emz_mismatch, field, f"{field}.fiscal_number_mismatch")
        )
    return issues


def _owner_bsns(rel: Records, ctx: Context, parents: pd.Series) -> pd.DataFrame:
    """(parent relatienummer, BSN) for every persoon subrelatie with a valid BSN."""
    bsn = rel.normal("bsn")
    keep = parents.notna() & bsn.notna() & ctx.persoon
    return pd.DataFrame({"number": parents[keep], "digits": bsn[keep]}).drop_duplicates()


def _duplicates(rel: Records, ctx: Context) -> list[pd.DataFrame]:
    """Rule 9 and look-alike relaties."""
    bsn = rel.normal("bsn").where(ctx.persoon)
    rsin = rel.normal("rsin").where(ctx.organisatie)
    dup_bsn = bsn.notna() & bsn.duplicated(keep=False)
    dup_rsin = rsin.notna() & rsin.duplicated(keep=False)
    bsn_is_rsin = bsn.notna() & member(bsn, rsin.dropna())
    name = key_series(rel.text("naam")).where(rel.filled("naam"))
    look_alike = pd.Series(False, index=rel.index)
    for other in ("kvk_nummer", "rsin"):
        pair = pd.DataFrame({"name": name, "id": rel.normal(other)})
        complete = pair.notna().all(axis=1)
        look_alike |= complete & pair.duplicated(keep=False)
    return [
        rel.flag(dup_bsn, "bsn", "bsn.duplicate"),
        rel.flag(dup_rsin, "rsin", "rsin.duplicate"),
        rel.flag(bsn_is_rsin, "bsn", "bsn.equals_rsin"),
        rel.flag(look_alike, "naam", "naam.possible_duplicate"),
    ]


def contacten_rules(con: Records) -> list[pd.DataFrame]:
    """Unique contactnummer and e-mail (case and spaces ignored)."""
    numbers = con.text("contactnummer")
    mail = con.text("email").str.lower()
    return [
        con.flag(
            numbers.duplicated(keep=False) & con.filled("contactnummer"),
            "contactnummer",
            "contactnummer.duplicate",
        ),
        con.flag(mail.duplicated(keep=False) & con.filled("email"), "email", "email.duplicate"),
    ]


def linked_numbers(con: Records) -> pd.Series:
    """Every relatienummer a contact links to, one per entry (index = contact row)."""
    return split_list(con.text("relatienummers")[con.filled("relatienummers")])


def cross_file_rules(rel: Records, ctx: Context, con: Records) -> list[pd.DataFrame]:
    """Rule 10: links point at existing relaties; relaties have a contact."""
    numbers = rel.text("relatienummer")
    links = linked_numbers(con)
    unknown = links[~member(links, numbers[rel.filled("relatienummer")])]
    unlinked = (
        rel.filled("relatienummer") & ~member(numbers, links) & (ctx.persoon | ctx.organisatie)
    )
    return [
        issue_frame(unknown.index, "relatienummers", "relatienummers.unknown_relatie", unknown),
        rel.flag(unlinked, "relatienummer", "relatienummer.no_contact"),
    ]
