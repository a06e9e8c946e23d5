"""Who may merge and what a merge says, on its lines (issue 21, mutation testing of
core/exchange/merge.py: `enrollment_problem`, `_merged_before`, `merge_package`): the exact words
of each refusal and report, the backup before a merge and none for a package already merged, and a
second clerk who merges (or removes the branch) between this clerk's first look and the write. SQLite
only: these are the merge's decisions, not its SQL (the merge on both backends is in
test_merge_edges.py)."""

import datetime as dt
import json
import zipfile

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core import backup as backup_module
from dangjian_desktop.core import settings
from dangjian_desktop.core.backup import backup_dir_for
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.merge import (
    NotEnrolled,
    PackageIdentity,
    _merged_before,
    enrollment_problem,
    merge_package,
    pending_enrollments,
)
from dangjian_desktop.core.exchange.package import INFO, TAG_FILES, PackageError, pack
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import fingerprint_hex, signing_key
from dangjian_desktop.core.models import Branch, Member, MergeRecord, OperationLog
from dangjian_desktop.core.township import TOWNSHIP_MODE

from .conftest import make_village
from .test_merge_edges import resigned

WHEN = dt.datetime(2026, 11, 22, 9, 30)
KEY, OTHER_KEY = "ab" * 32, "cd" * 32


def identity(number: int = 3, key: str = KEY, secretary: str = "王明") -> PackageIdentity:
    return PackageIdentity("u" * 32, "东村党支部", "青山镇", secretary, key, number, "2026-11-22T09:30:00")


def enrolled(number: int = 3, key: str = KEY, digest: str = "d" * 64) -> Branch:
    return Branch(name="东村党支部", signing_key=key, package_number=number, package_digest=digest)


# --- enrollment_problem: pure, its words exactly -------------------------------------------------


def test_a_new_branch_is_refused_until_enrolled_in_words_naming_it_and_its_fingerprint() -> None:
    problem = enrollment_problem(None, identity(), False)
    assert isinstance(problem, NotEnrolled) and problem.identity == identity()
    assert str(problem) == (
        f"东村党支部（青山镇，书记 王明） 尚未登记，数据包未合并。该村的密钥指纹：{fingerprint_hex(KEY)}。"
        "请与该村书记核对指纹（村里在导出窗口可看到）后登记（命令行加 --enroll）"
    )
    assert enrollment_problem(None, identity(), True) is None


def test_a_new_branch_with_the_name_of_an_enrolled_one_is_told_of_the_namesake() -> None:
    namesake = enrolled(key=OTHER_KEY)
    problem = enrollment_problem(None, identity(), False, namesake)
    assert isinstance(problem, NotEnrolled)
    assert str(problem).endswith(
        f"后登记（命令行加 --enroll）。注意：已有同名党支部登记，指纹 {fingerprint_hex(OTHER_KEY)}；"
        "如是该村换了电脑，应“重新登记”而不是新登记"
    )
    assert enrollment_problem(None, identity(), True, namesake) is None


def test_an_enrolled_branch_merges_only_with_its_own_key() -> None:
    assert enrollment_problem(enrolled(), identity(), False) is None
    assert enrollment_problem(enrolled(), identity(), True) is None
    problem = enrollment_problem(enrolled(key=OTHER_KEY), identity(), True)
    assert type(problem) is PackageError
    assert str(problem) == (
        "数据包自称 东村党支部，但签名密钥与登记的不同，未合并，数据未做任何改动。"
        f"登记的指纹：{fingerprint_hex(OTHER_KEY)}；数据包的指纹：{fingerprint_hex(KEY)}。"
        "如确为该村换了电脑，请在乡镇汇总页“重新登记”（branches reenroll）"
    )


# --- _merged_before: the number on the line, one below, one above -------------------------------


def test_the_package_already_merged_is_reported_unchanged_whole() -> None:
    report = _merged_before(enrolled(number=3, digest="a" * 64), identity(number=4), "a" * 64, WHEN)
    assert (report.status, report.branch_name, report.exported_at, report.number) == (
        "unchanged",
        "东村党支部",
        "2026-11-22T09:30:00",
        0,
    )
    assert report.message == "东村党支部 的这个数据包已合并过，未做改动"
    assert (report.counts, report.transfers, report.enrolled) == ({}, [], False)


@pytest.mark.parametrize(("number", "older"), [(2, True), (3, True), (4, False)])
def test_a_package_numbered_at_or_below_the_merged_one_is_older(number, older) -> None:
    report = _merged_before(enrolled(number=3), identity(number=number), "b" * 64, WHEN)
    if not older:
        assert report is None
        return
    assert (report.status, report.branch_name, report.exported_at) == (
        "older",
        "东村党支部",
        "2026-11-22T09:30:00",
    )
    assert report.message == (
        f"东村党支部 已合并过更新的数据包（第 3 号），这个较旧的数据包（第 {number} 号，2026-11-22 09:30 导出）未合并"
    )


