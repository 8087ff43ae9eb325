"""The plan's pages: the agenda (every dated duty in a window), checking uploaded ledgers, and
the month's 通报 from the case store, each as the JSON endpoint and the command line make them.

Uploads go to a private temporary directory that is removed after the answer; the page names
the files as uploaded (:meth:`~govflow.server.api_plan.Ledgers.shown`), never by their
temporary path.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from govflow.calendar.workcalendar import CalendarNotPublished
from govflow.compliance.findings import Status
from govflow.errors import GovflowError
from govflow.plan.obligations import Citation
from govflow.server.api_cases import scoped_unit, store_errors
from govflow.server.api_plan import Ledgers, _check, bulletin_text, received_ledgers
from govflow.server.office import Office
from govflow.server.problems import Problem
from govflow.server.web_common import (
    PAGE_HEADERS,
    PageProblem,
    Session,
    as_page,
    field,
    parse_day,
    posted_form,
    render,
    session_of,
)

__all__ = ["install_plan_pages"]

AGENDA_DAYS = 30
MAX_AGENDA_DAYS = 400
MAX_SHOWN = 1000
#: the findings the check page lists: what needs doing
SHOWN_STATUSES = (Status.VIOLATED.value, Status.AT_RISK.value)
_LISTED = tuple(Status(s) for s in SHOWN_STATUSES)


def install_plan_pages(app: FastAPI, office: Office) -> None:
    @app.get("/agenda", include_in_schema=False)
    def agenda_page(
        request: Request,
        unit: str | None = None,
        from_: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
    ) -> Response:
        """The plan's dated duties from *from* (default today) for 30 days (or to *to*), of
        *unit* (default: the token's unit; empty: every unit)."""
        from govflow.compliance.check import today_in_beijing
        from govflow.report.agenda import build_agenda

        session = session_of(office, request)
        chosen = session.token.unit if unit is None else (unit.strip() or None)
        with as_page(session):  # no plan loaded: 503 as a page
            plan = office.plan
        error, code, rows, standing = "", 200, [], []
        start = end = today_in_beijing()
        try:
            start = parse_day(from_, "开始日期") or today_in_beijing()
            end = parse_day(to, "结束日期") or start + timedelta(days=AGENDA_DAYS)
            if (end - start).days > MAX_AGENDA_DAYS:
                raise ValueError(f"日程一次至多 {MAX_AGENDA_DAYS} 天，请缩短期间")
            if chosen is not None:
                plan.directory.lookup(chosen, where="单位")
            agenda = build_agenda(plan, office.calendar(), start=start, end=end, unit=chosen)
            rows = agenda.rows()
            standing = [
                {"title": o.title, "rule": o.describe(), "source": o.citation.cite()}
                for o in agenda.standing
            ]
        except CalendarNotPublished as exc:
            code = 409
            error = (
                f"需要 {exc.year} 年的节假日安排通知，该通知尚未发布或未载入；govflow 不推测日期。"
            )
        except (GovflowError, ValueError) as exc:
            code, error = 422, str(exc)
        units = [u.name for u in plan.directory.units]
        groups = [g.name for g in plan.directory.groups]
        return render(
            request,
            "agenda.html",
            session,
            code,
            plan={"title": plan.title, "number": plan.number, "year": plan.year},
            issued=plan.issued,
            unit=chosen or "",
            start=start,
            end=end,
            rows=rows,
            standing=standing,
            units=units,
            groups=groups,
            error=error,
        )

    @app.get("/check", include_in_schema=False)
    def check_form(request: Request) -> Response:
        session = session_of(office, request)
        return _check_page(request, office, session, None, "", 200, {})

    @app.post("/check", include_in_schema=False)
    async def check(request: Request) -> Response:
        """Check the uploaded ledgers (field ``files``) as ``govflow check`` does; a unit's
        token sees its own unit's results only."""
        session = session_of(office, request)
        form = await posted_form(request, session)
        values = {"as_of": field(form, "as_of"), "unit": field(form, "unit")}
        uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
        if not any(u.filename for u in uploads):
            return _check_page(
                request, office, session, None, "请选择要检查的台账文件。", 422, values
            )
        with tempfile.TemporaryDirectory(prefix="govflow-upload-") as folder:
            try:
                ledgers = await received_ledgers(request, office, Path(folder))
                with store_errors():
                    scope = scoped_unit(office, session.token, values["unit"] or None)
                doc = await run_in_threadpool(
                    lambda: _check(
                        office,
                        ledgers,
                        values["as_of"] or None,
                        None,
                        scope,
                        None,
                        3,
                        False,
                        listed=_LISTED,  # the met findings of a large ledger: counted, not made
                    )
                )
            except Problem as exc:
                if exc.status not in (409, 422):
                    raise PageProblem(exc.status, exc.title, exc.detail, session) from None
                return _check_page(request, office, session, None, exc.detail, 422, values)
        return _check_page(request, office, session, doc, "", 200, values)

    @app.get("/report", include_in_schema=False)
    async def report_page(
        request: Request, month: str | None = None, as_of: str | None = None
    ) -> Response:
        """The month's 通报 from the case store (tokens of the whole office only)."""
        session, text, error, empty = await _bulletin(office, request, month, as_of)
        return render(
            request,
            "report.html",
            session,
            422 if error else 200,
            month=month or _last_month(),
            asked=bool(month),
            as_of=as_of or "",
            bulletin=text,
            error=error,
            empty=empty,
        )

    @app.get("/report/page", include_in_schema=False)
    async def report_alone(
        request: Request, month: str | None = None, as_of: str | None = None
    ) -> Response:
        """The 通报 alone, as one HTML page to print or save."""
        session, text, error, empty = await _bulletin(office, request, month, as_of)
        if error or empty or not text:
            detail = error or "案件库中还没有案件，无从通报。"
            raise PageProblem(422, "无法生成通报", detail, session)
        return HTMLResponse(text, headers=PAGE_HEADERS)


async def _bulletin(
    office: Office, request: Request, month: str | None, as_of: str | None
) -> tuple[Session, str, str, bool]:
    """(session, the 通报 as HTML, the reason it could not be made, whether the store is empty)."""
    session = session_of(office, request)
    token = session.token
    if token.unit is not None:
        raise PageProblem(
            403,
            "无权查看",
            f"月度通报涉及全部单位；令牌 {token.id} 只属于 {token.unit}，请用全部单位的令牌登录。",
            session,
        )
    if not month:
        return session, "", "", False
    try:
        moment = parse_day(as_of, "截至日期")
    except ValueError as exc:
        return session, "", str(exc), False
    with tempfile.TemporaryDirectory(prefix="govflow-upload-") as folder:
        ledgers = Ledgers(Path(folder))
        with as_page(session), store_errors():
            await run_in_threadpool(ledgers.add_cases, office, None)
        if not ledgers.files:
            return session, "", "", True
        try:
            text = await run_in_threadpool(
                lambda: bulletin_text(office, ledgers, month, "html", moment, False)
            )
        except Problem as exc:
            if exc.status not in (409, 422):
                raise PageProblem(exc.status, exc.title, exc.detail, session) from None
            return session, "", exc.detail, False
    return session, text, "", False


def _last_month() -> str:
    from govflow.compliance.check import today_in_beijing

    first = today_in_beijing().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def _check_page(
    request: Request,
    office: Office,
    session: Session,
    doc: dict[str, Any] | None,
    error: str,
    status: int,
    values: dict[str, str],
) -> Response:
    with as_page(session):
        units = [u.name for u in office.plan.directory.units]
    return render(
        request,
        "check.html",
        session,
        status,
        units=units,
        values=values,
        error=error,
        result=_result(office, doc) if doc is not None else None,
    )


def _result(office: Office, doc: dict[str, Any]) -> dict[str, Any]:
    """The check's answer as the page shows it: counts, files, what needs doing, rejected rows."""
    kinds = office.registry.record_kinds()
    counts = [
        {"key": s.value, "label": s.label, "count": doc["summary"].get(s.value, 0)} for s in Status
    ]
    files = [
        {**f, "kind_label": kinds[f["kind"]].label if f["kind"] in kinds else f["kind"]}
        for f in doc["files"]
    ]
    needs = [f for f in doc["findings"] if f["status"] in SHOWN_STATUSES]
    needs.sort(key=lambda f: (f["status"] != Status.VIOLATED.value, f["unit"], f["due"] or ""))
    findings = [
        {
            "unit": f["unit"] + (f"·{f['entity']}" if f.get("entity") else ""),
            "title": f["title"],
            "status": Status(f["status"]).label,
            "status_key": f["status"],
            "due": f["due"] or "",
            "case": f.get("case") or "",
            "explanation": f["explanation"],
            "action": f["action"],
            "basis": Citation(**f["source"]).cite(),
        }
        for f in needs[:MAX_SHOWN]
    ]
    return {
        "as_of": doc["as_of"],
        "counts": counts,
        "files": files,
        "findings": findings,
        "needs": len(needs),
        "limit": MAX_SHOWN,
        "rejected": doc["rejected"][:MAX_SHOWN],
        "rejected_total": len(doc["rejected"]),
        "warnings": [w["message"] for w in doc["warnings"]],
    }
