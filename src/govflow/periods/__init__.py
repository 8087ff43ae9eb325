"""Legal periods on the calendar: 「5个工作日」「20日」「2023年9月底前」 and the due dates they give."""

from __future__ import annotations

from govflow.periods.core import (
    Anchor,
    AnchorKind,
    Due,
    Extension,
    Pause,
    Period,
    PeriodError,
    PeriodUnit,
    Restart,
    TraceStep,
    compute_due,
)

__all__ = [
    "Anchor",
    "AnchorKind",
    "Due",
    "Extension",
    "Pause",
    "Period",
    "PeriodError",
    "PeriodUnit",
    "Restart",
    "TraceStep",
    "compute_due",
]
