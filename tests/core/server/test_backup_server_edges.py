"""The server's half of core/backup.py: which changes make a safety copy on a server and how it is named,
two in one second, a folder that cannot be written, pg_dump's extra copy. A real PostgreSQL
(tests/server_db.py) and real files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.backup import (
    BackupError,
    backup_database,
    backup_dir_for,
    backup_server,
    pg_dump_available,
    pg_dump_to,
)
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.township_backup import restore_backup_package
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member

NOW = dt.datetime(2026, 12, 2, 9, 30, 5)


@pytest.fixture
def server_db(pg_url):
    db = open_database(pg_url)
    with db.transaction() as session:
        branch = create_branch(session, "凤凰村党支部")
        for name in ("张三", "阿依古丽·买买提江"):
            add_member(session, branch.id, MemberDraft(name=name))
    yield db
    db.close()


@pytest.mark.parametrize("reason", ["merge", "upgrade", "periodic", "start"])
def test_a_server_makes_no_copy_before_a_merge_an_upgrade_or_on_a_timer(server_db, tmp_path, reason) -> None:
    assert backup_database(server_db, reason, folder=tmp_path, now=NOW) is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("reason", ["import", "rollback", "manual", "delete"])
def test_other_changes_on_a_server_make_a_whole_database_package(
    server_db, tmp_path, new_target, reason
) -> None:
    made = backup_database(server_db, reason, folder=tmp_path, now=NOW)
    assert made == tmp_path / f"dangjian-20261202-093005-{reason}.djpkg"
    assert [p.name for p in tmp_path.iterdir()] == [made.name]  # the finished file only, no leftover


def test_the_package_holds_every_member_and_comes_back(server_db, tmp_path) -> None:
    made = backup_server(server_db, "manual", folder=tmp_path, now=NOW)
    restored = open_database(tmp_path / "restored.sqlite3")
    restore_backup_package(restored, made)
    with restored.reading() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 2
    restored.close()


def test_two_copies_in_one_second_are_numbered_not_overwritten(server_db, tmp_path) -> None:
    first = backup_server(server_db, "import", folder=tmp_path, now=NOW)
    second = backup_server(server_db, "import", folder=tmp_path, now=NOW)
    third = backup_server(server_db, "import", folder=tmp_path, now=NOW)
    assert [first.name, second.name, third.name] == [
        "dangjian-20261202-093005-import.djpkg",
        "dangjian-20261202-093005-import-2.djpkg",
        "dangjian-20261202-093005-import-3.djpkg",
    ]
    other = backup_server(server_db, "import", folder=tmp_path, now=NOW + dt.timedelta(seconds=1))
    assert other.name == "dangjian-20261202-093006-import.djpkg"


def test_without_a_folder_the_copy_goes_beside_the_servers_local_files(server_db) -> None:
    made = backup_server(server_db, "manual", now=NOW)
    try:
        assert made.parent == backup_dir_for(server_db.path)
        assert made.name == "dangjian-20261202-093005-manual.djpkg"
    finally:
        made.unlink()


def test_the_time_is_the_clocks_when_none_is_given(server_db, tmp_path) -> None:
    before = dt.datetime.now().replace(microsecond=0)
    made = backup_server(server_db, "manual", folder=tmp_path)
    stamp = dt.datetime.strptime(made.name[len("dangjian-") : len("dangjian-") + 15], "%Y%m%d-%H%M%S")
    assert before <= stamp <= dt.datetime.now()


def test_a_folder_that_is_a_file_is_named(server_db, tmp_path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    with pytest.raises(BackupError) as caught:
        backup_server(server_db, "manual", folder=not_a_folder / "inside", now=NOW)
    assert str(caught.value).startswith(f"备份到 {not_a_folder / 'inside'}")
    assert "失败：" in str(caught.value)


def test_a_file_database_is_copied_as_a_file(db, tmp_path) -> None:
    made = backup_database(db, "import", folder=tmp_path, now=NOW)
    assert made == tmp_path / "dangjian-20261202-093005-import.sqlite3"
    assert (
        backup_database(db, "merge", folder=tmp_path, now=NOW + dt.timedelta(seconds=1)).suffix == ".sqlite3"
    )


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_pg_dump_writes_the_servers_own_dump(server_db, tmp_path) -> None:
    assert pg_dump_available() == shutil.which("pg_dump")
    target = pg_dump_to(server_db, tmp_path / "county.dump")
    assert target == tmp_path / "county.dump"
    assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert target.stat().st_size > 1000  # the schema and rows, not an empty archive


def test_pg_dump_is_refused_for_a_file_database(db, tmp_path) -> None:
    with pytest.raises(BackupError, match="不是服务器数据库"):
        pg_dump_to(db, tmp_path / "x.dump")


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_pg_dumps_failure_is_told_with_its_own_words(server_db, tmp_path) -> None:
    with pytest.raises(BackupError, match="pg_dump 未成功：") as caught:
        pg_dump_to(server_db, tmp_path / "no-such-folder" / "x.dump")
    assert len(str(caught.value)) <= len("pg_dump 未成功：") + 300


def test_pg_dump_missing_is_told(server_db, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a computer without pg_dump
    assert pg_dump_available() is None
    with pytest.raises(BackupError, match="本机没有安装 pg_dump"):
        pg_dump_to(server_db, tmp_path / "x.dump")
    assert not Path(tmp_path / "x.dump").exists()
