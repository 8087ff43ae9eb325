"""MkDocs hooks: tables rendered from govflow's own data at build time, so they cannot drift.

A page asks for a table with an HTML comment on a line of its own:

* ``<!-- govflow:sources -->``: the citation registry (``govflow.sources.SOURCES``);
* ``<!-- govflow:provenance -->``: the built-in notices, one row per year, with their documents;
* ``<!-- govflow:hooks -->``: every hookspec of ``govflow.plugins.hookspecs``, its arguments, what it returns
  and the first line of its docstring, linked to its section of the page;
* ``<!-- govflow:record-kinds -->``: one section per record kind of the registry
  (``govflow.plugins.manager.registry().record_kinds()``, plugin kinds and header spellings included): its
  file names and a table of its fields (name, Chinese label, type, required, the header spellings
  read, meaning).  The meanings of the built-in fields are written here, in Chinese
  (:data:`FIELD_MEANINGS`); the build fails when a built-in field has none or a meaning names a
  field that does not exist, so the table cannot fall behind ``govflow.compliance.records``;
* ``<!-- govflow:rules -->``: every rule ``govflow check`` runs for the built-in plan ``yudu-2023``
  with the installed plugins, by area: the plan's obligations with evidence or quotas (the generic
  rules) and the plugins' own rules, with id, title, requirement, records read, severity, source
  and origin; then the obligations no record can show (agenda only).

Loaded by ``mkdocs.yml`` (``hooks:``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

PLACEHOLDER = re.compile(r"^<!-- govflow:([a-z-]+) -->$", re.MULTILINE)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") if text else "—"


def _sources_table() -> str:
    from govflow.sources import SOURCES

    rows = [
        "| id | 出处 | 原文摘录（或规则） | 等级 | 说明 |",
        "|---|---|---|---|---|",
    ]
    for s in SOURCES.values():
        quote = f"「{s.quote}」" if s.quote else ""
        rows.append(
            f"| `{s.id}` | {_cell(s.title)} | {_cell(quote)} | {s.grade} | {_cell(s.note)} |"
        )
    return "\n".join(rows)


def _provenance_table() -> str:
    from govflow.calendar.notices import builtin_notices

    rows = [
        "| 年份 | 文号 | 发布日期 | 通知文本地址 | 补充或调整通知 | 核实 |",
        "|---|---|---|---|---|---|",
    ]
    for n in builtin_notices():
        ref = n.ref
        number = ref.number or "（文号未核实）"
        when = ref.date.isoformat() if ref.date else "（日期未核实）"
        amendments = "；".join(
            f"{a.number}（{a.date.isoformat() if a.date else '日期未核实'}）"
            f"[{a.title}]({a.address})"
            for a in n.amendments
        )
        checked = "已核实" if ref.verified and ref.number and ref.date else "**未核实**"
        rows.append(
            f"| {n.year} | {_cell(number)} | {when} | <{ref.address}> | "
            f"{_cell(amendments)} | {checked} |"
        )
    return "\n".join(rows)


def _hooks_table() -> str:
    import inspect

    from govflow.plugins import hookspecs

    marker = f"{hookspecs.PROJECT_NAME}_spec"
    rows = ["| 钩子 | 参数 | 返回 | 说明 |", "|---|---|---|---|"]
    for name, fn in vars(hookspecs).items():
        if not (callable(fn) and hasattr(fn, marker)):
            continue
        notes = dict(fn.__annotations__)
        returns = notes.pop("return", "None")
        args = ", ".join(f"`{arg}: {kind}`" for arg, kind in notes.items()) or "—"
        doc = (inspect.getdoc(fn) or "").split("\n")[0]
        # a code span keeps "\\|" literally: the return type is plain text, its pipe escaped
        rows.append(f"| [`{name}`](#{name}) | {args} | {_cell(str(returns))} | {_cell(doc)} |")
    return "\n".join(rows)


KIND_MEANINGS: dict[str, str] = {
    "post": "政府网站和政务新媒体账号上发布的一条信息。",
    "application": "一件依申请公开，从收到申请到答复。",
    "message": "问政渠道（县长信箱、问政江西……）收到的一条网民留言及其答复。",
    "event": "单位举办或完成的一项工作：政务开放活动、自查、通报、汇总、听取汇报……",
    "disclosure": "一项主动公开事项：期限的起算日（批准、批复、印发……）和公开日期。",
}

#: The meaning of every field of the built-in record kinds, by kind and field.
FIELD_MEANINGS: dict[str, dict[str, str]] = {
    "post": {
        "id": "信息编号，可不填（不查重）",
        "site": "政府网站名称或政务新媒体账号名称；账号、网站首页和栏目的更新监测按它区分",
        "platform": "`网站` 或 `政务新媒体`，不填视为网站；账号两周更新的监测只看“政务新媒体”",
        "column": "栏目名称，如“工作动态”“通知公告”；栏目更新监测按“网站›栏目”区分",
        "category": "信息类别，如“动态”；不填时由栏目推断：栏目名称含动态、要闻、新闻、资讯的为“动态”，"
        "否则为栏目名称",
        "unit": "发布单位，须是单位名录中的一个单位（别名可用）",
        "time": "发布时间；只写日期时为当日零时。按它的日期（北京时间）计入统计区间",
        "title": "标题（月度通报列出账号最后一条信息的标题）",
        "original": "是否原创；不填视为否",
        "homepage": "是否在网站首页展示；首页更新监测只看填“是”的",
    },
    "application": {
        "id": "申请编号；同一文件中重复的行被拒收",
        "unit": "受理（承办）单位",
        "received": "收到申请之日（条例第三十一条），答复和补正告知的期限由此起算",
        "channel": "申请渠道：当面、邮寄、平常信函、网络、传真",
        "correction_notice": "告知补正的日期；已告知、尚未收到补正的申请，答复期限暂不计算（不适用）",
        "corrected_received": "收到补正后申请的日期，答复期限自此重新起算",
        "consult_start": "开始征求第三方或其他机关意见的日期；征求意见期间不计入答复期限",
        "consult_end": "征求意见结束的日期；不填视为至检查时点仍在征求意见",
        "consult_received": (
            "被征求方收到征求意见书的日期：其 15 个工作日自此起算（条例第三十二条）；不填时按开始征求意见的日期计算"
        ),
        "extension_approved": "批准延长答复期限的日期",
        "extension_days": "延长的工作日数；超过法定上限 20 个工作日的行被拒收",
        "replied": "答复日期：签收之日或交邮之日",
        "filed": "报备日期：向本级政府信息公开工作主管部门报备之日（方案的报备义务读取，如于都县方案 19.application-filing）",
        "delivery": "送达方式：当面、邮寄、电子",
        "abandoned": "是否视为放弃申请（未按期补正）；为“是”时不检查答复期限",
        "applicant_type": "申请人类型，年度报告表三的列（[年度报告](annual-report.md)）："
        "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他",
        "outcome": "办理结果，年度报告表三的行，按国办公开办函〔2021〕30号的写法，不带序号"
        "（如“予以公开”“部分公开”“本机关不掌握相关政府信息”，全部写法见[年度报告](annual-report.md#fields)）",
    },
    "message": {
        "id": "留言编号；同一文件中重复的行被拒收",
        "channel": "留言渠道，如县长信箱、问政江西",
        "unit": "承办单位",
        "received": "收到留言的时间，答复期限由此起算",
        "simple": "是否简单问题；不填视为否（于都方案：简单问题 3 个工作日，其他 5 个工作日）",
        "replied": "答复时间；不填表示尚未答复",
    },
    "event": {
        "id": "编号，可不填",
        "unit": "举办或完成的单位",
        "kind": "类型，规则按它认定证据：开放活动、自查、通报、汇总、汇报听取……（见[规则一览](#rule-list)）",
        "date": "举办或完成的日期",
        "title": "名称",
        "feedback": "活动收集的意见建议反馈之日（政务开放活动：整理、办理和反馈）；没有这一列的文件不据此检查反馈",
    },
    "disclosure": {
        "id": "编号，可不填",
        "unit": "公开单位",
        "kind": "类型，规则按它认定：预算、决算、三公经费、政策文件、政策解读、补贴结果、征地公告、村务公开、"
        "村级财务、年度报告……（见[规则一览](#rule-list)）",
        "trigger": "期限的起算日：批准、批复、印发、形成或变更之日",
        "published": "公开（张贴）日期",
        "ends": "公示结束日期（征地公告等有最短公示期的事项）",
        "village": "所属的村（按村计的义务：村务公开、村级财务、补贴结果）",
        "title": "标题",
        "related": "关联编号：政策解读所解读的政策文件、规范性文件的编号（policy 插件的 policy.interpretation-linked 据此检查“三同步”）",
        "due": "决定确定的期限（审计整改结果：审计决定书确定的整改期限；finance 插件的 finance.audit-rectification 以它为期限）",
    },
}

TYPE_LABELS = {
    "text": "文本",
    "date": "日期",
    "datetime": "日期时间",
    "bool": "是/否",
    "int": "整数",
    "choice": "取值之一",
}


def _record_kinds_section() -> str:
    from govflow.compliance.records import BUILTIN_KINDS
    from govflow.compliance.rules import DATE_FIELDS
    from govflow.plugins.manager import registry

    kinds = registry().record_kinds()
    for name, meanings in FIELD_MEANINGS.items():
        fields = {f.name for f in BUILTIN_KINDS[name].fields}
        if set(meanings) != fields:
            raise KeyError(
                f"FIELD_MEANINGS[{name!r}] and govflow.compliance.records differ: "
                f"undocumented {sorted(fields - set(meanings))}, "
                f"unknown {sorted(set(meanings) - fields)}"
            )
    out: list[str] = []
    for kind in kinds.values():
        meanings = FIELD_MEANINGS.get(kind.name, {})
        out.append(f"### `{kind.name}` {kind.label} {{#kind-{kind.name}}}")
        out.append("")
        out.append(KIND_MEANINGS.get(kind.name) or kind.doc)
        facts = []
        if kind.file_names:
            facts.append(
                "文件名（不含扩展名）为 "
                + "、".join(f"`{n}`" for n in kind.file_names)
                + " 之一，或以其中四个字符以上的名称开头的，按本类读取"
            )
        date_field = DATE_FIELDS.get(kind.name)
        if date_field:
            facts.append(
                f"计数时按 `{date_field}`（{kind.field(date_field).label}）的日期归入统计区间"
            )
        if kind.id_field and kind.field(kind.id_field).required:
            facts.append(f"`{kind.id_field}` 重复的行被拒收")
        if facts:
            out.append("")
            out.append("；".join(facts) + "。")
        out.append("")
        out.append("| 字段 | 中文名 | 类型 | 必填 | 可用的表头 | 含义 |")
        out.append("|---|---|---|---|---|---|")
        for f in kind.fields:
            headers = "、".join(f"`{a}`" for a in f.aliases)
            meaning = meanings.get(f.name) or f.doc
            out.append(
                f"| `{f.name}` | {f.label} | {TYPE_LABELS[f.type.value]} | "
                f"{'必填' if f.required else ''} | {headers} | {_cell(meaning)} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n")


def _where_text(kind: str, where: dict[str, Any]) -> str:
    """``{"kind": ["预算", "决算"]}`` as 类型 = 预算、决算 (field labels of *kind*)."""
    from govflow.plugins.manager import registry

    fields = {f.name: f.label for f in registry().record_kinds()[kind].fields}
    parts = []
    for name, value in where.items():
        label = fields.get(name, name)
        if isinstance(value, bool):
            parts.append(f"{label} = {'是' if value else '否'}")
        elif isinstance(value, list):
            parts.append(f"{label} ∈ {{{'、'.join(map(str, value))}}}")
        else:
            parts.append(f"{label} = {value}")
    return "，".join(parts)


def _reads(rule: Any) -> str:
    """The records a rule reads: kind, filter, and the date fields of its evidence."""
    from govflow.plan.obligations import Evidence, Per, Quota
    from govflow.plugins.manager import registry

    kinds = registry().record_kinds()
    ob = getattr(rule, "ob", None)
    # a plugin's rule may check an obligation without evidence (policy.interpretation-linked)
    if ob is not None and (isinstance(ob.rule, Quota) or ob.evidence is not None):
        if isinstance(ob.rule, Quota):
            q = ob.rule
            text = f"`{q.counts}`"
            if q.where:
                text += "：" + _where_text(q.counts, q.where)
            if ob.per is Per.VILLAGE:
                text += "；每个村分别计数（`village`）"
            return text
        ev = ob.evidence
        assert isinstance(ev, Evidence)
        labels = {f.name: f.label for f in kinds[ev.kind].fields}
        text = f"`{ev.kind}`"
        details = []
        if ev.where:
            details.append(_where_text(ev.kind, ev.where))
        if ev.trigger and ev.ends:
            details.append(f"自{labels[ev.trigger]}起，公示至{labels[ev.ends]}")
        elif ev.trigger:
            details.append(f"{labels[ev.trigger]} → {labels[ev.done or 'date']}")
        elif ev.done:
            details.append(f"完成日期为{labels[ev.done]}")
        details.extend(f"须有{labels[name]}" for name in ev.requires)
        if ev.restart:
            details.append(f"自{labels[ev.restart]}重新起算")
        if ev.pause_start and ev.pause_end:
            details.append(f"{labels[ev.pause_start]}至{labels[ev.pause_end]}不计")
        if ev.extension:
            details.append(f"加{labels[ev.extension]}")
        if ev.unless:
            details.append(f"{labels[ev.unless]}为“是”的不检查")
        if ob.per is Per.VILLAGE:
            details.append("每个村分别检查（`village`）")
        return text + ("：" + "；".join(details) if details else "")
    reads = sorted({*rule.consumes, *rule.aggregates})
    text = "、".join(f"`{k}`" for k in reads)
    where = getattr(rule, "where", None)
    if where and len(reads) == 1:
        text += "：" + _where_text(reads[0], where)
    return text


def _rule_kind(rule: Any) -> str:
    from govflow.compliance.rules import (
        AnchorRule,
        QuotaRule,
        RecurrenceRule,
        TriggeredRule,
    )

    if isinstance(rule, QuotaRule):
        return "配额"
    if isinstance(rule, RecurrenceRule):
        return "周期"
    if isinstance(rule, AnchorRule):
        return "固定日期"
    if isinstance(rule, TriggeredRule):
        clock = rule.ob.clock
        if clock.minimum_posting:
            return "最短公示期"
        if clock.monitoring:
            return "监测期限"
        return "期限"
    if type(rule).__name__ == "EntityStalenessRule":
        return "监测回溯"
    if type(rule).__name__ == "StaleColumnsVetoRule":
        return "监测回溯（累计）"
    return "插件规则"


def _requirement(rule: Any, thresholds: Mapping[str, str]) -> str:
    ob = getattr(rule, "ob", None)
    if ob is not None:
        return str(ob.describe())
    text = str(getattr(rule, "threshold", "")).split("（依据：")[0]
    if rule.id in thresholds:
        text += f"（阈值取自义务 `{thresholds[rule.id]}`）"
    return text


def _rules_section() -> str:
    from govflow.compliance.rules import obligation_rules
    from govflow.plugins.manager import registry

    reg = registry()
    plan = reg.load_plan("yudu-2023")
    kinds = reg.record_kinds()
    rules = [*obligation_rules(plan, kinds), *reg.rules(plan)]
    areas = reg.areas()
    owners = reg.area_plugins()
    order = [*plan.areas, *(a for a in areas if a not in plan.areas)]
    order.extend(a for a in dict.fromkeys(r.area for r in rules) if a not in order)
    thresholds = _threshold_obligations()
    out = [
        f"默认安装（govflow 和 {len(reg.plugins()) - 1} 个领域插件）对内置方案 `{plan.id}` 运行的 "
        f"{len(rules)} 条规则，按领域列出。“来源”为“方案”的是方案义务生成的通用规则，其余来自插件。",
        "",
    ]
    for area in order:
        in_area = [r for r in rules if r.area == area]
        if not in_area:
            continue
        title = areas[area].title if area in areas else area
        out.append(f"#### {title}（`{area}`） {{#rules-{area}}}")
        out.append("")
        out.append("| 规则 | 事项 | 要求 | 读取的记录 | 严重程度 | 依据 | 来源 |")
        out.append("|---|---|---|---|---|---|---|")
        for r in in_area:
            ob = getattr(r, "ob", None)
            if ob is not None:
                origin = "方案" if ob.origin == "plan" else f"{ob.origin} 插件"
            else:
                origin = f"{owners.get(r.area, '?')} 插件"
            out.append(
                f"| `{r.id}` | {_cell(r.title)} | {_rule_kind(r)}：{_cell(_requirement(r, thresholds))} | "
                f"{_cell(_reads(r))} | {r.severity.label} | {_cell(r.source.cite())} | {origin} |"
            )
        out.append("")
    checked = {r.id for r in rules} | set(thresholds.values())
    unchecked = [o for o in plan.obligations() if o.id not in checked]
    if unchecked:
        out.append(
            "以下义务没有能证明其完成的记录，不作检查，只列入[日程](agenda.md)："
            + "；".join(f"`{o.id}`（{o.title}）" for o in unchecked)
            + "。"
        )
    return "\n".join(out).rstrip("\n")


def _threshold_obligations() -> dict[str, str]:
    """Plugin rule id -> the obligation whose threshold it reads, from the ``RULE_IDS`` mapping
    a plugin module may publish (govflow-newmedia does)."""
    from govflow.plugins.manager import registry

    out: dict[str, str] = {}
    for plugin in registry().pm.get_plugins():
        ids = getattr(plugin, "RULE_IDS", None)
        if isinstance(ids, Mapping):
            out.update(ids)
    return out


TABLES: dict[str, Callable[[], str]] = {
    "sources": _sources_table,
    "provenance": _provenance_table,
    "hooks": _hooks_table,
    "record-kinds": _record_kinds_section,
    "rules": _rules_section,
}


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace each ``<!-- govflow:NAME -->`` line with the generated table."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in TABLES:
            raise KeyError(f"unknown govflow table {name!r}; known: {', '.join(TABLES)}")
        return TABLES[name]()

    return PLACEHOLDER.sub(replace, markdown)
