"""The embedded yudu-2023 plan against the document it transcribes (于府办字〔2023〕32号).

The seed text is parsed here independently of the plan file (regular expressions over the page
text), and the two must agree on every task number, title, text and unit list.  The comparisons
with the seed are skipped when ``../shared`` (beside the repository) is absent.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import pytest
from attrs import frozen
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from yudu_files import REPO, yudu_plan

from govflow.periods.core import PeriodUnit
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Deadline,
    Obligation,
    Per,
    Quota,
    Recurrence,
    RestDayRule,
    Window,
)
from govflow.plan.units import Unit

SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_ea285c5c79fb354f.txt"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is absent")

PLAN = yudu_plan()

#: Characters the web page lost, restored by the plan file (see its header comment).
RESTORED = {"20239月底前": "2023年9月底前", "110119120": "110、119、120"}


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@frozen
class SeedTask:
    number: int
    section: str
    title: str
    text: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]


_SECTION = re.compile(r"^\(([一二三四五六七八九十]+)\)(.+)$")
_TASK = re.compile(r"^(\d{1,2})\.(.+)$")
# 〔牵头单位:A、B;责任单位:C,D〕 — the lead part is optional; ; or , separates the parts
_CLAUSE = re.compile(r"〔(?:牵头单位:(?P<lead>[^〕]+?)[;,])?责任单位:(?P<resp>[^〕]+)〕\s*$")
_SEP = re.compile(r"[、,;]")


def _units(text: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in _SEP.split(text)) if text else ()


def seed_text() -> str:
    return nfkc(SEED.read_text("utf-8"))


def restored(text: str) -> str:
    for lost, fixed in RESTORED.items():
        text = text.replace(lost, fixed)
    return text


def seed_tasks() -> list[SeedTask]:
    """Tasks of 二、重点任务, with the heading (一)… each falls under."""
    text = seed_text()
    body = text[text.index("二、重点任务") : text.index("三、保障措施")]
    section = ""
    out = []
    for raw_line in body.splitlines():
        line = raw_line.strip()
        if m := _SECTION.match(line):
            section = f"二({m.group(1)})"
            continue
        m = _TASK.match(line)
        if not m:
            continue
        clause = _CLAUSE.search(m.group(2))
        assert clause is not None, f"task {m.group(1)} has no unit clause"
        content = m.group(2)[: clause.start()].strip()
        out.append(
            SeedTask(
                int(m.group(1)),
                section,
                content.split("。", 1)[0],
                restored(content),
                _units(clause.group("lead")),
                _units(clause.group("resp")),
            )
        )
    return out


def seed_sections() -> list[tuple[str, str]]:
    text = seed_text()
    body = text[text.index("二、重点任务") : text.index("三、保障措施")]
    return [
        (f"二({m.group(1)})", m.group(2))
        for line in body.splitlines()
        if (m := _SECTION.match(line.strip()))
    ]


def seed_safeguards() -> list[tuple[str, str, str]]:
    """(id, title, text) of 三、保障措施."""
    text = seed_text()
    body = text[text.index("三、保障措施") :]
    out = []
    for line in body.splitlines():
        if m := _SECTION.match(line.strip()):
            content = m.group(2)
            out.append((f"({m.group(1)})", content.split("。", 1)[0], content))
    return out


# -- the plan against the seed -------------------------------------------------------------------


@needs_seed
def test_seed_parser_sees_19_tasks_with_both_separator_variants() -> None:
    tasks = seed_tasks()
    assert [t.number for t in tasks] == list(range(1, 20))
    by_number = {t.number: t for t in tasks}
    assert by_number[9].lead == ("县政府办", "县行政审批局")  # 牵头…,责任单位
    assert by_number[13].lead == ("县行政审批局", "各乡(镇)人民政府")  # A,B;责任单位
    assert by_number[12].lead == ()  # 责任单位 only
    assert by_number[9].responsible == ("各乡(镇)人民政府", "县政府有关部门", "县直(驻县)有关单位")


@needs_seed
def test_task_numbers_titles_and_units_equal_the_seed() -> None:
    tasks = seed_tasks()
    assert [t.number for t in PLAN.tasks] == [t.number for t in tasks]
    for seed, task in zip(tasks, PLAN.tasks, strict=True):
        assert nfkc(task.title) == seed.title, task.number
        assert tuple(nfkc(n) for n in task.lead) == seed.lead, task.number
        assert tuple(nfkc(n) for n in task.responsible) == seed.responsible, task.number


@needs_seed
def test_task_texts_and_sections_equal_the_seed() -> None:
    for seed, task in zip(seed_tasks(), PLAN.tasks, strict=True):
        assert nfkc(task.text) == seed.text, task.number
        assert task.section == seed.section, task.number
    plan_sections = [(s.id, s.title) for s in PLAN.sections if s.id.startswith("二(")]
    assert plan_sections == seed_sections()


@needs_seed
def test_safeguards_equal_the_seed() -> None:
    safeguards = seed_safeguards()
    assert len(safeguards) == 4
    assert [(s.id, nfkc(s.title), nfkc(s.text)) for s in PLAN.safeguards] == safeguards


@needs_seed
def test_document_number_date_and_title_in_the_seed() -> None:
    text = seed_text()
    # the page lost 〕 and 号 of the number, and 年月日 of the date
    assert re.sub("[〕号]", "", PLAN.number) in text
    issued = PLAN.issued
    assert f"{issued.year}{issued.month}{issued.day}" in text
    assert f"《{PLAN.title}》" in text
    assert PLAN.issuer in text


@needs_seed
def test_every_unit_the_seed_names_resolves() -> None:
    names = {n for t in seed_tasks() for n in (*t.lead, *t.responsible)}
    names |= {"县委网信部门", "县融媒体中心"}  # named in the text of tasks 11 and 15
    assert len(names) == 29  # 24 units, 4 groups and 「县行政审批局(县大数据中心)」
    for name in names:
        assert PLAN.directory.expand(name), name
    # and the directory holds nothing the plan does not name
    assert set(PLAN.directory.expand_all(sorted(names))) == set(PLAN.directory.units)
    compound = PLAN.directory.expand("县行政审批局(县大数据中心)")
    assert [u.name for u in compound] == ["县行政审批局", "县大数据中心"]


@needs_seed
def test_every_clause_occurs_verbatim_in_the_seed() -> None:
    text = restored(seed_text())
    obligations = list(PLAN.obligations())
    assert len(obligations) >= 14
    for ob in obligations:
        assert nfkc(ob.citation.text) in text, ob.id


# -- the plan itself -----------------------------------------------------------------------------


def test_plan_header() -> None:
    assert PLAN.id == "yudu-2023"
    assert PLAN.title == "于都县2023年政务公开工作方案"
    assert PLAN.number == "于府办字〔2023〕32号"
    assert PLAN.issued == date(2023, 6, 18)
    assert PLAN.year == 2023
    assert PLAN.issuer == "于都县人民政府办公室"
    assert PLAN.directory.id == "yudu"
    assert len(PLAN.tasks) == 19
    assert [s.id for s in PLAN.safeguards] == ["(一)", "(二)", "(三)", "(四)"]
    assert [s.title for s in PLAN.safeguards] == [
        "强化组织领导",
        "完善工作机制",
        "深入开展调研",
        "压实工作责任",
    ]


def test_every_named_unit_resolves() -> None:
    for task in PLAN.tasks:
        assert task.responsible, task.number  # every task binds someone
        for name in (*task.lead, *task.responsible):
            assert PLAN.directory.expand(name), (task.number, name)
    for ob in PLAN.obligations():
        units = PLAN.owner_units(ob)
        assert units, ob.id
        assert all(isinstance(u, Unit) for u in units)


def test_every_obligation_cites_its_clause() -> None:
    for task in PLAN.tasks:
        for ob in task.obligations:
            assert ob.task == task.key
            assert ob.citation.document == PLAN.number
            assert ob.citation.clause == f"{task.section[0]}、{task.section[1:]}{task.number}"
            assert ob.citation.text in task.text, ob.id
            assert ob.area == task.area
    for safeguard in PLAN.safeguards:
        for ob in safeguard.obligations:
            assert ob.task == safeguard.key
            assert ob.citation.clause == f"三、{safeguard.id}"
            assert ob.citation.text in safeguard.text, ob.id


def _of(task: str) -> list[Obligation]:
    return [o for o in PLAN.obligations() if o.task == task]


def _quotas(task: str) -> list[Quota]:
    return [o.rule for o in _of(task) if isinstance(o.rule, Quota)]


def _anchor(ob: Obligation) -> date:
    assert isinstance(ob.rule, Deadline)
    assert ob.rule.trigger is None
    anchor = ob.rule.period.anchor
    assert anchor is not None
    return anchor.resolve(PLAN.issued)


def _rrule_dates(ob: Obligation) -> list[date]:
    """The rule's raw dates in 2023 (before any rest-day move)."""
    assert isinstance(ob.rule, Recurrence)
    rr = rrulestr(ob.rule.rrule, dtstart=datetime(2023, 1, 1))
    return [d.date() for d in rr.between(datetime(2023, 1, 1), datetime(2023, 12, 31), inc=True)]


