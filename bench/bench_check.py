"""Benchmark ``govflow check`` on 1,000,000 post rows against a hand-written pandas script.

Run it with::

    uv run python bench/bench_check.py                 # 1,000,000 rows, about 2 minutes
    uv run python bench/bench_check.py --quick         # 100,000 rows, a smoke run
    uv run python bench/bench_check.py --rows 300000   # any size
    uv run python bench/bench_check.py --data-dir /tmp/govflow-bench   # keep/reuse the CSVs

The workload (issue 4, Performance): a UTF-8 CSV of post rows (fixed seed) for the 41 units
the Yudu plan's task 10 binds (县政府各部门: 18, 各乡(镇)人民政府: 23), published
2023-06-19..2023-12-31, with the Chinese headers county offices export (网站或账号, 平台类型,
单位, 栏目, 标题, 发布时间, 是否原创).  Two contenders compute the same counts from it:

* govflow: :func:`govflow.compliance.check.run_check` with the Yudu plan, only the post file, ``--area
  newmedia``: the rules that read posts are the three quotas of task 10 (10.weekly-updates: ≥2
  动态 a week; 10.monthly-total: ≥50 a month; 10.monthly-original: ≥10 原创 a month).  The
  per-unit counts are read back from the findings (``Finding.actual`` of each window).  Twice:
  with the columnar path (:mod:`govflow.compliance.columnar`, Polars; what ``govflow check`` uses
  for large CSV files) and with the pure-Python reader (``GOVFLOW_NO_FAST_PATH=1``).
* pandas: the script an analyst would write (:func:`pandas_counts`): ``read_csv`` with the date
  column parsed, 动态 when the column contains 动态/要闻/新闻/资讯 (govflow's derivation when a
  post has no category of its own), Monday-start weeks, calendar months, ``groupby().size()``.

The count tables must agree exactly (cells with a count of 0 are left out on both sides; only
the windows govflow reports are compared: those lying within plan issue date..as-of, so June,
which the plan entered on the 18th, has weekly windows but no monthly one), and govflow's two
paths must give the same result (findings with their evidence, rejected rows, file summaries,
every counter cell in its order with its first row).  A disagreement stops the run with exit
code 1.

Timing: ``time.perf_counter``, best of 3, interleaved rounds (govflow fast, govflow pure Python,
pandas, govflow fast, ...), garbage collector on (as in a real run).  govflow's time covers ``run_check`` and reading the
counts from the findings; pandas' covers ``read_csv`` and the group-bys; loading the plan and
the calendar is setup, done once before timing.  Memory is measured in separate processes, at
a tenth of the rows and at all of them: peak RSS (``VmHWM``), its growth over the peak after
imports and setup, and the peak of Python allocations during the run (``tracemalloc``, a run of
its own since tracing slows Python down; pyarrow's buffers are not Python allocations: its
memory pool's peak is shown apart); for govflow also the number of per-day counter cells
(unit, day, category, original) it keeps, which is what its memory follows.

The target (govflow within 2x of the pandas script) is printed as PASS/MISS for information:
the exit code does not depend on it.  Without pyarrow the fast path is left out (and pandas
keeps its strings as Python objects, which makes it slower).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20230619
FIRST_DAY = date(2023, 6, 19)
LAST_DAY = date(2023, 12, 31)
AS_OF = date(2023, 12, 31)
PLAN_ID = "yudu-2023"
AREA = "newmedia"
ROWS = 1_000_000
QUICK_ROWS = 100_000
REPEAT = 3
TARGET_RATIO = 2.0

WEEKLY = "10.weekly-updates"
MONTHLY_TOTAL = "10.monthly-total"
MONTHLY_ORIGINAL = "10.monthly-original"
TABLES = (WEEKLY, MONTHLY_TOTAL, MONTHLY_ORIGINAL)
TABLE_LABELS = {WEEKLY: "每周动态", MONTHLY_TOTAL: "每月总量", MONTHLY_ORIGINAL: "每月原创"}

HEADERS = ("网站或账号", "平台类型", "单位", "栏目", "标题", "发布时间", "是否原创")
NEWS_WORDS = ("动态", "要闻", "新闻", "资讯")
"""A column containing one of these makes a post 动态 (govflow.compliance.rules.post_category)."""

Counts = dict[str, dict[tuple[str, date], int]]
"""Per quota rule id: (unit, first day of the window) -> count; zero cells left out."""


# ---------------------------------------------------------------------------------------------
# The workload

_SITE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("工作动态", 22),
    ("{kind}动态", 9),
    ("于都要闻", 6),
    ("图片新闻", 4),
    ("通知公告", 12),
    ("公示公告", 6),
    ("政策文件", 5),
    ("政策解读", 4),
    ("人事信息", 3),
    ("财政预决算", 2),
    ("政务公开", 4),
    ("便民服务", 2),
    ("招标采购", 2),
    ("民生资讯", 3),
    ("专题专栏", 2),
)
_MEDIA_COLUMNS: tuple[tuple[str, int], ...] = (
    ("政务资讯", 10),
    ("工作动态", 8),
    ("通知公告", 3),
    ("便民服务", 3),
    ("政策解读", 2),
    ("文明实践", 2),
    ("今日推送", 3),
)
_TOPICS = (
    "安全生产",
    "防汛抗旱",
    "森林防火",
    "乡村振兴",
    "农村人居环境整治",
    "高标准农田建设",
    "脐橙产业发展",
    "富硒产业",
    "营商环境优化提升",
    "城乡居民医保征缴",
    "禁毒宣传",
    "消防安全",
    "秸秆禁烧",
    "防范电信网络诈骗",
    "义务教育招生",
    "退役军人服务保障",
    "就业帮扶",
    "食品安全",
    "耕地保护",
    "长征文化保护传承",
    "河湖长制",
    "全国文明城市创建",
    "未成年人保护",
    "居家养老服务",
    "道路交通安全",
    "政务公开",
    "信访积案化解",
    "防返贫动态监测",
    "生态环境保护督察整改",
    "双拥共建",
)
_NEWS_TITLES = (
    "{u}召开{t}工作推进会",
    "{u}扎实开展{t}专项行动",
    "{u}部署{t}工作",
    "{u}：多措并举推进{t}",
    "{u}主要负责同志带队督导{t}工作",
    "{u}组织开展{t}宣传活动",
    "{u}举办{t}业务培训班",
    "{u}：“{t}”跑出加速度",
    "{u}以“{t}”为抓手,推动工作落地见效",
    "【{t}】{u}在行动",
    "{u}召开{m}月份{t}调度会",
)
_NOTICE_TITLES = (
    "关于开展{t}工作的通知",
    "关于做好2023年{t}工作的通知",
    "关于{t}有关事项的公告",
    "{u}关于{t}的公示",
    "{u}2023年{m}月{t}情况公示",
    "关于印发《于都县{t}实施方案》的通知",
    "《于都县{t}实施方案》政策解读",
    "一图读懂《于都县{t}实施方案》",
    "{u}2023年{t}资金分配结果公示",
    '关于"{t}"问题的答复',
)


@dataclass
class Workload:
    """The units and what the generator planted (to describe the CSV)."""

    units: tuple[str, ...]
    rows: int
    gaps: set[tuple[str, date]] = field(default_factory=set)
    """(unit, Monday) weeks in which the unit published nothing."""


def yudu_units() -> tuple[str, ...]:
    """The units task 10 of the Yudu plan binds (the owners of the newmedia quotas)."""
    from govflow.plugins.manager import registry

    plan = registry().load_plan(PLAN_ID)
    return tuple(u.name for u in plan.owner_units(plan.obligation(WEEKLY)))


def generate_posts(path: Path, rows: int, units: Sequence[str], seed: int = SEED) -> Workload:
    """Write *rows* post rows (UTF-8, Chinese headers) for *units* to *path*.

    Units differ in activity (log-normal weights), weekdays carry more posts than weekends,
    and every unit has up to three weeks without any post, so some windows count zero.  Rows
    come day by day (times within a day unsorted), as a merged export does.
    """
    rng = random.Random(seed)
    days = [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    mondays = sorted({d - timedelta(days=d.weekday()) for d in days})
    workload = Workload(tuple(units), rows)
    unit_weight = {u: rng.lognormvariate(0.0, 0.6) for u in units}
    original_share = {u: rng.uniform(0.15, 0.6) for u in units}
    for u in units:
        for monday in rng.sample(mondays, rng.randint(0, 3)):
            workload.gaps.add((u, monday))
    cells: list[tuple[str, date]] = []
    cum: list[float] = []
    total = 0.0
    for d in days:  # day-major: sorting sampled cell indices gives day order
        day_weight = 1.0 if d.weekday() < 5 else 0.25
        for u in units:
            if (u, d - timedelta(days=d.weekday())) not in workload.gaps:
                total += unit_weight[u] * day_weight
                cells.append((u, d))
                cum.append(total)
    picks = sorted(rng.choices(range(len(cells)), cum_weights=cum, k=rows))
    site_cols = [c for c, _ in _SITE_COLUMNS]
    site_w = [w for _, w in _SITE_COLUMNS]
    media_cols = [c for c, _ in _MEDIA_COLUMNS]
    media_w = [w for _, w in _MEDIA_COLUMNS]
    hours = list(range(24))
    hour_w = [1, 1, 1, 1, 1, 1, 2, 4, 14, 16, 16, 12, 6, 6, 10, 14, 14, 12, 6, 4, 4, 3, 2, 1]
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADERS)
        for k in picks:
            u, d = cells[k]
            kind = "乡镇" if u.endswith(("镇", "乡")) else "部门"
            if rng.random() < 0.7:
                site, platform_kind = "于都县人民政府网", "网站"
                column = rng.choices(site_cols, site_w)[0].format(kind=kind)
            else:
                site = u + ("政务微信" if rng.random() < 0.8 else "政务头条号")
                platform_kind = "政务新媒体"
                column = rng.choices(media_cols, media_w)[0]
            news = any(w in column for w in NEWS_WORDS)
            template = rng.choice(_NEWS_TITLES if news else _NOTICE_TITLES)
            title = template.format(u=u, t=rng.choice(_TOPICS), m=d.month)
            h = rng.choices(hours, hour_w)[0]
            moment = datetime(d.year, d.month, d.day, h, rng.randrange(60), rng.randrange(60))
            r = rng.random()
            original = "" if r < 0.01 else ("是" if r < original_share[u] else "否")
            out.writerow(
                (
                    site,
                    platform_kind,
                    u,
                    column,
                    title,
                    moment.strftime("%Y-%m-%d %H:%M:%S"),
                    original,
                )
            )
    return workload


def data_file(directory: Path, rows: int, units: Sequence[str], seed: int = SEED) -> Path:
    """The CSV of *rows* rows in *directory*, generated unless a previous run left it there."""
    path = directory / f"posts_{rows}_{seed}.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        generate_posts(tmp, rows, units, seed)
        tmp.replace(path)
    return path


# ---------------------------------------------------------------------------------------------
# The contenders


@dataclass
class GovflowSetup:
    """What a run of ``govflow check`` loads before reading records."""

    plan: Any
    calendar: Any
    kinds: Any


def govflow_setup() -> GovflowSetup:
    from govflow.plugins.manager import registry

    reg = registry()
    return GovflowSetup(reg.load_plan(PLAN_ID), reg.calendar(), reg.record_kinds())


FAST, PYTHON = "fast", "python"
"""govflow's two ways of reading the file: the columnar fast path and the pure-Python one."""


