"""Case kinds: which events a live case of a kind may have, and which record field each sets.

A case is a record being written as it happens.  Its kind names the record kind it becomes
(:attr:`CaseKind.record_kind`) and its event types (:class:`EventType`): each sets one date field
of the record (``correction-requested`` sets ``correction_notice``), so the case's deadline,
status and trace are what ``govflow check`` finds for that record, by the same rules.

The built-in kinds are those of the built-in record kinds with a per-case clock: ``application``
(依申请公开) and ``message`` (网民留言).  Plugins add kinds through ``govflow_case_kinds``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from attrs import frozen

from govflow.errors import InputError

__all__ = [
    "APPLICATION_CASE",
    "BUILTIN_CASE_KINDS",
    "MESSAGE_CASE",
    "CaseKind",
    "CaseKindError",
    "EventType",
]


class CaseKindError(InputError):
    """A case kind that does not fit its record kind (a plugin's mistake)."""

    label = "案件类别有误"


@frozen
class EventType:
    """One kind of event in a case's life, and what it writes into the case's record."""

    name: str
    """The event's name on the command line and in the API (``correction-requested``)."""
    label: str
    """The Chinese name (「告知补正」)."""
    field: str | None = None
    """The record field the event's date goes into (``correction_notice``); ``None`` for an
    event that only marks the case (``closed``)."""
    flag: str | None = None
    """A yes/no record field the event sets (``abandoned``: 视为放弃申请)."""
    amount: str | None = None
    """A whole-number record field the event carries (``extension_days``); the event must
    give it."""
    amount_label: str = ""
    after: tuple[str, ...] = ()
    """Events that must already have happened, and not later than this one (收到补正 after
    告知补正).  Every event follows the opening event."""
    ends: bool = False
    """The duty is done (答复) or lapsed (视为放弃): later only ``closed`` and events that may
    follow the end may."""
    after_end: bool = False
    """The event may follow the end of the duty (报备 after the reply)."""
    closes: bool = False
    """The case is closed: nothing may follow."""
    basis: str = ""
    """The rule that orders the event, for refusals (「条例第三十条」)."""


@frozen
class CaseKind:
    """A kind of live case: the record kind it becomes and its event types."""

    name: str
    label: str
    record_kind: str
    opening: str
    """The event that opens a case (``received``); it sets the record's trigger date."""
    events: tuple[EventType, ...]
    fields: tuple[str, ...] = ()
    """Record fields given when the case is opened (``channel``, ``simple``)."""
    fixed: tuple[tuple[str, str], ...] = ()
    """Record fields every case of the kind has, as pairs (``(("kind", "审计整改结果"),)``)."""
    doc: str = ""

    def event(self, name: str) -> EventType:
        found = _by_name(self.events).get(name)
        if found is not None:
            return found
        names = "、".join(f"{e.name}（{e.label}）" for e in self.events)
        raise InputError(f"{self.label}案件没有事件 {name!r}；可用的事件：{names}")

    def check(self, fields: Mapping[str, object]) -> None:
        """Raise :class:`CaseKindError` unless the kind fits *fields* (a record kind's field
        names): its events name existing fields, its opening event exists."""
        names = {e.name for e in self.events}
        if self.opening not in names:
            raise CaseKindError(f"案件类别 {self.name}：开案事件 {self.opening!r} 不在其事件中")
        for e in self.events:
            for f in (e.field, e.flag, e.amount):
                if f is not None and f not in fields:
                    raise CaseKindError(
                        f"案件类别 {self.name} 的事件 {e.name}：记录类别 {self.record_kind} "
                        f"没有字段 {f!r}"
                    )
            for a in e.after:
                if a not in names:
                    raise CaseKindError(
                        f"案件类别 {self.name} 的事件 {e.name}：前置事件 {a!r} 不存在"
                    )
        for f in (*self.fields, *(name for name, _ in self.fixed)):
            if f not in fields:
                raise CaseKindError(
                    f"案件类别 {self.name}：记录类别 {self.record_kind} 没有字段 {f!r}"
                )


@functools.cache
def _by_name(events: tuple[EventType, ...]) -> dict[str, EventType]:
    return {e.name: e for e in events}


_ARTICLE_30 = "《中华人民共和国政府信息公开条例》第三十条"
_ARTICLE_32 = "《中华人民共和国政府信息公开条例》第三十二条"
_ARTICLE_33 = "《中华人民共和国政府信息公开条例》第三十三条"

APPLICATION_CASE = CaseKind(
    name="application",
    label="依申请公开",
    record_kind="application",
    opening="received",
    events=(
        EventType("received", "收到申请", field="received", basis="条例第三十一条"),
        EventType(
            "correction-requested",
            "告知补正",
            field="correction_notice",
            after=("received",),
            basis=_ARTICLE_30,
        ),
        EventType(
            "corrected",
            "收到补正",
            field="corrected_received",
            after=("correction-requested",),
            basis=_ARTICLE_30,
        ),
        EventType(
            "consultation-sent",
            "发出征求意见",
            field="consult_start",
            after=("received",),
            basis=_ARTICLE_32,
        ),
        EventType(
            "consultation-received",
            "被征求方收到",
            field="consult_received",
            after=("consultation-sent",),
            basis=_ARTICLE_32,
        ),
        EventType(
            "consultation-answered",
            "收到意见",
            field="consult_end",
            after=("consultation-sent",),
            basis=_ARTICLE_32,
        ),
        EventType(
            "extension-approved",
            "批准延期",
            field="extension_approved",
            amount="extension_days",
            amount_label="延长工作日数",
            after=("received",),
            basis=_ARTICLE_33,
        ),
        EventType("replied", "答复", field="replied", after=("received",), ends=True),
        EventType("filed", "报备", field="filed", after=("received",), after_end=True),
        EventType(
            "abandoned",
            "视为放弃申请",
            flag="abandoned",
            after=("correction-requested",),
            ends=True,
            basis=_ARTICLE_30,
        ),
        EventType("closed", "结案", after=("received",), closes=True),
    ),
    fields=("channel", "applicant_type", "outcome", "delivery"),
    doc="一件依申请公开：收到申请起20个工作日内答复（条例第三十三条），补正重新计算、征求意见不计、延期至多20个工作日。",
)

MESSAGE_CASE = CaseKind(
    name="message",
    label="网民留言",
    record_kind="message",
    opening="received",
    events=(
        EventType("received", "收到留言", field="received"),
        EventType("replied", "答复", field="replied", after=("received",), ends=True),
        EventType("closed", "结案", after=("received",), closes=True),
    ),
    fields=("channel", "simple"),
    doc="一条网民留言：按方案规定的工作日数答复。",
)

#: The case kinds of the built-in record kinds, registered by the built-in plugin.
BUILTIN_CASE_KINDS: tuple[CaseKind, ...] = (APPLICATION_CASE, MESSAGE_CASE)
