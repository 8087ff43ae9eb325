"""Per-day lookup tables: the machinery behind the calendar's O(1) arithmetic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import accumulate

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class Tables:
    """Per-day arrays over [lo, lo + n): the machinery behind O(1) arithmetic."""

    __slots__ = ("code", "cum", "lo", "n", "nth", "nth_dates", "nwork", "ucum")

    def __init__(self, lo: int, work: Sequence[bool], unknown: Sequence[bool]) -> None:
        n = len(work)
        self.lo = lo
        self.n = n
        # bit 0: working day; bit 1: not official (unknown or provisional)
        self.code = bytes(
            (1 if w else 0) | (2 if u else 0) for w, u in zip(work, unknown, strict=True)
        )
        # running sums in C (accumulate) rather than a Python loop: built at every start-up
        self.cum = [0, *accumulate(work)]  # cum[i] = working days among days [0, i)
        self.ucum = [0, *accumulate(unknown)]  # ucum[i] = non-official days among days [0, i)
        nth = [i for i, w in enumerate(work) if w]
        self.nth = nth  # nth[k] = index of the (k+1)-th working day
        self.nwork = len(nth)
        self.nth_dates = [date.fromordinal(lo + i) for i in nth]

    @property
    def first(self) -> date:
        return date.fromordinal(self.lo)

    @property
    def last(self) -> date:
        return date.fromordinal(self.lo + self.n - 1)
