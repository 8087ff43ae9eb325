"""Records files read as they are (issue 9): long quoted cells, unclosed quotes, UTF-16, a
double BOM, FIFOs and broken links in a records folder.

Each test failed before the fix: a quoted cell over 128 KiB made phantom rows of the lines
inside it; an unclosed quote swallowed the rest of the file and blamed the last line; UTF-16
was "not readable as gb18030"; a double BOM was "missing 申请编号 … found: 申请编号"; a FIFO was
"no such file"; a dangling link in a folder was skipped silently.
"""

from __future__ import annotations

import codecs
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.compliance import csvlines
from govflow.compliance.csvlines import CsvRows, MalformedRecord
from govflow.compliance.kinds import RecordFileError, Rejected
from govflow.compliance.records import read_records
from govflow.compliance.values import detect_encoding
from plans import CeshiPlugin

HEADER = "留言编号,承办单位,留言时间,答复时间\n"
ROW = "{id},县财政局,2023-09-27 09:00,2023-10-10 17:00\n"


@pytest.fixture(autouse=True)
def _builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    plugins.registry().pm.register(CeshiPlugin(), name="ceshi")
    yield
    plugins.reset()


def check(*records: str) -> Result:
    args = ["check", "--as-of", "2023-12-31", "--format", "json"]
    for r in records:
        args += ["--records", r]
    return CliRunner().invoke(main, args)


def read(path: Path) -> tuple[list[int], list[tuple[int, str]]]:
    """Lines of the accepted rows, and (line, reason) of the rejected ones."""
    stream = read_records(path, kind="message")
    ok: list[int] = []
    bad: list[tuple[int, str]] = []
    for item in stream:
        if isinstance(item, Rejected):
            bad.append((item.line, item.reason))
        else:
            ok.append(item.line)
    assert stream.summary.read == len(ok) + len(bad)
    return ok, bad


# ---------------------------------------------------------------------------------------------
# Quotes


def test_quoted_cell_over_128_kib_is_one_field_not_phantom_rows(tmp_path: Path) -> None:
    big = "长" * (140 * 1024)
    path = tmp_path / "message.csv"
    path.write_text(
        HEADER
        + ROW.format(id="M1")
        + f'M2,县财政局,2023-09-27 09:00,"{big}\n'
        + ROW.format(id="FAKE-1")
        + f'{big}"\n'
        + ROW.format(id="M3"),
        "utf-8",
    )
    ok, bad = read(path)
    assert ok == [2, 6]
    assert [line for line, _ in bad] == [3]  # M2: its reply cell is no date; one row
    doc = json.loads(check(str(path)).stdout)
    assert "FAKE-1" not in {f.get("case") for f in doc["findings"]}
    assert (doc["files"][0]["read"], doc["files"][0]["rejected"]) == (3, 1)


def test_unclosed_quote_names_the_line_it_opened_on_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "message.csv"
    path.write_text(
        HEADER
        + ROW.format(id="M1")
        + 'M2,"县财政局,2023-09-27 09:00,2023-10-10 17:00\n'
        + ROW.format(id="M3")
        + ROW.format(id="M4"),
        "utf-8",
    )
    ok, bad = read(path)
    assert ok == [2, 4, 5]
    assert bad == [(3, "CSV 行格式有误：引号未闭合（第 3 行的引号直到文件末尾都没有闭合）")]


def test_unclosed_quote_on_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "message.csv"
    path.write_text(HEADER + ROW.format(id="M1") + 'M2,"县财政局', "utf-8")
    ok, bad = read(path)
    assert ok == [2]
    assert [line for line, _ in bad] == [3]


def test_text_after_a_closing_quote_is_one_rejected_record_at_its_first_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "message.csv"
    path.write_text(
        HEADER + 'M1,"县财\n政局"x,2023-09-27 09:00,2023-10-10 17:00\n' + ROW.format(id="M2"),
        "utf-8",
    )
    ok, bad = read(path)
    assert ok == [4]
    assert bad == [(2, "CSV 行格式有误：引号之后应为逗号或行尾（第 2 至 3 行）")]


def test_record_over_the_limit_is_skipped_to_the_end_of_its_quotes() -> None:
    text = 'a,b\n1,"' + "x" * 50 + "\n" + "y" * 50 + '"\n2,z\n3,"w"\n'
    rows = CsvRows(io.StringIO(text, newline=""), limit=60)
    assert next(rows) == ["a", "b"]
    with pytest.raises(MalformedRecord) as error:
        next(rows)
    assert error.value.line == 2
    assert "记录过长（第 2 至 3 行，超过上限 60 个字符）" in error.value.reason
    assert (next(rows), rows.start) == (["2", "z"], 4)
    assert (next(rows), rows.start) == (["3", "w"], 5)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet='ab,"\n ', max_size=6), min_size=1, max_size=3),
        min_size=1,
        max_size=8,
    )
)
def test_well_formed_csv_reads_as_csv_does(rows: list[list[str]]) -> None:
    """Whatever csv.writer writes, CsvRows reads back cell for cell, each row at the line it
    begins on."""
    import csv

    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    starts = []
    line = 1
    for row in rows:
        start = buf.tell()
        writer.writerow(row)
        starts.append(line)
        line += buf.getvalue()[start:].count("\n")
    got = []
    reader = CsvRows(io.StringIO(buf.getvalue(), newline=""))
    for cells in reader:
        got.append((reader.start, cells))
    expected = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert [cells for _, cells in got] == expected
    assert [start for start, cells in got if cells] == [
        s for s, row in zip(starts, expected, strict=True) if row
    ]


