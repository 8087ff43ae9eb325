"""Chinese time phrases of plans and regulations, read into govflow's time rules with their spans.

:func:`parse_phrases` finds every time expression in running text; :func:`parse_phrase` reads one
whole phrase and raises :class:`PhraseError` (with the position) when it cannot.  Each
:class:`PhraseMatch` keeps the span of the original text and the objects it stands for:

* a :class:`~govflow.plan.obligations.Deadline` with a :class:`~govflow.periods.core.Period`:
  「5个工作日内」「不超过5个工作日」「20日内」「15天」「一个月内」「24小时内」, with the trigger of
  「自收到申请之日起20个工作日内」「批复后二十日内」, and the calendar anchors 「2023年9月底前」
  「9月底前」「年底前」「次年1月31日前」「季度末前」「上半年」; 「与…同步发布」 is due the same day;
* a :class:`~govflow.plan.obligations.Recurrence` (an RFC 5545 rule): 「每周一」 (``FREQ=WEEKLY;
  BYDAY=MO``, following working day), 「每月一通报」 and 「每月底前」 (by the month's end,
  ``BYMONTHDAY=-1``, preceding working day), 「每季度」, 「每半年」, 「每年上半年」, 「每年1月31日前」,
  「每周汇总1次」 (by the week's end);
* a :class:`~govflow.plan.obligations.Quota`: 「每周至少2次更新」 (``post``), 「每年至少举办1次」
  (``event``), 「每月信息总量不低于50条(原创信息不低于10条)」 (two quotas, the second counting
  ``{"original": True}``), 「每周汇总3次」;
* an :class:`Ambiguity` when the words look temporal but cannot be settled without a guess: 「一个月
  内」 counted from a 31st (``start=``), 「20239月底前」 (a year and a month run together);
* :class:`Untimed` for words of timing with no number: 「及时」「定期」「动态(更新)」「适时」「随时」
  「尽快」「第一时间」「常态化」「按时」「限期」.

Numbers may be Arabic (20), full-width (２０) or Chinese (二十, 十五, 两).  The text is read after
NFKC normalisation (full-width digits, brackets and spaces become ASCII); spans always refer to the
text as given.  Periods carry a canonical text (``Period.text`` = 「20个工作日」, Arabic digits,
without 「内」「不超过」) that :func:`govflow.periods.core.parse_period` reads back, so they can be
written to a plan file; the words as written are :attr:`PhraseMatch.text`.

Extra patterns (a county's own phrasing, a plugin's) are :class:`PhrasePattern` records passed as
*extra_patterns*; this module never loads plugins itself (the ``govflow_phrase_patterns`` hook
collects them, :meth:`govflow.plugins.manager.Registry.phrase_patterns` returns them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date

from dateutil.relativedelta import relativedelta

from govflow.importer.phrase_patterns import CORE_PATTERNS, _period
from govflow.importer.phrase_types import (
    Ambiguity,
    PhraseError,
    PhraseMatch,
    PhrasePattern,
    PhraseValue,
    Untimed,
    _span,
    normalize_with_map,
)
from govflow.periods.core import PeriodUnit
from govflow.plan.obligations import Deadline, Quota, Recurrence

__all__ = [
    "CORE_PATTERNS",
    "Ambiguity",
    "PhraseError",
    "PhraseMatch",
    "PhrasePattern",
    "PhraseValue",
    "Untimed",
    "normalize_with_map",
    "parse_phrase",
    "parse_phrases",
]


# ---------------------------------------------------------------------------------------------
# Reading


def _patterns(extra: Iterable[PhrasePattern]) -> list[PhrasePattern]:
    extra = list(extra)
    replaced = {p.id for p in extra}
    return [*extra, *(p for p in CORE_PATTERNS if p.id not in replaced)]


def _build(pattern: PhrasePattern, m: re.Match[str]) -> tuple[PhraseValue, ...]:
    try:
        built = pattern.builder(m)
    except (ValueError, OverflowError):
        return ()
    if built is None:
        return ()
    if isinstance(built, Deadline | Recurrence | Quota | Ambiguity | Untimed):
        return (built,)
    return tuple(built)


def _match_span(m: re.Match[str]) -> tuple[int, int]:
    if "span" in m.re.groupindex and m.start("span") >= 0:
        return m.start("span"), m.end("span")
    return m.start(), m.end()


def _month_ambiguity(value: PhraseValue, text: str, start: date | None) -> PhraseValue:
    """「一个月内」 from a day the target month lacks (a 31st) is a question, not an answer."""
    if start is None or not isinstance(value, Deadline):
        return value
    period = value.period
    if period.unit not in (PeriodUnit.MONTHS, PeriodUnit.YEARS):
        return value
    months = period.amount * (12 if period.unit is PeriodUnit.YEARS else 1)
    try:
        clipped = start + relativedelta(months=months)
        overflow = (start.replace(day=1) + relativedelta(months=months)) + (
            start - start.replace(day=1)
        )
    except (ValueError, OverflowError):
        return value
    if clipped.day == start.day:
        return value
    days = (overflow - start).days
    return Ambiguity(
        text,
        f"自{start.isoformat()}起算「{text}」：{clipped.year}年{clipped.month}月没有{start.day}日。"
        f"按《民法典》第二百零二条以月末日 {clipped.isoformat()} 为最后一日；"
        f"按日数顺延则为 {overflow.isoformat()}。请在方案中写明采用哪一种",
        (value, Deadline(_period(f"{days}日"), value.trigger)),
    )


def _candidates(
    norm: str, patterns: Sequence[PhrasePattern]
) -> list[tuple[int, int, int, tuple[PhraseValue, ...], str]]:
    found: list[tuple[int, int, int, tuple[PhraseValue, ...], str]] = []
    for priority, pattern in enumerate(patterns):
        pos = 0
        while pos <= len(norm):
            m = pattern.regex.search(norm, pos)
            if m is None:
                break
            if m.end() == m.start():
                pos = m.start() + 1
                continue
            values = _build(pattern, m)
            if not values:
                pos = m.start() + 1
                continue
            s, e = _match_span(m)
            if e > s:
                found.append((s, e, priority, values, pattern.id))
            pos = m.end()
    return found


def parse_phrases(
    text: str, *, start: date | None = None, extra_patterns: Iterable[PhrasePattern] = ()
) -> list[PhraseMatch]:
    """Every time phrase in *text*, in order, without overlaps; never raises on any text.

    Where readings overlap, the longest wins (「每周要定期汇总1次」 over 「定期」), then extra
    patterns before core ones.  With *start* (the day a period runs from), month and year periods
    that have no corresponding day are reported as :class:`Ambiguity`.
    """
    if not isinstance(text, str) or not text:
        return []
    norm, origin = normalize_with_map(text)
    found = _candidates(norm, _patterns(extra_patterns))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    chosen: list[tuple[int, int, int, tuple[PhraseValue, ...], str]] = []
    starts: list[int] = []  # of the chosen spans, which never overlap: kept sorted
    ends: list[int] = []
    for cand in found:
        # the chosen spans around cand's start: the one before must end by it, the next
        # must start at or after its end (bisection, not a scan of every span chosen)
        k = bisect_right(starts, cand[0])
        if (k == 0 or ends[k - 1] <= cand[0]) and (k == len(starts) or starts[k] >= cand[1]):
            starts.insert(k, cand[0])
            ends.insert(k, cand[1])
            chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    out: list[PhraseMatch] = []
    for s, e, _, values, pattern_id in chosen:
        a, b = _span(origin, s, e)
        words = norm[s:e]
        out.append(
            PhraseMatch(
                a,
                b,
                text[a:b],
                tuple(_month_ambiguity(v, words, start) for v in values),
                pattern_id,
            )
        )
    return out


_STRIP = " \t\r\n\u3000。，,;；:：、.!！?？"


def parse_phrase(
    text: str, *, start: date | None = None, extra_patterns: Iterable[PhrasePattern] = ()
) -> PhraseMatch:
    """Read *text* as exactly one time phrase (surrounding blanks and punctuation ignored).

    Raises :class:`PhraseError` with the position where reading stopped when *text* is not one
    phrase of the grammar (see :data:`CORE_PATTERNS` and docs/import.md).
    """
    if not isinstance(text, str):
        raise PhraseError(repr(text), 0, "需要文本")
    norm, origin = normalize_with_map(text)
    lo = 0
    while lo < len(norm) and norm[lo] in _STRIP:
        lo += 1
    hi = len(norm)
    while hi > lo and norm[hi - 1] in _STRIP:
        hi -= 1
    if lo == hi:
        raise PhraseError(text, origin[lo] if lo < len(norm) else len(text), "没有时间表述")
    body = norm[lo:hi]
    patterns = _patterns(extra_patterns)
    furthest = 0
    for pattern in patterns:
        m = pattern.regex.fullmatch(body)
        if m is not None:
            values = _build(pattern, m)
            s, e = _match_span(m)
            if values and (s, e) == (0, len(body)):
                a, b = _span(origin, lo, hi)
                return PhraseMatch(
                    a,
                    b,
                    text[a:b],
                    tuple(_month_ambiguity(v, body, start) for v in values),
                    pattern.id,
                )
        m = pattern.regex.match(body)
        if m is not None and m.end() > furthest and _build(pattern, m):
            furthest = m.end()
    pos = origin[lo + furthest] if lo + furthest < len(norm) else len(text)
    if furthest:
        message = f"「{body[:furthest]}」之后的「{body[furthest : furthest + 12]}」无法识别"
    else:
        message = (
            "不是可识别的时间表述（如「5个工作日内」「2023年9月底前」「每周一」「每周至少2次」）"
        )
    raise PhraseError(text, pos, message)
