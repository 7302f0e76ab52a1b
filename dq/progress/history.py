"""The readiness history: saved checks per office, in a SQLite file or a team's PostgreSQL.

Only aggregates and issue keys are stored (see `dq.progress.compare.Snapshot`): counts, scores per
field and product, issues per code, masked file names and dates, and per error or warning its file,
row, row key, field and code; per accepted warning its file, row key, field, code and the
reason the office typed (its own text). Never a BSN, RSIN, name, e-mail or any other cell
value.

Where: `DATABASE_URL` (or an explicit URL) when set, else `history.sqlite` in the user's data
folder (`$XDG_DATA_HOME/crm-importcheck/`, default `~/.local/share/crm-importcheck/`),
created on first use. SQLAlchemy Core serves both databases with the same code.

The schema is versioned: `schema_version` lists the steps applied, `MIGRATIONS` holds every
step in order, and opening a store runs the missing ones in one locked transaction. Each
step owns its DDL; a later schema change appends a step and a `_declare_vN` that extends the
previous declarations, so a fresh store and an old one end up the same.
"""

from __future__ import annotations

import functools
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dq.checks.report import Report
from dq.privacy import mask_free_text
from dq.progress.compare import (
    ACCEPTED_COLUMNS,
    CODE_COLUMNS,
    FIELD_COLUMNS,
    ISSUE_COLUMNS,
    PRODUCT_COLUMNS,
    FileInfo,
    Snapshot,
    as_snapshot,
    empty_acceptances,
    hashed,
    keyed_digest,
    real_keys,
)
from dq.spec.fields import CONTACTEN, RELATIES

APP_DIR = "crm-importcheck"
FILE_NAME = "history.sqlite"
BUSY_SECONDS = 30  # how long a save waits for another process's save (SQLite)
CONNECT_SECONDS = 5  # how long to wait for a PostgreSQL server that does not answer
TREND_POINTS = 12  # readiness values in an office's trend
_LOCK_ID = 727_001  # PostgreSQL advisory lock held while migrating

P = ParamSpec("P")
R = TypeVar("R")


class HistoryError(Exception):
    """The history store cannot be opened, read or written; the message is Dutch."""


