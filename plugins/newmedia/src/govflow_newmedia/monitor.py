"""Records of the website monitoring tools: site and column snapshots, availability probes.

Offices run a monitoring service (云监测, 巡查系统) that exports, for each monitored day, one row
per site column — when it was last updated, whether it is blank, how many dead links it has,
the error words it found — and, separately, the availability probes of each site (one row per
visit: when, whether the page opened, how many seconds it took).  This module declares the two
record kinds the plugin reads them as (``snapshot`` and ``probe``, docs/records.md), the typed
settings of the indicators judged from them, and the reading of one snapshot row
(:func:`snapshot_row`), which names the column's type (首页, 动态要闻, 通知公告, 政策文件, 互动,
账号, 其他) from the export or from the column's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

import attrs
from attrs import frozen

from govflow.compliance.kinds import FieldSpec, FieldType, Record, RecordKind
from govflow.plan.settings import SettingError, Settings, positive_int

__all__ = [
    "COLUMN_TYPES",
    "PROBE",
    "SNAPSHOT",
    "MonitorSettings",
    "ProbeRow",
    "SnapshotRow",
    "ipv6_of",
    "percent_of",
    "probe_row",
    "snapshot_row",
    "words_of",
]

T, D, DT, B, N = FieldType.TEXT, FieldType.DATE, FieldType.DATETIME, FieldType.BOOL, FieldType.INT


def _f(
    name: str, type_: FieldType, label: str, *aliases: str, required: bool = False, doc: str = ""
) -> FieldSpec:
    return FieldSpec(name, type_, label, required, (name, label, *aliases), doc)


SNAPSHOT = RecordKind(
    "snapshot",
    "网站监测快照",
    (
        _f(
            "site",
            T,
            "网站或账号",
            "网站名称",
            "网站",
            "账号",
            "账号名称",
            required=True,
            doc="政府网站名称，或政务新媒体账号名称",
        ),
        _f("unit", T, "单位", "主办单位", "责任单位", "单位名称", "运维单位", required=True),
        _f(
            "date",
            D,
            "监测日期",
            "检测日期",
            "监测时间",
            "检测时间",
            "快照日期",
            required=True,
            doc="the monitoring point (监测时间点) the row describes",
        ),
        _f("platform", T, "平台类型", "渠道类型", doc="网站 or 政务新媒体; default 网站"),
        _f("column", T, "栏目", "栏目名称", doc="empty for the homepage or an account"),
        _f(
            "column_type",
            T,
            "栏目类型",
            "栏目类别",
            doc="首页, 动态要闻, 通知公告, 政策文件, 互动, 账号, 其他; from the name when empty",
        ),
        _f("top_level", B, "是否一级栏目", "一级栏目", doc="default 是"),
        _f(
            "last_update",
            D,
            "最后更新日期",
            "最近更新日期",
            "最后更新时间",
            "最新信息日期",
            "最近更新时间",
            doc="empty: no dated item (未注明信息发布时间的视为不更新)",
        ),
        _f("blank", B, "是否空白栏目", "空白栏目", doc="no content since the column opened"),
        _f("long_stale", B, "是否长期未更新", "长期未更新", "超期未更新", doc="the tool's flag"),
        _f("dead_links", N, "死链数", "死链数量", "不可访问链接数", "错链数"),
        _f("external_problems", N, "外链问题数", "问题外链数", "错误外链数"),
        _f("error_words", T, "错误表述", "错别字", "错误词命中", doc="hits, separated by 、；;"),
        _f("sensitive_words", T, "敏感词", "敏感词命中"),
        _f(
            "overdue_messages",
            N,
            "超期未回应留言数",
            "超3个月未回应留言数",
            "超过3个月未回应留言数",
            doc="互动 columns: valid messages unanswered for more than 3 months",
        ),
        _f("usable", B, "互动功能可用", "是否可用", doc="互动 columns and accounts; default 是"),
        _f(
            "ipv6_second",
            T,
            "IPv6二级链接支持度",
            "二级链接IPv6支持度",
            "IPv6二级链接支持率",
            "二级链接IPv6支持率",
            doc="percent of the site's second-level links reachable over IPv6 (99.5 or 99.5%)",
        ),
        _f(
            "ipv6_third",
            T,
            "IPv6三级链接支持度",
            "三级链接IPv6支持度",
            "IPv6三级链接支持率",
            "三级链接IPv6支持率",
            doc="percent of the site's third-level links reachable over IPv6 (99.5 or 99.5%)",
        ),
    ),
    file_names=("snapshots", "snapshot", "栏目监测", "网站监测", "监测快照"),
    doc="One column (or a site's homepage, or a 政务新媒体 account) as a monitoring tool saw it "
    "on one day.",
)

PROBE = RecordKind(
    "probe",
    "可用性探测",
    (
        _f("site", T, "网站", "网站名称", "网站或账号", "监测对象", required=True),
        _f(
            "time",
            DT,
            "探测时间",
            "访问时间",
            "检测时间",
            "监测时间",
            required=True,
            doc="the moment of the visit (Beijing time)",
        ),
        _f(
            "result",
            T,
            "访问结果",
            "是否可访问",
            "状态",
            doc="是/否, 成功/失败, 正常/异常, 可访问/无法访问/超时; default from the seconds",
        ),
        _f(
            "seconds",
            T,
            "响应时间",
            "响应时间（秒）",
            "响应秒数",
            "打开时间",
            "耗时",
            doc="seconds, a decimal number (14.9, 15, 15.2秒)",
        ),
    ),
    file_names=("probes", "probe", "可用性监测", "访问监测", "可用性探测"),
    doc="One visit of a monitoring tool to a site: when, whether it opened, in how many seconds.",
)

#: The column types of a snapshot, and the spellings read as each.
COLUMN_TYPES: Mapping[str, tuple[str, ...]] = {
    "首页": ("首页", "网站首页", "主页"),
    "动态要闻": ("动态要闻", "动态、要闻", "动态", "要闻", "新闻", "资讯", "工作动态"),
    "通知公告": ("通知公告", "通知", "公告"),
    "政策文件": ("政策文件", "文件", "政府文件"),
    "互动": ("互动", "互动交流", "政务咨询", "咨询", "留言"),
    "账号": ("账号", "政务新媒体", "新媒体账号"),
    "其他": ("其他", "其它"),
}
_TYPE_OF = {
    re.sub(r"[、\s]", "", spelling): name
    for name, spellings in COLUMN_TYPES.items()
    for spelling in spellings
}
#: Words in a column's name that tell its type when the export gives none (checked in order).
_NAME_WORDS = (
    ("动态要闻", ("动态", "要闻", "新闻", "资讯")),
    ("通知公告", ("通知", "公告")),
    ("政策文件", ("文件",)),
    ("互动", ("咨询", "信箱", "留言", "问政", "互动")),
)
NEW_MEDIA = "政务新媒体"


def column_type(values: Mapping[str, Any]) -> str:
    """The type of a snapshot row's column: the export's ``column_type`` read through
    :data:`COLUMN_TYPES`, else 账号 for a 政务新媒体 row, 首页 for a row without a column (or
    named 首页), else from the name's words; ``ValueError`` (Chinese) for an unknown type."""
    given = str(values.get("column_type") or "").strip()
    if given:
        found = _TYPE_OF.get(re.sub(r"[、\s]", "", given))
        if found is None:
            raise ValueError(f"应为 {'、'.join(COLUMN_TYPES)} 之一，实际为 {given!r}")
        return found
    if values.get("platform") == NEW_MEDIA:
        return "账号"
    name = str(values.get("column") or "").strip()
    if not name or name in COLUMN_TYPES["首页"]:
        return "首页"
    for kind, words in _NAME_WORDS:
        if any(w in name for w in words):
            return kind
    return "其他"


