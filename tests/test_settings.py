"""Typed settings: validation with Chinese messages, reading from and writing to plan tables."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govflow.periods.core import Period
from govflow.plan.obligations import (
    Citation,
    Deadline,
    Obligation,
    ObligationTemplate,
    Quota,
    Recurrence,
    Window,
    default_settings,
)
from govflow.plan.settings import (
    ClockSettings,
    SettingError,
    Settings,
    settings_from_table,
    settings_to_dict,
)

CITE = Citation("示府办字〔2024〕1号", "二、(一)1", "5个工作日内答复")
REPLY = Deadline(Period.parse("5个工作日"), "收到留言")

CLOCK_TABLES = st.fixed_dictionaries(
    {},
    optional={
        "max_pause_workdays": st.integers(1, 10_000),
        "max_extension_workdays": st.integers(1, 10_000),
        "awaiting": st.text(min_size=1).filter(str.strip),
        "minimum_posting": st.booleans(),
        "monitoring": st.booleans(),
    },
)


@given(CLOCK_TABLES)
def test_clock_settings_round_trip_through_a_table(table: dict[str, Any]) -> None:
    settings = settings_from_table(ClockSettings, table)
    written = settings_to_dict(settings)
    assert settings_from_table(ClockSettings, written) == settings
    # only what differs from the defaults is written
    assert written == {k: v for k, v in table.items() if v not in (False,)}


@pytest.mark.parametrize(
    ("table", "name", "phrase"),
    [
        ({"max_pause_workdays": 0}, "max_pause_workdays", "正整数"),
        ({"max_pause_workdays": True}, "max_pause_workdays", "正整数"),
        ({"max_extension_workdays": 2.5}, "max_extension_workdays", "正整数"),
        ({"awaiting": ""}, "awaiting", "记录字段名"),
        ({"awaiting": 3}, "awaiting", "记录字段名"),
        ({"monitoring": "yes"}, "monitoring", "true 或 false"),
        ({"minimum_posting": 1}, "minimum_posting", "true 或 false"),
        ({"max_gap_days": 10}, "max_gap_days", "没有这个设置项"),
    ],
)
def test_ill_typed_or_unknown_settings_are_refused(
    table: dict[str, Any], name: str, phrase: str
) -> None:
    with pytest.raises(SettingError) as info:
        settings_from_table(ClockSettings, table)
    assert info.value.name == name
    assert phrase in info.value.detail
    assert str(info.value).startswith(f"设置项 {name}：")


def test_settings_default_by_rule_kind() -> None:
    assert default_settings(REPLY) == ClockSettings()
    assert default_settings(Deadline(Period.parse("年底前"))) == Settings()
    assert default_settings(Recurrence("FREQ=WEEKLY;BYDAY=MO")) == Settings()
    assert default_settings(Quota(1, Window.YEAR, "event")) == Settings()
    ob = Obligation("t.reply", "答复", REPLY, CITE)
    assert ob.settings == ClockSettings()
    assert ob.clock == ClockSettings()
    with pytest.raises(SettingError, match="没有这个设置项"):
        settings_from_table(Settings, {"monitoring": True})


def test_settings_must_be_typed_and_grades_known() -> None:
    with pytest.raises(ValueError, match="Settings 的实例"):
        ObligationTemplate("t.reply", "答复", REPLY, CITE, "x", settings={"monitoring": True})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="P、G、S 或 U"):
        Citation("条例", "第一条", grade="A")
    assert Citation("条例", "第一条", grade="P").to_dict()["grade"] == "P"


def test_minimum_posting_describes_the_obligation() -> None:
    posting = Obligation(
        "t.posting",
        "公告",
        Deadline(Period.parse("30日"), "张贴"),
        CITE,
        settings=ClockSettings(minimum_posting=True),
    )
    assert posting.describe() == "张贴后公示不少于30日"
    plain = Obligation("t.posting", "公告", Deadline(Period.parse("30日"), "张贴"), CITE)
    assert plain.describe() == "张贴之日起30日内"
