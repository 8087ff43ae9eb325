"""政务舆情 as records and as live cases: when a 舆情 was found, whether it concerns a 特别重大、
重大突发事件 and when that happened, and when the government answered.

The limits are hours, counted from the moment, holidays included (CNT-10): other 政务舆情 are
answered within 48 hours of being found (RSP-01, 国办发〔2016〕61号); for 特别重大、重大突发事件
authoritative information is published within 5 hours of the event (RSP-02, 国办发〔2016〕80号)
and a press conference held within 24 hours (RSP-01).  An hour limit is judged to the minute: a
time is needed, and a bare date is read as the start of that day (Beijing time).
"""

from __future__ import annotations

from govflow.cases.kinds import CaseKind, EventType
from govflow.compliance.kinds import FieldSpec, FieldType, RecordKind

__all__ = ["OPINION", "OPINION_CASE"]


def _f(
    name: str, type_: FieldType, label: str, *aliases: str, required: bool = False, doc: str = ""
) -> FieldSpec:
    return FieldSpec(name, type_, label, required, (name, label, *aliases), doc)


_T, _DT, _B = FieldType.TEXT, FieldType.DATETIME, FieldType.BOOL

OPINION = RecordKind(
    "opinion",
    "政务舆情",
    (
        _f("id", _T, "舆情编号", "编号", required=True),
        _f("unit", _T, "单位", "责任单位", "承办单位", "单位名称", required=True),
        _f("title", _T, "舆情标题", "标题", "事项"),
        _f(
            "detected",
            _DT,
            "发现时间",
            "监测发现时间",
            "发现日期",
            required=True,
            doc="the moment the 舆情 was found (the 48 hours of RSP-01 run from it)",
        ),
        _f(
            "emergency",
            _B,
            "重大突发事件",
            "是否重大突发事件",
            "特别重大、重大突发事件",
            doc="是: the 舆情 concerns a 特别重大 or 重大 突发事件 (RSP-01, RSP-02)",
        ),
        _f(
            "occurred",
            _DT,
            "事件发生时间",
            "突发事件发生时间",
            doc="the moment the 突发事件 happened (the 5 and 24 hours run from it)",
        ),
        _f("responded", _DT, "回应时间", "回应日期", "答复时间"),
        _f("authoritative", _DT, "权威信息发布时间", "发布权威信息时间"),
        _f("press_conference", _DT, "新闻发布会时间", "举行新闻发布会时间"),
    ),
    id_field="id",
    file_names=("opinions", "opinion", "舆情", "政务舆情"),
    doc="One 政务舆情: found, perhaps a 突发事件's, and answered.",
    order=(
        ("detected", "responded"),
        ("occurred", "authoritative"),
        ("occurred", "press_conference"),
    ),
)

_RSP01 = "《国务院办公厅关于在政务公开工作中进一步做好政务舆情回应的通知》（国办发〔2016〕61号）"
_RSP02 = "《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）"

OPINION_CASE = CaseKind(
    name="opinion",
    label="政务舆情",
    record_kind="opinion",
    opening="detected",
    events=(
        EventType("detected", "发现舆情", field="detected"),
        EventType("responded", "回应", field="responded", after=("detected",), basis=_RSP01),
        EventType(
            "authoritative-info",
            "发布权威信息",
            field="authoritative",
            after=("detected",),
            after_end=True,
            basis=_RSP02,
        ),
        EventType(
            "press-conference",
            "举行新闻发布会",
            field="press_conference",
            after=("detected",),
            after_end=True,
            basis=_RSP01,
        ),
        EventType("closed", "结案", after=("detected",), closes=True),
    ),
    fields=("title", "emergency", "occurred"),
    doc="一条政务舆情：一般舆情48小时内回应；特别重大、重大突发事件5小时内发布权威信息、24小时内举行新闻发布会。",
)
