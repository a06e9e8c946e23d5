"""merge_package itself, where its helpers' own tests cannot see it (issue 21, mutation testing of
core/exchange/merge.py): the namesake it looks up and hands to the refusal, so that a clerk about to
enroll a second 南村党支部 is told one is enrolled already (and enrolls a duplicate otherwise), and the
passphrase it hands to the check, so that a sealed package opens. Real villages, real packages, a real
township file."""

import datetime as dt
import io
import zipfile

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.merge import NotEnrolled, merge_package
from dangjian_desktop.core.exchange.package import PackageError
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import fingerprint_hex
from dangjian_desktop.core.models import Branch, Member, MergeRecord

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)
SECRET = "青山镇2026"


@pytest.fixture(scope="module")
def sticks(tmp_path_factory) -> dict:
    """南村's package and its key; a second village of the same name (a new laptop, another key);
    南村's package sealed with a passphrase."""
    folder = tmp_path_factory.mktemp("namesakes")
    made: dict = {}
    for key, seed in (("south", 4), ("twin", 5)):
        village = make_village(folder / f"{key}.sqlite3", size=3, seed=seed, name="南村党支部")
        try:
            made[key] = export_package(village, folder / f"{key}.djpkg", now=WHEN, with_documents=False)
            with village.reading() as session:
                made[f"{key} key"] = session.scalar(select(Branch.signing_key))
            if key == "south":
                made["sealed"] = export_package(
                    village, folder / "sealed.djpkg", passphrase=SECRET, now=WHEN, with_documents=False
                )
        finally:
            village.close()
    return made


@pytest.fixture
def town(tmp_path):
    db = open_database(tmp_path / "town.sqlite3")
    yield db
    db.close()


def _count(db, model) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_second_village_of_an_enrolled_name_is_told_of_the_namesake_and_nothing_is_merged(
    town, sticks
) -> None:
    """Fails on the namesake not looked up (merge.x_merge_package__mutmut_20): the refusal then
    reads like any new village's, and the clerk enrolls a second 南村党支部 beside the first."""
    merge_package(town, sticks["south"], enroll=True, backup=False)
    members = _count(town, Member)
    with pytest.raises(NotEnrolled) as refused:
        merge_package(town, sticks["twin"], backup=False)
    message = str(refused.value)
    assert (
        message.startswith("南村党支部（")
        and f"该村的密钥指纹：{fingerprint_hex(sticks['twin key'])}" in message
    )
    assert message.endswith(
        f"后登记（命令行加 --enroll）。注意：已有同名党支部登记，指纹 {fingerprint_hex(sticks['south key'])}；"
        "如是该村换了电脑，应“重新登记”而不是新登记"
    )
    assert refused.value.identity.fingerprint == fingerprint_hex(sticks["twin key"])
    assert (_count(town, Branch), _count(town, Member)) == (1, members)


def test_a_sealed_package_merges_with_its_passphrase_and_is_refused_without(town, sticks) -> None:
    """Fails on the passphrase not handed to the check (merge.x_merge_package__mutmut_6, _9), and on
    the records of the merge kept without their time (_122, _124, _136: the database's clock in UTC
    instead of the merge's), number, export time, members (_137 to _139, _142 to _145) or the fingerprint of the
    key that signed (_116): the history `branches` lists."""
    with pytest.raises(PackageError) as refused:
        merge_package(town, sticks["sealed"], enroll=True, backup=False)
    assert str(refused.value).startswith("数据包 sealed.djpkg 未合并：")
    assert _count(town, Branch) == 0
    merged_at = dt.datetime(2026, 11, 23, 8, 0)
    report = merge_package(
        town, sticks["sealed"], passphrase=SECRET, enroll=True, backup=False, now=merged_at
    )
    # number 2: exported after the plain one
    assert (report.status, report.branch_name, report.number) == ("merged", "南村党支部", 2)
    assert _count(town, Member) == report.counts["member"] > 0
    columns = (
        MergeRecord.action,
        MergeRecord.at,
        MergeRecord.number,
        MergeRecord.exported_at,
        MergeRecord.members,
        MergeRecord.fingerprint,
    )
    with town.reading() as session:
        records = session.execute(select(*columns).order_by(MergeRecord.id)).all()
    fingerprint = fingerprint_hex(sticks["south key"])
    assert records == [
        ("登记", merged_at, 0, None, 0, fingerprint),
        ("合并", merged_at, 2, WHEN, report.counts["member"], fingerprint),
    ]
    # the merge keeps the package's data for a rollback to it (fails on none kept, _140, _146)
    with town.reading() as session:
        kept = session.scalars(select(MergeRecord.data).order_by(MergeRecord.id)).all()
    assert kept[0] is None
    with zipfile.ZipFile(io.BytesIO(kept[1])) as archive:
        names = archive.namelist()
        members = archive.read("data/member.jsonl").decode().splitlines()
    assert "data/branch.jsonl" in names and all(name.startswith("data/") for name in names)
    assert len(members) == report.counts["member"]
