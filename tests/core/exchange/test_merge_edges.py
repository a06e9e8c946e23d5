"""The merge on its lines (issue 21, mutation testing of core/exchange/merge.py): a package of the
number already merged but other content, the number one above; what a merge reports and records.
Packages are written by the exporter of a real village; where the content is changed on purpose it is
re-signed with that village's own key (pack), as a village's own program would."""

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package import INFO, TAG_FILES, PackageError, pack
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import signing_key
from dangjian_desktop.core.models import Branch, Member

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)


def resigned(village, package: Path, out: Path, change=None, **info_changes) -> Path:
    """The package's content changed (change(payload)) and/or its info, signed by the village's key."""
    with zipfile.ZipFile(package) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    payload = {name: data for name, data in entries.items() if name not in TAG_FILES}
    if change is not None:
        change(payload)
    with village.reading() as session:
        signer = signing_key(session)
    out.write_bytes(pack(payload, dict(json.loads(entries[INFO]), **info_changes), signer))
    return out


def rename_first_member(payload: dict) -> None:
    lines = payload["data/member.jsonl"].decode().splitlines()
    row = json.loads(lines[0])
    row["name"] = "改过的名字"
    lines[0] = json.dumps(row, ensure_ascii=False, sort_keys=True)
    payload["data/member.jsonl"] = ("\n".join(lines) + "\n").encode()


def member_names(db) -> list[str]:
    with db.reading() as session:
        return sorted(session.scalars(select(Member.name)))


@pytest.fixture
def small(tmp_path):
    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    yield village
    village.close()