_SPLIT = re.compile(r"[、；;，,\n]+")


def words_of(text: object) -> tuple[str, ...]:
    """The hits of an error-word cell (``以经→已经、布署→部署``), in order, without blanks."""
    if not text:
        return ()
    return tuple(w.strip() for w in _SPLIT.split(str(text)) if w.strip())


@frozen
class SnapshotRow:
    """One snapshot row as the indicators read it."""

    site: str
    unit: str
    day: date
    column: str
    type: str
    top_level: bool
    last_update: date | None
    blank: bool
    long_stale: bool
    dead_links: int
    external_problems: int
    errors: tuple[str, ...]
    sensitive: tuple[str, ...]
    overdue_messages: int
    usable: bool
    ref: str

    @property
    def name(self) -> str:
        """The site, or ``site›column`` for a column."""
        return f"{self.site}›{self.column}" if self.column else self.site


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def snapshot_row(record: Record, unit: str) -> SnapshotRow:
    """A snapshot record read for the indicators; ``ValueError`` naming the field's problem
    (``(field, reason)`` as its args) when its column type is not known."""
    data = record.data
    try:
        kind = column_type(data)
    except ValueError as exc:
        raise ValueError("column_type", str(exc)) from None
    day = _day(data.get("date"))
    assert day is not None  # a required field
    return SnapshotRow(
        site=str(data.get("site") or ""),
        unit=unit,
        day=day,
        column=str(data.get("column") or "").strip(),
        type=kind,
        top_level=data.get("top_level") is not False,
        last_update=_day(data.get("last_update")),
        blank=bool(data.get("blank")),
        long_stale=bool(data.get("long_stale")),
        dead_links=int(data.get("dead_links") or 0),
        external_problems=int(data.get("external_problems") or 0),
        errors=words_of(data.get("error_words")),
        sensitive=words_of(data.get("sensitive_words")),
        overdue_messages=int(data.get("overdue_messages") or 0),
        usable=data.get("usable") is not False,
        ref=record.ref,
    )