def test_task_6_cleanup_by_end_of_september() -> None:
    (ob,) = _of("6")
    assert _anchor(ob) == date(2023, 9, 30)


def test_task_8_subsidies_by_village_by_year_end() -> None:
    (ob,) = _of("8")
    assert _anchor(ob) == date(2023, 12, 31)
    assert ob.per is Per.VILLAGE


def test_task_9_one_open_day_a_year_for_every_unit() -> None:
    (quota,) = _quotas("9")
    assert (quota.minimum, quota.window) == (1, Window.YEAR)
    ob = next(o for o in _of("9") if o.id == "9.open-day")
    assert ob.per is Per.UNIT
    assert "县税务局" in [u.name for u in PLAN.owner_units(ob)]  # 县直(驻县)有关单位 too


def test_task_10_website_quotas() -> None:
    quotas = {(q.minimum, q.window, tuple(sorted(q.where.items()))) for q in _quotas("10")}
    assert (2, Window.WEEK, (("category", "动态"),)) in quotas
    assert (50, Window.MONTH, ()) in quotas
    assert (10, Window.MONTH, (("original", True),)) in quotas
    assert all(q.counts == "post" for q in _quotas("10"))


def test_task_11_weekly_self_check_and_monthly_bulletin() -> None:
    # 「开展每周一自查、每月一通报」: once a week and once a month (issue 11), each due on the last
    # day of its week or month, a nominal date kept as it is
    weekly, monthly = _of("11")
    assert weekly.citation.text == "开展每周一自查、每月一通报"
    assert isinstance(weekly.rule, Quota)
    assert (weekly.rule.minimum, weekly.rule.window) == (1, Window.WEEK)
    assert weekly.rule.where == {"kind": "自查"}
    assert isinstance(monthly.rule, Recurrence)
    assert monthly.rule.on_rest_day is RestDayRule.KEEP
    assert "宜在此前的工作日发出" in monthly.rule.text  # the advice, not a moved date
    ends = _rrule_dates(monthly)
    assert ends == [date(2023, m, 1) + relativedelta(day=31) for m in range(1, 13)]
    assert monthly.per is Per.ALL
    assert monthly.applies_to == ("县政府办",)


