"""The case store on real databases, SQLite (a file) and PostgreSQL (a throwaway server): the
schema made by Alembic once, cases and events read back as written, duplicate and missing ids,
the append-only triggers, refused events leaving nothing behind, ``create_many``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from case_support import TODAY, case_kinds, make_book
from govflow.cases.book import CaseBook
from govflow.cases.model import BEIJING, Case, EventRefused, new_event
from govflow.cases.store import CaseExists, CaseNotFound, CaseStore


@pytest.fixture
def book(db_url: str) -> Iterator[CaseBook]:
    b = make_book(db_url)
    yield b
    b.store.close()


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _statements(store: CaseStore) -> list[str]:
    """The SQL *store*'s engine executes from now on."""
    seen: list[str] = []

    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    return seen


def _ddl(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("CREATE", "ALTER", "DROP"))]


# --- schema --------------------------------------------------------------------------------


def test_schema_is_made_by_alembic_on_first_open_and_only_then(db_url: str) -> None:
    kinds = case_kinds()
    assert not {"cases", "case_events", "alembic_version"} & _tables(db_url)
    first = CaseStore(db_url, kinds, migrate=False)
    assert first.revision() is None
    ran = _statements(first)
    first.upgrade()  # what opening does
    assert first.revision() == first.head()
    assert {"cases", "case_events", "alembic_version"} <= _tables(db_url)
    assert any("CREATE TABLE" in s.upper() for s in _ddl(ran))
    first.create_many(
        [
            Case(
                kinds["message"], "LY-1", "县财政局", {}, (new_event("received", date(2023, 9, 1)),)
            )
        ],
        "tester",
    )
    first.close()

    second = CaseStore(db_url, kinds, migrate=False)
    ran = _statements(second)
    second.upgrade()
    assert _ddl(ran) == []  # not migrated again
    assert second.revision() == second.head()
    assert second.count() == (1, 1)
    second.close()
    # and the ordinary way of opening (migrate=True) on a migrated database
    with CaseStore(db_url, kinds) as third:
        assert third.revision() == third.head()
        assert third.get("LY-1").unit == "县财政局"


def test_first_opens_at_the_same_time_migrate_once(db_url: str) -> None:
    kinds = case_kinds()
    errors: list[BaseException] = []
    revisions: list[str | None] = []
    start = threading.Barrier(4)

    def open_store() -> None:
        try:
            start.wait()
            with CaseStore(db_url, kinds) as store:
                revisions.append(store.revision())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with CaseStore(db_url, kinds) as store:
        assert revisions == [store.head()] * 4


# --- round trip ----------------------------------------------------------------------------


def test_what_is_recorded_is_what_is_read_back(book: CaseBook) -> None:
    stamp = datetime(2023, 10, 10, 16, 45, 12, 345678, tzinfo=BEIJING)
    book.open(
        "application",
        "YSQ-1",
        "县财政局",
        "2023-09-20",
        {"channel": "网络"},
        actor="张三",
        note="窗口收件",
        now=stamp - timedelta(days=20),
    )
    book.record("YSQ-1", "correction-requested", "2023-09-22", actor="李四", now=stamp)
    book.record("YSQ-1", "corrected", "2023-09-26", actor="李四", now=stamp)
    book.record("YSQ-1", "extension-approved", "2023-10-10", amount=10, actor="王五", now=stamp)
    book.record("YSQ-1", "filed", "2023-09-21", actor="王五", now=stamp)
    fixed = book.record(
        "YSQ-1", "filed", "2023-09-23", supersedes=5, actor="王五", note="日期录错", now=stamp
    )
    book.open("message", "LY-1", "县民政局", "2023-09-20 09:30", actor="赵六", now=stamp)
    book.record("LY-1", "replied", "2023-09-21 17:05", actor="赵六", now=stamp)

    case = book.store.get("YSQ-1")
    assert case == fixed.case  # what record returned is what the store holds
    assert case.kind.name == "application"
    assert case.unit == "县财政局"
    assert case.fields == {"channel": "网络"}
    got = [
        (e.seq, e.type, e.occurred, e.amount, e.supersedes, e.actor, e.note) for e in case.events
    ]
    assert got == [
        (1, "received", date(2023, 9, 20), None, None, "张三", "窗口收件"),
        (2, "correction-requested", date(2023, 9, 22), None, None, "李四", ""),
        (3, "corrected", date(2023, 9, 26), None, None, "李四", ""),
        (4, "extension-approved", date(2023, 10, 10), 10, None, "王五", ""),
        (5, "filed", date(2023, 9, 21), None, None, "王五", ""),
        (6, "filed", date(2023, 9, 23), None, 5, "王五", "日期录错"),
    ]
    for e in case.events:
        assert e.recorded_at is not None
        assert e.recorded_at.utcoffset() == timedelta(hours=8)  # aware, shown in Beijing time
    assert case.events[0].recorded_at == stamp - timedelta(days=20)
    assert all(e.recorded_at == stamp for e in case.events[1:])
    assert case.record_data()["filed"] == date(2023, 9, 23)  # the correction counts

    message = book.store.get("LY-1")
    received, replied = message.events
    assert received.occurred == datetime(2023, 9, 20, 9, 30, tzinfo=BEIJING)
    assert replied.occurred == datetime(2023, 9, 21, 17, 5, tzinfo=BEIJING)
    assert isinstance(received.occurred, datetime)
    assert received.occurred.utcoffset() == timedelta(hours=8)
    assert (received.seq, replied.seq) == (7, 8)
    assert book.store.count() == (2, 8)
    assert [c.id for c in book.store.cases()] == ["LY-1", "YSQ-1"]
    assert [c.id for c in book.store.cases(units=["县民政局"])] == ["LY-1"]
    assert [c.id for c in book.store.cases(kind="application")] == ["YSQ-1"]


