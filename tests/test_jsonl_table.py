"""JSON Lines of flat objects read whole by Polars (:mod:`govflow.compliance.jsonltable`) give
what the reference gives.

Differential, as tests/test_fast_path.py: each file is checked with the engines and without them
(``GOVFLOW_NO_FAST_PATH=1``), and the whole check result must be the same (findings, rejected
rows, file summaries, every counter cell with its first row).  The files are the messy post
tables of tests/test_fast_path.py written as platforms write JSON Lines (spaced or compact
separators, escaped or raw non-ASCII, CRLF, tabs, blank lines, a BOM), and then with one odd
line that Polars would read otherwise than Python: the file must go back to the line-by-line
reading, to the same result.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fastpath_support import (  # noqa: F401 - fixtures are found by name
    Checker,
    assert_same,
    both,
    calendar,
    kinds,
    plan,
    small_blocks,
)
from govflow.compliance import jsonltable
from govflow.plugins.manager import registry
from test_fast_path import posts_csv


def _spaced(obj: dict[str, Any], rng: random.Random) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _compact(obj: dict[str, Any], rng: random.Random) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _ascii(obj: dict[str, Any], rng: random.Random) -> str:
    return json.dumps(obj)  # \uXXXX for every non-ASCII character, keys too


def _loose(obj: dict[str, Any], rng: random.Random) -> str:
    def gap() -> str:
        return rng.choice(("", " ", "\t", "  \t"))

    pairs = (f"{gap()}{json.dumps(k, ensure_ascii=False)}{gap()}:{gap()}" for k in obj)
    values = (json.dumps(v, ensure_ascii=False) for v in obj.values())
    inner = ",".join(p + v + gap() for p, v in zip(pairs, values, strict=True))
    return f"{gap()}{{{inner}}}{gap()}"


WRITERS: dict[str, Callable[[dict[str, Any], random.Random], str]] = {
    "spaced": _spaced,
    "compact": _compact,
    "ascii": _ascii,
    "loose": _loose,
}


def write_lines(
    path: Path, rows: list[dict[str, Any]], rng: random.Random, writer: str, end: str
) -> list[str]:
    """The objects *rows* as JSON Lines, one a line (blank lines here and there, a BOM at
    times), written by *writer*, lines ended by *end*; the lines returned."""
    lines = []
    for obj in rows:
        lines.append(WRITERS[writer](obj, rng))
        if rng.random() < 0.02:
            lines.append(rng.choice(("", "  ", "\t")))
    bom = "\ufeff" if rng.random() < 0.2 else ""
    path.write_bytes((bom + end.join(lines) + rng.choice((end, ""))).encode("utf-8"))
    return lines


FLAG_KEYS = ("是否原创", "original", "原创", "首页")  # yes/no fields in tests/test_fast_path.py


def table_rows(rng: random.Random, extras: bool = False) -> list[dict[str, Any]]:
    """The messy post table of tests/test_fast_path.py as objects of its header's keys, text or
    null (an empty cell at times), a yes/no field's 是 and 否 as true and false at times; with
    *extras*, two keys that name no field, with a number and a boolean."""
    header, rows = posts_csv(rng)
    out = []
    for i, row in enumerate(rows):
        cells = [*row[: len(header)], *[""] * (len(header) - len(row))]
        obj: dict[str, Any] = {
            k: (None if not c and rng.random() < 0.5 else c)
            for k, c in zip(header, cells, strict=True)
        }
        for k in FLAG_KEYS:
            if obj.get(k) in ("是", "否") and rng.random() < 0.5:
                obj[k] = obj[k] == "是"
        if extras:
            obj |= {"排序值": rng.choice((i, -i, 0, 10**17 + i)), "置顶": i % 3 == 0}
        out.append(obj)
    return out


def read_whole(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each JSON Lines file the engine read was read whole by Polars (recorded)."""
    seen: list[bool] = []
    real = jsonltable.flat_table

    def spy(*args: Any, **kw: Any) -> Any:
        found = real(*args, **kw)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(jsonltable, "flat_table", spy)
    return seen


