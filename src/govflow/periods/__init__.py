"""Legal periods on the calendar: 「5个工作日」「20日」「2023年9月底前」 and the due dates they give.

The names below are imported on first use, so that importing one module of the package does
not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govflow.lazy import lazy_exports

_EXPORTS = {
    "Anchor": "govflow.periods.core",
    "AnchorKind": "govflow.periods.core",
    "Due": "govflow.periods.core",
    "DueRequest": "govflow.periods.core",
    "Extension": "govflow.periods.core",
    "Pause": "govflow.periods.core",
    "Period": "govflow.periods.core",
    "PeriodError": "govflow.periods.core",
    "PeriodUnit": "govflow.periods.core",
    "Restart": "govflow.periods.core",
    "TraceStep": "govflow.periods.core",
    "compute_due": "govflow.periods.core",
    "compute_request": "govflow.periods.core",
}

__all__ = [
    "Anchor",
    "AnchorKind",
    "Due",
    "DueRequest",
    "Extension",
    "Pause",
    "Period",
    "PeriodError",
    "PeriodUnit",
    "Restart",
    "TraceStep",
    "compute_due",
    "compute_request",
]

if TYPE_CHECKING:
    from govflow.periods.core import (
        Anchor,
        AnchorKind,
        Due,
        DueRequest,
        Extension,
        Pause,
        Period,
        PeriodError,
        PeriodUnit,
        Restart,
        TraceStep,
        compute_due,
        compute_request,
    )

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
