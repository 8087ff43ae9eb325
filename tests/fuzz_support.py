"""Hypothesis strategies for the fuzz suites (tests/fuzz): hostile records files (CSV and JSON
Lines), mutated plan and notice documents, and the accounting every check result must satisfy.

A generated file knows how many rows it wrote when it is well formed (``rows``), so the suites
can assert that every one of them was read; hostile files (NUL bytes, unclosed quotes, stray
BOMs, bytes that do not decode) only promise a clean outcome: rows accounted or a
:class:`~govflow.errors.GovflowError`.

The strategies keep apart the inputs that trigger defects being fixed elsewhere (issue 9):
``wild=True`` adds them (moments whose time zone pushes them past year 9999, years no calendar
covers, huge numbers, quoted cells over the csv module's 128 KiB limit, deep nesting), and
only the tests marked for those defects ask for them.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from attrs import frozen
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from govflow.compliance.check import CheckResult
from govflow.compliance.kinds import BUILTIN_KINDS, FieldSpec, FieldType, RecordKind

__all__ = [
    "KIND_NAMES",
    "PERIOD_TEXTS",
    "UNITS",
    "GeneratedFile",
    "assert_accounted",
    "cell_texts",
    "csv_files",
    "damaged_text",
    "date_texts",
    "document_values",
    "examples",
    "fuzz",
    "is_chinese",
    "json_values",
    "jsonl_files",
    "mutated",
    "no_unraisable",
    "without_none",
]


def examples(share: float) -> int:
    """A fuzz test's number of examples: *share* of the loaded profile's ``max_examples`` (100
    in CI, 5000 with ``HYPOTHESIS_PROFILE=deep``)."""
    loaded = settings.default
    base = loaded.max_examples if loaded is not None else 100
    return max(5, round(base * share))


def fuzz(share: float) -> settings:
    """The settings of a fuzz test running :func:`examples` (*share*); generating files is slow
    and their data large, which is the point."""
    return settings(
        max_examples=examples(share),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


KIND_NAMES = tuple(BUILTIN_KINDS)

#: Units of the invented directory (tests/data/units/ceshi.toml), spellings of them, a group,
#: and names it does not know.
UNITS = (
    "县财政局",
    "县政府办",
    "县大数据中心",
    "东城镇",
    "西山乡",
    "县司法局",
    "县人社局",
    "测试县财政局",
    "县政府办公室",
    " 东城镇 ",
    "东城镇\u3000",
    "各乡(镇)人民政府",
    "县政府各部门",
    "县税务局",
    "财政局",
    "不存在单位",
)

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

#: Characters that stress a CSV reader and a terminal: quotes, separators, line breaks of every
#: kind, BOMs, control and format characters, full-width and CJK text, emoji.
_NASTY = (
    '"',
    '""',
    ",",
    "，",
    "\r",
    "\n",
    "\r\n",
    "\u2028",
    "\u0085",
    "\ufeff",
    "\t",
    "\x1b[31m",
    "\x7f",
    "\u200b",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(A1)",
    "中文",
    "測試",
    "𠀀",
    "😀",
    "\u3000",
    "\\",
    "'",
    "NaN",
    "null",
    "{}",
)


@cache  # a strategy built once: building them in draws is slow
def _text(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Any text a file could carry (no lone surrogates: no encoding can write them)."""
    return st.text(st.characters(exclude_categories=["Cs"]), max_size=max_size)


@cache
def cell_texts(*, nul: bool = False, long: int = 3000) -> st.SearchStrategy[str]:
    """A text cell: mostly short, with quotes, separators and line breaks; NUL only when
    *nul*; now and then one of up to *long* characters."""
    nasty = st.sampled_from(_NASTY if not nul else (*_NASTY, "\x00", "a\x00b"))
    parts = st.lists(st.one_of(_text(max_size=6), nasty), max_size=4).map("".join)
    return st.one_of(
        parts,
        st.sampled_from(UNITS),
        st.integers(0, long).map(lambda n: "长" * n if n % 2 else "x" * n),
    )