def test_task_15_interpretation_same_day_as_the_policy() -> None:
    # 「坚持政策文件与解读材料同步起草、同步审签、同步发布」: the 解读 side (its own row) and the
    # policy side (policy.interpretation-sync, the policy plugin's duty, cited to this clause)
    obs = {o.id: o for o in _of("15")}
    assert set(obs) == {"15.interpretation-sync", "policy.interpretation-sync"}
    for ob in obs.values():
        assert isinstance(ob.rule, Deadline)
        assert ob.rule.trigger
        assert ob.rule.period.amount == 0
        assert ob.citation.text == "坚持政策文件与解读材料同步起草、同步审签、同步发布"


def test_task_18_five_and_three_working_days() -> None:
    rules = [o.rule for o in _of("18")]
    periods = sorted((r.period.amount, r.period.unit) for r in rules if isinstance(r, Deadline))
    assert periods == [(3, PeriodUnit.WORKDAYS), (5, PeriodUnit.WORKDAYS)]
    assert all(isinstance(r, Deadline) and r.trigger for r in rules)


def test_task_19_weekly_summary_by_the_big_data_centre() -> None:
    ob = PLAN.obligation("19.weekly-summary")
    assert isinstance(ob.rule, Recurrence)
    assert len(_rrule_dates(ob)) == 53  # 2023 has 53 Sundays
    assert [u.name for u in PLAN.owner_units(ob)] == ["县大数据中心"]
    assert ob.per is Per.ALL


def test_safeguard_one_hearing_a_year() -> None:
    (ob,) = _of("三(一)")
    assert isinstance(ob.rule, Quota)
    assert (ob.rule.minimum, ob.rule.window) == (1, Window.YEAR)
    assert {u.name for u in PLAN.owner_units(ob)} >= {"县政府办", "贡江镇"}


def test_annual_report_by_31_january_next_year() -> None:
    ob = PLAN.obligation("三(四).annual-report")
    assert _anchor(ob) == date(2024, 1, 31)
    # 「予以公开并做好解读」: the 解读 by the same date
    assert _anchor(PLAN.obligation("三(四).annual-report-interpretation")) == date(2024, 1, 31)
    assert {o.id for o in _of("三(四)")} == {
        "三(四).annual-report",
        "三(四).annual-report-interpretation",
        "三(四).unit-plan",
        "三(四).fault-finding",
    }


def test_plan_areas() -> None:
    assert isinstance(PLAN, Plan)
    assert PLAN.areas == (
        "development",
        "finance",
        "livelihood",
        "policy",
        "grassroots",
        "newmedia",
        "response",
    )
