"""What every page of the office's web page shares: the templates, the login session read from
the cookie, the form token against cross-site requests, and the answers that are pages.

The session is the access token itself, kept in an HttpOnly, SameSite=Strict cookie.  Every form
that changes something also carries ``csrf``, an HMAC of the session's token under a fixed label:
a page of another site can neither read it nor compute it, and a request without it is refused
(403) before anything is done.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from attrs import frozen
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from govflow.cases.tokens import AccessToken
from govflow.server.auth import COOKIE
from govflow.server.office import Office
from govflow.server.problems import Problem

__all__ = [
    "PAGE_HEADERS",
    "LoginNeeded",
    "PageProblem",
    "Session",
    "as_page",
    "csrf_of",
    "field",
    "install_page_handlers",
    "parse_day",
    "posted_form",
    "render",
    "safe_target",
    "session_of",
    "set_session",
]

_CSRF_LABEL = b"govflow web form v1"

#: the pages' headers: no scripts at all, no framing by other sites, nothing cached
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _path_part(value: object) -> str:
    """A value as one segment of a URL path (a case id may hold any character)."""
    return quote(str(value), safe="")


def _query(params: Mapping[str, object]) -> str:
    return urlencode({k: str(v) for k, v in params.items() if v is not None and v != ""})


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("govflow.server", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["path_part"] = _path_part
_ENV.filters["query"] = _query


def csrf_of(secret: str) -> str:
    """The form token of the session whose access token is *secret*."""
    return hmac.new(secret.encode("utf-8"), _CSRF_LABEL, hashlib.sha256).hexdigest()


@frozen
class Session:
    """A logged-in visitor: the access token and its secret (from the cookie)."""

    token: AccessToken
    secret: str

    @property
    def csrf(self) -> str:
        return csrf_of(self.secret)

    @property
    def writes(self) -> bool:
        return not self.token.read_only

    @property
    def who(self) -> str:
        label = f"（{self.token.label}）" if self.token.label else ""
        return f"{self.token.role}{label}"


class LoginNeeded(Exception):
    """No valid session: the visitor is sent to the login page (303)."""

    def __init__(self, target: str, stale: bool) -> None:
        super().__init__(target)
        self.target, self.stale = target, stale


class PageProblem(Exception):
    """An answer that is not the page asked for, shown as a page (403, 404, 422, 503)."""

    def __init__(
        self, status: int, title: str, detail: str, session: Session | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.session = status, title, detail, session


def session_of(office: Office, request: Request) -> Session:
    """The session of *request*'s cookie; :class:`LoginNeeded` without a live one."""
    secret = request.cookies.get(COOKIE)
    token = office.tokens.verify(secret) if secret else None
    if secret is None or token is None:
        raise LoginNeeded(_back_to(request), stale=secret is not None)
    return Session(token, secret)


def _back_to(request: Request) -> str:
    """Where to come back after logging in: the page asked for (a form's page for a form)."""
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) else quote(request.url.path)
    if request.method != "GET":
        return path.removesuffix("/events") if path.startswith("/cases/") else "/"
    return path + ("?" + request.url.query if request.url.query else "")


@contextmanager
def as_page(session: Session | None) -> Iterator[None]:
    """The service's problems (404 for another unit's case, 403, 503 …) as pages."""
    try:
        yield
    except Problem as exc:
        raise PageProblem(exc.status, exc.title, exc.detail, session) from None


async def posted_form(request: Request, session: Session) -> FormData:
    """The submitted form, refused (403) unless it carries the session's form token."""
    form = await request.form()
    sent = form.get("csrf")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, session.csrf):
        raise PageProblem(
            403,
            "请求被拒绝",
            "表单已失效或来自其他网站（缺少或不符的表单校验码）；请回到页面重新提交。",
            session,
        )
    return form


def field(form: FormData, name: str) -> str:
    """A text field of *form*, stripped; empty when absent or a file."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def parse_day(text: str | None, what: str) -> date | None:
    """A date typed as YYYY-MM-DD (empty: none); :class:`ValueError` in Chinese otherwise."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{what}应为日期 YYYY-MM-DD，实际为 {text!r}") from None


def render(
    request: Request,
    template: str,
    session: Session | None,
    code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page *template* with *context*, the session's navigation and the pages' headers."""
    page = _ENV.get_template(template).render(
        request_path=request.url.path,
        session=session,
        **context,
    )
    return HTMLResponse(page, status_code=code, headers=PAGE_HEADERS)


def set_session(response: Response, secret: str | None, secure: bool) -> None:
    """Set (or, with ``None``, clear) the session cookie."""
    if secret is None:
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
    else:
        response.set_cookie(
            COOKIE, secret, path="/", secure=secure, httponly=True, samesite="strict"
        )


def safe_target(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("/login"):
        return "/"
    # no second slash or backslash, no space or control character a browser would drop
    if (
        "\\" in target
        or target[1:2] == "/"
        or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in target)
    ):
        return "/"
    return target


def install_page_handlers(app: FastAPI, office: Office) -> None:
    @app.exception_handler(LoginNeeded)
    async def _login(_: Request, exc: LoginNeeded) -> Response:
        where = "/login" if exc.target == "/" else "/login?" + urlencode({"next": exc.target})
        response = RedirectResponse(where, status_code=303, headers=PAGE_HEADERS)
        if exc.stale:  # a revoked or unknown token: forget it
            set_session(response, None, office.settings.secure_cookie)
        return response

    @app.exception_handler(PageProblem)
    async def _problem(request: Request, exc: PageProblem) -> Response:
        return render(
            request,
            "error.html",
            exc.session,
            exc.status,
            title=exc.title,
            detail=exc.detail,
        )
