"""govflow's own contribution, registered as a plugin like any other: the State Council holiday
notices govflow ships, and the live-case kinds of the built-in record kinds.  Plans, unit directories and areas come from installed plugins."""

from __future__ import annotations

from collections.abc import Iterable

from govflow.calendar.notices import Notice, builtin_notices
from govflow.cases.kinds import BUILTIN_CASE_KINDS, CaseKind
from govflow.plugins.hookspecs import hookimpl


@hookimpl
def govflow_holiday_notices() -> Iterable[Notice]:
    return builtin_notices()


@hookimpl
def govflow_case_kinds() -> Iterable[CaseKind]:
    return BUILTIN_CASE_KINDS