@pytest.mark.parametrize("end", ["\n", "\r\n"])
@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("seed", range(4))
def test_flat_json_lines_read_whole_give_the_same_result(
    both: Checker,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    writer: str,
    end: str,
) -> None:
    """Flat objects of text and null (and, for keys that name no field, numbers and booleans),
    however spaced and escaped, with blank lines and CRLF: Polars reads the file whole (unless
    a title's emoji is escaped as a surrogate pair), and the check is the reference's."""
    rng = random.Random(seed)
    rows = table_rows(rng, extras=seed % 2 == 1)
    path = tmp_path / "posts.jsonl"
    write_lines(path, rows, rng, writer, end)
    whole = read_whole(monkeypatch)
    fast, ref, taken = both([path], area="newmedia" if seed % 2 else None)
    assert taken == [True]
    assert_same(fast, ref)
    escaped_pair = writer == "ascii" and any("😀" in str(v) for r in rows for v in r.values())
    assert whole == [not escaped_pair]


UNIT_KEYS = ("单位", "unit", "发布单位")  # the unit's spellings in tests/test_fast_path.py


def _unit_spelt(obj: dict[str, Any], number: str) -> str:
    """*obj*'s line with its unit written as the JSON number *number*."""
    text = json.dumps(
        {k: "@unit@" if k in UNIT_KEYS else v for k, v in obj.items()}, ensure_ascii=False
    )
    return text.replace('"@unit@"', number)


#: Lines Polars would read otherwise than Python's decoder (or cannot read), as functions of
#: a row's object and its writer's text of it.
ODD: dict[str, Callable[[dict[str, Any], str], str]] = {
    "repeated key": lambda obj, text: text[:-1] + ", " + text[1:],
    "a number": lambda obj, text: json.dumps(dict.fromkeys(obj, 7), ensure_ascii=False),
    "a boolean": lambda obj, text: json.dumps(dict.fromkeys(obj, True), ensure_ascii=False),
    "keys reordered": lambda obj, text: json.dumps(dict(reversed(obj.items())), ensure_ascii=False),
    "a key left out": lambda obj, text: json.dumps(dict(list(obj.items())[1:]), ensure_ascii=False),
    "keys escaped": lambda obj, text: json.dumps(obj),  # the same keys, spelt otherwise
    "a lone surrogate": lambda obj, text: (
        "{" + ", ".join(f'{json.dumps(k, ensure_ascii=False)}: "\\ud800"' for k in obj) + "}"
    ),
    "a lone CR": lambda obj, text: text + "\r" + text,
    "CR before a blank line": lambda obj, text: text + "\r\r",
    "two objects": lambda obj, text: text + " " + text,
    "an ideographic space line": lambda obj, text: "\u3000",
    "not JSON": lambda obj, text: text[:-1],
    "NaN": lambda obj, text: json.dumps({k: float("nan") for k in obj}),
    "nested": lambda obj, text: json.dumps({k: {"x": "y"} for k in obj}, ensure_ascii=False),
    "a 19-digit number": lambda obj, text: json.dumps(obj | {"排序值": 10**18}, ensure_ascii=False),
    "a fraction": lambda obj, text: json.dumps(obj | {"排序值": 1.5}, ensure_ascii=False),
    "minus zero for a unit": lambda obj, text: _unit_spelt(obj, "-0"),
    "true for a unit": lambda obj, text: _unit_spelt(obj, "true"),
    "a 26-digit number for a unit": lambda obj, text: _unit_spelt(obj, str(10**25)),
    "a raw tab in a value": lambda obj, text: json.dumps(
        dict.fromkeys(obj, "a\tb"), ensure_ascii=False
    ).replace("\\t", "\t"),
}


@pytest.mark.parametrize("odd", sorted(ODD))
def test_an_odd_line_sends_the_file_back(
    both: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: str
) -> None:
    """One line that is not a flat object of the first line's keys, spelt alike, with text or
    null: Polars does not read the file whole, and the check is the reference's."""
    rng = random.Random(len(odd))
    rows = table_rows(rng, extras=True)
    path = tmp_path / "posts.jsonl"
    lines = write_lines(path, rows, rng, "spaced", "\n")
    whole = read_whole(monkeypatch)
    both([path])
    assert whole == [True]  # the file without the odd line is read whole
    at = len(lines) // 2
    lines.insert(at, ODD[odd](rows[at], lines[at]))
    path.write_bytes("\n".join(lines).encode("utf-8"))
    whole.clear()
    fast, ref, _ = both([path])
    assert_same(fast, ref)
    assert whole in ([], [False])  # (the reading may give up before offering the table)


