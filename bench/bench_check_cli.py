"""``govflow check`` as users run it, against the pandas, Polars and DuckDB scripts they would
write instead: whole processes, side by side in one run.

Run it with::

    uv run python bench/bench_check_cli.py                  # 1,000,000 post rows
    uv run python bench/bench_check_cli.py --quick          # 100,000 rows, a smoke run
    uv run python bench/bench_check_cli.py --sizes 1000000,5000000,10000000   # a curve
    uv run python bench/bench_check_cli.py --province-only  # 100 counties, 10,000,000 rows
    uv run python bench/bench_check_cli.py --data-dir /tmp/govflow-bench      # keep/reuse the data

The workload is bench/bench_check.py's post CSV (fixed seed; the 41 units task 10 of the Yudu
plan binds, 2023-06-19..2023-12-31), plus a Parquet copy written with Polars (every column a
string, as in the CSV).  Generating them is not timed; ``--data-dir`` keeps them for later runs.

Contenders, each one process per run (``subprocess``; wall time around it, peak RSS from
``wait4``):

* ``govflow check --plan yudu-2023 --records FILE --as-of 2023-12-31 --format json -o OUT``, the
  venv's entry point with every workspace plugin installed, on the CSV; and the same with the
  default table format to stdout (sent to /dev/null).
* bench/scripts/counts_pandas.py, counts_polars.py, counts_duckdb.py, on the CSV and on the
  Parquet copy: ``python bench/scripts/counts_polars.py POSTS.csv OUT.json``.  Per unit, 动态
  posts per Monday-start week, posts per month, 原创 posts per month (what the quotas of rules
  10.weekly-updates, 10.monthly-total and 10.monthly-original count), written as JSON.
* ``python -c pass``: the interpreter's start-up, for scale.

Before timing, a round of every contender (a warm-up too) checks the counts: the engines must
agree with each other cell for cell, and govflow's per-unit window counts (``actual`` of its
quota findings in the JSON output) must be theirs in the windows govflow reports (see
bench_check.py's ``reported_windows``), with every row read and none rejected.  A disagreement
exits 1.  Then ``--repeat`` interleaved rounds (default 3); the table shows the best and the
median wall time, the peak RSS (the largest over the rounds), the time as a multiple of the
Polars script on the CSV and the peak RSS minus that script's.  The issue's targets (govflow
≤ 1.5× the Polars pass; peak RSS within 150 MiB of it) are printed as PASS/MISS for
information: nothing about time is asserted and the exit code does not depend on them.

The children run without ``PYTHONDONTWRITEBYTECODE`` (users' interpreters cache bytecode; the
warm-up round writes it), unless ``--keep-env``.

``--province`` adds a synthetic province (:func:`province`): ``--counties`` folders (default
100), each with a post CSV of the same schema for the same unit names (rows split evenly,
``--province-rows``, default 10,000,000), and a Parquet tree beside it.  The engines count per
county in one process (the county taken from the folder name).  govflow checks the province
with ``--counties DIR`` (one process; and with ``--jobs N``, N the CPUs this process may use
and at least 2, N worker processes), with ``--county-column`` on the province as one file, and
as one ``govflow check`` per county, one after another, its time the sum
(:func:`govflow_per_county`).  A run of several processes reports their summed peak memory.

``--workbook ROWS`` adds a county's Excel ledger, ``--jsonl ROWS`` a platform's JSON Lines
export (``--copies-only``: only these): the first ROWS rows of the post CSV written to an .xlsx
workbook with openpyxl (every cell text, as the CSV) or as JSON Lines (one object a row; untimed,
kept with ``--data-dir``).  govflow checks it with its engines and row by row
(``GOVFLOW_NO_FAST_PATH=1``), beside the pandas script reading it
(``pandas.read_excel(engine="calamine")``, the reader govflow uses; ``pandas.read_json(lines=True)``),
the Polars script on the JSON Lines (``scan_ndjson``), and the Polars script on the same rows as
CSV (the reference of the ratios).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

# the sibling script, importable once its folder is on the path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import (
    AS_OF,
    PLAN_ID,
    SEED,
    TABLES,
    _table,
    data_file,
    generate_posts,
    reported_windows,
    yudu_units,
)
from proctree import TreePeak

SCRIPTS = Path(__file__).resolve().parent / "scripts"
ROWS = 1_000_000
QUICK_ROWS = 100_000
REPEAT = 3
COUNTIES = 100
PROVINCE_ROWS = 10_000_000
TARGET_RATIO = 1.5
TARGET_RSS_MIB = 150.0

ENGINES = {"pandas": "pandas", "polars": "Polars", "duckdb": "DuckDB"}
GOVFLOW_JSON = "govflow check --format json"
GOVFLOW_TABLE = "govflow check (table)"
REFERENCE = ("Polars", "CSV")
"""The contender every ratio is taken against: the Polars script on the CSV."""

Key = tuple[str, str, date]
"""(county, '' for a single file; unit; first day of the window)."""
Counts = dict[str, dict[Key, int]]
"""Per quota rule id: key -> count, zero cells left out."""


class BenchError(Exception):
    """A contender failed or the contenders disagree: the run stops with exit code 1."""


# ---------------------------------------------------------------------------------------------
# The workloads


def parquet_copy(csv: Path, parquet: Path) -> Path:
    """A Parquet copy of *csv* (every column a string), unless one is there already."""
    import polars as pl

    if not parquet.exists():
        tmp = parquet.with_suffix(".tmp")
        pl.scan_csv(csv, infer_schema=False).sink_parquet(tmp)
        tmp.replace(parquet)
    return parquet


def province(
    directory: Path, rows: int, counties: int = COUNTIES, seed: int = SEED
) -> tuple[Path, Path]:
    """A synthetic province under *directory*: a CSV tree and a Parquet tree, each with a folder
    per county (``county001``...) holding ``posts.csv`` or ``posts.parquet``.  The *rows* are
    split evenly over the counties; every county has the Yudu units (it is synthetic) and a seed
    of its own.  Reused when a previous run left it complete."""
    if rows < counties:
        raise BenchError(f"{rows} rows cannot be split over {counties} counties")
    root = directory / f"province_{counties}_{rows}_{seed}"
    csv_root, parquet_root = root / "csv", root / "parquet"
    done = root / "complete"
    if done.exists():
        return csv_root, parquet_root
    units = yudu_units()
    base, extra = divmod(rows, counties)
    for i in range(counties):
        name = f"county{i + 1:03d}"
        (csv_root / name).mkdir(parents=True, exist_ok=True)
        (parquet_root / name).mkdir(parents=True, exist_ok=True)
        csv = csv_root / name / "posts.csv"
        if not csv.exists():
            tmp = csv.with_suffix(".tmp")
            generate_posts(tmp, base + (i < extra), units, seed + i + 1)
            tmp.replace(csv)
        parquet_copy(csv, parquet_root / name / "posts.parquet")
    done.touch()
    return csv_root, parquet_root


COUNTY_COLUMN = "县区"


def province_file(parquet_root: Path) -> tuple[Path, Path]:
    """The same province as one file of each format, the county's folder name in a column of
    its own (:data:`COUNTY_COLUMN`, first), the counties one after another: a province-level
    export for ``check --county-column``.  Reused when present."""
    import polars as pl

    root = parquet_root.parent
    csv, parquet = root / "province.csv", root / "province.parquet"
    if not parquet.exists():
        parts = [
            pl.scan_parquet(d / "posts.parquet").select(
                pl.lit(d.name).alias(COUNTY_COLUMN), pl.all()
            )
            for d in county_dirs(parquet_root)
        ]
        tmp = parquet.with_suffix(".tmp")
        pl.concat(parts).sink_parquet(tmp)
        tmp.replace(parquet)
    if not csv.exists():
        tmp = csv.with_suffix(".tmp")
        pl.scan_parquet(parquet).sink_csv(tmp)
        tmp.replace(csv)
    return csv, parquet


# ---------------------------------------------------------------------------------------------
# The contenders


@dataclass
class Contender:
    """One way of getting the counts: the processes of a run (one after another, times summed)
    and how to read their counts back (``None``: output not checked)."""

    name: str
    input: str
    commands: list[list[str]]
    counts: Callable[[], Counts] | None = None
    ok_codes: tuple[int, ...] = (0,)
    environ: dict[str, str] = field(default_factory=dict)
    """Variables set for this contender's processes only."""
    seconds: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)

    def run(self, env: dict[str, str]) -> None:
        seconds, rss = 0.0, 0.0
        for cmd in self.commands:
            s, r = run_process(cmd, {**env, **self.environ}, self.ok_codes)
            seconds, rss = seconds + s, max(rss, r)
        self.seconds.append(seconds)
        self.rss_mib.append(rss)


