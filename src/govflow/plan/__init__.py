"""The plan model: units, obligations, tasks, plan files and the schedule of dated duties.

Knows the calendar and periods, never records, rules or faces.


The names below are imported on first use, so that importing one module of the package does
not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govflow.lazy import lazy_exports

_EXPORTS = {
    "Area": "govflow.plan.obligations",
    "Citation": "govflow.plan.obligations",
    "Deadline": "govflow.plan.obligations",
    "DirectorySource": "govflow.plan.units",
    "Evidence": "govflow.plan.obligations",
    "Obligation": "govflow.plan.obligations",
    "ObligationTemplate": "govflow.plan.obligations",
    "Per": "govflow.plan.obligations",
    "Plan": "govflow.plan.model",
    "PlanError": "govflow.plan.planfile",
    "PlanSource": "govflow.plan.planfile",
    "Quota": "govflow.plan.obligations",
    "Recurrence": "govflow.plan.obligations",
    "RestDayRule": "govflow.plan.obligations",
    "RuleVersion": "govflow.plan.obligations",
    "Safeguard": "govflow.plan.model",
    "Section": "govflow.plan.model",
    "Severity": "govflow.plan.obligations",
    "Task": "govflow.plan.model",
    "TimeRule": "govflow.plan.obligations",
    "Unit": "govflow.plan.units",
    "UnitDirectory": "govflow.plan.units",
    "UnitError": "govflow.plan.units",
    "UnitGroup": "govflow.plan.units",
    "UnitKind": "govflow.plan.units",
    "Window": "govflow.plan.obligations",
    "dump_plan": "govflow.plan.planfile",
    "load_directory": "govflow.plan.units",
    "normalize_unit_name": "govflow.plan.units",
    "plan_from_dict": "govflow.plan.planfile",
    "plan_to_dict": "govflow.plan.planfile",
    "read_plan": "govflow.plan.planfile",
}

__all__ = [
    "Area",
    "Citation",
    "Deadline",
    "DirectorySource",
    "Evidence",
    "Obligation",
    "ObligationTemplate",
    "Per",
    "Plan",
    "PlanError",
    "PlanSource",
    "Quota",
    "Recurrence",
    "RestDayRule",
    "RuleVersion",
    "Safeguard",
    "Section",
    "Severity",
    "Task",
    "TimeRule",
    "Unit",
    "UnitDirectory",
    "UnitError",
    "UnitGroup",
    "UnitKind",
    "Window",
    "dump_plan",
    "load_directory",
    "normalize_unit_name",
    "plan_from_dict",
    "plan_to_dict",
    "read_plan",
]

if TYPE_CHECKING:
    from govflow.plan.model import (
        Plan,
        Safeguard,
        Section,
        Task,
    )
    from govflow.plan.obligations import (
        Area,
        Citation,
        Deadline,
        Evidence,
        Obligation,
        ObligationTemplate,
        Per,
        Quota,
        Recurrence,
        RestDayRule,
        RuleVersion,
        Severity,
        TimeRule,
        Window,
    )
    from govflow.plan.planfile import (
        PlanError,
        PlanSource,
        dump_plan,
        plan_from_dict,
        plan_to_dict,
        read_plan,
    )
    from govflow.plan.units import (
        DirectorySource,
        Unit,
        UnitDirectory,
        UnitError,
        UnitGroup,
        UnitKind,
        load_directory,
        normalize_unit_name,
    )

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
