"""删除误录: removing a member who was entered by mistake, the one hard delete the program allows.

Only a member nothing has been recorded about may go: no meeting (attended, absent, host or recorder),
and nothing else of the branch's records points at them (明白卡, 政治生日, 发展党员, 党费, 转接…). Otherwise the member is part of the branch's record, and the way off
the roster is a status (转出、去世、停止党籍、出党) with a date, which keeps that record true. A backup
is taken before the delete, so even a wrong confirmation can be undone from 从备份恢复.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.backup import backup_database
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import (
    LEFT_STATUSES,
    Base,
    Meeting,
    MeetingAttendance,
    Member,
    MemberPhoto,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.photos import forget_print_photo
from dangjian_desktop.core.roster import RosterError

BACKUP_REASON = "delete"


class HasRecords(RosterError):
    """The member has records: the message names them and the statuses to use instead."""

    def __init__(self, name: str, records: list[str]) -> None:
        self.records = records
        super().__init__(
            f"{name} 已有记录：{'、'.join(records)}，不能作为误录删除。"
            f"如果此人已不在本支部，请用“离开名册”办理（{'、'.join(LEFT_STATUSES)}），记录会保留。"
        )


@dataclass(frozen=True)
class Deleted:
    name: str
    backup: Path | None  # the SQLite backup file, or on a server the whole-database package


# Tables about a member that are counted above as meetings, or that go with the member (the photo).
_NOT_RECORDS = {"meeting", "meeting_attendance", "member_photo"}
_RECORD_NAMES: dict[str, tuple[str, str]] = {
    "responsibility_card": ("明白卡", "张"),
    "birthday_activity": ("政治生日活动", "项"),
    "develop_person": ("发展党员记录", "条"),
    "develop_step_person": ("发展党员记录", "条"),
    "dues_assessment": ("党费核定", "条"),
    "dues_payment": ("党费交纳", "笔"),
    "transfer": ("组织关系转接", "条"),
    "mobile_trip": ("外出登记", "次"),
    "contact_log": ("联系记录", "条"),
}


def records_about(session: Session, member_id: int) -> list[str]:
    """What the branch has recorded about the member, in words ("会议记录 3 次"); empty when nothing."""
    counts = [
        (
            "会议记录",
            "次",
            select(func.count())
            .select_from(Meeting)
            .where(
                or_(
                    Meeting.host_id == member_id,
                    Meeting.recorder_id == member_id,
                    Meeting.id.in_(
                        select(MeetingAttendance.meeting_id).where(MeetingAttendance.member_id == member_id)
                    ),
                )
            ),
        ),
    ]
    # Every other table that points at a member, found from the schema, so that a feature added later
    # (党费, 发展党员, 转接…) is never deleted under: its records are named, or "其他记录".
    for table in Base.metadata.sorted_tables:
        if table.name in _NOT_RECORDS:
            continue
        columns = [fk.parent for fk in table.foreign_keys if fk.column.table.name == "member"]
        if columns:
            label, unit = _RECORD_NAMES.get(table.name, ("其他记录", "条"))
            query = select(func.count()).select_from(table).where(or_(*(c == member_id for c in columns)))
            counts.append((label, unit, query))
    found: dict[tuple[str, str], int] = {}
    for label, unit, query in counts:
        count = session.scalar(query) or 0
        if count:
            found[(label, unit)] = found.get((label, unit), 0) + count
    return [f"{label} {count} {unit}" for (label, unit), count in found.items()]


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise RosterError(f"找不到编号为 {member_id} 的党员")
    return member


def check_deletable(session: Session, member_id: int) -> str:
    """The member's name when they may be deleted as a mistaken entry; HasRecords otherwise."""
    member = _member(session, member_id)
    records = records_about(session, member_id)
    if records:
        raise HasRecords(member.name, records)
    return member.name


def delete_mistaken_entry(db: Database, member_id: int) -> Deleted:
    """The one call behind 删除误录: check, back up, delete the member and their photo in one transaction."""
    with db.reading() as session:
        check_deletable(session, member_id)
        folder = settings.get(session, settings.BACKUP_FOLDER).strip()
    backup = backup_database(db, BACKUP_REASON, folder=Path(folder) if folder else None)
    try:
        with db.transaction() as session:
            name = check_deletable(session, member_id)  # again, inside the transaction that deletes
            photo = session.scalar(select(MemberPhoto.jpeg).where(MemberPhoto.member_id == member_id))
            session.execute(delete(MemberPhoto).where(MemberPhoto.member_id == member_id))
            session.execute(delete(Member).where(Member.id == member_id))
            log(session, "删除误录", name)
    except IntegrityError as exc:  # a record kept by a part of the program this module does not list
        raise RosterError("此人在其他记录中被引用，不能作为误录删除；请用“离开名册”办理。") from exc
    forget_print_photo(photo)  # nothing of the person stays behind in the print cache
    return Deleted(name, backup)
