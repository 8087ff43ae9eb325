"""``govflow_case_kinds``: a plugin's kind of live case, through the registry for real.

A plugin registered with the ``govflow_plugin`` fixture, next to the built-ins only, adds a case
kind on the built-in ``message`` record kind; ``Registry.case_kinds()`` lists it with the
built-in kinds, and a kind whose event names a field its record kind lacks is refused with
:class:`~govflow.plugins.manager.PluginError`, naming the plugin, the kind, the event and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest
from attrs import evolve

from govflow.cases.kinds import BUILTIN_CASE_KINDS, CaseKind, EventType
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import PluginError, Registry, reset

Register = Callable[..., Registry]


@pytest.fixture(autouse=True)
def _builtins_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No installed plugin: the process-wide registry holds the built-ins alone."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    reset()
    yield
    reset()


HOTLINE = CaseKind(
    name="hotline",
    label="12345热线转办",
    record_kind="message",
    opening="received",
    events=(
        EventType("received", "收到转办", field="received"),
        EventType("replied", "答复", field="replied", after=("received",), ends=True),
        EventType("closed", "结案", after=("received",), closes=True),
    ),
    fields=("simple",),
    fixed=(("channel", "12345热线"),),
    doc="一件12345热线转办的留言：按方案规定的工作日数答复。",
)


class Hotline:
    @hookimpl
    def govflow_case_kinds(self) -> Iterable[CaseKind]:
        return [HOTLINE]


def test_hook_govflow_case_kinds(govflow_plugin: Register) -> None:
    reg = govflow_plugin(Hotline(), name="hotline")
    kinds = reg.case_kinds()
    assert list(kinds) == [k.name for k in BUILTIN_CASE_KINDS] + ["hotline"]
    assert kinds["hotline"] is HOTLINE
    assert kinds["application"].record_kind == "application"
    # the case writes the record its kind becomes: the fixed field, the events' dates
    assert kinds["hotline"].event("replied").field == "replied"

    class Misnamed:
        @hookimpl
        def govflow_case_kinds(self) -> Iterable[CaseKind]:
            transferred = EventType("transferred", "转办", field="transferred", after=("received",))
            return [
                CaseKind(
                    name="hotline-transfer",
                    label="热线转办",
                    record_kind="message",
                    opening="received",
                    events=(HOTLINE.events[0], transferred),
                )
            ]

    govflow_plugin(Misnamed(), name="misnamed")
    with pytest.raises(PluginError) as refused:
        reg.case_kinds()
    message = str(refused.value)
    assert "插件 misnamed" in message
    assert "事件 transferred" in message
    assert "没有字段 'transferred'" in message


def test_hook_govflow_case_kinds_refuses_what_does_not_fit(govflow_plugin: Register) -> None:
    """An unknown record kind, a fixed field the record kind lacks, a built-in kind's name."""

    class One:
        kind = HOTLINE

        @hookimpl
        def govflow_case_kinds(self) -> Iterable[CaseKind]:
            return [self.kind]

    one = One()
    reg = govflow_plugin(one, name="one")
    one.kind = evolve(HOTLINE, record_kind="hotline-call")
    with pytest.raises(PluginError, match="记录类别 'hotline-call' 不存在"):
        reg.case_kinds()
    one.kind = evolve(HOTLINE, fixed=(("line", "12345"),))
    with pytest.raises(PluginError, match="没有字段 'line'"):
        reg.case_kinds()
    one.kind = evolve(HOTLINE, name="message")
    with pytest.raises(PluginError, match="案件类别 'message' 重复"):
        reg.case_kinds()
    one.kind = HOTLINE
    assert "hotline" in reg.case_kinds()