def test_a_taken_id_is_refused_and_nothing_changes(book: CaseBook) -> None:
    book.open("application", "YSQ-1", "县财政局", "2023-09-20", actor="a")
    before = book.store.count()
    with pytest.raises(CaseExists):
        book.open("application", "YSQ-1", "县民政局", "2023-09-21", actor="b")
    with pytest.raises(CaseExists):
        book.open("message", "YSQ-1", "县民政局", "2023-09-21", actor="b")
    assert book.store.count() == before
    assert book.store.get("YSQ-1").unit == "县财政局"


def test_a_missing_case_is_not_found(book: CaseBook) -> None:
    with pytest.raises(CaseNotFound):
        book.store.get("YSQ-404")
    with pytest.raises(CaseNotFound):
        book.record("YSQ-404", "replied", "2023-10-01", actor="a")
    assert book.store.count() == (0, 0)


# --- append-only ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cases SET unit = '县民政局'",
        "DELETE FROM cases",
        "UPDATE case_events SET occurred = '2023-01-01'",
        "DELETE FROM case_events",
    ],
)
def test_the_tables_refuse_update_and_delete(book: CaseBook, statement: str) -> None:
    book.open("application", "YSQ-1", "县财政局", "2023-09-20", actor="a")
    book.record("YSQ-1", "replied", "2023-10-09", actor="a")
    before = book.store.get("YSQ-1")
    with book.store.engine.connect() as conn:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            conn.execute(sa.text(statement))
        conn.rollback()
    assert book.store.get("YSQ-1") == before
    assert book.store.count() == (1, 2)


# --- refused events -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "when", "days", "refusal"),
    [
        ("extension-approved", "2023-10-10", 25, "超过上限"),  # the legal cap: 20 working days
        ("corrected", "2023-09-25", None, "告知补正"),  # before any correction was requested
        ("replied", "2024-01-02", None, "晚于今天"),  # not happened yet
        ("replied", "2023-09-19", None, "早于"),  # before the application came
        ("filed", "2023-09-25", 3, "不带数量"),
    ],
)
def test_a_refused_event_leaves_the_store_unchanged(
    book: CaseBook, event: str, when: str, days: int | None, refusal: str
) -> None:
    book.open("application", "YSQ-1", "县财政局", "2023-09-20", actor="a")
    before, case = book.store.count(), book.store.get("YSQ-1")
    with pytest.raises(EventRefused, match=refusal):
        book.record("YSQ-1", event, when, amount=days, actor="a")
    assert book.store.count() == before
    assert book.store.get("YSQ-1") == case
    # the store still takes a good event after a refusal
    book.record("YSQ-1", "replied", "2023-10-09", actor="a")
    assert book.store.count() == (before[0], before[1] + 1)


def test_a_refused_correction_leaves_the_store_unchanged(book: CaseBook) -> None:
    book.open("application", "YSQ-1", "县财政局", "2023-09-20", actor="a")
    book.record("YSQ-1", "extension-approved", "2023-10-10", amount=10, actor="a")
    before = book.store.count()
    with pytest.raises(EventRefused, match="超过上限"):
        book.record("YSQ-1", "extension-approved", "2023-10-10", amount=21, supersedes=2, actor="a")
    with pytest.raises(EventRefused, match="没有第 9 号事件"):
        book.record("YSQ-1", "extension-approved", "2023-10-10", amount=5, supersedes=9, actor="a")
    assert book.store.count() == before


# --- create_many ----------------------------------------------------------------------------


def test_create_many_stores_the_new_cases_and_returns_the_taken_ids(book: CaseBook) -> None:
    kinds = book.case_kinds
    book.open("application", "YSQ-2", "县财政局", "2023-09-20", actor="first")
    stamp = datetime(2023, 11, 1, 8, 0, tzinfo=BEIJING)

    def app(case_id: str, unit: str, *events: tuple[str, date, int | None]) -> Case:
        return Case(
            kinds["application"],
            case_id,
            unit,
            {},
            tuple(new_event(t, d, amount=n, actor="import", now=stamp) for t, d, n in events),
        )

    got = book.store.create_many(
        [
            app("YSQ-1", "县民政局", ("received", date(2023, 9, 1), None)),
            app("YSQ-2", "县民政局", ("received", date(2023, 9, 2), None)),
            app(
                "YSQ-3",
                "县审计局",
                ("received", date(2023, 9, 3), None),
                ("extension-approved", date(2023, 9, 20), 15),
                ("replied", date(2023, 10, 20), None),
            ),
        ],
        "import",
    )
    assert got == {"YSQ-2"}
    assert book.store.count() == (3, 5)
    assert book.store.get("YSQ-2").unit == "县财政局"  # the taken case is untouched
    three = book.store.get("YSQ-3")
    assert [(e.type, e.occurred, e.amount) for e in three.events] == [
        ("received", date(2023, 9, 3), None),
        ("extension-approved", date(2023, 9, 20), 15),
        ("replied", date(2023, 10, 20), None),
    ]
    assert all(e.recorded_at == stamp and e.actor == "import" for e in three.events)
    assert book.store.create_many([app("YSQ-1", "县民政局")], "again") == {"YSQ-1"}
    assert book.store.count() == (3, 5)
    # judged like any case: replied, but the 报备 to the county office never came
    assert book.view(three, TODAY).status.value == "overdue"
