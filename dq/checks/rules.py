"""Cross-field, uniqueness, hierarchy and cross-file rules (domain-rules.md, rules 1-13).

Each rule is one `Rule` value, declared in `RULES` below: its code, severity, Dutch message
and fix, an example, and the vectorised function that finds the rows it reports. The code
catalogue (`dq.checks.codes`), `docs/checks.md` and the fix list read these declarations;
a new rule is one more `Rule` plus its test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dq.checks.columns import FieldOutcome
from dq.checks.issues import Code, issue_frame
from dq.spec.catalog import split_list
from dq.spec.context import CONTEXT_FIELDS, Context
from dq.spec.fields import CONTACTEN, ERROR, RELATIES, WARNING
from dq.text import arrow, exact_ascii, key_series, member, series
from dq.threads import each
from dq.validators.elfproef import passes_array

SOURCE = "dq/checks/rules.py"


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


@dataclass
class Scope:
    """What the rules read: the Relaties records and context, the Contacten records, or both.

    Columns that several rules share are made once, on first use; after an edit, `carry`
    takes over from the check before each of them that reads no edited field (`SHARED`).
    """

    rel: Records | None = None
    ctx: Context | None = None
    con: Records | None = None

    @cached_property
    def numbers(self) -> pd.Series:
        """Every relatienummer as stripped text."""
        return self.rel.text("relatienummer")

    @cached_property
    def number_digits(self) -> pd.Series:
        """Every relatienummer typed as a number of 8 or 9 digits, as nine digits; else NA."""
        return nine_digits(self.numbers)

    @cached_property
    def personal_numbers(self) -> pd.Series:
        """Every BSN and RSIN of the file as nine digits (valid or not)."""
        found = pd.concat([nine_digits(self.rel.text("bsn")), nine_digits(self.rel.text("rsin"))])
        return found.dropna()

    @cached_property
    def parents(self) -> pd.Series:
        """The parent number of every sub-relatie (`100` for `100.1`), else NA."""
        return parent_numbers(self.numbers)

    @cached_property
    def links(self) -> pd.Series:
        """Every relatienummer a contact links to, one per entry (index = contact row)."""
        return split_list(self.con.text("relatienummers")[self.con.filled("relatienummers")])

    @cached_property
    def eenmanszaak(self) -> pd.Series:
        """Rows whose rechtsvorm is eenmanszaak."""
        return self.ctx.is_rechtsvorm("Eenmanszaak")

    @cached_property
    def transparent(self) -> pd.Series:
        """Rechtsvormen whose owners pay IB: no VPB of their own."""
        return self.ctx.rechtsvorm_has("profit_tax", "transparant") | self.ctx.rechtsvorm_has(
            "profit_tax", "ib"
        )

    @cached_property
    def vpb_entity(self) -> pd.Series:
        """Organisaties that always pay VPB."""
        return self.ctx.organisatie & self.ctx.rechtsvorm_has("profit_tax", "vpb")

    @cached_property
    def persoon_bsn(self) -> pd.Series:
        """The valid BSN of each persoon, NA elsewhere."""
        return self.rel.normal("bsn").where(self.ctx.persoon)

    @cached_property
    def organisatie_rsin(self) -> pd.Series:
        """The valid RSIN of each organisatie, NA elsewhere."""
        return self.rel.normal("rsin").where(self.ctx.organisatie)

    @cached_property
    def btw_digits(self) -> pd.Series:
        """The 9 digits of each BTW-nummer of the 11-test kind (as an RSIN or BSN has), else NA.

        Sole traders' newer numbers pass mod 97 instead and are never an RSIN or a BSN.
        """
        digits = self.rel.normal("btw_nummer").str.slice(2, 11)
        present = digits.notna()
        elfproef = pd.Series(False, index=self.rel.index)
        elfproef[present] = passes_array(digits[present])
        return digits.where(elfproef)

    @cached_property
    def owners(self) -> pd.DataFrame:
        """(parent relatienummer, BSN) for every persoon sub-relatie with a valid BSN."""
        bsn = self.rel.normal("bsn")
        keep = self.parents.notna() & bsn.notna() & self.ctx.persoon
        return pd.DataFrame({"number": self.parents[keep], "digits": bsn[keep]}).drop_duplicates()

    def carry(self, before: Scope | None, changed: frozenset[str] | None) -> Scope:
        """This scope, with each shared column of `before` that reads none of the `changed`
        fields taken over instead of made again."""
        if before is not None and changed is not None:
            for name, reads in SHARED.items():
                if name in before.__dict__ and changed.isdisjoint(reads):
                    self.__dict__[name] = before.__dict__[name]
        return self


#: The fields each shared column of `Scope` reads (what a re-check compares with the edit).
SHARED: dict[str, tuple[str, ...]] = {
    "numbers": ("relatienummer",),
    "number_digits": ("relatienummer",),
    "parents": ("relatienummer",),
    "links": ("relatienummers",),
    "eenmanszaak": CONTEXT_FIELDS,
    "transparent": CONTEXT_FIELDS,
    "vpb_entity": CONTEXT_FIELDS,
    "persoon_bsn": (*CONTEXT_FIELDS, "bsn"),
    "organisatie_rsin": (*CONTEXT_FIELDS, "rsin"),
    "btw_digits": ("btw_nummer",),
    "owners": (*CONTEXT_FIELDS, "bsn", "relatienummer"),
}


@dataclass(frozen=True)
class Rule:
    """One rule: what it says and how it finds its rows, in one place.

    `find` returns a boolean column over the rows of `file` (the issue shows the cell of the
    field the code names), or with `entries` a text per finding (index = row; the issue
    shows that text, such as one unknown link of a list). `across`: needs both files.
    `reads` lets a re-check after an edit skip the rules the edit cannot change.
    """

    code: str
    severity: str
    message: str  # Dutch: what is wrong and how to fix it
    example: str  # a situation that triggers it (fictional)
    find: Callable[[Scope], pd.Series]
    reads: tuple[str, ...]  # every field `find` reads: a change elsewhere cannot change it
    file: str = RELATIES
    across: bool = False
    entries: bool = False

    @property
    def field(self) -> str:
        """The field the rule reports on: the first part of its code."""
        return self.code.split(".")[0]

    @property
    def declaration(self) -> Code:
        """The rule as an entry of the code catalogue."""
        return Code(
            self.code, self.file, self.field, self.severity, self.message, self.example, SOURCE
        )

    def issues(self, scope: Scope) -> pd.DataFrame:
        """The rule's issue rows in `scope`."""
        found = self.find(scope)
        if self.entries:
            return issue_frame(found.index, self.field, self.code, found)
        records = scope.rel if self.file == RELATIES else scope.con
        return records.flag(found, self.field, self.code)


