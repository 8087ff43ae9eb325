"""The tables of a unit's 政府信息公开工作年度报告, counted from records.

Table 三 「收到和处理政府信息公开申请情况」 counts ``application`` records by their 申请人类型 (the
columns) and 办理结果 (the result rows); table 四 「政府信息公开行政复议、行政诉讼情况」 counts
``review`` records.  Rows, columns and their labels are those of 国办公开办函〔2021〕30号
(:mod:`govflow.compliance.ogiform`).

Which year an application counts in, for the report of *year* (Y-01-01 … Y-12-31):

* 本年新收: received in the year; 上年结转: received before the year and not replied before it
  (last year's 结转下年度, so the chain of reports closes);
* a result row: replied (答复日期, or 办结日期 for a case closed without a reply) in the year;
  结转下年度: counted in one of the first two rows and not replied by 12-31.

So 本年新收 + 上年结转 = 总计 + 结转下年度 in every column, the format's 勾稽关系.  A review or
lawsuit counts in the year it was filed (收到/立案日期), with its result as of 12-31: one concluded
later is 尚未审结.

Every row read is accounted for in its file's :class:`~govflow.compliance.kinds.FileSummary`:
counted (evaluated), not applicable (another unit, another year, another kind of record; the
reasons are tallied in :attr:`AnnualReport.left_out`), rejected with its reason, or set aside.
The rows rejected in files of other kinds are counted in their file's summary but not listed in
:attr:`AnnualReport.rejected`: they do not touch the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

from govflow.compliance.kinds import FileSummary, Record, RecordKind, Rejected, SetAside
from govflow.compliance.ogiform import (
    APPLICANT_COLUMNS,
    APPLICANT_TYPES,
    CARRIED_IN,
    CARRIED_OUT,
    NEW_THIS_YEAR,
    OUTCOME_ROWS,
    OUTCOMES,
    REVIEW_CASE_TYPES,
    REVIEW_RESULTS,
    REVIEW_ROWS,
    TOTAL,
    TOTAL_RESULTS,
)
from govflow.compliance.records import read_tables
from govflow.text.files import file_size

__all__ = [
    "REVIEW_COLUMNS",
    "TABLE3_ROWS",
    "AnnualReport",
    "annual_report",
    "empty_table3",
    "empty_table4",
]

TABLE3_ROWS = (
    NEW_THIS_YEAR,
    CARRIED_IN,
    *(r.key for r in OUTCOME_ROWS),
    TOTAL_RESULTS,
    CARRIED_OUT,
)
"""The keys of table 三 in order: the format's row labels (a sub-row after its group's)."""
REVIEW_COLUMNS = (*REVIEW_RESULTS, TOTAL)
_ROW_OF = {r.value: r.key for r in OUTCOME_ROWS}
_BLOCK_OF = dict(zip(REVIEW_CASE_TYPES, REVIEW_ROWS, strict=True))

Table = dict[str, dict[str, int]]

OTHER_KIND = "非依申请公开、复议诉讼记录"
OTHER_UNIT = "其他单位"


def empty_table3() -> Table:
    return {row: dict.fromkeys(APPLICANT_COLUMNS, 0) for row in TABLE3_ROWS}


def empty_table4() -> Table:
    return {row: dict.fromkeys(REVIEW_COLUMNS, 0) for row in REVIEW_ROWS}


@define
class AnnualReport:
    """Tables 三 and 四 of one unit's report for one year, and where every row read went."""

    unit: str
    year: int
    table3: Table = field(factory=empty_table3)
    """``{row label: {column label: count}}``; the 总计 column and row are filled by
    :meth:`finish`."""
    table4: Table = field(factory=empty_table4)
    files: list[FileSummary] = field(factory=list)
    rejected: list[Rejected] = field(factory=list)
    set_aside: list[SetAside] = field(factory=list)
    left_out: dict[str, int] = field(factory=dict)
    """Rows not applicable, by reason (「其他单位」「2022年及以前已答复」 …); the units are in
    each file's :attr:`~govflow.compliance.kinds.FileSummary.not_applicable_units`."""

    def finish(self) -> None:
        """Fill the totals: the 总计 column of each row, the （七）总计 row of table 三 (the sum
        of the result rows) and the 总计 column of table 四."""
        results = [r.key for r in OUTCOME_ROWS]
        for col in APPLICANT_TYPES:
            self.table3[TOTAL_RESULTS][col] = sum(self.table3[r][col] for r in results)
        for cells in self.table3.values():
            cells[TOTAL] = sum(cells[c] for c in APPLICANT_TYPES)
        for cells in self.table4.values():
            cells[TOTAL] = sum(cells[c] for c in REVIEW_RESULTS)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: ``{"unit", "year", "table", "table4", "files", "rejected"}``."""
        return {
            "unit": self.unit,
            "year": self.year,
            "table": self.table3,
            "table4": self.table4,
            "files": [
                {
                    "source": s.source,
                    "kind": s.kind,
                    "read": s.read,
                    "evaluated": s.evaluated,
                    "not_applicable": s.not_applicable,
                    "rejected": s.rejected,
                    "set_aside": s.set_aside,
                }
                for s in self.files
            ],
            "not_applicable": dict(sorted(self.left_out.items())),
            "rejected": [
                {"source": r.source, "line": r.line, "field": r.field, "reason": r.reason}
                for r in self.rejected
            ],
        }


def annual_report(
    paths: Iterable[str | Path],
    year: int,
    unit: str,
    *,
    same_unit: Callable[[str], bool] | None = None,
    kinds: Mapping[str, RecordKind],
    kind_of: Mapping[str, str] | None = None,
    columns: Any = None,
    site: str | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AnnualReport:
    """Read *paths* and count the tables of *unit*'s report for *year*.

    *same_unit* tells whether a record's unit is *unit* (default: the same name); *kinds* must
    hold ``application`` and ``review``.  Raises what :func:`read_tables` raises for a file
    that cannot be read at all.  *progress*, if given, is called with the bytes read so far
    and their total, as by :func:`~govflow.compliance.check.run_check`.
    """
    report = AnnualReport(unit, year)
    match = same_unit if same_unit is not None else (lambda name: name.strip() == unit.strip())
    first, last = date(year, 1, 1), date(year, 12, 31)
    seen: dict[str, dict[str, tuple[str, int]]] = {}
    paths = list(paths)
    sizes = [file_size(p) for p in paths]
    total, done = sum(sizes), 0
    if progress is not None:
        progress(0, total)
    for path, size in zip(paths, sizes, strict=True):
        streams, _ = read_tables(
            path,
            kind=(kind_of or {}).get(str(path)),
            kinds=kinds,
            columns=columns,
            site=site,
            sheet=sheet,
        )
        for stream in streams:
            summary = stream.summary
            if progress is not None:
                stream.watch(_ticker(progress, done, size, total))
            stream.unique_ids(seen.setdefault(stream.kind.name, {}))
            count = {"application": _application, "review": _review}.get(stream.kind.name)
            try:
                for item in stream:
                    if isinstance(item, Rejected):
                        if count is not None:  # another kind's bad rows are that kind's affair
                            report.rejected.append(item)
                        continue
                    if count is None:
                        _leave_out(report, summary, item, OTHER_KIND)
                        continue
                    name = str(item.get("unit", ""))
                    if not match(name):
                        _leave_out(report, summary, item, OTHER_UNIT)
                        continue
                    why = count(report, item, first, last)
                    if isinstance(why, _Refused):
                        summary.reject(item.line)
                        report.rejected.append(
                            Rejected(item.source, item.line, why.field, why.reason)
                        )
                    elif why is not None:
                        _leave_out(report, summary, item, why)
            finally:
                stream.close()
            report.set_aside.extend(summary.set_aside_rows)
            report.files.append(summary)
        done += size
        if progress is not None:
            progress(done, total)
    report.finish()
    return report


def _ticker(
    progress: Callable[[int, int], None], base: int, size: int, total: int
) -> Callable[[int], None]:
    """A stream's tick (its bytes read) as progress over all the files."""
    return lambda n: progress(base + min(n, size), total)


