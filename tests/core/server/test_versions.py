"""Two clerks, one record: the second save over the first is asked about, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.demo import build_full_demo
from dangjian_desktop.core.models import Meeting, Member, ResponsibilityCard
from dangjian_desktop.core.roster import member_draft
from dangjian_desktop.core.services import cards as card_service
from dangjian_desktop.core.services import meetings as meeting_service
from dangjian_desktop.core.services import roster as roster_service
from dangjian_desktop.core.versions import EditConflict, overwriting, version_of

DAY = dt.date(2026, 11, 22)


@pytest.fixture
def shared(new_target):
    """The one database two clerks use; each clerk has a connection of their own (two Database)."""
    target = new_target("shared")
    first = open_database(target)
    with first.transaction() as session:
        build_full_demo(session, today=DAY)
    second = open_database(target)
    yield first, second
    first.close()
    second.close()


def test_a_member_edited_by_another_clerk_is_asked_about_not_overwritten(shared) -> None:
    one, two = shared
    with one.reading() as session:
        member_id = session.query(Member.id).order_by(Member.id).first()[0]
        opened = version_of(session, Member, member_id)
        draft_one = member_draft(session, member_id)
    with two.reading() as session:
        draft_two = member_draft(session, member_id)
        assert version_of(session, Member, member_id) == opened
    # clerk two saves first
    draft_two.address = "二组 12 号"
    roster_service.save_member(two, member_id, draft_two, version=opened)
    # clerk one, still on the version opened, is refused: nothing of clerk two's is lost
    draft_one.address = "三组 5 号"
    with pytest.raises(EditConflict, match="已被他人修改"):
        roster_service.save_member(one, member_id, draft_one, version=opened)
    with one.reading() as session:
        assert member_draft(session, member_id).address == "二组 12 号"
        assert version_of(session, Member, member_id) == opened + 1
    # 覆盖: clerk one chose to replace it
    with overwriting():
        roster_service.save_member(one, member_id, draft_one, version=opened)
    with two.reading() as session:
        assert member_draft(session, member_id).address == "三组 5 号"
        assert version_of(session, Member, member_id) == opened + 2
    # 重新载入: with the version read again, the next save goes through
    with two.reading() as session:
        fresh = version_of(session, Member, member_id)
    roster_service.save_member(two, member_id, draft_two, version=fresh)


def test_the_version_on_the_line_one_below_and_one_above(shared) -> None:
    one, _two = shared
    with one.reading() as session:
        member_id = session.query(Member.id).order_by(Member.id).first()[0]
        current = version_of(session, Member, member_id)
        draft = member_draft(session, member_id)
    for stale in (current - 1, current + 1):
        with pytest.raises(EditConflict):
            roster_service.save_member(one, member_id, draft, version=stale)
    roster_service.save_member(one, member_id, draft, version=current)  # the one that fits
    roster_service.save_member(one, member_id, draft)  # no version given (CLI, scripts): not asked


def test_meetings_and_cards_carry_a_version_too(shared) -> None:
    from dangjian_desktop.core.meetings import meeting_detail
    from dangjian_desktop.core.meetings.record import MeetingDraft

    one, two = shared
    with one.reading() as session:
        meeting = session.query(Meeting).order_by(Meeting.id).first()
        detail = meeting_detail(session, meeting.id)
        opened = meeting.version
        branch_id, meeting_id = meeting.branch_id, meeting.id
    draft = MeetingDraft(kind=detail.kind, date=detail.date, title=detail.title + "（改）")
    meeting_service.save_meeting(two, branch_id, meeting_id, draft, version=opened)
    with pytest.raises(EditConflict, match="会议记录已被他人修改"):
        meeting_service.save_meeting(one, branch_id, meeting_id, draft, version=opened)

    with one.reading() as session:
        card = session.query(ResponsibilityCard).order_by(ResponsibilityCard.id).first()
        card_id, card_opened, post = card.id, card.version, card.post
    # only the clauses change: the card still counts as changed for the next clerk
    card_service.save_clauses(two, card_id, post, {}, version=card_opened)
    with pytest.raises(EditConflict, match="明白卡已被他人修改"):
        card_service.save_clauses(one, card_id, post, {}, version=card_opened)
    with one.reading() as session:
        assert version_of(session, ResponsibilityCard, card_id) == card_opened + 1
