"""The county office's web page on the Yudu plan: logging in with a token, the board of deadlines,
a case's page and its form, the agenda, checking uploads and the month's 通报 — each page showing
what the JSON API and the command line answer on the same store, within the token's scope."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from yudu_service import cli_json, office, run, service_client, store_path, token

from govflow.compliance.findings import Finding
from govflow.server.app import create_app
from govflow.server.auth import COOKIE

fastapi_testclient = pytest.importorskip("fastapi.testclient")
TestClient = fastapi_testclient.TestClient

REPLY = "response.application-reply"


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
        "viewer": token(db, "--read-only"),
        "finance_ro": token(db, "--unit", "县财政局", "--read-only"),
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run("demo-data", "--out", str(out), "--scale", "0")
    return out


def login(client: Any, secret: str) -> Any:
    r = client.post("/login", data={"token": secret}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r


def shown(text: str) -> str:
    """*text* as the pages write it (HTML-escaped)."""
    return str(markupsafe.escape(text))


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert found, "page without a form token"
    return found.group(1)


def clock_due(page: str, rule: str) -> str:
    """The due date the case page shows for the clock of *rule*."""
    found = re.search(
        rf'data-rule="{re.escape(rule)}">.*?class="clock-due">([^<]*)<', page, re.DOTALL
    )
    assert found, f"no clock {rule} on the page"
    return found.group(1)


def board_rows(page: str) -> dict[str, set[tuple[str, str, str]]]:
    """Each bucket's rows on the board: (case, unit, rule)."""
    out: dict[str, set[tuple[str, str, str]]] = {}
    parts = re.split(r'<section id="[a-z]+" data-bucket="([a-z]+)">', page)
    for bucket, body in zip(parts[1::2], parts[2::2], strict=True):
        rows = re.findall(r'<tr data-case="([^"]*)" data-unit="([^"]*)" data-rule="([^"]*)">', body)
        out[bucket] = {tuple(html.unescape(x) for x in row) for row in rows}  # type: ignore[misc]
    return out


