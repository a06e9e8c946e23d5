"""The whole database as one package (issue 21, mutation testing of core/exchange/township_backup.py):
every table, the township's own keys, settings and merge history included; signed by a key made
for the one package; sealed with a passphrase; restored only into an empty database, rows with
their ids, the next id after them; a village's package, a damaged one, one of bad content refused
by name with nothing changed. Real SQLite files on both sides."""

import datetime as dt
import io
import json
import shutil
import zipfile

import pytest
from sqlalchemy import func, select

from dangjian_desktop import __version__
from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import head_revision, open_database
from dangjian_desktop.core.exchange import township_backup as module
from dangjian_desktop.core.exchange.package import (
    INFO,
    MANIFEST,
    SIGNATURE,
    TAGMANIFEST,
    PackageError,
    Verification,
    pack,
    verify_bytes,
    verify_file,
)
from dangjian_desktop.core.exchange.package_crypto import MAGIC_SEALED
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.exchange.tables import count_lines, table_file
from dangjian_desktop.core.exchange.township_backup import (
    KIND,
    build_backup,
    restore_backup_package,
    write_backup,
)
from dangjian_desktop.core.keys import township_private
from dangjian_desktop.core.models import Base, Branch, LocalKey, Member, MergeRecord, OperationLog
from dangjian_desktop.core.oplog import current_user
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.core.settings.catalogue import DUES_PACKAGE_INCOME

from .conftest import make_village

