"""The annual reports' own text: 缺项 and 雷同 (task 10 of the Yudu plan: 「规范政府信息公开年报格式,
杜绝年报雷同、缺项漏项等问题」).

The format (《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号; grade G: reports
that cite it, such as 浑南区国资局's 2022 report, print these six parts) has six parts:
一、总体情况; 二、主动公开政府信息情况; 三、收到和处理政府信息公开申请情况; 四、政府信息公开行政复议、
行政诉讼情况; 五、存在的主要问题及改进情况; 六、其他需要报告的事项.

Records of kind ``annual_report`` (:data:`ANNUAL_REPORT`) give each unit's report for a year, its
text in the row (``text``) or in a file the row names (``file``: ``.txt``/``.md``, ``.html``, or
``.docx`` with the ``office`` extra; a relative path is taken from the record file's folder).

* :class:`SectionsRule` (缺项): a report lacks a part when no line starts with the part's numeral
  (一、…六、) and names it (its key words: 行政复议 and 行政诉讼 for part 四, 存在的主要问题 and
  改进情况 for part 五).
* :class:`SimilarityRule` (雷同): the free text of parts 一 and 五 (the parts a unit writes for
  itself; the tables of 二–四 share the format's labels in every report) is compared, as sets of
  four-character runs of its Chinese and Latin letters (digits, punctuation and the unit's own
  name left out), with every other unit's report of the same year and the unit's own report of
  the year before.  A share of common runs (Jaccard) at :attr:`AnnualReportSettings.similar_percent`
  or above is 雷同.  Neither the plan nor the format gives a number: 80 is govflow's default, a
  setting, and every finding says so.  Texts of fewer than :attr:`~AnnualReportSettings.min_chars`
  letters are too short to judge and are reported as such.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import attrs
from attrs import frozen

from govflow.compliance.base import Rule
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding, Status
from govflow.compliance.kinds import FieldSpec, FieldType, Record, RecordKind
from govflow.compliance.ogiform import FORMAT_CITATION, TABLE3_TITLE, TABLE4_TITLE
from govflow.plan.obligations import Citation, Severity
from govflow.plan.settings import positive_int

__all__ = [
    "ANNUAL_REPORT",
    "FORMAT",
    "PARTS",
    "PLAN_TEXT",
    "AnnualReportSettings",
    "SectionsRule",
    "SimilarityRule",
    "at_least",
    "parts_of",
    "similarity",
]

T, N = FieldType.TEXT, FieldType.INT


def _f(name: str, type_: FieldType, label: str, *aliases: str, required: bool = False) -> FieldSpec:
    return FieldSpec(name, type_, label, required, (name, label, *aliases), "")


ANNUAL_REPORT = RecordKind(
    "annual_report",
    "政府信息公开工作年度报告正文",
    (
        _f("unit", T, "单位", "报告单位", "发布单位", "单位名称", required=True),
        _f("year", N, "报告年度", "年度", required=True),
        _f("text", T, "正文", "报告正文", "全文"),
        _f("file", T, "正文文件", "文件", "文件路径", "报告文件"),
    ),
    file_names=("年报正文", "年度报告正文", "annual_reports", "annual-reports"),
    doc="One unit's annual report for one year: its text, or the file that holds it.",
)

#: The plan's sentence (于府办字〔2023〕32号 二、(四)10).
PLAN_TEXT = Citation(
    document="于府办字〔2023〕32号",
    clause="二、(四)10",
    text="规范政府信息公开年报格式,杜绝年报雷同、缺项漏项等问题",
)
FORMAT = Citation(
    document=FORMAT_CITATION,
    clause="报告正文六部分",
    text=(
        "一、总体情况 二、主动公开政府信息情况 "
        f"{TABLE3_TITLE} {TABLE4_TITLE} 五、存在的主要问题及改进情况 六、其他需要报告的事项"
    ),
    grade="G",
)

#: The six parts: numeral, the format's title, the words a heading must hold.
PARTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("一", "总体情况", ("总体情况",)),
    ("二", "主动公开政府信息情况", ("主动公开",)),
    ("三", TABLE3_TITLE.removeprefix("三、"), ("政府信息公开申请",)),
    ("四", TABLE4_TITLE.removeprefix("四、"), ("行政复议", "行政诉讼")),
    ("五", "存在的主要问题及改进情况", ("存在的主要问题", "改进")),
    ("六", "其他需要报告的事项", ("其他需要报告的事项",)),
)
_HEADING = re.compile(r"^[\s\u3000]*([一二三四五六])[、.．]\s*(.*)$")
_LETTERS = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
_RUN = 4  # characters per compared run
_TEXT_SUFFIXES = (".txt", ".md")
_HTML_SUFFIXES = (".html", ".htm")


@frozen
class AnnualReportSettings:
    """*similar_percent*: the share of common four-character runs (Jaccard, in percent) from
    which two reports are 雷同 (govflow's default, no official number); *min_chars*: the letters
    parts 一 and 五 need to be compared at all."""

    similar_percent: int = attrs.field(default=80, validator=positive_int)
    min_chars: int = attrs.field(default=100, validator=positive_int)


def parts_of(text: str) -> dict[str, tuple[int, int]]:
    """Where each part the text has begins and ends (line indices), by its numeral; a numbered
    line is a part's heading when it holds the part's key words."""
    lines = text.splitlines()
    keys = {numeral: words for numeral, _, words in PARTS}
    starts: dict[str, int] = {}  # the first heading of each part
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and m.group(1) not in starts and all(w in m.group(2) for w in keys[m.group(1)]):
            starts[m.group(1)] = i
    out = {}
    ordered = sorted(starts.items(), key=lambda s: s[1])
    for n, (numeral, first) in enumerate(ordered):
        last = ordered[n + 1][1] if n + 1 < len(ordered) else len(lines)
        out[numeral] = (first, last)
    return out


def _runs(text: str, drop: Iterable[str]) -> frozenset[str]:
    letters = "".join(_LETTERS.findall(text))
    for word in drop:
        letters = letters.replace(word, "")
    return frozenset(letters[i : i + _RUN] for i in range(len(letters) - _RUN + 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard share of common runs, 0..1 (two empty sets: 0)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def at_least(a: frozenset[str], b: frozenset[str], percent: int) -> bool:
    """Whether :func:`similarity` is *percent* % or more, in whole numbers (no rounding)."""
    union = len(a | b)
    return bool(union) and len(a & b) * 100 >= percent * union


@frozen
class _Report:
    unit: str
    year: int
    ref: str
    text: str


def _read_file(record: Record) -> str:
    """The text of the file a row names (``ValueError(field, reason)`` when it cannot be read)."""
    raw = str(record.data["file"]).strip()
    path = Path(raw)
    if not path.is_absolute():
        path = Path(record.source).parent / path
    suffix = path.suffix.lower()
    if suffix not in (*_TEXT_SUFFIXES, *_HTML_SUFFIXES, ".docx"):
        raise ValueError(
            "file",
            f"正文文件 {raw!r} 的类型 {suffix or '（无扩展名）'} 无法读取；应为 .txt、.md、.html 或 .docx",
        )
    if not path.is_file():
        raise ValueError(
            "file", f"正文文件 {raw!r} 不存在（按记录文件所在目录解释相对路径：{path}）"
        )
    if suffix == ".docx":
        try:
            import docx
        except ImportError:
            raise ValueError(
                "file", f"读取 .docx 正文文件 {raw!r} 需要 Word 支持：请安装 govflow[office]"
            ) from None
        try:
            document = docx.Document(str(path))
        except Exception as exc:  # a damaged file: python-docx raises several kinds
            raise ValueError("file", f"正文文件 {raw!r} 不是可读的 .docx 文件：{exc}") from None
        return "\n".join(p.text for p in document.paragraphs)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError("file", f"正文文件 {raw!r} 无法读取：{exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValueError("file", f"正文文件 {raw!r} 不是 UTF-8 或 GB18030 文本")
    if suffix in _HTML_SUFFIXES:
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
        text = re.sub(r"(?i)<br\s*/?>|</(p|div|h[1-6]|li|tr)>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


class _Reports(Rule):
    """Collects the reports (shared by the two rules: each reads the rows itself)."""

    consumes = frozenset({"annual_report"})

    def __init__(self, *, id: str, title: str, area: str, source: Citation, threshold: str) -> None:
        self.id = id
        self.title = title
        self.area = area
        self.source = source
        self.severity = Severity.DEDUCT
        self.threshold = threshold
        self.reports: dict[tuple[str, int], _Report] = {}

    def feed(self, record: Record, ctx: Context) -> None:
        unit = ctx.unit_of(record)
        if unit is None:
            return
        year = int(record.data["year"])
        text = record.data.get("text")
        try:
            if record.data.get("file"):
                if text:
                    raise ValueError("file", "同一行既有“正文”又有“正文文件”：只能给出一种")
                text = _read_file(record)
            elif not text:
                raise ValueError("text", "缺少年度报告正文：应填“正文”或“正文文件”")
        except ValueError as exc:
            field, reason = exc.args
            ctx.reject(record, field, reason)
            return
        key = (unit, year)
        if key in self.reports:
            ctx.reject(
                record,
                "year",
                f"{unit} 的 {year} 年度报告已在 {self.reports[key].ref} 给出；每个单位每年一份",
            )
            return
        self.reports[key] = _Report(unit, year, record.ref, str(text))

    def finding(
        self, report: _Report, status: Status, explanation: str, action: str = ""
    ) -> Finding:
        return Finding(
            self.id,
            self.title,
            self.area,
            status,
            self.severity,
            report.unit,
            self.source,
            entity=f"{report.year}年度报告",
            evidence=(report.ref,),
            evidence_count=1,
            threshold=self.threshold,
            explanation=explanation,
            action=action,
        )


class SectionsRule(_Reports):
    """缺项: each report has the format's six parts (see the module)."""

    def finish(self, ctx: Context) -> Iterable[Finding]:
        for key in sorted(self.reports):
            report = self.reports[key]
            found = parts_of(report.text)
            missing = [f"{n}、{title}" for n, title, _ in PARTS if n not in found]
            if missing:
                yield self.finding(
                    report,
                    Status.VIOLATED,
                    f"{report.year}年度报告缺少{len(missing)}部分：{'；'.join(missing)}",
                    f"按年度报告格式补齐{'、'.join(m.split('、', 1)[0] for m in missing)}部分并重新发布",
                )
            else:
                yield self.finding(report, Status.MET, f"{report.year}年度报告六部分齐全")


class SimilarityRule(_Reports):
    """雷同: parts 一 and 五 compared with the same year's other reports and the unit's report of
    the year before (see the module)."""

    def __init__(
        self,
        *,
        id: str,
        title: str,
        area: str,
        source: Citation,
        threshold: str,
        settings: AnnualReportSettings,
    ) -> None:
        super().__init__(id=id, title=title, area=area, source=source, threshold=threshold)
        self.settings = settings

    def _narrative(self, report: _Report) -> str:
        lines = report.text.splitlines()
        found = parts_of(report.text)
        spans = [found[n] for n in ("一", "五") if n in found]
        if not spans:
            return report.text  # no headings to go by: the whole text
        return "\n".join("\n".join(lines[a + 1 : b]) for a, b in spans)

    def finish(self, ctx: Context) -> Iterable[Finding]:
        s = self.settings
        runs: dict[tuple[str, int], frozenset[str]] = {}
        short: set[tuple[str, int]] = set()
        for key, report in self.reports.items():
            narrative = self._narrative(report)
            if len("".join(_LETTERS.findall(narrative))) < s.min_chars:
                short.add(key)
            runs[key] = _runs(narrative, _names(report.unit))
        for key in sorted(self.reports):
            report = self.reports[key]
            if key in short:
                yield self.finding(
                    report,
                    Status.NOT_APPLICABLE,
                    f"“总体情况”“存在的主要问题及改进情况”两部分的文字不足{s.min_chars}字，"
                    "无从判断是否雷同",
                )
                continue
            alike = []
            for other in sorted(self.reports):
                same_year = other[1] == key[1] and other[0] != key[0]
                last_year = other == (key[0], key[1] - 1)
                if other in short or not (same_year or last_year):
                    continue
                if at_least(runs[key], runs[other], s.similar_percent):
                    score = similarity(runs[key], runs[other])
                    whom = f"本单位{other[1]}年度报告" if last_year else other[0]
                    alike.append((score, f"{whom}（{self.reports[other].ref}，相似度{score:.0%}）"))
            alike.sort(key=lambda a: -a[0])
            if alike:
                yield self.finding(
                    report,
                    Status.VIOLATED,
                    f"{report.year}年度报告的“总体情况”“存在的主要问题及改进情况”与"
                    + "、".join(text for _, text in alike)
                    + f"雷同（相似度达到{s.similar_percent}%即视为雷同）",
                    "结合本单位本年度工作实际重写雷同部分并重新发布",
                )
            else:
                yield self.finding(report, Status.MET, f"{report.year}年度报告未见雷同")


def _names(unit: str) -> tuple[str, ...]:
    """The unit's name as a report writes it (县财政局, 财政局): left out of the compared text."""
    short = unit.removeprefix("县")
    return (unit, short) if short != unit and len(short) >= 2 else (unit,)
