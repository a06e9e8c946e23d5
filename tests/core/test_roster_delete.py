"""删除误录: only a member nothing is recorded about; a backup first; otherwise the message says why."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from dangjian_desktop.core import roster
from dangjian_desktop.core.backup import list_backups
from dangjian_desktop.core.models import (
    BirthdayActivity,
    Meeting,
    MeetingAttendance,
    Member,
    MemberPhoto,
    OperationLog,
    ResponsibilityCard,
)
from dangjian_desktop.core.roster import RosterError
from dangjian_desktop.core.roster_delete import HasRecords, delete_mistaken_entry, records_about

DAY = dt.date(2026, 3, 1)


@pytest.fixture
def member_id(db, branch_id) -> int:
    with db.transaction() as session:
        return roster.add_member(
            session, branch_id, roster.MemberDraft(name="误录人", join_date="2010-01-01")
        )


@pytest.fixture
def other_id(db, branch_id) -> int:
    with db.transaction() as session:
        return roster.add_member(session, branch_id, roster.MemberDraft(name="张三", join_date="2000-01-01"))


def _exists(db, member_id: int) -> bool:
    with db.reading() as session:
        return session.get(Member, member_id) is not None


def _meeting(session, branch_id: int, **fields) -> Meeting:
    meeting = Meeting(branch_id=branch_id, kind="支部党员大会", date=DAY, **fields)
    session.add(meeting)
    session.flush()
    return meeting


def test_nothing_recorded_is_deleted_after_a_backup(db, member_id, other_id) -> None:
    with db.transaction() as session:
        session.add(MemberPhoto(member_id=member_id, jpeg=b"\xff\xd8photo"))  # part of the entry itself
    result = delete_mistaken_entry(db, member_id)
    assert result.name == "误录人"
    assert not _exists(db, member_id) and _exists(db, other_id)
    with db.reading() as session:
        assert session.get(MemberPhoto, member_id) is None
        assert session.query(OperationLog).filter_by(action="删除误录", detail="误录人").count() == 1
    # the backup was taken before the delete and still holds the member
    assert result.backup in [b.path for b in list_backups(db.path)]
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("select count(*) from member where name = '误录人'").fetchone() == (1,)


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ("attended", "会议记录 1 次"),
        ("absent", "会议记录 1 次"),
        ("host", "会议记录 1 次"),
        ("recorder", "会议记录 1 次"),
        ("card", "明白卡 1 张"),
        ("birthday", "政治生日活动 1 项"),
    ],
)
def test_one_record_of_any_kind_stops_the_delete_and_names_it(
    db, branch_id, member_id, record, words
) -> None:
    with db.transaction() as session:
        if record in ("attended", "absent"):
            meeting = _meeting(session, branch_id)
            session.add(
                MeetingAttendance(meeting_id=meeting.id, member_id=member_id, present=record == "attended")
            )
        elif record == "host":
            _meeting(session, branch_id, host_id=member_id)
        elif record == "recorder":
            _meeting(session, branch_id, recorder_id=member_id)
        elif record == "card":
            session.add(ResponsibilityCard(member_id=member_id, year=2026))
        else:
            session.add(BirthdayActivity(member_id=member_id, year=2026, item="谈心谈话", done_date=DAY))
    backups_before = len(list_backups(db.path, with_counts=False))
    with pytest.raises(HasRecords) as raised:
        delete_mistaken_entry(db, member_id)
    message = str(raised.value)
    assert words in message and "离开名册" in message and "转出" in message and "去世" in message
    assert _exists(db, member_id)
    assert len(list_backups(db.path, with_counts=False)) == backups_before  # nothing done, not even a backup


def test_counts_every_record(db, branch_id, member_id) -> None:
    with db.transaction() as session:
        for _ in range(2):
            meeting = _meeting(session, branch_id)
            session.add(MeetingAttendance(meeting_id=meeting.id, member_id=member_id))
        _meeting(session, branch_id, host_id=member_id)
        session.add(ResponsibilityCard(member_id=member_id, year=2025))
        session.add(ResponsibilityCard(member_id=member_id, year=2026))
    with db.reading() as session:
        assert records_about(session, member_id) == ["会议记录 3 次", "明白卡 2 张"]


def test_another_members_records_do_not_count(db, branch_id, member_id, other_id) -> None:
    with db.transaction() as session:
        meeting = _meeting(session, branch_id, host_id=other_id)
        session.add(MeetingAttendance(meeting_id=meeting.id, member_id=other_id))
        session.add(ResponsibilityCard(member_id=other_id, year=2026))
    delete_mistaken_entry(db, member_id)
    assert not _exists(db, member_id) and _exists(db, other_id)


def test_unknown_member_is_a_clear_error(db, branch_id) -> None:
    with pytest.raises(RosterError, match="找不到"):
        delete_mistaken_entry(db, 999)


def test_records_of_every_later_feature_are_named_and_kept(db, member_id) -> None:
    """党费, 转接 and the contact log point at the member too: each alone stops the delete, by name."""
    from dangjian_desktop.core import transfers
    from dangjian_desktop.core.mobile import log_contact

    log_contact(db, member_id, DAY, how="电话")
    with pytest.raises(HasRecords, match="联系记录 1 条"):
        delete_mistaken_entry(db, member_id)
    transfers.transfer_out(db, member_id, "某组织", DAY, today=DAY)
    with db.reading() as session:
        assert sorted(records_about(session, member_id)) == sorted(["组织关系转接 1 条", "联系记录 1 条"])
        assert session.get(Member, member_id) is not None
