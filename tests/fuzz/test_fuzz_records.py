"""Fuzzing the records reader (issue 9, point 5): hostile CSV and JSON Lines files through
``read_records`` and ``run_check`` with the invented 测试县 plan.

Promises checked: only errors of govflow's family escape (a :class:`RecordFileError` for a file
that is unusable as a whole); every row is accounted (read = evaluated + not applicable +
rejected + set aside, each listed); a well-formed file's rows are all read; an accepted row's
fields have their declared types; the columnar fast path agrees with the reference path.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from fastpath_support import assert_same
from fuzz_support import (
    GeneratedFile,
    assert_accounted,
    csv_files,
    date_texts,
    fuzz,
    jsonl_files,
    no_unraisable,
)
from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance import columnar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import (
    FieldType,
    Record,
    RecordFileError,
    RecordKind,
    Rejected,
    read_records,
)
from govflow.errors import GovflowError, NotPublishedError
from govflow.plan.model import Plan
from govflow.plugins.manager import registry
from plans import CESHI_PLAN

#: Years whose deadlines the built-in calendar decides (a 2026 record may need the 2027
#: calendar: an unpublished calendar aborting the check is a defect fixed elsewhere).
CHECK_YEARS = (2020, 2025)


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded: Plan = registry().load_plan(CESHI_PLAN)
    return loaded


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    cal: WorkCalendar = registry().calendar()
    return cal


@pytest.fixture(scope="module")
def kinds() -> dict[str, RecordKind]:
    return dict(registry().record_kinds())


@pytest.fixture(scope="module", autouse=True)
def small_blocks() -> Iterator[None]:
    """Every post file is big enough for the fast path, read in blocks of about a kilobyte."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(columnar, "MIN_BYTES", 0)
        mp.delenv(columnar.DISABLE, raising=False)
        yield


def write(folder: Path, files: Sequence[GeneratedFile]) -> list[Path]:
    """The files under distinct names in *folder*."""
    out = []
    for k, f in enumerate(files):  # one folder each: the name tells the kind
        (folder / str(k)).mkdir()
        path = folder / str(k) / f.name
        path.write_bytes(f.data)
        out.append(path)
    return out


_TYPES: dict[FieldType, type | tuple[type, ...]] = {
    FieldType.TEXT: str,
    FieldType.DATE: date,
    FieldType.DATETIME: datetime,
    FieldType.BOOL: bool,
    FieldType.INT: int,
}


def read_all(path: Path, kinds: dict[str, RecordKind]) -> tuple[list[Record | Rejected], Any]:
    """Every item of the file and its summary, or the :class:`GovflowError` it raised."""
    try:
        stream = read_records(path, kinds=kinds)
        items = list(stream)
    except GovflowError as exc:
        error = exc
    else:
        return items, stream
    assert str(error).strip()
    return [], error


def assert_stream_accounted(
    items: list[Record | Rejected], stream: Any, expected_rows: int | None
) -> None:
    summary = stream.summary
    kind: RecordKind = stream.kind
    rejected = [i for i in items if isinstance(i, Rejected)]
    records = [i for i in items if isinstance(i, Record)]
    assert summary.read == len(items) + summary.set_aside
    assert summary.rejected == len(rejected)
    assert len({r.line for r in rejected}) == len(rejected)
    assert len({r.line for r in records} | {r.line for r in rejected}) == len(items)
    if expected_rows is not None:
        assert summary.read == expected_rows
    for r in rejected:
        assert r.reason.strip()
        assert r.line >= 1
    for rec in records:
        for spec in kind.fields:
            value: Any = rec.data.get(spec.name)
            if value is None:
                assert not spec.required, (spec.name, rec)
                continue
            assert isinstance(value, _TYPES[spec.type]), (spec.name, value)
            if spec.type is FieldType.DATE:
                assert not isinstance(value, datetime)
            if spec.type is FieldType.DATETIME:
                assert isinstance(value, datetime)
                assert value.tzinfo is not None
            if spec.type is FieldType.TEXT and rec.source.endswith(".csv"):
                assert isinstance(value, str)
                assert value == value.strip()


