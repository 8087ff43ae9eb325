"""The live-case endpoints (``/api/v1/cases``, ``/api/v1/remind``), each answering as the
command line's ``--json`` answers: ``case open``, ``case list``, ``case show``, ``case event``,
``case log`` and ``remind``.  Every one needs a token; a unit's token sees its own cases only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from govflow.cases.judge import CaseStatus
from govflow.cases.tokens import AccessToken
from govflow.server.auth import caller, forbid_read_only, protected
from govflow.server.office import Office
from govflow.server.problems import Problem, invalid
from govflow.server.schemas import CaseOut, LogOut, documented

__all__ = ["install_case_routes", "store_errors"]

_STATUSES = [s.value for s in CaseStatus]
STATUS_HELP = "状态，可多次给出：" + "、".join(_STATUSES)


class CaseIn(BaseModel):
    """A new case and its opening event (``govflow case open``)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100, description="案件编号", examples=["GK2023-0101"])
    kind: str = Field(
        description="案件类别：application、message 或插件提供的类别", examples=["application"]
    )
    unit: str = Field(description="承办单位（名录中的名称或别名）", examples=["县财政局"])
    received: str = Field(
        description="开案事件的日期（收到申请之日）；需要时刻的写作 2023-06-01 09:30",
        examples=["2023-09-28"],
    )
    fields: dict[str, str] = Field(
        default_factory=dict, description="开案时的其他字段", examples=[{"channel": "网络"}]
    )
    note: str = Field(default="", max_length=2000, description="登记说明")
    by: str | None = Field(default=None, max_length=50, description="登记人（记入审计轨迹）")


class EventIn(BaseModel):
    """One event of a case (``govflow case event``)."""

    model_config = ConfigDict(extra="forbid")

    event: str = Field(description="事件名，如 correction-requested、replied", examples=["replied"])
    date: str | None = Field(
        default=None, description="发生日期（或时刻）", examples=["2023-10-20"]
    )
    days: int | None = Field(
        default=None, description="批准延期（extension-approved）时延长的工作日数", examples=[10]
    )
    supersedes: int | None = Field(default=None, description="更正（或撤销）的事件序号")
    note: str = Field(default="", max_length=2000, description="登记说明")
    by: str | None = Field(default=None, max_length=50, description="登记人（记入审计轨迹）")


def actor(token: AccessToken, by: str | None) -> str:
    """The audit log's 登记人: the person the caller names, and always the token."""
    who = token.label or f"令牌{token.id}"
    return f"{by.strip()}（{who}）" if by and by.strip() else who


@contextmanager
def store_errors() -> Iterator[None]:
    """govflow's refusals as problems: a missing case 404, a taken id 409, a store that cannot
    be reached 503, anything else refused (an impossible event, a bad field) 422."""
    from govflow.cases.model import EventRefused
    from govflow.cases.store import CaseExists, CaseNotFound, StoreError
    from govflow.errors import InputError

    try:
        yield
    except CaseNotFound as exc:
        raise Problem(404, "案件不存在", str(exc)) from None
    except CaseExists as exc:
        raise Problem(409, "案件已存在", str(exc)) from None
    except StoreError as exc:
        raise Problem(503, "案件库不可用", str(exc)) from None
    except EventRefused as exc:
        raise Problem(422, "无法登记", str(exc)) from None
    except InputError as exc:
        raise Problem(422, "请求有误", str(exc)) from None


def _day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid(f"{field}：应为日期 YYYY-MM-DD，实际为 {text!r}", field) from None


def visible_case(office: Office, token: AccessToken, case_id: str) -> Any:
    """The case *case_id* if *token* may see it; 404 alike when it is missing or another unit's."""
    from govflow.cases.store import CaseNotFound

    try:
        case = office.store.get(case_id)
    except CaseNotFound:
        case = None
    if case is None or not token.sees(case.unit):
        raise Problem(404, "案件不存在", f"案件库中没有案件 {case_id!r}")
    return case


def scoped_unit(office: Office, token: AccessToken, unit: str | None) -> str | None:
    """The unit a listing is limited to: a unit's token always its own."""
    if token.unit is None:
        return unit
    if unit is not None:
        with store_errors():
            asked = office.book().units_of(unit)
        if asked != [token.unit]:
            raise Problem(403, "无权查看", f"令牌 {token.id} 只能查看 {token.unit} 的案件")
    return token.unit


