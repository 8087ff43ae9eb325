"""Hostile text in every rendering: CSV quotes CR/LF and neutralises formulas, iCalendar text is
escaped and folded (RFC 5545), and terminal control characters reach stdout/stderr only as
visible escapes (`govflow.text.inert.inert`, used by every plain-text rendering and the CLI's
error printer)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.plan.model import Plan
from govflow.report.agenda import build_agenda
from govflow.report.escape import FORMULA_STARTS, csv_cell, csv_line, ics_text
from govflow.text.inert import inert
from plans import CESHI_UNITS, plan_from_dict

#: Every kind of character that acts on a terminal or reorders what it shows.
HOSTILE = "\x1b[31m红\x1b]0;title\x07\x9b2J\x00\u202e反\u2066\x85\x7f"
RAW = ("\x1b", "\x07", "\x9b", "\x00", "\u202e", "\u2066", "\x85", "\x7f")


def hostile_plan(title: str, plan_title: str = "测试方案") -> dict[str, Any]:
    task = {
        "number": 1,
        "section": "二(一)",
        "title": "测试",
        "text": "测试。",
        "responsible": ["县财政局"],
        "area": "test",
        "obligations": [{"id": "1.a", "title": title, "clause": "+1", "deadline": "2023年9月底前"}],
    }
    return {
        "id": "hostile",
        "title": plan_title,
        "number": "测〔2023〕1号",
        "issued": date(2023, 6, 18),
        "year": 2023,
        "issuer": "测试",
        "units": str(CESHI_UNITS),
        "tasks": [task],
    }


def plan_of(title: str, plan_title: str = "测试方案") -> Plan:
    return plan_from_dict(hostile_plan(title, plan_title))


def toml_plan(tmp_path: Path, title: str, plan_title: str = "测试方案") -> Path:
    """The hostile plan as a file, for the command line."""
    import json

    data = hostile_plan(title, plan_title)
    data["issued"] = "2023-06-18"
    task = data.pop("tasks")[0]
    ob = task.pop("obligations")[0]

    def kv(d: dict[str, Any]) -> str:  # JSON strings (ASCII) are valid TOML basic strings
        return "".join(
            f"{k} = {v if isinstance(v, int) or k == 'issued' else json.dumps(v)}\n"
            for k, v in d.items()
        )

    text = kv(data) + "\n[[tasks]]\n" + kv(task) + "\n[[tasks.obligations]]\n" + kv(ob)
    path = tmp_path / "hostile.toml"
    path.write_text(text, "utf-8")
    return path


# -- CSV ------------------------------------------------------------------------------------------


def spreadsheet_rows(text: str) -> list[str]:
    """The physical rows a spreadsheet sees: split at CR, LF or CRLF outside quotes."""
    rows, cur, quoted = [], "", False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        if ch in "\r\n" and not quoted:
            rows.append(cur)
            cur = ""
            if text[i : i + 2] == "\r\n":
                i += 1
        else:
            cur += ch
        i += 1
    if cur:
        rows.append(cur)
    return rows


def test_agenda_csv_quotes_a_lone_cr(cal: WorkCalendar) -> None:
    title = "清理\r=cmd|' /C calc'!A0"
    agenda = build_agenda(plan_of(title), cal)
    text = agenda.to_csv()
    rows = spreadsheet_rows(text)
    assert len(rows) == 1 + len(agenda.items)
    assert not any(r.startswith(("=", "+", "-", "@")) for r in rows)
    parsed = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["title"] for r in parsed] == [title] * len(agenda.items)


@given(st.lists(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False)), max_size=6))
def test_csv_line_round_trips_and_neutralises(values: list[Any]) -> None:
    line = csv_line(values) + "\r\n"
    if not values:
        return
    assert len(spreadsheet_rows(line)) == 1
    parsed = next(csv.reader(io.StringIO(line, newline="")))
    expected = [csv_cell(v) for v in values]
    if expected != [""]:  # a lone empty cell is an empty line
        assert parsed == expected
    for value, cell in zip(values, parsed, strict=False):
        if isinstance(value, str):
            assert not cell.startswith(FORMULA_STARTS)


def test_csv_cell_keeps_numbers() -> None:
    assert csv_cell(-3) == "-3"
    assert csv_cell(2.5) == "2.5"
    assert csv_cell("-3") == "'-3"
    assert csv_cell(None) == ""
    assert csv_cell("\n=1") == "'\n=1"


# -- iCalendar ------------------------------------------------------------------------------------


def unfold(data: bytes) -> list[str]:
    """A strict reading of RFC 5545 content lines: CRLF ends every line, no line over 75
    octets, each physical line whole UTF-8, no control character but HTAB."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    lines: list[str] = []
    for raw in physical:
        assert len(raw) <= 75, raw
        text = raw.decode("utf-8")  # a split character would not decode
        assert not any(unicodedata.category(c) == "Cc" and c != "\t" for c in text), text
        if text.startswith(" "):
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def ics_unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


