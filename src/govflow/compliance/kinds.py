"""Record kinds and their fields (the built-in ``post``, ``application``, ``message``, ``event``,
``disclosure``), and what reading gives: :class:`Record`, :class:`Rejected`, :class:`FileSummary`."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from attrs import define, evolve, field, frozen

from govflow.compliance.ogiform import (
    APPLICANT_TYPES,
    OUTCOME_ALIASES,
    OUTCOMES,
    REVIEW_CASE_ALIASES,
    REVIEW_CASE_TYPES,
    REVIEW_RESULT_ALIASES,
    REVIEW_RESULTS,
)
from govflow.errors import InputError

if TYPE_CHECKING:
    pass


class RecordFileError(InputError):
    """A records file cannot be read at all (unreadable, wrong encoding, no usable header)."""

    label = "记录文件无法读取"


class FieldType(enum.Enum):
    TEXT = "text"
    DATE = "date"
    """A date; a datetime is accepted and its Beijing date taken."""
    DATETIME = "datetime"
    """A moment; a bare date is accepted (read as the start of that day, Beijing time)."""
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"
    """One of the field's :attr:`FieldSpec.choices` (a value list a form prints, such as the
    annual report's 办理结果); another value rejects the row, naming the allowed ones."""


@frozen
class FieldSpec:
    """One field of a record kind: canonical name, type, Chinese label, header spellings."""

    name: str
    type: FieldType
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    doc: str = ""
    fallbacks: tuple[str, ...] = ()
    """Header spellings used only when no column matches :attr:`aliases` (序号 as the id of a
    ledger without a case number, 信息来源 as a post's unit): they never clash with a column
    that names the field plainly."""
    choices: tuple[str, ...] = ()
    """The values of a :attr:`FieldType.CHOICE` field, as the form spells them."""
    choice_aliases: tuple[tuple[str, str], ...] = ()
    """Other spellings of a choice: pairs ``(spelling, choice)``."""


@frozen
class RecordKind:
    """A kind of record with its schema."""

    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    id_field: str | None = None
    """Rows with the same value here are duplicates (checked when the field is required)."""
    file_names: tuple[str, ...] = ()
    """File name stems that identify the kind (posts, 发布信息 …)."""
    doc: str = ""
    order: tuple[tuple[str, str], ...] = ()
    """Pairs ``(earlier, later)`` of date fields: a row where both are filled and *later* falls
    before *earlier* (a reply before the request was received) is rejected while reading,
    naming *later*.  The same day (or moment) is in order."""
    essential: tuple[str, ...] = ()
    """Optional fields that every file of the kind is taken to keep, with or without their
    column: the outcome the kind exists to record (an application's or a message's reply).  A
    file without the column has none recorded, and a rule needing the field judges its rows
    as not done.  A missing column of any other optional field means the file does not keep
    it: a rule that needs it (:attr:`govflow.compliance.base.Rule.needs`) does not judge the
    file's rows, and the check says so."""

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"记录类别 {self.name} 没有字段 {name!r}")

    def out_of_order(self, data: Mapping[str, Any]) -> tuple[str, str] | None:
        """The first pair of :attr:`order` that *data* breaks, as ``(later field, reason)`` in
        Chinese naming both fields and both dates; ``None`` when the dates are in order."""
        for earlier, later in self.order:
            first, then = data.get(earlier), data.get(later)
            if first is None or then is None or not _before(then, first):
                continue
            a, b = self.field(earlier).label, self.field(later).label
            return later, (
                f"{b} {_shown(then)} 早于{a} {_shown(first)}：{b}不能早于{a}，请核对这两个日期"
            )
        return None

    def with_aliases(self, extra: Mapping[str, Sequence[str]]) -> RecordKind:
        """A copy accepting more header spellings: ``{field: [alias, ...]}``."""
        fields = []
        for f in self.fields:
            more = tuple(a for a in extra.get(f.name, ()) if a not in f.aliases)
            fields.append(evolve(f, aliases=(*f.aliases, *more)) if more else f)
        return evolve(self, fields=tuple(fields))


def _before(then: Any, first: Any) -> bool:
    """Whether *then* falls before *first*; a date and a moment compare by (Beijing) day."""
    if type(then) is date and type(first) is date:  # the common case, at once
        return then < first
    if isinstance(then, datetime) is not isinstance(first, datetime):
        then = then.date() if isinstance(then, datetime) else then
        first = first.date() if isinstance(first, datetime) else first
    if isinstance(then, date) and isinstance(first, date):
        return bool(then < first)
    return False


