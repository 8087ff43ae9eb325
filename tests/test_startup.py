"""Start-up: commands imported when run, plugins known from the plugin cache.

``govflow --help`` lists every command, the plugins' too, without importing a command module
or a plugin once the cache is warm; ``govflow due`` and ``calendar`` load no plugin when none
contributes to the calendar.  The answers are the same with a cold, warm, corrupt or
unwritable cache.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import date
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click
import pytest
from click.testing import CliRunner

from govflow.calendar.days import CalendarAdjustment
from govflow.calendar.notices import load_notice
from govflow.calendar.store import install_notice
from govflow.cli import main
from govflow.cli._app import _plugin_free_calendar
from govflow.cli.catalog import BUILTIN_COMMANDS
from govflow.plugins import cache
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import Registry, get_plugin_manager, registry
from plans import CESHI_PLAN

Register = Callable[..., Registry]

INSTALLED = list(entry_points(group="govflow"))
PLUGIN_PACKAGES = sorted({ep.module.partition(".")[0] for ep in INSTALLED})

#: Runs the command line in a process, then writes the names of the modules it imported to the
#: file named by the first argument (the command's own output goes where it always goes).
RUNNER = """
import sys
out, sys.argv = sys.argv[1], ["govflow", *sys.argv[2:]]
from govflow.cli import main
try:
    main()
finally:
    with open(out, "w", encoding="utf-8") as f:
        f.write("\\n".join(sorted(sys.modules)))
"""


def run_runner(
    runner: str, out: Path, args: Iterable[str], env: dict[str, str | None], ok: Iterable[int]
) -> str:
    """The stdout of *runner* (a program run with ``-c``: *out*, then *args*) in a process of
    its own, its exit code among *ok* asserted; a variable of *env* given as ``None`` is left
    out of the child's environment."""
    child = {**os.environ, "PYTHONUTF8": "1", **env}
    proc = subprocess.run(
        [sys.executable, "-c", runner, str(out), *args],
        capture_output=True,
        encoding="utf-8",
        env={k: v for k, v in child.items() if v is not None},
        timeout=120,
        check=False,
    )
    assert proc.returncode in ok, proc.stderr
    return proc.stdout


def run(args: Iterable[str], cache_dir: Path, **env: str | None) -> tuple[str, set[str]]:
    """The command's stdout (exit 0 asserted) and the modules the process imported; a variable
    given as ``None`` is left out of the child's environment."""
    modules = cache_dir.parent / "modules.txt"
    stdout = run_runner(RUNNER, modules, args, {cache.ENV_VAR: str(cache_dir), **env}, (0,))
    return stdout, set(modules.read_text("utf-8").split("\n"))


def plugin_modules(modules: set[str]) -> set[str]:
    """The modules of installed plugins, and of the plugin machinery, among *modules*."""
    return {
        m
        for m in modules
        if m.partition(".")[0] in PLUGIN_PACKAGES
        or m in {"pluggy", "govflow.plugins.manager", "govflow.plugins.hookspecs"}
    }


# ---------------------------------------------------------------------------------------------
# The built-in commands' catalogue


def test_the_catalogue_lists_every_built_in_command_with_its_help_line() -> None:
    for entry in BUILTIN_COMMANDS.values():
        for module in entry.modules:
            import_module(module)
    built_in = {
        name: command
        for name, command in main.commands.items()
        if command.callback is not None and command.callback.__module__.startswith("govflow.cli.")
    }
    assert set(built_in) == set(BUILTIN_COMMANDS)
    for name, command in built_in.items():
        assert command.callback is not None
        assert command.callback.__module__ in BUILTIN_COMMANDS[name].modules
        stand_in = click.Command(name, help=BUILTIN_COMMANDS[name].help)
        for limit in (8, 30, 45, 60, 74, 200):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), name


