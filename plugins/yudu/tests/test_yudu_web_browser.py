"""The office's web page in a real headless Chromium, served by a real ``govflow serve`` process
on a loopback port: a unit logs in with its token, opens a case from the board, records 批准延期
through the form and sees the reply deadline move; on a 390 × 844 phone screen the pages do not
scroll sideways and every control is large enough to tap.

The browser is Debian's chromium driven through Selenium and the system chromedriver (nothing is
downloaded); `.ci/run` installs chromium, chromium-driver and fonts-noto-cjk.  Outside CI (no
``GOVFLOW_REQUIRE_BROWSER``) the test is skipped when they are absent.  Screenshots go to
``$GOVFLOW_SCREENSHOTS`` (default: the test's temporary directory).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from browser_support import headless_chromium
from govflow.cli import main
from service_support import govflow_serve

REPLY = '[data-rule="response.application-reply"] .clock-due'
PHONE = (390, 844)


def run(*args: str) -> str:
    out = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return str(out.stdout)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from headless_chromium()


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict[str, str]]]:
    """``govflow serve`` on a free loopback port and a fresh store: two cases opened and a
    token issued through the command line.  The process is stopped at the end."""
    monkeypatch.delenv("GOVFLOW_DB", raising=False)
    db = str(tmp_path / "cases.sqlite3")
    for case_id, unit in (("YSQ-1", "县财政局"), ("YSQ-2", "县卫健委")):
        run("case", "open", case_id, "--kind", "application", "--unit", unit,
            "--received", "2023-09-20", "--field", "channel=网络", "--by", "张三",
            "--plan", "yudu-2023", "--db", db)  # fmt: skip
    finance = run("token", "create", "--unit", "县财政局", "--label", "财政局", "--db", db)
    secrets = {"finance": finance.strip()}
    args = ["--db", db, "--plan", "yudu-2023"]
    with govflow_serve(args, tmp_path / "serve.log") as (base, _):
        yield base, secrets


def _phone(driver: Any) -> None:
    width, height = PHONE
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )


def _fits_the_phone(driver: Any, page: str) -> None:
    """No sideways scrolling, and every visible control at least 40 × 40 px."""
    inner, scroll = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert inner == PHONE[0]
    assert scroll <= inner, f"{page}：页面横向溢出 {scroll} px"
    small = driver.execute_script(
        """
        const out = [];
        for (const el of document.querySelectorAll('a, button, input, select, textarea, summary')) {
            const r = el.getBoundingClientRect();
            if (el.type === 'hidden' || r.width === 0 || r.height === 0) continue;
            if (r.width < 40 || r.height < 40) out.push(el.outerHTML.slice(0, 80) + ' ' +
                Math.round(r.width) + '×' + Math.round(r.height));
        }
        return out;
        """
    )
    assert small == [], f"{page}：过小的点按目标 {small}"


def _shot(driver: Any, folder: Path, name: str) -> None:
    """The first screen, then the whole page."""
    driver.save_screenshot(str(folder / f"web-{name}-{PHONE[0]}px-top.png"))
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE[0], "height": min(height, 16000), "deviceScaleFactor": 1, "mobile": True},
    )
    out = folder / f"web-{name}-{PHONE[0]}px.png"
    driver.save_screenshot(str(out))
    assert out.stat().st_size > 10_000
    _phone(driver)


def _click_to_next_page(driver: Any, element: Any) -> None:
    """Click *element* and wait until the page it leads to has loaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait = WebDriverWait(driver, 20)
    wait.until(lambda _: _left_the_page(old))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def _left_the_page(old: Any) -> bool:
    """Whether the element *old* is gone with its page (``staleness_of``, also when chromedriver
    answers that the node left the document while it looked, as it does mid-navigation)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        old.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def _fonts_of(driver: Any, selector: str) -> set[str]:
    """The platform fonts Chromium used to draw the text of *selector* (not what CSS asked)."""
    root = driver.execute_cdp_cmd("DOM.getDocument", {})
    node = driver.execute_cdp_cmd(
        "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector}
    )
    driver.execute_cdp_cmd("CSS.enable", {})
    used = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return {f["familyName"] for f in used["fonts"]}


def test_a_unit_records_an_extension_on_a_phone(
    browser: Any, server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base, secrets = server
    shots = Path(os.environ.get("GOVFLOW_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    driver = browser
    driver.delete_all_cookies()
    _phone(driver)

    # not logged in: the board sends the visitor to the login form
    driver.get(base + "/")
    assert driver.current_url == base + "/login"
    _fits_the_phone(driver, "登录")
    driver.find_element(By.ID, "token").send_keys(secrets["finance"])
    _click_to_next_page(driver, driver.find_element(By.CSS_SELECTOR, "form.card button"))
    assert driver.current_url == base + "/"
    assert "县财政局（财政局）" in driver.find_element(By.ID, "who").text
    cookie = next(c for c in driver.get_cookies() if c["name"] == "govflow_token")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert "govflow_token" not in driver.execute_script("return document.cookie")

    # the board: the unit's own case only, overdue today (received in 2023)
    cases = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "tr[data-case] a")]
    assert "YSQ-1" in cases
    assert "YSQ-2" not in cases  # another unit's
    assert any("CJK" in f for f in _fonts_of(driver, "h1")), _fonts_of(driver, "h1")
    _fits_the_phone(driver, "看板")
    _shot(driver, shots, "board")

    # the case page, opened from the board
    _click_to_next_page(
        driver, driver.find_element(By.CSS_SELECTOR, '#overdue [data-case="YSQ-1"] a')
    )
    assert driver.current_url == base + "/cases/YSQ-1"
    assert driver.find_element(By.CSS_SELECTOR, REPLY).text == "2023-10-24"
    _fits_the_phone(driver, "案件")

    # 批准延期 10 个工作日 on 2023-10-10, through the form
    Select(driver.find_element(By.ID, "event")).select_by_visible_text("批准延期")
    day = driver.find_element(By.ID, "date")
    driver.execute_script("arguments[0].value = '2023-10-10'", day)  # a locale-free date input
    driver.find_element(By.ID, "days").send_keys("10")
    driver.find_element(By.ID, "by").send_keys("李四")
    _click_to_next_page(driver, driver.find_element(By.ID, "submit-event"))
    page, _, seq = driver.current_url.partition("?recorded=")
    assert page == base + "/cases/YSQ-1"
    assert seq.isdigit()  # the event's number in the store
    assert "批准延期（2023-10-10）" in driver.find_element(By.ID, "notice").text
    assert driver.find_element(By.CSS_SELECTOR, REPLY).text == "2023-11-07"
    log = driver.find_element(By.ID, "log").text
    assert "李四（财政局）" in log
    _fits_the_phone(driver, "案件（登记后）")
    _shot(driver, shots, "case")

    # an extension over the cap is refused on the page, and nothing changes
    Select(driver.find_element(By.ID, "event")).select_by_visible_text("批准延期")
    driver.execute_script("arguments[0].value = '2023-10-12'", driver.find_element(By.ID, "date"))
    driver.find_element(By.ID, "days").send_keys("30")
    driver.find_element(By.ID, "supersedes").send_keys(seq)  # a correction of it
    _click_to_next_page(driver, driver.find_element(By.ID, "submit-event"))
    assert "超过上限 20 个工作日" in driver.find_element(By.ID, "error").text
    assert driver.find_element(By.CSS_SELECTOR, REPLY).text == "2023-11-07"
    _fits_the_phone(driver, "案件（拒绝登记）")

    # logging out ends the session
    _click_to_next_page(driver, driver.find_element(By.CSS_SELECTOR, "nav form button"))
    assert driver.current_url == base + "/login"
    driver.get(base + "/cases/YSQ-1")
    assert driver.current_url.startswith(base + "/login")
