"""Comparing two checks on crafted pairs: matching by key, duplicates, files and scores."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import run, table

from dq.api import map_columns
from dq.checks.codes import all_codes
from dq.checks.pipeline import analyse
from dq.progress import compare as compare_module
from dq.progress.compare import (
    FIXED,
    NEW,
    OPEN,
    Snapshot,
    compare,
    hashed,
    snapshot,
    stored_key,
)

PERSON = {"naam": "Piet de Vries", "type": "persoon", "producten": "Aangifte IB"}
A, B, C = "111222308", "111222321", "111222333"  # BSNs passing the 11-test
BAD = "123456789"  # fails it


def person(number: str, bsn: str, **changes: str) -> dict[str, str]:
    """A persoon taking Aangifte IB; only the cells a test cares about are given."""
    return {"relatienummer": number, **PERSON, "bsn": bsn, **changes}


def statuses(before: list[dict], after: list[dict]) -> list[tuple[str, str, str]]:
    """(status, key, code) of every problem, sorted."""
    issues = compare(run(before), run(after)).issues
    return sorted(zip(issues["status"], issues["key"], issues["code"], strict=True))


def test_reordered_rows_change_nothing() -> None:
    rows = [person("200", BAD), person("201", A), person("202", BAD, producten="Foo")]
    result = compare(run(rows), run(rows[::-1]))
    assert result.count(FIXED) == result.count(NEW) == 0
    assert result.count(OPEN) == len(result.before.issues) == 3
    moved = result.issues.dropna(subset=["row_before"])
    assert (moved["row_before"] != moved["row_after"]).any()  # other Excel rows, same issues


def test_fixed_open_and_new_by_row_key() -> None:
    before = [person("200", BAD), person("201", BAD), person("202", C)]
    after = [person("201", BAD), person("200", A), person("202", BAD)]
    assert statuses(before, after) == [
        (FIXED, "200", "bsn.invalid_checksum"),
        (NEW, "202", "bsn.invalid_checksum"),
        (OPEN, "201", "bsn.invalid_checksum"),
    ]


def test_the_same_key_twice_is_matched_as_a_multiset() -> None:
    two_unknown = [person("200", A, producten="Aangifte IB, Foo, Bar")]
    one_unknown = [person("200", A, producten="Aangifte IB, Foo")]
    assert statuses(two_unknown, one_unknown) == [
        (FIXED, "200", "producten.unknown_value"),
        (OPEN, "200", "producten.unknown_value"),
    ]
    doubled = [person("200", A), person("200", B)]
    renumbered = [person("200", A), person("201", B)]
    assert statuses(doubled, renumbered) == [(FIXED, "200", "relatienummer.duplicate")] * 2
    assert statuses(renumbered, doubled) == [(NEW, "200", "relatienummer.duplicate")] * 2


def test_rows_without_a_number_are_matched_among_themselves() -> None:
    before = [person("", BAD), person("", A), person("300", B)]
    after = [person("", A), person("300", B)]
    result = statuses(before, after)
    assert result.count((OPEN, "", "relatienummer.missing")) == 1
    assert result.count((FIXED, "", "relatienummer.missing")) == 1
    assert (FIXED, "", "bsn.invalid_checksum") in result


def test_infos_are_counted_not_matched() -> None:
    normalised = [person("200", "1112.22.333")]
    report = run(normalised)
    assert report.counts["info"] == 1
    assert snapshot(report).issues.empty
    assert set(snapshot(report).codes["code"]) == {"bsn.normalised"}


def test_field_and_product_changes() -> None:
    before = run([person("200", BAD), person("201", B)])
    after = run([person("200", A), person("201", B)])
    result = compare(before, after)
    bsn = result.fields.set_index("field").loc["bsn"]
    assert (bsn["validity_pct_before"], bsn["validity_pct_after"]) == (50.0, 100.0)
    assert bsn["validity_pct_change"] == 50.0
    assert (bsn["problems_before"], bsn["problems_after"], bsn["label"]) == (1, 0, "BSN")
    assert result.fields.iloc[0]["field"] == "bsn"  # the biggest change first
    ib = result.products.set_index("product").loc["Aangifte IB"]
    assert (ib["ready_pct_before"], ib["ready_pct_after"], ib["ready_pct_change"]) == (
        50.0,
        100.0,
        50.0,
    )
    assert set(result.products["product"]) == {"Aangifte IB"}  # products nobody takes are left out


def test_summary_sentence() -> None:
    before = run([person("200", BAD), person("201", BAD), person("202", C)])
    after = run([person("200", A), person("201", BAD), person("202", BAD)])
    text = compare(before, after).summary()
    assert text == (
        "Sinds de vorige controle: 1 van 2 problemen opgelost, 1 nieuw; nu nog 2 open. "
        "Gereedheid 33,3% → 33,3%."
    )
    earlier = snapshot(before, label="week 1", checked_at=pd.Timestamp("2026-03-02 10:00Z"))
    assert (
        compare(earlier, after)
        .summary()
        .startswith("Sinds de vorige controle (week 1, 02-03-2026): ")
    )


CONTACT = {"contactnummer": "9000", "voornaam": "Piet", "achternaam": "Vries"}


def test_only_files_read_by_both_checks_are_compared() -> None:
    both = run([person("200", BAD)], [{**CONTACT, "relatienummers": "999"}])
    relaties_only = run([person("200", BAD)])
    result = compare(both, relaties_only)
    assert result.count(FIXED) == 0  # contacten was not uploaded again: nothing was fixed
    assert set(result.issues["code"]) == {"bsn.invalid_checksum"}
    assert result.skipped == ("contacten",)
    assert result.summary().endswith(
        "Niet vergeleken: het contactenbestand (niet in beide controles)."
    )
    assert compare(relaties_only, both).count(NEW) == 0


def test_cross_file_codes_are_exactly_those_needing_both_files() -> None:
    relaties = [person("200", A), person("201", B)]
    contacten = [{**CONTACT, "relatienummers": "200; 999"}]
    alone = set(run(relaties).issues["code"]) | set(run(None, contacten).issues["code"])
    together = set(run(relaties, contacten).issues["code"])
    assert together - alone == compare_module.CROSS_FILE_CODES
    assert set(all_codes()) >= compare_module.CROSS_FILE_CODES


@pytest.mark.parametrize(
    ("key", "kept"),
    [
        ("100", True),
        ("100.1", True),
        ("K-17/2", True),
        ("1234567", True),  # seven digits: still an office number
        ("", True),
        ("111222333", False),  # a BSN
        ("12345672", False),  # a BSN that lost its leading zero
        ("1112.22.333", False),
        ("06-12345678", False),  # a telephone number
        ("NL91ABNA0417164300", False),  # an IBAN
        ("1234AB", False),  # a postcode
        ("jan@voorbeeld.nl", False),
        ("Jansen", False),  # a name: no digit
        ("Bakkerij 12", False),  # spaces
    ],
)
def test_stored_key_keeps_office_numbers_and_hashes_the_rest(key: str, kept: bool) -> None:
    stored = stored_key(key, SECRET)
    assert (stored == key) is kept
    if not kept:
        assert stored.startswith("#") and len(stored) == 17
        assert stored == stored_key(f" {key} ", SECRET)  # the same value matches next time
        assert stored != stored_key(key, b"another installation")  # keyed: no lookup table


def mapped(rows: list[dict[str, str]], overrides: dict[str, str]) -> Snapshot:
    """A relaties check with some fields mapped to other columns by hand."""
    loaded = table(rows)
    return snapshot(
        analyse({"relaties": loaded}, {"relaties": map_columns(loaded, "relaties", overrides)})
    )


SECRET = b"the installation's secret"


def test_a_mis_mapped_key_is_hashed_and_still_matches() -> None:
    rows = [person("100", BAD), person("101", B)]
    before = hashed(mapped(rows, {"relatienummer": "bsn"}), SECRET)  # as the history has it
    after = mapped(rows[::-1], {"relatienummer": "bsn"})  # a fresh check
    keys = before.issues.loc[before.issues["row"] > 1, "key"]  # not the file-level issues
    assert len(keys) and keys.str.startswith("#").all()
    assert not set(before.issues["key"]) & {BAD, B}
    result = compare(before, after)
    assert result.count(OPEN) == len(before.issues) and result.count(FIXED) == 0
    fresh = compare(after, mapped(rows, {"relatienummer": "bsn"}))  # two fresh checks
    assert fresh.count(OPEN) == len(before.issues)
    assert not set(fresh.issues["key"]) & {BAD, B}  # a comparison holds no BSN either
