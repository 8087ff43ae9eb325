"""The case store at county scale: ``govflow remind`` and ``govflow case list`` on N open cases
as users run them, and events recorded per second by 1, 2 and 4 writer processes at once, on
SQLite and on PostgreSQL, beside the plain SQL a user could run instead.

Run it with::

    uv run python bench/bench_cases.py                     # 100,000 cases, both backends
    uv run python bench/bench_cases.py --cases 10000 --no-postgres
    uv run python bench/bench_cases.py --postgres-url postgresql+psycopg://u@host/db  # a server of yours (its tables are created; use an empty database)

The store is filled with ``CaseStore.create_many`` (not timed in the table; the build time is
printed): N cases of the Yudu plan's units (fixed seed), 80% 依申请公开 received 2023-10-01..
2023-12-28, 20% 网民留言 received at a time of day in the same span, every one open (only its
opening event).  SQLite is a new file in a temporary directory; PostgreSQL a throwaway server
(tests/pg_support.py ``start_postgres``), skipped when its binaries are missing.

Timed, each a whole process (wall time; peak RSS from GNU time when installed), best and
median of ``--repeat`` runs:

* ``govflow remind --as-of 2023-12-29 --db DB`` and ``govflow case list --as-of 2023-12-29
  --db DB``, the venv's entry point, output to /dev/null;
* the floors, what a user with only the database would run (``python -c`` with the stdlib
  sqlite3 or psycopg): the open cases received 28 days or more before the day (20 working
  days, roughly; no calendar, no rules, no reasons) counted per unit, for ``remind``; every case
  with its events fetched, for ``case list``.  The ratio is govflow's time over the floor's.

Event throughput: W writer processes (1, 2, 4; ``--writers``) each record 答复 on
``--events`` open cases of their own through ``CaseBook.record`` (the case read and locked,
the event checked by the rules, inserted, committed), started together once all are ready;
events/s is all their events over the span from the first start to the last end.  The floor:
the same number of processes each inserting ``--events`` rows into a table of their own
making, one transaction (commit) per row, with the same durability settings (SQLite WAL,
synchronous=FULL; PostgreSQL's defaults).

Nothing about time is asserted (plugins/yudu/tests/test_yudu_bench_cases_smoke.py runs it at a tiny size).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

# the sibling scripts, and tests/ for the case book and the throwaway PostgreSQL server
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bench_check import _table, yudu_units
from bench_check_cli import govflow_bin, run_process

SEED = 20231229
CASES = 100_000
EVENTS = 200
WRITERS = (1, 2, 4)
REPEAT = 3
AS_OF = date(2023, 12, 29)
TODAY = date(2023, 12, 31)
FIRST = date(2023, 10, 1)
LAST = date(2023, 12, 28)
REPLIED = "2023-12-29"
DUE_DAYS = 28  # the floor's stand-in for 20 working days


# ---------------------------------------------------------------------------------------------
# Building the store


def build(url: str, n: int, seed: int = SEED) -> float:
    """Fill the store at *url* with *n* open cases (see the module); the seconds it took."""
    from case_support import case_kinds
    from govflow.cases.model import BEIJING, Case, new_event
    from govflow.cases.store import CaseStore

    kinds = case_kinds()
    rng = random.Random(seed)
    units = yudu_units()
    span = (LAST - FIRST).days
    stamp = datetime(2023, 12, 29, 8, 0, tzinfo=BEIJING)
    t0 = time.perf_counter()
    with CaseStore(url, kinds) as store:
        batch: list[Case] = []
        for i in range(n):
            day = FIRST + timedelta(days=rng.randint(0, span))
            if i % 5 == 4:
                kind, case_id = kinds["message"], f"LY-{i:07d}"
                moment = datetime(day.year, day.month, day.day, rng.randint(8, 20), 0)
                received: date | datetime = moment.replace(tzinfo=BEIJING)
            else:
                kind, case_id, received = kinds["application"], f"YSQ-{i:07d}", day
            opening = new_event("received", received, actor="bench", now=stamp)
            batch.append(Case(kind, case_id, rng.choice(units), {}, (opening,)))
            if len(batch) == 5000:
                store.create_many(batch, "bench")
                batch = []
        if batch:
            store.create_many(batch, "bench")
    return time.perf_counter() - t0


def writer_slices(n: int, events: int, writers: Sequence[int]) -> list[list[list[str]]]:
    """For each writer count, each writer's own application cases, none used twice."""
    ids = [f"YSQ-{i:07d}" for i in range(n) if i % 5 != 4]
    out: list[list[list[str]]] = []
    at = 0
    for w in writers:
        runs = []
        for _ in range(w):
            runs.append(ids[at : at + events])
            at += events
        out.append(runs)
    if at > len(ids):
        raise SystemExit(f"--cases {n} is too few for {sum(writers)} writers x {events} events")
    return out


