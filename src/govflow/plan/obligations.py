"""Obligations: what must happen, by whom, and its time rule, with the clause it comes from.

Three time rules cover what plans and laws write:

* :class:`Deadline`: a period from a trigger event (「答复期限不超过5个工作日」 from receipt of a
  message) or a calendar anchor (「2023年9月底前」「年底前」);
* :class:`Recurrence`: a repeated duty (「每周一自查」「每月一通报」「每周汇总1次」) as an RFC 5545
  rule for ``dateutil.rrule``, with a convention for occurrences that fall on rest days;
* :class:`Quota`: at least N items in each window (「每周至少2次更新」「每月信息总量不低于50条」
  「每年至少举办1次」).

``per`` makes a duty per entity: each unit separately (the default), each village of a township,
or once for everyone named.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from attrs import Factory, field, frozen

from govflow.errors import InputError
from govflow.periods.core import Period, PeriodUnit
from govflow.plan.settings import ClockSettings, Settings

__all__ = [
    "CLOCK_EVENT_FIELDS",
    "GRADES",
    "Area",
    "AreaBinding",
    "Citation",
    "Deadline",
    "Evidence",
    "Obligation",
    "ObligationTemplate",
    "Per",
    "Quota",
    "Recurrence",
    "RestDayRule",
    "RuleVersion",
    "Severity",
    "TimeRule",
    "Window",
    "default_settings",
    "version_on",
    "version_problems",
]

#: Evidence grades of a rule's source: primary text read (P), government source (G),
#: secondary report (S), unverified (U).
GRADES = ("P", "G", "S", "U")


def _settings(instance: object, attribute: object, value: object) -> None:
    if not isinstance(value, Settings):
        raise InputError(
            "settings 应为 govflow.plan.settings.Settings 的实例（如 ClockSettings(...)），"
            f"实际为 {value!r}"
        )


def _grade(instance: object, attribute: object, value: object) -> None:
    if value not in ("", *GRADES):
        raise InputError(f"引用的证据等级 grade 应为 P、G、S 或 U（或留空），实际为 {value!r}")


class Window(enum.Enum):
    """Counting windows of a quota: natural weeks (Monday to Sunday), months, quarters, years."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def label(self) -> str:
        return {"week": "每周", "month": "每月", "quarter": "每季度", "year": "每年"}[self.value]


class RestDayRule(enum.Enum):
    """What an occurrence of a recurrence does when it falls on a rest day."""

    FOLLOWING = "following"
    """Move to the next working day (每周一自查 on a holiday Monday: the next working day)."""
    PRECEDING = "preceding"
    """Move to the previous working day (by the end of the month: its last working day)."""
    KEEP = "keep"
    """Keep the date (duties that do not depend on the office being open)."""


class Per(enum.Enum):
    UNIT = "unit"
    """Each unit the obligation applies to, separately."""
    VILLAGE = "village"
    """Each village (村) of each township the obligation applies to."""
    ALL = "all"
    """Once, shared by the units named."""


@frozen
class Citation:
    """Where an obligation comes from: a plan clause or a law article, with its words."""

    document: str
    """于府办字〔2023〕32号, or a law's title."""
    clause: str
    """二、(四)10, 三、(一), or 第三十三条第二款."""
    text: str = ""
    """The words of the clause the obligation encodes."""
    source_id: str | None = None
    """The id in :data:`govflow.sources.SOURCES` for a law or convention."""
    grade: str = field(default="", validator=_grade)
    """How well the source is established (:data:`GRADES`): P primary text, G government
    source, S secondary report, U unverified; empty for a plan's own clause."""

    def cite(self) -> str:
        where = f"{self.document} {self.clause}".strip()
        return f"{where}：「{self.text}」" if self.text else where

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.document, "clause": self.clause}
        if self.text:
            out["text"] = self.text
        if self.source_id:
            out["source_id"] = self.source_id
        if self.grade:
            out["grade"] = self.grade
        return out


@frozen
class Deadline:
    """Done within *period* of *trigger*; without a trigger the period is a calendar anchor."""

    period: Period
    trigger: str | None = None
    """The event that starts the period (收到留言, 政策印发); ``None`` for 「年底前」-style anchors."""

    @property
    def kind(self) -> str:
        return "deadline"

    def describe(self) -> str:
        if self.trigger and self.period.amount == 0 and self.period.anchor is None:
            return f"{self.trigger}当日（同步）"
        if self.trigger and self.period.unit is PeriodUnit.ANCHOR:
            # a fixed date after the event, not a count from it: 「活动结束后，年底前」
            return f"{self.trigger}后，{self.period.label()}"
        if self.trigger and self.period.unit is PeriodUnit.HOURS:
            # hours run from the moment, not the day: 「发生后5小时内」 (国办发〔2016〕80号)
            return f"{self.trigger}后{self.period.label()}内"
        if self.trigger:
            return f"{self.trigger}之日起{self.period.label()}内"
        return self.period.label()


