"""The history store on SQLite and PostgreSQL: round trips, migrations, concurrency, privacy.

PostgreSQL comes from the `postgres_url` fixture (`DATABASE_URL_TEST`, or a throwaway server from
Debian's packages). Without it the PostgreSQL cases fail in CI (`CI=true`), else are skipped.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from helpers import ACCEPT_REASONS, run

import dq
from dq.demo.office import demo_frames
from dq.edits.session import Edits
from dq.progress import history as history_module
from dq.progress.compare import compare, hashed, snapshot, stored_key
from dq.progress.history import History, HistoryError, database_url

ROOT = Path(__file__).resolve().parents[1]
PERSON = {"naam": "Piet de Vries", "type": "persoon", "producten": "Aangifte IB"}
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


STORE_TABLES = {
    "checks",
    "field_scores",
    "product_scores",
    "code_counts",
    "issue_keys",
    "acceptances",
}
ACCEPTED = ["file", "key", "field", "code", "reason"]


def _empty(url: str) -> str:
    """Drop the store's tables (only those), so each test starts from a fresh store."""
    engine = sa.create_engine(database_url(url))
    try:
        metadata = sa.MetaData()
        own = {*STORE_TABLES, "schema_version", "settings"}
        metadata.reflect(engine, only=lambda name, _: name in own)
        metadata.drop_all(engine)
    except sa.exc.OperationalError as err:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL at DATABASE_URL_TEST is not reachable: {err.orig}")
        pytest.skip(f"PostgreSQL at DATABASE_URL_TEST is not reachable: {err.orig}")
    finally:
        engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'history.sqlite'}"
    return _empty(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(url: str) -> Iterator[History]:
    opened = History(url)
    yield opened
    opened.close()


def person(number: str, bsn: str) -> dict[str, str]:
    return {"relatienummer": number, **PERSON, "bsn": bsn}


@pytest.fixture(scope="module")
def bsn_keyed(demo_dir: Path) -> dq.Report:
    """The demo with the BSN column mapped to Relatienummer (and the e-mail column to
    Contactnummer) by mistake: the row keys are BSNs, and every relatie lacks a contact."""
    return dq.check(
        demo_dir / "relaties.xlsx",
        demo_dir / "contacten.csv",
        mapping={
            "relaties": {"relatienummer": "BSN", "bsn": None},
            "contacten": {"contactnummer": "E-mailadres", "email": None},
        },
    )


def accept_first(report: dq.Report, code: str, reason: str, keys: int = 1) -> Edits:
    """Edits on `report` with the warnings of `code` on the first `keys` row keys accepted."""
    edits = Edits(report)
    found = report.issues[report.issues["code"].eq(code) & report.issues["key"].ne("")]
    for warning in found.drop_duplicates("key").head(keys).itertuples():
        edits.accept(warning.file, warning.key, warning.field, code, reason)
    return edits


def test_a_saved_check_reads_back_as_its_snapshot(store: History, demo_report: dq.Report) -> None:
    check_id = store.save(demo_report, "Bakkerij Jansen", "week 1", checked_at=MONDAY)
    stored, fresh = store.snapshot(check_id), hashed(snapshot(demo_report), store._secret)
    assert (stored.label, stored.checked_at) == ("week 1", MONDAY)
    assert (stored.readiness, stored.ready, dict(stored.counts)) == (
        fresh.readiness,
        fresh.ready,
        fresh.counts,
    )
    assert stored.files == fresh.files
    for name in ("issues", "fields", "products", "codes"):
        left = getattr(stored, name).sort_values(list(getattr(stored, name).columns[:3]))
        right = getattr(fresh, name).sort_values(list(getattr(fresh, name).columns[:3]))
        pd.testing.assert_frame_equal(
            left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False
        )
    assert compare(stored, demo_report).count("open") == len(fresh.issues)


def test_offices_checks_and_trends(store: History) -> None:
    bad = run([person("200", "123456789"), person("201", "111222321")])
    good = run([person("200", "111222308"), person("201", "111222321")])
    store.save(bad, "Kantoor Zuid", "week 1", checked_at=MONDAY)
    store.save(good, "  Kantoor   Zuid ", "week 2", checked_at=MONDAY.replace(day=9))
    store.save(good, "Accountants Noord", checked_at=MONDAY.replace(day=5))
    offices = store.offices(today=date(2026, 3, 12))
    assert offices["kantoor"].tolist() == ["Accountants Noord", "Kantoor Zuid"]
    zuid = offices.set_index("kantoor").loc["Kantoor Zuid"]
    assert (zuid["checks"], zuid["days_since"], zuid["readiness"], zuid["ready"]) == (
        2,
        3,
        100.0,
        True,
    )
    assert zuid["trend"] == [50.0, 100.0]
    checks = store.checks("Kantoor Zuid")
    assert checks["label"].tolist() == ["week 1", "week 2"]
    assert checks["errors"].tolist() == [1, 0]
    assert checks["relaties_rows"].tolist() == [2, 2] and checks["contacten_file"].isna().all()
    fields = store.field_history("Kantoor Zuid").set_index(["label", "field"])
    assert fields.loc[("week 1", "bsn"), "validity_pct"] == 50.0
    assert fields.loc[("week 2", "bsn"), "validity_pct"] == 100.0
    products = store.product_history("Kantoor Zuid").set_index(["label", "product"])
    assert products.loc[("week 1", "Aangifte IB"), "ready_pct"] == 50.0
    latest = store.latest("Kantoor Zuid")
    assert latest is not None and latest.label == "week 2"
    assert store.latest("Onbekend") is None and store.checks("Onbekend").empty


def test_delete_removes_one_office_entirely(store: History, accepted_report: dq.Report) -> None:
    first = store.save(accepted_report, "Weg", "1")
    store.save(accepted_report, "Weg", "2")
    store.save(accepted_report, "Blijft")
    assert store.delete("Weg") == 2
    assert store.offices()["kantoor"].tolist() == ["Blijft"]
    with pytest.raises(HistoryError, match="geen opgeslagen controle"):
        store.snapshot(first)
    engine = sa.create_engine(store.url)
    with engine.connect() as conn:
        for table in STORE_TABLES - {"checks"}:
            ids = conn.execute(sa.text(f"SELECT DISTINCT check_id FROM {table}")).scalars()
            assert set(ids) == {first + 2}, table
    engine.dispose()
    assert store.delete("Weg") == 0


def test_an_office_name_is_required(store: History, demo_report: dq.Report) -> None:
    with pytest.raises(HistoryError, match="naam van het kantoor"):
        store.save(demo_report, "   ")
    with pytest.raises(HistoryError, match="naam van het kantoor"):
        store.acceptances("   ", demo_report)


# --- accepted warnings -------------------------------------------------------------------


def test_accepted_warnings_are_saved_with_the_check(
    store: History, demo_report: dq.Report, accepted_report: dq.Report
) -> None:
    accepted = accepted_report.accepted[ACCEPTED].reset_index(drop=True)
    assert sorted(accepted["code"]) == sorted(ACCEPT_REASONS)
    check_id = store.save(accepted_report, "Kantoor Oost", "week 1", checked_at=MONDAY)
    stored = store.snapshot(check_id)
    pd.testing.assert_frame_equal(stored.accepted, accepted, check_dtype=False)
    assert stored.counts["warning"] == accepted_report.counts["warning"]
    saved = store.acceptances("Kantoor Oost", demo_report)
    pd.testing.assert_frame_equal(saved, accepted, check_dtype=False)
    fresh = Edits(demo_report)  # the next check of the office: the acceptances carry over
    assert fresh.apply_acceptances(saved).empty
    pd.testing.assert_frame_equal(fresh.report.accepted, accepted_report.accepted)
    assert store.acceptances("Onbekend kantoor", demo_report).empty
    assert list(store.acceptances("Onbekend kantoor", demo_report).columns) == ACCEPTED


def test_the_latest_check_holds_the_acceptances(store: History, demo_report: dq.Report) -> None:
    later = accept_first(demo_report, "relatienummer.no_contact", "Slapend dossier", keys=2)
    store.save(later.report, "Kantoor West", "week 2", checked_at=MONDAY.replace(day=9))
    store.save(demo_report, "Kantoor West", "week 1", checked_at=MONDAY)  # saved after, older
    store.save(demo_report, "Ander kantoor", checked_at=MONDAY.replace(day=20))
    saved = store.acceptances("  Kantoor  West ", demo_report)
    assert saved["reason"].tolist() == ["Slapend dossier"] * 2
    pd.testing.assert_frame_equal(saved, later.acceptances, check_dtype=False)
    store.save(demo_report, "Kantoor West", "week 3", checked_at=MONDAY.replace(day=16))
    assert store.acceptances("Kantoor West", demo_report).empty  # week 3 accepted nothing


def test_a_hashed_key_is_read_back_as_the_row_it_stands_for(
    store: History, url: str, bsn_keyed: dq.Report, demo_report: dq.Report
) -> None:
    edits = accept_first(bsn_keyed, "relatienummer.no_contact", "Geen contact nodig", keys=3)
    real = edits.acceptances["key"].tolist()
    assert all(len(key) == 9 and key.isdigit() for key in real)  # BSNs as row keys
    store.save(edits.report, "Kantoor BSN", "fout gekoppeld")
    engine = sa.create_engine(database_url(url))
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT row_key FROM acceptances ORDER BY seq")).scalars()
        kept = list(rows)
    engine.dispose()
    assert kept == [stored_key(key, store._secret) for key in real]
    assert all(k.startswith("#") for k in kept)
    saved = store.acceptances("Kantoor BSN", bsn_keyed)
    assert saved["key"].tolist() == real
    again = Edits(bsn_keyed)
    assert again.apply_acceptances(saved).empty
    assert sorted(again.report.accepted["key"]) == sorted(real)
    # checked with the right columns the rows have other keys: nothing carries over, and the
    # stored keys are returned as stored (never a BSN)
    elsewhere = store.acceptances("Kantoor BSN", demo_report)
    assert elsewhere["key"].tolist() == kept
    missing = Edits(demo_report).apply_acceptances(elsewhere)
    assert missing["key"].tolist() == kept


# --- privacy -----------------------------------------------------------------------------

NOT_SECRET = {  # columns whose values may be stored: numbers of the office, vocabulary
    "Relatienr.",
    "Contactnr",
    "Gekoppelde relaties",
    "Soort relatie",
    "Rechtsvorm",
    "Aangifte tijdvak BTW",
    "Tijdvak LH",
    "Tijdvak ICP",
    "Producten",
}


def uploaded_values() -> set[str]:
    """Every cell of the demo upload that is personal or identifying (4 characters or more)."""
    values = set()
    for frame in demo_frames():
        for column in frame.columns.difference(list(NOT_SECRET)):
            values |= {v.strip().lower() for v in frame[column].astype(str) if len(v.strip()) >= 4}
    return values


def database_text(url: str) -> str:
    """Every value of every column of every table, as one lower-case text."""
    engine = sa.create_engine(database_url(url))
    metadata = sa.MetaData()
    metadata.reflect(engine)
    cells = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                cells += [str(value).lower() for value in row if value is not None]
    engine.dispose()
    return "\n".join(cells)


def test_no_cell_value_of_the_upload_is_stored(
    store: History, url: str, accepted_report: dq.Report, bsn_keyed: dq.Report
) -> None:
    secrets = uploaded_values()
    assert len(secrets) > 1500
    assert {"stichting zwaluw", "256653537", "esther.debruijn@hotmail.nl"} <= secrets
    store.save(accepted_report, "Kantoor Privacy", "met alles")
    wrongly_mapped = accept_first(bsn_keyed, "relatienummer.no_contact", "Intern", keys=50)
    assert len(wrongly_mapped.acceptances) == 50
    store.save(wrongly_mapped.report, "Kantoor Privacy", "BSN als relatienummer")
    stored = database_text(url)
    assert "kantoor privacy" in stored and "bsn.invalid_checksum" in stored  # the scan sees data
    leaked = {value for value in secrets if value in stored}
    assert not leaked


# --- schema and migrations ----------------------------------------------------------------


def versions(url: str) -> list[int]:
    engine = sa.create_engine(database_url(url))
    with engine.connect() as conn:
        found = conn.execute(sa.text("SELECT version FROM schema_version ORDER BY version"))
        result = list(found.scalars())
    engine.dispose()
    return result


def test_a_new_store_is_created_at_the_latest_version(url: str) -> None:
    History(url).close()
    History(url).close()  # opening again changes nothing
    assert versions(url) == list(range(1, len(history_module.MIGRATIONS) + 1))


def test_missing_steps_run_once_in_order(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    History(url).close()
    steps = len(history_module.MIGRATIONS)
    ran = []

    def add_notes(conn: sa.Connection) -> None:
        ran.append("notes")
        conn.execute(sa.text("ALTER TABLE checks ADD COLUMN notes TEXT"))

    monkeypatch.setattr(history_module, "MIGRATIONS", (*history_module.MIGRATIONS, add_notes))
    History(url).close()
    History(url).close()
    assert ran == ["notes"]
    assert versions(url) == list(range(1, steps + 2))
    engine = sa.create_engine(database_url(url))
    assert "notes" in {c["name"] for c in sa.inspect(engine).get_columns("checks")}
    engine.dispose()


def legacy_key(key: str) -> str:
    """A row key as versions 1 and 2 stored it: in clear when shaped like an office's own
    number, else an unsalted sha256 (which anyone could reverse for a BSN)."""
    digest = "#" + hashlib.sha256(key.strip().encode()).hexdigest()[:16]
    return key.strip() if stored_key(key, b"x") == key.strip() else digest


def legacy_store(url: str, version: int, saved: list[tuple[dq.Report, pd.DataFrame]]) -> None:
    """A store as version 1 or 2 of the importcheck left it: its tables, and per check the
    rows the old `save` wrote (file names in clear, keys as `legacy_key`)."""
    engine = sa.create_engine(database_url(url))
    with engine.begin() as conn:
        history_module.SCHEMA_VERSION.create(conn)
        for number, step in enumerate(history_module.MIGRATIONS[:version], start=1):
            step(conn)
            conn.execute(
                sa.insert(history_module.SCHEMA_VERSION).values(version=number, applied_at=MONDAY)
            )
        for report, accepted in saved:
            snap = snapshot(report)
            names = {f"{k}_file": f.name for k, f in snap.files.items()}
            head = {
                "kantoor": "Kantoor Oud",
                "label": "voor de update",
                "checked_at": MONDAY.replace(tzinfo=None),
                "readiness": snap.readiness,
                "ready": snap.ready,
                "errors": snap.counts["error"],
                "warnings": snap.counts["warning"],
                "infos": snap.counts["info"],
                **{f"{k}_rows": f.rows for k, f in snap.files.items()},
                **names,
            }
            check_id = conn.execute(
                sa.insert(history_module.CHECKS).values(head)
            ).inserted_primary_key[0]
            issues = snap.issues.assign(row_key=snap.issues["key"].map(legacy_key))
            rows = [
                {"check_id": check_id, "seq": i, **r}
                for i, r in enumerate(
                    issues[["file", "row", "row_key", "field", "code", "severity"]].to_dict(
                        "records"
                    )
                )
            ]
            conn.execute(sa.insert(history_module.ISSUE_KEYS), rows)
            if version >= 2 and len(accepted):
                kept = accepted.assign(row_key=accepted["key"].map(legacy_key))
                conn.execute(
                    sa.insert(history_module.ACCEPTANCES),
                    [
                        {"check_id": check_id, "seq": i, **r}
                        for i, r in enumerate(
                            kept[["file", "row_key", "field", "code", "reason"]].to_dict("records")
                        )
                    ],
                )
    engine.dispose()


@pytest.mark.parametrize("version", [1, 2])
def test_an_old_store_is_migrated_and_still_matches_new_checks(
    url: str, version: int, demo_report: dq.Report, bsn_keyed: dq.Report
) -> None:
    edits = accept_first(bsn_keyed, "relatienummer.no_contact", "Geen contact nodig", keys=3)
    frame = demo_report.files["relaties"].table.frame
    upload = ("Jansen_BSN_111222333.csv", frame.to_csv(sep=";", index=False).encode())
    renamed = dq.check(relaties=upload)
    old_keys = {legacy_key(k) for k in bsn_keyed.issues["key"]} - set(bsn_keyed.issues["key"])
    assert old_keys and all(k.startswith("#") for k in old_keys)  # BSN keys, unsalted
    legacy_store(
        url,
        version,
        [
            (renamed, edits.acceptances[:0]),
            (demo_report, edits.acceptances[:0]),
            (edits.report, edits.acceptances),
        ],
    )
    store = History(url)
    assert versions(url) == list(range(1, len(history_module.MIGRATIONS) + 1))
    _renamed, first, second = store.checks("Kantoor Oud")["id"]
    # clear short keys and re-keyed hashes match a fresh check exactly: nothing fixed or new
    for check_id, fresh in ((first, demo_report), (second, edits.report)):
        result = compare(store.snapshot(int(check_id)), fresh)
        assert result.count("fixed") == result.count("new") == 0
        assert result.count("open") == len(snapshot(fresh).issues)
    text = database_text(url)
    assert not {k.lower() for k in old_keys if k.lower() in text}  # no unsalted digest left
    assert "jansen_bsn_*****2333.csv" in text and "111222333" not in text
    if version == 2:  # the acceptances carry over to the next check, keyed to its rows
        saved = store.acceptances("Kantoor Oud", edits.report)
        assert sorted(saved["key"]) == sorted(edits.acceptances["key"])
    History(url).close()  # opening again changes nothing
    assert compare(store.snapshot(int(second)), edits.report).count("new") == 0
    store.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_sqlite_store_and_its_secret_are_private(
    tmp_path: Path, demo_report: dq.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "umask", os.umask)  # restored after the test
    os.umask(0o022)  # the usual umask: files 0644 unless made otherwise
    database = tmp_path / "nieuw" / "history.sqlite"
    store = History(str(database))
    store.save(demo_report, "Kantoor Privé", "week 1")
    wal, shm = (database.with_name(database.name + s) for s in ("-wal", "-shm"))
    secret = history_module.secret_path(database)
    assert wal.exists() and shm.exists() and secret.exists()
    assert {mode(p) for p in (database, wal, shm, secret)} == {0o600}
    assert mode(database.parent) == 0o700
    assert secret.read_text().strip() not in database_text(f"sqlite:///{database}")
    store.close()
    database.chmod(0o644)  # a store made by an earlier version: tightened when opened
    History(str(database)).close()
    assert mode(database) == 0o600


def test_a_lost_secret_file_is_refused(tmp_path: Path, demo_report: dq.Report) -> None:
    database = tmp_path / "history.sqlite"
    History(str(database)).close()
    history_module.secret_path(database).unlink()
    with pytest.raises(HistoryError, match=r"sleutelbestand .* hoort niet bij deze geschiedenis"):
        History(str(database))


def test_file_names_are_stored_masked(store: History, url: str, demo_report: dq.Report) -> None:
    frame = demo_report.files["relaties"].table.frame
    upload = ("contacten_geheim.persoon@prive.nl 111 222 333.csv", frame.to_csv(sep=";").encode())
    store.save(dq.check(relaties=upload), "Kantoor Namen")
    text = database_text(url)
    assert "c***@prive.nl *****2333.csv" in text
    assert "geheim.persoon@" not in text and "111 222 333" not in text


def test_a_store_from_a_newer_version_is_refused(url: str) -> None:
    History(url).close()
    engine = sa.create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO schema_version (version, applied_at) VALUES (99, :now)"),
            {"now": datetime(2030, 1, 1)},
        )
    engine.dispose()
    with pytest.raises(HistoryError, match="Werk de importcheck bij"):
        History(url)


# --- where the store lives ----------------------------------------------------------------


def test_default_store_is_a_sqlite_file_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = History()
    expected = tmp_path / "data" / "crm-importcheck" / "history.sqlite"
    assert store.url == f"sqlite:///{expected}"
    assert expected.exists()
    store.close()
    monkeypatch.delenv("XDG_DATA_HOME")
    assert (
        database_url() == f"sqlite:///{Path.home() / '.local/share/crm-importcheck/history.sqlite'}"
    )


def test_database_url_switches_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'team.sqlite'}")
    assert database_url() == f"sqlite:///{tmp_path / 'team.sqlite'}"
    assert database_url("postgresql://team:geheim@db/historie") == (
        "postgresql+psycopg://team:geheim@db/historie"
    )
    assert database_url(str(tmp_path / "eigen.sqlite")) == f"sqlite:///{tmp_path / 'eigen.sqlite'}"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("postgresql://niemand@127.0.0.1:9/historie", "kon niet worden geopend"),
        ("sqlite:////proc/geen/map/history.sqlite", "kon niet worden geopend"),
        ("onbekend://x", "kon niet worden geopend"),
    ],
)
def test_a_store_that_cannot_be_opened_is_one_dutch_error(address: str, message: str) -> None:
    with pytest.raises(HistoryError, match=message) as err:
        History(address)
    assert "\n" not in str(err.value)