# ---------------------------------------------------------------------------------------------
# The writers (this script run again with --writer)


def writer_main(url: str, mode: str, ids: list[str], name: str) -> int:
    """One writer process: ready, wait for a line on stdin, write, print its span as JSON."""
    if mode == "govflow":
        from case_support import make_book

        book = make_book(url, TODAY)
        print("ready", flush=True)
        sys.stdin.readline()
        start = time.time()
        for case_id in ids:
            book.record(case_id, "replied", REPLIED, actor=name)
        end = time.time()
        book.store.close()
    else:
        conn, insert = _raw_connection(url, name)
        print("ready", flush=True)
        sys.stdin.readline()
        start = time.time()
        for case_id in ids:
            insert(case_id)
        end = time.time()
        conn.close()
    print(json.dumps({"start": start, "end": end, "n": len(ids)}), flush=True)
    return 0


def _raw_connection(url: str, name: str) -> tuple[Any, Callable[[str], None]]:
    """A plain driver connection and an insert-and-commit of one row into a table of its own."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    table = f"bench_raw_{name}"
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        conn: Any = sqlite3.connect(parsed.database or "", isolation_level=None, timeout=60)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=60000"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} "
            "(seq INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT, type TEXT, occurred TEXT, "
            "recorded_at TEXT)"
        )

        def insert(case_id: str) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                f"INSERT INTO {table} (case_id, type, occurred, recorded_at) VALUES (?, ?, ?, ?)",
                (case_id, "replied", REPLIED, datetime.now().isoformat()),
            )
            conn.execute("COMMIT")

        return conn, insert
    import psycopg

    conn = psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database,
        autocommit=True,
    )
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {table} (seq serial PRIMARY KEY, case_id text, type text, "
        "occurred text, recorded_at timestamptz)"
    )

    def insert_pg(case_id: str) -> None:
        with conn.transaction():
            conn.execute(
                f"INSERT INTO {table} (case_id, type, occurred, recorded_at) "
                "VALUES (%s, %s, %s, now())",
                (case_id, "replied", REPLIED),
            )

    return conn, insert_pg


def throughput(url: str, mode: str, runs: list[list[str]], tag: str) -> float:
    """Events per second of len(*runs*) writer processes started together."""
    procs = []
    for i, ids in enumerate(runs):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--writer", mode, "--db", url]
        cmd += ["--name", f"{tag}w{i}", "--ids", ",".join(ids)]
        procs.append(
            subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        )
    try:
        for p in procs:
            assert p.stdout is not None
            if p.stdout.readline().strip() != "ready":
                raise SystemExit(f"a {mode} writer did not start")
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        spans = []
        for p in procs:
            out, _ = p.communicate(timeout=3600)
            if p.returncode != 0:
                raise SystemExit(f"a {mode} writer failed (exit {p.returncode})")
            spans.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    total = sum(s["n"] for s in spans)
    span = max(s["end"] for s in spans) - min(s["start"] for s in spans)
    return total / span if span > 0 else float("inf")


# ---------------------------------------------------------------------------------------------
# The floors: plain SQL in a plain interpreter


_CONNECT = {
    "sqlite": "import sqlite3, sys\nconn = sqlite3.connect(sys.argv[1])\n",
    "postgresql": "import psycopg, sys\nconn = psycopg.connect(sys.argv[1])\n",
}

_DUE = (
    'rows = conn.execute("SELECT c.unit, count(*) FROM cases c JOIN case_events r ON '
    "r.case_id = c.id AND r.type = 'received' WHERE substr(r.occurred, 1, 10) <= '{due}' "
    "AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type IN "
    "('replied', 'abandoned', 'closed')) GROUP BY c.unit ORDER BY c.unit\").fetchall()\n"
    "print(sum(n for _, n in rows))\n"
)

_DUMP = (
    'rows = conn.execute("SELECT c.id, c.kind, c.unit, e.seq, e.type, e.occurred, e.amount, '
    "e.supersedes FROM cases c JOIN case_events e ON e.case_id = c.id "
    'ORDER BY c.id, e.seq").fetchall()\n'
    "print(len(rows))\n"
)


def floor_command(url: str, backend: str, body: str) -> list[str]:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if backend == "sqlite":
        target = parsed.database or ""
    else:  # a libpq URL: postgresql://user@host:port/db
        target = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return [sys.executable, "-c", _CONNECT[backend] + body, target]


# ---------------------------------------------------------------------------------------------
# One backend


def _fmt(seconds: list[float]) -> tuple[str, str]:
    return f"{min(seconds):.2f}", f"{statistics.median(seconds):.2f}"


def bench_backend(
    label: str, url: str, backend: str, args: argparse.Namespace, env: dict[str, str]
) -> list[str]:
    out = [f"## {label}: {args.cases:,} open cases, as of {AS_OF}", ""]
    built = build(url, args.cases)
    out.append(
        f"built with CaseStore.create_many in {built:.1f} s ({args.cases / built:,.0f} cases/s)"
    )
    out.append("")
    db = ["--db", url]
    day = ["--as-of", AS_OF.isoformat()]
    due = (AS_OF - timedelta(days=DUE_DAYS)).isoformat()
    contenders: list[tuple[str, list[str], str | None]] = [
        ("govflow remind", [govflow_bin(), "remind", *day, *db], "SQL: due cases per unit"),
        ("SQL: due cases per unit", floor_command(url, backend, _DUE.format(due=due)), None),
        ("govflow case list", [govflow_bin(), "case", "list", *day, *db], "SQL: cases with events"),
        ("SQL: cases with events", floor_command(url, backend, _DUMP), None),
        ("govflow --version (start-up)", [govflow_bin(), "--version"], None),
    ]
    for _, cmd, _ in contenders:  # warm-up: bytecode, the plugin cache, the page cache
        run_process(cmd, env, (0,))
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in contenders}
    for _ in range(args.repeat):
        for name, cmd, _ in contenders:
            timings[name].append(run_process(cmd, env, (0,)))
    rows = []
    for name, _, floor in contenders:
        secs = [s for s, _ in timings[name]]
        best, median = _fmt(secs)
        peak = max(m for _, m in timings[name])
        ratio = ""
        if floor is not None:
            ratio = f"{min(secs) / min(s for s, _ in timings[floor]):.1f}x"
        rows.append([name, best, median, f"{peak:.0f}", ratio])
    out += _table(["command", "best s", "median s", "peak MiB", "vs floor"], rows)
    out.append("")

    slices = writer_slices(args.cases, args.events, args.writers)
    rows = []
    for w, runs in zip(args.writers, slices, strict=True):
        ours = throughput(url, "govflow", runs, f"g{w}")
        raw = throughput(url, "raw", runs, f"r{w}")
        rows.append([str(w), f"{ours:,.0f}", f"{raw:,.0f}", f"{ours / raw:.2f}"])
    out.append(f"events recorded ({args.events} per writer, each its own cases):")
    out.append("")
    out += _table(
        ["writers", "govflow events/s", "raw INSERT+COMMIT/s (floor)", "govflow / floor"], rows
    )
    out.append("")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--events", type=int, default=EVENTS, help="events per writer")
    parser.add_argument(
        "--writers",
        type=lambda s: tuple(int(x) for x in s.split(",")),
        default=WRITERS,
        help="writer process counts, e.g. 1,2,4",
    )
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--postgres-url", help="an empty database of yours instead of a throwaway server"
    )
    # a writer process (internal)
    parser.add_argument("--writer", choices=("govflow", "raw"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        return writer_main(args.db, args.writer, args.ids.split(","), args.name)

    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "GOVFLOW_DB")
    }
    env.setdefault("GOVFLOW_USER", "bench")
    lines = [f"# govflow case store benchmark ({os.cpu_count()} CPUs)", ""]
    with tempfile.TemporaryDirectory(prefix="govflow-bench-cases-") as scratch:
        sqlite = f"sqlite:///{Path(scratch) / 'cases.sqlite3'}"
        lines += bench_backend("SQLite", sqlite, "sqlite", args, env)
        print("\n".join(lines), flush=True)
        lines = []
        size = sum(p.stat().st_size for p in Path(scratch).glob("cases.sqlite3*"))
        print(f"(SQLite file with WAL: {size / 2**20:.0f} MiB)\n", flush=True)
    if args.postgres_url:
        lines += bench_backend("PostgreSQL", args.postgres_url, "postgresql", args, env)
    elif not args.no_postgres:
        from pg_support import PostgresUnavailable, start_postgres

        try:
            url, stop = start_postgres()
        except PostgresUnavailable as exc:
            lines.append(f"PostgreSQL skipped: {exc}")
        else:
            try:
                lines += bench_backend("PostgreSQL", url, "postgresql", args, env)
            finally:
                stop()
    if lines:
        print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
