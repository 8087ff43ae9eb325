"""Benchmark start-up: whole ``govflow`` processes against ``python -c pass``, in one run.

Run it with::

    uv run python bench/bench_startup.py            # 15 interleaved rounds
    uv run python bench/bench_startup.py --quick    # 3 rounds
    # the same, beside an older version of govflow's src/ (e.g. `git archive REV src`)
    uv run python bench/bench_startup.py --compare-src /tmp/old/src

Issue 12 asks that ``govflow due`` and ``govflow --help`` take at most 60 ms more than
``python -c pass`` measured in the same run.  Each round runs every command once, one after the
other (rounds interleaved, so that a busy moment of the machine touches every command alike);
the table shows the best and the median wall time of each command and their difference above
``python -c pass``, and the least CPU time (user + system) each used, which a busy machine
disturbs less than the wall clock.  The verdict compares the best wall times (the least
disturbed run of each: on a shared machine the median carries the neighbours' load).  One warm-up run of each command comes first: it writes the bytecode and
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
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

TARGET_MS = 60.0
BASELINE = "python -c pass"
#: The commands the target applies to.
TARGETED = ("govflow --help", "govflow due 2023-09-28 5wd")

CHINESE_CALENDAR = (
    "import datetime, chinese_calendar; "
    "print(chinese_calendar.find_workday(5, datetime.date(2023, 9, 28)))"
)


def govflow_command() -> list[str]:
    """The installed ``govflow`` script beside this Python, else the same program via -m."""
    script = Path(sys.executable).with_name("govflow")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "govflow"]


#: The program of a version older than ``govflow/__main__.py`` (the script's entry point since).
OLD_PROGRAM = "import sys; from govflow.cli import run; sys.argv[0] = 'govflow'; sys.exit(run())"


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


class Sample(NamedTuple):
    """One process: wall-clock seconds, and the CPU seconds (user + system) it used."""

    wall: float
    cpu: float


def run_once(argv: Sequence[str], env: dict[str, str]) -> Sample:
    """One process, start to exit; a failing command stops the bench."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(elapsed, cpu)


def compared(cases: dict[str, list[str]], src: str) -> dict[str, list[str]]:
    """The govflow commands again, labelled ``[src]``: run with *src* first on ``PYTHONPATH``
    (an older ``src/`` tree, e.g. from ``git archive``), to compare two versions in one run;
    a tree without ``govflow/__main__.py`` is run by its own entry point (:data:`OLD_PROGRAM`)."""
    skip = len(govflow_command())
    old = not (Path(src) / "govflow" / "__main__.py").exists()
    return {
        f"[{src}] {label}": [sys.executable, "-c", OLD_PROGRAM, *argv[skip:]] if old else argv
        for label, argv in cases.items()
        if "govflow" in label
    }


def measure(
    cases: dict[str, list[str]], rounds: int, compare: str | None = None
) -> dict[str, list[Sample]]:
    """Each command's samples over *rounds* interleaved rounds, after one warm-up run each."""
    env = child_env()
    other = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [compare, env.get("PYTHONPATH")]))}
    runs = [(label, argv, env) for label, argv in cases.items()]
    if compare:
        runs += [(label, argv, other) for label, argv in compared(cases, compare).items()]
    for _, argv, run_env in runs:
        run_once(argv, run_env)
    samples: dict[str, list[Sample]] = {label: [] for label, _, _ in runs}
    for _ in range(rounds):
        for label, argv, run_env in runs:
            samples[label].append(run_once(argv, run_env))
    return samples


def table(samples: dict[str, list[Sample]]) -> list[str]:
    """The result lines: best and median wall time in ms and their excess over the baseline,
    the best CPU time and its excess, and the verdict (on the best wall times)."""
    ms = {label: sorted(s.wall * 1000 for s in runs) for label, runs in samples.items()}
    cpu = {label: min(s.cpu for s in runs) * 1000 for label, runs in samples.items()}
    base = ms[BASELINE]
    base_best, base_median, base_cpu = base[0], statistics.median(base), cpu[BASELINE]
    width = max(len(label) for label in samples)
    lines = [
        f"{'command':<{width}}  {'best ms':>8}  {'median':>8}  {'+best':>7}  {'+median':>8}"
        f"  {'cpu ms':>7}  {'+cpu':>7}  target"
    ]
    for label, walls in ms.items():
        best, median = walls[0], statistics.median(walls)
        verdict = ""
        if label.rpartition("] ")[2] in TARGETED:
            verdict = "PASS" if best - base_best <= TARGET_MS else "MISS"
            verdict += f" (+best ≤ {TARGET_MS:.0f} ms)"
        if label == BASELINE:
            extra, cpu_extra = f"{'':>7}  {'':>8}", f"{'':>7}"
        else:
            extra = f"{best - base_best:>+7.1f}  {median - base_median:>+8.1f}"
            cpu_extra = f"{cpu[label] - base_cpu:>+7.1f}"
        lines.append(
            f"{label:<{width}}  {best:>8.1f}  {median:>8.1f}  {extra}  {cpu[label]:>7.1f}"
            f"  {cpu_extra}  {verdict}".rstrip()
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    parser.add_argument(
        "--compare-src",
        metavar="DIR",
        help="also run the govflow commands with DIR (another version's src/) on PYTHONPATH",
    )
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else max(1, args.rounds)
    cases, notes = commands()
    samples = measure(cases, rounds, args.compare_src)
    print(f"start-up, whole processes, {rounds} interleaved rounds (PYTHONDONTWRITEBYTECODE unset)")
    for line in table(samples):
        print(line)
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