# --- two processes at once ----------------------------------------------------------------

SAVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from helpers import run
    from dq.progress.history import History

    url, name, go, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    report = run([{{"relatienummer": str(n), "naam": "P", "type": "persoon",
                    "bsn": "123456789"}} for n in range(40)])
    while not go.exists():
        time.sleep(0.01)
    store = History(url)
    for i in range(count):
        store.save(report, name, f"{{name}} {{i}}")
    print(len(store.checks(name)))
    """
)


def test_two_processes_saving_at_once_do_not_corrupt_the_store(url: str, tmp_path: Path) -> None:
    go, count = tmp_path / "go", 15
    script = SAVER.format(tests=str(Path(__file__).parent))
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, name, str(go), str(count)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Kantoor A", "Kantoor B")
    ]
    go.touch()  # both processes open the new store and start saving at the same moment
    for saver in savers:
        out, err = saver.communicate(timeout=180)
        assert saver.returncode == 0, err
        assert out.strip() == str(count)
    store = History(url)
    offices = store.offices()
    assert offices["checks"].tolist() == [count, count]
    saved = {len(store.snapshot(int(i)).issues) for i in store.checks("Kantoor A")["id"]}
    assert saved == {81}  # every check whole: 40 rows with a bad BSN and no product, 1 notice
    store.close()
    assert versions(url) == list(range(1, len(history_module.MIGRATIONS) + 1))
    if url.startswith("sqlite"):
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        engine.dispose()
