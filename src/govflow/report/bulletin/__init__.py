"""The monthly bulletin (月度通报) a county 政务公开办 issues, built from a check.

* :mod:`~govflow.report.bulletin.runner`: :func:`bulletin_check` runs the check for one month
  with the internal :class:`BulletinTracker`;
* :mod:`~govflow.report.bulletin.model` and :mod:`~govflow.report.bulletin.build`: the sections
  (:meth:`Bulletin.from_check`), from findings, declared record kinds and the plan's post quotas;
* :mod:`~govflow.report.bulletin.issues`: the month's problems, selected from all the check's
  findings by one rule (:func:`concerns_month`), and the escalations;
  :mod:`~govflow.report.bulletin.sections`: the office's sections as plain text;
* :mod:`~govflow.report.bulletin.markdown`, :mod:`~govflow.report.bulletin.html` and
  :mod:`~govflow.report.bulletin.docx`: the renderings (:meth:`Bulletin.to_markdown`,
  :meth:`Bulletin.to_html`, :meth:`Bulletin.to_docx`), escaping through
  :mod:`govflow.report.escape` as the check renderings do.
"""

from __future__ import annotations

from govflow.report.bulletin.document import Bulletin
from govflow.report.bulletin.issues import BulletinSettings, Escalation, Issue, concerns_month
from govflow.report.bulletin.model import (
    Account,
    BulletinData,
    Case,
    CaseKind,
    FileRow,
    QuotaInfo,
    Shortfall,
    UnitPosts,
)
from govflow.report.bulletin.runner import (
    BulletinError,
    BulletinTracker,
    bulletin_check,
    month_bounds,
    parse_month,
)

__all__ = [
    "Account",
    "Bulletin",
    "BulletinData",
    "BulletinError",
    "BulletinSettings",
    "BulletinTracker",
    "Case",
    "CaseKind",
    "Escalation",
    "FileRow",
    "Issue",
    "QuotaInfo",
    "Shortfall",
    "UnitPosts",
    "bulletin_check",
    "concerns_month",
    "month_bounds",
    "parse_month",
]
