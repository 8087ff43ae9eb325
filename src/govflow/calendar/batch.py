"""The calendar's batch forms over numpy arrays (``WorkCalendar.*_many``): numpy is imported on use.

Each function answers exactly as the scalar method it vectorises, errors included: a row that
would raise makes the scalar method raise for that row.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from govflow.calendar.tables import EPOCH_ORDINAL, Tables
from govflow.text.dates import FIRST_DAY, LAST_DAY


class TabledCalendar(Protocol):
    """What the batch forms use of a :class:`~govflow.calendar.workcalendar.WorkCalendar` (a
    protocol, so that this module does not import the calendar that imports it)."""

    _t: Tables
    _np_cache: dict[int, Any]

    def _provisional_tables(self, need_lo: date, need_hi: date) -> Tables: ...
    def _raise_for(self, d: date) -> None: ...
    def _first_unknown(self, d: date, n: int) -> date: ...
    def add_workdays(self, d: date, n: int, *, provisional: bool = False) -> date: ...
    def workdays_between(self, a: date, b: date, *, provisional: bool = False) -> int: ...


def _np_tables(cal: TabledCalendar, provisional: bool, lo: date, hi: date) -> tuple[Tables, Any]:
    import numpy as np

    t = cal._provisional_tables(lo, hi) if provisional else cal._t
    cache = cal._np_cache
    arrays = cache.get(id(t))
    if arrays is None:
        arrays = (
            np.frombuffer(t.code, dtype=np.uint8),
            np.asarray(t.cum, dtype=np.int64),
            np.asarray(t.ucum, dtype=np.int64),
            np.asarray(t.nth, dtype=np.int64),
            t,
        )
        cache.clear()
        cache[id(t)] = arrays
    return t, arrays


def _is_ndarray(x: object) -> bool:
    return type(x).__module__ == "numpy" and type(x).__name__ == "ndarray"


def _np_days(arr: Any) -> Any:
    import numpy as np

    a = np.asarray(arr)
    if a.dtype.kind != "M":
        raise TypeError(f"应为 numpy datetime64 数组，实际类型为 {a.dtype}")
    return a.astype("datetime64[D]").astype(np.int64) + EPOCH_ORDINAL


def _np_range(ords: Any) -> tuple[date, date]:
    return (date.fromordinal(int(ords.min())), date.fromordinal(int(ords.max())))


def _np_is_workday(cal: TabledCalendar, dates: Any, provisional: bool) -> Any:
    ords = _np_days(dates)
    if ords.size == 0:
        return ords.astype(bool)
    lo, hi = _np_range(ords)
    t, (code, _cum, _ucum, _nth, _) = _np_tables(cal, provisional, lo, hi)
    idx = ords - t.lo
    inside = (idx >= 0) & (idx < t.n)
    if not inside.all():
        bad = date.fromordinal(int(ords[~inside][0]))
        if not provisional:
            cal._raise_for(bad)
    c = code[idx]
    if not provisional and (c >= 2).any():
        cal._raise_for(date.fromordinal(int(ords[c >= 2][0])))
    return (c & 1).astype(bool)


def _np_add_workdays(cal: TabledCalendar, dates: Any, n: Any, provisional: bool) -> Any:
    import numpy as np

    ords = _np_days(dates)
    nn = np.broadcast_to(np.asarray(n, dtype=np.int64), ords.shape)
    if ords.size == 0:
        return ords.astype("datetime64[D]")
    lo, hi = _np_range(ords)
    reach = int(np.abs(nn).max()) * 2 + 60
    # clamped to the computable range: a row past it fails below, through the scalar form
    t, (_code, cum, ucum, nth, _) = _np_tables(
        cal,
        provisional,
        date.fromordinal(max(lo.toordinal() - reach, FIRST_DAY.toordinal())),
        date.fromordinal(min(hi.toordinal() + reach, LAST_DAY.toordinal())),
    )
    idx = ords - t.lo
    pos = nn > 0
    neg = nn < 0
    moving = pos | neg  # n = 0 gives the date back, as the scalar form does, known year or not
    ic = np.clip(idx, 0, t.n)
    ip1 = np.clip(idx + 1, 0, t.n)
    k = np.where(pos, cum[ip1] + nn - 1, np.where(neg, cum[ic] + nn, -1))
    bad = moving & ((idx < -1) | (idx >= t.n) | (k < 0) | (k >= t.nwork) | (neg & (idx < 0)))
    j = nth[np.clip(k, 0, max(t.nwork - 1, 0))]
    if not provisional:
        lo_i = np.where(pos, ip1, j)
        hi_i = np.where(pos, j + 1, ic)
        bad |= moving & (ucum[hi_i] > ucum[lo_i])
    if bad.any():
        first = int(np.argmax(bad))  # a flat index: works for arrays of any shape
        d = date.fromordinal(int(ords.flat[first]))
        k0 = int(nn.flat[first])
        cal.add_workdays(d, k0, provisional=provisional)  # raises, naming the exact day
        cal._raise_for(cal._first_unknown(d, k0))
    res = np.where(moving, j, idx)
    out = (res + t.lo - EPOCH_ORDINAL).astype("datetime64[D]")
    return out.reshape(np.shape(dates))


def _np_between(cal: TabledCalendar, starts: Any, ends: Any, provisional: bool) -> Any:
    import numpy as np

    a = _np_days(starts)
    b = _np_days(ends)
    a, b = np.broadcast_arrays(a, b)
    if a.size == 0:
        return np.zeros(a.shape, dtype=np.int64)
    lo = date.fromordinal(int(min(a.min(), b.min())))
    hi = date.fromordinal(int(max(a.max(), b.max())))
    t, (_code, cum, ucum, _nth, _) = _np_tables(cal, provisional, lo, hi)
    ia = a - t.lo + 1
    ib = b - t.lo + 1
    out_of = (a != b) & ((np.minimum(ia, ib) < 0) | (np.maximum(ia, ib) > t.n))
    if out_of.any():
        first = int(np.argmax(out_of))  # a flat index: works for arrays of any shape
        cal.workdays_between(
            date.fromordinal(int(a.flat[first])),
            date.fromordinal(int(b.flat[first])),
            provisional=provisional,
        )
    ia = np.clip(ia, 0, t.n)  # only rows with a == b can be outside: both clip alike, count 0
    ib = np.clip(ib, 0, t.n)
    if not provisional:
        unk = ucum[ib] != ucum[ia]
        if unk.any():
            first = int(np.argmax(unk))
            cal.workdays_between(
                date.fromordinal(int(a.flat[first])), date.fromordinal(int(b.flat[first]))
            )
    return cum[ib] - cum[ia]
