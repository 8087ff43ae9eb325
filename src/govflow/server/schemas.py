"""The shapes of the answers, for the OpenAPI description: a Java or JavaScript developer
generates a client from ``/openapi.json`` alone.  The endpoints return the command line's
``--json`` documents as they are; these models only describe them (``responses=``), and
tests/test_server.py and the Yudu service tests validate real answers against them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CaseOut", "DayOut", "DueOut", "LogOut", "ProblemOut", "documented"]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class ProblemOut(_Shape):
    """RFC 9457 problem document (``application/problem+json``)."""

    type: str = Field(examples=["about:blank"])
    title: str = Field(description="中文标题", examples=["节假日安排尚未发布"])
    status: int = Field(examples=[409])
    detail: str = Field(description="中文说明：哪个字段、什么原因、怎么办")


class DayOut(_Shape):
    date: str = Field(examples=["2023-10-07"])
    workday: bool = Field(description="是否工作日")
    kind: str = Field(description="workday、weekend、holiday、makeup_workday……")
    name: str | None = Field(description="节日名称")
    status: str = Field(description="official（已发布的通知）或 provisional（估算）")
    notice: str | None = Field(description="依据的通知文号")


class TraceStep(_Shape):
    step: str
    text: str = Field(description="中文说明的一步")


class SourceOut(_Shape):
    id: str
    title: str = Field(description="法规名称和条款")
    quote: str = Field(description="原文")


class DueOut(_Shape):
    start: str
    period: str
    due: str = Field(description="到期日 YYYY-MM-DD（小时期限为时刻）", examples=["2023-11-01"])
    status: str = Field(description="official 或 provisional")
    trace: list[TraceStep] = Field(description="计算过程")
    sources: list[SourceOut] = Field(description="依据")
    calendar_version: str


class ClockOut(_Shape):
    rule: str = Field(description="规则编号")
    title: str
    status: str = Field(description="violated、at_risk、pending、met……")
    due: str | None
    done: str | None
    explanation: str = Field(description="中文说明")
    action: str | None = Field(default=None, description="应办事项")


class EventOut(_Shape):
    seq: int = Field(description="事件序号（更正、撤销时引用）")
    type: str = Field(examples=["replied"])
    occurred: str = Field(description="发生日期或时刻")
    amount: int | None
    supersedes: int | None
    actor: str = Field(description="登记人")
    recorded_at: str | None = Field(description="登记时间（北京时间）")
    note: str


class CaseOut(_Shape):
    id: str
    kind: str
    unit: str
    as_of: str
    status: str = Field(description="overdue、open、suspended、done-late、done、closed……")
    status_label: str = Field(description="中文状态：已逾期、办理中……")
    due: str | None = Field(description="下一个（或已错过的）期限")
    reason: str | None = Field(description="无法计算时的原因")
    fields: dict[str, Any]
    clocks: list[ClockOut] = Field(default_factory=list, description="每条计时规则")
    events: list[EventOut] = Field(default_factory=list)


class LogOut(_Shape):
    id: str
    kind: str
    unit: str
    events: list[EventOut]


def documented(
    model: type[BaseModel], status: int = 200, *, many: bool = False
) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route answering *model* (a list of them if *many*)."""
    schema: Any = list[model] if many else model  # type: ignore[valid-type]
    return {
        status: {"model": schema},
        404: {"model": ProblemOut, "content": {"application/problem+json": {}}},
        409: {"model": ProblemOut, "content": {"application/problem+json": {}}},
        422: {"model": ProblemOut, "content": {"application/problem+json": {}}},
    }
