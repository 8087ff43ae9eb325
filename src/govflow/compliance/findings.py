"""Findings: what a rule concludes for one unit and one window or case, with its evidence."""

from __future__ import annotations

import enum
import json
from datetime import date
from json.encoder import encode_basestring
from typing import Any, TypeVar

from attrs import frozen

from govflow.plan.obligations import Citation, RuleVersion, Severity
from govflow.text.inert import json_inert
from govflow.text.jsonlayout import RawJSON

__all__ = ["MAX_EVIDENCE", "Finding", "FindingJson", "Status"]

MAX_EVIDENCE = 5


class Status(enum.Enum):
    MET = "met"
    VIOLATED = "violated"
    AT_RISK = "at_risk"
    PENDING = "pending"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            "met": "达标",
            "violated": "违规",
            "at_risk": "临期",
            "pending": "未到期",
            "not_applicable": "不适用",
        }[self.value]


@frozen
class Finding:
    """The outcome of one rule for one unit and one window or case, with its evidence."""

    rule: str
    title: str
    area: str
    status: Status
    severity: Severity
    unit: str
    source: Citation
    due: date | None = None
    done: date | None = None
    """When the duty was done (a reply, a publication, the notice taken down for a posting
    period), if the rule knows it and it happened by the moment of checking: the month a late
    completion falls in is told from it (the monthly bulletin)."""
    window: tuple[date, date] | None = None
    case: str | None = None
    entity: str | None = None
    actual: int | None = None
    expected: int | None = None
    evidence: tuple[str, ...] = ()
    """``file:line`` of the rows behind the finding (the first few)."""
    evidence_count: int = 0
    explanation: str = ""
    trace: tuple[str, ...] = ()
    threshold: str = ""
    """Which threshold applied and where it comes from (the plan, or a plugin's default)."""
    action: str = ""
    """What the unit must do, in Chinese, for violations and risks."""
    version: RuleVersion | None = None
    """The version of a legal limit that judged the case (in force on its trigger date),
    when the rule has versions; :attr:`source` is its citation."""

    def to_dict(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "title": self.title,
            "area": self.area,
            "status": self.status.value,
            "severity": self.severity.value,
            "unit": self.unit,
            "entity": self.entity,
            "case": self.case,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done.isoformat() if self.done else None,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()]
            if self.window
            else None,
            "actual": self.actual,
            "expected": self.expected,
            "evidence": list(self.evidence),
            "evidence_count": self.evidence_count,
            "explanation": self.explanation,
            "trace": list(self.trace),
            "threshold": self.threshold,
            "action": self.action,
            "source": self.source.to_dict(),
        }
        if self.version is not None:  # only for versioned rules: other findings keep their form
            out["version"] = self.version.to_dict()
        return out


_FLAT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))

T = TypeVar("T")

_CACHED = 4096
"""Shared parts remembered at a time (traces, citations, thresholds, units, dates): enough for a
ledger's rules and start days; the memory is cleared when full, so it never grows with the
findings."""


