"""Concurrent writers on one case store, SQLite and PostgreSQL: several processes, each with
several threads, open cases of their own, record events on them, and correct the same shared
case over and over, all at once.  Afterwards every acknowledged write is in the store exactly
once, the sequence numbers are unique, the shared case's corrections form one chain (no two
writers read the case at the same time), and no writer failed (a lock error would fail it:
SQLite waits up to 60 s for the lock)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from case_support import make_book

WORKER = Path(__file__).resolve().parents[3] / "tests" / "case_worker.py"
PROCESSES = 3
THREADS = 3
CASES = 12  # per thread: opened, then replied
APPENDS = 10  # per thread: corrections of the shared case
SHARED = "SHARED-1"


def _run_writers(url: str) -> list[dict[str, Any]]:
    """Start the writer processes, let them go together once all are ready, and collect their
    acknowledgements; each must exit 0."""
    procs = [
        subprocess.Popen(
            [
                *(sys.executable, str(WORKER), "writer", url, f"P{p}"),
                *(str(THREADS), str(CASES), SHARED, str(APPENDS)),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(PROCESSES)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if line.strip() != "ready":
                _, err = proc.communicate(timeout=60)
                pytest.fail(f"writer did not start: {line}{err}")
        with ThreadPoolExecutor(len(procs)) as pool:
            outputs = list(pool.map(lambda p: p.communicate("go\n", timeout=600), procs))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    acks: list[dict[str, Any]] = []
    for proc, (out, err) in zip(procs, outputs, strict=True):
        docs = [json.loads(line) for line in out.splitlines() if line.strip()]
        errors = [d["error"] for d in docs if "error" in d]
        assert errors == [], "\n".join(errors)
        assert proc.returncode == 0, err
        acks += docs
    return acks


def test_concurrent_writers_lose_nothing_and_duplicate_nothing(db_url: str) -> None:
    book = make_book(db_url)
    try:
        opened = book.open("application", SHARED, "县财政局", "2023-09-20", actor="parent")
        acks = _run_writers(db_url)
        writers = PROCESSES * THREADS
        assert len(acks) == writers * (2 * CASES + APPENDS)

        seqs = [a["seq"] for a in acks]
        assert len(set(seqs)) == len(seqs)  # no number given twice
        stored = {c.id: c for c in book.store.cases()}
        events = {e.seq: (c.id, e) for c in stored.values() for e in c.events}
        assert len(events) == sum(len(c.events) for c in stored.values())
        assert book.store.count() == (1 + writers * CASES, 1 + len(acks))
        for a in acks:  # every acknowledged write, as acknowledged
            case_id, event = events[a["seq"]]
            assert (case_id, event.type, event.supersedes) == (
                a["case"],
                a["type"],
                a["supersedes"],
            )
        assert len(stored) == 1 + writers * CASES
        for p in range(PROCESSES):
            for t in range(THREADS):
                for j in range(CASES):
                    own = stored[f"P{p}-t{t}-{j}"]
                    assert [e.type for e in own.events] == ["received", "replied"]
                    assert book.view(own).status.value != "unjudged"

        # the shared case: one 报备, corrected writers * APPENDS - 1 times, each correction of
        # the one in force: a single chain
        shared = stored[SHARED]
        filed = [e for e in shared.events if e.type == "filed"]
        assert len(filed) == writers * APPENDS
        assert shared.events[0] == opened.case.events[0]
        assert [e.supersedes for e in filed] == [None] + [e.seq for e in filed[:-1]]
        assert (
            Counter(e.supersedes for e in filed if e.supersedes is not None).most_common(1)[0][1]
            == 1
        )
        assert [e.type for e in shared.effective()] == ["received", "filed"]
        assert Counter(e.actor for e in filed) == Counter(
            {f"P{p}-t{t}": APPENDS for p in range(PROCESSES) for t in range(THREADS)}
        )
    finally:
        book.store.close()
