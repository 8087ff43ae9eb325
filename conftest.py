"""Settings for every test of the workspace (the core's tests/, plugins/*/tests, examples/):
hypothesis profiles, an empty notice store, and the database fixtures of tests/pg_support.py."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

# Registered here, once, rather than imported by each test module: a session fixture imported
# into several modules would be one fixture per module, and so one server per module.
# (tests/ is on sys.path: ``pythonpath`` in pyproject.toml.)
from pg_support import db_url, postgres_db_url, postgres_url  # noqa: F401 - found by name

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
