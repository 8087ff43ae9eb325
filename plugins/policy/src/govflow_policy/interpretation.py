"""政策解读「三同步」 from the policy's side: a 政策文件 or 规范性文件 needs a linked 政策解读.

The plan's ``15.interpretation-sync`` judges each 解读 row against the date it records for its
policy (形成日期).  That cannot see a policy published with no 解读 at all, the case the
「三同步」 rule is about.  This rule reads the link a 解读 row gives (关联编号, the ``related``
field, naming the policy's 编号 ``id``) and judges each policy: met when a linked 解读 was
published within :attr:`InterpretationSettings.tolerance_days` natural days of the policy (0:
the same day), violated when the linked 解读 came later or none came by then.

A policy row without 编号 cannot be linked and is rejected (the row names the field).  A 解读
whose 关联编号 names no policy in the records is left to ``15.interpretation-sync``: the policy
may have been published before the records begin.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import attrs
from attrs import frozen

from govflow.compliance.base import ObligationRule, as_day
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding, Status
from govflow.compliance.kinds import Record
from govflow.plan.model import Plan
from govflow.plan.obligations import Obligation
from govflow.plan.settings import SettingError, Settings

__all__ = ["POLICY_KINDS", "READING_KIND", "InterpretationLinkRule", "InterpretationSettings"]

#: ``disclosure.kind`` values that need a 解读 (方案二、(五)15: 「政策解读范围包括规划、法规、
#: 行政规范性文件以及其他……政策性文件」; the records name them 政策文件 and 规范性文件).
POLICY_KINDS = ("政策文件", "规范性文件")
#: ``disclosure.kind`` of a 解读.
READING_KIND = "政策解读"


def _days(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SettingError.expected(attribute.name, "不小于 0 的整数（0 为当日）", value)


@frozen
class InterpretationSettings(Settings):
    """How late a linked 解读 may be: *tolerance_days* natural days after the policy's
    publication (0: the same day, 「同步发布」)."""

    kind = "政策解读同步"

    tolerance_days: int = attrs.field(default=0, validator=_days)


class InterpretationLinkRule(ObligationRule):
    """Each 政策文件/规范性文件 of the obligation's units has a linked 解读 in time."""

    consumes = frozenset({"disclosure"})
    RULE_ID = "policy.interpretation-linked"

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        self.id = self.RULE_ID  # a rule may not share its obligation's id
        self.where = {"kind": [*POLICY_KINDS, READING_KIND]}  # what it reads, for the docs
        settings = ob.settings
        self.tolerance = (
            settings.tolerance_days if isinstance(settings, InterpretationSettings) else 0
        )
        self.policies: list[tuple[str, str, date, str, str]] = []
        """(unit, 编号, published, row, title) of each policy."""
        self.readings: dict[str, list[tuple[str, date, str]]] = {}
        """(unit, published, row) of the 解读 rows, by the 编号 they name."""

    def feed(self, record: Record, ctx: Context) -> None:
        kind = record.data.get("kind")
        if kind not in POLICY_KINDS and kind != READING_KIND:
            return
        unit = ctx.unit_of(record)
        if unit is None:
            return
        published = as_day(record.data.get("published"))
        if published is None or published > ctx.as_of:
            return  # not yet happened at the moment of checking
        if kind == READING_KIND:
            related = record.data.get("related")
            if related:
                self.readings.setdefault(str(related).strip(), []).append(
                    (unit, published, record.ref)
                )
            return
        if self.scope is not None and unit not in self.scope:
            return
        pid = record.data.get("id")
        if not pid or not str(pid).strip():
            ctx.reject(
                record,
                "id",
                f"{kind}缺少编号：政策解读以关联编号对应所解读的文件，"
                "没有编号就无法检查是否同步发布了解读",
            )
            return
        title = str(record.data.get("title") or "")
        self.policies.append((unit, str(pid).strip(), published, record.ref, title))

    def finish(self, ctx: Context) -> Iterable[Finding]:
        for unit, pid, published, ref, title in self.policies:
            due = published + timedelta(days=self.tolerance)
            linked = self.readings.get(pid, [])
            own = [r for r in linked if r[0] == unit] or linked
            first = min(own, key=lambda r: r[1]) if own else None
            done = first[1] if first else None
            status = ctx.deadline_status(due, done)
            name = f"《{title}》（{pid}）" if title else pid
            limit = "当日" if self.tolerance == 0 else f"{self.tolerance}日内"
            if first is None:
                explanation = f"{name}于{published}公开，未见关联编号为 {pid} 的政策解读"
            else:
                explanation = (
                    f"{name}于{published}公开，关联的政策解读于{first[1]}发布"
                    f"（要求公开{limit}发布）"
                )
            if status is Status.MET:
                action = ""
            elif first is not None:
                action = "解读晚于文件发布，逾期发布，须说明原因；今后解读材料与文件同步发布"
            elif status is Status.VIOLATED:
                action = f"补发{name}的政策解读（关联编号填 {pid}），并说明未同步发布的原因"
            else:
                action = f"于{due}前发布{name}的政策解读（关联编号填 {pid}）"
            yield self.finding(
                status,
                unit,
                due=due,
                done=done,
                case=pid,
                evidence=(ref, first[2]) if first else (ref,),
                evidence_count=2 if first else 1,
                explanation=explanation,
                action=action,
            )
