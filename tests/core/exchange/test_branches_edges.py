"""The township's branches and the clerk's three corrections on their lines (issue 21, mutation
testing of core/exchange/branches.py): the listing and its JSON, a branch found by name or by eight
characters of its uid (seven are not enough), roll back to merge N (the export time and number of
that merge, a later package still merges), remove, re-enroll; each with its backup, its record and
its log line. A real township that merged real packages of two villages."""

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange import branches as module
from dangjian_desktop.core.exchange.branches import (
    BranchEntry,
    BranchesError,
    HistoryEntry,
    find_branch,
    list_branches,
    reenroll_branch,
    remove_branch,
    rollback_branch,
)
from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import fingerprint_hex
from dangjian_desktop.core.models import Branch, Member, MergeRecord, OperationLog
from dangjian_desktop.core.roster import MemberDraft, add_member

from .conftest import make_village

FIRST = dt.datetime(2026, 10, 1, 8, 0, 0)
SECOND = dt.datetime(2026, 11, 1, 8, 0, 0)
NOW = dt.datetime(2026, 11, 22, 9, 30, 0)
HISTORY = [("登记", 0, None), ("合并", 1, FIRST), ("合并", 2, SECOND)]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> SimpleNamespace:
    """东村 merged twice (3 members, then 4), 西村 once (2 members); 东村's new laptop's package."""
    folder = tmp_path_factory.mktemp("branches")
    east = make_village(folder / "east.sqlite3", size=3, seed=1, name="东村党支部")
    west = make_village(folder / "west.sqlite3", size=2, seed=2, name="西村党支部")
    laptop = make_village(folder / "laptop.sqlite3", size=2, seed=3, name="东村党支部")
    try:
        with east.transaction() as session:
            session.execute(update(Branch).values(township="城关镇"))
        e1 = export_package(east, folder / "e1.djpkg", now=FIRST, with_documents=False)
        with east.transaction() as session:
            add_member(session, 1, MemberDraft(name="后来的党员"))
        e2 = export_package(east, folder / "e2.djpkg", now=SECOND, with_documents=False)
        w1 = export_package(west, folder / "w1.djpkg", now=FIRST, with_documents=False)
        fresh = export_package(laptop, folder / "laptop.djpkg", now=SECOND, with_documents=False)
        uids = {}
        for name, db in (("east", east), ("west", west), ("laptop", laptop)):
            with db.reading() as session:
                branch = session.scalars(select(Branch)).one()
                uids[name] = (branch.uid, branch.signing_key)
    finally:
        for db in (east, west, laptop):
            db.close()
    template = folder / "township" / "t.sqlite3"
    template.parent.mkdir()
    township = open_database(template)
    try:
        merge_package(township, e1, enroll=True, now=FIRST + dt.timedelta(days=1), backup=False)
        merge_package(township, w1, enroll=True, now=FIRST + dt.timedelta(days=1), backup=False)
        merge_package(township, e2, now=SECOND + dt.timedelta(days=1), backup=False)
    finally:
        township.close()
    return SimpleNamespace(template=template, e2=e2, fresh=fresh, uids=uids)


@pytest.fixture
def township(made, tmp_path):
    path = tmp_path / "township" / "t.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(made.template, path)
    db = open_database(path)
    yield db
    db.close()


def _members(db, uid: str) -> list[str]:
    with db.reading() as session:
        return sorted(session.scalars(select(Member.name).join(Branch).where(Branch.uid == uid)).all())


def _branch(db, name: str) -> Branch:
    with db.reading() as session:
        return session.scalars(select(Branch).where(Branch.name == name)).one()


def _last_log(db) -> OperationLog:
    with db.reading() as session:
        return session.scalars(select(OperationLog).order_by(OperationLog.id.desc()).limit(1)).one()


def _backups(db) -> list[str]:
    from dangjian_desktop.core.backup import backup_dir_for

    return sorted(p.name for p in backup_dir_for(Path(db.path)).iterdir())


# --- the listing ------------------------------------------------------------------------------------


