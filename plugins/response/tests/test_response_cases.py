"""Live cases judged as ``check`` judges their ledger (issue 13: one source of truth).

Generated histories of 依申请公开 and 留言 cases are entered event by event through the case book
(a real SQLite store), then exported as a ledger and checked: every case's clocks equal the
check's findings for its row.  An event the book refuses makes the full history's row one the
check rejects, for the same reason; the refusals that need no rule (order, closing) are tested
one by one.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govflow.cases.book import CaseBook
from govflow.cases.judge import CaseJudge, CaseStatus
from govflow.cases.ledger import export_rows
from govflow.cases.model import EventRefused
from govflow.cases.remind import Bucket, horizon, reminders
from govflow.cases.store import CaseStore
from govflow.compliance.findings import Status
from govflow.compliance.obligation_rules import obligation_rules
from govflow.plan.model import Plan
from govflow.plugins.manager import Registry
from govflow.testing import check_records, write_csv
from govflow.text.dates import BEIJING

TODAY = date(2024, 6, 30)
UNITS = ["县财政局", "县教育局", "贡江镇"]
DAYS = [date(2019, 4, 25) + timedelta(days=n) for n in range(0, 40)] + [
    date(2023, 9, 15) + timedelta(days=n) for n in range(0, 40)
]


def _book(reg: Registry, plan: Plan, folder: Path) -> CaseBook:
    kinds = reg.record_kinds()
    case_kinds = reg.case_kinds()

    cased = {k.record_kind for k in case_kinds.values()}

    def rules() -> list[Any]:
        return [*obligation_rules(plan, cased), *reg.rules(plan)]

    judge = CaseJudge(plan, reg.calendar(), kinds, rules)
    store = CaseStore(f"sqlite:///{folder / 'cases.sqlite3'}", case_kinds)
    return CaseBook(store, judge, plan, kinds, case_kinds, TODAY)


@pytest.fixture
def book(govflow_registry: Registry, govflow_plan: Plan) -> Iterator[CaseBook]:
    with tempfile.TemporaryDirectory() as tmp:
        b = _book(govflow_registry, govflow_plan, Path(tmp))
        yield b
        b.store.close()


Step = tuple[str, date, int | None]
ENDS = ("replied", "abandoned")


@st.composite
def application(draw: st.DrawFn) -> tuple[str, date, list[Step]]:
    """A received date and the later events, each dated on or after what it needs."""
    received = draw(st.sampled_from(DAYS))

    def after(day: date, lo: int = 0, hi: int = 15) -> date:
        return day + timedelta(days=draw(st.integers(lo, hi)))

    steps: list[Step] = []
    if draw(st.booleans()):
        notice = after(received, 0, 9)
        steps.append(("correction-requested", notice, None))
        if draw(st.booleans()):
            steps.append(("corrected", after(notice, 0, 10), None))
        elif draw(st.booleans()):
            steps.append(("abandoned", after(notice, 5, 20), None))
    if draw(st.booleans()):
        sent = after(received, 0, 8)
        steps.append(("consultation-sent", sent, None))
        if draw(st.booleans()):
            steps.append(("consultation-received", after(sent, 0, 4), None))
        if draw(st.booleans()):
            steps.append(("consultation-answered", after(sent, 1, 30), None))
    if draw(st.booleans()):  # up to 25 days: beyond the caps (15 in 2007, 20 since 2019)
        steps.append(("extension-approved", after(received, 5, 25), draw(st.integers(1, 25))))
    ended = any(s[0] == "abandoned" for s in steps)
    if not ended and draw(st.booleans()):
        last = max([received, *(s[1] for s in steps)])
        steps.append(("replied", after(last, 0, 30), None))
    if draw(st.booleans()):
        steps.append(("filed", after(received, 0, 40), None))
    # as an office records them: by date, the reply or 视为放弃 last of its day; after it only
    # 报备 (the book refuses anything else: tested below)
    steps.sort(key=lambda s: (s[1], s[0] in ENDS))
    end = next((i for i, s in enumerate(steps) if s[0] in ENDS), len(steps))
    steps = steps[: end + 1] + [s for s in steps[end + 1 :] if s[0] == "filed"]
    return draw(st.sampled_from(UNITS)), received, steps


def _verdicts(findings: Any) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        d = f.to_dict()
        d.pop("evidence")
        out.append(d)
    return sorted(out, key=lambda d: (d["case"], d["rule"]))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(  # an extension over the 2007 cap, refused; the request later 视为放弃
    histories=[
        (
            "县财政局",
            date(2019, 4, 25),
            [
                ("extension-approved", date(2019, 4, 30), 16),
                ("correction-requested", date(2019, 5, 1), None),
                ("abandoned", date(2019, 5, 6), None),
            ],
        )
    ],
    as_of=date(2019, 6, 10),
)
@given(
    st.lists(application(), min_size=1, max_size=8),
    st.sampled_from([date(2019, 6, 10), date(2023, 10, 20), date(2023, 12, 31), TODAY]),
)
def test_cases_are_judged_as_check_judges_their_ledger(
    govflow_registry: Registry,
    govflow_plan: Plan,
    histories: list[tuple[str, date, list[Step]]],
    as_of: date,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = _book(govflow_registry, govflow_plan, folder)
        refused: dict[str, tuple[str, list[Step]]] = {}
        for n, (unit, received, steps) in enumerate(histories):
            cid = f"YSQ-{n:03d}"
            book.open("application", cid, unit, received.isoformat(), actor="测试")
            for name, day, amount in steps:
                try:
                    book.record(cid, name, day.isoformat(), amount=amount, actor="测试")
                except EventRefused as exc:
                    if cid not in refused:  # the first refusal: all before it was accepted
                        upto = steps[: steps.index((name, day, amount)) + 1]
                        refused[cid] = (str(exc), upto)
        cases = book.store.cases()
        views = book.judge.judge(cases, as_of)
        kind = book.record_kinds["application"]
        ledger = write_csv(folder / "applications.csv", export_rows(cases, kind))
        result = check_records(govflow_registry, govflow_plan, [ledger], as_of)
        clocks = [f for v in views for f in v.findings]
        assert _verdicts(clocks) == _verdicts(f for f in result.findings if f.case)
        for v in views:
            assert v.status is not CaseStatus.UNJUDGED, v.reason
        # a refused event: the history as it stood, with that event, is a ledger row that check
        # rejects for the same reason (a later 视为放弃 would take the whole row out of scope)
        for cid, (message, steps) in refused.items():
            n = int(cid[4:])
            unit, received, _ = histories[n]
            row = _row(kind, cid, unit, received, steps)
            full = write_csv(folder / f"{cid}.csv", [[f.label for f in kind.fields], row])
            # the book judges what happened, as of today: so does this check
            one = check_records(govflow_registry, govflow_plan, [full], TODAY, rejected_ok=True)
            assert len(one.rejected) == 1, (message, one.rejected)
            assert one.rejected[0].reason in message
        book.store.close()


def _row(kind: Any, cid: str, unit: str, received: date, steps: list[Step]) -> list[str]:
    fields = {
        "correction-requested": "correction_notice",
        "corrected": "corrected_received",
        "consultation-sent": "consult_start",
        "consultation-received": "consult_received",
        "consultation-answered": "consult_end",
        "extension-approved": "extension_approved",
        "replied": "replied",
        "filed": "filed",
    }
    data: dict[str, str] = {"id": cid, "unit": unit, "received": received.isoformat()}
    for name, day, amount in steps:
        if name == "abandoned":
            data["abandoned"] = "是"
            continue
        data[fields[name]] = day.isoformat()
        if amount is not None:
            data["extension_days"] = str(amount)
    return [data.get(f.name, "") for f in kind.fields]


def test_a_message_with_times_is_judged_as_its_ledger_row(
    govflow_registry: Registry, govflow_plan: Plan, book: CaseBook
) -> None:
    book.open("message", "LY-1", "县民政局", "2023-10-16 09:30", {"simple": "是"}, actor="测试")
    book.open("message", "LY-2", "县民政局", "2023-10-13 17:45", actor="测试")
    book.record("LY-2", "replied", "2023-10-23 08:00", actor="测试")
    cases = book.store.cases()
    assert cases[0].received == datetime(2023, 10, 16, 9, 30, tzinfo=BEIJING)
    as_of = date(2023, 10, 25)
    views = book.judge.judge(cases, as_of)
    with tempfile.TemporaryDirectory() as tmp:
        ledger = write_csv(
            Path(tmp) / "messages.csv", export_rows(cases, book.record_kinds["message"])
        )
        result = check_records(govflow_registry, govflow_plan, [ledger], as_of)
    assert _verdicts(f for v in views for f in v.findings) == _verdicts(
        f for f in result.findings if f.case
    )
    assert {v.case.id: v.status for v in views} == {
        "LY-1": CaseStatus.OVERDUE,  # a simple question: 3 working days, due 2023-10-19
        "LY-2": CaseStatus.DONE_LATE,  # 5 working days from a Friday evening: due 2023-10-20
    }


def test_the_clock_follows_each_event(book: CaseBook) -> None:
    """补正 restarts, 征求意见 pauses, 延期 extends: the due date moves as the events come."""
    as_of = date(2023, 10, 20)
    v = book.open("application", "A", "县财政局", "2023-09-20", actor="测试")
    reply = "response.application-reply"

    def due() -> date | None:
        view = book.show("A", as_of)
        return next(f.due for f in view.findings if f.rule == reply)

    assert v.findings
    assert due() == date(2023, 10, 24)
    book.record("A", "consultation-sent", "2023-09-25", actor="测试")
    book.record("A", "consultation-answered", "2023-10-09", actor="测试")
    # paused 9-25 .. 10-09 (条例第三十二条): 3 counted before, the other 17 from 10-10
    assert due() == date(2023, 11, 1)
    book.record("A", "extension-approved", "2023-10-20", amount=5, actor="测试")
    assert due() == date(2023, 11, 8)  # 5 more working days
    book.record("A", "replied", "2023-10-31", actor="测试")
    view = book.show("A", as_of=date(2023, 11, 30))
    reply_clock = next(f for f in view.findings if f.rule == reply)
    assert reply_clock.done == date(2023, 10, 31)
    assert reply_clock.due == date(2023, 11, 8)


@pytest.mark.parametrize(
    ("steps", "needle"),
    [
        ([("corrected", "2023-09-25")], "登记收到补正之前应先有告知补正"),
        ([("replied", "2023-09-19")], "早于收到申请 2023-09-20"),
        ([("replied", "2024-07-01")], "晚于今天 2024-06-30，事件尚未发生"),
        ([("closed", "2023-10-01"), ("replied", "2023-10-02")], "已于 2023-10-01 结案"),
        ([("replied", "2023-10-01"), ("consultation-sent", "2023-10-02")], "办理已终结"),
        ([("replied", "2023-10-01"), ("replied", "2023-10-02")], "每件只能有一次"),
        (
            [("correction-requested", "2023-09-25"), ("corrected", "2023-09-24")],
            "早于告知补正 2023-09-25",
        ),
        ([("consultation-answered", "2023-10-08")], "登记收到意见之前应先有发出征求意见"),
        (
            [("consultation-sent", "2023-10-09"), ("consultation-answered", "2023-10-08")],
            "收到意见日期 2023-10-08 早于发出征求意见 2023-10-09",
        ),
    ],
)
def test_impossible_events_are_refused_and_nothing_is_stored(
    book: CaseBook, steps: list[tuple[str, str]], needle: str
) -> None:
    book.open("application", "A", "县财政局", "2023-09-20", actor="测试")
    *before, (name, day) = steps
    for n, d in before:
        with contextlib.suppress(EventRefused):
            book.record("A", n, d, actor="测试")
    stored = book.store.count()
    with pytest.raises(EventRefused, match=needle):
        book.record("A", name, day, actor="测试")
    assert book.store.count() == stored


def test_an_extension_over_the_cap_names_the_rule_and_the_article(book: CaseBook) -> None:
    book.open("application", "A", "县财政局", "2023-09-20", actor="测试")
    with pytest.raises(EventRefused) as err:
        book.record("A", "extension-approved", "2023-10-10", amount=21, actor="测试")
    message = str(err.value)
    assert "超过上限 20 个工作日" in message
    assert "response.application-reply" in message
    assert "第三十三条" in message
    # the 2007 条例 allowed 15: a case received before 2019-05-15 is held to it
    book.open("application", "B", "县财政局", "2019-04-26", actor="测试")
    with pytest.raises(EventRefused, match="超过上限 15 个工作日"):
        book.record("B", "extension-approved", "2019-05-10", amount=16, actor="测试")
    book.record("B", "extension-approved", "2019-05-10", amount=15, actor="测试")


def test_a_correction_supersedes_and_the_log_keeps_both(book: CaseBook) -> None:
    book.open("application", "A", "县财政局", "2023-09-20", actor="张三")
    book.record("A", "replied", "2023-10-30", actor="张三")
    view = book.record(
        "A", "replied", "2023-10-13", supersedes=2, actor="李四", note="答复日期录入错误"
    )
    reply = next(f for f in view.findings if f.rule == "response.application-reply")
    assert reply.done == date(2023, 10, 13)
    case = book.store.get("A")
    assert [(e.seq, e.type, e.supersedes, e.actor) for e in case.events] == [
        (1, "received", None, "张三"),
        (2, "replied", None, "张三"),
        (3, "replied", 2, "李四"),
    ]
    assert [e.seq for e in case.effective()] == [1, 3]
    with pytest.raises(EventRefused, match="已被更正过"):
        book.record("A", "replied", "2023-10-12", supersedes=2, actor="王五")
    book.record("A", "retracted", None, supersedes=3, actor="王五", note="并未答复")
    assert [e.type for e in book.store.get("A").effective()] == ["received"]
    with pytest.raises(EventRefused, match="不能撤销开案事件"):
        book.record("A", "retracted", None, supersedes=1, actor="王五")


def test_reminders_list_what_falls_due(book: CaseBook) -> None:
    book.open("application", "OVER", "县财政局", "2023-09-01", actor="测试")  # due 2023-09-28
    book.open("application", "TODAY", "县教育局", "2023-09-20", actor="测试")  # due 2023-10-24
    book.open("application", "SOON", "县教育局", "2023-09-22", actor="测试")  # due 2023-10-26
    book.open("application", "LATER", "县教育局", "2023-10-09", actor="测试")  # due 2023-11-03
    book.open("application", "SHUT", "县财政局", "2023-09-01", actor="测试")
    book.record("SHUT", "closed", "2023-09-05", actor="测试")
    as_of = date(2023, 10, 24)
    last = horizon(book.judge.calendar, as_of, 3, provisional=False)
    assert last == date(2023, 10, 27)
    rems = reminders(book.views(as_of), as_of, last)
    seen = {(r.case.id, r.bucket) for r in rems if r.clock.rule == "response.application-reply"}
    assert seen == {
        ("OVER", Bucket.OVERDUE),
        ("TODAY", Bucket.TODAY),
        ("SOON", Bucket.SOON),
    }
    assert all(
        "第三十三条" in r.clock.source.cite() for r in rems if r.clock.rule.startswith("response")
    )
    assert [r.bucket for r in rems] == sorted((r.bucket for r in rems), key=list(Bucket).index)


def test_a_new_notice_lists_the_cases_whose_deadlines_move(
    govflow_registry: Registry, govflow_plan: Plan, book: CaseBook, tmp_path: Path
) -> None:
    """A changed 2023 notice (国庆 without its two make-up working days) moves the open clock of
    a case across the break and leaves one after it; a case closed is not compared."""
    from govflow.calendar.notices import NoticeWarning, builtin_notices, load_notice
    from govflow.cases.calendar_change import case_moves
    from govflow.cli.notices_import_cmd import notice_file_text

    official = next(n for n in builtin_notices() if n.year == 2023)
    text = notice_file_text(official, official.source).replace(
        "workdays = [2023-10-07, 2023-10-08]", "workdays = []"
    )
    changed = tmp_path / "2023.toml"
    changed.write_text(text, encoding="utf-8")
    book.open("application", "ACROSS", "县财政局", "2023-09-20", actor="测试")
    book.open("application", "AFTER", "县财政局", "2023-10-16", actor="测试")
    book.open("application", "SHUT", "县财政局", "2023-09-20", actor="测试")
    book.record("SHUT", "closed", "2023-09-21", actor="测试")
    j = book.judge
    # the official 2023 notice, written back as a file, is checked as any file is: its
    # 春节 make-up days give seven working days in a row, which the loader points out
    with pytest.warns(NoticeWarning, match="连续工作 7 天"):
        notice = load_notice(changed)
    calendar = j.calendar.with_notices(notice)
    new = CaseJudge(j.plan, calendar, j.kinds, j.rules)
    moves = case_moves(book.judge, new, book.store.cases(), date(2023, 10, 20))
    reply = [m for m in moves if m.rule == "response.application-reply"]
    assert [(m.case.id, m.old, m.new) for m in reply] == [
        ("ACROSS", date(2023, 10, 24), date(2023, 10, 26))
    ]
    assert not any(m.was_provisional or m.is_provisional for m in moves)


def test_a_case_waiting_for_its_correction_is_suspended(book: CaseBook) -> None:
    book.open("application", "A", "县财政局", "2023-09-20", actor="测试")
    book.record("A", "filed", "2023-09-21", actor="测试")  # the 报备 clock done
    view = book.record("A", "correction-requested", "2023-09-22", actor="测试")
    assert view.status is CaseStatus.SUSPENDED
    assert any("重新计算" in f.explanation for f in view.findings)
    view = book.record("A", "corrected", "2023-09-26", actor="测试")
    assert view.status is not CaseStatus.SUSPENDED


def test_an_earlier_event_may_be_corrected_after_the_reply_and_the_closing(book: CaseBook) -> None:
    book.open("application", "A", "县财政局", "2023-09-20", actor="测试")
    book.record("A", "consultation-sent", "2023-09-25", actor="测试")
    book.record("A", "consultation-answered", "2023-10-09", actor="测试")
    book.record("A", "replied", "2023-10-30", actor="测试")
    book.record("A", "closed", "2023-11-01", actor="测试")
    view = book.record(
        "A", "consultation-answered", "2023-10-12", supersedes=3, actor="测试", note="录错"
    )
    reply = next(f for f in view.findings if f.rule == "response.application-reply")
    assert reply.due == date(2023, 11, 6)  # 17 working days after 10-12
    with pytest.raises(EventRefused, match="已于 2023-11-01 结案"):
        book.record("A", "filed", "2023-11-02", actor="测试")


def test_cases_received_after_the_moment_are_not_listed(book: CaseBook) -> None:
    book.open("application", "EARLY", "县财政局", "2023-09-20", actor="测试")
    book.open("application", "LATE", "县财政局", "2023-12-20", actor="测试")
    assert [v.case.id for v in book.views(date(2023, 10, 1))] == ["EARLY"]
    assert [v.case.id for v in book.views(date(2023, 12, 20))] == ["EARLY", "LATE"]


MOMENTS = [
    datetime(2023, 10, 13, 18, 0, tzinfo=BEIJING) + timedelta(minutes=37 * n) for n in range(0, 200)
]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(MOMENTS),
            st.booleans(),
            st.integers(0, 3000),  # minutes from the event to the answer (48 h = 2880)
            st.sampled_from(["responded", "authoritative-info", "press-conference", ""]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([date(2023, 10, 14), date(2023, 10, 16), TODAY]),
)
def test_opinions_are_judged_to_the_minute_as_check_judges_them(
    govflow_registry: Registry,
    govflow_plan: Plan,
    opinions: list[tuple[datetime, bool, int, str]],
    as_of: date,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = _book(govflow_registry, govflow_plan, folder)
        for n, (found, emergency, minutes, answer) in enumerate(opinions):
            cid = f"YQ-{n:03d}"
            fields = {"emergency": "是"} if emergency else {}
            if emergency:
                fields["occurred"] = (found - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
            book.open(
                "opinion", cid, "县卫健委", found.strftime("%Y-%m-%d %H:%M"), fields, actor="测试"
            )
            if answer:
                when = found + timedelta(minutes=minutes)
                book.record(cid, answer, when.strftime("%Y-%m-%d %H:%M"), actor="测试")
        cases = book.store.cases()
        views = book.judge.judge(cases, as_of)
        ledger = write_csv(
            folder / "opinions.csv", export_rows(cases, book.record_kinds["opinion"])
        )
        result = check_records(govflow_registry, govflow_plan, [ledger], as_of)
        assert _verdicts(f for v in views for f in v.findings) == _verdicts(
            f for f in result.findings if f.case
        )
        book.store.close()


def test_an_answer_a_minute_late_is_late(book: CaseBook) -> None:
    book.open("opinion", "A", "县卫健委", "2023-10-16 09:30", actor="测试")
    book.open("opinion", "B", "县卫健委", "2023-10-16 09:30", actor="测试")
    book.record("A", "responded", "2023-10-18 09:30", actor="测试")  # 48 hours exactly
    book.record("B", "responded", "2023-10-18 09:31", actor="测试")
    status = {v.case.id: v.findings[0].status for v in book.views(date(2023, 10, 20))}
    assert status == {"A": Status.MET, "B": Status.VIOLATED}
