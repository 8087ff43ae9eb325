"""The HTTP service's cases, checks and reports on the Yudu plan (issue 14): each endpoint answers
what the command line answers on the same store, tokens decide who sees what (another unit's
case is 404, alike a missing one), and sizes and origins are limited."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from yudu_service import bearer, cli_json, office, run, service_client, store_path, token

from govflow.cli import main
from govflow.server.app import create_app

fastapi_testclient = pytest.importorskip("fastapi.testclient")
TestClient = fastapi_testclient.TestClient


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return store_path(tmp_path, monkeypatch)


@pytest.fixture
def client(db: str) -> Iterator[Any]:
    yield from service_client(db)


@pytest.fixture
def tokens(db: str, client: Any) -> dict[str, str]:
    return {
        "admin": token(db, "--admin", "--label", "办公室"),
        "finance": token(db, "--unit", "县财政局", "--label", "财政局OA"),
        "health": token(db, "--unit", "县卫健委"),
        "viewer": token(db, "--read-only"),
        "finance_ro": token(db, "--unit", "县财政局", "--read-only"),
    }


def open_case(client: Any, secret: str, case_id: str, unit: str, received: str) -> Any:
    return client.post(
        "/api/v1/cases",
        json={"id": case_id, "kind": "application", "unit": unit, "received": received,
              "fields": {"channel": "网络"}, "by": "张三"},
        headers=bearer(secret),
    )  # fmt: skip


def test_tokens_are_shown_once_and_stored_hashed(db: str, tokens: dict[str, str]) -> None:
    listed = cli_json("token", "list", "--db", db, "--json")
    assert [t["role"] for t in listed] == [
        "管理（全部单位）", "县财政局", "县卫健委", "全部单位（只读）", "县财政局（只读）",
    ]  # fmt: skip
    dump = "\n".join(sqlite3.connect(db).iterdump())
    for secret in tokens.values():
        assert secret.startswith("gf_")
        assert len(secret) > 40
        assert secret not in dump  # only the digest is kept
        assert secret not in json.dumps(listed)
    assert len(set(tokens.values())) == len(tokens)


def test_cases_need_a_live_token(client: Any, db: str, tokens: dict[str, str]) -> None:
    for path in ("/api/v1/cases", "/api/v1/cases/X", "/api/v1/remind"):
        r = client.get(path)
        assert r.status_code == 401, path
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert "令牌" in r.json()["detail"]
    assert client.get("/api/v1/cases", headers=bearer("gf_made-up")).status_code == 401
    assert client.get("/api/v1/cases", headers={"Authorization": "Basic eA=="}).status_code == 401
    assert client.get("/api/v1/cases", headers=bearer(tokens["health"])).status_code == 200
    listed = cli_json("token", "list", "--db", db, "--json")
    health = next(t for t in listed if t["unit"] == "县卫健委")
    run("token", "revoke", str(health["id"]), "--db", db)
    r = client.get("/api/v1/cases", headers=bearer(tokens["health"]))
    assert r.status_code == 401
    assert r.json()["title"] == "令牌无效"
    after = cli_json("token", "list", "--all", "--db", db, "--json")
    assert next(t for t in after if t["id"] == health["id"])["revoked_at"] is not None


def test_a_unit_sees_and_acts_on_its_own_cases_only(client: Any, tokens: dict[str, str]) -> None:
    assert open_case(client, tokens["admin"], "F-1", "县财政局", "2023-09-20").status_code == 201
    assert open_case(client, tokens["admin"], "H-1", "县卫健委", "2023-09-21").status_code == 201
    mine = bearer(tokens["finance"])
    ids = [c["id"] for c in client.get("/api/v1/cases", headers=mine).json()]
    assert ids == ["F-1"]
    both = [c["id"] for c in client.get("/api/v1/cases", headers=bearer(tokens["admin"])).json()]
    assert sorted(both) == ["F-1", "H-1"]
    missing = client.get("/api/v1/cases/NO-SUCH", headers=mine)
    other = client.get("/api/v1/cases/H-1", headers=mine)
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"].replace("H-1", "NO-SUCH") == missing.json()["detail"]
    for path in ("/api/v1/cases/H-1/log",):
        assert client.get(path, headers=mine).status_code == 404
    event = {"event": "replied", "date": "2023-10-10"}
    assert client.post("/api/v1/cases/H-1/events", json=event, headers=mine).status_code == 404
    assert open_case(client, tokens["finance"], "H-2", "县卫健委", "2023-09-21").status_code == 403
    r = client.get("/api/v1/cases", params={"unit": "县卫健委"}, headers=mine)
    assert r.status_code == 403
    rem = client.get("/api/v1/remind", params={"as_of": "2023-12-01"}, headers=mine).json()
    assert {x["case"] for x in rem["reminders"]} == {"F-1"}
    assert client.get("/api/v1/cases/H-1", headers=bearer(tokens["admin"])).status_code == 200


def test_read_only_tokens_read_and_write_nothing(client: Any, tokens: dict[str, str]) -> None:
    assert open_case(client, tokens["admin"], "F-1", "县财政局", "2023-09-20").status_code == 201
    for name in ("viewer", "finance_ro"):
        h = bearer(tokens[name])
        assert client.get("/api/v1/cases/F-1", headers=h).status_code == 200
        r = client.post("/api/v1/cases/F-1/events", json={"event": "replied", "date": "2023-10-09"},
                        headers=h)  # fmt: skip
        assert r.status_code == 403
        assert "只读" in r.json()["detail"]
        assert open_case(client, tokens[name], "F-9", "县财政局", "2023-09-20").status_code == 403
    log = client.get("/api/v1/cases/F-1/log", headers=bearer(tokens["viewer"])).json()
    assert len(log["events"]) == 1


def test_recording_an_event_moves_the_deadline_as_the_command_line_does(
    client: Any, db: str, tokens: dict[str, str]
) -> None:
    h = bearer(tokens["finance"])
    opened = open_case(client, tokens["finance"], "YSQ-1", "县财政局", "2023-09-20")
    assert opened.status_code == 201
    assert opened.headers["location"] == "/api/v1/cases/YSQ-1"

    def reply_due(view: dict[str, Any]) -> str:
        clock = next(c for c in view["clocks"] if c["rule"] == "response.application-reply")
        due: str = clock["due"]
        return due

    before = reply_due(opened.json())
    r = client.post("/api/v1/cases/YSQ-1/events",
                    json={"event": "extension-approved", "date": "2023-10-10", "days": 10,
                          "by": "李四"}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    after = r.json()
    assert (before, reply_due(after)) == ("2023-10-24", "2023-11-07")
    shown = client.get("/api/v1/cases/YSQ-1", params={"as_of": "2023-10-20"}, headers=h).json()
    assert shown == cli_json("case", "show", "YSQ-1", "--as-of", "2023-10-20", "--json", "--db", db)
    log = client.get("/api/v1/cases/YSQ-1/log", headers=h).json()
    assert log == cli_json("case", "log", "YSQ-1", "--json", "--db", db)
    assert [e["actor"] for e in log["events"]] == ["张三（财政局OA）", "李四（财政局OA）"]
    listed = client.get("/api/v1/cases", params={"as_of": "2023-10-20", "status": "open"},
                        headers=h).json()  # fmt: skip
    assert listed == cli_json("case", "list", "--as-of", "2023-10-20", "--status", "open",
                              "--json", "--db", db)  # fmt: skip
    rem = client.get("/api/v1/remind", params={"as_of": "2023-11-06", "within": 3},
                     headers=bearer(tokens["admin"])).json()  # fmt: skip
    assert rem == cli_json("remind", "--as-of", "2023-11-06", "--within", "3", "--format", "json",
                           "--db", db)  # fmt: skip


def test_an_impossible_event_is_refused_with_its_basis_and_not_stored(
    client: Any, tokens: dict[str, str]
) -> None:
    h = bearer(tokens["finance"])
    open_case(client, tokens["finance"], "A", "县财政局", "2023-09-20")
    cases = [
        ({"event": "extension-approved", "date": "2023-10-10", "days": 30}, "超过上限 20 个工作日"),
        ({"event": "corrected", "date": "2023-10-10"}, "应先有告知补正"),
        ({"event": "replied", "date": "2023-09-01"}, "早于收到申请"),
        ({"event": "no-such-event", "date": "2023-10-01"}, "没有事件"),
    ]
    for body, reason in cases:
        r = client.post("/api/v1/cases/A/events", json=body, headers=h)
        assert r.status_code == 422, (body, r.text)
        assert reason in r.json()["detail"], r.json()
    assert open_case(client, tokens["finance"], "A", "县财政局", "2023-09-20").status_code == 409
    bad = client.post("/api/v1/cases", json={"id": "B", "kind": "application"}, headers=h)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {
        "unit",
        "received",
    }
    r = client.post("/api/v1/cases", json={"id": "C", "kind": "application", "unit": "县财政厅",
                                           "received": "2023-09-20"}, headers=h)  # fmt: skip
    assert r.status_code == 422
    assert "单位名录中没有单位" in r.json()["detail"]
    assert len(client.get("/api/v1/cases/A/log", headers=h).json()["events"]) == 1


def test_agenda_is_public_and_the_agenda_command(client: Any) -> None:
    params = {"unit": "县大数据中心", "from": "2023-09-20", "to": "2023-10-31"}
    got = client.get("/api/v1/agenda", params=params).json()
    assert got == cli_json("agenda", "--plan", "yudu-2023", "--unit", "县大数据中心",
                           "--from", "2023-09-20", "--to", "2023-10-31", "--format", "json")  # fmt: skip
    assert got["count"] > 0
    r = client.get("/api/v1/agenda", params={"unit": "县宇宙局"})
    assert r.status_code == 422
    assert "县宇宙局" in r.json()["detail"]
    assert client.get("/api/v1/agenda", params={"from": "2023-13-01"}).status_code == 422


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run("demo-data", "--out", str(out), "--scale", "0")
    return out


def test_checking_uploaded_ledgers_is_the_check_command(
    client: Any, tokens: dict[str, str], demo: Path
) -> None:
    names = ["posts.csv", "applications.csv", "messages.csv"]
    files = [("files", (n, (demo / n).read_bytes(), "text/csv")) for n in names]
    params = {"as_of": "2023-10-31"}
    assert client.post("/api/v1/check", params=params, files=files).status_code == 401
    r = client.post("/api/v1/check", params=params, files=files, headers=bearer(tokens["admin"]))
    assert r.status_code == 200, r.text
    got = r.json()
    args = ["check", "--plan", "yudu-2023", "--as-of", "2023-10-31", "--format", "json"]
    for n in names:
        args += ["--records", str(demo / n)]
    cli = CliRunner().invoke(main, args, catch_exceptions=False)
    want = json.loads(cli.stdout.replace(str(demo) + "/", ""))
    assert got.pop("exit_code") == cli.exit_code == 1
    assert got == want
    assert [f["file"] for f in got["files"]] == names
    mine = client.post("/api/v1/check", params=params, files=files,
                       headers=bearer(tokens["finance"])).json()  # fmt: skip
    cli = CliRunner().invoke(main, [*args, "--unit", "县财政局"], catch_exceptions=False)
    mine.pop("exit_code")
    assert mine == json.loads(cli.stdout.replace(str(demo) + "/", ""))
    assert mine["findings"]
    assert all("县财政局" in f["unit"] for f in mine["findings"])
    assert len(mine["findings"]) < len(got["findings"])
    bad = client.post("/api/v1/check", files=[("files", ("a.exe", b"x", "application/x"))],
                      headers=bearer(tokens["admin"]))  # fmt: skip
    assert bad.status_code == 422
    assert "a.exe" in bad.json()["detail"]
    # status=…: only those findings listed, as check --status lists them; summary unchanged
    listed = client.post("/api/v1/check", params={**params, "status": ["pending", "violated"]},
                         files=files, headers=bearer(tokens["admin"])).json()  # fmt: skip
    cli = CliRunner().invoke(main, [*args, "--status", "violated", "--status", "pending"])
    listed.pop("exit_code")
    assert listed == json.loads(cli.stdout.replace(str(demo) + "/", ""))
    assert listed["listed"] == ["violated", "pending"]
    assert listed["summary"] == got["summary"]
    assert listed["findings"] == [
        f for f in got["findings"] if f["status"] in ("violated", "pending")
    ]
    assert {f["status"] for f in listed["findings"]} == {"violated", "pending"}
    wrong = client.post("/api/v1/check", params={**params, "status": "done"}, files=files,
                        headers=bearer(tokens["admin"]))  # fmt: skip
    assert wrong.status_code == 422
    assert wrong.json()["detail"].startswith("status 'done'：应为 violated、at_risk")


def test_the_month_report_from_uploads_is_the_report_command(
    client: Any, tokens: dict[str, str], demo: Path
) -> None:
    names = ["posts.csv", "applications.csv", "messages.csv", "events.csv", "disclosures.csv"]
    files = [("files", (n, (demo / n).read_bytes(), "text/csv")) for n in names]
    params = {"month": "2023-10"}
    r = client.post("/api/v1/report", params=params, files=files, headers=bearer(tokens["finance"]))
    assert r.status_code == 403  # the 通报 names every unit
    r = client.post("/api/v1/report", params=params, files=files, headers=bearer(tokens["viewer"]))
    assert r.status_code == 200, r.text
    args = ["report", "--plan", "yudu-2023", "--month", "2023-10"]
    for n in names:
        args += ["--records", str(demo / n)]
    assert r.text.rstrip("\n") == run(*args).stdout.rstrip("\n").replace(str(demo) + "/", "")
    empty = client.get("/api/v1/report", params=params, headers=bearer(tokens["admin"]))
    assert empty.status_code == 422
    assert "案件库中没有案件" in empty.json()["detail"]
    bad = client.get("/api/v1/report", params={"month": "2023-13"}, headers=bearer(tokens["admin"]))
    assert bad.status_code == 422


def test_the_month_report_reads_the_store(client: Any, tokens: dict[str, str]) -> None:
    open_case(client, tokens["admin"], "F-1", "县财政局", "2023-09-20")
    r = client.get("/api/v1/report", params={"month": "2023-10", "format": "html"},
                   headers=bearer(tokens["admin"]))  # fmt: skip
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "2023年10月政务公开工作通报" in r.text
    assert "县财政局" in r.text
    assert "govflow-upload" not in r.text


def test_bodies_and_uploads_are_limited(db: str, demo: Path) -> None:
    o = office(db, max_body=2000, max_upload=5000)
    with TestClient(create_app(o)) as c:
        small = {"start": "2023-09-28", "period": "20个工作日"}
        assert c.post("/api/v1/due", json=small).status_code == 200
        r = c.post("/api/v1/due", json=[small] * 100)
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["limit"] == 2000
        assert "上限" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: cut off as it arrives
            yield b"["
            for _ in range(100):
                yield json.dumps(small).encode() + b","
            yield json.dumps(small).encode() + b"]"

        r = c.post("/api/v1/due", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        secret = token(db, "--admin")
        big = [("files", ("posts.csv", b"x" * 6000, "text/csv"))]
        r = c.post("/api/v1/check", files=big, headers=bearer(secret))
        assert r.status_code == 413
        page = c.post("/check", files=big)  # the web page's form: a page, not JSON
        assert page.status_code == 413
        assert page.headers["content-type"].startswith("text/html")
        assert "请求过大" in page.text
    o.close()


def test_cross_origin_calls_are_off_unless_configured(db: str) -> None:
    origin = {"Origin": "https://oa.example.gov.cn"}
    pre = {**origin, "Access-Control-Request-Method": "POST"}
    o = office(db)
    with TestClient(create_app(o)) as c:
        assert "access-control-allow-origin" not in c.get("/api/v1/health", headers=origin).headers
        assert "access-control-allow-origin" not in c.options("/api/v1/due", headers=pre).headers
    o = office(db, cors_origins=("https://oa.example.gov.cn",))
    with TestClient(create_app(o)) as c:
        got = c.get("/api/v1/health", headers=origin).headers
        assert got["access-control-allow-origin"] == "https://oa.example.gov.cn"
        other = c.get("/api/v1/health", headers={"Origin": "https://evil.example"}).headers
        assert "access-control-allow-origin" not in other
    o.close()


def _example_body(doc: dict[str, Any], path: str, method: str, skip: set[str]) -> dict[str, Any]:
    """A request body made from the OpenAPI description alone: every property that has an
    example, as a generated Java or JavaScript client would fill it from the docs."""
    ref = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    if "anyOf" in ref:
        ref = ref["anyOf"][0]
    schema = doc["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    body = {
        name: prop["examples"][0]
        for name, prop in schema["properties"].items()
        if prop.get("examples") and name not in skip
    }
    assert set(schema.get("required", [])) <= set(body)
    return body


def test_due_dates_and_cases_from_the_openapi_description_alone(
    client: Any, tokens: dict[str, str]
) -> None:
    from govflow.server.schemas import CaseOut, DayOut, DueOut, LogOut

    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    issue_paths = {
        "/api/v1/health": "get", "/api/v1/workdays/{day}": "get", "/api/v1/calendar/{year}": "get",
        "/api/v1/due": "post", "/api/v1/agenda": "get", "/api/v1/check": "post",
        "/api/v1/report": "get", "/api/v1/cases": "post", "/api/v1/cases/{case_id}": "get",
        "/api/v1/cases/{case_id}/events": "post", "/api/v1/cases/{case_id}/log": "get",
        "/api/v1/remind": "get",
    }  # fmt: skip
    for path, method in issue_paths.items():
        op = doc["paths"][path][method]
        assert op.get("description") or op.get("summary"), path
        needs_token = "security" in op
        assert needs_token == path.startswith(("/api/v1/cases", "/api/v1/remind", "/api/v1/check",
                                               "/api/v1/report")), path  # fmt: skip
    due = client.post("/api/v1/due", json=_example_body(doc, "/api/v1/due", "post", set()))
    assert due.status_code == 200
    DueOut.model_validate(due.json())
    DayOut.model_validate(client.get("/api/v1/workdays/2023-10-07").json())
    h = bearer(tokens["finance"])
    opened = client.post(
        "/api/v1/cases", json=_example_body(doc, "/api/v1/cases", "post", {"by"}), headers=h
    )
    assert opened.status_code == 201, opened.text
    case = CaseOut.model_validate(opened.json())
    event = _example_body(
        doc, "/api/v1/cases/{case_id}/events", "post", {"days", "supersedes", "by"}
    )
    recorded = client.post(f"/api/v1/cases/{case.id}/events", json=event, headers=h)
    assert recorded.status_code == 201, recorded.text
    after = CaseOut.model_validate(recorded.json())
    assert [e.type for e in after.events] == ["received", "replied"]
    LogOut.model_validate(client.get(f"/api/v1/cases/{case.id}/log", headers=h).json())
    for view in client.get("/api/v1/cases", headers=h).json():
        CaseOut.model_validate(view)


def test_the_api_takes_the_header_not_the_web_pages_cookie(
    client: Any, tokens: dict[str, str]
) -> None:
    from govflow.server.auth import COOKIE

    # a form of another site may make a logged-in browser send the cookie; the API answers 401
    client.cookies.set(COOKIE, tokens["admin"])
    r = client.post("/api/v1/cases", json={"id": "X", "kind": "application", "unit": "县财政局",
                                           "received": "2023-09-20"})  # fmt: skip
    assert r.status_code == 401
    client.cookies.clear()
    assert client.get("/api/v1/cases", headers=bearer(tokens["admin"])).json() == []
