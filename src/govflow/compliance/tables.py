"""Tables as offices keep them: the header found below title rows (one row, or two rows of a
merged header combined), columns matched to fields (aliases, then fallback spellings), a
"did you mean" for a missing column, and the rows that are not records (blank rows, 合计/小计/
总计 rows, a repeated header), set aside rather than evaluated.

Shared by the CSV reader (:mod:`govflow.compliance.csvread`) and the spreadsheet reader
(:mod:`govflow.compliance.sheetread`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from attrs import frozen

from govflow.compliance.kinds import FieldSpec, RecordFileError, RecordKind
from govflow.compliance.values import _DATE_RE, _header_key, _stem_kind

HEADER_SCAN = 20
"""Rows searched for the header (title rows and blank rows may stand above it)."""

_TOTAL_RE = re.compile(r"^[合小总][ \t\u3000\xa0]*计(?:$|[:：(（\d\s])")
"""A 合计/小计/总计 cell, alone or followed by a colon, a bracket or a number (合计：12 件),
with spaces allowed inside (合  计); 总计划 is not one."""

_TOTAL_HEADS = frozenset("合小总")

BLANK_ROW = "空行（表格中的空白行）"
TOTAL_ROW = "合计行（{cell}），不是记录"
HEADER_ROW = "重复的表头行"


def first_cell(cols: Sequence[str]) -> str | None:
    """The first non-blank cell of a row, stripped; ``None`` for a blank row."""
    for c in cols:
        s = c.strip()
        if s:
            return s
    return None


def set_aside_reason(cols: Sequence[str]) -> str | None:
    """Why a row below the header is not a record (blank, a 合计 row), or ``None``."""
    first = first_cell(cols)
    if first is None:
        return BLANK_ROW
    if first[0] in _TOTAL_HEADS and _TOTAL_RE.match(first):
        return TOTAL_ROW.format(cell=first)
    return None


@frozen
class Column:
    """One column of a header: its name as shown, and the names tried in order when matching
    (a merged header's combined name, then the lower cell, then the upper one)."""

    name: str
    tries: tuple[str, ...]


@frozen
class Match:
    """How a header's columns map to a kind's fields."""

    mapping: dict[str, int]
    ignored: tuple[str, ...]
    missing: tuple[FieldSpec, ...]
    clash: tuple[str, int, int] | None
    """A field two columns both name: (field, first column, second column)."""

    @property
    def fits(self) -> bool:
        return bool(self.mapping) and not self.missing and self.clash is None


def match_columns(kind: RecordKind, columns: Sequence[Column]) -> Match:
    """Map *columns* to the fields of *kind*: each column by the first of its names that is an
    alias of a field; then each field still unmapped by its fallback spellings, in their order,
    among the columns left."""
    lookup: dict[str, str] = {}
    for f in kind.fields:
        for a in f.aliases:
            lookup.setdefault(_header_key(a), f.name)
    mapping: dict[str, int] = {}
    clash: tuple[str, int, int] | None = None
    for i, col in enumerate(columns):
        for name in col.tries:
            field = lookup.get(_header_key(name))
            if field is None:
                continue
            if field in mapping:
                clash = clash or (field, mapping[field], i)
            else:
                mapping[field] = i
            break
    taken = set(mapping.values())
    for f in kind.fields:
        if f.name in mapping or not f.fallbacks:
            continue
        for fb in f.fallbacks:
            key = _header_key(fb)
            found = next(
                (
                    i
                    for i, col in enumerate(columns)
                    if i not in taken and any(_header_key(n) == key for n in col.tries)
                ),
                None,
            )
            if found is not None:
                mapping[f.name] = found
                taken.add(found)
                break
    ignored = tuple(c.name for i, c in enumerate(columns) if i not in taken and c.name)
    missing = tuple(f for f in kind.fields if f.required and f.name not in mapping)
    return Match(mapping, ignored, missing, clash)


def known_kind(kind: str | None, kinds: Mapping[str, RecordKind], source: str) -> RecordKind | None:
    """The kind named by ``KIND=PATH`` (``None`` when none is), checked against *kinds*."""
    if kind is None:
        return None
    if kind not in kinds:
        raise RecordFileError(f"{source}：未知的记录类别 {kind!r}；已知的类别：{'、'.join(kinds)}")
    return kinds[kind]


def guess_kind(path: Path, headers: Sequence[str], kinds: Mapping[str, RecordKind]) -> RecordKind:
    """The record kind of a file: by its name (:func:`~govflow.compliance.values._stem_kind`),
    else by its one row of *headers*, matched as a table's header is (:func:`find_header`)."""
    named = _stem_kind(path, kinds)
    if named is not None:
        return named
    return find_header([(1, list(headers))], None, kinds, str(path)).kind


def single_row(cols: Sequence[str]) -> list[Column]:
    return [Column(s, (s,) if s else ()) for s in (c.strip() for c in cols)]


def two_rows(
    upper: Sequence[str], lower: Sequence[str], spans: Mapping[int, str] | None = None
) -> list[Column] | None:
    """The columns of a two-row header (a label merged over several columns above their own
    labels), or ``None`` when the two rows do not look like one: the upper row names at least
    two columns, some column has a label below an empty upper cell (the merged label's
    continuation), and the lower row holds no dates or numbers.

    *spans* gives the upper label of each column under a merged cell, when the file says
    (a spreadsheet's merged ranges); otherwise a label is carried rightwards over the empty
    upper cells that have a label below them (a CSV export of merged cells)."""
    width = max(len(upper), len(lower))
    up = [c.strip() for c in upper] + [""] * (width - len(upper))
    low = [c.strip() for c in lower] + [""] * (width - len(lower))
    if sum(1 for c in up if c) < 2 or not any(lo and not u for u, lo in zip(up, low, strict=True)):
        return None
    if any(_data_like(c) for c in low):
        return None
    out: list[Column] = []
    carried = ""
    for u, lo in zip(up, low, strict=True):
        if u:
            carried = u
        elif not lo:
            carried = ""  # an empty column ends a merged label
        # the file's merged ranges when it has them, else the label carried
        above = u or (spans.get(len(out), "") if spans is not None else carried if lo else "")
        if above and lo:
            out.append(Column(f"{above}/{lo}", (f"{above}/{lo}", lo, above)))
        else:
            name = above or lo
            out.append(Column(name, (name,) if name else ()))
    return out


def _data_like(cell: str) -> bool:
    if not cell:
        return False
    try:
        float(cell)
    except ValueError:
        return bool(_DATE_RE.match(cell))
    return True


@frozen
class Header:
    """The header found in a table's first rows."""

    kind: RecordKind
    columns: tuple[Column, ...]
    match: Match
    line: int
    """The line (row) of the header's last row."""
    next_row: int
    """Index, in the rows searched, of the first row below the header."""
    top: int
    """Index, in the rows searched, of the header's first row."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def find_header(
    rows: Sequence[tuple[int, Sequence[str]]],
    fixed: RecordKind | None,
    kinds: Mapping[str, RecordKind],
    source: str,
    spans: Mapping[int, Mapping[int, str]] | None = None,
) -> Header:
    """The header among *rows* (the table's first rows, with their line numbers): the first
    row, or two rows combined, whose columns give every required field of the record kind
    (*fixed*, else the one kind the headers fit).  Rows above it are titles, not records.
    ``RecordFileError`` when there is none, naming the columns missing and the columns that
    may be meant.  *spans*: for a line, the label over each column of its merged cells (see
    :func:`two_rows`)."""
    trying = [fixed] if fixed is not None else list(kinds.values())
    best: tuple[tuple[int, int, int], Header] | None = None
    for i, (line, cols) in enumerate(rows):
        if first_cell(cols) is None:
            continue
        single = single_row(cols)
        below = rows[i + 1] if i + 1 < len(rows) else None
        double = (
            two_rows(cols, below[1], None if spans is None else spans.get(line, {}))
            if below is not None
            else None
        )
        found: list[Header] = []
        for k in trying:
            one = match_columns(k, single)
            two = match_columns(k, double) if double is not None else None
            if (
                two is not None
                and two.fits
                and (not one.fits or len(two.mapping) > len(one.mapping))
            ):
                assert below is not None
                assert double is not None
                header = Header(k, tuple(double), two, below[0], i + 2, i)
            else:
                header = Header(k, tuple(single), one, line, i + 1, i)
            if header.match.fits:
                found.append(header)
                continue
            score = (-len(header.match.missing), len(header.match.mapping), -i)
            if best is None or score > best[0]:
                best = (score, header)
        if len(found) == 1:
            return found[0]
        if found:
            raise RecordFileError(
                f"{source}：第 {found[0].line} 行：表头同时符合多个记录类别"
                f"（{'、'.join(h.kind.name for h in found)}）；"
                "请写成 KIND=PATH（如 event=导出.csv），或重命名文件"
            )
    if best is None:
        raise RecordFileError(f"{source}：空文件（应有表头行）")
    header = best[1]
    if fixed is None:
        names = "、".join(f"{k.name}（{k.label}）" for k in kinds.values())
        text = (
            f"{source}：无法从文件名或表头判断记录类别；请以类别命名文件（{names}），"
            "或写成 KIND=PATH（如 post=发布.csv）"
        )
        if header.match.mapping and header.match.missing:
            text += "。按表头看最接近的是：" + missing_message(header, source, within=True)
        raise RecordFileError(text)
    if header.match.clash is not None and not header.match.missing:
        field, a, b = header.match.clash
        raise RecordFileError(
            f"{source}：第 {header.line} 行：列 {header.columns[a].name!r} 与 "
            f"{header.columns[b].name!r} 都表示字段 {field!r}"
        )
    raise RecordFileError(missing_message(header, source))


def missing_message(header: Header, source: str, *, within: bool = False) -> str:
    """The Chinese error for a header lacking required columns, with the columns found that
    may be meant ("did you mean")."""
    kind, m = header.kind, header.match
    names = [c.name for c in header.columns if c.name]
    text = (
        ("" if within else f"{source}：")
        + f"第 {header.line} 行：缺少{kind.label}（{kind.name}）记录的必填列："
        + "、".join(f"{f.name}（{f.label}）" for f in m.missing)
        + f"；表头中的列：{'、'.join(names) or '（无）'}"
    )
    hints = []
    for f in m.missing:
        close = suggest(f, m.ignored)
        if close:
            hints.append(f"{f.name}（{f.label}）→ " + " 或 ".join(f"“{c}”" for c in close))
    if hints:
        text += "；可能对应的列：" + "；".join(hints)
    return text + "；可用 --columns 列名对照表指定（见 docs/records.md）"


def suggest(spec: FieldSpec, headers: Sequence[str], limit: int = 2) -> list[str]:
    """The headers most like one of the field's spellings (difflib ratio ≥ 0.5), best first."""
    spellings = [_header_key(a) for a in (*spec.aliases, *spec.fallbacks)]
    scored = []
    for h in headers:
        key = _header_key(h)
        if not key:
            continue
        ratio = max(difflib.SequenceMatcher(None, key, s).ratio() for s in spellings)
        if ratio >= 0.5:
            scored.append((-ratio, h))
    return [h for _, h in sorted(scored)[:limit]]
