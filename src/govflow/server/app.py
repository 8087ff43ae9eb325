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

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from govflow.calendar.workcalendar import CalendarNotPublished, DayStatus, WorkCalendar
from govflow.errors import GovflowError
from govflow.periods.core import compute_due
from govflow.periods.request import DueRequest

__all__ = ["MAX_BATCH", "create_app"]

MAX_BATCH = 10_000
PROBLEM = "application/problem+json"


class Problem(Exception):
    """An answer that is not the resource: *status* and a Chinese *detail*."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def _problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


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


def create_app(calendar: Callable[[], WorkCalendar]) -> FastAPI:
    """The application; *calendar* gives the working-day calendar (the installed notices)."""
    from govflow import __version__

    app = FastAPI(
        title="govflow",
        version=__version__,
        description="政务公开工作方案的可执行规则：工作日日历、法定期限的到期日（含说明和依据）。",
    )

    @app.exception_handler(Problem)
    async def _problem_handler(_: Request, exc: Problem) -> JSONResponse:
        return _problem(exc.status, exc.title, exc.detail, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
            for e in exc.errors()
        ]
        fields = "、".join(e["field"] or "请求体" for e in errors)
        return _problem(422, "请求有误", f"字段 {fields} 不符合要求", errors=errors)

    @app.get("/api/v1/health")
    def health() -> dict[str, Any]:
        cal = calendar()
        return {"status": "ok", "version": __version__, "calendar_version": cal.version}

    @app.get("/api/v1/workdays/{day}")
    def workday(day: str, provisional: bool = False) -> dict[str, Any]:
        """某一天：是否工作日、日类型、节日名称、依据的通知（同 govflow calendar --json 的一天）。"""
        d = _date(day, "day")
        return _info(calendar(), d, provisional)

    @app.get("/api/v1/calendar/{year}")
    def calendar_year(
        year: int, month: int | None = None, provisional: bool = False
    ) -> list[dict[str, Any]]:
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
            _not_published(CalendarNotPublished(year, date(year, 1, 1)))
        months = [month] if month else list(range(1, 13))
        return [
            _info(cal, date(year, m, n), provisional)
            for m in months
            for n in range(1, stdcal.monthrange(year, m)[1] + 1)
        ]

    @app.post("/api/v1/due")
    def due(body: DueIn | list[DueIn]) -> dict[str, Any] | list[dict[str, Any]]:
        """到期日、状态、计算过程和依据（同 govflow due --json）；可一次提交至多 10,000 项。"""
        cal = calendar()
        if isinstance(body, list):
            if len(body) > MAX_BATCH:
                raise Problem(422, "请求有误", f"一次至多 {MAX_BATCH} 项，实际 {len(body)} 项")
            return [_due(cal, item, f"[{i}]") for i, item in enumerate(body)]
        return _due(cal, body, "")

    return app


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Problem(
            422, "请求有误", f"{field}：应为日期 YYYY-MM-DD，实际为 {text!r}", field=field
        ) from None


def _not_published(exc: CalendarNotPublished) -> None:
    raise Problem(
        409,
        "节假日安排尚未发布",
        f"需要 {exc.year} 年的节假日安排通知，该通知尚未发布或未载入（涉及 {exc.day.isoformat()}）；"
        "govflow 不推测，可在请求中加 provisional=true 按法定节假日估算",
        year=exc.year,
    )


def _info(cal: WorkCalendar, d: date, provisional: bool) -> dict[str, Any]:
    try:
        return cal.day_info(d, provisional=provisional).to_dict()
    except CalendarNotPublished as exc:
        _not_published(exc)
        raise  # unreachable: _not_published raises


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
        _not_published(exc)
        raise
    except (GovflowError, ValueError, TypeError) as exc:
        raise Problem(422, "请求有误", f"请求{where}：{exc}") from None
    out: dict[str, Any] = result.to_dict()
    return out
