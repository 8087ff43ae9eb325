"""Request size limits, enforced while the body arrives (a declared ``Content-Length`` over the
limit is refused before a byte is read; a chunked body is cut off when it passes the limit)."""

from __future__ import annotations

import html
import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from govflow.server.office import MiB, ServiceSettings
from govflow.server.problems import PROBLEM

__all__ = ["BodyLimit", "install_limit_handler"]

Scope = dict[str, Any]


class TooLarge(HTTPException):
    """Raised while the body is read; an HTTP exception, so that FastAPI passes it on to the
    handler :func:`install_limit_handler` registers rather than calling it a parse error."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, "请求过大")
        self.limit = limit


class BodyLimit:
    """ASGI middleware: multipart uploads may be ``max_upload`` bytes, any other body
    ``max_body``; over that the answer is 413, a problem document naming the limit."""

    def __init__(self, app: Any, settings: ServiceSettings) -> None:
        self.app = app
        self.settings = settings

    def limit(self, scope: Scope) -> int:
        for name, value in scope.get("headers", ()):
            if name == b"content-type" and value.startswith(
                (b"multipart/form-data", b"application/x-www-form-urlencoded")
            ):
                return self.settings.max_upload
        return self.settings.max_body

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope)
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _refuse(send, limit, page=_is_page(scope["path"]))
                return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        await self.app(scope, counted, send)


def install_limit_handler(app: FastAPI) -> None:
    @app.exception_handler(TooLarge)
    async def _too_large(request: Request, exc: TooLarge) -> Response:
        if _is_page(request.url.path):
            return HTMLResponse(_page(exc.limit), status_code=413)
        return JSONResponse(_document(exc.limit), status_code=413, media_type=PROBLEM)


def _is_page(path: str) -> bool:
    """A form of the web page (answered with a page), not the JSON API."""
    return not path.startswith("/api/")


def _page(limit: int) -> str:
    """The 413 answer to a form of the web page: a page in Chinese, not JSON."""
    detail = html.escape(_document(limit)["detail"])
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>请求过大</title></head><body><h1>请求过大</h1><p>{detail}。</p>"
        '<p>请用浏览器的“返回”回到上一页，或<a href="/">回到看板</a>。</p></body></html>'
    )


def _document(limit: int) -> dict[str, Any]:
    size = f"{limit / MiB:g} MiB" if limit >= MiB else f"{limit} 字节"
    return {
        "type": "about:blank",
        "title": "请求过大",
        "status": 413,
        "detail": f"请求体超过上限 {size}；大批量请分批提交",
        "limit": limit,
    }


async def _refuse(send: Any, limit: int, *, page: bool) -> None:
    if page:
        body, kind = _page(limit).encode("utf-8"), b"text/html; charset=utf-8"
    else:
        body = json.dumps(_document(limit), ensure_ascii=False).encode("utf-8")
        kind = PROBLEM.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