def nine_digits(texts: pd.Series) -> pd.Series:
    """Texts of 8 or 9 digits (with spaces, dots or hyphens) as nine digits, else NA.

    >>> nine_digits(pd.Series(["1112.22.333", "12345672", "100.1", ""])).tolist()
    ['111222333', '012345672', nan, nan]
    """
    compact = texts.str.replace(r"[ .\-]", "", regex=True)
    shaped = compact.str.fullmatch(r"[0-9]{8,9}").fillna(False).astype(bool)
    return compact.str.zfill(9).where(shaped)


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


def _without_contact(s: Scope) -> pd.Series:
    """Relaties (persoon or organisatie) that no contact links to."""
    linked = member(s.numbers, s.links)
    return s.rel.filled("relatienummer") & ~linked & (s.ctx.persoon | s.ctx.organisatie)


def _unknown_links(s: Scope) -> pd.Series:
    """Each link of a contact to a relatienummer that is not in the Relaties file."""
    return s.links[~member(s.links, s.numbers[s.rel.filled("relatienummer")])]


def _owners_missing(s: Scope) -> pd.Series:
    """Organisaties whose owners pay IB (eenmanszaak, vof, maatschap, cv) with a linked
    contact but no persoon sub-relatie for an owner or vennoot (rule 12)."""
    persoon_parents = s.parents[s.ctx.persoon].dropna()
    linked = member(s.numbers, s.links)
    owned = member(s.numbers, persoon_parents)
    return s.ctx.organisatie & s.transparent & linked & ~owned & s.rel.filled("relatienummer")