def _read_and_account(kinds: dict[str, RecordKind], f: GeneratedFile) -> None:
    """Write *f*, read it: a whole-file refusal (a GovflowError) or every row accounted."""
    with tempfile.TemporaryDirectory() as folder:
        (path,) = write(Path(folder), [f])
        items, stream = read_all(path, kinds)
        if isinstance(stream, GovflowError):
            return
        assert_stream_accounted(items, stream, f.rows)


@fuzz(1.0)
@given(csv_files())
def test_csv_files_are_read_row_by_row(kinds: dict[str, RecordKind], f: GeneratedFile) -> None:
    _read_and_account(kinds, f)


@fuzz(1.0)
@given(csv_files(hostile=True))
def test_hostile_csv_files_are_answered_cleanly(
    kinds: dict[str, RecordKind], f: GeneratedFile
) -> None:
    _read_and_account(kinds, f)


@fuzz(1.0)
@given(jsonl_files())
def test_jsonl_files_are_read_line_by_line(kinds: dict[str, RecordKind], f: GeneratedFile) -> None:
    _read_and_account(kinds, f)


def check(
    plan: Plan,
    calendar: WorkCalendar,
    kinds: dict[str, RecordKind],
    paths: Sequence[Path],
    *,
    plugins: bool = True,
    **kw: Any,
) -> CheckResult | GovflowError:
    """``run_check`` as ``govflow check`` runs it (with the installed plugins' rules, made anew:
    rules keep state), or the error it raised."""
    extra = registry().rules(plan) if plugins else []
    try:
        with no_unraisable():
            return run_check(plan, paths, calendar=calendar, kinds=kinds, extra_rules=extra, **kw)
    except GovflowError as exc:
        error = exc
    assert not isinstance(error, NotPublishedError), error  # issue 9: a rejected row instead
    return error


def any_file(
    *, years: tuple[int, int] = CHECK_YEARS, wild: bool = False
) -> st.SearchStrategy[GeneratedFile]:
    return st.one_of(
        csv_files(years=years, wild=wild),
        csv_files(hostile=True, years=years, wild=wild),
        jsonl_files(years=years, wild=wild),
    )


AS_OF = st.one_of(st.dates(date(2023, 6, 1), date(2025, 12, 31)), st.just(date(2023, 12, 31)))


