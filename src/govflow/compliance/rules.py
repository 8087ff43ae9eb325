"""Rules: records and due dates in, findings out.

A :class:`Rule` has an id, a Chinese title, its area, its source, a severity (单项否决, 扣分,
提醒), and turns records into :class:`Finding` s: met, violated, at risk (due within the lead
time), pending, or not applicable.  Rules come from two places:

* every obligation of the plan that says what evidence meets it becomes a generic rule
  (:func:`obligation_rules`): quotas count records per unit and window, recurrences look for
  the record of each occurrence, anchor deadlines for a record by the date, triggered deadlines
  compute each case's due date on the official calendar (with its explanation);
* area plugins contribute rules of their own through ``govflow_rules``.

Rules stream: a rule either takes records one by one (:meth:`Rule.feed`), or reads the daily
counts the engine keeps per unit and day (:attr:`Rule.aggregates`), so memory does not grow
with the number of rows beyond those counters.  The counts are a Polars frame
(:meth:`DailyCounts.frame`): rules query them with grouped and windowed expressions, and call
Python only once per distinct combination of grouping values (:func:`per_distinct`).

This module gathers the public names of the modules that implement them:
:mod:`~govflow.compliance.findings`, :mod:`~govflow.compliance.fields`,
:mod:`~govflow.compliance.context`, :mod:`~govflow.compliance.daily`,
:mod:`~govflow.compliance.base`,
:mod:`~govflow.compliance.obligation_rules` and :mod:`~govflow.compliance.triggered`.
"""

from __future__ import annotations

from govflow.compliance.base import ObligationRule, Rule
from govflow.compliance.context import Context
from govflow.compliance.daily import DailyCounts, day_date, per_distinct
from govflow.compliance.fields import DATE_FIELDS, FIELD_LABELS, matches, post_category
from govflow.compliance.findings import MAX_EVIDENCE, Finding, Status
from govflow.compliance.obligation_rules import (
    AnchorRule,
    QuotaRule,
    RecurrenceRule,
    obligation_rules,
)
from govflow.compliance.triggered import TriggeredRule

__all__ = [
    "DATE_FIELDS",
    "FIELD_LABELS",
    "MAX_EVIDENCE",
    "AnchorRule",
    "Context",
    "DailyCounts",
    "Finding",
    "ObligationRule",
    "QuotaRule",
    "RecurrenceRule",
    "Rule",
    "Status",
    "TriggeredRule",
    "day_date",
    "matches",
    "obligation_rules",
    "per_distinct",
    "post_category",
]
