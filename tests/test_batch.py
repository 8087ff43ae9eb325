"""Batch forms (lists and numpy datetime64 arrays) give exactly the scalar answers and errors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from strategies import inner_dates, official_dates, workday_counts

D = date.fromisoformat
SOME = settings(max_examples=60)

#: Dates on both sides of the official range, where the scalar calls answer or refuse.
edge_dates = st.dates(min_value=date(2003, 10, 1), max_value=date(2027, 3, 31))


def _arr(dates: list[date]) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array(dates, dtype="datetime64[D]")


def _outcome(f: Any) -> tuple[str, Any]:
    try:
        return ("ok", f())
    except CalendarNotPublished as exc:
        return ("refused", (exc.year, exc.day))


@SOME
@given(days=st.lists(official_dates(), max_size=40))
def test_is_workday_many(cal: WorkCalendar, days: list[date]) -> None:
    expected = [cal.is_workday(d) for d in days]
    assert cal.is_workday_many(days) == expected
    got = cal.is_workday_many(_arr(days))
    assert got.dtype == np.bool_
    assert got.tolist() == expected


@SOME
@given(days=st.lists(inner_dates(), max_size=40), n=workday_counts())
def test_add_workdays_many_one_n(cal: WorkCalendar, days: list[date], n: int) -> None:
    expected = [cal.add_workdays(d, n) for d in days]
    assert cal.add_workdays_many(days, n) == expected
    got = cal.add_workdays_many(_arr(days), n)
    assert got.dtype == np.dtype("datetime64[D]")
    assert got.astype(object).tolist() == expected


@SOME
@given(pairs=st.lists(st.tuples(inner_dates(), workday_counts()), max_size=40))
def test_add_workdays_many_n_per_date(cal: WorkCalendar, pairs: list[tuple[date, int]]) -> None:
    days = [d for d, _ in pairs]
    ns = [n for _, n in pairs]
    expected = [cal.add_workdays(d, n) for d, n in pairs]
    assert cal.add_workdays_many(days, ns) == expected
    got = cal.add_workdays_many(_arr(days), np.array(ns, dtype=np.int64))
    assert got.astype(object).tolist() == expected


@SOME
@given(pairs=st.lists(st.tuples(official_dates(), official_dates()), max_size=40))
def test_workdays_between_many(cal: WorkCalendar, pairs: list[tuple[date, date]]) -> None:
    starts = [a for a, _ in pairs]
    ends = [b for _, b in pairs]
    expected = [cal.workdays_between(a, b) for a, b in pairs]
    assert cal.workdays_between_many(starts, ends) == expected
    got = cal.workdays_between_many(_arr(starts), _arr(ends))
    assert got.dtype == np.int64
    assert got.tolist() == expected


@settings(max_examples=150)
@given(d=edge_dates, n=st.integers(-80, 80), e=edge_dates, provisional=st.booleans())
def test_edges_answer_or_refuse_like_the_scalar_forms(
    cal: WorkCalendar, d: date, n: int, e: date, provisional: bool
) -> None:
    """Near and beyond the ends, each batch form answers (or refuses, naming the same year and
    day) exactly as its scalar form does."""
    one = _arr([d])
    assert _outcome(lambda: bool(cal.is_workday_many(one, provisional=provisional)[0])) == (
        _outcome(lambda: cal.is_workday(d, provisional=provisional))
    )
    assert _outcome(
        lambda: cal.add_workdays_many(one, n, provisional=provisional)[0].astype(object)
    ) == _outcome(lambda: cal.add_workdays(d, n, provisional=provisional))
    assert _outcome(
        lambda: int(cal.workdays_between_many(one, _arr([e]), provisional=provisional)[0])
    ) == _outcome(lambda: cal.workdays_between(d, e, provisional=provisional))
    assert _outcome(lambda: cal.add_workdays_many([d], n, provisional=provisional)) == _outcome(
        lambda: [cal.add_workdays(d, n, provisional=provisional)]
    )


def test_a_batch_with_one_unknown_day_refuses(cal: WorkCalendar) -> None:
    days = [D("2025-09-26"), D("2026-12-15"), D("2024-02-18")]
    with pytest.raises(CalendarNotPublished) as exc_info:
        cal.add_workdays_many(_arr(days), 20)
    assert exc_info.value.year == 2027
    with pytest.raises(CalendarNotPublished):
        cal.add_workdays_many(days, 20)
    with pytest.raises(CalendarNotPublished):
        cal.is_workday_many(_arr([D("2025-01-01"), D("2026-12-30")]))
    with pytest.raises(CalendarNotPublished):
        cal.workdays_between_many(_arr(days), _arr(days) + np.timedelta64(20, "D"))
    provisional = cal.add_workdays_many(_arr(days), 20, provisional=True)
    assert provisional.astype(object).tolist() == [
        cal.add_workdays(d, 20, provisional=True) for d in days
    ]


def test_two_dimensional_arrays_keep_their_shape_and_errors(cal: WorkCalendar) -> None:
    grid = np.array(
        [["2025-09-26", "2025-10-01"], ["2024-02-18", "2026-12-20"]], dtype="datetime64[D]"
    )
    assert cal.is_workday_many(grid).tolist() == [[True, False], [True, False]]
    added = cal.add_workdays_many(grid, 3)
    assert added.shape == (2, 2)
    assert added.astype(object).tolist() == [
        [D("2025-09-30"), D("2025-10-11")],
        [D("2024-02-21"), D("2026-12-23")],
    ]
    counts = cal.workdays_between_many(grid, grid + np.timedelta64(5, "D"))
    assert counts.shape == (2, 2)
    # an error in the last cell is the scalar error, not an IndexError from the flat position
    late = grid.copy()
    late[1, 1] = np.datetime64("2026-12-28")
    with pytest.raises(CalendarNotPublished) as exc_info:
        cal.add_workdays_many(late, 3)
    assert (exc_info.value.year, exc_info.value.day) == (2027, D("2026-12-29"))
    with pytest.raises(CalendarNotPublished) as exc_info:
        cal.workdays_between_many(grid, late + np.timedelta64(5, "D"))
    assert exc_info.value.year == 2027
    with pytest.raises(CalendarNotPublished):
        cal.is_workday_many(late + np.timedelta64(2, "D"))


def test_empty_spans_need_no_notice(cal: WorkCalendar) -> None:
    # adding zero working days, or counting over (a, a], depends on no day at all
    days = [D("2030-01-01"), D("2003-06-01"), D("2025-10-01")]
    assert cal.add_workdays_many(_arr(days), 0).astype(object).tolist() == days
    assert cal.add_workdays_many(days, 0) == days
    assert cal.workdays_between_many(_arr(days), _arr(days)).tolist() == [0, 0, 0]
    assert cal.workdays_between_many(days, days) == [0, 0, 0]


def test_datetime64_units_and_types(cal: WorkCalendar) -> None:
    # a datetime64 with a time of day is a naive Beijing time: its date counts
    moments = np.array(["2025-09-30T23:59:59", "2025-10-01T00:00:00"], dtype="datetime64[s]")
    assert cal.is_workday_many(moments).tolist() == [True, False]
    assert cal.add_workdays_many(moments, 1).astype(object).tolist() == [
        D("2025-10-09"),
        D("2025-10-09"),
    ]
    with pytest.raises(TypeError, match="datetime64"):
        cal.is_workday_many(np.array([20250926, 20251001]))
    empty = _arr([])
    assert cal.is_workday_many(empty).shape == (0,)
    assert cal.add_workdays_many(empty, 5).shape == (0,)
    assert cal.workdays_between_many(empty, empty).shape == (0,)
    assert cal.is_workday_many([]) == []


def test_broadcasting_a_start_against_many_ends(cal: WorkCalendar) -> None:
    start = np.datetime64("2025-09-26")
    ends = _arr([D("2025-09-26") + timedelta(days=k) for k in range(0, 40)])
    got = cal.workdays_between_many(np.full(ends.shape, start), ends)
    assert got.tolist() == [cal.workdays_between(D("2025-09-26"), e) for e in ends.astype(object)]
    assert got[ends.astype(object).tolist().index(D("2025-10-30"))] == 20


def test_mismatched_lengths_are_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match=r"shorter|longer"):
        cal.workdays_between_many([D("2025-01-01")], [D("2025-02-01"), D("2025-03-01")])
    with pytest.raises(ValueError, match=r"shorter|longer"):
        cal.add_workdays_many([D("2025-01-01")], [1, 2])