def test_the_listing_by_name_with_each_branch_history(made, township) -> None:
    east_uid, east_key = made.uids["east"]
    with township.reading() as session:
        entries = list_branches(session)
    assert [e.name for e in entries] == ["东村党支部", "西村党支部"]
    east = entries[0]
    assert (east.uid, east.fingerprint, east.number) == (east_uid, fingerprint_hex(east_key), 2)
    assert (east.township, entries[1].township) == ("城关镇", "青山镇")  # as each village sent it
    assert east.exported_at == SECOND and east.merged_at == SECOND + dt.timedelta(days=1)
    assert [(h.action, h.number, h.exported_at) for h in east.history] == HISTORY
    assert [h.members for h in east.history if h.action == "合并"] == [3, 4]
    day = dt.timedelta(days=1)
    assert [h.at for h in east.history] == [FIRST + day, FIRST + day, SECOND + day]
    assert all(h.fingerprint == fingerprint_hex(east_key) for h in east.history if h.action == "合并")
    assert [h.action for h in entries[1].history] == ["登记", "合并"]


def test_the_listing_as_json() -> None:
    history = [
        HistoryEntry("合并", 2, dt.datetime(2026, 11, 1, 8, 0), dt.datetime(2026, 11, 2, 9, 0), 45, "ab12"),
        HistoryEntry("登记", 0, None, dt.datetime(2026, 10, 2, 9, 0), 0, "ab12"),
    ]
    entry = BranchEntry(
        "u" * 32, "东村党支部", "城关镇", "ab12", 2, dt.datetime(2026, 11, 1, 8, 0), None, history
    )
    assert entry.as_json() == {
        "uid": "u" * 32,
        "name": "东村党支部",
        "township": "城关镇",
        "fingerprint": "ab12",
        "last_package_number": 2,
        "exported_at": "2026-11-01T08:00:00",
        "merged_at": None,
        "history": [
            {
                "action": "合并",
                "number": 2,
                "exported_at": "2026-11-01T08:00:00",
                "at": "2026-11-02T09:00:00",
                "members": 45,
                "fingerprint": "ab12",
            },
            {
                "action": "登记",
                "number": 0,
                "exported_at": None,
                "at": "2026-10-02T09:00:00",
                "members": 0,
                "fingerprint": "ab12",
            },
        ],
    }
    unmerged = BranchEntry("v", "西村", "", "", 0, None, dt.datetime(2026, 1, 2, 3, 4, 5))
    assert unmerged.as_json()["merged_at"] == "2026-01-02T03:04:05" and unmerged.as_json()["history"] == []


# --- finding a branch --------------------------------------------------------------------------------


def test_a_branch_by_name_or_by_eight_characters_of_its_uid(made, township) -> None:
    east_uid = made.uids["east"][0]
    with township.reading() as session:
        assert find_branch(session, "  西村党支部 ").name == "西村党支部"
        assert find_branch(session, east_uid[:8]).uid == east_uid
        assert find_branch(session, f" {east_uid} ").uid == east_uid
        with pytest.raises(BranchesError) as caught:
            find_branch(session, east_uid[:7])  # seven characters could name several
        assert str(caught.value) == f"没有名为 {east_uid[:7]} 的党支部（branches 列出全部）"
        with pytest.raises(BranchesError, match=r"^没有名为  的党支部（branches 列出全部）$"):
            find_branch(session, "   ")


def test_two_branches_of_one_name_are_told_apart_by_uid(made, township) -> None:
    with township.transaction() as session:
        twin = Branch(name="东村党支部")
        session.add(twin)
        session.flush()
        twin_uid = twin.uid
    east_uid = made.uids["east"][0]
    with township.reading() as session:
        with pytest.raises(BranchesError) as caught:
            find_branch(session, "东村党支部")
        assert str(caught.value) in (
            f"有 2 个党支部名为 东村党支部，请用编号指定：{east_uid[:8]}、{twin_uid[:8]}",
            f"有 2 个党支部名为 东村党支部，请用编号指定：{twin_uid[:8]}、{east_uid[:8]}",
        )
        assert find_branch(session, twin_uid[:8]).uid == twin_uid


def test_a_name_that_looks_like_a_uid_prefix_of_another_branch_is_found_by_name(made, township) -> None:
    """Eight characters that begin two uids name neither by uid: the name decides."""
    east_uid, _key = made.uids["east"]
    with township.transaction() as session:
        session.add(Branch(name=east_uid[:8], uid=east_uid[:8] + "0" * 24))
    with township.reading() as session:
        assert find_branch(session, east_uid[:8]).uid == east_uid[:8] + "0" * 24


# --- rollback -----------------------------------------------------------------------------------------


