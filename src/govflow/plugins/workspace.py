"""What the faces (the command line, the HTTP service) build from the installed plugins the same
way: the areas and record-kind hints a check warns with, and the judge of live cases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govflow.calendar.workcalendar import WorkCalendar
    from govflow.cases.judge import CaseJudge
    from govflow.plan.model import Plan
    from govflow.plugins.manager import Registry

__all__ = ["case_judge", "coverage", "plugin_inputs"]


def coverage(reg: Registry, plan: Plan) -> tuple[set[str], dict[str, str]]:
    """The areas the loaded plugins declare, and for each record kind a Chinese phrase naming
    the plugin or area that would read it (for :func:`~govflow.compliance.check.run_check`'s
    warnings)."""
    declared = reg.areas()
    owners = reg.area_plugins()
    readers: dict[str, list[str]] = {}
    for area_id, area in declared.items():
        for plugin, template in reg.obligation_templates(area_id):
            evidence = getattr(template, "evidence", None)
            if evidence is None:
                continue
            who = f"插件 {owners.get(area_id, plugin)} 的领域 {area_id}（{area.title}）"
            if who not in readers.setdefault(evidence.kind, []):
                readers[evidence.kind].append(who)
    missing = [a for a in plan.areas if a not in declared]
    hints: dict[str, str] = {}
    kinds = set(readers) | set(reg.record_kinds())
    for kind in kinds:
        if readers.get(kind):
            hints[kind] = (
                f"读取这类记录的是{'、'.join(readers[kind])}，但方案 {plan.id} 没有这个领域"
            )
        elif missing:
            hints[kind] = (
                f"方案中的领域 {'、'.join(missing)} 没有加载插件，这类记录可能由其插件读取；"
                "请安装相应的领域插件（govflow plugins 列出已安装的插件）"
            )
    return set(declared), hints


def case_judge(
    reg: Registry, plan: Plan, calendar: WorkCalendar, *, provisional: bool = False
) -> CaseJudge:
    """The judge of *plan*'s live cases: the plan's obligation rules and the plugins' rules of
    the record kinds cases are kept in (the rules of other kinds judge no case)."""
    from govflow.cases.judge import CaseJudge
    from govflow.compliance.obligation_rules import obligation_rules

    cased = {k.record_kind for k in reg.case_kinds().values()}

    def rules() -> list[Any]:
        return [*obligation_rules(plan, cased), *reg.rules(plan)]

    return CaseJudge(plan, calendar, reg.record_kinds(), rules, provisional=provisional)


def plugin_inputs(reg: Registry, plan: Plan) -> dict[str, Any]:
    """What the installed plugins give a check of *plan* (``run_check``'s and
    ``bulletin_check``'s keyword arguments): the record kinds, the plugins' rules, and the
    areas and hints of :func:`coverage`."""
    areas, hints = coverage(reg, plan)
    return {
        "kinds": reg.record_kinds(),
        "extra_rules": reg.rules(plan),
        "areas": areas,
        "hints": hints,
    }
