"""``govflow check`` on 依申请公开 rows (a clock per case) against the same number of post rows
(counted by the columnar engine): whole processes, side by side in one run.

Run it with::

    uv run python bench/bench_applications.py                    # 100,000 rows of each
    uv run python bench/bench_applications.py --rows 1000000     # issue 12's size (minutes)
    uv run python bench/bench_applications.py --data-dir /tmp/b  # keep/reuse the CSVs

The application ledger (fixed seed) has one case per row for the 41 units of the Yudu plan's
task 10: a unique 申请编号, 收到日期 2023-06-19..2023-11-26, 答复日期 1–28 days later and
报备日期 0–3 days later, so each row starts three clocks (the 20-working-day reply, the
报备 to the county office, and the second 报备 rule of the plan).  The post file is
bench/bench_check.py's.  Both are checked with ``govflow check --plan yudu-2023 --records FILE
--as-of 2023-12-31 --format json -o OUT`` (every plugin installed), and again in the default
format (the table a person reads: violations, risks and pending cases listed, met ones counted;
``-o OUT.txt``).  The table shows the output's size, wall time, peak RSS (GNU time) and the time
as a multiple of the post case in the same format.  Issue 12's target is the application case
within 2x the post case: printed as PASS/MISS for each format, for information only.  The JSON
lists every finding with its trace (about 1.8 KB each), the post JSON a few thousand findings:
writing that text is most of the JSON case's time.  A third application run asks for the JSON of
the findings that need doing only (``--status violated --status at_risk --status pending``, as a
platform fetching what to act on would), compared with the post case's whole JSON.

A last row checks the applications the reference way, row by row (the same command with
``GOVFLOW_NO_FAST_PATH=1``: what the case engine, :mod:`govflow.compliance.colcases`, replaces).
Its JSON must be the engine's, byte for byte: a difference exits 1.  ``--no-reference`` leaves
the row out (at 1,000,000 rows it takes minutes).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import data_file, yudu_units
from bench_check_cli import govflow_command, run_process

SEED = 20230619
TARGET = 2.0
DISABLE = "GOVFLOW_NO_FAST_PATH"  # govflow.compliance.columnar.DISABLE: both engines off
REFERENCE = "applications, row by row"
TO_DO = ("violated", "at_risk", "pending")
LISTED = "json --status " + ",".join(TO_DO)
"""The JSON of the findings that need doing (``--status`` for each of :data:`TO_DO`), as a
platform fetching what to act on asks for it; compared with the post case's whole JSON."""


def applications(path: Path, rows: int, seed: int = SEED) -> Path:
    """A ledger of *rows* applications (see the module docstring); reused when present."""
    if path.exists():
        return path
    rng = random.Random(seed)
    units = yudu_units()
    first = date(2023, 6, 19)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["申请编号", "单位", "收到日期", "答复日期", "报备日期"])
        for i in range(rows):
            received = first + timedelta(days=rng.randint(0, 160))
            writer.writerow(
                [
                    f"YSQ-{i:08d}",
                    rng.choice(units),
                    received.isoformat(),
                    (received + timedelta(days=rng.randint(1, 28))).isoformat(),
                    (received + timedelta(days=rng.randint(0, 3))).isoformat(),
                ]
            )
    tmp.replace(path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--no-reference", action="store_true", help="leave out the row-by-row run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="govflow-bench-") as scratch:
        where = args.data_dir or Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        apps = applications(where / f"applications_{args.rows}_{SEED}.csv", args.rows)
        posts = data_file(where, args.rows, yudu_units())
        out = Path(scratch)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", DISABLE)}
        runs = [
            ("posts", "json", posts, env),
            ("applications", "json", apps, env),
            ("posts", "table", posts, env),
            ("applications", "table", apps, env),
            ("applications", LISTED, apps, env),
        ]
        if not args.no_reference:
            runs.append((REFERENCE, "json", apps, {**env, DISABLE: "1"}))
        results: dict[tuple[str, str], list[tuple[float, float]]] = {
            (name, form): [] for name, form, _, _ in runs
        }
        for name, form, source, where_env in runs:  # warm-up round
            run_process(command(source, _output(out, name, form), form), where_env, (0, 1))
        if not args.no_reference:
            engine, reference = (out / f"{n}.json" for n in ("applications", REFERENCE))
            if engine.read_bytes() != reference.read_bytes():
                print(f"disagreement: {engine} and {reference} differ", file=sys.stderr)
                return 1
            print("agreement: the case engine's JSON is the row-by-row reference's, byte for byte")
        sizes = {(n, f): _output(out, n, f).stat().st_size for n, f, _, _ in runs}
        for _ in range(args.repeat):
            for name, form, source, where_env in runs:
                cmd = command(source, _output(out, name, form), form)
                results[name, form].append(run_process(cmd, where_env, (0, 1)))
    best = {k: min(s for s, _ in v) for k, v in results.items()}
    rss = {k: max(r for _, r in v) for k, v in results.items()}
    print(f"govflow check, {args.rows:,} rows each, best of {args.repeat}")
    print("| records | format | output (MB) | best (s) | peak RSS (MiB) | × posts |")
    print("|---|---|---:|---:|---:|---:|")
    for name, form in results:
        k = (name, form)
        ratio = best[k] / best["posts", _base(form)]
        size = sizes[k] / 1e6
        print(f"| {name} | {form} | {size:.1f} | {best[k]:.2f} | {rss[k]:.0f} | {ratio:.2f} |")
    for form in ("table", "json", LISTED):
        ratio = best["applications", form] / best["posts", _base(form)]
        verdict = "PASS" if ratio <= TARGET else "MISS"
        print(
            f"target ({form}): applications ≤ {TARGET}× posts: {ratio:.2f}× {verdict}"
            " (for information)"
        )
    return 0


def command(source: Path, out: Path, form: str) -> list[str]:
    """``govflow check`` of *source* into *out*, as JSON (of every finding, or of
    :data:`LISTED`'s) or in the default format."""
    if form == "json":
        return govflow_command(source, out)
    if form == LISTED:
        return [*govflow_command(source, out), *(a for s in TO_DO for a in ("--status", s))]
    return [*govflow_command(source, None), "-o", str(out)]


def _output(folder: Path, name: str, form: str) -> Path:
    """Where the run of *name* in *form* writes."""
    return folder / f"{name}.{'listed.json' if form == LISTED else form}"


def _base(form: str) -> str:
    """The post case's format a format of the application case is compared with."""
    return "json" if form == LISTED else form


if __name__ == "__main__":
    raise SystemExit(main())
