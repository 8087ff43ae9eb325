"""What an import gives back: the :class:`ImportResult` with its corrections and review items, and the import errors."""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from govflow.errors import InputError
from govflow.importer.phrases import (
    PhraseMatch,
)
from govflow.plan.model import Plan
from govflow.plan.units import (
    UnitDirectory,
)


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
    """The id of the directory the names were resolved against (a county's directory id, or the plan id)."""
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