def fast_path_available() -> bool:
    """The columnar path is always there (Polars is a core dependency); kept for callers."""
    return True


@dataclass
class GovflowRun:
    counts: Counts
    read: int
    evaluated: int
    rejected: int
    rules: tuple[str, ...]
    cells: int
    """Per-day counter cells (unit, day, category, original) govflow kept."""
    mode: str = PYTHON
    result: Any = field(default=None, repr=False)
    """The whole :class:`~govflow.compliance.check.CheckResult`."""


@contextmanager
def _mode(mode: str) -> Iterator[list[bool]]:
    """Run govflow the *mode* way; the list says, per file offered, whether the fast path took
    it.  The fast path is forced for files of any size (it leaves small ones to the reference)."""
    from govflow.compliance import columnar as fastcsv

    taken: list[bool] = []
    real, floor = fastcsv.count_table, fastcsv.MIN_BYTES
    before = os.environ.pop(fastcsv.DISABLE, None)

    def spy(*args: Any) -> bool:
        done = real(*args)
        taken.append(done)
        return done

    try:
        if mode == PYTHON:
            os.environ[fastcsv.DISABLE] = "1"
        else:
            fastcsv.MIN_BYTES = 0
            fastcsv.count_table = spy  # type: ignore[assignment]
        yield taken
    finally:
        fastcsv.count_table, fastcsv.MIN_BYTES = real, floor
        os.environ.pop(fastcsv.DISABLE, None)
        if before is not None:
            os.environ[fastcsv.DISABLE] = before


