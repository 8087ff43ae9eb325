"""The ``govflow_*`` hooks plugins implement (pluggy; entry-point group ``govflow``).

Contribution hooks return (or yield) attrs records; the plugin manager validates them and
rejects duplicate ids with an error naming both plugins.  docs/hooks.md documents each hook with
an example; ``tests/test_hooks_meta.py`` checks every hook is documented and exercised.

A minimal plugin (``hookimpl`` is also ``govflow.hookimpl``)::

    from govflow import hookimpl
    from govflow.plan.obligations import Area

    @hookimpl
    def govflow_areas():
        return [Area("village", "村务公开")]

and in its ``pyproject.toml``::

    [project.entry-points.govflow]
    village = "my_package"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from govflow.calendar.notices import Notice
    from govflow.calendar.workcalendar import CalendarAdjustment
    from govflow.cases.kinds import CaseKind
    from govflow.compliance.records import HeaderAlias, RecordKind
    from govflow.compliance.rules import Rule
    from govflow.plan.model import Plan
    from govflow.plan.obligations import Area, ObligationTemplate
    from govflow.plan.planfile import PlanSource
    from govflow.plan.units import DirectorySource, Unit, UnitGroup

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

PROJECT_NAME = "govflow"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def govflow_areas() -> Iterable[Area]:
    """Task areas this plugin covers (``Area(id, title, ...)``); ids are unique.  ``Area.binds``
    (``AreaBinding``) says where an area a plan does not name binds: tasks, units, the whole plan."""


@hookspec
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    """Obligations to add to every plan that has *area* (named on a task, mapped or bound)."""


@hookspec
def govflow_holiday_notices() -> Iterable[Notice]:
    """State Council holiday notices (``Notice``); at most one per year across all plugins."""


@hookspec
def govflow_calendar_adjustments() -> Iterable[CalendarAdjustment]:
    """Regional or local changes to the working-day calendar (a province's extra rest day)."""


@hookspec
def govflow_units(directory: str) -> Iterable[Unit | UnitGroup]:
    """Units or groups to add to the unit directory with id *directory* (a plan file's ``units``)."""


@hookspec
def govflow_unit_directories() -> Iterable[DirectorySource]:
    """Unit directory files this plugin ships (``DirectorySource(id, path, title)``); a plan
    file's ``units = "<id>"`` names one; ids are unique."""


@hookspec
def govflow_plans() -> Iterable[PlanSource]:
    """Plan files this plugin ships (``PlanSource(id, path, title)``); ids are unique."""


@hookspec
def govflow_rules(plan: Plan) -> Iterable[Rule]:
    """Compliance rules for *plan* (``govflow.compliance.rules.Rule`` instances, fresh per check)."""


@hookspec
def govflow_record_kinds() -> Iterable[RecordKind]:
    """More record kinds (``govflow.compliance.records.RecordKind``) that ``govflow check`` can read."""


@hookspec
def govflow_case_kinds() -> Iterable[CaseKind]:
    """Kinds of live case (``govflow.cases.kinds.CaseKind``): the record kind a case becomes and
    the events it may have; ``govflow case open --kind NAME`` opens one."""


@hookspec
def govflow_header_aliases() -> Iterable[HeaderAlias]:
    """More column spellings (``HeaderAlias(kind, field, alias)``) for record files."""


@hookspec
def govflow_cli_commands(cli: click.Group) -> None:
    """Add commands to the ``govflow`` command line (``cli.add_command(...)``)."""


if TYPE_CHECKING:
    from govflow.importer.phrases import PhrasePattern


@hookspec
def govflow_phrase_patterns() -> Iterable[PhrasePattern]:
    """Extra time-phrase patterns (``PhrasePattern(id, regex, builder)``); ids are unique.

    ``govflow import`` passes them to :func:`govflow.importer.phrases.parse_phrases`; a pattern with the
    id of a core pattern replaces it.
    """
