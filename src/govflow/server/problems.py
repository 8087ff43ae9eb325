"""RFC 9457 problem documents (``application/problem+json``), in Chinese, for every answer that
is not the resource; and the mapping of govflow's errors onto HTTP statuses."""

from __future__ import annotations

from typing import Any, NoReturn

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from govflow.calendar.workcalendar import CalendarNotPublished

__all__ = ["PROBLEM", "Problem", "install_handlers", "not_published", "problem_response"]

PROBLEM = "application/problem+json"


class Problem(Exception):
    """An answer that is not the resource: *status* and a Chinese *detail*."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra
        self.headers = headers or {}


def problem_response(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def not_published(exc: CalendarNotPublished) -> NoReturn:
    raise Problem(
        409,
        "节假日安排尚未发布",
        f"需要 {exc.year} 年的节假日安排通知，该通知尚未发布或未载入（涉及 {exc.day.isoformat()}）；"
        "govflow 不推测，可在请求中加 provisional=true 按法定节假日估算",
        year=exc.year,
    )


def invalid(detail: str, field: str | None = None) -> Problem:
    if field is None:
        return Problem(422, "请求有误", detail)
    return Problem(422, "请求有误", detail, field=field)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, exc.headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
            for e in exc.errors()
        ]
        fields = "、".join(e["field"] or "请求体" for e in errors)
        return problem_response(422, "请求有误", f"字段 {fields} 不符合要求", errors=errors)
