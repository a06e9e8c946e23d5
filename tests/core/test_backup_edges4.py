"""Backups where this machine's own file system never takes them (issue 21, core/backup.py): a
folder without hard links (a FAT32 USB stick, as many a village office's 备份文件夹 is), the names a
half-written sealed or opened copy leaves behind when the run dies, thinning while another copy of
the program thins the same folder, and a leftover exactly ten minutes old.

The platform is simulated, never the code under test: os.link fails as it does on FAT32, os.replace
stops the run as Ctrl+C or a closed window does, os.unlink finds the file already gone as it does
when another process removed it first, and time.time is held still to stand on a boundary."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dangjian_desktop.core.backup import (
    LEFTOVER_AGE_SECONDS,
    backup_before,
    backup_dir_for,
    backup_sealed,
    list_backups,
    remove_leftovers,
    thin_backups,
    unseal_backup,
)
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member

T0 = dt.datetime(2020, 1, 7, 12, 0)


def _members_in(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM member").fetchone()[0]


def _add(db: Database, branch_id: int, name: str) -> None:
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name=name))


# --- a folder without hard links --------------------------------------------------------------------


@pytest.fixture
def no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.link as on a FAT32 stick under Linux: the file system has no hard links (EPERM)."""

    def refuse(src: object, dst: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(src), None, str(dst))

    monkeypatch.setattr(os, "link", refuse)


@pytest.mark.usefixtures("no_hard_links")
def test_backups_in_one_second_on_a_stick_without_hard_links_are_numbered_two_and_three(
    db: Database, branch_id: int
) -> None:
    """Three backups in the same second (two imports at once) on FAT32: the first takes the plain
    name, then -2 and -3, each holding the data of its moment, and no half-written .part stays."""
    # each name checked as it is made: a count that starts over at 1 would take -1, then loop forever
    first = backup_before(db.path, "import", now=T0)
    assert first.name == "dangjian-20200107-120000-import.sqlite3"
    _add(db, branch_id, "后来者")
    second = backup_before(db.path, "import", now=T0)
    assert second.name == "dangjian-20200107-120000-import-2.sqlite3"
    _add(db, branch_id, "又一个")
    third = backup_before(db.path, "import", now=T0)
    assert third.name == "dangjian-20200107-120000-import-3.sqlite3"
    assert [_members_in(p) for p in (first, second, third)] == [0, 1, 2]
    assert sorted(p.name for p in backup_dir_for(db.path).iterdir()) == sorted(
        p.name for p in (first, second, third)
    )
    assert sorted(b.reason for b in list_backups(db.path)) == ["import", "import-2", "import-3"]


@pytest.mark.usefixtures("no_hard_links")
def test_on_a_stick_without_hard_links_the_first_free_number_is_taken(db: Database, branch_id: int) -> None:
    """The plain name and -3 taken, -2 free (removed by hand): the next backup takes -2, the one
    after it -4; an existing file is never overwritten."""
    folder = backup_dir_for(db.path)
    folder.mkdir()
    plain = folder / "dangjian-20200107-120000-import.sqlite3"
    taken = folder / "dangjian-20200107-120000-import-3.sqlite3"
    for path in (plain, taken):
        path.write_bytes(b"kept as it is")
    assert backup_before(db.path, "import", now=T0).name == "dangjian-20200107-120000-import-2.sqlite3"
    assert backup_before(db.path, "import", now=T0).name == "dangjian-20200107-120000-import-4.sqlite3"
    assert plain.read_bytes() == taken.read_bytes() == b"kept as it is"


# --- what a run that dies half-way leaves -----------------------------------------------------------


def _dies_on_replace_to(monkeypatch: pytest.MonkeyPatch, target: Callable[[Path], bool]) -> None:
    """os.replace into a final name the test picks stops the run there (Ctrl+C in the command line,
    the window closed): the half-written file stays as a killed run leaves it."""
    real = os.replace

    def replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if target(Path(dst)):
            raise KeyboardInterrupt
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def _age(path: Path) -> None:
    old = time.time() - LEFTOVER_AGE_SECONDS - 60
    os.utime(path, (old, old))