@frozen
class Recurrence:
    """A repeated duty: ``rrule`` is an RFC 5545 RRULE such as ``FREQ=WEEKLY;BYDAY=MO``."""

    rrule: str
    text: str = ""
    on_rest_day: RestDayRule = RestDayRule.FOLLOWING

    @property
    def kind(self) -> str:
        return "recurrence"

    def describe(self) -> str:
        return self.text or self.rrule


@frozen
class Quota:
    """At least *minimum* counted items in every *window*.

    *counts* names the record kind counted (``post``, ``event``); *where* narrows it
    (``{"original": True}``, ``{"kind": "开放活动"}``).
    """

    minimum: int
    window: Window
    counts: str
    where: dict[str, Any] = field(factory=dict)
    text: str = ""

    def __attrs_post_init__(self) -> None:
        if self.minimum < 1:
            raise InputError(f"定额 minimum 应为不小于 1 的整数，实际为 {self.minimum}")

    @property
    def kind(self) -> str:
        return "quota"

    def describe(self) -> str:
        return self.text or f"{self.window.label}至少{self.minimum}"


TimeRule = Deadline | Recurrence | Quota


class Severity(enum.Enum):
    """How much a violation weighs in the assessment (考核)."""

    BREACH = "breach"
    """违反法定时限: a time limit set by law or regulation was missed (an overdue 依申请公开
    reply breaks 《政府信息公开条例》); not a matter of points."""
    VETO = "veto"
    """单项否决: one violation fails the whole check (the website and new-media vetoes)."""
    DEDUCT = "deduct"
    """扣分: points are deducted."""
    REMINDER = "reminder"
    """提醒: a reminder, no deduction."""

    @property
    def label(self) -> str:
        return {
            "breach": "违反法定时限",
            "veto": "单项否决",
            "deduct": "扣分",
            "reminder": "提醒",
        }[self.value]


