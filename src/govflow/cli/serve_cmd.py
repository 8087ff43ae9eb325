"""``govflow serve``: the HTTP API on uvicorn (the ``server`` extra)."""

from __future__ import annotations

import click

from govflow.cli._app import echo, main, plugin_registry, work_calendar
from govflow.cli.case_cmds import db_option, plan_option
from govflow.errors import InputError

__all__ = ["serve"]


#: the top-level modules of the ``server`` extra's packages
EXTRA_MODULES = frozenset({"fastapi", "uvicorn", "starlette", "pydantic", "jinja2", "multipart"})


class MissingExtra(InputError):
    label = "缺少可选依赖"


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听的地址（默认只接受本机连接）。"
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="监听的端口。"
)
@db_option
@plan_option
@click.option(
    "--max-body-mb",
    type=click.FloatRange(0.01, 1024),
    default=4,
    show_default=True,
    help="JSON 请求体的上限（MiB）。",
)
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(0.01, 4096),
    default=50,
    show_default=True,
    help="上传台账的上限（MiB，一次请求的全部文件）。",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="URL",
    help="允许从该来源的网页调用接口（如 https://oa.example.gov.cn），可多次使用；默认不允许跨域。",
)
@click.option(
    "--secure-cookie",
    is_flag=True,
    help="网页的登录 Cookie 只经 HTTPS 发送（部署在 TLS 反向代理之后时使用）。",
)
@click.option(
    "--forwarded-allow-ips",
    metavar="IPS",
    default=None,
    help="信任这些反向代理的 X-Forwarded-* 头（逗号分隔，默认只信任 127.0.0.1）。",
)
def serve(
    host: str,
    port: int,
    db: str | None,
    plan_ref: str | None,
    max_body_mb: float,
    max_upload_mb: float,
    cors_origins: tuple[str, ...],
    secure_cookie: bool,
    forwarded_allow_ips: str | None,
) -> None:
    """以 HTTP 服务提供 govflow：JSON 接口（/api/v1/…）和科室网页（/）。

    工作日、日历和期限计算的接口公开；案件、检查和通报需要令牌（govflow token create）。
    接口说明（OpenAPI）在 /openapi.json，交互式文档在 /docs。需要可选依赖：pip install 'govflow[server]'。
    """
    try:
        import uvicorn

        from govflow.server.app import create_app
        from govflow.server.office import MiB, Office, ServiceSettings
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in EXTRA_MODULES:
            raise  # govflow's own modules are not an optional dependency
        raise MissingExtra(
            f"govflow serve 需要 FastAPI 和 uvicorn（{exc.name} 未安装）：pip install 'govflow[server]'"
        ) from None
    work_calendar()  # loaded once, before the first request: a bad notice file fails here
    settings = ServiceSettings(
        max_body=int(max_body_mb * MiB),
        max_upload=int(max_upload_mb * MiB),
        cors_origins=tuple(cors_origins),
        secure_cookie=secure_cookie,
    )
    office = Office(
        work_calendar, registry=plugin_registry(), plan_ref=plan_ref, db=db, settings=settings
    )
    # the plan and the store are opened before the first request: a bad plan or an unreachable
    # database fails here, in Chinese; with no plan installed at all only the calendar serves
    if plan_ref is None and not office.registry.plans():
        echo("说明：没有已安装的方案，只提供工作日、日历和期限接口。", err=True)
    else:
        office.registry.load_plan(plan_ref)
    office.store  # noqa: B018
    uvicorn.run(
        create_app(office),
        host=host,
        port=port,
        log_level="info",
        forwarded_allow_ips=forwarded_allow_ips,
    )
