"""Fixtures the Yudu plugin's tests share: the built-in calendar and a guarded default calendar."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar


@pytest.fixture(scope="session")
def cal() -> WorkCalendar:
    """The calendar of the built-in notices (a private instance, never the process default)."""
    return WorkCalendar.default()


@pytest.fixture
def restore_default_calendar() -> Iterator[WorkCalendar]:
    """Yield the process-wide default calendar and put it back afterwards (commands set it)."""
    saved = default_calendar()
    try:
        yield saved
    finally:
        set_default_calendar(saved)