def _shown(value: Any) -> str:
    """A date as ``2023-09-27``, a moment as ``2023-09-27 09:30`` (seconds when there are)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _f(
    name: str,
    type_: FieldType,
    label: str,
    *aliases: str,
    required: bool = False,
    doc: str = "",
    fallbacks: tuple[str, ...] = (),
) -> FieldSpec:
    return FieldSpec(name, type_, label, required, (name, label, *aliases), doc, fallbacks)


def _choice(
    name: str,
    label: str,
    choices: tuple[str, ...],
    aliases: tuple[tuple[str, str], ...],
    *headers: str,
    required: bool = False,
    doc: str = "",
) -> FieldSpec:
    return FieldSpec(
        name,
        FieldType.CHOICE,
        label,
        required,
        (name, label, *headers),
        doc,
        choices=choices,
        choice_aliases=aliases,
    )


T, D, DT, B, N = FieldType.TEXT, FieldType.DATE, FieldType.DATETIME, FieldType.BOOL, FieldType.INT

POST = RecordKind(
    "post",
    "发布信息",
    (
        _f("id", T, "编号", "信息编号", "ID"),
        _f(
            "site",
            T,
            "网站或账号",
            "网站",
            "账号",
            "平台名称",
            "发布平台",
            required=True,
            doc="政府网站名称或政务新媒体账号名称",
        ),
        _f("platform", T, "平台类型", "渠道类型", doc="网站 or 政务新媒体; default 网站"),
        _f("column", T, "栏目", "栏目名称", doc="e.g. 工作动态, 通知公告"),
        _f("category", T, "信息类别", "类别", doc="e.g. 动态; derived from the column when empty"),
        _f(
            "unit",
            T,
            "单位",
            "发布单位",
            "责任单位",
            "单位名称",
            "发布单位名称",
            required=True,
            fallbacks=("信息来源", "来源单位", "来源"),
        ),
        _f("time", DT, "发布时间", "发布日期", "日期", "发布日期时间", required=True),
        _f("title", T, "标题", "信息标题", required=True),
        _f("original", B, "是否原创", "原创", doc="是/否; default 否"),
        _f("homepage", B, "首页", "是否首页", doc="shown on the site's homepage"),
    ),
    id_field=None,
    file_names=("posts", "post", "发布信息", "信息发布"),
    doc="One published item on the portal or on a 政务新媒体 account.",
)
APPLICATION = RecordKind(
    "application",
    "依申请公开",
    (
        _f(
            "id",
            T,
            "申请编号",
            "编号",
            "受理编号",
            "申请件编号",
            required=True,
            fallbacks=("序号",),
        ),
        _f(
            "unit",
            T,
            "单位",
            "受理单位",
            "承办单位",
            "单位名称",
            "受理单位名称",
            "承办单位名称",
            required=True,
            fallbacks=("责任单位", "办理单位"),
        ),
        _f(
            "received",
            D,
            "收到日期",
            "收到申请日期",
            "受理日期",
            "收到时间",
            "收到申请时间",
            "申请收到日期",
            "申请收到时间",
            required=True,
            doc="条例第三十一条的收到申请之日",
            fallbacks=("受理时间", "申请时间", "申请日期", "登记日期", "登记时间"),
        ),
        _f("channel", T, "申请渠道", "渠道", doc="当面, 邮寄, 平常信函, 网络, 传真"),
        _f(
            "correction_notice",
            D,
            "补正告知日期",
            "告知补正日期",
            "补正情况/告知日期",
            "补正/告知日期",
            "补正情况/告知补正日期",
            "补正/告知补正日期",
        ),
        _f(
            "corrected_received",
            D,
            "收到补正日期",
            "补正收到日期",
            "补正情况/收到日期",
            "补正/收到日期",
            "补正情况/收到补正日期",
        ),
        _f("consult_start", D, "征求意见开始日期", "征求意见日期", doc="发出征求意见书之日"),
        _f(
            "consult_received",
            D,
            "征求意见书收到日期",
            "第三方收到日期",
            "第三方收到征求意见书日期",
            "被征求方收到日期",
            doc="第三方（被征求意见的机关）收到征求意见书之日：条例第三十二条的15个工作日自此起算",
        ),
        _f("consult_end", D, "征求意见结束日期", "收到意见日期"),
        _f("extension_approved", D, "延期批准日期", "延期日期"),
        _f("extension_days", N, "延长工作日数", "延期天数"),
        _f(
            "replied",
            D,
            "答复日期",
            "答复时间",
            doc="签收之日 or 交邮之日 (OGI-13)",
            fallbacks=("回复日期", "回复时间", "办结日期", "办结时间"),
        ),
        _f(
            "filed",
            D,
            "报备日期",
            "报备时间",
            doc="the day the case was reported (报备) to the office that keeps the county's register",
        ),
        _f("delivery", T, "送达方式", doc="当面, 邮寄, 电子"),
        _f("abandoned", B, "视为放弃", "放弃申请", doc="补正 not made: 视为放弃申请"),
        _choice(
            "applicant_type",
            "申请人类型",
            APPLICANT_TYPES,
            (),
            "申请人情况",
            "申请人类别",
            doc="年度报告表三的申请人列（国办公开办函〔2021〕30号）",
        ),
        _choice(
            "outcome",
            "办理结果",
            OUTCOMES,
            OUTCOME_ALIASES,
            "办理结果类型",
            "答复类型",
            "处理结果",
            doc="年度报告表三的办理结果行，不带序号（国办公开办函〔2021〕30号）",
        ),
    ),
    id_field="id",
    file_names=("applications", "application", "依申请公开"),
    doc="One 依申请公开 case, from receipt to reply.",
    # a ledger of applications without 答复日期 records no reply: the statutory reply deadline
    # (条例第三十三条) is still judged, never left unevaluated for want of the column
    essential=("replied",),
    order=(
        ("received", "correction_notice"),
        ("correction_notice", "corrected_received"),
        ("received", "corrected_received"),
        ("received", "consult_start"),
        ("consult_start", "consult_end"),
        ("consult_start", "consult_received"),
        ("received", "consult_end"),
        ("received", "extension_approved"),
        ("received", "replied"),
        ("received", "filed"),
    ),
)
MESSAGE = RecordKind(
    "message",
    "网民留言",
    (
        _f("id", T, "留言编号", "编号", required=True, fallbacks=("序号",)),
        _f("channel", T, "渠道", "留言渠道", doc="县长信箱, 问政江西 …"),
        _f(
            "unit",
            T,
            "单位",
            "承办单位",
            "办理单位",
            "单位名称",
            "承办单位名称",
            required=True,
            fallbacks=("责任单位",),
        ),
        _f(
            "received",
            DT,
            "收到日期",
            "留言时间",
            "收到时间",
            "留言日期",
            required=True,
            fallbacks=("受理时间", "受理日期", "登记时间"),
        ),
        _f("simple", B, "是否简单问题", "简单问题"),
        _f(
            "replied",
            DT,
            "答复日期",
            "答复时间",
            "回复时间",
            "回复日期",
            fallbacks=("办结时间", "办结日期"),
        ),
    ),
    id_field="id",
    file_names=("messages", "message", "留言", "网民留言"),
    doc="One message from a 问政 channel and its reply.",
    essential=("replied",),
    order=(("received", "replied"),),
)
EVENT = RecordKind(
    "event",
    "工作事件",
    (
        _f("id", T, "编号"),
        _f("unit", T, "单位", "单位名称", required=True, fallbacks=("责任单位",)),
        _f(
            "kind",
            T,
            "类型",
            "事件类型",
            "活动类型",
            required=True,
            doc="开放活动, 自查, 通报, 汇总, 汇报听取 …",
        ),
        _f("date", D, "日期", "活动日期", "举办日期", required=True),
        _f("title", T, "标题", "名称"),
        _f(
            "feedback",
            D,
            "反馈日期",
            "意见反馈日期",
            "意见建议反馈日期",
            doc="the day the opinions collected at the event were answered (整理、办理和反馈)",
        ),
    ),
    file_names=("events", "event", "工作事件", "活动"),
    doc="Something a unit held or did: an open-government event, a self-check, a bulletin.",
)
DISCLOSURE = RecordKind(
    "disclosure",
    "公开事项",
    (
        _f("id", T, "编号"),
        _f(
            "unit",
            T,
            "单位",
            "公开单位",
            "单位名称",
            required=True,
            fallbacks=("发布单位", "责任单位"),
        ),
        _f(
            "kind",
            T,
            "类型",
            "公开类型",
            "事项类型",
            required=True,
            doc="预算, 决算, 三公经费, 政策文件, 政策解读, 补贴结果, 征地公告, 村务公开, 村级财务 …",
        ),
        _f(
            "trigger",
            D,
            "形成日期",
            "批准日期",
            "批复日期",
            "印发日期",
            "触发日期",
            doc="the date the period runs from: approval, 批复, issue of the policy",
        ),
        _f("published", D, "公开日期", "发布日期", required=True),
        _f("ends", D, "公示结束日期", "张贴结束日期", doc="end of a posting period (征地公告)"),
        _f("village", T, "村", "村名", "行政村"),
        _f("title", T, "标题", "名称"),
        _f("related", T, "关联编号", "对应政策编号", doc="the policy a 解读 belongs to"),
        _f(
            "due",
            D,
            "整改期限",
            "决定期限",
            doc="a due date a decision set, not counted by any rule (审计决定书的整改期限)",
        ),
    ),
    file_names=("disclosures", "disclosure", "公开事项", "主动公开"),
    doc="One disclosure with the date its period runs from and the date it was published.",
    order=(("published", "ends"),),
)

REVIEW = RecordKind(
    "review",
    "复议诉讼",
    (
        _f("id", T, "案件编号", "编号", "案号", fallbacks=("序号",)),
        _f(
            "unit",
            T,
            "单位",
            "被申请人",
            "被告",
            "被申请单位",
            "单位名称",
            required=True,
            fallbacks=("责任单位",),
        ),
        _choice(
            "case_type",
            "案件类型",
            REVIEW_CASE_TYPES,
            REVIEW_CASE_ALIASES,
            "类型",
            "复议诉讼类型",
            required=True,
            doc="行政复议, 未经复议直接起诉 or 复议后起诉 (年度报告表四的三栏)",
        ),
        _f(
            "received",
            D,
            "收到日期",
            "立案日期",
            "受理日期",
            "申请日期",
            "起诉日期",
            required=True,
            doc="the day the case was filed; it is counted in that year's table 四",
        ),
        _choice(
            "result",
            "结果",
            REVIEW_RESULTS,
            REVIEW_RESULT_ALIASES,
            "审理结果",
            "复议诉讼结果",
            required=True,
            doc="结果维持, 结果纠正, 其他结果 or 尚未审结",
        ),
        _f("concluded", D, "审结日期", "结案日期", doc="a case concluded after 12-31 is 尚未审结"),
    ),
    id_field=None,
    file_names=("reviews", "review", "复议诉讼", "行政复议行政诉讼"),
    doc="One 行政复议 or 行政诉讼 about the unit's 政府信息公开 work (annual report table 四).",
    order=(("received", "concluded"),),
)
"""Read by ``govflow annual-report`` only (not among :data:`BUILTIN_KINDS`: no rule checks it)."""

BUILTIN_KINDS: dict[str, RecordKind] = {
    k.name: k for k in (POST, APPLICATION, MESSAGE, EVENT, DISCLOSURE)
}


@frozen
class HeaderAlias:
    """Another column spelling for a field of a record kind (from a plugin)."""

    kind: str
    field: str
    alias: str


@frozen
class Record:
    """One accepted row: its kind, where it came from, and its typed fields."""

    kind: str
    source: str
    line: int
    data: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.line}"


@frozen
class Rejected:
    """A row that was not evaluated, and why."""

    source: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}"
        return f"{where}：{self.field}：{self.reason}" if self.field else f"{where}：{self.reason}"


@frozen
class SetAside:
    """A row read but not a record, kept out of evaluation and reported: a 合计/小计 row, a blank
    row inside a sheet's table, a header row repeated below the header."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}：{self.reason}"


