"""The vocabulary of time phrases: what a match is (:class:`PhraseMatch`), what it can stand for,
how a pattern is declared (:class:`PhrasePattern`), and the normalisation spans refer through."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeAlias

from attrs import field, frozen

from govflow.errors import InputError
from govflow.plan.obligations import Deadline, Quota, Recurrence, TimeRule

__all__ = [
    "Ambiguity",
    "Builder",
    "PhraseError",
    "PhraseMatch",
    "PhrasePattern",
    "PhraseValue",
    "Untimed",
    "normalize_with_map",
]


class PhraseError(InputError):
    """A text is not one time phrase; :attr:`position` is where reading stopped (0-based).

    Raised by :func:`parse_phrase` only; :func:`parse_phrases` never raises on any text.
    """

    def __init__(self, text: str, position: int, message: str) -> None:
        self.text = text
        self.position = position
        super().__init__(f"第{position + 1}个字符处：{message}（原文：{text!r}）")


@frozen
class Untimed:
    """Words of timing without a number (「及时」): reported, never scheduled."""

    text: str
    reason: str

    @property
    def kind(self) -> str:
        return "untimed"

    def describe(self) -> str:
        return f"无具体时限：「{self.text}」"


@frozen
class Ambiguity:
    """A phrase that could be read more than one way; *candidates* are the possible readings."""

    text: str
    reason: str
    candidates: tuple[TimeRule, ...] = ()

    @property
    def kind(self) -> str:
        return "ambiguous"

    def describe(self) -> str:
        return f"含义不确定：「{self.text}」：{self.reason}"


PhraseValue: TypeAlias = Deadline | Recurrence | Quota | Ambiguity | Untimed
Builder: TypeAlias = Callable[[re.Match[str]], "PhraseValue | Sequence[PhraseValue] | None"]


def _compile(value: str | re.Pattern[str]) -> re.Pattern[str]:
    return value if isinstance(value, re.Pattern) else re.compile(value)


@frozen
class PhrasePattern:
    """A phrase pattern: *regex* is searched in the NFKC-normalised text; *builder* turns a match
    into one or more values, or ``None`` (or raises ``ValueError``) to decline it.

    A named group ``span`` in *regex*, when it matched, narrows the reported span to it.  An extra
    pattern with the id of a core pattern replaces it.
    """

    id: str
    regex: re.Pattern[str] = field(converter=_compile)
    builder: Builder
    note: str = ""


@frozen
class PhraseMatch:
    """A time phrase found in a text: ``text[start:end]`` and what it stands for."""

    start: int
    end: int
    text: str
    """The words as written (a slice of the text given)."""
    values: tuple[PhraseValue, ...]
    """Usually one value; 「每月…不低于50条(原创…不低于10条)」 gives two quotas."""
    pattern: str
    """The id of the pattern that matched (``deadline.workdays``, ``quota.pair`` …)."""

    @property
    def value(self) -> PhraseValue:
        return self.values[0]

    @property
    def kind(self) -> str:
        """``deadline``, ``recurrence``, ``quota``, ``ambiguous`` or ``untimed``."""
        return self.value.kind

    @property
    def timed(self) -> bool:
        """Whether every value is a time rule (not an ambiguity, not untimed words)."""
        return all(isinstance(v, Deadline | Recurrence | Quota) for v in self.values)

    @property
    def rules(self) -> tuple[TimeRule, ...]:
        return tuple(v for v in self.values if isinstance(v, Deadline | Recurrence | Quota))

    def describe(self) -> str:
        return "；".join(_describe(v) for v in self.values)


def _describe(value: PhraseValue) -> str:
    if isinstance(value, Deadline):
        return f"期限：{value.describe()}"
    if isinstance(value, Recurrence):
        return f"周期：{value.describe()}（{value.rrule}）"
    if isinstance(value, Quota):
        where = f"，{value.where}" if value.where else ""
        return f"数量要求：{value.window.label}至少{value.minimum}（{value.counts}{where}）"
    return value.describe()


# ---------------------------------------------------------------------------------------------
# Normalisation


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC-normalise *text* character by character; also return, for every position of the
    result (and one past its end), the position in *text* it comes from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        norm = ch if ch.isascii() else unicodedata.normalize("NFKC", ch)
        for c in norm:
            out.append(c)
            origin.append(i)
    origin.append(len(text))
    return "".join(out), origin


def _span(origin: Sequence[int], start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return origin[start], origin[start]
    return origin[start], origin[end - 1] + 1
