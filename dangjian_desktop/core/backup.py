"""Backups through SQLite's online backup API (never a plain copy of a live file).

A backup is written to a temporary name, checked with integrity_check, flushed, then renamed into
place, so a half-written backup never looks like a real one.

A server database (PostgreSQL) is backed up as a whole-database package instead
(core/exchange/township_backup.py), written beside the server's local folder or into 备份文件夹;
`backup_database` is the one entry point that knows which kind it is given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dangjian_desktop.core.errors import UserError

if TYPE_CHECKING:
    from dangjian_desktop.core.db import Database

BACKUP_DIR_NAME = "backups"


class BackupError(UserError):
    """The message is Chinese and shown to the user as it is."""


def backup_dir_for(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR_NAME


def fsync_dir(folder: Path) -> None:
    """Make a rename inside the folder durable (a power cut must not undo it); a no-op on Windows."""
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _claim(partial: Path, target: Path, keep_existing: bool) -> Path:
    """Rename partial to target; with keep_existing, to the first of target, target-2, target-3...
    that does not exist, claimed atomically (a hard link fails on an existing name, so two processes
    backing up in the same second cannot both take one name)."""
    if not keep_existing:
        os.replace(partial, target)
        return target
    number = 1
    candidate = target
    while True:
        try:
            os.link(partial, candidate)
        except FileExistsError:
            number += 1
            candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
            continue
        except OSError:  # a file system without hard links (FAT32 stick): the plain check
            while candidate.exists():
                number += 1
                candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
            os.replace(partial, candidate)
            return candidate
        partial.unlink()
        return candidate


def backup_to(db_path: Path, target: Path, *, keep_existing: bool = False) -> Path:
    """Copy the live database at db_path into target through the backup API; return the path written
    (with keep_existing, an existing target is left alone and a numbered name is used)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # unique per process and call: two imports started in the same second once shared one .part
    partial = target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
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
        target = _claim(partial, target, keep_existing)
        fsync_dir(target.parent)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份到 {target} 失败：{exc}") from exc
    return target


LEFTOVER_AGE_SECONDS = 600


def remove_leftovers(db_path: Path, folder: Path | None = None) -> list[Path]:
    """On start: half-written backups (.part) and packages (.partial) of runs that were killed.
    They are never under a final name, so nothing of value is lost; they only fill the disk."""
    removed = []
    for place in {db_path.parent, backup_dir_for(db_path), *([folder] if folder else [])}:
        if not place.is_dir():
            continue
        for leftover in [*place.glob("*.part"), *place.glob("*.partial"), *place.glob("sealing-*.sqlite3")]:
            try:
                # one written to in the last minutes belongs to a run still going (a second import
                # in another process backs up while this one opens the database): not a leftover
                if time.time() - leftover.stat().st_mtime < LEFTOVER_AGE_SECONDS:
                    continue
                leftover.unlink()
                removed.append(leftover)
            except OSError:
                pass  # another program holds it open; next start tries again
    return removed


SEALED_SUFFIX = ".djbak"


def backup_sealed_to(db: Database, target: Path, passphrase: str) -> Path:
    """备份到U盘, sealed with a passphrase: a file's sealed copy, or on a server the whole-database
    package (core/exchange/township_backup.py) sealed the same way. Returns where it was written."""
    if db.is_server:
        from dangjian_desktop.core.exchange.township_backup import write_backup

        return write_backup(db, target.with_suffix(".djpkg"), passphrase=passphrase)
    return backup_sealed(db.path, target, passphrase)