def test_nothing_is_merged_before_for_a_new_branch() -> None:
    assert _merged_before(None, identity(), "a" * 64, WHEN) is None


# --- merge_package against a real township file ---------------------------------------------------


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict:
    """A small village's first package, its second (one more member), and the first with other
    export times, made once."""
    folder = tmp_path_factory.mktemp("packages")
    village = make_village(folder / "v.sqlite3", size=3, seed=4, name="南村党支部")
    try:
        made = {"first": export_package(village, folder / "1.djpkg", now=WHEN, with_documents=False)}
        with village.transaction() as session:
            session.add(Member(branch_id=1, name="新党员", gender="女"))
        made["second"] = export_package(village, folder / "2.djpkg", now=WHEN, with_documents=False)
        made["bad time"] = resigned(village, made["first"], folder / "t.djpkg", exported_at="昨天")
        made["no time"] = without_info_key(village, made["first"], folder / "n.djpkg", "exported_at")
    finally:
        village.close()
    return made


def without_info_key(village, package, out, key: str):
    """The package re-signed by the village's key with one key of package-info.json left out."""
    with zipfile.ZipFile(package) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    info = json.loads(entries[INFO])
    del info[key]
    with village.reading() as session:
        signer = signing_key(session)
    out.write_bytes(pack({n: d for n, d in entries.items() if n not in TAG_FILES}, info, signer))
    return out


@pytest.fixture
def town(tmp_path):
    db = open_database(tmp_path / "town.sqlite3")
    yield db
    db.close()


def backups(db) -> list[str]:
    return sorted(p.name for p in backup_dir_for(db.path).glob("dangjian-*"))


def counted(db, model) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_merge_backs_up_first_and_a_package_already_merged_makes_no_backup(town, packages) -> None:
    report = merge_package(town, packages["first"], enroll=True)
    assert report.status == "merged" and report.exported_at == "2026-11-22T09:30:00"
    (made,) = backups(town)
    assert made.endswith("-merge.sqlite3")
    assert merge_package(town, packages["first"]).status == "unchanged"
    assert backups(town) == [made]  # told so before any copy is made


def test_the_first_merge_makes_the_database_a_townships_and_is_logged_and_recorded(town, packages) -> None:
    before = dt.datetime.now()
    merge_package(town, packages["first"], enroll=True, backup=False)
    with town.reading() as session:
        assert settings.get(session, TOWNSHIP_MODE) is True
        actions = list(session.scalars(select(OperationLog.action).order_by(OperationLog.id)))
        assert actions[-2:] == ["登记党支部", "合并数据包"]
        records = list(session.scalars(select(MergeRecord).order_by(MergeRecord.id)))
        assert [(r.action, r.branch_name) for r in records] == [
            ("登记", "南村党支部"),
            ("合并", "南村党支部"),
        ]
        merged_at = session.scalar(select(Branch.package_merged_at))
    # without `now`, the machine's clock to the second
    assert merged_at.microsecond == 0 and before.replace(microsecond=0) <= merged_at <= dt.datetime.now()


@pytest.mark.parametrize("which", ["bad time", "no time"])
def test_a_package_whose_export_time_does_not_read_is_refused_in_words(town, packages, which) -> None:
    (pending,) = pending_enrollments(town, [packages[which]])
    assert pending.exported_at == ("昨天" if which == "bad time" else "")
    name = packages[which].name
    with pytest.raises(PackageError) as refused:
        merge_package(town, packages[which], enroll=True, backup=False)
    assert str(refused.value) == f"数据包 {name} 未合并：导出时间格式不对"
    assert counted(town, Branch) == 0


def _meanwhile(monkeypatch, act) -> None:
    """Another clerk acts while this clerk's merge makes its backup, i.e. after the first look and
    before the write (the backup runs between the two)."""
    original = backup_module.backup_database

    def backup_then_act(db, reason, **kwargs):
        monkeypatch.setattr(backup_module, "backup_database", original)
        made = original(db, reason, **kwargs)
        act()
        return made

    monkeypatch.setattr(backup_module, "backup_database", backup_then_act)


