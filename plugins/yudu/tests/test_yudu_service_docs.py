"""Every curl example of docs/service.md, run in order against a real ``govflow serve`` on a new
store, prints what the page says it prints (service_docs.py runs them).  Needs curl and jq;
``.ci/run`` installs them and sets ``GOVFLOW_REQUIRE_CURL``, so CI fails rather than skips."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from service_docs import PAGE, examples, matches, run_examples


def test_the_page_has_examples_of_every_endpoint_family() -> None:
    commands = "\n".join(e.command for e in examples(PAGE.read_text("utf-8")))
    for path in ("/workdays/", "/due", "/cases", "/cases/YSQ-2023-0101/events",
                 "/cases/YSQ-2023-0101/log", "/remind", "/agenda", "/check", "/report"):  # fmt: skip
        assert f"/api/v1{path}" in commands, path


def test_the_curl_examples_print_what_the_page_says(tmp_path: Path) -> None:
    missing = [tool for tool in ("curl", "jq") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed"
        if os.environ.get("GOVFLOW_REQUIRE_CURL"):
            pytest.fail(message)
        pytest.skip(message)
    ran = run_examples(tmp_path)
    assert len(ran) >= 15
    wrong = [f"$ {e.command}\n--- documented\n{e.want}\n--- actual\n{got}" for e, got in ran
             if not matches(e.want, got)]  # fmt: skip
    assert not wrong, "\n\n".join(wrong)