def _shared_ib_dossiers(s: Scope) -> pd.Series:
    """Contacts linked to two or more persoon sub-relaties of one organisation (rule 13):
    one vennoot could open the other's IB dossier."""
    persons = pd.DataFrame({"number": s.numbers, "parent": s.parents})[
        s.ctx.persoon & s.parents.notna()
    ].drop_duplicates("number")
    links = pd.DataFrame({"row": s.links.index, "number": s.links.str.strip().to_numpy()})
    personal = links.drop_duplicates().merge(persons, on="number")
    per_parent = personal.groupby(["row", "parent"]).size()
    shared = per_parent[per_parent >= 2].index.get_level_values("row").unique()
    return pd.Series(s.con.index.isin(shared), index=s.con.index)


def _jaar_not_allowed(s: Scope) -> pd.Series:
    """Btw per jaar on anything but a natural person or a partnership of natural persons."""
    natural = s.ctx.persoon | s.ctx.rechtsvorm_has("natural_persons")
    return s.ctx.tijdvak_btw.eq("jaar") & ~natural & (s.ctx.organisatie | s.ctx.persoon)


def _fiscal_mismatch(s: Scope, field: str) -> pd.Series:
    """Rows whose btw (11-test kind) or LH digits are neither the RSIN nor an owner's BSN."""
    rel, ctx = s.rel, s.ctx
    if field == "btw_nummer":
        digits = s.btw_digits
    else:
        digits = rel.normal("loonheffingsnummer").str.slice(0, 9)
    rsin = rel.normal("rsin")
    org_mismatch = ctx.organisatie & ~s.eenmanszaak & rsin.notna() & digits.notna()
    org_mismatch &= digits.ne(rsin)
    emz = ctx.organisatie & s.eenmanszaak
    pairs = pd.DataFrame({"number": s.numbers, "digits": digits})[emz & digits.notna()]
    matched = pairs.merge(s.owners, on=["number", "digits"], how="inner")["number"]
    has_owner = member(pairs["number"], s.owners["number"])
    emz_mismatch = pd.Series(False, index=rel.index)
    emz_mismatch[pairs.index] = has_owner & ~member(pairs["number"], matched)
    return org_mismatch | emz_mismatch


def _look_alike(s: Scope) -> pd.Series:
    """Relaties with the same name and the same KvK-nummer or RSIN as another."""
    name = key_series(s.rel.text("naam")).where(s.rel.filled("naam"))
    look_alike = pd.Series(False, index=s.rel.index)
    for other in ("kvk_nummer", "rsin"):
        pair = pd.DataFrame({"name": name, "id": s.rel.normal(other)})
        complete = pair.notna().all(axis=1)
        look_alike |= complete & pair.duplicated(keep=False)
    return look_alike


