"""Where an obligation sits in a task's text and whom it binds: the legal patterns, sentence and
segment bounds, titles, and the units a clause or subject names."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from govflow.importer.phrases import (
    PhrasePattern,
)
from govflow.importer.unitnames import _compound, _guess_group_kinds, _guess_kind, _is_group_name
from govflow.periods.core import parse_period
from govflow.plan.obligations import Deadline
from govflow.plan.units import (
    Unit,
    UnitDirectory,
    UnitError,
    UnitGroup,
    normalize_unit_name,
)
from govflow.text.numerals import normalize_text

LEGAL_PATTERNS: tuple[PhrasePattern, ...] = (
    PhrasePattern(
        "law.annual-report",
        re.compile(r"政府信息公开(?:工作)?年度报告"),
        lambda m: Deadline(parse_period("次年1月31日前")),
        "《中华人民共和国政府信息公开条例》第四十九条：每年1月31日前公布上一年度的政府信息公开"
        "工作年度报告",
    ),
)
"""Deadlines the law attaches to what a plan names without a date (the importer flags each)."""

_SENTENCE_END = "。;!?\n"
_SEGMENT_END = "。;!?\n,、:"
_CLAUSE_END = "。;!?\n,:"
_LEADING = re.compile(r"^(?:做到|坚持|要|应当|应|并|将|同时|开展|确保|实行|进一步|切实|全面)+")


class _Bounds:
    """Where the sentences, segments and comma-level clauses of one text end: found in one pass,
    then looked up by bisection, so that placing each of a paragraph's phrases costs no scan of
    the paragraph (a 140 KB paragraph of phrases took minutes when each lookup scanned it)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.sentence = [i for i, c in enumerate(text) if c in _SENTENCE_END]
        self.clause = [i for i, c in enumerate(text) if c in _CLAUSE_END]
        self.segments: list[tuple[int, int]] = []
        a = 0
        for i, c in enumerate(text):
            if c in _SEGMENT_END:
                if i > a:
                    self.segments.append((a, i))
                a = i + 1
        if a < len(text):
            self.segments.append((a, len(text)))
        self.seg_starts = [a for a, _ in self.segments]
        self.seg_ends = [b for _, b in self.segments]
        self.subjects: list[list[str]] = []
        """Per sentence, the units of the nearest sentence at or before it that names any."""
        self.subjects_for: object = None
        """The names :attr:`subjects` was found with (the document's)."""

    def around(self, ends: list[int], start: int, end: int) -> tuple[int, int]:
        """From after the last boundary before *start* to the first boundary at or after *end*."""
        k = bisect_left(ends, start)
        j = bisect_left(ends, end)
        return (ends[k - 1] + 1 if k else 0), (ends[j] if j < len(ends) else self.length)


@lru_cache(maxsize=16)
def _bounds(text: str) -> _Bounds:
    return _Bounds(text)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of *text* holding ``text[start:end]``: its start and end offsets."""
    b = _bounds(text)
    return b.around(b.sentence, start, end)


CITATION_LIMIT = 300
"""Longest sentence quoted whole as an obligation's clause (characters); a longer one is quoted
by the comma-level clause holding the phrase.  Quoting a whole 140 KB "sentence" for each of its
thousands of phrases made the plan file grow with the square of the paragraph."""


def _citation(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of *text* an obligation found at ``text[start:end]`` quotes: its sentence, or,
    when that is longer than :data:`CITATION_LIMIT`, its clause (at most that long around the
    phrase)."""
    bounds = _bounds(text)
    a, b = bounds.around(bounds.sentence, start, end)
    if b - a <= CITATION_LIMIT:
        return a, b
    a, b = bounds.around(bounds.clause, start, end)
    if b - a <= CITATION_LIMIT:
        return a, b
    room = max(0, CITATION_LIMIT - (end - start)) // 2
    return max(a, start - room), min(b, end + room)


def _title_for(text: str, start: int, end: int, words: str, *, date_first: bool) -> str:
    bounds = _bounds(text)
    segs = bounds.segments
    first = bisect_right(bounds.seg_ends, start)  # the segments overlapping [start, end)
    last = bisect_left(bounds.seg_starts, end) - 1
    if first > last:
        return words
    a, b = segs[first][0], segs[last][1]
    title = _LEADING.sub("", text[a:b]).strip()
    if date_first and (normalize_text(title) == normalize_text(words) or len(title) < 4):
        k = bisect_left(bounds.seg_starts, b)
        if k < len(segs):  # 「2023年9月底前,做好…清理工作」: the duty follows the date
            title = _LEADING.sub("", text[segs[k][0] : segs[k][1]]).strip() or title
    title = title.strip("，, ")
    return title if len(title) <= 40 else title[:39] + "…"


