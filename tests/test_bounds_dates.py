"""Date arithmetic is bounded to the calendar's computable range (issue 9).

Dates outside ``FIRST_DAY`` .. ``LAST_DAY`` (given on the command line, read from a record cell,
or reached by counting a period) raise :class:`~govflow.text.dates.DateRangeError`: a Chinese
message naming the range, exit 2, never an ``OverflowError``.  A date inside the range but in a
year whose holiday notice is not published still raises ``CalendarNotPublished`` (exit 3).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from govflow import plugins
from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.cli import main
from govflow.compliance.values import _csv_datetime, _to_date, _to_datetime
from govflow.errors import InputError
from govflow.periods.core import compute_due
from govflow.plan.obligations import Window
from govflow.plan.schedule import windows
from govflow.text.dates import (
    FIRST_DAY,
    LAST_DAY,
    DateRangeError,
    as_datetime,
    parse_iso_date,
    shift_days,
    shift_months,
)
from plans import CeshiPlugin

RANGE = "日期超出可计算范围（0002-01-01 至 9998-12-31）"


@pytest.fixture(autouse=True)
def _builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    plugins.registry().pm.register(CeshiPlugin(), name="ceshi")  # the default plan: ceshi-2023
    yield
    plugins.reset()


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_range_error(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert RANGE in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def messages(tmp_path: Path) -> Path:
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ["留言编号", "承办单位", "留言时间", "答复时间"],
                ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10 17:00"],
            ]
        )
    return path


# ---------------------------------------------------------------------------------------------
# The command line: the reported inputs


@pytest.mark.parametrize(
    "args",
    [
        ("due", "2000-01-01", "3000000d"),
        ("due", "2000-01-01", "3000000d", "--provisional"),
        ("due", "9999-12-31T20:00", "24h"),
        ("due", "9998-12-31T20:00", "24h"),
        ("due", "9998-12-31", "3wd", "--provisional"),
        ("due", "9998-12-01", "3m", "--provisional"),
        ("due", "0001-01-01", "3d", "--provisional"),
        ("agenda", "--from", "0001-01-01"),
    ],
)
def test_due_and_agenda_out_of_range_exit_2(args: tuple[str, ...]) -> None:
    assert_range_error(cli(*args))


def test_check_as_of_out_of_range_exit_2(messages: Path) -> None:
    assert_range_error(cli("check", "--records", str(messages), "--as-of", "9999-12-31"))


def test_report_month_out_of_range_exit_2(messages: Path) -> None:
    assert_range_error(cli("report", "--records", str(messages), "--month", "9999-12"))


def test_inside_the_range_but_unpublished_is_still_exit_3() -> None:
    result = cli("due", "5000-01-01", "3wd")
    assert result.exit_code == 3, result.output
    assert "5000年节假日安排尚未发布" in result.output


def test_record_cells_out_of_range_are_rejected_rows(messages: Path) -> None:
    with messages.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ["M2", "县财政局", "9999-12-31T23:00Z", ""],
                ["M3", "县财政局", "0001-01-01T00:00+08:00", ""],
                ["M4", "县财政局", "9999-06-01 10:00", ""],
            ]
        )
    result = cli("check", "--records", str(messages), "--as-of", "2023-10-31")
    assert result.exit_code == 1, result.output
    for line, cell in (
        (3, "9999-12-31T23:00Z"),
        (4, "0001-01-01T00:00+08:00"),
        (5, "9999-06-01 10:00"),
    ):
        assert f"{messages}:{line}：received：{RANGE}，实际为 '{cell}'" in result.output
    assert "读取 4 行 = 评估 1 行 + 拒收 3 行" in result.output


# ---------------------------------------------------------------------------------------------
# The library


def test_converters_name_the_range() -> None:
    for convert in (_to_date, _to_datetime, _csv_datetime):
        for cell in ("9999-12-31T23:00Z", "9999-12-31 23:00", "0001-01-01T00:00+08:00"):
            with pytest.raises(ValueError, match="日期超出可计算范围"):
                convert(cell)
    assert _to_datetime("9998-12-31T15:59Z").date() == LAST_DAY


def test_aware_moment_past_datetime_max_is_a_range_error() -> None:
    with pytest.raises(DateRangeError, match="日期超出可计算范围"):
        as_datetime("9999-12-31T23:00-12:00")


def test_parse_iso_date_refuses_dates_outside_the_range() -> None:
    with pytest.raises(DateRangeError, match="--as-of：9999-12-31 日期超出可计算范围"):
        parse_iso_date("9999-12-31", field="--as-of")
    assert parse_iso_date("9998-12-31") == LAST_DAY


def test_range_error_is_an_input_error() -> None:
    assert issubclass(DateRangeError, InputError)
    assert DateRangeError.exit_code == 2


@given(
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    st.integers(min_value=-(10**8), max_value=10**8),
)
def test_shift_days_is_exact_or_refuses(day: date, n: int) -> None:
    ordinal = day.toordinal() + n
    if FIRST_DAY.toordinal() <= ordinal <= LAST_DAY.toordinal():
        assert shift_days(day, n) == date.fromordinal(ordinal)
    else:
        with pytest.raises(DateRangeError):
            shift_days(day, n)


@given(
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    st.integers(min_value=-(10**6), max_value=10**6),
)
def test_shift_months_is_exact_or_refuses(day: date, months: int) -> None:
    index = day.year * 12 + day.month - 1 + months
    if FIRST_DAY.year <= index // 12 <= LAST_DAY.year:
        assert shift_months(day, months) == (index // 12, index % 12 + 1)
    else:
        with pytest.raises(DateRangeError):
            shift_months(day, months)


@pytest.mark.parametrize(
    ("start", "period"),
    [
        (date(2000, 1, 1), "3000000d"),
        (date(9998, 12, 31), "3wd"),
        (date(9998, 12, 1), "2m"),
        (date(9998, 1, 1), "1年"),
        (date(2, 1, 3), "-3wd"),
        (datetime(9998, 12, 31, 20, 0), "24h"),
    ],
)
def test_compute_due_past_the_range_raises_range_error(start: date, period: str) -> None:
    with pytest.raises(InputError) as error:  # DateRangeError, or a period spelling refused
        compute_due(start, period, provisional=True)
    assert isinstance(error.value, DateRangeError) or period.startswith("-")


def test_unpublished_year_inside_the_range_keeps_not_published(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarNotPublished):
        compute_due(date(9000, 1, 1), "3wd", calendar=cal)


def test_row_whose_due_date_leaves_the_range_is_a_rejected_row(messages: Path) -> None:
    """The row's date is inside the range, its due date (5 working days on) is not: the row is
    rejected with the reason, the check goes on (it aborted with exit 2)."""
    with messages.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["M9", "县财政局", "9998-12-30 10:00", ""])
    result = cli("check", "--records", str(messages), "--as-of", "9998-12-31", "--provisional")
    assert result.exit_code == 1, result.output
    assert f"{messages}:3：received：自 9998-12-30 起第5个工作日：{RANGE}" in result.output
    assert "读取 2 行" in result.output


@pytest.mark.parametrize("window", list(Window))
def test_counting_windows_up_to_the_last_day(window: Window) -> None:
    """The window after the range's last one was computed (its end past year 9999): agenda
    --to 9998-12-31 said 'year 10000 is out of range'."""
    found = list(windows(window, date(9998, 10, 1), LAST_DAY))
    assert 0 <= (LAST_DAY - found[-1][1]).days < (7 if window is Window.WEEK else 1)