def test_rollback_to_the_first_merge_brings_its_members_number_and_export_time(made, township) -> None:
    east_uid = made.uids["east"][0]
    west_before = _members(township, made.uids["west"][0])
    assert "后来的党员" in _members(township, east_uid)
    message = rollback_branch(township, "东村党支部", 1, now=NOW)
    assert message == "已将 东村党支部 回退到第 1 号数据包：党员 3 名"
    assert "后来的党员" not in _members(township, east_uid) and len(_members(township, east_uid)) == 3
    assert _members(township, made.uids["west"][0]) == west_before
    branch = _branch(township, "东村党支部")
    assert (branch.package_number, branch.package_exported_at) == (1, FIRST)
    assert (branch.package_digest, branch.package_merged_at) == ("", NOW)
    with township.reading() as session:
        record = session.scalars(select(MergeRecord).order_by(MergeRecord.id.desc()).limit(1)).one()
    assert (record.action, record.number, record.exported_at, record.at, record.members) == (
        "回退",
        1,
        FIRST,
        NOW,
        3,
    )
    assert (record.branch_uid, record.branch_name) == (east_uid, "东村党支部")
    assert record.fingerprint == fingerprint_hex(made.uids["east"][1])
    log = _last_log(township)
    assert (log.action, log.detail) == ("回退党支部", "东村党支部 回到第 1 号数据包")
    assert any("rollback" in name for name in _backups(township))
    # the second package merges again: the digest was cleared
    assert merge_package(township, made.e2, now=NOW, backup=False).status == "merged"
    assert "后来的党员" in _members(township, east_uid)


def test_rollback_to_the_latest_merge_of_that_number(made, township) -> None:
    rollback_branch(township, "东村党支部", 1, now=NOW)
    merge_package(township, made.e2, now=NOW, backup=False)
    rollback_branch(township, "东村党支部", 2, now=NOW + dt.timedelta(hours=1))
    branch = _branch(township, "东村党支部")
    assert (branch.package_number, branch.package_exported_at) == (2, SECOND)
    assert len(_members(township, branch.uid)) == 4


def test_rollback_without_a_time_is_stamped_now_to_the_second(township) -> None:
    before = dt.datetime.now().replace(microsecond=0)
    rollback_branch(township, "西村党支部", 1)
    merged = _branch(township, "西村党支部").package_merged_at
    assert before <= merged <= dt.datetime.now() and merged.microsecond == 0


def test_rollback_to_a_number_never_merged_names_those_that_were(township) -> None:
    with pytest.raises(BranchesError) as caught:
        rollback_branch(township, "东村党支部", 3)
    assert str(caught.value) == "东村党支部 没有合并过第 3 号数据包（合并过的：1、2）"
    with pytest.raises(BranchesError, match=r"（合并过的：1）$"):
        rollback_branch(township, "西村党支部", 0)
    with township.transaction() as session:
        session.add(Branch(name="空村党支部"))
    with pytest.raises(BranchesError, match=r"^空村党支部 没有合并过第 1 号数据包（合并过的：无）$"):
        rollback_branch(township, "空村党支部", 1)


def test_a_merge_whose_data_was_not_kept_cannot_be_rolled_back_to(township) -> None:
    with township.transaction() as session:
        session.execute(MergeRecord.__table__.update().where(MergeRecord.number == 1).values(data=None))
    with pytest.raises(BranchesError, match="没有合并过第 1 号数据包"):
        rollback_branch(township, "东村党支部", 1)


def test_stored_merge_data_on_the_bound_and_one_over(made, township, monkeypatch) -> None:
    import io
    import zipfile

    with township.reading() as session:
        blob = session.scalars(
            select(MergeRecord.data).where(MergeRecord.number == 1, MergeRecord.branch_name == "东村党支部")
        ).first()
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        size = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(module, "_MAX_DATA", size - 1)
    with pytest.raises(BranchesError, match=r"^这次合并保存的数据过大，无法回退$"):
        rollback_branch(township, "东村党支部", 1, now=NOW)
    monkeypatch.setattr(module, "_MAX_DATA", size)
    assert rollback_branch(township, "东村党支部", 1, now=NOW).endswith("党员 3 名")


# --- remove and re-enroll ----------------------------------------------------------------------------------


