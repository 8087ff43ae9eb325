"""The monthly bulletin (`govflow report`) on the Yudu plan with the area plugins: numbers,
problems, escaping, self-contained HTML.  (Moved from the core's tests/test_bulletin.py.)

The records are a small, realistic September 2023 for the Yudu plan's 41 assessed units: posts
across the weeks of the month (the 中秋/国庆 break starts on 29 September), a few posts before
and after the month, 政务新媒体 accounts (one silent for three weeks), and messages replied on
time, late, or not at all.  Every figure the bulletin shows is compared with a count computed
here from the same rows, not from the engine.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar
from govflow.cli import main
from govflow.compliance.check import run_check
from govflow.compliance.rules import Status, TriggeredRule
from govflow.periods.core import Period, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Deadline, Evidence, Obligation
from govflow.plugins.manager import registry
from govflow.report.bulletin import (
    Bulletin,
    BulletinError,
    bulletin_check,
    month_bounds,
    parse_month,
)

SEPTEMBER = date(2023, 9, 1)
AS_OF = date(2023, 9, 30)
# The working days of September 2023 (29 September is 中秋节, 30 September a rest day of the
# 国庆 break); hard-coded here so that the test data do not come from the engine's calendar.
WORKDAYS = [
    date(2023, 9, d)
    for d in (1, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 25, 26, 27, 28)
]
WEEKS = [
    (date(2023, 8, 28) + timedelta(days=7 * k), date(2023, 9, 3) + timedelta(days=7 * k))
    for k in range(5)
]
LOW = {"县审计局": 3, "沙心乡": 12, "县商务局": 20, "禾丰镇": 31, "县司法局": 44, "车溪乡": 48}
NO_NEWS_WEEK = ("县民政局", WEEKS[3])  # only 通知公告 that week: below the weekly quota
SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="x'
POST_HEADER = ["网站或账号", "平台类型", "栏目", "单位", "发布时间", "标题", "是否原创"]
MESSAGE_HEADER = ["留言编号", "渠道", "承办单位", "收到时间", "是否简单问题", "答复时间"]


@pytest.fixture(autouse=True)
def _restore_default_calendar() -> Iterator[None]:
    saved = default_calendar()
    yield
    set_default_calendar(saved)


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded: Plan = registry().load_plan("yudu-2023")
    return loaded


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    cal: WorkCalendar = registry().calendar()
    return cal


@pytest.fixture(scope="module")
def assessed(plan: Plan) -> list[str]:
    return [u.name for u in plan.owner_units(plan.obligation("10.monthly-total"))]


def _post(
    site: str, platform: str, column: str, unit: str, when: datetime, title: str, original: bool
) -> list[str]:
    return [
        site,
        platform,
        column,
        unit,
        when.strftime("%Y-%m-%d %H:%M"),
        title,
        "是" if original else "否",
    ]


def make_posts(units: list[str]) -> list[list[str]]:
    """Posts of every unit: September on working days, and a few around the month."""
    rows: list[list[str]] = []
    for i, unit in enumerate(units):
        total = LOW.get(unit, 52 + i % 9)
        for k in range(total):
            day = WORKDAYS[k % len(WORKDAYS)]
            column = "工作动态" if k % 2 == 0 else "通知公告"
            if unit == NO_NEWS_WEEK[0] and NO_NEWS_WEEK[1][0] <= day <= NO_NEWS_WEEK[1][1]:
                column = "通知公告"
            when = datetime(2023, 9, day.day, 8 + k // len(WORKDAYS), 30)
            rows.append(
                _post(
                    "于都县人民政府网",
                    "网站",
                    column,
                    unit,
                    when,
                    f"{unit}{column}第{k + 1}条",
                    k % 4 == 0,
                )
            )
        if unit not in LOW:
            # the last days of August (the first week of the heat map) and the break
            for d in (date(2023, 8, 29), date(2023, 8, 31)):
                rows.append(
                    _post(
                        "于都县人民政府网",
                        "网站",
                        "工作动态",
                        unit,
                        datetime(d.year, d.month, d.day, 10),
                        f"{unit}八月动态",
                        False,
                    )
                )
            if i % 3 == 0:  # on duty over 中秋节
                rows.append(
                    _post(
                        "于都县人民政府网",
                        "网站",
                        "要闻",
                        unit,
                        datetime(2023, 9, 29, 11),
                        f"{unit}节日值守",
                        True,
                    )
                )
            # 1 October is in the last week of September but after the bulletin's moment
            rows.append(
                _post(
                    "于都县人民政府网",
                    "网站",
                    "工作动态",
                    unit,
                    datetime(2023, 10, 1, 9),
                    f"{unit}国庆动态",
                    False,
                )
            )
    accounts = [
        (
            "于都财政",
            "县财政局",
            [date(2023, 9, 1), date(2023, 9, 11), date(2023, 9, 21), date(2023, 9, 28)],
        ),
        ("贡江发布", "贡江镇", [date(2023, 8, 20), date(2023, 9, 4), date(2023, 9, 8)]),
        ("罗江乡微信", "罗江乡", [date(2023, 9, 5), date(2023, 9, 18)]),
    ]
    for site, unit, days in accounts:
        for n, d in enumerate(days):
            title = SCRIPT if site == "贡江发布" and n == len(days) - 1 else f"{site}推送{n + 1}"
            rows.append(
                _post(
                    site,
                    "政务新媒体",
                    "工作动态",
                    unit,
                    datetime(d.year, d.month, d.day, 18),
                    title,
                    True,
                )
            )
    return rows


# (id, unit, received, simple, replied)
MESSAGES: list[tuple[str, str, datetime, bool, datetime | None]] = [
    ("LY2023-0901", "县财政局", datetime(2023, 9, 4, 9), False, datetime(2023, 9, 8, 16)),
    ("LY2023-0902", "县人社局", datetime(2023, 9, 5, 10), False, datetime(2023, 9, 15, 11)),
    ("LY2023-0903", "贡江镇", datetime(2023, 9, 6, 15), True, None),
    ("LY2023-0904", "县卫健委", datetime(2023, 9, 26, 9), False, None),
    ("LY2023-0801", "县民政局", datetime(2023, 8, 10, 9), False, datetime(2023, 8, 30, 9)),
    ("LY2023-0802", "县民政局", datetime(2023, 8, 14, 9), False, None),
    (ATTR, "县司法局", datetime(2023, 9, 20, 14), True, datetime(2023, 9, 28, 10)),
    ("WZ|2023|0912", "梓山镇", datetime(2023, 9, 12, 8), False, None),
    ("LY2023-0905", "县教科体局", datetime(2023, 9, 28, 9), False, datetime(2023, 10, 5, 9)),
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, assessed: list[str]) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("records")
    posts = make_posts(assessed)
    messages = [
        [
            m,
            "县长信箱",
            unit,
            rec.strftime("%Y-%m-%d %H:%M"),
            "是" if simple else "否",
            rep.strftime("%Y-%m-%d %H:%M") if rep else "",
        ]
        for m, unit, rec, simple, rep in MESSAGES
    ]
    return {
        "posts": posts,
        "posts_file": write_csv(root / "发布信息.csv", POST_HEADER, posts, "utf-8-sig"),
        # government spreadsheets export GB18030
        "messages_file": write_csv(root / "网民留言.csv", MESSAGE_HEADER, messages, "gb18030"),
        "applications_file": write_csv(
            root / "依申请公开.csv",
            ["申请编号", "受理单位", "收到日期", "答复日期"],
            [["YSQ-2023-017", "县自然资源局", "2023-09-01", ""]],
            "utf-8",
        ),
    }


@pytest.fixture(scope="module")
def bulletin(plan: Plan, calendar: WorkCalendar, data: dict[str, Any]) -> Bulletin:
    files = [data["posts_file"], data["messages_file"], data["applications_file"]]
    # as the command does: the plan's rules and the plugins' own
    result = bulletin_check(
        plan, files, SEPTEMBER, calendar=calendar, extra_rules=registry().rules(plan)
    )
    assert result.as_of == AS_OF
    assert result.start == plan.issued
    assert not result.rejected
    return Bulletin.from_check(result, SEPTEMBER)


@pytest.fixture(scope="module")
def page(bulletin: Bulletin) -> str:
    return bulletin.to_html()


@pytest.fixture(scope="module")
def markdown(bulletin: Bulletin) -> str:
    return bulletin.to_markdown()


def _when(row: list[str]) -> datetime:
    return datetime.strptime(row[4], "%Y-%m-%d %H:%M")


# ---------------------------------------------------------------------------------------------
# Numbers


def test_posts_per_unit_and_total_match_the_rows(
    bulletin: Bulletin, data: dict[str, Any], assessed: list[str]
) -> None:
    month = [r for r in data["posts"] if _when(r).date().replace(day=1) == SEPTEMBER]
    expected = Counter(r[3] for r in month)
    original = Counter(r[3] for r in month if r[6] == "是")
    got = {p.unit: p.total for p in bulletin.units}
    assert [p.unit for p in bulletin.units] == assessed
    assert got == {u: expected.get(u, 0) for u in assessed}
    assert bulletin.total_posts == len(month)
    assert [q.rule for q in bulletin.other_quotas] == ["10.monthly-original"]
    assert {p.unit: p.quota_counts[0] for p in bulletin.units} == {
        u: original.get(u, 0) for u in assessed
    }
    assert all(p.assessed and p.weekly_assessed for p in bulletin.units)


def test_quotas_are_read_from_the_plan(bulletin: Bulletin, page: str) -> None:
    assert bulletin.monthly_quota is not None
    assert bulletin.weekly_quota is not None
    assert (bulletin.monthly_quota.rule, bulletin.monthly_quota.minimum) == ("10.monthly-total", 50)
    assert (bulletin.weekly_quota.rule, bulletin.weekly_quota.minimum) == ("10.weekly-updates", 2)
    assert "定额 50 条" in page


def test_weekly_counts_match_the_rows(bulletin: Bulletin, data: dict[str, Any]) -> None:
    assert list(bulletin.weeks) == WEEKS
    news: Counter[tuple[str, int]] = Counter()
    for r in data["posts"]:
        day = _when(r).date()
        if day > AS_OF or not any(k in r[2] for k in ("动态", "要闻", "新闻", "资讯")):
            continue
        for j, (lo, hi) in enumerate(WEEKS):
            if lo <= day <= hi:
                news[(r[3], j)] += 1
    for p in bulletin.units:
        assert list(p.weekly) == [news.get((p.unit, j), 0) for j in range(len(WEEKS))], p.unit
    assert bulletin.week_open(4)
    assert not bulletin.week_open(3)


def test_bottom_five_in_order(
    bulletin: Bulletin, data: dict[str, Any], assessed: list[str]
) -> None:
    month = Counter(r[3] for r in data["posts"] if _when(r).date().replace(day=1) == SEPTEMBER)
    ranked = sorted(assessed, key=lambda u: (month.get(u, 0), assessed.index(u)))
    assert [p.unit for p in bulletin.bottom] == ranked[:5]
    assert [p.unit for p in bulletin.bottom] == [
        "县审计局",
        "沙心乡",
        "县商务局",
        "禾丰镇",
        "县司法局",
    ]
    assert [p.total for p in bulletin.bottom] == [3, 12, 20, 31, 44]
    assert [bulletin.bottom_rank(p) for p in bulletin.bottom] == [(i, False) for i in range(1, 6)]
    assert bulletin.bottom_ties_left_out() == 0


def test_units_below_the_quotas(
    bulletin: Bulletin, data: dict[str, Any], assessed: list[str]
) -> None:
    month = Counter(r[3] for r in data["posts"] if _when(r).date().replace(day=1) == SEPTEMBER)
    below = {u for u in assessed if month.get(u, 0) < 50}
    monthly = {s.unit for s in bulletin.shortfalls if s.rule == "10.monthly-total"}
    assert monthly == below == set(LOW)
    for s in bulletin.shortfalls:
        assert s.action, s
        assert s.window[0] <= AS_OF
        assert s.window[1] >= SEPTEMBER
        assert s.actual < s.expected
    weekly = {(s.unit, s.window) for s in bulletin.shortfalls if s.rule == "10.weekly-updates"}
    assert (NO_NEWS_WEEK[0], NO_NEWS_WEEK[1]) in weekly
    # every assessed unit below two news items in a finished week is listed, and no other
    expected = {
        (p.unit, WEEKS[j])
        for p in bulletin.units
        for j, n in enumerate(p.weekly)
        if n < 2 and not bulletin.week_open(j)
    }
    finished = {(u, w) for u, w in weekly if w[1] <= AS_OF}
    assert finished == expected


def test_silent_account_listed(bulletin: Bulletin) -> None:
    """The accounts come from the findings of the installed look-back rule, not from a rule id
    the bulletin knows: the entity still stale at the moment, with its last post; and the
    stretches that ended within the month (check reports them too)."""
    # monitored one by one: three accounts, three columns of the website and the website itself
    assert bulletin.accounts_seen == 7
    running = [a for a in bulletin.accounts if a.ended is None]
    assert [a.site for a in running] == ["贡江发布"]
    ended = {(a.site, a.stale_since, a.ended) for a in bulletin.accounts if a.ended}
    assert ended == {
        ("罗江乡微信", date(2023, 7, 2), date(2023, 9, 4)),  # its first post is on 9-05
        ("贡江发布", date(2023, 9, 3), date(2023, 9, 3)),  # 8-20 … 9-04: 14 days on 9-03
        ("于都县人民政府网›要闻", date(2023, 7, 2), date(2023, 9, 28)),  # 要闻 on 9-29 only
    }
    account = running[0]
    assert account.title == "政务新媒体账号两周内须有更新（单项否决）"  # the rule's title
    assert account.units == ("贡江镇",)
    assert account.last_post == date(2023, 9, 8)
    assert account.silent_days == (AS_OF - date(2023, 9, 8)).days == 22
    assert account.last_title == SCRIPT
    assert account.action.startswith("立即更新贡江镇·贡江发布")  # the finding's action
    assert account.stale_since == date(2023, 9, 22)  # covered 9-08 … 9-21


def test_late_and_unreplied_messages_with_due_dates(
    bulletin: Bulletin, calendar: WorkCalendar
) -> None:
    assert {c.kind for c in bulletin.cases} <= {"message", "application"}
    by_id = {c.case: c for c in bulletin.cases if c.kind == "message"}
    listed = {"LY2023-0902", "LY2023-0903", "LY2023-0904", "LY2023-0802", ATTR, "WZ|2023|0912"}
    assert set(by_id) == listed  # on time, late before September, not yet due: not listed
    for m, unit, received, simple, replied in MESSAGES:
        if m not in listed:
            continue
        case = by_id[m]
        due = compute_due(received, "3个工作日" if simple else "5个工作日", calendar=calendar).due
        assert case.due == due, m
        assert case.unit == unit
        assert case.kind == "message"
        assert case.kind_label == "网民留言"
        assert case.rule == ("18.simple-reply" if simple else "18.message-reply")
        assert case.action
        if case.status is Status.VIOLATED:
            end = replied.date() if replied else AS_OF
            assert case.done == (replied.date() if replied else None)
            assert case.overdue_days == (end - due).days > 0
    assert by_id["LY2023-0904"].status is Status.AT_RISK
    assert by_id["LY2023-0904"].due == date(2023, 10, 9)  # over the 国庆 break
    assert by_id["LY2023-0902"].state == "逾期办结（2023-09-15）"
    assert by_id["LY2023-0802"].state == "超期未办结"
    # overdue first (unreplied before answered late), then at risk
    assert [c.status for c in bulletin.cases][-1] is Status.AT_RISK


def _application_rule(plan: Plan, rule_id: str, period: str, done: str) -> TriggeredRule:
    """A rule on applications as an area plugin would write it (without the plugin)."""
    ob = Obligation(
        rule_id,
        "依申请公开答复" if done == "replied" else "补正告知",
        Deadline(Period.parse(period), "收到申请"),
        Citation("《中华人民共和国政府信息公开条例》", "第三十三条、第三十条"),
        applies_to=("县政府各部门",),
        task="19",
        evidence=Evidence(
            "application",
            trigger="received",
            done=done,
            requires=() if done == "replied" else (done,),
        ),
    )
    return TriggeredRule(plan, ob)


def test_applications_are_listed_when_a_rule_reads_them(
    plan: Plan, calendar: WorkCalendar, tmp_path: Path
) -> None:
    rows = [
        ["YSQ-2023-017", "县自然资源局", "2023-09-01", "", ""],
        # 补正 notice late in August (reported then), reply late in September
        ["YSQ-2023-011", "县财政局", "2023-08-01", "2023-08-20", "2023-09-05"],
    ]
    path = write_csv(
        tmp_path / "依申请公开.csv",
        ["申请编号", "受理单位", "收到日期", "补正告知日期", "答复日期"],
        rows,
        "utf-8",
    )
    rules = [
        _application_rule(plan, "test.application-reply", "20个工作日", "replied"),
        _application_rule(plan, "test.correction-notice", "7个工作日", "correction_notice"),
    ]
    result = bulletin_check(plan, [path], SEPTEMBER, calendar=calendar, extra_rules=rules)
    b = Bulletin.from_check(result, SEPTEMBER)
    mine = [c for c in b.cases if c.rule.startswith("test.")]
    assert [(c.rule, c.case) for c in mine] == [
        ("test.application-reply", "YSQ-2023-011"),
        ("test.application-reply", "YSQ-2023-017"),
    ]
    late, open_case = mine
    assert late.due == compute_due(date(2023, 8, 1), "20个工作日", calendar=calendar).due
    assert late.done == date(2023, 9, 5)
    assert late.state == "逾期办结（2023-09-05）"
    assert late.overdue_days == (date(2023, 9, 5) - late.due).days
    assert (open_case.kind_label, open_case.unit) == ("依申请公开", "县自然资源局")
    assert open_case.due == compute_due(date(2023, 9, 1), "20个工作日", calendar=calendar).due
    assert open_case.due == date(2023, 10, 7)  # the 20th working day: a 国庆 make-up Saturday
    assert open_case.status is Status.AT_RISK  # one working day left on 30 September
    assert open_case.done is None
    # the late 补正 notice was completed in August: not this month's news
    notice = [f for f in result.findings if f.rule == "test.correction-notice"]
    assert [f.status for f in notice if f.case == "YSQ-2023-011"] == [Status.VIOLATED]
    assert not b.posts_given
    assert b.units == ()
    assert b.accounts == ()
    md = b.to_markdown()
    assert "未提供发布信息记录" in md
    assert "未提供网民留言记录" in md


def test_needs_the_tracker(plan: Plan, calendar: WorkCalendar, data: dict[str, Any]) -> None:
    plain = run_check(plan, [data["posts_file"]], calendar=calendar, as_of=AS_OF)
    with pytest.raises(ValueError, match="bulletin_check"):
        Bulletin.from_check(plain, SEPTEMBER)


def test_month_parsing_and_bounds(plan: Plan, calendar: WorkCalendar) -> None:
    assert parse_month("2023-09") == SEPTEMBER
    assert parse_month(" 2024-2 ") == date(2024, 2, 1)
    assert month_bounds(date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    for bad in ("2023-13", "2023-00", "2023/09", "202309", "九月", ""):
        with pytest.raises(BulletinError, match="YYYY-MM"):
            parse_month(bad)
    with pytest.raises(BulletinError, match="在方案 yudu-2023 印发（2023-06-18）之前"):
        bulletin_check(plan, [], date(2023, 5, 1), calendar=calendar)
    with pytest.raises(BulletinError, match="早于所报月份 2023-09"):
        bulletin_check(plan, [], SEPTEMBER, calendar=calendar, as_of=date(2023, 8, 31))


# ---------------------------------------------------------------------------------------------
# HTML and Markdown


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.classes: Counter[str] = Counter()
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "class":
                for c in (value or "").split():
                    self.classes[f"{tag}.{c}"] += 1
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    return p


def test_html_is_self_contained(page: str) -> None:
    assert page.startswith("<!doctype html>")
    assert '<meta name="viewport" content="width=device-width,initial-scale=1">' in page
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.IGNORECASE)
    assert "url(" not in page
    assert "@import" not in page
    assert "@font-face" not in page
    p = parse(page)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "image", "use"):
        assert p.tags[tag] == 0, tag
    for tag, name, value in p.attrs:
        assert name not in (
            "src",
            "srcset",
            "href",
            "xlink:href",
            "action",
            "formaction",
            "background",
            "poster",
        ), (tag, name, value)
        assert not name.startswith("on"), (tag, name, value)
    assert p.tags["style"] == 1
    assert p.tags["svg"] == 2
    assert p.classes["div.wrap"] >= 5  # tables scroll sideways on a phone
    assert "overflow-x:auto" in page
    assert "max-width" in page


def test_svg_bars_and_heat_map_cells(bulletin: Bulletin, page: str) -> None:
    p = parse(page)
    assert p.classes["rect.bar"] == len(bulletin.units) == 41
    assert p.classes["rect.cell"] == len(bulletin.units) * len(bulletin.weeks)
    assert p.classes["line.quota"] == 1
    bars = {(v) for t, n, v in p.attrs if t == "rect" and n == "data-count"}
    assert bars == {str(u.total) for u in bulletin.units}


def test_untrusted_text_appears_only_escaped(page: str, markdown: str) -> None:
    assert SCRIPT not in page
    assert ATTR not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot; onmouseover=&quot;x" in page
    p = parse(page)
    assert p.tags["script"] == 0
    assert all(name != "onmouseover" for _, name, _ in p.attrs)
    text = "".join(p.text)
    assert SCRIPT in text
    assert ATTR in text
    assert SCRIPT not in markdown
    assert r"\<script\>alert(1)\</script\>" in markdown


def test_markdown_tables_keep_their_columns(markdown: str, bulletin: Bulletin) -> None:
    section = markdown.split("## 九、")[1].split("## 十、", maxsplit=1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
    tables = section.count("| 单位 | 编号 |")
    assert tables == len({c.kind for c in bulletin.cases})
    assert len(rows) == 2 * tables + len(bulletin.cases)
    assert widths == {9}
    assert r"WZ\|2023\|0912" in section
    assert markdown.startswith("# 2023年9月政务公开工作通报\n")
    for heading in (
        "## 一、总体情况",
        "## 二、各单位存在的问题",
        "## 三、单项否决情况",
        "## 四、各单位信息发布情况",
        "## 五、发布量后五名",
        "## 六、每周动态信息更新情况",
        "## 七、未达到发布定额的单位",
        "## 八、账号、栏目等未更新情况",
        "### （二）政务新媒体账号两周内须有更新（单项否决）",
        "## 九、依申请公开和网民留言办理情况",
        "## 十、整改要求",
        "## 附一：拒收和搁置的记录",
        "## 附二：数据来源",
    ):
        assert heading in markdown


# ---------------------------------------------------------------------------------------------
# Command line


def _files(data: dict[str, Any]) -> list[str]:
    return [
        "--records",
        str(data["posts_file"]),
        "--records",
        str(data["messages_file"]),
        "--records",
        str(data["applications_file"]),
    ]


def test_cli_markdown_and_html(data: dict[str, Any], tmp_path: Path, bulletin: Bulletin) -> None:
    runner = CliRunner()
    md = runner.invoke(main, ["report", "--month", "2023-09", *_files(data)])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("# 2023年9月政务公开工作通报")
    assert f"本月发布信息：{bulletin.total_posts} 条" in md.stdout
    out = tmp_path / "bulletin.html"
    html_run = runner.invoke(
        main, ["report", "--month", "2023-09", "--format", "html", *_files(data), "-o", str(out)]
    )
    assert html_run.exit_code == 0, html_run.output
    page = out.read_text("utf-8")
    assert parse(page).classes["rect.bar"] == 41
    assert "贡江发布" in page
    early = runner.invoke(
        main, ["report", "--month", "2023-09", "--as-of", "2023-09-15", *_files(data)]
    )
    assert early.exit_code == 0, early.output
    assert "数据截至 2023-09-15（未到月末）" in early.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2023-13"], "YYYY-MM"),
        (["--month", "2023-09", "--as-of", "2023-08-31"], "早于所报月份"),
        (["--month", "2023-09", "--as-of", "2023-9-30"], "YYYY-MM-DD"),
        (["--month", "2023-04"], "印发（2023-06-18）之前"),
        (["--month", "2099-01"], "尚未开始"),
        (["--month", "2023-09", "--format", "pdf"], "pdf"),
    ],
)
def test_cli_bad_usage(data: dict[str, Any], args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["report", *args, *_files(data)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_cli_missing_file_and_calendar(tmp_path: Path, data: dict[str, Any]) -> None:
    missing = CliRunner().invoke(
        main, ["report", "--month", "2023-09", "--records", str(tmp_path / "无此文件.csv")]
    )
    assert missing.exit_code == 2
    assert "没有这个文件或目录" in missing.stderr
    # the last days of 2026 reach into 2027, whose holiday notice is not published
    late = CliRunner().invoke(
        main,
        [
            "report",
            "--month",
            "2026-12",
            "--as-of",
            "2026-12-31",
            "--records",
            str(data["posts_file"]),
        ],
    )
    assert late.exit_code == 3, late.output
    assert "2027" in late.stderr


def test_stale_entities_of_any_rule(
    plan: Plan, calendar: WorkCalendar, data: dict[str, Any]
) -> None:
    """A look-back rule the bulletin has never heard of (an id, a title, an area of its own;
    newmedia's look-back rule class, configured here) gets its own part of section 六, from its
    findings alone."""
    from govflow_newmedia.staleness import EntityStalenessRule, Lookback

    from govflow.plan.obligations import Severity

    rule = EntityStalenessRule(
        id="test.site-stale",
        title="网站7日内须有更新（测试）",
        area="test-area",
        source=Citation("测试", "第1条"),
        severity=Severity.VETO,
        lookback=Lookback(days=7),
        select=lambda values: str(values.get("site") or ""),
        fields=("site",),
        threshold="7日内须有更新",
        per_unit=True,
    )
    result = bulletin_check(
        plan, [data["posts_file"]], SEPTEMBER, calendar=calendar, extra_rules=[rule]
    )
    b = Bulletin.from_check(result, SEPTEMBER)
    # without the plugin rules only this rule watches entities, per unit and site: after 7 days
    # 贡江发布 (last post 9-08), 罗江乡微信 (9-18) and the website for the two units that stopped
    # posting early (县审计局 9-05, 沙心乡 9-18) are stale; 于都财政 (9-28) is not (the stretches
    # that ended within the month are listed too, as ended)
    still = [a for a in b.accounts if a.ended is None]
    assert [(a.site, a.units, a.last_post, a.silent_days) for a in still] == [
        ("于都县人民政府网", ("县审计局",), date(2023, 9, 5), 25),
        ("贡江发布", ("贡江镇",), date(2023, 9, 8), 22),
        ("于都县人民政府网", ("沙心乡",), date(2023, 9, 18), 12),
        ("罗江乡微信", ("罗江乡",), date(2023, 9, 18), 12),
    ]
    assert {a.rule for a in b.accounts} == {"test.site-stale"}
    assert b.accounts_seen == 4
    md = b.to_markdown()
    assert "### （一）网站7日内须有更新（测试）" in md
    assert re.search(
        r"\| 罗江乡微信 \| 罗江乡 \| [-0-9]+ 至 今 \| 仍未更新 \| 2023-09-18 \| 12 \|", md
    )
