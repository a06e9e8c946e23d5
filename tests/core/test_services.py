"""Units of work (core/services): each user action is one transaction, all of it or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import cards, roster
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import CardClause, Member, MemberPhoto
from dangjian_desktop.core.roster import MemberDraft
from dangjian_desktop.core.services import cards as card_service
from dangjian_desktop.core.services import meetings as meeting_service
from dangjian_desktop.core.services import roster as roster_service

TODAY = dt.date(2026, 11, 22)
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 100


def _count(db: Database, model: type) -> int:
    with db.reading() as s:
        return len(s.scalars(select(model)).all())


def test_a_member_and_the_photo_are_saved_together(db: Database, branch_id: int) -> None:
    member_id = roster_service.save_member(db, None, MemberDraft(name="张三"), JPEG, photo_changed=True)
    with db.reading() as s:
        assert roster.get_photo(s, member_id) == JPEG
    # an edit refused by the rules stores neither the fields nor the new photo
    with pytest.raises(UserError, match="转正日期"):
        roster_service.save_member(
            db, member_id, MemberDraft(name="张三改", full_date="2030-01-01"), b"other", photo_changed=True
        )
    with db.reading() as s:
        assert s.get(Member, member_id).name == "张三"
        assert roster.get_photo(s, member_id) == JPEG
    roster_service.save_member(db, member_id, MemberDraft(name="张三"), None, photo_changed=True)
    assert _count(db, MemberPhoto) == 0


def test_a_new_member_refused_leaves_no_photo_behind(db: Database, branch_id: int) -> None:
    with pytest.raises(UserError, match="姓名不能为空"):
        roster_service.save_member(db, None, MemberDraft(name=" "), JPEG, photo_changed=True)
    assert _count(db, Member) == 0 and _count(db, MemberPhoto) == 0


@pytest.mark.parametrize(
    ("day", "reason", "problem"),
    [
        ("2026-11-23", "转至镇机关", "不能晚于今天"),  # one day after today
        ("2026-13-01", "转至镇机关", "离开日期"),
        ("", "转至镇机关", "请填写离开日期"),
        ("2026-11-22", "  ", "请填写原因"),
    ],
)
def test_leaving_is_checked_in_one_place(db: Database, branch_id: int, day: str, reason: str, problem: str) -> None:
    member_id = roster_service.save_member(db, None, MemberDraft(name="李四"))
    with pytest.raises(UserError, match=problem):
        roster_service.leave(db, member_id, "转出", day, reason, today=TODAY)
    with db.reading() as s:
        assert s.get(Member, member_id).status == "在册"


@pytest.mark.parametrize("day", ["2026-11-22", "2026.11.21"])  # today, and the day before
def test_leaving_on_or_before_today(db: Database, branch_id: int, day: str) -> None:
    member_id = roster_service.save_member(db, None, MemberDraft(name="王五"))
    roster_service.leave(db, member_id, "转出", day, " 转至镇机关 ", today=TODAY)
    with db.reading() as s:
        member = s.get(Member, member_id)
    assert (member.status, member.left_reason) == ("转出", "转至镇机关")
    assert member.left_date <= TODAY
    roster_service.restore(db, member_id)
    with db.reading() as s:
        assert s.get(Member, member_id).status == "在册"


def test_marking_several_clauses_is_all_or_nothing(db: Database, branch_id: int) -> None:
    member_id = roster_service.save_member(db, None, MemberDraft(name="赵六", join_date="2000-07-01"))
    card_id, created = card_service.open_card(db, member_id, 2026)
    assert created and card_service.open_card(db, member_id, 2026) == (card_id, False)
    for step, day in zip(cards.STEPS, (dt.date(2026, 1, d) for d in (5, 15, 25, 28)), strict=True):
        card_service.record_step(db, card_id, step, day, "", today=TODAY)
    with db.reading() as s:
        ids = [c.id for c in cards.get_card(s, card_id).clauses]
    assert len(ids) >= 2
    with pytest.raises(UserError, match="找不到"):
        card_service.mark_clauses(db, [*ids[:2], 999_999], True, dt.date(2026, 5, 1), today=TODAY)
    with db.reading() as s:
        assert not any(s.get(CardClause, i).done for i in ids)
    assert card_service.mark_clauses(db, ids[:2], True, dt.date(2026, 5, 1), today=TODAY) == 2
    with db.reading() as s:
        assert [s.get(CardClause, i).done for i in ids[:2]] == [True, True]


def test_frequencies_are_set_together(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core import meetings as m

    with db.reading() as s:
        before = m.frequencies(s)
    kinds = list(m.KINDS)
    with pytest.raises(UserError):
        meeting_service.set_frequencies(db, {kinds[0]: m.FREQUENCIES[0], kinds[1]: "每天三次"})
    with db.reading() as s:
        assert m.frequencies(s) == before
