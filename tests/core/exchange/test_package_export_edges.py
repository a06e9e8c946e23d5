"""The village package as written (issue 21, mutation testing of core/exchange/package_export.py):
every field of package-info.json, the package number given once each, the documents attached or
left out, a township database refused, the three ways a package leaves (in clear, sealed with a
passphrase, encrypted to the township's key) and the operation log's words for each. Real
villages, real packages on disk, opened again with verify_bytes."""

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select, update

from dangjian_desktop import __version__
from dangjian_desktop.core.db import head_revision, open_database
from dangjian_desktop.core.exchange import package_export as module
from dangjian_desktop.core.exchange.package import INFO, Verification, package_name, verify_bytes
from dangjian_desktop.core.exchange.package_crypto import MAGIC_SEALED, MAGIC_TOWNSHIP, PackageError
from dangjian_desktop.core.exchange.package_export import build_package, export_package, reserve_number
from dangjian_desktop.core.exchange.tables import count_lines, data_tables, table_file
from dangjian_desktop.core.keys import import_township_key_file, key_file_bytes, public_raw
from dangjian_desktop.core.models import Branch, OperationLog
from dangjian_desktop.core.oplog import current_user

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30, 5)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One small village built once; each test gets its own copy of the file (same uid and key)."""
    path = tmp_path_factory.mktemp("export") / "v.sqlite3"
    db = make_village(path, size=3, seed=13, name="南湖村党支部")
    with db.transaction() as session:
        session.execute(update(Branch).values(township="城关镇", secretary="买买提·艾力"))
    db.close()
    return path


@pytest.fixture
def village(template, tmp_path):
    shutil.copyfile(template, tmp_path / "v.sqlite3")
    db = open_database(tmp_path / "v.sqlite3")
    yield db
    db.close()


def _branch(db) -> Branch:
    with db.reading() as session:
        return session.scalars(select(Branch)).one()


def _last_log(db) -> OperationLog:
    with db.reading() as session:
        return session.scalars(select(OperationLog).order_by(OperationLog.id.desc()).limit(1)).one()


def test_every_field_of_package_info(village) -> None:
    branch = _branch(village)
    plain, info = build_package(village, now=WHEN, with_documents=False)
    check = verify_bytes(plain)
    assert check.ok, check.problems
    assert check.info == info
    assert info["format"] == "dangjian-package" and info["format_version"] == 2
    assert info["app_version"] == __version__ and info["schema_revision"] == head_revision()
    assert info["branch_uid"] == branch.uid and info["signing_key"] == branch.signing_key
    assert (info["branch_name"], info["township"], info["secretary"]) == (
        "南湖村党支部",
        "城关镇",
        "买买提·艾力",
    )
    assert info["exported_at"] == "2026-11-22T09:30:05"
    assert info["exported_by"] == current_user()
    assert info["package_number"] == 1
    assert info["documents"] == []
    expected = {t.name: count_lines(check.files[table_file(t)]) for t in data_tables()}
    assert info["counts"] == expected and info["counts"]["member"] == 3 and info["counts"]["branch"] == 1
    assert set(check.files) == {table_file(t) for t in data_tables()}
    # the Uyghur name travels as itself in package-info.json, not escaped
    with zipfile.ZipFile(__import__("io").BytesIO(plain)) as archive:
        assert "买买提·艾力".encode() in archive.read(INFO)


def test_each_package_has_the_next_number_and_the_number_is_kept(village) -> None:
    assert build_package(village, now=WHEN, with_documents=False)[1]["package_number"] == 1
    assert build_package(village, now=WHEN, with_documents=False)[1]["package_number"] == 2
    assert reserve_number(village) == 3
    assert _branch(village).package_number == 3
    assert build_package(village, now=WHEN, with_documents=False)[1]["package_number"] == 4


def test_a_branch_that_never_exported_starts_at_one(village) -> None:
    with village.transaction() as session:
        session.execute(update(Branch).values(package_number=0))
    assert reserve_number(village) == 1


def test_without_a_time_given_the_export_is_stamped_now_to_the_second(village) -> None:
    before = dt.datetime.now().replace(microsecond=0)
    _plain, info = build_package(village, with_documents=False)
    stamped = dt.datetime.fromisoformat(info["exported_at"])
    assert before <= stamped <= dt.datetime.now() and stamped.microsecond == 0


def test_documents_given_as_bytes_or_made_on_the_export_snapshot(village) -> None:
    calls = []

    def maker(session, branch_id, name, today):
        calls.append(
            (branch_id, name, today, session.scalar(select(Branch.name).where(Branch.id == branch_id)))
        )
        return b"roster bytes"

    attachments = {"z说明.pdf": b"%PDF", "a花名册.xlsx": maker, "b空.pdf": lambda *a: None, "c零.pdf": b""}
    plain, info = build_package(village, now=WHEN, attachments=attachments)
    branch = _branch(village)
    assert calls == [(branch.id, "南湖村党支部", dt.date(2026, 11, 22), "南湖村党支部")]
    assert info["documents"] == ["a花名册.xlsx", "z说明.pdf"]  # sorted; nothing for an empty one
    files = verify_bytes(plain).files
    assert files["a花名册.xlsx"] == b"roster bytes" and files["z说明.pdf"] == b"%PDF"
    assert "b空.pdf" not in files and "c零.pdf" not in files
    _plain, without = build_package(village, now=WHEN, with_documents=False, attachments=attachments)
    assert without["documents"] == [] and len(calls) == 1


def test_a_township_database_is_not_exported_as_a_village(village) -> None:
    with village.transaction() as session:
        session.add(Branch(name="北山村党支部"))
    with pytest.raises(PackageError, match=r"^这是乡镇汇总数据库（含多个党支部），不能作为村级数据包导出$"):
        build_package(village, now=WHEN, with_documents=False)


# --- written to the stick ----------------------------------------------------------------------------


def test_a_package_in_clear_into_a_folder_gets_the_branch_and_time_as_its_name(village, tmp_path) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    (stick / "南湖村党支部_20261101-080000.djpkg.partial").write_bytes(b"half")
    (stick / "keep.djpkg").write_bytes(b"an older package")
    written = export_package(village, stick, now=WHEN, with_documents=False)
    assert (
        written == stick / package_name("南湖村党支部", WHEN) == stick / "南湖村党支部_20261122-093005.djpkg"
    )
    assert sorted(p.name for p in stick.iterdir()) == ["keep.djpkg", written.name]  # the leftover went
    check = verify_bytes(written.read_bytes())
    assert check.ok and check.encryption == "" and check.info["exported_at"] == WHEN.isoformat()
    entry = _last_log(village)
    assert entry.action == "导出数据包"
    assert entry.detail == f"{written.name}，第 1 号，未加密，党员 3 条"


def test_a_package_sealed_with_the_passphrase(village, tmp_path) -> None:
    written = export_package(
        village, tmp_path / "p.djpkg", passphrase="乡镇口令", now=WHEN, with_documents=False
    )
    blob = written.read_bytes()
    assert blob.startswith(MAGIC_SEALED)
    assert verify_bytes(blob).ok is False
    check = verify_bytes(blob, passphrase="乡镇口令")
    assert check.ok and check.encryption == "口令" and check.info["package_number"] == 1
    assert _last_log(village).detail == "p.djpkg，第 1 号，已用口令加密，党员 3 条"


def test_a_package_encrypted_to_the_imported_township_key_only_opens_with_that_key(village, tmp_path) -> None:
    township, other = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    key_file = tmp_path / "乡镇公钥.json"
    key_file.write_bytes(key_file_bytes(public_raw(township), "城关镇"))
    import_township_key_file(village, key_file)
    # the township key wins over a passphrase: the package is for the township, not for the stick
    written = export_package(village, tmp_path / "p.djpkg", passphrase="pw", now=WHEN, with_documents=False)
    blob = written.read_bytes()
    assert blob.startswith(MAGIC_TOWNSHIP)
    check = verify_bytes(blob, township_key=township)
    assert check.ok and check.encryption == "乡镇公钥" and check.info["branch_name"] == "南湖村党支部"
    wrong = verify_bytes(blob, township_key=other)
    assert wrong.ok is False and "另一个乡镇" in wrong.message()
    assert _last_log(village).detail == "p.djpkg，第 1 号，已加密给乡镇，党员 3 条"


def test_a_missing_folder_is_named_and_the_number_is_used_up(village, tmp_path) -> None:
    target = tmp_path / "没插好" / "p.djpkg"
    with pytest.raises(PackageError) as caught:
        export_package(village, target, now=WHEN, with_documents=False)
    assert str(caught.value) == f"目标文件夹 {target.parent} 不存在（U盘是否已插好？）"
    assert not target.parent.exists()
    # a failed export leaves a gap, never a number given twice
    written = export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)
    assert verify_bytes(written.read_bytes()).info["package_number"] == 2


def test_a_package_that_fails_its_own_check_is_not_written(village, tmp_path, monkeypatch) -> None:
    """The self-check guards against a fault of this program: planted here by a check that fails."""
    monkeypatch.setattr(module, "verify_bytes", lambda blob: Verification(False, ["甲", "乙"]))
    with pytest.raises(PackageError) as caught:
        export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)
    assert str(caught.value) == "数据包生成后自检未通过：甲；乙"
    assert list(tmp_path.glob("p.djpkg*")) == []


def test_the_export_time_in_the_name_and_the_info_is_the_same_second(village, tmp_path) -> None:
    written = export_package(village, tmp_path, with_documents=False)
    info = verify_bytes(written.read_bytes()).info
    stamp = dt.datetime.fromisoformat(info["exported_at"])
    assert written.name == package_name("南湖村党支部", stamp) and stamp.microsecond == 0


def test_the_documents_reach_the_written_package(village, tmp_path) -> None:
    written = export_package(
        village, tmp_path / "p.djpkg", now=WHEN, attachments={"花名册.xlsx": lambda *a: b"xlsx"}
    )
    check = verify_bytes(written.read_bytes())
    assert check.files["花名册.xlsx"] == b"xlsx" and check.info["documents"] == ["花名册.xlsx"]
    written = export_package(
        village, tmp_path / "q.djpkg", now=WHEN, with_documents=False, attachments={"花名册.xlsx": b"x"}
    )
    assert verify_bytes(written.read_bytes()).info["documents"] == []


def test_the_log_counts_the_members_of_the_package(village, tmp_path) -> None:
    from dangjian_desktop.core.roster import MemberDraft, add_member

    with village.transaction() as session:
        add_member(
            session,
            _branch(village).id,
            MemberDraft(name="阿依古丽·买买提江·热合曼", birth_date="1990-01-01"),
        )
    export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)
    assert _last_log(village).detail.endswith("党员 4 条")
    assert (
        json.loads(json.dumps(verify_bytes((tmp_path / "p.djpkg").read_bytes()).info))["counts"]["member"]
        == 4
    )


def test_a_target_given_as_a_file_name_is_used_as_it_is(village, tmp_path) -> None:
    target = tmp_path / "给乡镇.djpkg"
    assert export_package(village, target, now=WHEN, with_documents=False) == target
    assert target.is_file() and isinstance(target, Path)


def test_the_private_income_is_left_out_unless_the_setting_says_so(tmp_path) -> None:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.settings.catalogue import DUES_PACKAGE_INCOME

    full = make_village(tmp_path / "full.sqlite3")  # the full demo: 党费 assessed for each member
    try:
        plain, _info = build_package(full, now=WHEN, with_documents=False)
        lines = verify_bytes(plain).files["data/dues_assessment.jsonl"].decode().splitlines()
        assert len(lines) == 45 and all("income_fen" not in json.loads(line) for line in lines)
        with full.transaction() as session:
            settings.put(session, DUES_PACKAGE_INCOME, True)
        plain, _info = build_package(full, now=WHEN, with_documents=False)
        lines = verify_bytes(plain).files["data/dues_assessment.jsonl"].decode().splitlines()
        assert all("income_fen" in json.loads(line) for line in lines)
    finally:
        full.close()
