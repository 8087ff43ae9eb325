"""Checking the counties of a province run: one after another, or in worker processes.

``check --counties`` and ``--county-column`` check each county on its own
(:func:`check_county`).  With ``--jobs N`` (N > 1) the counties are checked by N worker
processes (:func:`outcomes_in_workers`): each worker loads the plugins and the counties' plans
itself, and receives the parent's calendar (``--notice`` files included).  A county's JSON
result is written by the worker to a file of its own, which the parent copies into the document
and deletes, so memory holds a few counties' results, not all of them.  The parent takes the
counties' outcomes in the counties' order, so what is printed (warnings, progress) and written
is the same as one after another; an error in a county stops the run at that county, as it
would one after another.

Workers are started with ``spawn``, not ``fork``: Polars' thread pool does not survive a fork.
As every spawned Python worker does, they import the main script again: a script of your own
that calls the command line with ``--jobs`` keeps its work under ``if __name__ == "__main__"``.
A worker that dies (killed, out of memory) stops the run with :class:`WorkerLost`.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field, frozen

from govflow.errors import GovflowError

if TYPE_CHECKING:  # imported when workers are started: ``check`` alone does not pay for them
    from concurrent.futures import Future, ProcessPoolExecutor

    from govflow.compliance.findings import Status

__all__ = [
    "NOTES",
    "CountyOptions",
    "CountyOutcome",
    "WorkerLost",
    "available_cpus",
    "check_county",
    "outcomes_here",
    "outcomes_in_workers",
    "warning_lines",
]

NOTES = frozenset({"empty-sheet", "no-villages"})
"""Warning codes that are only notes: printed, never an error under ``--strict``."""


class WorkerLost(GovflowError):
    """A worker process ended without giving its county's outcome (killed, out of memory)."""

    label = "工作进程意外退出"


@frozen
class CountyOptions:
    """The options every county of a run is checked with (sent to the workers)."""

    as_of: date | None
    start: date | None
    area: str | None
    lead_time: int
    provisional: bool
    strict: bool
    columns: str | None
    site: str | None
    sheet: str | None
    json: bool
    """Whether the counties' whole results are wanted (``--format json``)."""
    listed: tuple[Status, ...] | None = None
    """The statuses whose findings each county's result lists (``--status``)."""


@frozen
class CountyOutcome:
    """One county checked: its numbers, its result (here) or the file holding its JSON entry
    (from a worker), the lines to print on stderr, and whether ``--strict`` fails on them; or
    the error that stopped it (a worker's, as the command line prints it)."""

    name: str
    summary: Any = None
    result: Any = None
    entry: str | None = None
    lines: tuple[str, ...] = ()
    strict_failed: bool = False
    error: tuple[str, str, int] | None = None


def available_cpus() -> int:
    """The CPUs this process may run on (``--jobs 0``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_county(
    reg: Any,
    plan: Any,
    files: list[str],
    kind_of: dict[str, str],
    *,
    calendar: Any,
    column_map: Any,
    opts: CountyOptions,
) -> Any:
    """``run_check`` of one county's *files* against *plan*, with the plugins of *reg*."""
    from govflow.compliance.check import run_check
    from govflow.plugins.workspace import plugin_inputs

    result = run_check(
        plan,
        files,
        calendar=calendar,
        as_of=opts.as_of,
        start=opts.start,
        area=opts.area,
        lead_time=opts.lead_time,
        provisional=opts.provisional,
        strict=opts.strict,
        kind_of=kind_of,
        **plugin_inputs(reg, plan),
        columns=column_map,
        site=opts.site,
        sheet=opts.sheet,
    )
    result.listed = opts.listed
    return result


def warning_lines(warnings: Iterable[Any], strict: bool) -> tuple[list[str], bool]:
    """A check's warnings as printed (errors under ``--strict``, except the notes), and
    whether ``--strict`` fails on them."""
    word = "错误" if strict else "警告"
    said = [f"{'说明' if w.code in NOTES else word}：{w.message}" for w in warnings]
    return said, strict and any(w.code not in NOTES for w in warnings)


def _lines(name: str, result: Any, strict: bool) -> tuple[tuple[str, ...], bool]:
    """The county's warnings as printed, each after its name, and whether ``--strict`` fails."""
    said, failed = warning_lines(result.warnings, strict)
    return tuple(f"{name}：{line}" for line in said), failed


def outcomes_here(
    jobs: Iterable[Any], reg: Any, calendar: Any, column_map: Any, opts: CountyOptions
) -> Generator[CountyOutcome]:
    """The counties checked in this process, one after another, each when asked for (an
    error propagates as raised)."""
    from govflow.report.counties import summarize

    for job in jobs:
        result = check_county(
            reg,
            job.plan,
            job.files,
            job.kind_of,
            calendar=calendar,
            column_map=column_map,
            opts=opts,
        )
        lines, failed = _lines(job.name, result, opts.strict)
        yield CountyOutcome(job.name, summarize(job.name, result), result, None, lines, failed)