TIME = Path("/usr/bin/time")


def run_process(
    cmd: Sequence[str], env: dict[str, str], ok: tuple[int, ...]
) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of *cmd*; stdout goes to /dev/null.

    The peak comes from GNU time when installed: Linux keeps a process's peak RSS across
    ``exec``, so a child forked straight from this (large) process would report at least this
    process's size; time's own child starts from a small process.  Without it, from ``wait4``
    (an upper bound).  A run of several processes at once (``--jobs``) counts them all: the
    summed RSS of the process tree (:class:`~proctree.TreePeak`) when larger."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        full = [str(TIME), "-f", "%M", "-o", str(peak_file), *cmd] if TIME.exists() else list(cmd)
        with (Path(scratch) / "stderr").open("w+b") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=err, env=env)
            tree = TreePeak(proc.pid).start()
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            summed = tree.stop()
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            if code not in ok:
                err.seek(0)
                tail = err.read().decode("utf-8", "replace")[-2000:]
                raise BenchError(f"{' '.join(cmd)} exited with {code}:\n{tail}")
        kib = usage.ru_maxrss
        if TIME.exists():  # the last line: time notes a non-zero exit status on a line before it
            kib = int(peak_file.read_text(encoding="utf-8").split()[-1])
    return seconds, max(kib, summed) / 1024