def install_case_routes(app: FastAPI, office: Office) -> None:
    @app.post(
        "/api/v1/cases", status_code=201, tags=["cases"], **protected(documented(CaseOut, 201))
    )
    def open_case(body: CaseIn, request: Request, response: Response) -> dict[str, Any]:
        """开案（同 govflow case open --json）。编号已存在 409；单位、日期、字段有误 422。"""
        token = caller(office, request)
        forbid_read_only(token)
        with store_errors():
            book = office.book()
            unit = book.unit(body.unit)
            if not token.sees(unit):
                raise Problem(403, "无权操作", f"令牌 {token.id} 只能为 {token.unit} 开案")
            view = book.open(
                body.kind,
                body.id,
                unit,
                body.received,
                body.fields,
                actor=actor(token, body.by),
                note=body.note,
            )
        response.headers["Location"] = f"/api/v1/cases/{body.id}"
        doc: dict[str, Any] = view.to_dict()
        return doc

    @app.get("/api/v1/cases", tags=["cases"], **protected(documented(CaseOut, many=True)))
    def list_cases(
        request: Request,
        unit: str | None = None,
        kind: str | None = None,
        status: Annotated[list[str] | None, Query(description=STATUS_HELP)] = None,
        as_of: str | None = None,
        provisional: bool = False,
    ) -> list[dict[str, Any]]:
        """列出案件（同 govflow case list --json）；单位令牌只列本单位的案件。"""
        token = caller(office, request)
        status = status or []
        for s in status:
            if s not in _STATUSES:
                raise invalid(f"status {s!r}：应为 {'、'.join(_STATUSES)} 之一", "status")
        moment = _day(as_of, "as_of")
        with store_errors():
            views = office.book(provisional).views(
                moment,
                unit=scoped_unit(office, token, unit),
                kind=kind,
                statuses=[CaseStatus(s) for s in status] or None,
            )
        return [v.summary() for v in views]

    @app.get("/api/v1/cases/{case_id}", tags=["cases"], **protected(documented(CaseOut)))
    def show_case(
        case_id: str, request: Request, as_of: str | None = None, provisional: bool = False
    ) -> dict[str, Any]:
        """一件案件：状态、期限、每条计时规则的说明和依据、事件（同 govflow case show --json）。"""
        token = caller(office, request)
        moment = _day(as_of, "as_of")
        with store_errors():
            case = visible_case(office, token, case_id)
            doc: dict[str, Any] = office.book(provisional).view(case, moment).to_dict()
        return doc

    @app.post(
        "/api/v1/cases/{case_id}/events",
        status_code=201,
        tags=["cases"],
        **protected(documented(CaseOut, 201)),
    )
    def record_event(case_id: str, body: EventIn, request: Request) -> dict[str, Any]:
        """登记事件（同 govflow case event --json）；不可能的事件 422 并说明依据，不写入。"""
        token = caller(office, request)
        forbid_read_only(token)
        with store_errors():
            visible_case(office, token, case_id)
            view = office.book().record(
                case_id,
                body.event,
                body.date,
                amount=body.days,
                supersedes=body.supersedes,
                actor=actor(token, body.by),
                note=body.note,
            )
        doc: dict[str, Any] = view.to_dict()
        return doc

    @app.get("/api/v1/cases/{case_id}/log", tags=["cases"], **protected(documented(LogOut)))
    def case_log(case_id: str, request: Request) -> dict[str, Any]:
        """登记记录（审计轨迹），含被更正、被撤销的事件（同 govflow case log --json）。"""
        token = caller(office, request)
        with store_errors():
            log: dict[str, Any] = visible_case(office, token, case_id).log()
        return log

    @app.get("/api/v1/remind", tags=["cases"], **protected())
    def remind(
        request: Request,
        within: Annotated[int, Query(ge=0, le=60, description="提醒多少个工作日内到期的")] = 3,
        unit: str | None = None,
        as_of: str | None = None,
        provisional: bool = False,
    ) -> dict[str, Any]:
        """到期提醒：已逾期、今日到期、N个工作日内到期（同 govflow remind --format json）。"""
        from govflow.calendar.workcalendar import CalendarNotPublished
        from govflow.cases.remind import horizon, remind_document, reminders
        from govflow.server.problems import not_published

        token = caller(office, request)
        with store_errors():
            book = office.book(provisional)
            moment = _day(as_of, "as_of") or book.today
            try:
                last = horizon(office.calendar(), moment, within, provisional=provisional)
            except CalendarNotPublished as exc:
                not_published(exc)
            views = book.views(moment, unit=scoped_unit(office, token, unit))
        unjudged = [v for v in views if v.status is CaseStatus.UNJUDGED]
        return remind_document(reminders(views, moment, last), unjudged, moment, within, last)
