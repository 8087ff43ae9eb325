"""Plan documents as counties publish them, read into a govflow plan.

:func:`import_plan` reads the text of a 政务公开工作方案 (a web page copied to text, a ``.docx``
through :func:`read_document`) and returns an :class:`ImportResult`: the :class:`~govflow.plan.model.Plan`,
its plan-file mapping, the unit directory it needs, what was corrected, and what a person must
review.  It finds:

* the title (《…》 of 「关于印发《…》的通知」, or the plan's own title line), the issuer, the
  document number (「于府办字〔2023〕32号」) and the issue date (「2023年6月18日」);
* the sections (「一、」「(一)」, full- or half-width brackets), the numbered tasks (「1.」「1、」)
  with their title (up to the first 「。」) and text, and the safeguards (the items of
  「三、保障措施」);
* the unit clauses 「〔牵头单位:…;责任单位:…〕」 in their variants (〔〕【】[] or (), full- and
  half-width colons and semicolons, 「、」 and 「,」 between names, a comma before 责任单位,
  「县行政审批局(县大数据中心)」, groups such as 「各乡(镇)人民政府」);
* the obligations, from :func:`govflow.importer.phrases.parse_phrases` (timed phrases), each citing the
  sentence it came from; untimed words (「及时」) and ambiguous phrases go to the review list.

Documents are messy; the importer is robust to web-page furniture (breadcrumbs, 「访问量」,
「扫一扫在手机打开当前页」, 「关怀版 无障碍」), full-width digits and spaces, lost line breaks
(tasks run together on one line are split at the next expected task number after a sentence
boundary) and characters lost in copying.  Recovery rules (docs/import.md):

* 「20239月底前」 with plan year 2023 → 「2023年9月底前」: certain, applied and recorded;
  another year (the plan year ± 1) is applied and flagged; otherwise only flagged;
* 「于府办字〔202332」 → 「于府办字〔2023〕32号」 when the plan year is known: applied and flagged;
* 「2023618」 alone on a line of the header → 2023-06-18 when only one split into month and day is
  a date: applied and flagged;
* 「110119120」 before 「热线」「电话」 → 「110、119、120」 when the digits split one way only
  into known service numbers: applied and flagged (never silently).

Units are resolved against a :class:`~govflow.plan.units.UnitDirectory`: the one given, else a built-in
directory whose county the document names (``yudu`` for 于都县), else a directory of the common
group names only (各乡(镇)人民政府, 县政府各部门 …).  A name the directory does not know is kept,
listed as a warning with the closest known names, and added to a generated directory (its kind
guessed from the name: 镇/乡/街道 → township, …中心 → institution …) that the plan file must
reference: :attr:`ImportResult.needs_directory_file`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from attrs import evolve, field, frozen

from govflow.errors import InputError
from govflow.importer.phrases import (
    Ambiguity,
    PhraseMatch,
    PhrasePattern,
    Untimed,
    parse_phrases,
)
from govflow.periods.core import parse_period
from govflow.plan.model import Plan, Safeguard, Section, Task
from govflow.plan.obligations import Area, Citation, Deadline, Obligation, Per, TimeRule
from govflow.plan.units import (
    DirectorySource,
    Unit,
    UnitDirectory,
    UnitError,
    UnitGroup,
    UnitKind,
    normalize_unit_name,
)
from govflow.text.numerals import normalize_text, parse_number

__all__ = [
    "COMMON_GROUPS",
    "LEGAL_PATTERNS",
    "Correction",
    "DocumentError",
    "FoundObligation",
    "ImportResult",
    "PlanImportError",
    "ReviewItem",
    "import_plan",
    "read_document",
]


class DocumentError(InputError):
    """The document cannot be read (missing, not text, not a .docx, an unsupported format)."""

    label = "文件无法读取"


class PlanImportError(InputError):
    """The text is readable but holds no plan: no numbered tasks, no year."""

    label = "无法导入方案"


@frozen
class Correction:
    """A change the importer made to the words of the document, and why."""

    where: str
    """文号, 印发日期, 任务6, 三(一) …"""
    original: str
    corrected: str
    reason: str
    certain: bool
    """``True`` when the context settles it (listed as done); ``False``: also a review item."""


@frozen
class ReviewItem:
    """Something a person must check in the imported plan."""

    kind: str
    """``unknown-unit``, ``recovered``, ``ambiguous``, ``untimed``, ``implied``, ``missing``,
    ``renumbered``, ``no-units``, ``unit-kind``, ``area``."""
    where: str
    text: str
    message: str
    suggestions: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return _REVIEW_LABELS.get(self.kind, self.kind)


_REVIEW_LABELS = {
    "unknown-unit": "未知单位",
    "recovered": "字符恢复",
    "ambiguous": "含义不确定",
    "untimed": "无具体时限",
    "implied": "法定期限推断",
    "missing": "缺少内容",
    "renumbered": "任务编号",
    "no-units": "未确定责任单位",
    "unit-kind": "单位类别推断",
}


@frozen
class FoundObligation:
    """An obligation the importer found, with the phrase and the text it came from."""

    obligation: str
    """The obligation id in the plan."""
    where: str
    """The task number or safeguard key (``6``, ``三(一)``)."""
    match: PhraseMatch
    """The phrase; its span is in :attr:`source`."""
    source: str
    """The text of the task or safeguard the span refers to."""
    clause: str


@frozen
class ImportResult:
    """What :func:`import_plan` found, built and could not settle."""

    plan: Plan
    directory: UnitDirectory
    """The directory that resolves every unit of the plan (generated entries included)."""
    base_directory: str
    """The id of the directory the names were resolved against (``yudu``, or the plan id)."""
    directory_source: str
    """Where :attr:`base_directory` comes from: ``builtin`` (a plan file can name its id),
    ``given`` (the *directory* argument) or ``common`` (only the common group names)."""
    unknown_units: tuple[str, ...]
    corrections: tuple[Correction, ...]
    review: tuple[ReviewItem, ...]
    warnings: tuple[str, ...]
    found: tuple[FoundObligation, ...]
    source: str = ""
    generated_units: tuple[str, ...] = field(default=())
    """Names added to :attr:`directory` by the importer (unknown units, guessed kinds)."""

    @property
    def builtin_units(self) -> bool:
        """Whether :attr:`base_directory` is a built-in directory id a plan file can name."""
        return self.directory_source == "builtin"

    @property
    def needs_directory_file(self) -> bool:
        """Whether the plan file needs :meth:`directory_toml` written beside it: some unit is
        unknown, or no directory was given and none is built in for the county."""
        return bool(self.generated_units) or self.directory_source == "common"

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit name the tasks use, in order of first appearance."""
        seen: dict[str, None] = {}
        for t in self.plan.tasks:
            for n in (*t.lead, *t.responsible):
                seen.setdefault(n, None)
        return tuple(seen)

    def to_dict(self, units: str | None = None) -> dict[str, Any]:
        """The plan-file mapping; *units* is the ``units`` reference (default: the base id)."""
        from govflow.plan.planfile import plan_to_dict

        data = plan_to_dict(self.plan)
        data["units"] = units or self.base_directory
        return data

    def to_toml(self, units: str | None = None) -> str:
        """The plan file, with the review list as comments at the top."""
        import tomli_w

        head = [
            f"# 由 govflow import 生成{'（' + self.source + '）' if self.source else ''}。"
            "导入结果须经人工核对。"
        ]
        if self.corrections:
            head.append("# 已更正：")
            head.extend(
                f"#   {c.where}：「{c.original}」→「{c.corrected}」（{c.reason}）"
                for c in self.corrections
            )
        if self.review:
            head.append(f"# 需要人工核对（{len(self.review)} 项）：")
            head.extend(f"#   [{r.label}] {r.where}：{_one_line(r.message)}" for r in self.review)
        return "\n".join(head) + "\n\n" + tomli_w.dumps(self.to_dict(units), multiline_strings=True)

    def directory_toml(self) -> str:
        """The unit directory file the plan needs when :attr:`needs_directory_file`."""
        import tomli_w

        head = [f"# 单位名录：由 govflow import 生成（{self.plan.title}）。"]
        if self.generated_units:
            head.append("# 以下单位不在已知名录中，类别按名称推断，请核对：")
            head.extend(f"#   {n}" for n in self.generated_units)
        return "\n".join(head) + "\n\n" + tomli_w.dumps(self.directory.to_dict())

    def summary(self) -> dict[str, int]:
        rules = [o.rule for o in self.plan.obligations()]
        return {
            "sections": len(self.plan.sections),
            "tasks": len(self.plan.tasks),
            "safeguards": len(self.plan.safeguards),
            "units": len(self.units),
            "unknown_units": len(self.unknown_units),
            "obligations": len(rules),
            "deadlines": sum(r.kind == "deadline" for r in rules),
            "recurrences": sum(r.kind == "recurrence" for r in rules),
            "quotas": sum(r.kind == "quota" for r in rules),
        }

    def report(self) -> str:
        """The review report in Chinese (what was found, what was corrected, what to check)."""
        p = self.plan
        s = self.summary()
        lines = [
            f"导入：{p.title}（{p.number}，{p.issued.isoformat()}）",
            f"找到：{s['sections']} 个章节、{s['tasks']} 项任务、{s['safeguards']} 项保障措施、"
            f"{s['units']} 个单位（名录 {self.base_directory}，其中 {s['unknown_units']} 个未知）、"
            f"{s['obligations']} 项义务（期限 {s['deadlines']}、周期 {s['recurrences']}、"
            f"数量要求 {s['quotas']}）",
        ]
        if self.warnings:
            lines.append("提示：")
            lines.extend(f"  - {w}" for w in self.warnings)
        if self.corrections:
            lines.append(f"已更正（{len(self.corrections)} 处）：")
            for c in self.corrections:
                flag = "" if c.certain else "，待核对"
                lines.append(
                    f"  - {c.where}：「{c.original}」→「{c.corrected}」（{c.reason}{flag}）"
                )
        if self.review:
            lines.append(f"需要人工核对（{len(self.review)} 项）：")
            for r in self.review:
                hint = f"；最接近：{'、'.join(r.suggestions)}" if r.suggestions else ""
                lines.append(f"  [{r.label}] {r.where}：{r.message}{hint}")
        else:
            lines.append("没有需要人工核对的事项。")
        return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Reading documents


