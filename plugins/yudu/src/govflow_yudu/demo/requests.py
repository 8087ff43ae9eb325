"""问政 messages and 依申请公开 applications, with their reply clocks (``messages.csv``, ``applications.csv``)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from govflow.periods.core import ClockEvent, Extension, Pause, Restart
from govflow.plan.units import UnitKind
from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.model import (
    ONE_DAY,
    Ref,
)
from govflow_yudu.demo.vocabulary import (
    APPLICATION_CHANNELS,
    DELIVERY,
    MESSAGE_CHANNELS,
)

#: The channel of the planted message lapses: the county's own mailbox, which the plan's 5 and 3
#: working days (task 18's 「领导信箱」) and the indicator's 3 months (a 政务咨询类 column) both cover.
COUNTY_CHANNEL = "县长信箱"


class Requests(Builder):
    """问政 messages and 依申请公开 applications, with their reply clocks (``messages.csv``, ``applications.csv``)."""

    def gen_messages(self) -> None:
        rng = self.rng
        units = self.units("18.message-reply")
        weights = [3 if self.plan.directory.unit(u).kind is UnitKind.TOWNSHIP else 2 for u in units]
        weights = [
            w
            * (
                3
                if u in ("县人社局", "县教科体局", "县自然资源局", "县市场监督管理局", "县卫健委")
                else 1
            )
            for u, w in zip(units, weights, strict=True)
        ]
        n = 260 + round(140 * self.scale)
        last = date(2023, 12, 29)
        span = (last - self.start).days
        for _ in range(n):
            d = self.start + timedelta(days=rng.randrange(span + 1))
            received = datetime.combine(
                d, time(rng.choice((7, 8, 9, 10, 11, 14, 15, 16, 19, 21, 22)), rng.randrange(60))
            )
            unit = rng.choices(units, weights)[0]
            simple = rng.random() < 0.3
            due = self.due("18.simple-reply" if simple else "18.message-reply", received.date())
            replied = self.reply_time(received, due)
            self.message(unit, received, simple, replied)
        if not self.plant:
            return
        # late across 国庆: received Wednesday 09-27, 5 working days run to 10-10
        received = datetime(2023, 9, 27, 10, 12)
        due = self.due("18.message-reply", received.date())
        mid = self.message(
            "县人社局",
            received,
            False,
            datetime.combine(self.add_wd(due, 1), time(9, 40)),
            COUNTY_CHANNEL,
        )
        self.violation(
            "18.message-reply",
            "县人社局",
            due,
            f"留言{{id}}（{received:%m-%d}收到，国庆假期前）于期限{due}后一个工作日才答复",
            case=mid,
        )
        # a simple question across 元旦: received 12-28, 3 working days run to 2024-01-03
        received = datetime(2023, 12, 28, 15, 5)
        due = self.due("18.simple-reply", received.date())
        mid = self.message(
            "县教科体局",
            received,
            True,
            datetime.combine(self.add_wd(due, 1), time(10, 20)),
            COUNTY_CHANNEL,
        )
        self.violation(
            "18.simple-reply",
            "县教科体局",
            due,
            f"简单问题留言{{id}}（元旦前收到）于期限{due}后才答复",
            case=mid,
        )
        # never answered: late for the plan and over the 3 months of the indicator
        received = datetime(2023, 10, 20, 9, 30)
        mid = self.message("盘古山镇", received, False, None, COUNTY_CHANNEL)
        due = self.due("18.message-reply", received.date())
        self.violation("18.message-reply", "盘古山镇", due, "留言{id}至今未答复", case=mid)
        due3 = received.date() + relativedelta(months=3)
        self.violation(
            "newmedia.message-response",
            "盘古山镇",
            due3,
            "留言{id}超过3个月未回应（单项否决）",
            case=mid,
        )

    def reply_time(self, received: datetime, due: date) -> datetime:
        first = received.date()
        if not self.cal.is_workday(first) or received.hour >= 16:
            first = self.cal.next_workday(first)
        days = self.wd(first, due)
        d = days[min(int(self.rng.triangular(0, len(days), 0)), len(days) - 1)]
        lo = 8 * 60 + 30
        if d == received.date():
            lo = max(lo, received.hour * 60 + received.minute + 30)
        return self.moment(d, lo, max(lo, 17 * 60 + 30))

    def message(
        self,
        unit: str,
        received: datetime,
        simple: bool,
        replied: datetime | None,
        channel: str | None = None,
    ) -> Ref:
        """One message; *channel* for a planted lapse, on a channel the rule it breaks covers
        (the draw is made all the same, so the other rows stay as they were)."""
        mid = self.next_id("LY2023-")
        drawn = self.rng.choice(MESSAGE_CHANNELS)
        self.add_row(
            "messages.csv",
            (received,),
            {
                "id": mid,
                "channel": channel or drawn,
                "unit": unit,
                "received": received,
                "simple": simple,
                "replied": replied,
            },
        )
        return mid

    # -- applications --------------------------------------------------------------------------

    def gen_applications(self) -> None:
        rng = self.rng
        units = self.units("response.application-reply")
        heavy = (
            "县自然资源局",
            "县人社局",
            "县财政局",
            "县教科体局",
            "县市场监督管理局",
            "贡江镇",
            "县农业农村局",
            "县生态环境局",
        )
        weights = [4 if u in heavy else 1 for u in units]
        kinds = (
            ["plain"] * 70
            + ["correction"] * 9
            + ["abandoned"] * 3
            + ["consult"] * 8
            + ["extension"] * 8
        )
        rng.shuffle(kinds)
        for kind in kinds:
            unit = rng.choices(units, weights)[0]
            latest = date(2023, 12, 20) if kind == "plain" else date(2023, 11, 30)
            self.application(unit, kind, self.pick(self.wd(date(2023, 6, 19), latest)))
        if not self.plant:
            return
        # a late reply: 20 working days from 09-20 run past 国庆 to 10-24
        received = date(2023, 9, 20)
        aid = self.application("县自然资源局", "late-reply", received)
        due = self.due("response.application-reply", received)
        self.violation(
            "response.application-reply",
            "县自然资源局",
            due,
            f"依申请公开{{id}}答复晚于期限{due}（20个工作日，跨国庆假期）",
            case=aid,
        )
        # never reported (报备) to 县政府办 (二、(六)19)
        received = date(2023, 8, 14)
        aid = self.application("县财政局", "late-filing", received)
        self.violation(
            "19.application-filing",
            "县财政局",
            self.due("19.application-filing", received),
            "依申请公开{id}未向县政府办报备",
            case=aid,
        )
        # a 补正 notice on the 9th working day (limit: 7)
        received = date(2023, 7, 10)
        aid = self.application("县人社局", "late-correction", received)
        due = self.due("response.correction-notice", received)
        self.violation(
            "response.correction-notice",
            "县人社局",
            due,
            "依申请公开{id}在收到申请后第9个工作日才告知补正（7个工作日内）",
            case=aid,
        )

    @property
    def filing_units(self) -> frozenset[str]:
        """The departments that report (报备) each application to 县政府办."""
        return frozenset(self.units("19.application-filing"))

    def application(self, unit: str, kind: str, received: date) -> Ref:
        rng = self.rng
        aid = Ref("于政信申〔2023〕{:03d}号")
        channel = rng.choices(
            [c for c, _ in APPLICATION_CHANNELS], [w for _, w in APPLICATION_CHANNELS]
        )[0]
        planted = kind.startswith("late-")
        if channel == "网络平台" and not planted and rng.random() < 0.2:  # online, a weekend
            before = received - timedelta(days=rng.randint(1, 2))
            if not self.cal.is_workday(before):
                received = before
        row: dict[str, Any] = {
            "id": aid,
            "unit": unit,
            "received": received,
            "channel": channel,
            "delivery": rng.choice(DELIVERY),
            "applicant_type": _applicant(unit, received, kind),
        }
        if kind != "late-filing" and unit in self.filing_units:
            row["filed"] = self.next_wd(received)  # 报备 the day it arrives (or the next)
        events: list[ClockEvent] = []
        after = received
        if kind in ("correction", "abandoned", "late-correction"):
            k = 9 if kind == "late-correction" else rng.randint(1, 6)
            notice = self.add_wd(received, k)
            row["correction_notice"] = notice
            if kind == "abandoned":
                row["abandoned"] = True
                row.pop("delivery")
                self.add_row("applications.csv", (received,), row)
                return aid
            corrected = notice + timedelta(days=rng.randint(3, 20))
            row["corrected_received"] = corrected
            events.append(Restart(corrected))
            after = corrected
        elif kind == "consult":
            begin = self.add_wd(received, rng.randint(2, 6))
            finish = self.add_wd(begin, rng.randint(3, 14))
            row["consult_start"], row["consult_end"] = begin, finish
            events.append(Pause(begin, finish))
            after = finish
        elif kind == "extension":
            base = self.due("response.application-reply", received)
            approved = self.add_wd(base, -rng.randint(1, 3))
            days = rng.choice((10, 15, 20))
            row["extension_approved"], row["extension_days"] = approved, days
            events.append(Extension(days, approved))
            after = base
        due = self.due("response.application-reply", received, events)
        if kind == "late-reply":
            replied = self.add_wd(due, 1)
        else:
            choices = self.wd(after + ONE_DAY, due)
            replied = choices[
                min(int(rng.triangular(0, len(choices), len(choices) * 0.6)), len(choices) - 1)
            ]
        row["replied"] = replied
        row["outcome"] = _outcome(unit, received, kind)
        self.add_row("applications.csv", (received,), row)
        return aid


# The annual report's columns (申请人类型, 办理结果) come from a random source of their own, seeded
# by the case, so that adding them changed none of the other values the demo draws.
APPLICANTS = (("自然人", 80), ("商业企业", 10), ("科研机构", 1), ("社会公益组织", 1),
              ("法律服务机构", 4), ("其他", 4))  # fmt: skip
OUTCOMES = (
    ("予以公开", 45),
    ("部分公开", 10),
    ("本机关不掌握相关政府信息", 15),
    ("没有现成信息需要另行制作", 4),
    ("属于三类内部事务信息", 3),
    ("属于四类过程性信息", 3),
    ("保护第三方合法权益", 2),
    ("信访举报投诉类申请", 4),
    ("重复申请", 4),
    ("其他", 2),
)


def _case_rng(unit: str, received: date, kind: str, field: str) -> random.Random:
    return random.Random(f"{field}|{unit}|{received.isoformat()}|{kind}")


def _applicant(unit: str, received: date, kind: str) -> str:
    rng = _case_rng(unit, received, kind, "applicant")
    return rng.choices([a for a, _ in APPLICANTS], [w for _, w in APPLICANTS])[0]


def _outcome(unit: str, received: date, kind: str) -> str:
    if kind == "correction" and _case_rng(unit, received, kind, "unclear").random() < 0.2:
        return "补正后申请内容仍不明确"
    rng = _case_rng(unit, received, kind, "outcome")
    return rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
