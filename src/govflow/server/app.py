"""govflow's HTTP API (FastAPI): the public calendar and due-date endpoints, versioned under
``/api/v1``, with the shapes of the command line's ``--json``.

Errors are RFC 9457 problem documents (``application/problem+json``) in Chinese: a year whose
holiday arrangement is not published answers 409 (never a guess, unless the request asks for an
estimate with ``provisional``), bad input 422 naming the field.  The OpenAPI description is at
``/openapi.json`` and the interactive docs at ``/docs``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from govflow.calendar.workcalendar import CalendarNotPublished, DayStatus, WorkCalendar
from govflow.errors import GovflowError
from govflow.periods.core import compute_due
from govflow.periods.request import DueRequest
from govflow.server.api_cases import install_case_routes
from govflow.server.api_plan import install_plan_routes
from govflow.server.limits import BodyLimit, install_limit_handler
from govflow.server.office import Office
from govflow.server.problems import Problem, install_handlers, not_published
from govflow.server.schemas import DayOut, DueOut, documented
from govflow.server.web import install_web

__all__ = ["MAX_BATCH", "create_app"]

MAX_BATCH = 10_000
#: a batch up to this many items is computed on the event loop, a larger one in a thread
INLINE_BATCH = 20


class PauseIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    from_: str = Field(alias="from", description="中止开始日 YYYY-MM-DD")
    to: str = Field(description="中止结束日 YYYY-MM-DD")


class DueIn(BaseModel):
    """One due-date computation, as ``govflow due`` takes it."""

    model_config = ConfigDict(extra="forbid")

    start: str = Field(
        description="起算日 YYYY-MM-DD（小时期限为 YYYY-MM-DDTHH:MM）", examples=["2023-09-28"]
    )
    period: str = Field(
        description="期限，如 20个工作日、15日、2个月、24小时、年底前", examples=["20个工作日"]
    )
    pause: list[PauseIn] = Field(default_factory=list, description="中止区间（征求意见等）")
    restart: str | None = Field(default=None, description="补正后重新起算的日期")
    extend: int | None = Field(default=None, description="经批准延长的工作日数或日数")
    holiday_only: bool = Field(
        default=False, description="自然日期间的最后一日仅在法定休假期内顺延"
    )
    provisional: bool = Field(default=False, description="节假日安排未发布的年份按法定节假日估算")


def create_app(office: Office | Callable[[], WorkCalendar]) -> FastAPI:
    """The application serving *office* (or, given only a calendar, the public endpoints of
    that calendar with the installed plugins behind the rest)."""
    from govflow import __version__

    if not isinstance(office, Office):
        office = Office(office)
    calendar = office.calendar
    settings = office.settings
    app = FastAPI(
        title="govflow",
        version=__version__,
        description="政务公开工作方案的可执行规则：工作日日历、法定期限的到期日（含说明和依据）；"
        "方案日程、记录检查、月度通报和在办案件（需令牌）。",
    )
    install_handlers(app)
    install_limit_handler(app)
    app.add_middleware(BodyLimit, settings=settings)
    if settings.cors_origins:  # off unless configured: the API is for servers, not pages
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    install_case_routes(app, office)
    install_plan_routes(app, office)
    install_web(app, office)

    @app.get("/api/v1/health", tags=["calendar"])
    async def health() -> JSONResponse:
        cal = calendar()
        return JSONResponse(
            {"status": "ok", "version": __version__, "calendar_version": cal.version}
        )

    @app.get("/api/v1/workdays/{day}", tags=["calendar"], responses=documented(DayOut))
    async def workday(day: str, provisional: bool = False) -> JSONResponse:
        """某一天：是否工作日、日类型、节日名称、依据的通知（同 govflow calendar --json 的一天）。"""
        d = _date(day, "day")
        return JSONResponse(_info(calendar(), d, provisional))

    @app.get("/api/v1/calendar/{year}", tags=["calendar"], responses=documented(DayOut, many=True))
    async def calendar_year(
        year: int, month: int | None = None, provisional: bool = False
    ) -> JSONResponse:
        """某年（或某月）每一天（同 govflow calendar YEAR [--month M] --json）。"""
        import calendar as stdcal

        if not 1900 <= year <= 2200:
            raise Problem(
                422, "请求有误", f"year {year}：应为 1900 至 2200 之间的年份", field="year"
            )
        if month is not None and not 1 <= month <= 12:
            raise Problem(422, "请求有误", f"month {month}：应为 1 至 12", field="month")
        cal = calendar()
        if cal.year_status(year) is not DayStatus.OFFICIAL and not provisional:
            not_published(CalendarNotPublished(year, date(year, 1, 1)))
        months = [month] if month else list(range(1, 13))
        return JSONResponse(
            [
                _info(cal, date(year, m, n), provisional)
                for m in months
                for n in range(1, stdcal.monthrange(year, m)[1] + 1)
            ]
        )

    @app.post("/api/v1/due", tags=["calendar"], responses=documented(DueOut))
    async def due(body: DueIn | list[DueIn]) -> JSONResponse:
        """到期日、状态、计算过程和依据（同 govflow due --json）；可一次提交至多 10,000 项。"""
        # computed on the event loop (no thread hand-off for a request of a millisecond); a
        # large batch goes to a worker thread so that it does not hold up other requests
        cal = calendar()
        if not isinstance(body, list):
            return JSONResponse(_due(cal, body, ""))
        if len(body) > MAX_BATCH:
            raise Problem(422, "请求有误", f"一次至多 {MAX_BATCH} 项，实际 {len(body)} 项")

        def answer() -> list[dict[str, Any]]:
            return [_due(cal, item, f"[{i}]") for i, item in enumerate(body)]

        if len(body) <= INLINE_BATCH:
            return JSONResponse(answer())
        return JSONResponse(await run_in_threadpool(answer))

    return app


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Problem(
            422, "请求有误", f"{field}：应为日期 YYYY-MM-DD，实际为 {text!r}", field=field
        ) from None


def _info(cal: WorkCalendar, d: date, provisional: bool) -> dict[str, Any]:
    try:
        return cal.day_info(d, provisional=provisional).to_dict()
    except CalendarNotPublished as exc:
        not_published(exc)


def _due(cal: WorkCalendar, item: DueIn, where: str) -> dict[str, Any]:
    raw: dict[str, Any] = {"start": item.start, "period": item.period}
    if item.pause:
        raw["pauses"] = [{"from": p.from_, "to": p.to} for p in item.pause]
    if item.restart is not None:
        raw["restart"] = item.restart
    if item.extend is not None:
        raw["extend"] = item.extend
    raw["holiday_only"] = item.holiday_only
    try:
        request = DueRequest.from_dict(raw, where=f"请求{where}")
        result = compute_due(
            request.start,
            request.period,
            calendar=cal,
            events=request.events,
            provisional=item.provisional,
            weekend_extends=request.weekend_extends,
        )
    except CalendarNotPublished as exc:
        not_published(exc)
    except (GovflowError, ValueError, TypeError) as exc:
        raise Problem(422, "请求有误", f"请求{where}：{exc}") from None
    out: dict[str, Any] = result.to_dict()
    return out
