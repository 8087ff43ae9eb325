"""What a new holiday notice does to the live cases: the clocks whose due dates move, and the
provisional ones (an unpublished year, estimated) that become official.

Nothing is stored to update: a case's deadline is computed from its events on the calendar in
use, so once the notice is installed every command sees the new dates.  This lists them
beforehand (``govflow notices diff``), as the saved results and the agenda are listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from attrs import frozen

from govflow.cases.judge import CaseJudge, CaseStatus, CaseView
from govflow.cases.model import Case

__all__ = ["CaseMove", "case_moves"]


@frozen
class CaseMove:
    """One clock of an open case whose due date moves, or turns official, with the notice."""

    case: Case
    rule: str
    title: str
    old: date | None
    new: date | None
    was_provisional: bool
    is_provisional: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case.id,
            "kind": self.case.kind.name,
            "unit": self.case.unit,
            "rule": self.rule,
            "title": self.title,
            "old": self.old.isoformat() if self.old else None,
            "new": self.new.isoformat() if self.new else None,
            "old_provisional": self.was_provisional,
            "new_provisional": self.is_provisional,
        }


def _clocks(views: Sequence[CaseView]) -> dict[tuple[str, str], tuple[date | None, str]]:
    return {(v.case.id, f.rule): (f.due, f.title) for v in views for f in v.open_clocks}


def case_moves(
    old: CaseJudge, new: CaseJudge, cases: Sequence[Case], as_of: date
) -> list[CaseMove]:
    """The open clocks of *cases* as of *as_of* that differ between the *old* judge's calendar
    and the *new* one's: a due date moved, or a provisional date now official (or the
    reverse, when a notice is withdrawn).  Unpublished years are estimated on both sides."""
    live = [c for c in cases if not c.closed]
    before = old.judge(live, as_of, provisional=True)
    after = new.judge(live, as_of, provisional=True)
    strict_before = {
        v.case.id
        for v in old.judge(live, as_of, provisional=False)
        if v.status is CaseStatus.UNJUDGED
    }
    strict_after = {
        v.case.id
        for v in new.judge(live, as_of, provisional=False)
        if v.status is CaseStatus.UNJUDGED
    }
    a, b = _clocks(before), _clocks(after)
    by_id = {c.id: c for c in live}
    out: list[CaseMove] = []
    for key in sorted(a.keys() | b.keys()):
        cid, rule = key
        (old_due, title) = a.get(key, (None, ""))
        (new_due, title2) = b.get(key, (None, title))
        was, now = cid in strict_before, cid in strict_after
        if old_due != new_due or was != now:
            out.append(CaseMove(by_id[cid], rule, title or title2, old_due, new_due, was, now))
    return out
