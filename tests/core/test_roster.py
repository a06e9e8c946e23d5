import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core.idcard import check_char
from dangjian_desktop.core.models import Member, OperationLog
from dangjian_desktop.core.roster import (
    MemberDraft,
    RosterError,
    add_member,
    check_member,
    leave_roster,
    list_members,
    restore_to_roster,
    update_member,
)
from dangjian_desktop.core.stats import roster_stats

TODAY = dt.date(2026, 11, 22)


def good(**changes: object) -> MemberDraft:
    base = dict(
        name="张三",
        id_number="360426199101010071",
        join_date="2015-07-01",
        full_date="2016-07-01",
        phone="13812345678",
    )
    base.update(changes)
    return MemberDraft(**base)  # type: ignore[arg-type]


def test_the_id_number_decides_birth_and_gender() -> None:
    check = check_member(good(gender="女", birth_date="1990-05-05"), today=TODAY)
    assert check.ok
    assert check.values.birth_date == dt.date(1991, 1, 1)
    assert check.values.gender == "男"


def test_15_digit_id_is_stored_as_18() -> None:
    check = check_member(good(id_number="420117400302059"), today=TODAY)
    assert check.values.id_number == "42011719400302059" + check_char("42011719400302059")
    assert check.values.birth_date == dt.date(1940, 3, 2)
    assert "已规范为18位" in check.derived["id_number"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "姓名不能为空"),
        ({"id_number": "360426199101010072"}, "id_number", "校验位"),
        ({"join_date": "2008-01-01", "full_date": ""}, "join_date", "年满18周岁"),
        ({"full_date": "2015-01-01"}, "full_date", "晚于入党日期"),
        ({"phone": "1381234567"}, "phone", "11位"),
        ({"phone": "abc"}, "phone", "联系电话"),
        ({"join_date": "2030-01-01", "full_date": ""}, "join_date", "不能晚于今天"),
        ({"category": "预备党员"}, "category", "正式党员"),
        ({"join_date": "2015-02-30"}, "join_date", "不存在"),
    ],
)
def test_each_problem_is_named_by_field(changes: dict, field: str, message: str) -> None:
    check = check_member(good(**changes), today=TODAY)
    assert not check.ok
    assert message in check.errors[field]


def test_landline_accepted() -> None:
    assert check_member(good(phone="0791-88881234"), today=TODAY).ok


def test_add_edit_leave_restore(db, branch_id) -> None:
    with db.transaction() as session:
        member_id = add_member(session, branch_id, good())
    with db.transaction() as session:
        update_member(session, member_id, good(job="网格员", party_group="第一党小组"))
    with db.transaction() as session:
        leave_roster(session, member_id, "转出", dt.date(2026, 1, 5), "转至镇机关党支部")
    with db.reading() as session:
        member = session.get(Member, member_id)
        assert (member.status, member.left_date, member.job) == ("转出", dt.date(2026, 1, 5), "网格员")
        assert member.join_md == "07-01"
        actions = session.scalars(select(OperationLog.action).order_by(OperationLog.id)).all()
        assert actions == ["新增党员", "修改党员信息", "党员转出"]
        assert [r.name for r in list_members(session, include_left=False)] == []
        assert [r.status for r in list_members(session)] == ["转出"]
    with db.transaction() as session:
        restore_to_roster(session, member_id)
    with db.reading() as session:
        assert session.get(Member, member_id).status == "在册"


def test_duplicate_id_is_refused_and_nothing_changes(db, branch_id) -> None:
    with db.transaction() as session:
        add_member(session, branch_id, good())
    with pytest.raises(RosterError, match="已属于 张三"), db.transaction() as session:
        add_member(session, branch_id, good(name="李四"))
    with db.reading() as session:
        assert [r.name for r in list_members(session)] == ["张三"]


def test_stats_count_only_members_on_the_roster(db, branch_id) -> None:
    drafts = [
        good(),
        good(
            name="李四",
            id_number="",
            birth_date="1950-01-01",
            gender="女",
            join_date="1975-01-01",
            full_date="1976-01-01",
            is_mobile=True,
        ),
        good(
            name="王五",
            id_number="",
            birth_date="1985-06-01",
            join_date="2025-03-01",
            full_date="",
            category="预备党员",
        ),
    ]
    with db.transaction() as session:
        ids = [add_member(session, branch_id, d) for d in drafts]
        leave_roster(session, ids[0], "去世", dt.date(2026, 1, 1), "病故")
    with db.reading() as session:
        stats = roster_stats(list_members(session), TODAY)
    assert stats.total == 2
    assert stats.by_category == {"正式党员": 1, "预备党员": 1}
    assert stats.by_age_band == {"35岁及以下": 0, "36-45岁": 1, "46-60岁": 0, "60岁以上": 1}
    assert stats.mobile == 1
    assert stats.admitted_per_year == {1975: 1, 2025: 1}
