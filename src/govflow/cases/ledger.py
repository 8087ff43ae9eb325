"""Between cases and ledgers: a ledger row becomes a case with its events (``case import``), and
a case becomes the ledger row its events write (``case export``), the row ``check`` reads.

A row becomes a case when its record kind has a case kind: the opening event from the trigger
date, one event per other date field the row fills, in the order they happened.  A row that
cannot be a case (its events impossible, its id taken) is rejected with the reason; nothing is
dropped.  A yes/no field such as 视为放弃 has no date of its own in a ledger: its event takes the
row's latest date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from attrs import evolve

from govflow.cases.kinds import CaseKind
from govflow.cases.model import Case, CaseEvent, EventRefused, as_day, refuse_event
from govflow.compliance.kinds import FieldType, Record, RecordKind, Rejected
from govflow.compliance.values import converter

__all__ = ["case_kind_of", "case_of_record", "export_rows"]


def case_kind_of(record: Record, case_kinds: Iterable[CaseKind]) -> CaseKind | None:
    """The case kind a record of its kind and fixed fields becomes, if any: of those that
    match, the most specific (most fixed fields), then the first registered."""
    matching = [
        k
        for k in case_kinds
        if k.record_kind == record.kind and all(record.data.get(f) == v for f, v in k.fixed)
    ]
    return max(matching, key=lambda k: len(k.fixed), default=None)


def case_of_record(
    record: Record, kind: CaseKind, unit: str, today: date, actor: str, note: str
) -> Case | Rejected:
    """The case a ledger row records, its events checked in the order they happened as if
    entered one by one; or the row rejected with the reason."""
    data = record.data
    dated: list[tuple[date | datetime, int, CaseEvent]] = []
    flags: list[tuple[int, CaseEvent]] = []
    for order, spec in enumerate(kind.events):
        if spec.field is not None and data.get(spec.field) is not None:
            amount = data.get(spec.amount) if spec.amount else None
            if spec.amount and amount is None:
                return _reject(record, spec.amount, f"有{spec.label}日期而没有{spec.amount_label}")
            event = CaseEvent(spec.name, data[spec.field], amount=amount, note=note, actor=actor)
            dated.append((data[spec.field], order, event))
        elif spec.amount and data.get(spec.amount) is not None:
            field = spec.field or spec.amount
            return _reject(
                record, field, f"有{spec.amount_label}而没有{spec.label}日期：无法确定该事件的日期"
            )
        elif spec.flag is not None and data.get(spec.flag):
            flags.append((order, CaseEvent(spec.name, date.min, note=note, actor=actor)))
    dated.sort(key=lambda t: (as_day(t[0]), t[1]))
    if not dated or dated[0][2].type != kind.opening:
        opening = kind.event(kind.opening)
        return _reject(record, opening.field or "", f"缺少{opening.label}日期，无法开案")
    latest = max(as_day(t[0]) for t in dated)
    events = [e for _, _, e in dated] + [evolve(e, occurred=latest) for _, e in flags]
    fields = {
        f: (v.isoformat() if isinstance(v, date) else v)
        for f in kind.fields
        if (v := data.get(f)) is not None
    }
    case = Case(kind, str(data["id"]), unit, fields, ())
    for seq, event in enumerate(events, start=1):
        numbered = evolve(event, seq=seq)
        if seq > 1:
            try:
                refuse_event(case, numbered, today)
            except EventRefused as exc:
                spec = kind.event(event.type)
                return _reject(record, spec.field or spec.flag or "", _bare(str(exc), case.id))
        case = case.with_event(numbered)
    return evolve(case, events=tuple(evolve(e, seq=None) for e in case.events))


def _bare(message: str, case_id: str) -> str:
    prefix = f"案件 {case_id}："
    return message[len(prefix) :] if message.startswith(prefix) else message


def _reject(record: Record, field: str, reason: str) -> Rejected:
    return Rejected(record.source, record.line, field, reason)


def record_of(case: Case, kind: RecordKind) -> dict[str, Any]:
    """The case's record with its opening fields typed as *kind* types them (a moment given at
    opening, such as a 突发事件's 发生时间, is kept in the store as text)."""
    data = case.record_data()
    for name, value in case.fields.items():
        if isinstance(value, str):
            spec = kind.field(name)
            if spec.type in (FieldType.DATE, FieldType.DATETIME):
                data[name] = converter(spec)(value)
    return data


def export_rows(cases: Sequence[Case], kind: RecordKind) -> list[list[str]]:
    """The ledger of *cases* (all of record kind *kind*): the header (the fields' Chinese
    labels, which ``check`` reads) and a row per case."""
    header = [f.label for f in kind.fields]
    rows = [header]
    for c in cases:
        data = record_of(c, kind)
        rows.append([_cell(data.get(f.name)) for f in kind.fields])
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        from govflow.text.dates import BEIJING

        moment = value.astimezone(BEIJING)
        return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
