"""Side-by-side work (`dq.threads`) gives exactly what one-by-one work gives."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import dq
from dq.threads import ahead, each, workers


def test_each_keeps_the_order_of_the_items() -> None:
    def slow_first(n: int) -> int:
        time.sleep(0.05 if n == 0 else 0)
        return n * n

    assert each(slow_first, range(6)) == [0, 1, 4, 9, 16, 25]
    assert each(slow_first, []) == []


def test_each_raises_the_first_failure_in_item_order() -> None:
    def fail(n: int) -> int:
        if n == 1:
            time.sleep(0.05)  # finishes last, but comes first in order
            raise ValueError("one")
        if n == 3:
            raise KeyError("three")
        return n

    with pytest.raises(ValueError, match="one"):
        each(fail, range(5))


def test_ahead_makes_the_next_item_while_the_caller_handles_this_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DQ_THREADS", "2")
    made: list[int] = []

    def make(n: int) -> int:
        made.append(n)
        return n * n

    handled = []
    for index, value in enumerate(ahead(make, range(4))):
        deadline = time.monotonic() + 5
        while len(made) < min(index + 2, 4) and time.monotonic() < deadline:
            time.sleep(0.001)  # the next item is made meanwhile, in the other thread
        handled.append((value, list(made)))
    assert [v for v, _ in handled] == [0, 1, 4, 9]
    assert [seen[-1] for _, seen in handled] == [1, 2, 3, 3]  # one ahead, never more


def test_ahead_with_depth_two_makes_two_items_at_once_and_keeps_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DQ_THREADS", "2")
    barrier = threading.Barrier(2, timeout=5)  # breaks unless items 0 and 1 are made at once
    made: list[int] = []

    def make(n: int) -> int:
        if n < 2:
            barrier.wait()
        time.sleep(0.02 if n % 2 == 0 else 0)  # the even items finish last
        made.append(n)
        return n * 10

    assert list(ahead(make, range(6), depth=2)) == [0, 10, 20, 30, 40, 50]
    assert sorted(made) == list(range(6))


def test_ahead_raises_a_failure_at_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DQ_THREADS", "2")

    def fail_at_two(n: int) -> int:
        if n == 2:
            raise ValueError("twee")
        return n

    got = []
    with pytest.raises(ValueError, match="twee"):
        for value in ahead(fail_at_two, range(5)):
            got.append(value)
    assert got == [0, 1]


@pytest.mark.parametrize(("setting", "expected"), [("1", 1), ("3", 3), ("0", 1)])
def test_dq_threads_sets_the_number_of_threads(
    monkeypatch: pytest.MonkeyPatch, setting: str, expected: int
) -> None:
    monkeypatch.setenv("DQ_THREADS", setting)
    assert workers() == expected


def test_a_wrong_dq_threads_means_one_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DQ_THREADS", "veel")
    assert workers() >= 1


def test_one_thread_runs_everything_in_the_calling_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DQ_THREADS", "1")
    assert set(each(lambda _: threading.get_ident(), range(4))) == {threading.get_ident()}


def test_two_threads_really_run_side_by_side(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DQ_THREADS", "2")
    barrier = threading.Barrier(2, timeout=5)  # breaks unless both items run at once
    assert each(lambda n: barrier.wait() >= 0 and n, [1, 2]) == [1, 2]


def _outcome(report: dq.Report) -> tuple[pd.DataFrame, float, pd.DataFrame]:
    return report.issues, report.readiness, report.products


def test_a_check_side_by_side_equals_a_check_one_by_one(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = (demo_dir / "relaties.xlsx", demo_dir / "contacten.csv")
    monkeypatch.setenv("DQ_THREADS", "1")
    alone = dq.check(*files)
    monkeypatch.setenv("DQ_THREADS", "2")
    together = dq.check(*files)
    pd.testing.assert_frame_equal(alone.issues, together.issues)
    pd.testing.assert_frame_equal(alone.products, together.products)
    assert alone.readiness == together.readiness
    for kind, result in alone.files.items():
        pd.testing.assert_frame_equal(result.scores, together.files[kind].scores)


def test_when_both_files_fail_the_relaties_message_comes_first(tmp_path: Path) -> None:
    relaties = tmp_path / "relaties.xlsx"
    relaties.write_bytes(b"%PDF-1.7 not a workbook")
    contacten = tmp_path / "contacten.csv"  # does not exist: another message
    with pytest.raises(dq.LoadError) as relaties_alone:
        dq.check(relaties)
    with pytest.raises(dq.LoadError) as contacten_alone:
        dq.check(contacten=contacten)
    assert str(relaties_alone.value) != str(contacten_alone.value)
    for _ in range(5):  # whichever thread fails first
        with pytest.raises(dq.LoadError) as both:
            dq.check(relaties, contacten)
        assert str(both.value) == str(relaties_alone.value)
