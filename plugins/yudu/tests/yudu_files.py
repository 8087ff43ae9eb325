"""The Yudu plan and unit directory this plugin ships, read as files (for the plugin's tests)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import govflow_yudu

from govflow.plan import planfile
from govflow.plan.model import Plan
from govflow.plan.units import UnitDirectory, load_directory
from govflow.plugins.manager import registry

PLAN_PATH = govflow_yudu.data_path("plans/yudu-2023.toml")
UNITS_PATH = govflow_yudu.data_path("units/yudu.toml")
REPO = Path(__file__).resolve().parents[3]
"""The repository root (the core's test data, docs, examples)."""


def yudu_plan() -> Plan:
    """The plan file alone (no plugin obligations bound), its ``units = "yudu"`` resolved from
    this package's directory whatever plugins are loaded."""
    return planfile.read_plan(PLAN_PATH, directories=govflow_yudu_directories())


def yudu_directory() -> UnitDirectory:
    """The unit directory ``yudu``."""
    return load_directory(UNITS_PATH)


def govflow_yudu_directories() -> dict[str, Any]:
    return {d.id: d for d in govflow_yudu.govflow_unit_directories()}


def plan_from_dict(data: Mapping[str, Any], **kwargs: Any) -> Plan:
    """:func:`govflow.plan.planfile.plan_from_dict` with the plugins' unit directories."""
    kwargs.setdefault("directories", registry().unit_directories())
    return planfile.plan_from_dict(data, **kwargs)


def read_plan(path: str | Path, **kwargs: Any) -> Plan:
    """:func:`govflow.plan.planfile.read_plan` with the plugins' unit directories."""
    kwargs.setdefault("directories", registry().unit_directories())
    return planfile.read_plan(path, **kwargs)