_SHAPES: tuple[Callable[[int, int, int, int, int, int], str], ...] = (
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d}",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}",
    lambda y, m, d, h, mi, s: f"{y}/{m}/{d}",
    lambda y, m, d, h, mi, s: f"{y}/{m}/{d} {h}:{mi:02d}",
    lambda y, m, d, h, mi, s: f"{y}.{m}.{d}",
    lambda y, m, d, h, mi, s: f"{y}年{m}月{d}日",
    lambda y, m, d, h, mi, s: f"{y}年{m}月{d}日 {h}时{mi}分",
    lambda y, m, d, h, mi, s: f"{y}年{m}月{d}日{h}时{mi}分{s}秒",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d}".translate(_FULL_WIDTH),
    lambda y, m, d, h, mi, s: f"{y:04d}{m:02d}{d:02d}",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}.250",
    lambda y, m, d, h, mi, s: f" {y:04d}-{m:02d}-{d:02d}\u3000",
    lambda y, m, d, h, mi, s: f"{y:04d}-W{m:02d}-1",
    lambda y, m, d, h, mi, s: f"{m}/{d}/{y}",
)
#: Shapes with a time-zone offset: near the ends of the representable range, the conversion to
#: Beijing time leaves it (the OverflowError of issue 9), so they are only drawn when wild.
_ZONED: tuple[Callable[[int, int, int, int, int, int], str], ...] = (
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}Z",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+08:00",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}-0500",
    lambda y, m, d, h, mi, s: f"{y:04d}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}-12:00",
)


@cache
def date_texts(
    *, wild: bool = False, years: tuple[int, int] = (2004, 2026)
) -> st.SearchStrategy[str]:
    """A date or moment in many spellings, some impossible (month 13, day 32, hour 24).

    Tame: years within *years* (the calendar's official range by default), mostly 2023, and
    offsets only there.  Wild: also years 0, 1, 9998, 9999 and offsets next to them.
    """
    lo, hi = years
    year = st.one_of(st.just(2023), st.integers(lo, hi))
    if wild:
        year = st.one_of(year, st.sampled_from((0, 1, 2, 1999, 2030, 2100, 9998, 9999)))
    shapes = (*_SHAPES, *_ZONED) if wild else _SHAPES
    tame_zoned = st.builds(
        lambda f, y, m, d, h, mi, s: f(y, m, d, h, mi, s),
        st.sampled_from(_ZONED),
        st.integers(max(lo, 2), min(hi, 9997)),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
    )
    shaped = st.builds(
        lambda f, y, m, d, h, mi, s: f(y, m, d, h, mi, s),
        st.sampled_from(shapes),
        year,
        st.one_of(st.integers(1, 12), st.integers(0, 13)),
        st.one_of(st.integers(1, 28), st.integers(0, 32)),
        st.one_of(st.integers(0, 23), st.sampled_from((24, 99))),
        st.integers(0, 60),
        st.integers(0, 61),
    )
    odd = st.sampled_from(("", " ", "abc", "0000-01-01", "2023-02-29", "2024-02-29", "今天", "—"))
    return st.one_of(shaped, shaped, tame_zoned, odd)


_BOOL_CELLS = ("是", "否", "true", "FALSE", "1", "0", "√", "×", "原创", "转载", "也许", " 是 ", "")
_INT_CELLS = ("0", "5", "15", "20", "-15", "３", "1.5", "1e3", " 7 ", "十", "")


@cache
def int_texts(*, wild: bool = False) -> st.SearchStrategy[str]:
    """An integer cell; wild adds huge ones and ``1_0`` (Python's digit separator)."""
    tame = st.one_of(st.sampled_from(_INT_CELLS), st.integers(-30, 60).map(str))
    if not wild:
        return tame
    return st.one_of(tame, st.sampled_from(("1_0", "9" * 30, "3000000", "-" + "9" * 20)))


