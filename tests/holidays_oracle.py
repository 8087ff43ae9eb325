"""The ``holidays`` oracle: notices derived from the ``holidays`` package's China calendar.

govflow's built-in notices were once generated this way; they are now generated from the official
texts (``src/govflow/data/notices/``), and this derivation only serves the tests as an independent
reading of the same years (tests/test_calendar_differential.py).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from govflow.calendar.notices import (
    HolidayBreak,
    Notice,
    NoticeWarning,
    notice_to_dict_break,
    parse_notice,
)

_SUFFIXES = ("（推定）", "（补假，推定）")


def _clean(name: str) -> str:
    for suffix in _SUFFIXES:
        name = name.removesuffix(suffix)
    return name.replace("; ", "、")


def _is_statutory_label(name: str) -> bool:
    return not any(tag in name for tag in ("补假", "休息日", "延长"))


def _swap_source(label: str) -> date | None:
    m = re.search(r"由 (\d{4}-\d{2}-\d{2}) 调休", label)
    return date.fromisoformat(m.group(1)) if m else None


def notices_from_holidays(
    provenance: Mapping[int, Mapping[str, Any]], years: Iterable[int]
) -> list[Notice]:
    """Derive one :class:`Notice` per year from the ``holidays`` package's China calendar.

    *provenance* maps each year to its documents (``number``, ``date``, ``title``, ``address``
    and optional ``amendments``).  Off days are grouped into breaks together with the weekend
    days adjacent to them; each break belongs to the notice of the year of its first statutory
    day (the 2023 New Year break, 2022-12-31..2023-01-02, belongs to the 2023 notice).  Make-up
    workdays belong to the break of the day they were swapped with.
    """
    import holidays

    wanted = sorted(set(years))
    lo, hi = wanted[0] - 1, wanted[-1] + 1
    cal = holidays.China(years=range(lo, hi + 1), language="zh_CN")  # type: ignore[attr-defined]
    labels: dict[date, str] = {d: str(n) for d, n in cal.items()}
    makeup = {d for d in cal.weekend_workdays if lo <= d.year <= hi}

    def off(d: date) -> bool:
        return d in labels or (d.weekday() >= 5 and d not in makeup)

    spans: list[tuple[date, date]] = []
    for d in sorted(labels):
        if spans and spans[-1][0] <= d <= spans[-1][1]:
            continue
        first = last = d
        while off(first - timedelta(days=1)):
            first -= timedelta(days=1)
        while off(last + timedelta(days=1)):
            last += timedelta(days=1)
        spans.append((first, last))

    def span_of(d: date) -> int:
        for k, (a, b) in enumerate(spans):
            if a <= d <= b:
                return k
        raise LookupError(d)

    work_of: dict[int, list[date]] = {}
    for d, label in labels.items():
        src = _swap_source(label)
        if src is not None:
            work_of.setdefault(span_of(d), []).append(src)
    assigned = {w for ws in work_of.values() for w in ws}
    for w in sorted(makeup - assigned):  # not named by any swap label: nearest break
        k = min(
            range(len(spans)),
            key=lambda k: min(abs((w - spans[k][0]).days), abs((w - spans[k][1]).days)),
        )
        work_of.setdefault(k, []).append(w)

    by_year: dict[int, list[HolidayBreak]] = {}
    for k, (a, b) in enumerate(spans):
        days = [a + timedelta(days=i) for i in range((b - a).days + 1)]
        stat = [
            (d, _clean(labels[d]))
            for d in days
            if d in labels and _is_statutory_label(_clean(labels[d]))
        ]
        named = [n for _, n in stat] or [
            _clean(labels[d]).replace("（补假）", "")
            for d in days
            if d in labels and "休息日" not in labels[d]
        ]
        if not named:
            continue
        parts: list[str] = []
        for n in named:
            for raw_piece in n.split("、"):
                piece = "春节" if raw_piece == "农历除夕" else raw_piece
                if piece not in parts:
                    parts.append(piece)
        year = (stat[0][0] if stat else days[0]).year
        by_year.setdefault(year, []).append(
            HolidayBreak(
                name="、".join(parts),
                first=a,
                last=b,
                workdays=tuple(sorted(work_of.get(k, []))),
                statutory=tuple(stat),
            )
        )

    out = []
    for year in wanted:
        prov = provenance[year]
        data = {
            **{k: v for k, v in prov.items() if k != "amendments"},
            "year": year,
            "amendments": list(prov.get("amendments", [])),
            "breaks": [notice_to_dict_break(b) for b in by_year.get(year, [])],
        }
        if not data["amendments"]:
            del data["amendments"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NoticeWarning)
            out.append(parse_notice(data, source=f"holidays[{year}]", strict=False))
    return out
