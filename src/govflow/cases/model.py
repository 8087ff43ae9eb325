"""A live case and its append-only events; the record its events write, and the events that
cannot happen.

Events are never edited: a correction is a new event that *supersedes* an earlier one (a new
date, or none: the earlier event withdrawn).  :meth:`Case.effective` is the history that counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from attrs import evolve, frozen

from govflow.cases.kinds import CaseKind, EventType
from govflow.errors import InputError
from govflow.text.dates import BEIJING

__all__ = [
    "BEIJING",
    "Case",
    "CaseEvent",
    "EventRefused",
    "as_day",
    "shown",
]

RETRACT = "retracted"
"""The event type of a withdrawal: it supersedes an event and puts nothing in its place."""


class EventRefused(InputError):
    """An event that cannot happen, refused before anything is stored (exit 2)."""

    label = "事件不能登记"


def as_day(value: date | datetime) -> date:
    return value.astimezone(BEIJING).date() if isinstance(value, datetime) else value


def shown(value: date | datetime) -> str:
    """``2023-06-01`` or ``2023-06-01 09:30`` (Beijing time)."""
    if isinstance(value, datetime):
        return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


@frozen
class CaseEvent:
    """One event as recorded: what happened and when, and who recorded it, when and why."""

    type: str
    occurred: date | datetime
    amount: int | None = None
    note: str = ""
    actor: str = ""
    recorded_at: datetime | None = None
    """When it was recorded (an aware moment; shown in Beijing time)."""
    seq: int | None = None
    """Its number in the store (``None`` before it is stored)."""
    supersedes: int | None = None
    """The :attr:`seq` of the earlier event this one corrects or withdraws."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "type": self.type,
            "occurred": shown(self.occurred),
            "amount": self.amount,
            "supersedes": self.supersedes,
            "actor": self.actor,
            "recorded_at": self.recorded_at.astimezone(BEIJING).isoformat(timespec="seconds")
            if self.recorded_at
            else None,
            "note": self.note,
        }


@frozen
class Case:
    """A case: its kind, id, unit, the fields given when it was opened, and its events."""

    kind: CaseKind
    id: str
    unit: str
    fields: Mapping[str, Any]
    events: tuple[CaseEvent, ...]

    def effective(self) -> list[CaseEvent]:
        """The events that count: each superseded event replaced by its correction (or gone,
        when withdrawn), in the order they happened (by date, then as recorded)."""
        if len(self.events) == 1 and self.events[0].type != RETRACT:
            return list(self.events)  # a case just opened: most of a store's open cases
        replaced = {e.supersedes for e in self.events if e.supersedes is not None}
        kept = [e for e in self.events if e.seq not in replaced and e.type != RETRACT]
        return sorted(kept, key=lambda e: (as_day(e.occurred), _order(e)))

    def record_data(self, effective: list[CaseEvent] | None = None) -> dict[str, Any]:
        """The record the case's history writes: the fields of its kind as a ledger row has
        them (the same row ``case export`` writes and ``check`` reads).  *effective*: the
        events that count, when the caller has them already."""
        data: dict[str, Any] = {"id": self.id, "unit": self.unit}
        data.update(self.kind.fixed)
        data.update({k: v for k, v in self.fields.items() if v is not None})
        for e in self.effective() if effective is None else effective:
            spec = self.kind.event(e.type)
            if spec.field is not None:
                data[spec.field] = e.occurred
            if spec.flag is not None:
                data[spec.flag] = True
            if spec.amount is not None:
                data[spec.amount] = e.amount
        return data

    @property
    def received(self) -> date | datetime | None:
        for e in self.effective():
            if e.type == self.kind.opening:
                return e.occurred
        return None

    @property
    def closed(self) -> bool:
        return any(self.kind.event(e.type).closes for e in self.effective())

    def log(self) -> dict[str, Any]:
        """The audit log: every event as recorded, superseded and retracted ones included."""
        return {
            "id": self.id,
            "kind": self.kind.name,
            "unit": self.unit,
            "events": [e.to_dict() for e in self.events],
        }

    def with_event(self, event: CaseEvent) -> Case:
        return evolve(self, events=(*self.events, event))


def _order(e: CaseEvent) -> tuple[int, int]:
    return (0 if e.seq is None else 1, e.seq or 0)


