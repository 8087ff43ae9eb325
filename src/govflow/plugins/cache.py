"""What the installed plugins contribute, remembered between runs: commands that need no plugin
start without importing any.

Loading the plugins imports every plugin package and what it imports (plan model, record kinds,
rules).  ``govflow --help`` needs only the names and help lines of the plugins' commands, and
``govflow due``/``calendar`` need the plugins only when one of them contributes holiday notices
or calendar adjustments.  So once the command line has loaded the plugins it writes, for each
entry-point plugin, the hooks it implements and its commands' names and help to a JSON file in the
user's cache directory (``$GOVFLOW_CACHE_DIR``, else ``$XDG_CACHE_HOME/govflow``, else
``~/.cache/govflow``), one file per Python environment, written atomically.

The file is trusted only for the plugins it was written for:

* the quick key, checked every run: the directories on ``sys.path`` with their modification
  times (installing, upgrading or removing a distribution adds or removes a ``.dist-info``
  directory, which changes its parent's mtime), and each plugin's source files with their
  mtimes (the module, or every ``.py`` file beside a package's ``__init__.py``: editing an
  editable install's commands changes them);
* when the quick key differs, the precise key: every ``govflow`` entry point with its
  distribution's name, version and metadata directory (path and mtimes), read through
  :mod:`importlib.metadata`.  When it matches, the quick key is remembered too.

Which plugins ``GOVFLOW_DISABLE_PLUGINS``/``GOVFLOW_LOAD_PLUGINS`` enable is decided at each run,
from the entry points the file lists.  A missing, stale, corrupt or unreadable file, or one that
does not cover every enabled plugin, makes :func:`cached_plugins` return ``None``: the caller
loads the plugins as before.  A file that cannot be written is left alone.  This module imports
neither pluggy nor :mod:`importlib.metadata` unless the quick key has changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from govflow.plugins.manager import Registry

__all__ = [
    "CALENDAR_HOOKS",
    "ENV_VAR",
    "CachedPlugins",
    "cache_path",
    "cached_plugins",
    "enabled_plugins",
    "entry_point_key",
    "quick_key",
    "registry_loaded",
    "remember",
    "source_stamp",
]

#: Environment variable naming the cache directory (tests, read-only homes).
ENV_VAR = "GOVFLOW_CACHE_DIR"
#: The hooks the working-day calendar is built from.
CALENDAR_HOOKS = frozenset({"govflow_holiday_notices", "govflow_calendar_adjustments"})
#: The file's layout; a file of another layout is stale.
FORMAT = 1
_GROUP = "govflow"  # the entry-point group (govflow.plugins.manager.ENTRY_POINT_GROUP)
_BUILTIN = frozenset({"govflow.builtin"})  # govflow.plugins.manager.BUILTIN_PLUGINS
_QUICK_KEYS = 8  # quick keys remembered per file (console script, python -c, several cwds)


class CachedPlugins(NamedTuple):
    """What the enabled plugins contribute, as remembered: the hooks they implement, and their
    commands (dicts of ``name``, ``help``, ``short_help``, ``hidden``, ``deprecated``), in the
    order the plugins add them."""

    hooks: frozenset[str]
    commands: tuple[dict[str, Any], ...]


def cache_path() -> str | None:
    """The cache file of this Python environment; ``None`` when no home directory is known."""
    import zlib

    base = os.environ.get(ENV_VAR, "").strip()
    if base:
        directory = os.path.expanduser(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        if xdg and os.path.isabs(xdg):
            directory = os.path.join(xdg, "govflow")
        else:
            home = os.path.expanduser("~")
            if home == "~":
                return None
            directory = os.path.join(home, ".cache", "govflow")
    tag = zlib.crc32(sys.prefix.encode("utf-8", "surrogateescape"))
    return os.path.join(directory, f"plugins-{tag:08x}.json")


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except (OSError, ValueError):
        return None


def source_stamp(file: str) -> list[list[Any]]:
    """*file* with its mtime; for a package's ``__init__.py``, every ``.py`` file of the package's
    directory (not its subpackages) with its mtime."""
    if os.path.basename(file) != "__init__.py":
        return [[file, _mtime(file)]]
    folder = os.path.dirname(file)
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".py"))
    except OSError:
        return [[file, None]]
    return [[name, _mtime(os.path.join(folder, name))] for name in names]


def quick_key(paths: Sequence[str] | None = None) -> list[Any]:
    """The Python, govflow's version, and each ``sys.path`` entry with its directory's mtime."""
    from govflow import __version__

    entries = sys.path if paths is None else paths
    return [
        FORMAT,
        sys.version,
        sys.prefix,
        __version__,
        [[entry, _mtime(entry or ".")] for entry in entries],
    ]


def entry_point_key(entry_points: Iterable[Any]) -> list[list[Any]]:
    """The precise key: each entry point's name and value, its distribution's name and version,
    and its metadata directory with the mtimes of the directory and its ``entry_points.txt``."""
    rows = []
    for ep in entry_points:
        dist = ep.dist
        meta = getattr(dist, "_path", None)  # importlib.metadata.PathDistribution's directory
        rows.append(
            [
                ep.name,
                ep.value,
                "" if dist is None else str(dist.name),
                "" if dist is None else str(dist.version),
                "" if meta is None else str(meta),
                None if meta is None else _mtime(str(meta)),
                None if meta is None else _mtime(os.path.join(meta, "entry_points.txt")),
            ]
        )
    return rows


def _installed() -> list[Any]:
    from importlib.metadata import entry_points

    return list(entry_points(group=_GROUP))


def _names(value: str) -> set[str]:
    return {n.strip() for n in value.split(",") if n.strip()}


def enabled_plugins(installed: Sequence[str]) -> list[str] | None:
    """The entry-point plugins (by name, of *installed* in order) that the environment lets
    :func:`govflow.plugins.manager.get_plugin_manager` load, by its rules; ``None`` when
    ``GOVFLOW_LOAD_PLUGINS`` names a plugin that is not installed (loading reports that)."""
    disabled = _names(os.environ.get("GOVFLOW_DISABLE_PLUGINS", ""))
    only = os.environ.get("GOVFLOW_LOAD_PLUGINS")
    allowed = _names(only) if only is not None else None
    if allowed and allowed - set(installed) - _BUILTIN:
        return None
    seen: set[str] = set(_BUILTIN)
    out = []
    for name in installed:
        if "*" in disabled or name in disabled:
            seen.add(name)  # blocked: a later entry point of the same name is not loaded either
            continue
        if allowed is not None and name not in allowed:
            continue
        if name in seen:
            continue
        seen.add(name)
        out.append(name)
    return out


def _read(path: str) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _write(path: str, data: dict[str, Any]) -> None:
    """Write *data* atomically (a temporary file beside it, then a rename); failure is silent."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(json.dumps(data, ensure_ascii=False, indent=1))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _command_ok(command: Any) -> bool:
    return (
        isinstance(command, dict)
        and isinstance(command.get("name"), str)
        and all(isinstance(command.get(k), str | None) for k in ("help", "short_help"))
        and isinstance(command.get("hidden"), bool)
        and isinstance(command.get("deprecated"), bool | str)
    )


