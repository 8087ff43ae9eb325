"""What the demo generator writes and plants: the files, the planted violations and rejected
rows, and the small date helpers the generator's parts share."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from attrs import define, field, frozen
from dateutil.relativedelta import relativedelta

from govflow.compliance.rules import Finding
from govflow.errors import InputError

DEFAULT_SEED = 20230618
PLAN_ID = "yudu-2023"
PORTAL = "于都县人民政府网"
NEW_MEDIA = "政务新媒体"
WEBSITE = "网站"
ONE_DAY = timedelta(days=1)

#: The files written, in order: name, record kind, encoding, fields (columns, in order).
FILES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "posts.csv",
        "post",
        "utf-8-sig",
        ("site", "platform", "column", "unit", "time", "title", "original", "homepage"),
    ),
    (
        "applications.csv",
        "application",
        "gb18030",
        (
            "id",
            "unit",
            "received",
            "channel",
            "correction_notice",
            "corrected_received",
            "consult_start",
            "consult_end",
            "extension_approved",
            "extension_days",
            "replied",
            "filed",
            "delivery",
            "abandoned",
            "applicant_type",
            "outcome",
        ),
    ),
    (
        "messages.csv",
        "message",
        "utf-8",
        ("id", "channel", "unit", "received", "simple", "replied"),
    ),
    ("events.csv", "event", "utf-8-sig", ("id", "unit", "kind", "date", "title", "feedback")),
    (
        "disclosures.csv",
        "disclosure",
        "utf-8-sig",
        (
            "id",
            "unit",
            "kind",
            "trigger",
            "published",
            "ends",
            "village",
            "title",
            "related",
            "due",
        ),
    ),
    (
        "snapshots.csv",
        "snapshot",
        "utf-8-sig",
        (
            "site",
            "unit",
            "date",
            "platform",
            "column",
            "column_type",
            "last_update",
            "dead_links",
            "ipv6_second",
            "ipv6_third",
        ),
    ),
    ("probes.csv", "probe", "utf-8-sig", ("site", "time", "result", "seconds")),
    ("annual_reports.csv", "annual_report", "utf-8-sig", ("unit", "year", "text")),
)


class DemoError(InputError):
    """The demo cannot be generated as asked (another year, a bad scale)."""

    label = "演示数据无法生成"


FindingKey = tuple[str, str, str | None, str | None, str | None, str | None, str | None]
"""(rule, unit, entity, case, window start, window end, due), dates in ISO form."""


def finding_key(finding: Finding) -> FindingKey:
    """The key a finding is compared on with the planted violations."""
    w = finding.window
    return (
        finding.rule,
        finding.unit,
        finding.entity,
        finding.case,
        w[0].isoformat() if w else None,
        w[1].isoformat() if w else None,
        finding.due.isoformat() if finding.due else None,
    )


@frozen
class PlantedViolation:
    """A violation the generator planted, as ``govflow check`` must report it."""

    rule: str
    unit: str
    due: date | None
    """``None`` for a rule that judges content, not time (a report's missing parts)."""
    description: str
    window: tuple[date, date] | None = None
    entity: str | None = None
    case: str | None = None

    def key(self) -> FindingKey:
        w = self.window
        return (
            self.rule,
            self.unit,
            self.entity,
            self.case,
            w[0].isoformat() if w else None,
            w[1].isoformat() if w else None,
            self.due.isoformat() if self.due else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "unit": self.unit,
            "entity": self.entity,
            "case": self.case,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()]
            if self.window
            else None,
            "due": self.due.isoformat() if self.due else None,
            "description": self.description,
        }


@frozen
class PlantedRejection:
    """A row the generator planted that ``govflow check`` must reject."""

    file: str
    line: int
    field: str
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "description": self.description,
        }


@define
class DemoData:
    """What :func:`generate` wrote."""

    out: Path
    files: list[Path]
    rows: dict[str, int]
    violations: list[PlantedViolation]
    rejections: list[PlantedRejection]
    as_of: date
    seed: int
    scale: float
    skipped: list[PlantedViolation] = field(factory=list)
    """Violations in the records whose rule is not loaded (its plugin is missing): not expected
    from the check, and listed under ``skipped`` in ``planted.json``."""
    unread: list[Path] = field(factory=list)
    """Files written whose record kind belongs to a plugin that is not loaded (the monitoring
    exports without newmedia): no loaded rule reads them, so they are left out of the check."""

    def missing_plugins(self) -> list[str]:
        """The plugins whose rules the skipped violations belong to (a rule id's prefix)."""
        return sorted({v.rule.partition(".")[0] for v in self.skipped})

    def skipped_note(self) -> str:
        """What was left out, in Chinese, for the command's stderr and ``planted.json``."""
        rules = sorted({v.rule for v in self.skipped})
        return (
            f"以下插件未加载：{'、'.join(self.missing_plugins())}；其规则（{'、'.join(rules)}）"
            f"对应的 {len(self.skipped)} 项违规不计入埋设的违规，检查也不会报告"
            "（记录中仍有这些问题，清单见 planted.json 的 skipped）。"
        ) + (
            f"{'、'.join(p.name for p in self.unread)} 的记录类别由未加载的插件声明，不列入检查命令。"
            if self.unread
            else ""
        )

    @property
    def record_files(self) -> list[Path]:
        """The record files (CSV), for ``govflow check --records``: those a loaded rule reads."""
        return [p for p in self.files if p.suffix == ".csv" and p not in self.unread]


def check_date(year: int) -> date:
    """The moment the demo is meant to be checked at: the last day of February after *year*."""
    return date(year + 1, 3, 1) - ONE_DAY


@define(eq=False)
class Ref:
    """A record number assigned once the rows are in date order (``fmt`` takes the number), so
    that 留言编号, 申请编号 and document numbers follow the calendar.  Planted violations and
    related rows hold the same object and read its final value."""

    fmt: str
    value: str = ""

    def __str__(self) -> str:
        return self.value


Pending = tuple[str, str, date | None, str, tuple[date, date] | None, str | None, str | Ref | None]
"""A planted violation before the record numbers are known (see :meth:`Builder.violation`)."""


@define
class Post:
    site: str
    platform: str
    column: str
    unit: str
    when: datetime
    title: str
    original: bool = False
    homepage: bool = False
    news: bool = False


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth), for a few posts a day."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def month_last(first: date) -> date:
    return first + relativedelta(months=1) - ONE_DAY


def week_spans(start: date, end: date) -> list[tuple[date, date]]:
    """Monday–Sunday weeks from the week after *start*'s (if it does not start on a Monday)
    to the last one ending by *end*."""
    mon = start + timedelta(days=(7 - start.weekday()) % 7)
    out = []
    while mon + timedelta(days=6) <= end:
        out.append((mon, mon + timedelta(days=6)))
        mon += timedelta(days=7)
    return out


def month_spans(start: date, end: date) -> list[tuple[date, date]]:
    first = start.replace(day=1)
    out = []
    while first <= end:
        out.append((first, month_last(first)))
        first += relativedelta(months=1)
    return out
