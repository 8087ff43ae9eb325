"""Records: every built-in kind from CSV (Chinese and English headers) and JSON Lines, the
encodings government spreadsheets export, date spellings, rows rejected with file, line, field
and reason, whole-file errors, generated rows (hypothesis) and streaming memory.

Expected values are written out by hand here, never computed by the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.compliance.records import (
    BUILTIN_KINDS,
    FieldType,
    Record,
    RecordFileError,
    RecordKind,
    Rejected,
    read_records,
)
from govflow.compliance.tables import BLANK_ROW, set_aside_reason
from govflow.text.dates import BEIJING

# ---------------------------------------------------------------------------------------------
# Helpers


def bj(y: int, m: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    """A moment in Beijing time."""
    return datetime(y, m, d, h, mi, s, tzinfo=BEIJING)


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], encoding: str = "utf-8-sig", newline: str = "\r\n"
) -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=newline).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def read_all(path: Path, **kw: Any) -> tuple[list[Record], list[Rejected], Any]:
    stream = read_records(path, **kw)
    records: list[Record] = []
    rejected: list[Rejected] = []
    for item in stream:
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            records.append(item)
    return records, rejected, stream.summary


def only_rejected(path: Path, **kw: Any) -> Rejected:
    records, rejected, summary = read_all(path, **kw)
    assert len(rejected) == 1, rejected
    assert summary.read == len(records) + 1
    assert summary.rejected == 1
    return rejected[0]


# One realistic row of each built-in kind, its headers as a spreadsheet export writes them in
# Chinese (aliases included) and in English, and the typed fields expected, worked out by hand.
KINDS: dict[str, tuple[list[str], list[str], list[str], dict[str, Any]]] = {
    "post": (
        ["网站或账号", "平台类型", "栏目", "单位", "发布日期", "标题", "是否原创", "是否首页"],
        ["site", "platform", "column", "unit", "time", "title", "original", "homepage"],
        [
            "于都县人民政府网",
            "网站",
            "工作动态",
            "县财政局",
            "2023-09-28 16:20",
            "县财政局召开“三公”经费公开工作会",
            "是",
            "否",
        ],
        {
            "site": "于都县人民政府网",
            "platform": "网站",
            "column": "工作动态",
            "unit": "县财政局",
            "time": bj(2023, 9, 28, 16, 20),
            "title": "县财政局召开“三公”经费公开工作会",
            "original": True,
            "homepage": False,
        },
    ),
    "application": (
        [
            "申请编号",
            "受理单位",
            "收到申请日期",
            "申请渠道",
            "补正告知日期",
            "收到补正日期",
            "征求意见开始日期",
            "征求意见结束日期",
            "延期批准日期",
            "延长工作日数",
            "答复日期",
            "送达方式",
            "视为放弃",
        ],
        [
            "id",
            "unit",
            "received",
            "channel",
            "correction_notice",
            "corrected_received",
            "consult_start",
            "consult_end",
            "extension_approved",
            "extension_days",
            "replied",
            "delivery",
            "abandoned",
        ],
        [
            "于政信申〔2023〕7号",
            "县自然资源局",
            "2023-09-27",
            "网络",
            "2023-09-28",
            "2023-10-09",
            "2023-10-16",
            "2023-10-20",
            "2023-11-01",
            "10",
            "2023-11-24",
            "邮寄",
            "否",
        ],
        {
            "id": "于政信申〔2023〕7号",
            "unit": "县自然资源局",
            "received": date(2023, 9, 27),
            "channel": "网络",
            "correction_notice": date(2023, 9, 28),
            "corrected_received": date(2023, 10, 9),
            "consult_start": date(2023, 10, 16),
            "consult_end": date(2023, 10, 20),
            "extension_approved": date(2023, 11, 1),
            "extension_days": 10,
            "replied": date(2023, 11, 24),
            "delivery": "邮寄",
            "abandoned": False,
        },
    ),
    "message": (
        ["留言编号", "渠道", "承办单位", "留言时间", "是否简单问题", "答复时间"],
        ["id", "channel", "unit", "received", "simple", "replied"],
        ["WZ2023092701", "县长信箱", "县人社局", "2023-09-27 10:15", "否", "2023-10-10 09:00"],
        {
            "id": "WZ2023092701",
            "channel": "县长信箱",
            "unit": "县人社局",
            "received": bj(2023, 9, 27, 10, 15),
            "simple": False,
            "replied": bj(2023, 10, 10, 9, 0),
        },
    ),
    "event": (
        ["编号", "单位", "类型", "日期", "标题"],
        ["id", "unit", "kind", "date", "title"],
        ["E1", "县财政局", "自查", "2023-10-07", "政务新媒体自查（调休上班日）"],
        {
            "id": "E1",
            "unit": "县财政局",
            "kind": "自查",
            "date": date(2023, 10, 7),
            "title": "政务新媒体自查（调休上班日）",
        },
    ),
    "disclosure": (
        [
            "编号",
            "公开单位",
            "公开类型",
            "批准日期",
            "公开日期",
            "公示结束日期",
            "村",
            "标题",
            "关联编号",
        ],
        ["id", "unit", "kind", "trigger", "published", "ends", "village", "title", "related"],
        [
            "D1",
            "贡江镇",
            "补贴结果",
            "2023-09-01",
            "2023-09-20",
            "2023-10-20",
            "上欧村",
            "2023年耕地地力保护补贴发放结果",
            "P7",
        ],
        {
            "id": "D1",
            "unit": "贡江镇",
            "kind": "补贴结果",
            "trigger": date(2023, 9, 1),
            "published": date(2023, 9, 20),
            "ends": date(2023, 10, 20),
            "village": "上欧村",
            "title": "2023年耕地地力保护补贴发放结果",
            "related": "P7",
        },
    ),
}
FILE_NAMES = {
    "post": "posts",
    "application": "applications",
    "message": "messages",
    "event": "events",
    "disclosure": "disclosures",
}


def assert_same_data(got: dict[str, Any], expected: dict[str, Any]) -> None:
    assert got == expected
    for name, value in got.items():  # an aware moment equal to the expected one is not enough
        if isinstance(value, datetime):
            assert value.utcoffset() == timedelta(hours=8), name
        assert type(value) is type(expected[name]), name


# ---------------------------------------------------------------------------------------------
# Every kind, both header languages, JSON Lines


def test_the_built_in_kinds() -> None:
    assert set(BUILTIN_KINDS) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_kind_from_csv(tmp_path: Path, kind: str, language: str) -> None:
    zh, en, row, expected = KINDS[kind]
    header = zh if language == "zh" else en
    path = write_csv(tmp_path / f"{FILE_NAMES[kind]}.csv", [header, row])
    records, rejected, summary = read_all(path)
    assert rejected == []
    (record,) = records
    assert (record.kind, record.source, record.line) == (kind, str(path), 2)
    assert record.ref == f"{path}:2"
    assert_same_data(record.data, expected)
    assert (summary.kind, summary.read, summary.rejected, summary.evaluated) == (kind, 1, 0, 1)
    assert summary.ignored_columns == ()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_kind_is_told_by_the_headers_when_the_name_does_not(tmp_path: Path, kind: str) -> None:
    zh, _, row, expected = KINDS[kind]
    path = write_csv(tmp_path / "导出数据.csv", [[*zh, "备注"], [*row, "无"]])
    records, rejected, summary = read_all(path)
    assert rejected == []
    assert [r.kind for r in records] == [kind]
    assert_same_data(records[0].data, expected)
    assert summary.ignored_columns == ("备注",)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_from_json_lines(tmp_path: Path, kind: str) -> None:
    zh, en, row, expected = KINDS[kind]
    # Chinese keys on one line, English keys on the next, a blank line between (not a row)
    lines = [
        json.dumps(dict(zip(zh, row, strict=True)), ensure_ascii=False),
        "",
        json.dumps(dict(zip(en, row, strict=True)), ensure_ascii=False),
    ]
    path = tmp_path / f"{FILE_NAMES[kind]}.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    records, rejected, summary = read_all(path)
    if kind in ("application", "message"):  # the same id twice: the second is a duplicate
        assert [r.line for r in records] == [1]
        (dup,) = rejected
        assert (dup.line, dup.field) == (3, "id")
        assert "首次出现在第 1 行" in dup.reason
    else:
        assert rejected == []
        assert [r.line for r in records] == [1, 3]
    for r in records:
        assert_same_data(r.data, expected)
    assert summary.read == 2
    assert summary.read == len(records) + len(rejected) == summary.evaluated + summary.rejected


def test_json_lines_take_native_json_values(tmp_path: Path) -> None:
    path = tmp_path / "applications.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "A1",
                "unit": "县财政局",
                "received": "2023-09-27",
                "extension_days": 15,
                "abandoned": True,
                "replied": None,  # null is an empty cell
                "delivery": "",
                "备注": {"nested": [1, 2]},  # unknown keys are ignored
            },
            ensure_ascii=False,
        )
        + "\n"
        + json.dumps({"id": "A2", "unit": "县财政局", "received": "2023-09-28", "abandoned": 2})
        + "\n",
        "utf-8",
    )
    records, rejected, _ = read_all(path)
    (record,) = records
    assert record.data == {
        "id": "A1",
        "unit": "县财政局",
        "received": date(2023, 9, 27),
        "extension_days": 15,
        "abandoned": True,
    }
    (bad,) = rejected
    assert (bad.line, bad.field) == (2, "abandoned")
    assert "2" in bad.reason


# ---------------------------------------------------------------------------------------------
# Encodings


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8-sig"), ("gb18030", "gb18030")],
)
def test_encodings(tmp_path: Path, encoding: str, detected: str) -> None:
    zh, _, row, expected = KINDS["post"]
    path = write_csv(tmp_path / "posts.csv", [zh, row, row], encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is (encoding == "utf-8-sig")
    if encoding == "gb18030":
        assert "网站或账号".encode("gb18030") in raw
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    records, rejected, summary = read_all(path)
    assert rejected == []
    assert summary.encoding == detected
    assert [r.line for r in records] == [2, 3]
    for r in records:
        assert_same_data(r.data, expected)


def test_gb18030_with_crlf_and_lf_line_ends(tmp_path: Path) -> None:
    header = ["单位", "类型", "日期", "标题"]
    rows = [header, ["黄麟乡", "开放活动", "2023年10月8日", "“政府开放日”活动（调休上班日）"]]
    for newline in ("\r\n", "\n"):
        path = write_csv(tmp_path / "events.csv", rows, encoding="gb18030", newline=newline)
        records, rejected, summary = read_all(path)
        assert rejected == []
        assert summary.encoding == "gb18030"
        (r,) = records
        assert r.data["date"] == date(2023, 10, 8)
        assert r.data["title"] == "“政府开放日”活动（调休上班日）"


def test_text_in_no_known_encoding_is_a_file_error(tmp_path: Path) -> None:
    zh, _, row, _ = KINDS["post"]
    buf = io.StringIO()
    csv.writer(buf).writerows([zh, row])
    path = tmp_path / "posts.csv"
    path.write_bytes(buf.getvalue().encode("utf-8") + b"\x81\x20\n")  # neither UTF-8 nor GB18030
    with pytest.raises(RecordFileError) as err:
        list(read_records(path))
    assert str(path) in str(err.value)
    assert "gb18030" in str(err.value)


def test_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    """Excel's “Unicode text” is UTF-16 with a byte-order mark (issue 9: it was refused as
    not readable as gb18030)."""
    zh, _, row, _ = KINDS["post"]
    buf = io.StringIO()
    csv.writer(buf).writerows([zh, row])
    path = tmp_path / "posts.csv"
    path.write_bytes(buf.getvalue().encode("utf-16"))
    records, rejected, summary = read_all(path)
    assert summary.encoding == "utf-16"
    assert (len(records), rejected) == (1, [])


def test_gb18030_file_ending_in_a_chinese_character(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    # no line end after the last cell, as some exports write: 甲 is the file's last two bytes
    path.write_bytes("unit,kind,date,title\nu,k,2023-06-18,t\nu,k,2023-06-19,甲".encode("gb18030"))
    records, _, summary = read_all(path, kind="event")
    assert summary.encoding == "gb18030"
    assert [r.data["title"] for r in records] == ["t", "甲"]


# ---------------------------------------------------------------------------------------------
# Dates and moments


DATE_SPELLINGS = [
    ("2023-06-18", date(2023, 6, 18)),
    ("2023/6/18", date(2023, 6, 18)),
    ("2023/06/18", date(2023, 6, 18)),
    ("2023.6.18", date(2023, 6, 18)),
    ("2023-6-18", date(2023, 6, 18)),
    ("2023年6月18日", date(2023, 6, 18)),
    ("2023年06月18日", date(2023, 6, 18)),
    (" 2023-06-18 ", date(2023, 6, 18)),
    ("2024-02-29", date(2024, 2, 29)),
    # a moment in a date column: its Beijing date
    ("2023-06-18 23:59", date(2023, 6, 18)),
    ("2023-06-18T23:30:00+08:00", date(2023, 6, 18)),
    ("2023-09-30T20:00Z", date(2023, 10, 1)),  # 04:00 on 1 October in Beijing
    ("2023-09-30T20:00:00+00:00", date(2023, 10, 1)),
    ("2023-10-01T02:00+09:00", date(2023, 10, 1)),  # 01:00 in Beijing
    ("2023-10-01T06:00-02:00", date(2023, 10, 1)),  # 16:00 in Beijing
    ("2023-10-01T01:00+09:00", date(2023, 10, 1)),  # 00:00 in Beijing
    ("2023-10-01T00:59+09:00", date(2023, 9, 30)),  # 23:59 the day before in Beijing
    pytest.param(
        "２０２３-０６-１８",
        date(2023, 6, 18),
    ),
]


@pytest.mark.parametrize(("cell", "expected"), DATE_SPELLINGS)
def test_date_spellings(tmp_path: Path, cell: str, expected: date) -> None:
    path = write_csv(
        tmp_path / "events.csv", [["单位", "类型", "日期"], ["县财政局", "自查", cell]]
    )
    records, rejected, _ = read_all(path)
    assert rejected == []
    assert records[0].data["date"] == expected
    assert type(records[0].data["date"]) is date


DATETIME_SPELLINGS = [
    ("2023-06-18 09:30", bj(2023, 6, 18, 9, 30)),
    ("2023-06-18 09:30:15", bj(2023, 6, 18, 9, 30, 15)),
    ("2023-06-18T09:30:00", bj(2023, 6, 18, 9, 30)),
    ("2023-06-18 09:30:00.250", bj(2023, 6, 18, 9, 30)),
    ("2023/6/18 9:30", bj(2023, 6, 18, 9, 30)),
    ("2023.6.18 9:30", bj(2023, 6, 18, 9, 30)),
    ("2023年6月18日 09:30", bj(2023, 6, 18, 9, 30)),
    ("2023年6月18日 9时30分15秒", bj(2023, 6, 18, 9, 30, 15)),
    ("２０２３-０６-１８ ０９:３０", bj(2023, 6, 18, 9, 30)),
    ("2023-06-18", bj(2023, 6, 18)),  # a bare date: the start of that day
    ("2023年6月18日", bj(2023, 6, 18)),
    ("2023-06-18T09:30+08:00", bj(2023, 6, 18, 9, 30)),
    ("2023-06-18 09:30:00+0800", bj(2023, 6, 18, 9, 30)),
    ("2023-06-18T01:30:00Z", bj(2023, 6, 18, 9, 30)),
    ("2023-06-18T09:30:00-05:00", bj(2023, 6, 18, 22, 30)),
    ("2023-09-30T20:00Z", bj(2023, 10, 1, 4, 0)),
    pytest.param(
        "2023年6月18日 9时30分",
        bj(2023, 6, 18, 9, 30),
    ),
    pytest.param(
        "2023年6月18日09:30",
        bj(2023, 6, 18, 9, 30),
    ),
]


@pytest.mark.parametrize(("cell", "expected"), DATETIME_SPELLINGS)
def test_moment_spellings(tmp_path: Path, cell: str, expected: datetime) -> None:
    header = ["网站或账号", "单位", "发布时间", "标题"]
    path = write_csv(tmp_path / "posts.csv", [header, ["于都发布", "县财政局", cell, "t"]])
    records, rejected, _ = read_all(path)
    assert rejected == [], cell
    moment = records[0].data["time"]
    assert moment == expected
    assert moment.utcoffset() == timedelta(hours=8)  # kept in Beijing time
    assert moment.date() == expected.date()


# ---------------------------------------------------------------------------------------------
# Rejected rows: file, line, field, reason


def test_empty_required_field(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "发布时间", "标题"],
            ["于都发布", "县财政局", "2023-06-19 09:00", "一"],
            ["于都发布", "  ", "2023-06-19 10:00", "二"],  # blank once stripped
        ],
    )
    bad = only_rejected(path)
    assert (bad.source, bad.line, bad.field) == (str(path), 3, "unit")
    assert "单位" in bad.reason
    assert "为空" in bad.reason
    assert str(bad) == f"{path}:3：unit：{bad.reason}"


@pytest.mark.parametrize(
    ("cell", "field"),
    [("2023-09-31", "date"), ("2023-02-29", "date"), ("2023-13-01", "date"), ("下周一", "date")],
)
def test_bad_date(tmp_path: Path, cell: str, field: str) -> None:
    path = write_csv(
        tmp_path / "events.csv",
        [["单位", "类型", "日期"], ["县财政局", "自查", "2023-09-25"], ["县财政局", "自查", cell]],
    )
    bad = only_rejected(path)
    assert (bad.line, bad.field) == (3, field)
    assert cell in bad.reason


def test_bad_moment_and_bad_boolean_and_bad_number(tmp_path: Path) -> None:
    posts = write_csv(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "发布时间", "标题", "是否原创"],
            ["于都发布", "县财政局", "2023-06-18 24:00", "t", "是"],
            ["于都发布", "县财政局", "2023-06-18 09:00", "t", "也许"],
            ["于都发布", "县财政局", "2023-06-18 09:00", "t", "转载"],
        ],
    )
    records, rejected, summary = read_all(posts)
    assert [(r.line, r.field) for r in rejected] == [(2, "time"), (3, "original")]
    assert "2023-06-18 24:00" in rejected[0].reason
    assert "也许" in rejected[1].reason
    assert "是/否" in rejected[1].reason
    assert [r.data["original"] for r in records] == [False]
    assert (summary.read, summary.rejected) == (3, 2)
    applications = write_csv(
        tmp_path / "applications.csv",
        [["申请编号", "单位", "收到日期", "延长工作日数"], ["A1", "县财政局", "2023-09-27", "十"]],
    )
    bad = only_rejected(applications)
    assert (bad.line, bad.field) == (2, "extension_days")
    assert "十" in bad.reason


def test_the_first_bad_field_in_column_order_is_named(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "posts.csv",
        [
            ["标题", "是否原创", "单位", "发布时间", "网站或账号"],
            ["t", "也许", "", "坏日期", "于都发布"],
        ],
    )
    bad = only_rejected(path)
    assert bad.field == "original"


def test_duplicate_id_names_the_first_line(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "messages.csv",
        [
            ["留言编号", "承办单位", "留言时间"],
            ["M1", "县财政局", "2023-09-27 10:00"],
            ["M2", "县财政局", "2023-09-27 11:00"],
            [" M1 ", "县审计局", "2023-09-28 09:00"],  # the same id once stripped
        ],
    )
    bad = only_rejected(path)
    assert (bad.line, bad.field) == (4, "id")
    assert "'M1'" in bad.reason
    assert "首次出现在第 2 行" in bad.reason


def test_rejected_first_occurrence_does_not_make_a_duplicate(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "messages.csv",
        [
            ["留言编号", "承办单位", "留言时间"],
            ["M1", "", "2023-09-27 10:00"],
            ["M1", "县财政局", "2023-09-27 11:00"],
        ],
    )
    records, rejected, _ = read_all(path)
    assert [(r.line, r.field) for r in rejected] == [(2, "unit")]
    assert [r.line for r in records] == [3]


def test_short_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "发布时间", "标题", "是否原创"],
            ["于都发布", "县财政局", "2023-06-19 09:00", "完整"],  # optional last cell missing
            ["于都发布", "县财政局", "2023-06-19 10:00"],  # the title is missing
            ["于都发布"],
        ],
    )
    records, rejected, summary = read_all(path)
    assert [r.line for r in records] == [2]
    assert records[0].data["title"] == "完整"
    assert [(r.line, r.field) for r in rejected] == [(3, "title"), (4, "unit")]
    assert all("为空" in r.reason for r in rejected)
    assert (summary.read, summary.rejected) == (3, 2)


def test_malformed_csv_row_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    header = "网站或账号,单位,发布时间,标题\r\n"
    huge = "长" * (csv.field_size_limit() + 1)
    path = tmp_path / "posts.csv"
    path.write_text(
        header
        + "于都发布,县财政局,2023-06-19 09:00,一\r\n"
        + f'于都发布,县财政局,2023-06-19 10:00,"{huge}"\r\n'
        + "于都发布,县财政局,2023-06-19 11:00,三\r\n",
        "utf-8",
    )
    records, rejected, summary = read_all(path)
    assert [r.line for r in records] == [2, 4]
    (bad,) = rejected
    assert (bad.source, bad.line, bad.field) == (str(path), 3, "")
    assert "CSV 行格式有误" in bad.reason
    assert (summary.read, summary.rejected) == (3, 1)


def test_unclosed_quote_is_not_accepted_silently(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        "网站或账号,单位,发布时间,标题\n"
        '于都发布,县财政局,2023-06-18 09:00,"未闭合的引号\n'
        "于都发布,县财政局,2023-06-19 09:00,二\n"
        "于都发布,县财政局,2023-06-20 09:00,三\n",
        "utf-8",
    )
    records, rejected, _ = read_all(path)
    assert not any("\n" in str(r.data.get("title")) for r in records)
    assert rejected
    assert any("CSV" in r.reason or "quote" in r.reason for r in rejected)


def test_blank_lines_are_not_rows_but_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("单位,类型,日期\n\n县财政局,自查,2023-09-25\n\n\n县财政局,自查,坏\n", "utf-8")
    records, rejected, summary = read_all(path)
    assert [r.line for r in records] == [3]
    assert [(r.line, r.field) for r in rejected] == [(6, "date")]
    assert summary.read == 2


def test_quoted_newlines_and_formulas_are_text(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "发布时间", "标题"],
            ["于都发布", "县财政局", "2023-06-19 09:00", "第一行\n第二行,含逗号"],
            ["于都发布", "县财政局", "2023-06-19 10:00", '=HYPERLINK("http://x","y")'],
            ["于都发布", "县财政局", "2023-06-19 11:00", "+1"],
        ],
    )
    records, rejected, _ = read_all(path)
    assert rejected == []
    # a record over two physical lines is named by its first one (as a malformed one is)
    assert [r.line for r in records] == [2, 4, 5]
    assert [r.data["title"] for r in records] == [
        "第一行\n第二行,含逗号",
        '=HYPERLINK("http://x","y")',
        "+1",
    ]


def test_json_lines_rejections(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"unit": "县财政局", "kind": "自查", "date": "2023-09-25"}),
                "{not json",
                "[1, 2]",
                "",
                json.dumps({"unit": "县财政局", "kind": "自查"}),
                json.dumps({"unit": "县财政局", "kind": "自查", "date": "2023-09-31"}),
                json.dumps({"unit": "县财政局", "kind": "自查", "date": 20230925}),
                json.dumps(
                    {"单位": "县财政局", "类型": "自查", "日期": "2023/10/7"}, ensure_ascii=False
                ),
            ]
        )
        + "\n",
        "utf-8",
    )
    records, rejected, summary = read_all(path)
    assert [r.line for r in records] == [1, 8]
    assert records[1].data["date"] == date(2023, 10, 7)
    assert [(r.line, r.field) for r in rejected] == [
        (2, ""),
        (3, ""),
        (5, "date"),
        (6, "date"),
        (7, "date"),
    ]
    assert "JSON" in rejected[0].reason
    assert "JSON 对象" in rejected[1].reason
    assert "缺少" in rejected[2].reason
    assert "2023-09-31" in rejected[3].reason
    assert (summary.read, summary.rejected) == (7, 5)


def test_json_lines_bad_first_line_is_a_rejected_row(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        "{oops\n" + json.dumps({"unit": "县财政局", "kind": "自查", "date": "2023-09-25"}) + "\n",
        "utf-8",
    )
    records, rejected, _ = read_all(path)
    assert [r.line for r in records] == [2]
    assert [r.line for r in rejected] == [1]


# ---------------------------------------------------------------------------------------------
# Whole-file errors


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "posts.csv",
        [["网站或账号", "单位", "标题", "是否原创"], ["于都发布", "县财政局", "t", "是"]],
    )
    with pytest.raises(RecordFileError) as err:
        read_records(path)
    message = str(err.value)
    assert str(path) in message
    assert "time（发布时间）" in message
    for present in ("site（", "unit（", "title（"):
        assert present not in message.split("；表头中的列：", maxsplit=1)[0]
    assert "表头中的列：网站或账号、单位、标题、是否原创" in message


def test_two_columns_for_one_field(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "发布时间", "发布日期", "标题"],
            ["a", "b", "2023-06-18", "2023-06-18", "t"],
        ],
    )
    with pytest.raises(RecordFileError, match="都表示字段 'time'"):
        read_records(path)


def test_unknown_kind_asks_for_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "台账.csv", [["序号", "内容"], ["1", "x"]])
    with pytest.raises(RecordFileError) as err:
        read_records(path)
    message = str(err.value)
    assert str(path) in message
    assert "KIND=PATH" in message
    for kind in KINDS:
        assert kind in message


def test_unknown_kind_given(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "posts.csv", [KINDS["post"][0], KINDS["post"][2]])
    with pytest.raises(RecordFileError, match="未知的记录类别 'tweet'"):
        read_records(path, kind="tweet")


def test_kind_given_overrides_the_name(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "posts.csv", [["单位", "类型", "日期"], ["县财政局", "自查", "2023-09-25"]]
    )
    records, _, summary = read_all(path, kind="event")
    assert summary.kind == "event"
    assert records[0].data["date"] == date(2023, 9, 25)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "posts.csv"
    empty.write_bytes(b"")
    with pytest.raises(RecordFileError, match="空文件"):
        read_records(empty)
    with pytest.raises(RecordFileError) as err:
        read_records(tmp_path / "无此文件.csv")
    assert "无此文件.csv" in str(err.value)
    assert "文件不存在" in str(err.value)
    header_only = write_csv(tmp_path / "events.csv", [["单位", "类型", "日期"]])
    records, rejected, summary = read_all(header_only)
    assert records == []
    assert rejected == []
    assert summary.read == 0


# ---------------------------------------------------------------------------------------------
# Generated rows (hypothesis): nothing crashes, nothing is lost, the outcome is the one expected

GOOD: dict[FieldType, list[str]] = {
    FieldType.DATE: [
        "2023-06-18",
        "2023/6/18",
        "2023年6月18日",
        " 2023-10-07 ",
        "2023-09-30T20:00Z",
        "2024-02-29",
        "2023-06-18 09:30",
    ],
    FieldType.DATETIME: [
        "2023-06-18 09:30",
        "2023-06-18T09:30:00",
        "2023/6/18 9:30",
        "2023-09-30T20:00Z",
        "2023-06-18",
        "2023年6月18日 09:30",
        "２０２３-０６-１８ ０９:３０",
        "2023-06-18 09:30:00+08:00",
    ],
    FieldType.BOOL: ["是", "否", "true", "FALSE", "1", "0", "原创", "转载", " 是 ", "√"],
    FieldType.INT: ["0", "10", " 20 ", "-3", "１５"],
}
BAD: dict[FieldType, list[str]] = {
    FieldType.DATE: ["2023-09-31", "2023-02-29", "2023-13-01", "不是日期", "18/06/2023", "=1+1"],
    FieldType.DATETIME: ["2023-09-31 09:00", "2023-06-18 24:00", "昨天", "2023-06-18 9点", "@SUM"],
    FieldType.BOOL: ["也许", "2", "yes please", "=1+1", "-"],
    FieldType.INT: ["1.5", "十", "=SUM(A1)", "1e3", "+-2"],
}
# Text with what breaks naive CSV handling: separators, quotes, line breaks, formulas,
# full-width digits, blanks that strip to nothing, NUL, a BOM, astral characters.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",;\"'\n\r\t =+-@|\\０１２３４５６７８９\u3000\x00\ufeff\u2028\x1c")),
        st.characters(codec="utf-8"),  # every code point but the surrogates
    ),
    max_size=12,
)


@st.composite
def cells(
    draw: st.DrawFn, ftype: FieldType, required: bool, choices: tuple[str, ...] = ()
) -> tuple[str, str]:
    """A cell and what it is: ``ok`` (accepted), ``bad`` (rejects the row) or ``unknown``."""
    if ftype is FieldType.CHOICE:  # the field's own values are good, no other word is
        good, bad = list(choices), ["不知道", "=1+1", "公开"]
    elif ftype is not FieldType.TEXT:
        good, bad = GOOD[ftype], BAD[ftype]
    if ftype is FieldType.TEXT:
        text = draw(st.one_of(TEXT, st.sampled_from(["=cmd|' /C calc'!A0", "＝１＋１", "  "])))
        return text, "ok" if text.strip() or not required else "bad"
    choice = draw(st.sampled_from(["good", "bad", "empty", "noise"]))
    if choice == "good":
        return draw(st.sampled_from(good)), "ok"
    if choice == "bad":
        return draw(st.sampled_from(bad)), "bad"
    if choice == "empty":
        blank = draw(st.sampled_from(["", " ", "\u3000"]))
        return blank, "bad" if required else "ok"
    return draw(TEXT), "unknown"


@st.composite
def csv_files(draw: st.DrawFn) -> dict[str, Any]:
    kind = BUILTIN_KINDS[draw(st.sampled_from(sorted(BUILTIN_KINDS)))]
    required = [f for f in kind.fields if f.required]
    optional = draw(
        st.lists(
            st.sampled_from([f for f in kind.fields if not f.required]), unique_by=lambda f: f.name
        )
    )
    fields = draw(st.permutations([*required, *optional]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    if encoding == "gb18030":  # a Chinese header, as the government exports in GB18030 have
        header = [f.label for f in fields]
    else:
        header = [draw(st.sampled_from([f.name, f.label])) for f in fields]
    extra = draw(st.booleans())
    if extra:
        header.append("备注")
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        drawn = [draw(cells(f.type, f.required, f.choices)) for f in fields]
        if kind.id_field and draw(st.booleans()):  # ids from a small pool: duplicates happen
            i = [f.name for f in fields].index(kind.id_field)
            drawn[i] = (draw(st.sampled_from(["A1", "A2", " A1"])), "ok")
        if extra:
            drawn.append((draw(TEXT), "ok"))
        rows.append(drawn)
    return {"kind": kind, "fields": fields, "header": header, "rows": rows, "encoding": encoding}


def _physical_lines(text: str) -> int:
    return len(re.findall(r"\r\n|\r|\n", text))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(spec=csv_files())
def test_generated_csv_rows_are_all_accounted_for(scratch: Path, spec: dict[str, Any]) -> None:
    kind: RecordKind = spec["kind"]
    fields = spec["fields"]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(spec["header"])
    lines: list[int] = []  # the line each row begins on
    line = 1
    for row in spec["rows"]:
        start = buf.tell()
        writer.writerow([cell for cell, _ in row])
        lines.append(line + 1)
        line += _physical_lines(buf.getvalue()[start:])
    path = scratch / "generated.csv"
    path.write_bytes(buf.getvalue().encode(spec["encoding"]))

    records, rejected, summary = read_all(path, kind=kind.name)  # never raises

    # a row of blank cells is set aside, or is no row of the table after its last row; a
    # 合计/小计 row is set aside
    aside = [set_aside_reason([cell for cell, _ in row]) for row in spec["rows"]]
    last = max((i for i, why in enumerate(aside) if why != BLANK_ROW), default=-1)
    table = range(last + 1)
    assert summary.read == len(table)
    assert summary.read - summary.set_aside == len(records) + len(rejected)
    assert [(r.line, r.reason) for r in summary.set_aside_rows] == [
        (lines[i], aside[i]) for i in table if aside[i]
    ]
    assert summary.rejected == len(rejected)
    seen = [r.line for r in records] + [r.line for r in rejected]
    assert sorted(seen) == [lines[i] for i in table if not aside[i]]  # once, where it begins
    accepted = {r.line: r for r in records}
    refused = {r.line: r for r in rejected}
    ids: set[str] = set()
    for row, at, why in zip(spec["rows"], lines, aside, strict=True):
        if why:
            continue
        expected = "ok"
        for f, (_, state) in zip(fields, row, strict=False):
            if state != "ok":
                expected = state if state == "unknown" else f"bad:{f.name}"
                break
        if expected == "ok" and kind.id_field and kind.field(kind.id_field).required:
            key = row[[f.name for f in fields].index(kind.id_field)][0].strip()
            if key in ids:
                expected = f"bad:{kind.id_field}"
        if expected == "ok" and at in refused:
            # dates in an impossible order (RecordKind.order): rejected, naming the later one
            assert refused[at].field in {later for _, later in kind.order}, refused[at]
            assert "早于" in refused[at].reason
        elif expected == "ok":
            assert at in accepted, (row, refused.get(at))
        elif expected.startswith("bad:"):
            assert at in refused, row
            if expected == f"bad:{kind.id_field}" and "早于" in refused[at].reason:
                # a repeated id in a row whose dates are out of order: the order is told
                # (the reader checks it before the id counts as seen)
                assert refused[at].field in {later for _, later in kind.order}, refused[at]
            else:
                assert refused[at].field == expected[4:], (row, refused[at])
            assert refused[at].source == str(path)
        if at in accepted:
            record = accepted[at]
            for f in kind.fields:
                value = record.data.get(f.name)
                if value is None:
                    continue
                if f.type is FieldType.DATE:
                    assert type(value) is date
                elif f.type is FieldType.DATETIME:
                    assert value.utcoffset() == timedelta(hours=8)
                elif f.type is FieldType.BOOL:
                    assert type(value) is bool
                elif f.type is FieldType.INT:
                    assert type(value) is int
                else:
                    assert isinstance(value, str)
                    assert value == value.strip()
                    assert value
            for earlier, later in kind.order:
                first, then = record.data.get(earlier), record.data.get(later)
                if first is not None and then is not None:
                    if isinstance(first, datetime) is not isinstance(then, datetime):
                        first = first.date() if isinstance(first, datetime) else first
                        then = then.date() if isinstance(then, datetime) else then
                    assert first <= then, (earlier, later, record)
            if kind.id_field and kind.field(kind.id_field).required:
                ids.add(record.data[kind.id_field])


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | TEXT
    | st.sampled_from(["2023-06-18", "2023-09-31", "是", "否", "10", "县财政局", "=cmd"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def jsonl_lines(draw: st.DrawFn, kind: RecordKind) -> str:
    keys = st.sampled_from([a for f in kind.fields for a in f.aliases]) | TEXT
    choice = draw(st.sampled_from(["object", "object", "object", "other", "garbage", "blank"]))
    if choice == "object":
        obj = draw(st.dictionaries(keys, JSON_VALUES, max_size=8))
        return json.dumps(obj, ensure_ascii=draw(st.booleans()))
    if choice == "other":
        return json.dumps(draw(JSON_VALUES))
    if choice == "blank":
        return draw(st.sampled_from(["", "  ", "\t"]))
    return draw(TEXT.map(lambda t: re.sub(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", "", t)))


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_json_lines_are_all_accounted_for(scratch: Path, data: st.DataObject) -> None:
    kind = BUILTIN_KINDS[data.draw(st.sampled_from(sorted(BUILTIN_KINDS)))]
    lines = data.draw(st.lists(jsonl_lines(kind), max_size=12))
    path = scratch / "generated.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")

    records, rejected, summary = read_all(path, kind=kind.name)  # never raises

    rows = [n for n, line in enumerate(lines, 1) if line.strip()]
    assert summary.read == len(rows) == len(records) + len(rejected)
    assert summary.rejected == len(rejected)
    assert sorted([r.line for r in records] + [r.line for r in rejected]) == rows
    for r in records:
        for f in kind.fields:
            if f.required:
                assert r.data.get(f.name) is not None


# ---------------------------------------------------------------------------------------------
# Streaming: memory does not grow with the number of rows

ROWS = 200_000
_MEASURE = """
import resource, sys
from itertools import islice
from govflow.compliance.records import read_records
stream = read_records(sys.argv[1])
rows = sum(1 for _ in islice(stream.rows(), int(sys.argv[2])))
print(rows, stream.summary.read, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.fixture(scope="module")
def big_posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200,000 posts, about 14 MB: 14 units, every day of 2023, times of day, some original."""
    path = tmp_path_factory.mktemp("big") / "posts.csv"
    units = ["县财政局", "县审计局", "县民政局", "贡江镇", "黄麟乡", "车溪乡", "县人社局"] * 2
    first = date(2023, 1, 1).toordinal()
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("网站或账号,单位,栏目,发布时间,标题,是否原创\r\n")
        fh.writelines(
            f"于都县人民政府网,{units[i % 14]},工作动态,"
            f"{date.fromordinal(first + i % 365)} {8 + i % 10:02d}:{i % 60:02d},"
            f"第{i}条信息,{'是' if i % 4 == 0 else '否'}\r\n"
            for i in range(ROWS)
        )
    return path


def _rows_and_peak(path: Path, limit: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _MEASURE, str(path), str(limit)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_reading_200k_rows_keeps_memory_flat(big_posts: Path) -> None:
    """The peak resident memory of a fresh interpreter reading all 200,000 rows is within a few
    MB of one reading the first 1,000: rows are not kept.  (Measured in child processes: the
    resident peak of this process depends on the tests that ran before; tracemalloc would slow
    the 200,000-row read about tenfold, so it measures a slice of the file below.)"""
    few, every = _rows_and_peak(big_posts, 1_000), _rows_and_peak(big_posts, ROWS + 1)
    out_few, _ = few.communicate(timeout=60)
    out_every, _ = every.communicate(timeout=60)
    assert few.returncode == every.returncode == 0
    rows_few, _, peak_few = map(int, out_few.split())
    rows_every, read_every, peak_every = map(int, out_every.split())
    assert rows_few == 1_000
    assert rows_every == read_every == ROWS
    grown_kib = peak_every - peak_few  # ru_maxrss is in KiB on Linux
    # keeping the rows would take well over 100 MB (see the next test); streaming takes ~0
    assert grown_kib < 8 * 1024, grown_kib


def _traced_peak(rows: Iterator[Any], keep: bool) -> tuple[int, int]:
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        kept = list(rows) if keep else None
        n = len(kept) if kept is not None else sum(1 for _ in rows)
        return n, tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()


def test_traced_memory_of_streaming_versus_keeping(big_posts: Path) -> None:
    """tracemalloc on 10,000 rows: streaming peaks at a few hundred KB whatever the count (the
    reader's buffers), while keeping the rows costs hundreds of bytes each, so that keeping
    200,000 would exceed the bound above many times over."""
    stream = read_records(big_posts)
    n, streamed = _traced_peak(islice(stream.rows(), 10_000), keep=False)
    stream.close()
    assert n == 10_000
    assert streamed < 2 * 1024 * 1024, streamed
    stream = read_records(big_posts)
    n, kept = _traced_peak(islice(stream.rows(), 2_000), keep=True)
    stream.close()
    per_row = kept / n
    assert per_row > 200
    assert per_row * ROWS > 4 * 8 * 1024 * 1024  # keeping 200k rows: over four times the bound


def test_json_lines_take_the_office_spellings_as_tables_do(tmp_path: Path) -> None:
    # 序号 is the id only when no key names it plainly, as in a spreadsheet's header
    path = tmp_path / "台账.jsonl"
    path.write_text(
        '{"序号": 1, "单位名称": "县财政局", "收到时间": "2023-09-04"}\n'
        '{"序号": 2, "申请编号": "YS-2", "单位名称": "县财政局", "收到时间": "2023-09-05"}\n',
        encoding="utf-8",
    )
    records = [r for r in read_records(path, kind="application") if isinstance(r, Record)]
    assert [(r.get("id"), r.get("unit")) for r in records] == [
        ("1", "县财政局"),
        ("YS-2", "县财政局"),
    ]


def test_json_lines_of_no_known_kind_say_which_columns_may_be_meant(tmp_path: Path) -> None:
    path = tmp_path / "导出.jsonl"
    path.write_text('{"申请编码": "A1", "单位": "县财政局", "收到日期": "2023-09-04"}\n', "utf-8")
    with pytest.raises(RecordFileError, match="可能对应的列：id（申请编号）→ “申请编码”"):
        read_records(path)
