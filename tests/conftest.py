"""Shared fixtures: the built-in calendar, a clean default calendar, a valid 2027 notice."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar
from notice_support import REST_OF_2027


def pytest_configure(config: pytest.Config) -> None:
    """The plugin cache of this session's processes lives in a directory of its own, not in the
    developer's cache (tests set GOVFLOW_CACHE_DIR themselves to test the cache)."""
    os.environ.setdefault("GOVFLOW_CACHE_DIR", tempfile.mkdtemp(prefix="govflow-test-cache-"))


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
            *REST_OF_2027,  # every statutory day of 2027 is a rest day (the law is checked)
        ],
    }


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh user notice store (GOVFLOW_NOTICES_DIR) per test, and a default calendar rebuilt
    from it and restored after."""
    from govflow.calendar.workcalendar import _DEFAULT

    directory = tmp_path / "store"
    monkeypatch.setenv("GOVFLOW_NOTICES_DIR", str(directory))
    saved = list(_DEFAULT)
    _DEFAULT.clear()
    yield directory
    _DEFAULT[:] = saved
