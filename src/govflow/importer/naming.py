"""Small naming helpers of the importer: task titles, clause labels, plan slugs, area guesses."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from pathlib import Path

from govflow.importer.phrases import (
    PhraseMatch,
)
from govflow.importer.recovery import _CN_DATE, _LOST_DATE, _PLAIN_DATE
from govflow.importer.subjects import _sentence
from govflow.importer.unitnames import _guess_kind, _is_group_name
from govflow.plan.obligations import Area, Deadline, TimeRule


def _has_deadline(text: str, match: PhraseMatch, matches: Sequence[PhraseMatch]) -> bool:
    a, b = _sentence(text, match.start, match.end)
    # matches are in text order: only those starting inside the sentence are looked at
    k = bisect_left(matches, a, key=lambda m: m.start)
    for i in range(k, len(matches)):
        m = matches[i]
        if m.start >= b:
            break
        if m is not match and m.kind == "deadline" and m.timed:
            return True
    return False


def _rule_text(rule: TimeRule) -> str:
    if isinstance(rule, Deadline):
        return rule.describe()
    return rule.text


def _kind_label(name: str) -> str:
    if _is_group_name(name):
        return "单位组"
    return _guess_kind(name).label


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _split_title(content: str) -> tuple[str, str]:
    title, sep, rest = content.partition("。")
    title = title.strip().rstrip(":")
    return title, rest.strip() if sep else ""


def classify_area(areas: Iterable[Area], section_title: str, title: str, text: str) -> str:
    """The id of the area whose keywords the task matches best ("" when none matches).

    The section heading and the task's title weigh three times its text: 「深化重点领域信息公开」
    over a passing mention of 网站 in the body.
    """
    best, best_score = "", 0
    for area in areas:
        score = sum(
            3 * (section_title.count(k) + title.count(k)) + text.count(k) for k in area.keywords
        )
        if score > best_score:
            best, best_score = area.id, score
    return best


def _task_title(text: str) -> str:
    first = text.split("\n", maxsplit=1)[0]
    title = first.split("。")[0].strip()
    return title if len(title) <= 60 else title[:59] + "…"


def _clause(section: str, number: int) -> str:
    m = re.fullmatch(r"([一二三四五六七八九十]+)(.*)", section)
    return f"{m.group(1)}、{m.group(2)}{number}" if m else f"{section}{number}"


def _is_closing(line: str) -> bool:
    return bool(
        re.match(r"^(?:附件|抄送|抄报|主送)", line)
        or _PLAIN_DATE.match(line)
        or _CN_DATE.match(line)
        or _LOST_DATE.match(line)
        or re.fullmatch(r".{2,20}(?:人民政府办公室|人民政府办公厅|人民政府)", line)
    )


def _slug(source: str, year: int) -> str:
    stem = Path(source).stem.lower() if source else ""
    stem = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._")
    if stem and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", stem):
        return stem
    return f"plan-{year}"
