"""The website monitoring tool's exports: weekly column snapshots and availability probes.

The snapshots (``snapshots.csv``, record kind ``snapshot`` of the newmedia plugin) hold, at each
weekly monitoring point (Tuesdays), the portal's homepage and every assessed unit's 工作动态 column, their
last update taken from the posts already generated, and the portal's IPv6 support; the probes
(``probes.csv``, kind ``probe``) are hourly visits during some of the check's 7-day windows.
A separate random source keeps every other generated value as it was without these files.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from govflow_yudu.demo.builder import Builder
from govflow_yudu.demo.model import NEW_MEDIA, PORTAL, WEBSITE
from govflow_yudu.demo.vocabulary import ACCOUNTS

SNAPSHOTS = "snapshots.csv"
PROBES = "probes.csv"
#: A rule reading the exports: when it is not loaded, neither is the plugin declaring their kinds.
MONITORED_BY = "newmedia.site-unreachable"
#: The unit running the portal, as the newmedia plugin names it for the portal's findings.
PORTAL_UNIT = "县大数据中心"
#: Header labels of the two files (the kinds are the newmedia plugin's, not the core's).
LABELS = {
    "snapshot": {
        "site": "网站或账号",
        "unit": "单位",
        "date": "监测日期",
        "platform": "平台类型",
        "column": "栏目",
        "column_type": "栏目类型",
        "last_update": "最后更新日期",
        "dead_links": "死链数",
        "ipv6_second": "IPv6二级链接支持度",
        "ipv6_third": "IPv6三级链接支持度",
    },
    "probe": {"site": "网站", "time": "探测时间", "result": "访问结果", "seconds": "响应时间"},
}
#: The 7-day windows (counted from the plan's issue date) with probes, and the one planted slow.
PROBE_WEEKS = (3, 9, 15, 21, 27)
SLOW_WEEK = 15
SLOW_PROBES = 9  # of 7 × 24 = 168 visits: 5.36 %, at least 5 % (WEB-03)


class Monitoring(Builder):
    """Snapshots and probes of the portal, from the posts generated."""

    def gen_monitoring(self, seed: int) -> None:
        rng = random.Random(f"monitoring-{seed}")
        last: dict[str, list[date]] = {}
        for p in self.posts:
            if p.site != PORTAL:  # an account: its posts are its updates
                last.setdefault(p.site, []).append(p.when.date())
                continue
            last.setdefault(p.column, []).append(p.when.date())
            if p.homepage:
                last.setdefault("首页", []).append(p.when.date())
        for days in last.values():
            days.sort()
        units = self.units("10.monthly-total")
        first = self.start + timedelta(days=14)
        point = first + timedelta(days=(8 - first.weekday()) % 7)  # Tuesdays from then on
        points = []
        while point <= self.end:
            points.append(point)
            point += timedelta(days=7)
        dead_at = points[len(points) // 2]
        for i, d in enumerate(points):
            third = "99.3%"
            if self.plant and i == len(points) - 1:
                third = "98.7%"
                self.violation(
                    "newmedia.ipv6-support",
                    PORTAL_UNIT,
                    d,
                    f"{PORTAL} {d} IPv6三级链接支持度 98.7%，低于 99%",
                    window=(d, d),
                    entity=PORTAL,
                )
            dead = None
            if self.plant and d == dead_at:
                dead = 2
                self.violation(
                    "newmedia.link-availability",
                    PORTAL_UNIT,
                    d,
                    f"{PORTAL} {d} 首页死链 2 个",
                    window=(d, d),
                    entity=PORTAL,
                )
            self.snapshot(
                d,
                PORTAL_UNIT,
                "首页",
                "首页",
                self._last(last, "首页", d),
                dead,
                f"{rng.choice((99.4, 99.6, 99.8))}%",
                third,
            )
            for unit in units:
                column = f"{unit}/工作动态"
                self.snapshot(d, unit, column, "动态要闻", self._last(last, column, d))
            for account, unit, _ in ACCOUNTS:
                self.snapshot(
                    d,
                    unit,
                    "",
                    "账号",
                    self._last(last, account, d),
                    site=account,
                    platform=NEW_MEDIA,
                )
        for account, unit, _ in ACCOUNTS:
            self.plant_sleeping(account, unit, points, last)
        self.gen_probes(rng)

    def plant_sleeping(
        self, account: str, unit: str, points: list[date], last: dict[str, list[date]]
    ) -> None:
        """The points where the posts leave *account* without an update in the 14 days up to
        the point (WEB-09): the lapse planted in the posts, seen by the monitoring tool too;
        consecutive points are one finding."""
        run: list[date] = []
        for d in [*points, None]:
            updated = None if d is None else self._last(last, account, d)
            if d is not None and (updated is None or (d - updated).days >= 14):
                run.append(d)
                continue
            if run:
                self.violation(
                    "newmedia.snapshot-account-stale",
                    unit,
                    run[0],
                    f"政务新媒体账号“{account}”{run[0]} 至 {run[-1]} 监测时点前 14 日内无更新",
                    window=(run[0], run[-1]),
                    entity=account,
                )
                run = []

    @staticmethod
    def _last(last: dict[str, list[date]], key: str, d: date) -> date | None:
        before = [x for x in last.get(key, ()) if x <= d]
        return before[-1] if before else None

    def snapshot(
        self,
        d: date,
        unit: str,
        column: str,
        column_type: str,
        last_update: date | None,
        dead: int | None = None,
        ipv6_second: str | None = None,
        ipv6_third: str | None = None,
        *,
        site: str = PORTAL,
        platform: str = WEBSITE,
    ) -> None:
        row = {
            "site": site,
            "unit": unit,
            "date": d,
            "platform": platform,
            "column": column,
            "column_type": column_type,
            "last_update": last_update,
            "dead_links": dead,
            "ipv6_second": ipv6_second,
            "ipv6_third": ipv6_third,
        }
        self.add_row(SNAPSHOTS, (d, site != PORTAL, column_type != "首页", column, site), row)

    def gen_probes(self, rng: random.Random) -> None:
        for week in PROBE_WEEKS:
            lo = self.start + timedelta(days=7 * week)
            slow: set[int] = set()
            if self.plant and week == SLOW_WEEK:
                slow = set(rng.sample(range(7 * 24), SLOW_PROBES))
                hi = lo + timedelta(days=6)
                self.violation(
                    "newmedia.site-unreachable",
                    PORTAL_UNIT,
                    lo,
                    f"{PORTAL} {lo} 至 {hi} 访问 168 次，{SLOW_PROBES} 次超过 15 秒",
                    window=(lo, hi),
                    entity=PORTAL,
                )
            for n in range(7 * 24):
                when = datetime.combine(
                    lo + timedelta(days=n // 24), time(n % 24, rng.randint(0, 59))
                )
                seconds = rng.uniform(15.2, 30.0) if n in slow else rng.uniform(0.4, 3.0)
                row = {"site": PORTAL, "time": when, "result": "成功", "seconds": f"{seconds:.1f}"}
                self.add_row(PROBES, (when,), row)
