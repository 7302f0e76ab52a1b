"""Fixing on screen (`dq.edits`): edits, batches, undo/redo, accepted warnings, and the
incremental re-check, which must always equal a full check of the edited files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dq.checks.pipeline import analyse
from dq.checks.report import Report
from dq.checks.rules import RULES, SHARED, Records, Scope
from dq.edits.session import BATCH, EDIT, SUGGESTED, Edits
from dq.spec.context import CONTEXT_FIELDS, Context
from dq.spec.fields import CONTACTEN, RELATIES
from tests.helpers import run

ISSUE_COLUMNS = ["file", "row", "key", "field", "code", "severity", "message", "value", "pos"]


def full_check(report: Report) -> Report:
    """The same files checked from scratch."""
    tables = {k: r.table for k, r in report.files.items()}
    return analyse(tables, {k: r.mapping for k, r in report.files.items()}, report.catalog)


def assert_same(incremental: Report, full: Report) -> None:
    """Issues (in order), field scores, product scores, readiness and requiredness are
    equal."""
    a, b = incremental.issues, full.issues
    pd.testing.assert_frame_equal(
        a[[*ISSUE_COLUMNS, "suggestion"]].reset_index(drop=True),
        b[[*ISSUE_COLUMNS, "suggestion"]].reset_index(drop=True),
    )
    pd.testing.assert_frame_equal(incremental.field_scores, full.field_scores)
    pd.testing.assert_frame_equal(
        incremental.products.reset_index(drop=True), full.products.reset_index(drop=True)
    )
    assert incremental.readiness == full.readiness
    for kind, result in full.files.items():  # kept from the check before when it can be
        kept = incremental.files[kind].required
        assert kept.keys() == result.required.keys()
        for key, rows in result.required.items():
            pd.testing.assert_series_equal(kept[key], rows)


def first(report: Report, code: str) -> pd.Series:
    """The first issue of a code."""
    return report.issues[report.issues["code"].eq(code)].iloc[0]


@pytest.fixture
def edits(demo_report: Report) -> Edits:
    return Edits(demo_report)


def test_an_edit_that_fixes_an_error_removes_it_and_the_counts_follow(edits: Edits) -> None:
    before = edits.report
    bad = first(before, "bsn.invalid_checksum")
    after = edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    left = after.issues[after.issues["pos"].eq(bad.pos) & after.issues["file"].eq(RELATIES)]
    assert "bsn.invalid_checksum" not in set(left["code"])
    assert after.counts["error"] < before.counts["error"]
    assert edits.cell(RELATIES, int(bad.pos), "bsn") == "111222333"
    assert_same(after, full_check(after))


def test_a_value_that_still_fails_stays_with_its_new_problem(edits: Edits) -> None:
    bad = first(edits.report, "bsn.invalid_checksum")
    after = edits.edit(RELATIES, int(bad.pos), "bsn", "12345")
    assert edits.cell(RELATIES, int(bad.pos), "bsn") == "12345"
    row = after.issues[after.issues["pos"].eq(bad.pos) & after.issues["field"].eq("bsn")]
    assert set(row["code"]) == {"bsn.invalid_length"}
    assert row["value"].iloc[0] == "12345"


def test_fixing_a_duplicate_number_clears_both_rows(edits: Edits) -> None:
    dup = edits.report.issues[edits.report.issues["code"].eq("relatienummer.duplicate")]
    one, other = (int(p) for p in dup["pos"].iloc[:2])
    number = dup["key"].iloc[0]
    assert dup[dup["key"].eq(number)].shape[0] == 2
    after = edits.edit(RELATIES, one, "relatienummer", "99999")
    still = after.issues[after.issues["code"].eq("relatienummer.duplicate")]
    assert not still["pos"].isin([one, other]).any()
    assert_same(after, full_check(after))


def test_renumbering_a_relatie_breaks_its_contacts_and_its_children(edits: Edits) -> None:
    report = edits.report
    numbers = report.files[RELATIES].outcomes["relatienummer"].raw.str.strip()
    children = numbers[numbers.str.contains(r"^\d+\.\d+$")]
    parent = children.iloc[0].split(".")[0]
    pos = int(numbers[numbers.eq(parent)].index[0])
    links = report.files[CONTACTEN].outcomes["relatienummers"].raw
    linked = links.str.contains(rf"(?:^|[,;]\s*){parent}(?:\s*[,;]|$)")
    assert linked.any()
    after = edits.edit(RELATIES, pos, "relatienummer", "A-NIEUW")
    issues = after.issues
    orphans = issues[issues["code"].eq("relatienummer.parent_missing")]
    assert children.iloc[0] in set(orphans["key"])
    unknown = issues[issues["code"].eq("relatienummers.unknown_relatie")]
    assert parent in set(unknown["value"])
    assert_same(after, full_check(after))


def test_undo_redo_and_undo_all(edits: Edits) -> None:
    original = edits.report
    bad = first(original, "bsn.invalid_checksum")
    edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    second = edits.edit(RELATIES, int(bad.pos), "naam", "Nieuwe naam")
    assert edits.pending == 2 and edits.steps[-1].startswith("Naam op rij")
    assert_same(edits.undo(), full_check(edits.report))
    assert edits.pending == 1 and edits.can_redo
    assert_same(edits.redo(), second)
    assert_same(edits.undo_all(), original)
    assert edits.pending == 0 and not edits.can_undo
    edits.redo()
    assert edits.cell(RELATIES, int(bad.pos), "bsn") == "111222333"
    edits.edit(RELATIES, int(bad.pos), "naam", "Weer anders")
    assert not edits.can_redo  # a new edit drops what was undone


def test_apply_to_all_is_one_step(edits: Edits) -> None:
    column = edits.report.files[RELATIES].mapping.column("rechtsvorm")
    values = edits.report.files[RELATIES].table.frame[column].str.strip()
    spelling = values[values.eq("B.V.")]
    assert len(spelling) > 1
    after = edits.apply_to_all(RELATIES, "rechtsvorm", "B.V.", "bv")
    now = after.files[RELATIES].table.frame[column]
    assert (now.iloc[spelling.index] == "bv").all()
    assert len(edits.steps) == 1 and edits.changes()["source"].eq(BATCH).all()
    assert edits.pending == len(spelling)
    assert_same(after, full_check(after))
    edits.undo()
    assert edits.pending == 0


def test_accept_every_suggestion_of_one_code(edits: Edits) -> None:
    code = "bsn.leading_zero_restored"
    wanted = edits.suggestions(code)
    assert len(wanted) > 0
    after = edits.accept_suggestions(code)
    assert not after.issues["code"].eq(code).any()
    changes = edits.changes()
    assert len(changes) == len(wanted) and changes["source"].eq(SUGGESTED).all()
    assert set(changes["new"]) == set(wanted["suggestion"])
    assert_same(after, full_check(after))


def test_a_suggestion_in_a_list_replaces_only_its_item() -> None:
    report = run(
        [
            {
                "relatienummer": "1",
                "naam": "A",
                "type": "persoon",
                "bsn": "111222333",
                "producten": "BTW; Subsidie",
            }
        ]
    )
    edits = Edits(report)
    edits.accept_suggestions("producten.normalised")
    assert edits.cell(RELATIES, 0, "producten") == "Aangifte BTW, Subsidie"


def test_every_reported_item_of_a_list_cell_takes_its_suggestion() -> None:
    report = run(
        [
            {
                "relatienummer": "1",
                "naam": "A",
                "type": "persoon",
                "bsn": "111222333",
                "producten": "BTW; IB",
            }
        ]
    )
    edits = Edits(report)
    edits.accept_suggestions("producten.normalised")
    assert edits.cell(RELATIES, 0, "producten") == "Aangifte BTW, Aangifte IB"
    assert len(edits.steps) == 1 and edits.pending == 1


def test_changes_list_the_original_and_the_latest_text(edits: Edits) -> None:
    bad = first(edits.report, "bsn.invalid_checksum")
    old = edits.cell(RELATIES, int(bad.pos), "bsn")
    edits.edit(RELATIES, int(bad.pos), "bsn", "1")
    edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    change = edits.changes().iloc[0]
    assert (change["old"], change["new"], change["source"]) == (old, "111222333", EDIT)
    assert change["row"] == bad.row and change["key"] == bad.key
    edits.edit(RELATIES, int(bad.pos), "bsn", old)
    assert edits.changes().empty  # back to the original: nothing pending


def test_accepting_a_warning_moves_it_out_of_the_to_do_list(edits: Edits) -> None:
    warning = first(edits.report, "relatienummer.no_contact")
    before = edits.report.counts
    after = edits.accept(RELATIES, warning.key, warning.field, warning.code, "Intern dossier")
    assert after.counts["warning"] == before["warning"] - 1
    assert after.counts["error"] == before["error"] and after.readiness == edits.original.readiness
    assert after.accepted.iloc[0]["reason"] == "Intern dossier"
    assert after.to_dict()["accepted"][0]["code"] == "relatienummer.no_contact"
    # it holds through an edit elsewhere, and can be withdrawn
    bad = first(after, "bsn.invalid_checksum")
    again = edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    assert len(again.accepted) == 1
    assert edits.withdraw(RELATIES, warning.key, warning.field, warning.code).accepted.empty


def test_errors_cannot_be_accepted_and_a_reason_is_needed(edits: Edits) -> None:
    error = first(edits.report, "bsn.invalid_checksum")
    with pytest.raises(ValueError, match="fout blokkeert"):
        edits.accept(RELATIES, error.key, error.field, error.code, "Klopt wel")
    warning = first(edits.report, "relatienummer.no_contact")
    with pytest.raises(ValueError, match="reden"):
        edits.accept(RELATIES, warning.key, warning.field, warning.code, "  ")


def test_saved_acceptances_apply_to_the_next_check(edits: Edits, demo_report: Report) -> None:
    warning = first(edits.report, "relatienummer.no_contact")
    edits.accept(RELATIES, warning.key, warning.field, warning.code, "Intern dossier")
    gone = pd.DataFrame(
        [[RELATIES, "no-such-key", "bsn", "bsn.test_number", "oud"]],
        columns=["file", "key", "field", "code", "reason"],
    )
    fresh = Edits(demo_report)
    missing = fresh.apply_acceptances(pd.concat([edits.acceptances, gone]))
    assert len(fresh.report.accepted) == 1 and list(missing["key"]) == ["no-such-key"]


def test_an_unmapped_field_cannot_be_edited() -> None:
    edits = Edits(run([{"relatienummer": "1", "naam": "A", "type": "persoon"}]))
    with pytest.raises(ValueError, match="geen kolom"):
        edits.edit(RELATIES, 0, "bsn", "111222333")


# --- a small office on which every rule fires ---------------------------------------------


def _row(number: str, kind: str, **cells: str) -> dict[str, str]:
    return {"relatienummer": number, "naam": f"Relatie {number}", "type": kind, **cells}


PROBE_RELATIES = [
    _row(
        "100",
        "organisatie",
        naam="Bakkerij De Korenbloem",
        rechtsvorm="bv",
        rsin="001000019",
        kvk_nummer="12345678",
        btw_nummer="NL001000019B01",
        loonheffingsnummer="857256476L01",
        tijdvak_btw="kwartaal",
        tijdvak_lh="maand",
        producten="Aangifte VPB, Aangifte BTW, Loonadministratie",
    ),
    _row(
        "100.1",
        "persoon",
        bsn="111222333",
        rsin="857256476",
        kvk_nummer="12345678",
        rechtsvorm="bv",
        producten="Aangifte IB",
    ),
    _row(
        "101",
        "organisatie",
        naam="Bakkerij De Korenbloem",
        rechtsvorm="bv",
        rsin="001000019",
        kvk_nummer="87654321",
        bsn="123456782",
        tijdvak_btw="jaar",
        producten="Aangifte IB, Aangifte BTW",
        btw_nummer="NL001000019B01",
    ),
    _row(
        "102",
        "organisatie",
        rechtsvorm="eenmanszaak",
        rsin="857256476",
        btw_nummer="NL857256476B01",
        tijdvak_btw="kwartaal",
        producten="Aangifte VPB, Aangifte BTW",
    ),
    _row("102.1", "persoon", bsn="123456782", producten="Aangifte IB"),
    _row(
        "103",
        "organisatie",
        rechtsvorm="stichting",
        rsin="002455799",
        kvk_nummer="11223344",
        btw_nummer="NL857256476B01",
        loonheffingsnummer="857256476L01",
        producten="Aangifte VPB",
    ),
    _row(
        "104",
        "organisatie",
        rechtsvorm="vof",
        rsin="003838270",
        tijdvak_btw="geen",
        tijdvak_lh="geen",
        tijdvak_icp="kwartaal",
        producten="Aangifte IB, Aangifte BTW, Loonadministratie",
    ),
    _row("105.1", "organisatie", rechtsvorm="bv", rsin="004495445", producten="Jaarrekening"),
    _row("106", "persoon", bsn="111222333", producten="Aangifte IB"),
    _row("106", "persoon", bsn="001000019", producten="Aangifte IB"),
    _row("109", "persoon", bsn="999999990", producten="Aangifte IB"),
    _row("110", "organisatie", naam="Relatie 103", rechtsvorm="stichting", kvk_nummer="11223344"),
    _row("111", "organisatie", rechtsvorm="vof", rsin="005006004", producten="Jaarrekening"),
    _row("111.1", "persoon", bsn="274650009", producten="Aangifte IB"),
    _row("111.2", "persoon", bsn="193827475", producten="Aangifte IB"),
    _row("111222333", "persoon", producten="Aangifte IB"),  # the BSN of 100.1 as its number
]
PROBE_CONTACTEN = [
    {
        "contactnummer": "C1",
        "voornaam": "Jan",
        "achternaam": "Jansen",
        "email": "jan@a.nl",
        "relatienummers": "100; 100.1; 101; 102; 102.1; 103; 104; 105.1; 106; 110; 111.1; 111.2; "
        "999",
    },
    {
        "contactnummer": "C2",
        "voornaam": "Piet",
        "achternaam": "Smit",
        "email": "JAN@a.nl ",
        "relatienummers": "100",
    },
    {
        "contactnummer": "C2",
        "voornaam": "Els",
        "achternaam": "Smit",
        "email": "els@a.nl",
        "relatienummers": "104",
    },
]


@pytest.fixture(scope="module")
def probe() -> Report:
    return run(PROBE_RELATIES, PROBE_CONTACTEN)


def test_every_rule_fires_on_the_probe(probe: Report) -> None:
    assert {r.code for r in RULES} <= set(probe.issues["code"])


# --- the incremental re-check equals a full check ---------------------------------------

EDITABLE = {
    RELATIES: [
        "relatienummer",
        "naam",
        "type",
        "rechtsvorm",
        "bsn",
        "rsin",
        "kvk_nummer",
        "btw_nummer",
        "loonheffingsnummer",
        "tijdvak_btw",
        "tijdvak_lh",
        "tijdvak_icp",
        "producten",
    ],
    CONTACTEN: ["contactnummer", "email", "relatienummers"],
}
JUNK = ["", "-", "nvt", "12345", "B.V.", "K", "100.1", "999999990", "NL000099998B57", "x@y"]


@st.composite
def step(draw: st.DrawFn, report: Report) -> tuple:
    kind = draw(st.sampled_from([RELATIES, CONTACTEN, "undo", "redo", "batch"]))
    if kind in ("undo", "redo"):
        return (kind,)
    file = RELATIES if kind == "batch" else kind
    field = draw(st.sampled_from(EDITABLE[file]))
    frame, mapping = report.files[file].table.frame, report.files[file].mapping
    column = frame[mapping.column(field)]
    # values from any column of the file, so a BSN can land in the RSIN column and so on
    source = frame[mapping.column(draw(st.sampled_from(EDITABLE[file])))]
    value = draw(st.one_of(st.sampled_from(source.tolist()), st.sampled_from(JUNK)))
    pos = draw(st.integers(0, len(column) - 1))
    return (kind, file, pos, field, value)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_sequence_of_edits_equals_a_full_check(
    demo_report: Report, data: st.DataObject
) -> None:
    edits = Edits(demo_report)
    for action in data.draw(st.lists(step(demo_report), min_size=1, max_size=6)):
        if action[0] == "undo":
            edits.undo()
        elif action[0] == "redo":
            edits.redo()
        elif action[0] == "batch":
            _, file, _pos, field, value = action
            old = edits.cell(file, _pos, field)
            edits.apply_to_all(file, field, old, value)
        else:
            _, file, pos, field, value = action
            edits.edit(file, pos, field, value)
        assert_same(edits.report, full_check(edits.report))


def perturbed(records: Records, keep: set[str], how: str, rng: np.random.Generator) -> Records:
    """The same records with every field outside `keep` shuffled over the rows or emptied."""
    outcomes = {}
    for key, outcome in records.outcomes.items():
        if key in keep:
            outcomes[key] = outcome
            continue
        n = len(outcome.raw)
        order = rng.permutation(n) if how == "shuffle" else np.zeros(n, dtype=int)
        moved = {
            name: getattr(outcome, name).iloc[order].set_axis(outcome.raw.index)
            for name in ("raw", "filled", "normal", "valid")
        }
        if how == "empty":
            index = outcome.raw.index
            moved["raw"] = pd.Series("", index=index, dtype="str")
            moved["filled"] = moved["valid"] = pd.Series(False, index=index)
            moved["normal"] = pd.Series(pd.NA, index=index, dtype="str")
        outcomes[key] = type(outcome)(
            outcome.field, outcome.column, **moved, issues=outcome.issues, items=None
        )
    return Records(outcomes, records.index)


@pytest.mark.parametrize("how", ["shuffle", "empty"])
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_a_rule_reads_only_what_it_declares(probe: Report, rule, how: str) -> None:
    """Shuffling or emptying every field a rule does not declare leaves its findings as they
    are, so a re-check may keep them when none of its fields changed."""
    keep = set(rule.reads) | {rule.field}
    records = {
        kind: Records(result.outcomes, result.table.frame.index)
        for kind, result in probe.files.items()
    }
    plain = rule.issues(Scope(records[RELATIES], probe.context, records[CONTACTEN]))
    assert len(plain), "the probe office must trigger the rule"
    rng = np.random.default_rng(7)
    changed = {kind: perturbed(r, keep, how, rng) for kind, r in records.items()}
    ctx = probe.context
    if not keep >= set(CONTEXT_FIELDS):  # the rule must not look at what a relatie is
        normal = {k: o.normal for k, o in changed[RELATIES].outcomes.items()}
        normal["producten_list"] = pd.Series(dtype="str")
        ctx = Context.build(normal, probe.catalog, records[RELATIES].index)
    moved = rule.issues(Scope(changed[RELATIES], ctx, changed[CONTACTEN]))
    pd.testing.assert_frame_equal(plain.reset_index(drop=True), moved.reset_index(drop=True))


@pytest.mark.parametrize("how", ["shuffle", "empty"])
@pytest.mark.parametrize("name", SHARED, ids=str)
def test_a_shared_column_reads_only_what_it_declares(probe: Report, name: str, how: str) -> None:
    """The same for the columns rules share: a re-check carries one over from the check
    before when the edit touched none of its fields (`Scope.carry`)."""
    keep = set(SHARED[name])
    records = {
        kind: Records(result.outcomes, result.table.frame.index)
        for kind, result in probe.files.items()
    }
    plain = getattr(Scope(records[RELATIES], probe.context, records[CONTACTEN]), name)
    flags = isinstance(plain, pd.Series) and plain.dtype == bool
    assert plain.any() if flags else plain.notna().to_numpy().any(), "the probe must fill it"
    rng = np.random.default_rng(7)
    changed = {kind: perturbed(r, keep, how, rng) for kind, r in records.items()}
    ctx = probe.context
    if not keep >= set(CONTEXT_FIELDS):
        normal = {k: o.normal for k, o in changed[RELATIES].outcomes.items()}
        normal["producten_list"] = pd.Series(dtype="str")
        ctx = Context.build(normal, probe.catalog, records[RELATIES].index)
    moved = getattr(Scope(changed[RELATIES], ctx, changed[CONTACTEN]), name)
    assert plain.equals(moved)


def test_a_shared_column_is_carried_only_past_edits_of_other_fields(probe: Report) -> None:
    records = Records(probe.files[RELATIES].outcomes, probe.files[RELATIES].table.frame.index)
    before = Scope(records, probe.context)
    parents, owners = before.parents, before.owners
    after = Scope(records, probe.context).carry(before, frozenset({"bsn"}))
    assert after.parents is parents  # reads relatienummer only
    assert after.owners is not owners and after.owners.equals(owners)  # reads bsn: made again


def test_the_cleaned_files_carry_the_edits_with_their_source(edits: Edits) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from dq.exports.cleaned import FROM_SCREEN, cleaned_files, screen_changes

    bad = first(edits.report, "bsn.invalid_checksum")
    edits.edit(RELATIES, int(bad.pos), "bsn", "111222333")
    edits.apply_to_all(RELATIES, "rechtsvorm", "B.V.", "bv")
    files = cleaned_files(edits.report, screen_changes(edits))
    book = load_workbook(BytesIO(files["relaties_opgeschoond.xlsx"]), read_only=True)
    changes = list(book["Wijzigingen"].values)
    header, rows = changes[0], changes[1:]
    reason = header.index("Reden") if "Reden" in header else len(header) - 1
    reasons = [r[reason] for r in rows]
    assert reasons.count(FROM_SCREEN[EDIT]) == 1
    assert reasons.count(FROM_SCREEN[BATCH]) == len(
        edits.same_value_rows(RELATIES, "rechtsvorm", "bv")
    )
    data = list(book[book.sheetnames[0]].values)
    column = data[0].index(edits.report.files[RELATIES].mapping.column("bsn"))
    assert data[int(bad.pos) + 1][column] == "111222333"


def test_the_numbers_masked_elsewhere_follow_an_edit(demo_report: Report) -> None:
    """A BSN typed in is masked wherever it shows (a relatienummer equal to it too); the
    numbers of a column the edit left alone are kept, not made again."""
    edits = Edits(demo_report)
    rsin = edits.report.files[RELATIES].outcomes["rsin"].secrets
    assert "123456782" not in edits.report.personal_numbers
    edits.edit(RELATIES, 0, "bsn", "1234.56.782")
    after = edits.report
    assert "123456782" in after.personal_numbers
    assert after.files[RELATIES].outcomes["rsin"].secrets is rsin
    assert after.personal_numbers == full_check(after).personal_numbers
