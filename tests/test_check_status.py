"""``govflow check --status``: only the findings of the statuses asked for are listed, in every
format and in a many-county run; the counts, the exit code and the rest of the result stay those
of every finding.

The invented plan and ledgers are ``test_cli_check``'s (built-ins only, the plan ``small-2023``:
a message is answered within 5 working days).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govflow.cli import main
from govflow.cli.check_cmds import STATUSES
from govflow.compliance import colcases
from govflow.compliance.findingset import STATUS_ORDER
from plans import CESHI_PLAN
from test_cli_check import LATE, MESSAGE, _builtins_only, plan_file, small, write
from test_counties import province

__all__ = ["_builtins_only", "plan_file"]  # the fixtures, used by name

CHOICES = [
    ["violated"],
    ["at_risk", "met"],
    ["pending", "violated"],  # given out of order: listed in the check's order
    ["not_applicable"],
    list(STATUSES),
]


def ledger(path: Path, rows: int) -> Path:
    """*rows* messages received 2023-08-01..2023-10-30, a third unanswered, the others answered
    1–9 days later: met, violated, at risk and pending by 2023-10-31."""
    rng = random.Random(rows)
    lines = [MESSAGE]
    for i in range(rows):
        received = date(2023, 8, 1) + timedelta(days=rng.randint(0, 90))
        replied = "" if i % 3 == 0 else (received + timedelta(days=rng.randint(1, 9))).isoformat()
        unit = ("县财政局", "县审计局")[i % 2]
        lines.append([f"M{i:06d}", unit, f"{received.isoformat()} 09:00", replied])
    return write(path, lines)


def doc(plan: Path, records: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = small(plan, records, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_the_statuses_are_the_engines_in_the_checks_order() -> None:
    assert list(STATUSES) == [s.value for s in STATUS_ORDER]


@pytest.mark.parametrize("chosen", CHOICES, ids="+".join)
def test_json_lists_the_findings_of_the_statuses_asked_for(
    plan_file: Path, tmp_path: Path, chosen: list[str]
) -> None:
    records = ledger(tmp_path / "messages.csv", 6000)
    assert records.stat().st_size >= colcases.MIN_BYTES  # judged by the case engine, as columns
    code, full = doc(plan_file, records)
    assert {f["status"] for f in full["findings"]} >= {"met", "violated", "at_risk", "pending"}
    listed_code, listed = doc(plan_file, records, *(a for s in chosen for a in ("--status", s)))
    assert listed_code == code == 1
    assert listed.pop("listed") == [s for s in STATUSES if s in chosen]
    assert listed.pop("findings") == [f for f in full["findings"] if f["status"] in chosen]
    full.pop("findings")
    assert listed == full  # the summary counts every finding


def test_the_reports_list_the_groups_asked_for(plan_file: Path, tmp_path: Path) -> None:
    records = write(tmp_path / "messages.csv", LATE)  # M1, M2 met; M3 late
    table = small(plan_file, records, "--status", "met")
    assert table.exit_code == 1  # the violation still counts
    assert "结果：违规 1 项，临期 0 项，未到期 0 项，达标 2 项；拒收记录 0 行；只列出达标的项" in (
        table.stdout
    )
    assert "达标（2）：" in table.stdout
    assert "违规（1）" not in table.stdout
    plain = small(plan_file, records, "--status", "violated").stdout
    assert "违规（1）：" in plain
    assert "达标（2）" not in plain
    assert "只列出违规的项" in plain
    for fmt, heading in (("md", "## {}（{}）"), ("html", "<h2>{}（{}）</h2>")):
        shown = small(plan_file, records, "--format", fmt, "--status", "met").stdout
        assert heading.format("达标", 2) in shown
        assert heading.format("违规", 1) not in shown
        assert "只列出达标的项" in shown
        default = small(plan_file, records, "--format", fmt).stdout
        assert heading.format("违规", 1) in default
        assert heading.format("达标", 2) not in default  # met findings: the table's --all only
        assert "只列出" not in default


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "met", "--all"], "--all 与 --status 不能同用"),
        (["--status", "done"], "--status 的值无效"),
    ],
)
def test_bad_statuses_exit_2(
    plan_file: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = small(plan_file, write(tmp_path / "messages.csv", LATE), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_county_lists_the_statuses_asked_for(tmp_path: Path, jobs: str) -> None:
    root = province(tmp_path)

    def counties(*args: str) -> dict[str, Any]:
        given = ["--plan", str(CESHI_PLAN), "--counties", str(root), "--as-of", "2023-12-31"]
        result = CliRunner().invoke(main, ["check", *given, "--format", "json", "-j", jobs, *args])
        assert result.exit_code in (0, 1), result.output
        loaded: dict[str, Any] = json.loads(result.stdout)
        return loaded

    full = counties()
    listed = counties("--status", "violated")
    assert [c["county"] for c in listed["counties"]] == ["东县", "西县"]
    for every, some in zip(full["counties"], listed["counties"], strict=True):
        result = some.pop("result")
        every_result = every.pop("result")
        assert some == every  # the county's row: every finding counted
        assert result.pop("listed") == ["violated"]
        findings = every_result.pop("findings")
        assert any(f["status"] == "met" for f in findings)
        assert result.pop("findings") == [f for f in findings if f["status"] == "violated"]
        assert result == every_result
    assert listed["totals"] == full["totals"]
    assert full["totals"]["violated"] > 0