def backup_sealed(db_path: Path, target: Path, passphrase: str) -> Path:
    """备份到U盘: the backup sealed with a passphrase (scrypt + AES-256-GCM, as the package), so a
    lost stick is not a plain copy of every member's ID number. The plain copy is made in the
    database's own backups folder (where the database already lives in clear), never on the stick."""
    from dangjian_desktop.core.exchange.package_crypto import seal

    if len(passphrase) < 6:
        raise BackupError("备份口令至少 6 个字符")
    staging = backup_dir_for(db_path) / f"sealing-{os.getpid()}.sqlite3"
    partial = target.with_name(target.name + ".part")
    try:
        backup_to(db_path, staging)
        blob = seal(staging.read_bytes(), passphrase)
        with open(partial, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        fsync_dir(target.parent)
    except OSError as exc:
        from dangjian_desktop.core.errors import os_error_text

        partial.unlink(missing_ok=True)
        raise BackupError(f"备份到 {target.name} 失败：{os_error_text(exc)}") from None
    finally:
        staging.unlink(missing_ok=True)
    return target


def unseal_backup(db_path: Path, sealed: Path, passphrase: str, *, now: dt.datetime | None = None) -> Path:
    """A sealed backup from a stick, opened into the backups folder, where the restore page lists it."""
    from dangjian_desktop.core.exchange.package_crypto import unseal

    try:
        blob = sealed.read_bytes()
    except OSError as exc:
        from dangjian_desktop.core.errors import os_error_text

        raise BackupError(f"无法读取 {sealed.name}：{os_error_text(exc)}") from None
    plain = unseal(blob, passphrase)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = backup_dir_for(db_path) / f"dangjian-{stamp}-usb.sqlite3"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(plain)
    with contextlib.closing(sqlite3.connect(f"{partial.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            ok = False
    if not ok:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{sealed.name} 解开后不是完好的数据库")
    os.replace(partial, target)
    return target


def backup_before(
    db_path: Path, reason: str, *, now: dt.datetime | None = None, folder: Path | None = None
) -> Path:
    """A backup beside the database (or in `folder`, the 备份文件夹 setting), named by time and reason."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = folder or backup_dir_for(db_path)
    target = folder / f"dangjian-{stamp}-{reason}.sqlite3"
    # two backups in one second (two imports at once) must not overwrite each other
    return backup_to(db_path, target, keep_existing=True)


def backup_database(
    db: Database, reason: str, *, folder: Path | None = None, now: dt.datetime | None = None
) -> Path | None:
    """The safety copy a service makes before a change it cannot undo by itself.

    SQLite: the online backup of the file. A server: a whole-database package, except before a merge
    (a merge is one transaction that keeps the package's data for 回退; before each batch a county's
    full copy would cost minutes) and before an upgrade (DDL on the server is transactional)."""
    if not db.is_server:
        return backup_before(db.path, reason, now=now, folder=folder)
    if reason in ("merge", "upgrade", "periodic", "start"):
        return None
    return backup_server(db, reason, folder=folder, now=now)


def backup_server(
    db: Database, reason: str, *, folder: Path | None = None, now: dt.datetime | None = None
) -> Path:
    from dangjian_desktop.core.exchange.package import PackageError
    from dangjian_desktop.core.exchange.township_backup import write_backup

    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = folder or backup_dir_for(db.path)
    target = folder / f"dangjian-{stamp}-{reason}.djpkg"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"dangjian-{stamp}-{reason}-{number}.djpkg"
    try:
        return write_backup(db, target)
    except OSError as exc:
        from dangjian_desktop.core.errors import os_error_text

        raise BackupError(f"备份到 {target} 失败：{os_error_text(exc)}") from None
    except PackageError as exc:
        raise BackupError(str(exc)) from None


def pg_dump_available() -> str | None:
    """pg_dump's path when installed: a server's own full dump may be offered as well."""
    import shutil

    return shutil.which("pg_dump")


def pg_dump_to(db: Database, target: Path) -> Path:
    """`pg_dump --format=custom` of the server database (restore with pg_restore), as an extra; the
    password, if any, goes by the environment, never on the command line."""
    import subprocess

    from sqlalchemy.engine import make_url

    program = pg_dump_available()
    if program is None or not db.is_server:
        raise BackupError("本机没有安装 pg_dump，或这不是服务器数据库")
    url = db.engine.url
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    plain = make_url(str(url.set(drivername="postgresql").render_as_string(hide_password=True)))
    args = [program, "--format=custom", f"--file={target}", "--no-password"]
    host = plain.host or plain.query.get("host")
    if host:
        args.append(f"--host={host}")
    if plain.port:
        args.append(f"--port={plain.port}")
    if plain.username:
        args.append(f"--username={plain.username}")
    args.append(plain.database or "")
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"pg_dump 未成功：{result.stderr.strip()[:300]}")
    return target


# --- listing, thinning, restoring ------------------------------------------------------------------

_NAME = re.compile(r"^dangjian-(\d{8}-\d{6})-([\w-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: dt.datetime
    reason: str
    members: int | None  # None when the file cannot be read

    @property
    def label(self) -> str:
        reasons = {
            "manual": "手动",
            "start": "启动时",
            "periodic": "定时",
            "upgrade": "升级前",
            "import": "导入前",
            "merge": "合并前",
            "rollback": "回退前",
            "remove": "删除支部前",
            "reenroll": "重新登记前",
            "usb": "U盘备份",
            "restore": "恢复前",
            "delete": "删除误录前",
        }
        count = "无法读取" if self.members is None else f"党员 {self.members} 名"
        reason = re.sub(r"-\d+$", "", self.reason)  # import-2: the second backup in one second
        return f"{self.when:%Y-%m-%d %H:%M}　{reasons.get(reason, reason)}　{count}"


def _member_count(path: Path) -> int | None:
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return conn.execute("SELECT count(*) FROM member").fetchone()[0]
    except sqlite3.Error:
        return None


def list_backups(db_path: Path, *, with_counts: bool = True) -> list[BackupInfo]:
    """Newest first."""
    folder = backup_dir_for(db_path)
    found = []
    for path in folder.glob("dangjian-*.sqlite3") if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match:
            when = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            found.append(BackupInfo(path, when, match.group(2), _member_count(path) if with_counts else None))
    return sorted(found, key=lambda b: b.when, reverse=True)


def backups_to_keep(backups: list[BackupInfo], now: dt.datetime, *, keep_latest: int = 3) -> set[Path]:
    """The newest few always; then the newest of each day for a week, of each week for two months,
    of each month after that."""
    keep = {b.path for b in backups[:keep_latest]}
    seen: set[tuple] = set()
    for backup in backups:  # newest first, so the first seen in a bucket is its newest
        age = now - backup.when
        if age <= dt.timedelta(days=7):
            bucket: tuple = ("day", backup.when.date())
        elif age <= dt.timedelta(weeks=8):
            bucket = ("week", *backup.when.isocalendar()[:2])
        else:
            bucket = ("month", backup.when.year, backup.when.month)
        if bucket not in seen:
            seen.add(bucket)
            keep.add(backup.path)
    return keep


def thin_backups(db_path: Path, now: dt.datetime | None = None) -> list[Path]:
    backups = list_backups(db_path, with_counts=False)
    keep = backups_to_keep(backups, now or dt.datetime.now())
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def _last_change(db_path: Path) -> float:
    times = [p.stat().st_mtime for p in (db_path, db_path.with_name(db_path.name + "-wal")) if p.exists()]
    return max(times, default=0.0)


def backup_if_changed(
    db_path: Path,
    reason: str,
    *,
    min_interval: dt.timedelta = dt.timedelta(0),
    now: dt.datetime | None = None,
) -> Path | None:
    """On start and every so often: a backup only when the data changed since the newest one."""
    now = now or dt.datetime.now()
    if not db_path.exists():
        return None
    newest = next(iter(list_backups(db_path, with_counts=False)), None)
    if newest is not None:
        if now - newest.when < min_interval:
            return None
        if _last_change(db_path) <= newest.path.stat().st_mtime:
            return None
    made = backup_before(db_path, reason, now=now)
    thin_backups(db_path, now)
    return made


def restore_backup(db_path: Path, backup: Path, *, now: dt.datetime | None = None) -> Path:
    """Install a backup as the database. The current file is moved aside, never deleted; returns
    where it went. The caller must have closed every connection to db_path."""
    with contextlib.closing(sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            ok = False
    if not ok:
        raise BackupError(f"备份 {backup.name} 本身已损坏，请选另一个")
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}-损坏或替换-{stamp}{db_path.suffix}")
    staged = db_path.with_name(db_path.name + ".restoring")
    backup_to(backup, staged)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    if db_path.exists():
        os.replace(db_path, aside)
    os.replace(staged, db_path)
    fsync_dir(db_path.parent)
    return aside