def _leave_out(report: AnnualReport, summary: FileSummary, item: Record, why: str) -> None:
    summary.leave_out(str(item.get("unit", "")))
    report.left_out[why] = report.left_out.get(why, 0) + 1


@frozen
class _Refused:
    """Why a record read well cannot be counted: it is rejected, naming the field."""

    field: str
    reason: str


def _listed(values: Iterable[str]) -> str:
    return "、".join(f"「{v}」" for v in values)


def _reject(field_name: str, reason: str) -> _Refused:
    return _Refused(field_name, reason)


def _application(
    report: AnnualReport, rec: Record, first: date, last: date
) -> str | _Refused | None:
    """Count *rec* in table 三; ``None`` when counted, else why not (a rejection is marked)."""
    received: date = rec.get("received")
    replied: date | None = rec.get("replied")
    outcome: str | None = rec.get("outcome")
    year = report.year
    if received > last:
        return f"{year + 1}年及以后收到"
    if replied is not None and replied < first:
        return f"{year - 1}年及以前已答复"
    if outcome is not None and replied is None:
        return _reject(
            "replied",
            f"办理结果为「{outcome}」，但答复日期为空：请填写答复（办结）日期，"
            "年度报告按该日期计入年度",
        )
    applicant: str | None = rec.get("applicant_type")
    if applicant is None:
        return _reject(
            "applicant_type",
            f"申请人类型为空：年度报告表三按申请人类型分列，应为以下之一：{_listed(APPLICANT_TYPES)}",
        )
    done = replied is not None and replied <= last
    if done and outcome is None:
        return _reject(
            "outcome",
            f"答复日期为 {replied}，但办理结果为空：年度报告表三按办理结果计数，"
            f"应为以下之一：{_listed(OUTCOMES)}",
        )
    t = report.table3
    t[NEW_THIS_YEAR if received >= first else CARRIED_IN][applicant] += 1
    if done:
        assert outcome is not None
        t[_ROW_OF[outcome]][applicant] += 1
    else:
        t[CARRIED_OUT][applicant] += 1
    return None


def _review(report: AnnualReport, rec: Record, first: date, last: date) -> str | _Refused | None:
    """Count *rec* in table 四; ``None`` when counted, else why not (a rejection is marked)."""
    received: date = rec.get("received")
    if received < first or received > last:
        return f"复议诉讼不在{report.year}年收到（立案）"
    result: str = rec.get("result")
    concluded: date | None = rec.get("concluded")
    if result == "尚未审结" and concluded is not None and concluded <= last:
        return _reject(
            "result",
            f"结果为「尚未审结」，但审结日期为 {concluded}：请填写审结的结果"
            "（结果维持、结果纠正或其他结果），或清空审结日期",
        )
    if concluded is not None and concluded > last:
        result = "尚未审结"  # as the report stands at 12-31
    report.table4[_BLOCK_OF[rec.get("case_type")]][result] += 1
    return None
