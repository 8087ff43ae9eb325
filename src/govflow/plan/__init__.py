"""The plan model: units, obligations, tasks, plan files and the schedule of dated duties.

Knows the calendar and periods, never records, rules or faces.
"""

from __future__ import annotations

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
