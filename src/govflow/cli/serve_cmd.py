"""``govflow serve``: the HTTP API on uvicorn (the ``server`` extra)."""

from __future__ import annotations

import click

from govflow.cli._app import main, work_calendar
from govflow.errors import InputError

__all__ = ["serve"]


class MissingExtra(InputError):
    label = "缺少可选依赖"


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听的地址（默认只接受本机连接）。"
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="监听的端口。"
)
def serve(host: str, port: int) -> None:
    """以 HTTP 服务提供 govflow：工作日、日历和期限计算的 JSON 接口（/api/v1/…）。

    接口说明（OpenAPI）在 /openapi.json，交互式文档在 /docs。需要可选依赖：pip install 'govflow[server]'。
    """
    try:
        import uvicorn

        from govflow.server.app import create_app
    except ImportError as exc:
        raise MissingExtra(
            f"govflow serve 需要 FastAPI 和 uvicorn（{exc.name} 未安装）：pip install 'govflow[server]'"
        ) from None
    work_calendar()  # loaded once, before the first request: a bad notice file fails here
    uvicorn.run(create_app(work_calendar), host=host, port=port, log_level="info")
