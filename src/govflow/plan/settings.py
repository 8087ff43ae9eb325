"""Typed settings of obligations: the thresholds a rule reads, one attrs class per rule kind.

An obligation holds one settings instance.  The core defines:

* :class:`Settings`: no settings (recurrences, quotas, calendar-anchor deadlines);
* :class:`ClockSettings`: a deadline counted from a trigger event — the cap on a pause of the
  clock (征求意见), the cap on an extension (延期), the field that marks a case waiting for its
  restart (补正), a minimum posting period, or a monitoring look-back not moved for rest days.

A plugin subclasses these for its own rules (newmedia's look-backs, finance's working-day
switch); the settings class of a plugin's template is also the class a plan's obligation of the
same id is read against.  Every field is validated when the instance is made; a wrong value
raises :class:`SettingError` naming the field and what is expected, in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
from attrs import frozen

from govflow.errors import InputError
from govflow.periods.core import Period

__all__ = [
    "ClockSettings",
    "ConditionSettings",
    "SettingError",
    "Settings",
    "field_name",
    "flag",
    "positive_int",
    "settings_from_table",
    "settings_to_dict",
]


class SettingError(InputError):
    """A setting with a wrong value; ``name`` is the setting, ``expected`` what it accepts."""

    label = "设置有误"

    def __init__(self, name: str, detail: str) -> None:
        self.name = name
        self.detail = detail
        super().__init__(f"设置项 {name}：{detail}")

    @classmethod
    def expected(cls, name: str, expected: str, value: object) -> SettingError:
        """The error for *value* of *name*, which should be *expected*."""
        return cls(name, f"应为{expected}，实际为 {value!r}")


def positive_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: ``None`` (not set) or a whole number of at least 1 (``True`` is not one)."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SettingError.expected(attribute.name, "正整数（如 15）", value)


def flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise SettingError.expected(attribute.name, "true 或 false", value)


def field_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: ``None`` or a record field name such as ``correction_notice``."""
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise SettingError.expected(attribute.name, "记录字段名（如 correction_notice）", value)


@frozen
class Settings:
    """No settings: the rule reads nothing beyond the obligation's time rule and evidence."""

    kind: ClassVar[str] = "无设置项"
    """What the settings are for, in Chinese (for error messages)."""


@frozen
class ClockSettings(Settings):
    """Settings of a deadline counted from a trigger event (the core's triggered-deadline rule).

    A plan may override a plugin's values with an obligation of the same id.
    """

    kind: ClassVar[str] = "自触发事件起算的期限"

    max_pause_workdays: int | None = attrs.field(default=None, validator=positive_int)
    """A pause of the clock counts at most this many working days: the consulted party has
    that long (政府信息公开条例 第三十二条: 15 working days); waiting longer counts."""
    max_extension_workdays: int | None = attrs.field(default=None, validator=positive_int)
    """The largest extension the law allows (第三十三条第二款: 20 working days); a record
    claiming more is rejected."""
    awaiting: str | None = attrs.field(default=None, validator=field_name)
    """A record field whose date means the case waits for the applicant (补正 notified): until
    the evidence's ``restart`` field is filled, nothing is due (第三十条)."""
    minimum_posting: bool = attrs.field(default=False, validator=flag)
    """The period is a minimum posting period: the evidence's ``ends`` (the day the notice came
    down) must fall on or after the due date (征地补偿安置方案 公告至少三十日)."""
    monitoring: bool = attrs.field(default=False, validator=flag)
    """A monitoring indicator: the period is plain calendar arithmetic, never moved past rest
    days (monitors check on holidays too)."""

    def period(self, period: Period) -> Period:
        """The period the rule counts, from the obligation's own: unchanged here; a plugin's
        subclass may switch its unit for a plan that asks for it."""
        return period


def _names(value: object) -> object:
    if value is None or isinstance(value, tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    raise SettingError.expected("villages", '村名的列表（如 ["甲村", "某镇·乙村"]）', value)


def village_names(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: ``None`` (not known) or village names (「甲村」 or 「某镇·甲村」)."""
    if value is None:
        return
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SettingError.expected(attribute.name, '村名的列表（如 ["甲村"]）', value)


@frozen
class ConditionSettings(Settings):
    """Settings of a per-village quota that binds only the villages meeting a *condition* no
    record shows (「集体财务往来较多的，财务收支情况应当每月公布一次」).

    *villages* names those that meet it; ``None`` means nobody said, and the rule then reports
    that it cannot tell which villages owe the duty instead of holding every village to it.
    """

    kind: ClassVar[str] = "有适用条件的按村定额"

    condition: str = ""
    """The condition in the words of its source (「集体财务往来较多」)."""
    villages: tuple[str, ...] | None = attrs.field(
        default=None, converter=_names, validator=village_names
    )
    """The villages that meet it, 「甲村」 or 「某镇·甲村」; empty: none does."""

    def covers(self, township: str, village: str) -> bool:
        """Whether the village of *township* is one of :attr:`villages`."""
        names = self.villages or ()
        return village in names or f"{township}·{village}" in names


def _fields(cls: type[Settings]) -> dict[str, attrs.Attribute[Any]]:
    return {a.name: a for a in attrs.fields(cls) if a.init}


def _expected(cls: type[Settings]) -> str:
    names = sorted(_fields(cls))
    return "、".join(names) if names else "无（此类义务没有设置项）"


def settings_from_table(cls: type[Settings], table: Mapping[str, Any]) -> Settings:
    """An instance of *cls* from a plan file's table; an unknown key or an ill-typed value
    raises :class:`SettingError` naming the key (``name``) and what is expected."""
    known = _fields(cls)
    for key in table:
        if key not in known:
            raise SettingError(
                str(key), f"没有这个设置项；{cls.kind}（{cls.__name__}）可设：{_expected(cls)}"
            )
    try:
        return cls(**dict(table))
    except TypeError as exc:  # a subclass without validators given a wrong value
        raise SettingError(cls.__name__, f"设置项有误（{exc}）；可设：{_expected(cls)}") from None


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """The settings that differ from their class's defaults, as a plan file writes them (every
    setting has a default: a plan sets only what it changes)."""
    defaults = type(settings)()
    return {
        name: getattr(settings, name)
        for name in _fields(type(settings))
        if getattr(settings, name) != getattr(defaults, name)
    }
