"""Attendance rates over a year: per member and per kind of meeting."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.meetings.kinds import (
    KINDS,
)
from dangjian_desktop.core.models import (
    Meeting,
    MeetingAttendance,
    Member,
)

# --- attendance rates -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberRate:
    member_id: int
    name: str
    party_group: str
    expected: int  # meetings where the member was on the attendance list
    present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True, slots=True)
class KindRate:
    kind: str
    meetings: int
    expected: int  # the sum of 应到 over the kind's meetings with attendance recorded
    present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def attendance_rates(session: Session, branch_id: int, year: int) -> tuple[list[MemberRate], list[KindRate]]:
    """Per member and per kind over a year, from the attendance recorded (a meeting without a list is skipped)."""
    in_year = (
        Meeting.branch_id == branch_id,
        Meeting.date >= dt.date(year, 1, 1),
        Meeting.date <= dt.date(year, 12, 31),
    )
    per_member: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, member_id, present in session.execute(
        select(Meeting.kind, MeetingAttendance.member_id, MeetingAttendance.present)
        .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
        .where(*in_year)
    ):
        per_member[member_id][0] += 1
        per_kind[kind][0] += 1
        if present:
            per_member[member_id][1] += 1
            per_kind[kind][1] += 1
    meeting_counts = dict(
        session.execute(select(Meeting.kind, func.count()).where(*in_year).group_by(Meeting.kind)).all()
    )
    members = session.execute(
        select(Member.id, Member.name, Member.party_group)
        .where(Member.id.in_(list(per_member)))
        .order_by(Member.party_group, Member.id)
    ).all()
    member_rates = [MemberRate(i, n, g, *per_member[i]) for i, n, g in members]
    kind_rates = [
        KindRate(kind, meeting_counts.get(kind, 0), *per_kind.get(kind, [0, 0]))
        for kind in KINDS
        if meeting_counts.get(kind)
    ]
    return member_rates, kind_rates
