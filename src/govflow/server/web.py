"""The county office's web page, rendered on the server in Chinese: log in with an access token,
the board of deadlines (已逾期、今日到期、本周到期, by unit), each case with its clocks and a form to
record its next event, the plan's agenda, checking uploaded ledgers and the month's 通报.

The pages use the same store, tokens and rules as the JSON API (a unit's token sees its own
unit's cases only; a read-only token records nothing) and need no JavaScript.  The case pages
are in :mod:`govflow.server.web_cases`, the plan's pages in :mod:`govflow.server.web_plan`, what
they share in :mod:`govflow.server.web_common`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import RedirectResponse, Response

from govflow.cases.judge import CaseStatus
from govflow.cases.remind import Bucket, Reminder, reminders
from govflow.server.api_cases import scoped_unit, store_errors
from govflow.server.office import Office
from govflow.server.web_cases import ACTIVE, install_case_pages
from govflow.server.web_common import (
    LoginNeeded,
    PageProblem,
    Session,
    as_page,
    field,
    install_page_handlers,
    parse_day,
    posted_form,
    render,
    safe_target,
    session_of,
    set_session,
)
from govflow.server.web_plan import install_plan_pages

__all__ = ["install_web", "week_end"]

BUCKET_LABELS = {
    Bucket.OVERDUE: "已逾期",
    Bucket.TODAY: "今日到期",
    Bucket.SOON: "本周到期",
}


def week_end(day: date) -> date:
    """The Sunday that ends *day*'s calendar week (*day* itself on a Sunday)."""
    return day + timedelta(days=6 - day.weekday())


def install_web(app: FastAPI, office: Office) -> None:
    """The pages: ``/login``, ``/logout``, ``/`` (the board), the case pages and the plan's."""
    install_page_handlers(app, office)
    secure = office.settings.secure_cookie

    @app.get("/login", include_in_schema=False)
    def login_form(request: Request, target: Annotated[str, Query(alias="next")] = "/") -> Response:
        try:
            current: Session | None = session_of(office, request)
        except LoginNeeded:
            current = None
        return render(request, "login.html", current, next=safe_target(target), error="")

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        secret = field(form, "token")
        target = safe_target(field(form, "next"))
        token = office.tokens.verify(secret) if secret else None
        if token is None:
            error = (
                "请粘贴令牌。"
                if not secret
                else "令牌无效：令牌不存在或已撤销。请核对后重新粘贴，或请管理员用 govflow token create 发放新令牌。"
            )
            return render(request, "login.html", None, 401, next=target, error=error)
        response = RedirectResponse(target, status_code=303)
        set_session(response, secret, secure)
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        try:
            current = session_of(office, request)
        except LoginNeeded:
            current = None
        if current is not None:
            await posted_form(request, current)
        response = RedirectResponse("/login", status_code=303)
        set_session(response, None, secure)
        return response

    @app.get("/", include_in_schema=False)
    def board(request: Request, as_of: str | None = None) -> Response:
        """The open cases' clocks overdue, due today and due by Sunday, by unit."""
        session = session_of(office, request)
        try:
            asked = parse_day(as_of, "日期")
        except ValueError as exc:
            raise PageProblem(422, "日期有误", str(exc), session) from None
        with as_page(session), store_errors():
            book = office.book()
            moment = asked or book.today
            last = week_end(moment)
            views = book.views(moment, unit=scoped_unit(office, session.token, None))
        rems = reminders(views, moment, last)
        unjudged = [
            {"id": v.case.id, "unit": v.case.unit, "reason": v.reason}
            for v in views
            if v.status is CaseStatus.UNJUDGED
        ]
        return render(
            request,
            "board.html",
            session,
            as_of=moment,
            today=book.today,
            asked=asked,
            last=last,
            buckets=_buckets(rems),
            total=len(rems),
            unjudged=unjudged,
            active=sum(v.status in ACTIVE for v in views),
        )

    install_case_pages(app, office)
    install_plan_pages(app, office)


def _buckets(rems: list[Reminder]) -> list[dict[str, Any]]:
    """Each bucket (overdue, today, this week) with its reminders by unit."""
    out = []
    for bucket in Bucket:
        units: dict[str, list[dict[str, Any]]] = {}
        for r in rems:
            if r.bucket is bucket:
                units.setdefault(r.unit, []).append(_row(r))
        out.append(
            {
                "key": bucket.value,
                "label": BUCKET_LABELS[bucket],
                "count": sum(len(rows) for rows in units.values()),
                "units": list(units.items()),
            }
        )
    return out


def _row(r: Reminder) -> dict[str, Any]:
    f = r.clock
    return {
        "case": r.case.id,
        "kind": r.case.kind.label,
        "title": f.title,
        "rule": f.rule,
        "due": r.due,
        "days_overdue": (r.as_of - r.due).days if r.bucket is Bucket.OVERDUE else 0,
        "action": f.action,
        "basis": f.source.cite(),
    }
