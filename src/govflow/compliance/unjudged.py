"""Rules not judged from a file that lacks a column they need: :class:`Unjudged`.

A file of a record kind that has no column for a field a rule needs to see a duty done
(:attr:`~govflow.compliance.base.Rule.needs`), where the kind has the field optional and not
:attr:`~govflow.compliance.kinds.RecordKind.essential`, does not keep that field: its rows are
not given to the rule, and the check says so instead of finding every row not done.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import frozen

from govflow.compliance.base import Rule
from govflow.compliance.kinds import RecordKind
from govflow.compliance.stream import RecordStream

__all__ = ["Unjudged", "missing_columns"]


@frozen
class Unjudged:
    """A rule not given the rows of one file: the file has no column for a field the rule
    cannot judge a row without (:attr:`~govflow.compliance.base.Rule.needs`) and the record
    kind has that field optional, so the file does not keep it; finding every row not done
    would say nothing about whether it was."""

    rule: Rule
    source: str
    kind: RecordKind
    fields: tuple[str, ...]
    """The fields without a column, in the order the rule names them."""
    table: bool = True
    """A table (CSV, a sheet); ``False`` for JSON Lines, whose lines have keys, not columns."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The Chinese labels of :attr:`fields`, as a ledger's header would name them."""
        return tuple(self.kind.field(n).label for n in self.fields)

    @property
    def reason(self) -> str:
        """Why, in Chinese, naming the file and the missing columns."""
        shown = "、".join(f"“{c}”" for c in self.columns)
        if self.table:
            lack = f"{self.kind.label}台账没有{shown}列"
        else:
            lack = f"{self.kind.label}记录的各行都没有{shown}（{'、'.join(self.fields)}）字段"
        return f"{self.source}：{lack}，无法判断是否完成，未据此文件评估"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "title": self.rule.title,
            "file": self.source,
            "kind": self.kind.name,
            "fields": list(self.fields),
            "columns": list(self.columns),
            "reason": self.reason,
        }


def missing_columns(stream: RecordStream, feeders: Iterable[Rule]) -> dict[int, tuple[str, ...]]:
    """The rules of *feeders* (by ``id``) that cannot judge the rows of *stream*, with the
    fields they need (:attr:`Rule.needs`) that the file has no column for and its kind has
    optional and not :attr:`RecordKind.essential`.  A required field always has its column
    (a file without one is refused)."""
    kind = stream.kind
    optional = {f.name for f in kind.fields if not f.required} - set(kind.essential)
    wanted = {id(r): tuple(n for n in r.needs.get(kind.name, ()) if n in optional) for r in feeders}
    asked = [n for names in wanted.values() for n in names]
    if not asked:
        return {}
    missing = set(stream.missing_columns(asked))
    out = {}
    for key, names in wanted.items():
        lack = tuple(n for n in names if n in missing)
        if lack:
            out[key] = lack
    return out
