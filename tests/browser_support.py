"""Debian's chromium, headless, driven through Selenium and the system chromedriver (nothing is
downloaded).  `.ci/run` installs chromium, chromium-driver and fonts-noto-cjk and sets
``GOVFLOW_REQUIRE_BROWSER``, so that CI fails rather than skips without them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

__all__ = ["headless_chromium"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def headless_chromium() -> Iterator[Any]:
    """A headless Chromium WebDriver (for a pytest fixture to yield from); skips the test, or
    fails it in CI, when the browser is not installed."""
    if not (CHROMIUM and DRIVER):
        if os.environ.get("GOVFLOW_REQUIRE_BROWSER"):  # set by .ci/run, which installs them
            pytest.fail("CI 环境应已安装 chromium 和 chromium-driver（见 .ci/run）")
        pytest.skip(
            "未安装 chromium 和 chromium-driver（Debian：apt-get install chromium chromium-driver fonts-noto-cjk）"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