def _plugin_ok(entry: Any) -> bool:
    """A plugin's record is well formed and its module file is unchanged."""
    if not isinstance(entry, dict):
        return False
    hooks, commands, file = entry.get("hooks"), entry.get("commands"), entry.get("file")
    return (
        isinstance(hooks, list)
        and all(isinstance(h, str) for h in hooks)
        and isinstance(commands, list)
        and all(_command_ok(c) for c in commands)
        and (file is None or (isinstance(file, str) and source_stamp(file) == entry.get("stamp")))
    )


def _valid(data: dict[str, Any], path: str) -> dict[str, Any] | None:
    """*data* if its keys still describe the installed plugins (the quick key remembered when
    the precise key matches); else ``None``."""
    quick, precise = data.get("quick"), data.get("entry_points")
    if not (isinstance(quick, list) and isinstance(precise, list)):
        return None
    if not isinstance(data.get("plugins"), dict):
        return None
    key = quick_key()
    if key in quick:
        return data
    if entry_point_key(_installed()) != precise:
        return None
    data["quick"] = [*quick[-(_QUICK_KEYS - 1) :], key]
    _write(path, data)
    return data


def cached_plugins() -> CachedPlugins | None:
    """What the enabled plugins contribute, from the cache; ``None`` if it cannot tell."""
    path = cache_path()
    if path is None:
        return None
    data = _read(path)
    if data is None:
        return None
    try:
        data = _valid(data, path)
        if data is None:
            return None
        names = enabled_plugins([str(row[0]) for row in data["entry_points"]])
        if names is None:
            return None
        hooks: set[str] = set()
        commands: list[dict[str, Any]] = []
        for name in names:
            entry = data["plugins"].get(name)
            if not _plugin_ok(entry):
                return None
            hooks.update(entry["hooks"])
            commands.extend(entry["commands"])
    except (LookupError, TypeError, ValueError, AttributeError):  # a hand-edited file
        return None
    return CachedPlugins(frozenset(hooks), tuple(commands))