def test_a_file_of_another_encoding_is_read_line_by_line(
    both: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GB18030 JSON Lines: Polars reads UTF-8 only; the line-by-line reading decodes it."""
    rng = random.Random(3)
    rows = table_rows(rng)
    path = tmp_path / "posts.jsonl"
    text = "\n".join(_spaced(r, rng) for r in rows) + "\n"
    path.write_bytes(text.encode("gb18030"))
    whole = read_whole(monkeypatch)
    fast, ref, _ = both([path])
    assert_same(fast, ref)
    assert True not in whole


# ---------------------------------------------------------------------------------------------
# The table itself, against the rows the line-by-line reading gives

POST_KEYS = ("网站或账号", "单位", "发布时间", "标题", "是否原创", "栏目", "备注")
"""A post's keys: text, date and yes/no fields, and one naming no field (备注)."""
TRICKY = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from('"\\/\t\r\n\x00\x1c\x7f\u2028\u3000😀是否'),
    ),
    max_size=12,
)
VALUES = st.one_of(
    TRICKY,
    st.none(),
    st.booleans(),
    st.sampled_from(["true", "false", "是", "否", "2023-07-03 10:00:00", "县财政局"]),
    st.integers(-(10**20), 10**20),
    st.integers(-9, 9),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
)
#: Per key, values a table's line may hold (the others send the file to the reference).
TABLE_VALUES = {
    "是否原创": st.one_of(TRICKY, st.none(), st.booleans(), st.sampled_from(["是", "否"])),
    "发布时间": st.one_of(TRICKY, st.none(), st.sampled_from(["2023-07-03 10:00:00"])),
    "备注": VALUES,
} | {
    k: st.one_of(TRICKY, st.none(), st.integers(-(10**19), 10**19))
    for k in ("网站或账号", "单位", "标题", "栏目")
}


@st.composite
def json_lines(draw: st.DrawFn) -> bytes:
    """Lines of objects of the post keys (at times one left out, repeated or reordered), values
    of every JSON type, written compact or spaced, raw or escaped; blank lines, CRLF, a BOM."""
    ascii_ = draw(st.booleans())
    separators = draw(st.sampled_from([(", ", ": "), (",", ":"), (" ,\t", " :  ")]))
    lines = []
    table = draw(st.booleans())  # values a table may hold, else of any type
    for _ in range(draw(st.integers(1, 8))):
        obj = {k: draw(TABLE_VALUES[k] if table else VALUES) for k in POST_KEYS}
        text = json.dumps(obj, ensure_ascii=ascii_, separators=separators)
        odd = draw(st.integers(0, 19))
        if odd == 0:
            text = json.dumps(dict(reversed(obj.items())), ensure_ascii=ascii_)
        elif odd == 1:
            text = text[:-1] + ", " + text[1:]
        lines.append(text)
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", " \t", "\u3000", "\r"])))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + end.join(lines) + end).encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None)
@given(data=json_lines())
def test_the_table_read_whole_is_the_rows_read_line_by_line(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """Whenever Polars reads a JSON Lines file whole, its table is the line-by-line reading's
    rows (each line's index and its cells as text: a yes/no field's true and false as 是 and
    否, an integer's digits, null as nothing, a key naming no field as nothing); when that
    reading finds the file no table (a line of other keys, another type), neither does Polars."""
    from govflow.compliance.records import read_tables
    from govflow.compliance.stream import NotATable

    path = tmp_path_factory.mktemp("jsonl") / "posts.jsonl"
    path.write_bytes(data)
    try:
        streams, _ = read_tables(path, kinds=dict(registry().record_kinds()))
    except ValueError:
        return  # not a records file at all (its first line names no kind)
    held = streams[0].held
    streams[0].close()
    if held is None or held.table is None:
        return
    whole = held.table()
    try:
        rows = [(line - 1, cells) for line, cells in held.rows()]
    except NotATable:
        assert whole is None
        return
    if whole is None:
        return  # the line-by-line reading may take what Polars is not given
    table, first = whole
    assert first == (rows[0][0] if rows else 0)
    got = [(r[0], list(r[1:])) for r in table.collect().iter_rows()]
    assert got == rows
