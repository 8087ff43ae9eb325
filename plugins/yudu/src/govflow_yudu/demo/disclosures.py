"""Disclosed items: budgets, policies and 解读, 民生, 征地, per-village items, annual reports (``disclosures.csv``)."""

from __future__ import annotations

from datetime import date, timedelta

from govflow.plan.units import UnitKind
from govflow.plan.villages import FALLBACK_ENTITY
from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.model import (
    ONE_DAY,
    Ref,
    month_spans,
)
from govflow_yudu.demo.vocabulary import (
    LIVELIHOOD,
    POLICIES,
    VILLAGES,
    doc_name,
    doc_number,
)


class Disclosures(Builder):
    """Disclosed items: budgets, policies and 解读, 民生, 征地, per-village items, annual reports (``disclosures.csv``)."""

    def disclose(
        self,
        unit: str,
        kind: str,
        published: date,
        title: str,
        *,
        trigger: date | None = None,
        ends: date | None = None,
        village: str | None = None,
        related: Ref | None = None,
        id: Ref | None = None,
        due: date | None = None,
    ) -> Ref:
        did = id or self.next_id("GK2023-")
        self.add_row(
            "disclosures.csv",
            (published, unit),
            {
                "id": did,
                "unit": unit,
                "kind": kind,
                "trigger": trigger,
                "published": published,
                "ends": ends,
                "village": village,
                "title": title,
                "related": related,
                "due": due,
            },
        )
        return did

    def on_time(self, obligation_id: str, trigger: date, lo: int = 1) -> date:
        """A working day from *lo* working days after *trigger* up to the due date."""
        due = self.due(obligation_id, trigger)
        days = self.wd(self.add_wd(trigger, lo) if lo else trigger, due)
        return self.pick(days) if days else due

    def gen_disclosures(self) -> None:
        self.gen_budgets()
        self.gen_policies()
        self.gen_livelihood()
        self.gen_land()
        self.gen_villages()
        self.gen_annual()
        self.gen_audit()

    def gen_audit(self) -> None:
        """审计整改结果 (FIN-06): three audited units publish the results of their rectification,
        each by the 整改期限 its audit decision set (the rows' own dates; no random draw, so the
        other rows come out as before); one publishes two working days late."""
        late = "铁山垅镇"
        audited = (
            ("县财政局", date(2023, 10, 31)),
            ("县卫健委", date(2023, 11, 30)),
            (late, date(2023, 12, 15)),
        )
        for unit, due in audited:
            lapse = self.plant and unit == late
            published = self.add_wd(due, 2 if lapse else -3)
            ref = self.disclose(
                unit,
                "审计整改结果",
                published,
                f"{self.display(unit)}关于审计发现问题整改情况的公告",
                id=self.next_id("SJZG2023-"),
                due=due,
            )
            if lapse:
                self.violation(
                    "finance.audit-rectification",
                    unit,
                    due,
                    f"{unit}审计整改结果{published}才公开（审计决定确定的整改期限 {due}）",
                    case=ref,
                )

    def gen_budgets(self) -> None:
        fin = "县财政局"
        # 本级 (FIN-01): the county and every township
        county = (
            ("决算", date(2023, 8, 29), "于都县2022年财政决算"),
            ("预算执行情况", date(2023, 8, 29), "于都县2023年上半年预算执行情况的报告"),
            ("预算调整", date(2023, 11, 28), "于都县2023年预算调整方案"),
            ("预算", date(2024, 1, 12), "于都县2024年预算"),
        )
        for kind, approved, title in county:
            self.disclose(
                fin,
                kind,
                self.on_time("finance.government-budget", approved),
                title,
                trigger=approved,
            )
        late_budget = "桥头乡"
        for town in self.units("finance.government-budget"):
            if town == fin:
                continue
            approved = self.pick(self.wd(date(2023, 7, 20), date(2023, 9, 15)))
            self.disclose(
                town,
                "决算",
                self.on_time("finance.government-budget", approved),
                f"{town}2022年财政决算",
                trigger=approved,
            )
            approved = self.pick(self.wd(date(2024, 1, 3), date(2024, 1, 12)))
            if self.plant and town == late_budget:
                approved = date(2024, 1, 5)  # day 20 (01-25) is a working day
                due = self.due("finance.government-budget", approved)
                assert due == approved + timedelta(days=20)
                published = due + ONE_DAY
                did = self.disclose(town, "预算", published, f"{town}2024年预算", trigger=approved)
                self.violation(
                    "finance.government-budget",
                    town,
                    due,
                    f"{town}2024年预算{approved}经乡人大批准，第21日（{published}）才公开",
                    case=did,
                )
                continue
            self.disclose(
                town,
                "预算",
                self.on_time("finance.government-budget", approved),
                f"{town}2024年预算",
                trigger=approved,
            )
        # 部门 (FIN-02) with “三公”经费 (FIN-05), published together
        late_dept = "县商务局"
        for dept in self.units("finance.department-budget"):
            for label, kind, approved in (
                (
                    "2022年部门决算",
                    "部门决算",
                    self.pick(self.wd(date(2023, 9, 4), date(2023, 9, 15))),
                ),
                (
                    "2024年部门预算",
                    "部门预算",
                    self.pick(self.wd(date(2024, 1, 22), date(2024, 1, 31))),
                ),
            ):
                three = f"{dept}{label[:5]}“三公”经费{'决算' if kind == '部门决算' else '预算'}"
                if self.plant and dept == late_dept and kind == "部门决算":
                    due = self.due("finance.department-budget", approved)
                    published = self.add_wd(due, 2)
                    a = self.disclose(
                        dept, kind, published, f"{self.display(dept)}{label}", trigger=approved
                    )
                    b = self.disclose(dept, "三公经费", published, three, trigger=approved)
                    self.violation(
                        "finance.department-budget",
                        dept,
                        due,
                        f"{dept}{label}{approved}批复，{published}才公开",
                        case=a,
                    )
                    self.violation(
                        "finance.three-public-expenses",
                        dept,
                        due,
                        f"{dept}“三公”经费决算随部门决算逾期公开",
                        case=b,
                    )
                    continue
                published = self.on_time("finance.department-budget", approved)
                self.disclose(
                    dept, kind, published, f"{self.display(dept)}{label}", trigger=approved
                )
                self.disclose(dept, "三公经费", published, three, trigger=approved)
        # 行政事业性收费目录清单 (FIN-07)
        changed = date(2023, 8, 15)
        self.disclose(
            fin,
            "收费目录清单",
            self.on_time("finance.fee-catalogue", changed),
            "于都县行政事业性收费目录清单（2023年版）",
            trigger=changed,
        )

    def gen_policies(self) -> None:
        rng = self.rng
        units = self.units("policy.active-disclosure")
        late_policy = "县发改委"
        late_reading = "县卫健委"
        no_reading = "县司法局"  # a 规范性文件 published with no 解读 at all
        for unit in units:
            township = self.plan.directory.unit(unit).kind is UnitKind.TOWNSHIP
            n = rng.randint(1, 2) if township else rng.randint(3, 6)
            for k in range(n):
                doc = Ref(doc_number(unit))
                kind = "规范性文件" if not township and rng.random() < 0.3 else "政策文件"
                unread = self.plant and unit == no_reading and k == 0
                if unread:
                    kind = "规范性文件"
                issued = self.pick(self.wd(date(2023, 6, 19), date(2023, 12, 1)))
                title = rng.choice(POLICIES).format(p=self.place(unit), t=self.topic(unit))
                if self.plant and unit == late_policy and k == 0:
                    due = self.due("policy.active-disclosure", issued)
                    published = self.add_wd(due, 3)
                    self.disclose(unit, kind, published, title, trigger=issued, id=doc)
                    self.violation(
                        "policy.active-disclosure",
                        unit,
                        due,
                        f"{{id}}于{issued}印发，超过20个工作日（{published}）才公开",
                        case=doc,
                    )
                elif self.plant and unit == late_reading and k == 0:
                    issued, published = date(2023, 9, 25), date(2023, 9, 28)
                    self.disclose(unit, kind, published, title, trigger=issued, id=doc)
                    rid = self.disclose(
                        unit,
                        "政策解读",
                        date(2023, 10, 7),
                        f"《{doc_name(title)}》政策解读",
                        trigger=published,
                        related=doc,
                    )
                    self.violation(
                        "15.interpretation-sync",
                        unit,
                        published,
                        f"文件于{published}（国庆前）发布，解读节后10-07才发布",
                        case=rid,
                    )
                    self.violation(
                        "policy.interpretation-linked",
                        unit,
                        published,
                        f"{{id}}于{published}（国庆前）公开，关联的解读节后10-07才发布",
                        case=doc,
                    )
                    continue
                else:
                    published = self.on_time("policy.active-disclosure", issued)
                    self.disclose(unit, kind, published, title, trigger=issued, id=doc)
                rng.random()  # kept: the draw that once left some policies without a 解读
                if unread:
                    self.violation(
                        "policy.interpretation-linked",
                        unit,
                        published,
                        f"规范性文件{{id}}于{published}公开，没有关联的政策解读",
                        case=doc,
                    )
                else:
                    self.disclose(
                        unit,
                        "政策解读",
                        published,
                        f"一图读懂《{doc_name(title)}》",
                        trigger=published,
                        related=doc,
                    )
        # 规范性文件清理 (by 2023-09-30)
        late_cleanup = "罗江乡"
        due = self.anchor("6.normative-cleanup")
        for unit in self.units("6.normative-cleanup"):
            title = f"{self.display(unit)}现行有效行政规范性文件目录"
            if self.plant and unit == late_cleanup:
                self.disclose(unit, "规范性文件清理", date(2023, 10, 10), title)
                self.violation(
                    "6.normative-cleanup",
                    unit,
                    due,
                    f"{unit}10-10才公开规范性文件清理结果（2023年9月底前）",
                )
                continue
            self.disclose(
                unit,
                "规范性文件清理",
                self.pick(self.wd(date(2023, 8, 1), date(2023, 9, 28))),
                title,
            )

    def gen_livelihood(self) -> None:
        rng = self.rng
        late_subsidy = "黄麟乡"
        for unit in [*self.units("8.subsidy-results"), "县农业农村局", "县乡村振兴局"]:
            for kind in ("补贴政策", "补贴申报", "补贴公示"):
                if rng.random() < 0.35 and kind != "补贴公示":
                    continue
                formed = self.pick(self.wd(date(2023, 6, 20), date(2023, 11, 30)))
                title = f"{unit}2023年{rng.choice(('耕地地力保护补贴', '农机购置补贴', '稻谷目标价格补贴', '生猪调出大县奖励'))}{kind[2:]}"
                if self.plant and unit == late_subsidy and kind == "补贴公示":
                    due = self.due("livelihood.agri-subsidy", formed)
                    did = self.disclose(unit, kind, self.add_wd(due, 2), title, trigger=formed)
                    self.violation(
                        "livelihood.agri-subsidy",
                        unit,
                        due,
                        f"{unit}补贴公示超过20个工作日才公开",
                        case=did,
                    )
                    continue
                self.disclose(
                    unit,
                    kind,
                    self.on_time("livelihood.agri-subsidy", formed),
                    title,
                    trigger=formed,
                )
        for unit, (kind, titles) in LIVELIHOOD.items():
            for title in titles:
                formed = self.pick(self.wd(date(2023, 6, 20), date(2023, 12, 1)))
                self.disclose(
                    unit,
                    kind,
                    self.on_time("livelihood.active-disclosure", formed),
                    f"于都县2023年{title}",
                    trigger=formed,
                )

    def gen_land(self) -> None:
        """Three 征地 batches, each with its 预公告, 补偿安置公告 and 征收土地公告."""
        unit = "县自然资源局"
        batches = (
            ("贡江镇", "虚构乙村", date(2023, 7, 10)),
            ("罗坳镇", "虚构甲村", date(2023, 8, 21)),
            ("岭背镇", "虚构丙村", date(2023, 8, 16)),
        )
        for k, (town, village, posted) in enumerate(batches, 1):
            where = f"{town}{village}"
            name = f"于都县2023年度第{k}批次城镇建设用地"
            due = self.due("livelihood.land-pre-notice", posted)
            self.disclose(
                unit,
                "征收土地预公告",
                posted,
                f"{name}征收土地预公告",
                village=where,
                ends=due + timedelta(days=self.rng.randint(0, 3)),
            )
            posted2 = self.next_wd(due + timedelta(days=7))
            due2 = self.due("livelihood.land-compensation-notice", posted2)
            if self.plant and k == 3:
                posted2 = date(2023, 9, 5)  # README's example: 30 days end in 国庆, due 10-07
                due2 = self.due("livelihood.land-compensation-notice", posted2)
                ends = date(2023, 9, 30)
                did = self.disclose(
                    unit,
                    "征地补偿安置公告",
                    posted2,
                    f"{name}征地补偿安置方案公告",
                    ends=ends,
                    village=where,
                )
                self.violation(
                    "livelihood.land-compensation-notice",
                    unit,
                    due2,
                    f"{where}征地补偿安置公告{posted2}张贴，{ends}即撤下（不足30日，"
                    f"应公示至{due2}）",
                    case=did,
                    entity=where,
                )
            else:
                self.disclose(
                    unit,
                    "征地补偿安置公告",
                    posted2,
                    f"{name}征地补偿安置方案公告",
                    ends=due2 + timedelta(days=self.rng.randint(0, 5)),
                    village=where,
                )
            approved = self.next_wd(max(due2, posted2) + timedelta(days=20))
            self.disclose(
                unit,
                "征收土地公告",
                self.on_time("livelihood.land-acquisition-notice", approved),
                f"{name}征收土地公告",
                trigger=approved,
                village=where,
            )

    def gen_villages(self) -> None:
        """补贴结果 by year end, 村务公开 each quarter and 村级财务 each month, per village."""
        rng = self.rng
        no_results = "段屋乡"
        missed_quarter = ("铁山垅镇", "虚构乙村", date(2023, 7, 1))
        missed_month = ("盘古山镇", "虚构丙村", date(2023, 10, 1))
        months = [m for m in month_spans(self.start, self.end) if m[0] >= self.start]
        quarters = [(date(2023, 7, 1), date(2023, 9, 30)), (date(2023, 10, 1), date(2023, 12, 31))]
        for town in self.units("8.subsidy-results"):
            villages = VILLAGES[town]
            if self.plant and town == no_results:
                due = self.anchor("8.subsidy-results")
                self.violation(
                    "8.subsidy-results",
                    town,
                    due,
                    f"{town}年底前未以村为单位公开补贴资金发放结果",
                    entity=FALLBACK_ENTITY,
                )
            else:
                for v in villages:
                    self.disclose(
                        town,
                        "补贴结果",
                        self.pick(self.wd(date(2023, 12, 1), date(2023, 12, 29))),
                        f"{town}{v}2023年惠民惠农财政补贴资金发放结果公示",
                        village=v,
                    )
            for v in villages:
                for first, last in quarters:
                    if self.plant and (town, v, first) == missed_quarter:
                        self.violation(
                            "grassroots.village-affairs",
                            town,
                            last,
                            f"{town}{v}第三季度未公开村务",
                            window=(first, last),
                            entity=v,
                        )
                        continue
                    for _ in range(1 + (rng.random() < 0.4)):
                        d = self.pick(self.wd(first, last))
                        self.disclose(
                            town,
                            "村务公开",
                            d,
                            f"{v}{d.year}年第{(d.month - 1) // 3 + 1}季度村务公开",
                            village=v,
                        )
                for first, _last in months:
                    if self.plant and (town, v, first) == missed_month:
                        # a month without 村级财务: no lapse, for the monthly rule binds only
                        # villages of 「集体财务往来较多」 and the plan does not say which they are
                        continue
                    d = self.pick(self.wd(first, first + timedelta(days=19)))
                    self.disclose(
                        town,
                        "村级财务",
                        d,
                        f"{v}{first.year}年{first.month}月财务收支公开",
                        village=v,
                    )

    def gen_annual(self) -> None:
        late_report = "小溪乡"
        no_reading = "县审计局"  # publishes its report but no 解读 of it
        due = self.anchor("三(四).annual-report")
        for unit in self.units("三(四).annual-report"):
            title = f"{self.display(unit)}2023年政府信息公开工作年度报告"
            if self.plant and unit == late_report:
                self.disclose(unit, "年度报告", date(2024, 2, 2), title)
                self.disclose(unit, "年度报告解读", date(2024, 2, 2), f"图解：{title}")
                self.violation(
                    "三(四).annual-report",
                    unit,
                    due,
                    f"{unit}2023年政府信息公开工作年度报告2024-02-02才发布（1月31日前）",
                )
                self.violation(
                    "三(四).annual-report-interpretation",
                    unit,
                    due,
                    f"{unit}年度报告的解读随报告2024-02-02才发布（1月31日前）",
                )
                continue
            published = self.pick(self.wd(date(2024, 1, 8), date(2024, 1, 30)))
            self.disclose(unit, "年度报告", published, title)
            if self.plant and unit == no_reading:
                self.violation(
                    "三(四).annual-report-interpretation",
                    unit,
                    due,
                    f"{unit}发布了2023年年度报告，未见其解读",
                )
                continue
            self.disclose(unit, "年度报告解读", published, f"图解：{title}")
        # the county's own report (条例第四十九条第二款, by 31 March), early in the check's view
        self.disclose(
            "县政府办",
            "本级政府年度报告",
            date(2024, 2, 27),
            "于都县人民政府2023年政府信息公开工作年度报告",
        )
        self.disclose(
            "县大数据中心",
            "网站年度报表",
            date(2024, 1, 25),
            "于都县人民政府网2023年政府网站工作年度报表",
        )