@cache
def _cell_for(
    spec: FieldSpec, *, wild: bool, nul: bool, years: tuple[int, int]
) -> st.SearchStrategy[str]:
    if spec.type in (FieldType.DATE, FieldType.DATETIME):
        dates = date_texts(wild=wild, years=years)
        return st.one_of(dates, dates, dates, cell_texts(nul=nul, long=40))
    if spec.type is FieldType.BOOL:
        return st.one_of(st.sampled_from(_BOOL_CELLS), cell_texts(nul=nul, long=10))
    if spec.type is FieldType.INT:
        return st.one_of(int_texts(wild=wild), cell_texts(nul=nul, long=10))
    if spec.name == "unit":
        return st.one_of(st.sampled_from(UNITS), st.sampled_from(UNITS), cell_texts(nul=nul))
    if spec.name == "id":
        return st.one_of(st.from_regex(r"[A-Z][0-9]{1,2}", fullmatch=True), cell_texts(nul=nul))
    if spec.name == "kind":
        return st.one_of(
            st.sampled_from(
                ("自查", "通报", "开放活动", "预算", "决算", "政策解读", "规范性文件清理")
            ),
            cell_texts(nul=nul),
        )
    return cell_texts(nul=nul)


_JUNK_HEADERS = (
    "备注",
    "序号",
    "",
    "  ",
    "unit",
    "单位",
    "Unnamed: 0",
    "\ufeff编号",
    "合计",
    "=1+1",
)


@frozen
class GeneratedFile:
    """A records file to write: its name, its bytes, and the rows it holds when known."""

    name: str
    data: bytes
    rows: int | None
    kind: str


def _header(draw: st.DrawFn, kind: RecordKind) -> list[tuple[str, FieldSpec | None]]:
    """Columns: each field (required ones mostly) under one of its spellings, with junk."""
    columns: list[tuple[str, FieldSpec | None]] = []
    for spec in kind.fields:
        if draw(st.integers(0, 29)) < (29 if spec.required else 15):
            alias = draw(st.sampled_from(spec.aliases))
            spelled = (alias,) * 6 + (f" {alias} ", alias.upper(), f"{alias}（必填）")
            columns.append((draw(st.sampled_from(spelled)), spec))
    for _ in range(draw(st.integers(0, 2))):
        columns.append((draw(st.one_of(st.sampled_from(_JUNK_HEADERS), _text(max_size=5))), None))
    return draw(st.permutations(columns))


@st.composite
def csv_files(
    draw: st.DrawFn,
    *,
    kinds: Sequence[str] = KIND_NAMES,
    hostile: bool = False,
    wild: bool = False,
    max_rows: int = 12,
    years: tuple[int, int] = (2004, 2026),
) -> GeneratedFile:
    """A CSV records file.  Well formed unless *hostile* (then NUL bytes, unclosed quotes,
    stray BOMs, UTF-16, bytes that do not decode, and ``rows`` is ``None``)."""
    kind = BUILTIN_KINDS[draw(st.sampled_from(kinds))]
    columns = _header(draw, kind)
    cells = [
        _cell_for(spec, wild=wild, nul=hostile, years=years) if spec else cell_texts(nul=hostile)
        for _, spec in columns
    ]
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(0, max_rows))):
        row = [draw(c) for c in cells]
        shape = draw(st.integers(0, 19))
        if shape == 0 and row:
            row = row[: draw(st.integers(0, len(row) - 1))]  # short
        elif shape == 1:
            row = [*row, *draw(st.lists(cell_texts(), min_size=1, max_size=3))]  # long
        rows.append(row)
    terminator = draw(st.sampled_from(("\n", "\r\n")))
    out = [_csv_line([name for name, _ in columns])]
    for row in rows:
        if draw(st.integers(0, 14)) == 0:
            out.append("")  # a blank line: not a row
        # an empty row is written as "" (one empty cell), a row like any other
        out.append(_csv_line(row) or '""')
    text = terminator.join(out) + terminator
    if draw(st.booleans()):
        text = text.removesuffix(terminator)
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "gb18030")))
    data = text.encode(encoding)
    # rows after the table's last non-blank row are no rows of it (as blank lines are not);
    # blank rows before it are read and set aside
    count: int | None = max(
        (i + 1 for i, r in enumerate(rows) if any(c.strip() for c in r)), default=0
    )
    if hostile:
        data, spoiled = _spoil(draw, data)
        count = None if spoiled else count
    name = draw(st.sampled_from(kind.file_names)) + ".csv"
    return GeneratedFile(name, data, count, kind.name)


