"""The plan's endpoints: the agenda (public: the plan is a published document), checking
uploaded ledgers, and the month's 通报 (both need a token), each answering as the command line.

Uploaded files are written to a private temporary directory under their own names (the name
tells the record kind, as on the command line; a form field named after a record kind gives it
explicitly) and removed after the answer; the result names them as uploaded.  With
``cases=true`` the case store's cases are checked with them, as ``govflow case export`` writes
them.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path, PurePath
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from starlette.datastructures import UploadFile

from govflow.calendar.workcalendar import CalendarNotPublished
from govflow.cases.tokens import AccessToken
from govflow.compliance.findings import Status
from govflow.compliance.findingset import STATUS_ORDER
from govflow.compliance.suffixes import RECORD_SUFFIXES
from govflow.errors import GovflowError
from govflow.server.auth import caller, protected, require_office_wide
from govflow.server.office import Office
from govflow.server.problems import Problem, invalid, not_published

__all__ = ["Ledgers", "install_plan_routes", "received_ledgers"]

T = TypeVar("T")
SUFFIXES = RECORD_SUFFIXES


#: the multipart body of the upload endpoints, for the OpenAPI description (the form is read by
#: :func:`received_ledgers`, which also takes fields named after a record kind)
UPLOAD = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "记录文件（.csv、.jsonl、.xlsx、.parquet……），"
                            "类别由文件名判断；也可放在以记录类别命名的字段中（如 posts）",
                        }
                    },
                }
            }
        },
    }
}


_FINDING_STATUSES = [s.value for s in STATUS_ORDER]
_LISTED_HELP = (
    "只列出这些状态的结果，可多次给出：" + "、".join(_FINDING_STATUSES) + "（summary 仍计全部结果）"
)


def _listed(given: list[str]) -> tuple[Status, ...] | None:
    """The statuses of ``status=…``, in a check's order; ``None`` when none is given."""
    for s in given:
        if s not in _FINDING_STATUSES:
            raise invalid(f"status {s!r}：应为 {'、'.join(_FINDING_STATUSES)} 之一", "status")
    return tuple(s for s in STATUS_ORDER if s.value in given) or None


def _day(text: str | None, field: str) -> date | None:
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid(f"{field}：应为日期 YYYY-MM-DD，实际为 {text!r}", field) from None


@contextmanager
def govflow_errors() -> Iterator[None]:
    """An unpublished year 409; any refusal of govflow's (a bad file, a bad option) 422."""
    try:
        yield
    except CalendarNotPublished as exc:
        not_published(exc)
    except (GovflowError, ValueError) as exc:
        raise Problem(422, "请求有误", str(exc)) from None


class Ledgers:
    """Uploaded files (and the store's cases, when asked) in a temporary directory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[str] = []
        self.kind_of: dict[str, str] = {}

    def add(self, name: str, data: bytes, kind: str | None) -> None:
        base = PurePath(name.replace("\\", "/")).name.strip()
        if not base or base.startswith(".") or PurePath(base).suffix.lower() not in SUFFIXES:
            raise invalid(f"上传的文件 {name!r}：应为记录文件（{'、'.join(SUFFIXES)}）", "files")
        if any(Path(f).name == base for f in self.files):
            raise invalid(f"上传了两个同名文件 {base!r}", "files")
        path = self.folder / base
        path.write_bytes(data)
        self.files.append(str(path))
        if kind is not None:
            self.kind_of[str(path)] = kind

    def add_cases(self, office: Office, units: list[str] | None) -> None:
        """The store's cases, one ledger per case kind (as ``govflow case export`` writes)."""
        from govflow.cases.ledger import export_rows
        from govflow.report.escape import csv_text

        cases = office.store.cases(units=units)
        kinds = office.registry.record_kinds()
        for name in sorted({c.kind.name for c in cases}):
            mine = [c for c in cases if c.kind.name == name]
            record_kind = kinds[mine[0].kind.record_kind]
            path = self.folder / f"案件库-{name}.csv"
            path.write_text("\ufeff" + csv_text(export_rows(mine, record_kind)), "utf-8")
            self.files.append(str(path))
            self.kind_of[str(path)] = record_kind.name

    def shown(self, value: T) -> T:
        """*value* with the temporary directory taken out of the file names it mentions (also
        as Markdown writes it, with ``_`` escaped)."""
        text = json.dumps(value, ensure_ascii=False)
        prefix = str(self.folder) + "/"
        for form in (prefix, prefix.replace("_", "\\_")):
            text = text.replace(json.dumps(form)[1:-1], "")
        out: T = json.loads(text)
        return out