def read_document(path: str | Path) -> str:
    """The text of a plan document: UTF-8 / GB18030 / UTF-16 text, or a ``.docx`` file.

    A ``.docx`` is read with the standard library (its paragraphs, tables included, one per
    line); Word's automatic list numbering is not text and is lost.  Raises
    :class:`DocumentError` for anything else.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{p}: 无法读取：{exc.strerror}") from None
    if data[:4] == b"PK\x03\x04":
        return _docx_text(data, str(p))
    if data[:5] == b"%PDF-":
        raise DocumentError(f"{p}: 不支持 PDF，请先另存为文本或 .docx")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocumentError(f"{p}: 不支持旧版 Word (.doc)，请另存为 .docx 或文本")
    return decode_text(data, str(p))


def decode_text(data: bytes, name: str = "<text>") -> str:
    """Decode a text document: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(f"{name}: UTF-16 文本无法解码") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise DocumentError(f"{name}: 不是可读的文本（支持 UTF-8、GB18030、UTF-16 文本和 .docx）")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, name: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise DocumentError(f"{name}: 不是 .docx 文件（缺少 word/document.xml）") from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DocumentError(f"{name}: .docx 内容损坏：{exc}") from None
    lines: list[str] = []
    for para in root.iter(f"{_W}p"):
        parts: list[str] = []
        for el in para.iter():
            if el.tag == f"{_W}t" and el.text:
                parts.append(el.text)
            elif el.tag == f"{_W}tab":
                parts.append("\t")
            elif el.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Cleaning

_FURNITURE = re.compile(
    r"您当前所在位置|当前位置:|首页\s*>|>\s*首页|访问量|浏览量|浏览次数|阅读次数|点击数|扫一扫|"
    r"关怀版|无障碍|长辈版|打印本页|打印此页|打印文章|关闭窗口|关闭本页|字号:|字体:|"
    r"\[\s*大\s*中\s*小\s*\]|【\s*大\s*中\s*小\s*】|分享到|上一篇|下一篇|相关链接|相关文章|"
    r"责任编辑|主办单位|承办单位|ICP备|网站标识码|公网安备|版权所有|发布时间:|发布日期:|"
    r"来源:|信息来源|索引号|发布机构|主题分类|文章来源|收藏本页|加入收藏|此件主动公开|此件公开发布|"
    r"此件依申请公开|^\s*\[?\s*(?:打印|关闭|返回顶部|TOP)\s*\]?\s*$"
)
_META_DATE = re.compile(r"成文日期:\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
_META_NUMBER = re.compile(r"(?:发文字号|文号):\s*(\S+)")
_MARKER_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,3}\s*[.、])"
)
_SPACES = re.compile(r"(?<![A-Za-z0-9])[ \t]+|[ \t]+(?![A-Za-z0-9])")


