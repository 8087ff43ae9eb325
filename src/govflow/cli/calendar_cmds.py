"""``govflow due`` and ``govflow calendar``: periods and the working-day calendar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import click

from govflow.calendar.workcalendar import (
    CalendarNotPublished,
    DayInfo,
    DayKind,
    DayStatus,
    WorkCalendar,
)
from govflow.cli._app import (
    date_arg,
    echo,
    fail,
    json_text,
    main,
    settle,
    settling,
    work_calendar,
)
from govflow.text.dates import as_datetime

__all__ = ["calendar_cmd", "due"]


@main.command()
@click.argument("start")
@click.argument("period")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象（供脚本使用）。")
@click.option(
    "--provisional", is_flag=True, help="日历未发布的年份按法定节假日估算，结果标为临时。"
)
@click.option(
    "--holiday-only",
    is_flag=True,
    help="自然日期间的最后一日仅在法定休假期内才顺延（周末不顺延）。",
)
@click.option(
    "--pause",
    "pauses",
    multiple=True,
    metavar="FROM..TO",
    help="期限中止区间（征求第三方意见等），如 2025-10-09..2025-10-20。",
)
@click.option("--restart", metavar="DATE", help="补正后重新起算的日期。")
@click.option("--extend", type=int, metavar="N", help="经批准延长的期限（工作日数或日数）。")
@settling
def due(
    start: str,
    period: str,
    as_json: bool,
    provisional: bool,
    holiday_only: bool,
    pauses: Sequence[str],
    restart: str | None,
    extend: int | None,
) -> None:
    """计算期限的到期日并说明依据。

    START 为起算日（YYYY-MM-DD；小时期限为 YYYY-MM-DDTHH:MM）。PERIOD 如 20个工作日、20wd、
    15日、15d、2个月、2m、24小时、月底前、9月底前、年底前、次年1月31日前。
    """
    from govflow.periods.core import (
        ClockEvent,
        Extension,
        Pause,
        Period,
        PeriodError,
        PeriodUnit,
        Restart,
        compute_due,
    )

    try:
        p = Period.parse(period)
    except PeriodError as exc:
        fail(f"期限 PERIOD：{exc}")
    start_value: date | datetime
    if p.unit is PeriodUnit.HOURS:
        try:
            start_value = as_datetime(start, field="START")
        except (ValueError, TypeError) as exc:
            fail(str(exc))
    else:
        start_value = date_arg(start, "START")
    events: list[ClockEvent] = []
    for raw in pauses:
        a, sep, b = raw.partition("..")
        if not sep:
            fail(f"--pause {raw!r}：应写作 起..止，如 2025-10-09..2025-10-20")
        try:
            events.append(Pause(date_arg(a, "--pause FROM"), date_arg(b, "--pause TO")))
        except PeriodError as exc:
            fail(f"--pause {raw!r}: {exc}")
    if restart:
        events.append(Restart(date_arg(restart, "--restart")))
    if extend is not None:
        try:
            events.append(Extension(extend))
        except PeriodError as exc:
            fail(f"--extend: {exc}")
    calendar = work_calendar()
    settle()
    try:
        result = compute_due(
            start_value,
            p,
            calendar=calendar,
            events=events,
            provisional=provisional,
            weekend_extends=not holiday_only,
        )
    except (PeriodError, ValueError, TypeError) as exc:
        if isinstance(exc, CalendarNotPublished):
            raise
        fail(str(exc))
    if as_json:
        click.echo(json_text(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        echo(result.explain())


_MARK = {DayKind.HOLIDAY: "休", DayKind.REST_DAY: "休", DayKind.MAKEUP_WORKDAY: "班"}


def _cell(info: DayInfo | None, day: int, official_year: bool) -> str:
    # in a year whose notice is known, a provisional day (29-31 December awaiting next year's
    # notice) is marked like an unknown one: the heading says the year is official
    if info is None or (official_year and info.status is DayStatus.PROVISIONAL):
        return f"{day:>2}? "
    mark = _MARK.get(info.kind)
    if mark is None and info.kind is DayKind.WEEKEND and info.name:
        mark = "休"
    return f"{day:>2}{mark or '  '} "


def _month_lines(
    cal: WorkCalendar, year: int, month: int, provisional: bool
) -> tuple[list[str], list[DayInfo | None]]:
    import calendar as stdcal

    lines = [f"{year}年{month}月".center(34), " 一   二   三   四   五   六   日"]
    infos: list[DayInfo | None] = []
    for week in stdcal.Calendar().monthdayscalendar(year, month):
        cells = []
        for day in week:
            if day == 0:
                cells.append("     ")
                continue
            info = _info(cal, date(year, month, day), provisional)
            infos.append(info)
            cells.append(_cell(info, day, cal.year_status(year) is DayStatus.OFFICIAL))
        lines.append("".join(cells).rstrip())
    return lines, infos


def _info(cal: WorkCalendar, d: date, provisional: bool) -> DayInfo | None:
    try:
        return cal.day_info(d, provisional=provisional)
    except CalendarNotPublished:
        return None


def _legend(infos: Sequence[DayInfo | None], official_year: bool) -> list[str]:
    """Holiday breaks and make-up days of the shown period, in Chinese."""
    out: list[str] = []
    runs: list[list[DayInfo]] = []
    for info in infos:
        if info is None:
            continue
        off_named = not info.workday and info.holiday_break is not None
        if (
            off_named
            and runs
            and runs[-1][-1].holiday_break == info.holiday_break
            and (info.date - runs[-1][-1].date).days == 1
        ):
            runs[-1].append(info)
        elif off_named:
            runs.append([info])
    for run in runs:
        a, b = run[0].date, run[-1].date
        span = f"{a.month}月{a.day}日" + (f"至{b.month}月{b.day}日" if a != b else "")
        prov = "（估算）" if run[0].status is DayStatus.PROVISIONAL else ""
        days = (b - a).days + 1
        out.append(f"休 {span}：{run[0].holiday_break}，放假{days}天{prov}")
    for info in infos:
        if info is not None and info.kind is DayKind.MAKEUP_WORKDAY:
            out.append(
                f"班 {info.date.month}月{info.date.day}日（星期"
                f"{'一二三四五六日'[info.date.weekday()]}）：{info.holiday_break}调休上班"
            )
    for info in infos:
        if info is not None and info.partial_holiday and info.workday:
            out.append(
                f"   {info.date.month}月{info.date.day}日：{info.partial_holiday}，机关照常上班"
            )
    if any(i is None for i in infos):
        out.append("?  下一年度节假日安排未发布，该日尚未确定（可能被下一年度通知调整）")
    elif official_year and any(i.status is DayStatus.PROVISIONAL for i in infos if i):
        out.append("?  临时：下一年度节假日安排未发布，该日按估算显示（可能被下一年度通知调整）")
    return out


@main.command(name="calendar")
@click.argument("year", type=int)
@click.option("--month", type=click.IntRange(1, 12), help="只显示该月。")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='逐日输出 JSON 列表：{"date", "workday", "kind", "name", ...}。',
)
@click.option("--provisional", is_flag=True, help="未发布的年份按法定节假日估算。")
@settling
def calendar_cmd(year: int, month: int | None, as_json: bool, provisional: bool) -> None:
    """显示某年（或某月）的工作日日历：法定节假日、调休休息日和调休上班日。"""
    cal = work_calendar()
    settle()
    if not 1900 <= year <= 2200:
        fail(f"YEAR {year}：应为 1900 至 2200 之间的年份")
    if cal.year_status(year) is not DayStatus.OFFICIAL and not provisional:
        raise CalendarNotPublished(year, date(year, 1, 1))
    months = [month] if month else list(range(1, 13))
    if as_json:
        import calendar as stdcal

        days = []
        for m in months:
            for day in range(1, stdcal.monthrange(year, m)[1] + 1):
                d = date(year, m, day)
                info = _info(cal, d, provisional)
                if info is None:
                    days.append(
                        {
                            "date": d.isoformat(),
                            "workday": None,
                            "kind": None,
                            "name": None,
                            "status": "unknown",
                            "note": f"awaiting the {year + 1} notice",
                        }
                    )
                else:
                    days.append(info.to_dict())
        click.echo(json_text(days, ensure_ascii=False, indent=1))
        return
    notice = cal.notice_for(year)
    head = (
        f"{year}年工作日日历（依据 {notice.cite()}）"
        if notice is not None
        else f"{year}年工作日日历（临时：通知未发布，按法定节假日估算，不含调休）"
    )
    echo(head)
    all_infos: list[DayInfo | None] = []
    for m in months:
        lines, infos = _month_lines(cal, year, m, provisional)
        all_infos.extend(infos)
        echo("")
        echo("\n".join(lines))
    legend = _legend(all_infos, notice is not None)
    if legend:
        echo("")
        echo("\n".join(legend))
    echo("\n说明：休 = 放假（法定节假日、调休休息日及假期内周末），班 = 调休上班日。")
