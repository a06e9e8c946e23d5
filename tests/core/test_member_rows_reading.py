"""Reading the roster's rows without the ORM (core/member_rows.py): roster order, the first screen on its
own, the rows made without MemberRow's __init__ still being MemberRows, and dates in other shapes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.member_rows import MemberRow, iter_member_rows, read_member_rows
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from dangjian_desktop.core.text import group_sort_key

# 第二 before 第十 before 第十二 (code points would give another order), and no group at all
GROUPS = ("第十二党小组", "第二党小组", "", "第十党小组", "第一党小组")


@pytest.fixture
def members(db: Database, branch_id: int) -> dict[str, int]:
    ids = {}
    with db.transaction() as session:
        for n in range(25):
            name = f"党员{n:02d}"
            draft = MemberDraft(
                name=name,
                party_group=GROUPS[n % len(GROUPS)],
                join_date="2001-07-01",
                birth_date="1970-02-28",
            )
            ids[name] = add_member(session, branch_id, draft)
        leave_roster(session, ids["党员03"], "转出", dt.date(2025, 6, 1), "转至镇机关党支部")
    return ids


def _order(rows: list[MemberRow]) -> list[tuple[tuple[object, ...], int]]:
    return [(group_sort_key(r.party_group), r.id) for r in rows]


@pytest.mark.parametrize("first", [None, 1, 4, 5, 6, 24, 25, 26])
@pytest.mark.parametrize("chunk", [1, 7, 25])
def test_roster_order_whatever_the_first_screen_and_the_chunks(
    db: Database, members: dict[str, int], first: int | None, chunk: int
) -> None:
    with db.connect() as connection:
        parts = list(iter_member_rows(connection, first=first, chunk=chunk))
    rows = [r for part in parts for r in part]
    assert _order(rows) == sorted(_order(rows))
    assert sorted(r.id for r in rows) == sorted(members.values())  # each once
    if first:
        assert len(parts[0]) == min(first, len(members))  # the first screen on its own
        assert all(len(part) <= chunk for part in parts[1:])
    assert [r.party_group for r in rows[:5]] == ["第一党小组"] * 5


def test_on_the_roster_only_and_one_branch(db: Database, members: dict[str, int], branch_id: int) -> None:
    with db.connect() as connection:
        active = [r for part in iter_member_rows(connection, include_left=False, first=3) for r in part]
        other = read_member_rows(connection, branch_id=branch_id + 1)
    assert members["党员03"] not in {r.id for r in active} and len(active) == 24
    assert other == []


def test_a_row_read_is_the_frozen_member_row(db: Database, members: dict[str, int]) -> None:
    with db.connect() as connection:
        row = next(r for r in read_member_rows(connection) if r.name == "党员03")
    assert type(row) is MemberRow and dataclasses.is_dataclass(row)
    assert row.birth_date == dt.date(1970, 2, 28) and row.left_date == dt.date(2025, 6, 1)
    assert row.full_date is None and row.is_mobile is False and row.has_photo is False
    assert not row.is_active
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.name = "改名"  # type: ignore[misc]
    same = MemberRow(**{f.name: getattr(row, f.name) for f in dataclasses.fields(MemberRow)})
    assert same == row and hash(same) == hash(row)
    assert dataclasses.replace(row, note="备注").note == "备注"


def test_dates_stored_in_another_shape_are_read_as_sqlalchemy_reads_them(
    db: Database, members: dict[str, int]
) -> None:
    """Text such as '2001-7-1' (written by another tool) is not ISO: the rows are still read."""
    connection = sqlite3.connect(db.path)
    connection.execute("UPDATE member SET join_date = '2001-7-1' WHERE name = '党员07'")
    connection.commit()
    connection.close()
    with db.connect() as conn:
        rows = {r.name: r for r in read_member_rows(conn)}
    assert rows["党员07"].join_date == dt.date(2001, 7, 1) == rows["党员08"].join_date
    assert rows["党员08"].birth_date == dt.date(1970, 2, 28)


def test_the_same_order_on_each_backend(new_target) -> None:  # type: ignore[no-untyped-def]
    """The ranks given to the database as parameters, and the first screen's LIMIT, on SQLite and on
    PostgreSQL (skipped there without a server)."""
    from dangjian_desktop.core.branch import create_branch
    from dangjian_desktop.core.db import open_database

    db = open_database(new_target("rows"))
    try:
        with db.transaction() as session:
            branch = create_branch(session, "测试村党支部", township="测试镇").id
            for n in range(12):
                draft = MemberDraft(
                    name=f"党员{n:02d}", party_group=GROUPS[n % len(GROUPS)], join_date="2001-07-01"
                )
                add_member(session, branch, draft)
        with db.connect() as connection:
            parts = list(iter_member_rows(connection, first=4, chunk=5, branch_id=branch))
        rows = [r for part in parts for r in part]
        assert [len(part) for part in parts] == [4, 5, 3]
        assert _order(rows) == sorted(_order(rows)) and len({r.id for r in rows}) == 12
        assert rows[0].join_date == dt.date(2001, 7, 1) and rows[0].is_mobile is False
    finally:
        db.close()