async def received_ledgers(request: Request, office: Office, folder: Path) -> Ledgers:
    """The ledgers of a multipart request: files under ``files`` (kind told by the name) or
    under a record kind's name (``posts``, ``application``, …)."""
    kinds = office.registry.record_kinds()
    form = await request.form()
    ledgers = Ledgers(folder)
    for key, value in form.multi_items():
        if not isinstance(value, UploadFile):
            continue
        if key != "files" and key not in kinds:
            raise invalid(
                f"表单字段 {key!r}：文件应放在 files 或记录类别的字段（{'、'.join(kinds)}）中", key
            )
        ledgers.add(value.filename or "", await value.read(), None if key == "files" else key)
    return ledgers


def install_plan_routes(app: FastAPI, office: Office) -> None:
    @app.get("/api/v1/agenda", tags=["plan"])
    def agenda(
        unit: str | None = None,
        area: str | None = None,
        from_: Annotated[str | None, Query(alias="from", description="起始日期")] = None,
        to: Annotated[str | None, Query(description="截止日期")] = None,
        provisional: bool = False,
    ) -> Any:
        """方案日程：每项义务在期间内的每一个到期日（同 govflow agenda --format json）。"""
        from govflow.report.agenda import build_agenda

        plan = office.plan
        with govflow_errors():
            if unit is not None:
                plan.directory.lookup(unit, where="unit")
            if area is not None and area not in plan.areas:
                raise invalid(
                    f"area {area!r}：方案中没有这个领域；方案的领域：{'、'.join(plan.areas)}",
                    "area",
                )
            result = build_agenda(
                plan,
                office.calendar(),
                start=_day(from_, "from"),
                end=_day(to, "to"),
                unit=unit,
                area=area,
                provisional=provisional,
            )
        return Response(result.to_json(), media_type="application/json")

    @app.post("/api/v1/check", tags=["plan"], openapi_extra=UPLOAD, **protected())
    async def check(
        request: Request,
        as_of: str | None = None,
        from_: Annotated[str | None, Query(alias="from", description="起始日期")] = None,
        unit: str | None = None,
        area: str | None = None,
        lead_time: Annotated[int, Query(ge=0, le=60)] = 3,
        provisional: bool = False,
        cases: Annotated[bool, Query(description="连同案件库的案件一起检查")] = False,
        status: Annotated[list[str] | None, Query(description=_LISTED_HELP)] = None,
    ) -> Any:
        """检查上传的记录文件（multipart，字段 files，可多个），结果同 govflow check --format json；
        单位令牌只看本单位的结果。"""
        token = caller(office, request)
        listed = _listed(status or [])
        with tempfile.TemporaryDirectory(prefix="govflow-upload-") as folder:
            ledgers = await received_ledgers(request, office, Path(folder))
            scope = _unit_scope(office, token, unit)

            def work() -> dict[str, Any]:  # in a worker thread: the store and the check block
                if cases:
                    ledgers.add_cases(office, None if scope is None else [scope])
                if not ledgers.files:
                    raise invalid("没有上传记录文件（multipart 字段 files）", "files")
                return _check(
                    office, ledgers, as_of, from_, scope, area, lead_time, provisional, listed
                )

            doc = await _in_thread(work)
        return doc

    @app.get("/api/v1/report", tags=["plan"], **protected())
    async def report(
        request: Request,
        month: str,
        format: Annotated[str, Query(pattern="^(md|html)$", description="md 或 html")] = "md",
        as_of: str | None = None,
        provisional: bool = False,
    ) -> Response:
        """某月的月度通报，依据案件库中的案件（同 govflow report，记录为 govflow case export 的台账）。
        需要全部单位的令牌。上传其他台账一并通报用 POST。"""
        return await _report(request, month, format, as_of, provisional, upload=False)

    @app.post("/api/v1/report", tags=["plan"], openapi_extra=UPLOAD, **protected())
    async def report_with_ledgers(
        request: Request,
        month: str,
        format: Annotated[str, Query(pattern="^(md|html)$")] = "md",
        as_of: str | None = None,
        provisional: bool = False,
    ) -> Response:
        """某月的月度通报：上传的台账（multipart，字段 files）连同案件库中的案件。"""
        return await _report(request, month, format, as_of, provisional, upload=True)

    async def _report(
        request: Request,
        month: str,
        fmt: str,
        as_of: str | None,
        provisional: bool,
        *,
        upload: bool,
    ) -> Response:
        token = caller(office, request)
        require_office_wide(token, "月度通报")
        with tempfile.TemporaryDirectory(prefix="govflow-upload-") as folder:
            ledgers = (
                await received_ledgers(request, office, Path(folder))
                if upload
                else Ledgers(Path(folder))
            )
            moment = _day(as_of, "as_of")

            def work() -> str:  # in a worker thread: the store and the check block
                ledgers.add_cases(office, None)
                if not ledgers.files:
                    raise invalid("案件库中没有案件，也没有上传台账：无从通报", "files")
                return bulletin_text(office, ledgers, month, fmt, moment, provisional)

            text = await _in_thread(work)
        if fmt == "html":
            return HTMLResponse(text)
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")


