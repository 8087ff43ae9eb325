"""The steps of a due date's explanation (:class:`TraceStep`) and how dates are written in them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from attrs import field, frozen

__all__ = ["WEEKDAYS_ZH", "TraceStep"]

WEEKDAYS_ZH = "一二三四五六日"


@frozen
class TraceStep:
    """One step of an explanation: a code for programs, a Chinese sentence for people."""

    code: str
    text: str
    date: date | None = None
    data: dict[str, Any] = field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"step": self.code, "text": self.text}
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.data:
            out["data"] = self.data
        return out


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _fmt(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") + "（北京时间）"
    return f"{value.isoformat()}（星期{WEEKDAYS_ZH[value.weekday()]}）"