def test_the_number_already_merged_with_other_content_is_older_and_one_above_is_merged(
    small, township, tmp_path
) -> None:
    """Fails on a merge that takes a package of the number it already has as newer (planted:
    `identity.number < existing.package_number`; the changed name merged; red, reverted)."""
    first = export_package(small, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
    assert merge_package(township, first, enroll=True, backup=False).status == "merged"
    before = member_names(township)
    same_number = resigned(small, first, tmp_path / "same.djpkg", rename_first_member)
    report = merge_package(township, same_number, backup=False)
    assert report.status == "older" and report.branch_name == "南村党支部"
    assert report.message == (
        "南村党支部 已合并过更新的数据包（第 1 号），这个较旧的数据包（第 1 号，2026-11-22 09:30 导出）未合并"
    )
    assert member_names(township) == before
    one_above = resigned(small, first, tmp_path / "next.djpkg", rename_first_member, package_number=2)
    report = merge_package(township, one_above, backup=False)
    assert report.status == "merged" and report.number == 2 and not report.enrolled
    assert "改过的名字" in member_names(township) and len(member_names(township)) == len(before)
    with township.reading() as session:
        assert session.scalar(select(Branch.package_number)) == 2


def test_the_same_package_again_is_unchanged(small, township, tmp_path) -> None:
    first = export_package(small, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
    report = merge_package(township, first, enroll=True, backup=False)
    assert (report.status, report.number, report.enrolled) == ("merged", 1, True)
    again = merge_package(township, first, backup=False)
    assert again.status == "unchanged" and again.message == "南村党支部 的这个数据包已合并过，未做改动"
    assert again.exported_at == "2026-11-22T09:30:00"


def test_a_merge_reports_and_records_every_table_it_brought(village, township, tmp_path) -> None:
    """The full demo (meetings, attendance, cards, photos): the report counts each merged table as the
    package's own package-info.json counts it, and the township's record and log say the same."""
    from dangjian_desktop.core.exchange.merge import NOT_MERGED, data_archive
    from dangjian_desktop.core.keys import fingerprint_hex
    from dangjian_desktop.core.models import MergeRecord, OperationLog

    package = export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)
    with zipfile.ZipFile(package) as archive:
        info = json.loads(archive.read(INFO))
        data = {n: archive.read(n) for n in archive.namelist() if n.startswith("data/")}
    when = dt.datetime(2026, 11, 23, 8, 0)
    report = merge_package(township, package, enroll=True, backup=False, now=when)
    expected = {name: count for name, count in info["counts"].items() if name not in {*NOT_MERGED, "branch"}}
    assert report.counts == expected and sum(1 for count in expected.values() if count) >= 5
    members = info["counts"]["member"]
    assert report.message == f"已合并 {info['branch_name']}（第 1 号）：党员 {members} 名"
    with township.reading() as session:
        branch = session.scalars(select(Branch)).one()
        assert (branch.package_number, branch.package_merged_at) == (1, when)
        assert branch.package_exported_at == WHEN and len(branch.package_digest) == 64
        records = list(session.scalars(select(MergeRecord).order_by(MergeRecord.id)))
        assert [(r.action, r.at, r.branch_uid) for r in records] == [
            ("登记", when, info["branch_uid"]),
            ("合并", when, info["branch_uid"]),
        ]
        merged = records[1]
        assert (merged.number, merged.exported_at, merged.members) == (1, WHEN, members)
        assert merged.fingerprint == fingerprint_hex(info["signing_key"]) == records[0].fingerprint
        assert merged.data == data_archive(data)
        logged = list(session.scalars(select(OperationLog.detail).order_by(OperationLog.id)))
        assert logged[-1] == f"{info['branch_name']}（第 1 号，{WHEN.isoformat()} 导出）"
        assert logged[-2] == f"{info['branch_name']}，密钥指纹 {fingerprint_hex(info['signing_key'])}"


@pytest.mark.parametrize("extra", [497, 498])  # with the village's 3: 500 members, and 501
def test_a_branch_of_500_members_and_of_501_is_replaced_whole(tmp_path, township, extra) -> None:
    """The merge deletes the branch's old rows 500 ids at a time: each member's 政治生日 activity row
    (a child of member) must go with the 500th and the 501st member too, or the re-merge fails on
    the member row it points to, or leaves the old row beside the new one."""
    from sqlalchemy import func, insert

    from dangjian_desktop.core.models import BirthdayActivity

    village = make_village(tmp_path / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        with village.transaction() as session:
            session.execute(
                insert(Member), [{"branch_id": 1, "name": f"党员{n}", "gender": "男"} for n in range(extra)]
            )
            ids = list(session.scalars(select(Member.id)))
            session.execute(
                insert(BirthdayActivity),
                [
                    {"member_id": i, "year": 2026, "item": "重温入党誓词", "done_date": dt.date(2026, 7, 1)}
                    for i in ids
                ],
            )
        first = export_package(village, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
        merge_package(township, first, enroll=True, backup=False)
        with village.transaction() as session:
            session.execute(
                insert(BirthdayActivity),
                [
                    {"member_id": i, "year": 2025, "item": "送政治生日贺卡", "done_date": dt.date(2025, 7, 1)}
                    for i in ids
                ],
            )
        second = export_package(village, tmp_path / "2.djpkg", now=WHEN, with_documents=False)
        report = merge_package(township, second, backup=False)
        assert report.status == "merged" and report.counts["birthday_activity"] == 2 * len(ids)
        with township.reading() as session:
            assert session.scalar(select(func.count()).select_from(Member)) == len(ids) == extra + 3
            assert session.scalar(select(func.count()).select_from(BirthdayActivity)) == 2 * len(ids)
    finally:
        village.close()


def test_a_branch_is_described_by_its_township_and_secretary_where_known() -> None:
    from dangjian_desktop.core.exchange.merge import PackageIdentity

    def described(township: str, secretary: str) -> str:
        return PackageIdentity("u" * 32, "东村党支部", township, secretary, "00", 1, "").describe()

    assert described("青山镇", "王明") == "东村党支部（青山镇，书记 王明）"
    assert described("青山镇", "") == "东村党支部（青山镇）"
    assert described("", "王明") == "东村党支部（书记 王明）"
    assert described("", "") == "东村党支部"


def test_a_package_file_is_named_by_branch_and_time_without_characters_windows_refuses() -> None:
    from dangjian_desktop.core.exchange.package import package_name

    assert package_name('东村/党支部:"XX"', WHEN) == "东村党支部XX_20261122-093000.djpkg"
    assert package_name(' \\/:*?"<>| ', WHEN) == "支部_20261122-093000.djpkg"


def _branch_row_changed(**changes):
    def change(payload: dict) -> None:
        row = json.loads(payload["data/branch.jsonl"])
        row.update(changes)
        payload["data/branch.jsonl"] = (json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode()

    return change


def test_the_branch_a_package_names_is_cut_to_bounded_text_and_listed_once(small, township, tmp_path) -> None:
    """pending_enrollments: the branches still to enroll, once each, their names and the export time
    bounded as the messages show them; a package that does not verify is left to the merge."""
    from dangjian_desktop.core.exchange.merge import pending_enrollments

    first = export_package(small, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
    long_name = "长" * 150
    change = _branch_row_changed(name=long_name, township="镇" * 120, secretary="")
    named = resigned(small, first, tmp_path / "n.djpkg", change, exported_at="2026-11-22T09:30:00" + "0" * 40)
    broken = tmp_path / "broken.djpkg"
    broken.write_bytes(first.read_bytes()[:-1])
    (identity,) = pending_enrollments(township, [named, first, broken])
    assert identity.name == "长" * 100 and identity.township == "镇" * 100 and identity.secretary == ""
    assert identity.exported_at == ("2026-11-22T09:30:00" + "0" * 40)[:40] and identity.number == 1
    merge_package(township, first, enroll=True, backup=False)
    assert pending_enrollments(township, [first, named]) == []


@pytest.mark.parametrize(
    "change",
    [
        _branch_row_changed(uid="0" * 32),
        _branch_row_changed(signing_key="11" * 32),
        lambda payload: payload.__setitem__("data/branch.jsonl", payload["data/branch.jsonl"] * 2),
    ],
    ids=["other uid", "other key", "two branches"],
)
def test_a_package_whose_branch_data_disagrees_with_its_signed_information(
    small, township, tmp_path, change
) -> None:
    first = export_package(small, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
    forged = resigned(small, first, tmp_path / "f.djpkg", change)
    with pytest.raises(PackageError) as refused:
        merge_package(township, forged, enroll=True, backup=False)
    assert str(refused.value) == "数据包 f.djpkg 未合并：数据包中的党支部与签名信息不一致，数据包已被改动"
    with township.reading() as session:
        assert session.scalar(select(Branch.id)) is None


def _member_line_changed(index: int, edit):
    def change(payload: dict) -> None:
        lines = payload["data/member.jsonl"].decode().splitlines()
        lines[index] = edit(lines[index])
        payload["data/member.jsonl"] = ("\n".join(lines) + "\n").encode()

    return change


def _row(**changes):
    return lambda line: json.dumps(dict(json.loads(line), **changes), ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_member_line_changed(1, lambda line: line[:-5]), "数据包中 member 表第 2 条的格式不对"),
        (_member_line_changed(0, lambda line: "[1, 2]"), "数据包中 member 表第 1 条的格式不对"),
        (_member_line_changed(2, _row(id="7")), "数据包中 member 表有一条缺少编号"),
        (_member_line_changed(2, _row(branch_id=99)), "数据包中 member 引用了不存在的 branch"),
        (_member_line_changed(2, _row(branch_id="1")), "数据包中 member 引用了不存在的 branch"),
        (_branch_row_changed(phone=12345), "数据包中党支部的 phone 格式不对"),
        (_branch_row_changed(township=None), "数据包中党支部的 township 格式不对"),
    ],
    ids=[
        "cut line",
        "not an object",
        "id as text",
        "unknown branch",
        "branch id as text",
        "phone",
        "township",
    ],
)
def test_malformed_rows_are_named_by_table_and_line_and_nothing_is_merged(
    small, township, tmp_path, change, message
) -> None:
    first = export_package(small, tmp_path / "1.djpkg", now=WHEN, with_documents=False)
    forged = resigned(small, first, tmp_path / "f.djpkg", change)
    with pytest.raises(PackageError) as refused:
        merge_package(township, forged, enroll=True, backup=False)
    assert str(refused.value) == message
    with township.reading() as session:
        assert session.scalar(select(Branch.id)) is None and session.scalar(select(Member.id)) is None