def data_dir() -> Path:
    """The user's data folder for this program (XDG base directory rules)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP_DIR


def database_url(url: str | None = None) -> str:
    """The store to use: `url`, else `DATABASE_URL`, else the SQLite file in `data_dir()`.

    A plain path means a SQLite file; `postgres://` and `postgresql://` use psycopg 3.

    >>> database_url("postgres://team@db.example/historie")
    'postgresql+psycopg://team@db.example/historie'
    >>> database_url("/tmp/h.sqlite")
    'sqlite:////tmp/h.sqlite'
    """
    url = url or os.environ.get("DATABASE_URL") or str(data_dir() / FILE_NAME)
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


# --- schema ------------------------------------------------------------------------------


def _declare_v1(metadata: sa.MetaData) -> None:
    """Version 1 of the tables."""
    sa.Table(
        "checks",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kantoor", sa.Text, nullable=False, index=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("checked_at", sa.DateTime, nullable=False),  # UTC
        sa.Column("readiness", sa.Float, nullable=False),
        sa.Column("ready", sa.Boolean, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("relaties_file", sa.Text),
        sa.Column("relaties_rows", sa.Integer),
        sa.Column("contacten_file", sa.Text),
        sa.Column("contacten_rows", sa.Integer),
    )

    def child(name: str, *columns: sa.Column, key: tuple[str, ...]) -> None:
        check_id = sa.Column("check_id", sa.ForeignKey("checks.id"), nullable=False)
        sa.Table(name, metadata, check_id, *columns, sa.PrimaryKeyConstraint("check_id", *key))

    count = functools.partial(sa.Column, type_=sa.Integer, nullable=False)
    child(
        "field_scores",
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        *(count(name) for name in ("rows", "required", "filled", "missing", "valid", "invalid")),
        sa.Column("completeness_pct", sa.Float),
        sa.Column("validity_pct", sa.Float),
        key=("file", "field"),
    )
    child(
        "product_scores",
        sa.Column("product", sa.Text, nullable=False),
        count("relaties"),
        count("ready"),
        sa.Column("ready_pct", sa.Float),
        key=("product",),
    )
    child(
        "code_counts",
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        count("count"),
        key=("code",),
    )
    child(
        "issue_keys",
        count("seq"),
        sa.Column("file", sa.Text, nullable=False),
        count("row"),
        sa.Column("row_key", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        key=("seq",),
    )


def _create_v1(conn: Connection) -> None:
    metadata = sa.MetaData()
    _declare_v1(metadata)
    metadata.create_all(conn)


def _declare_v2(metadata: sa.MetaData) -> None:
    """Version 2: version 1 and the warnings the office accepted, with its reason."""
    _declare_v1(metadata)
    sa.Table(
        "acceptances",
        metadata,
        sa.Column("check_id", sa.ForeignKey("checks.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("row_key", sa.Text, nullable=False),  # as in issue_keys (`stored_key`)
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),  # the office's own words
        sa.PrimaryKeyConstraint("check_id", "seq"),
    )


def _create_v2(conn: Connection) -> None:
    metadata = sa.MetaData()
    _declare_v2(metadata)
    metadata.tables["acceptances"].create(conn)


def _declare_v3(metadata: sa.MetaData) -> None:
    """Version 3: version 2 and the store's settings (PostgreSQL: the row-key secret)."""
    _declare_v2(metadata)
    sa.Table(
        "settings",
        metadata,
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def _create_v3(conn: Connection) -> None:
    """Keyed row keys: the plain sha256 digests of version 2 become HMACs with the
    installation's secret (exactly what `stored_key` now makes of the same key, so old and new
    checks still match), and the stored file names are masked like free text."""
    metadata = sa.MetaData()
    _declare_v3(metadata)
    metadata.tables["settings"].create(conn)
    secret = _row_key_secret(conn)
    for table in (metadata.tables["issue_keys"], metadata.tables["acceptances"]):
        old = conn.execute(
            sa.select(table.c.check_id, table.c.seq, table.c.row_key).where(
                table.c.row_key.startswith("#")
            )
        ).all()
        if old:
            update = (
                sa.update(table)
                .where(table.c.check_id == sa.bindparam("c"), table.c.seq == sa.bindparam("s"))
                .values(row_key=sa.bindparam("k"))
            )
            rows = [{"c": c, "s": q, "k": keyed_digest(k[1:], secret)} for c, q, k in old]
            conn.execute(update, rows)
    checks = metadata.tables["checks"]
    names = conn.execute(sa.select(checks.c.id, checks.c.relaties_file, checks.c.contacten_file))
    for check_id, *files in names.all():
        masked = [_file_name(f) for f in files]
        if masked != files:
            conn.execute(
                sa.update(checks)
                .where(checks.c.id == check_id)
                .values(relaties_file=masked[0], contacten_file=masked[1])
            )


#: Every schema step in order; step i brings a store from version i to i + 1.
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_create_v1, _create_v2, _create_v3)

_METADATA = sa.MetaData()
_declare_v3(_METADATA)
CHECKS, FIELD_SCORES, PRODUCT_SCORES, CODE_COUNTS, ISSUE_KEYS, ACCEPTANCES, SETTINGS = (
    _METADATA.tables[name]
    for name in (
        "checks",
        "field_scores",
        "product_scores",
        "code_counts",
        "issue_keys",
        "acceptances",
        "settings",
    )
)
#: The tables holding one check's details, deleted with it.
_DETAILS = (FIELD_SCORES, PRODUCT_SCORES, CODE_COUNTS, ISSUE_KEYS, ACCEPTANCES)
SCHEMA_VERSION = sa.Table(
    "schema_version",
    sa.MetaData(),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)