#: Every rule, grouped by what it is about. Order does not matter: issues are sorted later.
RULES: tuple[Rule, ...] = (
    # Numbering and hierarchy: unique relatienummers, and every `P.n` has its `P`.
    Rule(
        "relatienummer.duplicate",
        ERROR,
        "Dit relatienummer staat op meer dan één regel. Geef elke relatie een eigen nummer.",
        "100 op regel 4 en regel 9",
        find=lambda s: s.numbers.duplicated(keep=False) & s.rel.filled("relatienummer"),
        reads=("relatienummer",),
    ),
    Rule(
        "relatienummer.is_bsn",
        WARNING,
        "Dit relatienummer is ook een BSN of RSIN in het bestand. Het relatienummer gaat naar "
        "andere pakketten en staat overal in beeld; geef de relatie een eigen nummer.",
        "relatienummer 111222333, ook het BSN van de relatie",
        find=lambda s: pd.Series(
            member(s.number_digits, s.personal_numbers), index=s.numbers.index
        ),
        reads=("relatienummer", "bsn", "rsin"),
    ),
    Rule(
        "relatienummer.parent_missing",
        ERROR,
        "Subrelatie zonder hoofdrelatie: het nummer vóór de laatste punt (100 bij 100.1) staat "
        "niet in het bestand. Voeg de hoofdrelatie toe of corrigeer het nummer.",
        "205.1 zonder 205",
        find=lambda s: (
            s.parents.notna() & ~member(s.parents, s.numbers[s.rel.filled("relatienummer")])
        ),
        reads=("relatienummer",),
    ),
    Rule(
        "relatienummer.child_not_persoon",
        WARNING,
        "Een subrelatie (zoals 100.1) is normaal een persoon: eigenaar, vennoot of DGA. "
        "Controleer het soort relatie.",
        "100.1 als organisatie",
        find=lambda s: s.parents.notna() & s.ctx.organisatie,
        reads=(*CONTEXT_FIELDS, "relatienummer"),
    ),
    # Rules 1 and 3: what a persoon, an organisatie and an eenmanszaak may carry.
    Rule(
        "rsin.not_applicable",
        WARNING,
        "Een persoon heeft geen RSIN; een BSN hoort in de kolom BSN. Maak het RSIN leeg.",
        "persoon met RSIN",
        find=lambda s: s.ctx.persoon & s.rel.filled("rsin"),
        reads=(*CONTEXT_FIELDS, "rsin"),
    ),
    Rule(
        "kvk_nummer.not_applicable",
        WARNING,
        "Een persoon heeft geen KvK-nummer; dat hoort bij de organisatie. Maak het leeg.",
        "persoon met KvK-nummer",
        find=lambda s: s.ctx.persoon & s.rel.filled("kvk_nummer"),
        reads=(*CONTEXT_FIELDS, "kvk_nummer"),
    ),
    Rule(
        "rechtsvorm.not_applicable",
        WARNING,
        "Een persoon heeft geen rechtsvorm. Maak de rechtsvorm leeg of maak er een "
        "organisatie van.",
        "persoon met rechtsvorm BV",
        find=lambda s: s.ctx.persoon & s.rel.filled("rechtsvorm"),
        reads=CONTEXT_FIELDS,
    ),
    Rule(
        "bsn.not_applicable",
        WARNING,
        "Een organisatie heeft geen BSN (behalve het BSN van de eigenaar van een eenmanszaak). "
        "Gebruik het RSIN en zet het BSN bij de persoon.",
        "BV met BSN",
        find=lambda s: s.ctx.organisatie & ~s.eenmanszaak & s.rel.filled("bsn"),
        reads=(*CONTEXT_FIELDS, "bsn"),
    ),
    Rule(
        "rsin.eenmanszaak",
        WARNING,
        "Een eenmanszaak heeft geen RSIN: de eigenaar gebruikt zijn BSN. Maak het RSIN leeg en "
        "zet het BSN bij de eigenaar (subrelatie).",
        "eenmanszaak met RSIN",
        find=lambda s: s.ctx.organisatie & s.eenmanszaak & s.rel.filled("rsin"),
        reads=(*CONTEXT_FIELDS, "rsin"),
    ),
    # Rules 4 and 5: VPB and IB only where that tax applies.
    Rule(
        "producten.vpb_transparent",
        ERROR,
        "Aangifte VPB bij een eenmanszaak, vof, maatschap of cv: die betalen geen "
        "vennootschapsbelasting (de eigenaren doen aangifte IB). Haal het product weg.",
        "vof met Aangifte VPB",
        find=lambda s: s.ctx.product("Aangifte VPB") & s.transparent,
        reads=CONTEXT_FIELDS,
    ),
    Rule(
        "producten.vpb_stichting",
        WARNING,
        "Aangifte VPB bij een stichting of vereniging: alleen nodig als zij een onderneming "
        "drijft. Controleer het.",
        "stichting met Aangifte VPB",
        find=lambda s: (
            s.ctx.product("Aangifte VPB") & s.ctx.rechtsvorm_has("profit_tax", "vpb_soms")
        ),
        reads=CONTEXT_FIELDS,
    ),
    Rule(
        "producten.ib_on_vpb_entity",
        ERROR,
        "Aangifte IB bij een rechtspersoon (BV, NV, coöperatie): die doet aangifte VPB. Zet de "
        "IB-aangifte bij de persoon (DGA).",
        "BV met Aangifte IB",
        find=lambda s: s.ctx.product("Aangifte IB") & s.vpb_entity,
        reads=CONTEXT_FIELDS,
    ),
    Rule(
        "producten.ib_on_organisatie",
        WARNING,
        "Aangifte IB hoort bij een persoon met BSN, niet bij een organisatie. Zet het product "
        "bij de eigenaar of vennoot.",
        "vof met Aangifte IB",
        find=lambda s: s.ctx.product("Aangifte IB") & s.ctx.organisatie & ~s.vpb_entity,
        reads=CONTEXT_FIELDS,
    ),
    # Rules 6 and 7 (the reverse direction; the forward one is requiredness) and the tijdvakken.
    Rule(
        "btw_nummer.no_workflow",
        WARNING,
        "Er is een BTW-nummer maar geen product Aangifte BTW en geen BTW-tijdvak, dus de "
        "btw-workflow start niet. Voeg product en tijdvak toe of maak het nummer leeg.",
        "BTW-nummer zonder product",
        find=lambda s: s.rel.filled("btw_nummer") & ~s.ctx.btw_active & ~s.ctx.icp_active,
        reads=(*CONTEXT_FIELDS, "btw_nummer"),
    ),
    Rule(
        "loonheffingsnummer.no_workflow",
        WARNING,
        "Er is een loonheffingennummer maar geen product Loonadministratie en geen LH-tijdvak. "
        "Voeg ze toe of maak het nummer leeg.",
        "LH-nummer zonder product",
        find=lambda s: s.rel.filled("loonheffingsnummer") & ~s.ctx.lh_active,
        reads=(*CONTEXT_FIELDS, "loonheffingsnummer"),
    ),
    Rule(
        "tijdvak_btw.conflicts_product",
        ERROR,
        "Product Aangifte BTW met BTW-tijdvak 'geen': de workflow kan niet starten. Kies maand, "
        "kwartaal of jaar.",
        "Aangifte BTW + geen",
        find=lambda s: s.ctx.product("Aangifte BTW") & s.ctx.tijdvak_btw.eq("geen"),
        reads=CONTEXT_FIELDS,
    ),
    Rule(
        "tijdvak_lh.conflicts_product",
        ERROR,
        "Product Loonadministratie met LH-tijdvak 'geen'. Kies maand of vier weken.",
        "Loonadministratie + geen",
        find=lambda s: s.ctx.product("Loonadministratie") & s.ctx.tijdvak_lh.eq("geen"),
        reads=CONTEXT_FIELDS,
    ),
    Rule(
        "tijdvak_btw.jaar_not_allowed",
        ERROR,
        "Btw per jaar mag alleen voor een natuurlijk persoon of een eenmanszaak, vof of maatschap. "
        "Kies maand of kwartaal.",
        "BV met tijdvak jaar",
        find=_jaar_not_allowed,
        reads=CONTEXT_FIELDS,
    ),
    Rule(
        "tijdvak_icp.needs_btw",
        ERROR,
        "Een ICP-opgaaf vraagt een BTW-tijdvak anders dan 'geen'. Vul het BTW-tijdvak in.",
        "ICP kwartaal + BTW geen",
        find=lambda s: s.ctx.icp_active & s.ctx.tijdvak_btw.eq("geen"),
        reads=CONTEXT_FIELDS,
    ),
    # Rule 8: the 9 digits of btw (11-test kind) and LH numbers are the RSIN or the owner's BSN.
    Rule(
        "btw_nummer.fiscal_number_mismatch",
        WARNING,
        "De 9 cijfers van het BTW-nummer zijn niet het RSIN (of het BSN van de eigenaar van de "
        "eenmanszaak). Kan kloppen bij een fiscale eenheid; controleer het anders.",
        "RSIN 001000019, btw NL857256476B01",
        find=lambda s: _fiscal_mismatch(s, "btw_nummer"),
        reads=(*CONTEXT_FIELDS, "btw_nummer", "rsin", "bsn", "relatienummer"),
    ),
    Rule(
        "loonheffingsnummer.fiscal_number_mismatch",
        WARNING,
        "De 9 cijfers van het loonheffingennummer zijn niet het RSIN (of het BSN van de eigenaar "
        "van de eenmanszaak). Kan kloppen bij een groep; controleer het anders.",
        "RSIN 001000019, LH 857256476L01",
        find=lambda s: _fiscal_mismatch(s, "loonheffingsnummer"),
        reads=(*CONTEXT_FIELDS, "loonheffingsnummer", "rsin", "bsn", "relatienummer"),
    ),
    # Rule 9 and look-alike relaties.
    Rule(
        "bsn.duplicate",
        ERROR,
        "Hetzelfde BSN staat bij meer dan één persoon. Elk BSN hoort bij één persoon; zoek de "
        "dubbele op en corrigeer.",
        "twee personen met 111222333",
        find=lambda s: s.persoon_bsn.notna() & s.persoon_bsn.duplicated(keep=False),
        reads=(*CONTEXT_FIELDS, "bsn"),
    ),
    Rule(
        "rsin.duplicate",
        ERROR,
        "Hetzelfde RSIN staat bij meer dan één organisatie. Controleer welke het echte "
        "nummer heeft.",
        "twee BV's met hetzelfde RSIN",
        find=lambda s: s.organisatie_rsin.notna() & s.organisatie_rsin.duplicated(keep=False),
        reads=(*CONTEXT_FIELDS, "rsin"),
    ),
    Rule(
        "bsn.equals_rsin",
        ERROR,
        "Het BSN van deze persoon is ook het RSIN van een organisatie: een bekende kopieerfout. "
        "Zoek het juiste nummer op.",
        "DGA-BSN gelijk aan RSIN van de BV",
        find=lambda s: s.persoon_bsn.notna() & member(s.persoon_bsn, s.organisatie_rsin.dropna()),
        reads=(*CONTEXT_FIELDS, "bsn", "rsin"),
    ),
    Rule(
        "naam.possible_duplicate",
        WARNING,
        "Een andere relatie heeft dezelfde naam en hetzelfde KvK-nummer of RSIN: mogelijk dubbel. "
        "Voeg ze samen of maak het verschil duidelijk.",
        "Bakkerij Jansen BV twee keer",
        find=_look_alike,
        reads=("naam", "kvk_nummer", "rsin"),
    ),
    # Contacten: unique contactnummer and e-mail (case and spaces ignored).
    Rule(
        "contactnummer.duplicate",
        ERROR,
        "Dit contactnummer staat op meer dan één regel. Geef elk contact een eigen nummer.",
        "C100 twee keer",
        find=lambda s: (
            s.con.text("contactnummer").duplicated(keep=False) & s.con.filled("contactnummer")
        ),
        file=CONTACTEN,
        reads=("contactnummer",),
    ),
    Rule(
        "email.duplicate",
        ERROR,
        "Dit e-mailadres hoort al bij een ander contact (hoofdletters en spaties tellen niet). "
        "Elk contact logt in met een eigen adres.",
        "jan@voorbeeld.nl twee keer",
        find=lambda s: (
            s.con.text("email").str.lower().duplicated(keep=False) & s.con.filled("email")
        ),
        file=CONTACTEN,
        reads=("email",),
    ),
    # Rule 10, across the files: links point at existing relaties; relaties have a contact.
    Rule(
        "relatienummers.unknown_relatie",
        ERROR,
        "Het contact is gekoppeld aan een relatienummer dat niet in het relatiebestand staat. "
        "Corrigeer het nummer of voeg de relatie toe.",
        "999",
        find=_unknown_links,
        file=CONTACTEN,
        across=True,
        entries=True,
        reads=("relatienummers", "relatienummer"),
    ),
    # Rules 12 and 13: the implementation guide's structure, owners as persoon sub-relaties.
    Rule(
        "relatienummer.owners_missing",
        WARNING,
        "Deze eenmanszaak, vof, maatschap of cv heeft contactpersonen maar geen persoon-relatie "
        "voor de eigenaar of vennoten. Maak per eigenaar of vennoot een persoon-relatie onder "
        "dit nummer (100.1, 100.2) voor de IB, zodat de een de IB van de ander niet ziet.",
        "vof 100 met contacten, zonder 100.1",
        find=_owners_missing,
        across=True,
        reads=(*CONTEXT_FIELDS, "relatienummer", "relatienummers"),
    ),
    Rule(
        "relatienummers.shared_ib_dossiers",
        WARNING,
        "Dit contact is gekoppeld aan twee of meer persoon-relaties van dezelfde organisatie "
        "(zoals 100.1 en 100.2) en kan zo de IB-dossiers van beide openen. Koppel elk contact "
        "aan de eigen persoon-relatie; zijn het fiscale partners, accepteer dan deze "
        "waarschuwing op de pagina Herstellen.",
        "contact gekoppeld aan 100.1 en 100.2",
        find=_shared_ib_dossiers,
        file=CONTACTEN,
        across=True,
        reads=(*CONTEXT_FIELDS, "relatienummer", "relatienummers"),
    ),
    Rule(
        "relatienummer.no_contact",
        WARNING,
        "Geen enkel contact is aan deze relatie gekoppeld, dus niemand kan namens haar inloggen. "
        "Koppel een contact in het contactenbestand.",
        "relatie 130 zonder contact",
        find=_without_contact,
        across=True,
        reads=(*CONTEXT_FIELDS, "relatienummer", "relatienummers"),
    ),
)


