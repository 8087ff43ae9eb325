"""A throwaway PostgreSQL server for the tests (and the benchmarks): no mocks, no system cluster.

:func:`start_postgres` makes a cluster with ``initdb`` in a new temporary directory, starts it
on ``127.0.0.1`` and a port free at run time (its Unix socket in that directory, not
``/var/run``), creates the database ``govflow`` and returns its SQLAlchemy URL and a ``stop``
function that stops the server (``pg_ctl -m fast``) and removes the directory.

The fixtures are registered for the whole workspace (core tests, ``plugins/*/tests``,
``examples``) by the repository's root ``conftest.py``; a test just names them:

* ``postgres_url`` (session): ``postgresql+psycopg://postgres@127.0.0.1:PORT/govflow``, one
  server for the whole session, the database shared by every test that asks for it;
* ``postgres_db_url`` (function): a database of its own on that server, created for the test
  and dropped after it (``WITH (FORCE)``: connections a test left open do not block the drop);
* ``db_url`` (function, twice): an empty case store's database on each backend, a new SQLite
  file and then a ``postgres_db_url`` database.

The server binaries are those of ``$GOVFLOW_PG_BINDIR`` when set (and only those), else
``pg_config --bindir``, else the highest ``/usr/lib/postgresql/*/bin`` (Debian), else ``initdb``
on ``PATH``.  Without them the tests that use the fixtures are skipped, unless
``GOVFLOW_REQUIRE_POSTGRES=1`` (set by ``.ci/run``): then they fail.

``initdb`` and ``postgres`` refuse to run as root: when the process is root they run as the
``postgres`` system user (Debian's package creates it; ``nobody`` otherwise), and the temporary
directory is theirs.  That is why it is made under the system temporary directory and not in
pytest's ``tmp_path`` (``/tmp/pytest-of-root`` is closed to other users).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, NoReturn

import pytest

__all__ = [
    "BINDIR_ENV",
    "DATABASE",
    "REQUIRE_ENV",
    "SUPERUSER",
    "PostgresError",
    "PostgresUnavailable",
    "RunningPostgres",
    "create_database",
    "database_url",
    "db_url",
    "drop_database",
    "find_bindir",
    "postgres_db_url",
    "postgres_url",
    "skip_or_fail",
    "start_postgres",
]

BINDIR_ENV = "GOVFLOW_PG_BINDIR"
"""A directory holding ``initdb``, ``pg_ctl`` and ``postgres``: the only one looked at when set."""

REQUIRE_ENV = "GOVFLOW_REQUIRE_POSTGRES"
"""Set (``1``) by CI: no server binaries is a failure, not a skip."""

SUPERUSER = "postgres"
"""The cluster's superuser (``initdb --username``), whoever runs the server."""

DATABASE = "govflow"
"""The database :func:`start_postgres` creates; its URL is the one returned."""

_PROGRAMS = ("initdb", "pg_ctl", "postgres")
_SERVER_ACCOUNTS = ("postgres", "nobody")  # for a root process; the first that exists
_TIMEOUT = 120  # seconds, for any one server command (a slow, busy CI machine)
_START_ATTEMPTS = 3  # the free port may be taken between choosing it and binding it


class PostgresUnavailable(Exception):
    """No PostgreSQL server binaries here; the message (Chinese) says what was looked at."""


class PostgresError(RuntimeError):
    """A server command failed although the binaries are there (a real error, never a skip)."""


class RunningPostgres(NamedTuple):
    """What :func:`start_postgres` returns: ``url, stop = start_postgres()``."""

    url: str
    """SQLAlchemy URL of the database ``govflow``."""
    stop: Callable[[], None]
    """Stops the server and removes its directory; idempotent (also run at exit)."""


def find_bindir() -> Path:
    """The directory of the PostgreSQL server binaries, or :class:`PostgresUnavailable`."""
    explicit = os.environ.get(BINDIR_ENV)
    if explicit:
        if _has_server(Path(explicit)):
            return Path(explicit)
        raise PostgresUnavailable(
            f"{BINDIR_ENV}={explicit} 中没有 PostgreSQL 服务器程序（{'、'.join(_PROGRAMS)}）"
        )
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
            if out:
                candidates.append(Path(out))
    # Debian keeps each major version apart; pg_config alone (libpq-dev) names a bindir that
    # may lack the server
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version, reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for candidate in candidates:
        if _has_server(candidate):
            return candidate
    raise PostgresUnavailable(
        f"找不到 PostgreSQL 服务器程序（{'、'.join(_PROGRAMS)}）："
        "pg_config --bindir、/usr/lib/postgresql/*/bin 和 PATH 中都没有。"
        f"Debian 上请安装：apt-get install postgresql；或用环境变量 {BINDIR_ENV} 指定其目录"
    )


def _has_server(directory: Path) -> bool:
    return all(os.access(directory / name, os.X_OK) for name in _PROGRAMS)


def _version(bindir: Path) -> tuple[int, ...]:
    """``/usr/lib/postgresql/15/bin`` -> ``(15,)``; numeric, so 10 sorts above 9.6."""
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name))