@frozen
class ProbeRow:
    """One availability probe: the site, the moment, whether it failed and why."""

    site: str
    moment: datetime
    failed: bool
    seconds: Decimal | None
    ref: str


_OK = {"是", "成功", "正常", "可访问", "可用", "ok", "200", "true", "yes", "y", "1", "√"}
_FAIL = {
    "否",
    "失败",
    "异常",
    "无法访问",
    "不可访问",
    "超时",
    "打不开",
    "false",
    "no",
    "n",
    "0",
    "×",
}
_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:秒|s|sec)?\s*$", re.IGNORECASE)


def probe_row(record: Record, timeout: int) -> ProbeRow:
    """A probe record judged against *timeout* seconds: it failed when the tool says so or when
    the page took *timeout* seconds or more (超过(含)15秒网站仍打不开).  ``ValueError((field,
    reason))`` for a result or a number of seconds that cannot be read."""
    data = record.data
    seconds: Decimal | None = None
    raw = data.get("seconds")
    if raw not in (None, ""):
        m = _SECONDS.match(str(raw))
        if m is None:
            raise ValueError("seconds", f"应为秒数（如 3.2 或 15秒），实际为 {raw!r}")
        try:
            seconds = Decimal(m.group(1))
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise ValueError("seconds", f"应为秒数，实际为 {raw!r}") from None
    result = str(data.get("result") or "").strip().lower()
    if result and result not in _OK and result not in _FAIL:
        raise ValueError(
            "result",
            f"应为 是/否、成功/失败、正常/异常、可访问/无法访问/超时，实际为 {data.get('result')!r}",
        )
    if not result and seconds is None:
        raise ValueError("result", "访问结果和响应时间都为空：无法判断这次访问是否成功")
    failed = result in _FAIL or (seconds is not None and seconds >= timeout)
    moment = data["time"]
    return ProbeRow(str(data.get("site") or ""), moment, failed, seconds, record.ref)


_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([%％]?)\s*$")
_PERCENT_FORMS = "应为 0 至 100 的百分数（如 99.5 或 99.5%）"