def test_every_module_adding_a_command_is_in_the_catalogue() -> None:
    """A command module the catalogue does not name would never be imported: its command
    would silently disappear from the command line."""
    import govflow.cli

    folder = Path(govflow.cli.__file__).parent
    adding = {
        f"govflow.cli.{path.stem}"
        for path in folder.glob("*.py")
        if re.search(r"^@(main|notices)\.(command|group)\b", path.read_text("utf-8"), re.M)
    }
    named = {module for entry in BUILTIN_COMMANDS.values() for module in entry.modules}
    assert adding
    assert adding <= named, sorted(adding - named)


def test_the_catalogue_check_catches_a_changed_help_line() -> None:
    real = click.Command("due", help="计算期限的到期日并说明依据。\n\n详细说明。")
    stale = click.Command("due", help="计算期限的到期日。")
    assert stale.get_short_help_str(45) != real.get_short_help_str(45)


# ---------------------------------------------------------------------------------------------
# Whole processes: what is imported, and the same output with any state of the cache

needs_plugin_command = pytest.mark.skipif(
    not INSTALLED, reason="no govflow plugin is installed in this environment"
)


@pytest.mark.parametrize(
    ("args", "unwanted"),
    [
        (["--help"], {"govflow.cli.calendar_cmds", "govflow.calendar", "attr", "click.testing"}),
        (["due", "2023-09-28", "5wd"], {"govflow.cli.check_cmds", "govflow.compliance"}),
        (["calendar", "2024", "--month", "10"], {"govflow.cli.plan_cmds", "govflow.plan"}),
    ],
)
def test_a_warm_cache_spares_loading_the_plugins(
    tmp_path: Path, args: list[str], unwanted: set[str]
) -> None:
    cache_dir = tmp_path / "cache"
    cold, cold_modules = run(args, cache_dir)  # no cache yet: the plugins are loaded
    assert plugin_modules(cold_modules) >= {"govflow.plugins.manager", "pluggy"}
    assert list(cache_dir.glob("plugins-*.json"))
    warm, warm_modules = run(args, cache_dir)
    assert warm == cold
    assert plugin_modules(warm_modules) == set()
    assert warm_modules.isdisjoint(unwanted)


@needs_plugin_command
def test_help_lists_the_plugins_commands_with_and_without_the_cache(tmp_path: Path) -> None:
    reference = CliRunner().invoke(main, ["--help"])
    cache_dir = tmp_path / "cache"
    cold, _ = run(["--help"], cache_dir)
    warm, _ = run(["--help"], cache_dir)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("", encoding="utf-8")
    unwritable, _ = run(["--help"], blocked)  # the cache cannot be written: plugins loaded
    assert cold == warm == unwritable == reference.stdout
    for _, name, _command in registry().cli_commands():  # every plugin command is listed
        assert f"\n  {name} " in warm


@needs_plugin_command
def test_the_environment_chooses_the_plugins_whatever_the_cache_says(tmp_path: Path) -> None:
    # the cache is written by a run with every plugin, whatever this test run's own environment
    unrestricted: dict[str, str | None] = {
        "GOVFLOW_LOAD_PLUGINS": None,
        "GOVFLOW_DISABLE_PLUGINS": None,
    }
    cache_dir = tmp_path / "cache"
    everything, _ = run(["--help"], cache_dir, **unrestricted)
    one = INSTALLED[0].name
    for chosen in ({"GOVFLOW_DISABLE_PLUGINS": "*"}, {"GOVFLOW_LOAD_PLUGINS": one}):
        env: dict[str, str | None] = {**unrestricted, **chosen}
        warm, modules = run(["--help"], cache_dir, **env)  # from the cache written above
        assert plugin_modules(modules) == set()
        cold, _ = run(["--help"], tmp_path / "fresh", **env)
        assert warm == cold
    none, _ = run(["--help"], cache_dir, GOVFLOW_DISABLE_PLUGINS="*")
    assert none != everything or not registry().cli_commands()


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe garbage",
        b"[]",
        b'{"format": 1, "quick": "x", "entry_points": [], "plugins": {}}',
        b'{"format": 1, "quick": [], "entry_points": [], "plugins": {"yudu": 3}}',
    ],
)
def test_a_corrupt_cache_falls_back_to_loading_the_plugins(tmp_path: Path, content: bytes) -> None:
    cache_dir = tmp_path / "cache"
    reference_help, _ = run(["--help"], tmp_path / "reference")
    reference_due, _ = run(["due", "2023-09-28", "5wd"], tmp_path / "reference")
    run(["--help"], cache_dir)
    (path,) = cache_dir.glob("plugins-*.json")
    path.write_bytes(content)
    shown, modules = run(["--help"], cache_dir)
    assert shown == reference_help
    assert "govflow.plugins.manager" in modules  # it could not tell: the plugins were loaded
    json.loads(path.read_text("utf-8"))  # and the cache was written afresh
    path.write_bytes(content)
    assert run(["due", "2023-09-28", "5wd"], cache_dir)[0] == reference_due