class _Units:
    """Resolves, canonicalises and collects the unit names of a document."""

    def __init__(self, base: UnitDirectory) -> None:
        self.base = base
        self.unknown: dict[str, list[str]] = {}  # name -> places
        self.suggestions: dict[str, tuple[str, ...]] = {}
        self.directory = base
        self.generated: list[str] = []

    def canonical(self, name: str, where: str) -> str:
        name = normalize_unit_name(name)
        pair = _compound(name)
        if pair is not None:  # 「县行政审批局(县大数据中心)」: both units, kept as written
            for part in pair:
                try:
                    self.base.lookup(part)
                except UnitError as exc:
                    self._unknown(part, where, exc.suggestions)
            return name
        try:
            return self.base.lookup(name).name
        except UnitError as exc:
            self._unknown(name, where, exc.suggestions)
            return name

    def _unknown(self, name: str, where: str, suggestions: Sequence[str]) -> None:
        places = self.unknown.setdefault(name, [])
        if where not in places:
            places.append(where)
        # a unit's closest names are units, a group's are groups: 「县城管局」 is not close to
        # 「县政府各部门」 because both start with 县
        group = _is_group_name(name)
        self.suggestions[name] = tuple(s for s in suggestions if self.base.is_group(s) == group)

    def build(self) -> UnitDirectory:
        units: list[Unit] = []
        groups: list[UnitGroup] = []
        for name in self.unknown:
            if _is_group_name(name):
                groups.append(
                    UnitGroup(
                        name,
                        _guess_group_kinds(name),
                        (),
                        (),
                        "由 govflow import 生成，成员按名称推断",
                    )
                )
            else:
                units.append(Unit(name, _guess_kind(name)))
            self.generated.append(name)
        if units or groups:
            self.directory = self.base.merged(units, groups)
        return self.directory

    def names(self) -> list[tuple[str, str]]:
        """(spelling, canonical name) of every unit and group, longest spelling first."""
        out: list[tuple[str, str]] = []
        for u in self.directory.units:
            for s in (u.name, *u.aliases, u.full_name):
                if s:
                    out.append((normalize_unit_name(s), u.name))
        for g in self.directory.groups:
            for s in (g.name, *g.aliases):
                out.append((normalize_unit_name(s), g.name))
        out.sort(key=lambda x: -len(x[0]))
        return out


_LONGER_NAME = re.compile(
    r"[^\W\d_要应将会每在对于由及和与须必并]{1,8}(?:中心|局|委|办|站|所|院|队|公司)"
)


def _subject(text: str, names: Sequence[tuple[str, str]], pos: int = 0) -> list[str]:
    """The units *text* starts with at *pos*: 「县大数据中心每周…」, 「各乡(镇)、各部门要…」."""
    found: list[str] = []
    while pos < len(text):
        hit = next(((s, c) for s, c in names if s and text.startswith(s, pos)), None)
        if hit is None:
            break
        if hit[1] not in found:
            found.append(hit[1])
        pos += len(hit[0])
        if pos < len(text) and text[pos] in "、,和及与":
            pos += 1
            continue
        break
    if not found or pos >= len(text) or _LONGER_NAME.match(text, pos):
        return []  # 「各乡镇综合便民服务中心要…」: 各乡镇 begins another unit's name
    return found


def _clause_at(text: str, start: int) -> str:
    """The comma-level clause of *text* around *start* (「、」 does not end it)."""
    b = _bounds(text)
    a, e = b.around(b.clause, start, start)
    return text[a:e]


def _applies_to(
    text: str, start: int, end: int, names: Sequence[tuple[str, str]], look_back: bool
) -> list[str]:
    """The units an obligation names as its subject: its clause, its sentence, then (for the
    safeguards) the sentences before it."""
    found = _subject(_clause_at(text, start), names)
    if found:
        return found
    s_start, _ = _sentence(text, start, end)
    found = _subject(text, names, s_start)
    if found or not look_back:
        return found
    # the nearest sentence before this one that names units: one pass over the sentences of
    # the text, shared by every phrase in it (names are the document's, the same each call)
    bounds = _bounds(text)
    k = bisect_left(bounds.sentence, start)  # this sentence's index
    if bounds.subjects_for is not names:
        bounds.subjects_for, bounds.subjects = names, []
    memo = bounds.subjects
    while len(memo) < k:
        j = len(memo)
        begin = bounds.sentence[j - 1] + 1 if j else 0
        memo.append(_subject(text, names, begin) or (memo[j - 1] if j else []))
    return list(memo[k - 1]) if k else []