def percent_of(raw: object) -> Decimal | None:
    """A percentage cell: a number from 0 to 100, with or without a trailing ``%`` (``99.5``,
    ``99.5%``, ``99.5％``); ``None`` for an empty cell.  A bare number above 0 and at most 1
    (``0.995``, ``1``) is refused: a tool exporting ratios would write full support as ``1``,
    so it cannot be told from 1% — write ``0.5%`` for a percentage that low.  ``ValueError``
    (Chinese, naming the allowed forms) otherwise."""
    if raw is None or str(raw).strip() == "":
        return None
    m = _PERCENT.match(str(raw))
    if m is None:
        raise ValueError(f"{_PERCENT_FORMS}，实际为 {raw!r}")
    value = Decimal(m.group(1))
    if value > 100:
        raise ValueError(f"{_PERCENT_FORMS}，实际为 {raw!r}：超过100%")
    if not m.group(2) and 0 < value <= 1:
        raise ValueError(
            f"{_PERCENT_FORMS}，实际为 {raw!r}：不带%的0至1之间的数可能是小数比例"
            f"（0.995 即 99.5%），请写成百分数；确为不足1%时请带上%（如 {raw}%）"
        )
    return value


def ipv6_of(record: Record) -> tuple[Decimal | None, Decimal | None]:
    """The IPv6 support of a snapshot row's 二级链接 and 三级链接, in percent (``None`` where the
    cell is empty); ``ValueError((field, reason))`` for a cell :func:`percent_of` refuses."""
    out: list[Decimal | None] = []
    for field in ("ipv6_second", "ipv6_third"):
        try:
            out.append(percent_of(record.data.get(field)))
        except ValueError as exc:
            raise ValueError(field, str(exc)) from None
    return out[0], out[1]


# -- settings ------------------------------------------------------------------------------------


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a whole number of at least 0 (``True`` is not one)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SettingError.expected(attribute.name, "不小于 0 的整数（如 0）", value)


def _percent(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a percentage above 0 and at most 100 (an integer or a decimal number)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 100
    if not ok:
        raise SettingError.expected(attribute.name, "大于 0、不超过 100 的百分数（如 99）", value)


def _word_list(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise SettingError.expected(attribute.name, "错误词表文件的路径（如 错误词表.toml）", value)


@frozen
class MonitorSettings(Settings):
    """The thresholds of the website indicators judged from monitoring exports (国办秘函〔2019〕
    19号); a plan overrides any of them with an obligation ``newmedia.site-monitoring``.

    * 站点无法访问: a visit fails when the page is not open within *timeout_seconds*
      (超过(含)15秒); *failure_percent* or more failures (超过(含)5%) in a window of
      *window_days* days is a veto; fewer than *min_daily_probes* visits a day is noted
      (每天间隔性访问20次以上).
    * 栏目不更新: *long_stale_columns* or more columns that should be updated and are not
      (超过(含)10个), *blank_columns* or more blank columns (超过(含)5个).
    * 链接可用性 (扣分): more than *max_dead_links* dead links or more than
      *max_external_problems* problem external links on a site at one monitoring point.
    * IPv6 支持度 (于府办字〔2023〕32号 二、(四)10「二、三级链接支持度达99%以上」): the latest
      monitoring point of each site must show both the 二级链接 and the 三级链接 support at
      *ipv6_percent* or more (inclusive: 以上 includes the number itself, as 《刑法》第九十九条
      defines it for the law's own text and as ordinary usage reads a target "达…以上").
    * 严重错误: *word_list*, the office's error-word list checked against post titles (see
      :mod:`govflow_newmedia.wordlist`); none: only the monitoring tool's own hits count.
    """

    kind: ClassVar[str] = "政府网站监测"

    timeout_seconds: int = attrs.field(default=15, validator=positive_int)
    failure_percent: int = attrs.field(default=5, validator=positive_int)
    window_days: int = attrs.field(default=7, validator=positive_int)
    min_daily_probes: int = attrs.field(default=20, validator=positive_int)
    long_stale_columns: int = attrs.field(default=10, validator=positive_int)
    blank_columns: int = attrs.field(default=5, validator=positive_int)
    max_dead_links: int = attrs.field(default=0, validator=_count)
    max_external_problems: int = attrs.field(default=0, validator=_count)
    word_list: str | None = attrs.field(default=None, validator=_word_list)
    ipv6_percent: int | float = attrs.field(default=99, validator=_percent)

    def __attrs_post_init__(self) -> None:
        if self.failure_percent > 100:
            raise SettingError.expected("failure_percent", "1 至 100 的整数", self.failure_percent)
