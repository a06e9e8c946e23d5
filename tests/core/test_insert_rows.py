"""core.db_server.insert_rows: the rows of a merge or a restore, with their ids, on both backends (on
PostgreSQL by COPY). Every kind of value comes back as it went in; a column the rows lack gets its
default; a refused row raises what a refused INSERT raises, and the transaction keeps nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.db_server import insert_rows
from dangjian_desktop.core.models import Branch, Member, MemberPhoto

TEXTS = ("制表符\t换行\n回车\r反斜杠\\N 引号'\"", "", "阿依古丽·买买提江", "\\.", "a,b;c|d")


def _members(branch_id: int) -> list[dict]:
    rows = []
    for i, text in enumerate(TEXTS):
        rows.append(
            {
                "id": 10 + i,
                "branch_id": branch_id,
                "name": f"党员{i}",
                "note": text,
                "birth_date": dt.date(1952, 2, 29) if i % 2 else None,
                "is_mobile": bool(i % 2),
                "id_number": f"11010119700101{i:04d}" if i else None,
            }
        )
    # an older package's row without a note or a 流动 mark: the defaults fill them
    rows.append({"id": 20, "branch_id": branch_id, "name": "旧包党员"})
    return rows


def test_values_come_back_as_they_went_in(new_target) -> None:
    db = open_database(new_target("rows"))
    with db.transaction() as session:
        branch = Branch(name="甲村党支部")
        session.add(branch)
        session.flush()
        rows = _members(branch.id)
        insert_rows(session, Member.__table__, rows)
        jpeg = bytes(range(256)) * 3 + b"\x00\\\n"
        insert_rows(session, MemberPhoto.__table__, [{"member_id": 10, "jpeg": jpeg}])
    with db.reading() as session:
        found = {m.id: m for m in session.scalars(select(Member))}
        photo = session.scalar(select(MemberPhoto.jpeg))
    db.close()
    assert sorted(found) == [10, 11, 12, 13, 14, 20]
    for row in rows[:-1]:
        member = found[row["id"]]
        assert (member.name, member.note, member.birth_date, member.is_mobile, member.id_number) == (
            row["name"],
            row["note"],
            row["birth_date"],
            row["is_mobile"],
            row["id_number"],
        )
    old = found[20]
    assert (old.note, old.is_mobile, old.status, old.version) == ("", False, "在册", 1)
    assert photo == jpeg


@pytest.mark.parametrize(
    ("bad", "raised"),
    [
        ({"id": 10}, IntegrityError),  # the id of a row already there
        ({"branch_id": 999}, IntegrityError),  # a branch that does not exist
        ({"birth_date": "不是日期"}, StatementError),  # 数据包中有类型不对的值
    ],
    ids=["same-id", "no-such-branch", "not-a-date"],
)
def test_a_refused_row_raises_as_insert_does_and_nothing_stays(new_target, bad: dict, raised: type) -> None:
    db = open_database(new_target("refused"))
    with db.transaction() as session:
        branch = Branch(name="甲村党支部")
        session.add(branch)
        session.flush()
        branch_id = branch.id
    rows = _members(branch_id)
    rows[-1] = {**rows[0], "id": 21, "id_number": None, **bad}
    with pytest.raises(raised), db.transaction() as session:
        insert_rows(session, Member.__table__, rows)
    with db.reading() as session:
        assert session.scalars(select(Member.id)).all() == []
    db.close()


def test_the_server_takes_the_rows_by_copy_unless_a_default_is_worked_out_in_python(pg_url) -> None:
    from dangjian_desktop.core.db_server import _copy_rows

    db = open_database(pg_url)
    with db.transaction() as session:
        # branch.uid's default is a function: those rows are left to INSERT, nothing done here
        assert _copy_rows(session, Branch.__table__, [{"id": 5, "name": "乙村党支部"}]) is False
        assert session.scalars(select(Branch.id)).all() == []
        assert _copy_rows(session, Branch.__table__, [{"id": 5, "name": "乙村党支部", "uid": "u5"}]) is True
        assert _copy_rows(session, Member.__table__, _members(5)[:-1]) is True  # one shape
    with db.reading() as session:
        assert session.scalars(select(Member.note).where(Member.id == 10)).one() == TEXTS[0]
        assert session.scalars(select(Branch.township)).one() == ""  # a constant default, filled in
    db.close()
