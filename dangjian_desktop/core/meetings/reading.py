"""Reading meetings back: the list rows and the full details (for the form, the archive and the CLI)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.meetings.kinds import (
    MeetingError,
    _month_end,
    normalize_kind,
)
from dangjian_desktop.core.meetings.record import MeetingDraft, PhotoDraft, ResolutionDraft
from dangjian_desktop.core.models import (
    Meeting,
    MeetingAttendance,
    MeetingPhoto,
    MeetingResolution,
    Member,
)

T = TypeVar("T")

# --- reading back -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One line of the meeting list (and of the CLI's JSON)."""

    id: int
    kind: str
    party_group: str
    title: str
    date: dt.date
    start_time: str
    end_time: str
    place: str
    host: str
    recorder: str
    expected_count: int
    attendees: tuple[str, ...]
    absent: tuple[str, ...]
    resolution_count: int
    photo_count: int

    @property
    def kind_label(self) -> str:
        return f"{self.kind}（{self.party_group}）" if self.party_group else self.kind

    @property
    def present_count(self) -> int:
        return len(self.attendees)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "title": self.title,
            "attendees": list(self.attendees),
            "absent": list(self.absent),
        }


def _heading(m: Any, names: dict[int, str]) -> dict[str, Any]:
    """The fields a meeting's list line and its full page share, from a meeting row (ORM or columns)."""
    return {
        "id": m.id,
        "kind": m.kind,
        "party_group": m.party_group,
        "title": m.title,
        "date": m.date,
        "start_time": m.start_time,
        "end_time": m.end_time,
        "place": m.place,
        "host": names.get(m.host_id, "") if m.host_id else "",
        "recorder": names.get(m.recorder_id, "") if m.recorder_id else "",
        "expected_count": m.expected_count,
    }


def list_meetings(
    session: Session,
    branch_id: int,
    *,
    year: int | None = None,
    month: int | None = None,
    kind: str | None = None,
) -> list[MeetingRow]:
    """Meetings in date order, each with its attendees' names: three queries, whatever the count."""
    query = select(Meeting).where(Meeting.branch_id == branch_id)
    if year is not None:
        start = dt.date(year, month or 1, 1)
        end = _month_end(year, month) if month else dt.date(year, 12, 31)
        query = query.where(Meeting.date >= start, Meeting.date <= end)
    if kind:
        query = query.where(Meeting.kind == normalize_kind(kind))
    columns = (
        Meeting.id,
        Meeting.kind,
        Meeting.party_group,
        Meeting.title,
        Meeting.date,
        Meeting.start_time,
        Meeting.end_time,
        Meeting.place,
        Meeting.host_id,
        Meeting.recorder_id,
        Meeting.expected_count,
    )
    meetings = session.execute(
        query.with_only_columns(*columns).order_by(Meeting.date, Meeting.start_time, Meeting.id)
    ).all()
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    names = dict(session.execute(select(Member.id, Member.name).where(Member.branch_id == branch_id)).all())
    present: dict[int, list[str]] = defaultdict(list)
    absent: dict[int, list[str]] = defaultdict(list)
    for meeting_id, member_id, is_present in session.execute(
        select(MeetingAttendance.meeting_id, MeetingAttendance.member_id, MeetingAttendance.present)
        .where(MeetingAttendance.meeting_id.in_(ids))
        .order_by(MeetingAttendance.meeting_id, MeetingAttendance.member_id)
    ):
        (present if is_present else absent)[meeting_id].append(names.get(member_id, ""))
    counts: dict[tuple[str, int], int] = {}
    for table in (MeetingResolution, MeetingPhoto):
        for meeting_id, n in session.execute(
            select(table.meeting_id, func.count()).where(table.meeting_id.in_(ids)).group_by(table.meeting_id)
        ):
            counts[(table.__tablename__, meeting_id)] = n
    return [
        MeetingRow(
            **_heading(m, names),
            attendees=tuple(present.get(m.id, ())),
            absent=tuple(absent.get(m.id, ())),
            resolution_count=counts.get(("meeting_resolution", m.id), 0),
            photo_count=counts.get(("meeting_photo", m.id), 0),
        )
        for m in meetings
    ]


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    member_id: int
    name: str
    present: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ResolutionLine:
    text: str
    owner: str
    deadline: dt.date | None


