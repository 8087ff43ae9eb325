"""Clock events on a day period: :class:`Pause`, :class:`Restart` and :class:`Extension`."""

from __future__ import annotations

from datetime import date

from attrs import Attribute, field, frozen

from govflow.periods.period import PeriodError
from govflow.text.dates import as_date

__all__ = ["ClockEvent", "Extension", "Pause", "Restart"]


@frozen
class Pause:
    """The clock stops after *start* and resumes after *end*: days in (start, end] not counted.

    Models the time for third-party or other-agency opinions (条例 第三十三条第三款, CNT-12):
    *start* is the day the request for opinions was sent, *end* the day the answer arrived or the
    consultation period ran out.
    """

    start: date = field(converter=as_date)
    end: date = field(converter=as_date)
    reason: str = "征求第三方或其他机关意见"

    # a validator rather than __attrs_post_init__: the API reference lists the class through
    # its re-export in periods.core, where the docs extension cannot hide attrs' hook
    @end.validator
    def _end_after_start(self, _: Attribute[date], end: date) -> None:
        if end < self.start:
            raise PeriodError(f"中止（pause）：结束日 {end} 早于开始日 {self.start}")


def _optional_date(value: object) -> date | None:
    return None if value is None else as_date(value)


@frozen
class Restart:
    """Counting starts afresh from *on* (条例 第三十条: 补正 received, CNT-13)."""

    on: date = field(converter=as_date)
    reason: str = "收到补正后的申请，答复期限重新起算"


@frozen
class Extension:
    """The period is extended by *days* units (条例 第三十三条第二款: at most 20 working days)."""

    days: int = field()
    approved_on: date | None = field(default=None, converter=_optional_date)
    reason: str = "经政府信息公开工作机构负责人同意延长答复期限"

    @days.validator
    def _days_positive(self, _: Attribute[int], days: int) -> None:
        if days <= 0:
            raise PeriodError(f"延长（extension）：天数应为正数，实际为 {days}")


ClockEvent = Pause | Restart | Extension
