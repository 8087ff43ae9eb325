"""Fuzzing the command line (issue 9, point 5): ``govflow due`` and ``govflow check`` in-process
through click's CliRunner, with random start dates and moments, period texts, options, notice
files, records files and ``--as-of``/``--from`` values.

Promises checked: the command ends by its exit code, 0, 1, 2 or 3, never by another exception;
no traceback is printed; a failure says ``错误``.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import event, example, given
from hypothesis import strategies as st

from fuzz_support import (
    PERIOD_TEXTS,
    UNITS,
    GeneratedFile,
    csv_files,
    date_texts,
    fuzz,
    jsonl_files,
    mutated,
    no_unraisable,
)
from govflow.calendar.notices import builtin_notices, notice_to_dict
from govflow.calendar.workcalendar import default_calendar, set_default_calendar
from govflow.cli import main
from plans import CESHI_PLAN


@pytest.fixture(scope="module", autouse=True)
def restore_calendar() -> Iterator[None]:
    """``govflow`` makes its calendar the process default: put the default back afterwards."""
    saved = default_calendar()
    try:
        yield
    finally:
        set_default_calendar(saved)


def invoke(args: Sequence[str]) -> Result:
    with no_unraisable():
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.output,
        result.exc_info,
    )
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output, (args, result.output)
    if result.exit_code in (2, 3):
        assert "错误" in result.output, (args, result.output)
    return result


def start_texts(years: tuple[int, int]) -> st.SearchStrategy[str]:
    """Start dates and moments: ISO dates and ``YYYY-MM-DDTHH:MM`` in *years*, other date
    spellings, malformed strings."""
    lo, hi = years
    dates = st.dates(date(lo, 1, 1), date(hi, 12, 31))
    return st.one_of(
        dates.map(str),
        dates.map(str),
        st.builds(
            lambda d, h, m: f"{d}T{h:02d}:{m:02d}", dates, st.integers(0, 23), st.integers(0, 59)
        ),
        st.builds(
            lambda d, h: f"{d}T{h}",
            dates,
            st.sampled_from(("24:00", "23:59:59+08:00", "10:00Z", "25:61")),
        ),
        date_texts(years=(max(lo, 1), min(hi, 9999))),
        st.sampled_from(
            ("", " ", "2023-13-01", "2023-02-30", "明天", "2023/06/18", "-1", "0000-01-01")
        ),
        st.text(max_size=12),
    )


#: Periods whose counts are small enough for any start the tame tests draw.
TAME_PERIODS = tuple(p for p in PERIOD_TEXTS if not any(n in p for n in ("3000000", "99999")))


def period_texts(*, wild: bool) -> st.SearchStrategy[str]:
    base = PERIOD_TEXTS if wild else TAME_PERIODS
    counts = st.integers(-5, 400 if not wild else 10**9)
    units = st.sampled_from(
        ("个工作日", "日", "天", "d", "wd", "h", "小时", "个月", "m", " working days", "周")
    )
    return st.one_of(
        st.sampled_from(base),
        st.builds(lambda n, u: f"{n}{u}", counts, units),
        st.text(max_size=8),
    )


@st.composite
def due_args(draw: st.DrawFn, *, wild: bool = False) -> list[str]:
    years = (1, 9999) if wild else (1900, 2100)
    args = ["due", draw(start_texts(years)), draw(period_texts(wild=wild))]
    if draw(st.booleans()):
        args.append("--json")
    if draw(st.booleans()):
        args.append("--provisional")
    if draw(st.integers(0, 3)) == 0:
        args.append("--holiday-only")
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(start_texts(years)), draw(start_texts(years))
        args += ["--pause", draw(st.sampled_from((f"{a}..{b}", f"{a}..", a, f"{a}...{b}")))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--restart", draw(start_texts(years))]
    if draw(st.integers(0, 3)) == 0:
        extend = st.integers(-30, 60) if not wild else st.integers(-(10**12), 10**12)
        args += ["--extend", draw(st.one_of(extend.map(str), st.sampled_from(("x", "", "1.5"))))]
    return args


NOTICE = notice_to_dict(builtin_notices()[-1])


def with_notice(args: list[str], notice: Any, folder: Path) -> list[str]:
    """*args* after ``--notice FILE`` when *notice* is a document (else unchanged)."""
    if notice is None:
        return args
    path = folder / "notice.json"
    path.write_text(json.dumps(notice, ensure_ascii=False, default=str), encoding="utf-8")
    return ["--notice", str(path), *args]


@fuzz(1.0)
@given(args=due_args(), notice=st.one_of(st.none(), st.none(), mutated(NOTICE, rate=30)))
@example(args=["due", "2025-09-26", "20个工作日"], notice=None)
@example(args=["due", "2025-09-26T10:00", "24h", "--json"], notice=None)
@example(args=["due", "2025-09-26", "20个工作日", "--pause", "2025-10-09..2025-10-20"], notice=None)
def test_due(args: list[str], notice: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = invoke(with_notice(args, notice, Path(folder)))
    if notice is None and args[1:3] == ["2025-09-26", "20个工作日"] and len(args) == 3:
        assert result.exit_code == 0
        assert "到期日：2025-10-30" in result.output


@fuzz(0.5)
@given(args=due_args(wild=True))
@example(args=["due", "2000-01-01", "3000000d"])
@example(args=["due", "9999-12-31T20:00", "24h"])
def test_due_at_the_ends_of_time(args: list[str]) -> None:
    invoke(args)


def check_args(
    draw: st.DrawFn, paths: Sequence[Path], files: Sequence[GeneratedFile], years: tuple[int, int]
) -> list[str]:
    args = ["check", "--plan", str(CESHI_PLAN)]
    for path, f in zip(paths, files, strict=True):
        spec = str(path) if draw(st.integers(0, 3)) else f"{f.kind}={path}"
        args += ["--records", spec]
    # about one example in four carries a malformed option (exit 2 before any row is read)
    bad = draw(st.integers(0, 3)) == 0

    def pick(good: Sequence[str], malformed: Sequence[str]) -> str:
        return draw(st.sampled_from((*good, *malformed) if bad else good))

    day = st.dates(date(years[0], 1, 1), date(years[1], 12, 31)).map(str)
    as_of = ("2023-12-31", "2023-10-31", "2024-06-30", draw(day))
    malformed_dates = ("", "2023-13-01", "明天", "2023/12/31", "9999-99-99", "2023-06-18T10:00")
    if draw(st.integers(0, 4)):
        args += ["--as-of", pick(as_of, malformed_dates)]
    if draw(st.integers(0, 2)) == 0:
        args += [
            "--from",
            pick(("2023-06-18", "2023-01-01", "2023-11-01", draw(day)), malformed_dates),
        ]
    if draw(st.integers(0, 3)) == 0:
        args += ["--unit", pick(UNITS[:7], ("县税务局", "", draw(st.text(max_size=5))))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--area", pick(("documents", "platforms", "answers", "opening"), ("nope", ""))]
    if draw(st.integers(0, 4)) == 0:
        args += ["--lead-time", pick(("0", "3", "60"), ("61", "-1", "x"))]
    for flag in ("--provisional", "--strict", "--all"):
        if draw(st.integers(0, 5)) == 0:
            args.append(flag)
    if draw(st.booleans()):
        args += ["--format", pick(("table", "json", "md", "html"), ("xml",))]
    return args


def any_records(years: tuple[int, int]) -> st.SearchStrategy[GeneratedFile]:
    return st.one_of(
        csv_files(years=years),
        csv_files(hostile=True, years=years),
        jsonl_files(years=years),
    )


def write(folder: Path, files: Sequence[GeneratedFile]) -> list[Path]:
    paths = []
    for k, f in enumerate(files):  # one folder each: the name tells the kind
        (folder / str(k)).mkdir()
        path = folder / str(k) / f.name
        path.write_bytes(f.data)
        paths.append(path)
    return paths


@fuzz(0.4)
@given(files=st.lists(any_records((2004, 2026)), min_size=1, max_size=3), data=st.data())
def test_check(files: list[GeneratedFile], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = write(Path(folder), files)
        args = data.draw(st.composite(lambda draw: check_args(draw, paths, files, (2000, 2030)))())
        result = invoke(args)
        event(f"exit {result.exit_code}")
        if (
            "--format" in args
            and args[args.index("--format") + 1] == "json"
            and result.exit_code in (0, 1)
        ):
            report = json.loads(result.stdout)
            for s in report["files"]:
                assert (
                    s["read"]
                    == s["evaluated"] + s["not_applicable"] + s["rejected"] + s["set_aside"]
                )
                assert min(s["evaluated"], s["rejected"], s["set_aside"], s["not_applicable"]) >= 0


@pytest.mark.parametrize("option", [["--as-of", "9999-12-31"], ["--from", "9999-12-31"]])
def test_check_as_of_the_ends_of_time(tmp_path: Path, option: list[str]) -> None:
    events = tmp_path / "events.csv"
    events.write_text("单位,类型,日期\n县财政局,自查,2023-07-01\n", encoding="utf-8")
    invoke(["check", "--plan", str(CESHI_PLAN), "--records", str(events), *option])
