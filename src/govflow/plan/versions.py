"""Versions of a legal time limit, each with its period of validity (OpenFisca-style).

A law changes: the 2007 《政府信息公开条例》 gave 15 working days to reply and at most 15 more;
the 2019 revision, in force from 2019-05-15, gives 20 and 20.  A case is judged by the version in
force on its trigger date (an application: the day it was received), and its finding cites that
version.  A template lists its versions in order; their periods of validity follow each other
without gap or overlap (:func:`version_problems`), so at most one contains a given day.

``valid_until`` is the *last day* the version is in force (inclusive), ``None`` while it still
is; the next version starts the day after.  A version that gives no period or settings uses the
template's (its current rule); a case before the first version (or after the last one ends) is
judged by none: the rule reports it as not applicable, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from govflow.errors import InputError
from govflow.periods.core import Period
from govflow.plan.settings import Settings

if TYPE_CHECKING:
    from govflow.plan.obligations import Citation

__all__ = ["RuleVersion", "version_on", "version_problems"]


def _day(instance: object, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, date) or hasattr(value, "hour")):
        raise InputError(f"规则版本的施行日期应为日期（datetime.date），实际为 {value!r}")


@frozen(kw_only=True)
class RuleVersion:
    """One version of a legal time limit: in force from *valid_from* to *valid_until*
    (inclusive; ``None``: still in force), with its period, its settings (caps such as
    ``ClockSettings.max_extension_workdays``) and the article it comes from, the document named
    with its version (《中华人民共和国政府信息公开条例》（2007年，国务院令第492号）)."""

    valid_from: date = field(validator=_day)
    citation: Citation
    valid_until: date | None = field(default=None, validator=_day)
    period: Period | None = None
    """The period of this version; ``None``: the template's."""
    settings: Settings | None = None
    """The settings of this version; ``None``: the template's."""

    def __attrs_post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise InputError(
                f"规则版本的失效日期 {self.valid_until} 早于施行日期 {self.valid_from}"
            )

    def contains(self, day: date) -> bool:
        """Whether the version is in force on *day*."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def validity(self) -> str:
        """The period of validity in words: 「2008-05-01至2019-05-14施行」「2019-05-15起施行」."""
        if self.valid_until is None:
            return f"{self.valid_from.isoformat()}起施行"
        return f"{self.valid_from.isoformat()}至{self.valid_until.isoformat()}施行"

    def to_dict(self) -> dict[str, object]:
        return {
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "citation": self.citation.to_dict(),
        }


def version_on(versions: Sequence[RuleVersion], day: date) -> RuleVersion | None:
    """The version in force on *day*, or ``None`` when none is (before the first, after the
    last ends).  *versions* are checked (:func:`version_problems`): at most one contains it."""
    for v in versions:
        if v.contains(day):
            return v
    return None


def version_problems(versions: Sequence[RuleVersion], settings: Settings) -> str | None:
    """What is wrong with *versions* of a template whose settings are *settings*, in Chinese,
    or ``None``: each must start the day after the previous one ends (no gap, no overlap), only
    the last may be open-ended, and a version's settings must be of the template's class (a
    plan's override is read against it)."""
    for i, v in enumerate(versions):
        if not isinstance(v, RuleVersion):
            return f"versions[{i}] 应为 RuleVersion，实际为 {v!r}"
        if v.settings is not None and type(v.settings) is not type(settings):
            return (
                f"版本 {v.validity()} 的设置项类型 {type(v.settings).__name__} 与模板的 "
                f"{type(settings).__name__} 不同"
            )
    for prev, nxt in pairwise(versions):
        if prev.valid_until is None:
            return f"版本 {prev.validity()} 没有失效日期，其后却还有版本 {nxt.validity()}"
        follows = prev.valid_until + timedelta(days=1)
        if nxt.valid_from < follows:
            return f"版本 {prev.validity()} 与 {nxt.validity()} 的施行期间重叠或顺序颠倒"
        if nxt.valid_from > follows:
            return (
                f"版本 {prev.validity()} 与 {nxt.validity()} 之间有空档"
                f"（{follows.isoformat()} 至 {(nxt.valid_from - timedelta(days=1)).isoformat()}"
                "没有版本施行）；后一版本应自前一版本失效的次日起施行"
            )
    return None
