"""IPv6 support of the government websites, from monitoring exports: task 10 of the plan
(「全面完成政府网站IPv6改造工作,二、三级链接支持度达99%以上」).

The snapshot kind (:data:`~govflow_newmedia.monitor.SNAPSHOT`) has two optional fields,
``ipv6_second`` and ``ipv6_third`` (「IPv6二级链接支持度」「IPv6三级链接支持度」, percentages).  For
each site, :class:`Ipv6Rule` looks at the latest monitoring point in the check period at which
any of the site's rows gives a value: both levels must be at the threshold or above (``达99%以上``:
以上 includes the number itself), else the site is in violation; a level the point does not
report is not shown to be met.  Several rows of a site at one point (per column) count with
their lowest value.  A file without the two columns is not judged by the rule (its ``needs``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from govflow.compliance.base import Rule
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding, Status
from govflow.compliance.kinds import Record
from govflow.plan.obligations import Citation, Severity
from govflow_newmedia.indicators import MAX_EVIDENCE
from govflow_newmedia.monitor import ipv6_of, snapshot_row

__all__ = ["IPV6", "Ipv6Rule"]

#: The plan's sentence the rule encodes (于府办字〔2023〕32号 二、(四)10, the seed plan's line 62).
IPV6 = Citation(
    document="于府办字〔2023〕32号",
    clause="二、(四)10",
    text="全面完成政府网站IPv6改造工作,二、三级链接支持度达99%以上",
)

_LEVELS = (("ipv6_second", "二级链接"), ("ipv6_third", "三级链接"))


class Ipv6Rule(Rule):
    """二、三级链接 IPv6 支持度 at the latest monitoring point of each site (see the module)."""

    consumes = frozenset({"snapshot"})
    needs = {"snapshot": ("ipv6_second", "ipv6_third")}  # noqa: RUF012 - read-only

    def __init__(
        self, *, id: str, title: str, area: str, percent: Decimal, threshold: str, owner: str
    ) -> None:
        self.id = id
        self.title = title
        self.area = area
        self.source = IPV6
        self.severity = Severity.DEDUCT
        self.percent = percent
        self.threshold = threshold
        self.owner = owner
        # site -> day -> (lowest 二级, lowest 三级, refs of the rows with a value)
        self.points: dict[str, dict[date, tuple[Decimal | None, Decimal | None, list[str]]]] = {}

    def feed(self, record: Record, ctx: Context) -> None:
        unit = ctx.unit_of(record)
        if unit is None:
            return
        try:
            row = snapshot_row(record, unit)
            second, third = ipv6_of(record)
        except ValueError as exc:
            field, reason = exc.args
            ctx.reject(record, field, reason)
            return
        if row.type == "账号" or (second is None and third is None):
            return
        lo2, lo3, refs = self.points.setdefault(row.site, {}).get(row.day, (None, None, []))
        refs.append(record.ref)
        self.points[row.site][row.day] = (_low(lo2, second), _low(lo3, third), refs)

    def finish(self, ctx: Context) -> Iterable[Finding]:
        until = min(ctx.as_of, ctx.plan_end)
        for site in sorted(self.points):
            days = [d for d in self.points[site] if ctx.start <= d <= until]
            if not days:
                continue
            day = max(days)
            second, third, refs = self.points[site][day]
            shown = []
            short = []
            for (_, label), value in zip(_LEVELS, (second, third), strict=True):
                if value is None:
                    short.append(f"{label}支持度未填报")
                    continue
                shown.append(f"{label}{value}%")
                if value < self.percent:
                    short.append(f"{label}{value}%低于{self.percent}%")
            status = Status.VIOLATED if short else Status.MET
            text = f"{site}：{day} 监测（检查期间最近一次）IPv6支持度：{'、'.join(shown) or '无'}"
            if short:
                text += f"；{'，'.join(short)}，未达{self.percent}%以上"
            else:
                text += f"，均达{self.percent}%以上"
            yield Finding(
                self.id,
                self.title,
                self.area,
                status,
                self.severity,
                self.owner,
                self.source,
                entity=site,
                due=day,
                window=(day, day) if short else None,
                evidence=tuple(refs[:MAX_EVIDENCE]),
                evidence_count=len(refs),
                threshold=self.threshold,
                explanation=text,
                action=(
                    f"完成{site}的IPv6改造，使二、三级链接IPv6支持度均达{self.percent}%以上"
                    if short
                    else ""
                ),
            )


def _low(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    return a if b is None else min(a, b)
