"""govflow.importer.document and `govflow import`: the seed document, other counties, messy copies."""

from __future__ import annotations

import re
import tomllib
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from attrs import evolve

from govflow.importer.document import (
    DocumentError,
    ImportResult,
    PlanImportError,
    read_document,
)
from govflow.importer.phrases import PhrasePattern
from govflow.periods.core import Period
from govflow.plan.obligations import Deadline, Quota, Recurrence, RestDayRule, Window
from govflow.plan.units import UnitKind, load_directory
from importer_support import (  # noqa: F401 - fixtures are found by name
    DAYU,
    HEYUAN,
    SEED,
    _restore_default_calendar,
    dayu,
    heyuan,
    import_plan,
    needs_seed,
    run,
    signature,
    structure,
    timed,
)
from plans import read_plan

DATA = Path(__file__).parent / "data" / "plans"


# ---------------------------------------------------------------------------------------------
# The command


def test_cli_import_other_county_writes_its_unit_directory(tmp_path: Path) -> None:
    out = tmp_path / "dayu.toml"
    result = run("import", str(DAYU), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "未知单位" in result.stderr
    assert "已写入单位名录" in result.stderr
    units_file = tmp_path / "dayu.units.toml"
    assert tomllib.loads(out.read_text("utf-8"))["units"] == "dayu.units.toml"
    directory = load_directory(units_file)
    assert directory.unit("县融媒体中心").kind is UnitKind.INSTITUTION
    plan = read_plan(out)
    assert len(plan.tasks) == 9
    agenda = run("agenda", "--plan", str(out))
    assert agenda.exit_code == 0, agenda.output


def test_cli_import_stdout_without_directory_file_says_so() -> None:
    result = run("import", str(HEYUAN))
    assert result.exit_code == 0, result.output
    assert "请使用 -o" in result.stderr
    assert tomllib.loads(result.stdout)["units"] == "heyuan-2024.units.toml"


def test_cli_import_with_a_directory_file(tmp_path: Path, dayu: ImportResult) -> None:
    (tmp_path / "units").mkdir()
    units_file = tmp_path / "units" / "dayu-units.toml"
    units_file.write_text(dayu.directory_toml(), "utf-8")
    (tmp_path / "plans").mkdir()
    out = tmp_path / "plans" / "dayu.toml"
    result = run("import", str(DAYU), "-o", str(out), "--units", str(units_file))
    assert result.exit_code == 0, result.output
    assert tomllib.loads(out.read_text("utf-8"))["units"] == "../units/dayu-units.toml"
    assert not (tmp_path / "plans" / "dayu.units.toml").exists()
    assert "未知单位" not in result.stderr
    assert run("agenda", "--plan", str(out)).exit_code == 0


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 ...",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 doc",
        b"\x00\x01\x02\xff\xfe\x00garbage\x00",
    ],
)
def test_cli_unreadable_input_exits_2(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "plan.bin"
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "错误" in result.stderr


def test_cli_missing_file_and_no_plan_exit_2(tmp_path: Path) -> None:
    assert run("import", str(tmp_path / "nope.txt")).exit_code == 2
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要\n今天讨论了政务公开工作。", "utf-8")
    result = run("import", str(notes))
    assert result.exit_code == 2
    assert "未找到编号的任务" in result.stderr
    assert run("import", str(DAYU), "--year", "99").exit_code == 2
    assert run("import", str(DAYU), "--units", "nowhere").exit_code == 2


# ---------------------------------------------------------------------------------------------
# Other counties, same conventions


def test_dayu_imports_with_its_tasks_and_units(dayu: ImportResult) -> None:
    p = dayu.plan
    assert (p.id, p.title, p.number, p.issued, p.year, p.issuer) == (
        "dayu-2023",
        "大余县2023年政务公开工作实施方案",
        "余府办字〔2023〕9号",
        date(2023, 3, 26),
        2023,
        "大余县人民政府办公室",
    )
    assert [t.title for t in p.tasks] == [
        "做好稳经济政策公开",
        "深化营商环境信息公开",
        "推进财政预决算公开",
        "加强民生领域信息公开",
        "加强行政规范性文件管理",
        "加强政府网站和政务新媒体管理",
        "依法做好依申请公开",
        "优化政民互动",
        "推进基层政务公开",
    ]
    assert [s.id for s in p.sections] == ["一", "二", "二(一)", "二(二)", "二(三)", "三"]
    assert p.task(1).lead == ("县发展改革委", "县工信局")
    assert p.task(1).responsible == ("县政府各部门", "各乡(镇)人民政府")
    assert p.task(2).responsible == ("县发展改革委", "县财政局", "县税务局")
    assert p.task(8).lead == ("县政府办(县政务服务中心)",)
    assert [s.title for s in p.safeguards] == ["加强组织领导", "强化考核评估", "做好年度报告"]


def test_dayu_unknown_units_are_kept_and_listed(dayu: ImportResult) -> None:
    named = {n for t in dayu.plan.tasks for n in (*t.lead, *t.responsible)}
    assert "县政务服务中心" in dayu.unknown_units  # from 「县政府办(县政务服务中心)」
    for name in dayu.unknown_units:
        assert name in named or any(name in n for n in named)
        assert dayu.directory.lookup(name)
    listed = {r.text for r in dayu.review if r.kind == "unknown-unit"}
    assert listed == set(dayu.unknown_units)
    assert len(dayu.unknown_units) == 13
    assert any("不在名录中" in w for w in dayu.warnings)
    assert dayu.needs_directory_file
    assert dayu.directory.unit("县税务局").kind is UnitKind.STATIONED
    assert dayu.directory.unit("县政府办").kind is UnitKind.GOVERNMENT_OFFICE
    assert {u.name for u in dayu.directory.expand("县政府各部门")} >= {"县政府办", "县财政局"}


def test_dayu_obligations(dayu: ImportResult) -> None:
    plan = dayu.plan
    assert plan.obligation("1.deadline").rule == Deadline(Period.parse("3个工作日"), "政策出台")
    assert plan.obligation("3.deadline").rule == Deadline(Period.parse("20日"), "批复")
    assert plan.obligation("5.deadline-2").rule == Deadline(Period.parse("20个工作日"), "印发")
    assert plan.obligation("6.quota").rule == Quota(3, Window.WEEK, "post", {}, "每周至少更新3次")
    assert plan.obligation("4.recurrence").rule == Recurrence(
        "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1", "每年6月底前", RestDayRule.PRECEDING
    )
    hearing = plan.obligation("三(一).quota")
    assert set(hearing.applies_to) == {"各乡(镇)人民政府", "县政府各部门"}
    assert plan.obligation("三(二).recurrence").applies_to == ("县政府办",)
    # the plan's own 「次年1月31日前」: no second, inferred obligation
    assert [o.id for o in plan.safeguards[2].obligations] == ["三(三).deadline"]
    assert not any(r.kind == "implied" for r in dayu.review)
    assert signature(plan.obligation("9.deadline").rule, plan.issued) == (
        "deadline",
        "anchor",
        0,
        "2023-12-31",
    )
    assert plan.obligation("9.deadline").per.value == "village"
    assert plan.obligation("9.recurrence").per.value == "unit"


def test_dayu_plan_file_loads_with_its_directory(dayu: ImportResult, tmp_path: Path) -> None:
    (tmp_path / "dayu.units.toml").write_text(dayu.directory_toml(), "utf-8")
    (tmp_path / "dayu.toml").write_text(dayu.to_toml(units="dayu.units.toml"), "utf-8")
    loaded = read_plan(tmp_path / "dayu.toml")
    assert loaded.units_ref == "dayu.units.toml"
    assert evolve(loaded, units_ref="") == dayu.plan


def test_heyuan_web_copy_imports(heyuan: ImportResult) -> None:
    p = heyuan.plan
    assert (p.title, p.number, p.issued, p.issuer) == (
        "禾源县2024年政务公开工作要点",
        "禾府办发〔2024〕15号",
        date(2024, 3, 28),
        "禾源县人民政府办公室",
    )
    assert [t.number for t in p.tasks] == list(range(1, 9))
    assert p.task(3).responsible == ("县市场监管局", "县城管局")  # 3 and 4 ran together
    assert p.task(4).title == "加强信用信息公开"
    assert p.task(2).responsible == ("县政府各部门", "各乡(镇)人民政府")  # （牵头单位：…）
    assert p.task(6).responsible == ("禾源镇", "石门镇", "龙潭乡", "白鹭乡", "枫林街道")
    assert [s.id for s in p.safeguards] == ["(一)", "(二)"]
    assert not any("扫一扫" in s.text or "打印" in s.text for s in p.safeguards)


def test_heyuan_townships_are_guessed_and_grouped(heyuan: ImportResult) -> None:
    directory = heyuan.directory
    for town in ("禾源镇", "石门镇", "龙潭乡", "白鹭乡", "枫林街道"):
        assert directory.unit(town).kind is UnitKind.TOWNSHIP
    assert {u.name for u in directory.expand("各乡镇(街道)")} == {
        "禾源镇",
        "石门镇",
        "龙潭乡",
        "白鹭乡",
        "枫林街道",
    }
    assert directory.unit("县医保局").kind is UnitKind.DEPARTMENT


def test_heyuan_recovers_what_the_context_settles(heyuan: ImportResult) -> None:
    by_where = {c.where: c for c in heyuan.corrections}
    assert by_where["任务1"].corrected == "2024年6月底前"
    assert by_where["任务1"].certain
    assert by_where["任务7"].corrected == "2025年3月底前"
    assert not by_where["任务7"].certain
    assert by_where["任务8"].corrected == "110、119、120"
    assert {r.where for r in heyuan.review if r.kind == "recovered"} == {"任务7", "任务8"}
    assert signature(heyuan.plan.obligation("7.deadline-2").rule, heyuan.plan.issued) == (
        "deadline",
        "anchor",
        0,
        "2025-03-31",
    )
    lead = [r for r in heyuan.review if r.kind == "ambiguous"]
    assert [r.text for r in lead] == ["提前3天"]


# ---------------------------------------------------------------------------------------------
# Robustness: lost line breaks, full-width characters, web furniture


def _documents() -> list[Path]:
    return [p for p in (SEED, DAYU, HEYUAN) if p.exists()]


def _body_on_one_line(text: str) -> str:
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if re.match(r"\s*二、", line))
    last = max(i for i, line in enumerate(lines) if re.match(r"\s*[(（][一二三四五六]", line))
    return "\n".join([*lines[:first], "".join(lines[first : last + 1]), *lines[last + 1 :]])


