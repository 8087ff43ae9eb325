"""The case pages: the list of cases, one case (its status, clocks, events and audit log) with
the form to record its next event, and the form to open a case.

Recording goes through :meth:`govflow.cases.book.CaseBook.record` exactly as the JSON endpoint
does: an impossible event is refused with its reason and nothing is stored.  Another unit's case
answers 404 as a missing case does.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from govflow.cases.judge import CaseStatus, CaseView
from govflow.cases.model import BEIJING, RETRACT, Case, shown
from govflow.server.api_cases import actor, scoped_unit, store_errors, visible_case
from govflow.server.office import Office
from govflow.server.problems import Problem
from govflow.server.web_common import (
    PageProblem,
    Session,
    as_page,
    field,
    parse_day,
    posted_form,
    render,
    session_of,
)

__all__ = ["install_case_pages"]

#: the statuses of a case still being worked on (the list's default)
ACTIVE = (CaseStatus.OVERDUE, CaseStatus.OPEN, CaseStatus.SUSPENDED, CaseStatus.UNJUDGED)
MAX_LISTED = 500
EVENT_FIELDS = ("event", "date", "time", "days", "supersedes", "note", "by")
OPEN_FIELDS = ("id", "kind", "unit", "date", "time", "channel", "note", "by")


def install_case_pages(app: FastAPI, office: Office) -> None:
    @app.get("/cases", include_in_schema=False)
    def case_list(
        request: Request, id: str = "", status: str = "", as_of: str | None = None
    ) -> Response:
        """The cases the token sees (by default those still being worked on); ``id`` jumps to
        one case."""
        session = session_of(office, request)
        if id.strip():
            return RedirectResponse(f"/cases/{quote(id.strip(), safe='')}", status_code=303)
        statuses = _statuses(status, session)
        with as_page(session), store_errors():
            try:
                moment = parse_day(as_of, "日期")
            except ValueError as exc:
                raise Problem(422, "日期有误", str(exc)) from None
            views = office.book().views(
                moment, unit=scoped_unit(office, session.token, None), statuses=statuses
            )
        views.sort(key=lambda v: (v.due or date.max, v.case.id))
        rows = [
            {
                "id": v.case.id,
                "kind": v.case.kind.label,
                "unit": v.case.unit,
                "status": v.status.label,
                "status_key": v.status.value,
                "due": v.due,
                "received": shown(v.case.received) if v.case.received else "",
            }
            for v in views[:MAX_LISTED]
        ]
        choices = [("", "在办"), ("all", "全部")] + [(s.value, s.label) for s in CaseStatus]
        return render(
            request,
            "cases.html",
            session,
            rows=rows,
            total=len(views),
            limit=MAX_LISTED,
            status=status,
            choices=choices,
            as_of=as_of or "",
        )

    @app.get("/cases/new", include_in_schema=False)
    def new_case_form(request: Request) -> Response:
        session = session_of(office, request)
        _writer(session)
        return _new_case_page(request, office, session, {"kind": "application"}, "", 200)

    @app.post("/cases/new", include_in_schema=False)
    async def new_case(request: Request) -> Response:
        session = session_of(office, request)
        form = await posted_form(request, session)
        _writer(session)
        values = _values(form, OPEN_FIELDS)
        token = session.token
        if token.unit is not None:
            values["unit"] = token.unit  # a unit's token opens its own unit's cases only
        try:
            _limits(values)
            if not values["id"]:
                raise ValueError("请填写案件编号")
            given = {"channel": values["channel"]} if values["channel"] else {}

            def work() -> None:
                with store_errors():
                    book = office.book()
                    unit = book.unit(values["unit"]) if values["unit"] else ""
                    if not unit:
                        raise ValueError("请选择承办单位")
                    if not token.sees(unit):
                        raise Problem(403, "无权操作", f"令牌 {token.id} 只能为 {token.unit} 开案")
                    book.open(
                        values["kind"],
                        values["id"],
                        unit,
                        _moment(values),
                        given,
                        actor=actor(token, values["by"] or None),
                        note=values["note"],
                    )

            await run_in_threadpool(work)
        except ValueError as exc:
            return _new_case_page(request, office, session, values, str(exc), 422)
        except Problem as exc:
            if exc.status not in (409, 422):
                raise PageProblem(exc.status, exc.title, exc.detail, session) from None
            return _new_case_page(request, office, session, values, exc.detail, exc.status)
        target = f"/cases/{quote(values['id'], safe='')}?opened=1"
        return RedirectResponse(target, status_code=303)

    @app.get("/cases/{case_id:path}", include_in_schema=False)
    def case_page(request: Request, case_id: str, as_of: str | None = None) -> Response:
        session = session_of(office, request)
        with as_page(session), store_errors():
            case = visible_case(office, session.token, case_id)
            try:
                moment = parse_day(as_of, "日期")
            except ValueError as exc:
                raise Problem(422, "日期有误", str(exc)) from None
            context = _case_context(office, case, moment)
        notice = _notice(
            case, request.query_params.get("recorded"), "opened" in request.query_params
        )
        return render(request, "case.html", session, notice=notice, error="", values={}, **context)

    @app.post("/cases/{case_id:path}/events", include_in_schema=False)
    async def record_event(request: Request, case_id: str) -> Response:
        session = session_of(office, request)
        form = await posted_form(request, session)
        _writer(session)
        token = session.token
        with as_page(session), store_errors():
            visible_case(office, token, case_id)
        values = _values(form, EVENT_FIELDS)
        try:
            _limits(values)
            days = _number(values["days"], "延长工作日数")
            supersedes = _number(values["supersedes"], "更正的事件序号")
            occurred = _moment(values) or None

            def work() -> CaseView:
                with store_errors():
                    return office.book().record(
                        case_id,
                        values["event"],
                        occurred,
                        amount=days,
                        supersedes=supersedes,
                        actor=actor(token, values["by"] or None),
                        note=values["note"],
                    )

            view = await run_in_threadpool(work)
        except ValueError as exc:
            error = str(exc)
        except Problem as exc:
            if exc.status != 422:
                raise PageProblem(exc.status, exc.title, exc.detail, session) from None
            error = exc.detail
        else:
            seq = max(e.seq or 0 for e in view.case.events)
            target = f"/cases/{quote(case_id, safe='')}?recorded={seq}"
            return RedirectResponse(target, status_code=303)
        with as_page(session), store_errors():  # refused: the case as it stands, unchanged
            context = _case_context(office, visible_case(office, token, case_id), None)
        return render(
            request, "case.html", session, 422, notice="", error=error, values=values, **context
        )


def _writer(session: Session) -> None:
    if session.token.read_only:
        raise PageProblem(
            403, "无权操作", f"令牌 {session.token.id} 是只读令牌，不能开案或登记。", session
        )


def _statuses(status: str, session: Session) -> list[CaseStatus] | None:
    if status == "":
        return list(ACTIVE)
    if status == "all":
        return None
    try:
        return [CaseStatus(status)]
    except ValueError:
        raise PageProblem(422, "请求有误", f"没有案件状态 {status!r}", session) from None


def _values(form: FormData, names: tuple[str, ...]) -> dict[str, str]:
    return {name: field(form, name) for name in names}


def _limits(values: dict[str, str]) -> None:
    if len(values.get("note", "")) > 2000:
        raise ValueError("登记说明至多 2000 字")
    if len(values.get("by", "")) > 50:
        raise ValueError("登记人至多 50 字")
    if len(values.get("id", "")) > 100:
        raise ValueError("案件编号至多 100 个字符")


def _number(text: str, what: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{what}应为整数，实际为 {text!r}") from None


def _moment(values: dict[str, str]) -> str:
    """The date field, with the time when one is given (hour clocks need it)."""
    day, time = values.get("date", ""), values.get("time", "")
    if time and not day:
        raise ValueError("填写了时刻，请同时填写日期")
    return f"{day} {time}" if time else day


def _notice(case: Case, recorded: str | None, opened: bool) -> str:
    if opened:
        return f"已开案：{case.id}（{case.unit}）。"
    if recorded is None or not recorded.isdigit():
        return ""
    event = next((e for e in case.events if e.seq == int(recorded)), None)
    if event is None:
        return ""
    return f"已登记第 {event.seq} 号事件：{_label(case, event.type)}（{shown(event.occurred)}）。"


def _label(case: Case, type_: str) -> str:
    return "撤销" if type_ == RETRACT else case.kind.event(type_).label


def _case_context(office: Office, case: Case, as_of: date | None) -> dict[str, Any]:
    """What the case page shows: the case as of *as_of* (default today), clock by clock."""
    book = office.book()
    view = book.view(case, as_of)
    record_kind = office.registry.record_kinds().get(case.kind.record_kind)
    labels = {f.name: f.label for f in record_kind.fields} if record_kind else {}
    clocks = [
        {
            "title": f.title,
            "rule": f.rule,
            "status": f.status.label,
            "status_key": f.status.value,
            "due": f.due,
            "done": f.done,
            "explanation": f.explanation,
            "trace": list(f.trace),
            "action": f.action,
            "basis": f.source.cite(),
        }
        for f in view.findings
    ]
    effective = [
        {
            "seq": e.seq,
            "date": shown(e.occurred),
            "label": _label(case, e.type),
            "amount": _amount(case, e.type, e.amount),
        }
        for e in case.effective()
    ]
    replaced = {e.supersedes: e for e in case.events if e.supersedes is not None}
    log = []
    for e in case.events:
        by = replaced.get(e.seq) if e.seq is not None else None
        log.append(
            {
                "seq": e.seq,
                "date": shown(e.occurred),
                "label": _label(case, e.type),
                "amount": _amount(case, e.type, e.amount),
                "supersedes": e.supersedes,
                "retracts": e.type == RETRACT,
                "replaced_by": by.seq if by else None,
                "replaced_how": ("撤销" if by.type == RETRACT else "更正") if by else "",
                "actor": e.actor,
                "recorded_at": e.recorded_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
                if e.recorded_at
                else "",
                "note": e.note,
            }
        )
    events = [(e.name, e.label) for e in case.kind.events]
    events.append((RETRACT, "撤销（填写被撤销事件的序号）"))
    return {
        "case": {
            "id": case.id,
            "kind": case.kind.label,
            "unit": case.unit,
            "fields": [(labels.get(k, k), _plain(v)) for k, v in case.fields.items()],
        },
        "view": {
            "status": view.status.label,
            "status_key": view.status.value,
            "due": view.due,
            "as_of": view.as_of,
            "reason": view.reason,
        },
        "clocks": clocks,
        "events": effective,
        "log": log,
        "event_types": events,
        "amount_label": next((e.amount_label for e in case.kind.events if e.amount), ""),
        "today": book.today,
    }


def _amount(case: Case, type_: str, amount: int | None) -> str:
    if amount is None or type_ == RETRACT:
        return ""
    label = case.kind.event(type_).amount_label or "数量"
    return f"{label} {amount}"


def _plain(value: object) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def _new_case_page(
    request: Request,
    office: Office,
    session: Session,
    values: dict[str, str],
    error: str,
    status: int,
) -> Response:
    with as_page(session):
        kinds = [(k.name, k.label) for k in office.registry.case_kinds().values()]
        units = [u.name for u in office.plan.directory.units]
        today = office.book().today
    return render(
        request,
        "case_new.html",
        session,
        status,
        kinds=kinds,
        units=units,
        values=values,
        error=error,
        today=today,
    )
