"""The Yudu plan's HTTP service for the service and web-page tests: an :class:`Office` on a
store of the test's own, a FastAPI test client of it, and the command line beside it (tokens
issued and answers compared as users get them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govflow.cli import main
from govflow.cli._app import plugin_registry, work_calendar
from govflow.server.app import create_app
from govflow.server.office import Office, ServiceSettings

__all__ = ["bearer", "cli_json", "office", "run", "service_client", "token"]


def run(*args: str, ok: tuple[int, ...] = (0,)) -> Any:
    """``govflow ARGS`` in-process; its exit code must be one of *ok*."""
    out = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert out.exit_code in ok, out.output
    return out


def cli_json(*args: str) -> Any:
    return json.loads(run(*args, ok=(0, 1)).stdout)


def token(db: str, *args: str) -> str:
    """A token issued by ``govflow token create ARGS --db DB``."""
    secret: str = run("token", "create", *args, "--db", db).stdout.strip()
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def office(db: str, **settings: Any) -> Office:
    """The service's office on the Yudu plan and the store *db*, with *settings*."""
    return Office(
        work_calendar,
        registry=plugin_registry(),
        plan_ref="yudu-2023",
        db=db,
        settings=ServiceSettings(**settings),
    )


def service_client(db: str) -> Iterator[Any]:
    """A test client of the service on *db* (for a fixture to yield from)."""
    testclient = pytest.importorskip("fastapi.testclient")
    o = office(db)
    try:
        with testclient.TestClient(create_app(o)) as c:
            yield c
    finally:
        o.close()


def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new SQLite store in *tmp_path*; ``GOVFLOW_DB`` of the environment left out."""
    monkeypatch.delenv("GOVFLOW_DB", raising=False)
    return str(tmp_path / "cases.sqlite3")