_TO_FULL = str.maketrans("0123456789,:;()", "０１２３４５６７８９，：；（）")


def _full_width(text: str) -> str:
    lines = [("　　" + line.translate(_TO_FULL)) for line in text.split("\n")]
    return "\n".join(re.sub(r"^(\s*[一二三四五六]、)", r"\1　", line) for line in lines)


_FURNITURE_TOP = [
    "首页 > 政务公开 > 法定主动公开内容 > 政策文件",
    "关怀版 无障碍",
    "【字号：大 中 小】 【打印本页】 【关闭窗口】",
    "访问量：1024",
    "发布时间：2023-06-20 10:00 来源：县政府办",
]
_FURNITURE_BOTTOM = [
    "扫一扫在手机打开当前页",
    "上一篇：关于做好2023年度防汛工作的通知",
    "下一篇：无",
    "【打印本页】　【关闭窗口】",
]


def _with_furniture(text: str) -> str:
    lines = text.split("\n")
    return "\n".join([*_FURNITURE_TOP, *lines[:3], "浏览次数：88", *lines[3:], *_FURNITURE_BOTTOM])


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
@pytest.mark.parametrize(
    "mangle",
    [_body_on_one_line, _full_width, _with_furniture],
    ids=["lost-line-breaks", "full-width", "web-furniture"],
)
def test_messy_copies_import_the_same(path: Path, mangle: Any) -> None:
    text = path.read_text("utf-8")
    clean = import_plan(text, source=path.name)
    messy = import_plan(mangle(text), source=path.name)
    assert structure(messy.plan) == structure(clean.plan)
    assert (messy.plan.number, messy.plan.issued, messy.plan.title) == (
        clean.plan.number,
        clean.plan.issued,
        clean.plan.title,
    )
    assert messy.unknown_units == clean.unknown_units