def govflow_counts(setup: GovflowSetup, path: Path, mode: str = PYTHON) -> GovflowRun:
    """``govflow check --area newmedia --as-of 2023-12-31`` on the post file, the *mode* way;
    counts per window read from the quota findings."""
    from govflow.compliance.check import run_check

    with _mode(mode) as taken:
        result = run_check(
            setup.plan, [path], calendar=setup.calendar, as_of=AS_OF, kinds=setup.kinds, area=AREA
        )
    if mode == FAST and taken != [True]:
        raise RuntimeError(f"the fast path did not read {path} (offered: {taken})")
    counts: Counts = {t: {} for t in TABLES}
    for f in result.findings:
        table = counts.get(f.rule)
        if table is not None and f.window is not None and f.actual:
            table[(f.unit, f.window[0])] = f.actual
    summary = result.files[0]
    daily = result.daily.get("post")
    return GovflowRun(
        counts,
        summary.read,
        summary.evaluated,
        summary.rejected,
        tuple(r.id for r in result.rules),
        daily.frame().height if daily else 0,
        mode,
        result,
    )


def result_differences(fast: Any, ref: Any) -> list[str]:
    """Where two :class:`~govflow.compliance.check.CheckResult` differ (findings, rejected rows, file
    summaries, counter cells in order with their first rows)."""
    out = []
    if fast.findings != ref.findings:
        out.append("findings differ")
    if fast.rejected != ref.rejected:
        out.append("rejected rows differ")
    if fast.files != ref.files:
        out.append(f"file summaries differ: {fast.files} vs {ref.files}")
    for kind in sorted(fast.daily.keys() | ref.daily.keys()):
        a, b = fast.daily.get(kind), ref.daily.get(kind)
        if a is None or b is None or list(a.rows()) != list(b.rows()):
            out.append(f"counter cells of {kind} differ")
    return out