def test_a_sealed_backup_cut_short_leaves_a_part_file_that_leftovers_removes(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Killed before the sealed copy takes its name: the stick holds `<name>.part` (never a file that
    looks finished), and at the next start, the stick being 备份文件夹, it is found and removed."""
    stick = tmp_path / "U盘"
    stick.mkdir()
    target = stick / "村备份.djbak"
    _dies_on_replace_to(monkeypatch, lambda dst: dst == target)
    with pytest.raises(KeyboardInterrupt):
        backup_sealed(db.path, target, "123456")
    monkeypatch.undo()
    (leftover,) = stick.iterdir()
    assert leftover.name == "村备份.djbak.part" and leftover.stat().st_size > 0
    _age(leftover)
    assert remove_leftovers(db.path, stick) == [leftover]
    assert list(stick.iterdir()) == []


def test_a_sealed_backup_opened_and_cut_short_leaves_a_part_file_that_leftovers_removes(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Killed after the stick's copy was opened into the backups folder but before it took its name:
    `dangjian-<time>-usb.sqlite3.part` stays, not listed for restoring, and the next start removes it."""
    sealed = backup_sealed(db.path, tmp_path / "b.djbak", "123456")
    name = "dangjian-20200107-120000-usb.sqlite3"
    _dies_on_replace_to(monkeypatch, lambda dst: dst.name == name)
    with pytest.raises(KeyboardInterrupt):
        unseal_backup(db.path, sealed, "123456", now=T0)
    monkeypatch.undo()
    (leftover,) = backup_dir_for(db.path).iterdir()
    assert leftover.name == name + ".part"
    assert list_backups(db.path) == []
    _age(leftover)
    assert remove_leftovers(db.path) == [leftover]
    assert list(backup_dir_for(db.path).iterdir()) == []


# --- thinning beside another copy of the program ----------------------------------------------------


def test_thinning_carries_on_when_another_process_removed_a_backup_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of the program started at once both thin the folder: a backup the other removed
    between this one's listing and its removing is no error; the rest are still removed and it is
    named among those gone (planted: unlink without missing_ok, which raises and stops thinning)."""
    folder = tmp_path / "backups"
    folder.mkdir()
    made = []
    for minutes in range(6):  # six of one day: the newest three stay, the other three go
        path = folder / f"dangjian-{T0 - dt.timedelta(minutes=minutes):%Y%m%d-%H%M%S}-periodic.sqlite3"
        path.write_bytes(b"")
        made.append(path)
    gone_first = made[3]  # the newest of those to go: thinning reaches it first
    real = os.unlink

    def unlink(path: object, *args: object, **kwargs: object) -> None:
        if Path(path) == gone_first and Path(path).exists():
            real(path)  # the other process was quicker
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    removed = thin_backups(tmp_path / "dangjian.sqlite3", T0)
    monkeypatch.undo()
    assert sorted(removed) == sorted(made[3:])
    assert sorted(folder.iterdir()) == sorted(made[:3])


# --- ten minutes on the line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "removed"),
    [(LEFTOVER_AGE_SECONDS - 1, False), (LEFTOVER_AGE_SECONDS, True), (LEFTOVER_AGE_SECONDS + 1, True)],
)
def test_a_leftover_ten_minutes_old_on_the_line_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age: int, removed: bool
) -> None:
    """A half-written file last written 599 s ago belongs to a run still going and stays; at 600 s it
    counts as a killed run's and goes, as at 601 s. The clock is held still for the boundary."""
    now = 1_700_000_000.0
    db_path = tmp_path / "dangjian.sqlite3"
    leftover = tmp_path / "dangjian.sqlite3.1-ab.part"
    leftover.write_bytes(b"x")
    os.utime(leftover, (now - age, now - age))
    monkeypatch.setattr(time, "time", lambda: now)
    assert remove_leftovers(db_path) == ([leftover] if removed else [])
    assert leftover.exists() is not removed