class FindingJson:
    """A finding as JSON text: exactly ``json_inert(json.dumps(finding.to_dict(),
    ensure_ascii=False, separators=(", ", ": ")))``, with the parts many findings share (the
    citation, version, threshold and trace of a rule or of a start day, titles, units, dates)
    encoded once.  A million findings of a ledger differ in a few short fields; their shared
    parts make up most of the text."""

    def __init__(self) -> None:
        self._values: dict[Any, str] = {}
        self._heads: dict[tuple[Any, ...], str] = {}
        self._middles: dict[tuple[Any, ...], str] = {}
        self._judgements: dict[tuple[Any, ...], tuple[Any, str]] = {}
        self._citations: dict[tuple[Any, ...], tuple[Any, str]] = {}

    def __call__(self, f: Finding) -> RawJSON:
        # (the account made afresh, its shared parts remembered: findings counted per unit and
        # window differ in their explanation and action, so a remembered account would never
        # be met again)
        head, middle = self._head_middle(f)
        return RawJSON(
            "".join(
                (
                    head,
                    self.unit_text(f.unit),
                    ', "entity": ',
                    _one(f.entity),
                    ', "case": ',
                    _one(f.case),
                    middle,
                    ", ".join(_one(e) for e in f.evidence),
                    self._tail(f),
                )
            )
        )

    def _head_middle(self, f: Finding) -> tuple[str, str]:
        """The rule's part and the dates' part of :meth:`pieces`."""
        rule = (f.rule, f.title, f.area, id(f.status), id(f.severity))  # enum members: singletons
        head = self._heads.get(rule)
        if head is None:
            head = self._remember(self._heads, rule, self._head(f))
        dates = (f.due, f.done, f.window, f.actual, f.expected)
        middle = self._middles.get(dates)
        if middle is None:
            middle = self._remember(self._middles, dates, self._middle(f))
        return head, middle

    def pieces(self, f: Finding) -> tuple[str, str, str]:
        """The text of *f* around its own few values: up to the unit's value (the rule's
        part), from after the case to the first piece of evidence (the dates'), and from after
        the evidence to the closing brace (the account's).  Between them come the unit,
        ``, "entity": ``, the entity, ``, "case": ``, the case, and the evidence joined by
        ``, ``: a case's finding that is its pair's with the case's own values
        (:class:`~govflow.compliance.findingset.CaseBlock`) is written from these without
        being made."""
        head, middle = self._head_middle(f)
        return head, middle, self._tail(f)

    def unit_text(self, unit: str) -> str:
        """A unit's name as JSON (remembered)."""
        return self._text(unit)

    @staticmethod
    def value_text(value: Any) -> str:
        """One value of a finding (its entity, case, a piece of evidence) as JSON, inert."""
        return _one(value)

    @staticmethod
    def _remember(memory: dict[tuple[Any, ...], T], key: tuple[Any, ...], value: T) -> T:
        """Remember *value* under *key* (a full memory is cleared first).  A key holding ids
        is remembered with the objects they are of, kept alive while remembered: no other
        object can have their ids."""
        if len(memory) >= _CACHED:
            memory.clear()
        memory[key] = value
        return value

    def _head(self, f: Finding) -> str:
        """From the opening brace to the unit's value."""
        text = self._text
        return "".join(
            (
                '{"rule": ',
                text(f.rule),
                ', "title": ',
                text(f.title),
                ', "area": ',
                text(f.area),
                ', "status": ',
                text(f.status.value),
                ', "severity": ',
                text(f.severity.value),
                ', "unit": ',
            )
        )

    def _middle(self, f: Finding) -> str:
        """From after the case to the first piece of evidence."""
        window = f.window
        return "".join(
            (
                ', "due": ',
                self._day(f.due),
                ', "done": ',
                self._day(f.done),
                ', "window": ',
                "null" if not window else f"[{self._day(window[0])}, {self._day(window[1])}]",
                ', "actual": ',
                _number(f.actual),
                ', "expected": ',
                _number(f.expected),
                ', "evidence": [',
            )
        )

    def _tail(self, f: Finding) -> str:
        """From after the evidence to the closing brace."""
        return "".join(
            (
                '], "evidence_count": ',
                _number(f.evidence_count),
                ', "explanation": ',
                _one(f.explanation),
                self._judged(f),
                ', "action": ',
                _one(f.action),
                self._cited(f),
            )
        )

    def _judged(self, f: Finding) -> str:
        """The trace and the threshold, with the keys before them (remembered: a rule's or a
        start day's)."""
        trace, threshold = f.trace, f.threshold
        key = (id(trace), threshold)
        known = self._judgements.get(key)
        if known is None:
            text = "".join(
                (
                    ', "trace": ',
                    json_inert(_FLAT.encode(list(trace))),
                    ', "threshold": ',
                    self._text(threshold),
                )
            )
            known = self._remember(self._judgements, key, (trace, text))
        return known[1]

    def _cited(self, f: Finding) -> str:
        """The source and the version, with the keys before them, to the closing brace
        (remembered: a rule's)."""
        source, version = f.source, f.version
        key = (id(source), id(version))
        known = self._citations.get(key)
        if known is None:
            parts = [', "source": ', json_inert(_FLAT.encode(source.to_dict()))]
            if version is not None:
                parts += [', "version": ', json_inert(_FLAT.encode(version.to_dict()))]
            parts.append("}")
            known = self._remember(self._citations, key, ((source, version), "".join(parts)))
        return known[1]

    def _text(self, value: str) -> str:
        known = self._values.get(value)
        if known is None:
            if len(self._values) >= _CACHED:
                self._values.clear()
            known = self._values[value] = json_inert(encode_basestring(value))
        return known

    def _day(self, day: date | None) -> str:
        if day is None:
            return "null"
        known = self._values.get(day)
        if known is None:
            if len(self._values) >= _CACHED:
                self._values.clear()
            known = self._values[day] = f'"{day.isoformat()}"'
        return known


def _one(value: Any) -> str:
    """A value of one finding (its case, evidence, explanation) as JSON, inert."""
    if value is None:
        return "null"
    if type(value) is str:
        return json_inert(encode_basestring(value))
    return json_inert(_FLAT.encode(value))


def _number(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    return json_inert(_FLAT.encode(value))  # anything else as the encoder writes it
