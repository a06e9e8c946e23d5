"""Export, verify and merge: the round trip, tampering of every kind, and merge's idempotence."""

import datetime as dt
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from dangjian_desktop.core.exchange import merge as _merge
from dangjian_desktop.core.exchange.package import INFO, MANIFEST, PackageError, verify_bytes, verify_file
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.exchange.tables import data_tables
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.roster import MemberDraft, add_member, list_members
from dangjian_desktop.documents.package import package_documents

from .conftest import make_village


def merge_package(db, path, **options):
    """These tests are about content and order; enrollment has its own tests (test_trust.py)."""
    return _merge.merge_package(db, path, enroll=True, **options)


WHEN = dt.datetime(2026, 11, 22, 9, 30)


def natural_rows(db, branch_uid: str) -> dict[str, Counter]:
    """Each table's rows of one branch, ids and foreign keys left out (they differ between databases)."""
    result: dict[str, Counter] = {}
    with db.reading() as session:
        branch_id = session.scalar(select(Branch.id).where(Branch.uid == branch_uid))
        connection = session.connection()
        for table in data_tables():
            if table.name in ("operation_log", "branch"):
                continue
            skip = {c.name for c in table.columns if c.foreign_keys} | {"id"}
            rows = connection.execute(select(table)).mappings().all()
            if "branch_id" in table.columns:
                rows = [r for r in rows if r["branch_id"] == branch_id]
            result[table.name] = Counter(
                tuple(sorted((k, v) for k, v in r.items() if k not in skip)) for r in rows
            )
    return result


def uid_of(db) -> str:
    with db.reading() as session:
        return session.scalar(select(Branch.uid))


def test_round_trip_equals_the_village_table_by_table(village, township, tmp_path) -> None:
    package = export_package(village, tmp_path, now=WHEN, attachments=package_documents())
    assert package.name == "凤凰村党支部_20261122-093000.djpkg"
    check = verify_file(package)
    assert check.ok, check.problems
    assert {
        "documents/党员花名册.pdf",
        "documents/党员花名册.xlsx",
        "documents/会议记录汇编.pdf",
        "documents/明白卡.pdf",
    } <= set(check.files)
    report = merge_package(township, package)
    assert report.status == "merged"
    uid = uid_of(village)
    village_rows, township_rows = natural_rows(village, uid), natural_rows(township, uid)
    assert village_rows["member"] and village_rows["meeting"] and village_rows["meeting_attendance"]
    assert village_rows == township_rows
    # foreign keys were remapped, not just copied: attendance still points at the same people
    assert attendance(village) == attendance(township)


def attendance(db) -> Counter:
    from dangjian_desktop.core.models import Meeting, MeetingAttendance

    with db.reading() as session:
        return Counter(
            session.execute(
                select(Meeting.title, Member.name, MeetingAttendance.present)
                .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
                .join(Member, Member.id == MeetingAttendance.member_id)
            ).all()
        )


def test_merging_twice_changes_nothing_and_older_does_not_go_back(village, township, tmp_path) -> None:
    older = export_package(village, tmp_path / "old.djpkg", now=WHEN, with_documents=False)
    with village.transaction() as session:
        add_member(session, 1, MemberDraft(name="新党员", join_date="2025-06-01"))
    newer = export_package(
        village, tmp_path / "new.djpkg", now=WHEN + dt.timedelta(days=3), with_documents=False
    )
    assert merge_package(township, newer).status == "merged"
    snapshot = natural_rows(township, uid_of(village))
    assert merge_package(township, newer).status == "unchanged"
    report = merge_package(township, older)
    assert report.status == "older" and "较旧" in report.message
    assert natural_rows(township, uid_of(village)) == snapshot
    with township.reading() as session:
        assert "新党员" in [r.name for r in list_members(session)]


def test_a_member_in_two_villages_is_a_transfer_to_check(tmp_path, township) -> None:
    one = make_village(tmp_path / "one.sqlite3", size=12, seed=1, name="东村党支部")
    two = make_village(tmp_path / "two.sqlite3", size=12, seed=2, name="西村党支部")
    with one.reading() as session:
        mover = list_members(session)[0]
    with two.transaction() as session:
        add_member(
            session, 1, MemberDraft(name=mover.name, id_number=mover.id_number, join_date="2010-01-01")
        )
    merge_package(township, export_package(one, tmp_path / "1.djpkg", now=WHEN, with_documents=False))
    report = merge_package(
        township, export_package(two, tmp_path / "2.djpkg", now=WHEN, with_documents=False)
    )
    assert [(t.name, t.other_branch) for t in report.transfers] == [(mover.name, "东村党支部")]
    with township.reading() as session:
        assert session.query(Member).filter(Member.id_number == mover.id_number).count() == 2
    one.close()
    two.close()