def govflow_bin() -> str:
    """The venv's ``govflow`` entry point (the one users run)."""
    here = Path(sys.executable).parent / "govflow"
    found = str(here) if here.exists() else shutil.which("govflow")
    if found is None:
        raise BenchError("no govflow entry point beside the interpreter or on PATH")
    return found


def govflow_command(records: Path, out: Path | None) -> list[str]:
    cmd = [govflow_bin(), "check", "--plan", PLAN_ID, "--records", str(records)]
    cmd += ["--as-of", AS_OF.isoformat()]
    return cmd + (["--format", "json", "-o", str(out)] if out is not None else [])


@dataclass
class GovflowOutput:
    counts: Counts
    read: int
    rejected: int


def read_govflow(path: Path, county: str = "") -> GovflowOutput:
    """The quota counts of a ``govflow check --format json`` output: ``actual`` per unit and
    window of the findings of the three quota rules."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts: Counts = {t: {} for t in TABLES}
    for f in data["findings"]:
        table = counts.get(f["rule"])
        if table is not None and f.get("window") and f.get("actual"):
            table[(county, f["unit"], date.fromisoformat(f["window"][0]))] = int(f["actual"])
    read = sum(int(s["read"]) for s in data["files"])
    rejected = sum(int(s["rejected"]) for s in data["files"])
    return GovflowOutput(counts, read, rejected)


def merge(parts: Sequence[Counts]) -> Counts:
    out: Counts = {t: {} for t in TABLES}
    for part in parts:
        for t in TABLES:
            out[t].update(part[t])
    return out


def read_engine(path: Path) -> Counts:
    """The counts a script of bench/scripts/ wrote: ``{table: [[county, unit, day, n], ...]}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts: Counts = {t: {} for t in TABLES}
    for t in TABLES:
        for county, unit, first, n in data[t]:
            if n:
                counts[t][(county or "", unit, date.fromisoformat(first))] = int(n)
    return counts


def engine(name: str, input_label: str, source: Path, out: Path, by_county: bool) -> Contender:
    """The *name* script of bench/scripts/ on *source* (a file, or a province tree)."""
    target = out / f"{name}-{input_label.lower()}.json"
    cmd = [sys.executable, str(SCRIPTS / f"counts_{name}.py"), str(source), str(target)]
    if by_county:
        cmd.insert(2, "--by-county")
    return Contender(ENGINES[name], input_label, [cmd], lambda: read_engine(target))


def govflow_json(source: Path, out: Path, rows: int, input_label: str = "CSV") -> Contender:
    target = out / f"govflow-{input_label.lower()}.json"
    return Contender(
        GOVFLOW_JSON,
        input_label,
        [govflow_command(source, target)],
        lambda: checked_govflow([(target, "")], rows),
        ok_codes=(0, 1),  # 1: violations found, which the workload plants
    )


