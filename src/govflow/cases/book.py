"""The case book: opening cases and recording their events in the store, each refused when it
cannot happen, and the cases as they stand on a day.

What is refused, before anything is stored (:class:`~govflow.cases.model.EventRefused`, exit 2):
an unknown kind, unit, event or field; a date in the future or not a date; an event that needs
an earlier one missing or dated later (收到补正 before 告知补正); anything after the case is closed,
or after its duty ended but 结案; a second event of a kind that happens once (a wrong date is
corrected with ``supersedes``); and whatever the rules reject in the resulting record, with
their reason — an extension beyond the legal cap names the rule and the article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from attrs import evolve

from govflow.cases.judge import CaseJudge, CaseStatus, CaseView
from govflow.cases.kinds import CaseKind, EventType
from govflow.cases.ledger import case_kind_of, case_of_record
from govflow.cases.model import (
    RETRACT,
    Case,
    CaseEvent,
    EventRefused,
    as_day,
    new_event,
    refuse_event,
)
from govflow.cases.store import CaseStore
from govflow.compliance.kinds import FieldSpec, FieldType, Record, RecordKind, Rejected
from govflow.compliance.values import converter
from govflow.errors import InputError
from govflow.plan.model import Plan
from govflow.plan.units import UnitError

__all__ = ["CaseBook"]


class CaseBook:
    """Cases of *plan*'s units in *store*, judged by *judge*; *today* (Beijing) bounds the
    dates of events (an event after it has not happened)."""

    def __init__(
        self,
        store: CaseStore,
        judge: CaseJudge,
        plan: Plan,
        record_kinds: Mapping[str, RecordKind],
        case_kinds: Mapping[str, CaseKind],
        today: date,
    ) -> None:
        self.store = store
        self.judge = judge
        self.plan = plan
        self.record_kinds = record_kinds
        self.case_kinds = case_kinds
        self.today = today

    # --- parsing ------------------------------------------------------------------------

    def kind(self, name: str) -> CaseKind:
        found = self.case_kinds.get(name)
        if found is None:
            names = "、".join(f"{k.name}（{k.label}）" for k in self.case_kinds.values())
            raise InputError(f"没有案件类别 {name!r}；可用的类别：{names}")
        return found

    def units_of(self, raw: str) -> list[str]:
        """The units *raw* names (a unit or a group); :class:`InputError` naming close ones."""
        try:
            return [u.name for u in self.plan.directory.expand(raw)]
        except UnitError as exc:
            hint = f"；相近的单位：{'、'.join(exc.suggestions)}" if exc.suggestions else ""
            raise InputError(f"单位名录中没有单位 {raw!r}{hint}") from None

    def unit(self, raw: str) -> str:
        """The canonical name of a single unit of the plan's directory."""
        units = self.units_of(raw)
        if len(units) != 1:
            raise InputError(f"{raw!r} 是包含 {len(units)} 个单位的单位组；案件应属于一个单位")
        return units[0]

    def _spec(self, kind: CaseKind, name: str) -> FieldSpec:
        return self.record_kinds[kind.record_kind].field(name)

    def moment(self, kind: CaseKind, spec: EventType, text: str) -> date | datetime:
        """The event's date (or moment, when its record field keeps the time), read as a
        ledger cell of that field is read."""
        field = (
            self._spec(kind, spec.field)
            if spec.field is not None
            else FieldSpec("date", FieldType.DATE, "日期")
        )
        try:
            value = converter(field)(text)
        except ValueError as exc:
            raise InputError(f"{spec.label}日期：{exc}") from None
        assert isinstance(value, date)
        return value

    def fields(self, kind: CaseKind, given: Mapping[str, str]) -> dict[str, Any]:
        """The opening fields, typed as the record kind types them."""
        out: dict[str, Any] = {}
        for name, raw in given.items():
            if name not in kind.fields:
                allowed = "、".join(kind.fields) or "（无）"
                raise InputError(f"{kind.label}案件开案时不能填字段 {name!r}；可填：{allowed}")
            spec = self._spec(kind, name)
            try:
                value = converter(spec)(raw)
            except ValueError as exc:
                raise InputError(f"字段 {name}（{spec.label}）：{exc}") from None
            out[name] = _stored(value)
        return out

    # --- writing ------------------------------------------------------------------------

    def open(
        self,
        kind_name: str,
        case_id: str,
        unit: str,
        received: str,
        fields: Mapping[str, str] | None = None,
        *,
        actor: str,
        note: str = "",
        now: datetime | None = None,
    ) -> CaseView:
        """Open a case with its opening event (收到申请 on *received*)."""
        kind = self.kind(kind_name)
        if not case_id.strip() or len(case_id) > 100:
            raise InputError(f"案件编号应为1至100个字符，实际为 {case_id!r}")
        opening = kind.event(kind.opening)
        event = new_event(
            kind.opening, self.moment(kind, opening, received), note=note, actor=actor, now=now
        )
        case = Case(kind, case_id, self.unit(unit), self.fields(kind, fields or {}), (event,))

        judged: list[CaseView] = []

        def check(candidate: Case) -> None:
            if as_day(event.occurred) > self.today:
                raise EventRefused(
                    f"案件 {case_id}：{opening.label}日期 {as_day(event.occurred)} 晚于今天"
                    f" {self.today}，事件尚未发生"
                )
            judged.append(self._judged(candidate))

        stored = self.store.create(case, actor, check)
        return evolve(judged[-1], case=stored)

    def record(
        self,
        case_id: str,
        event_type: str,
        occurred: str | None,
        *,
        amount: int | None = None,
        supersedes: int | None = None,
        actor: str,
        note: str = "",
        now: datetime | None = None,
    ) -> CaseView:
        """Append an event (or, with type ``retracted``, withdraw event *supersedes*)."""

        def make(case: Case) -> CaseEvent:
            if event_type == RETRACT:
                target = next((e for e in case.events if e.seq == supersedes), None)
                when: date | datetime = target.occurred if target else self.today
            else:
                spec = case.kind.event(event_type)
                if occurred is None:
                    raise InputError(f"登记{spec.label}须给出日期")
                when = self.moment(case.kind, spec, occurred)
            return new_event(
                event_type,
                when,
                amount=amount,
                note=note,
                actor=actor,
                supersedes=supersedes,
                now=now,
            )

        judged: list[CaseView] = []

        def check(case: Case, event: CaseEvent) -> None:
            refuse_event(case, event, self.today)
            judged.append(self._judged(case.with_event(event)))

        stored, _ = self.store.append(case_id, make, check)
        return evolve(judged[-1], case=stored)

    def _judged(self, candidate: Case) -> CaseView:
        """The case's view as of today; refused if the rules reject its history (an extension
        over the cap, dates out of order), with their reason.  An unpublished year is no
        reason to refuse: the history is checked again with the year estimated."""
        view = self.judge.judge([candidate], self.today)[0]
        if view.status is CaseStatus.UNJUDGED:
            estimated = view
            if not self.judge.provisional:
                estimated = self.judge.judge([candidate], self.today, provisional=True)[0]
            if estimated.status is CaseStatus.UNJUDGED:
                raise EventRefused(f"案件 {candidate.id}：{estimated.reason}")
        return view

    # --- reading ------------------------------------------------------------------------

    def view(self, case: Case, as_of: date | None = None) -> CaseView:
        return self.judge.judge([case], as_of or self.today)[0]

    def show(self, case_id: str, as_of: date | None = None) -> CaseView:
        return self.view(self.store.get(case_id), as_of)

    def views(
        self,
        as_of: date | None = None,
        *,
        unit: str | None = None,
        kind: str | None = None,
        statuses: Sequence[CaseStatus] | None = None,
    ) -> list[CaseView]:
        """The cases as of *as_of* (of *unit*, a unit or a group, of *kind*, in *statuses*)."""
        units = None if unit is None else self.units_of(unit)
        if kind is not None:
            self.kind(kind)
        moment = as_of or self.today
        # a case received after the moment did not exist then
        cases = [
            c
            for c in self.store.cases(units=units, kind=kind)
            if c.received is None or as_day(c.received) <= moment
        ]
        views = self.judge.judge(cases, moment)
        if statuses is not None:
            views = [v for v in views if v.status in statuses]
        return views

    # --- ledgers ------------------------------------------------------------------------

    def import_records(
        self, items: Iterable[Record | Rejected], *, actor: str, note: str, batch: int = 2000
    ) -> tuple[int, list[Rejected]]:
        """Open a case for each ledger row, with its events; returns how many were stored and
        the rows rejected, each with its reason (see :mod:`govflow.cases.ledger`)."""
        rejected: list[Rejected] = []
        pending: list[tuple[Record, Case]] = []
        stored = 0
        kinds = list(self.case_kinds.values())
        for item in items:
            if isinstance(item, Rejected):
                rejected.append(item)
                continue
            kind = case_kind_of(item, kinds)
            if kind is None:
                rejected.append(
                    Rejected(item.source, item.line, "", f"记录类别 {item.kind} 没有对应的案件类别")
                )
                continue
            try:
                unit = self.unit(str(item.data.get("unit", "")))
            except InputError as exc:
                rejected.append(Rejected(item.source, item.line, "unit", str(exc)))
                continue
            made = case_of_record(item, kind, unit, self.today, actor, note)
            if isinstance(made, Rejected):
                rejected.append(made)
                continue
            pending.append((item, made))
            if len(pending) >= batch:
                stored += self._store_batch(pending, actor, rejected)
                pending = []
        if pending:
            stored += self._store_batch(pending, actor, rejected)
        rejected.sort(key=lambda r: (r.source, r.line))
        return stored, rejected

    def _store_batch(
        self, pending: list[tuple[Record, Case]], actor: str, rejected: list[Rejected]
    ) -> int:
        today = max([self.today, *(as_day(e.occurred) for _, c in pending for e in c.events)])
        views = self.judge.judge([c for _, c in pending], today, provisional=True)
        good: list[tuple[Record, Case]] = []
        for (record, case), view in zip(pending, views, strict=True):
            if view.status is CaseStatus.UNJUDGED:
                rejected.append(
                    Rejected(record.source, record.line, view.reason_field, view.reason)
                )
            else:
                good.append((record, case))
        taken = self.store.create_many([c for _, c in good], actor)
        for record, case in good:
            if case.id in taken:
                rejected.append(
                    Rejected(record.source, record.line, "id", f"案件 {case.id} 已在案件库中")
                )
        return len(good) - len(taken)


def _stored(value: Any) -> Any:
    """An opening field as the store keeps it (JSON): a moment as 「2023-10-16 06:00」 (Beijing
    time, read back as a ledger cell is), a day as 「2023-10-16」."""
    if isinstance(value, datetime):
        from govflow.text.dates import BEIJING

        moment = value.astimezone(BEIJING)
        return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value
