"""A writer process for the case-store tests (plugins/response/tests/test_response_case_concurrency.py, test_response_case_crash.py):
run as ``python tests/case_worker.py MODE URL ...`` with the test's interpreter.

Every write is acknowledged on stdout, one JSON line flushed right after the store's commit
returned: ``{"ack": "open"|"event", "case": ID, "seq": N, "type": TYPE, "supersedes": M}``.
A write that raises prints ``{"error": ...}`` and the process exits 1.

Modes:

``writer URL NAME THREADS CASES SHARED APPENDS``
    Prints ``ready`` once its case book is open, then waits for a line on stdin (so that all
    the writers start together).  Each of THREADS threads opens CASES cases of its own
    (``NAME-tI-J``, applications and messages alternately) and records 答复 on each, and,
    between them, appends APPENDS 报备 events to the shared case SHARED, each a correction
    (``supersedes``) of the 报备 in force when its transaction reads the case: a chain that
    stays linear only if no two writers ever read the case at the same time.

``burst URL PREFIX COUNT``
    Opens COUNT cases ``PREFIX-N`` one after another and records 答复 on each (until killed).
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
from datetime import date
from typing import Any

from case_support import TODAY, make_book
from govflow.cases.book import CaseBook
from govflow.cases.model import Case, CaseEvent, new_event, refuse_event

_PRINT = threading.Lock()

RECEIVED = "2023-09-20"
REPLIED = "2023-10-09"
FILED = date(2023, 9, 25)


def emit(doc: dict[str, Any] | str) -> None:
    with _PRINT:
        sys.stdout.write((doc if isinstance(doc, str) else json.dumps(doc)) + "\n")
        sys.stdout.flush()


def ack(what: str, case: Case, event: CaseEvent) -> None:
    emit(
        {
            "ack": what,
            "case": case.id,
            "seq": event.seq,
            "type": event.type,
            "supersedes": event.supersedes,
        }
    )


def open_case(book: CaseBook, case_id: str, kind: str, unit: str) -> None:
    view = book.open(kind, case_id, unit, RECEIVED, actor="worker")
    ack("open", view.case, view.case.events[-1])


def reply(book: CaseBook, case_id: str) -> None:
    view = book.record(case_id, "replied", REPLIED, actor="worker")
    ack("event", view.case, view.case.events[-1])


def correct_filing(book: CaseBook, case_id: str, actor: str) -> None:
    """A 报备 superseding the one in force, decided inside the store's write transaction."""

    def make(case: Case) -> CaseEvent:
        current = [e for e in case.effective() if e.type == "filed"]
        return new_event(
            "filed", FILED, actor=actor, supersedes=current[0].seq if current else None
        )

    def check(case: Case, event: CaseEvent) -> None:
        refuse_event(case, event, TODAY)

    case, event = book.store.append(case_id, make, check)
    ack("event", case, event)


UNITS = ("县财政局", "县民政局", "县教育局", "县审计局")


def writer(url: str, name: str, threads: int, cases: int, shared: str, appends: int) -> int:
    book = make_book(url)
    emit("ready")
    sys.stdin.readline()
    failures: list[str] = []

    def run(t: int) -> None:
        try:
            for j in range(max(cases, appends)):
                if j < cases:
                    case_id = f"{name}-t{t}-{j}"
                    kind = "application" if j % 2 == 0 else "message"
                    open_case(book, case_id, kind, UNITS[(t + j) % len(UNITS)])
                if j < appends:
                    correct_filing(book, shared, f"{name}-t{t}")
                if j < cases:
                    reply(book, case_id)
        except Exception:
            failures.append(traceback.format_exc())
            emit({"error": traceback.format_exc()})

    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    book.store.close()
    return 1 if failures else 0


def burst(url: str, prefix: str, count: int) -> int:
    book = make_book(url)
    emit("ready")
    for i in range(count):
        case_id = f"{prefix}-{i}"
        open_case(book, case_id, "application", UNITS[i % len(UNITS)])
        reply(book, case_id)
    return 0


def main(argv: list[str]) -> int:
    mode, url, *rest = argv
    if mode == "writer":
        name, threads, cases, shared, appends = rest
        return writer(url, name, int(threads), int(cases), shared, int(appends))
    if mode == "burst":
        prefix, count = rest
        return burst(url, prefix, int(count))
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