# ---------------------------------------------------------------------------------------------
# The cache's keys


def _ep(name: str, dist: str, version: str, meta: Path) -> Any:
    return SimpleNamespace(
        name=name,
        value=f"govflow_{name}",
        dist=SimpleNamespace(name=dist, version=version, _path=meta),
    )


def test_the_entry_point_key_changes_when_a_plugin_is_added_removed_or_upgraded(
    tmp_path: Path,
) -> None:
    meta = tmp_path / "govflow_a-1.0.dist-info"
    meta.mkdir()
    a = _ep("a", "govflow-a", "1.0", meta)
    b = _ep("b", "govflow-b", "2.0", tmp_path / "govflow_b-2.0.dist-info")
    key = cache.entry_point_key([a, b])
    assert cache.entry_point_key([a, b]) == key
    assert cache.entry_point_key([a]) != key  # removed
    assert cache.entry_point_key([a, b, _ep("c", "govflow-c", "1", tmp_path)]) != key  # added
    assert cache.entry_point_key([_ep("a", "govflow-a", "1.1", meta), b]) != key  # upgraded
    (meta / "entry_points.txt").write_text("[govflow]\na = govflow_a\n", encoding="utf-8")
    assert cache.entry_point_key([a, b]) != key  # reinstalled in place


def test_the_quick_key_changes_when_a_directory_on_the_path_changes(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    key = cache.quick_key([str(site)])
    assert cache.quick_key([str(site)]) == key
    (site / "govflow_new-1.0.dist-info").mkdir()
    os.utime(site, ns=(1, 1))  # a coarse clock must not hide the change either
    assert cache.quick_key([str(site)]) != key


def _written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eps: list[Any]) -> Path:
    """A cache file written for the entry points *eps* (one command from plugin "a")."""
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
    command = {"name": "a-cmd", "help": "甲。", "short_help": None, "hidden": False}
    data = {
        "format": cache.FORMAT,
        "quick": [["some other environment"]],
        "entry_points": cache.entry_point_key(eps),
        "plugins": {
            ep.name: {
                "hooks": ["govflow_cli_commands"],
                "commands": [{**command, "deprecated": False}] if ep.name == "a" else [],
                "file": None,
            }
            for ep in eps
        },
    }
    where = cache.cache_path()
    assert where is not None
    path = Path(where)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_changed_set_of_entry_points_invalidates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meta = tmp_path / "meta"
    meta.mkdir()
    eps = [_ep("a", "govflow-a", "1.0", meta), _ep("b", "govflow-b", "1.0", meta)]
    _written(tmp_path, monkeypatch, eps)
    monkeypatch.setattr(cache, "_installed", lambda: eps)
    found = cache.cached_plugins()
    assert found is not None
    assert [c["name"] for c in found.commands] == ["a-cmd"]
    assert "govflow_cli_commands" in found.hooks

    def not_asked() -> list[Any]:
        raise AssertionError("the quick key was remembered: no entry point lookup")

    monkeypatch.setattr(cache, "_installed", not_asked)
    assert cache.cached_plugins() == found

    _written(tmp_path / "2", monkeypatch, eps)
    for changed in (
        [_ep("a", "govflow-a", "1.1", meta), eps[1]],  # upgraded
        eps[:1],  # removed
        [*eps, _ep("c", "govflow-c", "1.0", meta)],  # added
    ):
        monkeypatch.setattr(cache, "_installed", lambda changed=changed: changed)
        assert cache.cached_plugins() is None