def test_remove_takes_the_branch_its_rows_and_its_merges(made, township) -> None:
    east_uid = made.uids["east"][0]
    west_before = _members(township, made.uids["west"][0])
    assert remove_branch(township, "东村党支部") == "已删除 东村党支部 及其全部数据（删除前已备份）"
    assert _members(township, east_uid) == []
    assert _members(township, made.uids["west"][0]) == west_before
    with township.reading() as session:
        assert session.scalars(select(MergeRecord).where(MergeRecord.branch_uid == east_uid)).all() == []
        assert session.scalars(select(MergeRecord).where(MergeRecord.branch_uid != east_uid)).all() != []
        assert [b.name for b in session.scalars(select(Branch))] == ["西村党支部"]
    log = _last_log(township)
    assert (log.action, log.detail) == ("删除党支部", f"东村党支部（编号 {east_uid[:8]}）")
    assert any("remove" in name for name in _backups(township))


def test_reenroll_takes_the_new_key_and_keeps_the_history(made, township) -> None:
    old_uid, old_key = made.uids["east"]
    new_uid, new_key = made.uids["laptop"]
    message = reenroll_branch(township, "东村党支部", made.fresh)
    old, new = fingerprint_hex(old_key), fingerprint_hex(new_key)
    assert message == f"已重新登记 东村党支部：原指纹 {old}，新指纹 {new}"
    branch = _branch(township, "东村党支部")
    assert (branch.uid, branch.signing_key, branch.package_number, branch.package_digest) == (
        new_uid,
        new_key,
        0,
        "",
    )
    with township.reading() as session:
        records = session.scalars(select(MergeRecord).where(MergeRecord.branch_name == "东村党支部")).all()
        (entry,) = [e for e in list_branches(session) if e.name == "东村党支部"]
    assert {r.branch_uid for r in records} == {new_uid}
    assert [h.action for h in entry.history] == ["登记", "合并", "合并", "重新登记"]
    assert entry.history[-1].fingerprint == new
    log = _last_log(township)
    assert (log.action, log.detail) == ("重新登记党支部", f"东村党支部：原指纹 {old}，新指纹 {new}")
    assert any("reenroll" in name for name in _backups(township))
    assert merge_package(township, made.fresh, now=NOW, backup=False).number == 1
    assert old_uid != new_uid


def test_reenroll_with_a_package_of_a_branch_already_enrolled_is_refused(made, township) -> None:
    with pytest.raises(BranchesError) as caught:
        reenroll_branch(township, "西村党支部", made.e2)
    assert str(caught.value) == "这个数据包的党支部已作为“东村党支部”登记，请先删除那个重复的党支部"
    assert _branch(township, "西村党支部").uid == made.uids["west"][0]


def test_reenroll_with_the_branch_own_package_changes_nothing_but_says_so(made, township) -> None:
    east_uid, key = made.uids["east"]
    message = reenroll_branch(township, "东村党支部", made.e2)
    assert message == f"已重新登记 东村党支部：原指纹 {fingerprint_hex(key)}，新指纹 {fingerprint_hex(key)}"
    assert _branch(township, "东村党支部").uid == east_uid


def test_rollback_after_a_reenrollment_takes_the_new_laptop_merge_of_that_number(made, township) -> None:
    """Both laptops sent a package number 1: the later merge of it is the one rolled back to, with
    its own export time and members."""
    reenroll_branch(township, "东村党支部", made.fresh)
    merge_package(township, made.fresh, now=NOW, backup=False)
    message = rollback_branch(township, "东村党支部", 1, now=NOW + dt.timedelta(hours=1))
    assert message == "已将 东村党支部 回退到第 1 号数据包：党员 2 名"
    branch = _branch(township, "东村党支部")
    assert (branch.package_number, branch.package_exported_at) == (1, SECOND)
    assert len(_members(township, branch.uid)) == 2


def test_branches_never_merged_are_listed_by_name_with_an_empty_history(made, township) -> None:
    """Made last, named to sort first (一 before 东 by code point); two of one name by their order."""
    with township.transaction() as session:
        for _ in range(2):
            session.add(Branch(name="一村党支部"))
    with township.reading() as session:
        entries = list_branches(session)
        ids = session.scalars(select(Branch.uid).where(Branch.name == "一村党支部").order_by(Branch.id)).all()
    assert [e.name for e in entries] == ["一村党支部", "一村党支部", "东村党支部", "西村党支部"]
    assert [e.uid for e in entries[:2]] == ids
    assert entries[0].history == [] and entries[0].as_json()["history"] == []
    assert (entries[0].number, entries[0].exported_at, entries[0].merged_at) == (0, None, None)
