"""``govflow serve`` under load: requests per second and latency of the public endpoints and of
recording events, over loopback with C concurrent keep-alive clients, beside the cheapest server
in the same stack that a user could write instead.

Run it with::

    uv run python bench/bench_server.py                       # 8 clients, 5 s a row, both stores
    uv run python bench/bench_server.py --clients 2 --seconds 1 --no-postgres
    uv run python bench/bench_server.py --postgres-url postgresql+psycopg://u@host/db  # a server of yours (its tables are created; use an empty database)

The servers, each a process of its own on ``127.0.0.1`` and a free port, output to a log file:

* ``govflow serve --host 127.0.0.1 --port P --db DB --plan yudu-2023``, the venv's entry point
  (FastAPI on uvicorn, one process, its default access log), on a case store of ``--cases``
  cases (default 20,000) built with ``CaseStore.create_many`` as bench/bench_cases.py builds it
  (fixed seed; 80% 依申请公开 received 2023-10-01..2023-12-28, 20% 网民留言; every one open;
  not timed), with an admin token from ``govflow token create --admin``;
* the floor, bench/scripts/server_floor.py: a Starlette app on uvicorn (the stack FastAPI is
  built on; same process model and access log) answering ``GET /workdays/{day}`` from a Python
  dict of every day 2004..2026 (from ``chinese_calendar`` when importable, else govflow's
  calendar precomputed at start), ``POST /due`` (``N个工作日`` only) by walking that dict, and
  ``POST /cases/{id}/events`` by inserting one row into a table of its own, one commit per
  request (SQLite: a file of its own, WAL, synchronous=FULL; PostgreSQL: the same server,
  its defaults).  The cheapest HTTP holiday API and event log one could write: no calendar
  notices, no explanation or sources, no token, no case, no rule.

Each row: C client threads (``--clients``, default 8) in this process, each with its own
keep-alive ``http.client`` connection, send requests back to back; after ``--warmup`` seconds
(default 1) each request started within the next ``--seconds`` (default 5) is counted: requests
per second over the span from the end of the warm-up to the last counted answer, items per second
(due dates of a batch; acknowledged events), and the p50 and p99 latency (send to last byte
read, in ms) of those requests.  Only the expected status counts (200; 201 for an event);
anything else, or a broken connection, is a failure (column ``failed``, warm-up included).  The
requests, with a fixed seed:

* ``GET /api/v1/workdays/{day}``: random days 2004-01-01..2026-12-28;
* ``POST /api/v1/due``: ``{"start": DAY, "period": "20个工作日"}``, random start days
  2004-01-01..2026-11-20; then a list of 100 of them per request;
* ``POST /api/v1/cases/{id}/events`` (``Authorization: Bearer``): ``{"event": "replied",
  "date": "2023-12-29"}``, each request on an open 依申请公开 case of its own (the case read and
  locked, the event checked by the rules, inserted, committed; the answer is the case's view),
  on SQLite and on PostgreSQL (a throwaway server, tests/pg_support.py ``start_postgres``;
  skipped when its binaries are missing, or with ``--no-postgres``).  The store is then opened
  again: its event count must be the cases' opening events plus every acknowledged event
  (exit 1 otherwise).

govflow and its floor run one after the other for each row, both servers up.  The ratio is
govflow's requests per second over the floor's.  Before timing, a sample of days and a batch of
due dates are asked of both and how often the floor agrees with govflow is printed (the floor's
walk knows no 调休 subtlety beyond its dict; chinese_calendar has one known error, 2005-12-31).
The clients share the machine with the server: on 2 cores they take a good part of one.

Nothing about time is asserted (plugins/yudu/tests/test_yudu_bench_server_smoke.py runs it at a
tiny size).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import metadata
from itertools import cycle
from pathlib import Path

# the sibling scripts, and tests/ for the case kinds and the throwaway PostgreSQL server
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bench_cases import build
from bench_check import PLAN_ID, _table
from bench_check_cli import BenchError, govflow_bin

SCRIPTS = Path(__file__).resolve().parent / "scripts"
FLOOR = SCRIPTS / "server_floor.py"
SEED = 20231229
CLIENTS = 8
SECONDS = 5.0
WARMUP = 1.0
CASES = 20_000
BATCH = 100
HOST = "127.0.0.1"
FIRST_DAY = date(2004, 1, 1)
LAST_DAY = date(2026, 12, 28)  # as tests/test_calendar_differential.py compares the two
LAST_START = date(2026, 11, 20)  # 20 working days later is still in 2026
PERIOD = "20个工作日"
REPLIED = "2023-12-29"  # after every case's receipt (bench_cases.LAST)
READY_TIMEOUT = 180.0  # seconds for a server to answer its first request (a busy machine)
REQUEST_TIMEOUT = 120.0
SAMPLE = 200  # days asked of both servers before timing

ROW_DAYS = "GET /api/v1/workdays/{day}"
ROW_DUE = "POST /api/v1/due (1 item)"
ROW_BATCH = f"POST /api/v1/due ({BATCH} items)"
ROW_EVENTS = "POST /api/v1/cases/{id}/events"


# ---------------------------------------------------------------------------------------------
# Requests


@dataclass(frozen=True)
class Call:
    """One request, and how many items its answer counts for."""

    method: str
    path: str
    body: bytes | None = None
    items: int = 1


CallSource = Callable[[int], Iterator[Call]]
"""For client *i*, the requests it sends (it stops when they run out)."""


def random_days(rng: random.Random, n: int, last: date = LAST_DAY) -> list[str]:
    span = (last - FIRST_DAY).days
    return [(FIRST_DAY + timedelta(days=rng.randint(0, span))).isoformat() for _ in range(n)]


def day_calls(prefix: str) -> CallSource:
    def calls(i: int) -> Iterator[Call]:
        days = random_days(random.Random(SEED + i), 5000)
        return cycle([Call("GET", f"{prefix}/{d}") for d in days])

    return calls


def due_body(rng: random.Random, n: int | None) -> bytes:
    items = [{"start": d, "period": PERIOD} for d in random_days(rng, n or 1, LAST_START)]
    return json.dumps(items if n is not None else items[0]).encode()


def due_calls(path: str, n: int | None) -> CallSource:
    def calls(i: int) -> Iterator[Call]:
        rng = random.Random(SEED + 1000 + i)
        bodies = [due_body(rng, n) for _ in range(50 if n else 2000)]
        return cycle([Call("POST", path, b, n or 1) for b in bodies])

    return calls


class CasePool:
    """Case ids handed out once each, to whichever client asks first."""

    def __init__(self, ids: Sequence[str]) -> None:
        self._ids = iter(ids)
        self._lock = threading.Lock()

    def take(self) -> str | None:
        with self._lock:
            return next(self._ids, None)


def event_calls(prefix: str, pool: CasePool) -> CallSource:
    body = json.dumps({"event": "replied", "date": REPLIED}).encode()

    def calls(_: int) -> Iterator[Call]:
        while (case_id := pool.take()) is not None:
            yield Call("POST", f"{prefix}/{case_id}/events", body)

    return calls


def application_ids(n: int) -> list[str]:
    """The 依申请公开 cases bench_cases.build makes among *n* (every fifth is a message)."""
    return [f"YSQ-{i:07d}" for i in range(n) if i % 5 != 4]


# ---------------------------------------------------------------------------------------------
# The clients


@dataclass
class Measure:
    """What C clients got from one server in one row."""

    requests: int = 0
    items: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    ok_total: int = 0  # expected answers, warm-up included
    failed: int = 0
    first_error: str | None = None
    ran_out: bool = False

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def items_per_s(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0

    def percentile_ms(self, q: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, int(q * len(ordered) + 0.999999) - 1))
        return ordered[rank] * 1000


@dataclass
class _Client:
    latencies: list[float] = field(default_factory=list)
    items: int = 0
    ok_total: int = 0
    failed: int = 0
    first_error: str | None = None
    last_end: float = 0.0
    ran_out: bool = False


def drive(
    port: int,
    calls: CallSource,
    expect: int,
    clients: int,
    warmup: float,
    seconds: float,
    headers: dict[str, str] | None = None,
) -> Measure:
    """Run *clients* threads against the server on *port* (see the module) and sum them up."""
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    results = [_Client() for _ in range(clients)]
    ready = threading.Barrier(clients + 1)  # every client connected, its requests made
    go = threading.Event()
    window: list[float] = []  # start of counting, end of counting; set before go

    def client(i: int) -> None:
        res = results[i]
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        broken = 0
        try:
            requests = calls(i)
            conn.connect()
            ready.wait()
            go.wait()
            counted_from, until = window
            for call in requests:
                t0 = time.perf_counter()
                if t0 >= until:
                    break
                try:
                    conn.request(call.method, call.path, body=call.body, headers=hdrs)
                    resp = conn.getresponse()
                    data = resp.read()
                except (OSError, http.client.HTTPException) as exc:
                    res.failed += 1
                    res.first_error = res.first_error or f"{call.path}: {exc!r}"
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
                    broken += 1
                    if broken >= 100:  # the server is gone
                        break
                    continue
                t1 = time.perf_counter()
                broken = 0
                if resp.status != expect:
                    res.failed += 1
                    text = data[:300].decode("utf-8", "replace")
                    res.first_error = res.first_error or f"{call.path}: {resp.status} {text}"
                    continue
                res.ok_total += 1
                if t0 >= counted_from:
                    res.latencies.append(t1 - t0)
                    res.items += call.items
                    res.last_end = t1
            else:
                res.ran_out = True
        except (OSError, threading.BrokenBarrierError) as exc:  # could not start
            res.first_error = res.first_error or repr(exc)
            ready.abort()
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    try:
        ready.wait(timeout=READY_TIMEOUT)
    except threading.BrokenBarrierError:
        window[:] = [0.0, 0.0]  # nothing to count: the clients that did start stop at once
        go.set()
        for t in threads:
            t.join()
        errors = [r.first_error for r in results if r.first_error]
        raise BenchError(f"the clients could not start: {errors[:1]}") from None
    start = time.perf_counter()
    window[:] = [start + warmup, start + warmup + seconds]
    go.set()
    for t in threads:
        t.join()
    out = Measure()
    for r in results:
        out.latencies += r.latencies
        out.items += r.items
        out.ok_total += r.ok_total
        out.failed += r.failed
        out.first_error = out.first_error or r.first_error
        out.ran_out = out.ran_out or r.ran_out
    out.requests = len(out.latencies)
    last = max((r.last_end for r in results), default=0.0)
    out.seconds = max(0.0, last - window[0])
    return out


# ---------------------------------------------------------------------------------------------
# The servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def request_json(port: int, method: str, path: str, body: object = None) -> object:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        data = None if body is None else json.dumps(body).encode()
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        text = resp.read()
        if resp.status != 200:
            raise BenchError(f"{method} {path}: {resp.status} {text[:300]!r}")
        return json.loads(text)
    finally:
        conn.close()


@dataclass
class Server:
    name: str
    port: int
    started_in: float


@contextmanager
def serving(
    name: str, command: Callable[[int], list[str]], probe: str, env: dict[str, str], log: Path
) -> Iterator[Server]:
    """A server process on a free port, answering *probe* with 200; stopped on exit."""
    port = free_port()
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            command(port), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:
        while True:
            if proc.poll() is not None:
                tail = log.read_text("utf-8", "replace")[-3000:]
                raise BenchError(f"{name} exited with {proc.returncode}:\n{tail}")
            if time.perf_counter() - t0 > READY_TIMEOUT:
                raise BenchError(f"{name} did not answer within {READY_TIMEOUT:.0f} s")
            try:
                request_json(port, "GET", probe)
                break
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        yield Server(name, port, time.perf_counter() - t0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def govflow_command(db: str) -> Callable[[int], list[str]]:
    def command(port: int) -> list[str]:
        where = ["--host", HOST, "--port", str(port)]
        return [govflow_bin(), "serve", *where, "--db", db, "--plan", PLAN_ID]

    return command


def floor_command(db: str | None) -> Callable[[int], list[str]]:
    def command(port: int) -> list[str]:
        cmd = [sys.executable, str(FLOOR), "--host", HOST, "--port", str(port)]
        return cmd + (["--db", db] if db else [])

    return command


def admin_token(db: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [govflow_bin(), "token", "create", "--admin", "--label", "bench", "--db", db],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"govflow token create exited with {done.returncode}:\n{done.stderr}")
    return done.stdout.strip()


def floor_source(log: Path) -> str:
    for line in log.read_text("utf-8", "replace").splitlines():
        if line.startswith("floor: days from "):
            return line.removeprefix("floor: days from ")
    return "?"


# ---------------------------------------------------------------------------------------------
# The rows


@dataclass
class Row:
    request: str
    store: str
    ours: Measure
    floor: Measure
    note: str = ""

    def cells(self) -> list[str]:
        def ms(m: Measure, q: float) -> str:
            return f"{m.percentile_ms(q):.1f}"

        ratio = f"{self.ours.rps / self.floor.rps:.2f}" if self.floor.rps > 0 else ""
        return [
            self.request,
            self.store,
            f"{self.ours.rps:,.0f}",
            f"{self.ours.items_per_s:,.0f}",
            ms(self.ours, 0.5),
            ms(self.ours, 0.99),
            f"{self.floor.rps:,.0f}",
            f"{self.floor.items_per_s:,.0f}",
            ms(self.floor, 0.5),
            ms(self.floor, 0.99),
            ratio,
            f"{self.ours.failed} / {self.floor.failed}",
        ]


HEADERS = [
    "request",
    "store",
    "govflow req/s",
    "govflow items/s",
    "p50 ms",
    "p99 ms",
    "floor req/s",
    "floor items/s",
    "floor p50 ms",
    "floor p99 ms",
    "govflow / floor",
    "failed (govflow / floor)",
]


def say(line: str = "") -> None:
    print(line, flush=True)


def agreement(ours: int, floor: int) -> tuple[int, int, int]:
    """How often the floor agrees with govflow: workday flags of SAMPLE days, and the due
    dates of one batch."""
    days = random_days(random.Random(SEED), SAMPLE)
    same_days = sum(
        request_json(ours, "GET", f"/api/v1/workdays/{d}")["workday"]  # type: ignore[index]
        == request_json(floor, "GET", f"/workdays/{d}")["workday"]  # type: ignore[index]
        for d in days
    )
    batch = json.loads(due_body(random.Random(SEED), BATCH))
    got = request_json(ours, "POST", "/api/v1/due", batch)
    want = request_json(floor, "POST", "/due", batch)
    assert isinstance(got, list)
    assert isinstance(want, list)
    same_due = sum(g["due"] == w["due"] for g, w in zip(got, want, strict=True))
    return same_days, same_due, len(batch)


def calendar_rows(ours: Server, floor: Server, args: argparse.Namespace) -> list[Row]:
    same_days, same_due, n = agreement(ours.port, floor.port)
    say(
        f"the floor agrees with govflow on the workday flag of {same_days} of {SAMPLE} days "
        f"and on {same_due} of {n} due dates"
    )
    rows = []
    for label, ours_calls, floor_calls in (
        (ROW_DAYS, day_calls("/api/v1/workdays"), day_calls("/workdays")),
        (ROW_DUE, due_calls("/api/v1/due", None), due_calls("/due", None)),
        (ROW_BATCH, due_calls("/api/v1/due", BATCH), due_calls("/due", BATCH)),
    ):
        a = drive(ours.port, ours_calls, 200, args.clients, args.warmup, args.seconds)
        b = drive(floor.port, floor_calls, 200, args.clients, args.warmup, args.seconds)
        rows.append(Row(label, "—", a, b))
        say(f"  {label}: {a.rps:,.0f} req/s, floor {b.rps:,.0f} req/s")
    return rows


def events_row(
    label: str,
    url: str,
    floor_url: str,
    args: argparse.Namespace,
    env: dict[str, str],
    scratch: Path,
) -> list[Row]:
    from case_support import case_kinds
    from govflow.cases.store import CaseStore

    built = build(url, args.cases)
    say(f"{label}: {args.cases:,} open cases built with CaseStore.create_many in {built:.1f} s")
    secret = admin_token(url, env)
    ids = application_ids(args.cases)
    tag = label.lower()
    with (
        serving(
            f"govflow serve ({label})",
            govflow_command(url),
            "/api/v1/health",
            env,
            scratch / f"govflow-{tag}.log",
        ) as ours,
        serving(
            f"floor ({label})",
            floor_command(floor_url),
            "/workdays/2023-10-07",
            env,
            scratch / f"floor-{tag}.log",
        ) as floor,
    ):
        say(
            f"  servers answering after {ours.started_in:.1f} s (govflow), "
            f"{floor.started_in:.1f} s (floor)"
        )
        a = drive(
            ours.port,
            event_calls("/api/v1/cases", CasePool(ids)),
            201,
            args.clients,
            args.warmup,
            args.seconds,
            {"Authorization": f"Bearer {secret}"},
        )
        b = drive(
            floor.port,
            event_calls("/cases", CasePool(ids)),
            201,
            args.clients,
            args.warmup,
            args.seconds,
        )
    with CaseStore(url, case_kinds()) as store:
        cases, events = store.count()
    if (cases, events) != (args.cases, args.cases + a.ok_total):
        raise BenchError(
            f"{label}: the store holds {cases} cases and {events} events after "
            f"{a.ok_total} acknowledged events on {args.cases} cases"
        )
    say(
        f"  {ROW_EVENTS}: {a.items_per_s:,.0f} events/s, floor {b.items_per_s:,.0f} rows/s "
        f"(the store holds every one of the {a.ok_total:,} acknowledged events)"
    )
    note = " (ran out of cases: raise --cases)" if a.ran_out else ""
    return [Row(ROW_EVENTS, label, a, b, note)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="counted seconds a row")
    parser.add_argument("--warmup", type=float, default=WARMUP, help="uncounted seconds first")
    parser.add_argument("--cases", type=int, default=CASES, help="open cases in each store")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--postgres-url", help="an empty database of yours instead of a throwaway server"
    )
    args = parser.parse_args(argv)

    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "GOVFLOW_DB")
    }
    env.setdefault("GOVFLOW_USER", "bench")
    versions = ", ".join(
        f"{p} {metadata.version(p)}" for p in ("fastapi", "starlette", "uvicorn", "h11")
    )
    say(
        f"# govflow serve benchmark ({os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"{versions})"
    )
    say()
    say(f"{args.clients} clients, {args.warmup:g} s warm-up then {args.seconds:g} s counted a row")
    rows: list[Row] = []
    skipped = ""
    try:
        with tempfile.TemporaryDirectory(prefix="govflow-bench-server-") as tmp:
            scratch = Path(tmp)
            sqlite = f"sqlite:///{scratch / 'cases.sqlite3'}"
            floor_sqlite = f"sqlite:///{scratch / 'floor.sqlite3'}"
            with (
                serving(
                    "govflow serve",
                    govflow_command(sqlite),
                    "/api/v1/health",
                    env,
                    scratch / "govflow.log",
                ) as ours,
                serving(
                    "floor", floor_command(None), "/workdays/2023-10-07", env, scratch / "floor.log"
                ) as floor,
            ):
                say(
                    f"servers answering after {ours.started_in:.1f} s (govflow), "
                    f"{floor.started_in:.1f} s (floor; days from "
                    f"{floor_source(scratch / 'floor.log')})"
                )
                rows += calendar_rows(ours, floor, args)
            rows += events_row("SQLite", sqlite, floor_sqlite, args, env, scratch)
            if args.postgres_url:
                url = args.postgres_url
                rows += events_row("PostgreSQL", url, url, args, env, scratch)
            elif not args.no_postgres:
                from pg_support import PostgresUnavailable, start_postgres

                try:
                    url, stop = start_postgres()
                except PostgresUnavailable as exc:
                    skipped = f"PostgreSQL skipped: {exc}"
                else:
                    try:
                        rows += events_row("PostgreSQL", url, url, args, env, scratch)
                    finally:
                        stop()
    except BenchError as exc:
        print(f"bench_server: {exc}", file=sys.stderr)
        return 1
    say()
    say(f"## {args.clients} clients over loopback, {args.seconds:g} s a row")
    say()
    for line in _table(HEADERS, [r.cells() for r in rows]):
        say(line)
    say()
    say(
        "items: days; due dates; acknowledged events (floor: inserted rows). govflow / floor: "
        "requests per second."
    )
    for r in rows:
        if r.note or r.ours.first_error or r.floor.first_error:
            say(
                f"{r.request} {r.store}:{r.note} govflow: {r.ours.first_error or 'no failure'}; "
                f"floor: {r.floor.first_error or 'no failure'}"
            )
    if skipped:
        say(skipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
