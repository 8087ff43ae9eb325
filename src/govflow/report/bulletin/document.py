"""The public :class:`Bulletin`: the bulletin's data with building and rendering.

A module of its own so that the data (:mod:`~govflow.report.bulletin.model`), the builder and the
two renderers import only downward.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import CheckResult
from govflow.report.bulletin.build import build
from govflow.report.bulletin.html import page
from govflow.report.bulletin.issues import BulletinSettings
from govflow.report.bulletin.markdown import markdown
from govflow.report.bulletin.model import BulletinData

__all__ = ["Bulletin"]


@frozen
class Bulletin(BulletinData):
    """The monthly bulletin: build with :meth:`from_check`, render with :meth:`to_markdown` or
    :meth:`to_html`."""

    @classmethod
    def from_check(
        cls,
        result: CheckResult,
        month: date,
        *,
        calendar: WorkCalendar | None = None,
        settings: BulletinSettings | None = None,
        issued: date | None = None,
    ) -> Bulletin:
        """The bulletin of *month* from a check run by
        :func:`~govflow.report.bulletin.runner.bulletin_check`; *issued* (default: the first
        working day after the check's moment) starts the 整改 period of *settings*, counted on
        *calendar* (default: the built-in one)."""
        return build(result, month, cls, calendar=calendar, settings=settings, issued=issued)

    def to_markdown(self) -> str:
        """The bulletin in Markdown (tables; record text escaped for tables)."""
        return markdown(self)

    def to_html(self) -> str:
        """The bulletin as one self-contained HTML page with inline SVG charts."""
        return page(self)

    def to_docx(self) -> bytes:
        """The bulletin as a Word document in 公文 style (needs python-docx: govflow[office])."""
        from govflow.report.bulletin.docx import document

        return document(self)
