"""A writer killed with SIGKILL in the middle of a burst, on SQLite and PostgreSQL: every write
it acknowledged (printed after the store's commit returned) is in the store when it is opened
again, no case is left half-written, and the database is sound (SQLite: ``PRAGMA
integrity_check`` is ``ok``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from case_support import case_kinds, make_book
from govflow.cases.store import CaseStore

WORKER = Path(__file__).resolve().parents[3] / "tests" / "case_worker.py"
KILL_AFTER = 40  # acknowledgements read before the kill
BURST = 100_000  # more than the writer can do before it is killed


def _killed_mid_burst(url: str) -> list[dict[str, Any]]:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), "burst", url, "YSQ", str(BURST)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acks: list[dict[str, Any]] = []
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr
        while len(acks) < KILL_AFTER:
            line = proc.stdout.readline()
            if not line:
                pytest.fail(f"the writer stopped by itself: {proc.communicate()[1]}")
            acks.append(json.loads(line))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # what it printed before it died: acknowledged too
        acks += [json.loads(line) for line in proc.stdout if line.strip()]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert "error" not in {k for a in acks for k in a}
    return acks


def test_every_acknowledged_write_survives_a_kill(db_url: str) -> None:
    acks = _killed_mid_burst(db_url)
    assert len(acks) >= KILL_AFTER

    if db_url.startswith("sqlite"):
        engine = sa.create_engine(db_url)
        with engine.connect() as conn:  # before anything else opens it: the raw file as left
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        engine.dispose()

    with CaseStore(db_url, case_kinds()) as store:  # it opens (and is at head) after the kill
        assert store.revision() == store.head()
        stored = {c.id: c for c in store.cases()}
        events = {e.seq: (c.id, e) for c in stored.values() for e in c.events}
        for a in acks:
            case_id, event = events[a["seq"]]
            assert (case_id, event.type) == (a["case"], a["type"])
        opened = {a["case"] for a in acks if a["ack"] == "open"}
        assert opened <= set(stored)
        # nothing half-written: every case has its opening event; at most one write was in
        # flight when the writer died, so at most one case or event more than acknowledged
        assert all(c.events and c.events[0].type == "received" for c in stored.values())
        assert 0 <= len(events) - len(acks) <= 1
        assert len(stored) - len(opened) in (0, 1)

    # and the store takes writes again
    book = make_book(db_url)
    try:
        n = len(stored)
        book.open("application", "AFTER-1", "县财政局", "2023-09-20", actor="after")
        book.record("AFTER-1", "replied", "2023-10-09", actor="after")
        assert book.store.count() == (n + 1, len(events) + 2)
    finally:
        book.store.close()
    if db_url.startswith("sqlite"):
        engine = sa.create_engine(db_url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        engine.dispose()
