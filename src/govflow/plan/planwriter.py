"""Writing a plan back as a plan file: the mapping :func:`~govflow.plan.planfile.plan_from_dict`
reads, and its TOML text.  Lossless for what the file can say (plugin obligations excluded)."""

from __future__ import annotations

from typing import Any

from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Deadline,
    Obligation,
    Per,
    Recurrence,
    RestDayRule,
    Severity,
    TimeRule,
)
from govflow.plan.settings import settings_to_dict

__all__ = ["dump_plan", "plan_to_dict"]


def _rule_dict(rule: TimeRule) -> tuple[str, Any]:
    if isinstance(rule, Deadline):
        text = rule.period.text or rule.period.label()
        if rule.trigger is None:
            return ("deadline", text)
        return ("deadline", {"period": text, "trigger": rule.trigger})
    if isinstance(rule, Recurrence):
        out: dict[str, Any] = {"rrule": rule.rrule}
        if rule.text:
            out["text"] = rule.text
        if rule.on_rest_day is not RestDayRule.FOLLOWING:
            out["on_rest_day"] = rule.on_rest_day.value
        return ("recurrence", out)
    q: dict[str, Any] = {
        "minimum": rule.minimum,
        "window": rule.window.value,
        "counts": rule.counts,
    }
    if rule.where:
        q["where"] = dict(rule.where)
    if rule.text:
        q["text"] = rule.text
    return ("quota", q)


def _obligation_dict(o: Obligation, plan_number: str, area: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": o.id, "title": o.title, "clause": o.citation.text}
    kind, value = _rule_dict(o.rule)
    out[kind] = value
    if o.applies_to:
        out["applies_to"] = list(o.applies_to)
    if o.per is not Per.UNIT:
        out["per"] = o.per.value
    settings = settings_to_dict(o.settings)
    if settings:
        out["settings"] = settings
    if o.citation.document != plan_number:
        out["source"] = o.citation.document
    if o.area and o.area != area:
        out["area"] = o.area
    if o.evidence is not None:
        out["evidence"] = o.evidence.to_dict()
    if o.severity is not Severity.DEDUCT:
        out["severity"] = o.severity.value
    return out


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The TOML-ready mapping :func:`~govflow.plan.planfile.plan_from_dict` reads back (plugin obligations excluded)."""
    out: dict[str, Any] = {
        "id": plan.id,
        "title": plan.title,
        "number": plan.number,
        "issued": plan.issued,
        "year": plan.year,
        "issuer": plan.issuer,
        "units": plan.units_ref or plan.directory.id,
    }
    if plan.villages_ref:
        out["villages"] = plan.villages_ref
    if plan.address:
        out["address"] = plan.address
    if plan.preamble:
        out["preamble"] = plan.preamble
    out["sections"] = [
        {"id": s.id, "title": s.title, **({"text": s.text} if s.text else {})}
        for s in plan.sections
    ]
    tasks = []
    for t in plan.tasks:
        item: dict[str, Any] = {
            "number": t.number,
            "section": t.section,
            "title": t.title,
            "text": t.text,
            "lead": list(t.lead),
            "responsible": list(t.responsible),
        }
        if t.area:
            item["area"] = t.area
        if t.obligations:
            item["obligations"] = [_obligation_dict(o, plan.number, t.area) for o in t.obligations]
        tasks.append(item)
    out["tasks"] = tasks
    out["safeguards"] = [
        {
            "id": s.id,
            "title": s.title,
            "text": s.text,
            **(
                {
                    "obligations": [
                        _obligation_dict(o, plan.number, "safeguards") for o in s.obligations
                    ]
                }
                if s.obligations
                else {}
            ),
        }
        for s in plan.safeguards
    ]
    areas: dict[str, Any] = {}
    for scope in plan.scopes:
        if scope.origin == "plan":
            entry: dict[str, Any] = {}
            if scope.tasks:
                entry["tasks"] = [int(k) for k in scope.tasks]
            if scope.units:
                entry["units"] = list(scope.units)
            areas[scope.area] = entry
    if areas:
        out["areas"] = areas
    return out


def dump_plan(plan: Plan) -> str:
    """The plan as TOML text (multi-line strings kept readable)."""
    import tomli_w

    return tomli_w.dumps(plan_to_dict(plan), multiline_strings=True)
