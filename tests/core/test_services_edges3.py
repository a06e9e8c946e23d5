"""Units of work on their edges, third part (core/services/cards.py, meetings.py): a year copied from
the year before and of the village's own branch only (another branch's cards in the same database stay
where they are), a card or a meeting asked for by a number that is not there named by that number, a
clause marked or a year-end review given without a note keeps no note."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import cards
from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import CardClause, ResponsibilityCard
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.core.services import cards as card_service
from dangjian_desktop.core.services import meetings as meeting_service
from tests.conftest import add_branch

TODAY = dt.date(2026, 6, 30)


def _member(db: Database, branch_id: int, name: str) -> int:
    with db.transaction() as s:
        return add_member(s, branch_id, MemberDraft(name=name, gender="男", join_date="2000-07-01"))


def _card(db: Database, member_id: int, year: int, post: str) -> int:
    with db.transaction() as s:
        return cards.create_card(s, member_id, year, post=post, texts={cards.COMMITMENT: [f"{post}的承诺"]})


def test_a_year_is_copied_from_the_year_before_and_from_the_own_branch_only(
    db: Database, branch_id: int
) -> None:
    other_id = add_branch(db)
    two_before = _member(db, branch_id, "前年")
    before = _member(db, branch_id, "去年")
    after = _member(db, branch_id, "明年")
    elsewhere = _member(db, other_id, "别村")
    _card(db, two_before, 2024, "政策宣传岗")
    _card(db, before, 2025, "环境卫生岗")
    _card(db, after, 2027, "科技示范岗")
    _card(db, elsewhere, 2025, "治安巡逻岗")
    assert card_service.copy_year(db, 2026) == cards.CopyResult(1, 0, 0)
    with db.reading() as s:
        copied = cards.list_cards(s, 2026)
    assert [(c.member_name, c.post) for c in copied] == [("去年", "环境卫生岗")]


def test_clauses_saved_on_a_card_that_is_not_there_name_its_number(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"), 2026, "政策宣传岗")
    with pytest.raises(cards.CardError) as caught:
        card_service.save_clauses(db, card_id + 7, "政策宣传岗", {cards.COMMITMENT: ["一", "二"]})
    assert str(caught.value) == f"找不到编号为 {card_id + 7} 的明白卡"
    with db.reading() as s:
        assert [c.text for c in cards.get_card(s, card_id).clauses] == ["政策宣传岗的承诺"]


def test_a_clause_marked_and_a_review_given_without_a_note_keep_none(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"), 2026, "政策宣传岗")
    for step in cards.STEPS:
        card_service.record_step(db, card_id, step, dt.date(2026, 1, 5), "", today=TODAY)
    card_service.post_card(db, card_id, dt.date(2026, 1, 6), today=TODAY)
    with db.reading() as s:
        clause_ids = list(s.scalars(select(CardClause.id).where(CardClause.card_id == card_id)))
    assert card_service.mark_clauses(db, clause_ids, True, dt.date(2026, 2, 1), today=TODAY) == 1
    card_service.set_year_end(db, card_id, "优秀")
    with db.reading() as s:
        clause = s.get(CardClause, clause_ids[0])
        assert (clause.done, clause.done_date, clause.note) == (True, dt.date(2026, 2, 1), "")
        card = s.get(ResponsibilityCard, card_id)
        assert (card.year_end_result, card.year_end_note) == ("优秀", "")


def test_a_meeting_that_is_not_there_is_named_by_its_number(db: Database, branch_id: int) -> None:
    ids = [_member(db, branch_id, f"党员{n}") for n in range(3)]
    draft = m.MeetingDraft(kind="主题党日", date="2026-03-05", title="学习", present_ids=ids)
    saved = meeting_service.save_meeting(db, branch_id, None, draft, today=TODAY)
    with pytest.raises(m.MeetingError) as caught:
        meeting_service.save_meeting(db, branch_id, saved.meeting_id + 5, draft, today=TODAY)
    assert str(caught.value) == f"找不到编号为 {saved.meeting_id + 5} 的会议记录"
    with db.reading() as s:
        assert [x.id for x in m.list_meetings(s, branch_id, year=2026)] == [saved.meeting_id]