def govflow_table(csv: Path) -> Contender:
    return Contender(GOVFLOW_TABLE, "CSV", [govflow_command(csv, None)], ok_codes=(0, 1))


def govflow_per_county(csv_root: Path, out: Path, rows: int) -> Contender:
    """One ``govflow check`` per county folder, one after another (today's way to check a
    province).  A ``govflow check --counties DIR`` contender is one more function like this one:
    one command, and its JSON read back per county."""
    outputs = [(out / f"govflow-{d.name}.json", d.name) for d in county_dirs(csv_root)]
    commands = [
        govflow_command(csv_root / county / "posts.csv", target) for target, county in outputs
    ]
    return Contender(
        "govflow check per county",
        "CSV",
        commands,
        lambda: checked_govflow(outputs, rows),
        ok_codes=(0, 1),
    )


def govflow_counties(
    root: Path, out: Path, rows: int, input_label: str, jobs: int = 1
) -> Contender:
    """``govflow check --counties DIR``: every county in one run (in *jobs* worker processes
    when more than one); each county's result is in the JSON output, read back as the
    per-county runs' are."""
    given = ["--counties", str(root)] + (["--jobs", str(jobs)] if jobs > 1 else [])
    option = "--counties" + (f" --jobs {jobs}" if jobs > 1 else "")
    return many_counties(option, given, out, rows, input_label)


def govflow_column(source: Path, out: Path, rows: int, input_label: str) -> Contender:
    """``govflow check --records FILE --county-column 县区``: the province as one file, split by
    its county column in the same process; read back as ``--counties`` is."""
    given = ["--records", str(source), "--county-column", COUNTY_COLUMN]
    return many_counties("--county-column", given, out, rows, input_label)


def many_counties(
    option: str, given: list[str], out: Path, rows: int, input_label: str
) -> Contender:
    """One ``govflow check`` of many counties (*given*: how they are given), its JSON output
    read back county by county."""
    target = out / f"govflow-{option.strip('-').replace(' ', '')}-{input_label.lower()}.json"
    cmd = [govflow_bin(), "check", "--plan", PLAN_ID, *given]
    cmd += ["--as-of", AS_OF.isoformat(), "--format", "json", "-o", str(target)]
    return Contender(
        f"govflow check {option}",
        input_label,
        [cmd],
        lambda: counties_counts(target, rows),
        ok_codes=(0, 1),
    )


def counties_counts(target: Path, rows: int) -> Counts:
    """The counts of a many-county JSON document, read back county by county."""
    data = json.loads(target.read_text(encoding="utf-8"))
    parts = []
    with tempfile.TemporaryDirectory() as scratch:
        for county in data["counties"]:
            one = Path(scratch) / f"{county['county']}.json"
            one.write_text(json.dumps(county["result"], ensure_ascii=False), encoding="utf-8")
            parts.append((one, county["county"]))
        return checked_govflow(parts, rows)


def checked_govflow(outputs: Sequence[tuple[Path, str]], rows: int) -> Counts:
    parts = [read_govflow(path, county) for path, county in outputs]
    read, rejected = sum(p.read for p in parts), sum(p.rejected for p in parts)
    if read != rows or rejected:
        raise BenchError(
            f"{rows:,} valid rows written; govflow read {read:,}, rejected {rejected:,}"
        )
    return merge([p.counts for p in parts])


def county_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir())


def startup() -> Contender:
    return Contender("python -c pass", "-", [[sys.executable, "-c", "pass"]])


def file_contenders(csv: Path, parquet: Path, out: Path, rows: int) -> list[Contender]:
    found = [
        govflow_json(csv, out, rows),
        govflow_table(csv),
        govflow_json(parquet, out, rows, "Parquet"),
    ]
    for name in ENGINES:
        found += [
            engine(name, "CSV", csv, out, False),
            engine(name, "Parquet", parquet, out, False),
        ]
    return [*found, startup()]