def registry_loaded() -> bool:
    """Whether this process has loaded the plugin registry (then it, not the cache, is the
    truth: tests and scripts may have registered plugins in it)."""
    manager = sys.modules.get("govflow.plugins.manager")
    return manager is not None and bool(manager.loaded())


def describe_command(command: Any, name: str) -> dict[str, Any]:
    """What ``--help`` shows of a click command added as *name*: its help texts, whether it is
    hidden or deprecated."""
    deprecated = command.deprecated
    return {
        "name": name,
        "help": command.help,
        "short_help": command.short_help,
        "hidden": bool(command.hidden),
        "deprecated": deprecated if isinstance(deprecated, str) else bool(deprecated),
    }


def remember(reg: Registry) -> None:
    """Write what *reg*'s entry-point plugins contribute to the cache, unless it holds that
    already or *reg* holds plugins registered in-process (they are no installed plugin's).

    Best effort: a plugin failing here (its commands) leaves the cache unwritten; the command
    being run reports the failure when it needs that plugin.
    """
    path = cache_path()
    if path is None:
        return
    loaded: dict[str, Any] = getattr(reg.pm, "entry_point_plugins", {})
    for name, plugin in reg.pm.list_name_plugin():
        if plugin is not None and name not in _BUILTIN and loaded.get(name) is not plugin:
            return  # registered in-process (tests, scripts), or an installed plugin replaced
    if cached_plugins() is not None:
        return
    try:
        eps = _installed()
        commands = reg.cli_commands()
    except Exception:  # the cache is an optimisation: the command reports what failed
        return
    old = _read(path)
    precise = entry_point_key(eps)
    plugins: dict[str, Any] = {}
    if (
        old is not None
        and old.get("entry_points") == precise
        and isinstance(old.get("plugins"), dict)
    ):
        plugins.update(old["plugins"])  # plugins disabled in this run keep their record
    modules = {ep.name: ep.module for ep in eps}
    for name, plugin in loaded.items():
        module = sys.modules.get(modules.get(name, ""))
        file = getattr(module, "__file__", None)
        plugins[name] = {
            "hooks": sorted(h.name for h in reg.pm.get_hookcallers(plugin) or ()),
            "commands": [describe_command(c, n) for p, n, c in commands if p == name],
            "file": file,
            "stamp": None if file is None else source_stamp(file),
        }
    _write(
        path,
        {"format": FORMAT, "quick": [quick_key()], "entry_points": precise, "plugins": plugins},
    )