def pandas_counts(path: Path) -> Counts:
    """The analyst's script: per unit, 动态 posts per week, posts and 原创 posts per month."""
    import pandas as pd

    df = pd.read_csv(path, parse_dates=["发布时间"])
    day = df["发布时间"].dt.normalize()
    df["周"] = day - pd.to_timedelta(day.dt.day_of_week, unit="D")  # Monday of the week
    df["月"] = day.dt.to_period("M").dt.to_timestamp()
    is_news = df["栏目"].str.contains("动态|要闻|新闻|资讯", na=False)
    is_original = df["是否原创"] == "是"
    weekly = df[is_news].groupby(["单位", "周"]).size()
    monthly = df.groupby(["单位", "月"]).size()
    original = df[is_original].groupby(["单位", "月"]).size()
    out: Counts = {}
    for name, sizes in ((WEEKLY, weekly), (MONTHLY_TOTAL, monthly), (MONTHLY_ORIGINAL, original)):
        table = out[name] = {}
        for (unit, first), n in zip(sizes.index, sizes.to_numpy(), strict=True):
            table[(str(unit), pd.Timestamp(first).date())] = int(n)
    return out


# ---------------------------------------------------------------------------------------------
# Agreement


def reported_windows(start: date, as_of: date) -> dict[str, set[date]]:
    """First days of the windows govflow reports for a plan issued on *start*, as of *as_of*."""
    from govflow.plan.obligations import Window
    from govflow.plan.schedule import windows

    out: dict[str, set[date]] = {}
    for name, window in (
        (WEEKLY, Window.WEEK),
        (MONTHLY_TOTAL, Window.MONTH),
        (MONTHLY_ORIGINAL, Window.MONTH),
    ):
        out[name] = {first for first, last in windows(window, start, as_of) if last <= as_of}
    return out


def disagreements(gov: Counts, ref: Counts, start: date, as_of: date = AS_OF) -> list[str]:
    """Every cell where the two count tables differ, within the windows govflow reports."""
    firsts = reported_windows(start, as_of)
    out = []
    for name in TABLES:
        a = gov.get(name, {})
        b = {k: v for k, v in ref.get(name, {}).items() if k[1] in firsts[name]}
        for key in sorted(a.keys() | b.keys()):
            if a.get(key, 0) != b.get(key, 0):
                out.append(
                    f"{name} {key[0]} {key[1]}: govflow {a.get(key, 0)}, pandas {b.get(key, 0)}"
                )
    return out


