import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from dangjian_desktop.core.backup import (
    BackupError,
    BackupInfo,
    backup_before,
    backup_if_changed,
    backups_to_keep,
    list_backups,
    restore_backup,
)
from dangjian_desktop.core.db import integrity_problems, open_database
from dangjian_desktop.core.roster import MemberDraft, add_member, list_members


def test_rotation_on_a_fake_clock() -> None:
    now = dt.datetime(2026, 11, 22, 12, 0)
    # one backup every 6 hours for a year
    backups = [
        BackupInfo(Path(f"b{i}"), now - dt.timedelta(hours=6 * i), "periodic", 1) for i in range(4 * 365)
    ]
    keep = backups_to_keep(backups, now)
    kept = [b for b in backups if b.path in keep]
    assert backups[0].path in keep and backups[1].path in keep and backups[2].path in keep
    days = {b.when.date() for b in kept if now - b.when <= dt.timedelta(days=7)}
    assert len(days) == 8  # each of the last 7 days (and today) keeps one
    older = [b for b in kept if now - b.when > dt.timedelta(weeks=8)]
    assert len({(b.when.year, b.when.month) for b in older}) == len(older)  # one a month
    assert 20 < len(kept) < 40


def test_backup_only_when_changed(db, branch_id) -> None:
    t0 = dt.datetime(2026, 11, 22, 8, 0)
    first = backup_if_changed(db.path, "start", now=t0)
    assert first is not None and first.exists()
    assert backup_if_changed(db.path, "start", now=t0 + dt.timedelta(minutes=1)) is None
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="张三"))
    import os
    import time

    future = time.time() + 5
    os.utime(db.path.with_name(db.path.name + "-wal"), (future, future))
    assert (
        backup_if_changed(
            db.path, "periodic", min_interval=dt.timedelta(minutes=30), now=t0 + dt.timedelta(minutes=10)
        )
        is None
    )
    second = backup_if_changed(
        db.path, "periodic", min_interval=dt.timedelta(minutes=30), now=t0 + dt.timedelta(minutes=31)
    )
    assert second is not None
    assert [b.members for b in list_backups(db.path)] == [1, 0]


def test_restore_from_a_corrupted_database(db_path) -> None:
    db = open_database(db_path)
    with db.transaction() as session:
        from dangjian_desktop.core.branch import create_branch

        branch = create_branch(session, "测试村党支部")
        add_member(session, branch.id, MemberDraft(name="张三"))
    good = backup_before(db_path, "manual", now=dt.datetime(2026, 11, 1, 9, 0))
    db.close()
    # damage the file: overwrite pages in the middle
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, min(len(data), 4096 * 6)):
        data[offset] = 0x5A
    db_path.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        db_path.with_name(db_path.name + side).unlink(missing_ok=True)
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(db_path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.execute("SELECT * FROM member").fetchall()
    damaged_bytes = db_path.read_bytes()
    aside = restore_backup(db_path, good)
    assert aside.read_bytes() == damaged_bytes  # moved aside, never deleted
    restored = open_database(db_path)
    assert integrity_problems(restored) == []
    with restored.reading() as session:
        assert [r.name for r in list_members(session)] == ["张三"]
    restored.close()


def test_a_damaged_backup_is_not_installed(db, tmp_path) -> None:
    bad = tmp_path / "dangjian-20261101-090000-manual.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    before = db.path.read_bytes()
    with pytest.raises(BackupError):
        restore_backup(db.path, bad)
    assert db.path.read_bytes() == before


def test_a_backup_for_a_usb_stick_is_sealed_and_opens_back_for_restore(db, branch_id, tmp_path) -> None:
    from dangjian_desktop.core.backup import backup_sealed, list_backups, unseal_backup
    from dangjian_desktop.core.exchange.package import PackageError
    from dangjian_desktop.core.roster import MemberDraft, add_member

    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="张秘密", id_number="11010519491231002X"))
    stick = tmp_path / "stick"
    stick.mkdir()
    for short in ("12345", ""):
        with pytest.raises(BackupError, match="至少 6 个字符"):
            backup_sealed(db.path, stick / "b.djbak", short)
    sealed = backup_sealed(db.path, stick / "b.djbak", "123456")  # six characters: on the line
    blob = sealed.read_bytes()
    assert b"SQLite format" not in blob and "张秘密".encode() not in blob and b"11010519491231002X" not in blob
    assert [p.name for p in stick.iterdir()] == ["b.djbak"]
    assert not list((tmp_path / "backups").glob("sealing-*"))  # the plain staging copy is gone
    with pytest.raises(PackageError, match="口令不对"):
        unseal_backup(db.path, sealed, "1234567")
    opened = unseal_backup(db.path, sealed, "123456", now=dt.datetime(2026, 11, 22, 9, 0))
    assert opened in [b.path for b in list_backups(db.path)]
    assert next(b for b in list_backups(db.path) if b.path == opened).members == 1


def test_two_backups_in_the_same_second_keep_both(db, branch_id) -> None:
    from dangjian_desktop.core.backup import backup_before, list_backups

    now = dt.datetime(2026, 11, 22, 9, 30, 0)
    first = backup_before(db.path, "import", now=now)
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="后来者"))
    second = backup_before(db.path, "import", now=now)
    third = backup_before(db.path, "import", now=now)
    assert len({first, second, third}) == 3
    assert second.name == "dangjian-20261122-093000-import-2.sqlite3"
    counts = {b.path: b.members for b in list_backups(db.path)}
    assert [counts[first], counts[second], counts[third]] == [0, 1, 1]
    assert all("导入前" in b.label for b in list_backups(db.path))
    assert not list(first.parent.glob("*.part"))
