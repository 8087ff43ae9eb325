"""The plans and unit directories the installed plugins ship, read as files (for tests)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govflow.plan import planfile
from govflow.plan.model import Plan
from govflow.plan.units import UnitDirectory
from govflow.plugins.manager import registry


def builtin_plan_path(plan_id: str) -> Path:
    """The file of the plan *plan_id* a plugin ships."""
    path: Path = registry().plans()[plan_id].path
    return path


def builtin_directory(directory_id: str) -> UnitDirectory:
    """The unit directory *directory_id* a plugin ships."""
    directory: UnitDirectory = registry().unit_directories()[directory_id].load()
    return directory


def load_plan(ref: str | Path) -> Plan:
    """The plan file alone (no plugin obligations bound): a plugin's plan by id, or a path."""
    plans = registry().plans()
    path = plans[ref].path if isinstance(ref, str) and ref in plans else Path(ref)
    return planfile.read_plan(path, directories=registry().unit_directories())


def plan_from_dict(data: Mapping[str, Any], **kwargs: Any) -> Plan:
    """:func:`govflow.plan.planfile.plan_from_dict` with the plugins' unit directories."""
    kwargs.setdefault("directories", registry().unit_directories())
    return planfile.plan_from_dict(data, **kwargs)


def read_plan(path: str | Path, **kwargs: Any) -> Plan:
    """:func:`govflow.plan.planfile.read_plan` with the plugins' unit directories."""
    kwargs.setdefault("directories", registry().unit_directories())
    return planfile.read_plan(path, **kwargs)