@fuzz(0.6)
@given(
    files=st.lists(any_file(), min_size=1, max_size=3),
    as_of=AS_OF,
    start=st.one_of(st.none(), st.dates(date(2023, 1, 1), date(2023, 12, 31))),
    strict=st.booleans(),
)
def test_every_row_of_a_check_is_accounted(
    plan: Plan,
    calendar: WorkCalendar,
    kinds: dict[str, RecordKind],
    files: list[GeneratedFile],
    as_of: date,
    start: date | None,
    strict: bool,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = write(Path(folder), files)
        result = check(plan, calendar, kinds, paths, as_of=as_of, start=start, strict=strict)
        if isinstance(result, GovflowError):
            event("a file unusable as a whole")
            return
        event(f"rows evaluated: {min(sum(s.evaluated for s in result.files), 3)}")
        event(f"findings: {min(len(result.findings), 1)}")
        assert_accounted(result, {str(p): f.rows for p, f in zip(paths, files, strict=True)})
        assert result.exit_code in (0, 1)
        if result.rejected:
            assert result.exit_code == 1


@fuzz(0.6)
@given(
    files=st.lists(
        st.one_of(
            csv_files(kinds=("post",), years=CHECK_YEARS, max_rows=30),
            csv_files(kinds=("post",), years=CHECK_YEARS, max_rows=30, hostile=True),
        ),
        min_size=1,
        max_size=2,
    ),
    area=st.sampled_from((None, "newmedia", "finance")),
    plugins=st.booleans(),
)
def test_the_fast_path_agrees_with_the_reference(
    plan: Plan,
    calendar: WorkCalendar,
    kinds: dict[str, RecordKind],
    files: list[GeneratedFile],
    area: str | None,
    plugins: bool,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = write(Path(folder), files)
        kw: dict[str, Any] = {"as_of": date(2023, 12, 31), "area": area, "plugins": plugins}
        fast = check(plan, calendar, kinds, paths, **kw)
        os.environ[columnar.DISABLE] = "1"
        try:
            ref = check(plan, calendar, kinds, paths, **kw)
        finally:
            del os.environ[columnar.DISABLE]
        if isinstance(ref, GovflowError):
            assert isinstance(fast, GovflowError)
            assert str(fast) == str(ref)
            return
        assert isinstance(fast, CheckResult), fast
        assert_same(fast, ref)
        assert_accounted(ref, {str(p): f.rows for p, f in zip(paths, files, strict=True)})


def test_undecodable_bytes_in_a_malformed_row_of_a_big_post_file(
    plan: Plan, calendar: WorkCalendar, kinds: dict[str, RecordKind], tmp_path: Path
) -> None:
    """Found by the fuzz suite (with the earlier pyarrow reader): bytes that are not UTF-8 in
    a malformed row of a big file.  The columnar path gives such a file back to the reference
    reader, which reports it once, cleanly."""
    rows = ["网站,单位,发布时间,标题"]
    rows += [f"网,县财政局,2023-07-{k % 28 + 1:02d} 10:00,标题{k}" for k in range(3000)]
    data = ("\n".join(rows) + "\n").encode() + b"a,b\x85c\n"
    assert len(data) > 65536  # beyond the encoding sniffer's window: read as UTF-8
    path = tmp_path / "posts.csv"
    path.write_bytes(data)
    results = []
    for disabled in (False, True):
        if disabled:
            os.environ[columnar.DISABLE] = "1"
        try:
            results.append(
                check(plan, calendar, kinds, [path], plugins=False, as_of=date(2023, 12, 31))
            )
        finally:
            os.environ.pop(columnar.DISABLE, None)
    fast, ref = results
    assert isinstance(ref, RecordFileError)
    assert isinstance(fast, RecordFileError)
    assert str(fast) == str(ref)


@fuzz(0.3)
@given(
    files=st.lists(any_file(years=(2004, 2035)), min_size=1, max_size=2),
    as_of=st.dates(date(2023, 6, 1), date(2027, 6, 30)),
)
@example(
    files=[
        GeneratedFile(
            "applications.csv",
            "申请编号,单位,收到日期\nA1,县财政局,2030-03-01\n".encode(),
            1,
            "application",
        )
    ],
    as_of=date(2023, 12, 31),
)
@example(
    files=[
        GeneratedFile(
            "messages.csv",
            "留言编号,单位,收到时间\nM1,县财政局,2026-12-25 10:00\n".encode(),
            1,
            "message",
        )
    ],
    as_of=date(2027, 3, 1),
)
def test_rows_of_years_no_calendar_covers_are_accounted(
    plan: Plan,
    calendar: WorkCalendar,
    kinds: dict[str, RecordKind],
    files: list[GeneratedFile],
    as_of: date,
) -> None:
    """Rows dated in years no calendar decides, checked as late as 2027: accounted (a row
    whose deadline needs an unpublished calendar is a rejected row), never an abort."""
    with tempfile.TemporaryDirectory() as folder:
        paths = write(Path(folder), files)
        result = check(plan, calendar, kinds, paths, as_of=as_of)
        if isinstance(result, GovflowError):
            return
        assert_accounted(result, {str(p): f.rows for p, f in zip(paths, files, strict=True)})


# ---------------------------------------------------------------------------------------------
# Defects of issue 9 fixed on other branches: these stay strict and fail until the fix lands.


def _message_csv(received: str) -> bytes:
    return f"留言编号,单位,收到时间,答复时间\nM1,县财政局,{received},\n".encode()


@fuzz(0.3)
@given(received=date_texts(wild=True))
@example(received="9999-12-31T23:00Z")
@example(received="0001-01-01T00:00:00+08:00")
def test_moments_at_the_ends_of_time(kinds: dict[str, RecordKind], received: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "messages.csv"
        path.write_bytes(_message_csv(received))
        items, stream = read_all(path, kinds)
        assert not isinstance(stream, GovflowError)
        assert_stream_accounted(items, stream, 1)


def test_a_quoted_cell_over_128_kib_is_one_cell(
    kinds: dict[str, RecordKind], tmp_path: Path
) -> None:
    inner = "x" * (130 * 1024) + "\nFAKE-1,县财政局,2023-07-03,\n"
    path = tmp_path / "applications.csv"
    body = (
        f'申请编号,单位,收到日期,备注\nA1,县财政局,2023-07-03,"{inner}"\nA2,县财政局,2023-07-04,\n'
    )
    path.write_text(body, encoding="utf-8")
    items, stream = read_all(path, kinds)
    assert not isinstance(stream, GovflowError)
    assert_stream_accounted(items, stream, 2)
    assert not any(isinstance(i, Record) and i.data["id"] == "FAKE-1" for i in items)


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json_lines(
    kinds: dict[str, RecordKind], tmp_path: Path, opener: str
) -> None:
    closer = "]" if opener == "[" else "}"
    deep = opener * 100_000 + "1" + closer * 100_000
    path = tmp_path / "messages.jsonl"
    good = '{"留言编号": "M1", "单位": "县财政局", "收到时间": "2023-07-03 10:00"}'
    path.write_text(f'{good}\n{{"留言编号": "M2", "备注": {deep}}}\n{deep}\n', encoding="utf-8")
    items, stream = read_all(path, kinds)
    assert not isinstance(stream, GovflowError)
    assert_stream_accounted(items, stream, 3)


def _is_wrong_id(value: Any) -> bool:
    return isinstance(value, (dict, list, bool)) or (
        isinstance(value, float) and not math.isfinite(value)
    )


@pytest.mark.parametrize("value", [{"a": 1}, [1, 2], True, float("nan"), float("inf")])
def test_jsonl_text_values_of_the_wrong_type_are_rejected(
    kinds: dict[str, RecordKind], tmp_path: Path, value: Any
) -> None:
    import json

    assert _is_wrong_id(value)
    path = tmp_path / "messages.jsonl"
    obj = {"留言编号": value, "单位": "县财政局", "收到时间": "2023-07-03 10:00"}
    path.write_text(json.dumps(obj) + "\n", encoding="utf-8")
    items, stream = read_all(path, kinds)
    assert not isinstance(stream, GovflowError)
    assert [type(i) for i in items] == [Rejected]
    assert isinstance(items[0], Rejected)
    if isinstance(value, float):  # NaN, Infinity: no JSON values at all, the line is not JSON
        assert items[0].field == ""
        assert ("NaN" if math.isnan(value) else "Infinity") in items[0].reason
    else:
        assert items[0].field == "id"
        assert "JSON" in items[0].reason


def test_an_integer_with_a_digit_separator_is_rejected(
    kinds: dict[str, RecordKind], tmp_path: Path
) -> None:
    path = tmp_path / "applications.csv"
    path.write_text(
        "申请编号,单位,收到日期,延期批准日期,延长工作日数\nA1,县财政局,2023-07-03,2023-07-20,1_0\n",
        encoding="utf-8",
    )
    items, stream = read_all(path, kinds)
    assert not isinstance(stream, GovflowError)
    assert [type(i) for i in items] == [Rejected]
