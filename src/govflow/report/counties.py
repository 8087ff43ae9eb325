"""Many counties checked in one run: one summary row per county, and the totals.

Each county is checked on its own (its plan, its records); :class:`CountySummary` keeps what
the province-level table shows, so memory holds one county's check at a time.  The JSON form
carries each county's whole result (``check --format json`` of that county): :class:`CountiesJson`
spools each to a temporary file as soon as it is checked, so memory stays one county's worth
there too.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from attrs import frozen

from govflow.compliance.check import CheckResult, rows_accounted
from govflow.compliance.kinds import FileSummary, Rejected
from govflow.report.escape import md_escape
from govflow.text.inert import inert, json_inert
from govflow.text.jsonlayout import RawJSON, layered_json, layered_json_pieces

__all__ = [
    "CountiesJson",
    "CountySummary",
    "counties_markdown",
    "counties_table",
    "summarize",
    "unassigned",
]


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "county": self.county,
            "plan": self.plan,
            "read": self.read,
            "evaluated": self.evaluated,
            "rejected": self.rejected,
            "violated": self.violated,
            "at_risk": self.at_risk,
            "exit_code": self.exit_code,
        }


def summarize(county: str, result: CheckResult) -> CountySummary:
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
    )


UNASSIGNED = "（未分县）"
"""The row of the province table for the rows of no county (``--county-column``)."""


def unassigned(
    files: Sequence[FileSummary], rejected: Sequence[Rejected]
) -> tuple[CountySummary, dict[str, Any]] | None:
    """The rows a county split gave to no county (set aside, or rejected for want of a county
    name) as a row of the table and its JSON value; ``None`` when there are none."""
    read = sum(s.read for s in files)
    if not read:
        return None
    summary = CountySummary(UNASSIGNED, "", read, 0, len(rejected), 0, 0, 1 if rejected else 0)
    return summary, rows_accounted([s for s in files if s.read], rejected)


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
    failing = sum(1 for s in rows if s.exit_code and s.county != UNASSIGNED)
    body.append(
        ["合计", f"{_count(rows)} 个", *(f"{totals[k]:,}" for k in _NUMBERS), f"{failing} 个有问题"]
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
    failing = sum(1 for s in rows if s.exit_code and s.county != UNASSIGNED)
    lines.append(
        "| 合计 | "
        + f"{_count(rows)} 个 | "
        + " | ".join(f"{totals[k]:,}" for k in _NUMBERS)
        + f" | {failing} 个有问题 |"
    )
    return "\n".join(lines) + "\n"


def _totals_dict(rows: Sequence[CountySummary]) -> dict[str, int]:
    return {**_totals(rows), "counties": _count(rows)}


def _count(rows: Sequence[CountySummary]) -> int:
    """The counties among *rows* (not the row of the rows of no county)."""
    return sum(1 for s in rows if s.county != UNASSIGNED)


DEPTH = 5
"""The levels :class:`CountiesJson` indents: document, county list, county, result, its lists;
each finding, rejected row and rule is one line."""


class CountiesJson:
    """``check --counties --format json`` written county by county: each county's numbers and
    whole result go to a temporary file as soon as it is checked (:meth:`add`), and
    :meth:`write` copies them into the document, so no more than one county's result is in
    memory.  The document is ``{"as_of", "counties": [each county's numbers and its "result"],
    "totals"}``, laid out as :func:`~govflow.text.jsonlayout.layered_json` lays out that value
    at :data:`DEPTH`, inert on a terminal."""

    def __init__(self) -> None:
        # closed by __exit__: the spool lives as long as the run's ``with`` block
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115
        self._count = 0

    def __enter__(self) -> CountiesJson:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spool.close()

    def add(self, summary: CountySummary, result: CheckResult) -> None:
        self.add_value(summary, result.to_dict(lazy=True))

    def add_value(self, summary: CountySummary, result: dict[str, Any]) -> None:
        """Add a row whose result is a JSON value already (:func:`unassigned`)."""
        self._spool.write(b",\n  " if self._count else b"\n  ")
        self.write_entry(self._spool, summary, result)
        self._count += 1

    def add_file(self, path: str | Path) -> None:
        """Add a county's entry written by :meth:`write_entry` to the file *path* (by a
        worker process), copied a megabyte at a time."""
        self._spool.write(b",\n  " if self._count else b"\n  ")
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, self._spool, 1 << 20)
        self._count += 1

    @staticmethod
    def write_entry(fh: BinaryIO, summary: CountySummary, result: dict[str, Any]) -> None:
        """A county's entry in the document: its numbers and its *result*, encoded."""
        value = {**summary.to_dict(), "result": result}
        for piece in layered_json_pieces(value, depth=DEPTH, level=2):
            if isinstance(piece, bytes):  # findings' lines encoded already, inert
                fh.write(piece)
                continue
            inert = piece if isinstance(piece, RawJSON) else json_inert(piece)
            fh.write(inert.encode())

    def pieces(self, rows: Sequence[CountySummary], as_of: str) -> Iterator[bytes]:
        """The whole document (UTF-8), a megabyte at a time: the counties added, in order, then
        the totals."""
        head = '{\n "as_of": ' + json.dumps(as_of) + ',\n "counties": '
        totals = layered_json(_totals_dict(rows), depth=DEPTH, level=1)
        yield head.encode()
        if self._count:
            yield b"["
            self._spool.seek(0)
            yield from iter(lambda: self._spool.read(1 << 20), b"")
            yield b"\n ]"
        else:
            yield b"[]"
        yield (',\n "totals": ' + totals + "\n}\n").encode()


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space