def ledger_copy(csv: Path, rows: int, suffix: str) -> Path:
    """The first *rows* rows of *csv* beside it as an .xlsx workbook (every cell text) or as
    JSON Lines (one object a row, its keys the header), written unless a previous run left it
    there."""
    import csv as csvlib

    path = csv.with_name(f"{csv.stem}_{rows}{suffix}")
    if path.exists():
        return path
    tmp = path.with_name(f".{path.name}.tmp")
    with csv.open(encoding="utf-8", newline="") as fh:
        reader = csvlib.reader(fh)
        header = next(reader)
        body = (row for _, row in zip(range(rows), reader, strict=False))
        if suffix == ".xlsx":
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("发布信息")
            sheet.append(header)
            for row in body:
                sheet.append(row)
            book.save(tmp)
        else:
            with tmp.open("w", encoding="utf-8") as out:
                for row in body:
                    out.write(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False))
                    out.write("\n")
    tmp.replace(path)
    return path


def copy_contenders(csv: Path, copy: Path, out: Path, rows: int) -> list[Contender]:
    """govflow on *copy* (a workbook or JSON Lines) with its engines and row by row, the pandas
    script on it (and the Polars script, for JSON Lines), the Polars script on the CSV."""
    label = copy.suffix.lstrip(".")
    engines = govflow_json(copy, out, rows, label)
    by_row = govflow_json(copy, out, rows, label)
    target = out / f"govflow-{label}-rows.json"
    by_row.name = f"{GOVFLOW_JSON}, row by row"
    by_row.commands = [govflow_command(copy, target)]
    by_row.counts = lambda: checked_govflow([(target, "")], rows)
    by_row.environ = {"GOVFLOW_NO_FAST_PATH": "1"}
    found = [engines, by_row, engine("pandas", label, copy, out, False)]
    if label == "jsonl":
        found.append(engine("polars", label, copy, out, False))
    return [*found, engine("polars", "CSV", csv, out, False), startup()]


def province_contenders(
    csv_root: Path, parquet_root: Path, out: Path, rows: int
) -> list[Contender]:
    one_csv, one_parquet = province_file(parquet_root)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    found = [
        govflow_counties(csv_root, out, rows, "CSV"),
        govflow_counties(parquet_root, out, rows, "Parquet"),
        govflow_counties(csv_root, out, rows, "CSV", jobs=max(cpus or 1, 2)),
        govflow_counties(parquet_root, out, rows, "Parquet", jobs=max(cpus or 1, 2)),
        govflow_column(one_csv, out, rows, "CSV"),
        govflow_column(one_parquet, out, rows, "Parquet"),
        govflow_per_county(csv_root, out, rows),
    ]
    for name in ENGINES:
        found += [
            engine(name, "CSV", csv_root, out, True),
            engine(name, "Parquet", parquet_root, out, True),
        ]
    return found


# ---------------------------------------------------------------------------------------------
# Agreement


def differences(
    a: Counts, b: Counts, labels: tuple[str, str], windows: dict[str, set[date]] | None = None
) -> list[str]:
    """Every cell where *a* and *b* differ; with *windows*, only *b*'s cells in those windows
    count (govflow reports only the windows within plan issue..as-of)."""
    out = []
    for name in TABLES:
        x, y = a.get(name, {}), b.get(name, {})
        if windows is not None:
            y = {k: v for k, v in y.items() if k[2] in windows[name]}
        for key in sorted(x.keys() | y.keys()):
            if x.get(key, 0) != y.get(key, 0):
                where = " ".join(str(k) for k in key if k != "")
                out.append(
                    f"{name} {where}: {labels[0]} {x.get(key, 0)}, {labels[1]} {y.get(key, 0)}"
                )
    return out


def plan_issued() -> date:
    from govflow.plugins.manager import registry

    issued: date = registry().load_plan(PLAN_ID).issued
    return issued


def check_agreement(contenders: Sequence[Contender], env: dict[str, str]) -> list[str]:
    """Run every contender once (untimed) and compare the counts they report with the Polars
    script's on the CSV: the engines exactly, govflow in the windows it reports."""
    for c in contenders:
        c.run(env)
        c.seconds.clear()
        c.rss_mib.clear()
    ref = reference(contenders)
    assert ref.counts is not None
    ref_counts = ref.counts()
    windows = reported_windows(plan_issued(), AS_OF)
    out = []
    for c in contenders:
        if c is ref or c.counts is None:
            continue
        label = f"{c.name} ({c.input})"
        if c.name.startswith("govflow"):
            out += differences(c.counts(), ref_counts, (label, "Polars"), windows)
        else:
            out += differences(c.counts(), ref_counts, (label, "Polars"))
    return out


