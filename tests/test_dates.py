"""govflow.text.dates: what callers pass becomes a Beijing calendar date (or a loud error)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.text.dates import BEIJING, as_date, as_datetime, parse_iso_date
from strategies import aware_datetimes


def test_aware_datetime_is_converted_to_beijing() -> None:
    assert as_date(datetime(2025, 9, 30, 20, 0, tzinfo=UTC)) == date(2025, 10, 1)
    assert as_date(datetime(2025, 9, 30, 15, 59, tzinfo=UTC)) == date(2025, 9, 30)
    assert as_date(datetime(2025, 9, 30, 16, 0, tzinfo=UTC)) == date(2025, 10, 1)
    new_york = timezone(timedelta(hours=-4))
    assert as_date(datetime(2025, 9, 30, 12, 0, tzinfo=new_york)) == date(2025, 10, 1)
    assert as_date(datetime(2025, 10, 1, 0, 30, tzinfo=BEIJING)) == date(2025, 10, 1)


def test_naive_datetime_is_read_as_beijing_time() -> None:
    assert as_date(datetime(2025, 9, 30, 20, 0)) == date(2025, 9, 30)
    assert as_date(datetime(2025, 9, 30, 23, 59, 59)) == date(2025, 9, 30)


def test_dates_and_iso_strings() -> None:
    d = date(2025, 9, 26)
    assert as_date(d) is d
    assert as_date("2025-09-26") == d
    assert as_date(" 2025-09-26\n") == d
    assert parse_iso_date("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "value", [1759262400, 1759262400.0, True, None, [2025, 9, 26], b"2025-09-26"]
)
def test_other_types_are_refused(value: object) -> None:
    with pytest.raises(TypeError, match="start") as exc_info:
        as_date(value, field="start")
    assert type(value).__name__ in str(exc_info.value)


@pytest.mark.parametrize(
    "text",
    [
        "2025/09/26",
        "2025-9-26",
        "26-09-2025",
        "2025-02-29",
        "2025-13-01",
        "20250926",
        "2025-W39-5",  # an ISO week date: not the YYYY-MM-DD the docs promise
        "20250926T0",
        "２０２５-09-26",
        "2025-09-26T08:00",
        "",
        "今天",
    ],
)
def test_bad_strings_name_the_field(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD") as exc_info:
        as_date(text, field="received")
    message = str(exc_info.value)
    assert message.startswith("received：")
    assert repr(text) in message


@settings(max_examples=200)
@given(aware_datetimes())
def test_aware_datetimes_take_the_beijing_date(moment: datetime) -> None:
    # independent arithmetic: shift the UTC instant by eight hours
    offset = moment.utcoffset()
    assert offset is not None
    utc_naive = moment.replace(tzinfo=None) - offset
    assert as_date(moment) == (utc_naive + timedelta(hours=8)).date()


@settings(max_examples=200)
@given(st.datetimes(min_value=datetime(2004, 1, 1), max_value=datetime(2026, 12, 28, 23, 59)))
def test_naive_datetimes_keep_their_date(moment: datetime) -> None:
    assert as_date(moment) == moment.date()
    assert as_date(moment.date().isoformat()) == moment.date()


def test_as_datetime() -> None:
    assert as_datetime("2023-05-01T09:30") == datetime(2023, 5, 1, 9, 30, tzinfo=BEIJING)
    assert as_datetime(datetime(2023, 5, 1, 1, 30, tzinfo=UTC)) == datetime(
        2023, 5, 1, 9, 30, tzinfo=BEIJING
    )
    assert as_datetime(datetime(2023, 5, 1, 1, 30)).utcoffset() == timedelta(hours=8)
    with pytest.raises(ValueError, match="没有时刻"):
        as_datetime("2023-05-01")
    with pytest.raises(TypeError, match="需要起算时刻"):
        as_datetime(date(2023, 5, 1))
    with pytest.raises(ValueError, match="at："):
        as_datetime("2023-05-01 9点半", field="at")
