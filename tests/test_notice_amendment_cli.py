"""``govflow notices add|import`` with a mid-year amendment's text: merged into its year's notice.

An amendment (2019 劳动节 调整, 2020 春节 延长, or one for a year installed by the user) can be
installed the day it appears: the store then holds the year's notice with the amendment merged
in, and every later command (and ``import govflow``) uses it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govflow.calendar.notices import Notice, builtin_notices, load_notice
from govflow.calendar.workcalendar import _DEFAULT, default_calendar
from govflow.cli import main

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "src" / "govflow" / "data" / "notices"
EXAMPLE_2027 = Path(__file__).parent / "data" / "notices" / "2027-invented.toml"
D = date.fromisoformat

#: An invented amendment to the invented 2027 notice (not a State Council document).
AMENDMENT_2027 = """\
国务院办公厅关于调整2027年劳动节假期安排的通知
国办发明电〔2027〕99号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将调整2027年劳动节放假安排通知如下。
一、2027年5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
国务院办公厅
2027年3月1日
"""


pytestmark = pytest.mark.usefixtures("store_dir")  # a fresh store per test (conftest)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def builtin(year: int) -> Notice:
    return next(n for n in builtin_notices() if n.year == year)


def test_amendment_for_a_year_added_by_the_user(store_dir: Path, tmp_path: Path) -> None:
    assert run("notices", "add", str(EXAMPLE_2027)).exit_code == 0
    text = tmp_path / "amend.txt"
    text.write_text(AMENDMENT_2027, "utf-8")
    added = run("notices", "add", str(text))
    assert added.exit_code == 0, added.output
    assert "已将调整通知并入2027年通知" in added.stdout
    # the invented notice gives 劳动节 5月1日至4日: the amendment changes three days
    assert "调整的日子：2027-04-25、2027-05-05、2027-05-08\n" in added.stdout
    stored = load_notice(store_dir / "2027.toml")
    assert stored.ref.number == "国办发明电〔2026〕99号"  # still the notice of the year ...
    assert [a.number for a in stored.amendments] == ["国办发明电〔2027〕99号"]  # ... amended
    _DEFAULT.clear()
    cal = default_calendar()
    assert not cal.is_workday(D("2027-05-05"))
    assert cal.is_workday(D("2027-05-08"))
    assert cal.day_info(D("2027-05-08")).notice.number == "国办发明电〔2027〕99号"  # type: ignore[union-attr]
    assert cal.day_info(D("2027-02-05")).notice.number == "国办发明电〔2026〕99号"  # type: ignore[union-attr]
    # the same amendment twice is refused, not cited twice
    again = run("notices", "add", str(text))
    assert again.exit_code == 2
    assert "已包含这份调整通知" in again.stderr


def test_2020_extension_installed_over_the_notice_as_first_published(store_dir: Path) -> None:
    """The 2020 notice as published, then the extension the day it appeared."""
    assert run("notices", "add", "--replace", str(TEXTS / "2020.txt")).exit_code == 0
    _DEFAULT.clear()
    assert default_calendar().is_workday(D("2020-02-01"))  # as first published
    added = run("notices", "add", str(TEXTS / "2020-chunjie.txt"))
    assert added.exit_code == 0, added.output
    assert "国办发明电〔2020〕1号（2020-01-26）" in added.stdout
    stored = load_notice(store_dir / "2020.toml")
    expected = builtin(2020)
    assert (stored.rest_days, stored.workdays) == (expected.rest_days, expected.workdays)
    assert stored.amendments == expected.amendments


@pytest.mark.filterwarnings("ignore::govflow.calendar.notices.NoticeWarning")  # 2019's 7-day run
def test_import_prints_the_amended_notice(tmp_path: Path) -> None:
    assert run("notices", "add", "--replace", str(TEXTS / "2019.txt")).exit_code == 0
    out = tmp_path / "2019.toml"
    done = run("notices", "import", str(TEXTS / "2019-laodongjie.txt"), "-o", str(out))
    assert done.exit_code == 0, done.output
    notice = load_notice(out)
    expected = builtin(2019)
    assert (notice.rest_days, notice.workdays) == (expected.rest_days, expected.workdays)
    assert notice.amendments == expected.amendments


def test_amendment_already_built_in_is_refused() -> None:
    done = run("notices", "add", str(TEXTS / "2019-laodongjie.txt"))
    assert done.exit_code == 2
    assert "2019年的通知已包含这份调整通知" in done.stderr
    assert "Traceback" not in done.output


def test_amendment_for_a_year_without_a_notice_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "amend.txt"
    text.write_text(AMENDMENT_2027, "utf-8")
    done = run("notices", "import", str(text))
    assert done.exit_code == 2
    assert "还没有2027年的通知" in done.stderr


def test_amendment_without_a_number_needs_the_option(tmp_path: Path) -> None:
    """The extension as a wire copy (no 文号, as most reprints): --number supplies it."""
    wire = "".join((TEXTS / "2020-chunjie.txt").read_text("utf-8").splitlines(keepends=True)[1:])
    text = tmp_path / "wire.txt"
    text.write_text(wire, "utf-8")
    assert run("notices", "add", "--replace", str(TEXTS / "2020.txt")).exit_code == 0
    refused = run("notices", "add", str(text))
    assert refused.exit_code == 2
    assert "--number" in refused.stderr
    done = run("notices", "add", str(text), "--number", "国办发明电〔2020〕1号")
    assert done.exit_code == 0, done.output
