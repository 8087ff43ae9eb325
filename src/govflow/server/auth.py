"""Who is calling: ``Authorization: Bearer TOKEN``, checked against the hashed tokens of the
case store (the web page's session cookie is read by the pages only, :mod:`web_common`).

A unit's token sees and acts on its own unit's cases only: reading, recording and the log of
another unit's case answer 404, as a case that does not exist.  (Opening a case under a number
already taken says so, 409, without saying whose: case numbers are the office's, and a clash
must be known.)  A read-only token may read what its scope allows and write nothing (403).
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from govflow.cases.tokens import AccessToken
from govflow.server.office import Office
from govflow.server.problems import Problem

__all__ = ["COOKIE", "caller", "forbid_read_only", "protected", "require_office_wide"]

COOKIE = "govflow_token"
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="govflow"'}


#: declares the bearer scheme in the OpenAPI description (``/docs`` gets an "Authorize" button);
#: the check itself is :func:`caller`, which also reads the web page's cookie
BEARER = HTTPBearer(auto_error=False, description="govflow token create 发放的令牌")


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {}}}


def protected(responses: dict[int | str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """What a route that needs a token adds to its OpenAPI description (besides *responses*)."""
    return {
        "dependencies": [Depends(BEARER)],
        "responses": {
            **(responses or {}),
            401: _problem("未登录：缺少令牌，或令牌不存在、已撤销"),
            403: _problem("无权操作：只读令牌登记，或单位令牌涉及其他单位"),
            422: _problem("请求有误：detail 写明字段和原因"),
        },
    }


def secret_of(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Problem(401, "未登录", "Authorization 头应写作 Bearer 令牌", headers=_CHALLENGE)
        return value.strip()
    # the web page's cookie is not read here: a form of another site could otherwise make a
    # logged-in browser call the JSON API (the pages check a form token; the API needs the header)
    return None


def caller(office: Office, request: Request) -> AccessToken:
    """The token of the request; 401 without one, or with one unknown or revoked."""
    secret = secret_of(request)
    if not secret:
        raise Problem(
            401,
            "未登录",
            "此接口需要令牌：请求头 Authorization: Bearer 令牌（令牌由 govflow token create 生成）",
            headers=_CHALLENGE,
        )
    token = office.tokens.verify(secret)
    if token is None:
        raise Problem(401, "令牌无效", "令牌不存在或已撤销", headers=_CHALLENGE)
    return token


def forbid_read_only(token: AccessToken) -> None:
    if token.read_only:
        raise Problem(403, "无权操作", f"令牌 {token.id} 是只读令牌，不能登记")


def require_office_wide(token: AccessToken, what: str) -> None:
    if token.unit is not None:
        raise Problem(403, "无权查看", f"{what}涉及全部单位；令牌 {token.id} 只属于 {token.unit}")