def _csv_line(cells: Sequence[str]) -> str:
    """One CSV row as a spreadsheet writes it: a cell with a separator, a quote or any line
    break quoted (``csv.writer`` leaves a lone CR unquoted when the terminator is LF)."""
    return ",".join(
        '"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\r\n') else c for c in cells
    )


def _spoil(draw: st.DrawFn, data: bytes) -> tuple[bytes, bool]:
    """Damage *data* one way or none: ``(bytes, damaged)``."""
    how = draw(st.integers(0, 9))
    if how == 0:
        return codecs.BOM_UTF8 + data, True  # a second BOM (or a first)
    if how == 1:
        return data.decode("utf-8", "replace").encode("utf-16"), True
    if how == 2 and data:
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(
            st.sampled_from((b'"', b"\x00", b"\xff\xfe", b"\r", b'"x"y'))
        ) + data[at:], True
    if how == 3:
        return data + b'\n"unclosed,' + draw(st.binary(max_size=20)), True
    if how == 4 and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + data[at + 1 :], True
    if how == 5:
        return draw(st.binary(max_size=64)), True
    return data, False


# ---------------------------------------------------------------------------------------------
# JSON Lines


@cache
def json_values(*, depth: int = 3) -> st.SearchStrategy[Any]:
    """Any JSON value (NaN and infinities too, as Python writes them), nested *depth* deep."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        _text(max_size=10),
        st.sampled_from(UNITS),
        date_texts(years=(2020, 2025)),
    )
    if depth <= 0:
        return scalars
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(_text(max_size=4), inner, max_size=3)
        ),
        max_leaves=depth * 3,
    )


@cache
def _json_for(spec: FieldSpec, *, wild: bool, years: tuple[int, int]) -> st.SearchStrategy[Any]:
    if spec.type in (FieldType.DATE, FieldType.DATETIME):
        typed: st.SearchStrategy[Any] = date_texts(wild=wild, years=years)
    elif spec.type is FieldType.BOOL:
        typed = st.one_of(st.booleans(), st.sampled_from(_BOOL_CELLS))
    elif spec.type is FieldType.INT:
        typed = st.one_of(st.integers(-30, 60), int_texts(wild=wild))
    elif spec.name == "unit":
        typed = st.sampled_from(UNITS)
    else:
        typed = st.one_of(_text(max_size=12), st.integers(0, 10**6))
    return st.one_of(typed, typed, json_values())


@st.composite
def jsonl_files(
    draw: st.DrawFn,
    *,
    kinds: Sequence[str] = KIND_NAMES,
    wild: bool = False,
    max_rows: int = 12,
    years: tuple[int, int] = (2004, 2026),
) -> GeneratedFile:
    """A JSON Lines records file named after its kind: objects with the kind's fields under
    their spellings (values of every JSON type), other JSON values, and lines that are not
    JSON.  ``rows`` counts the non-blank lines."""
    kind = BUILTIN_KINDS[draw(st.sampled_from(kinds))]
    lines: list[str] = []
    rows = 0
    for _ in range(draw(st.integers(0, max_rows))):
        what = draw(st.integers(0, 19))
        if what == 0:
            lines.append(draw(st.sampled_from(("", "   ", "\t"))))  # blank: not a row
            continue
        rows += 1
        if what == 1:
            lines.append(json.dumps(draw(json_values()), ensure_ascii=draw(st.booleans())))
        elif what == 2:
            bad = draw(
                st.one_of(
                    _text(max_size=20),
                    st.sampled_from(("{", '{"a":}', "[1,", "{'a': 1}", "NaN", "{}{}")),
                )
            )
            bad = bad.replace("\r", " ").replace("\n", " ")  # one line, as a reader splits
            lines.append(bad if bad.strip() else "x")
        else:
            obj: dict[str, Any] = {}
            for spec in kind.fields:
                if draw(st.integers(0, 9)) < (9 if spec.required else 4):
                    obj[draw(st.sampled_from(spec.aliases))] = draw(
                        _json_for(spec, wild=wild, years=years)
                    )
            for _ in range(draw(st.integers(0, 1))):
                obj[draw(_text(max_size=4))] = draw(json_values(depth=1))
            lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans())))
    # a line the decoder splits (a lone CR, U+2028 are not JSON line breaks in Python's reader):
    # json.dumps escapes them, so every element of *lines* stays one line
    text = "\n".join(lines) + draw(st.sampled_from(("", "\n", "\r\n")))
    data = text.encode(draw(st.sampled_from(("utf-8", "utf-8-sig"))))
    name = draw(st.sampled_from(kind.file_names)) + draw(
        st.sampled_from((".jsonl", ".ndjson", ".json"))
    )
    return GeneratedFile(name, data, rows, kind.name)


# ---------------------------------------------------------------------------------------------
# The accounting


def assert_accounted(result: CheckResult, expected: dict[str, int | None] | None = None) -> None:
    """Every file's rows accounted: ``read == evaluated + not_applicable + rejected +
    set_aside``, no count negative, the rejected and set-aside rows listed match the counts, and
    *expected* (file → rows written, ``None`` when unknown) matches ``read``."""
    sources = [s.source for s in result.files]
    assert len(sources) == len(set(sources))
    for s in result.files:
        assert s.read >= 0
        assert s.rejected >= 0
        assert s.set_aside >= 0
        assert s.not_applicable >= 0
        assert s.evaluated >= 0, s
        assert s.read == s.evaluated + s.not_applicable + s.rejected + s.set_aside
        listed = [r for r in result.rejected if r.source == s.source]
        assert len(listed) == s.rejected, (s, listed)
        assert len({r.line for r in listed}) == len(listed)
        aside = [r for r in result.set_aside if r.source == s.source]
        assert len(aside) == s.set_aside
        if expected is not None and expected.get(s.source) is not None:
            assert s.read == expected[s.source], (s, expected[s.source])
    listed_sources = {r.source for r in result.rejected}
    assert listed_sources <= set(sources)


# ---------------------------------------------------------------------------------------------
# Documents (plans, notices): a real one, mutated

#: Period and deadline texts: the plan's own spellings, English ones, huge and malformed ones.
PERIOD_TEXTS = (
    "5个工作日",
    "20个工作日",
    "20 working days",
    "20wd",
    "15日",
    "15d",
    "3000000d",
    "24h",
    "24小时",
    "2个月",
    "2m",
    "当日",
    "月底前",
    "9月底前",
    "13月底前",
    "年底前",
    "次年1月31日前",
    "次年2月30日前",
    "-5个工作日",
    "0个工作日",
    "99999999999999999999个工作日",
    "１０个工作日",
    "十个工作日",
    "五个工作日内",
    "",
    "   ",
    "工作日",
    "FREQ=WEEKLY;BYDAY=MO",
    "FREQ=MONTHLY;BYMONTHDAY=40",
)


@cache
def document_values() -> st.SearchStrategy[Any]:
    """What a mutation puts in place of a value: any TOML/JSON-ish value, period texts, dates,
    huge numbers, moderately nested containers."""
    scalars = st.one_of(
        st.booleans(),
        st.integers(),
        st.sampled_from((0, -1, 2**63, -(2**63) - 1, 10**30)),
        st.floats(),
        _text(max_size=12),
        st.sampled_from(PERIOD_TEXTS),
        st.dates(),
        st.datetimes(),
        st.times(),
        date_texts(wild=True),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(_text(max_size=6), inner, max_size=3)
        ),
        max_leaves=6,
    )


@st.composite
def mutated(draw: st.DrawFn, doc: Any, *, rate: int = 12) -> Any:
    """*doc* with some of its parts changed: keys dropped, renamed or added, list items
    duplicated or dropped, values retyped or replaced (about one node in *rate*), nested a few
    levels deeper; at least one change.  The top level stays a table, as in any TOML file
    (``plan_from_dict`` takes a mapping)."""
    changed = [False]

    def walk(value: Any, root: bool = False) -> Any:
        if not root and draw(st.integers(0, rate)) == 0:
            changed[0] = True
            how = draw(st.integers(0, 3))
            if how == 0:
                return draw(document_values())
            if how == 1 and isinstance(value, str):
                return draw(st.sampled_from(PERIOD_TEXTS))
            if how == 2:
                for _ in range(draw(st.integers(1, 30))):
                    value = [value] if draw(st.booleans()) else {"x": value}
                return value
            return draw(st.one_of(st.none(), st.just(str(value)), st.just([]), st.just({})))
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            for key, item in value.items():
                if draw(st.integers(0, rate * 2)) == 0:
                    changed[0] = True
                    continue  # dropped
                name = key
                if draw(st.integers(0, rate * 3)) == 0:
                    changed[0] = True
                    name = draw(_text(max_size=8))  # renamed
                out[name] = walk(item)
            if draw(st.integers(0, rate * 3)) == 0:
                changed[0] = True
                out[draw(_text(max_size=8))] = draw(document_values())
            return out
        if isinstance(value, list):
            items: list[Any] = []
            for item in value:
                n = draw(st.sampled_from((1,) * rate + (0, 2)))
                changed[0] |= n != 1
                items.extend(walk(item) for _ in range(n))
            return items
        return value

    result = walk(doc, root=True)  # a document's top level stays a table
    if not changed[0]:
        result[draw(_text(max_size=8))] = draw(document_values())
    return result


def without_none(value: Any) -> Any:
    """*value* with ``None`` left out of tables and arrays (TOML has no null)."""
    if isinstance(value, dict):
        return {k: without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_none(v) for v in value if v is not None]
    return value


@st.composite
def damaged_text(draw: st.DrawFn, text: str) -> bytes:
    """*text* (UTF-8) with bytes inserted, deleted or replaced: usually no longer valid."""
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.integers(0, 3))
        if how == 0:
            data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
        elif how == 1:
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif how == 2:
            piece = draw(
                st.sampled_from(
                    ('"', "'''", "[", "]]", "=", "\n[[tasks]]\n", "\\u", "\x00", "{", "#")
                )
            )
            data = data[:at] + piece.encode() + data[at:]
        else:
            data = data[:at] + codecs.BOM_UTF8 + data[at:]
    return data


def is_chinese(message: str) -> bool:
    """Whether *message* speaks Chinese (has a CJK ideograph or full-width punctuation)."""
    return any(
        "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
        for c in message
    )


@contextmanager
def no_unraisable() -> Iterator[None]:
    """Fail if an exception is raised where nobody can catch it (Python prints it with its
    traceback on stderr: in a callback from C, a ``__del__``) while the block runs."""
    seen: list[Any] = []
    saved = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        yield
    finally:  # also when the block raises: a clean error does not excuse a printed traceback
        sys.unraisablehook = saved
        assert not seen, [(u.exc_type, u.exc_value, u.object) for u in seen]
