"""The case store: cases and their append-only events in SQLite (the default, one file) or
PostgreSQL (a URL), through SQLAlchemy 2; the schema is kept by Alembic migrations.

Where it is: ``--db`` (a path, or a URL such as ``postgresql+psycopg://user@host/db``), else
``$GOVFLOW_DB``, else ``cases.sqlite3`` in the user data directory.

Writes are transactions that see the case as it stands: SQLite takes the write lock at the
start (``BEGIN IMMEDIATE``, WAL, ``synchronous=FULL``), PostgreSQL locks the case's row
(``SELECT … FOR UPDATE``); so concurrent writers, threads or processes, each validate against
what the others committed and none is lost.  The tables refuse ``UPDATE`` and ``DELETE``
(triggers): a correction is a new event.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from govflow.cases.kinds import CaseKind
from govflow.cases.model import BEIJING, Case, CaseEvent
from govflow.errors import InputError

__all__ = [
    "CaseExists",
    "CaseNotFound",
    "CaseStore",
    "StoreError",
    "default_location",
    "store_url",
]

MIGRATIONS = Path(__file__).with_name("migrations")

metadata = sa.MetaData()
cases_table = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("unit", sa.String(200), nullable=False),
    sa.Column("fields", sa.JSON(), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("opened_by", sa.String(100), nullable=False),
)
events_table = sa.Table(
    "case_events",
    metadata,
    sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(100), sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("occurred", sa.String(40), nullable=False),
    sa.Column("amount", sa.Integer(), nullable=True),
    sa.Column("supersedes", sa.Integer(), nullable=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
)


class StoreError(InputError):
    """The store cannot be opened or written (a bad URL, an unreachable server, a locked file)."""

    label = "案件库无法使用"


class CaseNotFound(InputError, LookupError):
    label = "案件不存在"


class CaseExists(InputError):
    label = "案件已存在"


def default_location() -> Path:
    """``cases.sqlite3`` in the user data directory (``~/.local/share/govflow`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("govflow")) / "cases.sqlite3"


def store_url(db: str | Path | None = None) -> str:
    """The SQLAlchemy URL of *db* (a path or a URL), ``$GOVFLOW_DB``, or the default file."""
    where = db if db not in (None, "") else os.environ.get("GOVFLOW_DB") or None
    if where is None:
        path = default_location()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    text = str(where)
    if "://" in text:
        return text
    path = Path(text)
    if path.is_dir():
        raise StoreError(f"{text} 是目录；--db 应为案件库文件（如 cases.sqlite3）或数据库 URL")
    if not path.parent.is_dir():
        raise StoreError(f"{text}：所在目录 {path.parent} 不存在")
    return f"sqlite:///{path.resolve()}"


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a durable commit, foreign keys, a patient lock; writers take the lock at BEGIN so
    that a transaction never fails half-way on a lock upgrade."""

    @sa_event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's begin event issues BEGIN itself
        cur = dbapi_conn.cursor()
        # the timeout first: switching a new file to WAL takes a lock that another first user
        # may hold, and without it that is an immediate "database is locked"
        cur.execute("PRAGMA busy_timeout=60000")
        _wal(cur)
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @sa_event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("govflow_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _wal(cur: Any) -> None:
    """Switch to WAL.  Two first users of a new file may both try at once; SQLite then answers
    "database is locked" at once, without waiting out the busy timeout: try again."""
    import sqlite3
    import time

    for attempt in range(200):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 199:
                raise
            time.sleep(0.01 * min(attempt + 1, 20))


class CaseStore:
    """Cases and events in a database; see the module."""

    def __init__(self, url: str, kinds: Mapping[str, CaseKind], *, migrate: bool = True) -> None:
        self.url = url
        self.kinds = kinds
        try:
            self.engine = sa.create_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"无法打开 {_safe(url)}：{exc}") from None
        self.dialect = self.engine.dialect.name
        self._write_lock: threading.Lock | contextlib.nullcontext[None] = (
            threading.Lock() if self.dialect == "sqlite" else contextlib.nullcontext()
        )
        if self.dialect == "sqlite":
            _sqlite_setup(self.engine)
        if migrate:
            self.upgrade()

    @classmethod
    def open(cls, db: str | Path | None, kinds: Mapping[str, CaseKind]) -> CaseStore:
        return cls(store_url(db), kinds)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------------

    def _alembic(self, conn: Connection) -> Any:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        return cfg

    def revision(self) -> str | None:
        """The schema revision the database is at (``None``: empty)."""
        from alembic.migration import MigrationContext

        with self._connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head(self) -> str:
        from alembic.script import ScriptDirectory

        with self._connect() as conn:
            head = ScriptDirectory.from_config(self._alembic(conn)).get_current_head()
        assert head is not None
        return head

    def upgrade(self) -> None:
        """Bring the schema to the newest revision, in one transaction that holds the write
        lock (so two first users do not both create it)."""
        from alembic import command
        from alembic.migration import MigrationContext
        from alembic.script import ScriptDirectory

        with self._write() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7424112)")
            cfg = self._alembic(conn)
            script = ScriptDirectory.from_config(cfg)
            head = script.get_current_head()
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return
            if current is not None and current not in {r.revision for r in script.walk_revisions()}:
                raise StoreError(
                    f"{_safe(self.url)}：案件库的结构版本 {current} 是更新的 govflow 写的"
                    f"（本版认识的最新版本是 {head}）；请升级 govflow 后再用这个案件库"
                )
            command.upgrade(cfg, "head")

    # --- connections ----------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"{_safe(self.url)}：{exc.orig}") from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        # SQLite: the writers of this process queue on a lock of their own rather than on
        # SQLite's busy handler, whose growing sleeps leave some waiting far longer than
        # others (other processes still meet the busy timeout)
        with self._write_lock, self._write_transaction() as conn:
            yield conn

    @contextmanager
    def _write_transaction(self) -> Iterator[Connection]:
        try:
            with (
                self.engine.connect().execution_options(govflow_write=True) as conn,
                conn.begin(),
            ):
                yield conn
        except OperationalError as exc:
            raise StoreError(f"{_safe(self.url)}：{exc.orig}") from None

    # --- writing ----------------------------------------------------------------------------

    def create(self, case: Case, opened_by: str, check: Callable[[Case], None]) -> Case:
        """Store a new *case* with its opening event, after *check* (which raises to refuse).
        :class:`CaseExists` if the id is taken."""
        (opening,) = case.events
        with self._write() as conn:
            if self._exists(conn, case.id):
                raise CaseExists(f"案件 {case.id} 已存在；登记后续事件请用 govflow case event")
            check(case)
            stamp = opening.recorded_at or datetime.now(BEIJING)
            try:
                conn.execute(
                    cases_table.insert().values(
                        id=case.id,
                        kind=case.kind.name,
                        unit=case.unit,
                        fields=dict(case.fields),
                        opened_at=as_stored_moment(stamp),
                        opened_by=opened_by,
                    )
                )
            except IntegrityError:  # another writer took the id between the check and here
                raise CaseExists(f"案件 {case.id} 已存在") from None
            seq = self._insert_event(conn, case.id, opening)
        return _with_seq(case, 0, seq)

    def create_many(self, cases: Sequence[Case], opened_by: str) -> set[str]:
        """Store new *cases* (already checked, with distinct ids) with their events in one
        transaction; the ids already taken are returned and those cases not stored."""
        stamp = as_stored_moment(datetime.now(BEIJING))
        unique = {c.id for c in cases}
        if len(unique) != len(cases):  # the caller's mistake (case import rejects such rows)
            raise ValueError("create_many: the ids of the cases must be distinct")
        if not cases:
            return set()
        with self._write() as conn:
            # the database says which ids are new: INSERT … ON CONFLICT DO NOTHING RETURNING
            # (a look-up of the ids first grew slow on PostgreSQL as the table grew)
            insert = _insert(self.dialect, cases_table).on_conflict_do_nothing(
                index_elements=["id"]
            )
            stored = set(
                conn.execute(
                    insert.returning(cases_table.c.id, sort_by_parameter_order=True),
                    [
                        {
                            "id": c.id,
                            "kind": c.kind.name,
                            "unit": c.unit,
                            "fields": dict(c.fields),
                            "opened_at": stamp,
                            "opened_by": opened_by,
                        }
                        for c in cases
                    ],
                ).scalars()
            )
            taken = set(unique) - stored
            fresh = [c for c in cases if c.id in stored]
            if not fresh:
                return taken
            conn.execute(
                events_table.insert(),
                [
                    {
                        "case_id": c.id,
                        "type": e.type,
                        "occurred": e.occurred.isoformat(),
                        "amount": e.amount,
                        "supersedes": None,
                        "actor": e.actor,
                        "recorded_at": as_stored_moment(e.recorded_at) if e.recorded_at else stamp,
                        "note": e.note,
                    }
                    for c in fresh
                    for e in c.events
                ],
            )
        return taken

    def append(
        self,
        case_id: str,
        make: Callable[[Case], CaseEvent],
        check: Callable[[Case, CaseEvent], None],
    ) -> tuple[Case, CaseEvent]:
        """Append the event ``make(case)`` to the case as it stands in the store, after
        ``check(case, event)`` (which raises to refuse); the case locked meanwhile.  Returns
        the case with the event, and the event, as stored."""
        with self._write() as conn:
            case = self._load(conn, case_id, lock=True)
            event = make(case)
            check(case, event)
            candidate = case.with_event(event)
            seq = self._insert_event(conn, case_id, event)
        stored = _with_seq(candidate, len(candidate.events) - 1, seq)
        return stored, stored.events[-1]

    def _insert_event(self, conn: Connection, case_id: str, e: CaseEvent) -> int:
        result = conn.execute(
            events_table.insert()
            .values(
                case_id=case_id,
                type=e.type,
                occurred=e.occurred.isoformat(),
                amount=e.amount,
                supersedes=e.supersedes,
                actor=e.actor,
                recorded_at=as_stored_moment(e.recorded_at or datetime.now(BEIJING)),
                note=e.note,
            )
            .returning(events_table.c.seq)
        )
        return int(result.scalar_one())

    # --- reading ----------------------------------------------------------------------------

    def _exists(self, conn: Connection, case_id: str) -> bool:
        q = sa.select(cases_table.c.id).where(cases_table.c.id == case_id)
        return conn.execute(q).first() is not None

    def _load(self, conn: Connection, case_id: str, *, lock: bool = False) -> Case:
        q = sa.select(cases_table).where(cases_table.c.id == case_id)
        if lock and self.dialect == "postgresql":
            q = q.with_for_update()
        row = conn.execute(q).first()
        if row is None:
            raise CaseNotFound(f"案件库中没有案件 {case_id!r}")
        events = conn.execute(
            sa.select(events_table)
            .where(events_table.c.case_id == case_id)
            .order_by(events_table.c.seq)
        ).all()
        return self._case(row._mapping, [e._mapping for e in events])

    def get(self, case_id: str) -> Case:
        with self._connect() as conn:
            return self._load(conn, case_id)

    def cases(
        self,
        *,
        units: Sequence[str] | None = None,
        kind: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[Case]:
        """The stored cases (of *units*, of *kind*, with *ids*), ordered by id, with events."""
        q = sa.select(cases_table).order_by(cases_table.c.id)
        eq = sa.select(events_table).order_by(events_table.c.seq)
        if units is not None:
            q = q.where(cases_table.c.unit.in_(list(units)))
        if kind is not None:
            q = q.where(cases_table.c.kind == kind)
        if ids is not None:
            q = q.where(cases_table.c.id.in_(list(ids)))
        if units is not None or kind is not None or ids is not None:
            eq = eq.where(events_table.c.case_id.in_(q.with_only_columns(cases_table.c.id)))
        with self._connect() as conn:
            rows = conn.execute(q).all()
            events: dict[str, list[Mapping[Any, Any]]] = {}
            for e in conn.execute(eq):
                events.setdefault(e.case_id, []).append(e._mapping)
        return [self._case(r._mapping, events.get(r.id, [])) for r in rows]

    def count(self) -> tuple[int, int]:
        """How many cases and events the store holds."""
        with self._connect() as conn:
            n = conn.execute(sa.select(sa.func.count()).select_from(cases_table)).scalar_one()
            m = conn.execute(sa.select(sa.func.count()).select_from(events_table)).scalar_one()
        return int(n), int(m)

    def _case(self, row: Mapping[Any, Any], events: Sequence[Mapping[Any, Any]]) -> Case:
        kind = self.kinds.get(row["kind"])
        if kind is None:
            raise StoreError(
                f"案件 {row['id']} 的类别 {row['kind']!r} 没有插件提供（提供它的插件未安装？）"
            )
        return Case(
            kind=kind,
            id=row["id"],
            unit=row["unit"],
            fields=dict(row["fields"] or {}),
            events=tuple(_event(e) for e in events),
        )


def _insert(dialect: str, table: sa.Table) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_nothing`` (SQLite and PostgreSQL)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    raise StoreError(f"不支持的数据库 {dialect}：案件库支持 SQLite 和 PostgreSQL")


def _event(e: Mapping[Any, Any]) -> CaseEvent:
    return CaseEvent(
        type=e["type"],
        occurred=_occurred(e["occurred"]),
        amount=e["amount"],
        note=e["note"],
        actor=e["actor"],
        recorded_at=as_read_moment(e["recorded_at"]),
        seq=e["seq"],
        supersedes=e["supersedes"],
    )


def _occurred(text: str) -> date | datetime:
    if len(text) <= 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text).astimezone(BEIJING)


def as_stored_moment(moment: datetime) -> datetime:
    """Stored in UTC: PostgreSQL keeps the moment, SQLite the UTC digits (read back as UTC)."""
    return moment.astimezone(UTC)


def as_read_moment(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def _with_seq(case: Case, index: int, seq: int) -> Case:
    from attrs import evolve

    events = list(case.events)
    events[index] = evolve(events[index], seq=seq)
    return evolve(case, events=tuple(events))


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return url
