"""Reading the roster back (core/roster/rows.py): the form's draft of a stored member, one branch's rows
and lines, the details pane's member and photo, the 党小组 list, and an unknown id in words.

Written against the slips mutation testing planted (tests/MUTANTS.md) that no test reached."""

from __future__ import annotations

import dataclasses

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.member_rows import line_class
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.roster import (
    MemberDraft,
    RosterError,
    add_member,
    get_photo,
    list_lines,
    list_members,
    member_details,
    member_draft,
    party_groups,
    set_photo,
    update_member,
)

PHOTO = b"\xff\xd8\xff\xe0" + b"0" * 64  # not a picture Pillow reads: no print-size copy is made


@pytest.fixture
def two_branches(db: Database, branch_id: int) -> tuple[int, int, dict[str, int]]:
    """This branch's 张三 (第三党小组, with a photo), 李四 (第十党小组) and 王五 (no 党小组); another
    branch's 赵六 (第二党小组)."""
    with db.transaction() as session:
        neighbour = Branch(name="邻村党支部", township="测试镇")  # a township's database holds several
        session.add(neighbour)
        session.flush()
        other = neighbour.id
        ids = {
            "张三": add_member(
                session,
                branch_id,
                MemberDraft(
                    name="张三",
                    id_number="360426199101010071",
                    join_date="2015-07-01",
                    full_date="2016-07-01",
                    party_group="第三党小组",
                    is_mobile=True,
                    mobile_destination="广东东莞",
                ),
            ),
            "李四": add_member(session, branch_id, MemberDraft(name="李四", party_group="第十党小组")),
            "王五": add_member(session, branch_id, MemberDraft(name="王五")),
            "赵六": add_member(session, other, MemberDraft(name="赵六", party_group="第二党小组")),
        }
        set_photo(session, ids["张三"], PHOTO)
    return branch_id, other, ids


def test_the_form_shows_a_stored_member_as_typed(db: Database, two_branches) -> None:
    _, _, ids = two_branches
    with db.reading() as session:
        draft = member_draft(session, ids["张三"])
    assert dataclasses.asdict(draft) == dataclasses.asdict(
        MemberDraft(
            name="张三",
            gender="男",
            birth_date="1991-01-01",  # a date as the form shows it
            id_number="360426199101010071",
            join_date="2015-07-01",
            full_date="2016-07-01",
            party_group="第三党小组",
            is_mobile=True,
            mobile_destination="广东东莞",
        )
    )
    with db.reading() as session:
        bare = member_draft(session, ids["王五"])
    assert (bare.birth_date, bare.id_number, bare.full_date) == (
        "",
        "",
        "",
    )  # nothing stored: empty, not None


def test_an_unknown_member_is_named_by_number(db: Database, branch_id: int) -> None:
    with db.reading() as session, pytest.raises(RosterError) as raised:
        member_draft(session, 404)
    assert str(raised.value) == "找不到编号为 404 的党员"
    with db.transaction() as session, pytest.raises(RosterError, match="找不到编号为 405 的党员"):
        update_member(session, 405, MemberDraft(name="张三"))


def test_one_branchs_rows_and_lines_in_roster_order(db: Database, two_branches) -> None:
    here, other, ids = two_branches
    line = line_class("NameLine", ["name", "party_group"])
    with db.reading() as session:
        assert [r.name for r in list_members(session, branch_id=here)] == ["张三", "李四", "王五"]
        assert [r.name for r in list_members(session, branch_id=other)] == ["赵六"]
        assert [r.name for r in list_members(session)] == ["赵六", "张三", "李四", "王五"]
        lines = [line(raw) for raw in list_lines(session, line, branch_id=here)]
        assert [(x.id, x.name, x.party_group) for x in lines] == [
            (ids["张三"], "张三", "第三党小组"),
            (ids["李四"], "李四", "第十党小组"),
            (ids["王五"], "王五", ""),
        ]
        assert [line(raw).name for raw in list_lines(session, line)] == ["赵六", "张三", "李四", "王五"]


def test_left_members_are_left_out_of_lines_when_asked(db: Database, two_branches) -> None:
    from dangjian_desktop.core.roster import leave_roster

    here, _, ids = two_branches
    with db.transaction() as session:
        leave_roster(session, ids["李四"], "转出", "2026-01-05", "转至镇机关")
    line = line_class("NameLine", ["name"])
    with db.reading() as session:
        on_roster = [line(raw).name for raw in list_lines(session, line, branch_id=here, include_left=False)]
        everyone = [line(raw).name for raw in list_lines(session, line, branch_id=here)]
    assert (on_roster, everyone) == (["张三", "王五"], ["张三", "李四", "王五"])


def test_the_details_pane_gets_the_member_and_the_photo_only_when_there_is_one(
    db: Database, two_branches
) -> None:
    _, _, ids = two_branches
    with db.reading() as session:
        row, photo = member_details(session, ids["张三"])
        assert (row.id, row.name, row.has_photo, photo) == (ids["张三"], "张三", True, PHOTO)
        row, photo = member_details(session, ids["王五"])
        assert (row.name, row.has_photo, photo) == ("王五", False, None)
        assert member_details(session, 404) is None
        assert get_photo(session, ids["王五"]) is None
        assert get_photo(session, ids["张三"]) == PHOTO


def test_party_groups_in_the_order_of_their_numbers(db: Database, two_branches) -> None:
    with db.reading() as session:
        assert party_groups(session) == ["第二党小组", "第三党小组", "第十党小组"]  # code points: 三 二 十