@pytest.mark.parametrize(
    ("title", "plan_title"),
    [
        ("清理\r\n文件", "测试\r\n方案"),
        ("清理\r文件", "测试\r方案"),
        (f"清理;文件,\\n {HOSTILE}" + "长" * 60, "测试;方案,\\" + "é" * 50),
    ],
)
def test_ics_escapes_and_folds_hostile_text(cal: WorkCalendar, title: str, plan_title: str) -> None:
    agenda = build_agenda(plan_of(title, plan_title), cal)
    data = agenda.to_ics()
    lines = unfold(data)
    summaries = [
        ics_unescape(line.partition(":")[2]) for line in lines if line.startswith("SUMMARY")
    ]
    assert summaries == [f"[县财政局] {ics_text(title)}"] * len(agenda.items)
    name = next(line for line in lines if line.startswith("X-WR-CALNAME"))
    assert ics_unescape(name.partition(":")[2]) == f"{ics_text(plan_title)}日程"
    parsed = Calendar.from_ical(data)
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == summaries
    # an X- property is kept as written by the parser: unescape it as calendar applications do
    assert ics_unescape(str(parsed["X-WR-CALNAME"])) == f"{ics_text(plan_title)}日程"


def test_ics_text_keeps_words_and_line_breaks() -> None:
    assert ics_text("a\r\nb\rc\nd\te;f,g\\") == "a\nb\nc\nd\te;f,g\\"
    assert ics_text(HOSTILE) == "[31m红]0;title2J反"


# -- terminals ------------------------------------------------------------------------------------


def assert_inert(text: str) -> None:
    for ch in RAW:
        assert ch not in text, (ch, text)
    assert "\r" not in text


@given(st.text())
def test_inert_leaves_only_printable_text_and_line_breaks(text: str) -> None:
    out = inert(text)
    assert all(
        ch == "\n"
        or ch.isprintable()
        or unicodedata.category(ch).startswith("Z")
        or unicodedata.category(ch) == "Co"
        for ch in out
    )
    assert out.count("\n") == text.count("\n")
    if text.isprintable():
        assert out == text


def test_agenda_table_and_plan_show_are_inert(tmp_path: Path) -> None:
    plan = toml_plan(tmp_path, f"清理{HOSTILE}", plan_title=f"测试{HOSTILE}")
    runner = CliRunner()
    for args in (
        ["agenda"],
        ["tasks"],
        ["units"],
        ["agenda", "--format", "json"],
        ["tasks", "--json"],
    ):
        result = runner.invoke(main, [*args, "--plan", str(plan)])
        assert result.exit_code == 0, result.output
        assert_inert(result.stdout)
        if args != ["units"]:  # the directory holds no hostile text
            assert "\\x1b[31m红" in result.stdout or "\\u001b[31m红" in result.stdout


def test_an_error_naming_a_hostile_unit_is_inert(tmp_path: Path) -> None:
    plan = toml_plan(tmp_path, "清理")
    result = CliRunner().invoke(main, ["agenda", "--plan", str(plan), "--unit", f"县{HOSTILE}"])
    assert result.exit_code == 2
    assert "\\x1b[31m" in result.stderr
    assert_inert(result.stderr)


def test_a_hostile_header_in_the_missing_column_error_is_inert(tmp_path: Path) -> None:
    records = tmp_path / "apps.csv"
    records.write_text(
        f"申请编号,单位{HOSTILE},收到日期,答复日期\nA1,县财政局,2023-09-01,\n", "utf-8"
    )
    plan = toml_plan(tmp_path, "清理")
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--plan",
            str(plan),
            "--records",
            f"application={records}",
            "--as-of",
            "2023-10-31",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "\\x07" in result.stderr
    assert_inert(result.stderr + result.stdout)
