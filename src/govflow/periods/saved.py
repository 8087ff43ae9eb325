"""Due results saved earlier (``govflow due --json``), read back to be computed again.

A path is one ``.json`` file or a folder of them; a file holds one result object or a list of
them.  Every file and entry is accounted for: what cannot be read or computed again becomes an
:class:`Unreadable` with a Chinese reason naming the file and the entry, never dropped.

A result saved before ``request`` was written (older govflow) is read from its ``start`` and
``period`` when nothing else could have shaped it: no clock event in its trace and a period the
last-day rule (``--holiday-only``) does not touch.  Otherwise it is unreadable, saying why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from govflow.calendar.workcalendar import WorkCalendar
from govflow.errors import InputError
from govflow.periods.core import Due, compute_request
from govflow.periods.period import PeriodError, PeriodUnit
from govflow.periods.request import DueRequest, RequestError
from govflow.text.files import CONFIG_LIMIT, FileRefused, TooDeep, parse_nested, read_limited

__all__ = ["Recomputed", "SavedResult", "Unreadable", "read_saved", "recompute_saved"]

#: Trace steps that show a clock event or a last-day rule the old result does not otherwise record.
_EVENT_STEPS = frozenset({"pause", "pause_ignored", "restart", "extension", "extension_late"})


@frozen
class SavedResult:
    """One saved result: where it is, what was asked, and what it said then."""

    file: str
    entry: int | None  # index in the file's list; None when the file holds one object
    request: DueRequest
    due: str
    status: str
    calendar_version: str

    @property
    def where(self) -> str:
        return self.file if self.entry is None else f"{self.file} 第{self.entry + 1}项"

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"


@frozen
class Unreadable:
    """A file or entry that could not be read or computed again, and why (Chinese)."""

    file: str
    entry: int | None
    reason: str

    @property
    def where(self) -> str:
        return self.file if self.entry is None else f"{self.file} 第{self.entry + 1}项"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "entry": self.entry, "reason": self.reason}


@frozen
class Recomputed:
    """A saved result and the same request computed on another calendar."""

    saved: SavedResult
    new: Due

    @property
    def moved(self) -> bool:
        return self.new.due.isoformat() != self.saved.due

    @property
    def now_official(self) -> bool:
        return self.saved.provisional and not self.new.provisional

    @property
    def change(self) -> str:
        """``moved``; else (same date) ``now_official``, ``now_provisional`` (the calendar
        lost a notice the result used), ``still_provisional`` or ``unchanged``."""
        if self.moved:
            return "moved"
        if self.now_official:
            return "now_official"
        if self.new.provisional:
            return "still_provisional" if self.saved.provisional else "now_provisional"
        return "unchanged"

    def to_dict(self) -> dict[str, Any]:
        new = self.new.to_dict()
        return {
            "file": self.saved.file,
            "entry": self.saved.entry,
            "start": self.saved.request.start.isoformat(),
            "period": new["period"],
            "old": {"due": self.saved.due, "status": self.saved.status},
            "new": {"due": new["due"], "status": new["status"]},
            "change": self.change,
            "provisional_years": new["provisional_years"],
        }


def _files(path: Path) -> tuple[list[Path], list[Unreadable]]:
    if not path.exists() and not path.is_symlink():
        raise InputError(f"--results {path}：没有这个文件或目录")
    if not path.is_dir():
        return [path], []
    files: list[Path] = []
    skipped: list[Unreadable] = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith("."):
            continue  # editors' and the system's hidden files, our temporary files
        if entry.is_dir():
            skipped.append(
                Unreadable(str(entry), None, "是子目录，不读取（只读取目录中的 .json 文件）")
            )
        elif entry.suffix.lower() != ".json":
            skipped.append(Unreadable(str(entry), None, "不是 .json 文件，未读取"))
        else:
            files.append(entry)
    return files, skipped


def read_saved(path: str | Path) -> tuple[list[SavedResult], list[Unreadable]]:
    """The results saved in *path* (a file or a folder of ``.json`` files), and what is not."""
    files, problems = _files(Path(path))
    found: list[SavedResult] = []
    for f in files:
        try:
            data = parse_nested(json.loads, read_limited(f, CONFIG_LIMIT).decode("utf-8-sig"))
        except FileRefused as exc:
            problems.append(Unreadable(str(f), None, f"无法读取：{exc.reason}"))
            continue
        except (UnicodeDecodeError, ValueError, TooDeep) as exc:
            reason = str(exc) if isinstance(exc, TooDeep) else f"不是 UTF-8 的 JSON：{exc}"
            problems.append(Unreadable(str(f), None, reason))
            continue
        entries = list(enumerate(data)) if isinstance(data, list) else [(None, data)]
        if not entries:
            problems.append(Unreadable(str(f), None, "是空列表，没有计算结果"))
        for index, item in entries:
            try:
                found.append(_saved(str(f), index, item))
            except (RequestError, _NotAResult) as exc:
                problems.append(Unreadable(str(f), index, str(exc)))
    return found, problems


class _NotAResult(ValueError):
    pass


def _saved(file: str, index: int | None, item: object) -> SavedResult:
    if not isinstance(item, Mapping):
        raise _NotAResult(f"应为 govflow due --json 的结果对象，实际为 {type(item).__name__}")
    for key in ("due", "status"):
        if not isinstance(item.get(key), str):
            raise _NotAResult(f"缺少 {key}，不像 govflow due --json 的结果")
    if item["status"] not in ("official", "provisional"):
        raise _NotAResult(f"status {item['status']!r} 应为 official 或 provisional")
    request = DueRequest.from_dict(item["request"]) if "request" in item else _legacy_request(item)
    version = item.get("calendar_version")
    return SavedResult(
        file,
        index,
        request,
        item["due"],
        item["status"],
        version if isinstance(version, str) else "",
    )


def _legacy_request(item: Mapping[str, Any]) -> DueRequest:
    """The request of a result saved without one, when start and period determine it."""
    missing = "没有 request（由较早版本的 govflow 保存）"
    try:
        request = DueRequest.from_dict(
            {"start": item.get("start"), "period": item.get("period")}, where="结果"
        )
    except RequestError as exc:
        raise _NotAResult(f"{missing}，也无法据 start 和 period 重新计算：{exc}") from None
    trace = item.get("trace")
    steps = (
        {s.get("step") for s in trace if isinstance(s, Mapping)}
        if isinstance(trace, list)
        else set()
    )
    if steps & _EVENT_STEPS:
        raise _NotAResult(
            f"{missing}，且计算中有中止、重新起算或延长，无法确定其日期；请重新运行 govflow due --json 保存"
        )
    if request.period.unit in (PeriodUnit.DAYS, PeriodUnit.MONTHS, PeriodUnit.YEARS):
        raise _NotAResult(
            f"{missing}，无法确定是否用了 --holiday-only；请重新运行 govflow due --json 保存"
        )
    return request


def recompute_saved(
    saved: list[SavedResult], calendar: WorkCalendar
) -> tuple[list[Recomputed], list[Unreadable]]:
    """Each saved request computed on *calendar* (years still without a notice: provisional)."""
    done: list[Recomputed] = []
    problems: list[Unreadable] = []
    for s in saved:
        try:
            done.append(
                Recomputed(s, compute_request(s.request, calendar=calendar, provisional=True))
            )
        except (PeriodError, ValueError, TypeError) as exc:
            problems.append(Unreadable(s.file, s.entry, f"无法重新计算：{exc}"))
    return done, problems
