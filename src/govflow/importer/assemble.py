"""The importer proper: the document's text, cleaned and cut into pieces, assembled into a plan
(header, sections, tasks, safeguards, obligations) with its corrections and review items."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from attrs import evolve

from govflow.importer.clauses import _find_clauses, _parse_clause
from govflow.importer.naming import (
    _clause,
    _has_deadline,
    _is_closing,
    _kind_label,
    _numeral,
    _rule_text,
    _slug,
    _split_title,
    _task_title,
    classify_area,
)
from govflow.importer.phrases import (
    Ambiguity,
    PhrasePattern,
    Untimed,
    parse_phrases,
)
from govflow.importer.recovery import (
    _CN_DATE,
    _CN_DATE_DIGITS,
    _LOST_DATE,
    _NOTICE_TITLE,
    _NUMBER,
    _NUMBER_LOST,
    _PLAIN_DATE,
    _TITLE_LINE,
    _date_splits,
    _Recovery,
    _year_of,
)
from govflow.importer.results import (
    Correction,
    FoundObligation,
    ImportResult,
    PlanImportError,
    ReviewItem,
)
from govflow.importer.structure import _SAFEGUARD_WORDS, _clean_lines, _Piece, _pieces
from govflow.importer.subjects import (
    LEGAL_PATTERNS,
    _applies_to,
    _citation,
    _clause_at,
    _title_for,
    _Units,
)
from govflow.importer.unitnames import COMMON_GROUPS, _directory_for
from govflow.plan.model import Plan, Safeguard, Section, Task
from govflow.plan.obligations import Area, Citation, Obligation, Per
from govflow.plan.units import (
    DirectorySource,
    UnitDirectory,
)
from govflow.text.numerals import parse_number


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
        cited: list[str] = []
        for line in [*header, meta.get("number", "")]:
            for found in _NUMBER.finditer(line):
                if _cites(line, found.start()):
                    # 「根据《…通知》(赣府厅字〔2024〕15号)」: another document's number, not the plan's
                    cited.append(found.group(0))
                    continue
                return f"{found.group('prefix')}〔{found.group('year')}〕{found.group('n')}号"
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
        message = "未找到文号，请填写 number"
        if cited:
            others = "、".join(f"「{c}」" for c in dict.fromkeys(cited))
            message = (
                f"未找到本方案自己的文号（{others}是序言所引文件的文号，未采用），请填写 number"
            )
        self.review.append(ReviewItem("missing", "文号", "", message))
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
            a, b = _citation(text, match.start, match.end)
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


_CITING = re.compile(r"(?:根据|按照|依据|依照|参照|对照|贯彻|落实|执行)")


def _cites(line: str, start: int) -> bool:
    """Whether the document number at *start* of *line* is another document's, cited: right
    after a title in 《》 (「《…通知》(赣府厅字〔2024〕15号)」), in brackets, or after 根据、按照 …."""
    before = line[:start].rstrip()
    if before.endswith(("》", "(", "（", "〈", "[")):
        return True
    return bool(_CITING.search(before))
