"""``govflow serve`` killed with SIGKILL in the middle of a burst of event writes, on SQLite and
PostgreSQL: every event it acknowledged (a 201 answer, sent after the store's commit returned) is
in the store exactly once when the store is opened again, no case has two replies, nothing was
written but what was acknowledged or still in flight, and the server starts again on the same
store, remembers and records.

The server is a real process over loopback (the venv's ``govflow serve``, as
tests/test_server.py starts it); the clients are threads of this test, each with its own
keep-alive connection, every request a 答复 on a case of its own.  The client thread that reads
the KILL_AFTER-th acknowledgement kills the server itself, at once, provided another client's
request is out then (else the next acknowledgement does), whatever the machine's load; no timing is asserted and every wait is generous.
(plugins/response/tests/test_response_case_crash.py kills a writer of the store itself.)
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from case_support import case_kinds
from govflow.cases.store import CaseStore
from service_support import govflow_serve, issue_token

pytest.importorskip("uvicorn")

HOST = "127.0.0.1"
CASES = 80
CLIENTS = 4
KILL_AFTER = 20  # acknowledged events before the kill; CASES leaves the burst far from its end
RECEIVED = "2023-09-20"
REPLIED = "2023-10-09"
UNITS = ("县财政局", "县卫健委", "县教育局", "县人社局")
READY_TIMEOUT = 180.0  # seconds for the server to answer (a loaded 2-core machine)
TIMEOUT = 120.0  # seconds for any one request or thread


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "GOVFLOW_DB"}


def _govflow() -> str:
    return str(Path(sys.executable).parent / "govflow")


def _call(
    port: int, method: str, path: str, body: object = None, secret: str | None = None
) -> tuple[int, Any]:
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    try:
        conn.request(method, path, None if body is None else json.dumps(body), headers)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


@contextmanager
def serving(url: str, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``govflow serve`` on the store *url* and a free port, answering; stopped on exit
    (unless the test killed it)."""
    args = ["--db", url, "--plan", "yudu-2023"]
    with govflow_serve(args, log, env=_env(), timeout=READY_TIMEOUT) as (base, proc):
        yield proc, int(base.rsplit(":", 1)[1])


def _admin_token(url: str) -> str:
    return issue_token(url, "--admin", "--label", "crash test")


class Burst:
    """CLIENTS threads posting 答复, each on a case of its own, until the server dies."""

    def __init__(
        self, port: int, secret: str, ids: list[str], server: subprocess.Popen[bytes]
    ) -> None:
        self.port = port
        self.headers = {"Content-Type": "application/json", "Authorization": f"Bearer {secret}"}
        self.server = server
        self.lock = threading.Lock()
        self.pending = list(ids)
        self.in_flight: set[str] = set()  # taken, its answer not yet handled
        self.acks: dict[str, int] = {}  # case -> seq of its 答复, from a 201 answer
        self.unanswered: set[str] = set()  # sent, the connection broken: the server died
        self.others: list[str] = []  # any other answer (none expected)
        self.in_flight_at_kill: set[str] | None = None

    def take(self) -> str | None:
        with self.lock:
            if self.in_flight_at_kill is not None or not self.pending:
                return None
            case_id = self.pending.pop(0)
            self.in_flight.add(case_id)
            return case_id

    def client(self) -> None:
        body = json.dumps({"event": "replied", "date": REPLIED})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            while (case_id := self.take()) is not None:
                try:
                    conn.request("POST", f"/api/v1/cases/{case_id}/events", body, self.headers)
                    resp = conn.getresponse()
                    data = resp.read()
                except (OSError, http.client.HTTPException):
                    with self.lock:
                        self.in_flight.discard(case_id)
                        self.unanswered.add(case_id)
                    return
                with self.lock:
                    self.in_flight.discard(case_id)
                    if resp.status != 201:
                        self.others.append(f"{case_id}: {resp.status} {data[:300]!r}")
                        continue
                    events = json.loads(data)["events"]
                    (seq,) = [e["seq"] for e in events if e["type"] == "replied"]
                    self.acks[case_id] = seq
                    # killed from here, at once, while other clients' requests are out
                    # (when none is, at a later acknowledgement: the burst is far from over)
                    ready = len(self.acks) >= KILL_AFTER and bool(self.in_flight)
                    if ready and self.in_flight_at_kill is None:
                        self.in_flight_at_kill = set(self.in_flight)
                        os.kill(self.server.pid, signal.SIGKILL)
        finally:
            conn.close()

    def run(self) -> None:
        threads = [threading.Thread(target=self.client, daemon=True) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=TIMEOUT)
            assert not t.is_alive(), "a client hung"