def test_a_package_another_clerk_merged_meanwhile_is_reported_unchanged_not_merged_twice(
    town, packages, monkeypatch
) -> None:
    merge_package(town, packages["first"], enroll=True, backup=False)
    _meanwhile(monkeypatch, lambda: merge_package(town, packages["second"], backup=False))
    report = merge_package(town, packages["second"])
    assert (report.status, report.branch_name) == ("unchanged", "南村党支部")
    with town.reading() as session:
        assert [
            r.number for r in session.scalars(select(MergeRecord).where(MergeRecord.action == "合并"))
        ] == [
            1,
            2,
        ]
    assert counted(town, Member) == 4


def test_an_older_package_while_another_clerk_merged_a_newer_one_is_reported_older(
    town, packages, monkeypatch
) -> None:
    merge_package(town, packages["first"], enroll=True, backup=False)
    second = resigned_number(packages["second"], 3)
    _meanwhile(monkeypatch, lambda: merge_package(town, second, backup=False))
    report = merge_package(town, packages["second"])
    assert report.status == "older" and report.exported_at == "2026-11-22T09:30:00"
    assert report.message == (
        "南村党支部 已合并过更新的数据包（第 3 号），这个较旧的数据包（第 2 号，2026-11-22 09:30 导出）未合并"
    )
    with town.reading() as session:
        assert session.scalar(select(Branch.package_number)) == 3


def resigned_number(package, number: int):
    """The same package under another number: needs the village's key, kept in the package's own
    village file next to it (v.sqlite3)."""
    village = open_database(package.parent / "v.sqlite3")
    try:
        return resigned(village, package, package.parent / f"n{number}.djpkg", package_number=number)
    finally:
        village.close()


def test_a_branch_another_clerk_removed_meanwhile_is_not_enrolled_again_without_asking(
    town, packages, monkeypatch
) -> None:
    from dangjian_desktop.core.exchange.branches import remove_branch

    merge_package(town, packages["first"], enroll=True, backup=False)
    _meanwhile(monkeypatch, lambda: remove_branch(town, "南村党支部"))
    with pytest.raises(NotEnrolled) as refused:
        merge_package(town, packages["second"])
    message = str(refused.value)
    assert message.startswith("南村党支部（") and "） 尚未登记，数据包未合并。该村的密钥指纹：" in message
    assert message.endswith("后登记（命令行加 --enroll）") and refused.value.identity.name == "南村党支部"
    assert counted(town, Branch) == 0 and counted(town, Member) == 0


def test_a_package_from_an_older_program_without_a_tables_file_merges(town, packages, tmp_path) -> None:
    """A village program older than a table (its package has no file for it) merges, the table
    counted 0, instead of failing on the missing file."""
    with zipfile.ZipFile(packages["first"]) as archive:
        info = json.loads(archive.read("package-info.json"))
    assert info["counts"].get("dues_payment", 0) == 0

    def drop(payload: dict) -> None:
        del payload["data/dues_payment.jsonl"]

    village = open_database(packages["first"].parent / "v.sqlite3")
    try:
        older = resigned(village, packages["first"], tmp_path / "older.djpkg", drop)
    finally:
        village.close()
    report = merge_package(town, older, enroll=True, backup=False)
    assert report.status == "merged" and report.counts["dues_payment"] == 0 and report.counts["member"] == 3


def test_a_new_branch_beside_one_of_another_name_is_not_told_of_a_namesake(town, packages, tmp_path) -> None:
    """The namesake warning names a branch of the same name only (planted: any other branch)."""
    merge_package(town, packages["first"], enroll=True, backup=False)
    north = make_village(tmp_path / "north.sqlite3", size=3, seed=5, name="北村党支部")
    try:
        package = export_package(north, tmp_path / "north.djpkg", now=WHEN, with_documents=False)
    finally:
        north.close()
    with pytest.raises(NotEnrolled) as refused:
        merge_package(town, package, backup=False)
    message = str(refused.value)
    assert message.startswith("北村党支部（") and message.endswith("后登记（命令行加 --enroll）")
    assert "同名" not in message


def test_a_package_without_its_branch_file_is_refused_as_altered(town, packages, tmp_path) -> None:
    """No data/branch.jsonl: no branch agrees with the signed information (not a line that does
    not read)."""

    def drop(payload: dict) -> None:
        del payload["data/branch.jsonl"]

    village = open_database(packages["first"].parent / "v.sqlite3")
    try:
        headless = resigned(village, packages["first"], tmp_path / "headless.djpkg", drop)
    finally:
        village.close()
    with pytest.raises(PackageError) as refused:
        merge_package(town, headless, enroll=True, backup=False)
    assert (
        str(refused.value) == "数据包 headless.djpkg 未合并：数据包中的党支部与签名信息不一致，数据包已被改动"
    )
    assert counted(town, Branch) == 0