def migrate(engine: Engine, secret_file: Path | None = None) -> bytes:
    """Bring the store to the latest schema (`len(MIGRATIONS)`) and return its row-key secret.

    One transaction under a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so
    two processes opening a new store at once create it (and its secret) once. The secret is
    read from `secret_file` (a SQLite file's neighbour) or else the `settings` table.
    """
    with engine.begin() as conn:
        conn.info[_SECRET_FILE] = secret_file
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        SCHEMA_VERSION.create(conn, checkfirst=True)
        version = conn.execute(sa.select(sa.func.max(SCHEMA_VERSION.c.version))).scalar() or 0
        if version > len(MIGRATIONS):
            raise HistoryError(
                f"De geschiedenis heeft schemaversie {version}, deze versie van de importcheck "
                f"kent er {len(MIGRATIONS)}. Werk de importcheck bij."
            )
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            step(conn)
            conn.execute(sa.insert(SCHEMA_VERSION).values(version=number, applied_at=_now()))
        return _row_key_secret(conn)


# --- the row-key secret ------------------------------------------------------------------

_SECRET_FILE = "dq_secret_file"  # Connection.info: where a SQLite store keeps its secret
_SECRET_SETTING = "row_key_secret"  # PostgreSQL (and in-memory SQLite): the secret itself
_CHECK_SETTING = "row_key_check"  # SQLite file: a fingerprint of the secret beside it


def secret_path(database: Path) -> Path:
    """Where a SQLite store keeps its secret: beside it, readable by its owner only."""
    return database.with_name(database.name + ".secret")


def _row_key_secret(conn: Connection) -> bytes:
    """The installation's secret for `stored_key`, made on first use.

    A SQLite file keeps it in a file beside the database (0600), so copying the database
    alone gives no way to test BSNs against its keys; PostgreSQL keeps it in `settings`,
    readable by the team's database role only. A SQLite store whose secret file was lost
    or swapped is refused: its saved checks could no longer be matched.
    """
    path = conn.info.get(_SECRET_FILE)
    if path is None:
        value = _setting(conn, _SECRET_SETTING, lambda: secrets.token_hex(32))
        return bytes.fromhex(value)
    if not path.exists():
        _write_private(path, secrets.token_hex(32))
    secret = bytes.fromhex(path.read_text().strip())
    fingerprint = keyed_digest("", secret)
    if _setting(conn, _CHECK_SETTING, lambda: fingerprint) != fingerprint:
        raise HistoryError(
            f"Het sleutelbestand {path} hoort niet bij deze geschiedenis (verloren of "
            "vervangen?). Zet het juiste bestand terug; zonder sleutel zijn de opgeslagen "
            "controles niet meer te vergelijken."
        )
    return secret


def _setting(conn: Connection, name: str, make: Callable[[], str]) -> str:
    """A value of the `settings` table, stored on first use."""
    settings = SETTINGS
    found = conn.execute(sa.select(settings.c.value).where(settings.c.name == name)).scalar()
    if found is None:
        found = make()
        conn.execute(sa.insert(settings).values(name=name, value=found))
    return found


def _write_private(path: Path, text: str) -> None:
    """Create a file only its owner can read (0600), whatever the umask."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w") as file:
        file.write(text)


def _file_name(name: str | None) -> str | None:
    """A file name as stored: masked like free text (`Jansen_BSN_*****2333.csv`)."""
    return None if name is None else mask_free_text(name)


# --- connection --------------------------------------------------------------------------


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work during a save; SQLAlchemy, not the driver, starts transactions."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """Take the write lock at the start, so two savers queue instead of failing midway."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (None: not SQLite, or in memory)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _private_files(database: Path) -> None:
    """The store, its -wal and -shm files and its secret readable by the owner only; the
    folder too when it is this program's own (created here, or the default data folder).

    SQLite gives a new -wal or -shm file the permissions of the database file, so the
    database is created 0600 before SQLite opens it.
    """
    folder = database.parent
    if not folder.exists():
        folder.mkdir(mode=PRIVATE_DIR, parents=True)
        folder.chmod(PRIVATE_DIR)
    elif folder == data_dir():
        folder.chmod(PRIVATE_DIR)
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for path in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        if path.exists() and stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE:
            path.chmod(PRIVATE_FILE)


