"""Restoring a backup, the parts mutation testing found untried (issue 21): where the current file
goes (its name carries the time), the -wal and -shm files beside it going with it (a stale -wal left
beside the restored file would be replayed into it), and the exact refusal of a file that is no
database at all."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.backup import (
    BackupError,
    backup_before,
    backup_sealed,
    restore_backup,
    unseal_backup,
)
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import integrity_problems, open_database
from dangjian_desktop.core.roster import MemberDraft, add_member, list_members

NOW = dt.datetime(2026, 11, 22, 9, 30, 5)


def test_restore_moves_the_file_and_its_wal_and_shm_aside_under_the_time(tmp_path) -> None:
    db_path = tmp_path / "dangjian.sqlite3"
    db = open_database(db_path)
    with db.transaction() as session:
        add_member(session, create_branch(session, "测试村党支部").id, MemberDraft(name="张三"))
    good = backup_before(db_path, "manual", now=dt.datetime(2026, 11, 1, 9, 0))
    db.close()
    current = db_path.read_bytes()
    wal, shm = db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")
    wal.write_bytes(b"stale wal")
    shm.write_bytes(b"stale shm")
    aside = restore_backup(db_path, good, now=NOW)
    assert aside == tmp_path / "dangjian-损坏或替换-20261122-093005.sqlite3"
    assert aside.read_bytes() == current
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"stale wal"
    assert aside.with_name(aside.name + "-shm").read_bytes() == b"stale shm"
    assert not wal.exists() and not shm.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "restoring" in p.name) == []
    restored = open_database(db_path)
    try:
        assert integrity_problems(restored) == []
        with restored.reading() as session:
            assert [r.name for r in list_members(session)] == ["张三"]
    finally:
        restored.close()


def test_a_file_that_is_no_database_is_refused_in_words(db, tmp_path) -> None:
    """Fails on a restore that takes an unreadable file for a sound one (it then failed later, with
    the words of a failed backup)."""
    bad = tmp_path / "dangjian-20261101-090000-manual.sqlite3"
    bad.write_bytes(b"not a database at all " * 500)
    before = db.path.read_bytes()
    with pytest.raises(BackupError) as caught:
        restore_backup(db.path, bad, now=NOW)
    assert str(caught.value) == f"备份 {bad.name} 本身已损坏，请选另一个"
    assert db.path.read_bytes() == before


def test_a_sealed_backup_needs_six_characters(db, tmp_path) -> None:
    with pytest.raises(BackupError) as caught:
        backup_sealed(db.path, tmp_path / "a.djbak", "12345")
    assert str(caught.value) == "备份口令至少 6 个字符"
    assert backup_sealed(db.path, tmp_path / "b.djbak", "123456").exists()


def test_a_sealed_backup_to_a_missing_folder_is_refused_and_leaves_nothing(db, tmp_path) -> None:
    """Fails on a clean-up that insists the half-written file exists (it raised FileNotFoundError)."""
    target = tmp_path / "拔掉的U盘" / "a.djbak"
    with pytest.raises(BackupError) as caught:
        backup_sealed(db.path, target, "123456")
    assert str(caught.value).startswith("备份到 a.djbak 失败：")
    assert list(db.path.parent.glob("**/sealing-*")) == []


def test_a_sealed_backup_opens_under_the_time_given(db, tmp_path) -> None:
    sealed = backup_sealed(db.path, tmp_path / "a.djbak", "123456")
    opened = unseal_backup(db.path, sealed, "123456", now=NOW)
    assert opened.name == "dangjian-20261122-093005-usb.sqlite3"
    with pytest.raises(BackupError) as caught:
        unseal_backup(db.path, tmp_path / "没有这个文件.djbak", "123456", now=NOW)
    assert str(caught.value).startswith("无法读取 没有这个文件.djbak：")
