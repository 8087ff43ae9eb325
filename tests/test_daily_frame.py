"""Daily counts as a Polars frame against obviously-correct Python references.

:class:`DailyCounts` keeps row cells in a dict and columnar files as frames, and gives rules
one frame; rules query it with grouped expressions and call Python once per distinct
combination of grouping values.  The references below do the same one cell at a time, as the
engine did before the frame existed."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.compliance.daily import DailyCounts, day_date, per_distinct
from govflow.compliance.fields import matches
from govflow.compliance.findings import MAX_EVIDENCE
from govflow.compliance.obligation_rules import _TRUNCATE, _window_counts, _window_key
from govflow.plan.obligations import Quota, Window

FIELDS = ("category", "original", "site")
UNITS = st.sampled_from(["县财政局", "县教育局", "甲镇", "乙乡"])
DAYS = st.integers(date(2023, 1, 1).toordinal(), date(2024, 2, 29).toordinal())
ROW = st.fixed_dictionaries(
    {
        "category": st.sampled_from(["动态", "通知公告", "政策文件", ""]),
        "original": st.sampled_from([True, False]),
        "site": st.sampled_from(["县政府网", "微信公众号", None]),
    }
)
ROWS = st.lists(st.tuples(UNITS, DAYS, ROW), max_size=60)


def reference_cells(files: list[list[tuple[str, int, dict[str, Any]]]]) -> list[tuple[Any, ...]]:
    """(unit, day, *values, count, first row) in the order of first rows, files in order."""
    cells: dict[tuple[Any, ...], list[Any]] = {}
    for f, rows in enumerate(files):
        for line, (unit, day, data) in enumerate(rows, start=2):
            key = (unit, day, *(data[n] for n in FIELDS))
            if key in cells:
                cells[key][0] += 1
            else:
                cells[key] = [1, f"f{f}.csv:{line}"]
    return [(*k, n, ref) for k, (n, ref) in cells.items()]


def as_frame(rows: list[tuple[str, int, dict[str, Any]]], source: str) -> pl.DataFrame:
    """What the columnar reader hands over for one file."""
    one = DailyCounts("post", FIELDS)
    for line, (unit, day, data) in enumerate(rows, start=2):
        one.add_fields(unit, day, data, source, line)
    return one.frame()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(ROWS, st.booleans()), max_size=4))
def test_frame_and_rows_keep_the_order_of_first_rows(files: list[tuple[Any, bool]]) -> None:
    """Files counted row by row or handed over as frames, in any mix: the same cells, in the
    order of their first rows, with the first row of each."""
    daily = DailyCounts("post", FIELDS)
    for f, (rows, columnar) in enumerate(files):
        if columnar:
            daily.add_frame(as_frame(rows, f"f{f}.csv"))
        else:
            for line, (unit, day, data) in enumerate(rows, start=2):
                daily.add_fields(unit, day, data, f"f{f}.csv", line)
    expected = reference_cells([rows for rows, _ in files])
    assert [tuple(r) for r in daily.frame().iter_rows()] == expected
    assert [(u, d, *v.values(), n, ref) for u, d, v, n, ref in daily.rows()] == expected


@settings(max_examples=100, deadline=None)
@given(ROWS, ROWS)
def test_merge_counts_the_other_after_this_one(a: Any, b: Any) -> None:
    first, second = DailyCounts("post", FIELDS), DailyCounts("post", FIELDS)
    first.add_frame(as_frame(a, "f0.csv"))
    for line, (unit, day, data) in enumerate(b, start=2):
        second.add_fields(unit, day, data, "f1.csv", line)
    first.merge(second)
    assert [tuple(r) for r in first.frame().iter_rows()] == reference_cells([a, b])
    assert second.frame().height == 0


@settings(max_examples=100, deadline=None)
@given(ROWS, st.sampled_from([("site",), ("category", "original"), FIELDS, ()]))
def test_a_function_per_combination_is_the_function_per_row(rows: Any, names: Any) -> None:
    daily = DailyCounts("post", FIELDS)
    for line, (unit, day, data) in enumerate(rows, start=2):
        daily.add_fields(unit, day, data, "f.csv", line)
    calls: list[dict[str, Any]] = []

    def fn(values: dict[str, Any]) -> str:
        calls.append(values)
        return "|".join(f"{k}={values[k]}" for k in names)

    expected = [fn({n: v[n] for n in names}) for _, _, v, _, _ in daily.rows()]
    calls.clear()
    got = daily.per_combination(names, fn, pl.String).to_list()
    assert got == expected
    assert len(calls) <= len({tuple(v.values()) for _, _, v, _, _ in daily.rows()}) or not rows
    assert per_distinct(daily.frame(), names, fn, pl.String).to_list() == expected


@given(ROWS)
def test_day_date_is_the_ordinal_day(rows: Any) -> None:
    frame = pl.DataFrame({"day": [d for _, d, _ in rows]}, schema={"day": pl.Int32})
    got = frame.select(day_date()).to_series().to_list()
    assert got == [date.fromordinal(d) for _, d, _ in rows]


def test_the_references_window_is_the_rules_truncation() -> None:
    """The reference's first day of a window (``_window_key``, one day at a time) is the rule's
    (Polars' calendar truncation) on every day of 2003–2027 and at the ends of the calendar."""
    days = [*range(date(2003, 1, 1).toordinal(), date(2028, 1, 1).toordinal()), 1]
    days.append(date.max.toordinal())
    frame = pl.DataFrame({"day": days}, schema={"day": pl.Int32})
    assert set(_TRUNCATE) == set(Window)
    for window, unit in _TRUNCATE.items():
        polars = frame.select(day_date().dt.truncate(unit)).to_series().to_list()
        assert [_window_key(window, date.fromordinal(d)) for d in days] == polars


def reference_window_counts(
    daily: DailyCounts, quota: Quota, as_of: date
) -> dict[tuple[str, str | None, date], list[Any]]:
    """The quota rule's counting loop as it was, one cell at a time."""
    counts: dict[tuple[str, str | None, date], list[Any]] = {}
    for unit, day, values, count, ref in daily.rows():
        if day > as_of.toordinal() or not matches(quota.counts, quota.where, values):
            continue
        key = (unit, None, _window_key(quota.window, date.fromordinal(day)))
        cell = counts.setdefault(key, [0, []])
        cell[0] += count
        if len(cell[1]) < MAX_EVIDENCE:
            cell[1].append(ref)
    return counts


WHERE = st.sampled_from(
    [
        {},
        {"original": True},
        {"category": "动态"},
        {"category": ["动态", "通知公告"]},
        {"site": {"not": ["微信公众号"]}},
    ]
)


@settings(max_examples=150, deadline=None)
@given(ROWS, st.sampled_from(list(Window)), WHERE, st.integers(0, 420))
def test_quota_windows_are_the_cell_by_cell_counts(
    rows: Any, window: Window, where: dict[str, Any], days: int
) -> None:
    daily = DailyCounts("post", FIELDS)
    for line, (unit, day, data) in enumerate(rows, start=2):
        daily.add_fields(unit, day, data, "f.csv", line)
    quota = Quota(1, window, "post", where)
    as_of = date(2023, 1, 1) + timedelta(days=days)
    assert _window_counts(daily, quota, False, as_of) == reference_window_counts(
        daily, quota, as_of
    )


CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("row"), st.tuples(UNITS, DAYS, ROW)),
        st.tuples(st.just("frame"), ROWS),
        st.tuples(st.just("merge"), ROWS),
        st.tuples(st.just("ask"), st.sampled_from(["total", "units"])),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(CHANGES)