def file_rules(
    file: str,
    scope: Scope,
    before: Mapping[str, pd.DataFrame] | None = None,
    changed: frozenset[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every rule inside one file, by code.

    With `before` (the same file's findings before an edit) and `changed` (the edited
    fields), a rule that reads none of the changed fields keeps its earlier findings.
    """
    return _run([r for r in RULES if r.file == file and not r.across], scope, before, changed)


def cross_file_rules(
    scope: Scope,
    before: Mapping[str, pd.DataFrame] | None = None,
    changed: frozenset[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """The rules that need both files, by code (each reports on its own `file`)."""
    return _run([r for r in RULES if r.across], scope, before, changed)


def _run(
    rules: list[Rule],
    scope: Scope,
    before: Mapping[str, pd.DataFrame] | None,
    changed: frozenset[str] | None,
) -> dict[str, pd.DataFrame]:
    """Each rule's findings: kept from `before` when it reads no changed field."""

    def findings(rule: Rule) -> pd.DataFrame:
        fresh = before is None or changed is None or not changed.isdisjoint(rule.reads)
        return rule.issues(scope) if fresh else before[rule.code]

    # independent of each other, so side by side (the shared columns are made once)
    return dict(zip((r.code for r in rules), each(findings, rules), strict=True))


#: The file each rule reports on, by code (cross-file findings go to that file's list).
RULE_FILE = {rule.code: rule.file for rule in RULES}