def test_a_plugin_the_cache_never_saw_loaded_means_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meta = tmp_path / "meta"
    meta.mkdir()
    eps = [_ep("a", "govflow-a", "1.0", meta), _ep("b", "govflow-b", "1.0", meta)]
    path = _written(tmp_path, monkeypatch, eps)
    data = json.loads(path.read_text("utf-8"))
    del data["plugins"]["b"]  # b was disabled when the cache was written
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(cache, "_installed", lambda: eps)
    assert cache.cached_plugins() is None
    monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", "b")
    assert cache.cached_plugins() is not None


def test_editing_a_plugins_source_invalidates_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "govflow_a"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "command.py").write_text('"""甲。"""', encoding="utf-8")
    meta = tmp_path / "meta"
    meta.mkdir()
    eps = [_ep("a", "govflow-a", "1.0", meta)]
    path = _written(tmp_path, monkeypatch, eps)
    data = json.loads(path.read_text("utf-8"))
    init = str(package / "__init__.py")
    data["plugins"]["a"].update(file=init, stamp=cache.source_stamp(init))
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(cache, "_installed", lambda: eps)
    assert cache.cached_plugins() is not None
    os.utime(package / "command.py", ns=(1, 1))  # the help of a command, edited
    assert cache.cached_plugins() is None


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"GOVFLOW_DISABLE_PLUGINS": "*"},
        {"GOVFLOW_DISABLE_PLUGINS": INSTALLED[0].name if INSTALLED else "x"},
        {"GOVFLOW_LOAD_PLUGINS": ""},
        {"GOVFLOW_LOAD_PLUGINS": ",".join(ep.name for ep in INSTALLED[:2])},
    ],
)
def test_the_cache_enables_the_plugins_the_manager_loads(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    pm = get_plugin_manager()
    assert cache.enabled_plugins([ep.name for ep in INSTALLED]) == list(pm.entry_point_plugins)


def test_an_unknown_plugin_to_load_is_left_to_the_manager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "no-such-plugin")
    assert cache.enabled_plugins(["a"]) is None


def test_plugins_registered_in_process_are_not_remembered(
    govflow_plugin: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Commands:
        @hookimpl
        def govflow_cli_commands(self, cli: click.Group) -> None:
            cli.add_command(click.Command("in-process"))

    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "cache"))
    reg = govflow_plugin(Commands(), name="in-process")
    cache.remember(reg)
    assert not (tmp_path / "cache").exists()


# ---------------------------------------------------------------------------------------------
# The calendar without the plugins


def test_the_plugin_free_calendar_is_the_registrys(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path, tmp_path: Path, notice_2027: dict[str, Any]
) -> None:
    import tomli_w

    source = tmp_path / "2027.toml"
    source.write_text(tomli_w.dumps(notice_2027), encoding="utf-8")
    install_notice(source)  # the user's installed notices apply too
    monkeypatch.setattr(cache, "registry_loaded", lambda: False)
    monkeypatch.setattr(cache, "cached_plugins", lambda: cache.CachedPlugins(frozenset(), ()))
    cal = _plugin_free_calendar()
    assert cal is not None
    assert cal.version == registry().calendar().version
    assert cal.notice_for(2027) == load_notice(source)


@pytest.mark.parametrize("hook", sorted(cache.CALENDAR_HOOKS))
def test_a_plugin_contributing_to_the_calendar_is_loaded(
    monkeypatch: pytest.MonkeyPatch, hook: str
) -> None:
    monkeypatch.setattr(cache, "registry_loaded", lambda: False)
    found = cache.CachedPlugins(frozenset({hook, "govflow_areas"}), ())
    monkeypatch.setattr(cache, "cached_plugins", lambda: found)
    assert _plugin_free_calendar() is None