@dataclass(frozen=True)
class MeetingDetail:
    """Everything on one 记录本 page: for the form (editing) and for printing."""

    id: int
    kind: str
    party_group: str
    title: str
    date: dt.date
    start_time: str
    end_time: str
    place: str
    host_id: int | None
    host: str
    recorder_id: int | None
    recorder: str
    expected_count: int
    attendance: tuple[AttendanceLine, ...]
    observers: str
    topics: tuple[str, ...]
    content: str
    votes: str
    has_vote: bool
    resolutions: tuple[ResolutionLine, ...]
    photos: tuple[PhotoDraft, ...]

    @property
    def kind_label(self) -> str:
        return f"{self.kind}（{self.party_group}）" if self.party_group else self.kind

    @property
    def present(self) -> list[AttendanceLine]:
        return [a for a in self.attendance if a.present]

    @property
    def absent(self) -> list[AttendanceLine]:
        return [a for a in self.attendance if not a.present]

    def draft(self) -> MeetingDraft:
        return MeetingDraft(
            kind=self.kind,
            date=self.date,
            party_group=self.party_group,
            title=self.title,
            start_time=self.start_time,
            end_time=self.end_time,
            place=self.place,
            host_id=self.host_id,
            recorder_id=self.recorder_id,
            present_ids=[a.member_id for a in self.present],
            absent={a.member_id: a.reason for a in self.absent},
            record_attendance=bool(self.attendance),
            observers=self.observers,
            topics=list(self.topics),
            content=self.content,
            votes=self.votes,
            has_vote=self.has_vote,
            resolutions=[ResolutionDraft(r.text, r.owner, r.deadline) for r in self.resolutions],
            photos=list(self.photos),
        )


def _lines_by_meeting(
    session: Session,
    meeting_ids: Sequence[int],
    key: tuple[Any, Any],
    columns: tuple[Any, ...],
    make: Callable[..., T],
) -> dict[int, list[T]]:
    """The lines of many meetings (attendance, resolutions) in one query, grouped by meeting and in the
    order of key = (meeting id column, order column); `make` gets the order column and `columns`.
    Plain columns, not ORM objects: a year's archive reads some ten thousand attendance rows."""
    meeting_column, order_column = key
    lines: dict[int, list[T]] = defaultdict(list)
    for meeting_id, *values in session.execute(
        select(meeting_column, order_column, *columns)
        .where(meeting_column.in_(meeting_ids))
        .order_by(meeting_column, order_column)
    ):
        lines[meeting_id].append(make(*values))
    return lines


def meeting_details(
    session: Session, meeting_ids: Sequence[int], *, with_photos: bool = True
) -> list[MeetingDetail]:
    """Full records in the order given, read in a fixed number of queries (the archive prints hundreds)."""
    if not meeting_ids:
        return []
    meetings = {m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))}
    missing = [i for i in meeting_ids if i not in meetings]
    if missing:
        raise MeetingError(f"找不到编号为 {missing[0]} 的会议记录")
    branch_ids = {m.branch_id for m in meetings.values()}
    names = dict(
        session.execute(select(Member.id, Member.name).where(Member.branch_id.in_(branch_ids))).all()
    )
    attendance = _lines_by_meeting(
        session,
        meeting_ids,
        (MeetingAttendance.meeting_id, MeetingAttendance.member_id),
        (MeetingAttendance.present, MeetingAttendance.absence_reason),
        lambda member_id, present, reason: AttendanceLine(
            member_id, names.get(member_id, ""), present, reason
        ),
    )
    resolutions = _lines_by_meeting(
        session,
        meeting_ids,
        (MeetingResolution.meeting_id, MeetingResolution.position),
        (MeetingResolution.text, MeetingResolution.owner, MeetingResolution.deadline),
        lambda _position, text, owner, deadline: ResolutionLine(text, owner, deadline),
    )
    photos: dict[int, list[PhotoDraft]] = defaultdict(list)
    if with_photos:
        for p in session.scalars(
            select(MeetingPhoto).where(MeetingPhoto.meeting_id.in_(meeting_ids)).order_by(MeetingPhoto.id)
        ):
            photos[p.meeting_id].append(PhotoDraft(p.jpeg, p.caption))
    result = []
    for meeting_id in meeting_ids:
        m = meetings[meeting_id]
        result.append(
            MeetingDetail(
                **_heading(m, names),
                host_id=m.host_id,
                recorder_id=m.recorder_id,
                attendance=tuple(attendance.get(m.id, ())),
                observers=m.observers,
                topics=tuple(t for t in m.topics.split("\n") if t),
                content=m.content,
                votes=m.votes,
                has_vote=m.has_vote,
                resolutions=tuple(resolutions.get(m.id, ())),
                photos=tuple(photos.get(m.id, ())),
            )
        )
    return result


def meeting_detail(session: Session, meeting_id: int) -> MeetingDetail:
    return meeting_details(session, [meeting_id])[0]


def meeting_years(session: Session, branch_id: int) -> list[int]:
    first, last = session.execute(
        select(func.min(Meeting.date), func.max(Meeting.date)).where(Meeting.branch_id == branch_id)
    ).one()
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))