def reference(contenders: Sequence[Contender]) -> Contender:
    return next(c for c in contenders if (c.name, c.input) == REFERENCE)


# ---------------------------------------------------------------------------------------------
# Report


def machine_info(env: dict[str, str]) -> str:
    versions = []
    for dist in ("govflow", "polars", "duckdb", "pandas", "pyarrow"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} -")
    plugins = sorted(
        d.metadata["Name"]
        for d in metadata.distributions()
        if (d.metadata["Name"] or "").startswith("govflow-")
    )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    bytecode = "set" if "PYTHONDONTWRITEBYTECODE" in env else "unset"
    return (
        f"machine: {platform.platform()}, nproc {len(os.sched_getaffinity(0))}, Python "
        f"{platform.python_version()}, {', '.join(versions)}; plugins: {', '.join(plugins)}; "
        f"load average {load}; PYTHONDONTWRITEBYTECODE {bytecode} in the children"
    )


@dataclass
class Row:
    name: str
    input: str
    best: float
    median: float
    rss: float


def summarise(contenders: Sequence[Contender]) -> list[Row]:
    return [
        Row(c.name, c.input, min(c.seconds), statistics.median(c.seconds), max(c.rss_mib))
        for c in contenders
    ]


def report(title: str, rows: Sequence[Row], repeat: int, targets: bool) -> list[str]:
    ref = next(r for r in rows if (r.name, r.input) == REFERENCE)
    lines = [f"{title} (best and median of {repeat}, interleaved; whole processes):", ""]
    lines += _table(
        [
            "contender",
            "input",
            "best (s)",
            "median (s)",
            "peak RSS (MiB)",
            "× Polars",
            "RSS − Polars (MiB)",
        ],
        [
            [
                r.name,
                r.input,
                f"{r.best:.2f}",
                f"{r.median:.2f}",
                f"{r.rss:.0f}",
                f"{r.best / ref.best:.2f}",
                f"{r.rss - ref.rss:+.0f}",
            ]
            for r in rows
        ],
    )
    if targets:
        lines.append("")
        for r in rows:
            if r.name.startswith("govflow"):
                ratio, extra = r.best / ref.best, r.rss - ref.rss
                lines.append(
                    f"target ({r.name}): ≤ {TARGET_RATIO}× Polars: {ratio:.2f}× "
                    f"{'PASS' if ratio <= TARGET_RATIO else 'MISS'}; peak RSS within "
                    f"{TARGET_RSS_MIB:.0f} MiB of Polars: {extra:+.0f} MiB "
                    f"{'PASS' if extra <= TARGET_RSS_MIB else 'MISS'} (for information)"
                )
    return lines