def test_a_plugins_adjustment_reaches_due(govflow_plugin: Register) -> None:
    """With the registry loaded (here: a plugin registered in-process) the calendar is its."""

    class Adjusting:
        @hookimpl
        def govflow_calendar_adjustments(self) -> Iterable[CalendarAdjustment]:
            return [CalendarAdjustment(date(2023, 10, 9), False, "测试调休", "测试县", "测试文号")]

    args = ["due", "2023-09-28", "5wd", "--json"]
    assert json.loads(CliRunner().invoke(main, args).stdout)["due"] == "2023-10-11"
    govflow_plugin(Adjusting(), name="adjusting")
    assert _plugin_free_calendar() is None
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["due"] == "2023-10-12"


def test_a_built_in_command_survives_a_restored_command_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A test may run the group on a copy of its command table; a command module first
    imported meanwhile registers on the copy only, yet the command must still be found."""
    with monkeypatch.context() as patch:
        patch.setattr(main, "commands", {})
        assert CliRunner().invoke(main, ["units", "--help"]).exit_code == 0
    saved = dict(main.commands)
    try:
        main.commands.pop("units", None)  # as if "units" had registered on the copy
        result = CliRunner().invoke(main, ["units", "--help"])
        assert result.exit_code == 0, result.output
        assert "units" in main.commands
    finally:
        main.commands.clear()
        main.commands.update(saved)


def test_the_cache_knows_the_managers_constants() -> None:
    """The cache repeats two constants of the manager so as not to import it (pluggy, attrs)."""
    from govflow.plugins.manager import BUILTIN_PLUGINS, ENTRY_POINT_GROUP

    assert set(BUILTIN_PLUGINS) == cache._BUILTIN
    assert ENTRY_POINT_GROUP == cache._GROUP


# ---------------------------------------------------------------------------------------------
# Polars' allocator

#: Runs the command line in a process and writes, to the file named by the first argument, the
#: allocator setting in the environment at the moment Polars was first imported.
ALLOCATOR_RUNNER = """
import os, sys
out, sys.argv = sys.argv[1], ["govflow", *sys.argv[2:]]
seen = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "polars" and not seen:
            seen.append(repr(os.environ.get("_RJEM_MALLOC_CONF")))

sys.meta_path.insert(0, Watch())
from govflow.cli import main
try:
    main()
finally:
    with open(out, "w", encoding="utf-8") as f:
        f.write(seen[0] if seen else "not imported")
