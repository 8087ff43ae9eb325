"""The HTTP API's public endpoints (issue 14, first part): the same answers as the command line's
``--json``, problem documents in Chinese for an unpublished year (409) and bad input (422), and
``govflow serve`` answering over a real loopback socket."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.calendar.workcalendar import default_calendar
from govflow.cli import main
from govflow.server.app import MAX_BATCH, create_app
from service_support import govflow_serve


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    cal = default_calendar()
    with TestClient(create_app(lambda: cal)) as c:
        yield c


def _cli_json(*args: str) -> object:
    out = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_health_names_the_calendar(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["calendar_version"] == default_calendar().version


@settings(max_examples=30, deadline=None)
@given(st.dates(date(2004, 1, 1), date(2026, 12, 28)))
def test_a_day_is_the_calendar_commands_day(day: date) -> None:
    cal = default_calendar()
    with TestClient(create_app(lambda: cal)) as c:
        got = c.get(f"/api/v1/workdays/{day.isoformat()}").json()
    assert got == cal.day_info(day).to_dict()
    assert got["workday"] == cal.is_workday(day)


def test_a_month_is_what_the_calendar_command_prints(client: TestClient) -> None:
    api = client.get("/api/v1/calendar/2023", params={"month": 10}).json()
    assert api == _cli_json("calendar", "2023", "--month", "10", "--json")
    assert len(client.get("/api/v1/calendar/2024").json()) == 366


@pytest.mark.parametrize(
    ("body", "argv"),
    [
        ({"start": "2023-09-28", "period": "5个工作日"}, ["2023-09-28", "5个工作日"]),
        (
            {
                "start": "2023-09-20",
                "period": "20个工作日",
                "pause": [{"from": "2023-09-25", "to": "2023-10-09"}],
                "extend": 5,
            },
            ["2023-09-20", "20个工作日", "--pause", "2023-09-25..2023-10-09", "--extend", "5"],
        ),
        (
            {"start": "2023-09-20", "period": "20个工作日", "restart": "2023-09-27"},
            ["2023-09-20", "20个工作日", "--restart", "2023-09-27"],
        ),
        ({"start": "2023-10-01T09:30", "period": "48小时"}, ["2023-10-01T09:30", "48小时"]),
    ],
)
def test_due_is_what_the_due_command_prints(
    client: TestClient, body: dict[str, object], argv: list[str]
) -> None:
    api = client.post("/api/v1/due", json=body)
    assert api.status_code == 200, api.text
    assert api.json() == _cli_json("due", *argv, "--json")


def test_a_batch_answers_each_item_in_order(client: TestClient) -> None:
    starts = [date(2023, 9, 1) + (date(2023, 9, 2) - date(2023, 9, 1)) * n for n in range(60)]
    body = [{"start": d.isoformat(), "period": "20个工作日"} for d in starts]
    got = client.post("/api/v1/due", json=body).json()
    cal = default_calendar()
    assert [g["due"] for g in got] == [cal.add_workdays(d, 20).isoformat() for d in starts]
    too_many = [{"start": "2023-09-01", "period": "1个工作日"}] * (MAX_BATCH + 1)
    over = client.post("/api/v1/due", json=too_many)
    assert over.status_code == 422
    assert "至多 10000 项" in over.json()["detail"]


def test_an_unpublished_year_is_409_unless_an_estimate_is_asked(client: TestClient) -> None:
    refused = client.post("/api/v1/due", json={"start": "2026-12-20", "period": "20个工作日"})
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["status"] == 409
    assert problem["year"] == 2027
    assert "2027 年的节假日安排" in problem["detail"]
    assert "不推测" in problem["detail"]
    estimated = client.post(
        "/api/v1/due", json={"start": "2026-12-20", "period": "20个工作日", "provisional": True}
    )
    assert estimated.status_code == 200
    assert estimated.json()["status"] == "provisional"
    assert client.get("/api/v1/workdays/2027-03-03").status_code == 409
    assert client.get("/api/v1/calendar/2027").status_code == 409


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/v1/due", {"start": "2023-02-30", "period": "5个工作日"}, "start"),
        ("post", "/api/v1/due", {"start": "2023-09-01", "period": "五天左右"}, "period"),
        ("post", "/api/v1/due", {"period": "5个工作日"}, "start"),
        ("post", "/api/v1/due", {"start": "2023-09-01", "period": "5个工作日", "x": 1}, "x"),
        ("get", "/api/v1/workdays/2023-13-01", None, "day"),
        ("get", "/api/v1/calendar/2023?month=13", None, "month"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    client: TestClient, method: str, path: str, body: object, field: str
) -> None:
    r = client.post(path, json=body) if method == "post" else client.get(path)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in json.dumps(r.json(), ensure_ascii=False)


def test_the_openapi_description_lists_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/v1/health",
        "/api/v1/workdays/{day}",
        "/api/v1/calendar/{year}",
        "/api/v1/due",
    } <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_govflow_serve_answers_over_loopback(tmp_path: Path) -> None:
    env = {**os.environ, "GOVFLOW_DB": str(tmp_path / "c.sqlite3")}
    with govflow_serve([], tmp_path / "serve.log", env=env) as (base, _):
        url = f"{base}/api/v1/workdays/2023-10-07"
        body = json.loads(urllib.request.urlopen(url, timeout=10).read())
    assert body["workday"] is True
    assert body["kind"] == "makeup_workday"


@pytest.mark.parametrize("folder", ["/tmp/govflow-upload-abc123", "/tmp/govflow-upload-a_b_c"])
def test_uploaded_files_are_named_as_uploaded_in_json_and_markdown(folder: str) -> None:
    from govflow.server.api_plan import Ledgers

    ledgers = Ledgers(Path(folder))
    escaped = folder.replace("_", "\\_")  # as a Markdown bulletin writes the path
    text = f"拒收：{folder}/posts.csv 第 3 行；{escaped}/posts.csv 第 4 行"
    assert ledgers.shown(text) == "拒收：posts.csv 第 3 行；posts.csv 第 4 行"
    assert ledgers.shown({"files": [{"file": f"{folder}/a b.csv"}]}) == {
        "files": [{"file": "a b.csv"}]
    }