def _clean_lines(text: str) -> tuple[list[str], dict[str, str]]:
    """NFKC-normalised lines without web furniture and blanks; metadata found in the furniture."""
    meta: dict[str, str] = {}
    lines: list[str] = []
    for raw in normalize_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub("", raw.replace("\u200b", "").replace("\ufeff", "")).strip()
        if not line:
            continue
        m = _META_DATE.search(line)
        if m:
            meta.setdefault("date", f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        m = _META_NUMBER.search(line)
        if m:
            meta.setdefault("number", m.group(1))
        if (
            _FURNITURE.search(line)
            and len(line) <= 60
            and "。" not in line
            and not _MARKER_START.match(line)
        ):
            continue
        lines.append(line)
    return lines, meta


# ---------------------------------------------------------------------------------------------
# Structure: splitting lines into headings, tasks and text

_CN_DIGITS = "一二三四五六七八九十"
_MAJOR = re.compile(rf"^([{_CN_DIGITS}]{{1,3}})、")
_SUB = re.compile(rf"^\(([{_CN_DIGITS}]{{1,3}})\)")
_TASK = re.compile(r"^(\d{1,3})\s*[.、](?![0-9])")
_CANDIDATE = re.compile(
    rf"[{_CN_DIGITS}]{{1,3}}、|\([{_CN_DIGITS}]{{1,3}}\)|(?<![0-9.])\d{{1,3}}\s*[.、](?![0-9])"
)
_BOUNDARY_CHARS = "。;!?〕]】)"
_SAFEGUARD_WORDS = ("保障", "组织实施", "工作要求")


@frozen
class _Piece:
    kind: str  # major | sub | task | text
    number: int
    content: str


class _State:
    def __init__(self) -> None:
        self.major = 0
        self.sub = 0
        self.task = 0
        self.after_sub = False
        self.safeguards = False

    def expected(self, kind: str, n: int) -> bool:
        if kind == "major":
            return n == self.major + 1
        if kind == "sub":
            return n == self.sub + 1
        if self.safeguards or self.major == 0:
            return False
        return n == self.task + 1 or (n == 1 and self.after_sub)


def _marker(text: str) -> tuple[str, int, int] | None:
    """(kind, number, length) of the marker *text* starts with."""
    for kind, rx in (("major", _MAJOR), ("sub", _SUB), ("task", _TASK)):
        m = rx.match(text)
        if m:
            try:
                n = parse_number(m.group(1))
            except ValueError:
                return None
            return kind, n, m.end()
    return None


def _is_heading(piece: str) -> bool:
    mk = _marker(piece)
    if mk is None or mk[0] == "task":
        return False
    title = piece[mk[2] :]
    return 2 <= len(title) <= 40 and not any(c in title for c in "。;")


def _next_split(rest: str, state: _State, kind: str | None) -> int:
    for m in _CANDIDATE.finditer(rest, 1):
        p = m.start()
        mk = _marker(rest[p:])
        if mk is None or not state.expected(mk[0], mk[1]):
            continue
        before = rest[p - 1]
        if before in _BOUNDARY_CHARS or (kind in ("major", "sub") and _is_heading(rest[:p])):
            return p
    return len(rest)


def _advance(state: _State, kind: str, n: int, content: str) -> None:
    if kind == "major":
        state.major, state.sub, state.after_sub = n, 0, False
        title = content.split("。", maxsplit=1)[0]
        state.safeguards = any(w in title for w in _SAFEGUARD_WORDS)
    elif kind == "sub":
        state.sub, state.after_sub = n, True
    elif kind == "task":
        state.task, state.after_sub = n, False


def _pieces(lines: Sequence[str]) -> tuple[list[str], list[_Piece]]:
    """Header lines (before 「一、」) and the body's pieces, lost line breaks restored."""
    state = _State()
    header: list[str] = []
    pieces: list[_Piece] = []
    for line in lines:
        rest = line
        if state.major == 0:
            mk = _marker(rest)
            if mk is None or mk[0] != "major" or mk[1] != 1:
                # 「…特制定本方案。一、总体要求」: the body may start inside a line
                m = re.search(r"(?<=[。;])一、", rest)
                if m is None:
                    header.append(rest)
                    continue
                header.append(rest[: m.start()])
                rest = rest[m.start() :]
        first = True
        while rest:
            mk = _marker(rest)
            kind: str | None = None
            if mk is not None and (first or state.expected(mk[0], mk[1])):
                kind = mk[0]
                if kind == "task" and (state.safeguards or state.major == 0):
                    kind = None
                elif (
                    kind == "major"
                    and first
                    and not state.expected("major", mk[1])
                    and mk[1] <= state.major
                ):
                    kind = None  # 「二、三级链接」 at a line start: text, not a heading
            split = _next_split(rest, _copy_after(state, kind, mk, rest), kind)
            chunk = rest[:split]
            if kind is not None and mk is not None:
                content = chunk[mk[2] :].strip()
                _advance(state, kind, mk[1], content)
                pieces.append(_Piece(kind, mk[1], content))
            else:
                pieces.append(_Piece("text", 0, chunk.strip()))
            rest = rest[split:]
            first = False
    return header, pieces


def _copy_after(
    state: _State, kind: str | None, mk: tuple[str, int, int] | None, rest: str
) -> _State:
    new = _State()
    new.major, new.sub, new.task = state.major, state.sub, state.task
    new.after_sub, new.safeguards = state.after_sub, state.safeguards
    if kind is not None and mk is not None:
        _advance(new, kind, mk[1], rest[mk[2] :])
    return new


# ---------------------------------------------------------------------------------------------
# Unit clauses

_KEYS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主责单位": "lead",
    "主责部门": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "配合单位": "responsible",
    "配合部门": "responsible",
    "协办单位": "responsible",
    "参与单位": "responsible",
}
_KEY = "(?:" + "|".join(_KEYS) + ")"
_OPENERS = {"〔": "〕", "[": "]", "【": "】", "(": ")", "〖": "〗"}
_CLAUSE_START = re.compile(rf"[〔\[【(〖]\s*{_KEY}")
_BARE_CLAUSE = re.compile(rf"{_KEY}\s*:")
_KEY_IN_CLAUSE = re.compile(rf"({_KEY})\s*:?")