@frozen
class Evidence:
    """Which records show a deadline or recurrence was met.

    *kind* is the record kind and *where* narrows it (a list value matches any of its items).
    For a deadline from a trigger, *trigger* names the record field the period runs from and
    *done* the field that completes it; for an anchor deadline or a recurrence, *done* dates the
    record.  *ends* names the field where a minimum posting period ends (征地公告 公告至少三十日).
    """

    kind: str
    where: dict[str, Any] = field(factory=dict)
    trigger: str | None = None
    done: str | None = None
    ends: str | None = None
    requires: tuple[str, ...] = ()
    """Fields a record must have for the rule to apply (补正 rules need ``correction_notice``)."""
    unless: str | None = None
    """A yes/no field that takes the record out of scope (``abandoned``: 视为放弃申请)."""
    restart: str | None = None
    """A date field from which the period counts afresh (补正 received, 条例第三十条)."""
    pause_start: str | None = None
    pause_end: str | None = None
    """Date fields bounding a pause of the clock (征求意见, 条例第三十三条第三款)."""
    pause_received: str | None = None
    """A date field: the consulted party received the request; its time (the clock's
    ``max_pause_workdays``) counts from then (条例第三十二条), else from *pause_start*."""
    extension: str | None = None
    """A whole-number field of extra working days granted (延期, 第三十三条第二款)."""
    extension_approved: str | None = None

    @property
    def clock_fields(self) -> tuple[str, ...]:
        """The record fields whose filled cells move a case's clock (restart, pause, extension):
        a case with none of them filled counts plainly from its trigger."""
        return tuple(value for name in CLOCK_EVENT_FIELDS if (value := getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.where:
            out["where"] = dict(self.where)
        for name in _EVIDENCE_FIELDS:
            value = getattr(self, name)
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


CLOCK_EVENT_FIELDS = (
    "restart",
    "pause_start",
    "pause_end",
    "pause_received",
    "extension",
    "extension_approved",
)
"""The :class:`Evidence` attributes naming the fields of a case's clock events."""

_EVIDENCE_FIELDS = ("trigger", "done", "ends", "requires", "unless", *CLOCK_EVENT_FIELDS)


@frozen
class Obligation:
    """What must happen, by whom, and when: one executable rule of a plan or law."""

    id: str
    """Unique within a plan, e.g. ``10.weekly-updates``."""
    title: str
    rule: TimeRule
    citation: Citation
    applies_to: tuple[str, ...] = ()
    """Unit or group names; empty means the task's responsible units."""
    per: Per = Per.UNIT
    area: str = ""
    task: str = ""
    """The task number (``10``) or safeguard (``三(一)``) the obligation belongs to."""
    origin: str = "plan"
    """``plan`` for the plan file; the plugin's name for obligations a plugin adds."""
    settings: Settings = field(
        default=Factory(lambda self: default_settings(self.rule), takes_self=True),
        validator=_settings,
    )
    """The thresholds its rule reads (:mod:`govflow.plan.settings`); a plan may override a
    plugin's values with an obligation of the same id."""
    evidence: Evidence | None = None
    """Which records show this obligation met; without it only the agenda uses it."""
    severity: Severity = Severity.DEDUCT
    versions: tuple[RuleVersion, ...] = ()
    """The versions of a legal limit that changed over time, each with its period of
    validity (:class:`RuleVersion`); empty: the rule, settings and citation above
    apply to every case."""

    @property
    def clock(self) -> ClockSettings:
        """The clock settings of a triggered deadline (the defaults if it has none)."""
        s = self.settings
        return s if isinstance(s, ClockSettings) else ClockSettings()

    def version_on(self, day: date) -> RuleVersion | None:
        """The version in force on *day* (``None`` if none is, or the obligation has none)."""
        return version_on(self.versions, day)

    def describe(self) -> str:
        rule = self.rule
        if isinstance(rule, Deadline):
            period = self.clock.period(rule.period)
            if self.clock.minimum_posting:
                return f"{rule.trigger or '张贴'}后公示不少于{period.label()}"
            if period != rule.period:
                return Deadline(period, rule.trigger).describe()
        return rule.describe()


@frozen
class AreaBinding:
    """Where a plugin's area binds in a plan, without editing the plan file.

    Give one or more of: *tasks* (task numbers), *keywords* (a task whose title or text contains
    one of them), *units* (unit or group names of the plan's directory: the area's obligations
    bind those units), or *whole_plan*.  *plans* limits the binding to those plan ids (empty:
    every plan).  A task may belong to several areas: its own ``area`` and every binding.
    """

    tasks: tuple[int, ...] = ()
    keywords: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    whole_plan: bool = False
    plans: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not (self.tasks or self.keywords or self.units or self.whole_plan):
            raise InputError(
                "领域绑定 AreaBinding 应给出 tasks、keywords、units 或 whole_plan=True"
            )

    def applies_to(self, plan_id: str) -> bool:
        return not self.plans or plan_id in self.plans


@frozen
class Area:
    """A task area of plans (财政信息公开, 政务新媒体 …), contributed by a plugin.

    A plan's areas are those its tasks name (``Task.area``), those its ``[areas]`` table maps,
    and those bound by *binds* (see :class:`AreaBinding`).
    """

    id: str
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    """Words that mark a task of this area in a plan's text (used when importing a plan)."""
    binds: tuple[AreaBinding, ...] = ()
    """Where the area binds in plans that do not name it on their tasks."""


@frozen
class ObligationTemplate:
    """An obligation a plugin adds to every plan with a task in its area.

    Most are legal rules the plan text leaves implicit (依申请公开 20 working days).  Binding
    attaches the template to the first task of the area whose text mentions one of *keywords*
    (or the area's first task); ``applies_to`` empty means that task's responsible units.  A plan
    obligation with the same id overrides the template (the plan's threshold applies).
    """

    id: str
    title: str
    rule: TimeRule
    citation: Citation
    area: str
    applies_to: tuple[str, ...] = ()
    per: Per = Per.UNIT
    keywords: tuple[str, ...] = ()
    settings: Settings = field(
        default=Factory(lambda self: default_settings(self.rule), takes_self=True),
        validator=_settings,
    )
    """The thresholds its rule reads; also the class a plan's obligation of the same id is
    read against."""
    evidence: Evidence | None = None
    severity: Severity = Severity.DEDUCT
    versions: tuple[RuleVersion, ...] = ()
    """The versions of a legal limit that changed (2007 条例 15 working days, 2019 条例 20),
    in order, each with its period of validity, and its own period, settings and citation
    (:class:`RuleVersion`).  A case is judged by the version in force
    on its trigger date; *rule*, *settings* and *citation* are the current ones (the agenda's),
    and a version that gives no period or settings uses them.  Only a deadline from a trigger
    event has versions (checked when the plugin registers)."""

    def bind(self, task: str, origin: str) -> Obligation:
        return Obligation(
            id=self.id,
            title=self.title,
            rule=self.rule,
            citation=self.citation,
            applies_to=self.applies_to,
            per=self.per,
            area=self.area,
            task=task,
            origin=origin,
            settings=self.settings,
            evidence=self.evidence,
            severity=self.severity,
            versions=self.versions,
        )


# -- versions of a legal time limit: each with its period of validity (OpenFisca-style) --------
# A case is judged by the version in force on its trigger date (an application: the day it was
# received) and its finding cites that version.  ``valid_until`` is the last day in force
# (inclusive); the next version starts the day after, without gap or overlap
# (:func:`version_problems`, checked when a plugin registers its templates).


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


def default_settings(rule: TimeRule) -> Settings:
    """The settings of an obligation with *rule* that sets none: clock settings for a deadline
    from a trigger event, else none."""
    if isinstance(rule, Deadline) and rule.trigger is not None:
        return ClockSettings()
    return Settings()
