"""Many counties checked in one run: one summary row per county, and the totals.

Each county is checked on its own (its plan, its records); :class:`CountySummary` keeps what
the province-level table shows, so memory holds one county's check at a time.  The JSON form
carries each county's whole result (``check --format json`` of that county)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import frozen

from govflow.compliance.check import CheckResult
from govflow.report.escape import md_escape
from govflow.text.inert import inert

__all__ = ["CountySummary", "counties_dict", "counties_markdown", "counties_table", "summarize"]


@frozen
class CountySummary:
    """One county's check, in numbers."""

    county: str
    plan: str
    read: int
    evaluated: int
    rejected: int
    violated: int
    at_risk: int
    exit_code: int
    result: dict[str, Any] | None = None
    """The county's whole result (``CheckResult.to_dict``), kept only when asked for."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "county": self.county,
            "plan": self.plan,
            "read": self.read,
            "evaluated": self.evaluated,
            "rejected": self.rejected,
            "violated": self.violated,
            "at_risk": self.at_risk,
            "exit_code": self.exit_code,
        }
        if self.result is not None:
            out["result"] = self.result
        return out


def summarize(county: str, result: CheckResult, *, keep: bool = False) -> CountySummary:
    counts = result.counts()
    return CountySummary(
        county,
        result.plan.id,
        sum(s.read for s in result.files),
        sum(s.evaluated for s in result.files),
        len(result.rejected),
        counts.get("violated", 0),
        counts.get("at_risk", 0),
        result.exit_code,
        result.to_dict() if keep else None,
    )


_HEAD = ("县（市、区）", "方案", "读取行数", "评估", "拒收", "违规", "临期", "结论")
_NUMBERS = ("read", "evaluated", "rejected", "violated", "at_risk")


def _verdict(s: CountySummary) -> str:
    return "有违规或拒收" if s.exit_code else "无违规"


def _totals(rows: Sequence[CountySummary]) -> dict[str, int]:
    return {k: sum(getattr(s, k) for s in rows) for k in _NUMBERS}


def counties_table(rows: Sequence[CountySummary], as_of: str) -> str:
    """The province-level table, aligned for a terminal."""
    body = [
        [inert(s.county), inert(s.plan), *(f"{getattr(s, k):,}" for k in _NUMBERS), _verdict(s)]
        for s in rows
    ]
    totals = _totals(rows)
    failing = sum(1 for s in rows if s.exit_code)
    body.append(
        ["合计", f"{len(rows)} 个", *(f"{totals[k]:,}" for k in _NUMBERS), f"{failing} 个有问题"]
    )
    widths = [max(_width(r[i]) for r in [list(_HEAD), *body]) for i in range(len(_HEAD))]
    lines = [f"多县合规检查（检查时点 {as_of}）", ""]
    for r in [list(_HEAD), *body]:
        lines.append(
            "  ".join(
                _pad(c, w, i >= 2 and i < 7) for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(lines) + "\n"


def counties_markdown(rows: Sequence[CountySummary], as_of: str) -> str:
    totals = _totals(rows)
    lines = [
        f"# 多县合规检查（检查时点 {as_of}）",
        "",
        "| " + " | ".join(_HEAD) + " |",
        "|" + "---|" * 2 + "---:|" * 5 + "---|",
    ]
    for s in rows:
        cells = [md_escape(s.county), md_escape(s.plan), *(f"{getattr(s, k):,}" for k in _NUMBERS)]
        lines.append("| " + " | ".join([*cells, _verdict(s)]) + " |")
    failing = sum(1 for s in rows if s.exit_code)
    lines.append(
        "| 合计 | "
        + f"{len(rows)} 个 | "
        + " | ".join(f"{totals[k]:,}" for k in _NUMBERS)
        + f" | {failing} 个有问题 |"
    )
    return "\n".join(lines) + "\n"


def counties_dict(rows: Sequence[CountySummary], as_of: str) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "counties": [s.to_dict() for s in rows],
        "totals": {**_totals(rows), "counties": len(rows)},
    }


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space