# ---------------------------------------------------------------------------------------------
# Encodings and byte-order marks


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path: Path, codec: str) -> None:
    text = HEADER + ROW.format(id="M1")
    data = text.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = tmp_path / "message.csv"
    path.write_bytes(data)
    assert detect_encoding(data[:100]) in ("utf-16", "utf-32")
    ok, bad = read(path)
    assert (ok, bad) == ([2], [])


def test_double_bom_is_no_part_of_the_first_column_name(tmp_path: Path) -> None:
    path = tmp_path / "message.csv"
    path.write_bytes(codecs.BOM_UTF8 * 2 + (HEADER + ROW.format(id="M1")).encode("utf-8"))
    ok, bad = read(path)
    assert (ok, bad) == ([2], [])
    jsonl = tmp_path / "message.jsonl"
    line = json.dumps(
        {"留言编号": "M1", "承办单位": "县财政局", "留言时间": "2023-09-27 09:00"},
        ensure_ascii=False,
    )
    jsonl.write_bytes(codecs.BOM_UTF8 * 2 + line.encode("utf-8") + b"\n")
    stream = read_records(jsonl, kind="message")
    assert [item.line for item in stream if not isinstance(item, Rejected)] == [1]


# ---------------------------------------------------------------------------------------------
# What is not a regular file


@pytest.fixture
def has_fifo() -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")


@pytest.mark.usefixtures("has_fifo")
def test_fifo_as_records_is_named_as_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "message.csv"
    os.mkfifo(fifo)
    result = check(str(fifo))
    assert result.exit_code == 2, result.output
    assert "不是普通文件（命名管道（FIFO））" in result.output
    assert "没有这个文件" not in result.output
    with pytest.raises(RecordFileError, match="不是普通文件"):
        read_records(fifo)  # the library does not block on it either


def test_dangling_link_in_a_records_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "message.csv").write_text(HEADER + ROW.format(id="M1"), "utf-8")
    (folder / "old.csv").symlink_to(tmp_path / "gone.csv")
    result = check(str(folder))
    assert result.exit_code == 2, result.output
    assert "old.csv 是失效的符号链接" in result.output
    assert "gone.csv" in result.output


@pytest.mark.usefixtures("has_fifo")
def test_fifo_or_folder_named_like_a_record_file_in_a_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "message.csv").write_text(HEADER + ROW.format(id="M1"), "utf-8")
    os.mkfifo(folder / "pipe.csv")
    result = check(str(folder))
    assert result.exit_code == 2, result.output
    assert "pipe.csv 不是普通文件（命名管道（FIFO））" in result.output
    os.remove(folder / "pipe.csv")
    (folder / "sub.csv").mkdir()
    assert "sub.csv 不是普通文件（目录）" in check(str(folder)).output


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_in_a_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    locked = folder / "message.csv"
    locked.write_text(HEADER + ROW.format(id="M1"), "utf-8")
    locked.chmod(0)
    try:
        result = check(str(folder))
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 2, result.output
    assert "没有读取权限" in result.output


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab,"\n\r', max_size=60), st.integers(min_value=4, max_value=40))
def test_any_text_reads_to_the_end_in_order(text: str, limit: int) -> None:
    """Any text, malformed or not, with any record limit: only rows and MalformedRecord come
    out, each at a line after the one before, and reading ends."""
    rows = CsvRows(io.StringIO(text, newline=""), limit=limit)
    starts: list[int] = []
    lines = text.count("\n") + text.count("\r") + 1
    for _ in range(lines + 2):
        try:
            next(rows)
        except MalformedRecord as exc:
            starts.append(exc.line)
        except StopIteration:
            break
        else:
            starts.append(rows.start)
    else:
        pytest.fail("reading did not end")
    assert starts == sorted(set(starts))


def test_resuming_after_open_quotes_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each resumption after a quote left open reads the rest of the text again; past
    MAX_RESUMES the rest is refused at once, saying how many lines were not read row by row.
    (Under strict reading two such refusals in a row need quotes of opposite parity on the
    same line, so real files stay far below the bound.)"""
    monkeypatch.setattr(csvlines, "MAX_RESUMES", 0)
    text = "a,b\n" + '1,"open\n' + "2,x\n" * 3
    rows = CsvRows(io.StringIO(text, newline=""))
    assert next(rows) == ["a", "b"]
    with pytest.raises(MalformedRecord) as error:
        next(rows)
    assert error.value.line == 2
    assert error.value.reason.endswith("其后 3 行未能逐行读取")
    with pytest.raises(StopIteration):
        next(rows)
