"""The plan file format: a plan as human-editable TOML, read and written losslessly.

A plan is data, never code: nothing in a plan file is executed.  Every validation error names the
file, the key path and what was expected (docs/plan.md documents every key).  Obligations
take one time rule each::

    [[tasks.obligations]]
    id = "6.cleanup"
    title = "行政规范性文件系统清理"
    clause = "2023年9月底前，做好行政规范性文件系统清理工作"
    deadline = "2023年9月底前"                       # a calendar anchor, or:
    # deadline = { period = "5个工作日", trigger = "收到留言" }
    # recurrence = { rrule = "FREQ=WEEKLY;BYDAY=MO", text = "每周一", on_rest_day = "following" }
    # quota = { minimum = 2, window = "week", counts = "post", where = { column = "动态" } }
    applies_to = ["县政府各部门", "各乡(镇)人民政府"]   # default: the task's responsible units
    per = "unit"                                      # unit | village | all
    settings = { max_extension_workdays = 20 }        # typed, per rule kind (``params`` too)

An obligation's ``settings`` are read against the settings class of its rule kind
(:func:`govflow.plan.obligations.default_settings`), or, for an obligation that overrides a
plugin's template (same id), against that template's class (``settings=`` of
:func:`read_plan`; :meth:`govflow.plugins.Registry.load_plan` passes the installed templates').
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from attrs import frozen

from govflow.errors import InputError
from govflow.periods.core import Period, PeriodError
from govflow.plan.model import AreaScope, Plan, Safeguard, Section, Task
from govflow.plan.obligations import (
    Citation,
    Deadline,
    Evidence,
    Obligation,
    Per,
    Quota,
    Recurrence,
    RestDayRule,
    Severity,
    TimeRule,
    Window,
    default_settings,
)
from govflow.plan.planwriter import dump_plan, plan_to_dict
from govflow.plan.settings import SettingError, Settings, settings_from_table
from govflow.plan.units import DirectorySource, UnitDirectory, UnitError, load_directory
from govflow.text.files import FileRefused, TooDeep, parse_nested, read_limited

__all__ = [
    "PlanError",
    "PlanSource",
    "dump_plan",
    "plan_from_dict",
    "plan_to_dict",
    "read_plan",
]


@frozen
class PlanSource:
    """A plan file a plugin ships (``govflow_plans``)."""

    id: str
    path: Path
    title: str = ""


class PlanError(InputError):
    """A plan file is malformed; ``path`` is the file and ``key`` the key path."""

    label = "方案文件有误"

    def __init__(self, path: str, key: str, message: str) -> None:
        self.path = path
        self.key = key
        super().__init__(f"{path}: {key}: {message}" if key else f"{path}: {message}")


_TOP_KEYS = {
    "id",
    "title",
    "number",
    "issued",
    "year",
    "issuer",
    "units",
    "villages",
    "address",
    "preamble",
    "sections",
    "tasks",
    "safeguards",
    "areas",
}
_TASK_KEYS = {"number", "section", "title", "text", "lead", "responsible", "area", "obligations"}
_SAFEGUARD_KEYS = {"id", "title", "text", "obligations"}
_OBLIGATION_KEYS = {
    "id",
    "title",
    "clause",
    "deadline",
    "recurrence",
    "quota",
    "applies_to",
    "per",
    "settings",
    "params",
    "source",
    "area",
    "evidence",
    "severity",
}


class _Reader:
    def __init__(
        self,
        path: str,
        base: Path | None,
        directories: Mapping[str, DirectorySource],
        settings: Mapping[str, type[Settings]] | None = None,
    ) -> None:
        self.path = path
        self.base = base
        self.directories = directories
        self.template_settings = settings or {}
        self.year: int | None = None  # the plan's year, once read: recurrences must occur in it

    def fail(self, key: str, message: str) -> PlanError:
        return PlanError(self.path, key, message)

    def table(self, data: object, key: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(key, f"应为表（table），实际为 {type(data).__name__}")
        return data

    def where(self, t: Mapping[str, Any], key: str) -> dict[str, Any]:
        """A ``where`` table: ``field = value``, a list of values, or ``{ not = [...] }``."""
        where = t.get("where", {})
        if not isinstance(where, Mapping):
            raise self.fail(f"{key}.where", "应为“字段 = 值”筛选条件的表")
        for name, value in where.items():
            if isinstance(value, Mapping) and (
                set(value) != {"not"} or not isinstance(value["not"], list)
            ):
                raise self.fail(
                    f"{key}.where.{name}",
                    '表形式的条件只能是 { not = ["值", ...] }（排除所列的值）',
                )
        return dict(where)

    def keys(self, data: Mapping[str, Any], allowed: set[str], key: str) -> None:
        extra = sorted(set(data) - allowed)
        if extra:
            raise self.fail(
                key, f"未知的键 {'、'.join(extra)}；可用的键：{'、'.join(sorted(allowed))}"
            )

    def text(self, data: Mapping[str, Any], name: str, key: str, *, required: bool = True) -> str:
        value = data.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{key}.{name}" if key else name, f"应为非空字符串，实际为 {value!r}")
        return value.strip()

    def names(self, data: Mapping[str, Any], name: str, key: str) -> tuple[str, ...]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{key}.{name}", f"应为单位名称的列表，实际为 {value!r}")
        return tuple(v.strip() for v in value)

    def table_list(self, data: Mapping[str, Any], name: str, key: str) -> list[Mapping[str, Any]]:
        value = data.get(name, [])
        if not isinstance(value, list):
            raise self.fail(f"{key}{name}", "应为表的数组（[[...]]）")
        return [self.table(v, f"{key}{name}[{i}]") for i, v in enumerate(value)]

    # -- the plan -----------------------------------------------------------------------------

    def plan(self, data: Mapping[str, Any]) -> Plan:
        self.keys(data, _TOP_KEYS, "")
        plan_id = self.text(data, "id", "")
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", plan_id):
            raise self.fail("id", f"应为小写编号（如 'county-2023'），实际为 {plan_id!r}")
        issued = data.get("issued")
        if type(issued) is not date:
            raise self.fail("issued", f"应为日期（如 2023-06-18），实际为 {issued!r}")
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2200:
            raise self.fail("year", f"应为方案年度（如 2023），实际为 {year!r}")
        self.year = year
        units_ref = self.text(data, "units", "")
        directory = self.directory(units_ref)
        villages_ref = self.text(data, "villages", "", required=False)
        if villages_ref:
            directory = self.villages(directory, villages_ref)
        sections = []
        for i, raw in enumerate(self.table_list(data, "sections", "")):
            key = f"sections[{i}]"
            self.keys(raw, {"id", "title", "text"}, key)
            sections.append(
                Section(
                    self.text(raw, "id", key),
                    self.text(raw, "title", key),
                    self.text(raw, "text", key, required=False),
                )
            )
        section_ids = {s.id for s in sections}
        number = self.text(data, "number", "")
        ctx = _Context(number, directory)
        tasks = []
        seen_numbers: set[int] = set()
        for i, raw in enumerate(self.table_list(data, "tasks", "")):
            key = f"tasks[{i}]"
            self.keys(raw, _TASK_KEYS, key)
            num = raw.get("number")
            if not isinstance(num, int) or isinstance(num, bool) or num < 1:
                raise self.fail(f"{key}.number", f"应为任务序号（如 1），实际为 {num!r}")
            if num in seen_numbers:
                raise self.fail(f"{key}.number", f"任务 {num} 出现了两次")
            seen_numbers.add(num)
            section = self.text(raw, "section", key)
            if section_ids and section not in section_ids:
                raise self.fail(
                    f"{key}.section",
                    f"没有部分 {section!r}；已有的部分：{'、'.join(sorted(section_ids))}",
                )
            lead = self.names(raw, "lead", key)
            responsible = self.names(raw, "responsible", key)
            for field_name, names in (("lead", lead), ("responsible", responsible)):
                for j, n in enumerate(names):
                    self.unit(directory, n, f"{key}.{field_name}[{j}]")
            area = self.text(raw, "area", key, required=False)
            clause = f"{_section_clause(section)}{num}"
            obligations = tuple(
                self.obligation(
                    o,
                    f"{key}.obligations[{j}]",
                    ctx,
                    task=str(num),
                    area=area,
                    clause=clause,
                    index=j,
                )
                for j, o in enumerate(self.table_list(raw, "obligations", f"{key}."))
            )
            tasks.append(
                Task(
                    num,
                    section,
                    self.text(raw, "title", key),
                    self.text(raw, "text", key),
                    lead,
                    responsible,
                    area,
                    obligations,
                )
            )
        safeguards = []
        for i, raw in enumerate(self.table_list(data, "safeguards", "")):
            key = f"safeguards[{i}]"
            self.keys(raw, _SAFEGUARD_KEYS, key)
            sid = self.text(raw, "id", key)
            obligations = tuple(
                self.obligation(
                    o,
                    f"{key}.obligations[{j}]",
                    ctx,
                    task=f"三{sid}",
                    area="safeguards",
                    clause=f"三、{sid}",
                    index=j,
                )
                for j, o in enumerate(self.table_list(raw, "obligations", f"{key}."))
            )
            safeguards.append(
                Safeguard(
                    sid, self.text(raw, "title", key), self.text(raw, "text", key), obligations
                )
            )
        ids: dict[str, str] = {}
        owners: list[tuple[str, Task | Safeguard]] = [
            *((f"tasks[{i}]", t) for i, t in enumerate(tasks)),
            *((f"safeguards[{i}]", s) for i, s in enumerate(safeguards)),
        ]
        for owner_key, t in owners:
            for j, o in enumerate(t.obligations):
                if o.id in ids:
                    raise self.fail(
                        f"{owner_key}.obligations[{j}].id",
                        f"义务编号 {o.id!r} 用了两次（任务 {ids[o.id]} 和 {t.key}）",
                    )
                ids[o.id] = t.key
        scopes = self.areas(data.get("areas", {}), tasks, directory)
        return Plan(
            id=plan_id,
            title=self.text(data, "title", ""),
            number=number,
            issued=issued,
            year=year,
            issuer=self.text(data, "issuer", ""),
            directory=directory,
            sections=tuple(sections),
            tasks=tuple(tasks),
            safeguards=tuple(safeguards),
            preamble=self.text(data, "preamble", "", required=False),
            address=self.text(data, "address", "", required=False),
            units_ref=units_ref,
            villages_ref=villages_ref,
            scopes=scopes,
        )

    def areas(
        self, value: object, tasks: list[Task], directory: UnitDirectory
    ) -> tuple[AreaScope, ...]:
        """The ``[areas]`` table: ``safety = { tasks = [12, 13], units = ["县应急管理局"] }``."""
        table = self.table(value, "areas")
        numbers = sorted(t.number for t in tasks)
        scopes = []
        for area, raw in table.items():
            key = f"areas.{area}"
            if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", area):
                raise self.fail(
                    key, f"领域编号应为小写字母、数字和连字符，如 safety，而不是 {area!r}"
                )
            entry = self.table(raw, key)
            extra = sorted(set(entry) - {"tasks", "units"})
            if extra:
                raise self.fail(
                    key, f"未知的键 {'、'.join(extra)}；应为 tasks（任务编号）或 units（单位）"
                )
            found = entry.get("tasks", [])
            if not isinstance(found, list) or not all(
                isinstance(n, int) and not isinstance(n, bool) for n in found
            ):
                raise self.fail(
                    f"{key}.tasks", f"应为任务编号的列表，如 [12, 13]，而不是 {found!r}"
                )
            for j, n in enumerate(found):
                if n not in numbers:
                    span = f"{numbers[0]}–{numbers[-1]}" if numbers else "无"
                    raise self.fail(f"{key}.tasks[{j}]", f"方案中没有任务 {n}（任务编号：{span}）")
            units = self.names(entry, "units", key)
            for j, n in enumerate(units):
                try:
                    directory.expand(n, where=key)
                except UnitError:
                    raise self.fail(
                        f"{key}.units[{j}]", f"单位名录 {directory.id!r} 中没有单位 {n!r}"
                    ) from None
            if not found and not units:
                raise self.fail(key, "应给出 tasks（任务编号）或 units（单位）")
            scopes.append(AreaScope(area, tuple(str(n) for n in found), units))
        return tuple(scopes)

    def directory(self, ref: str) -> UnitDirectory:
        if re.fullmatch(r"[a-z0-9_-]+", ref) and ref not in self.directories:
            known = "、".join(sorted(self.directories)) or "无（未安装提供单位名录的插件）"
            raise self.fail(
                "units",
                f"单位名录 {ref!r} 不存在：应为已安装插件提供的名录编号（已有：{known}），"
                "或名录文件路径（.toml）",
            )
        try:
            if ref in self.directories:
                source = self.directories[ref]
                if source.villages is None:
                    return source.load()
                from govflow.plan.villages import apply_villages, load_villages

                directory = source.load()
                return apply_villages(directory, load_villages(source.villages, directory))
            path = Path(ref)
            if not path.is_absolute() and self.base is not None:
                path = self.base / path
            return load_directory(path, bases=self.directories)
        except ValueError as exc:
            raise self.fail("units", f"无法载入单位名录 {ref!r}：{exc}") from None

    def villages(self, directory: UnitDirectory, ref: str) -> UnitDirectory:
        """The ``villages`` file (relative to the plan file) applied to *directory*."""
        from govflow.plan.villages import apply_villages, load_villages

        path = Path(ref)
        if not path.is_absolute() and self.base is not None:
            path = self.base / path
        return apply_villages(directory, load_villages(path, directory))

    def unit(self, directory: UnitDirectory, name: str, key: str) -> None:
        try:
            directory.expand(name, where=key)
        except UnitError as exc:
            hint = f"；相近的单位：{'、'.join(exc.suggestions)}" if exc.suggestions else ""
            raise self.fail(key, f"单位名录中没有单位 {name!r}{hint}") from None

    def obligation(
        self,
        raw: Mapping[str, Any],
        key: str,
        ctx: _Context,
        *,
        task: str,
        area: str,
        clause: str,
        index: int,
    ) -> Obligation:
        self.keys(raw, _OBLIGATION_KEYS, key)
        rules = [k for k in ("deadline", "recurrence", "quota") if k in raw]
        if len(rules) != 1:
            raise self.fail(
                key,
                "应有且只有一条时间规则：deadline、recurrence 或 quota"
                + (f"（现有 {'、'.join(rules)}）" if rules else ""),
            )
        rule = self.rule(rules[0], raw[rules[0]], f"{key}.{rules[0]}", owner=raw.get("id"))
        text = raw.get("clause")
        if not isinstance(text, str) or not text.strip():
            raise self.fail(
                f"{key}.clause",
                "缺少引文：请写出这条义务所依据的方案原文",
            )
        applies = self.names(raw, "applies_to", key)
        for j, n in enumerate(applies):
            self.unit(ctx.directory, n, f"{key}.applies_to[{j}]")
        per_raw = raw.get("per", "unit")
        try:
            per = Per(per_raw)
        except ValueError:
            raise self.fail(
                f"{key}.per", f"应为 unit、village 或 all，实际为 {per_raw!r}"
            ) from None
        oid = raw.get("id", f"{task}.{index + 1}")
        if not isinstance(oid, str) or not re.fullmatch(r"[\w.()\-]+", oid):
            raise self.fail(f"{key}.id", f"应为义务编号（如 '10.weekly-updates'），实际为 {oid!r}")
        settings = self.settings(raw, key, oid, rule)
        document = raw.get("source", ctx.number)
        if not isinstance(document, str):
            raise self.fail(f"{key}.source", "应为所引文件的名称")
        severity_raw = raw.get("severity", "deduct")
        try:
            severity = Severity(severity_raw)
        except ValueError:
            raise self.fail(
                f"{key}.severity", f"应为 breach、veto、deduct 或 reminder，实际为 {severity_raw!r}"
            ) from None
        return Obligation(
            id=oid,
            title=self.text(raw, "title", key),
            rule=rule,
            citation=Citation(document, clause, text.strip()),
            applies_to=applies,
            per=per,
            area=str(raw.get("area", area)),
            task=task,
            origin="plan",
            settings=settings,
            evidence=self.evidence(raw.get("evidence"), f"{key}.evidence", rule),
            severity=severity,
        )

    def settings(self, raw: Mapping[str, Any], key: str, oid: str, rule: TimeRule) -> Settings:
        """The obligation's typed settings: its ``settings`` table (``params``, the older name,
        is accepted too) read against the class of the template it overrides or of its rule."""
        given = [name for name in ("settings", "params") if name in raw]
        if len(given) > 1:
            raise self.fail(
                f"{key}.settings", "settings 与 params 是同一项（params 为旧名），只能写一个"
            )
        name = given[0] if given else "settings"
        table = raw.get(name, {})
        if not isinstance(table, Mapping):
            raise self.fail(
                f"{key}.{name}", f"应为设置项的表（如 {{ max_gap_days = 10 }}），实际为 {table!r}"
            )
        cls = self.template_settings.get(oid) or type(default_settings(rule))
        try:
            return settings_from_table(cls, table)
        except SettingError as exc:
            raise self.fail(f"{key}.{name}.{exc.name}", exc.detail) from None

    def evidence(self, value: object, key: str, rule: TimeRule) -> Evidence | None:
        if value is None:
            return None
        t = self.table(value, key)
        names = (
            "trigger",
            "done",
            "ends",
            "unless",
            "restart",
            "pause_start",
            "pause_end",
            "pause_received",
            "extension",
            "extension_approved",
        )
        self.keys(t, {"kind", "where", "requires", *names}, key)
        where = self.where(t, key)
        fields: dict[str, Any] = {}
        for name in names:
            v = t.get(name)
            if v is not None and not isinstance(v, str):
                raise self.fail(f"{key}.{name}", "应为记录字段名")
            fields[name] = v
        requires = t.get("requires", [])
        if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
            raise self.fail(f"{key}.requires", "应为记录字段名的列表")
        if isinstance(rule, Deadline) and rule.trigger is not None and not fields["trigger"]:
            raise self.fail(
                f"{key}.trigger",
                '自触发事件起算的期限须写明起算的记录字段，如 trigger = "received"',
            )
        return Evidence(self.text(t, "kind", key), dict(where), requires=tuple(requires), **fields)

    def rule(self, kind: str, value: object, key: str, *, owner: object = None) -> TimeRule:
        if kind == "deadline":
            if isinstance(value, str):
                return Deadline(self.period(value, key), None)
            t = self.table(value, key)
            self.keys(t, {"period", "trigger"}, key)
            trigger = t.get("trigger")
            if trigger is not None and not isinstance(trigger, str):
                raise self.fail(f"{key}.trigger", "应为触发事件的文字")
            return Deadline(self.period(self.text(t, "period", key), f"{key}.period"), trigger)
        t = self.table(value, key)
        if kind == "recurrence":
            self.keys(t, {"rrule", "text", "on_rest_day"}, key)
            rrule = self.text(t, "rrule", key)
            who = f"义务 {owner} 的" if isinstance(owner, str) else ""
            try:
                from dateutil.rrule import rrulestr

                rrulestr(rrule, dtstart=date(2023, 1, 2))
                interval = re.search(r"(?:^|[;:])INTERVAL=([^;]*)", rrule.upper())
                if interval and not (interval.group(1).isdigit() and int(interval.group(1))):
                    raise ValueError("INTERVAL 应为正整数")  # 0 never advances
            except (ValueError, TypeError) as exc:
                raise self.fail(
                    f"{key}.rrule",
                    f"{who}{rrule!r} 不是 RFC 5545 的 RRULE（如 'FREQ=WEEKLY;BYDAY=MO'）：{exc}",
                ) from None
            if self.year is not None:
                from govflow.plan.schedule import rrule_problem

                problem = rrule_problem(rrule, self.year)
                if problem is not None:
                    raise self.fail(f"{key}.rrule", f"{who}重复规则 {problem}")
            try:
                on_rest = RestDayRule(t.get("on_rest_day", "following"))
            except ValueError:
                raise self.fail(f"{key}.on_rest_day", "应为 following、preceding 或 keep") from None
            return Recurrence(rrule, self.text(t, "text", key, required=False), on_rest)
        self.keys(t, {"minimum", "window", "counts", "where", "text"}, key)
        minimum = t.get("minimum")
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
            raise self.fail(f"{key}.minimum", f"应为正整数，实际为 {minimum!r}")
        try:
            window = Window(t.get("window"))
        except ValueError:
            raise self.fail(
                f"{key}.window", f"应为 week、month、quarter 或 year，实际为 {t.get('window')!r}"
            ) from None
        where = self.where(t, key)
        return Quota(
            minimum,
            window,
            self.text(t, "counts", key),
            dict(where),
            self.text(t, "text", key, required=False),
        )

    def period(self, text: str, key: str) -> Period:
        try:
            return Period.parse(text)
        except PeriodError as exc:
            raise self.fail(key, str(exc)) from None


class _Context:
    def __init__(self, number: str, directory: UnitDirectory) -> None:
        self.number = number
        self.directory = directory


def _section_clause(section: str) -> str:
    """二(四) → 二、(四)"""
    m = re.fullmatch(r"([一二三四五六七八九十]+)(.*)", section)
    return f"{m.group(1)}、{m.group(2)}" if m else section


def plan_from_dict(
    data: Mapping[str, Any],
    *,
    path: str = "<plan>",
    base: Path | None = None,
    directories: Mapping[str, DirectorySource] | None = None,
    settings: Mapping[str, type[Settings]] | None = None,
) -> Plan:
    """Build and validate a :class:`Plan` from a parsed TOML mapping.

    *directories* resolves a ``units`` id (``Registry.unit_directories()``); a path is read as a
    directory file, relative to *base*.  *settings* gives the settings class of each plugin
    template by id (``Registry.template_settings()``): a plan obligation of that id is read
    against it; any other against its rule kind's class.
    """
    return _Reader(path, base, directories or {}, settings).plan(data)


def read_plan(
    path: str | Path,
    *,
    directories: Mapping[str, DirectorySource] | None = None,
    settings: Mapping[str, type[Settings]] | None = None,
) -> Plan:
    """Read and validate a plan file (TOML); *directories* and *settings* as for
    :func:`plan_from_dict`.

    Plans by id, with the plugins' obligations bound, come from
    :meth:`govflow.plugins.Registry.load_plan`.
    """
    p = Path(path)
    try:
        text = read_limited(p).decode("utf-8-sig")
    except FileRefused as exc:
        raise PlanError(str(p), "", f"无法读取方案文件：{exc.reason}") from None
    except UnicodeDecodeError:
        raise PlanError(str(p), "", "不是 UTF-8 文本") from None
    try:
        data = parse_nested(tomllib.loads, text)
    except TooDeep as exc:
        raise PlanError(str(p), "", f"不是有效的 TOML：{exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(str(p), "", f"不是有效的 TOML：{exc}") from None
    return plan_from_dict(
        data, path=str(p), base=p.parent, directories=directories, settings=settings
    )
