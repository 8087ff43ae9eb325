"""The 通报 as the office sends it: a Word document in 公文 style (GB/T 9704-2012), and the HTML
page in a real headless Chromium at desktop and phone widths, on the demo data.

The browser test drives Debian's chromium through Selenium and the system chromedriver (nothing
is downloaded); `.ci/run` installs chromium, chromium-driver and fonts-noto-cjk.  Outside CI (no
``GOVFLOW_REQUIRE_BROWSER``) it is skipped when they are absent.  Screenshots go to ``$GOVFLOW_SCREENSHOTS`` (default: the
test's temporary directory).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from browser_support import headless_chromium
from govflow.cli import main

MM = 36000  # EMUs per millimetre


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("demo")
    run = CliRunner().invoke(main, ["demo-data", "--out", str(out), "--scale", "0"])
    assert run.exit_code == 0, run.output
    args = ["--plan", "yudu-2023"]
    for name in ("posts", "applications", "messages", "events", "disclosures"):
        args += ["--records", str(out / f"{name}.csv")]
    return args


@pytest.fixture(scope="module")
def docx_file(demo: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "通报.docx"
    run = CliRunner().invoke(
        main, ["report", "--month", "2023-10", *demo, "--format", "docx", "-o", str(path)]
    )
    assert run.exit_code == 0, run.output
    return path


def _east_asia(run: object) -> str | None:
    from docx.oxml.ns import qn

    rpr = run._element.rPr  # type: ignore[attr-defined]
    if rpr is None or rpr.rFonts is None:
        return None
    value: str | None = rpr.rFonts.get(qn("w:eastAsia"))
    return value


def test_docx_in_official_style(docx_file: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(docx_file))
    section = doc.sections[0]

    # A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (GB/T 9704-2012 §5.2.1)
    def mm(length: int | None) -> float:
        assert length is not None
        return round(length / MM, 1)

    width, height = mm(section.page_width), mm(section.page_height)
    top, bottom = mm(section.top_margin), mm(section.bottom_margin)
    left, right = mm(section.left_margin), mm(section.right_margin)
    assert (width, height, top, left) == (210, 297, 37, 28)
    assert (round(width - left - right), round(height - top - bottom)) == (156, 225)
    first = doc.paragraphs[0]
    assert first.text == "2023年10月政务公开工作通报"
    assert _east_asia(first.runs[0]) == "方正小标宋简体"
    assert mm(first.runs[0].font.size) == round(22 * 25.4 / 72, 1)  # 2号: 22 pt
    body = next(p for p in doc.paragraphs if p.text.startswith("根据《"))
    assert {_east_asia(r) for r in body.runs} == {"仿宋_GB2312"}
    assert mm(body.runs[0].font.size) == round(16 * 25.4 / 72, 1)  # 3号: 16 pt
    h1 = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert _east_asia(h1.runs[0]) == "黑体"
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    # tables: the problems by unit first, the 单项否决 next
    heads = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert heads[0][:6] == ["序号", "单位", "事项", "对象", "期间或期限", "情况"]
    veto = doc.tables[1]
    assert [c.text for c in veto.rows[1].cells][:3] == [
        "县市场监督管理局",
        "政务新媒体账号两周内须有更新（单项否决）",
        "于都市场监管（微信公众号）",
    ]
    cell_run = doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert _east_asia(cell_run) == "仿宋_GB2312"
    # page numbers 「— n —」: a PAGE field between dashes, odd pages right and even pages left
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "w:fldChar" in xml
        assert "PAGE" in xml
        assert footer.paragraphs[0].text.startswith("— ")
        assert footer.paragraphs[0].text.endswith(" —")
    # the issue date closes it
    assert doc.paragraphs[-1].text == "2023年11月1日"


def test_docx_needs_the_office_extra(
    demo: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    out = tmp_path / "x.docx"
    run = CliRunner().invoke(
        main, ["report", "--month", "2023-10", *demo, "--format", "docx", "-o", str(out)]
    )
    assert run.exit_code == 2
    assert "错误：缺少可选依赖：生成 Word 文档（--format docx）需要 python-docx" in run.output
    assert "govflow[office]" in run.output
    assert "Traceback" not in run.output
    assert not out.exists()
    run = CliRunner().invoke(main, ["report", "--month", "2023-10", *demo, "--format", "docx"])
    assert run.exit_code == 2
    assert "--format docx 须用 -o 指定写入的文件" in run.output


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from headless_chromium()


def _viewport(driver: object, width: int, mobile: bool) -> None:
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile},
    )


def _fonts_of(driver: object, selector: str) -> set[str]:
    """The platform fonts Chromium used to draw the text of *selector* (not what CSS asked)."""
    root = driver.execute_cdp_cmd("DOM.getDocument", {})  # type: ignore[attr-defined]
    node = driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector}
    )
    driver.execute_cdp_cmd("CSS.enable", {})  # type: ignore[attr-defined]
    used = driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]}
    )
    return {f["familyName"] for f in used["fonts"]}


def test_html_in_chromium_desktop_and_phone(
    browser: object, demo: list[str], tmp_path: Path
) -> None:
    page = tmp_path / "通报.html"
    run = CliRunner().invoke(
        main, ["report", "--month", "2023-10", *demo, "--format", "html", "-o", str(page)]
    )
    assert run.exit_code == 0, run.output
    shots = Path(os.environ.get("GOVFLOW_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    driver = browser
    for width, mobile in ((1280, False), (390, True)):
        _viewport(driver, width, mobile)
        driver.get(page.as_uri())  # type: ignore[attr-defined]
        inner, scroll = driver.execute_script(  # type: ignore[attr-defined]
            "return [window.innerWidth, document.documentElement.scrollWidth]"
        )
        assert inner == width
        assert scroll <= width, f"{width} px：页面横向溢出 {scroll} px"
        # the CJK font of the stack draws the title and the table cells
        assert any("CJK" in f for f in _fonts_of(driver, "h1")), _fonts_of(driver, "h1")
        assert any("CJK" in f for f in _fonts_of(driver, "td")), _fonts_of(driver, "td")
        family = driver.execute_script(  # type: ignore[attr-defined]
            "return getComputedStyle(document.body).fontFamily"
        )
        assert family.startswith('"Noto Sans CJK SC"')
        # the first screen as the reader sees it, then the whole page
        driver.save_screenshot(str(shots / f"bulletin-2023-10-{width}px-top.png"))  # type: ignore[attr-defined]
        height = driver.execute_script(  # type: ignore[attr-defined]
            "return document.documentElement.scrollHeight"
        )
        driver.execute_cdp_cmd(  # type: ignore[attr-defined]
            "Emulation.setDeviceMetricsOverride",
            {
                "width": width,
                "height": min(height, 16000),
                "deviceScaleFactor": 1,
                "mobile": mobile,
            },
        )
        out = shots / f"bulletin-2023-10-{width}px.png"
        driver.save_screenshot(str(out))  # type: ignore[attr-defined]
        assert out.stat().st_size > 10_000