def _engine(url: str) -> Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = sqlite_file(url)
        if database is not None:
            _private_files(database)
        engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_SECONDS})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    options = (
        {"connect_timeout": CONNECT_SECONDS} if parsed.get_backend_name() == "postgresql" else {}
    )
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=options)


def _reason(exc: BaseException) -> str:
    """The driver's first line, without SQL or parameters."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return text[0][:200] if text else type(original).__name__


@contextmanager
def _translated(action: str) -> Iterator[None]:
    """Database trouble becomes one Dutch HistoryError."""
    try:
        yield
    except HistoryError:
        raise
    except ModuleNotFoundError as exc:
        raise HistoryError(
            f"De databasedriver {exc.name} is niet geïnstalleerd; voor PostgreSQL: "
            "pip install 'crm-importcheck[postgres]'."
        ) from exc
    except (sa.exc.SQLAlchemyError, OSError, ValueError) as exc:
        raise HistoryError(f"De geschiedenis kon niet worden {action}: {_reason(exc)}") from exc


def _guarded(action: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A method whose database trouble becomes one Dutch HistoryError (see `_translated`)."""

    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with _translated(action):
                return method(*args, **kwargs)

        return wrapper

    return decorate


def _now() -> datetime:
    """Now in UTC without tzinfo: both databases store it the same way."""
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _records(frame: pd.DataFrame, columns: list[str], **extra: object) -> list[dict]:
    """Rows as plain Python values (NaN -> None), ready for an executemany."""
    values = {c: frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns}
    return [
        {**extra, **dict(zip(columns, row, strict=True))}
        for row in zip(*values.values(), strict=True)
    ]


def _kantoor(name: str) -> str:
    """The office name as stored: trimmed, inner spaces collapsed."""
    clean = " ".join(str(name).split())
    if not clean:
        raise HistoryError("Geef de naam van het kantoor op.")
    return clean


# --- the store ---------------------------------------------------------------------------


