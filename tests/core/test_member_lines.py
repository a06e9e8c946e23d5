"""A table's lines (core/member_rows.py line_class): only the fields named are read, in the roster order
of the whole rows; a line's values read as the whole row's; the whole member is read by its id."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.member_rows import (
    MemberRow,
    iter_member_lines,
    line_class,
    read_lines_by_id,
    read_member_lines,
    read_member_row,
    read_member_rows,
)
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

LINE = line_class("TestLine", ["name", "birth_date", "is_mobile", "party_group", "status", "has_photo"])
KEYS = line_class("TestKeys", ["name", "birth_date"])  # the start of LINE
GROUPS = ("第十二党小组", "第二党小组", "", "第十党小组", "第一党小组")


@pytest.fixture
def members(db: Database, branch_id: int) -> dict[str, int]:
    ids = {}
    with db.transaction() as session:
        for n in range(12):
            draft = MemberDraft(
                name=f"党员{n:02d}",
                party_group=GROUPS[n % len(GROUPS)],
                birth_date="1970-02-28" if n % 2 else "",
                join_date="2001-07-01",
                is_mobile=n == 5,
                mobile_destination="广东东莞" if n == 5 else "",
                address=f"某村{n}组",
            )
            ids[draft.name] = add_member(session, branch_id, draft)
        leave_roster(session, ids["党员03"], "转出", dt.date(2025, 6, 1), "转至镇机关党支部")
    return ids


def test_lines_read_only_their_fields_in_the_order_of_the_whole_rows(db: Database, members) -> None:  # type: ignore[no-untyped-def]
    with db.connect() as connection:
        rows = read_member_rows(connection)
        lines = read_member_lines(connection, LINE)
        parts = list(iter_member_lines(connection, LINE, first=4, chunk=5))
    assert [len(p) for p in parts] == [4, 5, 3] and [s for p in parts for s in p] == lines
    assert all(type(stored) is tuple and len(stored) == 1 + len(LINE.names) for stored in lines)
    assert [stored[1] for stored in lines] == [r.id for r in rows]
    for stored, row in zip(lines, rows, strict=True):
        line = LINE(stored)
        assert [getattr(line, n) for n in LINE.names] == [getattr(row, n) for n in LINE.names]
        assert line.is_active == row.is_active and line.age(dt.date(2026, 2, 27)) == row.age(
            dt.date(2026, 2, 27)
        )
        assert not hasattr(line, "address")  # not read: the detail pane reads the whole member
    mobile = LINE(next(s for s in lines if s[1] == members["党员05"]))
    assert mobile.is_mobile is True and mobile.birth_date == dt.date(1970, 2, 28)
    assert LINE.getter("status")(lines[0]) == rows[0].status


def test_a_field_that_is_not_a_member_field_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="id_card"):
        line_class("Bad", ["name", "id_card"])


def test_a_stored_date_in_another_shape_or_none_at_all(db: Database, members: dict[str, int]) -> None:
    """'2001-7-1' (another tool's) reads as SQLAlchemy reads it; text that is no date shows as none in
    the line instead of stopping the table; the whole row still refuses it."""
    connection = sqlite3.connect(db.path)
    connection.execute("UPDATE member SET birth_date = '1970-2-28' WHERE name = '党员01'")
    connection.execute("UPDATE member SET birth_date = '不详' WHERE name = '党员03'")
    connection.commit()
    connection.close()
    with db.connect() as conn:
        lines = {LINE(s).name: LINE(s) for s in read_member_lines(conn, LINE)}
        with pytest.raises(ValueError):
            read_member_row(conn, members["党员03"])
    assert lines["党员01"].birth_date == dt.date(1970, 2, 28) == lines["党员05"].birth_date
    assert lines["党员03"].birth_date is None and lines["党员02"].birth_date is None


def test_after_the_first_screen_the_rest_as_a_shorter_line(db: Database, members) -> None:  # type: ignore[no-untyped-def]
    """`rest`: the first screen whole, every later member as the start of its line, in the same order."""
    with db.connect() as connection:
        lines = read_member_lines(connection, LINE)
        parts = list(iter_member_lines(connection, LINE, first=4, chunk=5, rest=KEYS))
        with pytest.raises(ValueError, match="TestLine"):
            list(iter_member_lines(connection, LINE, rest=line_class("Other", ["birth_date", "name"])))
    assert [len(p) for p in parts] == [4, 5, 3]
    stored = [s for p in parts for s in p]
    assert stored[:4] == lines[:4]
    assert stored[4:] == [whole[: 1 + len(KEYS.names)] for whole in lines[4:]]


@pytest.mark.parametrize("many", [2, 3, 4])  # 3 ids asked: one below, on and above the IN list's limit
def test_lines_by_id_in_a_list_or_from_every_line(
    db: Database, members: dict[str, int], monkeypatch: pytest.MonkeyPatch, many: int
) -> None:
    """The lines of the ids asked for (a left member among them; an id no member has is left out), the
    same whether read in an IN list or, past the limit, picked out of every member's line."""
    from dangjian_desktop.core import member_rows

    monkeypatch.setattr(member_rows, "_IDS_PER_QUERY", many)
    asked = [members["党员03"], members["党员07"], max(members.values()) + 1]
    statements: list[str] = []
    with db.connect() as connection:
        whole = {s[1]: s[1:] for s in read_member_lines(connection, LINE)}
        connection.set_trace_callback(statements.append)
        found = read_lines_by_id(connection, LINE, asked)
        assert read_lines_by_id(connection, LINE, []) == {}
    assert {i: stored[1:] for i, stored in found.items()} == {i: whole[i] for i in asked[:2]}
    assert LINE(found[members["党员03"]]).status != "在册"  # the left member
    assert any(" IN (" in s for s in statements) == (len(asked) <= many)


def test_the_whole_member_by_its_id(db: Database, members: dict[str, int]) -> None:
    with db.connect() as connection:
        row = read_member_row(connection, members["党员03"])
        whole = {r.id: r for r in read_member_rows(connection)}
        missing = read_member_row(connection, max(members.values()) + 1)
    assert type(row) is MemberRow and row == whole[members["党员03"]]
    assert row.address == "某村3组" and row.left_date == dt.date(2025, 6, 1) and not row.is_active
    assert missing is None


def test_lines_on_each_backend(new_target) -> None:  # type: ignore[no-untyped-def]
    """The ranks and the first screen's LIMIT as parameters, dates and flags as each driver gives them
    (PostgreSQL's skipped without a server)."""
    from dangjian_desktop.core.branch import create_branch
    from dangjian_desktop.core.db import open_database

    db = open_database(new_target("lines"))
    try:
        with db.transaction() as session:
            branch = create_branch(session, "测试村党支部", township="测试镇").id
            for n in range(7):
                draft = MemberDraft(
                    name=f"党员{n:02d}", party_group=GROUPS[n % len(GROUPS)], birth_date="1970-02-28"
                )
                add_member(session, branch, draft)
        with db.connect() as connection:
            parts = list(iter_member_lines(connection, LINE, first=2, chunk=3, branch_id=branch))
            rows = read_member_rows(connection, branch_id=branch)
            whole = read_member_row(connection, rows[-1].id)
            keys = list(iter_member_lines(connection, LINE, first=2, chunk=9, branch_id=branch, rest=KEYS))
            by_id = read_lines_by_id(connection, LINE, [rows[0].id, rows[-1].id])
        assert [len(p) for p in parts] == [2, 3, 2]
        assert [s[1] for p in keys for s in p] == [r.id for r in rows] and len(keys[1][0]) == 1 + len(KEYS.names)
        assert {i: s[1:] for i, s in by_id.items()} == {
            s[1]: s[1:] for p in parts for s in p if s[1] in (rows[0].id, rows[-1].id)
        }
        lines = [LINE(s) for p in parts for s in p]
        assert [line.id for line in lines] == [r.id for r in rows] and whole == rows[-1]
        assert lines[0].birth_date == dt.date(1970, 2, 28) and lines[0].is_mobile is False
        assert lines[0].has_photo is False
    finally:
        db.close()