@pytest.fixture
def package(village, tmp_path) -> Path:
    return export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)


def test_truncation_at_many_offsets_is_caught(package) -> None:
    blob = package.read_bytes()
    for cut in sorted(
        {1, 10, 100, len(blob) // 3, len(blob) // 2, len(blob) - 100, len(blob) - 65, len(blob) - 1}
    ):
        result = verify_bytes(blob[:cut])
        assert not result.ok, cut
        assert result.problems


def test_every_single_byte_flip_in_every_member_file_is_caught(package) -> None:
    names = [n for n in zipfile.ZipFile(package).namelist()]
    assert "data/member.jsonl" in names
    blob = package.read_bytes()
    step = max(1, len(blob) // 400)
    for offset in range(0, len(blob), step):
        flipped = bytearray(blob)
        flipped[offset] ^= 0x01
        assert not verify_bytes(bytes(flipped)).ok, offset


def _rezip(package: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(package) as source:
        files = {n: source.read(n) for n in source.namelist()}
    change(files)
    with zipfile.ZipFile(out, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    return out


def test_each_kind_of_damage_is_named(package, tmp_path) -> None:
    def member_edit(files):
        files["data/member.jsonl"] = files["data/member.jsonl"].replace(
            "凤凰村".encode(), "凤鸣村".encode(), 1
        )

    cases = {
        "校验不符，内容已被改动": member_edit,
        "缺少文件 data/meeting.jsonl": lambda f: f.pop("data/meeting.jsonl"),
        "多出文件 extra.txt": lambda f: f.__setitem__("extra.txt", b"hello"),
        "manifest-sha256.txt 校验不符": lambda f: f.__setitem__(MANIFEST, f[MANIFEST] + b"\n"),
        "缺少 package-info.json": lambda f: f.pop(INFO),
    }
    for expected, change in cases.items():
        result = verify_file(_rezip(package, tmp_path / "bad.djpkg", change))
        assert not result.ok
        assert any(expected in p for p in result.problems), (expected, result.problems)


def test_unknown_format_or_schema_version_is_named(package, tmp_path) -> None:
    from dangjian_desktop.core.exchange.package import pack

    with zipfile.ZipFile(package) as source:
        files = {n: source.read(n) for n in source.namelist()}
        info = json.loads(files[INFO])
    payload = {n: d for n, d in files.items() if n.startswith("data/")}
    future = dict(info, schema_revision="9999_future")
    assert "数据结构版本 9999_future" in verify_bytes(pack(payload, future)).message()
    newer_format = dict(info, format_version=99)
    assert "格式版本 99" in verify_bytes(pack(payload, newer_format)).message()


def test_passphrase_sealed_package(village, tmp_path) -> None:
    sealed = export_package(
        village, tmp_path / "s.djpkg", passphrase="凤凰村2026", now=WHEN, with_documents=False
    )
    blob = sealed.read_bytes()
    assert b"member" not in blob and "凤凰村".encode() not in blob  # nothing readable on the stick
    assert verify_file(sealed, "凤凰村2026").ok
    assert "需要与乡镇约定的口令" in verify_file(sealed).message()
    assert "口令不对" in verify_file(sealed, "wrong").message()
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 0x80
    assert "已被改动或损坏" in verify_bytes(bytes(flipped), "凤凰村2026").message()
    assert "被截断" in verify_bytes(blob[:-10], "凤凰村2026").message()


def test_a_broken_package_is_refused_by_merge_and_changes_nothing(package, township, tmp_path) -> None:
    blob = bytearray(package.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    broken = tmp_path / "broken.djpkg"
    broken.write_bytes(bytes(blob))
    with pytest.raises(PackageError, match="未合并"):
        merge_package(township, broken)
    with township.reading() as session:
        assert session.scalar(select(Branch.id)) is None


def test_the_township_exports_one_combined_roster(tmp_path, township) -> None:
    from python_calamine import CalamineWorkbook

    from dangjian_desktop.core.exchange.roster_export import export_roster

    one = make_village(tmp_path / "one.sqlite3", size=10, seed=1, name="东村党支部")
    two = make_village(tmp_path / "two.sqlite3", size=12, seed=2, name="西村党支部")
    for i, village in enumerate((one, two)):
        merge_package(
            township, export_package(village, tmp_path / f"{i}.djpkg", now=WHEN, with_documents=False)
        )
        village.close()
    out = tmp_path / "combined.xlsx"
    assert export_roster(township, out) == 22
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["序号", "所在党支部", "姓名"]
    assert Counter(r[1] for r in rows[2:]) == {"东村党支部": 10, "西村党支部": 12}