class History:
    """Saved checks per office. Open once and reuse; every method is one short transaction."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        with _translated("geopend"):
            self._engine = _engine(self.url)
            database = sqlite_file(self.url)
            secret_file = secret_path(database) if database is not None else None
            self._secret = migrate(self._engine, secret_file)

    @property
    def location(self) -> str:
        """Where the store is, for messages (a password is hidden)."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        """Release the connections."""
        self._engine.dispose()

    @_guarded("opgeslagen")
    def save(
        self,
        check: Report | Snapshot,
        kantoor: str,
        label: str = "",
        checked_at: datetime | None = None,
    ) -> int:
        """Store one check under an office name and a label; return its id.

        The warnings the office accepted (`Report.accepted`) are stored with it.
        """
        snap = hashed(as_snapshot(check), self._secret)
        files = {kind: snap.files.get(kind) for kind in (RELATIES, CONTACTEN)}
        row = {
            "kantoor": _kantoor(kantoor),
            "label": " ".join(label.split()),
            "checked_at": _naive_utc(checked_at or snap.checked_at or datetime.now(UTC)),
            "readiness": snap.readiness,
            "ready": snap.ready,
            "errors": snap.counts.get("error", 0),
            "warnings": snap.counts.get("warning", 0),
            "infos": snap.counts.get("info", 0),
            **{
                f"{kind}_file": _file_name(info.name if info else None)
                for kind, info in files.items()
            },
            **{f"{kind}_rows": info.rows if info else None for kind, info in files.items()},
        }
        with self._engine.begin() as conn:
            check_id = conn.execute(sa.insert(CHECKS).values(row)).inserted_primary_key[0]
            children = (
                (FIELD_SCORES, snap.fields, FIELD_COLUMNS),
                (PRODUCT_SCORES, snap.products, PRODUCT_COLUMNS),
                (CODE_COUNTS, snap.codes, CODE_COLUMNS),
                (ISSUE_KEYS, _numbered(snap.issues), ["seq", *_stored(ISSUE_COLUMNS)]),
                (ACCEPTANCES, _numbered(snap.accepted), ["seq", *_stored(ACCEPTED_COLUMNS)]),
            )
            for table, frame, columns in children:
                rows = _records(frame, columns, check_id=check_id)
                if rows:
                    conn.execute(sa.insert(table), rows)
        return int(check_id)

    @_guarded("gelezen")
    def offices(self, today: date | None = None) -> pd.DataFrame:
        """Per office: checks, the latest readiness and verdict, days since, and the trend.

        `trend` holds the readiness of the last `TREND_POINTS` checks, oldest first.
        """
        columns = ["kantoor", "checks", "last_check", "days_since", "readiness", "ready", "trend"]
        query = sa.select(CHECKS.c.kantoor, CHECKS.c.checked_at, CHECKS.c.readiness, CHECKS.c.ready)
        with self._engine.begin() as conn:
            rows = pd.DataFrame(
                conn.execute(query.order_by(CHECKS.c.checked_at, CHECKS.c.id)).all(),
                columns=["kantoor", "checked_at", "readiness", "ready"],
            )
        if rows.empty:
            return pd.DataFrame(columns=columns)
        today = today or datetime.now(UTC).date()
        result = []
        for kantoor, group in rows.groupby("kantoor", sort=False):
            last = group.iloc[-1]
            result.append(
                {
                    "kantoor": kantoor,
                    "checks": len(group),
                    "last_check": _aware(last["checked_at"]),
                    "days_since": (today - last["checked_at"].date()).days,
                    "readiness": float(last["readiness"]),
                    "ready": bool(last["ready"]),
                    "trend": group["readiness"].astype(float).tail(TREND_POINTS).tolist(),
                }
            )
        table = pd.DataFrame(result, columns=columns)
        return table.sort_values("kantoor", key=lambda k: k.str.casefold()).reset_index(drop=True)

    @_guarded("gelezen")
    def checks(self, kantoor: str) -> pd.DataFrame:
        """The saved checks of one office, oldest first (empty when there are none)."""
        query = (
            sa.select(CHECKS)
            .where(CHECKS.c.kantoor == _kantoor(kantoor))
            .order_by(CHECKS.c.checked_at, CHECKS.c.id)
        )
        with self._engine.begin() as conn:
            table = pd.DataFrame(conn.execute(query).all(), columns=list(CHECKS.c.keys()))
        table["checked_at"] = [_aware(t) for t in table["checked_at"]]
        for kind in (RELATIES, CONTACTEN):
            table[f"{kind}_rows"] = table[f"{kind}_rows"].astype("Int64")
            table[f"{kind}_file"] = (
                table[f"{kind}_file"].astype(object).where(table[f"{kind}_file"].notna(), None)
            )
        return table

    @_guarded("gelezen")
    def field_history(self, kantoor: str) -> pd.DataFrame:
        """Completeness and validity per field for every check of one office, oldest first."""
        return self._scores(kantoor, FIELD_SCORES)

    @_guarded("gelezen")
    def product_history(self, kantoor: str) -> pd.DataFrame:
        """Readiness per product for every check of one office, oldest first."""
        return self._scores(kantoor, PRODUCT_SCORES)

    def _scores(self, kantoor: str, table: sa.Table) -> pd.DataFrame:
        scores = [c for c in table.c if c.name != "check_id"]
        query = (
            sa.select(CHECKS.c.id, CHECKS.c.checked_at, CHECKS.c.label, *scores)
            .join(table, table.c.check_id == CHECKS.c.id)
            .where(CHECKS.c.kantoor == _kantoor(kantoor))
            .order_by(CHECKS.c.checked_at, CHECKS.c.id)
        )
        with self._engine.begin() as conn:
            columns = ["check_id", "checked_at", "label", *(c.name for c in scores)]
            frame = pd.DataFrame(conn.execute(query).all(), columns=columns)
        frame["checked_at"] = [_aware(t) for t in frame["checked_at"]]
        return frame

    @_guarded("gelezen")
    def snapshot(self, check_id: int) -> Snapshot:
        """One saved check, ready to compare with another."""
        with self._engine.begin() as conn:
            head = conn.execute(sa.select(CHECKS).where(CHECKS.c.id == check_id)).one_or_none()
            if head is None:
                raise HistoryError(f"Er is geen opgeslagen controle met nummer {check_id}.")

            def part(table: sa.Table, columns: list[str], order: str) -> pd.DataFrame:
                query = (
                    sa.select(*(table.c[c] for c in columns))
                    .where(table.c.check_id == check_id)
                    .order_by(table.c[order])
                )
                frame = pd.DataFrame(conn.execute(query).all(), columns=columns)
                return frame.rename(columns={"row_key": "key"})

            issues = part(ISSUE_KEYS, _stored(ISSUE_COLUMNS), "seq")
            accepted = part(ACCEPTANCES, _stored(ACCEPTED_COLUMNS), "seq")
            fields = part(FIELD_SCORES, FIELD_COLUMNS, "file")
            products = part(PRODUCT_SCORES, PRODUCT_COLUMNS, "product")
            codes = part(CODE_COUNTS, CODE_COLUMNS, "code")
        files = {
            kind: FileInfo(getattr(head, f"{kind}_file"), getattr(head, f"{kind}_rows"))
            for kind in (RELATIES, CONTACTEN)
            if getattr(head, f"{kind}_file") is not None
        }
        return Snapshot(
            readiness=head.readiness,
            ready=bool(head.ready),
            counts={"error": head.errors, "warning": head.warnings, "info": head.infos},
            files=files,
            fields=fields,
            products=products,
            codes=codes,
            issues=issues,
            label=head.label,
            checked_at=_aware(head.checked_at),
            accepted=accepted,
            secret=self._secret,
        )

    def latest(self, kantoor: str) -> Snapshot | None:
        """The most recent saved check of an office, or None."""
        checks = self.checks(kantoor)
        return self.snapshot(int(checks["id"].iloc[-1])) if len(checks) else None

    def acceptances(self, kantoor: str, report: Report) -> pd.DataFrame:
        """The warnings accepted in the office's latest saved check, keyed to `report`'s rows.

        Columns file, key, field, code and reason, ready for `Edits.apply_acceptances`. A
        stored key that is a hash (`stored_key`) becomes the row key of `report` it stands
        for; one that matches no row of `report` stays as stored, so it does not carry over.
        Empty when the office has no saved check.
        """
        latest = self.latest(kantoor)
        saved = latest.accepted if latest is not None else empty_acceptances()
        return real_keys(saved, report, self._secret)

    @_guarded("bijgewerkt")
    def delete(self, kantoor: str) -> int:
        """Remove every saved check of an office; return how many there were."""
        ids = sa.select(CHECKS.c.id).where(CHECKS.c.kantoor == _kantoor(kantoor))
        with self._engine.begin() as conn:
            for table in _DETAILS:
                conn.execute(sa.delete(table).where(table.c.check_id.in_(ids)))
            return conn.execute(
                sa.delete(CHECKS).where(CHECKS.c.kantoor == _kantoor(kantoor))
            ).rowcount


def _stored(columns: list[str]) -> list[str]:
    """Columns as stored (`key` is a reserved word, hence `row_key`)."""
    return ["row_key" if c == "key" else c for c in columns]


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows ready to store: `key` as `row_key` and `seq`, their order."""
    return frame.rename(columns={"key": "row_key"}).assign(seq=range(len(frame)))