def test_no_acknowledged_event_is_lost_when_the_server_is_killed(
    db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    secret = _admin_token(db_url)
    ids = [f"YSQ-{i:03d}" for i in range(CASES)]
    with serving(db_url, log) as (server, port):
        for i, case_id in enumerate(ids):
            case = {"id": case_id, "kind": "application", "unit": UNITS[i % len(UNITS)],
                    "received": RECEIVED}  # fmt: skip
            status, doc = _call(port, "POST", "/api/v1/cases", case, secret)
            assert status == 201, doc
        burst = Burst(port, secret, ids, server)
        burst.run()
        assert burst.in_flight_at_kill, f"the server was not killed: {burst.others}"
        assert server.wait(timeout=TIMEOUT) == -signal.SIGKILL
    assert burst.others == []
    assert len(burst.acks) >= KILL_AFTER
    assert burst.pending, "the burst was over before the kill"
    sent = set(burst.acks) | burst.unanswered

    if db_url.startswith("sqlite"):
        engine = sa.create_engine(db_url)
        with engine.connect() as conn:  # before anything else opens it: the file as left
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        engine.dispose()

    with CaseStore(db_url, case_kinds()) as store:
        stored = {c.id: c for c in store.cases()}
        n_cases, n_events = store.count()
    assert sorted(stored) == ids
    assert all(c.events[0].type == "received" for c in stored.values())
    replies = {cid: [e for e in c.events if e.type == "replied"] for cid, c in stored.items()}
    assert all(len(r) <= 1 for r in replies.values()), "a case with two replies"
    seqs = Counter(e.seq for c in stored.values() for e in c.events)
    for case_id, seq in burst.acks.items():  # every acknowledged event, exactly once
        assert [e.seq for e in replies[case_id]] == [seq], case_id
        assert seqs[seq] == 1
    replied = {cid for cid, r in replies.items() if r}
    # beyond the acknowledged, only requests that were in flight when the server died
    assert set(burst.acks) <= replied <= sent
    assert len(replied - set(burst.acks)) <= CLIENTS
    assert (n_cases, n_events) == (CASES, CASES + len(replied))

    # the server starts again on the same store: it answers, remembers and records
    with serving(db_url, log) as (_, port):
        acked, seq = next(iter(burst.acks.items()))
        status, doc = _call(port, "GET", f"/api/v1/cases/{acked}", secret=secret)
        assert status == 200, doc
        assert [e["seq"] for e in doc["events"] if e["type"] == "replied"] == [seq]
        again = {"event": "replied", "date": REPLIED}
        status, doc = _call(port, "POST", f"/api/v1/cases/{acked}/events", again, secret)
        assert status == 422, doc  # 已有答复: the acknowledged reply is there
        fresh = next(cid for cid in ids if cid not in replied)
        status, doc = _call(port, "POST", f"/api/v1/cases/{fresh}/events", again, secret)
        assert status == 201, doc
        (new_seq,) = [e["seq"] for e in doc["events"] if e["type"] == "replied"]
    with CaseStore(db_url, case_kinds()) as store:
        assert store.count() == (CASES, CASES + len(replied) + 1)
        assert [e.type for e in store.get(fresh).events] == ["received", "replied"]
        assert store.get(fresh).events[-1].seq == new_seq