def _find_clauses(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, content, closed) of each unit clause in *text*."""
    out: list[tuple[int, int, str, bool]] = []
    pos = 0
    while True:
        m = _CLAUSE_START.search(text, pos)
        if m is None:
            break
        opener = text[m.start()]
        closer = _OPENERS[opener]
        depth, i = 0, m.start()
        end = -1
        while i < len(text):
            c = text[i]
            if c == opener:
                depth += 1
            elif c == closer:
                depth -= 1
                if depth == 0:
                    end = i
                    break
            i += 1
        if end < 0:
            stop = text.find("\n", m.start())
            stop = len(text) if stop < 0 else stop
            out.append((m.start(), stop, text[m.start() + 1 : stop], False))
            pos = stop
        else:
            out.append((m.start(), end + 1, text[m.start() + 1 : end], True))
            pos = end + 1
    if not out:
        m = _BARE_CLAUSE.search(text)
        if m is not None:
            stop = text.find("\n", m.start())
            stop = len(text) if stop < 0 else stop
            out.append((m.start(), stop, text[m.start() : stop], True))
    return out


def _split_names(value: str) -> list[str]:
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for c in value:
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        if depth == 0 and c in "、,;，；\t ":
            names.append("".join(current))
            current = []
            continue
        current.append(c)
    names.append("".join(current))
    out = []
    for raw in names:
        n = raw.strip().strip("。.:：")
        n = re.sub(r"^(?:由|以及|及)(?=.{3})", "", n)
        n = re.sub(r"等$", "", n)
        if n:
            out.append(n)
    return out


def _parse_clause(content: str) -> tuple[list[str], list[str]]:
    lead: list[str] = []
    responsible: list[str] = []
    keys = list(_KEY_IN_CLAUSE.finditer(content))
    for i, k in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(content)
        names = _split_names(content[k.end() : end])
        (lead if _KEYS[k.group(1)] == "lead" else responsible).extend(names)
    return lead, responsible


# ---------------------------------------------------------------------------------------------
# Units


def _group(
    name: str, kinds: Sequence[UnitKind], aliases: Sequence[str] = (), note: str = ""
) -> UnitGroup:
    return UnitGroup(name, tuple(kinds), (), tuple(aliases), note)


COMMON_GROUPS: tuple[UnitGroup, ...] = (
    _group(
        "各乡(镇)人民政府",
        [UnitKind.TOWNSHIP],
        [
            "各乡镇人民政府",
            "各乡(镇)",
            "各乡镇",
            "乡镇",
            "各乡(镇、街道)",
            "各乡镇(街道)",
            "各乡(镇)人民政府(街道办事处)",
            "各乡镇人民政府(街道办事处)",
            "各镇人民政府",
            "各乡(镇、场)",
            "各乡镇(场)",
        ],
        "乡镇（街道）人民政府",
    ),
    _group(
        "县政府各部门",
        [UnitKind.GOVERNMENT_OFFICE, UnitKind.DEPARTMENT],
        ["各部门", "县直各部门", "县政府各有关部门"],
    ),
    _group(
        "县政府有关部门",
        [UnitKind.GOVERNMENT_OFFICE, UnitKind.DEPARTMENT],
        ["有关部门", "县直有关部门", "县级有关部门"],
        "方案未列明具体部门，按县政府各部门展开",
    ),
    _group(
        "县直(驻县)有关单位",
        [UnitKind.INSTITUTION, UnitKind.STATIONED],
        ["县直(驻县)单位", "县直有关单位", "驻县单位", "县直各单位", "县直(驻县)各单位"],
        "县直事业单位和驻县单位",
    ),
)
"""Group names the county plans of the region share; the directory of a county govflow has no
built-in directory for starts from these."""

_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|镇人民政府|乡人民政府|镇政府|乡政府|管委会)$")
_STATIONED = (
    "税务",
    "供电",
    "烟草",
    "邮政",
    "气象局",
    "人民银行",
    "人行",
    "移动",
    "电信",
    "联通",
    "消防救援",
    "海关",
    "铁路",
    "国网",
    "银保监",
    "金融监管",
    "公路分局",
    "调查队",
)
_PARTY = re.compile(
    r"^(?:县委|市委|区委|中共|县纪委|县监委|县人大|县政协|团县委|县妇联|县总工会"
    r"|县工商联|县科协|县残联|县委网信)"
)
_INSTITUTION = re.compile(r"(?:中心|站|所|院|台|馆|团|社|公司|学校|医院|研究室)$")


def _guess_kind(name: str) -> UnitKind:
    n = normalize_unit_name(name)
    if _TOWNSHIP.search(n) and not n.startswith("县"):
        return UnitKind.TOWNSHIP
    if re.search(r"政府办(?:公室)?$", n):
        return UnitKind.GOVERNMENT_OFFICE
    if any(w in n for w in _STATIONED):
        return UnitKind.STATIONED
    if _PARTY.search(n):
        return UnitKind.PARTY
    if _INSTITUTION.search(n):
        return UnitKind.INSTITUTION
    return UnitKind.DEPARTMENT


def _guess_group_kinds(name: str) -> tuple[UnitKind, ...]:
    kinds: list[UnitKind] = []
    if re.search(r"乡|镇|街道", name):
        kinds.append(UnitKind.TOWNSHIP)
    if "部门" in name:
        kinds.extend((UnitKind.GOVERNMENT_OFFICE, UnitKind.DEPARTMENT))
    if "单位" in name:
        kinds.extend((UnitKind.INSTITUTION, UnitKind.STATIONED))
    return tuple(dict.fromkeys(kinds))


def _is_group_name(name: str) -> bool:
    return name.startswith("各") or any(w in name for w in ("有关", "各部门", "各单位", "相关"))


_UNIT_SUFFIX = re.compile(
    r"(?:局|委|办|中心|院|所|站|队|公司|部门|政府|办公室|委员会|社|馆|台|联|会)$"
)


def _compound(name: str) -> tuple[str, str] | None:
    """「县行政审批局(县大数据中心)」 → both names; 「各乡(镇)人民政府」 is one name."""
    m = re.fullmatch(r"(.+?)\((.+)\)", name)
    if (
        m
        and len(m.group(2)) >= 3
        and _UNIT_SUFFIX.search(m.group(2))
        and _UNIT_SUFFIX.search(m.group(1))
    ):
        return m.group(1), m.group(2)
    return None


def _directory_for(
    words: str, directories: Iterable[DirectorySource]
) -> tuple[UnitDirectory, DirectorySource] | None:
    """The plugin-shipped directory whose county the document names (its title in *words*)."""
    for source in directories:
        if source.title and source.title in words:
            return source.load(), source
    return None


# ---------------------------------------------------------------------------------------------
# Recovery of lost characters

_HOTLINES = (
    "110",
    "119",
    "120",
    "122",
    "12345",
    "12315",
    "12369",
    "12358",
    "12110",
    "12348",
    "12333",
    "12366",
    "12320",
    "12351",
    "12328",
    "12338",
    "12355",
)


def _hotline_splits(digits: str) -> list[list[str]]:
    out: list[list[str]] = []

    def walk(i: int, acc: list[str]) -> None:
        if len(out) > 1:
            return
        if i == len(digits):
            out.append(list(acc))
            return
        for h in _HOTLINES:
            if digits.startswith(h, i):
                walk(i + len(h), [*acc, h])

    walk(0, [])
    return out


def _date_splits(year: int, rest: str) -> list[date]:
    out = []
    for cut in range(1, len(rest)):
        m, d = rest[:cut], rest[cut:]
        if len(m) > 2 or len(d) > 2:
            continue
        try:
            out.append(date(year, int(m), int(d)))
        except ValueError:
            continue
    return out


class _Recovery:
    def __init__(self, year: int) -> None:
        self.year = year
        self.corrections: list[Correction] = []
        self.review: list[ReviewItem] = []

    def text(self, text: str, where: str) -> str:
        text = re.sub(
            r"(?<![0-9])(20[0-9]{2})([0-9]{1,2})月((?:[0-9]{1,2}日)?(?:底|末)?"
            r"(?:之前|以前|前)?)",
            lambda m: self._year_month(m, where),
            text,
        )
        return re.sub(
            r"(?<![0-9])((?:1[0-9]{2,4}|96[0-9]{3}){2,})(?![0-9])(?=.{0,12}?(?:热线|电话|紧急|报警))",
            lambda m: self._hotlines(m, where),
            text,
        )

    def _year_month(self, m: re.Match[str], where: str) -> str:
        y, mo = int(m.group(1)), int(m.group(2))
        original = m.group(0)
        if not 1 <= mo <= 12:
            return original
        fixed = f"{y}年{mo}月{m.group(3)}"
        if y == self.year:
            self.corrections.append(
                Correction(
                    where,
                    original,
                    fixed,
                    f"年份与月份之间缺少“年”字；方案年度为{self.year}年，可以确定",
                    True,
                )
            )
            return fixed
        if abs(y - self.year) == 1:
            self.corrections.append(
                Correction(
                    where,
                    original,
                    fixed,
                    f"年份与月份之间缺少“年”字；{y}年不是方案年度（{self.year}年）",
                    False,
                )
            )
            self.review.append(
                ReviewItem(
                    "recovered",
                    where,
                    original,
                    f"「{original}」已改为「{fixed}」，但{y}年不是方案年度，请核对",
                )
            )
            return fixed
        self.review.append(
            ReviewItem(
                "recovered",
                where,
                original,
                f"「{original}」疑似缺少“年”字（{y}年{mo}月？），未更改，请核对",
            )
        )
        return original

    def _hotlines(self, m: re.Match[str], where: str) -> str:
        digits = m.group(1)
        splits = _hotline_splits(digits)
        if len(splits) != 1 or len(splits[0]) < 2:
            if len(digits) > 5:
                self.review.append(
                    ReviewItem(
                        "recovered",
                        where,
                        digits,
                        f"「{digits}」疑似几个服务热线号码连在一起，无法确定如何拆分，未更改，请核对",
                    )
                )
            return digits
        fixed = "、".join(splits[0])
        self.corrections.append(
            Correction(
                where,
                digits,
                fixed,
                "几个服务热线号码之间的顿号在复制时丢失；按已知号码拆分",
                False,
            )
        )
        self.review.append(
            ReviewItem(
                "recovered",
                where,
                digits,
                f"「{digits}」已按已知服务热线号码拆分为「{fixed}」，请核对原文",
            )
        )
        return fixed


# ---------------------------------------------------------------------------------------------
# Header: title, issuer, number, date

_CN_DATE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_TITLE_LINE = re.compile(r"^.{2,40}(?:工作方案|实施方案|工作要点|方案|要点|工作计划)$")
_NOTICE_TITLE = re.compile(r"^(?P<issuer>.{0,30}?)关于印发《(?P<title>[^》]{4,60})》")
_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,10})[〔\[](?P<year>\d{4})[〕\]]\s*(?P<n>\d{1,4})\s*号"
)
_NUMBER_LOST = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,10}字?)[〔\[](?P<digits>\d{5,9})(?![\d〕\]号])"
)
_PLAIN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_CN_DATE = re.compile(
    r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
    r"([一二三四五六七八九十]{1,3})日$"
)
_LOST_DATE = re.compile(r"^(20\d{2})(\d{2,4})$")


def _year_of(text: str) -> int | None:
    m = re.search(r"(?<![0-9])(20[0-9]{2})(?:年|—|-)", text)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# Obligations

LEGAL_PATTERNS: tuple[PhrasePattern, ...] = (
    PhrasePattern(
        "law.annual-report",
        re.compile(r"政府信息公开(?:工作)?年度报告"),
        lambda m: Deadline(parse_period("次年1月31日前")),
        "《中华人民共和国政府信息公开条例》第四十九条：每年1月31日前公布上一年度的政府信息公开"
        "工作年度报告",
    ),
)
"""Deadlines the law attaches to what a plan names without a date (the importer flags each)."""

_SENTENCE_END = "。;!?\n"
_SEGMENT_END = "。;!?\n,、:"
_CLAUSE_END = "。;!?\n,:"
_LEADING = re.compile(r"^(?:做到|坚持|要|应当|应|并|将|同时|开展|确保|实行|进一步|切实|全面)+")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    return a, min(ends) if ends else len(text)


def _segments(text: str) -> list[tuple[int, int]]:
    out = []
    a = 0
    for i, c in enumerate(text):
        if c in _SEGMENT_END:
            if i > a:
                out.append((a, i))
            a = i + 1
    if a < len(text):
        out.append((a, len(text)))
    return out


def _title_for(text: str, start: int, end: int, words: str, *, date_first: bool) -> str:
    segs = _segments(text)
    inside = [(a, b) for a, b in segs if a < end and b > start]
    if not inside:
        return words
    a, b = inside[0][0], inside[-1][1]
    title = _LEADING.sub("", text[a:b]).strip()
    if date_first and (normalize_text(title) == normalize_text(words) or len(title) < 4):
        following = [(x, y) for x, y in segs if x >= b]
        if following:  # 「2023年9月底前,做好…清理工作」: the duty follows the date
            title = _LEADING.sub("", text[following[0][0] : following[0][1]]).strip() or title
    title = title.strip("，, ")
    return title if len(title) <= 40 else title[:39] + "…"


class _Units:
    """Resolves, canonicalises and collects the unit names of a document."""

    def __init__(self, base: UnitDirectory) -> None:
        self.base = base
        self.unknown: dict[str, list[str]] = {}  # name -> places
        self.suggestions: dict[str, tuple[str, ...]] = {}
        self.directory = base
        self.generated: list[str] = []

    def canonical(self, name: str, where: str) -> str:
        name = normalize_unit_name(name)
        pair = _compound(name)
        if pair is not None:  # 「县行政审批局(县大数据中心)」: both units, kept as written
            for part in pair:
                try:
                    self.base.lookup(part)
                except UnitError as exc:
                    self._unknown(part, where, exc.suggestions)
            return name
        try:
            return self.base.lookup(name).name
        except UnitError as exc:
            self._unknown(name, where, exc.suggestions)
            return name

    def _unknown(self, name: str, where: str, suggestions: Sequence[str]) -> None:
        places = self.unknown.setdefault(name, [])
        if where not in places:
            places.append(where)
        # a unit's closest names are units, a group's are groups: 「县城管局」 is not close to
        # 「县政府各部门」 because both start with 县
        group = _is_group_name(name)
        self.suggestions[name] = tuple(s for s in suggestions if self.base.is_group(s) == group)

    def build(self) -> UnitDirectory:
        units: list[Unit] = []
        groups: list[UnitGroup] = []
        for name in self.unknown:
            if _is_group_name(name):
                groups.append(
                    UnitGroup(
                        name,
                        _guess_group_kinds(name),
                        (),
                        (),
                        "由 govflow import 生成，成员按名称推断",
                    )
                )
            else:
                units.append(Unit(name, _guess_kind(name)))
            self.generated.append(name)
        if units or groups:
            self.directory = self.base.merged(units, groups)
        return self.directory

    def names(self) -> list[tuple[str, str]]:
        """(spelling, canonical name) of every unit and group, longest spelling first."""
        out: list[tuple[str, str]] = []
        for u in self.directory.units:
            for s in (u.name, *u.aliases, u.full_name):
                if s:
                    out.append((normalize_unit_name(s), u.name))
        for g in self.directory.groups:
            for s in (g.name, *g.aliases):
                out.append((normalize_unit_name(s), g.name))
        out.sort(key=lambda x: -len(x[0]))
        return out


_LONGER_NAME = re.compile(
    r"[^\W\d_要应将会每在对于由及和与须必并]{1,8}(?:中心|局|委|办|站|所|院|队|公司)"
)


def _subject(text: str, names: Sequence[tuple[str, str]]) -> list[str]:
    """The units a text starts with: 「县大数据中心每周…」, 「各乡(镇)、各部门要…」."""
    found: list[str] = []
    pos = 0
    while pos < len(text):
        hit = next(((s, c) for s, c in names if s and text.startswith(s, pos)), None)
        if hit is None:
            break
        if hit[1] not in found:
            found.append(hit[1])
        pos += len(hit[0])
        if pos < len(text) and text[pos] in "、,和及与":
            pos += 1
            continue
        break
    if not found or pos >= len(text) or _LONGER_NAME.match(text, pos):
        return []  # 「各乡镇综合便民服务中心要…」: 各乡镇 begins another unit's name
    return found


def _clause_at(text: str, start: int) -> str:
    """The comma-level clause of *text* around *start* (「、」 does not end it)."""
    a = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    ends = [i for i in (text.find(c, start) for c in _CLAUSE_END) if i >= 0]
    return text[a : min(ends) if ends else len(text)]


def _applies_to(
    text: str, start: int, end: int, names: Sequence[tuple[str, str]], look_back: bool
) -> list[str]:
    """The units an obligation names as its subject: its clause, its sentence, then (for the
    safeguards) the sentences before it."""
    found = _subject(_clause_at(text, start), names)
    if found:
        return found
    s_start, _ = _sentence(text, start, end)
    found = _subject(text[s_start:], names)
    if found or not look_back:
        return found
    cursor = s_start - 1  # the boundary that ends the previous sentence
    while cursor > 0:
        a = max(text.rfind(c, 0, cursor) for c in _SENTENCE_END) + 1
        found = _subject(text[a:], names)
        if found:
            return found
        cursor = a - 1
    return []


# ---------------------------------------------------------------------------------------------
# The importer


class _Importer:
    def __init__(
        self,
        text: str,
        *,
        year: int | None,
        directory: UnitDirectory | None,
        extra_patterns: Iterable[PhrasePattern],
        source: str,
        plan_id: str | None,
        areas: Iterable[Area] = (),
        directories: Iterable[DirectorySource] = (),
    ) -> None:
        self.raw = text
        self.areas = tuple(areas)
        self.year_arg = year
        self.directory_arg = directory
        self.directories = tuple(directories)
        self.extra = (*tuple(extra_patterns), *LEGAL_PATTERNS)
        self.source = source
        self.plan_id = plan_id
        self.warnings: list[str] = []
        self.review: list[ReviewItem] = []
        self.corrections: list[Correction] = []
        self.untimed: dict[str, list[str]] = {}

    def run(self) -> ImportResult:
        lines, meta = _clean_lines(self.raw)
        header, pieces = _pieces(lines)
        if not any(p.kind == "task" for p in pieces):
            raise PlanImportError("未找到编号的任务（「1.」「2.」…）：文本不像一份政务公开工作方案")
        title, issuer, title_line = self._title(header)
        year = self._year(title, header, meta)
        recovery = _Recovery(year)
        number = self._number(header, meta, year, recovery)
        issued = self._issued(header, pieces, meta, year, recovery)
        preamble = self._preamble(header, title, title_line)
        if not issuer:
            issuer = self._issuer_fallback(header, title)
        words = f"{title}{issuer}{number}"
        named = _directory_for(words, self.directories) if self.directory_arg is None else None
        base = named[0] if named else self.directory_arg
        shipped = {s.id: s for s in self.directories}
        builtin = base is not None and (
            named is not None or (base.id in shipped and base == shipped[base.id].load())
        )
        source = "builtin" if builtin else ("given" if base is not None else "common")
        plan_id = self.plan_id or (
            f"{base.id}-{year}" if base is not None and builtin else _slug(self.source, year)
        )
        if base is None:
            county = re.match(r"^(.{2,8}?[县市区旗])", title)
            base = UnitDirectory(plan_id, county.group(1) if county else title, (), COMMON_GROUPS)
            self.warnings.append(
                f"没有「{base.title}」的单位名录：单位按方案原文保留，并生成单位名录（类别按名称推断）"
            )
        units = _Units(base)
        sections, raw_tasks, raw_safeguards = self._structure(pieces)
        tasks = []
        titles = {s.id: s.title for s in sections}
        for number_, section, body in raw_tasks:
            task = self._task(number_, section, body, units, recovery)
            area = self._area(task, titles.get(section, ""))
            tasks.append(evolve(task, area=area) if area else task)
        safeguards = [self._safeguard(sid, body, recovery) for sid, body in raw_safeguards]
        directory = units.build()
        names = units.names()
        found: list[FoundObligation] = []
        built_tasks = []
        for t in tasks:
            obligations = self._obligations(
                t.text,
                str(t.number),
                _clause(t.section, t.number),
                number,
                t.area,
                names,
                found,
                look_back=False,
                default_units=bool(t.lead or t.responsible),
            )
            built_tasks.append(
                Task(
                    t.number, t.section, t.title, t.text, t.lead, t.responsible, t.area, obligations
                )
            )
        built_safeguards = []
        for s in safeguards:
            obligations = self._obligations(
                s.text,
                f"三{s.id}",
                f"三、{s.id}",
                number,
                "safeguards",
                names,
                found,
                look_back=True,
                default_units=False,
            )
            built_safeguards.append(Safeguard(s.id, s.title, s.text, obligations))
        for word, places in self.untimed.items():
            where_list = "、".join(dict.fromkeys(places))
            self.review.append(
                ReviewItem(
                    "untimed",
                    where_list,
                    word,
                    f"「{word}」没有具体时限（共{len(places)}处），未生成义务；如有期限请在方案文件中补充",
                )
            )
        self.corrections.extend(recovery.corrections)
        self.review[:0] = recovery.review
        for name, places in units.unknown.items():
            self.review.append(
                ReviewItem(
                    "unknown-unit",
                    "、".join(places),
                    name,
                    f"「{name}」不在单位名录「{base.title or base.id}」中，已保留并加入生成的名录"
                    f"（类别推断为{_kind_label(name)}）",
                    units.suggestions.get(name, ()),
                )
            )
        if units.unknown:
            self.warnings.append(f"{len(units.unknown)} 个单位不在名录中（见核对清单），未删除")
        plan = Plan(
            id=plan_id,
            title=title,
            number=number,
            issued=issued,
            year=year,
            issuer=issuer,
            directory=directory,
            sections=tuple(sections),
            tasks=tuple(built_tasks),
            safeguards=tuple(built_safeguards),
            preamble=preamble,
            units_ref=base.id if builtin else "",
        )
        return ImportResult(
            plan=plan,
            directory=directory,
            base_directory=base.id,
            directory_source=source,
            unknown_units=tuple(units.unknown),
            corrections=tuple(self.corrections),
            review=tuple(self.review),
            warnings=tuple(self.warnings),
            found=tuple(found),
            source=self.source,
            generated_units=tuple(units.generated),
        )

    # -- header -------------------------------------------------------------------------------

    def _title(self, header: Sequence[str]) -> tuple[str, str, int]:
        title, issuer, line_no = "", "", -1
        for line in header:
            m = _NOTICE_TITLE.match(line)
            if m and "》的" in line:
                title, issuer = m.group("title"), m.group("issuer")
                break
        for i, line in enumerate(header):
            if (title and line == title) or (
                not title and _TITLE_LINE.match(line) and "关于" not in line
            ):
                line_no = i
                title = title or line
        if not title:
            title = "未命名方案"
            self.review.append(ReviewItem("missing", "标题", "", "未找到方案标题，请填写 title"))
        return title, issuer, line_no

    def _year(self, title: str, header: Sequence[str], meta: Mapping[str, str]) -> int:
        found = _year_of(title)
        if self.year_arg is not None:
            if found is not None and found != self.year_arg:
                self.warnings.append(f"标题中的年度为{found}年，按 --year 使用{self.year_arg}年")
            return self.year_arg
        if found is not None:
            return found
        for line in header:
            m = _NUMBER.search(line)
            if m:
                return int(m.group("year"))
        if "date" in meta:
            return int(meta["date"][:4])
        raise PlanImportError("无法确定方案年度：标题中没有年份，请用 --year 指定")

    def _number(
        self, header: Sequence[str], meta: Mapping[str, str], year: int, recovery: _Recovery
    ) -> str:
        for line in [*header, meta.get("number", "")]:
            m = _NUMBER.search(line)
            if m:
                return f"{m.group('prefix')}〔{m.group('year')}〕{m.group('n')}号"
        for line in header:
            m = _NUMBER_LOST.match(line)
            if not m:
                continue
            digits, prefix = m.group("digits"), m.group("prefix")
            if digits.startswith(str(year)) and len(digits) > 4:
                fixed = f"{prefix}〔{year}〕{int(digits[4:])}号"
                recovery.corrections.append(
                    Correction(
                        "文号",
                        m.group(0),
                        fixed,
                        f"括号“〕”和“号”在复制时丢失；按方案年度{year}年补全",
                        False,
                    )
                )
                recovery.review.append(
                    ReviewItem(
                        "recovered",
                        "文号",
                        m.group(0),
                        f"「{m.group(0)}」已恢复为「{fixed}」（按方案年度{year}年拆分），请核对",
                    )
                )
                return fixed
            self.review.append(
                ReviewItem(
                    "recovered",
                    "文号",
                    m.group(0),
                    f"「{m.group(0)}」疑似文号但无法确定年份与序号，请填写 number",
                )
            )
            return m.group(0)
        self.review.append(ReviewItem("missing", "文号", "", "未找到文号，请填写 number"))
        return "文号待补"

    def _issued(
        self,
        header: Sequence[str],
        pieces: Sequence[_Piece],
        meta: Mapping[str, str],
        year: int,
        recovery: _Recovery,
    ) -> date:
        tail = [p.content for p in pieces[-6:] if p.kind == "text"]
        for line in [*header, *tail]:
            m = _PLAIN_DATE.match(line)
            if m:
                try:
                    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    continue
            m = _CN_DATE.match(line)
            if m:
                try:
                    y = int("".join(str(_CN_DATE_DIGITS[c]) for c in m.group(1)))
                    return date(y, parse_number(m.group(2)), parse_number(m.group(3)))
                except (ValueError, KeyError):
                    continue
        if "date" in meta:
            y, mo, dd = (int(x) for x in meta["date"].split("-"))
            try:
                return date(y, mo, dd)
            except ValueError:
                pass
        for line in header:
            m = _LOST_DATE.match(line)
            if not m:
                continue
            y = int(m.group(1))
            options = _date_splits(y, m.group(2))
            if len(options) == 1 and abs(y - year) <= 1:
                d = options[0]
                fixed = f"{d.year}年{d.month}月{d.day}日"
                recovery.corrections.append(
                    Correction(
                        "印发日期",
                        line,
                        fixed,
                        "“年”“月”“日”在复制时丢失；月、日只有一种拆法",
                        False,
                    )
                )
                recovery.review.append(
                    ReviewItem(
                        "recovered", "印发日期", line, f"「{line}」已恢复为 {d.isoformat()}，请核对"
                    )
                )
                return d
            readings = "、".join(o.isoformat() for o in options) or "无"
            self.review.append(
                ReviewItem(
                    "recovered",
                    "印发日期",
                    line,
                    f"「{line}」疑似印发日期，但可读作：{readings}；未采用",
                )
            )
        fallback = date(year, 1, 1)
        self.review.append(
            ReviewItem(
                "missing",
                "印发日期",
                "",
                f"未找到印发日期，暂用 {fallback.isoformat()}，请填写 issued（“年底前”等期限从该日起算）",
            )
        )
        return fallback

    def _preamble(self, header: Sequence[str], title: str, title_line: int) -> str:
        if title_line < 0:
            return ""
        body = [line for line in header[title_line + 1 :] if line != title]
        return "\n".join(body)

    def _issuer_fallback(self, header: Sequence[str], title: str) -> str:
        for line in header:
            if re.fullmatch(r".{2,20}(?:人民政府办公室|人民政府办公厅|人民政府|办公室)", line):
                return line
        county = re.match(r"^(.{2,8}?[县市区旗])", title)
        issuer = f"{county.group(1)}人民政府办公室" if county else "发文机关待补"
        self.review.append(
            ReviewItem(
                "missing", "发文机关", "", f"未找到发文机关，暂填「{issuer}」，请核对 issuer"
            )
        )
        return issuer

    # -- body ---------------------------------------------------------------------------------

    def _structure(
        self, pieces: Sequence[_Piece]
    ) -> tuple[list[Section], list[tuple[int, str, list[str]]], list[tuple[str, list[str]]]]:
        sections: list[Section] = []
        section_text: dict[str, list[str]] = {}
        tasks: list[tuple[int, str, list[str]]] = []
        safeguards: list[tuple[str, list[str]]] = []
        major = ""
        current_section = ""
        in_safeguards = False
        target: list[str] | None = None
        last_number = 0
        ended = False
        for p in pieces:
            if ended:
                continue
            if p.kind == "major":
                major = _numeral(p.number)
                title, rest = _split_title(p.content)
                sections.append(Section(major, title))
                section_text[major] = [rest] if rest else []
                current_section = major
                in_safeguards = any(w in title for w in _SAFEGUARD_WORDS)
                target = section_text[major]
            elif p.kind == "sub":
                sid = f"({_numeral(p.number)})"
                if in_safeguards:
                    safeguards.append((sid, [p.content]))
                    target = safeguards[-1][1]
                else:
                    title, rest = _split_title(p.content)
                    current_section = f"{major}{sid}"
                    sections.append(Section(current_section, title))
                    section_text[current_section] = [rest] if rest else []
                    target = section_text[current_section]
            elif p.kind == "task":
                number = p.number
                if number <= last_number:
                    number = last_number + 1
                    self.review.append(
                        ReviewItem(
                            "renumbered",
                            f"任务{number}",
                            p.content[:20],
                            f"原编号 {p.number} 与前面的任务重复或倒序，已按出现顺序编为 {number}",
                        )
                    )
                last_number = number
                tasks.append((number, current_section or major, [p.content]))
                target = tasks[-1][2]
            else:
                if _is_closing(p.content):
                    ended = bool(safeguards) or bool(tasks)
                    continue
                if target is not None and p.content:
                    target.append(p.content)
        out_sections = [
            Section(s.id, s.title, "\n".join(section_text.get(s.id, []))) for s in sections
        ]
        return out_sections, tasks, safeguards

    def _area(self, task: Task, section_title: str) -> str:
        area = classify_area(self.areas, section_title, task.title, task.text)
        if area:
            self.review.append(
                ReviewItem(
                    "area", f"任务{task.number}", task.title, f"按关键词归入领域 {area}，请核对"
                )
            )
        return area

    def _task(
        self, number: int, section: str, body: list[str], units: _Units, recovery: _Recovery
    ) -> Task:
        where = f"任务{number}"
        content = "\n".join(body)
        lead: list[str] = []
        responsible: list[str] = []
        clauses = _find_clauses(content)
        for start, end, clause, closed in reversed(clauses):
            ld, rs = _parse_clause(clause)
            lead[:0] = ld
            responsible[:0] = rs
            content = content[:start] + content[end:]
            if not closed:
                self.review.append(
                    ReviewItem(
                        "recovered", where, clause[:30], "单位括注缺少右括号，已读到行尾，请核对"
                    )
                )
        text = recovery.text(content.strip(), where)
        if not clauses:
            self.review.append(
                ReviewItem(
                    "no-units",
                    where,
                    "",
                    "未找到〔牵头单位/责任单位〕括注，请补充 lead/responsible",
                )
            )
        title = _task_title(text)
        return Task(
            number,
            section,
            title,
            text,
            tuple(dict.fromkeys(units.canonical(n, where) for n in lead)),
            tuple(dict.fromkeys(units.canonical(n, where) for n in responsible)),
        )

    def _safeguard(self, sid: str, body: list[str], recovery: _Recovery) -> Safeguard:
        where = f"三{sid}"
        text = recovery.text("\n".join(body).strip(), where)
        return Safeguard(sid, _task_title(text), text)

    def _obligations(
        self,
        text: str,
        key: str,
        clause_id: str,
        number: str,
        area: str,
        names: Sequence[tuple[str, str]],
        found: list[FoundObligation],
        *,
        look_back: bool,
        default_units: bool,
    ) -> tuple[Obligation, ...]:
        where = f"任务{key}" if key[0].isdigit() else key
        out: list[Obligation] = []
        counters: dict[str, int] = {}
        untimed: list[str] = []
        matches = parse_phrases(text, extra_patterns=self.extra)
        for match in matches:
            if match.pattern.startswith("law.") and _has_deadline(text, match, matches):
                continue  # 「于次年1月31日前公布…年度报告」: the plan's own words settle it
            if any(isinstance(v, Untimed) for v in match.values):
                untimed.append(match.text)
                continue
            a, b = _sentence(text, match.start, match.end)
            clause = text[a:b].strip()
            if any(isinstance(v, Ambiguity) for v in match.values):
                for v in match.values:
                    if isinstance(v, Ambiguity):
                        self.review.append(
                            ReviewItem(
                                "ambiguous",
                                where,
                                match.text,
                                f"「{clause}」中的「{match.text}」：{v.reason}；未生成义务",
                            )
                        )
                continue
            applies = _applies_to(text, match.start, match.end, names, look_back)
            per = Per.VILLAGE if "以村为单位" in _clause_at(text, match.start) else Per.UNIT
            base_title = _title_for(
                text, match.start, match.end, match.text, date_first=match.kind == "deadline"
            )
            for rule in match.rules:
                n = counters.get(rule.kind, 0) + 1
                counters[rule.kind] = n
                oid = f"{key}.{rule.kind}" + (f"-{n}" if n > 1 else "")
                title = base_title if len(match.rules) == 1 else _rule_text(rule) or base_title
                if match.pattern.startswith("law."):
                    note = next((p.note for p in self.extra if p.id == match.pattern), "")
                    title = f"{match.text}（{note.split('：')[0]}：{_rule_text(rule)}）"
                    self.review.append(
                        ReviewItem(
                            "implied",
                            where,
                            match.text,
                            f"「{match.text}」原文未写期限，按{note}设为「{rule.describe()}」，请核对",
                        )
                    )
                if not applies and not default_units:
                    self.review.append(
                        ReviewItem(
                            "no-units",
                            where,
                            match.text,
                            f"义务 {oid}（{title}）未能从原文确定责任单位，请填写 applies_to",
                        )
                    )
                out.append(
                    Obligation(
                        id=oid,
                        title=title,
                        rule=rule,
                        citation=Citation(number, clause_id, clause),
                        applies_to=tuple(applies),
                        per=per,
                        area=area,
                        task=key,
                        origin="plan",
                    )
                )
                found.append(FoundObligation(oid, key, match, text, clause))
        for word in untimed:
            self.untimed.setdefault(word, []).append(where)
        return tuple(out)


def _has_deadline(text: str, match: PhraseMatch, matches: Sequence[PhraseMatch]) -> bool:
    a, b = _sentence(text, match.start, match.end)
    return any(
        m is not match and a <= m.start < b and m.kind == "deadline" and m.timed for m in matches
    )


def _rule_text(rule: TimeRule) -> str:
    if isinstance(rule, Deadline):
        return rule.describe()
    return rule.text


def _kind_label(name: str) -> str:
    if _is_group_name(name):
        return "单位组"
    return _guess_kind(name).label


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _split_title(content: str) -> tuple[str, str]:
    title, sep, rest = content.partition("。")
    title = title.strip().rstrip(":")
    return title, rest.strip() if sep else ""


def classify_area(areas: Iterable[Area], section_title: str, title: str, text: str) -> str:
    """The id of the area whose keywords the task matches best ("" when none matches).

    The section heading and the task's title weigh three times its text: 「深化重点领域信息公开」
    over a passing mention of 网站 in the body.
    """
    best, best_score = "", 0
    for area in areas:
        score = sum(
            3 * (section_title.count(k) + title.count(k)) + text.count(k) for k in area.keywords
        )
        if score > best_score:
            best, best_score = area.id, score
    return best


def _task_title(text: str) -> str:
    first = text.split("\n", maxsplit=1)[0]
    title = first.split("。")[0].strip()
    return title if len(title) <= 60 else title[:59] + "…"


def _clause(section: str, number: int) -> str:
    m = re.fullmatch(r"([一二三四五六七八九十]+)(.*)", section)
    return f"{m.group(1)}、{m.group(2)}{number}" if m else f"{section}{number}"


def _is_closing(line: str) -> bool:
    return bool(
        re.match(r"^(?:附件|抄送|抄报|主送)", line)
        or _PLAIN_DATE.match(line)
        or _CN_DATE.match(line)
        or _LOST_DATE.match(line)
        or re.fullmatch(r".{2,20}(?:人民政府办公室|人民政府办公厅|人民政府)", line)
    )


def _slug(source: str, year: int) -> str:
    stem = Path(source).stem.lower() if source else ""
    stem = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._")
    if stem and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", stem):
        return stem
    return f"plan-{year}"


def import_plan(
    text: str,
    *,
    year: int | None = None,
    directory: UnitDirectory | None = None,
    extra_patterns: Iterable[PhrasePattern] = (),
    source: str = "",
    plan_id: str | None = None,
    areas: Iterable[Area] = (),
    directories: Iterable[DirectorySource] = (),
) -> ImportResult:
    """Read the text of a plan document into a plan (see the module docstring).

    *year* overrides the year of the title; *directory* the unit directory (by default a
    built-in one the document names, else the common groups only); *extra_patterns* add phrase
    patterns (``Registry.phrase_patterns()``); *source* names the document (the plan id is taken
    from its file name when no built-in directory matches); *plan_id* sets the id; *areas*
    (``Registry.areas()``) assign each task the area whose keywords its section and text match
    best, so that area plugins bind their obligations to the imported plan (flagged for review);
    *directories* (``Registry.unit_directories().values()``) are the unit directories whose county
    the document may name.

    Raises :class:`PlanImportError` when the text holds no numbered tasks or no year.
    """
    return _Importer(
        text,
        year=year,
        directory=directory,
        extra_patterns=extra_patterns,
        source=source,
        plan_id=plan_id,
        areas=areas,
        directories=directories,
    ).run()
