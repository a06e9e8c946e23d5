"""Three more promises of core/mobile.py that test_mobile_edges.py left open: a 停止党籍 row without
a date (as an import may bring one) is never reminded of 除名 and breaks no start-up note; the 春节
note names every member away joined by 、; and each member's last meeting is that member's own.

Written from the mutants that survived test_mobile_edges.py (tests/MUTANTS.md, core/mobile.py)."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.member_fields import MemberStatus
from dangjian_desktop.core.mobile import (
    TripDraft,
    go_out,
    last_contacts,
    opening_notes,
    removal_reminders,
)
from dangjian_desktop.core.models import Meeting, MeetingAttendance, Member
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

D = dt.date
TODAY = D(2026, 6, 15)


def _member(db: Database, branch_id: int, name: str) -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date="2010-07-01"))


def test_a_suspension_without_a_date_is_never_reminded_and_breaks_no_note(
    db: Database, branch_id: int
) -> None:
    """An old roster imported with 停止党籍 but no date: the two years cannot be counted from it, so it
    is left out; counting from nothing would fail and take the whole 组织关系 start-up notes with it."""
    undated, dated = _member(db, branch_id, "无日期的"), _member(db, branch_id, "有日期的")
    with db.transaction() as session:
        leave_roster(session, dated, "停止党籍", D(2024, 6, 20), "失联", today=TODAY)
        row = session.get(Member, undated)
        row.status, row.left_date = MemberStatus.SUSPENDED.value, None  # as an import stores it
    with db.reading() as session:
        reminders = removal_reminders(session, TODAY)
        notes = opening_notes(session, TODAY)
    assert [(r.member_id, r.name) for r in reminders] == [(dated, "有日期的")]
    assert "有日期的停止党籍将满两年（2026-06-20），仍无法取得联系的，请支部研究是否除名" in notes
    assert not any("无日期的" in note for note in notes)


def test_the_spring_festival_note_joins_the_names_away_with_a_dun_comma(db: Database, branch_id: int) -> None:
    """In the month set (January unless changed) the note lists everyone away, longest away first,
    joined by 、 as every other list of names in the program."""
    first, second = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    january = D(2027, 1, 10)
    go_out(db, second, TripDraft(D(2026, 9, 1), "广州"), today=january)
    go_out(db, first, TripDraft(D(2026, 8, 1), "宁波"), today=january)
    with db.reading() as session:
        notes = opening_notes(session, january)
        in_june = opening_notes(session, TODAY)
    assert "春节将至：请通知外出党员回乡时参加支部组织生活（甲、乙）" in notes
    assert not any(note.startswith("春节将至") for note in in_june)  # outside the month: no note


def test_each_members_last_meeting_is_the_latest_that_member_attended(db: Database, branch_id: int) -> None:
    """Two members at one meeting, only one at a later one (the other absent): the later date is the
    first member's alone; a latest date taken over all members would give it to both, or to one."""
    often, once = _member(db, branch_id, "常到的"), _member(db, branch_id, "到过一次的")
    with db.transaction() as session:
        march = Meeting(branch_id=branch_id, kind="支部党员大会", date=D(2026, 3, 1))
        may = Meeting(branch_id=branch_id, kind="支部党员大会", date=D(2026, 5, 1))
        session.add_all([march, may])
        session.flush()
        session.add_all(
            [
                MeetingAttendance(meeting_id=march.id, member_id=often),
                MeetingAttendance(meeting_id=march.id, member_id=once),
                MeetingAttendance(meeting_id=may.id, member_id=often),
                MeetingAttendance(meeting_id=may.id, member_id=once, present=False),  # 请假: no contact
            ]
        )
    with db.reading() as session:
        assert last_contacts(session) == {often: D(2026, 5, 1), once: D(2026, 3, 1)}
        assert last_contacts(session, [once]) == {once: D(2026, 3, 1)}