def test_what_rules_share_is_what_the_counts_say_now(steps: list[tuple[str, Any]]) -> None:
    """``shared(key, compute)`` is ``compute()`` on the counts as they are: computed once per
    key while they stay, again after rows, a frame or another's counts come in."""
    daily = DailyCounts("post", FIELDS)
    computed: list[str] = []
    fresh: set[str] = set()  # keys computed since the counts last changed

    def compute(key: str) -> Any:
        computed.append(key)
        frame = daily.frame()
        if key == "total":
            return int(frame.get_column("count").sum())
        return sorted(set(frame.get_column("unit").to_list()))

    line = 2
    for step, arg in steps:
        if step == "ask":
            before = len(computed)
            got = daily.shared(arg, functools.partial(compute, arg))
            frame = daily.frame()
            assert got == (
                int(frame.get_column("count").sum())
                if arg == "total"
                else sorted(set(frame.get_column("unit").to_list()))
            )
            assert len(computed) == before + (0 if arg in fresh else 1)
            fresh.add(arg)
            continue
        if step == "row":
            unit, day, data = arg
            daily.add_fields(unit, day, data, "f.csv", line)
            line += 1
        elif step == "frame":
            daily.add_frame(as_frame(arg, "g.csv"))
        else:
            other = DailyCounts("post", FIELDS)
            other.add_frame(as_frame(arg, "h.csv"))
            daily.merge(other)
        fresh.clear()
