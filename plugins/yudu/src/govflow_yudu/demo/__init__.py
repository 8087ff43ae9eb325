"""Synthetic records for the Yudu plan, with a known set of planted violations (``govflow demo-data``).

:func:`generate` writes, for the units of 《于都县2023年政务公开工作方案》 (于府办字〔2023〕32号), what a
county's 政务公开办 would export at the end of February of the next year: the records of the plan's
period, from its issue date (2023-06-18) to the end of the year, and the items due in January
after it (年度报告, 网站年度报表, the next year's 预算, replies to December's messages):

* ``posts.csv`` — tens of thousands of posts on 于都县人民政府网 (each unit's columns 工作动态,
  通知公告, 政策文件 …, the shared 于都要闻 on the homepage) and on a dozen 政务新媒体 accounts;
* ``applications.csv`` — about a hundred 依申请公开 cases (channels, 补正, consultations,
  extensions), written in GB18030 as government spreadsheets export;
* ``messages.csv`` — 问政 messages, simple or not, and their replies;
* ``events.csv`` — 开放活动, the weekly 自查, the monthly 通报, the weekly 汇总, 汇报听取;
* ``disclosures.csv`` — 预算/决算/预算调整/预算执行情况, 部门预算/部门决算, 三公经费, 收费目录清单,
  政策文件 and their 政策解读, 规范性文件清理, 涉农补贴 items, 补贴结果/村务公开/村级财务 per village,
  the 征地 notices with their posting ends, 民生 items, 年度报告, 网站年度报表;
* ``snapshots.csv``, ``probes.csv`` — the website monitoring tool's exports (record kinds
  ``snapshot`` and ``probe`` of the newmedia plugin): the portal's homepage, each unit's 工作动态
  column and the accounts at weekly monitoring points, with the portal's IPv6 support, and hourly
  availability probes during some weeks (:mod:`.monitoring`, its own random source);
* ``planted.json`` — every planted violation (rule, unit, entity or case, window, due date) and
  every planted rejected row (file, line, field).

Headers are the records' Chinese labels; ``posts.csv``, ``events.csv`` and ``disclosures.csv``
are UTF-8 with a BOM (as Excel writes them), ``messages.csv`` plain UTF-8.

Everything not planted is compliant by construction: every due date is computed with govflow's
own calendar and periods (:func:`govflow.periods.core.compute_due` with the plan's obligations, and
:func:`govflow.plan.schedule.occurrence_dates` for the recurring duties), so that ``govflow check
--as-of 2024-02-29`` finds exactly the planted violations and rejects exactly the planted rows.
With ``plant=False`` nothing is planted and the same check finds nothing to report.

The villages (村) are fictional: the unit directory lists no villages, so each township gets the
same four plainly invented names (:data:`VILLAGES`: 虚构甲村 …) to make the per-village duties
(补贴结果, 村务公开, 村级财务) meaningful; a realistic made-up name could be taken for one of Yudu's
real villages, which govflow never names.  Titles, document numbers,
accounts and people's messages are invented too.

The generator is one state (:mod:`.builder`) with a part per record file: :mod:`.posts`,
:mod:`.events`, :mod:`.requests` (messages and applications), :mod:`.disclosures`,
:mod:`.monitoring`, the planted
rejected rows (:mod:`.rejections`) and the output (:mod:`.writer`); :mod:`.vocabulary` holds the
invented words and :mod:`.model` what is written and planted.  :mod:`.command` is
``govflow demo-data``.

Some planted violations belong to other plugins' rules (``response.*``, ``newmedia.*``,
``finance.*`` …).  When a rule is not loaded, its violation is left out of the expected findings
and listed under ``skipped`` in ``planted.json`` (the records still hold the lapse; no loaded
rule reads it), so that the check still finds exactly what is planted.

Output is deterministic for a seed: the same seed and scale give byte-identical files.
"""

from __future__ import annotations

from govflow_yudu.demo.generator import generate
from govflow_yudu.demo.model import (
    DEFAULT_SEED,
    FILES,
    PLAN_ID,
    DemoData,
    DemoError,
    FindingKey,
    PlantedRejection,
    PlantedViolation,
    check_date,
    finding_key,
)
from govflow_yudu.demo.vocabulary import ACCOUNTS, VILLAGES

__all__ = [
    "ACCOUNTS",
    "DEFAULT_SEED",
    "FILES",
    "PLAN_ID",
    "VILLAGES",
    "DemoData",
    "DemoError",
    "FindingKey",
    "PlantedRejection",
    "PlantedViolation",
    "check_date",
    "finding_key",
    "generate",
]
