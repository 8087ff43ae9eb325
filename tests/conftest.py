"""Shared fixtures: the built-in calendar, a clean default calendar, a valid 2027 notice."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar

# The first call on a calendar builds its tables (and, with provisional=True, the provisional
# ones): a few milliseconds that must not count against one example's deadline.
# ``ci`` (the default) keeps hypothesis's 100 examples per property; the fuzz suites (tests/fuzz)
# run a fraction of that each (fuzz_support.examples), so that together they stay within about
# a minute on two cores.  ``HYPOTHESIS_PROFILE=deep`` is for local campaigns: 50 times as many.
settings.register_profile("ci", deadline=None, max_examples=100)
settings.register_profile("deep", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def _empty_notice_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test sees the notices the developer installed (``govflow notices add``): an empty store.

    Set in ``os.environ`` so that subprocesses inherit it too.
    """
    saved = os.environ.get("GOVFLOW_NOTICES_DIR")
    os.environ["GOVFLOW_NOTICES_DIR"] = str(tmp_path_factory.mktemp("notice-store"))
    yield
    if saved is None:
        del os.environ["GOVFLOW_NOTICES_DIR"]
    else:
        os.environ["GOVFLOW_NOTICES_DIR"] = saved


@pytest.fixture(scope="session")
def cal() -> WorkCalendar:
    """The calendar of the built-in notices (a private instance, never the process default)."""
    return WorkCalendar.default()


@pytest.fixture
def restore_default_calendar() -> Iterator[WorkCalendar]:
    """Yield the process-wide default calendar and put it back afterwards (for ``use_notice``)."""
    saved = default_calendar()
    try:
        yield saved
    finally:
        set_default_calendar(saved)


@pytest.fixture
def notice_2027() -> dict[str, Any]:
    """A valid (invented, plausible) 2027 notice as the mapping a TOML or JSON file holds.

    No run of more than six working days (放假办法 第七条), so it parses without a warning.
    """
    return {
        "year": 2027,
        "number": "国办发明电〔2026〕99号",
        "date": "2026-11-10",
        "address": "https://www.gov.cn/zhengce/content/2027-notice-for-tests.htm",
        "breaks": [
            {"name": "元旦", "from": "2026-12-31", "to": "2027-01-02", "workdays": []},
            {
                "name": "春节",
                "from": "2027-02-05",
                "to": "2027-02-13",
                "workdays": ["2027-01-31"],
            },
            {
                "name": "国庆节",
                "from": "2027-10-01",
                "to": "2027-10-07",
                "workdays": ["2027-09-26", "2027-10-09"],
            },
        ],
    }