# -- worker processes ---------------------------------------------------------------------------


@define
class _Worker:
    """A worker process's state: what it was started with, and the plans it has loaded."""

    reg: Any
    calendar: Any
    columns: Any
    opts: CountyOptions
    spool: Path
    plans: dict[str | None, Any] = field(factory=dict)

    def plan(self, ref: str | None) -> Any:
        """The plan *ref* names, loaded once in this worker (the counties of ``--plan`` share
        it, as in the parent)."""
        if ref not in self.plans:
            self.plans[ref] = self.reg.load_plan(ref)
        return self.plans[ref]


_WORKER: list[_Worker] = []
"""This process's :class:`_Worker`, once started (none in the parent)."""


def _start_worker(calendar_file: str, opts: CountyOptions, spool: str) -> None:
    import pickle

    from govflow.calendar.workcalendar import set_default_calendar
    from govflow.compliance.colmap import load_column_map
    from govflow.plugins.manager import registry

    # the parent's calendar, from the run's own temporary folder (see outcomes_in_workers)
    calendar = pickle.loads(Path(calendar_file).read_bytes())
    reg = registry()
    set_default_calendar(calendar)  # library calls in plugins agree with the run, as in the parent
    columns = load_column_map(opts.columns, reg.record_kinds()) if opts.columns else None
    _WORKER[:] = [_Worker(reg, calendar, columns, opts, Path(spool))]


def _check_in_worker(
    index: int, name: str, plan_ref: str | None, files: list[str], kind_of: dict[str, str]
) -> CountyOutcome:
    """One county, in a worker: its outcome, its JSON entry in a file of the spool."""
    from govflow.report.counties import CountiesJson, summarize

    w = _WORKER[0]
    try:
        result = check_county(
            w.reg,
            w.plan(plan_ref),
            files,
            kind_of,
            calendar=w.calendar,
            column_map=w.columns,
            opts=w.opts,
        )
    except GovflowError as exc:  # relayed as the command line prints it
        return CountyOutcome(name, error=(exc.describe(), exc.hint, exc.exit_code))
    lines, failed = _lines(name, result, w.opts.strict)
    summary = summarize(name, result)
    entry = None
    if w.opts.json and not failed:
        entry = str(w.spool / f"{index:06d}.json")
        with open(entry, "wb") as fh:
            CountiesJson.write_entry(fh, summary, result.to_dict(lazy=True))
    return CountyOutcome(name, summary, None, entry, lines, failed)


def outcomes_in_workers(
    jobs: list[Any], workers: int, calendar: Any, opts: CountyOptions
) -> Generator[CountyOutcome]:
    """The counties checked by *workers* processes, taken in the counties' order; at most twice
    as many counties as workers are under way or waiting to be taken, so finished results do
    not pile up in memory.  Leaving the iteration early stops the workers."""
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with tempfile.TemporaryDirectory(prefix="govflow-counties-") as spool:
        # the calendar goes by file: what a worker is started with is written to it through a
        # pipe, and a worker that dies while a large start-up is written would hang the parent
        calendar_file = Path(spool) / "calendar.pickle"
        calendar_file.write_bytes(pickle.dumps(calendar, pickle.HIGHEST_PROTOCOL))
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(str(calendar_file), opts, spool),
        )
        pending: deque[tuple[str, Future[CountyOutcome]]] = deque()
        todo = iter(enumerate(jobs))
        try:
            _submit(executor, todo, pending, 2 * workers)
            while pending:
                name, future = pending.popleft()
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    raise WorkerLost(
                        f"等待 {name} 的结果时，有工作进程没有给出结果就退出了（可能内存不足，或被终止）；"
                        f"可减小 --jobs（现为 {workers}），或逐县检查（--jobs 1）"
                    ) from None
                _submit(executor, todo, pending, 1)
                try:
                    yield outcome
                finally:
                    if outcome.entry is not None:
                        Path(outcome.entry).unlink(missing_ok=True)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


def _submit(
    executor: ProcessPoolExecutor,
    todo: Iterator[tuple[int, Any]],
    pending: deque[tuple[str, Future[CountyOutcome]]],
    count: int,
) -> None:
    check: Callable[..., CountyOutcome] = _check_in_worker
    for _ in range(count):
        step = next(todo, None)
        if step is None:
            return
        i, job = step
        future = executor.submit(check, i, job.name, job.plan_ref, job.files, job.kind_of)
        pending.append((job.name, future))