def log_of(db: str, case_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = cli_json("case", "log", case_id, "--json", "--db", db)["events"]
    return events


def open_case(client: Any, case_id: str, unit: str, received: str, **fields: str) -> Any:
    page = client.get("/cases/new")
    assert page.status_code == 200
    form = {"csrf": csrf(page.text), "id": case_id, "kind": "application", "unit": unit,
            "date": received, "by": "张三", **fields}  # fmt: skip
    return client.post("/cases/new", data=form, follow_redirects=False)


# --- logging in -------------------------------------------------------------------------


def test_pages_need_a_login_and_the_login_sets_the_cookie(
    client: Any, db: str, tokens: dict[str, str]
) -> None:
    for path in ("/", "/cases", "/agenda", "/check", "/report", "/cases/F-1"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login"), path
    assert client.get("/cases/F-1", follow_redirects=False).headers["location"] == (
        "/login?next=%2Fcases%2FF-1"
    )
    posted = client.post("/cases/F-1/events", data={"event": "replied"}, follow_redirects=False)
    assert posted.status_code == 303
    assert posted.headers["location"] == "/login?next=%2Fcases%2FF-1"  # back to the case
    form = client.get("/login")
    assert form.status_code == 200
    assert 'name="token"' in form.text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in form.text
    r = login(client, tokens["finance"])
    assert r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={tokens['finance']};")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # only behind TLS (--secure-cookie)
    board = client.get("/")
    assert board.status_code == 200
    assert "县财政局（财政局OA）" in board.text  # who is logged in
    for link in ('href="/"', 'href="/agenda"', 'href="/check"', 'action="/logout"'):
        assert link in board.text
    assert 'href="/report"' not in board.text  # the 通报 is for the whole office
    # back where the login was asked for, and never to another site
    r = client.post("/login", data={"token": tokens["admin"], "next": "/cases/F-1"},
                    follow_redirects=False)  # fmt: skip
    assert r.headers["location"] == "/cases/F-1"
    for target in (
        "//evil.example/x",
        "https://evil.example",
        "/\\evil.example",
        "/\t/evil.example",
    ):
        r = client.post("/login", data={"token": tokens["admin"], "next": target},
                        follow_redirects=False)  # fmt: skip
        assert r.headers["location"] == "/", target
    # logging out clears the cookie
    r = client.post("/logout", data={"csrf": csrf(client.get("/").text)}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login"
    assert f'{COOKIE}=""' in r.headers["set-cookie"] or "Max-Age=0" in r.headers["set-cookie"]
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_bad_token_shows_the_form_again_with_the_reason(
    client: Any, db: str, tokens: dict[str, str]
) -> None:
    for secret, reason in (("gf_made-up", "令牌无效"), ("", "请粘贴令牌")):
        r = client.post("/login", data={"token": secret}, follow_redirects=False)
        assert r.status_code == 401
        assert reason in r.text
        assert 'name="token"' in r.text
        assert "set-cookie" not in r.headers
    # a revoked token's cookie no longer logs in, and is forgotten
    login(client, tokens["finance"])
    listed = cli_json("token", "list", "--db", db, "--json")
    finance = next(t for t in listed if t["unit"] == "县财政局" and not t["read_only"])
    run("token", "revoke", str(finance["id"]), "--db", db)
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login"
    assert COOKIE in r.headers["set-cookie"]


def test_the_cookie_is_secure_behind_tls(db: str) -> None:
    o = office(db, secure_cookie=True)
    with TestClient(create_app(o)) as c:
        r = login(c, token(db, "--admin"))
        assert "Secure" in r.headers["set-cookie"]
    o.close()


# --- the board --------------------------------------------------------------------------


@pytest.fixture
def demo_cases(db: str, demo: Path, client: Any) -> str:
    imported = run("case", "import", str(demo / "applications.csv"), str(demo / "messages.csv"),
                   "--by", "测试", "--db", db, ok=(1,))  # fmt: skip
    assert "拒收 2 行" in imported.stdout + imported.stderr  # the demo's two planted rejections
    return db


def test_the_board_buckets_the_clocks_as_the_reminders_do(
    client: Any, demo_cases: str, tokens: dict[str, str]
) -> None:
    login(client, tokens["admin"])
    r = client.get("/", params={"as_of": "2023-10-24"})  # a Tuesday: the week ends 10-29
    assert r.status_code == 200
    assert "截至 <b>2023-10-24</b>" in r.text
    assert "本周至 2023-10-29（星期日）" in r.text
    got = board_rows(r.text)
    rem = client.get("/api/v1/remind", params={"as_of": "2023-10-24", "within": 10},
                     headers={"Authorization": f"Bearer {tokens['admin']}"}).json()  # fmt: skip
    want: dict[str, set[tuple[str, str, str]]] = {"overdue": set(), "today": set(), "soon": set()}
    for x in rem["reminders"]:
        if x["due"] <= "2023-10-29":
            want[x["bucket"]].add((x["case"], x["unit"], x["rule"]))
    assert got == want
    assert all(want.values())  # the demo has a clock in each bucket on that day
    # the overdue row says by how many days, and its basis
    overdue = next(x for x in rem["reminders"] if x["bucket"] == "overdue")
    assert f"{overdue['days_overdue']} 天" in r.text
    assert shown(overdue["basis"]) in r.text
    # a unit sees its own unit only
    login(client, tokens["finance"])
    mine = board_rows(client.get("/", params={"as_of": "2023-10-24"}).text)
    assert {u for rows in mine.values() for _, u, _ in rows} == {"县财政局"}
    assert mine == {b: {x for x in rows if x[1] == "县财政局"} for b, rows in want.items()}
    other = next(c for rows in want.values() for c, u, _ in rows if u != "县财政局")
    missing = client.get("/cases/NO-SUCH")
    hidden = client.get(f"/cases/{other}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace(shown(other), "NO-SUCH") == missing.text  # alike
    assert client.get("/", params={"as_of": "2023-13-01"}).status_code == 422
    login(client, tokens["admin"])
    assert client.get(f"/cases/{other}").status_code == 200


# --- a case: its page and its form ------------------------------------------------------


def test_recording_through_the_form_moves_the_deadline_shown(
    client: Any, db: str, tokens: dict[str, str]
) -> None:
    login(client, tokens["finance"])
    r = open_case(client, "YSQ-1", "县卫健委", "2023-09-20", channel="网络")  # unit: fixed
    assert r.status_code == 303
    assert r.headers["location"] == "/cases/YSQ-1?opened=1"
    page = client.get(r.headers["location"]).text
    assert "已开案：YSQ-1（县财政局）" in page
    assert clock_due(page, REPLY) == "2023-10-24"
    assert "《中华人民共和国政府信息公开条例》" in page  # the basis of the clock
    form = {"csrf": csrf(page), "event": "extension-approved", "date": "2023-10-10",
            "days": "10", "by": "李四", "note": "经负责人批准"}  # fmt: skip
    r = client.post("/cases/YSQ-1/events", data=form, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/cases/YSQ-1?recorded=2"
    page = client.get(r.headers["location"]).text
    assert "已登记第 2 号事件：批准延期（2023-10-10）" in page
    assert clock_due(page, REPLY) == "2023-11-07"
    shown = cli_json("case", "show", "YSQ-1", "--json", "--db", db)
    assert clock_due(page, REPLY) == next(c["due"] for c in shown["clocks"] if c["rule"] == REPLY)
    assert f'<dd id="next-due">{shown["due"]}</dd>' in page
    log = log_of(db, "YSQ-1")
    assert [e["actor"] for e in log] == ["张三（财政局OA）", "李四（财政局OA）"]
    assert log[1]["amount"] == 10
    assert log[1]["note"] == "经负责人批准"
    # a correction is marked in the audit log, the corrected event kept
    form = {"csrf": csrf(page), "event": "extension-approved", "date": "2023-10-11",
            "days": "10", "supersedes": "2"}  # fmt: skip
    page = client.post("/cases/YSQ-1/events", data=form).text
    assert "已登记第 3 号事件" in page
    assert re.search(r'<tr data-seq="2" class="old">.*?已被第 3 号更正', page, re.DOTALL)
    assert "（更正第 2 号）" in page


def test_a_refused_event_shows_the_reason_and_stores_nothing(
    client: Any, db: str, tokens: dict[str, str]
) -> None:
    login(client, tokens["finance"])
    assert open_case(client, "A", "", "2023-09-20").status_code == 303
    page = client.get("/cases/A").text
    for extra, reason in (
        ({"event": "extension-approved", "date": "2023-10-10", "days": "30"}, "超过上限 20 个工作日"),
        ({"event": "corrected", "date": "2023-10-10"}, "应先有告知补正"),
        ({"event": "extension-approved", "date": "2023-10-10", "days": "十"}, "应为整数"),
        ({"event": "replied", "date": "2099-01-01"}, "晚于今天"),
    ):  # fmt: skip
        r = client.post("/cases/A/events", data={"csrf": csrf(page), **extra})
        assert r.status_code == 422, extra
        assert reason in r.text, (extra, r.text)
        assert 'id="error"' in r.text
        assert f'value="{extra["date"]}"' in r.text
        assert clock_due(r.text, REPLY) == "2023-10-24"
    assert len(log_of(db, "A")) == 1
    # a taken id and an unknown unit are refused on the form too
    login(client, tokens["admin"])
    r = open_case(client, "A", "县财政局", "2023-09-20")
    assert r.status_code == 409
    assert "已" in r.text
    r = open_case(client, "B", "县财政厅", "2023-09-20")
    assert r.status_code == 422
    assert "单位名录中没有单位" in r.text


def test_read_only_tokens_see_no_form_and_cannot_post(
    client: Any, db: str, tokens: dict[str, str]
) -> None:
    login(client, tokens["finance"])
    assert open_case(client, "F-1", "", "2023-09-20").status_code == 303
    for name in ("viewer", "finance_ro"):
        login(client, tokens[name])
        page = client.get("/cases/F-1")
        assert page.status_code == 200
        assert clock_due(page.text, REPLY) == "2023-10-24"
        assert "/cases/F-1/events" not in page.text
        assert 'name="event"' not in page.text
        form = {"csrf": csrf(page.text), "event": "replied", "date": "2023-10-09"}
        r = client.post("/cases/F-1/events", data=form)
        assert r.status_code == 403
        assert "只读" in r.text
        assert client.get("/cases/new").status_code == 403
        assert 'href="/cases/new"' not in client.get("/").text
    assert len(log_of(db, "F-1")) == 1


def test_forms_without_the_session_token_are_refused(
    client: Any, db: str, tokens: dict[str, str]
) -> None:
    login(client, tokens["admin"])
    admin_csrf = csrf(client.get("/").text)
    login(client, tokens["finance"])
    assert open_case(client, "F-1", "", "2023-09-20").status_code == 303
    mine = csrf(client.get("/").text)
    assert mine != admin_csrf
    assert tokens["finance"] not in mine
    event = {"event": "replied", "date": "2023-10-09"}
    for bad in ({}, {"csrf": ""}, {"csrf": admin_csrf}, {"csrf": "0" * 64}):
        r = client.post("/cases/F-1/events", data={**event, **bad})
        assert r.status_code == 403, bad
        assert "表单" in r.text
        assert client.post("/cases/new", data={"id": "X", "unit": "县财政局", "date": "2023-09-20",
                                               "kind": "application", **bad}).status_code == 403  # fmt: skip
        assert client.post("/logout", data=bad).status_code == 403
        assert client.post("/check", data=bad).status_code == 403
    assert len(log_of(db, "F-1")) == 1
    assert [c["id"] for c in cli_json("case", "list", "--json", "--db", db)] == ["F-1"]
    r = client.post("/cases/F-1/events", data={**event, "csrf": mine}, follow_redirects=False)
    assert r.status_code == 303


def test_what_a_case_holds_is_escaped(client: Any, db: str, tokens: dict[str, str]) -> None:
    login(client, tokens["admin"])
    nasty = '<script>alert("x")</script>'
    r = open_case(client, "X<b>1</b>", "县财政局", "2023-09-20", note=nasty, channel=nasty)
    assert r.status_code == 303
    assert r.headers["location"] == "/cases/X%3Cb%3E1%3C%2Fb%3E?opened=1"
    page = client.get(r.headers["location"]).text
    assert "<script>" not in page
    assert "<b>1</b>" not in page
    assert "&lt;script&gt;" in page
    assert "X&lt;b&gt;1&lt;/b&gt;" in page
    assert "script-src" not in page  # the header forbids scripts: default-src 'none'
    assert "default-src 'none'" in client.get("/").headers["content-security-policy"]


# --- the plan's pages -------------------------------------------------------------------


def test_the_agenda_defaults_to_the_tokens_unit(client: Any, tokens: dict[str, str]) -> None:
    window = {"from": "2023-09-20", "to": "2023-10-31"}
    login(client, tokens["finance"])
    page = client.get("/agenda", params=window).text
    units = re.findall(r'<tr data-unit="([^"]*)" data-date="([^"]*)">', page)
    want = client.get("/api/v1/agenda", params={**window, "unit": "县财政局"}).json()
    assert units
    assert len(units) == want["count"]
    assert {u for u, _ in units} == {"县财政局"}
    assert [d for _, d in units] == [x["date"] for x in want["items"]]
    everyone = client.get("/agenda", params={**window, "unit": ""}).text
    assert (
        everyone.count("<tr data-unit=")
        == client.get("/api/v1/agenda", params=window).json()["count"]
    )
    r = client.get("/agenda", params={"unit": "县宇宙局"})
    assert r.status_code == 422
    assert "县宇宙局" in r.text


def test_checking_uploads_shows_the_findings_and_the_rejected_rows(
    client: Any, tokens: dict[str, str], demo: Path
) -> None:
    names = ["posts.csv", "applications.csv", "messages.csv"]
    files = [("files", (n, (demo / n).read_bytes(), "text/csv")) for n in names]
    args = ["check", "--plan", "yudu-2023", "--as-of", "2023-10-31", "--format", "json"]
    for n in names:
        args += ["--records", str(demo / n)]
    want = cli_json(*args)
    login(client, tokens["admin"])
    form = client.get("/check").text
    assert 'enctype="multipart/form-data"' in form
    assert 'name="files" multiple' in form
    data = {"csrf": csrf(form), "as_of": "2023-10-31"}
    r = client.post("/check", data=data, files=files)
    assert r.status_code == 200, r.text
    page = r.text
    for status, n in want["summary"].items():
        assert re.search(rf'data-status="{status}">[^<]*<b>{n}</b>', page), status
    needs = [f for f in want["findings"] if f["status"] in ("violated", "at_risk")]
    assert page.count('<tr data-status="violated">') + page.count(
        '<tr data-status="at_risk">'
    ) == len(needs)
    assert needs
    assert shown(needs[0]["explanation"]) in page
    assert want["rejected"]
    for row in want["rejected"]:
        assert shown(row["reason"]) in page
    assert "govflow-upload" not in page
    assert str(demo) not in page
    # the page makes the findings it may list, not the met ones it only counts
    made: list[str] = []
    real = Finding.to_dict

    def counted(self: Finding) -> dict[str, Any]:
        made.append(self.status.value)
        return real(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Finding, "to_dict", counted)
        again = client.post("/check", data=data, files=files)
    assert again.text.count("<tr data-status=") == page.count("<tr data-status=")
    assert sorted(made) == sorted(f["status"] for f in needs)
    assert f'<td data-label="文件">{names[1]}</td>' in page
    # a unit's token sees its own unit's findings only
    login(client, tokens["finance"])
    mine = client.post("/check", data={**data, "csrf": csrf(client.get("/check").text)},
                       files=files).text  # fmt: skip
    units = re.findall(
        r'<tr data-status="(?:violated|at_risk)">\s*<td data-label="单位">([^<]*)<', mine
    )
    assert units
    assert all(u.startswith("县财政局") for u in units)
    none = client.post("/check", data={**data, "csrf": csrf(mine)},
                       files=[("files", ("", b"", "application/octet-stream"))])  # fmt: skip
    assert none.status_code == 422
    assert "请选择" in none.text
    bad = client.post("/check", data={**data, "csrf": csrf(mine)},
                      files=[("files", ("a.exe", b"x", "application/x"))])  # fmt: skip
    assert bad.status_code == 422
    assert "a.exe" in bad.text


def test_the_month_report_for_the_whole_office_only(client: Any, tokens: dict[str, str]) -> None:
    login(client, tokens["admin"])
    empty = client.get("/report", params={"month": "2023-10"})
    assert empty.status_code == 200
    assert "案件库中还没有案件" in empty.text
    assert open_case(client, "F-1", "县财政局", "2023-09-20").status_code == 303
    for name in ("admin", "viewer"):
        login(client, tokens[name])
        r = client.get("/report", params={"month": "2023-10"})
        assert r.status_code == 200
        assert 'type="month"' in r.text
        assert 'value="2023-10"' in r.text
        frame = re.search(r'<iframe [^>]*sandbox srcdoc="([^"]*)"', r.text)
        assert frame, "no 通报 on the page"
        bulletin = html.unescape(frame.group(1))
        assert "2023年10月政务公开工作通报" in bulletin
        assert "县财政局" in bulletin
        assert "govflow-upload" not in bulletin
        alone = client.get("/report/page", params={"month": "2023-10"})
        assert alone.status_code == 200
        assert alone.text == bulletin
    bad = client.get("/report", params={"month": "2023-13"})
    assert bad.status_code == 422
    assert 'id="error"' in bad.text
    login(client, tokens["finance"])
    for path in ("/report", "/report/page"):
        r = client.get(path, params={"month": "2023-10"})
        assert r.status_code == 403
        assert "全部单位" in r.text