NOW = dt.datetime(2026, 11, 22, 9, 30, 0)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A township: two branches (one with an Uyghur member), a setting, one merge record."""
    folder = tmp_path_factory.mktemp("whole")
    path = folder / "t.sqlite3"
    db = open_database(path)
    with db.transaction() as session:
        first = create_branch(session, "东村党支部")
        add_member(session, first.id, MemberDraft(name="阿依古丽·买买提江", id_number="360426199101010071"))
        add_member(session, first.id, MemberDraft(name="张三"))
        second = Branch(name="西村党支部")
        session.add(second)
        session.flush()
        add_member(session, second.id, MemberDraft(name="李四"))
        settings.put(session, DUES_PACKAGE_INCOME, True)
        session.add(MergeRecord(branch_uid=second.uid, branch_name="西村党支部", action="合并", number=3))
    db.close()
    return path


@pytest.fixture
def township(template, tmp_path):
    shutil.copyfile(template, tmp_path / "t.sqlite3")
    db = open_database(tmp_path / "t.sqlite3")
    yield db
    db.close()


@pytest.fixture
def empty(tmp_path):
    (tmp_path / "empty").mkdir()
    db = open_database(tmp_path / "empty" / "e.sqlite3")
    yield db
    db.close()


def _every_row(db) -> dict[str, list[tuple]]:
    with db.reading() as session:
        connection = session.connection()
        return {
            t.name: sorted(tuple(r) for r in connection.execute(select(t)))
            for t in Base.metadata.sorted_tables
            if t.name != "operation_log"
        }


def test_every_table_of_every_branch_signed_by_a_key_of_its_own(township) -> None:
    blob = build_backup(township, now=NOW)
    check = verify_bytes(blob)
    assert check.ok, check.problems
    info = check.info
    assert info["kind"] == KIND == "whole-database"
    assert (info["format"], info["format_version"], info["package_number"]) == ("dangjian-package", 2, 1)
    assert info["app_version"] == __version__ and info["schema_revision"] == head_revision()
    assert info["branch_name"] == "整库备份（党支部 2 个）"
    assert info["exported_at"] == "2026-11-22T09:30:00" and info["exported_by"] == current_user()
    assert info["documents"] == []
    assert set(check.files) == {table_file(t) for t in Base.metadata.sorted_tables}
    assert info["counts"] == {
        t.name: count_lines(check.files[table_file(t)]) for t in Base.metadata.sorted_tables
    }
    assert (info["counts"]["member"], info["counts"]["branch"], info["counts"]["merge_record"]) == (3, 2, 1)
    assert info["counts"]["setting"] == 1 and info["counts"]["local_key"] == 1  # the village key
    assert "阿依古丽·买买提江".encode() in check.files["data/member.jsonl"]
    assert b"360426199101010071" in check.files["data/member.jsonl"]  # a backup is whole
    # a key for this one package: two backups are signed by two keys
    assert verify_bytes(build_backup(township, now=NOW)).info["signing_key"] != info["signing_key"]


def test_an_empty_database_backs_up_as_no_branch(empty) -> None:
    info = verify_bytes(build_backup(empty, now=NOW)).info
    assert info["branch_name"] == "整库备份（党支部 0 个）" and info["counts"]["member"] == 0


def test_without_a_time_the_backup_is_stamped_now_to_the_second(township) -> None:
    before = dt.datetime.now().replace(microsecond=0)
    stamp = dt.datetime.fromisoformat(verify_bytes(build_backup(township)).info["exported_at"])
    assert before <= stamp <= dt.datetime.now() and stamp.microsecond == 0


def test_a_backup_written_in_clear_or_sealed_into_a_new_folder(township, tmp_path) -> None:
    plain = write_backup(township, tmp_path / "新" / "文件夹" / "备份.djpkg")
    assert plain == tmp_path / "新" / "文件夹" / "备份.djpkg" and verify_file(plain).ok
    sealed = write_backup(township, tmp_path / "封" / "备份.djpkg", passphrase="口令")
    assert sealed.read_bytes().startswith(MAGIC_SEALED)
    assert verify_file(sealed).ok is False and verify_file(sealed, "口令").ok
    assert "张三".encode() not in sealed.read_bytes()


def test_a_backup_that_fails_its_own_check_is_not_written(township, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(module, "verify_bytes", lambda blob: Verification(False, ["甲", "乙"]))
    with pytest.raises(PackageError) as caught:
        write_backup(township, tmp_path / "out" / "b.djpkg")
    assert str(caught.value) == "整库备份生成后自检未通过：甲；乙"
    assert not (tmp_path / "out").exists()


def test_restored_into_an_empty_database_row_for_row_with_their_ids(township, empty, tmp_path) -> None:
    path = write_backup(township, tmp_path / "b.djpkg", passphrase="口令")
    message = restore_backup_package(empty, path, "口令")
    assert message == "已从整库备份恢复：党支部 2 个，党员 3 名"
    assert _every_row(empty) == _every_row(township)  # keys, settings and merges too
    with empty.reading() as session:
        logged = session.scalars(select(OperationLog).order_by(OperationLog.id.desc()).limit(1)).one()
        assert (logged.action, logged.detail) == ("恢复整库备份", "b.djpkg")
        top = session.scalar(select(func.max(Member.id)))
    with empty.transaction() as session:  # the next member after the restored ids
        new = add_member(session, 1, MemberDraft(name="新来的"))
    assert new == top + 1


def test_the_keys_of_the_empty_database_give_way_to_the_backup(tmp_path) -> None:
    source = open_database(tmp_path / "s.sqlite3")
    target = open_database(tmp_path / "t.sqlite3")
    try:
        with source.transaction() as session:
            township_private(session, create=True)
            create_branch(session, "东村党支部")
        with target.transaction() as session:
            township_private(session, create=True)  # the empty target made a key of its own
        restore_backup_package(target, write_backup(source, tmp_path / "b.djpkg"))
        with source.reading() as session:
            keys = session.execute(select(LocalKey.kind, LocalKey.data)).all()
        with target.reading() as session:
            assert session.execute(select(LocalKey.kind, LocalKey.data)).all() == keys
    finally:
        source.close()
        target.close()


def test_a_database_with_a_branch_is_never_overwritten(township, tmp_path) -> None:
    path = write_backup(township, tmp_path / "b.djpkg")
    before = _every_row(township)
    with pytest.raises(PackageError) as caught:
        restore_backup_package(township, path)
    assert str(caught.value) == "整库备份只能恢复到空数据库：这个数据库已有党支部，未做任何改动"
    assert _every_row(township) == before


def test_a_village_package_is_not_a_backup(empty, tmp_path) -> None:
    village = make_village(tmp_path / "v.sqlite3", size=2, seed=23, name="南村党支部")
    try:
        package = export_package(village, tmp_path / "南村.djpkg", now=NOW, with_documents=False)
    finally:
        village.close()
    with pytest.raises(PackageError) as caught:
        restore_backup_package(empty, package)
    assert str(caught.value) == "南村.djpkg 是村里报送的数据包，不是整库备份：请用“合并数据包”"
    with empty.reading() as session:
        assert session.scalar(select(func.count()).select_from(Branch)) == 0


def test_a_damaged_or_locked_backup_is_named_with_the_reason(township, empty, tmp_path) -> None:
    path = write_backup(township, tmp_path / "b.djpkg", passphrase="口令")
    with pytest.raises(PackageError) as caught:
        restore_backup_package(empty, path, "别的")
    assert str(caught.value) == "b.djpkg 不能恢复：口令不对，无法打开加密数据包"
    damaged = tmp_path / "坏.djpkg"
    damaged.write_bytes(b"x" * 100)
    with pytest.raises(PackageError, match=r"^坏.djpkg 不能恢复：文件不完整"):
        restore_backup_package(empty, damaged)


@pytest.mark.parametrize(
    "line",
    [
        '{"id": 1, "name": "东村", "created_at": "不是时间"}\n',  # ValueError
        '{"id": 1, "name": "东村", "created_at": 5}\n',  # TypeError
    ],
)
def test_a_backup_of_bad_content_changes_nothing(township, empty, tmp_path, line) -> None:
    with zipfile.ZipFile(io.BytesIO(build_backup(township, now=NOW))) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    info = json.loads(entries[INFO])
    payload = {n: d for n, d in entries.items() if n not in (INFO, MANIFEST, TAGMANIFEST, SIGNATURE)}
    payload["data/branch.jsonl"] = line.encode()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate()
    info["signing_key"] = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    bad = tmp_path / "坏内容.djpkg"
    bad.write_bytes(pack(payload, info, key))
    before = _every_row(empty)
    with pytest.raises(PackageError) as caught:
        restore_backup_package(empty, bad)
    assert str(caught.value) == "坏内容.djpkg 的内容格式不对，未做任何改动"
    assert _every_row(empty) == before


def test_the_restore_counts_of_each_table(township) -> None:
    files = verify_bytes(build_backup(township, now=NOW)).files
    target_path = township.path.parent / "r.sqlite3"
    target = open_database(target_path)
    try:
        with target.transaction() as session:
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(table.delete())
            counts = module._restore_rows(session, files)
    finally:
        target.close()
    assert counts == {t.name: count_lines(files[table_file(t)]) for t in Base.metadata.sorted_tables}
    assert list(counts) == [t.name for t in Base.metadata.sorted_tables]
    assert counts["member"] == 3 and counts["branch"] == 2


def test_a_backup_without_the_file_of_a_table_restores_that_table_empty(township, empty, tmp_path) -> None:
    """A backup of an older program has no file for a table added since: that table stays empty."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    with zipfile.ZipFile(io.BytesIO(build_backup(township, now=NOW))) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    info = json.loads(entries[INFO])
    payload = {n: d for n, d in entries.items() if n not in (INFO, MANIFEST, TAGMANIFEST, SIGNATURE)}
    del payload["data/merge_record.jsonl"]
    key = Ed25519PrivateKey.generate()
    info["signing_key"] = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    older = tmp_path / "旧备份.djpkg"
    older.write_bytes(pack(payload, info, key))
    assert restore_backup_package(empty, older) == "已从整库备份恢复：党支部 2 个，党员 3 名"
    with empty.reading() as session:
        assert session.scalar(select(func.count()).select_from(MergeRecord)) == 0
        assert session.scalar(select(func.count()).select_from(Member)) == 3
