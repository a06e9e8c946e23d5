"""Backups through SQLite's online backup API (never a plain copy of a live file).

A backup is written to a temporary name, checked with integrity_check, flushed, then renamed into
place, so a half-written backup never looks like a real one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from dangjian_desktop.core.errors import UserError

BACKUP_DIR_NAME = "backups"


class BackupError(UserError):
    """The message is Chinese and shown to the user as it is."""


def backup_dir_for(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR_NAME


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_to(db_path: Path, target: Path) -> Path:
    """Copy the live database at db_path into target through the backup API; return target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        with (
            contextlib.closing(sqlite3.connect(db_path, timeout=30)) as source,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"备份校验失败：{result}")
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份到 {target} 失败：{exc}") from exc
    return target


def backup_before(
    db_path: Path, reason: str, *, now: dt.datetime | None = None, folder: Path | None = None
) -> Path:
    """A backup beside the database (or in `folder`, the 备份文件夹 setting), named by time and reason."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return backup_to(db_path, (folder or backup_dir_for(db_path)) / f"dangjian-{stamp}-{reason}.sqlite3")