@dataclass
class Agreement:
    gov: GovflowRun
    """govflow, pure Python (the reference)."""
    ref: Counts
    """The pandas script."""
    differences: list[str]
    fast: GovflowRun | None = None
    """govflow with the fast path (``None`` without pyarrow)."""

    def cells(self, name: str) -> int:
        return len(self.gov.counts[name])


def check_agreement(path: Path, setup: GovflowSetup | None = None) -> Agreement:
    """Run every contender once on *path*: govflow's two paths must give the same result, and
    their counts must be the pandas script's."""
    setup = setup or govflow_setup()
    gov = govflow_counts(setup, path, PYTHON)
    ref = pandas_counts(path)
    differences = disagreements(gov.counts, ref, setup.plan.issued)
    fast = None
    if fast_path_available():
        fast = govflow_counts(setup, path, FAST)
        differences += [
            f"fast path: {d}" for d in disagreements(fast.counts, ref, setup.plan.issued)
        ]
        differences += [
            f"fast path vs pure Python: {d}" for d in result_differences(fast.result, gov.result)
        ]
    return Agreement(gov, ref, differences, fast)


# ---------------------------------------------------------------------------------------------
# Timing and memory


def best_of(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Interleaved rounds: every contender once, then again; all times per contender."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return times


def _peak_rss_mib() -> float:
    """This process's peak resident set so far (VmHWM: unlike ``ru_maxrss``, not inherited
    from the parent process)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


CONTENDERS = {
    "govflow-fast": "govflow run_check, columnar path (Polars)",
    "govflow-python": "govflow run_check, pure Python",
    "pandas": "pandas script (read_csv + groupby)",
}


def child(contender: str, path: Path, traced: bool) -> dict[str, float]:
    """One measured run in this (fresh) process; what :func:`measure_memory` prints."""
    fn: Callable[[], object]
    arrow: Any = None
    if contender.startswith("govflow"):
        setup = govflow_setup()
        mode = FAST if contender == "govflow-fast" else PYTHON
        if mode == FAST:
            import polars  # noqa: F401 - imported before the baseline is taken

        def fn() -> object:
            return govflow_counts(setup, path, mode)
    else:
        import pandas  # noqa: F401 - imported before the baseline is taken

        def fn() -> object:
            return pandas_counts(path)

    before = _peak_rss_mib()
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024) if traced else 0.0
    if traced:
        tracemalloc.stop()
    cells = out.cells if isinstance(out, GovflowRun) else 0
    return {
        "seconds": seconds,
        "rss_before": before,
        "rss_peak": _peak_rss_mib(),
        "traced_peak": peak,
        "arrow_peak": arrow.max_memory() / (1024 * 1024) if arrow is not None else -1.0,
        # Polars' buffers are in the RSS peak: it has no pool to ask
        "cells": cells,
    }


def measure_memory(contender: str, path: Path, traced: bool) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", contender, "--csv", str(path)]
    if traced:
        cmd.append("--traced")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------------------------------------
# Report


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--rows", type=int, help=f"post rows (default {ROWS:,}; --quick {QUICK_ROWS:,})"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run on fewer rows")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep the generated CSVs here and reuse "
        "them in later runs (default: a temporary directory)",
    )
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--child", choices=list(CONTENDERS), help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.csv, args.traced)))
        return 0

    rows = args.rows or (QUICK_ROWS if args.quick else ROWS)
    small = max(rows // 10, 1)
    tmp = None
    if args.data_dir is None:
        tmp = Path(tempfile.mkdtemp(prefix="govflow-bench-check-"))
        directory = tmp
    else:
        directory = args.data_dir
        directory.mkdir(parents=True, exist_ok=True)
    try:
        return _run(rows, small, directory, args.repeat)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _string_storage() -> str:
    import pandas as pd

    return str(getattr(pd.Series(["a"]).dtype, "storage", "object"))


def _run(rows: int, small: int, directory: Path, repeat: int) -> int:
    import pandas as pd

    fast = fast_path_available()
    import polars

    arrow = f"polars {polars.__version__}" if fast else "the columnar path is left out"
    print(
        f"govflow check benchmark: {rows:,} post rows, {FIRST_DAY}..{LAST_DAY}, "
        f"plan {PLAN_ID}, --area {AREA}, as of {AS_OF}"
    )
    print(
        f"machine: {platform.platform()}, nproc {len(os.sched_getaffinity(0))}, "
        f"Python {platform.python_version()}, pandas {pd.__version__} (strings: "
        f"{_string_storage()}), {arrow}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    units = yudu_units()
    t0 = time.perf_counter()
    path = data_file(directory, rows, units)
    small_path = data_file(directory, small, units)
    size = path.stat().st_size
    print(
        f"data: {path.name} ({size / 1e6:.0f} MB, {len(units)} units) and {small_path.name}; "
        f"ready in {time.perf_counter() - t0:.1f} s"
    )

    setup = govflow_setup()
    agreement = check_agreement(path, setup)
    gov = agreement.gov
    print(f"govflow rules run: {', '.join(gov.rules)}")
    for run in (gov, agreement.fast):
        if run is None:
            continue
        print(
            f"rows ({run.mode}): read {run.read:,} = evaluated {run.evaluated:,} + rejected "
            f"{run.rejected:,}"
        )
        if run.read != rows or run.rejected:
            print(
                f"ERROR: {rows:,} rows written, every one valid; govflow ({run.mode}) read "
                f"{run.read:,} and rejected {run.rejected:,}",
                file=sys.stderr,
            )
            return 1
    if agreement.differences:
        print(f"ERROR: {len(agreement.differences)} disagreements:", file=sys.stderr)
        for line in agreement.differences[:20]:
            print("  " + line, file=sys.stderr)
        return 1
    cells = ", ".join(f"{TABLE_LABELS[t]} {agreement.cells(t):,}" for t in TABLES)
    print(
        f"agreement: identical counts ({cells} non-zero unit-windows)"
        + (
            f"; fast path and pure Python give the same result (findings, rejected rows, "
            f"file summaries, {gov.cells:,} counter cells in order)"
            if fast
            else ""
        )
    )

    fns: dict[str, Callable[[], object]] = {}
    if fast:
        fns["govflow-fast"] = lambda: govflow_counts(setup, path, FAST)
    fns["govflow-python"] = lambda: govflow_counts(setup, path, PYTHON)
    fns["pandas"] = lambda: pandas_counts(path)
    times = best_of(fns, repeat)
    best = {k: min(v) for k, v in times.items()}
    ratio = {k: best[k] / best["pandas"] for k in best}

    def verdict(k: str) -> str:
        return "PASS" if ratio[k] <= TARGET_RATIO else "MISS"

    mem = {
        (c, n): (measure_memory(c, p, False), measure_memory(c, p, True))
        for c in fns
        for n, p in ((small, small_path), (rows, path))
    }

    lines = [f"Timing ({rows:,} rows, best of {repeat}, interleaved):", ""]
    lines += _table(
        ["contender", "rows", "best (s)", "all runs (s)", "µs/row", "× pandas", "≤ 2×"],
        [
            [
                CONTENDERS[k],
                f"{rows:,}",
                f"{best[k]:.2f}",
                " ".join(f"{t:.2f}" for t in times[k]),
                f"{best[k] / rows * 1e6:.2f}",
                f"{ratio[k]:.2f}",
                verdict(k) if k != "pandas" else "-",
            ]
            for k in fns
        ],
    )
    summary = ", ".join(
        f"{label} {ratio[k]:.2f} ({verdict(k)})"
        for k, label in (("govflow-fast", "fast path"), ("govflow-python", "pure Python"))
        if k in ratio
    )
    lines += [
        "",
        f"ratio govflow/pandas: {summary}; target ≤ {TARGET_RATIO:.0f}×",
        "",
        "Memory (a fresh process per line; tracemalloc in a run of its own):",
        "",
    ]
    lines += _table(
        [
            "contender",
            "rows",
            "peak RSS (MiB)",
            "growth in run (MiB)",
            "tracemalloc peak (MiB)",
            "pyarrow pool peak (MiB)",
            "counter cells",
        ],
        [
            [
                c,
                f"{n:,}",
                f"{m[0]['rss_peak']:.0f}",
                f"{m[0]['rss_peak'] - m[0]['rss_before']:.0f}",
                f"{m[1]['traced_peak']:.1f}",
                f"{m[0]['arrow_peak']:.1f}" if m[0]["arrow_peak"] >= 0 else "-",
                f"{int(m[0]['cells']):,}" if c.startswith("govflow") else "-",
            ]
            for (c, n), m in mem.items()
        ],
    )
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
