"""The generator's state and the helpers every part uses (working days, due dates, planting)."""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from attrs import define, field

from govflow.calendar.workcalendar import WorkCalendar
from govflow.periods.core import ClockEvent, Period, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Deadline, Obligation, Quota
from govflow.plan.schedule import occurrence_dates
from govflow.plan.units import UnitKind
from govflow_yudu.demo.model import (
    FILES,
    Pending,
    PlantedRejection,
    PlantedViolation,
    Post,
    Ref,
    check_date,
)
from govflow_yudu.demo.vocabulary import (
    TOPICS,
    TOWNSHIP_TOPICS,
)

#: The other plugins' obligations the generator times its records by: (task, period, units;
#: empty: the task's).  When a plugin is not loaded its obligation is not in the plan; the records
#: are still generated with the same dates (stand-ins with these periods, as the plugins declare
#: them), so that the files do not depend on which plugins are loaded.
STAND_INS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "response.application-reply": ("19", "20个工作日", ()),
    "response.correction-notice": ("19", "7个工作日", ()),
    "finance.government-budget": ("4", "20日", ("县财政局", "各乡(镇)人民政府")),
    "finance.department-budget": ("4", "20日", ("县政府各部门",)),
    "finance.fee-catalogue": ("4", "20个工作日", ("县财政局",)),
    "policy.active-disclosure": ("6", "20个工作日", ()),
    "livelihood.agri-subsidy": ("5", "20个工作日", ()),
    "livelihood.active-disclosure": ("5", "20个工作日", ()),
    "livelihood.land-pre-notice": ("5", "10个工作日", ("县自然资源局",)),
    "livelihood.land-compensation-notice": ("5", "30日", ("县自然资源局",)),
    "livelihood.land-acquisition-notice": ("5", "15个工作日", ("县自然资源局",)),
}


@define
class Builder:
    """The generator's state: the plan, calendar and random source, and what is generated."""

    plan: Plan
    cal: WorkCalendar
    rng: random.Random
    scale: float
    plant: bool
    rules: frozenset[str]
    """The ids of the rules the check runs besides the plan's obligations (plugins' rules)."""
    start: date = field(init=False)
    end: date = field(init=False)
    as_of: date = field(init=False)
    workdays: list[date] = field(init=False)
    posts: list[Post] = field(factory=list)
    rows: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = field(factory=dict)
    violations: list[PlantedViolation] = field(factory=list)
    pending: list[Pending] = field(factory=list)
    rejections: list[PlantedRejection] = field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.start = self.plan.issued
        self.end = date(self.plan.year, 12, 31)
        self.as_of = check_date(self.plan.year)
        self.workdays = list(self.cal.iter_workdays(self.start - timedelta(days=40), self.as_of))
        self.rows = {name: [] for name, _, _, _ in FILES}

    # -- helpers -----------------------------------------------------------------------------

    def units(self, obligation_id: str) -> list[str]:
        return [u.name for u in self.plan.owner_units(self.ob(obligation_id))]

    def ob(self, obligation_id: str) -> Obligation:
        """The plan's obligation, or its stand-in when the plugin adding it is not loaded."""
        try:
            return self.plan.obligation(obligation_id)
        except KeyError:
            if obligation_id not in STAND_INS:
                raise
        task, period, units = STAND_INS[obligation_id]
        return Obligation(
            id=obligation_id,
            title=obligation_id,
            rule=Deadline(Period.parse(period), trigger="演示数据"),
            citation=Citation(document="演示数据", clause=obligation_id),
            applies_to=units,
            task=task,
            origin=obligation_id.partition(".")[0],
        )

    def checked(self, rule: str) -> bool:
        """Whether the check runs *rule*: a loaded plugin's rule, or a plan obligation the
        generic rules check (a quota, or one with evidence: an obligation without evidence,
        such as one overriding a plugin's template, is checked by that plugin's rule only)."""
        if rule in self.rules:
            return True
        try:
            ob = self.plan.obligation(rule)
        except KeyError:
            return False
        return ob.evidence is not None or isinstance(ob.rule, Quota)

    def wd(self, a: date, b: date) -> list[date]:
        """The working days in [a, b]."""
        return self.workdays[bisect_left(self.workdays, a) : bisect_right(self.workdays, b)]

    def add_wd(self, d: date, n: int) -> date:
        """*n* working days after *d* (before it when negative; *d* itself not counted)."""
        if n >= 0:
            return self.cal.add_workdays(d, n)
        i = bisect_left(self.workdays, d)
        return self.workdays[i + n]

    def next_wd(self, d: date) -> date:
        """*d* if it is a working day, else the next one."""
        return d if self.cal.is_workday(d) else self.cal.next_workday(d)

    def due(self, obligation_id: str, start: date, events: Sequence[ClockEvent] = ()) -> date:
        """The due date govflow computes for *obligation_id*'s period from *start*."""
        rule = self.ob(obligation_id).rule
        assert isinstance(rule, Deadline)
        got = compute_due(start, rule.period, calendar=self.cal, events=events).due
        return got.date() if isinstance(got, datetime) else got

    def anchor(self, obligation_id: str) -> date:
        rule = self.ob(obligation_id).rule
        assert isinstance(rule, Deadline)
        assert rule.period.anchor is not None
        return rule.period.anchor.resolve(self.plan.issued)

    def occurrences(self, obligation_id: str) -> list[date]:
        """The due dates of a recurring duty in the plan's period, as the check computes them."""
        occ = occurrence_dates(self.ob(obligation_id), self.plan, self.start, self.end, self.cal)
        return [d for d, _, _, _ in occ]

    def pick(self, days: Sequence[date]) -> date:
        return days[self.rng.randrange(len(days))]

    def moment(self, d: date, lo: int = 8 * 60 + 30, hi: int = 17 * 60 + 50) -> datetime:
        m = self.rng.randint(lo, hi)
        return datetime.combine(d, time(m // 60, m % 60))

    @staticmethod
    def next_id(prefix: str) -> Ref:
        return Ref(prefix + "{:05d}")

    def topic(self, unit: str) -> str:
        return self.rng.choice(TOPICS.get(unit, TOWNSHIP_TOPICS))

    def place(self, unit: str) -> str:
        """How a unit's own policies begin: 于都县…, or the township's name."""
        return unit if self.plan.directory.unit(unit).kind is UnitKind.TOWNSHIP else "于都县"

    def display(self, unit: str) -> str:
        u = self.plan.directory.unit(unit)
        if u.kind is UnitKind.TOWNSHIP:
            return unit
        return u.full_name or unit

    def violation(
        self,
        rule: str,
        unit: str,
        due: date | None,
        description: str,
        *,
        window: tuple[date, date] | None = None,
        entity: str | None = None,
        case: str | Ref | None = None,
    ) -> None:
        """Plant a violation; ``{id}`` in *description* stands for *case*'s final number."""
        self.pending.append((rule, unit, due, description, window, entity, case))

    def add_row(self, file: str, key: tuple[Any, ...], row: dict[str, Any]) -> None:
        self.rows[file].append((key, {k: v for k, v in row.items() if v is not None}))
