"""Synthetic records for the Yudu plan, with a known set of planted violations (``govflow demo-data``).

:func:`generate` writes, for the units of 《于都县2023年政务公开工作方案》 (于府办字〔2023〕32号), what a
county's 政务公开办 would export at the end of February of the next year: the records of the plan's
period, from its issue date (2023-06-18) to the end of the year, and the items due in January
after it (年度报告, 网站年度报表, the next year's 预算, replies to December's messages):

* ``posts.csv`` — tens of thousands of posts on 于都县人民政府网 (each unit's columns 工作动态,
  通知公告, 政策文件 …, the shared 于都要闻 on the homepage) and on a dozen 政务新媒体 accounts;
* ``applications.csv`` — about a hundred 依申请公开 cases (channels, 补正, consultations,
  extensions), written in GB18030 as government spreadsheets export;
* ``messages.csv`` — 问政 messages, simple or not, and their replies;
* ``events.csv`` — 开放活动, the weekly 自查, the monthly 通报, the weekly 汇总, 汇报听取;
* ``disclosures.csv`` — 预算/决算/预算调整/预算执行情况, 部门预算/部门决算, 三公经费, 收费目录清单,
  政策文件 and their 政策解读, 规范性文件清理, 涉农补贴 items, 补贴结果/村务公开/村级财务 per village,
  the 征地 notices with their posting ends, 民生 items, 年度报告, 网站年度报表;
* ``planted.json`` — every planted violation (rule, unit, entity or case, window, due date) and
  every planted rejected row (file, line, field).

Headers are the records' Chinese labels; ``posts.csv``, ``events.csv`` and ``disclosures.csv``
are UTF-8 with a BOM (as Excel writes them), ``messages.csv`` plain UTF-8.

Everything not planted is compliant by construction: every due date is computed with govflow's
own calendar and periods (:func:`govflow.periods.core.compute_due` with the plan's obligations, and
:func:`govflow.plan.schedule.occurrence_dates` for the recurring duties), so that ``govflow check
--as-of 2024-02-29`` finds exactly the planted violations and rejects exactly the planted rows.
With ``plant=False`` nothing is planted and the same check finds nothing to report.

The villages (村) are fictional: the unit directory lists no villages, so each township gets four
invented names (:data:`VILLAGES`) to make the per-village duties (补贴结果, 村务公开, 村级财务)
meaningful.  They are not Yudu's real administrative villages.  Titles, document numbers,
accounts and people's messages are invented too.

Output is deterministic for a seed: the same seed and scale give byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from attrs import define, field, frozen
from dateutil.relativedelta import relativedelta

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.records import BUILTIN_KINDS
from govflow.compliance.rules import Finding
from govflow.errors import InputError
from govflow.periods.core import ClockEvent, Extension, Pause, Restart, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline, Obligation
from govflow.plan.schedule import occurrence_dates
from govflow.plan.units import UnitKind

__all__ = [
    "ACCOUNTS",
    "DEFAULT_SEED",
    "FILES",
    "PLAN_ID",
    "VILLAGES",
    "DemoData",
    "DemoError",
    "FindingKey",
    "PlantedRejection",
    "PlantedViolation",
    "check_date",
    "finding_key",
    "generate",
]

DEFAULT_SEED = 20230618
PLAN_ID = "yudu-2023"
PORTAL = "于都县人民政府网"
NEW_MEDIA = "政务新媒体"
WEBSITE = "网站"
ONE_DAY = timedelta(days=1)

#: The files written, in order: name, record kind, encoding, fields (columns, in order).
FILES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "posts.csv",
        "post",
        "utf-8-sig",
        ("site", "platform", "column", "unit", "time", "title", "original", "homepage"),
    ),
    (
        "applications.csv",
        "application",
        "gb18030",
        (
            "id",
            "unit",
            "received",
            "channel",
            "correction_notice",
            "corrected_received",
            "consult_start",
            "consult_end",
            "extension_approved",
            "extension_days",
            "replied",
            "delivery",
            "abandoned",
        ),
    ),
    (
        "messages.csv",
        "message",
        "utf-8",
        ("id", "channel", "unit", "received", "simple", "replied"),
    ),
    ("events.csv", "event", "utf-8-sig", ("id", "unit", "kind", "date", "title")),
    (
        "disclosures.csv",
        "disclosure",
        "utf-8-sig",
        ("id", "unit", "kind", "trigger", "published", "ends", "village", "title", "related"),
    ),
)

#: 政务新媒体 accounts: (account, owner unit, posts a day at scale 1).
ACCOUNTS: tuple[tuple[str, str, float], ...] = (
    ("于都发布（微信公众号）", "县融媒体中心", 3.0),
    ("于都发布（新浪微博）", "县融媒体中心", 4.0),
    ("于都政务（微信公众号）", "县政府办", 1.2),
    ("于都教育（微信公众号）", "县教科体局", 1.0),
    ("健康于都（微信公众号）", "县卫健委", 1.0),
    ("于都人社（微信公众号）", "县人社局", 0.8),
    ("于都市场监管（微信公众号）", "县市场监督管理局", 0.8),
    ("于都文旅（抖音号）", "县文广新旅局", 1.0),
    ("于都税务（微信公众号）", "县税务局", 0.7),
    ("贡江镇发布（微信公众号）", "贡江镇", 0.8),
    ("于都农业农村（微信公众号）", "县农业农村局", 0.7),
)

#: Fictional villages (村) of each township: invented names, not Yudu's administrative villages.
VILLAGES: dict[str, tuple[str, ...]] = {
    "贡江镇": ("城东村", "沙洲村", "水头村", "新屋村"),
    "铁山垅镇": ("矿山村", "杨梅村", "长岭村", "石门村"),
    "盘古山镇": ("古山村", "上坪村", "黄泥村", "垅口村"),
    "禾丰镇": ("禾田村", "丰收村", "塘背村", "岭下村"),
    "祁禄山镇": ("金鸡村", "祁山村", "高坑村", "车头村"),
    "梓山镇": ("潭头村", "梓溪村", "山峰村", "下坝村"),
    "银坑镇": ("银溪村", "平安村", "窑前村", "中和村"),
    "岭背镇": ("背岭村", "石禾村", "塘口村", "井边村"),
    "罗坳镇": ("大坪村", "罗田村", "坳下村", "新民村"),
    "罗江乡": ("江口村", "上营村", "梅子村", "留田村"),
    "小溪乡": ("溪口村", "大坑村", "竹园村", "松山村"),
    "利村乡": ("利民村", "南坑村", "红星村", "湖田村"),
    "新陂乡": ("陂下村", "新联村", "枫树村", "坪上村"),
    "靖石乡": ("石桥村", "靖安村", "岗头村", "田心村"),
    "黄麟乡": ("麟溪村", "黄坑村", "大塘村", "桥背村"),
    "沙心乡": ("沙坝村", "心田村", "高屋村", "安和村"),
    "宽田乡": ("宽坪村", "田背村", "龙泉村", "樟树村"),
    "葛坳乡": ("葛田村", "坳背村", "上洞村", "燕溪村"),
    "桥头乡": ("头坪村", "长坑村", "增坑村", "茶园村"),
    "马安乡": ("马安村", "石坑村", "上宅村", "大屋村"),
    "仙下乡": ("仙霞村", "下陂村", "观前村", "黄屋村"),
    "车溪乡": ("溪背村", "车田村", "坝脑村", "山岗村"),
    "段屋乡": ("段屋村", "寒信村", "朱坊村", "下径村"),
}

#: Topics for titles, by unit; townships share :data:`_TOWNSHIP_TOPICS`.
_TOPICS: dict[str, tuple[str, ...]] = {
    "县政府办": (
        "政务公开",
        "营商环境优化升级",
        "“五型”政府建设",
        "重点项目调度",
        "安全生产",
        "防汛救灾",
    ),
    "县发改委": ("重大项目建设", "价格监测", "粮食安全储备", "数字经济发展", "社会信用体系建设"),
    "县工信局": ("工业倍增升级", "中小企业纾困", "纺织服装产业", "智能制造", "工业互联网"),
    "县行政审批局": ("“一网通办”", "政务服务大厅", "“证照分离”改革", "帮代办服务", "“掌上办”"),
    "县商务局": ("消费券发放", "电子商务进农村", "外贸稳增长", "招商引资", "商贸流通"),
    "县财政局": ("预算绩效管理", "直达资金监管", "政府采购", "国有资产管理", "财会监督"),
    "县市场监督管理局": (
        "食品安全",
        "特种设备安全",
        "价格监督检查",
        "知识产权保护",
        "市场主体培育",
    ),
    "县人社局": ("稳岗扩岗", "职业技能培训", "社保待遇发放", "农民工工资支付", "高校毕业生就业"),
    "县审计局": ("审计整改", "经济责任审计", "专项资金审计", "审计项目计划"),
    "县教科体局": ("义务教育招生", "教师招聘", "校园安全", "学前教育", "全民健身"),
    "县卫健委": ("医疗服务", "疾病预防控制", "家庭医生签约", "爱国卫生运动", "基层医疗能力提升"),
    "县生态环境局": ("大气污染防治", "生态环境执法", "河湖长制", "环保督察整改", "固体废物管理"),
    "县民政局": ("社会救助", "养老服务", "婚姻登记", "殡葬改革", "社会组织管理"),
    "县自然资源局": ("国土空间规划", "耕地保护", "不动产登记", "地质灾害防治", "征地信息公开"),
    "县乡村振兴局": ("巩固拓展脱贫攻坚成果", "防返贫监测帮扶", "乡村振兴示范点建设", "帮扶车间"),
    "县文广新旅局": ("长征文化", "全民阅读", "文旅消费", "非遗保护传承", "公共文化服务"),
    "县司法局": ("法治政府建设", "普法宣传", "人民调解", "行政复议", "规范性文件审查"),
    "县农业农村局": ("富硒产业", "高标准农田建设", "秋冬种", "农产品质量安全", "动物防疫"),
    "县融媒体中心": ("于都新闻", "长征源头", "富硒于都", "时尚之都", "乡村振兴"),
}
_TOWNSHIP_TOPICS = (
    "农村人居环境整治",
    "防汛抗旱",
    "森林防火",
    "富硒蔬菜基地",
    "乡村振兴",
    "平安建设",
    "禁毒宣传",
    "医保征缴",
    "秸秆禁烧",
    "养老服务",
    "“干部夜访”",
    "耕地保护",
)
_NEWS = (
    "{u}召开{t}工作推进会",
    "{u}开展{t}专项行动",
    "{u}扎实推进{t}",
    "{u}部署{t}工作",
    "{u}：{t}取得新成效",
    "{u}举办{t}业务培训班",
    "{u}多措并举抓好{t}",
    "{u}召开{m}月份{t}调度会",
    "{u}深入开展{t}督导检查",
    "{u}全力做好{t}各项工作",
)
_NOTICES = (
    "关于{t}有关事项的通知",
    "关于开展{t}工作的通知",
    "{u}关于{t}情况的公示",
    "关于做好{t}工作的公告",
    "{u}{y}年{t}工作情况通报",
)
_POLICIES = (
    "{p}{t}实施方案",
    "关于印发《{p}{t}工作方案》的通知",
    "{p}{t}管理办法",
    "关于进一步加强{t}的若干措施",
)
_ACCOUNT_POSTS = (
    "{t}，这些政策要知道",
    "图说丨{t}",
    "【提醒】{t}最新通知",
    "{t}进行时",
    "政策速递丨{t}",
    "一图读懂{t}",
    "聚焦{t}丨今天，我们这样干",
)
_MESSAGE_CHANNELS = ("问政江西", "问政赣州", "省长建言", "县长信箱", "于都县人民政府网网络问政")
_APPLICATION_CHANNELS = (
    ("网络平台", 45),
    ("邮寄", 25),
    ("当面提交", 20),
    ("传真", 4),
    ("电子邮件", 6),
)
_DELIVERY = ("电子邮件", "邮寄", "当面领取", "网络平台")
_LIVELIHOOD = {
    "县教科体局": ("教育", ("义务教育招生政策", "公办学校划片范围", "民办学校招生计划")),
    "县卫健委": ("医疗卫生", ("公立医疗机构绩效考核结果", "传染病防控提示")),
    "县民政局": ("社会救助", ("城乡低保对象", "特困人员供养标准")),
    "县人社局": ("就业", ("公益性岗位招聘", "就业见习补贴")),
    "县生态环境局": ("生态环境", ("生态环境执法情况", "环境空气质量")),
    "县文广新旅局": ("公共文化", ("公共文化场馆开放", "全民阅读活动")),
    "县乡村振兴局": ("乡村振兴", ("衔接资金项目库", "帮扶车间认定")),
}


class DemoError(InputError):
    """The demo cannot be generated as asked (another year, a bad scale)."""

    label = "演示数据无法生成"


FindingKey = tuple[str, str, str | None, str | None, str | None, str | None, str | None]
"""(rule, unit, entity, case, window start, window end, due), dates in ISO form."""


def finding_key(finding: Finding) -> FindingKey:
    """The key a finding is compared on with the planted violations."""
    w = finding.window
    return (
        finding.rule,
        finding.unit,
        finding.entity,
        finding.case,
        w[0].isoformat() if w else None,
        w[1].isoformat() if w else None,
        finding.due.isoformat() if finding.due else None,
    )


@frozen
class PlantedViolation:
    """A violation the generator planted, as ``govflow check`` must report it."""

    rule: str
    unit: str
    due: date
    description: str
    window: tuple[date, date] | None = None
    entity: str | None = None
    case: str | None = None

    def key(self) -> FindingKey:
        w = self.window
        return (
            self.rule,
            self.unit,
            self.entity,
            self.case,
            w[0].isoformat() if w else None,
            w[1].isoformat() if w else None,
            self.due.isoformat(),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "unit": self.unit,
            "entity": self.entity,
            "case": self.case,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()]
            if self.window
            else None,
            "due": self.due.isoformat(),
            "description": self.description,
        }


@frozen
class PlantedRejection:
    """A row the generator planted that ``govflow check`` must reject."""

    file: str
    line: int
    field: str
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "description": self.description,
        }


@define
class DemoData:
    """What :func:`generate` wrote."""

    out: Path
    files: list[Path]
    rows: dict[str, int]
    violations: list[PlantedViolation]
    rejections: list[PlantedRejection]
    as_of: date
    seed: int
    scale: float

    @property
    def record_files(self) -> list[Path]:
        """The record files (CSV), for ``govflow check --records``."""
        return [p for p in self.files if p.suffix == ".csv"]


def check_date(year: int) -> date:
    """The moment the demo is meant to be checked at: the last day of February after *year*."""
    return date(year + 1, 3, 1) - ONE_DAY


# ---------------------------------------------------------------------------------------------
# The generator


@define(eq=False)
class _Ref:
    """A record number assigned once the rows are in date order (``fmt`` takes the number), so
    that 留言编号, 申请编号 and document numbers follow the calendar.  Planted violations and
    related rows hold the same object and read its final value."""

    fmt: str
    value: str = ""

    def __str__(self) -> str:
        return self.value


_Pending = tuple[str, str, date, str, tuple[date, date] | None, str | None, str | _Ref | None]
"""A planted violation before the record numbers are known (see :meth:`_Builder.violation`)."""


@define
class _Post:
    site: str
    platform: str
    column: str
    unit: str
    when: datetime
    title: str
    original: bool = False
    homepage: bool = False
    news: bool = False


@define
class _Builder:
    plan: Plan
    cal: WorkCalendar
    rng: random.Random
    scale: float
    plant: bool
    start: date = field(init=False)
    end: date = field(init=False)
    as_of: date = field(init=False)
    workdays: list[date] = field(init=False)
    posts: list[_Post] = field(factory=list)
    rows: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = field(factory=dict)
    violations: list[PlantedViolation] = field(factory=list)
    pending: list[_Pending] = field(factory=list)
    rejections: list[PlantedRejection] = field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.start = self.plan.issued
        self.end = date(self.plan.year, 12, 31)
        self.as_of = check_date(self.plan.year)
        self.workdays = list(self.cal.iter_workdays(self.start - timedelta(days=40), self.as_of))
        self.rows = {name: [] for name, _, _, _ in FILES}

    # -- helpers -----------------------------------------------------------------------------

    def units(self, obligation_id: str) -> list[str]:
        return [u.name for u in self.plan.owner_units(self.plan.obligation(obligation_id))]

    def ob(self, obligation_id: str) -> Obligation:
        return self.plan.obligation(obligation_id)

    def wd(self, a: date, b: date) -> list[date]:
        """The working days in [a, b]."""
        return self.workdays[bisect_left(self.workdays, a) : bisect_right(self.workdays, b)]

    def add_wd(self, d: date, n: int) -> date:
        """*n* working days after *d* (before it when negative; *d* itself not counted)."""
        if n >= 0:
            return self.cal.add_workdays(d, n)
        i = bisect_left(self.workdays, d)
        return self.workdays[i + n]

    def next_wd(self, d: date) -> date:
        """*d* if it is a working day, else the next one."""
        return d if self.cal.is_workday(d) else self.cal.next_workday(d)

    def due(self, obligation_id: str, start: date, events: Sequence[ClockEvent] = ()) -> date:
        """The due date govflow computes for *obligation_id*'s period from *start*."""
        rule = self.ob(obligation_id).rule
        assert isinstance(rule, Deadline)
        got = compute_due(start, rule.period, calendar=self.cal, events=events).due
        return got.date() if isinstance(got, datetime) else got

    def anchor(self, obligation_id: str) -> date:
        rule = self.ob(obligation_id).rule
        assert isinstance(rule, Deadline)
        assert rule.period.anchor is not None
        return rule.period.anchor.resolve(self.plan.issued)

    def occurrences(self, obligation_id: str) -> list[date]:
        """The due dates of a recurring duty in the plan's period, as the check computes them."""
        occ = occurrence_dates(self.ob(obligation_id), self.plan, self.start, self.end, self.cal)
        return [d for d, _, _, _ in occ]

    def pick(self, days: Sequence[date]) -> date:
        return days[self.rng.randrange(len(days))]

    def moment(self, d: date, lo: int = 8 * 60 + 30, hi: int = 17 * 60 + 50) -> datetime:
        m = self.rng.randint(lo, hi)
        return datetime.combine(d, time(m // 60, m % 60))

    @staticmethod
    def next_id(prefix: str) -> _Ref:
        return _Ref(prefix + "{:05d}")

    def topic(self, unit: str) -> str:
        return self.rng.choice(_TOPICS.get(unit, _TOWNSHIP_TOPICS))

    def place(self, unit: str) -> str:
        """How a unit's own policies begin: 于都县…, or the township's name."""
        return unit if self.plan.directory.unit(unit).kind is UnitKind.TOWNSHIP else "于都县"

    def display(self, unit: str) -> str:
        u = self.plan.directory.unit(unit)
        if u.kind is UnitKind.TOWNSHIP:
            return unit
        return u.full_name or unit

    def violation(
        self,
        rule: str,
        unit: str,
        due: date,
        description: str,
        *,
        window: tuple[date, date] | None = None,
        entity: str | None = None,
        case: str | _Ref | None = None,
    ) -> None:
        """Plant a violation; ``{id}`` in *description* stands for *case*'s final number."""
        self.pending.append((rule, unit, due, description, window, entity, case))

    def add_row(self, file: str, key: tuple[Any, ...], row: dict[str, Any]) -> None:
        self.rows[file].append((key, {k: v for k, v in row.items() if v is not None}))

    # -- posts ---------------------------------------------------------------------------------

    def post(
        self,
        unit: str,
        column: str,
        when: datetime,
        title: str,
        *,
        news: bool = False,
        homepage: bool = False,
        site: str = PORTAL,
        platform: str = WEBSITE,
    ) -> _Post:
        p = _Post(site, platform, column, unit, when, title, homepage=homepage, news=news)
        self.posts.append(p)
        return p

    def news_title(self, unit: str, d: date) -> str:
        return self.rng.choice(_NEWS).format(u=self.display(unit), t=self.topic(unit), m=d.month)

    def gen_posts(self) -> None:
        rng, s = self.rng, self.scale
        assessed = self.units("10.monthly-total")
        weeks = _weeks(self.start, self.end)
        months = _months(self.start, self.end)
        low_week = ("县审计局", date(2023, 8, 14))  # one 动态 that week
        low_total = ("沙心乡", date(2023, 11, 1))  # 42 posts that month
        low_original = ("县商务局", date(2023, 9, 1))  # 6 original posts that month
        stale_column = (
            "县文广新旅局",
            "县文广新旅局/文旅资讯",
            date(2023, 10, 9),
            date(2023, 11, 5),
        )  # no post in the column these days
        extra_news = {
            "县文广新旅局": "文旅资讯",
            "县教科体局": "教育资讯",
            "县卫健委": "健康资讯",
            "县农业农村局": "农业资讯",
            "贡江镇": "乡镇要闻",
        }
        self.gen_accounts()
        self.gen_headlines()
        for unit in assessed:
            primary = f"{unit}/工作动态"
            extra = f"{unit}/{extra_news[unit]}" if unit in extra_news else None
            for mon, sun in weeks:
                days = self.wd(max(mon, self.start), sun)
                n = 3 + round(rng.uniform(0, 6) * s)
                if self.plant and (unit, mon) == low_week:
                    n = 1
                if (
                    unit == low_total[0]
                    and mon <= _month_last(low_total[1])
                    and sun >= low_total[1]
                ):
                    n = 3
                for _ in range(n):
                    d = self.pick(days)
                    self.post(
                        unit,
                        primary,
                        self.moment(d),
                        self.news_title(unit, d),
                        news=True,
                        homepage=rng.random() < 0.03,
                    )
                if extra is None or (self.plant and (unit, mon) == low_week):
                    continue
                for _ in range(1 + (rng.random() < 0.5 * s)):
                    d = self.pick(days)
                    if (
                        self.plant
                        and unit == stale_column[0]
                        and stale_column[2] <= d <= stale_column[3]
                    ):
                        continue
                    self.post(unit, extra, self.moment(d), self.news_title(unit, d), news=True)
            self.fill_months(unit, months, low_total)
        self.set_originals(assessed, months, low_original)
        if self.plant:
            self.plant_post_findings(low_week, low_total, low_original, stale_column)

    def gen_accounts(self) -> None:
        """Posts of the 政务新媒体 accounts; each posts at least every third day."""
        silent = ("于都市场监管（微信公众号）", date(2023, 9, 27), date(2023, 10, 15))
        for account, unit, rate in ACCOUNTS:
            per_day = rate * (0.35 + 0.65 * min(self.scale, 2.0))
            last = self.start - ONE_DAY
            d = self.start
            while d <= self.end:
                quiet = self.plant and account == silent[0] and silent[1] <= d <= silent[2]
                n = 0 if quiet else _poisson(self.rng, per_day)
                if not quiet and n == 0 and (d - last).days >= 3:
                    n = 1
                for _ in range(n):
                    t = self.rng.choice(_ACCOUNT_POSTS).format(t=self.topic(unit))
                    self.post(
                        unit,
                        "",
                        self.moment(d, 7 * 60, 22 * 60),
                        t,
                        site=account,
                        platform=NEW_MEDIA,
                    )
                if n:
                    last = d
                d += ONE_DAY

    def gen_headlines(self) -> None:
        """于都要闻 on the portal's homepage: 县融媒体中心 and 县政府办, every working day."""
        d = self.start
        while d <= self.end:
            n = self.rng.randint(2, 4) if self.cal.is_workday(d) else int(self.rng.random() < 0.4)
            for _ in range(n):
                unit = "县政府办" if self.rng.random() < 0.4 else "县融媒体中心"
                t = self.rng.choice(_NEWS).format(u="于都县", t=self.topic(unit), m=d.month)
                self.post(unit, "于都要闻", self.moment(d), t, news=True, homepage=True)
            d += ONE_DAY

    def fill_months(
        self, unit: str, months: list[tuple[date, date]], low_total: tuple[str, date]
    ) -> None:
        """通知公告 and 政策文件 posts up to each month's total (at least one per column)."""
        rng = self.rng
        counts: dict[date, int] = defaultdict(int)
        for p in self.posts:
            if p.unit == unit:
                counts[p.when.date().replace(day=1)] += 1
        for first, last in months:
            days = self.wd(max(first, self.start), last)
            share = (last - max(first, self.start)).days / (last - first).days
            target = round((55 + rng.uniform(15, 75) * self.scale) * share)
            if self.plant and (unit, first) == low_total:
                target = 42
            have = counts[first]
            for k in range(max(2, target - have)):
                column = "政策文件" if k == 1 or (k > 1 and rng.random() < 0.25) else "通知公告"
                d = self.pick(days)
                template = _POLICIES if column == "政策文件" else _NOTICES
                title = rng.choice(template).format(
                    u=self.display(unit), p=self.place(unit), t=self.topic(unit), y=d.year
                )
                self.post(unit, f"{unit}/{column}", self.moment(d), title)

    def set_originals(
        self, assessed: list[str], months: list[tuple[date, date]], low_original: tuple[str, date]
    ) -> None:
        """Mark original posts: per assessed unit and month at least 12 (news first)."""
        rng = self.rng
        groups: dict[tuple[str, date], list[_Post]] = defaultdict(list)
        for p in self.posts:
            groups[(p.unit, p.when.date().replace(day=1))].append(p)
        judged = {m for m, _ in months if m >= self.start}
        units = set(assessed)
        for (unit, month), posts in sorted(groups.items()):
            if unit not in units or month not in judged:
                for p in posts:
                    p.original = rng.random() < 0.35
                continue
            want = max(12, round(len(posts) * rng.uniform(0.2, 0.45)))
            if self.plant and (unit, month) == low_original:
                want = 6
            news = [p for p in posts if p.news]
            other = [p for p in posts if not p.news]
            rng.shuffle(news)
            rng.shuffle(other)
            for k, p in enumerate(news + other):
                p.original = k < want

    def plant_post_findings(
        self,
        low_week: tuple[str, date],
        low_total: tuple[str, date],
        low_original: tuple[str, date],
        stale_column: tuple[str, str, date, date],
    ) -> None:
        unit, mon = low_week
        sun = mon + timedelta(days=6)
        self.violation(
            "10.weekly-updates",
            unit,
            sun,
            f"{unit}在{mon}至{sun}这一周只发布1条动态信息（每周至少2次）",
            window=(mon, sun),
        )
        unit, first = low_total
        last = _month_last(first)
        self.violation(
            "10.monthly-total",
            unit,
            last,
            f"{unit}{first.month}月信息总量42条（不低于50条）",
            window=(first, last),
        )
        unit, first = low_original
        last = _month_last(first)
        self.violation(
            "10.monthly-original",
            unit,
            last,
            f"{unit}{first.month}月原创信息6条（不低于10条）",
            window=(first, last),
        )
        unit, column, _, _ = stale_column
        entity = f"{PORTAL}›{column}"
        days = [p.when.date() for p in self.posts if p.site == PORTAL and p.column == column]
        self.plant_stale(
            "newmedia.news-column-stale",
            unit,
            entity,
            days,
            14,
            f"{entity}栏目（动态类）超过14日未更新",
        )
        account = "于都市场监管（微信公众号）"
        days = [p.when.date() for p in self.posts if p.site == account]
        self.plant_stale(
            "newmedia.account-stale",
            "县市场监督管理局",
            account,
            days,
            14,
            f"政务新媒体账号“{account}”国庆前后超过14日未更新",
        )

    def plant_stale(
        self, rule: str, unit: str, entity: str, days: Iterable[date], gap: int, what: str
    ) -> None:
        ordered = sorted(set(days))
        for a, b in pairwise(ordered):
            if (b - a).days > gap:
                lo, hi = a + timedelta(days=gap), b - ONE_DAY
                self.violation(
                    rule, unit, lo, f"{what}：{a}后至{b}才更新", window=(lo, hi), entity=entity
                )

    def write_posts(self) -> None:
        for p in self.posts:
            self.add_row(
                "posts.csv",
                (p.when,),
                {
                    "site": p.site,
                    "platform": p.platform,
                    "column": p.column,
                    "unit": p.unit,
                    "time": p.when,
                    "title": p.title,
                    "original": p.original,
                    "homepage": p.homepage,
                },
            )

    # -- events --------------------------------------------------------------------------------

    def gen_events(self) -> None:
        rng = self.rng
        # 每周一自查: every unit of task 11 on each occurrence (a few a working day earlier)
        missed_check = ("县司法局", date(2023, 11, 13))
        dues = self.occurrences("11.weekly-self-check")
        for unit in self.units("11.weekly-self-check"):
            for k, due in enumerate(dues):
                prev = dues[k - 1] if k else self.start - ONE_DAY
                if self.plant and (unit, due) == missed_check:
                    self.violation(
                        "11.weekly-self-check",
                        unit,
                        due,
                        f"{unit}缺少{due}（星期一）的政务新媒体自查记录",
                        window=(prev + ONE_DAY, due),
                    )
                    continue
                day = self.recurrence_day(prev, due)
                self.event(unit, "自查", day, f"{unit}政务新媒体第{k + 1}次周自查")
        # 每月一通报 (县政府办)
        missed_bulletin = date(2023, 8, 31)
        dues = self.occurrences("11.monthly-bulletin")
        for k, due in enumerate(dues):
            prev = dues[k - 1] if k else self.start - ONE_DAY
            if self.plant and due == missed_bulletin:
                self.violation(
                    "11.monthly-bulletin",
                    "县政府办",
                    due,
                    f"县政府办未开展{due.month}月政务新媒体通报",
                    window=(prev + ONE_DAY, due),
                )
                continue
            self.event(
                "县政府办",
                "通报",
                self.recurrence_day(prev, due, 3),
                f"关于{due.year}年{due.month}月全县政务新媒体检查情况的通报",
            )
        # 每周汇总1次 (县大数据中心)
        missed_summary = date(2023, 10, 8)
        dues = self.occurrences("19.weekly-summary")
        for k, due in enumerate(dues):
            prev = dues[k - 1] if k else self.start - ONE_DAY
            if self.plant and due == missed_summary:
                self.violation(
                    "19.weekly-summary",
                    "县大数据中心",
                    due,
                    f"县大数据中心缺少{due}（国庆调休上班日）到期的依申请公开周汇总",
                    window=(prev + ONE_DAY, due),
                )
                continue
            self.event(
                "县大数据中心",
                "汇总",
                self.recurrence_day(prev, due),
                f"政府网站依申请公开情况周汇总（截至{due.month}月{due.day}日）",
            )
        # 开放活动: every unit at least once in the year
        no_open_day = "县金融服务中心"
        days = self.wd(date(2023, 6, 26), date(2023, 12, 22))
        for unit in self.units("9.open-day"):
            if self.plant and unit == no_open_day:
                y0, y1 = date(self.plan.year, 1, 1), date(self.plan.year, 12, 31)
                self.violation(
                    "9.open-day",
                    unit,
                    y1,
                    f"{unit}{self.plan.year}年未举办政务开放活动",
                    window=(y0, y1),
                )
                continue
            for _ in range(1 + (rng.random() < 0.3)):
                self.event(
                    unit,
                    "开放活动",
                    self.pick(days),
                    rng.choice(
                        (
                            "“政府开放日”走进{u}",
                            "{u}举办政务开放日暨{t}座谈会",
                            "{u}邀请群众代表参与“{t}”开放活动",
                        )
                    ).format(u=self.display(unit), t=self.topic(unit)),
                )
        # 汇报听取: the head of every unit hears the report once a year
        no_hearing = "县民政局"
        for unit in self.units("三(一).annual-hearing"):
            if self.plant and unit == no_hearing:
                y0, y1 = date(self.plan.year, 1, 1), date(self.plan.year, 12, 31)
                self.violation(
                    "三(一).annual-hearing",
                    unit,
                    y1,
                    f"{unit}主要负责人{self.plan.year}年未听取政务公开工作汇报",
                    window=(y0, y1),
                )
                continue
            self.event(
                unit,
                "汇报听取",
                self.pick(days),
                f"{self.display(unit)}主要负责人听取政务公开工作情况汇报",
            )
        # a few other events, which no rule reads
        for d in self.wd(date(2023, 7, 1), date(2023, 12, 31))[::23]:
            self.event("县政府办", "培训", d, "全县政务公开业务培训会")

    def recurrence_day(self, prev: date, due: date, spread: int = 1) -> date:
        """A working day in (prev, due] for the record of a recurring duty: mostly the due
        date itself, sometimes one of the *spread* working days before it."""
        days = self.wd(prev + ONE_DAY, due)
        if not days:
            return due
        return (
            days[-1 - self.rng.randrange(min(spread + 1, len(days)))]
            if self.rng.random() < 0.3
            else days[-1]
        )

    def event(self, unit: str, kind: str, d: date, title: str) -> None:
        self.add_row(
            "events.csv",
            (d, unit),
            {"id": self.next_id("SJ2023-"), "unit": unit, "kind": kind, "date": d, "title": title},
        )

    # -- messages ------------------------------------------------------------------------------

    def gen_messages(self) -> None:
        rng = self.rng
        units = self.units("18.message-reply")
        weights = [3 if self.plan.directory.unit(u).kind is UnitKind.TOWNSHIP else 2 for u in units]
        weights = [
            w
            * (
                3
                if u in ("县人社局", "县教科体局", "县自然资源局", "县市场监督管理局", "县卫健委")
                else 1
            )
            for u, w in zip(units, weights, strict=True)
        ]
        n = 260 + round(140 * self.scale)
        last = date(2023, 12, 29)
        span = (last - self.start).days
        for _ in range(n):
            d = self.start + timedelta(days=rng.randrange(span + 1))
            received = datetime.combine(
                d, time(rng.choice((7, 8, 9, 10, 11, 14, 15, 16, 19, 21, 22)), rng.randrange(60))
            )
            unit = rng.choices(units, weights)[0]
            simple = rng.random() < 0.3
            due = self.due("18.simple-reply" if simple else "18.message-reply", received.date())
            replied = self.reply_time(received, due)
            self.message(unit, received, simple, replied)
        if not self.plant:
            return
        # late across 国庆: received Wednesday 09-27, 5 working days run to 10-10
        received = datetime(2023, 9, 27, 10, 12)
        due = self.due("18.message-reply", received.date())
        mid = self.message(
            "县人社局", received, False, datetime.combine(self.add_wd(due, 1), time(9, 40))
        )
        self.violation(
            "18.message-reply",
            "县人社局",
            due,
            f"留言{{id}}（{received:%m-%d}收到，国庆假期前）于期限{due}后一个工作日才答复",
            case=mid,
        )
        # a simple question across 元旦: received 12-28, 3 working days run to 2024-01-03
        received = datetime(2023, 12, 28, 15, 5)
        due = self.due("18.simple-reply", received.date())
        mid = self.message(
            "县教科体局", received, True, datetime.combine(self.add_wd(due, 1), time(10, 20))
        )
        self.violation(
            "18.simple-reply",
            "县教科体局",
            due,
            f"简单问题留言{{id}}（元旦前收到）于期限{due}后才答复",
            case=mid,
        )
        # never answered: late for the plan and over the 3 months of the indicator
        received = datetime(2023, 10, 20, 9, 30)
        mid = self.message("盘古山镇", received, False, None)
        due = self.due("18.message-reply", received.date())
        self.violation("18.message-reply", "盘古山镇", due, "留言{id}至今未答复", case=mid)
        due3 = received.date() + relativedelta(months=3)
        self.violation(
            "newmedia.message-response",
            "盘古山镇",
            due3,
            "留言{id}超过3个月未回应（单项否决）",
            case=mid,
        )

    def reply_time(self, received: datetime, due: date) -> datetime:
        first = received.date()
        if not self.cal.is_workday(first) or received.hour >= 16:
            first = self.cal.next_workday(first)
        days = self.wd(first, due)
        d = days[min(int(self.rng.triangular(0, len(days), 0)), len(days) - 1)]
        lo = 8 * 60 + 30
        if d == received.date():
            lo = max(lo, received.hour * 60 + received.minute + 30)
        return self.moment(d, lo, max(lo, 17 * 60 + 30))

    def message(
        self, unit: str, received: datetime, simple: bool, replied: datetime | None
    ) -> _Ref:
        mid = self.next_id("LY2023-")
        self.add_row(
            "messages.csv",
            (received,),
            {
                "id": mid,
                "channel": self.rng.choice(_MESSAGE_CHANNELS),
                "unit": unit,
                "received": received,
                "simple": simple,
                "replied": replied,
            },
        )
        return mid

    # -- applications --------------------------------------------------------------------------

    def gen_applications(self) -> None:
        rng = self.rng
        units = self.units("response.application-reply")
        heavy = (
            "县自然资源局",
            "县人社局",
            "县财政局",
            "县教科体局",
            "县市场监督管理局",
            "贡江镇",
            "县农业农村局",
            "县生态环境局",
        )
        weights = [4 if u in heavy else 1 for u in units]
        kinds = (
            ["plain"] * 70
            + ["correction"] * 9
            + ["abandoned"] * 3
            + ["consult"] * 8
            + ["extension"] * 8
        )
        rng.shuffle(kinds)
        for kind in kinds:
            unit = rng.choices(units, weights)[0]
            latest = date(2023, 12, 20) if kind == "plain" else date(2023, 11, 30)
            self.application(unit, kind, self.pick(self.wd(date(2023, 6, 19), latest)))
        if not self.plant:
            return
        # a late reply: 20 working days from 09-20 run past 国庆 to 10-24
        received = date(2023, 9, 20)
        aid = self.application("县自然资源局", "late-reply", received)
        due = self.due("response.application-reply", received)
        self.violation(
            "response.application-reply",
            "县自然资源局",
            due,
            f"依申请公开{{id}}答复晚于期限{due}（20个工作日，跨国庆假期）",
            case=aid,
        )
        # a 补正 notice on the 9th working day (limit: 7)
        received = date(2023, 7, 10)
        aid = self.application("县人社局", "late-correction", received)
        due = self.due("response.correction-notice", received)
        self.violation(
            "response.correction-notice",
            "县人社局",
            due,
            "依申请公开{id}在收到申请后第9个工作日才告知补正（7个工作日内）",
            case=aid,
        )

    def application(self, unit: str, kind: str, received: date) -> _Ref:
        rng = self.rng
        aid = _Ref("于政信申〔2023〕{:03d}号")
        channel = rng.choices(
            [c for c, _ in _APPLICATION_CHANNELS], [w for _, w in _APPLICATION_CHANNELS]
        )[0]
        planted = kind.startswith("late-")
        if channel == "网络平台" and not planted and rng.random() < 0.2:  # online, a weekend
            before = received - timedelta(days=rng.randint(1, 2))
            if not self.cal.is_workday(before):
                received = before
        row: dict[str, Any] = {
            "id": aid,
            "unit": unit,
            "received": received,
            "channel": channel,
            "delivery": rng.choice(_DELIVERY),
        }
        events: list[ClockEvent] = []
        after = received
        if kind in ("correction", "abandoned", "late-correction"):
            k = 9 if kind == "late-correction" else rng.randint(1, 6)
            notice = self.add_wd(received, k)
            row["correction_notice"] = notice
            if kind == "abandoned":
                row["abandoned"] = True
                row.pop("delivery")
                self.add_row("applications.csv", (received,), row)
                return aid
            corrected = notice + timedelta(days=rng.randint(3, 20))
            row["corrected_received"] = corrected
            events.append(Restart(corrected))
            after = corrected
        elif kind == "consult":
            begin = self.add_wd(received, rng.randint(2, 6))
            finish = self.add_wd(begin, rng.randint(3, 14))
            row["consult_start"], row["consult_end"] = begin, finish
            events.append(Pause(begin, finish))
            after = finish
        elif kind == "extension":
            base = self.due("response.application-reply", received)
            approved = self.add_wd(base, -rng.randint(1, 3))
            days = rng.choice((10, 15, 20))
            row["extension_approved"], row["extension_days"] = approved, days
            events.append(Extension(days, approved))
            after = base
        due = self.due("response.application-reply", received, events)
        if kind == "late-reply":
            replied = self.add_wd(due, 1)
        else:
            choices = self.wd(after + ONE_DAY, due)
            replied = choices[
                min(int(rng.triangular(0, len(choices), len(choices) * 0.6)), len(choices) - 1)
            ]
        row["replied"] = replied
        self.add_row("applications.csv", (received,), row)
        return aid

    # -- disclosures ---------------------------------------------------------------------------

    def disclose(
        self,
        unit: str,
        kind: str,
        published: date,
        title: str,
        *,
        trigger: date | None = None,
        ends: date | None = None,
        village: str | None = None,
        related: _Ref | None = None,
        id: _Ref | None = None,
    ) -> _Ref:
        did = id or self.next_id("GK2023-")
        self.add_row(
            "disclosures.csv",
            (published, unit),
            {
                "id": did,
                "unit": unit,
                "kind": kind,
                "trigger": trigger,
                "published": published,
                "ends": ends,
                "village": village,
                "title": title,
                "related": related,
            },
        )
        return did

    def on_time(self, obligation_id: str, trigger: date, lo: int = 1) -> date:
        """A working day from *lo* working days after *trigger* up to the due date."""
        due = self.due(obligation_id, trigger)
        days = self.wd(self.add_wd(trigger, lo) if lo else trigger, due)
        return self.pick(days) if days else due

    def gen_disclosures(self) -> None:
        self.gen_budgets()
        self.gen_policies()
        self.gen_livelihood()
        self.gen_land()
        self.gen_villages()
        self.gen_annual()

    def gen_budgets(self) -> None:
        fin = "县财政局"
        # 本级 (FIN-01): the county and every township
        county = (
            ("决算", date(2023, 8, 29), "于都县2022年财政决算"),
            ("预算执行情况", date(2023, 8, 29), "于都县2023年上半年预算执行情况的报告"),
            ("预算调整", date(2023, 11, 28), "于都县2023年预算调整方案"),
            ("预算", date(2024, 1, 12), "于都县2024年预算"),
        )
        for kind, approved, title in county:
            self.disclose(
                fin,
                kind,
                self.on_time("finance.government-budget", approved),
                title,
                trigger=approved,
            )
        late_budget = "桥头乡"
        for town in self.units("finance.government-budget"):
            if town == fin:
                continue
            approved = self.pick(self.wd(date(2023, 7, 20), date(2023, 9, 15)))
            self.disclose(
                town,
                "决算",
                self.on_time("finance.government-budget", approved),
                f"{town}2022年财政决算",
                trigger=approved,
            )
            approved = self.pick(self.wd(date(2024, 1, 3), date(2024, 1, 12)))
            if self.plant and town == late_budget:
                approved = date(2024, 1, 5)  # day 20 (01-25) is a working day
                due = self.due("finance.government-budget", approved)
                assert due == approved + timedelta(days=20)
                published = due + ONE_DAY
                did = self.disclose(town, "预算", published, f"{town}2024年预算", trigger=approved)
                self.violation(
                    "finance.government-budget",
                    town,
                    due,
                    f"{town}2024年预算{approved}经乡人大批准，第21日（{published}）才公开",
                    case=did,
                )
                continue
            self.disclose(
                town,
                "预算",
                self.on_time("finance.government-budget", approved),
                f"{town}2024年预算",
                trigger=approved,
            )
        # 部门 (FIN-02) with “三公”经费 (FIN-05), published together
        late_dept = "县商务局"
        for dept in self.units("finance.department-budget"):
            for label, kind, approved in (
                (
                    "2022年部门决算",
                    "部门决算",
                    self.pick(self.wd(date(2023, 9, 4), date(2023, 9, 15))),
                ),
                (
                    "2024年部门预算",
                    "部门预算",
                    self.pick(self.wd(date(2024, 1, 22), date(2024, 1, 31))),
                ),
            ):
                three = f"{dept}{label[:5]}“三公”经费{'决算' if kind == '部门决算' else '预算'}"
                if self.plant and dept == late_dept and kind == "部门决算":
                    due = self.due("finance.department-budget", approved)
                    published = self.add_wd(due, 2)
                    a = self.disclose(
                        dept, kind, published, f"{self.display(dept)}{label}", trigger=approved
                    )
                    b = self.disclose(dept, "三公经费", published, three, trigger=approved)
                    self.violation(
                        "finance.department-budget",
                        dept,
                        due,
                        f"{dept}{label}{approved}批复，{published}才公开",
                        case=a,
                    )
                    self.violation(
                        "finance.three-public-expenses",
                        dept,
                        due,
                        f"{dept}“三公”经费决算随部门决算逾期公开",
                        case=b,
                    )
                    continue
                published = self.on_time("finance.department-budget", approved)
                self.disclose(
                    dept, kind, published, f"{self.display(dept)}{label}", trigger=approved
                )
                self.disclose(dept, "三公经费", published, three, trigger=approved)
        # 行政事业性收费目录清单 (FIN-07)
        changed = date(2023, 8, 15)
        self.disclose(
            fin,
            "收费目录清单",
            self.on_time("finance.fee-catalogue", changed),
            "于都县行政事业性收费目录清单（2023年版）",
            trigger=changed,
        )

    def gen_policies(self) -> None:
        rng = self.rng
        units = self.units("policy.active-disclosure")
        late_policy = "县发改委"
        late_reading = "县卫健委"
        for unit in units:
            township = self.plan.directory.unit(unit).kind is UnitKind.TOWNSHIP
            n = rng.randint(1, 2) if township else rng.randint(3, 6)
            for k in range(n):
                doc = _Ref(_doc_number(unit))
                kind = "规范性文件" if not township and rng.random() < 0.3 else "政策文件"
                issued = self.pick(self.wd(date(2023, 6, 19), date(2023, 12, 1)))
                title = rng.choice(_POLICIES).format(p=self.place(unit), t=self.topic(unit))
                if self.plant and unit == late_policy and k == 0:
                    due = self.due("policy.active-disclosure", issued)
                    published = self.add_wd(due, 3)
                    self.disclose(unit, kind, published, title, trigger=issued, id=doc)
                    self.violation(
                        "policy.active-disclosure",
                        unit,
                        due,
                        f"{{id}}于{issued}印发，超过20个工作日（{published}）才公开",
                        case=doc,
                    )
                elif self.plant and unit == late_reading and k == 0:
                    issued, published = date(2023, 9, 25), date(2023, 9, 28)
                    self.disclose(unit, kind, published, title, trigger=issued, id=doc)
                    rid = self.disclose(
                        unit,
                        "政策解读",
                        date(2023, 10, 7),
                        f"《{_doc_name(title)}》政策解读",
                        trigger=published,
                        related=doc,
                    )
                    self.violation(
                        "15.interpretation-sync",
                        unit,
                        published,
                        f"文件于{published}（国庆前）发布，解读节后10-07才发布",
                        case=rid,
                    )
                    continue
                else:
                    published = self.on_time("policy.active-disclosure", issued)
                    self.disclose(unit, kind, published, title, trigger=issued, id=doc)
                if rng.random() < 0.85:
                    self.disclose(
                        unit,
                        "政策解读",
                        published,
                        f"一图读懂《{_doc_name(title)}》",
                        trigger=published,
                        related=doc,
                    )
        # 规范性文件清理 (by 2023-09-30)
        late_cleanup = "罗江乡"
        due = self.anchor("6.normative-cleanup")
        for unit in self.units("6.normative-cleanup"):
            title = f"{self.display(unit)}现行有效行政规范性文件目录"
            if self.plant and unit == late_cleanup:
                self.disclose(unit, "规范性文件清理", date(2023, 10, 10), title)
                self.violation(
                    "6.normative-cleanup",
                    unit,
                    due,
                    f"{unit}10-10才公开规范性文件清理结果（2023年9月底前）",
                )
                continue
            self.disclose(
                unit,
                "规范性文件清理",
                self.pick(self.wd(date(2023, 8, 1), date(2023, 9, 28))),
                title,
            )

    def gen_livelihood(self) -> None:
        rng = self.rng
        late_subsidy = "黄麟乡"
        for unit in [*self.units("8.subsidy-results"), "县农业农村局", "县乡村振兴局"]:
            for kind in ("补贴政策", "补贴申报", "补贴公示"):
                if rng.random() < 0.35 and kind != "补贴公示":
                    continue
                formed = self.pick(self.wd(date(2023, 6, 20), date(2023, 11, 30)))
                title = f"{unit}2023年{rng.choice(('耕地地力保护补贴', '农机购置补贴', '稻谷目标价格补贴', '生猪调出大县奖励'))}{kind[2:]}"
                if self.plant and unit == late_subsidy and kind == "补贴公示":
                    due = self.due("livelihood.agri-subsidy", formed)
                    did = self.disclose(unit, kind, self.add_wd(due, 2), title, trigger=formed)
                    self.violation(
                        "livelihood.agri-subsidy",
                        unit,
                        due,
                        f"{unit}补贴公示超过20个工作日才公开",
                        case=did,
                    )
                    continue
                self.disclose(
                    unit,
                    kind,
                    self.on_time("livelihood.agri-subsidy", formed),
                    title,
                    trigger=formed,
                )
        for unit, (kind, titles) in _LIVELIHOOD.items():
            for title in titles:
                formed = self.pick(self.wd(date(2023, 6, 20), date(2023, 12, 1)))
                self.disclose(
                    unit,
                    kind,
                    self.on_time("livelihood.active-disclosure", formed),
                    f"于都县2023年{title}",
                    trigger=formed,
                )

    def gen_land(self) -> None:
        """Three 征地 batches, each with its 预公告, 补偿安置公告 and 征收土地公告."""
        unit = "县自然资源局"
        batches = (
            ("贡江镇", "沙洲村", date(2023, 7, 10)),
            ("罗坳镇", "大坪村", date(2023, 8, 21)),
            ("岭背镇", "塘口村", date(2023, 8, 16)),
        )
        for k, (town, village, posted) in enumerate(batches, 1):
            where = f"{town}{village}"
            name = f"于都县2023年度第{k}批次城镇建设用地"
            due = self.due("livelihood.land-pre-notice", posted)
            self.disclose(
                unit,
                "征收土地预公告",
                posted,
                f"{name}征收土地预公告",
                village=where,
                ends=due + timedelta(days=self.rng.randint(0, 3)),
            )
            posted2 = self.next_wd(due + timedelta(days=7))
            due2 = self.due("livelihood.land-compensation-notice", posted2)
            if self.plant and k == 3:
                posted2 = date(2023, 9, 5)  # README's example: 30 days end in 国庆, due 10-07
                due2 = self.due("livelihood.land-compensation-notice", posted2)
                ends = date(2023, 9, 30)
                did = self.disclose(
                    unit,
                    "征地补偿安置公告",
                    posted2,
                    f"{name}征地补偿安置方案公告",
                    ends=ends,
                    village=where,
                )
                self.violation(
                    "livelihood.land-compensation-notice",
                    unit,
                    due2,
                    f"{where}征地补偿安置公告{posted2}张贴，{ends}即撤下（不足30日，"
                    f"应公示至{due2}）",
                    case=did,
                    entity=where,
                )
            else:
                self.disclose(
                    unit,
                    "征地补偿安置公告",
                    posted2,
                    f"{name}征地补偿安置方案公告",
                    ends=due2 + timedelta(days=self.rng.randint(0, 5)),
                    village=where,
                )
            approved = self.next_wd(max(due2, posted2) + timedelta(days=20))
            self.disclose(
                unit,
                "征收土地公告",
                self.on_time("livelihood.land-acquisition-notice", approved),
                f"{name}征收土地公告",
                trigger=approved,
                village=where,
            )

    def gen_villages(self) -> None:
        """补贴结果 by year end, 村务公开 each quarter and 村级财务 each month, per village."""
        rng = self.rng
        no_results = "段屋乡"
        missed_quarter = ("铁山垅镇", "杨梅村", date(2023, 7, 1))
        missed_month = ("盘古山镇", "黄泥村", date(2023, 10, 1))
        months = [m for m in _months(self.start, self.end) if m[0] >= self.start]
        quarters = [(date(2023, 7, 1), date(2023, 9, 30)), (date(2023, 10, 1), date(2023, 12, 31))]
        for town in self.units("8.subsidy-results"):
            villages = VILLAGES[town]
            if self.plant and town == no_results:
                due = self.anchor("8.subsidy-results")
                self.violation(
                    "8.subsidy-results",
                    town,
                    due,
                    f"{town}年底前未以村为单位公开补贴资金发放结果",
                    entity="各村",
                )
            else:
                for v in villages:
                    self.disclose(
                        town,
                        "补贴结果",
                        self.pick(self.wd(date(2023, 12, 1), date(2023, 12, 29))),
                        f"{town}{v}2023年惠民惠农财政补贴资金发放结果公示",
                        village=v,
                    )
            for v in villages:
                for first, last in quarters:
                    if self.plant and (town, v, first) == missed_quarter:
                        self.violation(
                            "grassroots.village-affairs",
                            town,
                            last,
                            f"{town}{v}第三季度未公开村务",
                            window=(first, last),
                            entity=v,
                        )
                        continue
                    for _ in range(1 + (rng.random() < 0.4)):
                        d = self.pick(self.wd(first, last))
                        self.disclose(
                            town,
                            "村务公开",
                            d,
                            f"{v}{d.year}年第{(d.month - 1) // 3 + 1}季度村务公开",
                            village=v,
                        )
                for first, last in months:
                    if self.plant and (town, v, first) == missed_month:
                        self.violation(
                            "grassroots.village-finance",
                            town,
                            last,
                            f"{town}{v}{first.month}月未公布财务收支",
                            window=(first, last),
                            entity=v,
                        )
                        continue
                    d = self.pick(self.wd(first, first + timedelta(days=19)))
                    self.disclose(
                        town,
                        "村级财务",
                        d,
                        f"{v}{first.year}年{first.month}月财务收支公开",
                        village=v,
                    )

    def gen_annual(self) -> None:
        late_report = "小溪乡"
        due = self.anchor("三(四).annual-report")
        for unit in self.units("三(四).annual-report"):
            title = f"{self.display(unit)}2023年政府信息公开工作年度报告"
            if self.plant and unit == late_report:
                self.disclose(unit, "年度报告", date(2024, 2, 2), title)
                self.violation(
                    "三(四).annual-report",
                    unit,
                    due,
                    f"{unit}2023年政府信息公开工作年度报告2024-02-02才发布（1月31日前）",
                )
                continue
            self.disclose(
                unit, "年度报告", self.pick(self.wd(date(2024, 1, 8), date(2024, 1, 30))), title
            )
        self.disclose(
            "县大数据中心",
            "网站年度报表",
            date(2024, 1, 25),
            "于都县人民政府网2023年政府网站工作年度报表",
        )

    # -- rejected rows -------------------------------------------------------------------------

    def plant_rejections(self) -> None:
        """Rows that must be rejected, each a plausible mistake, placed among the others."""
        rng = self.rng

        def place(
            file: str, row: dict[str, str], field_name: str, description: str, at: float
        ) -> None:
            rows = self.rows[file]
            rows.insert(int(len(rows) * at), ((), row))
            self.rejections.append(PlantedRejection(file, 0, field_name, description))

        place(
            "posts.csv",
            {
                "site": PORTAL,
                "platform": WEBSITE,
                "column": "县城管局/工作动态",
                "unit": "县城管局",
                "time": "2023-08-08 10:15",
                "title": "县城管局开展占道经营专项整治",
                "original": "是",
                "homepage": "否",
            },
            "unit",
            "单位“县城管局”不在于都县单位名录中",
            rng.uniform(0.2, 0.3),
        )
        place(
            "posts.csv",
            {
                "site": PORTAL,
                "platform": WEBSITE,
                "column": "县财政局/工作动态",
                "unit": "县财政局",
                "time": "2023-10-17 16:40",
                "title": "县财政局召开预算绩效管理工作推进会",
                "original": "待定",
                "homepage": "否",
            },
            "original",
            "是否原创填写为“待定”",
            rng.uniform(0.55, 0.65),
        )
        place(
            "messages.csv",
            {
                "id": "LY2023-X0931",
                "channel": "县长信箱",
                "unit": "贡江镇",
                "received": "2023-09-31 10:20",
                "simple": "否",
                "replied": "2023-10-09 15:00",
            },
            "received",
            "收到日期为不存在的日期2023-09-31",
            rng.uniform(0.6, 0.7),
        )
        rows = self.rows["applications.csv"]
        original = rows[len(rows) // 3][1]
        dup = {**original, "channel": "邮寄", "delivery": "邮寄"}
        place(
            "applications.csv",
            dup,
            "id",
            "申请编号{id}重复（登记两次）",
            rng.uniform(0.5, 0.6),
        )
        place(
            "events.csv",
            {
                "id": "SJ2023-X1032",
                "unit": "县司法局",
                "kind": "开放活动",
                "date": "2023-10-32",
                "title": "县司法局“政府开放日”活动",
            },
            "date",
            "日期为不存在的日期2023-10-32",
            rng.uniform(0.7, 0.8),
        )
        place(
            "disclosures.csv",
            {
                "id": "GK2023-X0001",
                "unit": "县发改委",
                "kind": "政策文件",
                "trigger": "2023-12-26",
                "title": "于都县重大项目建设管理办法（待公开）",
            },
            "published",
            "公开日期为空（尚未公开的事项登记在公开事项表中）",
            rng.uniform(0.85, 0.95),
        )

    # -- output --------------------------------------------------------------------------------

    def write(self, out: Path, seed: int) -> DemoData:
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        counts: dict[str, int] = {}
        numbers: dict[str, int] = defaultdict(int)
        for name, _, _, _ in FILES:  # number the records in the order they are written
            for _, row in self.rows[name]:
                for value in row.values():
                    if isinstance(value, _Ref) and not value.value:
                        numbers[value.fmt] += 1
                        value.value = value.fmt.format(numbers[value.fmt])
        text_rows: dict[str, list[dict[str, str]]] = {}
        for name, kind, encoding, fields in FILES:
            rows = text_rows[name] = [
                {k: _cell(v) for k, v in row.items()} for _, row in self.rows[name]
            ]
            spec = BUILTIN_KINDS[kind]
            buf = io.StringIO(newline="")
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow([spec.field(f).label for f in fields])
            for row in rows:
                writer.writerow([row.get(f, "") for f in fields])
            path = out / name
            path.write_bytes(buf.getvalue().encode(encoding))
            written.append(path)
            counts[name] = len(rows)
        rejections = []
        for rej in self.rejections:
            # the line of the row holding the planted mistake (no cell spans lines)
            line = self._rejected_line(text_rows[rej.file], rej)
            text = rej.description.replace("{id}", text_rows[rej.file][line - 2].get("id", ""))
            rejections.append(PlantedRejection(rej.file, line, rej.field, text))
        self.rejections = rejections
        self.violations = [
            PlantedViolation(
                rule,
                unit,
                due,
                text.replace("{id}", str(case or "")),
                window,
                entity,
                None if case is None else str(case),
            )
            for rule, unit, due, text, window, entity, case in self.pending
        ]
        violations = sorted(self.violations, key=lambda v: (v.rule, v.unit, v.due))
        doc = {
            "说明": "govflow demo-data 生成的演示数据：于都县2023年政务公开工作方案各单位的合成记录。"
            "村名、标题、文号、账号与留言均为虚构，与实际行政村和单位工作无关。",
            "plan": self.plan.id,
            "year": self.plan.year,
            "seed": seed,
            "scale": self.scale,
            "planted": self.plant,
            "as_of": self.as_of.isoformat(),
            "files": {
                name: {"kind": kind, "encoding": enc, "rows": counts[name]}
                for name, kind, enc, _ in FILES
            },
            "villages": {t: list(v) for t, v in VILLAGES.items()},
            "violations": [v.to_dict() for v in violations],
            "rejected": [r.to_dict() for r in rejections],
        }
        planted = out / "planted.json"
        planted.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(planted)
        return DemoData(out, written, counts, violations, rejections, self.as_of, seed, self.scale)

    def _rejected_line(self, rows: list[dict[str, str]], rej: PlantedRejection) -> int:
        marks = {
            "unit": ("unit", "县城管局"),
            "original": ("original", "待定"),
            "received": ("received", "2023-09-31 10:20"),
            "date": ("date", "2023-10-32"),
        }
        seen: set[str] = set()
        for i, r in enumerate(rows, 2):  # line 1 is the header
            if rej.field in marks:
                name, value = marks[rej.field]
                if r.get(name) == value:
                    return i
            elif rej.field == "published":
                if not r.get("published"):
                    return i
            elif r["id"] in seen:  # the duplicate id: its second row
                return i
            seen.add(r.get("id", ""))
        raise AssertionError(f"planted row not found: {rej}")


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth), for a few posts a day."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _month_last(first: date) -> date:
    return first + relativedelta(months=1) - ONE_DAY


def _weeks(start: date, end: date) -> list[tuple[date, date]]:
    """Monday–Sunday weeks from the week after *start*'s (if it does not start on a Monday)
    to the last one ending by *end*."""
    mon = start + timedelta(days=(7 - start.weekday()) % 7)
    out = []
    while mon + timedelta(days=6) <= end:
        out.append((mon, mon + timedelta(days=6)))
        mon += timedelta(days=7)
    return out


def _months(start: date, end: date) -> list[tuple[date, date]]:
    first = start.replace(day=1)
    out = []
    while first <= end:
        out.append((first, _month_last(first)))
        first += relativedelta(months=1)
    return out


def _doc_number(unit: str) -> str:
    """The format of a unit's invented document numbers: 于财字〔2023〕{}号, 贡江府发〔2023〕{}号."""
    if unit == "县政府办":
        return "于府办发〔2023〕1{:02d}号"
    if unit.endswith(("镇", "乡")):
        return unit[:-1] + "府发〔2023〕{}号"
    return f"于{unit[1]}字〔2023〕" + "{}号"


def _doc_name(title: str) -> str:
    """A policy's name for its 解读: 《X》 out of 「关于印发《X》的通知」, else the title."""
    if title.startswith("关于印发《") and title.endswith("》的通知"):
        return title[len("关于印发《") : -len("》的通知")]
    return title


def generate(
    out: str | Path,
    *,
    year: int = 2023,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    plant: bool = True,
    plan: Plan | None = None,
    calendar: WorkCalendar | None = None,
) -> DemoData:
    """Write the demo records for *year* into *out* (created if needed) and ``planted.json``.

    *scale* sets the volume of posts above the quotas' floors (1.0: tens of thousands of posts;
    0: the least that meets every quota, for fast tests); *plant* ``False`` writes the same kind
    of data with nothing planted, every row compliant.  *plan* and *calendar* default to the
    registry's ``yudu-2023`` and calendar.
    """
    if plan is None or calendar is None:
        from govflow.plugins.manager import registry

        reg = registry()
        plan = plan or reg.load_plan(PLAN_ID)
        calendar = calendar or reg.calendar()
    assert plan is not None
    assert calendar is not None
    if plan.id != PLAN_ID:
        raise DemoError(f"the demo follows the plan {PLAN_ID}, not {plan.id}")
    if year != plan.year:
        raise DemoError(
            f"--year {year}: the demo follows {plan.title} ({plan.number}), whose "
            f"year is {plan.year}"
        )
    if not 0 <= scale <= 10:
        raise DemoError(f"--scale {scale}: expected a number from 0 to 10")
    b = _Builder(plan, calendar, random.Random(seed), scale, plant)
    b.gen_posts()
    b.write_posts()
    b.gen_events()
    b.gen_messages()
    b.gen_applications()
    b.gen_disclosures()
    for rows in b.rows.values():
        rows.sort(key=lambda item: item[0])
    if plant:
        b.plant_rejections()
    b.posts.clear()
    return b.write(Path(out), seed)
