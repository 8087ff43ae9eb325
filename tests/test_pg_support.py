"""The PostgreSQL fixtures (tests/pg_support.py) against a real server: it answers through
SQLAlchemy, each test's database is its own, the server listens on 127.0.0.1 only, and stopping
it leaves no process and no directory behind.  Without the server binaries these tests are
skipped (failed under ``GOVFLOW_REQUIRE_POSTGRES=1``), but for the last ones, which check that.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pg_support import (
    BINDIR_ENV,
    DATABASE,
    REQUIRE_ENV,
    PostgresUnavailable,
    create_database,
    database_url,
    drop_database,
    find_bindir,
    skip_or_fail,
    start_postgres,
)


class Connect:
    """SQLAlchemy engines on the test's URLs, all disposed after the test (an engine's pool
    keeps connections open, and an open connection blocks a plain DROP DATABASE)."""

    def __init__(self) -> None:
        self.engines: dict[str, sa.Engine] = {}

    def engine(self, url: str) -> sa.Engine:
        if url not in self.engines:
            self.engines[url] = sa.create_engine(url)
        return self.engines[url]

    def scalar(self, url: str, query: str) -> object:
        with self.engine(url).connect() as conn:
            return conn.execute(sa.text(query)).scalar_one()

    def tables(self, url: str) -> set[str]:
        return set(sa.inspect(self.engine(url)).get_table_names())

    def execute(self, url: str, *statements: str) -> None:
        with self.engine(url).begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))

    def dispose(self) -> None:
        for engine in self.engines.values():
            engine.dispose()


@pytest.fixture
def connect() -> Iterator[Connect]:
    connector = Connect()
    yield connector
    connector.dispose()


def test_server_answers_through_sqlalchemy(postgres_url: str, connect: Connect) -> None:
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    assert postgres_url.endswith(f"/{DATABASE}")
    version = connect.scalar(postgres_url, "select version()")
    assert isinstance(version, str)
    assert version.startswith("PostgreSQL ")
    assert connect.scalar(postgres_url, "select current_database()") == DATABASE


def test_two_databases_are_distinct_and_isolated(
    postgres_url: str, postgres_db_url: str, connect: Connect
) -> None:
    other_name = f"govflow_test_other_{uuid.uuid4().hex[:8]}"
    other_url = create_database(postgres_url, other_name)
    try:
        assert other_url != postgres_db_url
        assert connect.scalar(postgres_db_url, "select current_database()") != other_name
        connect.execute(
            postgres_db_url, "create table marker (n integer)", "insert into marker values (1)"
        )
        assert connect.tables(postgres_db_url) == {"marker"}
        assert "marker" not in connect.tables(other_url)
        assert "marker" not in connect.tables(postgres_url)
        # the same name in the other database is another table
        connect.execute(other_url, "create table marker (n integer)")
        assert connect.scalar(other_url, "select count(*) from marker") == 0
        assert connect.scalar(postgres_db_url, "select count(*) from marker") == 1
    finally:
        drop_database(postgres_url, other_name)


_SEEN: list[str] = []  # the databases of the runs of the test below


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_a_fresh_database(run: int, postgres_db_url: str, connect: Connect) -> None:
    """Whichever run comes second finds no table of the first, under another name."""
    name = connect.scalar(postgres_db_url, "select current_database()")
    assert isinstance(name, str)
    assert name not in _SEEN
    assert name != DATABASE
    _SEEN.append(name)
    assert connect.tables(postgres_db_url) == set()
    connect.execute(postgres_db_url, f"create table left_by_run_{run} (n integer)")


def test_drop_closes_connections_left_open(postgres_url: str, connect: Connect) -> None:
    name = f"govflow_test_open_{uuid.uuid4().hex[:8]}"
    url = create_database(postgres_url, name)
    engine = sa.create_engine(url)
    held = engine.connect()  # what a careless test leaves open
    try:
        drop_database(postgres_url, name)
    finally:
        held.invalidate()
        engine.dispose()
    query = f"select count(*) from pg_database where datname = '{name}'"
    assert connect.scalar(postgres_url, query) == 0


def test_listens_on_127_0_0_1_only(postgres_url: str, connect: Connect) -> None:
    assert connect.scalar(postgres_url, "show listen_addresses") == "127.0.0.1"
    assert str(connect.scalar(postgres_url, "select inet_server_addr()")) == "127.0.0.1"
    port = sa.make_url(postgres_url).port
    assert port is not None
    # Linux routes all of 127.0.0.0/8 to the loopback interface: a server bound to every
    # address would answer on 127.0.0.2 too
    for family, address in ((socket.AF_INET, "127.0.0.2"), (socket.AF_INET6, "::1")):
        try:
            probe = socket.socket(family, socket.SOCK_STREAM)
        except OSError:  # no IPv6 here
            continue
        with probe:
            probe.settimeout(5)
            assert probe.connect_ex((address, port)) != 0, address
    # trust for 127.0.0.1 alone: the only line of pg_hba.conf
    rules = connect.scalar(
        postgres_url,
        "select string_agg(concat_ws(' ', type, address, netmask, auth_method), ';')"
        " from pg_hba_file_rules",
    )
    assert rules == "host 127.0.0.1 255.255.255.255 trust"
    # the Unix socket is in the server's temporary directory, not /var/run/postgresql
    sockets = connect.scalar(postgres_url, "show unix_socket_directories")
    data = connect.scalar(postgres_url, "show data_directory")
    assert isinstance(data, str)
    assert sockets == str(Path(data).parent)
    assert (Path(data).parent / f".s.PGSQL.{port}").is_socket()


def _alive(pid: int) -> bool:
    """A zombie (exited, not yet reaped by a container's init) counts as gone."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_stop_leaves_no_process_and_no_directory(postgres_url: str, connect: Connect) -> None:
    """A second server of its own (postgres_url only for its skip or failure without binaries)."""
    url, stop = start_postgres()
    try:
        assert sa.make_url(url).port != sa.make_url(postgres_url).port
        data = connect.scalar(url, "show data_directory")
        assert isinstance(data, str)
        directory = Path(data).parent
        pid = int((Path(data) / "postmaster.pid").read_text().split()[0])
        assert _alive(pid)
        connect.dispose()
    finally:
        stop()
    assert not _alive(pid)
    assert not directory.exists()
    stop()  # idempotent


def test_without_binaries_the_fixture_skips_or_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BINDIR_ENV, str(tmp_path))  # an empty directory: the only one looked at
    with pytest.raises(PostgresUnavailable, match=BINDIR_ENV) as raised:
        find_bindir()
    with pytest.raises(PostgresUnavailable):
        start_postgres(tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing made before the binaries are found
    monkeypatch.delenv(REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception):
        skip_or_fail(str(raised.value))
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match=REQUIRE_ENV):
        skip_or_fail(str(raised.value))


def test_database_url() -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5555/govflow"
    assert database_url(url, "other") == "postgresql+psycopg://postgres@127.0.0.1:5555/other"
