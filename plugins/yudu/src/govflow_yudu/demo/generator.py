"""The demo generator: the parts put together, and :func:`generate`."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from govflow.calendar.workcalendar import WorkCalendar
from govflow.plan.model import Plan
from govflow_yudu.demo.disclosures import Disclosures
from govflow_yudu.demo.events import Events
from govflow_yudu.demo.model import (
    DEFAULT_SEED,
    PLAN_ID,
    DemoData,
    DemoError,
)
from govflow_yudu.demo.monitoring import Monitoring
from govflow_yudu.demo.posts import Posts
from govflow_yudu.demo.rejections import Rejections
from govflow_yudu.demo.reports import Reports
from govflow_yudu.demo.requests import Requests
from govflow_yudu.demo.writer import Writer


class Generator(Posts, Events, Requests, Disclosures, Monitoring, Reports, Rejections, Writer):
    """Every part of the demo, on one state."""


def generate(
    out: str | Path,
    *,
    year: int = 2023,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    plant: bool = True,
    plan: Plan | None = None,
    calendar: WorkCalendar | None = None,
    rules: Iterable[str] | None = None,
) -> DemoData:
    """Write the demo records for *year* into *out* (created if needed) and ``planted.json``.

    *scale* sets the volume of posts above the quotas' floors (1.0: tens of thousands of posts;
    0: the least that meets every quota, for fast tests); *plant* ``False`` writes the same kind
    of data with nothing planted, every row compliant.  *plan*, *calendar* and *rules* (the ids
    of the plugins' rules the check runs besides the plan's obligations) default to the
    registry's ``yudu-2023``, calendar and rules; a planted violation of a rule neither in the
    plan nor in *rules* is moved to :attr:`DemoData.skipped`.
    """
    if plan is None or calendar is None or rules is None:
        from govflow.plugins.manager import registry

        reg = registry()
        plan = plan or reg.load_plan(PLAN_ID)
        calendar = calendar or reg.calendar()
        if rules is None:
            rules = [r.id for r in reg.rules(plan)]
    assert plan is not None
    assert calendar is not None
    if plan.id != PLAN_ID:
        raise DemoError(f"演示数据按方案 {PLAN_ID} 生成，不能用于方案 {plan.id}")
    if year != plan.year:
        raise DemoError(
            f"--year {year}：演示数据按《{plan.title}》（{plan.number}）生成，只支持 {plan.year} 年"
        )
    if not 0 <= scale <= 10:
        raise DemoError(f"--scale {scale}：应为 0 到 10 之间的数")
    b = Generator(plan, calendar, random.Random(seed), scale, plant, frozenset(rules))
    b.gen_posts()
    b.write_posts()
    b.gen_events()
    b.gen_messages()
    b.gen_applications()
    b.gen_disclosures()
    b.gen_monitoring(seed)
    b.gen_reports(seed)
    for rows in b.rows.values():
        rows.sort(key=lambda item: item[0])
    if plant:
        b.plant_rejections()
    b.posts.clear()
    return b.write(Path(out), seed)
