"""Posts on the portal and the 政务新媒体 accounts, and the post quotas and staleness planted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import pairwise

from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.model import (
    NEW_MEDIA,
    ONE_DAY,
    PORTAL,
    WEBSITE,
    Post,
    month_last,
    month_spans,
    poisson,
    week_spans,
)
from govflow_yudu.demo.vocabulary import (
    ACCOUNT_POSTS,
    ACCOUNTS,
    NEWS,
    NOTICES,
    POLICIES,
)


class Posts(Builder):
    """Posts on the portal and the 政务新媒体 accounts, and the post quotas and staleness planted."""

    def post(
        self,
        unit: str,
        column: str,
        when: datetime,
        title: str,
        *,
        news: bool = False,
        homepage: bool = False,
        site: str = PORTAL,
        platform: str = WEBSITE,
    ) -> Post:
        p = Post(site, platform, column, unit, when, title, homepage=homepage, news=news)
        self.posts.append(p)
        return p

    def news_title(self, unit: str, d: date) -> str:
        return self.rng.choice(NEWS).format(u=self.display(unit), t=self.topic(unit), m=d.month)

    def gen_posts(self) -> None:
        rng, s = self.rng, self.scale
        assessed = self.units("10.monthly-total")
        weeks = week_spans(self.start, self.end)
        months = month_spans(self.start, self.end)
        low_week = ("县审计局", date(2023, 8, 14))  # one 动态 that week
        low_total = ("沙心乡", date(2023, 11, 1))  # 42 posts that month
        low_original = ("县商务局", date(2023, 9, 1))  # 6 original posts that month
        stale_column = (
            "县文广新旅局",
            "县文广新旅局/文旅资讯",
            date(2023, 10, 9),
            date(2023, 11, 5),
        )  # no post in the column these days
        extra_news = {
            "县文广新旅局": "文旅资讯",
            "县教科体局": "教育资讯",
            "县卫健委": "健康资讯",
            "县农业农村局": "农业资讯",
            "贡江镇": "乡镇要闻",
        }
        self.gen_accounts()
        self.gen_headlines()
        for unit in assessed:
            primary = f"{unit}/工作动态"
            extra = f"{unit}/{extra_news[unit]}" if unit in extra_news else None
            for mon, sun in weeks:
                days = self.wd(max(mon, self.start), sun)
                n = 3 + round(rng.uniform(0, 6) * s)
                if self.plant and (unit, mon) == low_week:
                    n = 1
                if unit == low_total[0] and mon <= month_last(low_total[1]) and sun >= low_total[1]:
                    n = 3
                for _ in range(n):
                    d = self.pick(days)
                    self.post(
                        unit,
                        primary,
                        self.moment(d),
                        self.news_title(unit, d),
                        news=True,
                        homepage=rng.random() < 0.03,
                    )
                if extra is None or (self.plant and (unit, mon) == low_week):
                    continue
                for _ in range(1 + (rng.random() < 0.5 * s)):
                    d = self.pick(days)
                    if (
                        self.plant
                        and unit == stale_column[0]
                        and stale_column[2] <= d <= stale_column[3]
                    ):
                        continue
                    self.post(unit, extra, self.moment(d), self.news_title(unit, d), news=True)
            self.fill_months(unit, months, low_total)
        self.set_originals(assessed, months, low_original)
        if self.plant:
            self.plant_post_findings(low_week, low_total, low_original, stale_column)

    def gen_accounts(self) -> None:
        """Posts of the 政务新媒体 accounts; each posts at least every third day."""
        silent = ("于都市场监管（微信公众号）", date(2023, 9, 27), date(2023, 10, 15))
        for account, unit, rate in ACCOUNTS:
            per_day = rate * (0.35 + 0.65 * min(self.scale, 2.0))
            last = self.start - ONE_DAY
            d = self.start
            while d <= self.end:
                quiet = self.plant and account == silent[0] and silent[1] <= d <= silent[2]
                n = 0 if quiet else poisson(self.rng, per_day)
                if not quiet and n == 0 and (d - last).days >= 3:
                    n = 1
                for _ in range(n):
                    t = self.rng.choice(ACCOUNT_POSTS).format(t=self.topic(unit))
                    self.post(
                        unit,
                        "",
                        self.moment(d, 7 * 60, 22 * 60),
                        t,
                        site=account,
                        platform=NEW_MEDIA,
                    )
                if n:
                    last = d
                d += ONE_DAY

    def gen_headlines(self) -> None:
        """于都要闻 on the portal's homepage: 县融媒体中心 and 县政府办, every working day."""
        d = self.start
        while d <= self.end:
            n = self.rng.randint(2, 4) if self.cal.is_workday(d) else int(self.rng.random() < 0.4)
            for _ in range(n):
                unit = "县政府办" if self.rng.random() < 0.4 else "县融媒体中心"
                t = self.rng.choice(NEWS).format(u="于都县", t=self.topic(unit), m=d.month)
                self.post(unit, "于都要闻", self.moment(d), t, news=True, homepage=True)
            d += ONE_DAY

    def fill_months(
        self, unit: str, months: list[tuple[date, date]], low_total: tuple[str, date]
    ) -> None:
        """通知公告 and 政策文件 posts up to each month's total (at least one per column)."""
        rng = self.rng
        counts: dict[date, int] = defaultdict(int)
        for p in self.posts:
            if p.unit == unit:
                counts[p.when.date().replace(day=1)] += 1
        for first, last in months:
            days = self.wd(max(first, self.start), last)
            share = (last - max(first, self.start)).days / (last - first).days
            target = round((55 + rng.uniform(15, 75) * self.scale) * share)
            if self.plant and (unit, first) == low_total:
                target = 42
            have = counts[first]
            for k in range(max(2, target - have)):
                column = "政策文件" if k == 1 or (k > 1 and rng.random() < 0.25) else "通知公告"
                d = self.pick(days)
                template = POLICIES if column == "政策文件" else NOTICES
                title = rng.choice(template).format(
                    u=self.display(unit), p=self.place(unit), t=self.topic(unit), y=d.year
                )
                self.post(unit, f"{unit}/{column}", self.moment(d), title)

    def set_originals(
        self, assessed: list[str], months: list[tuple[date, date]], low_original: tuple[str, date]
    ) -> None:
        """Mark original posts: per assessed unit and month at least 12 (news first)."""
        rng = self.rng
        groups: dict[tuple[str, date], list[Post]] = defaultdict(list)
        for p in self.posts:
            groups[(p.unit, p.when.date().replace(day=1))].append(p)
        judged = {m for m, _ in months if m >= self.start}
        units = set(assessed)
        for (unit, month), posts in sorted(groups.items()):
            if unit not in units or month not in judged:
                for p in posts:
                    p.original = rng.random() < 0.35
                continue
            want = max(12, round(len(posts) * rng.uniform(0.2, 0.45)))
            if self.plant and (unit, month) == low_original:
                want = 6
            news = [p for p in posts if p.news]
            other = [p for p in posts if not p.news]
            rng.shuffle(news)
            rng.shuffle(other)
            for k, p in enumerate(news + other):
                p.original = k < want

    def plant_post_findings(
        self,
        low_week: tuple[str, date],
        low_total: tuple[str, date],
        low_original: tuple[str, date],
        stale_column: tuple[str, str, date, date],
    ) -> None:
        unit, mon = low_week
        sun = mon + timedelta(days=6)
        self.violation(
            "10.weekly-updates",
            unit,
            sun,
            f"{unit}在{mon}至{sun}这一周只发布1条动态信息（每周至少2次）",
            window=(mon, sun),
        )
        unit, first = low_total
        last = month_last(first)
        self.violation(
            "10.monthly-total",
            unit,
            last,
            f"{unit}{first.month}月信息总量42条（不低于50条）",
            window=(first, last),
        )
        unit, first = low_original
        last = month_last(first)
        self.violation(
            "10.monthly-original",
            unit,
            last,
            f"{unit}{first.month}月原创信息6条（不低于10条）",
            window=(first, last),
        )
        unit, column, _, _ = stale_column
        entity = f"{PORTAL}›{column}"
        days = [p.when.date() for p in self.posts if p.site == PORTAL and p.column == column]
        self.plant_stale(
            "newmedia.news-column-stale",
            unit,
            entity,
            days,
            14,
            f"{entity}栏目（动态类）超过14日未更新",
        )
        account = "于都市场监管（微信公众号）"
        days = [p.when.date() for p in self.posts if p.site == account]
        self.plant_stale(
            "newmedia.account-stale",
            "县市场监督管理局",
            account,
            days,
            14,
            f"政务新媒体账号“{account}”国庆前后超过14日未更新",
        )

    def plant_stale(
        self, rule: str, unit: str, entity: str, days: Iterable[date], gap: int, what: str
    ) -> None:
        ordered = sorted(set(days))
        for a, b in pairwise(ordered):
            if (b - a).days > gap:
                lo, hi = a + timedelta(days=gap), b - ONE_DAY
                self.violation(
                    rule, unit, lo, f"{what}：{a}后至{b}才更新", window=(lo, hi), entity=entity
                )

    def write_posts(self) -> None:
        for p in self.posts:
            self.add_row(
                "posts.csv",
                (p.when,),
                {
                    "site": p.site,
                    "platform": p.platform,
                    "column": p.column,
                    "unit": p.unit,
                    "time": p.when,
                    "title": p.title,
                    "original": p.original,
                    "homepage": p.homepage,
                },
            )
