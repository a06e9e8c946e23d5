"""Units of work on two more edges (core/services/): the first-run page's branch made with its name
alone keeps empty details (no placeholder stored); the demo branch dated to the day it is told is
today, not the clock's; a member saved without a word about the photo keeps it; a member gone meanwhile
named by the number that was asked for; a query that reads a part beside it, asked while
another clerk's write holds the file, gets one reader and no second one, and still answers."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core import roster
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import Branch, Meeting
from dangjian_desktop.core.roster import MemberDraft
from dangjian_desktop.core.services import query_together
from dangjian_desktop.core.services import roster as roster_service
from dangjian_desktop.core.services import setup as setup_service


def test_a_branch_started_with_its_name_alone(db: Database) -> None:
    info = setup_service.start_branch(db, "甲村党支部")
    with db.reading() as session:
        stored = session.scalars(select(Branch)).one()
        assert (stored.name, stored.township, stored.secretary, stored.phone) == ("甲村党支部", "", "", "")
    assert (info.township, info.secretary, info.phone) == ("", "", "")


def test_a_query_beside_while_a_writer_holds_the_file(db: Database, branch_id: int) -> None:
    seen: list[object] = []

    def names(session, prefix: str, *, beside=None) -> list[str]:  # type: ignore[no-untyped-def]
        seen.append(beside)
        return [prefix + n for n in session.scalars(select(Branch.name))]

    writer = sqlite3.connect(db.path, timeout=0, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another clerk's unit of work at its start
        assert query_together(db, names, "支部：") == ["支部：测试村党支部"]
        assert seen == [None]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert query_together(db, names, "") == ["测试村党支部"] and seen[1] is not None


def test_the_demo_is_dated_to_the_day_it_is_told(db: Database) -> None:
    told = dt.date(2020, 6, 1)  # years before the clock's today
    setup_service.start_demo(db, today=told)
    with db.reading() as session:
        first, last = session.execute(select(func.min(Meeting.date), func.max(Meeting.date))).one()
    assert first is not None and dt.date(2019, 6, 1) <= first <= last <= told


JPEG = b"\xff\xd8\xff\xe0" + b"0" * 100


def test_a_member_saved_without_a_word_about_the_photo_keeps_it(db: Database, branch_id: int) -> None:
    member_id = roster_service.save_member(db, None, MemberDraft(name="张三"), JPEG, photo_changed=True)
    roster_service.save_member(db, member_id, MemberDraft(name="张三", note="改了备注"))
    with db.reading() as session:
        assert roster.get_photo(session, member_id) == JPEG


def test_a_member_gone_meanwhile_is_named_by_its_number(db: Database, branch_id: int) -> None:
    with pytest.raises(UserError) as caught:
        roster_service.save_member(db, 4321, MemberDraft(name="李四"), version=1)
    assert str(caught.value) == "找不到编号为 4321 的党员"
