"""Work events: 自查, 通报, 汇总, 开放活动, 汇报听取 (``events.csv``)."""

from __future__ import annotations

from datetime import date

from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.model import (
    ONE_DAY,
    Ref,
)


class Events(Builder):
    """Work events: 自查, 通报, 汇总, 开放活动, 汇报听取 (``events.csv``)."""

    def gen_events(self) -> None:
        rng = self.rng
        # 每周一自查, once a week: every unit of task 11 in each week (mostly its last working day)
        missed_check = ("县司法局", date(2023, 11, 19))
        dues = self.occurrences("11.weekly-self-check")
        for unit in self.units("11.weekly-self-check"):
            for k, due in enumerate(dues):
                prev = dues[k - 1] if k else self.start - ONE_DAY
                if self.plant and (unit, due) == missed_check:
                    self.violation(
                        "11.weekly-self-check",
                        unit,
                        due,
                        f"{unit}在{prev + ONE_DAY}至{due}这一周没有政务新媒体自查记录",
                        window=(prev + ONE_DAY, due),
                    )
                    continue
                day = self.recurrence_day(prev, due)
                self.event(unit, "自查", day, f"{unit}政务新媒体第{k + 1}次周自查")
        # 每月一通报 (县政府办)
        missed_bulletin = date(2023, 8, 31)
        dues = self.occurrences("11.monthly-bulletin")
        for k, due in enumerate(dues):
            prev = dues[k - 1] if k else self.start - ONE_DAY
            if self.plant and due == missed_bulletin:
                self.violation(
                    "11.monthly-bulletin",
                    "县政府办",
                    due,
                    f"县政府办未开展{due.month}月政务新媒体通报",
                    window=(prev + ONE_DAY, due),
                )
                continue
            self.event(
                "县政府办",
                "通报",
                self.recurrence_day(prev, due, 3),
                f"关于{due.year}年{due.month}月全县政务新媒体检查情况的通报",
            )
        # 每周汇总1次 (县大数据中心)
        missed_summary = date(2023, 10, 8)
        dues = self.occurrences("19.weekly-summary")
        for k, due in enumerate(dues):
            prev = dues[k - 1] if k else self.start - ONE_DAY
            if self.plant and due == missed_summary:
                self.violation(
                    "19.weekly-summary",
                    "县大数据中心",
                    due,
                    f"县大数据中心缺少{due}（国庆调休上班日）到期的依申请公开周汇总",
                    window=(prev + ONE_DAY, due),
                )
                continue
            self.event(
                "县大数据中心",
                "汇总",
                self.recurrence_day(prev, due),
                f"政府网站依申请公开情况周汇总（截至{due.month}月{due.day}日）",
            )
        # 开放活动: every unit at least once in the year
        no_open_day = "县金融服务中心"
        no_feedback = "县乡村振兴局"  # its first activity's opinions are never answered
        days = self.wd(date(2023, 6, 26), date(2023, 12, 22))
        for unit in self.units("9.open-day"):
            if self.plant and unit == no_open_day:
                y0, y1 = date(self.plan.year, 1, 1), date(self.plan.year, 12, 31)
                self.violation(
                    "9.open-day",
                    unit,
                    y1,
                    f"{unit}{self.plan.year}年未举办政务开放活动",
                    window=(y0, y1),
                )
                continue
            for k in range(1 + (rng.random() < 0.3)):
                day = self.pick(days)
                # the opinions collected are answered 5 working days later (before the year's
                # end, the limit the check reads into task 9); one unit's first activity never
                unanswered = self.plant and unit == no_feedback and k == 0
                ref = self.event(
                    unit,
                    "开放活动",
                    day,
                    rng.choice(
                        (
                            "“政府开放日”走进{u}",
                            "{u}举办政务开放日暨{t}座谈会",
                            "{u}邀请群众代表参与“{t}”开放活动",
                        )
                    ).format(u=self.display(unit), t=self.topic(unit)),
                    feedback=None if unanswered else self.add_wd(day, 5),
                )
                if unanswered:
                    self.violation(
                        "9.open-day-feedback",
                        unit,
                        date(self.plan.year, 12, 31),
                        f"{unit}{day}的政务开放活动收集的意见建议，年底前未见反馈",
                        case=ref,
                    )
        # 汇报听取: the head of every unit hears the report once a year
        no_hearing = "县民政局"
        for unit in self.units("三(一).annual-hearing"):
            if self.plant and unit == no_hearing:
                y0, y1 = date(self.plan.year, 1, 1), date(self.plan.year, 12, 31)
                self.violation(
                    "三(一).annual-hearing",
                    unit,
                    y1,
                    f"{unit}主要负责人{self.plan.year}年未听取政务公开工作汇报",
                    window=(y0, y1),
                )
                continue
            self.event(
                unit,
                "汇报听取",
                self.pick(days),
                f"{self.display(unit)}主要负责人听取政务公开工作情况汇报",
            )
        # 三、(四): each unit's own 工作方案, and the 「一起来找茬」 activity, once in the year
        no_plan, no_hunt = "县文广新旅局", "岭背镇"
        y0, y1 = date(self.plan.year, 1, 1), date(self.plan.year, 12, 31)
        summer = self.wd(date(2023, 6, 26), date(2023, 8, 31))
        autumn = self.wd(date(2023, 9, 4), date(2023, 12, 15))
        for i, unit in enumerate(self.units("三(四).unit-plan")):
            if self.plant and unit == no_plan:
                self.violation(
                    "三(四).unit-plan",
                    unit,
                    y1,
                    f"{unit}{self.plan.year}年未梳理形成本单位政务公开工作方案",
                    window=(y0, y1),
                )
            else:
                self.event(
                    unit,
                    "工作方案",
                    summer[i * 7 % len(summer)],
                    f"{self.display(unit)}{self.plan.year}年政务公开工作方案",
                )
            if self.plant and unit == no_hunt:
                self.violation(
                    "三(四).fault-finding",
                    unit,
                    y1,
                    f"{unit}{self.plan.year}年未开展“一起来找茬”活动",
                    window=(y0, y1),
                )
            else:
                self.event(
                    unit,
                    "一起来找茬",
                    autumn[i * 11 % len(autumn)],
                    f"{self.display(unit)}政务信息公开工作人员“一起来找茬”活动",
                )
        # a few other events, which no rule reads
        for d in self.wd(date(2023, 7, 1), date(2023, 12, 31))[::23]:
            self.event("县政府办", "培训", d, "全县政务公开业务培训会")

    def recurrence_day(self, prev: date, due: date, spread: int = 1) -> date:
        """A working day in (prev, due] for the record of a recurring duty: mostly the due
        date itself, sometimes one of the *spread* working days before it."""
        days = self.wd(prev + ONE_DAY, due)
        if not days:
            return due
        return (
            days[-1 - self.rng.randrange(min(spread + 1, len(days)))]
            if self.rng.random() < 0.3
            else days[-1]
        )

    def event(
        self, unit: str, kind: str, d: date, title: str, *, feedback: date | None = None
    ) -> Ref:
        ref = self.next_id("SJ2023-")
        self.add_row(
            "events.csv",
            (d, unit),
            {
                "id": ref,
                "unit": unit,
                "kind": kind,
                "date": d,
                "title": title,
                "feedback": feedback,
            },
        )
        return ref
