"""Benchmark the agenda: every dated duty of yudu-2023, for all units, in one run.

Run it with::

    uv run python bench/bench_agenda.py            # best of 7
    uv run python bench/bench_agenda.py --repeat 3

Issue 3 asks that the agenda for the whole of yudu-2023 for all units be computed in well under
a second.  Measured side by side in one run (``time.perf_counter``, best of N):

* loading the plan with the installed plugins' obligations bound (``Registry.load_plan``),
* building the agenda (``build_agenda``: every occurrence, sorted) on the official calendar,
* rendering it as the terminal table, JSON, CSV and iCalendar,
* and, as a reference, a bare loop that only enumerates the same (date, unit) pairs with the
  standard library (``dateutil.rrule`` for recurrences, plain date arithmetic for windows),
  without the calendar, citations or sorting: the floor for doing the work in Python.

The agenda's count is checked against the bare loop's; the exit code does not depend on times.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.rrule import rrulestr

from govflow.calendar.workcalendar import WorkCalendar
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline, Quota, Recurrence
from govflow.plan.schedule import is_standing, windows
from govflow.plugins.manager import registry
from govflow.report.agenda import build_agenda


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def bare_count(plan: Plan, start: date, end: date, calendar: WorkCalendar) -> int:
    """The same (date, unit) pairs by the shortest route: recurrences unrolled by dateutil and
    moved with one O(1) ``calendar.roll`` each, windows by date arithmetic, no records built."""
    count = 0
    for ob in plan.obligations():
        if is_standing(ob):
            continue
        targets = len(plan.owner_units(ob)) if ob.per.value != "all" else 1
        if ob.per.value == "village":
            targets = sum(
                max(1, len(u.villages)) for u in plan.owner_units(ob) if u.kind.value == "township"
            )
        rule = ob.rule
        if isinstance(rule, Quota):
            n = sum(1 for _ in windows(rule.window, start, end, not_before=plan.issued))
        elif isinstance(rule, Recurrence):
            lo = datetime.combine(start - timedelta(days=35), datetime.min.time())
            hi = datetime.combine(end + timedelta(days=35), datetime.min.time())
            anchor = datetime(plan.year, 1, 1)
            raw = [m.date() for m in rrulestr(rule.rrule, dtstart=anchor).between(lo, hi, inc=True)]
            conv = {"following": "following", "preceding": "preceding"}.get(rule.on_rest_day.value)
            moved = {calendar.roll(d, conv) if conv else d for d in raw}
            n = sum(1 for d in moved if start <= d <= end)
        elif isinstance(rule, Deadline) and rule.period.anchor is not None:
            n = 1 if start <= rule.period.anchor.resolve(plan.issued) <= end else 0
        else:
            n = 0
        count += n * targets
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    reg = registry()
    calendar = reg.calendar()
    t_load, plan = best_of(args.repeat, lambda: reg.load_plan("yudu-2023"))
    start, end = plan.issued, date(plan.year, 12, 31)
    t_build, agenda = best_of(args.repeat, lambda: build_agenda(plan, calendar))
    renders = {
        "table": agenda.to_table,
        "json": agenda.to_json,
        "csv": agenda.to_csv,
        "ics": agenda.to_ics,
    }
    t_render = {name: best_of(args.repeat, fn)[0] for name, fn in renders.items()}
    t_bare, bare = best_of(args.repeat, lambda: bare_count(plan, start, end, calendar))
    print(
        f"yudu-2023 agenda {start}..{end}: {len(agenda.items)} occurrences, "
        f"{len(agenda.standing)} standing rules, {len(plan.directory.units)} units, "
        f"{sum(1 for _ in plan.obligations())} obligations (plugins: "
        f"{', '.join(p.name for p in reg.plugins() if not p.builtin) or 'none'})"
    )
    rows = [
        ("load plan + bind plugin obligations", t_load),
        ("build agenda (official calendar, sorted)", t_build),
        *((f"render {name}", t) for name, t in t_render.items()),
        ("bare loop: the same (date, unit) pairs, nothing built", t_bare),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'step'.ljust(width)}  {'best of ' + str(args.repeat):>12}  {'× bare':>8}")
    for name, seconds in rows:
        print(f"{name.ljust(width)}  {seconds * 1000:>9.1f} ms  {seconds / t_bare:>7.1f}×")
    total = t_load + t_build + t_render["table"]
    print(
        f"load + build + table: {total * 1000:.1f} ms "
        f"({'PASS' if total < 1.0 else 'MISS'}: well under a second)"
    )
    if bare != len(agenda.items):
        print(f"DISAGREE: agenda {len(agenda.items)} vs bare loop {bare}")
        return 1
    print(f"agreement: agenda and bare loop both count {bare} occurrences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