def _server_account() -> tuple[int, int] | None:
    """The (uid, gid) the server commands run as: ``None`` (this process's) unless root."""
    if os.geteuid() != 0:
        return None
    for name in _SERVER_ACCOUNTS:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    raise PostgresError(
        f"以 root 运行时需要一个非特权用户来运行 initdb 和 postgres（{'、'.join(_SERVER_ACCOUNTS)}"
        "都不存在）"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run(
    args: Sequence[str | Path], account: tuple[int, int] | None, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run a server command (as *account* when given), its output captured, never raising."""
    # PG* variables (PGDATA, PGPORT, PGHOST...) of the caller must not steer the throwaway
    # cluster; the C locale exists everywhere
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    user = group = None
    extra_groups: list[int] | None = None
    if account is not None:
        user, group = account
        extra_groups = []  # drop root's supplementary groups too
    return subprocess.run(
        [str(arg) for arg in args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=_TIMEOUT,
        cwd=cwd,  # not the caller's cwd: /root is closed to the server user
        env=env,
        user=user,
        group=group,
        extra_groups=extra_groups,
    )


def _failure(
    what: str, result: subprocess.CompletedProcess[str], log: Path | None
) -> PostgresError:
    text = f"{what} 失败（退出码 {result.returncode}）：\n{result.stdout}{result.stderr}"
    if log is not None:
        with contextlib.suppress(OSError):
            text += f"\n服务器日志 {log}：\n" + log.read_text(errors="replace")[-4000:]
    return PostgresError(text)


def start_postgres(base_dir: str | os.PathLike[str] | None = None) -> RunningPostgres:
    """Start a throwaway server in a new directory under *base_dir* (default: the system
    temporary directory, which must be open to the ``postgres`` user when run as root).

    Raises :class:`PostgresUnavailable` without server binaries, :class:`PostgresError` when
    a server command fails; nothing is left behind then.  Call ``stop`` when done (it is also
    registered with :mod:`atexit`, for a script that dies on an exception).
    """
    bindir = find_bindir()
    account = _server_account()
    root = Path(tempfile.mkdtemp(prefix="govflow-pg-", dir=base_dir))
    data = root / "data"
    log = root / "server.log"
    pg_ctl = bindir / "pg_ctl"
    stopped = False

    def stop() -> None:
        nonlocal stopped
        if stopped:
            return
        stopped = True
        atexit.unregister(stop)
        try:
            pidfile = data / "postmaster.pid"
            if not pidfile.exists():
                return
            for mode in ("fast", "immediate"):
                result = _run(
                    [pg_ctl, "-D", data, "-m", mode, "-w", "-t", str(_TIMEOUT), "stop"],
                    account,
                    root,
                )
                if result.returncode == 0 or not pidfile.exists():
                    return
            # last resort, so that no server outlives the tests
            with contextlib.suppress(OSError, ValueError, IndexError):
                os.kill(int(pidfile.read_text().split()[0]), signal.SIGKILL)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    try:
        if account is not None:
            os.chown(root, *account)
        result = _run(
            [
                bindir / "initdb",
                "-D",
                data,
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",  # a throwaway cluster: a crash loses nothing worth keeping
                "--no-instructions",
            ],
            account,
            root,
        )
        if result.returncode != 0:
            raise _failure("initdb", result, None)
        # TCP on 127.0.0.1 only, with trust; no local (socket) or IPv6 lines at all
        (data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n")
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# govflow tests (tests/pg_support.py)\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{root}'\n"
            )
        port = 0
        for attempt in range(1, _START_ATTEMPTS + 1):
            port = _free_port()
            result = _run(
                [
                    pg_ctl,
                    "-D",
                    data,
                    "-l",
                    log,
                    "-o",
                    f"-p {port}",
                    "-w",
                    "-t",
                    str(_TIMEOUT),
                    "start",
                ],
                account,
                root,
            )
            if result.returncode == 0:
                break
            in_use = "could not bind" in (log.read_text(errors="replace") if log.exists() else "")
            if not in_use or attempt == _START_ATTEMPTS:
                raise _failure("pg_ctl start", result, log)
            log.unlink()  # the next attempt's log alone
        server = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
        create_database(server, DATABASE)
    except BaseException:
        stop()
        raise
    atexit.register(stop)
    return RunningPostgres(database_url(server, DATABASE), stop)


def database_url(url: str, name: str) -> str:
    """*url* naming the database *name* instead."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin_execute(url: str, statement: str, name: str) -> None:
    """Run *statement* (``{}`` for the database name *name*) in the server's ``postgres``
    database, outside a transaction (CREATE and DROP DATABASE cannot run in one)."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=30,
    ) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def create_database(url: str, name: str) -> str:
    """Create the database *name* on the server of *url*; its URL."""
    _admin_execute(url, "CREATE DATABASE {}", name)
    return database_url(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop the database *name* on the server of *url*, closing its connections first."""
    _admin_execute(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test for *reason*, or fail it when ``$GOVFLOW_REQUIRE_POSTGRES`` is set (CI)."""
    if os.environ.get(REQUIRE_ENV, "") not in ("", "0"):
        pytest.fail(
            f"{REQUIRE_ENV}={os.environ[REQUIRE_ENV]} 要求真实的 PostgreSQL：{reason}",
            pytrace=False,
        )
    pytest.skip(f"{reason}（跳过需要 PostgreSQL 的测试）")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """SQLAlchemy URL of the database ``govflow`` on a throwaway server for the session."""
    try:
        url, stop = start_postgres()
    except PostgresUnavailable as exc:
        skip_or_fail(str(exc))
    try:
        yield url
    finally:
        stop()


@pytest.fixture
def postgres_db_url(postgres_url: str) -> Iterator[str]:
    """SQLAlchemy URL of a fresh database of this test's own, dropped after it."""
    name = f"govflow_test_{uuid.uuid4().hex[:16]}"
    url = create_database(postgres_url, name)
    try:
        yield url
    finally:
        drop_database(postgres_url, name)


@pytest.fixture(params=("sqlite", "postgresql"))
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty case store's database, once on each backend: a new SQLite file, or a fresh
    PostgreSQL database (:func:`postgres_db_url`)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    url: str = request.getfixturevalue("postgres_db_url")
    return url