def _unit_scope(office: Office, token: AccessToken, unit: str | None) -> str | None:
    from govflow.server.api_cases import scoped_unit

    return scoped_unit(office, token, unit)


async def _in_thread(work: Callable[[], T]) -> T:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(work)


def _check(
    office: Office,
    ledgers: Ledgers,
    as_of: str | None,
    from_: str | None,
    unit: str | None,
    area: str | None,
    lead_time: int,
    provisional: bool,
    listed: tuple[Status, ...] | None = None,
) -> dict[str, Any]:
    from govflow.compliance.check import run_check
    from govflow.plugins.workspace import plugin_inputs

    reg = office.registry
    plan = office.plan
    with govflow_errors():
        if area is not None and area not in reg.areas():
            raise invalid(f"area {area!r}：没有插件提供这个领域", "area")
        result = run_check(
            plan,
            ledgers.files,
            calendar=office.calendar(),
            as_of=_day(as_of, "as_of"),
            start=_day(from_, "from"),
            unit=unit,
            area=area,
            lead_time=lead_time,
            provisional=provisional,
            kind_of=ledgers.kind_of,
            **plugin_inputs(reg, plan),
        )
    result.listed = listed
    doc: dict[str, Any] = ledgers.shown(result.to_dict())
    doc["exit_code"] = result.exit_code
    return doc


def bulletin_text(
    office: Office,
    ledgers: Ledgers,
    month: str,
    fmt: str,
    as_of: date | None,
    provisional: bool,
) -> str:
    """The 通报 of *month* on *ledgers*, as ``govflow report`` makes it."""
    from govflow.compliance.check import today_in_beijing
    from govflow.plugins.workspace import plugin_inputs
    from govflow.report.bulletin import (
        Bulletin,
        BulletinError,
        BulletinSettings,
        bulletin_check,
        month_bounds,
        parse_month,
    )

    reg = office.registry
    plan = office.plan
    with govflow_errors():
        try:
            first = parse_month(month)
        except BulletinError as exc:
            raise invalid(str(exc).replace("--month", "month"), "month") from None
        moment = as_of or min(month_bounds(first)[1], today_in_beijing())
        result = bulletin_check(
            plan,
            ledgers.files,
            first,
            calendar=office.calendar(),
            as_of=moment,
            provisional=provisional,
            kind_of=ledgers.kind_of,
            **plugin_inputs(reg, plan),
        )
        bulletin = Bulletin.from_check(
            result, first, calendar=office.calendar(), settings=BulletinSettings()
        )
        text = bulletin.to_html() if fmt == "html" else bulletin.to_markdown()
    return ledgers.shown(text)