# ---------------------------------------------------------------------------------------------
# Reading documents


def _docx(path: Path, lines: list[str]) -> None:
    paragraphs = []
    for i, line in enumerate(lines):
        half = len(line) // 2 if i % 2 else len(line)  # some paragraphs in two runs
        runs = "".join(
            f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
            for part in (line[:half], line[half:])
            if part
        )
        paragraphs.append(f"<w:p>{runs}</w:p>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>索引号:</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>001/2023-00009</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        f"{''.join(paragraphs)}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"/>',
        )
        zf.writestr("word/document.xml", xml)


def test_docx_reads_like_text(tmp_path: Path, dayu: ImportResult) -> None:
    path = tmp_path / "dayu-2023.docx"
    _docx(path, DAYU.read_text("utf-8").split("\n"))
    result = import_plan(read_document(path), source=path.name)
    assert structure(result.plan) == structure(dayu.plan)
    assert result.plan.id == "dayu-2023"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_text_encodings(tmp_path: Path, dayu: ImportResult, encoding: str) -> None:
    path = tmp_path / "dayu-2023.txt"
    path.write_bytes(DAYU.read_text("utf-8").encode(encoding))
    assert structure(import_plan(read_document(path)).plan) == structure(dayu.plan)


def test_unreadable_documents(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="无法读取"):
        read_document(tmp_path / "missing.txt")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError, match="docx"):
        read_document(broken)
    with pytest.raises(PlanImportError):
        import_plan("一段没有任务的文字。")