@define
class FileSummary:
    """Rows read from one file, accounted once checking is done:
    ``read == evaluated + not_applicable + rejected + set_aside``.

    *not_applicable* rows are valid records that no loaded rule covers (a unit outside every
    rule's scope); *set_aside* rows are not records at all (:class:`SetAside`).
    """

    source: str
    kind: str
    encoding: str
    read: int = 0
    rejected: int = 0
    ignored_columns: tuple[str, ...] = ()
    set_aside: int = 0
    not_applicable: int = 0
    set_aside_rows: list[SetAside] = field(factory=list, repr=False)
    _rejected_lines: set[int] = field(factory=set, repr=False)
    not_applicable_units: dict[str, int] = field(factory=dict)
    """The rows not applicable, by their unit (``""`` for a kind without units)."""

    @property
    def evaluated(self) -> int:
        return self.read - self.rejected - self.set_aside - self.not_applicable

    def put_aside(self, line: int, reason: str) -> SetAside:
        """Count the row at *line* as read and set aside for *reason*."""
        row = SetAside(self.source, line, reason)
        self.read += 1
        self.set_aside += 1
        self.set_aside_rows.append(row)
        return row

    def leave_out(self, unit: str, rows: int = 1) -> None:
        """Count *rows* valid rows of *unit* as not applicable: no rule checks them."""
        self.not_applicable += rows
        self.not_applicable_units[unit] = self.not_applicable_units.get(unit, 0) + rows

    def reject(self, line: int) -> bool:
        """Count *line* as rejected once; ``False`` if it already was."""
        if line in self._rejected_lines:
            return False
        self._rejected_lines.add(line)
        self.rejected += 1
        return True