def measure(
    title: str, contenders: list[Contender], env: dict[str, str], repeat: int, targets: bool
) -> list[Row]:
    """Check the agreement, time *repeat* interleaved rounds and print the table."""
    found = check_agreement(contenders, env)
    if found:
        print(f"ERROR: {len(found)} disagreements:", file=sys.stderr)
        for line in found[:20]:
            print("  " + line, file=sys.stderr)
        raise BenchError("the contenders disagree")
    ref = reference(contenders)
    assert ref.counts is not None
    cells = ", ".join(f"{t} {len(v):,}" for t, v in ref.counts().items())
    print(f"agreement: every contender gives the same counts (non-zero cells: {cells})")
    for _ in range(repeat):
        for c in contenders:
            c.run(env)
    rows = summarise(contenders)
    print()
    print("\n".join(report(title, rows, repeat, targets)))
    print(f"load average after the rounds: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(flush=True)
    return rows


def curve(results: dict[int, list[Row]]) -> list[str]:
    def cell(rows: list[Row], name: str, input_label: str = "CSV") -> Row:
        return next(r for r in rows if (r.name, r.input) == (name, input_label))

    body = []
    for n, rows in results.items():
        gov, pol = cell(rows, GOVFLOW_JSON), cell(rows, "Polars")
        body.append(
            [
                f"{n:,}",
                f"{gov.best:.2f}",
                f"{pol.best:.2f}",
                f"{cell(rows, 'Polars', 'Parquet').best:.2f}",
                f"{cell(rows, 'DuckDB').best:.2f}",
                f"{cell(rows, 'pandas').best:.2f}",
                f"{gov.best / pol.best:.2f}",
                f"{gov.rss:.0f}",
                f"{pol.rss:.0f}",
            ]
        )
    head = ["rows", "govflow (s)", "Polars CSV (s)", "Polars Parquet (s)", "DuckDB CSV (s)"]
    head += ["pandas CSV (s)", "govflow × Polars", "govflow RSS (MiB)", "Polars RSS (MiB)"]
    return ["Curve (best times, CSV unless said):", "", *_table(head, body)]


# ---------------------------------------------------------------------------------------------
# Main


def child_env(keep: bool) -> dict[str, str]:
    env = dict(os.environ)
    if not keep:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, help=f"post rows (default {ROWS:,})")
    parser.add_argument("--sizes", help="comma-separated row counts: one run each, and a curve")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_ROWS:,} rows; a small province"
    )
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--data-dir", type=Path, help="keep the generated data here and reuse it")
    parser.add_argument("--province", action="store_true", help="also the synthetic province")
    parser.add_argument("--province-only", action="store_true", help="only the province")
    parser.add_argument("--counties", type=int, default=COUNTIES)
    parser.add_argument("--province-rows", type=int, help=f"default {PROVINCE_ROWS:,}")
    parser.add_argument("--workbook", type=int, metavar="ROWS", help="also an .xlsx ledger")
    parser.add_argument("--jsonl", type=int, metavar="ROWS", help="also a JSON Lines file")
    parser.add_argument(
        "--copies-only", action="store_true", help="only the workbook and JSON Lines runs"
    )
    parser.add_argument(
        "--keep-env", action="store_true", help="leave PYTHONDONTWRITEBYTECODE to the children"
    )
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    else:
        sizes = [args.rows or (QUICK_ROWS if args.quick else ROWS)]
    if args.province_only or args.copies_only:
        sizes = []
    province_rows = args.province_rows or (QUICK_ROWS if args.quick else PROVINCE_ROWS)
    tmp = Path(tempfile.mkdtemp(prefix="govflow-bench-cli-"))
    directory = args.data_dir or tmp
    directory.mkdir(parents=True, exist_ok=True)
    env = child_env(args.keep_env)
    try:
        print(machine_info(env), flush=True)
        results: dict[int, list[Row]] = {}
        for n in sizes:
            t0 = time.perf_counter()
            csv = data_file(directory, n, yudu_units())
            parquet = parquet_copy(csv, csv.with_suffix(".parquet"))
            print(
                f"\ndata: {csv.name} ({csv.stat().st_size / 1e6:.0f} MB) and {parquet.name} "
                f"({parquet.stat().st_size / 1e6:.0f} MB); ready in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            out = Path(tempfile.mkdtemp(dir=tmp))
            contenders = file_contenders(csv, parquet, out, n)
            results[n] = measure(f"{n:,} post rows", contenders, env, args.repeat, True)
        if len(results) > 1:
            print("\n".join(curve(results)))
        for rows, suffix, what in (
            (args.workbook, ".xlsx", "a workbook"),
            (args.jsonl, ".jsonl", "JSON Lines"),
        ):
            if not rows:
                continue
            t0 = time.perf_counter()
            csv = data_file(directory, rows, yudu_units())
            copy = ledger_copy(csv, rows, suffix)
            print(
                f"\n{what}: {copy.name} ({copy.stat().st_size / 1e6:.1f} MB); "
                f"ready in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            out = Path(tempfile.mkdtemp(dir=tmp))
            measure(
                f"{rows:,} post rows in {what}",
                copy_contenders(csv, copy, out, rows),
                env,
                args.repeat,
                False,
            )
        if args.province or args.province_only:
            t0 = time.perf_counter()
            csv_root, parquet_root = province(directory, province_rows, args.counties)
            print(
                f"\nprovince: {args.counties} counties, {province_rows:,} post rows "
                f"({csv_root}); ready in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            out = Path(tempfile.mkdtemp(dir=tmp))
            contenders = province_contenders(csv_root, parquet_root, out, province_rows)
            title = f"province, {args.counties} counties, {province_rows:,} post rows"
            measure(title, contenders, env, args.repeat, False)
    except BenchError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
