"""Plans for the core's tests: the invented 测试县 plan under ``tests/data`` (no plugin needed),
and the plans and unit directories the installed plugins ship, read as files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from govflow.periods.core import Period
from govflow.plan import planfile
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Deadline, Evidence, Obligation
from govflow.plan.planfile import PlanSource
from govflow.plan.settings import ClockSettings
from govflow.plan.units import DirectorySource, UnitDirectory, load_directory
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import registry

DATA = Path(__file__).resolve().parent / "data"
CESHI_PLAN = DATA / "plans" / "ceshi-2023.toml"
"""测试县2023年政务公开工作方案 (invented), its ``units`` a path to :data:`CESHI_UNITS`."""
CESHI_UNITS = DATA / "units" / "ceshi.toml"
CESHI_ID = "ceshi-2023"


def own_plan_folder(folder: Path, plan_id: str) -> Path:
    """*folder* given a ``plan.toml`` of its own: the invented plan under the id *plan_id*, with
    a copy of its unit directory beside it (a county's folder for ``check --counties`` or
    ``--county-plans``)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CESHI_UNITS, folder / "ceshi.units.toml")
    text = CESHI_PLAN.read_text(encoding="utf-8")
    (folder / "plan.toml").write_text(
        text.replace('units = "../units/ceshi.toml"', 'units = "ceshi.units.toml"').replace(
            f'id = "{CESHI_ID}"', f'id = "{plan_id}"'
        ),
        encoding="utf-8",
    )
    return folder / "plan.toml"


def ceshi_plan() -> Plan:
    """The invented plan alone, read from its file (no registry, no plugin obligations)."""
    return planfile.read_plan(CESHI_PLAN)


def ceshi_directory() -> UnitDirectory:
    """The invented county's unit directory (id ``ceshi``)."""
    return load_directory(CESHI_UNITS)


class CeshiPlugin:
    """A test-local plugin shipping the invented plan (``ceshi-2023``) and directory (``ceshi``),
    for tests that need a plan from the registry: register it with ``govflow_plugin``."""

    @hookimpl
    def govflow_plans(self) -> Iterable[PlanSource]:
        return [PlanSource(CESHI_ID, CESHI_PLAN, "测试县2023年政务公开工作方案")]

    @hookimpl
    def govflow_unit_directories(self) -> Iterable[DirectorySource]:
        return [DirectorySource("ceshi", CESHI_UNITS, "测试县")]


def builtin_plan_path(plan_id: str) -> Path:
    """The file of the plan *plan_id* a plugin ships."""
    path: Path = registry().plans()[plan_id].path
    return path


def builtin_directory(directory_id: str) -> UnitDirectory:
    """The unit directory *directory_id* a plugin ships."""
    directory: UnitDirectory = registry().unit_directories()[directory_id].load()
    return directory


def load_plan(ref: str | Path) -> Plan:
    """The plan file alone (no plugin obligations bound): a plugin's plan by id, or a path."""
    plans = registry().plans()
    path = plans[ref].path if isinstance(ref, str) and ref in plans else Path(ref)
    return planfile.read_plan(path, directories=registry().unit_directories())


def plan_from_dict(data: Mapping[str, Any], **kwargs: Any) -> Plan:
    """:func:`govflow.plan.planfile.plan_from_dict` with the plugins' unit directories."""
    kwargs.setdefault("directories", registry().unit_directories())
    return planfile.plan_from_dict(data, **kwargs)


def read_plan(path: str | Path, **kwargs: Any) -> Plan:
    """:func:`govflow.plan.planfile.read_plan` with the plugins' unit directories."""
    kwargs.setdefault("directories", registry().unit_directories())
    return planfile.read_plan(path, **kwargs)


REPLY_OBLIGATION: dict[str, Any] = {
    "id": "1.reply",
    "title": "网民留言答复",
    "clause": "答复期限不超过5个工作日",
    "deadline": {"period": "5个工作日", "trigger": "收到留言"},
    "evidence": {"kind": "message", "trigger": "received", "done": "replied"},
}


def answers_plan_data(plan_id: str, *more: Mapping[str, Any]) -> dict[str, Any]:
    """A one-task plan over the invented directory: 县财政局 answers messages within 5 working
    days (:data:`REPLY_OBLIGATION`), plus the obligations *more* in the same task."""
    return {
        "id": plan_id,
        "title": "测试方案",
        "number": "测府办字〔2023〕1号",
        "issued": date(2023, 6, 18),
        "year": 2023,
        "issuer": "测试",
        "units": str(CESHI_UNITS),
        "tasks": [
            {
                "number": 1,
                "section": "二",
                "title": "回应关切",
                "text": "答复期限不超过5个工作日。",
                "responsible": ["县财政局"],
                "area": "answers",
                "obligations": [dict(REPLY_OBLIGATION), *map(dict, more)],
            }
        ],
    }


#: The citation of the invented rules the core tests build.
CITE = Citation("测试规则", "第一条", "测试用条款")


def posting_duty() -> Obligation:
    """An invented 30-day minimum posting period (公示结束日期 ``ends``) for 县发改委's 征地公告."""
    return Obligation(
        "t.posting",
        "征地公告张贴不少于三十日",
        Deadline(Period.parse("30日"), "张贴"),
        CITE,
        applies_to=("县发改委",),
        area="livelihood",
        task="5",
        settings=ClockSettings(minimum_posting=True),
        evidence=Evidence(
            "disclosure", where={"kind": "征地公告"}, trigger="published", ends="ends"
        ),
    )
