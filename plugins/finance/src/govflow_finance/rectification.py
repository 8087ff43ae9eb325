"""审计整改事项 as records and as live cases: an audit decision's finding, the 整改期限 the decision
set, and when the unit rectified it and published the result.

《中华人民共和国审计法》(2021) 第五十二条: the audited unit 「按照规定时间整改…并按照规定向社会公布」
(FIN-06).  The law gives no number; the decision does, so each item carries its own 整改期限 and
nothing is computed or guessed:

* ``finance.audit-rectified``: the item rectified (``rectified``) by the 整改期限;
* ``finance.audit-rectification`` (:mod:`govflow_finance.audit`): the result published
  (``published``) by the 整改期限 — the rule that reads published results (``disclosure`` rows of
  kind 审计整改结果) reads these items too.
"""

from __future__ import annotations

from datetime import date

from govflow.cases.kinds import CaseKind, EventType
from govflow.compliance.context import Context
from govflow.compliance.kinds import FieldSpec, FieldType, Record, RecordKind
from govflow.plan.obligations import Severity
from govflow_finance.audit import AUDIT, DecisionDeadlineRule

__all__ = ["RECTIFICATION", "RECTIFICATION_CASE", "RectifiedRule"]


def _f(
    name: str, type_: FieldType, label: str, *aliases: str, required: bool = False, doc: str = ""
) -> FieldSpec:
    return FieldSpec(name, type_, label, required, (name, label, *aliases), doc)


_T, _D = FieldType.TEXT, FieldType.DATE

RECTIFICATION = RecordKind(
    "rectification",
    "审计整改事项",
    (
        _f("id", _T, "整改事项编号", "事项编号", "编号", required=True),
        _f("unit", _T, "被审计单位", "单位", "整改单位", "责任单位", required=True),
        _f("title", _T, "问题", "审计发现的问题", "事项"),
        _f("decided", _D, "审计决定日期", "决定日期", "下达日期", required=True),
        _f(
            "due",
            _D,
            "整改期限",
            "决定期限",
            required=True,
            doc="the date the audit decision set (审计法第五十二条 sets none)",
        ),
        _f("rectified", _D, "整改完成日期", "完成日期"),
        _f("published", _D, "整改结果公开日期", "公开日期"),
    ),
    id_field="id",
    file_names=("rectifications", "rectification", "审计整改", "整改事项"),
    doc="One finding of an audit decision to rectify, with the 整改期限 the decision set.",
    order=(("decided", "due"), ("decided", "rectified"), ("decided", "published")),
)

RECTIFICATION_CASE = CaseKind(
    name="audit-rectification",
    label="审计整改事项",
    record_kind="rectification",
    opening="decided",
    events=(
        EventType("decided", "审计决定下达", field="decided"),
        EventType(
            "rectified",
            "整改完成",
            field="rectified",
            after=("decided",),
            basis="《中华人民共和国审计法》第五十二条",
        ),
        EventType(
            "published",
            "公开整改结果",
            field="published",
            after=("decided",),
            basis="《中华人民共和国审计法》第五十二条",
        ),
        EventType("closed", "结案", after=("decided",), closes=True),
    ),
    fields=("due", "title"),
    doc="一项审计整改：按审计决定确定的整改期限完成整改并公开整改结果（审计法第五十二条）。",
)


class RectifiedRule(DecisionDeadlineRule):
    """Each audit finding rectified by the 整改期限 its decision set (审计法第五十二条)."""

    consumes = frozenset({"rectification"})

    def __init__(self, *, area: str) -> None:
        self.id = "finance.audit-rectified"
        self.title = "被审计单位按审计决定确定的整改期限完成整改"
        self.area = area
        self.source = AUDIT
        self.severity = Severity.DEDUCT
        self.threshold = (
            f"审计决定书确定的整改期限内完成整改（依据：{AUDIT.cite()}；法律未定期限，"
            "以记录中的整改期限为准）"
        )
        self.duty = "整改"
        super().__init__()

    def feed(self, record: Record, ctx: Context) -> None:
        unit = ctx.unit_of(record)
        if unit is not None:
            self.add(record, unit, record.data.get("rectified"))

    def told(self, done: date | None) -> str:
        return f"{done} 整改完成" if done else "尚未整改完成"
