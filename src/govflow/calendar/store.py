"""The user's notice store: holiday notices installed once and used by every later run.

A notice the State Council publishes after a govflow release is installed with
``govflow notices add FILE`` (or :func:`install_notice`) into a directory of the user's data:
``platformdirs.user_data_dir("govflow")/notices/``, or ``$GOVFLOW_NOTICES_DIR`` when set (servers,
tests).  The directory holds one validated notice file per year, named by the year (``2027.toml``
or ``2027.json``, the file as given, comments included); :func:`installed_notices` loads them and
:func:`govflow.calendar.workcalendar.default_calendar` and the plugin registry's calendar add them
after the built-in notices.

A notice for a year govflow already ships is refused unless ``replace=True``: it then overrides
the built-in one, and ``govflow notices list`` marks it so.  A file in the store that does not load
is an error naming the file, never skipped: a silently missing notice would move deadlines.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from attrs import frozen

from govflow.calendar.notices import Notice, NoticeError, builtin_notices, load_notice
from govflow.errors import InputError

__all__ = [
    "ENV_VAR",
    "InstalledNotice",
    "StoreError",
    "install_notice",
    "installed_notices",
    "notices_dir",
    "remove_notice",
    "store_entries",
]


class StoreError(InputError):
    """A request the store cannot carry out (removing a built-in year, a year not installed)."""

    label = "通知目录"


#: Environment variable naming the store directory instead of the user data directory.
ENV_VAR = "GOVFLOW_NOTICES_DIR"

_NAME = re.compile(r"^([0-9]{4})\.(toml|json)$")


@frozen
class InstalledNotice:
    """A notice in the store: the notice, its file, and whether it overrides a built-in year."""

    notice: Notice
    path: Path
    replaces_builtin: bool


def notices_dir() -> Path:
    """The store directory (it need not exist yet)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # imported only when the store is consulted

    return Path(user_data_dir("govflow", appauthor=False)) / "notices"


def _builtin_years() -> frozenset[int]:
    return frozenset(n.year for n in builtin_notices())


def _files(directory: Path) -> list[tuple[int, Path]]:
    """The notice files of the store by year; anything else in it is an error naming it."""
    try:
        entries = sorted(directory.iterdir())
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise NoticeError(f"{directory}：通知目录（{ENV_VAR}）不是目录") from None
    except OSError as exc:
        raise NoticeError(f"{directory}：无法读取通知目录：{exc.strerror or exc}") from None
    out: list[tuple[int, Path]] = []
    seen: dict[int, Path] = {}
    for entry in entries:
        if entry.name.startswith("."):  # our temporary files, editors' and the OS's dot files
            continue
        m = _NAME.match(entry.name)
        if not m:
            raise NoticeError(
                f"{entry}：通知目录中只应有按年份命名的通知文件（如 2027.toml 或 2027.json）；"
                "请移走该文件，或用 govflow notices add 安装通知"
            )
        year = int(m.group(1))
        if year in seen:
            raise NoticeError(
                f"{entry}：与 {seen[year].name} 是同一年份的两个通知文件；请删去其中一个"
            )
        seen[year] = entry
        out.append((year, entry))
    return out


def _load(year: int, path: Path) -> Notice:
    with warnings.catch_warnings():
        # it warned when it was added; a warning on every later command would be noise
        warnings.simplefilter("ignore")
        notice = load_notice(path)
    if notice.year != year:
        raise NoticeError(
            f"{path}：文件名表示 {year} 年，文件中 year = {notice.year}；"
            f"请用 govflow notices add 重新安装"
        )
    return notice


def store_entries() -> list[InstalledNotice]:
    """Every notice of the store, oldest year first; a file that does not load raises."""
    builtin = _builtin_years()
    return [
        InstalledNotice(_load(year, path), path, year in builtin)
        for year, path in _files(notices_dir())
    ]


def installed_notices() -> list[Notice]:
    """The notices of the store, oldest first, to be added after the built-in ones."""
    return [entry.notice for entry in store_entries()]


def install_notice(path: str | Path, *, replace: bool = False) -> InstalledNotice:
    """Validate the notice file *path* and copy it into the store as ``YEAR.<suffix>``.

    Refuses (:class:`NoticeError`) a file that does not load, and a year govflow ships unless
    *replace*.  A notice already installed for the year is replaced.  The copy is atomic: a
    temporary file in the store renamed over the target, so a run never sees half a file.
    """
    source = Path(path)
    notice = load_notice(source)
    builtin = notice.year in _builtin_years()
    if builtin and not replace:
        raise NoticeError(
            f"{source}：{notice.year}年的通知已内置于 govflow；"
            "如确需以此文件替代内置通知，请加 --replace"
        )
    directory = notices_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
    except OSError as exc:
        raise NoticeError(f"{directory}：无法创建通知目录：{exc.strerror or exc}") from None
    target = directory / f"{notice.year}{source.suffix.lower()}"
    _write_atomic(target, data)
    for other in directory.glob(f"{notice.year}.*"):  # the same year in the other format
        if other != target and _NAME.match(other.name):
            other.unlink()
    return InstalledNotice(_load(notice.year, target), target, builtin)


def _write_atomic(target: Path, data: bytes) -> None:
    import tempfile  # here: reading the store must not pay for it at every start-up

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise NoticeError(f"{target}：无法写入：{exc.strerror or exc}") from None
        raise


def remove_notice(year: int) -> Path:
    """Delete the installed notice of *year* and return its path.

    Works on a file that no longer loads (so a broken store can be repaired).  A year with no
    installed notice raises :class:`StoreError`, saying whether it is a built-in one.
    """
    for y, path in _files(notices_dir()):
        if y == year:
            path.unlink()
            return path
    if year in _builtin_years():
        raise StoreError(
            f"{year}年的通知是 govflow 内置的，不能删除；只能删除用 govflow notices add 安装的通知"
        )
    raise StoreError(f"没有已安装的{year}年通知（通知目录：{notices_dir()}）")