"""


@pytest.mark.parametrize(
    ("given", "expected"), [(None, "'narenas:1'"), ("", "''"), ("narenas:4", "'narenas:4'")]
)
def test_polars_allocator_is_set_before_polars_is_imported(
    tmp_path: Path, given: str | None, expected: str
) -> None:
    """One jemalloc arena for a ``govflow`` process (docs/performance.md#allocator), in the
    environment before Polars is imported (jemalloc reads it once); a value the user set, even
    an empty one, is kept."""
    from govflow.cli._app import ALLOCATOR_SETTING, ALLOCATOR_VARIABLE

    assert (ALLOCATOR_VARIABLE, ALLOCATOR_SETTING) == ("_RJEM_MALLOC_CONF", "narenas:1")
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "网站或账号,单位,栏目,标题,发布时间\n县政府网,县财政局,工作动态,标题,2023-07-03\n", "utf-8"
    )
    out = tmp_path / "seen.txt"
    args = ["check", "--plan", str(CESHI_PLAN), "--records", str(posts), "--as-of", "2023-07-31"]
    run_runner(ALLOCATOR_RUNNER, out, args, {"_RJEM_MALLOC_CONF": given}, (0, 1))
    assert out.read_text("utf-8") == expected


# ---------------------------------------------------------------------------------------------
# The collector

#: Runs the command line in a process, as the ``govflow`` program (``govflow.__main__.run``, the
#: console script's entry point) or as a script calling ``main``, and writes to the file named by
#: the first argument: the objects frozen at the end, whether the cycle collector is then
#: enabled, and how many collections ran from the entry's call until something was frozen, and
#: from the call to the end.
COLLECTOR_RUNNER = """
import gc, sys
out, entry, sys.argv = sys.argv[1], sys.argv[2], ["govflow", *sys.argv[3:]]
seen = []
gc.callbacks.append(lambda phase, info: phase == "start" and seen.append(gc.get_freeze_count()))
try:
    if entry == "program":
        from govflow.__main__ import run as call
    else:
        from govflow.cli import main as call
    before = len(seen)  # (importing the entry ran before the program could pause)
    call()
finally:
    with open(out, "w", encoding="utf-8") as f:
        early = sum(1 for frozen in seen[before:] if frozen == 0)
        f.write(f"{gc.get_freeze_count()} {int(gc.isenabled())} {early} {len(seen) - before}")
"""


def collector_seen(tmp_path: Path, entry: str, args: list[str]) -> tuple[int, bool, int, int]:
    """(objects frozen at the end, collector enabled then, collections from the call of
    *entry* until an object was frozen, and to the end) of the command line run with *args*
    by *entry* (see the runner)."""
    out = tmp_path / f"{entry}.txt"
    run_runner(COLLECTOR_RUNNER, out, [entry, *args], {}, (0, 1))
    frozen, enabled, early, collections = (int(n) for n in out.read_text("utf-8").split())
    return frozen, bool(enabled), early, collections


def collector_args(tmp_path: Path, command: str) -> list[str]:
    posts = tmp_path / "测试县" / "posts.csv"
    posts.parent.mkdir(exist_ok=True)
    posts.write_text(
        "网站或账号,单位,栏目,标题,发布时间\n县政府网,县财政局,工作动态,标题,2023-07-03\n", "utf-8"
    )
    records = ["--counties", str(posts.parent.parent)]
    if command != "counties":
        records = ["--records", str(posts)]
    if command == "due":
        return ["due", "2023-09-28", "5wd"]
    return [
        "report" if command == "report" else "check",
        *("--plan", str(CESHI_PLAN), *records, "--as-of", "2023-07-31"),
        *(("--month", "2023-07") if command == "report" else ()),
    ]


@pytest.mark.parametrize("command", ["check", "counties", "report", "due"])
def test_the_program_sets_what_it_loaded_out_of_the_collectors_way(
    tmp_path: Path, command: str
) -> None:
    """``govflow check`` (one county or many), ``report`` and ``due`` as the ``govflow``
    program pause the cycle collector while they load (modules, plugins, plan, calendar), then
    freeze what they loaded and resume it (docs/performance.md#gc); a program calling
    :data:`govflow.cli.main` (a test's runner, a script) is left alone."""
    args = collector_args(tmp_path, command)
    frozen, enabled, early, _ = collector_seen(tmp_path, "program", args)
    assert frozen > 0
    assert enabled
    assert early == 0  # no collection while loading
    frozen, enabled, early, _ = collector_seen(tmp_path, "main", args)
    assert (frozen, enabled) == (0, True)
    assert early > 0  # loading those modules and plugins does run the collector


def test_the_program_resumes_the_collector_as_other_commands_start(tmp_path: Path) -> None:
    """A command that does not settle (``govflow plugins``, which loads every plugin) runs with
    the collector the program paused resumed as it starts: its work is collected as usual."""
    frozen, enabled, early, collections = collector_seen(tmp_path, "program", ["plugins"])
    assert (frozen, enabled) == (0, True)
    assert early == collections > 0


def test_python_m_govflow_is_the_program() -> None:
    """``python -m govflow`` runs the command line (where the ``govflow`` script is not on the
    ``PATH``), and names it ``govflow`` in usage and errors as the script does."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "govflow", "due", "2023-09-28", "5wd", "--json"],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["due"] == "2023-10-11"
    bad = subprocess.run(
        [sys.executable, "-m", "govflow", "due", "x", "5wd"],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert "可用 govflow due --help 查看用法。" in bad.stderr
