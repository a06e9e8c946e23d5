"""The clerk's three corrections, the safety copy each makes first (issue 21, mutation testing of
core/exchange/branches.py): the copy is named by its own reason, exactly, because the 备份 list reads
the reason back from the name to say what the copy was taken before (回退前, 删除支部前, 重新登记前);
a copy under another word is listed under that word, and the clerk looking for the state before a
rollback does not find it. The township and packages are test_branches_edges' own."""

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from dangjian_desktop.core.backup import list_backups
from dangjian_desktop.core.exchange.branches import reenroll_branch, remove_branch, rollback_branch
from dangjian_desktop.core.models import Branch, Member, MergeRecord

from .test_branches_edges import made, township  # noqa: F401  (the fixtures: one township, built once)

NAME = re.compile(r"^dangjian-\d{8}-\d{6}-(\w+)\.sqlite3$")


def _labelled(db) -> list[tuple[str, str]]:
    """(reason in the file's name, the label the 备份 list shows) of each copy, oldest first."""
    found = []
    for info in list_backups(Path(db.path), with_counts=False):
        match = NAME.match(info.path.name)
        assert match is not None, info.path.name
        found.append((match.group(1), info.label.split("　")[1]))
    return sorted(found)


def test_rollback_backs_up_first_under_its_own_reason(township) -> None:  # noqa: F811
    """Fails on `_backup(db, "XXrollbackXX")` (branches.x_rollback_branch__mutmut_5)."""
    rollback_branch(township, "东村党支部", 1)
    assert _labelled(township) == [("rollback", "回退前")]


def test_remove_backs_up_first_under_its_own_reason(township) -> None:  # noqa: F811
    """Fails on `_backup(db, "XXremoveXX")` (branches.x_remove_branch__mutmut_5)."""
    remove_branch(township, "西村党支部")
    assert _labelled(township) == [("remove", "删除支部前")]


def test_reenroll_backs_up_first_under_its_own_reason(made, township) -> None:  # noqa: F811
    reenroll_branch(township, "东村党支部", made.fresh)
    assert _labelled(township) == [("reenroll", "重新登记前")]


def test_a_second_rollback_to_the_same_number_takes_that_merge_not_the_first_rollback(township) -> None:  # noqa: F811
    """A rollback leaves a 回退 record of that number without data: the next rollback to the number
    must still find the 合并 record (fails on the action dropped from the record's query,
    branches.x_rollback_branch__mutmut_19: the 回退 record is found, and the clerk is told the branch
    never merged that number)."""
    first = dt.datetime(2026, 11, 22, 9, 0)
    assert (
        rollback_branch(township, "东村党支部", 1, now=first)
        == "已将 东村党支部 回退到第 1 号数据包：党员 3 名"
    )
    again = rollback_branch(township, "东村党支部", 1, now=first + dt.timedelta(hours=1))
    assert again == "已将 东村党支部 回退到第 1 号数据包：党员 3 名"
    with township.reading() as session:
        names = session.scalars(
            select(Member.name).join(Branch).where(Branch.name == "东村党支部").order_by(Member.name)
        ).all()
        actions = session.scalars(
            select(MergeRecord.action).where(MergeRecord.branch_name == "东村党支部").order_by(MergeRecord.id)
        ).all()
    assert len(names) == 3 and "后来的党员" not in names
    assert actions == ["登记", "合并", "合并", "回退", "回退"]


def test_reenroll_opens_a_sealed_package_with_its_passphrase(made, township, tmp_path) -> None:  # noqa: F811
    """The new laptop's package sealed for the township: re-enrolled with the clerk's passphrase
    (fails on the passphrase not handed to the check, branches.x_reenroll_branch__mutmut_4, _7)."""
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.exchange.package_export import export_package

    laptop = open_database(made.fresh.parent / "laptop.sqlite3")
    try:
        sealed = export_package(
            laptop,
            tmp_path / "sealed.djpkg",
            passphrase="青山镇2026",
            now=dt.datetime(2026, 11, 2),
            with_documents=False,
        )
    finally:
        laptop.close()
    message = reenroll_branch(township, "东村党支部", sealed, passphrase="青山镇2026")
    assert message.startswith("已重新登记 东村党支部：")
    with township.reading() as session:
        assert session.scalar(select(Branch.uid).where(Branch.name == "东村党支部")) == made.uids["laptop"][0]
        # the re-enrollment's record names its branch (fails on branch_name=None, reenroll 43: "")
        last = session.scalars(select(MergeRecord).order_by(MergeRecord.id.desc()).limit(1)).one()
    assert (last.action, last.branch_name, last.branch_uid) == (
        "重新登记",
        "东村党支部",
        made.uids["laptop"][0],
    )
