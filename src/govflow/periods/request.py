"""What was asked of :func:`~govflow.periods.core.compute_due`, as data that can be saved.

``govflow due --json`` writes it as the result's ``request`` object, so that a result saved
while a year's holiday notice was missing can be computed again once the notice is installed
(``govflow notices recompute``).  The form mirrors the command line: ``start``, ``period``,
``pauses`` (``[{"from", "to"}]``), ``restart``, ``extend`` and ``holiday_only``; a library
caller's extension approval dates and reasons are kept in ``extensions`` when present.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from attrs import frozen

from govflow.periods.events import ClockEvent, Extension, Pause, Restart
from govflow.periods.period import Period, PeriodError, PeriodUnit
from govflow.text.dates import as_datetime, parse_iso_date

__all__ = ["DueRequest", "RequestError"]

_KEYS = ("start", "period", "pauses", "restart", "extend", "holiday_only", "extensions")


class RequestError(PeriodError):
    """A saved request that cannot be computed again (its message names the key at fault)."""

    label = "计算请求有误"


@frozen
class DueRequest:
    """Start, period, clock events and the last-day rule of one due-date computation."""

    start: date | datetime
    period: Period
    events: tuple[ClockEvent, ...] = ()
    weekend_extends: bool = True

    def to_dict(self) -> dict[str, Any]:
        pauses = [e for e in self.events if isinstance(e, Pause)]
        restarts = [e for e in self.events if isinstance(e, Restart)]
        extensions = [e for e in self.events if isinstance(e, Extension)]
        out: dict[str, Any] = {
            "start": self.start.isoformat(),
            "period": self.period.text or self.period.label(),
            "pauses": [_pause_dict(p) for p in pauses],
            # only the last restart counts (the earlier ones are checked, not used)
            "restart": restarts[-1].on.isoformat() if restarts else None,
            "extend": sum(e.days for e in extensions) if extensions else None,
            "holiday_only": not self.weekend_extends,
        }
        if any(e.approved_on is not None or e.reason != _DEFAULT_EXTENSION for e in extensions):
            out["extensions"] = [
                {
                    "days": e.days,
                    "approved_on": e.approved_on.isoformat() if e.approved_on else None,
                    "reason": e.reason,
                }
                for e in extensions
            ]
        return out

    @classmethod
    def from_dict(cls, data: object, *, where: str = "request") -> DueRequest:
        """The request saved as *data*; :class:`RequestError` naming ``where.key`` if malformed."""
        if not isinstance(data, Mapping):
            raise RequestError(f"{where}：应为对象，实际为 {type(data).__name__}")
        unknown = sorted(str(k) for k in data if k not in _KEYS)
        if unknown:
            raise RequestError(
                f"{where}：未知的键 {'、'.join(unknown)}；可用的键为 {', '.join(_KEYS)}"
            )
        for key in ("start", "period"):
            if not isinstance(data.get(key), str):
                raise RequestError(f"{where}.{key}：缺少或不是文本")
        try:
            period = Period.parse(data["period"])
        except PeriodError as exc:
            raise RequestError(f"{where}.period：{exc}") from None
        start: date | datetime
        try:
            if period.unit is PeriodUnit.HOURS:
                start = as_datetime(data["start"], field=f"{where}.start")
            else:
                start = parse_iso_date(data["start"], field=f"{where}.start")
        except (ValueError, TypeError) as exc:
            raise RequestError(str(exc)) from None
        events: list[ClockEvent] = []
        pauses = data.get("pauses") or []
        if not isinstance(pauses, list):
            raise RequestError(f'{where}.pauses：应为列表，如 [{{"from": …, "to": …}}]')
        for k, pause in enumerate(pauses):
            events.append(_pause(pause, f"{where}.pauses[{k}]"))
        restart = data.get("restart")
        if restart is not None:
            events.append(Restart(_day(restart, f"{where}.restart")))
        events.extend(_extensions(data, where))
        holiday_only = data.get("holiday_only", False)
        if not isinstance(holiday_only, bool):
            raise RequestError(f"{where}.holiday_only：应为 true 或 false")
        return cls(start, period, tuple(events), not holiday_only)


_DEFAULT_PAUSE = Pause(date(2000, 1, 1), date(2000, 1, 1)).reason
_DEFAULT_EXTENSION = Extension(1).reason


def _pause_dict(p: Pause) -> dict[str, str]:
    out = {"from": p.start.isoformat(), "to": p.end.isoformat()}
    if p.reason != _DEFAULT_PAUSE:
        out["reason"] = p.reason
    return out


def _day(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise RequestError(f"{where}：应为日期文本 YYYY-MM-DD，实际为 {value!r}")
    try:
        return parse_iso_date(value, field=where)
    except ValueError as exc:
        raise RequestError(str(exc)) from None


def _pause(value: object, where: str) -> Pause:
    if not isinstance(value, Mapping) or not {"from", "to"} <= set(value):
        raise RequestError(f'{where}：应为 {{"from": 日期, "to": 日期}}')
    reason = value.get("reason")
    a, b = _day(value["from"], f"{where}.from"), _day(value["to"], f"{where}.to")
    try:
        return Pause(a, b) if not isinstance(reason, str) else Pause(a, b, reason)
    except PeriodError as exc:
        raise RequestError(f"{where}：{exc}") from None


def _extensions(data: Mapping[str, Any], where: str) -> list[Extension]:
    detail = data.get("extensions")
    try:
        if detail is not None:  # the detailed form wins over the total
            if not isinstance(detail, list):
                raise RequestError(f"{where}.extensions：应为列表")
            out = []
            for k, e in enumerate(detail):
                if not isinstance(e, Mapping) or type(e.get("days")) is not int:
                    raise RequestError(f'{where}.extensions[{k}]：应为 {{"days": 整数, …}}')
                approved = e.get("approved_on")
                out.append(
                    Extension(
                        e["days"],
                        _day(approved, f"{where}.extensions[{k}].approved_on")
                        if approved is not None
                        else None,
                        e.get("reason") or _DEFAULT_EXTENSION,
                    )
                )
            return out
        extend = data.get("extend")
        if extend is None:
            return []
        if type(extend) is not int:
            raise RequestError(f"{where}.extend：应为整数或 null，实际为 {extend!r}")
        return [Extension(extend)]
    except RequestError:
        raise
    except PeriodError as exc:
        raise RequestError(f"{where}：{exc}") from None