# ---------------------------------------------------------------------------------------------
# Options


def test_year_option_overrides_the_title(dayu: ImportResult) -> None:
    result = import_plan(DAYU.read_text("utf-8"), year=2024, source=DAYU.name)
    assert result.plan.year == 2024
    assert any("--year" in w for w in result.warnings)


def test_extra_patterns_reach_the_obligations() -> None:
    xun = PhrasePattern(
        "county.xun",
        r"每旬",
        lambda m: Recurrence("FREQ=MONTHLY;BYMONTHDAY=10,20,-1", m.group(0), RestDayRule.PRECEDING),
    )
    text = DAYU.read_text("utf-8").replace("每季度更新一次", "每旬更新")
    plain = import_plan(text)
    assert "2.recurrence" not in {o.id for o in plain.plan.obligations()}
    result = import_plan(text, extra_patterns=[xun])
    assert result.plan.obligation("2.recurrence").rule.rrule == (  # type: ignore[union-attr]
        "FREQ=MONTHLY;BYMONTHDAY=10,20,-1"
    )


# -- areas ------------------------------------------------------------------------------------


def test_classify_area_weighs_headings_over_passing_mentions() -> None:
    from govflow.importer.document import classify_area
    from govflow.plan.obligations import Area

    areas = [
        Area("finance", "财政", keywords=("预算", "财政")),
        Area("newmedia", "网站", keywords=("网站",)),
    ]
    # a finance heading wins over two mentions of 网站 in the body
    assert classify_area(areas, "深化财政信息公开", "", "在网站公开，网站专栏") == "finance"
    assert classify_area(areas, "", "", "在网站公开") == "newmedia"
    assert classify_area(areas, "总体要求", "加强组织领导", "强化考核") == ""
