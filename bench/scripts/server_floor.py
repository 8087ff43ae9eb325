"""The floor of bench/bench_server.py: the cheapest HTTP holiday API one could write, in the stack
``govflow serve`` runs on (Starlette on uvicorn, one process, uvicorn's defaults and access log).

    python bench/scripts/server_floor.py --port P [--host 127.0.0.1] [--db URL]

* ``GET /workdays/{YYYY-MM-DD}``: ``{"date", "workday", "holiday", "name"}`` looked up in a dict
  of every day 2004..2026 built at start, from ``chinese_calendar`` when it is importable, else
  from govflow's calendar (precomputed, so no govflow code runs per request); 404 outside it.
* ``POST /due``: ``{"start": "YYYY-MM-DD", "period": "N个工作日"}`` or a list of them; the Nth
  working day after the start found by walking the same dict (no pauses, no trace, no sources,
  no other kind of period).
* ``POST /cases/{id}/events`` (with ``--db``): the JSON body's ``event`` and ``date`` inserted as
  one row into a table of its own, one transaction (commit) per request, 201 with the row's
  number.  SQLite (``sqlite:///PATH``): WAL, ``synchronous=FULL``, ``BEGIN IMMEDIATE``;
  PostgreSQL (``postgresql+psycopg://...``): its defaults.  One connection per worker thread.
  No token, no case, no rule: only the durable write.

The handlers that need no database are ``async`` (no thread hop); the insert runs in Starlette's
thread pool, as a blocking driver call must.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FIRST = date(2004, 1, 1)
LAST = date(2026, 12, 31)
TABLE = "floor_events"
PERIOD = re.compile(r"^(\d+)个工作日$")


def days_table() -> tuple[dict[str, dict[str, Any]], str]:
    """Every day FIRST..LAST by ISO date, and where the days came from."""
    out: dict[str, dict[str, Any]] = {}
    span = [FIRST + timedelta(days=k) for k in range((LAST - FIRST).days + 1)]
    try:
        import chinese_calendar
    except ImportError:
        from govflow.calendar.workcalendar import default_calendar

        cal = default_calendar()
        for d in span:
            info = cal.day_info(d)
            workday = cal.is_workday(d)
            out[d.isoformat()] = {
                "date": d.isoformat(),
                "workday": workday,
                "holiday": not workday,
                "name": info.name,
            }
        return out, "govflow"
    for d in span:
        holiday, name = chinese_calendar.get_holiday_detail(d)
        out[d.isoformat()] = {
            "date": d.isoformat(),
            "workday": bool(chinese_calendar.is_workday(d)),
            "holiday": bool(holiday),
            "name": name,
        }
    return out, "chinese_calendar"


def inserter(url: str) -> Callable[[str, str, str], int]:
    """Insert one event row and commit; the row's number.  One connection per thread."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    local = threading.local()
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        path = parsed.database or ""

        def sqlite_conn() -> Any:
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = sqlite3.connect(path, isolation_level=None, timeout=60)
                for pragma in ("busy_timeout=60000", "journal_mode=WAL", "synchronous=FULL"):
                    conn.execute(f"PRAGMA {pragma}")
                local.conn = conn
            return conn

        setup = sqlite_conn()
        setup.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "case_id TEXT NOT NULL, type TEXT NOT NULL, occurred TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL)"
        )

        def insert_sqlite(case_id: str, event: str, occurred: str) -> int:
            conn = sqlite_conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                cur = conn.execute(
                    f"INSERT INTO {TABLE} (case_id, type, occurred, recorded_at) "
                    "VALUES (?, ?, ?, ?)",
                    (case_id, event, occurred, datetime.now().astimezone().isoformat()),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return int(cur.lastrowid or 0)

        return insert_sqlite

    import psycopg

    def pg_conn() -> Any:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = psycopg.connect(
                host=parsed.host,
                port=parsed.port,
                user=parsed.username,
                password=parsed.password,
                dbname=parsed.database,
                autocommit=True,
            )
            local.conn = conn
        return conn

    pg_conn().execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (seq bigserial PRIMARY KEY, case_id text NOT NULL, "
        "type text NOT NULL, occurred text NOT NULL, recorded_at timestamptz NOT NULL)"
    )

    def insert_pg(case_id: str, event: str, occurred: str) -> int:
        conn = pg_conn()
        with conn.transaction():
            row = conn.execute(
                f"INSERT INTO {TABLE} (case_id, type, occurred, recorded_at) "
                "VALUES (%s, %s, %s, now()) RETURNING seq",
                (case_id, event, occurred),
            ).fetchone()
        return int(row[0])

    return insert_pg


def create_app(db: str | None) -> tuple[Starlette, str]:
    days, source = days_table()
    workday = {d: info["workday"] for d, info in days.items()}

    async def workdays(request: Request) -> JSONResponse:
        info = days.get(request.path_params["day"])
        if info is None:
            return JSONResponse({"detail": "unknown day"}, status_code=404)
        return JSONResponse(info)

    def one_due(item: Any) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            return None
        m = PERIOD.match(str(item.get("period", "")))
        try:
            d = date.fromisoformat(str(item.get("start", "")))
        except ValueError:
            return None
        if m is None:
            return None
        left = int(m.group(1))
        while left:
            d += timedelta(days=1)
            flag = workday.get(d.isoformat())
            if flag is None:
                return None
            left -= flag
        return {"start": item["start"], "period": item["period"], "due": d.isoformat()}

    async def due(request: Request) -> JSONResponse:
        body = json.loads(await request.body())
        items = body if isinstance(body, list) else [body]
        out = [one_due(item) for item in items]
        if any(o is None for o in out):
            return JSONResponse({"detail": "bad request"}, status_code=422)
        return JSONResponse(out if isinstance(body, list) else out[0])

    routes = [
        Route("/workdays/{day}", workdays, methods=["GET"]),
        Route("/due", due, methods=["POST"]),
    ]
    if db:
        insert = inserter(db)

        async def record(request: Request) -> JSONResponse:
            body = json.loads(await request.body())
            case_id = request.path_params["case_id"]
            # the blocking driver call in Starlette's thread pool (as a sync endpoint would be)
            seq = await run_in_threadpool(insert, case_id, str(body["event"]), str(body["date"]))
            return JSONResponse({"case": case_id, "seq": seq}, status_code=201)

        routes.append(Route("/cases/{case_id}/events", record, methods=["POST"]))
    return Starlette(routes=routes), source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", help="SQLAlchemy URL of a database for the events table")
    args = parser.parse_args(argv)
    app, source = create_app(args.db)
    print(f"floor: days from {source}", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
