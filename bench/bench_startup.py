"""Benchmark start-up: whole ``govflow`` processes against ``python -c pass``, in one run.

Run it with::

    uv run python bench/bench_startup.py            # 15 interleaved rounds
    uv run python bench/bench_startup.py --quick    # 3 rounds

Issue 12 asks that ``govflow due`` and ``govflow --help`` take at most 60 ms more than
``python -c pass`` measured in the same run.  Each round runs every command once, one after the
other (rounds interleaved, so that a busy moment of the machine touches every command alike);
the table shows the best and the median wall time of each command and their difference above
``python -c pass``.  The verdict compares the best times (the least disturbed run of each: on a
shared machine the median carries the neighbours' load).  One warm-up run of each command comes first: it writes the bytecode and
govflow's plugin cache, as a user's second run finds them.

The commands are the installed ``govflow`` script (beside this Python), and a one-liner of the
``chinese_calendar`` package (a development dependency; skipped with a note when missing) doing
the same kind of answer, as a reference.

``PYTHONDONTWRITEBYTECODE=1`` (set on some machines) stops Python writing ``.pyc`` files, so every
import recompiles its module: it inflates start-up several times over.  The children run with it
unset.  PASS/MISS against the 60 ms target is printed for information; the exit code does not
depend on times.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_MS = 60.0
BASELINE = "python -c pass"
#: The commands the target applies to.
TARGETED = ("govflow --help", "govflow due 2023-09-28 5wd")

CHINESE_CALENDAR = (
    "import datetime, chinese_calendar; "
    "print(chinese_calendar.find_workday(5, datetime.date(2023, 9, 28)))"
)


def govflow_command() -> list[str]:
    """The installed ``govflow`` script beside this Python, else the same entry point via -c."""
    script = Path(sys.executable).with_name("govflow")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from govflow.cli import main; sys.exit(main())"]


def commands() -> tuple[dict[str, list[str]], list[str]]:
    """The commands to time, by label, and notes on the ones left out."""
    govflow = govflow_command()
    cases = {
        BASELINE: [sys.executable, "-c", "pass"],
        "govflow --help": [*govflow, "--help"],
        "govflow due 2023-09-28 5wd": [*govflow, "due", "2023-09-28", "5wd"],
        "govflow calendar 2024 --month 10": [*govflow, "calendar", "2024", "--month", "10"],
    }
    notes = []
    if importlib.util.find_spec("chinese_calendar") is not None:
        cases["chinese_calendar one-liner"] = [sys.executable, "-c", CHINESE_CALENDAR]
    else:
        notes.append("chinese_calendar is not installed: its one-liner is left out")
    return cases, notes


def child_env() -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE (see the module's docstring)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(argv: Sequence[str], env: dict[str, str]) -> float:
    """Seconds one process takes, start to exit; a failing command stops the bench."""
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
        )
    return elapsed


def measure(cases: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    """Each command's times over *rounds* interleaved rounds, after one warm-up run each."""
    env = child_env()
    for argv in cases.values():
        run_once(argv, env)
    times: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(rounds):
        for label, argv in cases.items():
            times[label].append(run_once(argv, env))
    return times


def table(times: dict[str, list[float]]) -> list[str]:
    """The result lines: best and median in ms, their excess over the baseline, the verdict."""
    base_best = min(times[BASELINE]) * 1000
    base_median = statistics.median(times[BASELINE]) * 1000
    width = max(len(label) for label in times)
    lines = [
        f"{'command':<{width}}  {'best ms':>8}  {'median':>8}  {'+best':>7}  {'+median':>8}  target",
    ]
    for label, seconds in times.items():
        best = min(seconds) * 1000
        median = statistics.median(seconds) * 1000
        verdict = ""
        if label in TARGETED:
            verdict = "PASS" if best - base_best <= TARGET_MS else "MISS"
            verdict += f" (+best ≤ {TARGET_MS:.0f} ms)"
        extra = (
            f"{best - base_best:>+7.1f}  {median - base_median:>+8.1f}"
            if label != BASELINE
            else f"{'':>7}  {'':>8}"
        )
        lines.append(f"{label:<{width}}  {best:>8.1f}  {median:>8.1f}  {extra}  {verdict}".rstrip())
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else max(1, args.rounds)
    cases, notes = commands()
    times = measure(cases, rounds)
    print(f"start-up, whole processes, {rounds} interleaved rounds (PYTHONDONTWRITEBYTECODE unset)")
    for line in table(times):
        print(line)
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