def refuse_event(case: Case, event: CaseEvent, today: date) -> None:
    """Raise :class:`EventRefused`, naming the rule, if *event* cannot join *case*'s history:
    an unknown type, a date in the future, an event that may happen once and did, one that
    needs an earlier event that is missing or dated later, anything after the case closed or
    after its duty ended, a correction of an event that is not there."""
    kind = case.kind
    where = f"案件 {case.id}"
    if event.type == RETRACT:
        if event.supersedes is None:
            raise EventRefused(f"{where}：撤销事件须指明被撤销事件的序号（--supersedes）")
        target = _superseded(case, event)
        if target.type == kind.opening:
            raise EventRefused(f"{where}：不能撤销开案事件（{kind.event(kind.opening).label}）")
        return
    spec = kind.event(event.type)
    day = as_day(event.occurred)
    if day > today:
        raise EventRefused(
            f"{where}：{spec.label}日期 {shown(event.occurred)} 晚于今天 {today}，事件尚未发生"
        )
    if spec.amount is not None:
        _check_amount(where, spec, event.amount)
    elif event.amount is not None:
        raise EventRefused(f"{where}：{spec.label}不带数量（只有批准延期带延长的工作日数）")
    effective = case.effective()
    if event.supersedes is not None:
        target = _superseded(case, event)
        if target.type != event.type:
            raise EventRefused(
                f"{where}：第 {target.seq} 号事件是{kind.event(target.type).label}，"
                f"更正它的事件也应是{kind.event(target.type).label}，不能是{spec.label}"
            )
        effective = [e for e in effective if e.seq != target.seq]
    elif any(e.type == event.type for e in effective):
        first = next(e for e in effective if e.type == event.type)
        raise EventRefused(
            f"{where}：已有{spec.label}（第 {first.seq} 号事件，{shown(first.occurred)}），"
            f"每件只能有一次；日期有误请用 --supersedes {first.seq} 更正"
        )
    _check_sequence(case, effective, event, spec, day)


def _check_amount(where: str, spec: EventType, amount: int | None) -> None:
    if amount is None:
        raise EventRefused(f"{where}：{spec.label}须给出{spec.amount_label}（--days）")
    if amount <= 0:
        raise EventRefused(f"{where}：{spec.amount_label}应为正整数，实际为 {amount}")


def _superseded(case: Case, event: CaseEvent) -> CaseEvent:
    for e in case.events:
        if e.seq == event.supersedes:
            if any(o.supersedes == e.seq for o in case.events):
                raise EventRefused(
                    f"案件 {case.id}：第 {e.seq} 号事件已被更正过，请更正最新的那一条"
                )
            if e.type == RETRACT:
                raise EventRefused(f"案件 {case.id}：第 {e.seq} 号事件是撤销，不能再更正")
            return e
    raise EventRefused(f"案件 {case.id} 没有第 {event.supersedes} 号事件")


def _check_sequence(
    case: Case, effective: Sequence[CaseEvent], event: CaseEvent, spec: EventType, day: date
) -> None:
    kind = case.kind
    where = f"案件 {case.id}"
    basis = f"（{spec.basis}）" if spec.basis else ""
    correction = event.supersedes is not None  # fixing the record, not a new step
    closing = [e for e in effective if kind.event(e.type).closes]
    if closing and not correction:
        c = closing[0]
        raise EventRefused(
            f"{where} 已于 {shown(c.occurred)} 结案（第 {c.seq} 号事件），不能再登记{spec.label}"
        )
    ended = [e for e in effective if kind.event(e.type).ends]
    if ended and not spec.closes and not spec.after_end and not correction:
        c = ended[0]
        raise EventRefused(
            f"{where} 已于 {shown(c.occurred)} {kind.event(c.type).label}（第 {c.seq} 号事件），"
            f"办理已终结，不能再登记{spec.label}"
        )
    for e in effective:
        later = kind.event(e.type)
        if event.type in later.after and as_day(e.occurred) < day:
            raise EventRefused(
                f"{where}：{spec.label}日期 {shown(event.occurred)} 晚于其后的"
                f"{later.label} {shown(e.occurred)}（第 {e.seq} 号事件）{basis}"
            )
    if event.type == kind.opening:
        return
    for name in (kind.opening, *spec.after):
        before = [e for e in effective if e.type == name]
        label = kind.event(name).label
        if not before:
            raise EventRefused(f"{where}：登记{spec.label}之前应先有{label}{basis}")
        if as_day(before[0].occurred) > day:
            raise EventRefused(
                f"{where}：{spec.label}日期 {shown(event.occurred)} 早于{label}"
                f" {shown(before[0].occurred)}（第 {before[0].seq} 号事件）{basis}"
            )


def new_event(
    type_: str,
    occurred: date | datetime,
    *,
    amount: int | None = None,
    note: str = "",
    actor: str = "",
    supersedes: int | None = None,
    now: datetime | None = None,
) -> CaseEvent:
    """An event about to be recorded (no :attr:`CaseEvent.seq` yet), stamped *now*."""
    return CaseEvent(
        type=type_,
        occurred=occurred,
        amount=amount,
        note=note,
        actor=actor,
        recorded_at=now or datetime.now(BEIJING),
        supersedes=supersedes,
    )
